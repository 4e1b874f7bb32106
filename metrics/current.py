"""What Athar knows now: the bundled release, plus every active batch in the store.

The one place that composes the two. The dashboard (through its cache) and every command use
it, so a stored indicator is known everywhere and a withdrawn one disappears everywhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd

from metrics.bundled import load_bundled
from metrics.catalog import Catalog
from metrics.store import Store


def open_store(bundled: Catalog, url: str | None = None) -> Store:
    """The store, with the bundled release loaded into it as its read-only batch (once per
    release: the catalogue carries its hash)."""
    store = Store(url)
    rows = pd.concat([bundled.charted, bundled.alternatives], ignore_index=True)
    store.ensure_bundled(rows, bundled.data_hash)
    return store


def current_catalog(store: Store, bundled: Catalog) -> Catalog:
    """The catalogue as it stands: the store's charted rows, alternatives and the metadata of
    indicators and sources imported with them, read in one transaction."""
    snapshot = store.snapshot()
    return bundled.with_stored(
        snapshot.charted, snapshot.alternatives, snapshot.indicators, snapshot.sources
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
