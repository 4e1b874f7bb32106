"""Rows of text cells -> the long table, whatever layout the file came in.

Three layouts are recognised as they are downloaded, so an analyst never edits a file by hand:
our long template (headers in English, French or Arabic), the World Bank bulk CSV (preamble,
one column per year, trailing comma) and the Our World in Data grapher CSV (Entity, Code,
Year, one column per indicator). Anything else keeps its columns for apply_mapping.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from metrics import countries
from metrics.errors import Problem, ProblemsFound
from metrics.limits import MAX_ROWS, too_many
from metrics.models import COLUMN_ALIASES, OBSERVATION_COLUMNS, REQUIRED_COLUMNS
from metrics.table import Layout, RawTable, arrow_text

LONG = list(REQUIRED_COLUMNS)
_WORLD_BANK_HEADER = ["countryname", "countrycode", "indicatorname", "indicatorcode"]
_OWID_HEADER = ["entity", "code", "year"]
_YEAR = re.compile(r"^\d{4}$")
# The World Bank's DataBank exports write ".." for a missing value; the bulk files leave it empty.
_WORLD_BANK_MISSING = {"", ".."}
_HEADER_SEARCH = 10  # the World Bank preamble is four lines; allow a little more

# OWID leaves Code empty for its regions and names them; these match our codes (the income
# groups are the World Bank's, which OWID uses). Other regions (Asia, North America as OWID
# draws it, Oceania, South America) have no equivalent here: their rows are skipped, with a
# warning naming them.
OWID_REGIONS: dict[str, str] = {
    "World": "WLD",
    "Africa": "AFR",
    "Europe": "EUR",
    "European Union (27)": "EUU",
    "High-income countries": "HIC",
    "Upper-middle-income countries": "UMC",
    "Lower-middle-income countries": "LMC",
    "Low-income countries": "LIC",
}
# OWID's own codes for entities ISO 3166 does not list.
OWID_CODES: dict[str, str] = {"OWID_WRL": "WLD", "OWID_KOS": "XKX"}
# Columns some grapher downloads add to place each entity on a map; they hold text, not values.
OWID_ANNOTATIONS = {"continent", "worldregionsaccordingtoowid"}


def column_key(name: str) -> str:
    """A header as compared: no case, accents, Arabic hamza or vowel marks, spaces, _ or -."""
    text = unicodedata.normalize("NFKD", name.strip().casefold())
    text = "".join(c for c in text if not unicodedata.combining(c) and c != "\u0640")
    return re.sub(r"[\s_\-.]+", "", text)


_ALIASES = {
    column_key(alias): column
    for column, aliases in COLUMN_ALIASES.items()
    for alias in (column, *aliases)
}


def canonical(header: list[str]) -> list[str]:
    """Known column names in their canonical English form; others as written, stripped."""
    return [_ALIASES.get(column_key(c), c.strip()) for c in header]


def slug(title: str) -> str:
    """A stable indicator id from a column title: lower-case ASCII words joined by "_"."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    if not words or not words[0].isalpha():
        words = "x_" + words
    return words[:64].rstrip("_")


def detect_layout(records: list[list[str]]) -> tuple[Layout, int]:
    """The layout of a file's non-empty records, and the index of its header record."""
    for i, record in enumerate(records[:_HEADER_SEARCH]):
        keys = [column_key(c) for c in record]
        years = [c for c in keys[4:] if c]
        if keys[:4] == _WORLD_BANK_HEADER and years and all(_YEAR.match(y) for y in years):
            return "world_bank", i
    if not records:
        return "unknown", 0
    header = records[0]
    if [column_key(c) for c in header[:3]] == _OWID_HEADER and len(header) > 3:
        return "owid", 0
    return ("long" if set(LONG) <= set(canonical(header)) else "unknown"), 0


@dataclass(frozen=True)
class Converted:
    frame: pd.DataFrame
    lines: list[int] | np.ndarray
    layout: Layout
    names: dict[str, str]
    # Places the publisher lists beside countries that have no code here (OWID's continents,
    # a World Bank group not yet known): their rows are skipped with a warning, not refused.
    aggregates: frozenset[str] = frozenset()


