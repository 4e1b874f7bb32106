"""The life of a batch: imported whole, listed, withdrawn, restored; the bundled release.

One import is one batch, written in one transaction: all of its rows land or none do (a crash
or a kill midway leaves the store exactly as it was). A batch records who (``by``), when
(UTC), the file name, the SHA-256 of the original bytes, the row count, the original bytes
themselves, the mode ("add" or "replace"), the metadata of indicators and sources new to the
catalogue, and its status.

- mode "add": an incoming row whose key already has a different charted value (see
  metrics.store.charted) is stored as an alternative (alternative=True, with a note saying it
  was kept beside the charted value and where that came from): nothing is lost and nothing
  is silently overwritten.
- mode "replace": incoming rows become the charted value; the older value stays in its batch
  and is listed among the alternatives while it is hidden.
- either mode: a row that states exactly the charted value changes nothing; it is kept in its
  batch as an alternative, so a published "more than" or a source is never replaced by a
  file's bare repetition of the number.
The add/replace decision is taken once, at import: if the batch that held the charted value
is later withdrawn, a row kept as an alternative stays an alternative.

Bundled data. ``ensure_bundled`` loads the data shipped in ``data/`` as a read-only batch of
kind "bundled" (it cannot be withdrawn), once per content hash. A new hash (the data files
changed in a new release) adds a new bundled batch and marks the previous one "superseded";
a hash seen before brings its batch back instead of storing it twice. Since uploads rank above
the bundled data, a new release never hides an analyst's correction.

Targets files. ``import_targets`` stores a partner's strategy, its targets and the sources
they cite as a batch with no observations: withdrawn, restored and listed like any other, so
withdrawing it takes the strategy and its targets out of every page.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from metrics.models import (
    KEY,
    OBSERVATION_DTYPES,
    REQUIRED_COLUMNS,
    Indicator,
    Source,
    Strategy,
    Target,
    conform,
)
from metrics.store import charted, contents
from metrics.store.faults import StoreError
from metrics.store.schema import BatchStatus, Kind, Mode, batches

CHUNK = 5000  # rows per INSERT statement
COPY_CHUNK = 50_000  # rows per piece of CSV sent to COPY


class UnknownBatch(StoreError):
    code = "store.unknown_batch"

    def __init__(self, batch_id: int):
        super().__init__(f"no batch {batch_id}", batch=batch_id)


class ReadOnlyBatch(StoreError):
    code = "store.read_only_batch"

    def __init__(self, batch_id: int):
        super().__init__(
            f"batch {batch_id} holds the bundled data and cannot be withdrawn or restored",
            batch=batch_id,
        )


class BatchStatusError(StoreError):
    code = "store.batch_status"

    def __init__(self, batch_id: int, status: str, wanted: str):
        super().__init__(
            f"batch {batch_id} is {status}; only an {wanted} batch can be changed so",
            batch=batch_id,
            status=status,
            wanted=wanted,
        )


class BadTargets(StoreError):
    code = "store.bad_targets"

    def __init__(self, detail: str):
        super().__init__(f"targets not stored: {detail}", detail=detail)


class BadRows(StoreError):
    code = "store.bad_observations"

    def __init__(self, detail: str):
        super().__init__(f"observations not stored: {detail}", detail=detail)


@dataclass(frozen=True)
class Batch:
    id: int
    kind: Kind
    by: str
    at: dt.datetime  # UTC, aware
    file_name: str
    sha256: str
    rows: int
    alternatives: int  # rows not charted: theirs, kept beside a charted value, or the same
    mode: Mode
    status: BatchStatus
    indicators: list[str]  # ids of the new indicators whose metadata came with the batch
    sources: list[str]  # ids of the new sources that came with the batch
    withdrawn_by: str | None = None
    withdrawn_at: dt.datetime | None = None
    restored_by: str | None = None
    restored_at: dt.datetime | None = None
    targets: list[str] = field(default_factory=list)  # ids of the targets a targets file brought
    strategies: list[str] = field(default_factory=list)  # and of its strategies


@dataclass(frozen=True)
class Records:
    """What active batches brought beside their rows, a later batch winning for an id."""

    indicators: dict[str, Indicator] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    targets: dict[str, Target] = field(default_factory=dict)
    strategies: dict[str, Strategy] = field(default_factory=dict)


def _aware(value: dt.datetime) -> dt.datetime:
    """Every time is stored in UTC; SQLite hands it back naive, PostgreSQL in its time zone."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else _aware(value)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


