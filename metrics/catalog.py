"""The catalogue: indicators, sources, targets and facts, with their charted values.

A Catalog is what Athar knows at one moment. metrics.bundled reads the one shipped in data/;
metrics.current adds what the store holds. The queries here are what pages and commands ask
of it (a series, the latest value, the sources of an indicator, what cites a source).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from metrics.models import Edition, Fact, Indicator, Source, Target
from metrics.progress import TargetProgress, assess_all


@dataclass(frozen=True)
class Catalog:
    sources: dict[str, Source]
    indicators: dict[str, Indicator]
    targets: list[Target]
    facts: dict[str, Fact]
    editions: list[Edition]
    charted: pd.DataFrame  # one row per (indicator, country, year): the value shown
    alternatives: pd.DataFrame  # other sources' values for the same keys, kept to show the gap
    files: list[str] = field(default_factory=list)
    data_hash: str = ""  # SHA-256 of the bundled files this catalogue was read from

    def with_stored(
        self,
        charted: pd.DataFrame,
        alternatives: pd.DataFrame,
        indicators: dict[str, Indicator],
        sources: dict[str, Source],
    ) -> Catalog:
        """This catalogue with the store's rows in place of its own, and the indicators and
        sources that imports brought added beside the bundled ones (a bundled record keeps
        its own). Rows of an indicator with no metadata (its batch withdrawn) are left out."""
        every = {**indicators, **self.indicators}
        shown = charted[charted["indicator"].isin(every)]
        others = alternatives[alternatives["indicator"].isin(every)]
        return dataclasses.replace(
            self,
            indicators=every,
            sources={**sources, **self.sources},
            charted=shown.reset_index(drop=True),
            alternatives=others.reset_index(drop=True),
        )

    def series(self, indicator: str, countries: list[str] | None = None) -> pd.DataFrame:
        rows = self.charted[self.charted["indicator"] == indicator]
        if countries is not None:
            rows = rows[rows["country"].isin(countries)]
        return rows.sort_values(["country", "year"]).reset_index(drop=True)

    def countries_of(self, indicator: str) -> list[str]:
        return sorted(self.series(indicator)["country"].unique())

    def latest(self, indicator: str, country: str, until: int | None = None) -> pd.Series | None:
        """The newest value, or the newest up to a year (a later projection is not a
        measurement of today)."""
        rows = self.series(indicator, [country])
        if until is not None:
            rows = rows[rows["year"] <= until]
        return None if rows.empty else rows.iloc[-1]

    def sources_of(self, indicator: str) -> list[Source]:
        """Dataset-level sources first, then every source cited by a row, without repeats."""
        ids = list(self.indicators[indicator].sources)
        rows = pd.concat([self.series(indicator), self.alternatives_of(indicator)])
        ids += [s for s in rows["source"].unique() if s]
        return [self.sources[s] for s in dict.fromkeys(ids)]

    def alternatives_of(self, indicator: str) -> pd.DataFrame:
        return self.alternatives[self.alternatives["indicator"] == indicator]

    def complete_year(
        self, indicators: Sequence[str], country: str
    ) -> tuple[int, pd.DataFrame] | None:
        """The latest year in which every part of a breakdown has a value for `country` (the
        parts of one whole must come from one year, or they would not add up), with those
        rows indexed by indicator; None when no year is complete."""
        parts = self.charted[
            self.charted["indicator"].isin(indicators) & (self.charted["country"] == country)
        ]
        complete = parts.groupby("year")["indicator"].nunique() == len(indicators)
        if not complete.any():
            return None
        year = int(complete[complete].index.max())
        return year, parts[parts["year"] == year].set_index("indicator")

    def citations(self) -> dict[str, list[Indicator | Target | Fact | Edition]]:
        """For each source, what cites it: indicators (as their dataset or by a row), targets,
        facts and forum editions, each once."""
        cited: dict[str, dict[int, Indicator | Target | Fact | Edition]] = {
            s: {} for s in self.sources
        }

        def add(source_id: str, record: Indicator | Target | Fact | Edition) -> None:
            if source_id in cited:  # an imported row may cite no source
                cited[source_id][id(record)] = record

        for ind in self.indicators.values():
            for s in ind.sources:
                add(s, ind)
        for rows in (self.charted, self.alternatives):
            pairs = rows[["source", "indicator"]].drop_duplicates()
            for source_id, indicator_id in pairs.itertuples(index=False):
                add(source_id, self.indicators[indicator_id])
        for target in self.targets:
            add(target.source, target)
        for fact in self.facts.values():
            for s in (fact.source, *fact.extra_sources):
                add(s, fact)
        for edition in self.editions:
            add(edition.source, edition)
        return {s: list(found.values()) for s, found in cited.items()}

    def assess(self, method: str = "linear") -> list[TargetProgress]:
        """Every target's progress, judged by `method` on the charted values."""
        return assess_all(self.targets, self.indicators, self.charted, method)

    def targets_with_data(self) -> list[Target]:
        """Targets with an observation of their indicator at or after the baseline year."""
        found = []
        for target in self.targets:
            rows = self.series(target.indicator, [target.country])
            since = target.baseline_year or 0
            if not rows.empty and (rows["year"] >= since).any():
                found.append(target)
        return found