def to_long(name: str, records: list[list[str]], lines: list[int]) -> Converted:
    """Turn a file's non-empty records (and the line each starts on) into the long table."""
    layout, at = detect_layout(records)
    header, body, body_lines = records[at], records[at + 1 :], lines[at + 1 :]
    width = len(header)
    problems = [
        Problem("ragged_row", name, row=line, params={"found": len(r), "expected": width})
        for r, line in zip(body, body_lines, strict=True)
        if len(r) != width
    ]
    if problems:
        raise ProblemsFound(problems)
    header, body = _drop_empty_columns(header, body)
    if layout == "world_bank":
        return _from_world_bank(name, header, body, body_lines)
    if layout == "owid":
        return _from_owid(name, header, body, body_lines)
    frame = (
        pd.DataFrame(body, columns=canonical(header), dtype="str")
        if body
        else pd.DataFrame(columns=canonical(header), dtype="str")
    )
    return Converted(frame, body_lines, layout, {})


def _unknown(codes: set[str]) -> frozenset[str]:
    return frozenset(c for c in codes if c and not countries.is_known(c))


def _drop_empty_columns(header: list[str], body: list[list[str]]) -> tuple[list, list]:
    """Drop columns with no name and no cell: a trailing delimiter on every line (World Bank),
    or the untouched column A of a spreadsheet."""
    empty = [
        j for j, h in enumerate(header) if not h.strip() and not any(r[j].strip() for r in body)
    ]
    if not empty:
        return header, body
    gone = set(empty)
    keep = [j for j in range(len(header)) if j not in gone]
    return [header[j] for j in keep], [[r[j] for j in keep] for r in body]


def _grid(body: list[list[str]]) -> pa.Array:
    """The records' cells, row after row, as one Arrow array of text, each cell stripped:
    converted once, then every long column is taken from it by position."""
    flat = np.array(body, dtype=object).ravel() if body else np.empty(0, dtype=object)
    return pc.utf8_trim_whitespace(pa.array(flat, type=pa.string()))


def _column(grid: pa.Array, width: int, j: int) -> pa.Array:
    return grid.take(np.arange(j, len(grid), width))


def _text(values: pa.Array) -> pd.Series:
    return values.to_pandas(types_mapper=arrow_text)


def _unfold(
    name: str,
    grid: pa.Array,
    width: int,
    kept: np.ndarray,
    lines: list[int] | np.ndarray,
    by_record: dict[str, pa.Array],
    by_column: dict[str, pa.Array],
) -> tuple[pd.DataFrame, np.ndarray]:
    """One long row per kept cell of the grid (`kept`: records x columns), record by record
    and left to right, as the file reads; the count checked before any row is built.
    `by_record` holds the long columns the layout gives once per record, `by_column` those
    its header gives, one per grid column."""
    if int(kept.sum()) > MAX_ROWS:  # one value per year: a file's lines unfold many times over
        raise too_many("too_many_rows", name, MAX_ROWS)
    r, c = np.nonzero(kept)
    columns = {
        **{k: v.take(r) for k, v in by_record.items()},
        **{k: v.take(c) for k, v in by_column.items()},
        "value": grid.take(r * width + c),
    }
    frame = pd.DataFrame({k: _text(columns[k]) for k in LONG})
    return frame, np.asarray(lines, dtype=np.int64)[r]


