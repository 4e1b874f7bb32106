"""What Athar knows now: the bundled release, plus every active batch in the store.

The one place that composes the two. The dashboard (through its cache) and every command use
it, so a stored indicator is known everywhere and a withdrawn one disappears everywhere.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager

import pandas as pd

from metrics.bundled import load_bundled
from metrics.catalog import Catalog, FrameRows
from metrics.models import Indicator, Source, Strategy, Target
from metrics.store import Store

ANSWERS_KEPT = 256  # per catalogue: every chart of every page, many times over


class StoreRows:
    """The store's rows, asked for on demand: one indexed query per question, each answer
    kept for as long as this object lives (the dashboard keeps one per store version).

    An answer is the store's state when first asked: an import landing meanwhile shows from
    the next page run on, which asks for the new version's catalogue."""

    def __init__(self, store: Store, contents: pd.DataFrame):
        self._store = store
        self._contents = contents
        self._answers: OrderedDict[tuple[object, ...], pd.DataFrame] = OrderedDict()
        self._lock = threading.Lock()

    def charted(
        self, indicators: Sequence[str], countries: Sequence[str] | None = None
    ) -> pd.DataFrame:
        key = ("charted", tuple(indicators), None if countries is None else tuple(countries))
        return self._ask(key, lambda: self._store.charted(indicators, countries))

    def alternatives(self, indicators: Sequence[str]) -> pd.DataFrame:
        return self._ask(
            ("alternatives", tuple(indicators)), lambda: self._store.alternatives(indicators)
        )

    def contents(self) -> pd.DataFrame:
        return self._contents

    def _ask(self, key: tuple[object, ...], query: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        # A new frame each time, sharing the kept answer's data: a caller may add or change
        # columns, and copy-on-write keeps those changes to its own frame.
        with self._lock:
            if (kept := self._answers.get(key)) is not None:
                self._answers.move_to_end(key)
                return kept.copy(deep=False)
        answer = query()  # outside the lock: two sessions' queries run side by side
        with self._lock:
            self._answers[key] = answer
            while len(self._answers) > ANSWERS_KEPT:
                self._answers.popitem(last=False)
        return answer.copy(deep=False)


def open_store(bundled: Catalog, url: str | None = None) -> Store:
    """The store, with the bundled release loaded into it as its read-only batch (once per
    release: the catalogue carries its hash)."""
    store = Store(url)
    assert isinstance(bundled.rows, FrameRows), "the bundled catalogue, as read from data/"
    store.ensure_bundled(bundled.rows.every(), bundled.data_hash)
    return store


def current_catalog(store: Store, bundled: Catalog) -> Catalog:
    """The catalogue as it stands: the store's contents and the indicators, sources, targets
    and strategies imported with them, read in one transaction (a bundled record keeps its
    own), its rows asked of the store on demand."""
    snapshot = store.snapshot()
    indicators = {**snapshot.indicators, **bundled.indicators}
    sources = {**snapshot.sources, **bundled.sources}
    strategies = {
        s.id: s
        for s in snapshot.strategies.values()
        if s.id not in bundled.strategies and s.source in sources
    } | bundled.strategies
    held = {t.id for t in bundled.targets}
    stored = [
        t
        for t in snapshot.targets.values()
        if t.id not in held and _standing(t, indicators, sources, strategies)
    ]
    return dataclasses.replace(
        bundled,
        indicators=indicators,
        sources=sources,
        strategies=strategies,
        targets=[*bundled.targets, *stored],
        rows=StoreRows(store, snapshot.contents),
    )


def _standing(
    target: Target,
    indicators: Mapping[str, Indicator],
    sources: Mapping[str, Source],
    strategies: Mapping[str, Strategy],
) -> bool:
    """Whether everything a stored target names is still known: a batch it relies on (its
    strategy's, its indicator's, its source's) may have been withdrawn since, and a target
    is then left out as the rows of an indicator without metadata are."""
    cited = [target.source, *([target.baseline_source] if target.baseline_source else [])]
    return (
        target.indicator in indicators
        and all(s in sources for s in cited)
        and (target.strategy is None or target.strategy in strategies)
    )


@contextmanager
def opened(url: str | None = None) -> Iterator[tuple[Store, Catalog]]:
    """For one command: the store and the current catalogue, the store closed afterwards."""
    bundled = load_bundled()
    store = open_store(bundled, url)
    try:
        yield store, current_catalog(store, bundled)
    finally:
        store.close()
