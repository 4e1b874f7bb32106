"""`make bench`: each figure of issue 11 beside its anchor, measured in the same run.

An absolute time only measures the machine, so every figure is timed beside an anchor (the
floor, or the tool an analyst would use instead) measured in the same process, on the same
bytes, a moment apart; the ratio is what a goal bounds. The run prints the table and writes
it, with the machine described, to bench/RESULTS.md.

How each figure is timed: a warm-up call on a small file first (imports, caches), then one
run; if that run took under SLOW seconds, two more, and the median of the three is kept
("median of 3"), else the one run stands ("1 run"). Every run is stopped at the cap (SIGALRM),
and the whole run keeps within a budget: a figure that would pass either is reported
"not run (> cap)", never extrapolated. Peak memory is measured in child processes.

    python bench/run.py [--cap 180] [--budget 840] [--results bench/RESULTS.md] [--quick]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import importlib
import importlib.metadata
import io
import itertools
import json
import os
import platform
import pstats
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from cProfile import Profile
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

import first_chart as bench_first_chart
import generate
import numpy as np
import pages as bench_pages
import pandas as pd
import pandera.pandas as pa
import psycopg
import pyarrow.csv as pacsv
import pycountry
import sqlalchemy as sa
import test_load_speed
from pydantic import BaseModel, Field, ValidationError, field_validator

from metrics import countries
from metrics import deck as bench_deck
from metrics import powerpoint as bench_powerpoint
from metrics import report as bench_report
from metrics.bundled import load_bundled
from metrics.catalog import Catalog
from metrics.current import current_catalog, open_store
from metrics.importing import Checked, Metadata, check, commit, read_metadata
from metrics.store import Store
from metrics.store.schema import METADATA, batches, observations

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
SLOW = 5.0  # seconds: a figure whose first run takes longer is run once
CAP = 180.0  # seconds any one timed run may take
BUDGET = 840.0  # seconds for the whole run (14 minutes), generation and set-up included
ID = r"[a-z][a-z0-9_]*"  # an indicator id, as metrics.validate and metrics.models say


# --- timing ----------------------------------------------------------------------------------


class OverCap(Exception):
    """Raised by SIGALRM inside a timed run that passed its cap."""


def _alarm(_signum: int, _frame: FrameType | None) -> None:
    raise OverCap


@dataclass
class Timing:
    seconds: float | None = None
    runs: int = 0
    why: str = ""  # why there is no time: "not run (> 180 s cap)", "error: ..."
    result: Any = field(default=None, repr=False)  # what the last run returned

    @property
    def ok(self) -> bool:
        return self.seconds is not None

    def text(self) -> str:
        if self.seconds is None:
            return self.why
        runs = "median of 3" if self.runs == 3 else f"{self.runs} run" + "s" * (self.runs > 1)
        return f"{seconds(self.seconds)} ({runs})"


def seconds(value: float) -> str:
    if value < 0.1:
        return f"{value * 1000:.1f} ms"
    if value < 10:
        return f"{value:.2f} s"
    return f"{value:.1f} s"


class Clock:
    """The run's budget: each timed run gets the cap, or what is left of the budget."""

    def __init__(self, cap: float, budget: float):
        self.started = time.monotonic()
        self.cap = cap
        self.deadline = self.started + budget

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def allowed(self) -> float:
        return min(self.cap, self.deadline - time.monotonic())

    def spent(self) -> bool:
        return self.deadline - time.monotonic() < 1

    def over(self, limit: float) -> str:
        return (
            f"not run (> {round(limit, 1):g} s cap)"
            if limit >= self.cap
            else f"not run (> {round(limit, 1):g} s left of the run's budget)"
        )


def measure(
    clock: Clock,
    work: Callable[[Any], Any],
    setup: Callable[[], Any] | None = None,
    *,
    slow: float = SLOW,
) -> Timing:
    """Time `work(setup())` (setup untimed): once if slow, else the median of three."""
    times: list[float] = []
    result = None
    for _ in range(3):
        arg = setup() if setup else None
        limit = clock.allowed()
        if clock.spent():
            if times:
                break
            return Timing(why="not run (run budget spent)")
        gc.collect()
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            start = time.perf_counter()
            result = work(arg)
            times.append(time.perf_counter() - start)
        except OverCap:
            if times:
                break
            return Timing(why=clock.over(limit))
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
        if times[0] >= slow:
            break
    return Timing(statistics.median(times), len(times), result=result)


# --- the table -------------------------------------------------------------------------------


@dataclass
class Row:
    figure: str
    athar: str  # Athar's time (or measure), as shown
    anchor: str  # the anchor's name
    anchor_value: str  # its time, as shown
    ratio: float | None
    goal: float | None  # the highest ratio allowed; None: no ratio goal
    goal_text: str = ""  # a goal that is not a ratio ("≤ 2 s"), shown as it is
    limit: float | None = None  # that goal's bound on `value` (seconds)
    value: float | None = None

    @property
    def met(self) -> str:
        if self.limit is not None and self.value is not None:
            return "yes" if self.value <= self.limit else "no"
        if self.goal is None:
            return "?" if self.goal_text else "—"
        if self.ratio is None:
            return "?"
        return "yes" if self.ratio <= self.goal else "no"

    def cells(self) -> list[str]:
        ratio = "—" if self.ratio is None else f"{self.ratio:.1f}×"
        goal = self.goal_text or ("—" if self.goal is None else f"≤ {self.goal:g}×")
        return [self.figure, self.athar, self.anchor, self.anchor_value, ratio, goal, self.met]


