"""The store on SQLite and on a real PostgreSQL server (the `store` fixture runs each test on
both): round trips, history, add/replace, withdraw/restore, bundled data, new indicators,
concurrent imports from threads and processes, and an import killed midway."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

from metrics.catalog import Catalog
from metrics.models import Indicator
from metrics.store import (
    BadRows,
    BatchStatusError,
    Mode,
    ReadOnlyBatch,
    Store,
    UnknownBatch,
    schema,
)
from tests.store_worker import make_frame

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ["indicator", "country", "year", "value", "source", "note"]


def store_digest(store: Store, without: int | None = None) -> str:
    """SHA-256 of every row of every table in the store's database, in a fixed order: equal
    digests mean the stored content is the same, byte for byte. `without` leaves out one
    batch and its rows (the store after an import, seen without it, is the store before)."""
    digest = hashlib.sha256()
    meta = sa.MetaData()
    with store.engine.connect() as conn:
        meta.reflect(conn)
        for table in sorted(meta.tables.values(), key=lambda t: t.name):
            digest.update(f"table {table.name}\n".encode())
            order = list(table.primary_key.columns) or list(table.columns)
            query = sa.select(table).order_by(*order)
            if without is not None and table.name == "batches":
                query = query.where(table.c.id != without)
            elif without is not None and "batch_id" in table.c:
                query = query.where(table.c.batch_id != without)
            for row in conn.execute(query):
                digest.update(repr(tuple(row)).encode() + b"\n")
    return digest.hexdigest()


def frame(*rows: tuple[Any, ...], **extra: list[Any]) -> pd.DataFrame:
    """Observations as validate.Result gives them, from (indicator, country, year, value,
    source, note) tuples; other columns by keyword."""
    out = pd.DataFrame(list(rows), columns=COLUMNS)
    out["year"] = out["year"].astype("int32")
    out["value"] = out["value"].astype("float64")
    out["high"] = extra.get("high", float("nan"))
    for flag in ("lower_bound", "estimate", "alternative"):
        out[flag] = extra.get(flag, False)
    out["file"] = "upload.csv"
    out["line"] = range(2, len(out) + 2)
    flags = ["high", "lower_bound", "estimate", "alternative"]
    return out[[*COLUMNS[:4], *flags, *COLUMNS[4:], "file", "line"]]


def values(table: pd.DataFrame) -> dict[tuple[str, str, int], float]:
    return {(r.indicator, r.country, r.year): r.value for r in table.itertuples()}


def count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


def new_indicator(id_: str = "ewaste_collected") -> Indicator:
    names = {"en": "E-waste collected", "fr": "DEEE collectés", "ar": "النفايات الإلكترونية"}
    return Indicator.model_validate(
        {
            "id": id_,
            "name": names,
            "description": names,
            "unit": {"en": "tonnes", "fr": "tonnes", "ar": "طن"},
            "short_unit": {"en": "t", "fr": "t", "ar": "طن"},
            "theme": "sustainability",
            "direction": "higher_is_better",
            "decimals": 0,
            "sources": ["gem_2024"],
            "minimum": 0,
        }
    )


FIRST = frame(
    ("internet_users", "MAR", 2022, 88.1, "itu", ""),
    ("internet_users", "MAR", 2023, 90.7, "itu", "ملاحظة: تقدير"),
    ("internet_users", "TUN", 2023, 79.0, "", "note « FR »"),
    high=[float("nan"), 91.5, float("nan")],
    lower_bound=[False, True, False],
    estimate=[True, False, False],
)


def test_round_trip(store: Store, catalog: Catalog) -> None:
    store.import_batch(FIRST, by="amina", file_name="a.csv", content=b"a")
    got = store.charted()
    pd.testing.assert_frame_equal(got, FIRST, check_index_type=False)
    assert got.dtypes.to_dict() == catalog.rows.charted_rows.dtypes.to_dict()
    assert store.alternatives().empty
    assert store.alternatives().dtypes.to_dict() == catalog.rows.charted_rows.dtypes.to_dict()


def test_bundled_round_trip(store: Store, catalog: Catalog) -> None:
    every = pd.concat([catalog.rows.charted_rows, catalog.rows.alternative_rows], ignore_index=True)
    store.ensure_bundled(every, "hash-1")

    def sort(table: pd.DataFrame) -> pd.DataFrame:
        return table.sort_values(["indicator", "country", "year", "source"]).reset_index(drop=True)

    pd.testing.assert_frame_equal(sort(store.charted()), sort(catalog.rows.charted_rows))
    pd.testing.assert_frame_equal(sort(store.alternatives()), sort(catalog.rows.alternative_rows))


def test_empty_store(store: Store, catalog: Catalog) -> None:
    assert store.charted().empty
    assert store.charted().dtypes.to_dict() == catalog.rows.charted_rows.dtypes.to_dict()
    assert store.history() == []
    assert store.indicators() == {}
    assert store.conflicts(FIRST).empty


def test_history_and_original(store: Store) -> None:
    content = b"indicator;country\r\n\x00\xff\xfe caf\xe9 \xd9\x85"  # any bytes, kept as they are
    before = dt.datetime.now(dt.UTC)
    batch = store.import_batch(FIRST, by="amina", file_name="données.csv", content=content)
    after = dt.datetime.now(dt.UTC)
    assert store.history() == [batch]
    assert (batch.kind, batch.by, batch.file_name, batch.rows, batch.alternatives) == (
        "upload",
        "amina",
        "données.csv",
        3,
        0,
    )
    assert batch.sha256 == hashlib.sha256(content).hexdigest()
    assert (batch.mode, batch.status, batch.withdrawn_by, batch.restored_at) == (
        "add",
        "active",
        None,
        None,
    )
    assert batch.at.tzinfo is not None and before <= batch.at <= after
    assert store.original(batch.id) == content

    second = store.import_batch(FIRST[:1], by="omar", file_name="b.csv", content=b"b")
    assert [b.id for b in store.history()] == [second.id, batch.id]  # newest first
    assert second.id > batch.id

    for call in (store.original, store.batch, lambda i: store.withdraw(i, "x")):
        with pytest.raises(UnknownBatch, match="no batch 999"):
            call(999)


def test_add_keeps_other_values_beside_the_charted_one(store: Store) -> None:
    first = store.import_batch(FIRST, by="amina", file_name="a.csv", content=b"a")
    second_rows = frame(
        ("internet_users", "MAR", 2022, 88.1, "", ""),  # states what is charted: no conflict
        ("internet_users", "MAR", 2023, 92.0, "wb", "from WDI"),  # differs
        ("internet_users", "MLI", 2023, 34.0, "wb", ""),  # new key
        estimate=[True, False, False],
    )
    clash = store.conflicts(second_rows)
    assert clash.to_dict("records") == [
        {
            "indicator": "internet_users",
            "country": "MAR",
            "year": 2023,
            "existing_value": 90.7,
            "existing_high": 91.5,
            "existing_lower_bound": True,
            "existing_estimate": False,
            "existing_source": "itu",
            "existing_batch": first.id,
            "new_value": 92.0,
            "new_high": pytest.approx(float("nan"), nan_ok=True),
            "new_lower_bound": False,
            "new_estimate": False,
            "new_source": "wb",
            "row": 1,
        }
    ]
    assert store.compare(second_rows).unchanged.tolist() == [0]

    second = store.import_batch(second_rows, by="omar", file_name="b.csv", content=b"b")
    # Two rows not charted: the one kept beside 90.7, and the one that changes nothing.
    assert (second.rows, second.alternatives) == (3, 2)
    charted = values(store.charted())
    assert charted[("internet_users", "MAR", 2023)] == 90.7  # not overwritten
    assert charted[("internet_users", "MLI", 2023)] == 34.0
    assert len(charted) == 4
    kept = store.alternatives()
    assert values(kept) == {("internet_users", "MAR", 2023): 92.0}  # a repetition is no news
    assert (
        kept.at[0, "note"]
        == f"from WDI; kept beside the charted value 90.7 from batch {first.id} (add)"
    )
    assert kept.at[0, "source"] == "wb" and bool(kept.at[0, "alternative"])
    assert len(store.conflicts(second_rows)) == 1  # the charted value is still 90.7


@pytest.mark.parametrize("mode", ["add", "replace"])
def test_a_repeated_value_never_loses_what_was_published(store: Store, mode: Mode) -> None:
    """The AUSIM case: a file repeating "1,100" must not replace the published "more than
    1,100" and its source; a file stating exactly what is published changes nothing."""
    store.import_batch(FIRST, by="amina", file_name="a.csv", content=b"a")
    before = store.charted()
    exact = frame(
        ("internet_users", "MAR", 2023, 90.7, "itu", ""),
        ("internet_users", "TUN", 2023, 79.0, "", ""),
        high=[91.5, float("nan")],
        lower_bound=[True, False],
    )
    found = store.compare(exact)
    assert found.conflicts.empty and found.unchanged.tolist() == [0, 1]
    store.import_batch(exact, by="omar", file_name="same.csv", content=b"s", mode=mode)
    after = store.charted()
    pd.testing.assert_frame_equal(after, before)  # qualifiers, ranges, sources, notes kept
    assert store.alternatives().empty

    bare = frame(("internet_users", "MAR", 2023, 90.7, "", ""), high=[91.5])  # no "more than"
    (clash,) = store.conflicts(bare).to_dict("records")
    assert (clash["existing_lower_bound"], clash["new_lower_bound"]) == (True, False)
    store.import_batch(bare, by="omar", file_name="bare.csv", content=b"b", mode="add")
    row = store.charted().set_index(["country", "year"]).loc[("MAR", 2023)]
    assert bool(row["lower_bound"]) and row["source"] == "itu"


