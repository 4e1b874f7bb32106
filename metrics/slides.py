"""A chart as it goes on a slide, in a report or on the presenting screen: its figure, title,
unit, sources, the numbers behind it and, where PowerPoint can draw it natively, its table."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from metrics import countries
from metrics.formatting import value_label
from metrics.models import Indicator, Source

# How PowerPoint can hold a chart: a native line chart, clustered columns, one bar of shares
# of a whole, stacked columns, or only a picture (a map, a target with its projection and
# milestones, ranges).
Drawn = Literal["line", "bar", "shares", "stacked", "picture"]


@dataclass(frozen=True)
class Slide:
    title: str
    figure: go.Figure
    sources: list[Source]
    unit: str  # in the slide's language
    numbers: list[str]  # the numbers behind the chart, a line each, for the speaker notes
    drawn: Drawn = "picture"
    # For a native chart: the categories (index, as written on the axis) by series (columns,
    # named in the slide's language).
    table: pd.DataFrame | None = None
    sentence: str = ""  # a target's status, in words
    reversed_values: bool = False  # a rank: the first place at the top


def yearly_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Observations as the years (categories) by country (series) of a native chart."""
    table = rows.pivot_table(index="year", columns="country", values="value", aggfunc="first")
    table.index = [str(int(y)) for y in table.index]
    table.columns = [countries.name(str(c), lang) for c in table.columns]
    return table


def numbers(rows: pd.DataFrame, indicator: Indicator, lang: str) -> list[str]:
    """Each value as the source states it (ranges, "more than"), by country and year."""
    ordered = rows.sort_values(["country", "year"])
    return [
        f"{countries.name(str(r['country']), lang)} {int(r['year'])}: "
        + value_label(r, indicator, lang)
        for _, r in ordered.iterrows()
    ]
