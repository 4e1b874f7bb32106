"""A table of text cells -> typed observations, plus every problem found (not just the first).

Checks are vectorised over columns so a large upload costs the same few passes as a small
one; each failing cell becomes one Problem naming its file line and column.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Set
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from metrics import countries
from metrics.cells import Cells
from metrics.errors import Problem, Reported, Severity
from metrics.layouts import column_key, slug
from metrics.limits import MAX_CELL_CHARS, MAX_PROBLEMS
from metrics.models import (
    HIDDEN,
    HIDDEN_IN_CODES,
    LINK,
    OBSERVATION_COLUMNS,
    REQUIRED_COLUMNS,
    Indicator,
    conform,
)
from metrics.table import RawTable

MAX_NEW_INDICATORS = 100  # indicators one file may bring; each needs its metadata typed in
MAX_HINTED = 200  # distinct unknown indicator cells that get a "did you mean"
# An unknown id this close to a known one is a typo ("internet_userz"), not a new indicator;
# "internet_users_female" (0.8) is new.
_TYPO = 0.9
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z!]|javascript:")
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
class Result(Reported):
    rows: pd.DataFrame  # charted and alternative rows, conformed; empty when errors
    problems: list[Problem]
    # Indicators the catalogue does not know yet -> their name where the file gives one.
    new_indicators: dict[str, str] = field(default_factory=dict)


def shown_cell(value: object) -> str:
    text = str(value)
    return text if len(text) <= 80 else text[:77] + "..."


def suggest(word: str, choices: list[str], cutoff: float = 0.75) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return close[0] if close else None


def numbers(col: pd.Series, decimal: str = ".") -> pd.Series:
    """Text cells -> numbers read with the file's decimal mark; anything else is NaN.

    Plain numbers ("84.1204", "-3", "1e3") are read in one vectorised pass; only the cells
    that pass fails (grouped thousands, Arabic-Indic digits, a decimal comma, text) take the
    slower road, which knows every way a spreadsheet writes a number."""
    if decimal != ".":  # "1.500" means 1500 there, not what a plain reader would make of it
        return _written_number(col, decimal)
    numbers = _arrow_numbers(col)
    if numbers is None:
        numbers = pd.to_numeric(col, errors="coerce")
    rest = numbers.isna().to_numpy() & col.ne("").to_numpy()
    if rest.any():
        numbers[rest] = _written_number(col[rest], decimal)
    return numbers.where(numbers.abs() != float("inf"))


def _arrow_numbers(col: pd.Series) -> pd.Series | None:
    """The whole column cast by Arrow when every non-empty cell is a plain number (a clean
    file, the usual case); None when one is not, and the cell-by-cell reader decides."""
    cells = pa.array(col.array)
    filled = pc.not_equal(cells, "")
    try:
        numbers = pc.cast(pc.filter(cells, filled), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    out = np.full(len(col), np.nan)
    out[np.asarray(filled, dtype=bool)] = numbers.to_numpy(zero_copy_only=False)
    return pd.Series(out, index=col.index)


def _written_number(col: pd.Series, decimal: str) -> pd.Series:
    """The other mark is taken as a thousands separator only where it groups digits by
    three, so "1.5" in a decimal-comma file is refused rather than read as 15."""
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
    repeated: set[str] = set()
    for column in header:
        if column in seen:  # once per name, however often it repeats
            if column not in repeated:
                repeated.add(column)
                problems.append(Problem("duplicate_column", name, 1, column))
            continue
        seen.add(column)
        if column not in OBSERVATION_COLUMNS:
            hint = suggest(column, list(OBSERVATION_COLUMNS))
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


class _Found:
    """Problems found by whole-column checks. Each check turns at most its first MAX_PROBLEMS
    rows into Problems (once sorted, they hold every problem a report lists) and counts the
    rest, so a file with a mistake on every row costs no more than one with a few."""

    def __init__(self, table: RawTable):
        self.table = table
        self.lines = np.asarray(table.lines, dtype="int64")
        self.files = np.asarray(table.origins) if table.origins else None
        self.problems: list[Problem] = []
        self.unlisted = {"error": 0, "warning": 0}

    def flag(
        self,
        mask: pd.Series,
        code: str,
        column: str,
        severity: Severity = "error",
        each: Callable[[np.ndarray], list[dict[str, Any]]] | None = None,
        **params: Any,
    ) -> None:
        """`mask` over rows of the table; `each` gives per-row params for the rows listed."""
        rows = mask.index.to_numpy()[mask.to_numpy(dtype=bool, na_value=False)]
        if not len(rows):
            return
        shown = rows[:MAX_PROBLEMS]
        self.unlisted[severity] += len(rows) - len(shown)
        cells = self.table.frame[column].to_numpy()[shown]
        files = self.files[shown] if self.files is not None else [self.table.name] * len(shown)
        extra = each(shown) if each else [{}] * len(shown)
        self.problems += [
            Problem(code, str(f), int(line), column, shown_cell(cell), {**params, **more}, severity)
            for f, line, cell, more in zip(files, self.lines[shown], cells, extra, strict=True)
        ]

    def report(self, order: dict[str, int]) -> list[Problem]:
        """In reading order, as the analyst will fix them: row by row, left to right; past
        MAX_PROBLEMS, one line counting the rest."""
        found = [
            *self.table.warnings,
            *sorted(
                self.problems,
                key=lambda p: (p.file, p.row or 0, order.get(p.column or "", len(order))),
            ),
        ]
        listed, rest = found[:MAX_PROBLEMS], found[MAX_PROBLEMS:]
        count = sum(self.unlisted.values()) + len(rest)
        if count:
            errors = self.unlisted["error"] or any(p.severity == "error" for p in rest)
            more = Problem(
                "more_problems",
                self.table.name,
                params={"count": f"{count:,}"},
                severity="error" if errors else "warning",
            )
            listed.append(more)
        return listed


def _resolve(
    cells: Iterable[str], contract: Contract, names_in_file: dict[str, str]
) -> tuple[dict[str, str], dict[str, tuple[str, str]], dict[str, str]]:
    """Each distinct indicator cell, resolved once: an id, a publisher's code or a name the
    catalogue knows; else a typo of one ("did you mean"), or an indicator new to the
    catalogue, whose id is made of its Latin letters (IT.NET.BBND -> it_net_bbnd). An id is
    never invented from a name in another script. Returns (cell -> id, cell -> (problem code,
    hint), new id -> its name in the file)."""
    codes, names = contract.codes, contract.names
    choices = list(names)
    resolved: dict[str, str] = {}
    refused: dict[str, tuple[str, str]] = {}
    new: dict[str, str] = {}
    for cell in cells:  # each distinct cell once
        if not cell:
            continue
        known = codes.get(cell) or names.get(name_key(cell))
        if known:
            resolved[cell] = known
            continue
        # "Did you mean" compares with every name: bounded, so a file of a million distinct
        # made-up ids is refused in seconds (each is still reported, without a hint).
        hinted = len(refused) + len(new) < MAX_HINTED
        close = suggest(name_key(cell), choices, cutoff=_TYPO) if hinted else None
        latin = _latin(cell)
        if contract.allow_new and not close and latin and len(new) < MAX_NEW_INDICATORS:
            ident = cell if _ID.match(cell) else slug(cell)
            resolved[cell] = ident
            new.setdefault(ident, names_in_file.get(cell, "") or ("" if _ID.match(cell) else cell))
            continue
        hint = (close or suggest(name_key(cell), choices)) if hinted else None
        code = "unknown_indicator" if latin else "unknown_indicator_name"
        refused[cell] = (code, names[hint] if hint else "")
    return resolved, refused, new


def validate_rows(table: RawTable, contract: Contract) -> Result:
    """Check every cell of a table whose header is sound; `table` may join several files.
    Text is checked once per distinct cell (metrics.cells), numbers by whole columns."""
    frame = table.frame
    found = _Found(table)
    flag = found.flag
    # Values and ranges are mostly distinct: read as whole columns, not as distinct cells.
    measured = {
        c: frame[c].fillna("").str.strip() if c in frame.columns else _blank(frame.index)
        for c in NUMBER_COLUMNS
    }
    text = {
        c: Cells.of(frame[c]) if c in frame.columns else Cells.empty(frame.index)
        for c in OBSERVATION_COLUMNS
        if c not in NUMBER_COLUMNS
    }

    raw_indicator = text["indicator"]
    resolved, refused, new = _resolve(raw_indicator.values, contract, table.names)
    indicator = raw_indicator.replace({**dict.fromkeys(refused, ""), **resolved})
    flag(raw_indicator.eq(""), "empty_cell", "indicator")
    hints = {cell: {"hint": hint} for cell, (_, hint) in refused.items()}
    for code in ("unknown_indicator", "unknown_indicator_name"):
        listed = [c for c, (k, _) in refused.items() if k == code]
        flag(
            raw_indicator.isin(listed),
            code,
            "indicator",
            each=lambda rows: [hints[c] for c in raw_indicator.at(rows)],
        )

    # Places the publisher lists beside countries, with no code here: skipped, with a warning.
    if table.aggregates:
        skipped = text["country"].isin(table.aggregates)
        flag(skipped, "aggregate_skipped", "country", "warning")
        keep = ~skipped.to_numpy()
        text = {c: cells.take(keep) for c, cells in text.items()}
        measured = {c: column[keep] for c, column in measured.items()}
        indicator = indicator.take(keep)

    country = text["country"].apply(str.upper)
    flag(country.eq(""), "empty_cell", "country")
    place = country.where(countries.is_known)  # once per distinct code
    flag(~country.eq("") & ~place, "unknown_country", "country")

    def number(cells: Cells) -> pd.Series:
        each = numbers(pd.Series(cells.values, dtype="str"), table.decimal).to_numpy()
        return pd.Series(cells.gather(each), index=cells.index)

    year_num = number(text["year"])
    whole = year_num.notna() & (year_num == year_num.round())
    flag(~text["year"].eq("") & ~whole, "not_a_year", "year")
    flag(text["year"].eq(""), "empty_cell", "year")
    out_of_range = whole & ((year_num < FIRST_YEAR) | (year_num > LAST_YEAR))
    flag(out_of_range, "year_out_of_range", "year", first=FIRST_YEAR, last=LAST_YEAR)

    value = numbers(measured["value"], table.decimal)
    flag(measured["value"].ne("") & value.isna(), "not_a_number", "value")
    flag(measured["value"].eq(""), "empty_cell", "value")
    high = numbers(measured["high"], table.decimal)
    flag(measured["high"].ne("") & high.isna(), "not_a_number", "high")
    flag(high.notna() & value.notna() & (high < value), "range_reversed", "high")

    flags: dict[str, pd.Series] = {}
    for column in ("lower_bound", "estimate", "alternative"):
        cells = text[column]
        flag(cells.where(lambda c: c.lower() not in _TRUE | _FALSE), "not_a_boolean", column)
        flags[column] = cells.where(lambda c: c.lower() in _TRUE)

    future = whole & ~out_of_range & (year_num > contract.this_year) & ~flags["estimate"]
    flag(future, "future_not_estimate", "year", this_year=contract.this_year)

    source = text["source"]
    if contract.require_source:
        flag(source.eq(""), "empty_cell", "source")
    flag(~source.eq("") & ~source.isin(contract.sources), "unknown_source", "source")

    # Text that a spreadsheet would run as a formula (CSV injection), or a browser as markup
    # or a link to fetch, has no place in an indicator file; refusing it here protects every
    # later export and page. So do characters that hide or reverse the text around them.
    for column in ("indicator", "country", "source", "note"):
        cells = text[column]
        flag(cells.where(lambda c: c.startswith(FORMULA_START)), "formula_in_text", column)
        flag(cells.where(MARKUP.search), "markup_in_text", column)
        invisible = HIDDEN if column == "note" else HIDDEN_IN_CODES
        flag(cells.where(invisible.search), "invisible_character", column)
    flag(text["note"].where(LINK.search), "link_in_text", "note")
    for column, cells in text.items():
        too_long = cells.where(lambda c: len(c) > MAX_CELL_CHARS)
        flag(too_long, "cell_too_long", column, limit=MAX_CELL_CHARS)
    for column, written in measured.items():
        flag(written.str.len() > MAX_CELL_CHARS, "cell_too_long", column, limit=MAX_CELL_CHARS)

    _flag_bounds(found, indicator, contract, {"value": value, "high": high})

    # Two charted rows for one key, compared as integer codes. Keys and values already
    # refused would only repeat as duplicates of one another.
    charted = ~flags["alternative"].to_numpy()
    sound = (~indicator.eq("") & place & whole & value.notna()).to_numpy()
    key = _key(indicator, country, year_num.to_numpy())
    _flag_duplicates(found, key[charted & sound], indicator.index[charted & sound], value)
    problems = found.report({c: i for i, c in enumerate(frame.columns)})
    if any(p.severity == "error" for p in problems):
        return Result(pd.DataFrame(), problems, new)

    # No errors: every row is sound, and a repeated key repeats its value; keep the first.
    repeated = np.zeros(len(key), dtype=bool)
    repeated[charted] = pd.Series(key[charted]).duplicated(keep="first").to_numpy()
    kept = ~repeated
    rows = indicator.index.to_numpy()[kept]
    typed = pd.DataFrame(
        {
            "indicator": indicator.take(kept).text(),
            "country": country.take(kept).text(),
            "year": year_num[kept],
            "value": value[kept],
            "high": high[kept],
            "lower_bound": flags["lower_bound"][kept],
            "estimate": flags["estimate"][kept],
            "alternative": flags["alternative"][kept],
            "source": source.take(kept).text(),
            "note": text["note"].take(kept).text(),
            "file": found.files[rows] if found.files is not None else table.name,
            "line": found.lines[rows],
        }
    )
    return Result(conform(typed), problems, new)


NUMBER_COLUMNS = ("value", "high")


def _blank(index: pd.Index) -> pd.Series:
    return pd.Series("", index=index, dtype="str")


def _flag_bounds(
    found: _Found, indicator: Cells, contract: Contract, numbers: dict[str, pd.Series]
) -> None:
    """Values beyond their indicator's minimum or maximum, against limits gathered per row
    from one lookup per distinct indicator."""
    known = [contract.indicators.get(i) for i in indicator.values]
    for code, bound, beyond in (
        ("below_minimum", "minimum", np.less),
        ("above_maximum", "maximum", np.greater),
    ):
        limits = np.array(
            [np.nan if k is None or getattr(k, bound) is None else getattr(k, bound) for k in known]
        )
        if np.isnan(limits).all():
            continue
        per_row = indicator.gather(limits)

        def params(rows: np.ndarray, bound: str = bound) -> list[dict[str, Any]]:
            idents = indicator.at(rows)
            limit = {i: getattr(contract.indicators[i], bound) for i in set(idents)}
            return [{"limit": f"{limit[i]:g}", "indicator": i} for i in idents]

        for column, number in numbers.items():
            with np.errstate(invalid="ignore"):
                mask = beyond(number.to_numpy(), per_row)
            found.flag(pd.Series(mask, index=indicator.index), code, column, each=params)


def _key(indicator: Cells, country: Cells, year: np.ndarray) -> np.ndarray:
    """One integer per row for (indicator, country, year): equal keys, equal integers. Each
    step multiplies two counts of distinct values (at most a few million each), so it fits."""
    pair = indicator.codes.astype(np.int64) * (len(country.values) + 1) + country.codes
    pair = pd.factorize(pair)[0].astype(np.int64)
    years, distinct = pd.factorize(year)
    return pair * (len(distinct) + 1) + years


def _flag_duplicates(found: _Found, key: np.ndarray, labels: pd.Index, value: pd.Series) -> None:
    """Two charted rows for one key: the same value is a warning (the second is ignored),
    another value an error. Both name the row that came first."""
    keys = pd.Series(key, index=labels)
    repeated = keys[keys.duplicated(keep=False)]
    if repeated.empty:
        return
    first = (
        pd.Series(repeated.index, index=repeated.index)
        .groupby(repeated.to_numpy(), sort=False)
        .transform("first")
        .astype("int64")
    )
    later = first.index != first.to_numpy()
    first_value = value.reindex(first.to_numpy()).to_numpy()
    same = value.reindex(repeated.index).to_numpy() == first_value
    raw_value = found.table.frame["value"].to_numpy()

    def where(rows: np.ndarray) -> list[dict[str, Any]]:
        heads = first.loc[rows].to_numpy()
        files = found.files[heads] if found.files is not None else [found.table.name] * len(heads)
        return [
            {
                "first_file": str(f),
                "first_row": int(found.lines[h]),
                "first_value": shown_cell(raw_value[h]),
            }
            for f, h in zip(files, heads, strict=True)
        ]

    on = pd.Series(later & same, index=repeated.index)
    found.flag(on, "duplicate_same", "value", "warning", each=where)
    off = pd.Series(later & ~same, index=repeated.index)
    found.flag(off, "duplicate_conflict", "value", each=where)
