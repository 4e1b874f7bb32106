"""One process whose peak resident memory (VmHWM) bench/run.py reads.

Without a file it is the baseline: it imports the modules, loads the catalogue and opens a
fresh store (the bundled release stored into it), then exits. With a file it does the same,
then the whole import an analyst's file takes: read the bytes from disk, check, read the
metadata, commit. The import's peak is the difference between the two processes' peaks.
Each peak is the address space's own high-water mark (VmHWM): ru_maxrss would carry the
parent's across exec.

    python bench/peak_memory.py --db /tmp/m.db [--csv FILE --metadata FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from metrics.bundled import load_bundled
from metrics.current import open_store
from metrics.importing import check, commit, read_metadata


def peak_bytes() -> int:
    """This process's peak resident set since it started (its exec), in bytes."""
    status = Path("/proc/self/status").read_text()
    kilobytes = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
    return int(kilobytes) * 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a new SQLite file")
    parser.add_argument("--csv", type=Path)
    parser.add_argument("--metadata", type=Path)
    args = parser.parse_args(argv)
    bundled = load_bundled()
    store = open_store(bundled, f"sqlite:///{args.db}")
    stored = 0
    if args.csv:
        content = args.csv.read_bytes()
        checked = check(content, args.csv.name, bundled, store)
        if not checked.ok:
            print(json.dumps({"error": f"{len(checked.errors)} problems"}))
            return 1
        meta = args.metadata.read_bytes() if args.metadata else b"[]"
        described = read_metadata(meta, "metadata.yaml", bundled)
        stored = commit(store, checked, by="bench", mode="add", metadata=described).rows
    store.close()
    print(json.dumps({"stored": stored, "peak_bytes": peak_bytes()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
