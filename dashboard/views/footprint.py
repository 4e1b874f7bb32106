"""Footprint: where digital's carbon footprint comes from, e-waste, and the lifetime scenario."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import cached
from dashboard.ui import lang, show_table, sources_expander, t
from metrics import charts, countries, i18n
from metrics.scenario import lifetime_scenario

# The ids in data/ this page shows.
MANUFACTURING = "footprint_manufacturing_share"
COMPONENTS = (
    "footprint_devices_share",
    "footprint_networks_share",
    "footprint_datacentres_share",
)
NATIONAL = ("digital_share_fr_footprint", "digital_share_fr_footprint_wide")
GLOBAL_RANGES = ("ict_share_global_ghg_peer_reviewed", "ict_share_global_ghg")
EWASTE = ("ewaste_generated", "ewaste_per_capita", "ewaste_collection_rate")
EWASTE_PLACES = ("WLD", "AFR", "EUR", "MAR", "TUN")
# Example lifetimes (years) the sliders start from: doubling, the case the forum's message
# is about. Not measured figures; the page says so.
EXAMPLE_TODAY, EXAMPLE_TOMORROW = 3.0, 6.0

catalog = cached.catalog()
L = lang()
this_year = dt.date.today().year


def latest(indicator: str, country: str | None = None) -> pd.Series | None:
    """The newest measured value (a projection for a later year is not a measurement)."""
    rows = catalog.series(indicator, [country] if country else None)
    rows = rows[rows["year"] <= this_year]
    return rows.sort_values("year").iloc[-1] if len(rows) else None


def in_year(row: pd.Series, indicator: str) -> str:
    label = charts.value_label(row, catalog.indicators[indicator], L)
    return t("value.in_year", value=label, year=int(row["year"]))


st.title(t("footprint.title"))
st.markdown(t("footprint.intro"))

# --- Where the footprint comes from -------------------------------------------------------
st.header(t("footprint.origin.heading"))
left, right = st.columns(2)
with left:
    made = latest(MANUFACTURING)
    assert made is not None
    place = countries.name(str(made["country"]), L)
    st.plotly_chart(
        charts.shares_figure(
            [
                (t("footprint.phase.manufacturing"), float(made["value"])),
                (t("footprint.phase.rest"), 100 - float(made["value"])),
            ],
            t("footprint.origin.phases_title"),
            t("footprint.origin.scope", place=place, year=int(made["year"])),
            L,
        ),
        config={"displaylogo": False},
    )
    st.caption(t("footprint.origin.phases_caption"))
    sources_expander(catalog.sources_of(MANUFACTURING))
with right:
    parts = [(i, latest(i)) for i in COMPONENTS]
    shown = [(i, r) for i, r in parts if r is not None]
    first = shown[0][1]
    st.plotly_chart(
        charts.shares_figure(
            [(t(f"footprint.component.{i}"), float(r["value"])) for i, r in shown],
            t("footprint.origin.components_title"),
            t(
                "footprint.origin.scope",
                place=countries.name(str(first["country"]), L),
                year=int(first["year"]),
            ),
            L,
        ),
        config={"displaylogo": False},
    )
    st.caption(t("footprint.origin.components_caption"))
    sources_expander([s for i in COMPONENTS for s in catalog.sources_of(i)])

left, right = st.columns(2)
with left:
    st.subheader(t("footprint.national.heading"))
    cards = st.columns(len(NATIONAL))
    for card, indicator_id in zip(cards, NATIONAL, strict=True):
        row = latest(indicator_id)
        if row is None:
            continue
        ind = catalog.indicators[indicator_id]
        card.metric(
            t(f"footprint.national.{indicator_id}", year=int(row["year"])),
            charts.value_label(row, ind, L),
            help=i18n.name(ind.description, L),
            border=True,
        )
    st.caption(t("footprint.national.caption"))
    sources_expander([s for i in NATIONAL for s in catalog.sources_of(i)])
with right:
    ranges = [(i, latest(i)) for i in GLOBAL_RANGES]
    st.plotly_chart(
        charts.range_figure(
            [
                (t(f"footprint.global.{i}"), float(r["value"]), float(r["high"]))
                for i, r in ranges
                if r is not None
            ],
            t("footprint.global.title"),
            i18n.name(catalog.indicators[GLOBAL_RANGES[0]].unit, L),
            L,
        ),
        config={"displaylogo": False},
    )
    st.caption(t("footprint.global.caption"))
    sources_expander([s for i in GLOBAL_RANGES for s in catalog.sources_of(i)])

# --- E-waste ------------------------------------------------------------------------------
st.header(t("footprint.ewaste.heading"))
st.markdown(t("footprint.ewaste.intro"))
cells: dict[str, list[str]] = {t("column.area"): []}
for indicator_id in EWASTE:
    cells[i18n.name(catalog.indicators[indicator_id].name, L)] = []
for code in EWASTE_PLACES:
    cells[t("column.area")].append(countries.name(code, L))
    for indicator_id in EWASTE:
        row = latest(indicator_id, code)
        column = i18n.name(catalog.indicators[indicator_id].name, L)
        cells[column].append(
            in_year(row, indicator_id) if row is not None else t("value.not_published")
        )
show_table(pd.DataFrame(cells))

left, right = st.columns(2)
for column, indicator_id in ((left, "ewaste_per_capita"), (right, "ewaste_collection_rate")):
    rows = [latest(indicator_id, c) for c in EWASTE_PLACES]
    found = pd.DataFrame([r for r in rows if r is not None])
    with column:
        st.plotly_chart(
            charts.latest_bars(found, catalog.indicators[indicator_id], L),
            config={"displaylogo": False},
        )
        note = catalog.indicators[indicator_id].note
        if note:
            st.caption(i18n.name(note, L))
sources_expander([s for i in EWASTE for s in catalog.sources_of(i)])

# --- The lifetime scenario ----------------------------------------------------------------
st.header(t("footprint.scenario.heading"))
st.markdown(t("footprint.scenario.intro"))
controls, chart, formula = st.columns([2, 3, 3])
with controls:
    share = st.slider(
        t("footprint.scenario.share"),
        0,
        100,
        round(float(made["value"])),
        format="%d%%",
        key="scenario_share",
        help=t("footprint.scenario.share_help", value=i18n.percent(float(made["value"]), 0, L)),
    )
    today = st.slider(
        t("footprint.scenario.today"),
        1.0,
        10.0,
        EXAMPLE_TODAY,
        0.5,
        format="%.1f",
        key="scenario_today",
    )
    tomorrow = st.slider(
        t("footprint.scenario.tomorrow"),
        1.0,
        15.0,
        EXAMPLE_TOMORROW,
        0.5,
        format="%.1f",
        key="scenario_tomorrow",
    )
    st.caption(
        t(
            "footprint.scenario.defaults",
            today=i18n.number(EXAMPLE_TODAY, 0, L),
            tomorrow=i18n.number(EXAMPLE_TOMORROW, 0, L),
        )
    )
before, after = lifetime_scenario(share / 100, today, tomorrow)
years = {
    "today": i18n.number(today, 0 if today.is_integer() else 1, L),
    "tomorrow": i18n.number(tomorrow, 0 if tomorrow.is_integer() else 1, L),
}
with chart:
    st.plotly_chart(
        charts.scenario_figure(
            before,
            after,
            (
                t("footprint.scenario.bar_today", years=years["today"]),
                t("footprint.scenario.bar_tomorrow", years=years["tomorrow"]),
            ),
            L,
        ),
        config={"displaylogo": False},
    )
with formula:
    st.markdown(f"**{t('footprint.scenario.formula')}**")
    # Symbols with number subscripts read the same in every language; the legend names them.
    st.latex(r"\frac{F_1}{F_0} = s \times \frac{L_0}{L_1} + (1 - s)")

    def num(value: float, decimals: int = 2) -> str:
        # A decimal comma must be braced in LaTeX, or it is read as a separator with a space.
        return i18n.number(value, decimals, L).replace(",", "{,}")

    s = share / 100
    st.latex(
        rf"= {num(s)} \times \frac{{{num(today, 1)}}}{{{num(tomorrow, 1)}}} + {num(1 - s)}"
        rf" = {num(after.total)}"
    )
    st.markdown(t("footprint.scenario.legend"))
    change = (after.total - 1) * 100
    key = "footprint.scenario.result_down" if change < 0 else "footprint.scenario.result_up"
    if abs(change) < 0.5:
        key = "footprint.scenario.result_same"
    st.info(
        t(
            key,
            today=years["today"],
            tomorrow=years["tomorrow"],
            change=i18n.percent(abs(change), 0, L),
            ratio=i18n.percent(after.total * 100, 0, L),
        )
    )
st.caption(t("footprint.scenario.limits"))
