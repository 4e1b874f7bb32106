"""Persistence: every import is a batch, kept whole, with who/when/file/hash and the file itself.

Where: a SQLite file by default (``METRICS_DB_PATH``, else ``<repo>/var/athar.db``; the folder
is created on first run), or any SQLAlchemy URL in ``METRICS_DB_URL`` (e.g.
``postgresql+psycopg://user@host/athar``) for a deployment with several app servers. The
schema is created on first use. SQLite runs in WAL mode with a busy timeout, so readers never
block and a second writer waits for the first instead of failing.

Batches. One import is one batch, written in one transaction: all of its rows land or none do
(a crash or a kill midway leaves the store exactly as it was). A batch records who (``by``),
when (UTC), the file name, the SHA-256 of the original bytes, the row count, the original
bytes themselves (``original()``), the mode ("add" or "replace"), the metadata of indicators
new to the catalogue, and its status. Writes are serialised (SQLite ``BEGIN IMMEDIATE``,
PostgreSQL a transaction-scoped advisory lock), so two analysts importing at the same time
both land, whole, one after the other, each checked against the other's rows.

Which value is charted. For a key (indicator, country, year), the charted value is the
non-alternative row of the highest-ranked ACTIVE batch that has one. Analysts' batches
("upload") rank above the bundled data, and among them the most recent import ranks highest.
So withdrawing a batch makes the value it replaced reappear, and restoring an old batch does
not put it above batches imported after it.

- mode "add": an incoming row whose key already has a DIFFERENT charted value (value or high)
  is stored as an alternative (alternative=True, with a note saying it was kept beside the
  charted value and where that came from): nothing is lost and nothing is silently
  overwritten. A row repeating the charted value is stored as charted.
- mode "replace": incoming rows become the charted value; the older value stays in its batch
  and is listed by ``alternatives()`` while it is hidden.
- ``conflicts(frame)`` shows, before committing, the rows that differ from a charted value.
  The add/replace decision is taken once, at import: if the batch that held the charted value
  is later withdrawn, a row kept as an alternative stays an alternative.

Bundled data. ``ensure_bundled(frame, content_hash)`` loads the data shipped in ``data/`` as a
read-only batch of kind "bundled" (it cannot be withdrawn), once per content hash: calling it
again with the same hash does nothing. A new hash (the data files changed in a new release)
adds a new bundled batch and marks the previous one "superseded" (kept for the record, no
longer charted); a hash seen before brings its batch back instead of storing it twice. Since
uploads rank above the bundled data, a new release never hides an analyst's correction. The
"original" of a bundled batch is its observations as CSV; its sha256 is ``content_hash``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from metrics.catalog import Catalog, bundled_hash
from metrics.errors import MetricsError
from metrics.models import KEY, OBSERVATION_COLUMNS, REQUIRED_COLUMNS, Indicator

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PATH = ROOT / "var" / "athar.db"
BUSY_TIMEOUT = 60  # seconds a SQLite writer waits for another one; a large import takes seconds
CHUNK = 5000  # rows per INSERT statement
LOCK_ID = 0x417468  # PostgreSQL advisory lock serialising writers ("Ath")

Mode = Literal["add", "replace"]
Kind = Literal["upload", "bundled"]
Status = Literal["active", "withdrawn", "superseded"]
_KIND_RANK = {"bundled": 0, "upload": 1}  # uploads win over the bundled data

# Columns of the frames returned: those of catalog.observations, same order and dtypes.
COLUMNS = [*OBSERVATION_COLUMNS, "file", "line"]
DTYPES = {
    "indicator": "str",
    "country": "str",
    "year": "int32",
    "value": "float64",
    "high": "float64",
    "lower_bound": "bool",
    "estimate": "bool",
    "alternative": "bool",
    "source": "str",
    "note": "str",
    "file": "str",
    "line": "int64",
}

METADATA = sa.MetaData()
batches = sa.Table(
    "batches",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("kind", sa.String(16), nullable=False),  # "upload" or "bundled"
    sa.Column("by", sa.String(200), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),  # UTC
    sa.Column("file_name", sa.String(500), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),  # of content (bundled: data files)
    sa.Column("rows", sa.Integer, nullable=False),
    sa.Column("alternatives", sa.Integer, nullable=False),  # rows stored as alternatives
    sa.Column("mode", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("withdrawn_by", sa.String(200)),
    sa.Column("withdrawn_at", sa.DateTime(timezone=True)),
    sa.Column("restored_by", sa.String(200)),
    sa.Column("restored_at", sa.DateTime(timezone=True)),
    sa.Column("indicators", sa.Text, nullable=False),  # JSON list of Indicator dumps
    sa.Column("content", sa.LargeBinary, nullable=False),  # the original file's bytes
)
observations = sa.Table(
    "observations",
    METADATA,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("batch_id", sa.ForeignKey("batches.id"), nullable=False, index=True),
    sa.Column("indicator", sa.String(64), nullable=False),
    sa.Column("country", sa.String(3), nullable=False),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("value", sa.Float, nullable=False),
    sa.Column("high", sa.Float),
    sa.Column("lower_bound", sa.Boolean, nullable=False),
    sa.Column("estimate", sa.Boolean, nullable=False),
    sa.Column("alternative", sa.Boolean, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("file", sa.Text, nullable=False),
    sa.Column("line", sa.Integer, nullable=False),
    sa.Index("observations_key", "indicator", "country", "year"),
)


class StoreError(MetricsError):
    """A store operation refused; ``code`` and ``params`` let the interface word it."""

    code = "store_error"

    def __init__(self, message: str, **params: Any):
        self.params = params
        super().__init__(message)


class UnknownBatch(StoreError):
    code = "unknown_batch"

    def __init__(self, batch_id: int):
        super().__init__(f"no batch {batch_id}", batch=batch_id)


class ReadOnlyBatch(StoreError):
    code = "read_only_batch"

    def __init__(self, batch_id: int):
        super().__init__(
            f"batch {batch_id} holds the bundled data and cannot be withdrawn or restored",
            batch=batch_id,
        )


class BatchStatusError(StoreError):
    code = "batch_status"

    def __init__(self, batch_id: int, status: str, wanted: str):
        super().__init__(
            f"batch {batch_id} is {status}; only an {wanted} batch can be changed so",
            batch=batch_id,
            status=status,
            wanted=wanted,
        )


class BadObservations(StoreError):
    code = "bad_observations"

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
    alternatives: int  # rows stored as alternatives (theirs, or kept beside a charted value)
    mode: Mode
    status: Status
    indicators: list[str]  # ids of the new indicators whose metadata came with the batch
    withdrawn_by: str | None = None
    withdrawn_at: dt.datetime | None = None
    restored_by: str | None = None
    restored_at: dt.datetime | None = None


def default_url() -> str:
    """METRICS_DB_URL if set, else the SQLite file at METRICS_DB_PATH (or var/athar.db)."""
    if url := os.environ.get("METRICS_DB_URL"):
        return url
    path = Path(os.environ.get("METRICS_DB_PATH") or DEFAULT_PATH)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.resolve()}"


def _aware(value: dt.datetime) -> dt.datetime:
    """Every time is stored in UTC; SQLite hands it back naive, PostgreSQL in its time zone."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _utc(value: dt.datetime | None) -> dt.datetime | None:
    return None if value is None else _aware(value)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _table(rows: Sequence[Any], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([tuple(row) for row in rows], columns=columns)


def _frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The columns of catalog.observations, in its order, with its dtypes."""
    frame = frame[COLUMNS].copy()
    frame["high"] = pd.to_numeric(frame["high"], errors="coerce")
    return frame.astype(DTYPES).reset_index(drop=True)


class Store:
    def __init__(self, url: str | None = None):
        parsed = sa.make_url(url or default_url())
        if parsed.drivername == "postgresql":  # the driver we ship, not SQLAlchemy's psycopg2
            parsed = parsed.set(drivername="postgresql+psycopg")
        self.url = parsed.render_as_string(
            hide_password=False
        )  # with its password: not for display
        self.sqlite = parsed.get_backend_name() == "sqlite"
        if self.sqlite:
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = sa.create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT})
            sa.event.listen(self.engine, "connect", _sqlite_connect)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        else:
            self.engine = sa.create_engine(parsed, pool_pre_ping=True)
        with self._write() as conn:
            METADATA.create_all(conn)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction that holds the store's single writer lock until it ends.

        On PostgreSQL it stays READ COMMITTED: each statement after the lock sees every batch
        committed before it was granted (a REPEATABLE READ snapshot would predate the wait)."""
        with self.engine.connect().execution_options(athar_write=True) as conn, conn.begin():
            if not self.sqlite:
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(LOCK_ID)))
            yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """One transaction: every query in it sees the same state (a snapshot)."""
        conn = self.engine.connect()
        if not self.sqlite:  # SQLite's read transactions are snapshots already (WAL)
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn, conn.begin():
            yield conn

    # --- reading -------------------------------------------------------------------------

    def _ranked(self, indicators: list[str] | None = None) -> sa.Subquery:
        """Non-alternative rows of active batches, rank 1 = the charted one for its key."""
        order = sa.case(_KIND_RANK, value=batches.c.kind)
        rank = (
            sa.func.row_number()
            .over(
                partition_by=[observations.c[k] for k in KEY],
                order_by=[order.desc(), batches.c.id.desc(), observations.c.id.desc()],
            )
            .label("rank")
        )
        query = (
            sa.select(*[observations.c[c] for c in COLUMNS], observations.c.batch_id, rank)
            .join(batches, batches.c.id == observations.c.batch_id)
            .where(batches.c.status == "active", ~observations.c.alternative)
        )
        if indicators is not None:
            query = query.where(observations.c.indicator.in_(indicators))
        return query.subquery()

    def _charted(self, conn: Connection, indicators: list[str] | None = None) -> pd.DataFrame:
        ranked = self._ranked(indicators)
        query = sa.select(*[ranked.c[c] for c in COLUMNS], ranked.c.batch_id).where(
            ranked.c.rank == 1
        )
        rows = conn.execute(query.order_by(*[ranked.c[k] for k in KEY])).all()
        table = _table(rows, [*COLUMNS, "batch_id"])
        frame = _frame(table)
        frame["batch_id"] = table["batch_id"].astype("int64")
        return frame

    def observations(self) -> pd.DataFrame:
        """The charted rows: one per (indicator, country, year), like catalog.observations."""
        with self._read() as conn:
            return self._charted(conn)[COLUMNS]

    def alternatives(self) -> pd.DataFrame:
        """Values not charted: rows stored as alternatives in active batches, and values an
        active batch replaced (alternative=True, the note says which batch replaced them)."""
        ranked = self._ranked()
        with self._read() as conn:
            stored = conn.execute(
                sa.select(*[observations.c[c] for c in COLUMNS])
                .join(batches, batches.c.id == observations.c.batch_id)
                .where(batches.c.status == "active", observations.c.alternative)
                .order_by(observations.c.id)
            ).all()
            hidden = conn.execute(
                sa.select(*[ranked.c[c] for c in COLUMNS]).where(ranked.c.rank > 1)
            ).all()
            charted = self._charted(conn)
        replaced = _frame(_table(hidden, COLUMNS))
        top = charted.set_index(list(KEY))
        key = pd.MultiIndex.from_frame(replaced[list(KEY)])
        winner = top.reindex(key)
        same = (winner["value"].to_numpy() == replaced["value"].to_numpy()) & (
            winner["high"].fillna(-1.0).to_numpy() == replaced["high"].fillna(-1.0).to_numpy()
        )
        replaced = replaced[~same].copy()
        by = winner["batch_id"].to_numpy()[~same]
        replaced["alternative"] = True
        replaced["note"] = [
            _join(note, f"replaced by batch {int(b)}")
            for note, b in zip(replaced["note"], by, strict=True)
        ]
        both = pd.concat([_frame(_table(stored, COLUMNS)), replaced])
        return _frame(both.sort_values(list(KEY), kind="stable"))

    def conflicts(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows of `frame` whose key has a different charted value now, with that value."""
        with self._read() as conn:
            return self._conflicts(conn, frame)

    def _conflicts(self, conn: Connection, frame: pd.DataFrame) -> pd.DataFrame:
        new = _frame(_complete(frame, ""))
        new = new[~new["alternative"]]
        old = self._charted(conn, sorted(new["indicator"].unique()))
        both = new.reset_index().merge(old, on=list(KEY), suffixes=("", "_old"))
        differ = (both["value"] != both["value_old"]) | (
            both["high"].fillna(-1.0) != both["high_old"].fillna(-1.0)
        )
        both = both[differ]
        return pd.DataFrame(
            {
                "indicator": both["indicator"],
                "country": both["country"],
                "year": both["year"],
                "existing_value": both["value_old"],
                "existing_high": both["high_old"],
                "existing_source": both["source_old"],
                "existing_batch": both["batch_id"].astype("int64"),
                "new_value": both["value"],
                "new_high": both["high"],
                "new_source": both["source"],
                "row": both["index"],  # position of the row in `frame`
            }
        ).reset_index(drop=True)

    def version(self) -> str:
        """Changes whenever what is charted may change: a new batch, a withdrawal or a
        restoration. One small query, cheap enough to ask on every page view."""
        with self._read() as conn:
            row = conn.execute(
                sa.select(
                    sa.func.max(batches.c.id),
                    sa.func.max(batches.c.withdrawn_at),
                    sa.func.max(batches.c.restored_at),
                    sa.func.count(batches.c.id).filter(batches.c.status == "active"),
                )
            ).one()
        return "/".join(str(v) for v in row)

    def history(self) -> list[Batch]:
        """Every batch, newest first (the original bytes are not loaded)."""
        with self._read() as conn:
            rows = conn.execute(
                sa.select(*[c for c in batches.c if c.name != "content"]).order_by(
                    batches.c.id.desc()
                )
            ).all()
        return [_batch(row) for row in rows]

    def batch(self, batch_id: int) -> Batch:
        with self._read() as conn:
            return self._batch(conn, batch_id)

    def _batch(self, conn: Connection, batch_id: int) -> Batch:
        row = conn.execute(
            sa.select(*[c for c in batches.c if c.name != "content"]).where(
                batches.c.id == batch_id
            )
        ).first()
        if row is None:
            raise UnknownBatch(batch_id)
        return _batch(row)

    def original(self, batch_id: int) -> bytes:
        with self._read() as conn:
            content = conn.execute(
                sa.select(batches.c.content).where(batches.c.id == batch_id)
            ).scalar()
        if content is None:
            raise UnknownBatch(batch_id)
        return bytes(content)

    def indicators(self) -> dict[str, Indicator]:
        """Metadata of the indicators brought by active batches (a later batch wins)."""
        with self._read() as conn:
            dumps = conn.execute(
                sa.select(batches.c.indicators)
                .where(batches.c.status == "active")
                .order_by(batches.c.id)
            ).scalars()
            found: dict[str, Indicator] = {}
            for dump in dumps:
                for item in json.loads(dump):
                    indicator = Indicator.model_validate(item)
                    found[indicator.id] = indicator
        return found

    # --- writing -------------------------------------------------------------------------

    def import_batch(
        self,
        observations: pd.DataFrame,
        *,
        by: str,
        file_name: str,
        content: bytes,
        mode: Mode = "add",
        indicators: list[Indicator] | None = None,
    ) -> Batch:
        """Store `observations` (a validate.Result frame) as one batch, all or nothing."""
        if mode not in ("add", "replace"):
            raise ValueError(f"mode must be 'add' or 'replace', not {mode!r}")
        frame = _frame(_complete(observations, file_name))
        with self._write() as conn:
            if mode == "add":
                clash = self._conflicts(conn, frame)
                rows = clash["row"].to_numpy()
                frame.loc[rows, "alternative"] = True
                frame.loc[rows, "note"] = [
                    _join(note, f"kept beside the charted value {value:g} from batch {batch} (add)")
                    for note, value, batch in zip(
                        frame.loc[rows, "note"],
                        clash["existing_value"],
                        clash["existing_batch"],
                        strict=True,
                    )
                ]
            batch_id = self._insert(
                conn,
                frame,
                kind="upload",
                by=by,
                file_name=file_name,
                sha256=hashlib.sha256(content).hexdigest(),
                content=content,
                mode=mode,
                indicators=indicators or [],
            )
            return self._batch(conn, batch_id)

    def ensure_bundled(self, observations: pd.DataFrame, content_hash: str) -> Batch:
        """Load the bundled data once per content hash (see the module docstring)."""
        with self._write() as conn:
            bundled = conn.execute(
                sa.select(batches.c.id, batches.c.status, batches.c.sha256).where(
                    batches.c.kind == "bundled"
                )
            ).all()
            same = [b.id for b in bundled if b.sha256 == content_hash]
            current = [b.id for b in bundled if b.status == "active"]
            if same and same[-1] in current:
                return self._batch(conn, same[-1])
            conn.execute(
                batches.update()
                .where(batches.c.id.in_(current))
                .values(
                    status="superseded", withdrawn_by="bundled data update", withdrawn_at=_now()
                )
            )
            if same:  # data files went back to an earlier release
                conn.execute(
                    batches.update()
                    .where(batches.c.id == same[-1])
                    .values(status="active", restored_by="bundled data update", restored_at=_now())
                )
                return self._batch(conn, same[-1])
            frame = _frame(_complete(observations, "data/observations"))
            batch_id = self._insert(
                conn,
                frame,
                kind="bundled",
                by="athar",
                file_name="data/observations",
                sha256=content_hash,
                content=frame.to_csv(index=False).encode(),
                mode="add",
                indicators=[],
            )
            return self._batch(conn, batch_id)

    def withdraw(self, batch_id: int, by: str) -> Batch:
        """Hide a batch's rows and metadata; nothing is deleted, restore() brings them back."""
        return self._set_status(batch_id, by, "active", "withdrawn")

    def restore(self, batch_id: int, by: str) -> Batch:
        return self._set_status(batch_id, by, "withdrawn", "active")

    def _set_status(self, batch_id: int, by: str, before: Status, after: Status) -> Batch:
        with self._write() as conn:
            batch = self._batch(conn, batch_id)
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
            return self._batch(conn, batch_id)

    def _insert(
        self,
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
    ) -> int:
        dumps = [i.model_dump(mode="json") for i in indicators]
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
                indicators=json.dumps(dumps, ensure_ascii=False, sort_keys=True),
                content=content,
            )
            .returning(batches.c.id)
        ).scalar_one()
        records = frame.to_dict("records")  # plain Python values, which every driver takes
        for record in records:
            if pd.isna(record["high"]):
                record["high"] = None
        for start in range(0, len(records), CHUNK):
            chunk = records[start : start + CHUNK]
            conn.execute(observations.insert(), [{**r, "batch_id": batch_id} for r in chunk])
        return int(batch_id)