HEADER = ["figure", "Athar's time", "anchor", "anchor's time", "ratio", "goal", "met?"]


def timed_row(figure: str, athar: Timing, anchor: str, base: Timing, goal: float | None) -> Row:
    ratio = athar.seconds / base.seconds if athar.seconds and base.seconds else None
    return Row(figure, athar.text(), anchor, base.text(), ratio, goal)


def markdown(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r.cells()) + " |" for r in rows]
    return "\n".join(lines)


# --- the roads compared ----------------------------------------------------------------------


def known_countries() -> list[str]:
    """The codes Athar accepts: ISO 3166-1 alpha-3 and the aggregates it knows."""
    iso = {c.alpha_3 for c in pycountry.countries}
    return sorted(
        iso
        | set(countries.AGGREGATES)
        | set(countries.WORLD_BANK_AGGREGATES)
        | set(countries.WORLD_BANK_ECONOMIES)
    )


def pyarrow_floor(content: bytes) -> int:
    return int(pacsv.read_csv(io.BytesIO(content)).num_rows)


def pandera_schema(indicators: set[str], codes: list[str]) -> pa.DataFrameSchema:
    """What Athar's check asks of the required columns, said in pandera."""
    return pa.DataFrameSchema(
        {
            "indicator": pa.Column(
                str, pa.Check(lambda s: s.isin(indicators) | s.str.fullmatch(ID))
            ),
            "country": pa.Column(str, pa.Check.isin(codes)),
            "year": pa.Column(int, pa.Check.in_range(1950, 2100)),
            "value": pa.Column(float, pa.Check(lambda s: np.isfinite(s))),
            "source": pa.Column(nullable=True, required=False),
            "note": pa.Column(nullable=True, required=False),
        },
        unique=["indicator", "country", "year"],
        report_duplicates="all",
    )


def pandera_road(schema: pa.DataFrameSchema, content: bytes) -> int:
    """pandas.read_csv, then every failure collected (lazy=True); returns their count."""
    frame = pd.read_csv(io.BytesIO(content))
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return len(exc.failure_cases)
    return 0


def pydantic_model(indicators: set[str], codes: list[str]) -> type[BaseModel]:
    code_set, id_pattern = frozenset(codes), re.compile(ID)

    class Observation(BaseModel):
        indicator: str
        country: str
        year: int = Field(ge=1950, le=2100)
        value: float = Field(allow_inf_nan=False)
        source: str = ""
        note: str = ""

        @field_validator("indicator")
        @classmethod
        def _indicator(cls, value: str) -> str:
            if value in indicators or id_pattern.fullmatch(value):
                return value
            raise ValueError("not an indicator id")

        @field_validator("country")
        @classmethod
        def _country(cls, value: str) -> str:
            if value in code_set:
                return value
            raise ValueError("not a known country code")

    return Observation


def pydantic_road(model: type[BaseModel], content: bytes) -> int:
    """csv.DictReader, model_validate on each row dict, duplicate keys looked up in a set;
    returns the count of failing rows."""
    failures, seen = 0, set()
    for row in csv.DictReader(io.StringIO(content.decode("utf-8"))):
        try:
            obs = model.model_validate(row)
        except ValidationError:
            failures += 1
            continue
        key = (obs.indicator, obs.country, obs.year)
        failures += key in seen
        seen.add(key)
    return failures


def athar_check(bundled: Catalog, store: Store, content: bytes) -> Checked:
    return check(content, "bench.csv", bundled, store)


def _batch_values(content: bytes, rows: int) -> dict[str, Any]:
    """A batch row for the anchors' inserts: the store's own columns, the file's bytes."""
    values = {
        "kind": "upload",
        "by": "bench",
        "at": dt.datetime.now(dt.UTC).isoformat(),
        "file_name": "bench.csv",
        "sha256": "0" * 64,
        "rows": rows,
        "alternatives": 0,
        "mode": "add",
        "status": "active",
        "indicators": "[]",
        "sources": "[]",
        "content": content,
    }
    return {c.name: values[c.name] for c in batches.columns if c.name in values}


def _observation_tuples(frame: pd.DataFrame, batch_id: int) -> tuple[list[str], list[tuple]]:
    """The validated frame as plain tuples in the store table's column order."""
    columns = [c.name for c in observations.columns if c.name != "id"]
    lists = []
    for name in columns:
        if name == "batch_id":
            lists.append(itertools.repeat(batch_id))
        elif name == "high":
            high = frame["high"]
            lists.append(high.astype(object).where(high.notna(), None).tolist())
        else:
            lists.append(frame[name].tolist())
    return columns, list(zip(*lists, strict=False))


