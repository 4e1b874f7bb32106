"""Persistence: every import is a batch, kept whole, with who/when/file/hash and the file itself.

The store only stores: it knows rows, batches and the metadata that came with them, not the
catalogue nor how data/ is read (metrics.current composes the two). Its jobs, one module each:
``schema`` (tables), ``engine`` (where it lives, snapshot reads, the single writer),
``charted`` (which value is charted, how incoming rows compare with it), ``contents`` (what
each batch holds, in brief), ``batches`` (the life of a batch, the bundled release) and
``faults`` (its refusals, worded: a full disk, a read-only or busy or unreachable database).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from metrics.models import Indicator, Source, Strategy, Target, conform
from metrics.store import batches, charted, contents
from metrics.store.batches import (
    BadRows,
    BadTargets,
    Batch,
    BatchStatusError,
    ReadOnlyBatch,
    UnknownBatch,
)
from metrics.store.charted import Comparison
from metrics.store.engine import DEFAULT_PATH, Database, default_url
from metrics.store.faults import (
    StoreBusy,
    StoreError,
    StoreFault,
    StoreFull,
    StoreReadOnly,
    StoreUnavailable,
)
from metrics.store.schema import BatchStatus, Kind, Mode

__all__ = [
    "DEFAULT_PATH",
    "BadRows",
    "BadTargets",
    "Batch",
    "BatchStatus",
    "BatchStatusError",
    "Kind",
    "Mode",
    "ReadOnlyBatch",
    "Snapshot",
    "Store",
    "StoreBusy",
    "StoreError",
    "StoreFault",
    "StoreFull",
    "StoreReadOnly",
    "StoreUnavailable",
    "UnknownBatch",
    "default_url",
]


@dataclass(frozen=True)
class Snapshot:
    """What the store holds at one moment, in brief, read in one transaction: the rows
    themselves are asked for one question at a time (charted, alternatives)."""

    version: str
    contents: pd.DataFrame  # per active batch, indicator, year, source, kind: counts
    indicators: dict[str, Indicator]  # metadata brought by active batches
    sources: dict[str, Source]
    targets: dict[str, Target]  # and targets files' records
    strategies: dict[str, Strategy]


class Store:
    def __init__(self, url: str | None = None):
        self.db = Database(url)
        self.url, self.sqlite, self.engine = self.db.url, self.db.sqlite, self.db.engine

    def close(self) -> None:
        self.db.close()

    # --- reading -------------------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        with self.db.read() as conn:
            found = batches.metadata(conn)
            return Snapshot(
                charted.version(conn),
                contents.active(conn),
                found.indicators,
                found.sources,
                found.targets,
                found.strategies,
            )

    def charted(
        self, indicators: Sequence[str] | None = None, countries: Sequence[str] | None = None
    ) -> pd.DataFrame:
        """The charted rows, one per (indicator, country, year): all, or those of some
        indicators (and countries), found through the key's index."""
        with self.db.read() as conn:
            return conform(charted.charted(conn, indicators, countries))

    def alternatives(self, indicators: Sequence[str] | None = None) -> pd.DataFrame:
        with self.db.read() as conn:
            return charted.alternatives(conn, indicators)

    def compare(self, rows: pd.DataFrame) -> Comparison:
        """Rows (a validated frame) against what is charted now."""
        with self.db.read() as conn:
            return charted.compare(conn, batches.complete(rows, ""))

    def conflicts(self, rows: pd.DataFrame) -> pd.DataFrame:
        return self.compare(rows).conflicts

    def version(self) -> str:
        with self.db.read() as conn:
            return charted.version(conn)

    def history(self) -> list[Batch]:
        with self.db.read() as conn:
            return batches.history(conn)

    def batch(self, batch_id: int) -> Batch:
        with self.db.read() as conn:
            return batches.get(conn, batch_id)

    def original(self, batch_id: int) -> bytes:
        with self.db.read() as conn:
            return batches.original(conn, batch_id)

    def relying_on(self, batch_id: int) -> list[str]:
        """Ids of the targets other batches brought that withdrawing this one would hide."""
        with self.db.read() as conn:
            return batches.relying_on(conn, batch_id)

    def indicators(self) -> dict[str, Indicator]:
        with self.db.read() as conn:
            return batches.metadata(conn).indicators

    # --- writing -------------------------------------------------------------------------

    def import_batch(
        self,
        rows: pd.DataFrame,
        *,
        by: str,
        file_name: str,
        content: bytes,
        mode: Mode = "add",
        indicators: list[Indicator] | None = None,
        sources: list[Source] | None = None,
    ) -> Batch:
        """Store `rows` (a validated frame) as one batch, all or nothing."""
        with self.db.write() as conn:
            return batches.import_batch(
                conn,
                rows,
                by=by,
                file_name=file_name,
                content=content,
                mode=mode,
                indicators=indicators or [],
                sources=sources or [],
            )

    def import_targets(
        self,
        targets: list[Target],
        *,
        by: str,
        file_name: str,
        content: bytes,
        strategies: list[Strategy] | None = None,
        sources: list[Source] | None = None,
    ) -> Batch:
        """Store a targets file's targets, with the strategies and sources new to the
        catalogue that they name, as one batch."""
        with self.db.write() as conn:
            return batches.import_targets(
                conn,
                by=by,
                file_name=file_name,
                content=content,
                targets=targets,
                strategies=strategies or [],
                sources=sources or [],
            )

    def ensure_bundled(self, rows: pd.DataFrame, content_hash: str) -> Batch:
        with self.db.write() as conn:
            return batches.ensure_bundled(conn, rows, content_hash)

    def withdraw(self, batch_id: int, by: str) -> Batch:
        """Hide a batch's rows and metadata; nothing is deleted, restore() brings them back."""
        with self.db.write() as conn:
            return batches.set_status(conn, batch_id, by, "active", "withdrawn")

    def restore(self, batch_id: int, by: str) -> Batch:
        with self.db.write() as conn:
            return batches.set_status(conn, batch_id, by, "withdrawn", "active")
