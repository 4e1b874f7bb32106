"""A writer the environment stops: a full disk, a lock held too long, a read-only database, a
connection lost midway. Each is refused with a worded StoreFault (never a traceback), the
store keeps exactly what it held, and the next import goes through once the cause is gone.

Every fault is real, raised by the database itself: SQLite's own page limit
(``PRAGMA max_page_count``, set on the test's connections) fills the database the way a full
disk does, with the same error (SQLITE_FULL); a second connection holds the write lock; a
PostgreSQL backend is terminated in the middle of an import.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest
import sqlalchemy as sa

from metrics import i18n
from metrics.catalog import Catalog
from metrics.current import open_store
from metrics.store import (
    Store,
    StoreBusy,
    StoreFault,
    StoreFull,
    StoreReadOnly,
    StoreUnavailable,
)
from metrics.store.engine import LOCK_ID
from metrics.store.faults import classify
from tests.store_worker import COUNTRIES, make_frame
from tests.test_store import FIRST, frame, store_digest, values

ROOT = Path(__file__).resolve().parent.parent
ROOM = 8  # pages (of 4 KiB) left in the "disk" once the first batch is in
SMALL = frame(("internet_users", "MLI", 2023, 34.0, "wb", ""))


def pages(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA page_count").fetchone()[0])


def on_connect(store: Store, *pragmas: str) -> None:
    """Run `pragmas` on every new connection of the store's engine (after its own settings),
    and drop the connections it holds so that each next one gets them."""

    @sa.event.listens_for(store.engine, "connect")
    def _set(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        for pragma in pragmas:
            cursor.execute(pragma)
        cursor.close()

    store.engine.dispose()


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    return tmp_path / "athar.db"


@pytest.fixture
def sqlite_store(sqlite_path: Path) -> Any:
    opened = Store(f"sqlite:///{sqlite_path}")
    opened.import_batch(FIRST, by="amina", file_name="a.csv", content=b"a")
    yield opened
    opened.close()


def test_a_full_disk_refuses_the_import_whole_and_says_what_to_do(
    sqlite_store: Store, sqlite_path: Path
) -> None:
    on_connect(sqlite_store, f"PRAGMA max_page_count={pages(sqlite_path) + ROOM}")
    digest, history = store_digest(sqlite_store), sqlite_store.history()
    big = make_frame(20000)  # about 2 MB stored: far more than the room left
    with pytest.raises(StoreFull) as refused:
        sqlite_store.import_batch(big, by="omar", file_name="big.csv", content=b"b" * 50_000)
    error = refused.value
    assert error.code == "store.disk_full" and error.params == {"where": str(sqlite_path)}
    cause = error.__cause__
    assert isinstance(cause, sa.exc.OperationalError)  # SQLite's own refusal, kept as the cause
    assert cause.orig.sqlite_errorname == "SQLITE_FULL"  # type: ignore[union-attr]
    assert i18n.explain(error) == (
        f"Nothing was stored: the disk that holds the store ({sqlite_path}) is full. Free some"
        " space on it, or ask the administrator to, then try again."
    )
    french = i18n.explain(error, "fr")
    assert french.startswith("Rien n'a été enregistré\u00a0: le disque qui contient la base")
    assert f"({sqlite_path}) est plein" in french and "Libérez-y de la place" in french
    arabic = i18n.explain(error, "ar")
    assert arabic.startswith("لم يُحفظ أي شيء: القرص الذي يضم قاعدة البيانات")
    assert f"(\u2068{sqlite_path}\u2069) ممتلئ" in arabic and "حرِّر بعض المساحة" in arabic

    assert store_digest(sqlite_store) == digest  # byte for byte as before
    assert sqlite_store.history() == history
    batch = sqlite_store.import_batch(SMALL, by="omar", file_name="small.csv", content=b"s")
    assert values(sqlite_store.charted())[("internet_users", "MLI", 2023)] == 34.0
    assert [b.id for b in sqlite_store.history()] == [batch.id, history[0].id]


def test_a_lock_held_past_the_busy_timeout_is_worded(
    sqlite_store: Store, sqlite_path: Path
) -> None:
    on_connect(sqlite_store, "PRAGMA busy_timeout=200")  # instead of a minute
    digest = store_digest(sqlite_store)
    holder = sqlite3.connect(sqlite_path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another writer, in the middle of its transaction
        with pytest.raises(StoreBusy) as refused:
            sqlite_store.import_batch(SMALL, by="omar", file_name="small.csv", content=b"s")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert i18n.explain(refused.value) == (
        f"Nothing was stored: another change kept the store ({sqlite_path}) busy for too long."
        " Try again in a moment."
    )
    assert store_digest(sqlite_store) == digest
    sqlite_store.import_batch(SMALL, by="omar", file_name="small.csv", content=b"s")
    assert len(sqlite_store.history()) == 2


def test_a_read_only_database_is_worded(sqlite_store: Store, sqlite_path: Path) -> None:
    on_connect(sqlite_store, "PRAGMA query_only=ON")  # SQLite refuses every write
    digest = store_digest(sqlite_store)
    with pytest.raises(StoreReadOnly) as refused:
        sqlite_store.withdraw(sqlite_store.history()[0].id, by="omar")
    assert refused.value.code == "store.read_only"
    assert "Ask the administrator." in i18n.explain(refused.value)
    assert "Adressez-vous à l'administrateur." in i18n.explain(refused.value, "fr")
    assert "تواصل مع مسؤول النظام" in i18n.explain(refused.value, "ar")
    assert store_digest(sqlite_store) == digest


def test_an_error_that_is_not_the_environments_stays_what_it_is(sqlite_store: Store) -> None:
    refused = pytest.raises(sa.exc.OperationalError, match="no such table")  # a programming error
    with refused, sqlite_store.db.write() as conn:
        conn.exec_driver_sql("INSERT INTO nowhere VALUES (1)")


@pytest.mark.parametrize(
    ("error", "fault"),
    [
        (
            psycopg.errors.DiskFull('could not extend file "base/1/2": No space left on device'),
            StoreFull,
        ),
        (psycopg.errors.ReadOnlySqlTransaction("cannot execute INSERT"), StoreReadOnly),
        (psycopg.errors.AdminShutdown("terminating connection"), StoreUnavailable),
        (psycopg.errors.LockNotAvailable("canceling statement due to lock timeout"), StoreBusy),
        (psycopg.OperationalError("connection failed: Connection refused"), StoreUnavailable),
        (psycopg.errors.UniqueViolation("duplicate key"), None),
        (sqlite3.IntegrityError("NOT NULL constraint failed"), None),
    ],
)
def test_driver_errors_are_classified(error: Exception, fault: type[StoreFault] | None) -> None:
    wrapper = (
        sa.exc.OperationalError
        if isinstance(error, psycopg.OperationalError)
        else sa.exc.IntegrityError
    )
    assert classify(wrapper("INSERT ...", {}, error)) is fault


def test_a_connection_lost_midway_on_postgresql_leaves_the_store_as_it_was(
    postgres_url: str,
) -> None:
    store = Store(postgres_url)
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    try:
        store.import_batch(FIRST, by="amina", file_name="a.csv", content=b"a")
        digest = store_digest(store)
        killed: list[int] = []

        @sa.event.listens_for(store.engine, "before_cursor_execute")
        def _kill(conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
            # The batch's row, inside the import's transaction (its rows follow by COPY).
            if statement.startswith("INSERT INTO batches") and not killed:
                pid = conn.connection.dbapi_connection.info.backend_pid
                with admin.connect() as other:  # the server ends the importing backend
                    other.execute(sa.text("SELECT pg_terminate_backend(:pid, 10000)"), {"pid": pid})
                killed.append(pid)

        with pytest.raises(StoreUnavailable) as refused:
            store.import_batch(make_frame(12000), by="omar", file_name="b.csv", content=b"b")
        assert killed
        assert refused.value.params == {"where": postgres_url.split("@")[1]}
        assert "Try again in a moment" in i18n.explain(refused.value)
        sa.event.remove(store.engine, "before_cursor_execute", _kill)
        assert store_digest(store) == digest
        store.import_batch(SMALL, by="omar", file_name="small.csv", content=b"s")
        assert len(store.history()) == 2
    finally:
        store.close()
        admin.dispose()


def test_a_writer_waiting_past_the_lock_timeout_on_postgresql_is_worded(
    postgres_url: str,
) -> None:
    store = Store(f"{postgres_url}?options=-c%20lock_timeout%3D300")
    admin = sa.create_engine(postgres_url)
    try:
        with admin.connect() as holder, holder.begin():
            holder.execute(sa.select(sa.func.pg_advisory_xact_lock(LOCK_ID)))  # another writer
            with pytest.raises(StoreBusy):
                store.import_batch(SMALL, by="omar", file_name="small.csv", content=b"s")
        assert store.history() == []
        store.import_batch(SMALL, by="omar", file_name="small.csv", content=b"s")
        assert len(store.history()) == 1
    finally:
        store.close()
        admin.dispose()


# `python -m metrics`, with SQLite's page limit set on every connection it opens (the only
# way to reach the connections of another process without a real full disk).
LIMITED = """
import runpy, sys
import sqlalchemy as sa
limit = int(sys.argv.pop(1))

