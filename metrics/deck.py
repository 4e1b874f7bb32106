"""Charts named by a short text, and built from the catalogue: what a deck, a report and the
command line share.

A chart's specification is one token, the same in a URL, on the command line and in a file:
- ``series:INDICATOR[:COUNTRIES[:FIRST-LAST[:line|bar]]]``, e.g.
  ``series:internet_users:MAR,TUN:2010-2023:line`` (countries comma-separated; empty for the
  page's usual ones);
- ``target:TARGET_ID[:linear|growth]`` (its progress as the Targets page judges it, by the
  linear pace unless the growth method is named);
- ``map:INDICATOR[:YEAR]`` (Africa, the year that covers most of it unless given);
- ``story:NAME``, a chart of the story pages (metrics.story.STORIES: ``participants``,
  ``phases``, ``components``, ``ict_share``, ``ewaste_per_capita``, ``ewaste_collection_rate``);
- ``standing:INDICATOR:STRATEGY[:linear|growth]``, the countries compared on an indicator of
  a strategy (metrics.standing), the strategy's country highlighted, e.g.
  ``standing:osi_rank:digital_morocco_2030``;
- ``scenario:SHARE:TODAY-TOMORROW[:GRID]``, the lifetime scenario with a manufacturing share
  in percent (the study's, on France's grid), two lifetimes in years and the grid (``fra``, the
  study's and the default; ``mar``, Morocco's today; ``mar_target``, Morocco's today, then with
  its renewable target met), e.g. ``scenario:78:3-6`` or ``scenario:78:3-6:mar_target``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import Literal
from urllib.parse import urlencode

from pydantic import BaseModel, ConfigDict

from metrics import charts, i18n, maps, narrative, standing, story
from metrics.catalog import Catalog
from metrics.errors import MetricsError
from metrics.grid import INTENSITY, SCENARIO_GRIDS
from metrics.slides import Slide, numbers, yearly_table

KINDS = ("series", "target", "map", "story", "scenario", "standing")
SEPARATOR = "|"  # between charts (and their titles) in a deck's URL; never in a token
COVER = ("title", "speaker", "event")  # the title slide's fields, each a URL parameter
PUBLIC_URL = "ATHAR_PUBLIC_URL"  # where the app is served: a title slide then links its deck


class BadChart(MetricsError):
    """A specification that names no chart; `reason` picks the words (deck.* in the locales)."""

    def __init__(self, token: str, reason: str, ident: str = ""):
        self.code = f"deck.{reason}"
        self.params = {"chart": token, "ident": ident}
        super().__init__(f"{token!r} names no chart ({reason})")


class ChartSpec(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: Literal["series", "target", "map", "story", "scenario", "standing"]
    ident: str  # the indicator, the target, the story chart, or the scenario's share
    countries: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    chart: Literal["line", "bar"] = "line"
    year: int | None = None
    lifetimes: tuple[float, float] | None = None  # the scenario's, today and tomorrow
    method: Literal["linear", "growth"] = "linear"  # how a target's progress is judged
    grid: Literal["fra", "mar", "mar_target"] = "fra"  # the scenario's (metrics.grid)
    strategy: str | None = None  # whose indicators are compared (standing)

    @property
    def share(self) -> int:
        """The scenario's manufacturing share, in percent."""
        return int(self.ident)

    @classmethod
    def parse(cls, token: str) -> ChartSpec:
        kind, _, rest = token.strip().partition(":")
        parts = rest.split(":") if rest else []
        if kind not in KINDS or not parts or not parts[0]:
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
            if kind == "scenario":
                share = int(parts[0])
                today, tomorrow = (float(y) for y in parts[1].split("-", 1))
                # As the page's sliders bound them: a share in percent, lifetimes in years.
                grid = parts[2] if len(parts) > 2 else "fra"
                if not (0 <= share <= 100 and all(0.5 <= y <= 50 for y in (today, tomorrow))):
                    raise ValueError(token)
                if grid not in SCENARIO_GRIDS:
                    raise ValueError(token)
                return cls.model_validate(
                    {
                        "kind": "scenario",
                        "ident": str(share),
                        "lifetimes": (today, tomorrow),
                        "grid": grid,
                    }
                )
            if kind == "target":
                method = parts[1] if len(parts) > 1 else "linear"
                return cls.model_validate({"kind": kind, "ident": parts[0], "method": method})
            if kind == "standing":
                method = parts[2] if len(parts) > 2 else "linear"
                given = {"kind": kind, "ident": parts[0], "strategy": parts[1], "method": method}
                return cls.model_validate(given)
            return cls(kind=kind, ident=parts[0])  # type: ignore[arg-type]
        # A year that is not a number, a chart kind we do not draw, a scenario without lifetimes
        except (ValueError, IndexError) as exc:
            raise BadChart(token, "syntax") from exc

    def token(self) -> str:
        if self.kind == "series":
            years = f"{self.years[0]}-{self.years[1]}" if self.years else ""
            return f"series:{self.ident}:{','.join(self.countries)}:{years}:{self.chart}"
        if self.kind == "map":
            return f"map:{self.ident}" + (f":{self.year}" if self.year else "")
        if self.kind == "scenario" and self.lifetimes:
            today, tomorrow = self.lifetimes
            grid = "" if self.grid == "fra" else f":{self.grid}"  # older tokens stay as written
            return f"scenario:{self.ident}:{today:g}-{tomorrow:g}{grid}"
        if self.kind == "target" and self.method != "linear":
            return f"target:{self.ident}:{self.method}"
        if self.kind == "standing":
            method = f":{self.method}" if self.method != "linear" else ""
            return f"standing:{self.ident}:{self.strategy}{method}"
        return f"{self.kind}:{self.ident}"


