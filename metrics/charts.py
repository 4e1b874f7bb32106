"""Plotly figures built from catalogue data: pure functions, shared by pages and exports.

No Streamlit here: a figure is data in, figure out, so a test can check a chart's traces and
an export can reuse exactly what the page shows.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
import plotly.graph_objects as go

from metrics import countries, i18n
from metrics.models import Direction, Edition, Indicator

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
# For countries beyond the story's eight (Paul Tol's "muted" scheme, also colour-blind safe).
EXTRA_COLOURS = ["#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#882255"]
FONT = "Source Sans, Noto Sans, Noto Sans Arabic, sans-serif"


# The countries the forum's story is about keep one colour on every chart.
FIXED_COLOURS = {
    "MAR": PALETTE[0],
    "TUN": PALETTE[1],
    "CIV": PALETTE[2],
    "MLI": PALETTE[3],
    "WLD": PALETTE[4],
    "AFR": PALETTE[5],
    "FRA": PALETTE[7],
    "EUR": PALETTE[6],
}


def country_colours(codes: Iterable[str]) -> dict[str, str]:
    others = sorted(set(codes) - set(FIXED_COLOURS))
    spare = EXTRA_COLOURS
    return {**FIXED_COLOURS, **{c: spare[i % len(spare)] for i, c in enumerate(others)}}


def value_label(row: pd.Series, indicator: Indicator, lang: str) -> str:
    """A value as the source states it: 'more than 1,100', 'about 650', '2.1–3.9%'."""
    symbol = i18n.name(indicator.short_unit, lang)
    low = i18n.number(row["value"], indicator.decimals, lang)
    if pd.notna(row.get("high")):
        low += "–" + i18n.number(row["high"], indicator.decimals, lang)
    text = i18n.isolate(i18n.with_unit(low, symbol, lang), lang)
    if row.get("lower_bound"):
        return i18n.t("value.more_than", lang, value=text)
    if row.get("estimate"):
        return i18n.t("value.about", lang, value=text)
    return text


def _layout(fig: go.Figure, title: str, unit: str, lang: str) -> go.Figure:
    """Shared styling; in a right-to-left language the chart is drawn mirrored, as if made
    for it: title and legend on the right, value axis on the right, time flowing leftwards."""
    rtl = i18n.direction(lang) == "rtl"
    title, unit = i18n.embed(title, lang), i18n.embed(unit, lang)
    fig.update_layout(
        # The unit goes under the title, not along the value axis, where a long unit
        # ("rank among UN member states") runs into the tick labels.
        title={
            "text": title,
            "subtitle": {"text": unit},
            "x": 0.98 if rtl else 0,
            "xanchor": "right" if rtl else "left",
        },
        font={"family": FONT, "size": 14},
        colorway=PALETTE,
        hovermode="closest",
        hoverlabel={"align": "right" if rtl else "left"},
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.15,
            "x": 1 if rtl else 0,
            "xanchor": "right" if rtl else "left",
        },
        margin={"l": 20 if rtl else 60, "r": 60 if rtl else 20, "t": 80, "b": 40},
        yaxis={"side": "right" if rtl else "left"},
        xaxis={"autorange": "reversed" if rtl else True},
        separators=i18n.plotly_separators(lang),
    )
    return fig


def series_figure(
    data: pd.DataFrame, indicator: Indicator, lang: str = "en", kind: str = "line"
) -> go.Figure:
    """One trace per country: a line over years, or bars grouped by year."""
    fig = go.Figure()
    colours = country_colours(data["country"])
    order = {c: i for i, c in enumerate(FIXED_COLOURS)}
    codes = sorted(data["country"].unique(), key=lambda c: (order.get(c, len(order)), c))
    for code in codes:
        rows = data[data["country"] == code].sort_values("year")
        labels = [i18n.embed(value_label(r, indicator, lang), lang) for _, r in rows.iterrows()]
        common = {
            "x": rows["year"].astype(str) if kind == "bar" else rows["year"],
            "y": rows["value"],
            "name": countries.name(str(code), lang),
            "marker": {"color": colours[str(code)]},
            "customdata": labels,
            "hovertemplate": "%{fullData.name} %{x}: %{customdata}<extra></extra>",
        }
        spread = (rows["high"] - rows["value"]).fillna(0)
        if (spread > 0).any():
            common["error_y"] = {"type": "data", "array": spread, "arrayminus": [0] * len(rows)}
        if kind == "bar":
            fig.add_bar(**common, text=labels, textposition="outside")
        else:
            symbols = ["triangle-up" if lb else "circle" for lb in rows["lower_bound"]]
            common["marker"] = {**common["marker"], "symbol": symbols, "size": 9}
            fig.add_scatter(**common, mode="lines+markers")
    _layout(fig, i18n.name(indicator.name, lang), i18n.name(indicator.unit, lang), lang)
    if kind == "bar":
        fig.update_layout(barmode="group", xaxis_type="category")
    else:
        fig.update_xaxes(tickformat="d")
    if indicator.direction is Direction.lower_is_better and indicator.short_unit.en == "":
        # A rank: first place belongs at the top, as readers of league tables expect.
        fig.update_yaxes(autorange="reversed")
    return fig


def participants_figure(
    data: pd.DataFrame, editions: list[Edition], indicator: Indicator, lang: str = "en"
) -> go.Figure:
    """Participants by forum edition; editions with no published count say so, with no bar."""
    counted = data.set_index("year")
    years = [e.year for e in editions]
    # Every edition gets a category, so an edition with no count keeps its place on the axis.
    values = [counted.loc[y, "value"] if y in counted.index else None for y in years]
    labels = [
        i18n.embed(value_label(counted.loc[y], indicator, lang), lang) if y in counted.index else ""
        for y in years
    ]
    fig = go.Figure()
    fig.add_bar(
        x=[str(y) for y in years],
        y=values,
        text=labels,
        textposition="outside",
        customdata=labels,
        hovertemplate="%{x}: %{customdata}<extra></extra>",
        marker_color=PALETTE[0],
        name=i18n.name(indicator.name, lang),
    )
    for position, year in enumerate(years):
        if year not in counted.index:
            # On a category axis plotly reads a numeric-looking x as a position, not a name.
            fig.add_annotation(
                x=position,
                y=0,
                text=i18n.embed(i18n.t("value.not_published", lang), lang),
                showarrow=False,
                yanchor="bottom",
                font={"color": "#555"},
            )
    _layout(fig, i18n.name(indicator.name, lang), i18n.name(indicator.unit, lang), lang)
    fig.update_layout(xaxis_type="category", showlegend=False)
    ceiling = max((counted["value"].max() if len(counted) else 0) * 1.2, 1)
    fig.update_yaxes(range=[0, ceiling])
    return fig
