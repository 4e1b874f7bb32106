"""Imports a generated frame into a store from a separate process (concurrency and crash tests).

    python -m tests.store_worker URL BY ROWS OFFSET [--go FILE] [--hang]
                                 [--trace] [--pause PHASE]

Prints "ready" once the store is open, waits for FILE to exist (so two workers start their
imports together), imports, prints "done BATCH_ID". With --hang it prints "inside" right after
the first chunk of observations is written (on PostgreSQL, the batch's row: its observations
follow by COPY), still inside the transaction, and sleeps until it is killed.

With --trace it also says where the import is, a line per step, so a test that kills it knows
the last step it reached: "begin" (the import called; the conflict check follows), "batch"
once the batch's own row is written, "rows" and "insert" before and after each statement
writing observations through SQLAlchemy (SQLite's chunks; PostgreSQL's COPY goes through the
driver unseen), "commit" as the transaction's commit is about to be sent, then "done
BATCH_ID". With --pause PHASE (batch, insert, commit or done) it sleeps until it is killed
right after printing that step's line: inside the transaction with the batch's row written
and its observations not, after the first chunk of observations, with every row written but
the commit not sent, or after the commit with its connection still open.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
import sqlalchemy as sa

from metrics.store import Store

COUNTRIES = ["MAR", "TUN", "MLI", "CIV", "FRA", "ESP", "SEN", "EGY", "DZA", "WLD"]
PHASES = ("batch", "insert", "commit", "done")  # where --pause may stop an import


def make_frame(rows: int, offset: float = 0.0) -> pd.DataFrame:
    """`rows` distinct keys (1,000 per indicator), value = position + offset."""
    i = pd.RangeIndex(rows)
    return pd.DataFrame(
        {
            "indicator": [f"load_{n // 1000}" for n in i],
            "country": [COUNTRIES[(n // 100) % 10] for n in i],
            "year": (1960 + i % 100).astype("int32"),
            "value": i.to_numpy(dtype="float64") + offset,
            "high": float("nan"),
            "lower_bound": False,
            "estimate": False,
            "alternative": False,
            "source": "",
            "note": "",
            "file": "load.csv",
            "line": (i + 2).astype("int64"),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("by")
    parser.add_argument("rows", type=int)
    parser.add_argument("offset", type=float)
    parser.add_argument("--go")
    parser.add_argument("--hang", action="store_true")
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--pause", choices=PHASES)
    args = parser.parse_args()

    frame = make_frame(args.rows, args.offset)
    store = Store(args.url)
    if args.hang:
        # SQLite writes the rows by INSERT statements; PostgreSQL streams them by COPY, which
        # no statement event sees, right after the batch's own row.
        inside = "INSERT INTO observations" if store.sqlite else "INSERT INTO batches"

        @sa.event.listens_for(store.engine, "after_cursor_execute")
        def _hang(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
            if statement.startswith(inside):
                print("inside", flush=True)
                time.sleep(120)

    if args.trace or args.pause:
        _trace(store, args.pause)

    print("ready", flush=True)
    while args.go and not Path(args.go).exists():
        time.sleep(0.005)
    if args.trace or args.pause:
        print("begin", flush=True)
    batch = store.import_batch(
        frame, by=args.by, file_name=f"{args.by}.csv", content=args.by.encode()
    )
    print(f"done {batch.id}", flush=True)
    if args.pause == "done":
        time.sleep(120)
    sys.exit(0)


def _trace(store: Store, pause: str | None) -> None:
    """Print each step of the import as it is reached; sleep at `pause` until killed."""

    def step(name: str) -> None:
        print(name, flush=True)
        if pause == name:
            time.sleep(120)

    @sa.event.listens_for(store.engine, "before_cursor_execute")
    def _rows(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        if statement.startswith("INSERT INTO observations"):
            step("rows")

    @sa.event.listens_for(store.engine, "after_cursor_execute")
    def _written(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        if statement.startswith("INSERT INTO batches"):
            step("batch")
        elif statement.startswith("INSERT INTO observations"):
            step("insert")

    @sa.event.listens_for(store.engine, "commit")
    def _commit(conn: Any) -> None:
        step("commit")


if __name__ == "__main__":
    main()
