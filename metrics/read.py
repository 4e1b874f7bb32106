"""File bytes -> a table of text cells, with the line each row came from.

Reading keeps every cell as text: turning text into numbers, years and codes is the
validator's job, because only it knows the contract and can name the rule a cell broke.
Reading does decide what only the whole file tells: its format, encoding, delimiter,
decimal mark and layout (metrics.layouts turns each known layout into the long table).
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import math
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from python_calamine import CalamineError, CalamineWorkbook

from metrics.errors import Problem, ProblemsFound
from metrics.layouts import Converted, canonical, detect_layout, to_long
from metrics.limits import (
    MAX_BYTES,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_INFLATED,
    MAX_LINE_CHARS,
    MAX_RATIO,
    MAX_ROWS,
    too_many,
)
from metrics.table import RawTable, arrow_text

__all__ = ["RawTable", "decode", "read_bytes", "read_csv_bytes", "read_file", "sniff_delimiter"]

# Characters a broken re-encoding leaves behind: UTF-8 read as Windows-1252 and saved again
# ("Ã©" for "é", "Ø§" for "ا").
_MOJIBAKE = re.compile("Ã[\u0080-\u00bf]|Â[\u00a0-\u00bf]|Ø[\u00a7-\u00bf]|Ù[\u0080-\u008a]")
csv.field_size_limit(MAX_CELL_CHARS)
DELIMITERS = ",;\t|"  # in order of preference when two fit equally well
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_SNIFF_CHARS = 64 * 1024  # enough for dozens of lines, even a World Bank header of 70 years
_SNIFF_RECORDS = 50
_PREVIEW_LINES = 20
_TEXT_EXT = {".csv", ".tsv", ".tab", ".txt"}
_EXCEL_EXT = {".xlsx", ".xlsm"}
_PARQUET_EXT = {".parquet", ".pq"}
# Digits as Arabic and Persian keyboards type them, and the spaces French and Arabic number
# formats group thousands with; only used to judge the decimal mark.
_PLAIN = str.maketrans(
    {
        **{0x0660 + i: str(i) for i in range(10)},
        **{0x06F0 + i: str(i) for i in range(10)},
        0x066B: ".",
        0x066C: None,
        0x0020: None,
        0x00A0: None,
        0x202F: None,
        0x2009: None,
    }
)
_COMMA_DECIMAL = re.compile(r"[-+\u2212]?(?:\d+|\d{1,3}(?:\.\d{3})+),\d+")
# "1.500" is left out: it reads as 1.5 or as 1500 depending on the file.
_POINT_DECIMAL = re.compile(r"[-+\u2212]?(?:\d+\.(?:\d{1,2}|\d{4,})|\d{1,3}(?:,\d{3})+\.\d+)")

Format = Literal["csv", "xlsx", "parquet"]


def _line_of(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1


def decode(data: bytes, name: str) -> tuple[str, str, list[Problem]]:
    """Return (text, encoding, warnings). Arabic Windows files must never be read as
    Windows-1252: both decode without error, but only cp1256 gives Arabic letters. A UTF-8
    file with a few broken bytes stays UTF-8 (the rest of its letters are right), with a
    warning naming the first broken line; so does a file that was re-encoded twice."""
    text: str | None = None
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text" is UTF-16 with a BOM
        with contextlib.suppress(UnicodeDecodeError):
            text, encoding = data.decode("utf-16"), "utf-16"
    if text is None:
        nul = data.find(b"\x00")
        if 0 <= nul < 4096:
            raise ProblemsFound([Problem("not_text", name)])
        if nul >= 0:  # binary data further in: refused, or one store would take it, not another
            raise ProblemsFound([Problem("nul_byte", name, data.count(b"\n", 0, nul) + 1)])
        text, encoding = _decode_8bit(data)
    elif "\x00" in text:
        raise ProblemsFound([Problem("nul_byte", name, _line_of(text, text.index("\x00")))])
    warnings = []
    if encoding == "utf-8" and "\ufffd" in text:
        at = _line_of(text, text.index("\ufffd"))
        warnings.append(Problem("broken_utf8", name, at, severity="warning"))
    elif not text.isascii() and (found := _MOJIBAKE.search(text)):
        at = _line_of(text, found.start())
        warnings.append(Problem("mojibake", name, at, value=found.group(), severity="warning"))
    return text, encoding, warnings


def _decode_8bit(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8-sig", errors="replace")
    broken = lenient.count("\ufffd")
    letters = sum(1 for c in lenient if c > "\x7f") - broken
    if letters > 10 * broken:  # mostly UTF-8: a few damaged bytes, not another encoding
        return lenient, "utf-8"
    arabic = data.decode("cp1256", errors="replace")
    if _ARABIC.search(arabic):
        return arabic, "cp1256"
    return data.decode("cp1252", errors="replace"), "cp1252"


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same number of cells most often.

    Each candidate is tried with quotes respected, so a comma inside a quoted note or a
    decimal comma in a ';' file does not win; a preamble (World Bank) is outvoted by the
    rows. Unlike pandas' sep=None, a one-column file stays one column."""
    sample = text[:_SNIFF_CHARS]
    truncated = len(text) > _SNIFF_CHARS
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        widths = []
        try:
            for record in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
                if "".join(record).strip():  # a blank record; one join beats a generator per cell
                    widths.append(len(record))
                if len(widths) > _SNIFF_RECORDS:
                    break
        except csv.Error:  # the reader proper will report the line
            pass
        if truncated and len(widths) > 1:
            widths.pop()  # the sample may end inside the last record
        counts = Counter(w for w in widths if w > 1)
        if not counts:
            continue
        width, count = max(counts.items(), key=lambda wc: (wc[1], wc[0]))
        if (count, width) > best_score:
            best, best_score = delimiter, (count, width)
    return best


