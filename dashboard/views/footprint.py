"""Footprint: where digital's carbon footprint comes from, e-waste, and the lifetime scenario."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import cached
from dashboard.ui import lang, plot, show_table, sources_expander, t
from metrics import charts, countries, i18n
from metrics.formatting import value_label
from metrics.models import Source
from metrics.scenario import lifetime_scenario, outcome

# The ids in data/ this page shows. The footprint split comes from one national study (France,
# ADEME–Arcep), and the page's words describe that study: its figures are read for France only,
# whatever else an analyst imports (Explore shows any other country's).
STUDY = "FRA"
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
HALF_YEARS = [n / 2 for n in range(2, 31)]  # 1 to 15 years

catalog = cached.catalog()
L = lang()
this_year = dt.date.today().year


def latest(indicator: str, country: str) -> pd.Series | None:
    return catalog.latest(indicator, country, until=this_year)


def in_year(row: pd.Series, indicator: str) -> str:
    label = value_label(row, catalog.indicators[indicator], L)
    return t("value.in_year", value=label, year=int(row["year"]))


def sources(*indicators: str) -> list[Source]:
    return [s for i in indicators for s in catalog.sources_of(i)]


def scope(row: pd.Series) -> str:
    return t(
        "footprint.origin.scope",
        place=countries.name(str(row["country"]), L),
        year=int(row["year"]),
    )


def origin(made: pd.Series | None, share_text: str) -> None:
    """Where the footprint comes from: manufacturing against the rest, and its parts."""
    st.header(t("footprint.origin.heading"))
    left, right = st.columns(2)
    with left:
        if made is None:
            st.info(t("value.not_published"))
        else:
            plot(
                charts.shares_figure(
                    [
                        (t("footprint.phase.manufacturing"), float(made["value"])),
                        (t("footprint.phase.rest"), 100 - float(made["value"])),
                    ],
                    t("footprint.origin.phases_title"),
                    scope(made),
                    L,
                )
            )
            st.caption(t("footprint.origin.phases_caption", share=share_text))
        sources_expander(sources(MANUFACTURING))
    with right:
        breakdown = catalog.complete_year(COMPONENTS, STUDY)
        if breakdown is not None:
            _, rows = breakdown
            plot(
                charts.shares_figure(
                    [
                        (t(f"footprint.component.{i}"), float(rows.loc[i, "value"]))
                        for i in COMPONENTS
                    ],
                    t("footprint.origin.components_title"),
                    scope(rows.iloc[0]),
                    L,
                )
            )
            st.caption(t("footprint.origin.components_caption"))
        else:
            st.info(t("value.not_published"))
        sources_expander(sources(*COMPONENTS))


def national_and_global() -> None:
    """Digital's share of France's footprint, and ICT's global share as published ranges."""
    left, right = st.columns(2)
    with left:
        st.subheader(t("footprint.national.heading"))
        cards = st.columns(len(NATIONAL))
        for card, indicator_id in zip(cards, NATIONAL, strict=True):
            row = latest(indicator_id, STUDY)
            if row is None:
                continue
            ind = catalog.indicators[indicator_id]
            card.metric(
                t(f"footprint.national.{indicator_id}", year=int(row["year"])),
                value_label(row, ind, L),
                help=i18n.name(ind.description, L),
                border=True,
            )
        st.caption(t("footprint.national.caption"))
        sources_expander(sources(*NATIONAL))
    with right:
        # Only values published as ranges: a lone point would claim a precision no study gives.
        found = [(i, latest(i, "WLD")) for i in GLOBAL_RANGES]
        ranges = [
            (t(f"footprint.global.{i}"), float(r["value"]), float(r["high"]))
            for i, r in found
            if r is not None and pd.notna(r["high"])
        ]
        if ranges:
            plot(
                charts.range_figure(
                    ranges,
                    t("footprint.global.title"),
                    i18n.name(catalog.indicators[GLOBAL_RANGES[0]].unit, L),
                    L,
                )
            )
            st.caption(t("footprint.global.caption"))
        else:
            st.info(t("value.not_published"))
        sources_expander(sources(*GLOBAL_RANGES))


