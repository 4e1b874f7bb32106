"""Overview: the forum report's headline figures, each with its source, and the story charts."""

from __future__ import annotations

import streamlit as st

from dashboard import cached, deck_state
from dashboard.ui import lang, page_link, source_help, sources_block, t
from metrics import countries, i18n, narrative, story
from metrics.catalog import PARTNERS_FACT
from metrics.deck import ChartSpec
from metrics.formatting import value_label
from metrics.models import DIGITAL_MOROCCO
from metrics.progress import Status, status_counts

# The ids in data/ that the headline cards show.
PARTICIPANTS = story.PARTICIPANTS
MANUFACTURING = story.MANUFACTURING
INTERNET = "internet_users"
EGDI_RANK = "egdi_rank"
PARTNER_VIEW = ["MAR", "TUN", "CIV", "MLI", "WLD"]

catalog = cached.catalog()
L = lang()

st.title(t("overview.title"))
st.markdown(t("overview.intro"))

participants = catalog.latest(PARTICIPANTS, "MAR")
manufacturing_ind = catalog.indicators[MANUFACTURING]
manufacturing = catalog.series(MANUFACTURING).iloc[-1]
partners = catalog.facts[PARTNERS_FACT]
# The countries the press report names, "such as", for AUSIM's partner associations.
partner_codes = catalog.partners()[1:]
# The strategy's own targets: the renewable-electricity ones beside them are not counted here.
with_data = [tg for tg in catalog.targets_with_data() if tg.strategy == DIGITAL_MOROCCO]

cards = st.columns(4)
with cards[0]:
    ind = catalog.indicators[PARTICIPANTS]
    sources = catalog.sources_of(PARTICIPANTS)
    st.metric(
        t("overview.card.participants", year=int(participants["year"])),
        value_label(participants, ind, L),
        help=source_help(sources),
        border=True,
    )
with cards[1]:
    sources = catalog.sources_of(MANUFACTURING)
    st.metric(
        t("overview.card.manufacturing"),
        value_label(manufacturing, manufacturing_ind, L),
        help=source_help(sources),
        border=True,
    )
with cards[2]:
    st.metric(
        t("overview.card.partners"),
        i18n.number(len(partner_codes), 0, L),
        help=source_help([catalog.sources[partners.source]]),
        border=True,
    )
    names = i18n.listing([countries.name(c, L) for c in partner_codes], L)
    st.caption(t("overview.card.partners_caption", names=names))
with cards[3]:
    st.metric(
        t("overview.card.targets"),
        t(
            "overview.card.targets_value",
            with_data=i18n.number(len(with_data), 0, L),
            total=i18n.number(sum(tg.strategy == DIGITAL_MOROCCO for tg in catalog.targets), 0, L),
        ),
        help=t("overview.card.targets_help"),
        border=True,
    )

st.caption(t("overview.manufacturing_context"))
page_link("footprint")

with st.expander(t("overview.sources_of_cards"), icon=":material/menu_book:"):
    for key, ids in (
        ("overview.card.participants_short", catalog.sources_of(PARTICIPANTS)),
        ("overview.card.manufacturing", catalog.sources_of(MANUFACTURING)),
        ("overview.card.partners", [catalog.sources[partners.source]]),
    ):
        st.markdown(f"**{t(key, year=int(participants['year']))}**")
        sources_block(ids)

left, right = st.columns(2)
with left:
    deck_state.chart(
        ChartSpec(kind="story", ident="participants"), t("overview.participants_caption")
    )
    page_link("forum")
with right:
    internet = catalog.series(INTERNET, PARTNER_VIEW)
    deck_state.chart(
        ChartSpec(
            kind="series",
            ident=INTERNET,
            countries=tuple(PARTNER_VIEW),
            years=(2000, int(internet["year"].max())),
        ),
        t("overview.internet_caption"),
    )
    page_link("partners")

st.subheader(t("targets.summary", method=t("method.linear")))
counted = status_counts(
    [p for p in cached.progress("linear") if p.target.strategy == DIGITAL_MOROCCO]
)
for column, status in zip(st.columns(len(Status)), Status, strict=True):
    column.metric(narrative.badge(status, L), i18n.number(counted[status], 0, L))
page_link("targets")

egdi = catalog.series(EGDI_RANK, PARTNER_VIEW)
deck_state.chart(
    ChartSpec(
        kind="series",
        ident=EGDI_RANK,
        countries=tuple(PARTNER_VIEW),
        years=(2022, int(egdi["year"].max())),
        chart="bar",
    ),
    t("overview.egdi_caption"),
)
