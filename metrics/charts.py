"""Plotly figures built from catalogue data: pure functions, shared by pages and exports.

No Streamlit here: a figure is data in, figure out, so a test can check a chart's traces and
an export can reuse exactly what the page shows.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go

from metrics import countries, i18n
from metrics.formatting import amount, value_label
from metrics.models import Edition, Indicator, Target
from metrics.progress import TargetProgress
from metrics.scenario import Footprint

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


def style(fig: go.Figure, title: str, unit: str, lang: str) -> go.Figure:
    """Styling every figure shares, maps included; in a right-to-left language the title and
    legend sit on the right, as if the chart were made for it."""
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
        separators=i18n.plotly_separators(lang),
    )
    return fig


def _layout(fig: go.Figure, title: str, unit: str, lang: str) -> go.Figure:
    """A chart over time, mirrored in a right-to-left language: value axis on the right, time
    flowing leftwards."""
    rtl = i18n.direction(lang) == "rtl"
    style(fig, title, unit, lang)
    fig.update_layout(
        # Full numbers with the language's separators: "250k" is English shorthand.
        yaxis={"side": "right" if rtl else "left", "tickformat": ",~f"},
        xaxis={"autorange": "reversed" if rtl else True},
    )
    return fig


# Lines (or groups of bars) in one chart: beyond this a reader cannot tell them apart, and
# the figure's JSON stays well under 1 MB whatever the store holds (tests/test_figure_size.py).
MAX_COUNTRIES = 30
# The countries a series is first shown for: Morocco, the three countries the press report
# names for AUSIM's partner associations, the wider view.
STORY = ("MAR", "TUN", "MLI", "CIV", "AFR", "WLD")


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
            fig.add_bar(**common, texttemplate="%{customdata}", textposition="outside")
        else:
            symbols = ["triangle-up" if lb else "circle" for lb in rows["lower_bound"]]
            common["marker"] = {**common["marker"], "symbol": symbols, "size": 9}
            fig.add_scatter(**common, mode="lines+markers")
    _layout(fig, i18n.name(indicator.name, lang), i18n.name(indicator.unit, lang), lang)
    if kind == "bar":
        fig.update_layout(barmode="group", xaxis_type="category")
    else:
        fig.update_xaxes(tickformat="d")
    # Room past the longest bar for its label ("173" under a rank's bar), which Plotly's
    # range leaves out on a reversed axis.
    top = float(data[["value", "high"]].max().max()) if len(data) else 0.0
    room = [0.0, top * 1.15] if kind == "bar" and top > 0 and data["value"].min() >= 0 else None
    if indicator.is_rank:
        # A rank: first place belongs at the top, as readers of league tables expect.
        fig.update_yaxes(range=room[::-1] if room else None, autorange=None if room else "reversed")
    elif room:
        fig.update_yaxes(range=room)
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


def target_figure(
    progress: TargetProgress,
    rows: pd.DataFrame,
    indicator: Indicator,
    lang: str = "en",
    others: Sequence[Target] = (),
    related: Sequence[tuple[Indicator, pd.DataFrame]] = (),
) -> go.Figure:
    """One target: observations, the baseline, the projection (dashed), the milestones and
    the target; other targets on the same indicator and re-measured series in grey."""
    final, target = progress.final, progress.target
    label = functools.partial(_point_label, indicator=indicator, lang=lang)
    fig = go.Figure()
    for other_indicator, other_rows in related:
        fig.add_scatter(
            x=other_rows["year"],
            y=other_rows["value"],
            mode="lines+markers",
            name=i18n.embed(
                i18n.t("chart.related", lang, name=i18n.name(other_indicator.name, lang)), lang
            ),
            line={"color": "#999999", "dash": "dot"},
            marker={"color": "#999999"},
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    if not rows.empty:
        fig.add_scatter(
            x=rows["year"],
            y=rows["value"],
            mode="lines+markers",
            name=i18n.embed(i18n.t("chart.observed", lang), lang),
            marker={
                "color": PALETTE[0],
                "size": 9,
                "symbol": ["triangle-up" if b else "circle" for b in rows["lower_bound"]],
            },
            line={"color": PALETTE[0]},
            customdata=[
                i18n.embed(value_label(r, indicator, lang), lang) for _, r in rows.iterrows()
            ],
            hovertemplate="%{x}: %{customdata}<extra></extra>",
        )
    if final.baseline is not None and final.baseline_published:
        fig.add_scatter(
            x=[final.baseline.year],
            y=[final.baseline.value],
            mode="markers+text",
            name=i18n.embed(i18n.t("chart.baseline", lang), lang),
            marker={"color": PALETTE[0], "size": 13, "symbol": "circle-open", "line": {"width": 3}},
            text=[label(final.baseline.value)],
            textposition="bottom center",
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    if final.projection:
        fig.add_scatter(
            x=[p.year for p in final.projection],
            y=[p.value for p in final.projection],
            mode="lines",
            name=i18n.embed(i18n.t("chart.projection", lang), lang),
            line={"color": PALETTE[0], "dash": "dash"},
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    goals = [(m.year, m.value, "chart.milestone", "diamond") for m in target.milestones]
    goals.append((target.target_year, target.target_value, "chart.target", "star"))
    for year, value, key, symbol in goals:
        fig.add_scatter(
            x=[year],
            y=[value],
            mode="markers+text",
            name=i18n.embed(i18n.t(key, lang), lang),
            marker={"color": PALETTE[5], "size": 16, "symbol": symbol},
            text=[label(value)],
            textposition="top center",
            hovertemplate="%{x}: %{text}<extra></extra>",
        )
    for other in others:
        name_key = "chart.superseded" if other.id == target.supersedes else "chart.other_target"
        fig.add_scatter(
            x=[other.target_year, *[m.year for m in other.milestones]],
            y=[other.target_value, *[m.value for m in other.milestones]],
            mode="markers",
            name=i18n.embed(i18n.t(name_key, lang), lang),
            marker={"color": "#999999", "size": 12, "symbol": "star-open"},
            hovertemplate="%{x}: %{y}<extra></extra>",
        )
    _layout(fig, i18n.name(target.name, lang), i18n.name(indicator.unit, lang), lang)
    fig.update_xaxes(tickformat="d", dtick=2)
    span = flat_range([y for trace in fig.data for y in trace.y if y is not None])
    if span is not None:
        fig.update_yaxes(range=span[::-1] if indicator.is_rank else span)
    elif indicator.is_rank:
        fig.update_yaxes(autorange="reversed")
    return fig


def flat_range(values: Sequence[float]) -> tuple[float, float] | None:
    """A value axis for points that all share one value (a target with nothing published
    yet): from zero to a quarter above it, where Plotly would zoom to 6,299–6,301 in half
    steps. None when the values differ, and Plotly's own range reads well."""
    if not values or max(values) != min(values):
        return None
    value = float(values[0])
    if value > 0:
        return (0.0, value * 1.25)
    if value < 0:
        return (value * 1.25, 0.0)
    return (0.0, 1.0)


