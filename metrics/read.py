"""File bytes -> a table of text cells, with the line each row came from.

Reading keeps every cell as text: turning text into numbers, years and codes is the
validator's job, because only it knows the contract and can name the rule a cell broke.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from metrics.errors import Problem, ProblemsFound

MAX_BYTES = 50 * 1024 * 1024  # the largest file we read; matches server.maxUploadSize
DELIMITERS = ",;\t|"
_ARABIC = re.compile(r"[\u0600-\u06FF]")


@dataclass(frozen=True)
class RawTable:
    name: str  # the file name as the user knows it; used in every message
    frame: pd.DataFrame  # every cell a str ("" when empty); columns as in the header, stripped
    lines: list[int]  # lines[i] is the file line where data row i starts (header is line 1)
    encoding: str
    delimiter: str
    origins: list[str] | None = None  # per-row file name when tables were joined

    def file(self, i: int) -> str:
        return self.origins[i] if self.origins else self.name

    @classmethod
    def join(cls, name: str, tables: list[RawTable]) -> RawTable:
        """Several files as one table, each row keeping its own file and line; validating
        them together costs one pass and finds duplicates across files too."""
        frame = pd.concat([t.frame for t in tables], ignore_index=True)
        lines = [line for t in tables for line in t.lines]
        origins = [t.name for t in tables for _ in t.lines]
        return cls(name, frame, lines, "utf-8", ",", origins)


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Return (text, encoding). Arabic Windows files must never be read as Windows-1252:
    both decode without error, but only cp1256 gives Arabic letters."""
    if b"\x00" in data[:4096]:
        raise ProblemsFound([Problem("not_text", name)])
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    arabic = data.decode("cp1256", errors="replace")
    if _ARABIC.search(arabic):
        return arabic, "cp1256"
    return data.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_csv_bytes(data: bytes, name: str) -> RawTable:
    if len(data) > MAX_BYTES:
        raise ProblemsFound([Problem("too_large", name, params={"limit_mb": MAX_BYTES >> 20})])
    text, encoding = decode(data, name)
    if not text.strip():
        raise ProblemsFound([Problem("empty_file", name)])
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                records.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ProblemsFound(
            [Problem("bad_csv", name, row=start, params={"detail": str(exc)})]
        ) from None
    header = [cell.strip() for cell in records[0]]
    body = records[1:]
    width = len(header)
    problems = [
        Problem("ragged_row", name, row=line, params={"found": len(r), "expected": width})
        for r, line in zip(body, lines[1:], strict=True)
        if len(r) != width
    ]
    if problems:
        raise ProblemsFound(problems)
    frame = (
        pd.DataFrame(body, columns=header, dtype="str")
        if body
        else pd.DataFrame(columns=header, dtype="str")
    )
    return RawTable(name, frame, lines[1:], encoding, delimiter)


def read_file(path: Path | str) -> RawTable:
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ProblemsFound([Problem("too_large", path.name, params={"limit_mb": MAX_BYTES >> 20})])
    return read_csv_bytes(path.read_bytes(), path.name)
