"""A table of text cells -> typed observations, plus every problem found (not just the first).

Checks are vectorised over columns so a large upload costs the same few passes as a small
one; each failing cell becomes one Problem naming its file line and column.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Set
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from metrics import countries
from metrics.errors import Problem, Severity
from metrics.layouts import column_key, slug
from metrics.models import KEY, OBSERVATION_COLUMNS, REQUIRED_COLUMNS, Indicator, conform
from metrics.table import RawTable

# An unknown id this close to a known one is a typo ("internet_userz"), not a new indicator;
# "internet_users_female" (0.8) is new.
_TYPO = 0.9
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MARKUP = r"<\s*/?\s*[A-Za-z!]|javascript:"
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
FIRST_YEAR = 1950  # no digital indicator we know of starts earlier
LAST_YEAR = 2100  # projections reach 2050 at most; anything later is a typo
_TRUE = {"true", "yes", "1", "y", "oui", "نعم"}
_FALSE = {"false", "no", "0", "n", "non", "لا", ""}
# How numbers arrive from French and Arabic spreadsheets: thousands grouped with a space,
# no-break space (U+00A0), narrow no-break space (U+202F), thin space or the Arabic thousands
# separator (U+066C); Arabic-Indic (U+0660-0669) and Persian (U+06F0-06F9) digits; the Arabic
# decimal separator (U+066B); the minus sign U+2212. One table per decimal mark.
_NUMERALS = {
    mark: str.maketrans(
        {
            **{0x0660 + i: str(i) for i in range(10)},
            **{0x06F0 + i: str(i) for i in range(10)},
            0x066B: mark,
            0x066C: None,
            0x2212: "-",
            0x0020: None,
            0x00A0: None,
            0x202F: None,
            0x2009: None,
        }
    )
    for mark in ".,"
}
_GROUPED = {  # thousands grouped with the other mark: 1,234,567.5 or 1.234.567,5
    ".": r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d*)?",
    ",": r"[-+]?\d{1,3}(?:\.\d{3})+(?:,\d*)?",
}


@dataclass(frozen=True)
class Contract:
    """What a file is checked against: the indicators and sources we know."""

    indicators: Mapping[str, Indicator]
    sources: Set[str]
    require_source: bool = False  # bundled data must cite a source on every row
    this_year: int = dt.date.today().year
    # Uploads may bring indicators the catalogue does not know yet: their rows are sound data
    # and the indicator only needs metadata. The bundled data may not.
    allow_new: bool = False

    @property
    def codes(self) -> dict[str, str]:
        """Other publishers' codes (World Bank, OWID) -> our indicator id."""
        return {code: ind.id for ind in self.indicators.values() for code in ind.codes}

    @property
    def names(self) -> dict[str, str]:
        """Every way a file may name an indicator, as name_key compares them -> its id: the
        id, its names in the three languages and its aliases (ids win over names)."""
        found: dict[str, str] = {}
        for ind in self.indicators.values():
            for text in (ind.name.en, ind.name.fr, ind.name.ar, *ind.aliases):
                found.setdefault(name_key(text), ind.id)
        found.update({name_key(i): i for i in self.indicators})
        return found


def name_key(text: str) -> str:
    """A name as compared: column_key's folding, and no punctuation (’ and ' alike)."""
    return re.sub(r"[\W_]+", "", column_key(text))


def _latin(text: str) -> bool:
    """Whether an id can be made of `text` without dropping its letters (Arabic cannot)."""
    return all(c.isascii() or not c.isalpha() or slug(c) != "x" for c in text)


@dataclass(frozen=True)
class Result:
    rows: pd.DataFrame  # charted and alternative rows, conformed; empty when errors
    problems: list[Problem]
    # Indicators the catalogue does not know yet -> their name where the file gives one.
    new_indicators: dict[str, str] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def _cell(value: object) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _suggest(word: str, choices: list[str], cutoff: float = 0.75) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return close[0] if close else None