def _quoted(names: list[str]) -> str:
    return ", ".join(f'"{n}"' for n in names)


def empty_tables(url: str) -> None:
    """The store's own tables and indexes, created empty (the anchors' table shape)."""
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        METADATA.create_all(conn)
    engine.dispose()


def sqlite_floor(path: Path, frame: pd.DataFrame, content: bytes) -> int:
    """Bare sqlite3: one transaction, the batch row, then executemany of every row."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")  # as Athar's store runs
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("BEGIN IMMEDIATE")
        values = _batch_values(content, len(frame))
        marks = ", ".join("?" * len(values))
        cursor = conn.execute(
            f"INSERT INTO batches ({_quoted(list(values))}) VALUES ({marks})",
            list(values.values()),
        )
        columns, rows = _observation_tuples(frame, int(cursor.lastrowid or 0))
        marks = ", ".join("?" * len(columns))
        conn.executemany(f"INSERT INTO observations ({_quoted(columns)}) VALUES ({marks})", rows)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return len(frame)


def copy_floor(conninfo: str, frame: pd.DataFrame, content: bytes) -> int:
    """psycopg COPY: one transaction, the batch row, then every row through COPY."""
    with psycopg.connect(conninfo) as conn, conn.transaction():
        values = _batch_values(content, len(frame))
        marks = ", ".join(["%s"] * len(values))
        batch_id = conn.execute(
            f"INSERT INTO batches ({_quoted(list(values))}) VALUES ({marks}) RETURNING id",
            list(values.values()),
        ).fetchone()[0]
        columns, rows = _observation_tuples(frame, int(batch_id))
        with conn.cursor().copy(f"COPY observations ({_quoted(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    return len(frame)


# --- the run ---------------------------------------------------------------------------------


@dataclass
class File:
    rows: int
    content: bytes
    metadata: Metadata
    csv_path: Path
    metadata_path: Path

    @property
    def label(self) -> str:
        return f"{self.rows:,}"

    @property
    def megabytes(self) -> str:
        return f"{len(self.content) / 1e6:.1f} MB"


class Bench:
    def __init__(self, args: argparse.Namespace, tmp: Path):
        self.args = args
        self.tmp = tmp
        self.clock = Clock(args.cap, args.budget)
        self.rows: list[Row] = []
        self.notes: list[str] = []
        self.errors: list[str] = []
        self.profiles: list[tuple[str, str]] = []
        self.counter = itertools.count()
        self.pg_version = ""
        self.opened: list[Store] = []  # closed at the end of the run

    # helpers

    def say(self, text: str) -> None:
        print(f"[{self.clock.elapsed():6.1f} s] {text}", flush=True)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        self.say(f"{row.figure}: Athar {row.athar}; {row.anchor} {row.anchor_value}")

    @contextmanager
    def guarded(self, figure: str, anchor: str, goal: float | None) -> Iterator[None]:
        """A figure that fails is a row saying so, and the run goes on (exit status 1)."""
        try:
            yield
        except Exception as exc:
            detail = f"error: {type(exc).__name__}: {str(exc).splitlines()[0][:120]}"
            traceback.print_exc()
            self.errors.append(f"{figure}: {detail}")
            self.rows.append(Row(figure, detail, anchor, "—", None, goal))

    def fresh_sqlite(self, name: str) -> Path:
        return self.tmp / f"{name}-{next(self.counter)}.db"

    def fresh_store(self, bundled: Catalog) -> Store:
        self.opened.append(open_store(bundled, f"sqlite:///{self.fresh_sqlite('athar')}"))
        return self.opened[-1]

    # the run

    def run(self) -> None:
        try:
            self.figures()
        finally:
            for store in self.opened:
                store.close()

    def figures(self) -> None:
        args = self.args
        self.bundled = load_bundled()
        self.say("generating the files")
        small, large = self.make_file(args.small), self.make_file(args.large)
        warm = generate.generate_csv(1, seed=1)[: 20 * 1024]  # about 560 rows: warm-ups
        warm = warm[: warm.rfind(b"\n") + 1]
        self.base_store = self.fresh_store(self.bundled)  # bundled only; check reads it
        codes = known_countries()
        self.schema = pandera_schema(set(self.bundled.indicators), codes)
        self.model = pydantic_model(set(self.bundled.indicators), codes)
        self.warm_up(warm)

        self.load_row()
        checked = {f.rows: self.read_validate(f) for f in (small, large)}
        stores = {}
        for f in (small, large):
            stores[f.rows] = self.store_sqlite(f, checked[f.rows])
        bundled_only = self.fresh_store(self.bundled)
        for f in (small, large):
            self.catalogue(f, stores[f.rows], bundled_only)
        self.store_postgres(small, checked[small.rows])
        for f in (small, large):
            self.memory(f)
        self.pages(large, stores[large.rows], bundled_only)
        self.first_chart(stores[large.rows])
        self.deck_files()
        if not args.no_profile:
            self.profile(small, checked[small.rows])

    def make_file(self, indicators: int) -> File:
        content = generate.generate_csv(indicators)
        meta = generate.generate_metadata(indicators)
        csv_path = self.tmp / f"bench-{indicators}.csv"
        meta_path = self.tmp / f"bench-{indicators}.yaml"
        csv_path.write_bytes(content)
        meta_path.write_bytes(meta)
        rows = indicators * generate.ROWS_PER_INDICATOR
        described = read_metadata(meta, meta_path.name, self.bundled)
        file = File(rows, content, described, csv_path, meta_path)
        self.say(f"{file.label} rows, {file.megabytes}, {indicators} new indicators")
        return file

    def warm_up(self, warm: bytes) -> None:
        """Imports, lazily built validators and caches, before anything is timed."""
        pyarrow_floor(warm)
        pandera_road(self.schema, warm)
        pydantic_road(self.model, warm)
        athar_check(self.bundled, self.base_store, warm)

    def load_row(self) -> None:
        figure = "load data/ (load_bundled)"
        anchor = "parse only (PyYAML + pandas.read_csv)"
        with self.guarded(figure, anchor, test_load_speed.MAX_RATIO):
            self.say("timing load_bundled against parsing the same files")
            loaded, parsed = test_load_speed.measure()
            self.add(
                Row(
                    figure,
                    f"{seconds(loaded)} (median of 7)",
                    anchor,
                    f"{seconds(parsed)} (median of 7)",
                    loaded / parsed,
                    test_load_speed.MAX_RATIO,
                )
            )

    def read_validate(self, f: File) -> Checked | None:
        """The three anchors, then Athar's check; returns the checked file (None if not)."""
        figure = f"read + validate {f.label} rows ({f.megabytes})"
        self.say(f"read + validate {f.label} rows")
        with self.guarded(figure, "pyarrow, pandera and pydantic", 3):
            floor = measure(self.clock, lambda _: pyarrow_floor(f.content))
            pandera = measure(self.clock, lambda _: pandera_road(self.schema, f.content))
            pydantic = measure(self.clock, lambda _: pydantic_road(self.model, f.content))
            for name, timing in (("pandera", pandera), ("pydantic", pydantic)):
                if timing.ok and timing.result:
                    self.errors.append(f"{name} found {timing.result} failures in a valid file")
            athar = measure(
                self.clock, lambda _: athar_check(self.bundled, self.base_store, f.content)
            )
            checked: Checked | None = athar.result
            if checked is not None and not (checked.ok and len(checked.rows) == f.rows):
                problems = [p.code for p in checked.problems[:3]]
                self.errors.append(f"check refused the valid {f.label}-row file: {problems}")
                checked = None
            self.add(timed_row(figure, athar, "pyarrow.csv.read_csv (floor)", floor, 3))
            self.add(timed_row(figure, athar, "pandas.read_csv + pandera, lazy", pandera, 1))
            self.add(timed_row(figure, athar, "csv + pydantic model per row", pydantic, None))
            return checked
        return None

    def store_sqlite(self, f: File, checked: Checked | None) -> Store | None:
        figure = f"store {f.label} validated rows, SQLite"
        anchor = "sqlite3 executemany, one transaction"
        if checked is None:
            self.rows.append(Row(figure, "not run (no checked rows)", anchor, "—", None, 1.5))
            return None
        self.say(f"storing {f.label} rows on SQLite")
        with self.guarded(figure, anchor, 1.5):

            def empty_file() -> Path:
                path = self.fresh_sqlite("floor")
                empty_tables(f"sqlite:///{path}")
                return path

            floor = measure(
                self.clock, lambda p: sqlite_floor(p, checked.rows, f.content), empty_file
            )
            athar = measure(
                self.clock,
                lambda store: self.commit(store, checked, f),
                lambda: self.fresh_store(self.bundled),
            )
            self.add(timed_row(figure, athar, anchor, floor, 1.5))
            return athar.result
        return None

    def commit(self, store: Store, checked: Checked, f: File) -> Store:
        batch = commit(store, checked, by="bench", mode="add", metadata=f.metadata)
        if batch.rows != f.rows:
            raise RuntimeError(f"{batch.rows:,} rows stored of {f.rows:,}")
        return store

    def catalogue(self, f: File, store: Store | None, bundled_only: Store) -> None:
        # Context for the page figures, whose goal it serves: what a new store version costs
        # before any chart asks for rows.
        figure = f"catalogue of a store version, {f.label} stored rows"
        anchor = "the same, bundled data only"
        if store is None:
            self.rows.append(Row(figure, "not run (rows not stored)", anchor, "—", None, None))
            return
        self.say(f"current_catalog with {f.label} stored rows")
        with self.guarded(figure, anchor, None):
            base = measure(self.clock, lambda _: current_catalog(bundled_only, self.bundled))
            athar = measure(self.clock, lambda _: current_catalog(store, self.bundled))
            if athar.ok and len(athar.result.indicators) != len(self.bundled.indicators) + (
                f.rows // generate.ROWS_PER_INDICATOR
            ):
                self.errors.append(f"the catalogue with {f.label} stored rows lacks indicators")
            self.add(timed_row(figure, athar, anchor, base, None))

    def pages(self, f: File, store: Store | None, bundled_only: Store) -> None:
        """Every public page run by AppTest after an import and again, against bundled only;
        the largest figure those runs sent, Explore showing every country of a new indicator."""
        first = f"every public page, first view after an import, {f.label} stored rows"
        again = f"every public page, again (caches warm), {f.label} stored rows"
        payload = "largest figure payload (JSON)"
        anchor = "the same, bundled data only"
        if store is None:
            for figure in (first, again, payload):
                self.rows.append(Row(figure, "not run (rows not stored)", anchor, "—", None, 1.5))
            return
        self.say(f"page runs with {f.label} stored rows, and bundled only")
        with self.guarded(first, anchor, 1.5):
            codes = sorted(set(generate.countries()))
            heavy = generate.indicator_ids(1)[0]
            explore = {"indicator": heavy, f"countries_{heavy}": codes}
            runs: dict[str, list[bench_pages.Runs]] = {"big": [], "base": []}
            for _ in range(3):  # alternated, so that a busy moment falls on both
                runs["base"].append(bench_pages.page_runs(bundled_only.url))
                runs["big"].append(bench_pages.page_runs(store.url))
            for figure, part in ((first, "cold"), (again, "warm")):
                big = statistics.median(getattr(r, part) for r in runs["big"])
                base = statistics.median(getattr(r, part) for r in runs["base"])
                self.add(
                    Row(
                        figure,
                        f"{seconds(big)} (median of 3)",
                        anchor,
                        f"{seconds(base)} (median of 3)",
                        big / base,
                        1.5,
                    )
                )
            heaviest = bench_pages.page_runs(store.url, explore)
            largest = max([*runs["big"], heaviest], key=lambda r: r.largest)
            self.add(
                Row(
                    payload,
                    f"{largest.largest:,} bytes ({largest.largest_where}; the runs include"
                    f" Explore with all {len(codes)} countries of a new indicator chosen)",
                    "the limit, 1 MB",
                    "1,000,000 bytes",
                    largest.largest / 1e6,
                    1,
                )
            )

    def first_chart(self, store: Store | None) -> None:
        """Chromium: a link opened to the first chart drawn, Athar against a minimal Streamlit
        app that draws one Plotly chart (the floor Streamlit and Plotly set on this machine)."""
        anchor = "a Streamlit app of one Plotly chart"
        if store is None or not Path(bench_first_chart.CHROMIUM).exists():
            why = "not run (no stored rows)" if store is None else "not run (no Chromium)"
            self.rows.append(Row("first chart in Chromium", why, anchor, "—", None, None))
            return
        self.say("first chart in Chromium, Athar and the one-chart app")
        with self.guarded("first chart in Chromium", anchor, None):
            athar = bench_first_chart.first_chart(store.url)
            floor = bench_first_chart.first_chart(store.url, bench_first_chart.MINIMAL_APP)
            self.add(
                Row(
                    f"first chart in Chromium, cold server ({self.args.large * 10_000:,}"
                    " stored rows)",
                    seconds(athar.cold),
                    anchor,
                    seconds(floor.cold),
                    athar.cold / floor.cold,
                    None,
                )
            )
            for name, took in athar.warm.items():
                self.add(
                    Row(
                        f"first chart in Chromium, warm server, {name}",
                        f"{seconds(took)} (median of 3)",
                        anchor,
                        f"{seconds(floor.warm['overview'])} (median of 3)",
                        took / floor.warm["overview"],
                        None,
                        "≤ 2 s",
                        limit=2.0,
                        value=took,
                    )
                )

    def deck_files(self) -> None:
        """A talk of ten charts made into a PowerPoint deck, an offline report and its PDF
        (context for issue 12: time and size, no ratio goal)."""
        tokens = [
            "series:internet_users:MAR,TUN,MLI,CIV:2010-2023:line",
            "scenario:78:3-6",
            "series:egdi_score:MAR,TUN,MLI,CIV",
            "series:egdi_rank:MAR,TUN,MLI,CIV:2014-2024:bar",
            "story:participants",
            "map:internet_users",
            "map:egdi_score",
            "target:dm2030_direct_jobs",
            "target:dm2030_gdp_contribution",
            "target:dm2030_trainees",
        ]
        browser = bench_report.chromium()
        with self.guarded("a 10-chart deck", "—", None):
            self.say("a 10-chart deck, report and PDF")
            start = time.perf_counter()
            slides = [
                bench_deck.slide(bench_deck.ChartSpec.parse(t), self.bundled, "ar") for t in tokens
            ]
            made = time.perf_counter() - start
            start = time.perf_counter()
            pptx, missing = bench_powerpoint.deck_pptx(slides, "ar", "Athar", ["AUSIM"], browser)
            deck = time.perf_counter() - start
            start = time.perf_counter()
            page = bench_report.html_report(slides, "ar", "Athar", dt.date.today())
            report = time.perf_counter() - start
            rows = [
                ("10 charts built from the catalogue (Arabic)", made, ""),
                (
                    "PowerPoint deck, 10 charts (5 pictures by kaleido)",
                    deck,
                    f"{len(pptx) / 1e6:.1f} MB",
                ),
                ("offline HTML report, 10 charts", report, f"{len(page.encode()) / 1e6:.1f} MB"),
            ]
            if browser is not None:
                pdf = self.tmp / "talk.pdf"
                start = time.perf_counter()
                bench_report.pdf_report(page, pdf)
                rows.append(
                    (
                        "A4 PDF of the report (Chromium)",
                        time.perf_counter() - start,
                        f"{pdf.stat().st_size / 1e6:.1f} MB",
                    )
                )
            for figure, took, size in rows:
                shown = f"{seconds(took)} (1 run)" + (f", {size}" if size else "")
                self.add(Row(figure, shown, "—", "—", None, None))
            if missing:
                self.notes.append(f"the deck was made without {missing} pictures: no Chromium")

    def store_postgres(self, f: File, checked: Checked | None) -> None:
        figure = f"store {f.label} validated rows, PostgreSQL"
        anchor = "psycopg COPY, one transaction"
        postgres = importlib.import_module("tests.postgres")
        bindir = postgres.find_bin()
        if checked is None or bindir is None:
            why = "not run (no checked rows)" if checked is None else "not run (no server)"
            self.rows.append(Row(figure, why, anchor, "—", None, None))
            return
        self.say(f"storing {f.label} rows on PostgreSQL (throwaway server)")
        with self.guarded(figure, anchor, None), postgres.server(bindir) as base:
            admin = sa.create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                self.pg_version = str(conn.exec_driver_sql("SHOW server_version").scalar())

            def database() -> str:
                name = f"bench_{next(self.counter)}"
                with admin.connect() as conn:
                    conn.exec_driver_sql(f"CREATE DATABASE {name}")
                return f"{base}/{name}"

            def empty_database() -> str:
                url = database()
                empty_tables(url)
                return url.replace("postgresql+psycopg://", "postgresql://")

            opened: list[Store] = []

            def fresh_store() -> Store:
                opened.append(open_store(self.bundled, database()))
                return opened[-1]

            try:
                floor = measure(
                    self.clock, lambda u: copy_floor(u, checked.rows, f.content), empty_database
                )
                athar = measure(self.clock, lambda s: self.commit(s, checked, f), fresh_store)
            finally:
                for store in opened:
                    store.close()
                admin.dispose()
            self.add(timed_row(figure, athar, anchor, floor, None))

    def memory(self, f: File) -> None:
        figure = f"peak memory, whole import of {f.label} rows"
        anchor = "the file's size"
        self.say(f"peak memory of importing {f.label} rows (child processes)")
        with self.guarded(figure, anchor, 4):
            script = str(BENCH / "peak_memory.py")
            base = self.child_peak([script, "--db", str(self.fresh_sqlite("memory"))])
            whole = self.child_peak(
                [
                    script,
                    "--db",
                    str(self.fresh_sqlite("memory")),
                    "--csv",
                    str(f.csv_path),
                    "--metadata",
                    str(f.metadata_path),
                ]
            )
            if isinstance(base, str) or isinstance(whole, str):
                why = base if isinstance(base, str) else whole
                self.rows.append(Row(figure, str(why), anchor, f.megabytes, None, 4))
                return
            extra = whole - base
            self.add(
                Row(
                    figure,
                    f"{extra / 1e6:,.0f} MB ({whole / 1e6:,.0f} MB peak"
                    f" − {base / 1e6:,.0f} MB baseline)",
                    anchor,
                    f.megabytes,
                    extra / len(f.content),
                    4,
                )
            )

    def child_peak(self, argv: list[str]) -> int | str:
        """Peak resident bytes of one child process (its VmHWM), or why there is none.

        Not the ru_maxrss that os.wait4 or getrusage(RUSAGE_CHILDREN) give: Linux carries a
        process's high-water mark across fork and exec, so a child of this large process
        would report at least this process's own peak (checked: a bare interpreter started by
        a 500 MB parent reports 513 MB there, 14 MB as VmHWM)."""
        limit = self.clock.allowed()
        if self.clock.spent():
            return "not run (run budget spent)"
        out = self.tmp / f"child-{next(self.counter)}.json"
        with out.open("w") as sink:
            proc = subprocess.Popen([sys.executable, *argv], stdout=sink, cwd=ROOT)
        try:
            code = proc.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            return self.clock.over(limit)
        if code != 0:
            raise RuntimeError(f"{argv[0]} exited {code}: {out.read_text()[:200]}")
        return int(json.loads(out.read_text())["peak_bytes"])

    def profile(self, f: File, checked: Checked | None) -> None:
        """Where Athar's time goes at this size: cProfile of check, commit and the catalogue."""
        if self.clock.allowed() < 60:
            self.notes.append("profiles not run: the run's budget was spent")
            return
        self.say(f"profiling check, commit and current_catalog at {f.label} rows")
        store = self.fresh_store(self.bundled)
        steps: list[tuple[str, Callable[[], object]]] = [
            ("check", lambda: athar_check(self.bundled, self.base_store, f.content)),
        ]
        if checked is not None:
            steps.append(("commit", lambda: self.commit(store, checked, f)))
            steps.append(("current_catalog", lambda: current_catalog(store, self.bundled)))
        for name, step in steps:
            profiler = Profile()
            start = time.perf_counter()
            profiler.runcall(step)
            took = time.perf_counter() - start
            self.profiles.append(
                (f"{name} at {f.label} rows ({seconds(took)} under cProfile)", top(profiler))
            )