_LISTED = [c for c in batches.c if c.name != "content"]  # the original bytes load on demand


def _batch(row: Any) -> Batch:
    return Batch(
        id=row.id,
        kind=row.kind,
        by=row.by,
        at=_aware(row.at),
        file_name=row.file_name,
        sha256=row.sha256,
        rows=row.rows,
        alternatives=row.alternatives,
        mode=row.mode,
        status=row.status,
        indicators=[i["id"] for i in json.loads(row.indicators)],
        sources=[s["id"] for s in json.loads(row.sources)],
        targets=[t["id"] for t in json.loads(row.targets)],
        strategies=[s["id"] for s in json.loads(row.strategies)],
        withdrawn_by=row.withdrawn_by,
        withdrawn_at=_utc(row.withdrawn_at),
        restored_by=row.restored_by,
        restored_at=_utc(row.restored_at),
    )


def history(conn: Connection) -> list[Batch]:
    """Every batch, newest first."""
    rows = conn.execute(sa.select(*_LISTED).order_by(batches.c.id.desc())).all()
    return [_batch(row) for row in rows]


def get(conn: Connection, batch_id: int) -> Batch:
    row = conn.execute(sa.select(*_LISTED).where(batches.c.id == batch_id)).first()
    if row is None:
        raise UnknownBatch(batch_id)
    return _batch(row)


def original(conn: Connection, batch_id: int) -> bytes:
    content = conn.execute(sa.select(batches.c.content).where(batches.c.id == batch_id)).scalar()
    if content is None:
        raise UnknownBatch(batch_id)
    return bytes(content)


def metadata(conn: Connection) -> Records:
    """Indicators, sources, targets and strategies brought by active batches."""
    columns: dict[str, type[Indicator | Source | Target | Strategy]] = {
        "indicators": Indicator,
        "sources": Source,
        "targets": Target,
        "strategies": Strategy,
    }
    rows = conn.execute(
        sa.select(*(batches.c[c] for c in columns))
        .where(batches.c.status == "active")
        .order_by(batches.c.id)
    ).all()
    found: dict[str, dict[str, Any]] = {c: {} for c in columns}
    for row in rows:
        for (column, model), dumps in zip(columns.items(), row, strict=True):
            for item in json.loads(dumps):
                found[column][item["id"]] = model.model_validate(item)
    return Records(**found)


def relying_on(conn: Connection, batch_id: int) -> list[str]:
    """Targets of other active batches that name what this batch brought (a strategy, a
    source or an indicator): withdrawing it hides them too, until it is restored."""
    row = conn.execute(
        sa.select(batches.c.indicators, batches.c.sources, batches.c.strategies).where(
            batches.c.id == batch_id
        )
    ).first()
    if row is None:
        raise UnknownBatch(batch_id)
    brought = [{item["id"] for item in json.loads(dumps)} for dumps in row]
    indicators, sources, strategies = brought
    others = conn.execute(
        sa.select(batches.c.targets).where(
            batches.c.status == "active", batches.c.id != batch_id, batches.c.targets != "[]"
        )
    ).scalars()
    return [
        target["id"]
        for dumps in others
        for target in json.loads(dumps)
        if target.get("strategy") in strategies
        or target["indicator"] in indicators
        or {target["source"], target.get("baseline_source")} & sources
    ]


