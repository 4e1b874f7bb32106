"""Sources: every document a figure was read in, how sure we are of it, and what uses it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import cached
from dashboard.ui import lang, show_table, t
from metrics import i18n
from metrics.catalog import Cites
from metrics.models import Edition, Fact

catalog = cached.catalog()
L = lang()

st.title(t("sources.title"))
st.caption(t("sources.intro"))


def label(record: Cites) -> str:
    if isinstance(record, Edition):
        return t("sources.edition", year=record.year)
    return i18n.name(record.text if isinstance(record, Fact) else record.name, L)


used_by = {s: {label(r) for r in cited} for s, cited in catalog.citations().items()}

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
        t("column.licence"): [s.licence or "" for s in catalog.sources.values()],
        t("column.link"): [str(s.url) if s.url else None for s in catalog.sources.values()],
    }
)
if query:
    needle = query.casefold()
    rows = rows[rows.apply(lambda r: needle in " ".join(map(str, r)).casefold(), axis=1)]
show_table(rows, column_config={t("column.link"): st.column_config.LinkColumn(display_text="↗")})
st.caption(t("sources.count", shown=len(rows), total=len(catalog.sources)))
st.markdown(t("sources.confidence_help"))