def _where(path: str) -> str:
    """A profiled function's file, short: metrics/validate.py, pandas/core/frame.py."""
    for marker in ("/site-packages/", "/lib/python3"):
        if marker in path:
            tail = path.split(marker, 1)[1]
            return tail.split("/", 1)[1] if marker == "/lib/python3" else tail
    return os.path.relpath(path, ROOT) if path.startswith(str(ROOT)) else path


def top(profiler: Profile, count: int = 10) -> str:
    """The top functions by cumulative time, then by own time, as Markdown tables."""
    stats = pstats.Stats(profiler)
    entries = []
    for (path, line, name), (_cc, calls, own, cumulative, _callers) in stats.stats.items():
        if path.endswith("bench/run.py") or "_lsprof.Profiler" in name:  # the bench's own
            continue
        label = name if path == "~" else f"{_where(path)}:{line} {name}"  # "~": built-ins
        entries.append((label, calls, own, cumulative))
    out = []
    for title, key in (("cumulative", 3), ("own time", 2)):
        best = sorted(entries, key=lambda e: e[key], reverse=True)[:count]
        out.append(f"By {title}:\n\n| function | calls | own | cumulative |\n|---|---|---|---|")
        out += [f"| `{e[0]}` | {e[1]:,} | {e[2]:.2f} s | {e[3]:.2f} s |" for e in best]
        out.append("")
    return "\n".join(out)