def test_replace_charts_the_new_value_and_withdraw_brings_the_old_back(store: Store) -> None:
    first = store.import_batch(FIRST, by="amina", file_name="a.csv", content=b"a")
    rows = frame(
        ("internet_users", "MAR", 2023, 92.0, "wb", ""),
        ("internet_users", "MLI", 2023, 34.0, "wb", ""),
    )
    assert len(store.conflicts(rows)) == 1
    second = store.import_batch(rows, by="omar", file_name="b.csv", content=b"b", mode="replace")
    assert (second.mode, second.alternatives) == ("replace", 0)
    charted = values(store.charted())
    assert charted[("internet_users", "MAR", 2023)] == 92.0
    hidden = store.alternatives()
    assert values(hidden) == {("internet_users", "MAR", 2023): 90.7}
    assert hidden.at[0, "note"].endswith(f"replaced by batch {second.id}")

    store.withdraw(second.id, by="amina")
    assert values(store.charted()) == values(FIRST)
    assert store.alternatives().empty
    store.restore(second.id, by="omar")
    assert values(store.charted())[("internet_users", "MAR", 2023)] == 92.0
    assert first.status == "active"


def test_withdraw_hides_without_destroying_and_restore_brings_back(store: Store) -> None:
    first = store.import_batch(FIRST, by="amina", file_name="a.csv", content=b"a")
    rows = frame(("internet_users", "MLI", 2023, 34.0, "wb", ""))
    second = store.import_batch(rows, by="omar", file_name="b.csv", content=b"b")
    stored = count(store, "observations")

    withdrawn = store.withdraw(second.id, by="amina")
    assert (withdrawn.status, withdrawn.withdrawn_by) == ("withdrawn", "amina")
    assert withdrawn.withdrawn_at is not None and withdrawn.withdrawn_at >= second.at
    assert values(store.charted()) == values(FIRST)
    assert count(store, "observations") == stored  # hidden, not deleted
    assert store.original(second.id) == b"b"
    assert store.history()[0] == withdrawn
    with pytest.raises(BatchStatusError, match="is withdrawn"):
        store.withdraw(second.id, by="amina")

    restored = store.restore(second.id, by="omar")
    assert (restored.status, restored.restored_by, restored.withdrawn_by) == (
        "active",
        "omar",
        "amina",
    )
    assert restored.restored_at is not None
    assert len(store.charted()) == 4
    with pytest.raises(BatchStatusError, match="is active"):
        store.restore(first.id, by="omar")