def deck_params(charts: Sequence[str], titles: Sequence[str], cover: Mapping[str, str]) -> dict:
    """A deck as the Deck page's URL parameters: charts and titles in order, the title slide."""
    return {
        "deck": SEPARATOR.join(charts),
        "titles": SEPARATOR.join(t.replace(SEPARATOR, "/") for t in titles),
        **{key: cover[key] for key in COVER if cover.get(key)},
    }


def live_link(params: Mapping[str, str], lang: str) -> str | None:
    """The address of the deck on the app, where ATHAR_PUBLIC_URL says the app is served."""
    public = os.environ.get(PUBLIC_URL, "").strip().rstrip("/")
    if not public:
        return None
    return f"{public}/deck?{urlencode({**params, 'lang': lang})}"


def slide(spec: ChartSpec, catalog: Catalog, lang: str = "en") -> Slide:
    """The chart a specification names, with its title, sources and (for a target) status."""
    if spec.kind == "target":
        return _target(spec, catalog, lang)
    if spec.kind == "standing":
        return _standing(spec, catalog, lang)
    if spec.kind == "story":
        build = story.STORIES.get(spec.ident)
        if build is None:
            raise BadChart(spec.token(), "syntax")
        made = build(catalog, lang)
        if made is None:
            raise BadChart(spec.token(), "no_values", spec.ident)
        return made
    if spec.kind == "scenario":
        today, tomorrow = spec.lifetimes or (0.0, 0.0)
        made = story.scenario(catalog, spec.share, today, tomorrow, lang, spec.grid)
        if made is None:
            raise BadChart(spec.token(), "no_values", INTENSITY)
        return made
    indicator = catalog.indicators.get(spec.ident)
    if indicator is None:
        raise BadChart(spec.token(), "no_indicator", spec.ident)
    rows = catalog.series(spec.ident)
    if rows.empty:
        raise BadChart(spec.token(), "no_values", spec.ident)
    title = i18n.name(indicator.name, lang)
    unit = i18n.name(indicator.unit, lang)
    sources = catalog.sources_of(spec.ident)
    if spec.kind == "map":
        year = spec.year or maps.best_year(rows, spec.ident)
        in_year = rows[rows["year"] == year]
        figure = maps.choropleth_figure(in_year, indicator, year, catalog.partners(), lang)
        lines = numbers(in_year, indicator, lang)
        return Slide(f"{title} ({year})", figure, sources, unit, lines)
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
    return Slide(
        title,
        figure,
        sources,
        unit,
        numbers(shown, indicator, lang),
        spec.chart,
        yearly_table(shown, lang),
        reversed_values=indicator.is_rank,
    )


def _target(spec: ChartSpec, catalog: Catalog, lang: str) -> Slide:
    found = [p for p in catalog.assess(spec.method) if p.target.id == spec.ident]
    if not found:
        raise BadChart(spec.token(), "no_target", spec.ident)
    progress = found[0]
    target = progress.target
    indicator = catalog.indicators[target.indicator]
    others = catalog.beside(target)
    related = [(catalog.indicators[r], catalog.series(r, [target.country])) for r in target.related]
    rows = catalog.series(target.indicator, [target.country])
    figure = charts.target_figure(progress, rows, indicator, lang, others, related)
    sources = [catalog.sources[target.source], *catalog.sources_of(target.indicator)]
    unique = list({s.id: s for s in sources}.values())
    return Slide(
        i18n.name(target.name, lang),
        figure,
        unique,
        i18n.name(indicator.unit, lang),
        numbers(rows, indicator, lang),
        sentence=narrative.sentence(progress, indicator, lang),
    )


def _standing(spec: ChartSpec, catalog: Catalog, lang: str) -> Slide:
    strategy = catalog.strategies.get(spec.strategy or "")
    if strategy is None:
        raise BadChart(spec.token(), "no_strategy", spec.strategy or "")
    indicator = catalog.indicators.get(spec.ident)
    if indicator is None:
        raise BadChart(spec.token(), "no_indicator", spec.ident)
    compared = standing.standing(catalog, spec.method, strategy.id)
    if spec.ident not in compared.indicators:
        raise BadChart(spec.token(), "no_values", spec.ident)
    rows = compared.of(spec.ident)
    figure = charts.standing_figure(rows, indicator, lang, strategy.country)
    # The indicator's sources, then those of the targets set beside the values.
    targets = {t.id: t for t in catalog.targets}
    cited = [catalog.sources[targets[t].source] for t in rows["target"].dropna()]
    sources = list({s.id: s for s in [*catalog.sources_of(spec.ident), *cited]}.values())
    return Slide(
        i18n.name(indicator.name, lang),
        figure,
        sources,
        i18n.name(indicator.unit, lang),
        numbers(rows[rows["value"].notna()], indicator, lang),
    )
