"""Maps of Africa, drawn from the base map shipped with the app and never from the internet.

Plotly's geo maps fetch their base map (a topojson file) from a CDN unless the page passes
`config={"topojsonURL": ...}`; the dashboard points it at its own static copy, built from
Natural Earth with Morocco drawn whole (data/geo/README.md). The figures here name the scope
and resolution that pick that file: africa_50m.json.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from metrics import countries, i18n
from metrics.charts import FIXED_COLOURS, style
from metrics.formatting import value_label
from metrics.models import Direction, Indicator

SCOPE, RESOLUTION = "africa", 50
BASE_MAP_FILE = f"{SCOPE}_{RESOLUTION}m.json"
# What the app serves at /app/static/ (the base map, the fonts), also inlined into reports.
STATIC = Path(__file__).resolve().parents[1] / "dashboard" / "static"
BASE_MAP = STATIC / "topojson" / BASE_MAP_FILE
LAND, BORDER, SEA = "#e4e4e4", "#ffffff", "#eef4f8"
# Sequential and readable with the common colour-vision deficiencies: blue (low) to yellow.
COLOUR_SCALE = "Cividis"


@cache
def shapes(base_map: Path) -> frozenset[str]:
    """The country codes the base map can draw."""
    topology = json.loads(base_map.read_text(encoding="utf-8"))
    return frozenset(g["id"] for g in topology["objects"]["countries"]["geometries"])


def african(observations: pd.DataFrame) -> pd.DataFrame:
    return observations[observations["country"].isin(countries.AFRICA)]


def _coverage(observations: pd.DataFrame) -> pd.Series:
    """African countries with a value, by (indicator, year)."""
    return african(observations).groupby(["indicator", "year"])["country"].nunique()


def years(
    observations: pd.DataFrame, indicator: str, at_least: int = countries.ENOUGH_COUNTRIES
) -> list[int]:
    """The years worth a map for an indicator (enough African countries), oldest first."""
    counts = _coverage(observations)
    if indicator not in counts.index.get_level_values("indicator"):
        return []
    by_year = counts.loc[indicator]
    return [int(y) for y in sorted(by_year[by_year >= at_least].index)]


def best_year(observations: pd.DataFrame, indicator: str) -> int:
    """The newest year that covers most of the continent: at least 80% of the countries of the
    best-covered year (the newest year is often published for a handful of countries only),
    and always one of `years`, so a year chooser can start on it."""
    counts = _coverage(observations).loc[indicator]
    enough = max(0.8 * counts.max(), countries.ENOUGH_COUNTRIES)
    return int(max(counts[counts >= enough].index))


# North-west Africa, where Morocco and the three countries the press report names lie
# (longitude, latitude).
PARTNERS_VIEW = {"lonaxis_range": [-19.0, 17.0], "lataxis_range": [2.0, 38.0]}


def _geo(fig: go.Figure, view: dict[str, list[float]] | None = None) -> go.Figure:
    fig.update_geos(
        scope=SCOPE,
        resolution=RESOLUTION,
        showland=True,
        landcolor=LAND,
        showcountries=True,
        countrycolor=BORDER,
        showcoastlines=False,
        showlakes=False,
        # The sea is drawn so that the edge of a zoomed view reads as a map's edge.
        showocean=True,
        oceancolor=SEA,
        showframe=False,
        bgcolor="rgba(0,0,0,0)",
        **(view or {}),
    )
    fig.update_layout(margin={"l": 10, "r": 10, "t": 80, "b": 10}, dragmode=False)
    return fig


def partners_figure(
    codes: Sequence[str], title: str, lang: str = "en", legend: str = ""
) -> go.Figure:
    """The named countries in their story colours, each labelled on the map; `legend`, under
    the title, says what the colours stand for."""
    fig = go.Figure()
    names = [countries.name(c, lang) for c in codes]
    for code, name in zip(codes, names, strict=True):
        colour = FIXED_COLOURS.get(code, "#555555")
        fig.add_choropleth(
            locations=[code],
            z=[1],
            locationmode="ISO-3",
            colorscale=[[0, colour], [1, colour]],
            showscale=False,
            marker_line={"color": BORDER, "width": 1},
            name=i18n.embed(name, lang),
            hovertemplate=i18n.embed(name, lang) + "<extra></extra>",
        )
    fig.add_scattergeo(
        locations=list(codes),
        locationmode="ISO-3",
        mode="text",
        text=[f"<b>{i18n.embed(n, lang)}</b>" for n in names],
        textfont={"size": 14, "color": "#111111"},
        hoverinfo="skip",
        showlegend=False,
    )
    style(fig, title, legend, lang)
    fig.update_layout(showlegend=False, height=640)
    return _geo(fig, PARTNERS_VIEW)


def choropleth_figure(
    data: pd.DataFrame,
    indicator: Indicator,
    year: int,
    highlight: Sequence[str],
    lang: str = "en",
) -> go.Figure:
    """African countries coloured by their value in one year; the highlighted countries
    (the partners) get a dark outline. Countries with no value keep the plain land colour."""
    rtl = i18n.direction(lang) == "rtl"
    rows = african(data).sort_values("country")
    names = [countries.name(str(c), lang) for c in rows["country"]]
    labels = [
        i18n.embed(f"{n}: {value_label(r, indicator, lang)}", lang)
        for n, (_, r) in zip(names, rows.iterrows(), strict=True)
    ]
    marked = [c in highlight for c in rows["country"]]
    ranked = indicator.is_rank
    fig = go.Figure()
    fig.add_choropleth(
        locations=rows["country"],
        z=rows["value"],
        locationmode="ISO-3",
        colorscale=COLOUR_SCALE,
        # Ranks run the other way: first place gets the colour of the highest score.
        reversescale=ranked,
        marker_line={
            "color": ["#000000" if m else BORDER for m in marked],
            "width": [2.5 if m else 0.6 for m in marked],
        },
        customdata=labels,
        hovertemplate="%{customdata}<extra></extra>",
        colorbar={
            "title": {"text": i18n.embed(i18n.name(indicator.short_unit, lang), lang)},
            "x": 0 if rtl else 1,
            "xanchor": "right" if rtl else "left",
            "thickness": 14,
            "len": 0.7,
            "tickformat": ",~f",
        },
    )
    title = i18n.t("partners.map.title", lang, indicator=i18n.name(indicator.name, lang), year=year)
    style(fig, title, i18n.name(indicator.unit, lang), lang)
    fig.update_layout(height=620)
    _geo(fig)
    if rtl:
        fig.update_layout(margin={"l": 80, "r": 10})
    return fig


def standing(data: pd.DataFrame, indicator: Indicator) -> pd.Series:
    """Each African country's place among the African countries with a value (1 = best),
    ties sharing the better place, as league tables do; `data` holds one year."""
    rows = african(data).set_index("country")["value"]
    ascending = indicator.direction is Direction.lower_is_better
    return rows.rank(method="min", ascending=ascending).astype(int)
