"""The charts of the story pages (Overview, Footprint, Forum), built once for the page and for a
deck: each is a Slide, or None where its figures are not published.

They are named in a deck by `story:NAME` (see STORIES) and the lifetime scenario by
`scenario:SHARE:TODAY-TOMORROW[:GRID]`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go

from metrics import charts, countries, grid, i18n
from metrics.catalog import Catalog
from metrics.models import Source
from metrics.scenario import lifetime_scenario
from metrics.slides import Slide, numbers

PARTICIPANTS = "ausim_participants"
# The footprint split comes from one national study (France, ADEME–Arcep), and the words
# describe that study: its figures are read for France only, whatever else an analyst imports
# (Explore shows any other country's).
STUDY = "FRA"
MANUFACTURING = "footprint_manufacturing_share"
COMPONENTS = (
    "footprint_devices_share",
    "footprint_networks_share",
    "footprint_datacentres_share",
)
GLOBAL_RANGES = ("ict_share_global_ghg_peer_reviewed", "ict_share_global_ghg")
EWASTE_PLACES = ("WLD", "AFR", "EUR", "MAR", "TUN")


def _this_year() -> int:
    return dt.date.today().year


def sources(catalog: Catalog, *indicators: str) -> list[Source]:
    found = [s for i in indicators for s in catalog.sources_of(i)]
    return list({s.id: s for s in found}.values())


def _shares(
    parts: list[tuple[str, float]], title: str, scope: str, lang: str
) -> tuple[go.Figure, pd.DataFrame, list[str]]:
    table = pd.DataFrame({label: [value] for label, value in parts}, index=[scope])
    lines = [f"{label}: {i18n.percent(value, 0, lang)}" for label, value in parts]
    return charts.shares_figure(parts, title, scope, lang), table, lines


def _scope(row: pd.Series, lang: str) -> str:
    place = countries.name(str(row["country"]), lang)
    return i18n.t("footprint.origin.scope", lang, place=place, year=int(row["year"]))


def manufacturing(catalog: Catalog) -> pd.Series | None:
    """The study's manufacturing share, the newest published up to this year."""
    return catalog.latest(MANUFACTURING, STUDY, until=_this_year())


def participants(catalog: Catalog, lang: str) -> Slide | None:
    """Participants by forum edition; an edition with no published count keeps its place."""
    indicator = catalog.indicators[PARTICIPANTS]
    rows = catalog.series(PARTICIPANTS, ["MAR"])
    if rows.empty:
        return None
    figure = charts.participants_figure(rows, catalog.editions, indicator, lang)
    counted = rows.set_index("year")["value"]
    years = [e.year for e in catalog.editions]
    name = i18n.name(indicator.name, lang)
    table = pd.DataFrame(
        {name: [float(counted[y]) if y in counted.index else None for y in years]},
        index=[str(y) for y in years],
    )
    return Slide(
        name,
        figure,
        sources(catalog, PARTICIPANTS),
        i18n.name(indicator.unit, lang),
        numbers(rows, indicator, lang),
        "bar",
        table,
    )


def phases(catalog: Catalog, lang: str) -> Slide | None:
    """Manufacturing against the rest of the footprint, in the study's country and year."""
    made = manufacturing(catalog)
    if made is None:
        return None
    share = float(made["value"])
    parts = [
        (i18n.t("footprint.phase.manufacturing", lang), share),
        (i18n.t("footprint.phase.rest", lang), 100 - share),
    ]
    title = i18n.t("footprint.origin.phases_title", lang)
    figure, table, lines = _shares(parts, title, _scope(made, lang), lang)
    return Slide(title, figure, sources(catalog, MANUFACTURING), "%", lines, "shares", table)


def components(catalog: Catalog, lang: str) -> Slide | None:
    """Devices, networks and data centres, from the latest year with all three."""
    breakdown = catalog.complete_year(COMPONENTS, STUDY)
    if breakdown is None:
        return None
    _, rows = breakdown
    parts = [
        (i18n.t(f"footprint.component.{i}", lang), float(rows.loc[i, "value"])) for i in COMPONENTS
    ]
    title = i18n.t("footprint.origin.components_title", lang)
    figure, table, lines = _shares(parts, title, _scope(rows.iloc[0], lang), lang)
    return Slide(title, figure, sources(catalog, *COMPONENTS), "%", lines, "shares", table)