def sniff_decimal(records: list[list[str]], delimiter: str) -> str:
    """ "," when the number-looking cells use a decimal comma, else ".". A comma-separated file
    cannot hold an unquoted decimal comma, so only other delimiters are examined."""
    if delimiter == ",":
        return "."
    comma = point = 0
    for record in records[: _SNIFF_RECORDS * 20]:
        for cell in record:
            plain = cell.translate(_PLAIN)
            if _COMMA_DECIMAL.fullmatch(plain):
                comma += 1
            elif _POINT_DECIMAL.fullmatch(plain):
                point += 1
    return "," if comma > point else "."


def _csv_records(text: str, delimiter: str, name: str) -> tuple[list[list[str]], list[int]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    lines: list[int] = []
    start = 1
    try:
        for record in reader:
            if len(record) > MAX_COLUMNS:
                raise too_many("too_many_columns", name, MAX_COLUMNS, start)
            if "".join(record).strip():  # a blank record; one join beats a generator per cell
                if len(records) == MAX_ROWS:
                    raise too_many("too_many_rows", name, MAX_ROWS)
                records.append(record)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ProblemsFound(
            [Problem("bad_csv", name, row=start, params={"detail": str(exc)})]
        ) from None
    return records, lines


def _text(value: Any) -> str:
    """A spreadsheet or Parquet cell as the text a CSV export would hold."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel stores 2023 as 2023.0
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    return str(value).strip()


def _rows_records(rows: Any, first_line: int) -> tuple[list[list[str]], list[int]]:
    records, lines = [], []
    for i, row in enumerate(rows):
        record = [_text(v) for v in row]
        if any(record):
            records.append(record)
            lines.append(first_line + i)
    return records, lines


def _frame_records(frame: pd.DataFrame, first_line: int) -> tuple[list[list[str]], list[int]]:
    return _rows_records(frame.itertuples(index=False, name=None), first_line)


def _check_workbook(data: bytes, name: str) -> None:
    """An .xlsx is a zip of XML parts: their sizes are known before any is inflated."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
    if sum(p.file_size for p in parts) > MAX_INFLATED:
        raise too_many("too_inflated", name, MAX_INFLATED >> 20)
    if any(p.file_size > MAX_RATIO * max(p.compress_size, 1) for p in parts):
        raise too_many("too_inflated", name, MAX_INFLATED >> 20)


def _workbook_records(data: bytes, name: str) -> tuple[list[list[str]], list[int]]:
    _check_workbook(data, name)
    sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    if sheet.height > MAX_ROWS:
        raise too_many("too_many_rows", name, MAX_ROWS)
    if sheet.width > MAX_COLUMNS:
        raise too_many("too_many_columns", name, MAX_COLUMNS, 1)
    # From the sheet's first row, empty ones included, so line numbers are the spreadsheet's.
    return _rows_records(sheet.to_python(skip_empty_area=False), 1)


def _parquet_records(data: bytes, name: str) -> tuple[list[list[str]], list[int]]:
    file = pq.ParquetFile(io.BytesIO(data))
    meta = file.metadata  # the footer says how much there is before anything is read
    if meta.num_rows > MAX_ROWS:
        raise too_many("too_many_rows", name, MAX_ROWS)
    if meta.num_columns > MAX_COLUMNS:
        raise too_many("too_many_columns", name, MAX_COLUMNS, 1)
    inflated = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    if inflated > MAX_INFLATED:
        raise too_many("too_inflated", name, MAX_INFLATED >> 20)
    frame = file.read().to_pandas()
    records, lines = _frame_records(frame, 2)
    return [[str(c) for c in frame.columns], *records], [1, *lines]


def _binary_records(data: bytes, name: str, kind: Format) -> tuple[list[list[str]], list[int]]:
    label = "Excel (.xlsx)" if kind == "xlsx" else "Parquet"
    magic = b"PK" if kind == "xlsx" else b"PAR1"
    if not data.startswith(magic):
        detail = "not a zip archive" if kind == "xlsx" else "no Parquet signature"
        params = {"format": label, "detail": detail}
        raise ProblemsFound([Problem("unreadable", name, params=params)])
    try:
        if kind == "xlsx":
            return _workbook_records(data, name)
        return _parquet_records(data, name)
    except ProblemsFound:
        raise
    except (CalamineError, zipfile.BadZipFile, OSError, ValueError, TypeError) as exc:
        # A damaged file: calamine, zipfile and pyarrow each raise their own kinds.
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ProblemsFound(
            [Problem("unreadable", name, params={"format": label, "detail": detail})]
        ) from None


def file_format(data: bytes, name: str) -> Format:
    """The extension decides when it is one we know (a binary file named .csv is refused as
    not text); otherwise the content's signature."""
    ext = Path(name).suffix.lower()
    if ext in _EXCEL_EXT:
        return "xlsx"
    if ext in _PARQUET_EXT:
        return "parquet"
    if ext not in _TEXT_EXT:
        if data.startswith(b"PAR1"):
            return "parquet"
        if data.startswith(b"PK"):
            return "xlsx"
    return "csv"


def read_bytes(data: bytes, name: str) -> RawTable:
    """Any supported file's bytes -> the long table (or, for an unknown layout, its columns)."""
    if len(data) > MAX_BYTES:
        raise ProblemsFound([Problem("too_large", name, params={"limit_mb": MAX_BYTES >> 20})])
    kind = file_format(data, name)
    if kind == "csv":
        return read_csv_bytes(data, name)
    records, lines = _binary_records(data, name, kind)
    if not records:
        raise ProblemsFound([Problem("empty_file", name)])
    long = to_long(name, records, lines)
    preview = "\n".join("\t".join(r) for r in records[:_PREVIEW_LINES])
    return RawTable(
        name,
        long.frame,
        long.lines,
        "",
        "",
        layout=long.layout,
        names=long.names,
        preview=preview,
        format=kind,
        aggregates=long.aggregates,
    )


def _sample_records(text: str, delimiter: str) -> list[list[str]]:
    """The first records, whole, from the start of the text."""
    sample = text[:_SNIFF_CHARS]
    if len(text) > _SNIFF_CHARS:
        sample = sample[: sample.rfind("\n") + 1]
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    try:
        return [r for r in reader if "".join(r).strip()]
    except csv.Error:
        return []


def _line_ends(encoded: bytes) -> np.ndarray:
    """Where each line of the text ends (its newline, or the end of the text), as byte
    offsets into its UTF-8 form: one vectorised pass, for the checks below."""
    raw = np.frombuffer(encoded, dtype=np.uint8)
    return np.append(np.flatnonzero(raw == ord("\n")), len(raw))


def _first_long_line(text: str, encoded: bytes, ends: np.ndarray) -> int | None:
    """The first line longer than MAX_LINE_CHARS characters, if any. Lines are measured in
    bytes first (a character takes one byte or more), so only a line that long in bytes is
    decoded and counted in characters."""
    if len(text) <= MAX_LINE_CHARS:
        return None
    starts = np.insert(ends[:-1] + 1, 0, 0)
    for i in np.flatnonzero(ends - starts > MAX_LINE_CHARS):
        line = encoded[starts[i] : ends[i]].decode("utf-8")
        if len(line) > MAX_LINE_CHARS:
            return int(i) + 1
    return None


def _quotes_close_on_each_line(encoded: bytes, ends: np.ndarray) -> bool:
    """Whether every line holds an even number of quote marks: no quoted cell runs on to the
    next line, and none is left open (which the line-by-line reader reports by line)."""
    if encoded.find(b'"') < 0:
        return True
    quotes = np.flatnonzero(np.frombuffer(encoded, dtype=np.uint8) == ord('"'))
    per_line = np.diff(np.searchsorted(quotes, ends), prepend=0)
    return not (per_line % 2).any()


def _arrow_long(
    text: str, encoded: bytes, ends: np.ndarray, delimiter: str, name: str
) -> Converted | None:
    """The long template read by Arrow in one pass, every cell kept as text, when its shape
    gives every row an exact line: the header on line 1, one record per line, no blank
    line, as wide as the header. None for anything else, which the line-by-line reader
    takes (and locates any flaw of)."""
    head = _sample_records(text, delimiter)[:1]
    if not head or text.lstrip("\r\n") != text or detect_layout(head) != ("long", 0):
        return None
    if not _quotes_close_on_each_line(encoded, ends):
        return None
    width = len(head[0])
    names = [f"c{j}" for j in range(width)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(encoded),  # the bytes as they are, not a copy
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=False, ignore_empty_lines=False
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_rows > MAX_ROWS:
        raise too_many("too_many_rows", name, MAX_ROWS)
    frame = table.to_pandas(types_mapper=arrow_text)
    frame.columns = canonical(head[0])
    # A record of empty cells (",,,") is a blank line to a spreadsheet: skipped, as below.
    # Only rows whose first cell is empty can be blank: the other columns are looked at there.
    blank = frame.iloc[:, 0].str.strip().eq("").to_numpy(dtype=bool, copy=True)
    if blank.any():
        maybe = frame[blank]
        blank[blank] = maybe.apply(lambda c: c.str.strip().eq("")).all(axis=1).to_numpy()
    lines = np.arange(2, len(frame) + 2)
    if blank.any():
        frame, lines = frame[~blank].reset_index(drop=True), lines[~blank]
    # Arrow's pool keeps what its parser used; handed back, a large file leaves less behind.
    pa.default_memory_pool().release_unused()
    return Converted(frame, lines, "long", {})


def read_csv_bytes(data: bytes, name: str) -> RawTable:
    if len(data) > MAX_BYTES:
        raise ProblemsFound([Problem("too_large", name, params={"limit_mb": MAX_BYTES >> 20})])
    text, encoding, warnings = decode(data, name)
    if not text.strip():
        raise ProblemsFound([Problem("empty_file", name)])
    # The checks below work on UTF-8 bytes: a UTF-8 file's own, when decoding changed nothing.
    plain = encoding == "utf-8" and not data.startswith(codecs.BOM_UTF8) and not warnings
    encoded = data if plain else text.encode("utf-8")
    ends = _line_ends(encoded)
    if (overlong := _first_long_line(text, encoded, ends)) is not None:
        # Before any parser builds a record of it.
        raise too_many("line_too_long", name, MAX_LINE_CHARS, overlong)
    delimiter = sniff_delimiter(text)
    long = _arrow_long(text, encoded, ends, delimiter, name)
    if long is None:  # any other shape, or a flaw the line-by-line reader will locate
        records, lines = _csv_records(text, delimiter, name)
        decimal = sniff_decimal(records, delimiter)
        long = to_long(name, records, lines)
    else:
        decimal = sniff_decimal(_sample_records(text, delimiter), delimiter)
    preview = "\n".join(text[:_SNIFF_CHARS].splitlines()[:_PREVIEW_LINES])
    return RawTable(
        name,
        long.frame,
        long.lines,
        encoding,
        delimiter,
        decimal,
        layout=long.layout,
        names=long.names,
        preview=preview,
        aggregates=long.aggregates,
        warnings=warnings,
    )


def read_file(path: Path | str) -> RawTable:
    path = Path(path)
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ProblemsFound([Problem("too_large", path.name, params={"limit_mb": MAX_BYTES >> 20})])
    return read_bytes(path.read_bytes(), path.name)
