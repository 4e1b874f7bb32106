"""Where the store lives and how it is reached: one engine, snapshot reads, one writer.

A SQLite file by default (``METRICS_DB_PATH``, else ``<repo>/var/athar.db``; the folder is
created on first run), or any SQLAlchemy URL in ``METRICS_DB_URL`` (e.g.
``postgresql+psycopg://user@host/athar``) for a deployment with several app servers. SQLite
runs in WAL mode with a busy timeout, so readers never block and a second writer waits for
the first instead of failing. Writes are serialised (SQLite ``BEGIN IMMEDIATE``, PostgreSQL a
transaction-scoped advisory lock), so two analysts importing at the same time both land,
whole, one after the other, each checked against the other's rows. A writer the database
stops (a full disk, a read-only file, a lock held past the busy timeout, a lost connection)
raises a worded StoreFault (see faults), its transaction rolled back.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from metrics.store import contents, faults, schema

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PATH = ROOT / "var" / "athar.db"
BUSY_TIMEOUT = 60  # seconds a SQLite writer waits for another one; a large import takes seconds
LOCK_ID = 0x417468  # PostgreSQL advisory lock serialising writers ("Ath")


def default_url() -> str:
    """METRICS_DB_URL if set, else the SQLite file at METRICS_DB_PATH (or var/athar.db)."""
    if url := os.environ.get("METRICS_DB_URL"):
        return url
    path = Path(os.environ.get("METRICS_DB_PATH") or DEFAULT_PATH)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path.resolve()}"


class Database:
    """One engine (a connection pool) and the two kinds of transaction the store uses."""

    def __init__(self, url: str | None = None):
        parsed = sa.make_url(url or default_url())
        if parsed.drivername == "postgresql":  # the driver we ship, not SQLAlchemy's psycopg2
            parsed = parsed.set(drivername="postgresql+psycopg")
        self.url = parsed.render_as_string(hide_password=False)  # not for display
        self.sqlite = parsed.get_backend_name() == "sqlite"
        self.where = _where(parsed)
        if self.sqlite:
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            self.engine: Engine = sa.create_engine(parsed, connect_args={"timeout": BUSY_TIMEOUT})
            sa.event.listen(self.engine, "connect", _sqlite_connect)
            sa.event.listen(self.engine, "begin", _sqlite_begin)
        else:
            self.engine = sa.create_engine(parsed, pool_pre_ping=True)
        with self.write() as conn:
            schema.create(conn)
            contents.fill(conn)

    def close(self) -> None:
        self.engine.dispose()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One transaction that holds the store's single writer lock until it ends.

        On PostgreSQL it stays READ COMMITTED: each statement after the lock sees every batch
        committed before it was granted (a REPEATABLE READ snapshot would predate the wait)."""
        try:
            with self.engine.connect().execution_options(athar_write=True) as conn, conn.begin():
                if not self.sqlite:
                    conn.execute(sa.select(sa.func.pg_advisory_xact_lock(LOCK_ID)))
                yield conn
        except sa.exc.DBAPIError as error:  # connecting, a statement, or the commit
            fault = faults.translate(error, self.where)
            if fault is None:
                raise
            raise fault from error

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One transaction: every query in it sees the same state (a snapshot)."""
        conn = self.engine.connect()
        if not self.sqlite:  # SQLite's read transactions are snapshots already (WAL)
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        with conn, conn.begin():
            yield conn


def _where(url: sa.URL) -> str:
    """The store as its administrator would look for it: the SQLite file, or PostgreSQL's
    host and database (never the user or password)."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    host = (url.host or "localhost") + (f":{url.port}" if url.port else "")
    return f"{host}/{url.database or ''}"


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