@sa.event.listens_for(sa.engine.Engine, "connect")
def _limit(dbapi_connection, _record):
    dbapi_connection.execute(f"PRAGMA max_page_count={limit}")

runpy.run_module("metrics", run_name="__main__", alter_sys=True)
"""


def run_cli(db: Path, *args: str, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "METRICS_DB_PATH": str(db)}
    env.pop("METRICS_DB_URL", None)
    command = ["-m", "metrics"] if limit is None else ["-c", LIMITED, str(limit)]
    return subprocess.run(
        [sys.executable, *command, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_line_words_a_full_disk_and_exits_1(catalog: Catalog, tmp_path: Path) -> None:
    db = tmp_path / "athar.db"
    opened = open_store(catalog, f"sqlite:///{db}")  # the bundled data in, as the CLI leaves it
    digest = store_digest(opened)
    opened.close()
    rows = [
        f"internet_users,{country},{year},{year % 100:.1f},,a row of a file that fills the disk"
        for country in COUNTRIES
        for year in range(1960, 2024)
    ]
    big = tmp_path / "big.csv"
    big.write_text("indicator,country,year,value,source,note\n" + "\n".join(rows) + "\n")
    assert big.stat().st_size > 4096 * ROOM

    done = run_cli(db, "import", str(big), "--by", "test", limit=pages(db) + ROOM)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr
    assert done.stderr.strip() == i18n.t("store.disk_full", where=str(db))
    assert "Imported" not in done.stdout

    reopened = Store(f"sqlite:///{db}")
    try:
        assert store_digest(reopened) == digest
    finally:
        reopened.close()
    small = tmp_path / "small.csv"
    small.write_text("indicator,country,year,value\ninternet_users,MLI,2024,35.5\n")
    done = run_cli(db, "import", str(small), "--by", "test")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Imported small.csv as batch ")