def complete(rows: pd.DataFrame, file_name: str) -> pd.DataFrame:
    """Fill the optional columns a hand-built frame may lack; refuse an unusable one."""
    missing = [c for c in REQUIRED_COLUMNS if c not in rows.columns]
    if missing:
        raise BadRows(f"missing column(s) {', '.join(missing)}")
    if rows.empty:
        raise BadRows("no rows")
    rows = rows.copy(deep=False)  # a new frame to add columns to; its data is copied on write
    defaults: dict[str, Any] = {
        "high": float("nan"),
        "lower_bound": False,
        "estimate": False,
        "alternative": False,
        "source": "",
        "note": "",
        "file": file_name,
        "line": 0,
    }
    for column, default in defaults.items():
        if column not in rows.columns:
            rows[column] = default
    for column in ("source", "note", "file"):
        rows[column] = rows[column].fillna("")
    if rows[list(REQUIRED_COLUMNS)].isna().any().any():
        raise BadRows("empty indicator, country, year or value")
    shown = rows[~rows["alternative"].astype(bool)]
    if shown.duplicated(list(KEY)).any():
        raise BadRows("two charted rows for the same indicator, country and year")
    return conform(rows)


def import_batch(
    conn: Connection,
    rows: pd.DataFrame,
    *,
    by: str,
    file_name: str,
    content: bytes,
    mode: Mode,
    indicators: list[Indicator],
    sources: list[Source],
) -> Batch:
    """Store `rows` as one batch in the writer's transaction `conn`."""
    if mode not in ("add", "replace"):
        raise ValueError(f"mode must be 'add' or 'replace', not {mode!r}")
    frame = complete(rows, file_name)
    found = charted.compare(conn, frame)
    same = found.unchanged
    frame.loc[same, "alternative"] = True
    frame.loc[same, "note"] = [
        _join(n, "the same as the charted value") for n in frame["note"][same]
    ]
    if mode == "add":
        clash = found.conflicts
        at = clash["row"].to_numpy()
        frame.loc[at, "alternative"] = True
        frame.loc[at, "note"] = [
            _join(note, f"kept beside the charted value {value:g} from batch {batch} (add)")
            for note, value, batch in zip(
                frame.loc[at, "note"], clash["existing_value"], clash["existing_batch"], strict=True
            )
        ]
    batch_id = _insert(
        conn,
        frame,
        kind="upload",
        by=by,
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        mode=mode,
        indicators=indicators,
        sources=sources,
    )
    return get(conn, batch_id)


def ensure_bundled(conn: Connection, rows: pd.DataFrame, content_hash: str) -> Batch:
    """Load the bundled data once per content hash (see the module docstring)."""
    bundled = conn.execute(
        sa.select(batches.c.id, batches.c.status, batches.c.sha256).where(
            batches.c.kind == "bundled"
        )
    ).all()
    same = [b.id for b in bundled if b.sha256 == content_hash]
    current = [b.id for b in bundled if b.status == "active"]
    if same and same[-1] in current:
        return get(conn, same[-1])
    conn.execute(
        batches.update()
        .where(batches.c.id.in_(current))
        .values(status="superseded", withdrawn_by="bundled data update", withdrawn_at=_now())
    )
    if same:  # data files went back to an earlier release
        conn.execute(
            batches.update()
            .where(batches.c.id == same[-1])
            .values(status="active", restored_by="bundled data update", restored_at=_now())
        )
        return get(conn, same[-1])
    frame = complete(rows, "data/observations")
    batch_id = _insert(
        conn,
        frame,
        kind="bundled",
        by="athar",
        file_name="data/observations",
        sha256=content_hash,
        content=frame.to_csv(index=False).encode(),
        mode="add",
        indicators=[],
        sources=[],
    )
    return get(conn, batch_id)