def ewaste() -> None:
    """E-waste for the world, Africa, Europe, Morocco and Tunisia."""
    st.header(t("footprint.ewaste.heading"))
    st.markdown(t("footprint.ewaste.intro"))
    area = t("column.area")
    cells: dict[str, list[str]] = {area: [countries.name(c, L) for c in EWASTE_PLACES]}
    for indicator_id in EWASTE:
        column = i18n.name(catalog.indicators[indicator_id].name, L)
        found_rows = [latest(indicator_id, c) for c in EWASTE_PLACES]
        cells[column] = [
            in_year(r, indicator_id) if r is not None else t("value.not_published")
            for r in found_rows
        ]
    show_table(pd.DataFrame(cells))

    left, right = st.columns(2)
    for column, indicator_id in ((left, "ewaste_per_capita"), (right, "ewaste_collection_rate")):
        measured = [r for r in (latest(indicator_id, c) for c in EWASTE_PLACES) if r is not None]
        with column:
            if measured:
                plot(
                    charts.latest_bars(pd.DataFrame(measured), catalog.indicators[indicator_id], L)
                )
            note = catalog.indicators[indicator_id].note
            if note:
                st.caption(i18n.name(note, L))
    sources_expander(sources(*EWASTE))


def scenario(made: pd.Series | None, share_text: str) -> None:
    """The lifetime scenario: sliders, the chart before and after, the formula."""
    st.header(t("footprint.scenario.heading"))
    st.markdown(t("footprint.scenario.intro"))
    controls, chart, formula = st.columns([2, 3, 3])
    # Select sliders, not sliders: their labels go through Babel, so French reads "3,5 ans" and
    # "78 %", and Arabic gets its plural forms.
    with controls:
        share = st.select_slider(
            t("footprint.scenario.share"),
            list(range(101)),
            value=round(float(made["value"])) if made is not None else 50,
            format_func=lambda v: i18n.percent(v, 0, L),
            key="scenario_share",
            help=t("footprint.scenario.share_help", value=share_text) if share_text else None,
        )
        today = st.select_slider(
            t("footprint.scenario.today"),
            HALF_YEARS,
            value=EXAMPLE_TODAY,
            format_func=lambda v: i18n.years(v, L),
            key="scenario_today",
        )
        tomorrow = st.select_slider(
            t("footprint.scenario.tomorrow"),
            HALF_YEARS,
            value=EXAMPLE_TOMORROW,
            format_func=lambda v: i18n.years(v, L),
            key="scenario_tomorrow",
        )
        st.caption(
            t(
                "footprint.scenario.defaults",
                today=i18n.years(EXAMPLE_TODAY, L),
                tomorrow=i18n.years(EXAMPLE_TOMORROW, L),
            )
        )
    before, after = lifetime_scenario(share / 100, today, tomorrow)
    years = {"today": i18n.years(today, L), "tomorrow": i18n.years(tomorrow, L)}
    with chart:
        plot(
            charts.scenario_figure(
                before,
                after,
                (
                    t("footprint.scenario.bar_today", years=years["today"]),
                    t("footprint.scenario.bar_tomorrow", years=years["tomorrow"]),
                ),
                L,
            )
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
        st.info(
            t(
                f"footprint.scenario.result_{outcome(share / 100, today, tomorrow)}",
                today=years["today"],
                tomorrow=years["tomorrow"],
                change=i18n.percent(abs(change), 0, L),
                ratio=i18n.percent(after.total * 100, 0, L),
            )
        )
    st.caption(t("footprint.scenario.limits"))


made = latest(MANUFACTURING, STUDY)
share_text = i18n.percent(float(made["value"]), 0, L) if made is not None else ""
st.title(t("footprint.title"))
st.markdown(t("footprint.intro", share=share_text))
origin(made, share_text)
national_and_global()
ewaste()
scenario(made, share_text)