def _complete(frame: pd.DataFrame, file_name: str) -> pd.DataFrame:
    """Fill the optional columns a hand-built frame may lack; refuse an unusable one."""
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise BadObservations(f"missing column(s) {', '.join(missing)}")
    if frame.empty:
        raise BadObservations("no rows")
    frame = frame.copy()
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
        if column not in frame.columns:
            frame[column] = default
    for column in ("source", "note", "file"):
        frame[column] = frame[column].fillna("")
    if frame[list(REQUIRED_COLUMNS)].isna().any().any():
        raise BadObservations("empty indicator, country, year or value")
    charted = frame[~frame["alternative"].astype(bool)]
    if charted.duplicated(list(KEY)).any():
        raise BadObservations("two charted rows for the same indicator, country and year")
    return frame.reset_index(drop=True)


def _join(note: str, extra: str) -> str:
    return f"{note}; {extra}" if note else extra


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
        withdrawn_by=row.withdrawn_by,
        withdrawn_at=_utc(row.withdrawn_at),
        restored_by=row.restored_by,
        restored_at=_utc(row.restored_at),
    )


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event emit BEGIN itself (pysqlite's own is deferred and late).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer, nor it them
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT * 1000}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # A writer takes the write lock at BEGIN, so its conflict check and its inserts see one
    # state; a second writer waits (busy timeout) instead of failing on upgrade.
    write = conn.get_execution_options().get("athar_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def open_store(catalog: Catalog, url: str | None = None) -> Store:
    """The store, with the bundled data loaded into it as its read-only batch."""
    store = Store(url)
    bundled = pd.concat([catalog.observations, catalog.alternatives], ignore_index=True)
    store.ensure_bundled(bundled, bundled_hash())
    return store
