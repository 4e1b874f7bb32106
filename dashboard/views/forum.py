"""Forum: AUSIM's editions, the 2024 forum's themes, AUSEDUCATION and the next forum."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cached, deck_state
from dashboard.ui import lang, note, show_table, source_line, sources_expander, t
from metrics import i18n, story
from metrics.deck import ChartSpec
from metrics.formatting import value_label

PARTICIPANTS = story.PARTICIPANTS
# The report's statements this page shows, in reading order, after the themes.
STORY = ("motto", "venue", "auseducation_first_cohort", "partner_countries", "speakers")

catalog = cached.catalog()
L = lang()
facts = catalog.facts
participants = catalog.series(PARTICIPANTS, ["MAR"])
counts = participants.set_index("year")
indicator = catalog.indicators[PARTICIPANTS]

st.title(t("forum.title"))
st.markdown(t("forum.intro"))

next_edition = facts["next_edition"]
cards = st.columns(3)
cards[0].metric(
    t("forum.card.editions"),
    i18n.number(max(e.number or 0 for e in catalog.editions), 0, L),
    help=t("forum.card.editions_help"),
    border=True,
)
if not counts.empty:
    cards[1].metric(
        t("forum.card.participants", year=int(counts.index.max())),
        value_label(counts.loc[counts.index.max()], indicator, L),
        border=True,
    )
cards[2].metric(
    t("forum.card.next"),
    next_edition.value or "",
    help=i18n.name(next_edition.text, L),
    border=True,
)

st.header(t("forum.editions.heading"))
editions = sorted(catalog.editions, key=lambda e: e.year, reverse=True)
table = pd.DataFrame(
    {
        t("forum.column.edition"): [
            i18n.number(e.number, 0, L) if e.number else t("forum.not_stated") for e in editions
        ],
        t("column.year"): [str(e.year) for e in editions],
        t("forum.column.dates"): [i18n.name(e.dates, L) if e.dates else "" for e in editions],
        t("forum.column.city"): [i18n.name(e.city, L) if e.city else "" for e in editions],
        t("forum.column.participants"): [
            value_label(counts.loc[e.year], indicator, L)
            if e.year in counts.index
            else t("value.not_published")
            for e in editions
        ],
        t("forum.column.motto"): [i18n.isolate(e.theme or "", L) for e in editions],
    }
)
show_table(table)
left, right = st.columns([3, 2])
with left:
    deck_state.chart(ChartSpec(kind="story", ident="participants"))
with right:
    for edition in editions:
        if edition.note:
            label = t("forum.edition_label", year=edition.year)
            with st.expander(label):
                st.markdown(note(edition.note))
                for source_id in (edition.source, *edition.extra_sources):
                    st.caption(source_line(catalog.sources[source_id]))

st.header(t("forum.themes.heading"))
themes = (facts["themes"].value or "").split(",")
st.markdown(" ".join(f":blue-badge[{t('forum.theme.' + theme)}]" for theme in themes))
st.caption(source_line(catalog.sources[facts["themes"].source]))

st.header(t("forum.report.heading"))
for fact_id in STORY:
    fact = facts[fact_id]
    st.markdown(f"- {i18n.name(fact.text, L)}")
    for source_id in (fact.source, *fact.extra_sources):
        st.caption(source_line(catalog.sources[source_id]))

sources_expander(
    [catalog.sources[s] for e in catalog.editions for s in (e.source, *e.extra_sources)]
    + catalog.sources_of(PARTICIPANTS)
)
