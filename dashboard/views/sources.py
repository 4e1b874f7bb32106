"""Sources: every document a figure was read in, how sure we are of it, and what uses it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cached
from dashboard.ui import lang, show_table, t
from metrics import i18n

catalog = cached.catalog()
L = lang()

st.title(t("sources.title"))
st.caption(t("sources.intro"))

used_by: dict[str, set[str]] = {s: set() for s in catalog.sources}
for ind in catalog.indicators.values():
    for s in ind.sources:
        used_by[s].add(i18n.name(ind.name, L))
for frame in (catalog.observations, catalog.alternatives):
    for source_id, indicator_id in (
        frame[["source", "indicator"]].drop_duplicates().itertuples(index=False)
    ):
        if source_id in used_by:  # an imported row may cite no source
            used_by[source_id].add(i18n.name(catalog.indicators[indicator_id].name, L))
for target in catalog.targets:
    used_by[target.source].add(i18n.name(target.name, L))
for fact in catalog.facts.values():
    for source_id in (fact.source, *fact.extra_sources):
        used_by[source_id].add(i18n.name(fact.text, L))
for edition in catalog.editions:
    used_by[edition.source].add(t("sources.edition", year=edition.year))

query = st.text_input(t("sources.search"), key="sources_query")
rows = pd.DataFrame(
    {
        t("column.title"): [s.title for s in catalog.sources.values()],
        t("column.publisher"): [s.publisher for s in catalog.sources.values()],
        t("column.published"): [
            i18n.date(s.published, L) if s.published else "" for s in catalog.sources.values()
        ],
        t("column.confidence"): [
            t(f"confidence.{s.confidence.value}") for s in catalog.sources.values()
        ],
        t("column.used_by"): ["; ".join(sorted(used_by[s])) for s in catalog.sources],
        t("column.link"): [str(s.url) for s in catalog.sources.values()],
    }
)
if query:
    needle = query.casefold()
    rows = rows[rows.apply(lambda r: needle in " ".join(map(str, r)).casefold(), axis=1)]
show_table(rows, column_config={t("column.link"): st.column_config.LinkColumn(display_text="↗")})
st.caption(t("sources.count", shown=len(rows), total=len(catalog.sources)))
st.markdown(t("sources.confidence_help"))