def _point_label(value: float, indicator: Indicator, lang: str) -> str:
    return i18n.embed(amount(value, indicator, lang), lang)


def shares_figure(
    parts: Sequence[tuple[str, float]], title: str, unit: str, lang: str = "en"
) -> go.Figure:
    """Parts of a whole (percentages) as one stacked bar, each part labelled with its share."""
    rtl = i18n.direction(lang) == "rtl"
    fig = go.Figure()
    for i, (label, value) in enumerate(parts):
        text = i18n.embed(f"{label}: {i18n.percent(value, 0, lang)}", lang)
        fig.add_bar(
            x=[value],
            y=[""],
            orientation="h",
            name=i18n.embed(label, lang),
            marker_color=PALETTE[i % len(PALETTE)],
            text=[i18n.percent(value, 0, lang)],
            textposition="inside",
            insidetextanchor="middle",
            customdata=[text],
            hovertemplate="%{customdata}<extra></extra>",
        )
    style(fig, title, unit, lang)
    # Stacked bars list their legend bottom-up by default; the reading order is the bar's.
    fig.update_layout(barmode="stack", height=230, legend={"y": -0.25, "traceorder": "normal"})
    # The bar fills from the reading side: from the right in Arabic.
    fig.update_xaxes(range=[100, 0] if rtl else [0, 100], showticklabels=False, showgrid=False)
    fig.update_yaxes(showticklabels=False)
    return fig


