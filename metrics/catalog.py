"""The catalogue: indicators, sources, targets and facts, and where their rows are asked for.

A Catalog is what Athar knows at one moment. metrics.bundled reads the one shipped in data/;
metrics.current adds what the store holds. The queries here are what pages and commands ask
of it (a series, the latest value, the sources of an indicator, what cites a source). Its
rows are not held in it: `rows` answers one question at a time, from frames in memory (the
bundled release) or from the store (metrics.current.StoreRows), so a page draws one chart
without loading every stored row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Protocol

import pandas as pd

from metrics import i18n
from metrics.countries import AFRICA, ENOUGH_COUNTRIES
from metrics.models import (
    CONTENTS_DTYPES,
    CONTENTS_KEY,
    Edition,
    Fact,
    Indicator,
    Names,
    Source,
    Strategy,
    StrategySearch,
    Target,
)
from metrics.progress import TargetProgress, assess_all


class Rows(Protocol):
    """Where a catalogue's observation rows come from."""

    def charted(
        self, indicators: Sequence[str], countries: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """The charted rows of these indicators (and countries), one per key."""
        ...

    def alternatives(self, indicators: Sequence[str]) -> pd.DataFrame:
        """The values not charted that differ from the charted ones."""
        ...

    def contents(self) -> pd.DataFrame:
        """Per batch, indicator, year, source and kind of row: rows and African rows
        (models.CONTENTS_DTYPES)."""
        ...


@dataclass(frozen=True)
class FrameRows:
    """Rows held in memory: the bundled release as read from data/."""

    charted_rows: pd.DataFrame
    alternative_rows: pd.DataFrame

    def charted(
        self, indicators: Sequence[str], countries: Sequence[str] | None = None
    ) -> pd.DataFrame:
        rows = self.charted_rows[self.charted_rows["indicator"].isin(indicators)]
        if countries is not None:
            rows = rows[rows["country"].isin(countries)]
        return rows

    def alternatives(self, indicators: Sequence[str]) -> pd.DataFrame:
        return self.alternative_rows[self.alternative_rows["indicator"].isin(indicators)]

    def contents(self) -> pd.DataFrame:
        return self._contents

    @cached_property
    def _contents(self) -> pd.DataFrame:
        # The store's summary (metrics.store.contents) of the same rows, as one batch.
        rows = self.every()
        rows = rows.assign(batch_id=0, africa=rows["country"].isin(AFRICA).astype("int64"))
        summary = rows.groupby(list(CONTENTS_KEY)).agg(
            rows=("country", "size"), africa=("africa", "sum")
        )
        return summary.reset_index()[list(CONTENTS_DTYPES)].astype(CONTENTS_DTYPES)

    def every(self) -> pd.DataFrame:
        """Charted rows and alternatives in one frame, as the store loads them."""
        return pd.concat([self.charted_rows, self.alternative_rows], ignore_index=True)


# What a source may be cited by (Catalog.citations).
Cites = Indicator | Target | Strategy | Fact | Edition
# The countries the press report names, "such as", for AUSIM's new partner associations.
PARTNERS_FACT = "partner_countries"
# An id as data/ writes them (models.Id) with at least one "_", as a word of a note: words
# such as "the" are never looked up.
_ID = re.compile(r"(?<![\w/.-])[a-z][a-z0-9]*_[a-z0-9_]*(?![\w/-])")


@dataclass(frozen=True)
class Catalog:
    sources: dict[str, Source]
    indicators: dict[str, Indicator]
    targets: list[Target]
    facts: dict[str, Fact]
    editions: list[Edition]
    rows: Rows
    files: list[str] = field(default_factory=list)
    data_hash: str = ""  # SHA-256 of the bundled files this catalogue was read from
    # Observation notes in the three languages, by (indicator, country, year) of the charted
    # row (data/notes.yaml); a row not listed has its note in one language only, as written.
    notes: dict[tuple[str, str, int], Names] = field(default_factory=dict)
    strategies: dict[str, Strategy] = field(default_factory=dict)  # by id (strategies.yaml)
    # Partner associations' countries whose strategy was searched for (strategy_searches.yaml).
    searches: list[StrategySearch] = field(default_factory=list)

    def _known(self, indicators: Sequence[str]) -> list[str]:
        # Rows of an indicator with no metadata (its batch withdrawn) are never shown.
        return [i for i in dict.fromkeys(indicators) if i in self.indicators]

    @cached_property
    def contents(self) -> pd.DataFrame:
        """What can be charted, in brief (see Rows.contents), for known indicators only."""
        every = self.rows.contents()
        return every[every["indicator"].isin(list(self.indicators))].reset_index(drop=True)

    def of(self, indicators: Sequence[str], countries: Sequence[str] | None = None) -> pd.DataFrame:
        """The charted rows of several indicators (and countries), sorted by key."""
        rows = self.rows.charted(self._known(indicators), countries)
        return rows.sort_values(["indicator", "country", "year"]).reset_index(drop=True)

    def with_data(self) -> list[str]:
        """Indicators with at least one charted value, in the catalogue's order."""
        charted = set(self.contents.loc[~self.contents["alternative"], "indicator"])
        return [i for i in self.indicators if i in charted]

    def mappable(self, at_least: int = ENOUGH_COUNTRIES) -> list[str]:
        """Indicators with a value for at least `at_least` African countries in one year, the
        ones worth a map (the rest are better read as a chart). Read from the contents; only
        where several batches hold the same indicator and year (their sum may count a country
        twice) are the rows counted."""
        shown = self.contents[~self.contents["alternative"]]
        by = shown.groupby(["indicator", "year"]).agg(
            africa=("africa", "sum"), batches=("batch_id", "nunique")
        )
        enough = by[by["africa"] >= at_least]
        sure = set(enough[enough["batches"] == 1].index.get_level_values("indicator"))
        unsure = set(enough.index.get_level_values("indicator")) - sure
        if unsure:
            rows = self.of(sorted(unsure), AFRICA)
            counts = rows.groupby(["indicator", "year"])["country"].nunique()
            sure |= set(counts[counts >= at_least].index.get_level_values("indicator"))
        return sorted(sure)

    def series(self, indicator: str, countries: Sequence[str] | None = None) -> pd.DataFrame:
        return self.of([indicator], countries)

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
        rows = self.contents[self.contents["indicator"] == indicator]
        # Charted values' sources before the alternatives', the oldest years first.
        ids += [s for s in rows.sort_values(["alternative", "year"])["source"].unique() if s]
        return [self.sources[s] for s in dict.fromkeys(ids)]

    def alternatives_of(self, indicator: str) -> pd.DataFrame:
        return self.rows.alternatives(self._known([indicator])).reset_index(drop=True)

    def complete_year(
        self, indicators: Sequence[str], country: str
    ) -> tuple[int, pd.DataFrame] | None:
        """The latest year in which every part of a breakdown has a value for `country` (the
        parts of one whole must come from one year, or they would not add up), with those
        rows indexed by indicator; None when no year is complete."""
        parts = self.of(indicators, [country])
        complete = parts.groupby("year")["indicator"].nunique() == len(indicators)
        if not complete.any():
            return None
        year = int(complete[complete].index.max())
        return year, parts[parts["year"] == year].set_index("indicator")

    def citations(self) -> dict[str, list[Cites]]:
        """For each source, what cites it: indicators (as their dataset or by a row), targets,
        strategies, facts and forum editions, each once."""
        cited: dict[str, dict[int, Cites]] = {s: {} for s in self.sources}

        def add(source_id: str, record: Cites) -> None:
            if source_id in cited:  # an imported row may cite no source
                cited[source_id][id(record)] = record

        for ind in self.indicators.values():
            for s in ind.sources:
                add(s, ind)
        pairs = self.contents[["source", "indicator"]].drop_duplicates()
        for source_id, indicator_id in pairs.itertuples(index=False):
            add(source_id, self.indicators[indicator_id])
        for target in self.targets:
            for cited_by in (target.source, target.baseline_source):
                if cited_by is not None:
                    add(cited_by, target)
        for strategy in self.strategies.values():
            add(strategy.source, strategy)
        for fact in self.facts.values():
            for s in (fact.source, *fact.extra_sources):
                add(s, fact)
        for edition in self.editions:
            for s in (edition.source, *edition.extra_sources):
                add(s, edition)
        return {s: list(found.values()) for s, found in cited.items()}

    def assess(self, method: str = "linear") -> list[TargetProgress]:
        """Every target's progress, judged by `method` on the charted values."""
        charted = self.of([t.indicator for t in self.targets])
        return assess_all(self.targets, self.indicators, charted, method)

    def of_strategy(self, strategy: str) -> list[Target]:
        """A strategy's targets, then those of its country that belong to no strategy, shown
        beside it (Morocco's renewable-electricity targets beside Digital Morocco 2030)."""
        country = self.strategies[strategy].country
        return [
            t
            for t in self.targets
            if t.strategy == strategy or (t.strategy is None and t.country == country)
        ]

    def beside(self, target: Target) -> list[Target]:
        """The other targets of the same country on the same indicator (one it replaces, one
        of another strategy), drawn beside it. Another country's target is not: it would be
        read against this country's values."""
        return [
            o
            for o in self.targets
            if o.indicator == target.indicator and o.country == target.country and o.id != target.id
        ]

    def not_found(self) -> list[StrategySearch]:
        """The partner associations' countries whose strategy targets were searched for and
        not found in the sources available, in the order the press report names them; a
        country whose association has since brought its strategy is found."""
        order = {code: i for i, code in enumerate(self.partners())}
        brought = {s.country for s in self.strategies.values()}
        missing = [s for s in self.searches if s.found is None and s.country not in brought]
        return sorted(missing, key=lambda s: order.get(s.country, len(order)))

    def partners(self) -> list[str]:
        """Morocco, then the countries the press report names for AUSIM's partner associations
        (examples, not a closed list), as maps outline them."""
        named = self.facts[PARTNERS_FACT].value or ""
        return ["MAR", *(c for c in named.split(",") if c)]

    def readable(self, text: str, lang: str) -> str:
        """A note as a reader takes it: an indicator's, target's or source's id written in it
        (notes name what they cite, "(maroc_telecom_5g_coverage)") becomes the indicator's or
        target's name in `lang` or the source's title, each keeping its own direction."""

        def named(found: re.Match[str]) -> str:
            ident = found.group()
            if ident in self.indicators:
                return i18n.isolate(i18n.name(self.indicators[ident].name, lang), lang)
            if ident in self.sources:
                return i18n.isolate(self.sources[ident].title, lang)
            target = next((t for t in self.targets if t.id == ident), None)
            return i18n.isolate(i18n.name(target.name, lang), lang) if target else ident

        return _ID.sub(named, text)

    def targets_with_data(self) -> list[Target]:
        """Targets with an observation of their indicator at or after the baseline year."""
        found = []
        for target in self.targets:
            rows = self.series(target.indicator, [target.country])
            since = target.baseline_year or 0
            if not rows.empty and (rows["year"] >= since).any():
                found.append(target)
        return found