def import_targets(
    conn: Connection,
    *,
    by: str,
    file_name: str,
    content: bytes,
    targets: list[Target],
    strategies: list[Strategy],
    sources: list[Source],
) -> Batch:
    """Store a targets file's records as one batch with no observations."""
    if not targets:
        raise BadTargets("no targets")
    batch_id = _insert(
        conn,
        conform(pd.DataFrame(columns=list(OBSERVATION_DTYPES))),
        kind="upload",
        by=by,
        file_name=file_name,
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        mode="add",
        indicators=[],
        sources=sources,
        targets=targets,
        strategies=strategies,
    )
    return get(conn, batch_id)


def set_status(
    conn: Connection, batch_id: int, by: str, before: BatchStatus, after: BatchStatus
) -> Batch:
    batch = get(conn, batch_id)
    if batch.kind == "bundled":
        raise ReadOnlyBatch(batch_id)
    if batch.status != before:
        raise BatchStatusError(batch_id, batch.status, before)
    who = "withdrawn" if after == "withdrawn" else "restored"
    conn.execute(
        batches.update()
        .where(batches.c.id == batch_id)
        .values({"status": after, f"{who}_by": by, f"{who}_at": _now()})
    )
    return get(conn, batch_id)


def _dumps(records: Sequence[Indicator | Source | Target | Strategy]) -> str:
    return json.dumps(
        [r.model_dump(mode="json") for r in records], ensure_ascii=False, sort_keys=True
    )


def _insert(
    conn: Connection,
    frame: pd.DataFrame,
    *,
    kind: Kind,
    by: str,
    file_name: str,
    sha256: str,
    content: bytes,
    mode: Mode,
    indicators: list[Indicator],
    sources: list[Source],
    targets: Sequence[Target] = (),
    strategies: Sequence[Strategy] = (),
) -> int:
    batch_id = conn.execute(
        batches.insert()
        .values(
            kind=kind,
            by=by,
            at=_now(),
            file_name=file_name,
            sha256=sha256,
            rows=len(frame),
            alternatives=int(frame["alternative"].sum()),
            mode=mode,
            status="active",
            indicators=_dumps(indicators),
            sources=_dumps(sources),
            targets=_dumps(targets),
            strategies=_dumps(strategies),
            content=content,
        )
        .returning(batches.c.id)
    ).scalar_one()
    _insert_rows(conn, frame, int(batch_id))
    contents.summarise(conn, int(batch_id))
    return int(batch_id)


_ROW_COLUMNS = ["batch_id", *OBSERVATION_DTYPES]


def _insert_rows(conn: Connection, frame: pd.DataFrame, batch_id: int) -> None:
    """All of a batch's rows, in chunks: PostgreSQL's COPY, or SQLite's executemany, each
    chunk built from whole columns (no per-row dictionaries or statements). Only one
    chunk's Python objects exist at a time, so a million rows do not cost a million tuples
    of memory at once."""
    names = ", ".join(_ROW_COLUMNS)
    if conn.dialect.name == "postgresql":
        # CSV with text quoted; an empty `high` (written "") is NULL.
        command = f"COPY observations ({names}) FROM STDIN WITH (FORMAT csv, FORCE_NULL (high))"
        cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(command) as copy:
            for start in range(0, len(frame), COPY_CHUNK):
                part = frame.iloc[start : start + COPY_CHUNK].assign(batch_id=batch_id)
                copy.write(
                    part[_ROW_COLUMNS].to_csv(
                        header=False, index=False, quoting=csv.QUOTE_NONNUMERIC
                    )
                )
        return
    marks = ", ".join("?" * len(_ROW_COLUMNS))
    sql = f"INSERT INTO observations ({names}) VALUES ({marks})"
    for start in range(0, len(frame), CHUNK):
        part = frame.iloc[start : start + CHUNK]
        high = part["high"].astype(object).where(part["high"].notna(), None)
        columns = [
            [batch_id] * len(part),
            *(high.tolist() if c == "high" else part[c].tolist() for c in OBSERVATION_DTYPES),
        ]
        conn.exec_driver_sql(sql, list(zip(*columns, strict=True)))


def _join(note: str, extra: str) -> str:
    return f"{note}; {extra}" if note else extra