def range_figure(
    ranges: Sequence[tuple[str, float, float]],
    title: str,
    unit: str,
    lang: str = "en",
    decimals: int = 1,
) -> go.Figure:
    """Estimates published as ranges, drawn as floating bars from low to high: a range is
    not a point, and drawing its middle would claim a precision no study gives."""
    rtl = i18n.direction(lang) == "rtl"
    labels = [i18n.embed(label, lang) for label, _, _ in ranges]
    texts = [
        i18n.ltr(
            i18n.with_unit(
                i18n.number(low, decimals, lang) + "–" + i18n.number(high, decimals, lang),
                "%",
                lang,
            ),
            lang,
        )
        for _, low, high in ranges
    ]
    fig = go.Figure()
    fig.add_bar(
        y=labels,
        x=[high - low for _, low, high in ranges],
        base=[low for _, low, _ in ranges],
        orientation="h",
        marker_color=PALETTE[0],
        text=texts,
        textposition="outside",
        customdata=texts,
        hovertemplate="%{y}: %{customdata}<extra></extra>",
        width=0.5,
    )
    style(fig, title, unit, lang)
    ceiling = max(high for _, _, high in ranges) * 1.35
    fig.update_layout(showlegend=False, height=120 + 70 * len(ranges))
    fig.update_xaxes(range=[ceiling, 0] if rtl else [0, ceiling], ticksuffix="%", zeroline=True)
    # Long labels ("Adjusted for truncated supply chains") need the room they take; Plotly's
    # automargin does not widen a right-hand margin here, so the room is given outright.
    room = min(280, 20 + 7 * max(len(label) for label, _, _ in ranges))
    fig.update_layout(margin={"r": room} if rtl else {"l": room})
    fig.update_yaxes(side="right" if rtl else "left", autorange="reversed")
    return fig


def scenario_figure(
    before: Footprint,
    after: Footprint,
    labels: tuple[str, str],
    lang: str = "en",
    title: str | None = None,
) -> go.Figure:
    """The yearly footprint today and with equipment kept longer, in % of today's total,
    split into manufacturing and use, with each total written above its bar."""
    rtl = i18n.direction(lang) == "rtl"
    x = [i18n.embed(label, lang) for label in labels]
    fig = go.Figure()
    for key, colour, values in (
        (
            "footprint.scenario.manufacturing",
            PALETTE[0],
            (before.manufacturing, after.manufacturing),
        ),
        ("footprint.scenario.use", PALETTE[1], (before.use, after.use)),
    ):
        texts = [i18n.percent(v * 100, 0, lang) for v in values]
        fig.add_bar(
            x=x,
            y=[v * 100 for v in values],
            name=i18n.embed(i18n.t(key, lang), lang),
            marker_color=colour,
            text=texts,
            textposition="inside",
            customdata=texts,
            hovertemplate="%{fullData.name}: %{customdata}<extra></extra>",
        )
    for position, total in enumerate((before.total, after.total)):
        fig.add_annotation(
            x=position,
            y=total * 100,
            text="<b>" + i18n.percent(total * 100, 0, lang) + "</b>",
            showarrow=False,
            yanchor="bottom",
        )
    style(
        fig,
        title or i18n.t("footprint.scenario.chart_title", lang),
        i18n.t("footprint.scenario.chart_unit", lang),
        lang,
    )
    fig.update_layout(barmode="stack", legend={"traceorder": "normal"})
    fig.update_xaxes(type="category", autorange="reversed" if rtl else True)
    fig.update_yaxes(
        range=[0, max(before.total, after.total) * 100 * 1.15],
        ticksuffix="%",
        side="right" if rtl else "left",
    )
    return fig


def latest_bars(data: pd.DataFrame, indicator: Indicator, lang: str = "en") -> go.Figure:
    """One bar per country or region (one row each), in the story's colours, for comparing
    places at their latest value; the year is in each label."""
    rtl = i18n.direction(lang) == "rtl"
    colours = country_colours(data["country"])
    names = [i18n.embed(countries.name(str(c), lang), lang) for c in data["country"]]
    labels = [
        i18n.embed(f"{value_label(r, indicator, lang)} ({int(r['year'])})", lang)
        for _, r in data.iterrows()
    ]
    fig = go.Figure()
    fig.add_bar(
        x=names,
        y=data["value"],
        marker_color=[colours[str(c)] for c in data["country"]],
        text=labels,
        textposition="outside",
        customdata=labels,
        hovertemplate="%{x}: %{customdata}<extra></extra>",
    )
    style(fig, i18n.name(indicator.name, lang), i18n.name(indicator.unit, lang), lang)
    fig.update_layout(showlegend=False)
    fig.update_xaxes(type="category", autorange="reversed" if rtl else True)
    fig.update_yaxes(
        range=[0, float(data["value"].max()) * 1.25],
        tickformat=",~f",
        side="right" if rtl else "left",
    )
    return fig


