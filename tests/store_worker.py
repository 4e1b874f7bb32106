"""Imports a generated frame into a store from a separate process (concurrency and crash tests).

    python -m tests.store_worker URL BY ROWS OFFSET [--go FILE] [--hang]

Prints "ready" once the store is open, waits for FILE to exist (so two workers start their
imports together), imports, prints "done BATCH_ID". With --hang it prints "inside" right after
the first chunk of observations is written, still inside the transaction, and sleeps until
it is killed.
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
    args = parser.parse_args()

    frame = make_frame(args.rows, args.offset)
    store = Store(args.url)
    if args.hang:

        @sa.event.listens_for(store.engine, "after_cursor_execute")
        def _hang(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
            if statement.startswith("INSERT INTO observations"):
                print("inside", flush=True)
                time.sleep(120)

    print("ready", flush=True)
    while args.go and not Path(args.go).exists():
        time.sleep(0.005)
    batch = store.import_batch(
        frame, by=args.by, file_name=f"{args.by}.csv", content=args.by.encode()
    )
    print(f"done {batch.id}", flush=True)
    sys.exit(0)


if __name__ == "__main__":
    main()