def test_bundled_batch_is_read_only_and_loaded_once(store: Store) -> None:
    bundled = store.ensure_bundled(FIRST, "hash-1")
    assert (bundled.kind, bundled.sha256, bundled.rows) == ("bundled", "hash-1", 3)
    digest = store_digest(store)
    assert store.ensure_bundled(FIRST, "hash-1") == bundled
    assert store_digest(store) == digest
    with pytest.raises(ReadOnlyBatch):
        store.withdraw(bundled.id, by="amina")
    assert store.original(bundled.id).startswith(b"indicator,country,year,value")

    # An analyst's correction ranks above the bundled data, even above a later release of it.
    fix = frame(("internet_users", "MAR", 2023, 92.0, "wb", ""))
    store.import_batch(fix, by="omar", file_name="fix.csv", content=b"f", mode="replace")
    release = FIRST.assign(value=FIRST["value"] + 1)
    newer = store.ensure_bundled(release, "hash-2")
    assert newer.id != bundled.id
    assert store.batch(bundled.id).status == "superseded"
    assert values(store.charted()) == {
        ("internet_users", "MAR", 2022): 89.1,
        ("internet_users", "MAR", 2023): 92.0,
        ("internet_users", "TUN", 2023): 80.0,
    }
    # Going back to an earlier release brings its batch back rather than storing it again.
    assert store.ensure_bundled(FIRST, "hash-1").id == bundled.id
    assert store.batch(newer.id).status == "superseded"
    assert len(store.history()) == 3
    with pytest.raises(ReadOnlyBatch):
        store.restore(newer.id, by="amina")