# The countries set beside the chosen strategy's are drawn in grey: its country stands out.
BESIDE = "#999999"


def standing_figure(
    rows: pd.DataFrame, indicator: Indicator, lang: str = "en", highlight: str | None = None
) -> go.Figure:
    """Countries on one indicator (metrics.standing rows, best place first): a row each, a
    dot at the latest value with its year, a star at the country's own target with its year,
    joined by a thin line; `highlight`'s country in its colour, the others in grey. Better
    lies to the right (to the left in a right-to-left language), a rank's first place too."""
    rtl = i18n.direction(lang) == "rtl"
    # A country with neither a value nor a target has nothing to draw (the table lists it).
    rows = rows[rows["value"].notna() | rows["target_value"].notna()]
    codes = [str(c) for c in rows["country"]]
    names = [i18n.embed(countries.name(c, lang), lang) for c in codes]
    names = [f"<b>{n}</b>" if c == highlight else n for c, n in zip(codes, names, strict=True)]
    rows = rows.assign(name=names, own=[c == highlight for c in codes])
    colour = country_colours(codes)

    def in_year(label: str, year: int) -> str:
        return i18n.embed(i18n.t("value.in_year", lang, value=label, year=int(year)), lang)

    fig = go.Figure()

    def markers(shown: pd.DataFrame, x: str, texts: list[str], key: str, look: dict) -> None:
        # The chosen country's mark is larger: it is the one the page is about.
        size, position = look.pop("size"), look.pop("textposition")
        fig.add_scatter(
            x=shown[x],
            y=shown["name"],
            mode="markers+text",
            name=i18n.embed(i18n.t(key, lang), lang),
            marker={**look, "size": [size if o else size - 4 for o in shown["own"]]},
            text=texts,
            textposition=position,
            customdata=texts,
            hovertemplate="%{y}: %{customdata}<extra></extra>",
            # A label at the axis's end ("1 (2030)", a first place) runs into the margin.
            cliponaxis=False,
        )

    # The way from today's value to the country's own target, a thin grey line.
    both = rows[rows["value"].notna() & rows["target_value"].notna()]
    if not both.empty:
        ends = zip(both["value"], both["target_value"], strict=True)
        fig.add_scatter(
            x=[x for value, goal in ends for x in (value, goal, None)],
            y=[y for name in both["name"] for y in (name, name, None)],
            mode="lines",
            line={"color": "#cccccc", "width": 3},
            showlegend=False,
            hoverinfo="skip",
        )
    latest = rows[rows["value"].notna()]
    labels = [
        in_year(value_label(r, indicator, lang), int(r["year"])) for _, r in latest.iterrows()
    ]
    dots = [
        colour[c] if o else BESIDE for c, o in zip(latest["country"], latest["own"], strict=True)
    ]
    look = {"symbol": "circle", "size": 16, "color": dots, "textposition": "top center"}
    markers(latest, "value", labels, "chart.standing.latest", look)
    goals = rows[rows["target_value"].notna()]
    if not goals.empty:
        texts = [
            in_year(amount(float(v), indicator, lang), int(y))
            for v, y in zip(goals["target_value"], goals["target_year"], strict=True)
        ]
        stars = [PALETTE[5] if o else BESIDE for o in goals["own"]]
        look = {"symbol": "star", "size": 18, "color": stars, "textposition": "bottom center"}
        markers(goals, "target_value", texts, "chart.standing.own_target", look)
    style(fig, i18n.name(indicator.name, lang), i18n.name(indicator.unit, lang), lang)
    fig.update_layout(height=170 + 70 * len(rows))
    # Better to the reading side's end: a rank's first place is its smallest number.
    fig.update_xaxes(autorange="reversed" if indicator.is_rank != rtl else True, tickformat=",~f")
    if indicator.is_rank:  # no place before the first: the axis stops short of a 0th
        fig.update_xaxes(autorangeoptions={"clipmin": 0.5})
    # First place on top; a country without a value keeps its row, at the bottom.
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=names,
        autorange="reversed",
        side="right" if rtl else "left",
    )
    # Plotly's automargin does not widen a right-hand margin for the names: given outright.
    room = min(240, 30 + 8 * max((len(countries.name(c, lang)) for c in codes), default=0))
    # The far side holds half of a label centred on a mark at the axis's end.
    fig.update_layout(margin={"r": room, "l": 50} if rtl else {"l": room, "r": 50})
    return fig