def _number(col: pd.Series, decimal: str = ".") -> pd.Series:
    """Text cells -> numbers read with the file's decimal mark; anything else is NaN.

    The other mark is taken as a thousands separator only where it groups digits by three,
    so "1.5" in a decimal-comma file is refused rather than read as 15."""
    text = col.str.translate(_NUMERALS[decimal])
    group = "," if decimal == "." else "."
    if text.str.contains(group, regex=False).any():
        grouped = text.str.fullmatch(_GROUPED[decimal]).fillna(False).astype(bool)
        text = text.where(~grouped, text.str.replace(group, "", regex=False))
        text = text.where(~text.str.contains(group, regex=False), "?")
    if decimal == ",":
        text = text.str.replace(",", ".", regex=False)
    numbers = pd.to_numeric(text, errors="coerce")
    # "1e400" and "inf" parse, but no indicator has an infinite value.
    return numbers.where(numbers.abs() != float("inf"))


def check_header(table: RawTable, contract: Contract) -> list[Problem]:
    """Problems with the header row: duplicated, unknown or missing columns, or no rows."""
    name, header = table.name, list(table.frame.columns)
    problems: list[Problem] = []
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.append(Problem("duplicate_column", name, 1, column))
        seen.add(column)
        if column not in OBSERVATION_COLUMNS:
            hint = _suggest(column, list(OBSERVATION_COLUMNS))
            problems.append(
                Problem("unknown_column", name, 1, column, column, {"hint": hint or ""})
            )
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if contract.require_source and "source" not in header:
        missing.append("source")
    problems += [Problem("missing_column", name, 1, column) for column in missing]
    if not problems and table.frame.empty:
        problems.append(Problem("no_rows", name))
    return problems


def validate(table: RawTable, contract: Contract) -> Result:
    problems = check_header(table, contract)
    if problems:
        return Result(pd.DataFrame(), problems)
    return validate_rows(table, contract)