def ict_share(catalog: Catalog, lang: str) -> Slide | None:
    """ICT's share of global emissions, only as published ranges: a lone point would claim a
    precision no study gives."""
    found = [(i, catalog.latest(i, "WLD", until=_this_year())) for i in GLOBAL_RANGES]
    ranges = [
        (i18n.t(f"footprint.global.{i}", lang), float(r["value"]), float(r["high"]))
        for i, r in found
        if r is not None and pd.notna(r["high"])
    ]
    if not ranges:
        return None
    title = i18n.t("footprint.global.title", lang)
    unit = i18n.name(catalog.indicators[GLOBAL_RANGES[0]].unit, lang)
    lines = [
        f"{label}: {i18n.percent(low, 1, lang)} – {i18n.percent(high, 1, lang)}"
        for label, low, high in ranges
    ]
    figure = charts.range_figure(ranges, title, unit, lang)
    return Slide(title, figure, sources(catalog, *GLOBAL_RANGES), unit, lines)


def ewaste(indicator_id: str) -> Callable[[Catalog, str], Slide | None]:
    """One e-waste indicator at its latest value for the world, Africa, Europe, Morocco and
    Tunisia, the year in each label."""

    def build(catalog: Catalog, lang: str) -> Slide | None:
        latest = (catalog.latest(indicator_id, c, until=_this_year()) for c in EWASTE_PLACES)
        measured = pd.DataFrame([r for r in latest if r is not None])
        if measured.empty:
            return None
        indicator = catalog.indicators[indicator_id]
        name = i18n.name(indicator.name, lang)
        places = [
            f"{countries.name(str(r['country']), lang)} ({int(r['year'])})"
            for _, r in measured.iterrows()
        ]
        table = pd.DataFrame({name: measured["value"].astype(float).tolist()}, index=places)
        return Slide(
            name,
            charts.latest_bars(measured, indicator, lang),
            sources(catalog, indicator_id),
            i18n.name(indicator.unit, lang),
            numbers(measured, indicator, lang),
            "bar",
            table,
        )

    return build


def scenario(
    catalog: Catalog, share: int, today: float, tomorrow: float, lang: str, on: str = "fra"
) -> Slide | None:
    """The yearly footprint today and with equipment kept longer, in % of today's, on the
    study's grid, on Morocco's, or on Morocco's then with its renewable target met (`on`, one
    of grid.SCENARIO_GRIDS); None when the grid's intensities are not in the catalogue."""
    inputs = grid.scenario_inputs(catalog, share, on, _this_year())
    if inputs is None:
        return None
    made_share, ratio = inputs
    before, after = lifetime_scenario(made_share, today, tomorrow, ratio)
    bars = (
        i18n.t("footprint.scenario.bar_today", lang, years=i18n.years(today, lang)),
        i18n.t("footprint.scenario.bar_tomorrow", lang, years=i18n.years(tomorrow, lang)),
    )
    made, use = (i18n.t(f"footprint.scenario.{k}", lang) for k in ("manufacturing", "use"))
    table = pd.DataFrame(
        {
            made: [before.manufacturing * 100, after.manufacturing * 100],
            use: [before.use * 100, after.use * 100],
        },
        index=list(bars),
    )
    lines = [
        f"{bar}: {made} {i18n.percent(f.manufacturing * 100, 0, lang)}, "
        f"{use} {i18n.percent(f.use * 100, 0, lang)}, = {i18n.percent(f.total * 100, 0, lang)}"
        for bar, f in zip(bars, (before, after), strict=True)
    ]
    title = i18n.t("footprint.scenario.chart_title", lang)
    if on != "fra":
        title = i18n.t(f"footprint.scenario.chart_title_{on}", lang)
    return Slide(
        title,
        charts.scenario_figure(before, after, bars, lang, title),
        sources(catalog, MANUFACTURING, *([] if on == "fra" else [grid.INTENSITY])),
        i18n.t("footprint.scenario.chart_unit", lang),
        lines,
        "stacked",
        table,
    )


STORIES: dict[str, Callable[[Catalog, str], Slide | None]] = {
    "participants": participants,
    "phases": phases,
    "components": components,
    "ict_share": ict_share,
    "ewaste_per_capita": ewaste("ewaste_per_capita"),
    "ewaste_collection_rate": ewaste("ewaste_collection_rate"),
}
# The page each is drawn on (the Overview draws the participants too).
PAGES = {name: "forum" if name == "participants" else "footprint" for name in STORIES}