# --- the machine and the report --------------------------------------------------------------


def machine(load: tuple[float, ...], end: tuple[float, ...]) -> list[tuple[str, str]]:
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "unknown",
    )
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total = re.search(r"MemTotal:\s+(\d+) kB", meminfo)
    memory = f"{int(total.group(1)) / 1024**2:.1f} GiB" if total else "unknown"
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return [
        ("CPU", model),
        ("cores", f"{os.cpu_count()} ({usable} usable by this process)"),
        ("memory", memory),
        ("load average at start (1, 5, 15 min)", ", ".join(f"{x:.2f}" for x in load)),
        ("load average at the end", ", ".join(f"{x:.2f}" for x in end)),
        ("system", platform.platform()),
        ("Python", f"{platform.python_implementation()} {platform.python_version()}"),
    ]


def versions(pg_version: str) -> str:
    names = ["pandas", "numpy", "pyarrow", "pandera", "pydantic", "SQLAlchemy", "psycopg", "PyYAML"]
    found = [f"{n} {importlib.metadata.version(n)}" for n in names]
    found.append(f"SQLite {sqlite3.sqlite_version}")
    found.append(f"PostgreSQL {pg_version}" if pg_version else "PostgreSQL not run")
    return ", ".join(found)


def git_commit() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    head = git("rev-parse", "--short", "HEAD") or "unknown"
    return head + (" with uncommitted changes" if git("status", "--porcelain") else "")