def validate_rows(table: RawTable, contract: Contract) -> Result:
    """Check every cell of a table whose header is sound; `table` may join several files."""
    frame = table.frame.fillna("").apply(lambda c: c.str.strip())
    problems: list[Problem] = []

    def add(code: str, i: int, column: str, severity: Severity = "error", **params: Any) -> None:
        cell = _cell(table.frame.at[i, column])
        problems.append(
            Problem(code, table.file(i), table.lines[i], column, cell, dict(params), severity)
        )

    def flag(mask: pd.Series, code: str, column: str, **params: Any) -> None:
        for i in mask[mask].index:
            add(code, i, column, **params)

    empty = pd.Series("", index=frame.index, dtype="str")
    text = {c: frame.get(c, empty) for c in OBSERVATION_COLUMNS}

    # Each distinct indicator cell is resolved once: an id, a publisher's code or a name the
    # catalogue knows; else a typo of one ("did you mean"), or an indicator new to the
    # catalogue, whose id is made of its Latin letters (IT.NET.BBND -> it_net_bbnd). An id is
    # never invented from a name in another script.
    codes, names = contract.codes, contract.names
    choices = list(names)
    resolved: dict[str, str] = {}
    refused: dict[str, tuple[str, str]] = {}  # cell -> (problem code, hint)
    new: dict[str, str] = {}
    for cell in text["indicator"].unique():
        if not cell:
            continue
        known = codes.get(cell) or names.get(name_key(cell))
        if known:
            resolved[cell] = known
            continue
        close = _suggest(name_key(cell), choices, cutoff=_TYPO)
        if contract.allow_new and not close and _latin(cell):
            ident = cell if _ID.match(cell) else slug(cell)
            resolved[cell] = ident
            new.setdefault(ident, table.names.get(cell, "") or ("" if _ID.match(cell) else cell))
            continue
        hint = close or _suggest(name_key(cell), choices)
        code = "unknown_indicator" if _latin(cell) else "unknown_indicator_name"
        refused[cell] = (code, names[hint] if hint else "")
    raw_indicator = text["indicator"]
    indicator = raw_indicator.map({"": "", **dict.fromkeys(refused, ""), **resolved})
    flag(raw_indicator.eq(""), "empty_cell", "indicator")
    for cell, (code, hint) in refused.items():
        flag(raw_indicator.eq(cell), code, "indicator", hint=hint)

    # Places the publisher lists beside countries, with no code here: skipped, with a warning.
    skipped = text["country"].isin(list(table.aggregates)) if table.aggregates else None
    if skipped is not None:
        for i in skipped[skipped].index:
            add("aggregate_skipped", i, "country", "warning")
        frame = frame[~skipped]
        text = {c: col[~skipped] for c, col in text.items()}
        indicator = indicator[~skipped]

    country = text["country"].str.upper()
    flag(country.eq(""), "empty_cell", "country")
    places = [c for c in country.unique() if countries.is_known(c)]  # once per distinct code
    flag(country.ne("") & ~country.isin(places), "unknown_country", "country")

    year_num = _number(text["year"], table.decimal)
    whole = year_num.notna() & (year_num == year_num.round())
    flag(text["year"].ne("") & ~whole, "not_a_year", "year")
    flag(text["year"].eq(""), "empty_cell", "year")
    out_of_range = whole & ((year_num < FIRST_YEAR) | (year_num > LAST_YEAR))
    flag(out_of_range, "year_out_of_range", "year", first=FIRST_YEAR, last=LAST_YEAR)

    value = _number(text["value"], table.decimal)
    flag(text["value"].ne("") & value.isna(), "not_a_number", "value")
    flag(text["value"].eq(""), "empty_cell", "value")
    high = _number(text["high"], table.decimal)
    flag(text["high"].ne("") & high.isna(), "not_a_number", "high")
    flag(high.notna() & value.notna() & (high < value), "range_reversed", "high")

    flags: dict[str, pd.Series] = {}
    for column in ("lower_bound", "estimate", "alternative"):
        lowered = text[column].str.lower()
        flag(~lowered.isin(_TRUE | _FALSE), "not_a_boolean", column)
        flags[column] = lowered.isin(_TRUE)

    future = whole & ~out_of_range & (year_num > contract.this_year) & ~flags["estimate"]
    flag(future, "future_not_estimate", "year", this_year=contract.this_year)

    source = text["source"]
    if contract.require_source:
        flag(source.eq(""), "empty_cell", "source")
    flag(source.ne("") & ~source.isin(list(contract.sources)), "unknown_source", "source")

    # Text that a spreadsheet would run as a formula (CSV injection), or a browser as markup,
    # has no place in an indicator file; refusing it here protects every later export.
    for column in ("indicator", "country", "source", "note"):
        cells = text[column]
        flag(cells.str.startswith(_FORMULA_START), "formula_in_text", column)
        flag(cells.str.contains(_MARKUP, regex=True), "markup_in_text", column)

    lowest = indicator.map({k: v.minimum for k, v in contract.indicators.items()})
    highest = indicator.map({k: v.maximum for k, v in contract.indicators.items()})
    lowest, highest = lowest.astype("float64"), highest.astype("float64")
    for column, number in (("value", value), ("high", high)):
        for code, mask, limits in (
            ("below_minimum", (number < lowest).fillna(False), lowest),
            ("above_maximum", (number > highest).fillna(False), highest),
        ):
            for i in mask[mask].index:
                add(code, i, column, limit=f"{limits[i]:g}", indicator=indicator[i])

    typed = pd.DataFrame(
        {
            "indicator": indicator,
            "country": country,
            "year": year_num,
            "value": value,
            "high": high,
            "lower_bound": flags["lower_bound"],
            "estimate": flags["estimate"],
            "alternative": flags["alternative"],
            "source": source,
            "note": text["note"],
        }
    )
    charted = typed[~typed["alternative"]]
    dupes = charted[charted.duplicated(list(KEY), keep=False)]
    for _, group in dupes.groupby(list(KEY), sort=False):
        first, *others = group.index
        for i in others:
            same = group.at[i, "value"] == group.at[first, "value"]
            add(
                "duplicate_same" if same else "duplicate_conflict",
                i,
                "value",
                "warning" if same else "error",
                first_file=table.file(first),
                first_row=table.lines[first],
                first_value=_cell(table.frame.at[first, "value"]),
            )
    # Reported in reading order, as the analyst will fix them: row by row, left to right.
    order = {c: i for i, c in enumerate(frame.columns)}
    problems.sort(key=lambda p: (p.file, p.row or 0, order.get(p.column or "", len(order))))
    if any(p.severity == "error" for p in problems):
        return Result(pd.DataFrame(), problems, new)

    exact = charted.duplicated(list(KEY), keep="first")
    typed = typed.drop(index=exact[exact].index)
    typed["file"] = [table.file(i) for i in typed.index]
    typed["line"] = [table.lines[i] for i in typed.index]
    return Result(conform(typed), problems, new)