def test_new_indicator_metadata_follows_its_batch(store: Store) -> None:
    indicator = new_indicator()
    rows = frame(("ewaste_collected", "MAR", 2023, 1200.0, "", ""))
    batch = store.import_batch(
        rows, by="amina", file_name="e.csv", content=b"e", indicators=[indicator]
    )
    assert batch.indicators == ["ewaste_collected"]
    assert store.indicators() == {"ewaste_collected": indicator}
    store.withdraw(batch.id, by="amina")
    assert store.indicators() == {}
    store.restore(batch.id, by="amina")
    assert store.indicators()["ewaste_collected"].name.ar == "النفايات الإلكترونية"


def test_refused_frames_change_nothing(store: Store) -> None:
    store.import_batch(FIRST, by="amina", file_name="a.csv", content=b"a")
    digest = store_digest(store)
    duplicated = pd.concat([FIRST, FIRST.iloc[:1]], ignore_index=True)
    for bad, message in (
        (FIRST.drop(columns=["value"]), "missing column"),
        (FIRST.iloc[:0], "no rows"),
        (duplicated, "two charted rows"),
    ):
        with pytest.raises(BadRows, match=message):
            store.import_batch(bad, by="amina", file_name="bad.csv", content=b"x")
    assert store_digest(store) == digest


ROWS = 6000  # more than one insert chunk, so an import is several statements


