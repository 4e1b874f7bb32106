"""Faults, tested (issue 11, item 8), on SQLite and on a real PostgreSQL server (`store_url`
runs each test on both): an import killed at random points, again and again, leaves the store
exactly as it was or exactly as it would be after the import; eight imports started together
all land, whole, their rows counted.

Each import runs in a separate process (tests/store_worker.py with --trace, so the test knows
the last step it reached before the kill). A kill's delay is drawn, seeded, between 0 and the
time a full import took when measured first, one delay in each of equal slices of that time:
most land before the first write (checking the rows against the charted ones is most of an
import), some among the writes. A few kills are placed at fixed steps instead (--pause): with
the batch's row written and its observations not, with every row written and the commit not
yet sent, and after the commit with the connection still open, so both outcomes are seen
whatever the machine's speed. Run with -s to see where each kill landed.
"""

from __future__ import annotations

import queue
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from metrics.store import Batch, Store
from tests.store_worker import make_frame
from tests.test_store import FIRST, store_digest

ROOT = Path(__file__).resolve().parent.parent
ROWS = 6000  # a few thousand, and more than one SQLite insert chunk
RANDOM_KILLS = 10
PAUSES = ("batch", "commit", "done")  # fixed kill points (tests/store_worker.py --pause)
SEED = 20241107  # the delays are reproducible; where they land depends on the machine
LIMIT = 60  # seconds for any one step a worker is waited for; only a failure waits that long
CONCURRENT = 8
CONCURRENT_ROWS = 3000


class Worker:
    """A tests/store_worker.py process whose lines are read as they come, every wait bounded."""

    def __init__(self, *args: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.store_worker", *args],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.lines: list[str] = []
        self.errors: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._readers = [
            threading.Thread(target=self._read, daemon=True),
            threading.Thread(target=self._read_errors, daemon=True),
        ]
        for reader in self._readers:
            reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.strip())
            self._lines.put(line.strip())
        self._lines.put(None)

    def _read_errors(self) -> None:
        assert self.process.stderr is not None
        self.errors.append(self.process.stderr.read())

    def expect(self, step: str, limit: float = LIMIT) -> str:
        """Wait for the line starting with `step` (earlier trace lines are passed over)."""
        deadline = time.monotonic() + limit
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self.stop()
                pytest.fail(f"no {step!r} from the worker within {limit} s: {self.report()}")
            if line is None:
                self.stop()
                pytest.fail(f"the worker ended before {step!r}: {self.report()}")
            if line.startswith(step):
                return line

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)  # its own id: a zombie until waited for
        self.stop()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=LIMIT)
        for reader in self._readers:
            reader.join(timeout=LIMIT)

    def finish(self) -> None:
        """Wait for a worker to end of itself, successfully."""
        try:
            self.process.wait(timeout=LIMIT)
        finally:
            self.stop()
        assert self.process.returncode == 0, self.report()

    @property
    def last(self) -> str:
        """The last step it printed (where a kill found it, give or take a statement)."""
        return self.lines[-1].split()[0] if self.lines else "starting"

    def report(self) -> str:
        return f"said {self.lines}, exit {self.process.returncode}:\n{''.join(self.errors)}"


def stored_values(store: Store, batch_id: int) -> dict[tuple[str, str, int], float]:
    """The observations one batch holds, by key (a key twice in a batch would show as a
    shorter dict than the batch's row count)."""
    with store.engine.connect() as conn:
        rows = conn.execute(
            sa.text("SELECT indicator, country, year, value FROM observations WHERE batch_id = :b"),
            {"b": batch_id},
        ).all()
    assert len(rows) == len({(r[0], r[1], r[2]) for r in rows}), "a key stored twice"
    return {(r[0], r[1], int(r[2])): float(r[3]) for r in rows}


def expected_values(rows: int, offset: float) -> dict[tuple[str, str, int], float]:
    made = make_frame(rows, offset)
    return {(r.indicator, r.country, int(r.year)): float(r.value) for r in made.itertuples()}


def assert_whole(store: Store, batch: Batch, rows: int, offset: float) -> None:
    """A batch landed whole: listed active with its row count, and every row of it stored,
    with its own values."""
    assert (batch.rows, batch.status, batch.kind) == (rows, "active", "upload")
    assert stored_values(store, batch.id) == expected_values(rows, offset)


@dataclass
class State:
    """The store between two kills: its digest and its batches."""

    digest: str
    batches: set[int]

    @classmethod
    def of(cls, url: str) -> State:
        store = Store(url)
        try:
            state = cls(store_digest(store), {b.id for b in store.history()})
        finally:
            store.close()
        return state


def outcome(url: str, before: State, by: str, offset: float) -> str:
    """Open a new Store after a kill: "before" if the store is byte for byte as it was, "after"
    if it holds the whole batch and is otherwise as it was; anything else fails the test."""
    store = Store(url)  # on PostgreSQL this waits for the killed session's lock to go
    try:
        if store_digest(store) == before.digest:
            return "before"
        new = [b for b in store.history() if b.id not in before.batches]
        assert [b.by for b in new] == [by], f"neither before nor after: new batches {new}"
        assert_whole(store, new[0], ROWS, offset)
        # Same keys as the seed's charted rows, other values: every row kept beside them.
        assert new[0].alternatives == ROWS
        assert store_digest(store, without=new[0].id) == before.digest, "other rows changed"
        return "after"
    finally:
        store.close()