METHOD = """\
- **Athar** is the project's own road: `metrics.importing.check` (read, map, validate,
  compare with the store), `metrics.importing.commit` (store one batch) and
  `metrics.current.current_catalog` (the catalogue each store version starts from: the
  store's contents and metadata, its rows then asked for chart by chart), on a SQLite store
  (`metrics.current.open_store`, the bundled release stored in it) unless PostgreSQL is named.
- **The file** (bench/generate.py): `indicator,country,year,value,source,note`, new
  indicators (`bench_indicator_00`, ...) × 200 real ISO3 codes × 50 years (1974–2023), values
  0–100 with 1–3 decimals, seeded; their metadata YAML (records as in data/indicators.yaml)
  is read with `read_metadata` before the timings.
- **Anchors.** `pyarrow.csv.read_csv` on the same bytes is the floor of reading. pandera:
  `pandas.read_csv`, then a `DataFrameSchema` (indicator a catalogue id or matching the id
  pattern, country in the set Athar accepts, year an integer 1950–2100, value a finite
  float, key unique), `lazy=True` so every failure is collected. pydantic: `csv.DictReader`,
  then `model_validate` of a model with the same constraints on each row dict, duplicate keys
  looked up in a set. Storing: the store's own tables and indexes (`METADATA.create_all`)
  created empty, then in one transaction the batch row with the file's bytes and every
  validated row, from the same frame Athar stores (its conversion to tuples included): bare
  `sqlite3` `executemany` (WAL and foreign keys on, as Athar's store runs), or psycopg
  `COPY ... FROM STDIN` with `write_row`. Every run of either stores into a fresh database.
- **PostgreSQL** is a throwaway server started as tests/postgres.py does (fsync and full
  page writes off): both roads write to the same server, so the ratio holds, not the seconds.
- **Peak memory** is the operating system's count, not tracemalloc's: the peak resident set
  (`VmHWM` in /proc/self/status) of a child process that reads the file, checks it and
  commits it, minus that of a child that only imports the modules, loads the catalogue and
  opens a fresh store (bench/peak_memory.py). It counts pandas', pyarrow's and SQLite's
  buffers, which tracemalloc would miss. Not `ru_maxrss` (`getrusage(RUSAGE_CHILDREN)`,
  `os.wait4`): Linux carries the high-water mark across fork and exec, so a child of the
  bench's own large process reports at least the bench's peak. The ratio is to the file's
  size.
- **Pages** (bench/pages.py) run in process with Streamlit's AppTest, as the server runs
  them for a page view: every public page once with the dashboard's caches emptied (the first
  view after an import), then every page again (caches warm); on the store holding the
  1,000,000 imported rows and on a store holding the bundled release only, alternated, three
  times each, medians kept. The largest figure is the largest `plotly_chart` JSON any of those
  runs sent, plus one run with Explore showing every country of a new indicator.
- **First chart in Chromium** (bench/first_chart.py): Debian's Chromium driven by Playwright,
  from `goto` to the first Plotly SVG visible. Cold: a server just started and a browser
  context that never saw it (one visit, the home page). Warm: the same server and context
  afterwards, each page opened in a new tab, median of three. The anchor is a Streamlit app
  drawing one small Plotly chart (bench/one_chart_app.py), timed the same way: what Streamlit
  and Plotly cost on this machine before any of Athar's work.
- **A talk** (context, no goal): ten charts in Arabic (series, maps, targets) built from the
  bundled catalogue, then made into a PowerPoint deck (maps and targets as pictures by kaleido
  with the system's Chromium), an offline HTML report, and its A4 PDF; one run each, with the
  files' sizes.
- **Runs.** A warm-up call on a small file first; then a figure whose first run takes under
  {slow:g} s is run three times and the median kept, a slower one is run once: each cell says
  which. Every run is stopped at a {cap:g} s cap, and the whole run keeps within {budget:g} s;
  "not run (> cap)" means stopped there: nothing is extrapolated.
"""