def test_concurrent_imports_from_threads_both_land_whole(store: Store) -> None:
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def work(by: str, offset: float) -> None:
        try:
            rows = make_frame(ROWS, offset)
            barrier.wait()
            store.import_batch(rows, by=by, file_name=f"{by}.csv", content=by.encode())
        except BaseException as exc:  # reported below, in the test's own thread
            errors.append(exc)

    threads = [threading.Thread(target=work, args=a) for a in (("amina", 0.5), ("omar", 0.25))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    _assert_both_landed(store, {"amina": 0.5, "omar": 0.25})


def test_concurrent_imports_from_processes_both_land_whole(store: Store, tmp_path: Path) -> None:
    go = tmp_path / "go"
    offsets = {"amina": 0.5, "omar": 0.25}
    workers = [
        _worker(store.url, by, str(ROWS), str(offset), "--go", str(go))
        for by, offset in offsets.items()
    ]
    for worker in workers:
        _expect(worker, "ready")
    go.touch()
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        assert out.startswith("done ")
    _assert_both_landed(store, offsets)


def _assert_both_landed(store: Store, offsets: dict[str, float]) -> None:
    """Same keys, different values, mode add: whichever committed first is charted whole and
    every row of the other is kept beside it. Without serialised writers, both would see no
    conflict and chart their rows."""
    batches = {b.by: b for b in store.history()}
    assert {by: b.rows for by, b in batches.items()} == {by: ROWS for by in offsets}
    first = min(batches.values(), key=lambda b: b.id)
    later = max(batches.values(), key=lambda b: b.id)
    assert (first.alternatives, later.alternatives) == (0, ROWS)
    charted = store.charted()
    assert len(charted) == ROWS
    expected = make_frame(ROWS, offsets[first.by])
    assert values(charted) == values(expected)
    assert values(store.alternatives()) == values(make_frame(ROWS, offsets[later.by]))
    assert count(store, "observations") == 2 * ROWS


def test_import_killed_midway_leaves_the_store_as_it_was(store: Store) -> None:
    store.import_batch(FIRST, by="amina", file_name="a.csv", content=b"a")
    digest = store_digest(store)
    worker = _worker(store.url, "killed", "20000", "0", "--hang")
    _expect(worker, "ready")
    _expect(worker, "inside")  # a first chunk of rows written, the transaction still open
    os.kill(worker.pid, signal.SIGKILL)
    worker.communicate(timeout=30)
    assert worker.returncode == -signal.SIGKILL

    reopened = Store(store.url)
    try:
        assert store_digest(reopened) == digest
        assert [b.by for b in reopened.history()] == ["amina"]
        # The lock the killed import held is gone: the next import goes through.
        rows = frame(("internet_users", "MLI", 2023, 34.0, "wb", ""))
        reopened.import_batch(rows, by="omar", file_name="b.csv", content=b"b")
        assert len(reopened.charted()) == 4
    finally:
        reopened.close()


def _expect(worker: subprocess.Popen[str], line: str) -> None:
    assert worker.stdout is not None
    got = worker.stdout.readline().strip()
    if got != line:
        worker.kill()
        _, err = worker.communicate()
        pytest.fail(f"worker said {got!r}, expected {line!r}:\n{err}")


def _worker(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store_worker", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_default_location_and_sqlite_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "not" / "yet" / "athar.db"
    monkeypatch.delenv("METRICS_DB_URL", raising=False)
    monkeypatch.setenv("METRICS_DB_PATH", str(path))
    store = Store()
    try:
        assert path.is_file()
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 60000
    finally:
        store.close()


def test_url_overrides_the_path(
    postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("METRICS_DB_PATH", str(tmp_path / "unused.db"))
    monkeypatch.setenv("METRICS_DB_URL", postgres_url.replace("+psycopg", ""))
    store = Store()
    try:
        assert store.engine.dialect.name == "postgresql"
        assert store.engine.dialect.driver == "psycopg"
        assert not (tmp_path / "unused.db").exists()
        store.import_batch(FIRST, by="amina", file_name="a.csv", content=b"a")
        assert len(store.charted()) == 3
    finally:
        store.close()


def test_a_store_made_by_an_earlier_release_is_brought_up_to_date(store_url: str) -> None:
    """The first release had no `sources` column on batches: opening its store adds it, and
    its batches read back with no new sources."""
    engine = sa.create_engine(store_url)
    with engine.begin() as conn:
        schema.METADATA.create_all(conn)
        conn.exec_driver_sql("ALTER TABLE batches DROP COLUMN sources")
    engine.dispose()
    store = Store(store_url)
    try:
        batch = store.import_batch(FIRST, by="amina", file_name="a.csv", content=b"a")
        assert batch.sources == [] and len(store.charted()) == 3
        reopened = Store(store_url)  # a second start finds the column there
        assert reopened.history()[0].id == batch.id
        reopened.close()
    finally:
        store.close()
