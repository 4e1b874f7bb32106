"""Charts named by a short text, and built from the catalogue: what a deck, a report and the
command line share.

A chart's specification is one token, the same in a URL, on the command line and in a file:
- ``series:INDICATOR[:COUNTRIES[:FIRST-LAST[:line|bar]]]``, e.g.
  ``series:internet_users:MAR,TUN:2010-2023:line`` (countries comma-separated; empty for the
  page's usual ones);
- ``target:TARGET_ID`` (its progress as the Targets page judges it, linear pace);
- ``map:INDICATOR[:YEAR]`` (Africa, the year that covers most of it unless given).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd
import plotly.graph_objects as go
from pydantic import BaseModel, ConfigDict

from metrics import charts, i18n, maps, narrative
from metrics.catalog import Catalog
from metrics.errors import MetricsError
from metrics.models import Indicator, Source


class BadChart(MetricsError):
    """A specification that names no chart; `reason` picks the words (deck.* in the locales)."""

    def __init__(self, token: str, reason: str, ident: str = ""):
        self.code = f"deck.{reason}"
        self.params = {"chart": token, "ident": ident}
        super().__init__(f"{token!r} names no chart ({reason})")


class ChartSpec(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["series", "target", "map"]
    ident: str  # the indicator, or the target
    countries: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    chart: Literal["line", "bar"] = "line"
    year: int | None = None

    @classmethod
    def parse(cls, token: str) -> ChartSpec:
        kind, _, rest = token.strip().partition(":")
        parts = rest.split(":") if rest else []
        if kind not in ("series", "target", "map") or not parts or not parts[0]:
            raise BadChart(token, "syntax")
        try:
            if kind == "series":
                countries = tuple(c for c in (parts[1] if len(parts) > 1 else "").split(",") if c)
                years = None
                if len(parts) > 2 and parts[2]:
                    first, last = (int(y) for y in parts[2].split("-", 1))
                    years = (first, last)
                chart = parts[3] if len(parts) > 3 else "line"
                return cls.model_validate(
                    {
                        "kind": kind,
                        "ident": parts[0],
                        "countries": countries,
                        "years": years,
                        "chart": chart,
                    }
                )
            if kind == "map":
                year = int(parts[1]) if len(parts) > 1 and parts[1] else None
                return cls(kind="map", ident=parts[0], year=year)
            return cls(kind="target", ident=parts[0])
        except ValueError as exc:  # a year that is not a number, a chart kind we do not draw
            raise BadChart(token, "syntax") from exc

    def token(self) -> str:
        if self.kind == "series":
            years = f"{self.years[0]}-{self.years[1]}" if self.years else ""
            return f"series:{self.ident}:{','.join(self.countries)}:{years}:{self.chart}"
        if self.kind == "map":
            return f"map:{self.ident}" + (f":{self.year}" if self.year else "")
        return f"target:{self.ident}"


@dataclass(frozen=True)
class Slide:
    title: str
    figure: go.Figure
    sources: list[Source]
    rows: pd.DataFrame  # the charted rows behind the figure
    indicator: Indicator
    # How PowerPoint can hold it: a native line or bar chart, or only a picture (a map, a
    # target with its projection and milestones).
    drawn: Literal["line", "bar", "picture"]
    sentence: str = ""  # a target's status, in words


def slide(spec: ChartSpec, catalog: Catalog, lang: str = "en") -> Slide:
    """The chart a specification names, with its title, sources and (for a target) status."""
    if spec.kind == "target":
        return _target(spec, catalog, lang)
    indicator = catalog.indicators.get(spec.ident)
    if indicator is None:
        raise BadChart(spec.token(), "no_indicator", spec.ident)
    rows = catalog.series(spec.ident)
    if rows.empty:
        raise BadChart(spec.token(), "no_values", spec.ident)
    title = i18n.name(indicator.name, lang)
    sources = catalog.sources_of(spec.ident)
    if spec.kind == "map":
        year = spec.year or maps.best_year(rows, spec.ident)
        in_year = rows[rows["year"] == year]
        figure = maps.choropleth_figure(in_year, indicator, year, catalog.partners(), lang)
        return Slide(f"{title} ({year})", figure, sources, in_year, indicator, "picture")
    available = set(rows["country"])
    chosen = (
        [c for c in spec.countries if c in available]
        or [c for c in charts.STORY if c in available]
        or sorted(available)
    )
    shown = rows[rows["country"].isin(chosen[: charts.MAX_COUNTRIES])]
    if spec.years:
        shown = shown[shown["year"].between(*spec.years)]
    if shown.empty:
        raise BadChart(spec.token(), "no_values", spec.ident)
    figure = charts.series_figure(shown, indicator, lang, spec.chart)
    return Slide(title, figure, sources, shown, indicator, spec.chart)


def _target(spec: ChartSpec, catalog: Catalog, lang: str) -> Slide:
    found = [p for p in catalog.assess() if p.target.id == spec.ident]
    if not found:
        raise BadChart(spec.token(), "no_target", spec.ident)
    progress = found[0]
    target = progress.target
    indicator = catalog.indicators[target.indicator]
    others = [o for o in catalog.targets if o.indicator == target.indicator and o.id != target.id]
    related = [(catalog.indicators[r], catalog.series(r, [target.country])) for r in target.related]
    rows = catalog.series(target.indicator, [target.country])
    figure = charts.target_figure(progress, rows, indicator, lang, others, related)
    sources = [catalog.sources[target.source], *catalog.sources_of(target.indicator)]
    unique = list({s.id: s for s in sources}.values())
    sentence = narrative.sentence(progress, indicator, lang)
    return Slide(i18n.name(target.name, lang), figure, unique, rows, indicator, "picture", sentence)