@dataclass
class Kill:
    how: str  # "random" or "pause <step>"
    delay: float  # seconds after the go signal (random kills)
    step: str = ""  # the last step the worker printed
    result: str = ""  # "before" or "after"

    def __str__(self) -> str:
        when = f"{self.delay * 1000:6.1f} ms" if self.how == "random" else " " * 9
        return f"{self.how:<14} {when}  last step {self.step:<8} -> {self.result}"


def test_an_import_killed_at_random_points_leaves_the_store_before_or_after(
    store_url: str, tmp_path: Path
) -> None:
    seeded = Store(store_url)
    seeded.import_batch(FIRST, by="amina", file_name="a.csv", content=b"a")
    # The keys every import below brings, charted already: each import checks all of its rows
    # against them (most of its time), as the killed ones will.
    seeded.import_batch(make_frame(ROWS), by="seed", file_name="seed.csv", content=b"s")
    seeded.close()

    # One full import, timed from the go signal to its "done": the span the kills are drawn in.
    go = tmp_path / "go-measure"
    worker = Worker(store_url, "measured", str(ROWS), "0.5", "--go", str(go), "--trace")
    worker.expect("ready")
    go.touch()
    started = time.monotonic()
    worker.expect("done")
    full = time.monotonic() - started
    worker.finish()

    rng = random.Random(SEED)
    # One delay in each of RANDOM_KILLS equal slices of the full import, in a shuffled order.
    plan = [Kill("random", (k + rng.random()) * full / RANDOM_KILLS) for k in range(RANDOM_KILLS)]
    plan += [Kill(f"pause {step}", 0.0) for step in PAUSES]
    rng.shuffle(plan)
    backend = "sqlite" if store_url.startswith("sqlite") else "postgresql"
    print(f"\n{backend}: a full import took {full * 1000:.0f} ms; seed {SEED}")

    for n, kill in enumerate(plan):
        before = State.of(store_url)
        by, offset = f"killed-{n}", n + 1.5
        go = tmp_path / f"go-{n}"
        args = [store_url, by, str(ROWS), str(offset), "--go", str(go), "--trace"]
        if kill.how.startswith("pause"):
            args += ["--pause", kill.how.split()[1]]
        worker = Worker(*args)
        try:
            worker.expect("ready")
            go.touch()
            if kill.how.startswith("pause"):
                worker.expect(kill.how.split()[1])
            else:
                time.sleep(kill.delay)
            worker.kill()
        finally:
            worker.stop()
        kill.step = worker.last
        kill.result = outcome(store_url, before, by, offset)
        print(kill)  # shown with -s, or when the test fails

    results = {k.how: k.result for k in plan if k.how.startswith("pause")}
    assert results == {"pause batch": "before", "pause commit": "before", "pause done": "after"}
    assert {k.result for k in plan} == {"before", "after"}

    # Whatever the kills left, the store takes the next import: no lock outlived its holder.
    store = Store(store_url)
    try:
        landed = {b.by: b for b in store.history()}
        last = store.import_batch(FIRST.iloc[:1], by="omar", file_name="b.csv", content=b"b")
        assert last.rows == 1 and store.history()[0].id == last.id
        assert_whole(store, landed["seed"], ROWS, 0.0)
        assert_whole(store, landed["measured"], ROWS, 0.5)
        assert landed["measured"].alternatives == ROWS
        assert len(store.charted()) == len(FIRST) + ROWS  # the killed batches' keys are the same
    finally:
        store.close()


def test_eight_imports_started_together_all_land_whole(store_url: str, tmp_path: Path) -> None:
    seeded = Store(store_url)
    first = seeded.import_batch(FIRST, by="amina", file_name="a.csv", content=b"a")
    seeded.close()

    go = tmp_path / "go"
    offsets = {f"analyst-{n}": n + 0.25 for n in range(CONCURRENT)}
    workers = [
        Worker(store_url, by, str(CONCURRENT_ROWS), str(offset), "--go", str(go))
        for by, offset in offsets.items()
    ]
    try:
        for worker in workers:
            worker.expect("ready", limit=120)  # eight interpreters starting on two cores
        go.touch()
        said = [int(worker.expect("done", limit=120).split()[1]) for worker in workers]
        for worker in workers:
            worker.finish()
    finally:
        for worker in workers:
            worker.stop()

    store = Store(store_url)
    try:
        history = store.history()
        assert len(history) == CONCURRENT + 1
        batches = {b.by: b for b in history if b.id != first.id}
        assert sorted(said) == sorted(b.id for b in batches.values())
        assert set(batches) == set(offsets)
        for by, batch in batches.items():
            assert_whole(store, batch, CONCURRENT_ROWS, offsets[by])
        with store.engine.connect() as conn:
            stored = conn.execute(sa.text("SELECT count(*) FROM observations")).scalar_one()
        assert stored == len(FIRST) + CONCURRENT * CONCURRENT_ROWS

        # One writer at a time: the first to commit is charted, and each later one saw every
        # row committed before it, so all of its rows (same keys, other values) are kept beside.
        order = sorted(batches.values(), key=lambda b: b.id)
        assert [b.alternatives for b in order] == [0] + [CONCURRENT_ROWS] * (CONCURRENT - 1)
        charted = store.charted()
        assert len(charted) == len(FIRST) + CONCURRENT_ROWS
        winner = expected_values(CONCURRENT_ROWS, offsets[order[0].by])
        got = {
            (r.indicator, r.country, int(r.year)): float(r.value)
            for r in charted.itertuples()
            if r.indicator.startswith("load_")
        }
        assert got == winner
        assert len(store.alternatives()) == (CONCURRENT - 1) * CONCURRENT_ROWS
    finally:
        store.close()