def report(bench: Bench, load: tuple[float, float, float], took: float) -> str:
    args = bench.args
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/run.py); every number below comes from one run, "
        "anchors measured in the same process a moment apart. On a busy or shared machine read "
        "the ratios, not the seconds.",
        "",
        f"Run on {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {git_commit()}, "
        f"in {took / 60:.1f} minutes.",
        "",
        "## The machine",
        "",
        *[f"- {k}: {v}" for k, v in machine(load, os.getloadavg())],
        f"- libraries: {versions(bench.pg_version)}",
        "",
        "## Results",
        "",
        markdown(bench.rows),
        "",
        "Goal ≤ 1× against pandera means ahead of it; a dash means no goal is set (context).",
        "",
        "## How it is measured",
        "",
        METHOD.format(slow=SLOW, cap=args.cap, budget=args.budget),
    ]
    if bench.errors:
        lines += ["## Errors in this run", "", *[f"- {e}" for e in bench.errors], ""]
    if bench.notes:
        lines += ["## Notes", "", *[f"- {n}" for n in bench.notes], ""]
    if bench.profiles:
        lines += ["## Where Athar's time goes", ""]
        lines += ["cProfile of one call each (profiling slows Python code more than C code).", ""]
        for title, table in bench.profiles:
            lines += [f"### {title}", "", table]
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap", type=float, default=CAP, help="seconds per timed run")
    parser.add_argument("--budget", type=float, default=BUDGET, help="seconds for the run")
    parser.add_argument("--results", type=Path, default=BENCH / "RESULTS.md")
    parser.add_argument("--quick", action="store_true", help="10,000 and 100,000 rows only")
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args(argv)
    args.small, args.large = (1, 10) if args.quick else (10, 100)  # indicators: 10,000 rows each
    load = os.getloadavg()
    sys.path.insert(0, str(ROOT))  # tests.postgres starts the throwaway PostgreSQL server
    with tempfile.TemporaryDirectory(prefix="athar-bench-") as tmp:
        bench = Bench(args, Path(tmp))
        bench.run()
        took = bench.clock.elapsed()
    text = report(bench, load, took)
    args.results.write_text(text, encoding="utf-8")
    print()
    print(markdown(bench.rows))
    print(f"\n{len(bench.rows)} rows in {took / 60:.1f} minutes; written to {args.results}")
    for error in bench.errors:
        print(f"error: {error}", file=sys.stderr)
    return 1 if bench.errors else 0


if __name__ == "__main__":
    sys.exit(main())
