"""Explore: any indicator, for the countries and years chosen, with its sources and data."""

from __future__ import annotations

from functools import partial

import streamlit as st

from dashboard import cached, deck_state
from dashboard.ui import lang, linked, listed, note, plot, show_table, sources_block, t
from metrics import charts, countries, export, i18n
from metrics.deck import ChartSpec

catalog = cached.catalog()
L = lang()

st.title(t("explore.title"))
st.caption(t("explore.intro"))

with_data = catalog.with_data()
ordered = sorted(
    with_data,
    key=lambda i: (catalog.indicators[i].theme.value, i18n.name(catalog.indicators[i].name, L)),
)


def _label(indicator_id: str) -> str:
    ind = catalog.indicators[indicator_id]
    return f"{i18n.name(ind.name, L)} · {t('theme.' + ind.theme.value)}"


# The URL carries the view as ids and codes (not labels, as bind="query-params" would), so
# a link opens the same chart in any language.
linked("indicator", "indicator", lambda raw: raw if raw in ordered else None)
choice = st.selectbox(
    t("explore.indicator"),
    ordered,
    format_func=_label,
    key="indicator",
    help=t("explore.indicator_help"),
)
st.query_params["indicator"] = choice
indicator = catalog.indicators[choice]
available = catalog.countries_of(choice)
series = catalog.series(choice)
first, last = int(series["year"].min()), int(series["year"].max())


def _years(raw: str) -> tuple[int, int] | None:
    """ "2000-2020" from a link, kept within the years this indicator has."""
    try:
        start, end = sorted(int(y) for y in raw.split("-", 1))
    except ValueError:
        return None
    start, end = max(start, first), min(end, last)
    return (start, end) if start <= end else None


left, middle, right = st.columns([3, 3, 2])
with left:
    key = f"countries_{choice}"
    given = linked(key, "countries", lambda raw: listed(raw, available))
    chosen = st.multiselect(
        t("explore.countries"),
        available,
        default=None if given else [c for c in charts.STORY if c in available] or available,
        format_func=lambda c: countries.name(c, L),
        placeholder=t("explore.choose_countries"),
        key=key,
    )
    st.query_params["countries"] = ",".join(chosen)
with middle:
    if first < last:
        key = f"years_{choice}"
        given = linked(key, "years", _years)
        years = st.slider(
            t("explore.years"), first, last, None if given else (first, last), key=key
        )
        st.query_params["years"] = f"{years[0]}-{years[1]}"
    else:
        years = (first, last)
        st.markdown(f"**{t('explore.years')}**: {first}")
with right:
    key = f"kind_{choice}"
    given = linked(key, "kind", lambda raw: raw if raw in ("line", "bar") else None)
    kind = st.segmented_control(
        t("explore.chart_type"),
        ["line", "bar"],
        default=None if given else "line" if last > first else "bar",
        format_func=lambda k: t("explore.chart." + k),
        required=True,
        key=key,
    )
    st.query_params["kind"] = kind or "line"

shown = series[series["country"].isin(chosen) & series["year"].between(*years)]
if shown.empty:
    st.info(t("explore.nothing_selected"))
else:
    # However many countries a store holds, the chart stays readable and light to send.
    drawn = chosen[: charts.MAX_COUNTRIES]
    plot(charts.series_figure(shown[shown["country"].isin(drawn)], indicator, L, kind or "line"))
    if len(chosen) > len(drawn):
        st.caption(t("explore.too_many", shown=len(drawn), chosen=len(chosen)))
    spec = ChartSpec(
        kind="series", ident=choice, countries=tuple(drawn), years=years, chart=kind or "line"
    )
    deck_state.actions(spec)

unit = i18n.name(indicator.unit, L)
st.markdown(t("explore.unit_line", unit=unit) + "  \n" + i18n.name(indicator.description, L))
if indicator.note:
    st.caption(note(indicator.note))

show_table(export.display_table(shown, catalog, L))
# Downloads hold the rows as the import template does, so what is taken away comes back.
# Each file is made when its button is clicked, not on every run of the page.
data = export.data_table(shown, L)
downloads = st.container(horizontal=True)
for label, write, suffix, mime, icon in (
    ("explore.download", export.csv_bytes, "csv", "text/csv", "download"),
    ("explore.download_xlsx", export.xlsx_bytes, "xlsx", export.XLSX_MIME, "table_view"),
):
    downloads.download_button(
        t(label),
        data=partial(write, data, L),
        file_name=f"athar_{choice}.{suffix}",
        mime=mime,
        disabled=shown.empty,
        icon=f":material/{icon}:",
        help=t("explore.download_help"),
    )

st.subheader(t("explore.sources"))
sources_block(catalog.sources_of(choice))

others = catalog.alternatives_of(choice)
if not others.empty:
    st.subheader(t("explore.alternatives"))
    st.caption(t("explore.alternatives_intro"))
    show_table(export.display_table(others, catalog, L))