def _from_world_bank(
    name: str, header: list[str], body: list[list[str]], lines: list[int]
) -> Converted:
    width = len(header)
    grid = _grid(body)
    indicator, country = _column(grid, width, 3), _column(grid, width, 1)
    missing = pc.is_in(grid, value_set=pa.array(sorted(_WORLD_BANK_MISSING)))
    kept = ~np.asarray(missing, dtype=bool).reshape(len(body), width)
    kept[:, :4] = False  # the four columns that name the series are not values
    years = pa.array([h.strip() for h in header], type=pa.string())
    frame, out_lines = _unfold(
        name,
        grid,
        width,
        kept,
        lines,
        {"indicator": indicator, "country": country},
        {"year": years},
    )
    # Each indicator's name as its first record gives it, once per distinct indicator.
    labels = _text(_column(grid, width, 2)).groupby(_text(indicator), sort=False).first()
    names = {str(k): str(v) for k, v in labels.items()}
    # The bulk files list the Bank's groups beside its economies; one it adds later is a
    # group we do not know yet, not a mistake in the file.
    places = _unknown(set(pc.unique(country).to_pylist()))
    return Converted(frame, out_lines, "world_bank", names, places)


def _from_owid(name: str, header: list[str], body: list[list[str]], lines: list[int]) -> Converted:
    width = len(header)
    idents = [""] * width  # the indicator each value column holds; "" for the others
    names: dict[str, str] = {}
    for j, title in enumerate(header[3:], start=3):
        title = title.strip()
        if not title or column_key(title) in OWID_ANNOTATIONS:
            continue
        base = ident = slug(title)
        n = 1
        while ident in names:  # two titles that differ only in punctuation
            n += 1
            ident = f"{base[:60]}_{n}"
        names[ident] = title
        idents[j] = ident
    grid = _grid(body)
    regions: set[str] = set()

    def place(entity: str, code: str) -> str:
        if code:
            if code.startswith("OWID_") and code not in OWID_CODES:
                regions.add(entity)  # a grouping or a former state (OWID_USS): named, skipped
                return entity
            return OWID_CODES.get(code, code)
        if entity not in OWID_REGIONS:
            regions.add(entity)  # an unrecognised region keeps its name, so the warning names it
        return OWID_REGIONS.get(entity, entity)

    # Once per distinct (entity, code) pair, not per record.
    pairs = pd.MultiIndex.from_arrays(
        [_text(_column(grid, width, 0)), _text(_column(grid, width, 1))]
    )
    codes, distinct = pd.factorize(pairs)
    country = pa.array([place(e, c) for e, c in distinct], type=pa.string()).take(codes)
    filled = np.asarray(pc.not_equal(grid, ""), dtype=bool).reshape(len(body), width)
    kept = filled & (np.array(idents, dtype=object) != "")
    frame, out_lines = _unfold(
        name,
        grid,
        width,
        kept,
        lines,
        {"country": country, "year": _column(grid, width, 2)},
        {"indicator": pa.array(idents, type=pa.string())},
    )
    return Converted(frame, out_lines, "owid", names, frozenset(regions))


def apply_mapping(
    table: RawTable, mapping: Mapping[str, str], constants: Mapping[str, str] | None = None
) -> RawTable:
    """The analyst's reading of a file we did not recognise: `mapping` names, for each long
    column (indicator, country, year, value, optional ones), the file's column holding it;
    `constants` gives one value for a whole column, e.g. the indicator of a one-series file."""
    constants = constants or {}
    unknown = [c for c in (*mapping, *constants) if c not in OBSERVATION_COLUMNS]
    if unknown:  # the page offers only long columns; anything else is a programming error
        raise ValueError(f"not columns of the long table: {unknown}")
    header = list(table.frame.columns)
    problems = [
        Problem("missing_column", table.name, 1, source)
        for source in mapping.values()
        if source not in header
    ]
    problems += [
        Problem("duplicate_column", table.name, 1, source)
        for source in dict.fromkeys(mapping.values())
        if header.count(source) > 1
    ]
    problems += [
        Problem("missing_column", table.name, 1, column)
        for column in REQUIRED_COLUMNS
        if column not in mapping and column not in constants
    ]
    if problems:
        raise ProblemsFound(problems)
    frame = pd.DataFrame(
        {
            column: table.frame[mapping[column]]
            if column in mapping
            else pd.Series(constants[column], index=table.frame.index, dtype="str")
            for column in OBSERVATION_COLUMNS
            if column in mapping or column in constants
        }
    )
    return dataclasses.replace(table, frame=frame, layout="mapped")
