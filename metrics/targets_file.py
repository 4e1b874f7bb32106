"""A targets file -> targets, or every problem found, each by file, row and column.

A partner association brings its own strategy's targets as a file: CSV or Excel with the
targets template's columns (metrics.models.TARGET_COLUMNS; headers in English, French or
Arabic), or YAML records as in data/targets.yaml. Both come to one table of text cells, one
row per target with the line it starts on, and one set of checks judges it, so a YAML record
and a CSV row are refused in the same words. Bytes are read as observation files are
(metrics.read: size first, then encoding, delimiter, rows and columns within metrics.limits).
Bad input is returned as problems, never raised; nothing here touches the store.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml
from pydantic import ValidationError

from metrics import countries
from metrics.bundled import yaml_records
from metrics.catalog import Catalog
from metrics.errors import Problem, ProblemsFound, Reported
from metrics.export import csv_bytes
from metrics.layouts import column_key
from metrics.limits import MAX_BYTES, MAX_PROBLEMS, MAX_TARGETS
from metrics.models import (
    HIDDEN,
    HIDDEN_IN_CODES,
    LINK,
    TARGET_ALIASES,
    TARGET_COLUMNS,
    TARGET_HEADERS,
    TARGET_REQUIRED,
    Source,
    Strategy,
    Target,
)
from metrics.read import decode, read_bytes
from metrics.validate import FORMULA_START, MARKUP, numbers, shown_cell, suggest

_YAML_EXT = {".yaml", ".yml"}
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_PAIR = r"^\s*([^:]+?)\s*:\s*(.+?)\s*$"  # "2026: 50" -> year, value
TARGET_YEARS = (2000, 2100)  # as models.Target and its milestones accept them
BASELINE_YEARS = (1990, 2100)
# Keys a YAML record may carry beyond the template's columns (data/targets.yaml has them).
_YAML_EXTRA = ("baseline_source", "related", "settled_by")
# Each header a reader of any language may write -> its column (matched by column_key).
_COLUMNS = {
    column_key(alias): column
    for column, aliases in TARGET_ALIASES.items()
    for alias in (column, *aliases)
} | {
    column_key(header): column
    for headers in TARGET_HEADERS.values()
    for header, column in zip(headers, TARGET_COLUMNS, strict=True)
}
_TEXT_COLUMNS = ("name_en", "name_fr", "name_ar", "note_en", "note_fr", "note_ar")
_CODE_COLUMNS = ("country", "strategy", "id", "indicator", "source", "supersedes")


@dataclass(frozen=True)
class TargetsChecked(Reported):
    targets: list[Target]  # the file's sound targets; empty when it has errors
    problems: list[Problem]
    unchanged: list[str] = field(default_factory=list)  # ids the catalogue holds as they are
    # Where new ones are allowed: the strategies the file names that nothing describes yet
    # (id -> the country of its rows), and the sources; each needs its record before storing.
    new_strategies: dict[str, str] = field(default_factory=dict)
    new_sources: list[str] = field(default_factory=list)

    @property
    def described(self) -> bool:
        """Sound, and every strategy and source it names is known."""
        return self.ok and not self.new_strategies and not self.new_sources


@dataclass(frozen=True)
class _Table:
    name: str
    frame: pd.DataFrame  # canonical target columns, every cell stripped text
    lines: np.ndarray  # the file line each row starts on
    decimal: str = "."
    extras: list[dict[str, Any]] = field(default_factory=list)  # YAML-only keys, per row


def read_targets(
    data: bytes,
    name: str,
    catalog: Catalog,
    strategies: Mapping[str, Strategy] | None = None,
    sources: Mapping[str, Source] | None = None,
    allow_new: bool = False,
) -> TargetsChecked:
    """Every target of a file, or every problem in it. `strategies` and `sources` are known
    beside the catalogue's (records brought with the file). With `allow_new`, a strategy or
    source known to neither is listed as new (to be described) rather than refused."""
    try:
        table = _yaml_table(data, name) if Path(name).suffix.lower() in _YAML_EXT else None
        if table is None:
            table = _sheet_table(data, name)
    except ProblemsFound as exc:
        return TargetsChecked([], exc.problems)
    if isinstance(table, list):  # the header's problems: rows judged by it would only echo them
        return TargetsChecked([], table)
    known = _Known(
        {**catalog.strategies, **(strategies or {})},
        {*catalog.sources, *(sources or {})},
        allow_new,
    )
    return _check(table, catalog, known)


@dataclass(frozen=True)
class _Known:
    strategies: Mapping[str, Strategy]
    sources: set[str]
    allow_new: bool


def _sheet_table(data: bytes, name: str) -> _Table | list[Problem]:
    raw = read_bytes(data, name)  # the observation files' reader: every limit checked
    header = [_COLUMNS.get(column_key(c), c) for c in raw.frame.columns]
    problems: list[Problem] = []
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.append(Problem("duplicate_column", name, 1, column))
            continue
        seen.add(column)
        if column not in TARGET_COLUMNS:
            hint = suggest(column, list(TARGET_COLUMNS), 0.6) or ""
            problems.append(
                Problem("unknown_target_column", name, 1, column, column, {"hint": hint})
            )
    problems += [Problem("missing_column", name, 1, c) for c in TARGET_REQUIRED if c not in seen]
    if problems:
        return problems
    # The optional columns a file leaves out are empty cells.
    frame = raw.frame.set_axis(header, axis=1).reindex(columns=list(TARGET_COLUMNS), fill_value="")
    return _Table(name, frame, np.asarray(raw.lines, dtype=np.int64), raw.decimal)


def _yaml_table(data: bytes, name: str) -> _Table | list[Problem]:
    """YAML records flattened into the template's columns: a name's three languages into
    name_en, name_fr and name_ar, milestones into "year:value" pairs."""
    if len(data) > MAX_BYTES:
        raise ProblemsFound([Problem("too_large", name, params={"limit_mb": MAX_BYTES >> 20})])
    text, _, _ = decode(data, name)
    items, lines = yaml_records(text, name)
    if not isinstance(items, list):
        return [Problem("not_a_list", name)]
    if len(items) > MAX_TARGETS:
        raise ProblemsFound([Problem("too_many_targets", name, params={"limit": MAX_TARGETS})])
    problems: list[Problem] = []
    rows, extras = [], []
    for i, item in enumerate(items):
        line = lines.get(i)
        if not isinstance(item, dict):
            found = shown_cell(item)
            problems.append(Problem("bad_record", name, line, None, found, _detail(i + 1)))
            continue
        row: dict[str, str] = {}
        extra: dict[str, Any] = {}
        for key, value in item.items():
            if key in ("name", "note") and isinstance(value, dict):
                for lang, words in value.items():
                    row[f"{key}_{lang}"] = _yaml_text(words)
            elif key == "milestones" and isinstance(value, list):
                row[key] = "; ".join(
                    f"{_yaml_text(m.get('year'))}:{_yaml_text(m.get('value'))}"
                    if isinstance(m, dict)
                    else _yaml_text(m)
                    for m in value
                )
            elif key in _YAML_EXTRA:
                extra[key] = value
            else:
                row[str(key)] = _yaml_text(value)
        unknown = [k for k in row if k not in TARGET_COLUMNS]
        problems += [
            Problem("unknown_target_column", name, line, k, k, {"hint": ""}) for k in unknown
        ]
        rows.append({k: v for k, v in row.items() if k in TARGET_COLUMNS})
        extras.append(extra)
    if problems:
        return problems
    frame = pd.DataFrame(rows, columns=list(TARGET_COLUMNS), dtype="str").fillna("")
    kept = np.array([lines.get(i, 0) for i in range(len(items))], dtype=np.int64)
    return _Table(name, frame, kept, ".", extras)


def _detail(record: int) -> dict[str, Any]:
    return {"detail": "not a record (key: value pairs)", "record": record}


def _yaml_text(value: Any) -> str:
    """A YAML scalar as the text a CSV cell would hold; YAML reads 2030 as a number."""
    if value is None:
        return ""
    if isinstance(value, bool):  # "yes" in a number's place: shown as written, refused
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class _Found:
    """Problems flagged column by column, reported in the file's order."""

    def __init__(self, table: _Table):
        self.table = table
        self.problems: list[Problem] = []
        self.bad = np.zeros(len(table.frame), dtype=bool)  # rows with an error

    def flag(
        self,
        mask: pd.Series | np.ndarray,
        code: str,
        column: str,
        params: Mapping[str, Any] | None = None,
        per_row: list[dict[str, Any]] | None = None,
        severity: str = "error",
    ) -> None:
        rows = np.flatnonzero(np.asarray(mask, dtype=bool))
        cells = self.table.frame[column].to_numpy() if column in self.table.frame else None
        for n, i in enumerate(rows):
            value = shown_cell(cells[i]) if cells is not None else None
            extra = {**(params or {}), **(per_row[n] if per_row else {})}
            line = int(self.table.lines[i])
            self.problems.append(
                Problem(code, self.table.name, line, column, value, extra, severity)  # type: ignore[arg-type]
            )
        if severity == "error":
            self.bad[rows] = True

    def report(self) -> list[Problem]:
        """Row by row, left to right, as the file is fixed; past MAX_PROBLEMS, one line
        counting the rest (a file wrong on every row is a few mistakes repeated)."""
        order = {c: j for j, c in enumerate(TARGET_COLUMNS)}
        found = sorted(self.problems, key=lambda p: (p.row or 0, order.get(p.column or "", 99)))
        listed, rest = found[:MAX_PROBLEMS], found[MAX_PROBLEMS:]
        if rest:
            count = {"count": f"{len(rest):,}"}
            listed.append(Problem("more_problems", self.table.name, params=count))
        return listed


def _years(
    found: _Found, cells: pd.Series, column: str, bounds: tuple[int, int], decimal: str
) -> pd.Series:
    """A column of years; a cell that is not one is flagged and read as missing."""
    filled = cells.ne("")
    years = numbers(cells, decimal)
    whole = years.notna() & (years == years.round())
    found.flag(filled & ~whole, "not_a_year", column)
    first, last = bounds
    outside = whole & ((years < first) | (years > last))
    found.flag(outside, "year_out_of_range", column, {"first": first, "last": last})
    return years.where(whole & ~outside)


def _values(found: _Found, cells: pd.Series, column: str, decimal: str) -> pd.Series:
    values = numbers(cells, decimal)
    found.flag(cells.ne("") & values.isna(), "not_a_number", column)
    return values


def _check(table: _Table, catalog: Catalog, known: _Known) -> TargetsChecked:
    name, frame = table.name, table.frame.fillna("").apply(lambda c: c.str.strip())
    if frame.empty:
        return TargetsChecked([], [Problem("no_rows", name)])
    if len(frame) > MAX_TARGETS:
        return TargetsChecked(
            [], [Problem("too_many_targets", name, params={"limit": MAX_TARGETS})]
        )
    table = _Table(name, frame, table.lines, table.decimal, table.extras)
    found = _Found(table)
    col = frame.__getitem__  # col("id"): one column of cells

    for column in TARGET_REQUIRED:
        found.flag(col(column).eq(""), "empty_cell", column)
    notes = frame[["note_en", "note_fr", "note_ar"]].ne("")
    for column in notes:  # a note is shown in every language, so the three go together
        found.flag(notes.any(axis=1) & ~notes[column], "empty_cell", column)
    # As in an observation file: nothing a spreadsheet would run, a browser would fetch, or
    # that hides or reverses the text around it (models' Text refuses them too, in English).
    for column in _TEXT_COLUMNS:
        cells = col(column)
        found.flag(cells.str.startswith(FORMULA_START), "formula_in_text", column)
        found.flag(cells.str.contains(MARKUP, regex=True), "markup_in_text", column)
        found.flag(cells.str.contains(LINK, regex=True), "link_in_text", column)
        found.flag(cells.str.contains(HIDDEN, regex=True), "invisible_character", column)
    for column in _CODE_COLUMNS:
        found.flag(col(column).str.contains(HIDDEN_IN_CODES), "invisible_character", column)

    country = col("country")
    known_country = country.map(countries.is_known).astype(bool)
    found.flag(country.ne("") & ~known_country, "unknown_country", "country")
    strategy = col("strategy")
    unknown = strategy.ne("") & ~strategy.isin(list(known.strategies))
    new_strategies: dict[str, str] = {}
    if known.allow_new:
        # A new strategy is one country's: the country of its first row, which the others
        # are held to as a described strategy's rows are to its country.
        first = frame[unknown & known_country].drop_duplicates("strategy")
        new_strategies = dict(zip(first["strategy"], first["country"], strict=True))
    else:
        found.flag(unknown, "unknown_strategy", "strategy")
    homes = {s.id: s.country for s in known.strategies.values()} | new_strategies
    home = strategy.map(homes)
    elsewhere = home.notna() & known_country & country.ne(home)
    found.flag(
        elsewhere,
        "strategy_country",
        "country",
        per_row=[
            {"strategy": s, "country": h}
            for s, h in zip(strategy[elsewhere], home[elsewhere], strict=True)
        ],
    )
    indicator, source = col("indicator"), col("source")
    found.flag(
        indicator.ne("") & ~indicator.isin(list(catalog.indicators)),
        "unknown_indicator",
        "indicator",
    )
    unknown_source = source.ne("") & ~source.isin(list(known.sources))
    new_sources = list(dict.fromkeys(source[unknown_source])) if known.allow_new else []
    if not known.allow_new:
        found.flag(unknown_source, "unknown_source", "source")

    ids = col("id")
    found.flag(ids.ne("") & ~ids.str.fullmatch(_ID), "not_an_id", "id")
    repeated = ids.ne("") & ids.duplicated(keep="first")
    first_line = dict(zip(ids[::-1], table.lines[::-1], strict=True))
    found.flag(
        repeated,
        "duplicate_target",
        "id",
        per_row=[{"first_row": first_line[i]} for i in ids[repeated]],
    )
    existing = {t.id for t in catalog.targets}
    replaced = col("supersedes")
    found.flag(
        replaced.ne("") & ~replaced.isin(list(existing | set(ids))),
        "unknown_supersedes",
        "supersedes",
    )
    found.flag(replaced.ne("") & replaced.eq(ids), "unknown_supersedes", "supersedes")

    decimal = table.decimal
    target_year = _years(found, col("target_year"), "target_year", TARGET_YEARS, decimal)
    base_year = _years(found, col("baseline_year"), "baseline_year", BASELINE_YEARS, decimal)
    target_value = _values(found, col("target_value"), "target_value", decimal)
    base_value = _values(found, col("baseline_value"), "baseline_value", decimal)
    year_given, value_given = col("baseline_year").ne(""), col("baseline_value").ne("")
    found.flag(year_given & ~value_given, "baseline_incomplete", "baseline_value")
    found.flag(value_given & ~year_given, "baseline_incomplete", "baseline_year")
    late = base_year >= target_year
    found.flag(
        late,
        "baseline_after_target",
        "baseline_year",
        per_row=[{"target_year": int(y)} for y in target_year[late]],
    )
    found.flag(base_value == target_value, "target_equals_baseline", "target_value")
    milestones = _milestones(found, col("milestones"), base_year, target_year, decimal)

    problems = found.report()
    if found.bad.any():
        return TargetsChecked([], problems)
    built = _build(
        table,
        catalog,
        known,
        target_year,
        target_value,
        base_year,
        base_value,
        milestones,
        problems,
    )
    if not built.ok:
        return built
    cited = {t.baseline_source for t in built.targets if t.baseline_source}
    new_sources += [s for s in sorted(cited) if s not in known.sources and s not in new_sources]
    return dataclasses.replace(built, new_strategies=new_strategies, new_sources=new_sources)


def _milestones(
    found: _Found, cells: pd.Series, base_year: pd.Series, target_year: pd.Series, decimal: str
) -> list[list[dict[str, float]]]:
    """Each row's milestones, from "2026:50; 2028:70": the pairs of every row taken apart and
    read as one column, each pair knowing its row."""
    pieces = cells[cells.ne("")].str.split(";").explode().str.strip()
    pieces = pieces[pieces.ne("")]
    owner = pieces.index.to_numpy(dtype=np.int64)
    pairs = pieces.reset_index(drop=True).str.extract(_PAIR).fillna("")
    years, values = numbers(pairs[0], decimal), numbers(pairs[1], decimal)
    sound = (years.notna() & values.notna() & (years == years.round())).to_numpy()
    broken = np.zeros(len(cells), dtype=bool)
    broken[owner[~sound]] = True
    found.flag(broken, "bad_milestone", "milestones")
    first = base_year.fillna(TARGET_YEARS[0] - 1).to_numpy()[owner]
    last = target_year.to_numpy()[owner]
    year = years.to_numpy()
    # Where the baseline is not before the target, that is the problem to report, not this.
    outside = sound & (first < last) & ((year <= first) | (year >= last))
    rows = np.unique(owner[outside])
    mask = np.zeros(len(cells), dtype=bool)
    mask[rows] = True
    per_row = [
        {
            "years": ", ".join(f"{y:g}" for y in year[outside & (owner == r)]),
            "first": int(first[owner == r][0]) + 1,
            "last": int(last[owner == r][0]) - 1,
        }
        for r in rows
    ]
    found.flag(mask, "milestone_out_of_range", "milestones", per_row=per_row)
    kept: list[list[dict[str, float]]] = [[] for _ in range(len(cells))]
    for r, y, v in zip(owner[sound], year[sound], values.to_numpy()[sound], strict=True):
        kept[r].append({"year": int(y), "value": float(v)})
    return kept


def _build(
    table: _Table,
    catalog: Catalog,
    known: _Known,
    target_year: pd.Series,
    target_value: pd.Series,
    base_year: pd.Series,
    base_value: pd.Series,
    milestones: list[list[dict[str, float]]],
    problems: list[Problem],
) -> TargetsChecked:
    """The rows as Target records; the model's own rules (text without links or hidden
    characters, lengths) word what the checks above do not."""
    frame, name = table.frame, table.name
    existing = {t.id: t for t in catalog.targets}
    targets: list[Target] = []
    unchanged: list[str] = []
    for i, row in enumerate(frame.to_dict("records")):
        line = int(table.lines[i])
        record: dict[str, Any] = {
            "id": row["id"],
            "indicator": row["indicator"],
            "country": row["country"],
            "strategy": row["strategy"],
            "name": {"en": row["name_en"], "fr": row["name_fr"], "ar": row["name_ar"]},
            "target_year": int(target_year.iloc[i]),
            "target_value": float(target_value.iloc[i]),
            "milestones": milestones[i],
            "source": row["source"],
            **(table.extras[i] if table.extras else {}),
        }
        if pd.notna(base_year.iloc[i]):
            record["baseline_year"] = int(base_year.iloc[i])
            record["baseline_value"] = float(base_value.iloc[i])
        if row["note_en"]:
            record["note"] = {"en": row["note_en"], "fr": row["note_fr"], "ar": row["note_ar"]}
        if row["supersedes"]:
            record["supersedes"] = row["supersedes"]
        try:
            target = Target.model_validate(record)
        except ValidationError as exc:
            for err in exc.errors():
                loc = [str(x) for x in err["loc"]]
                column = "_".join(loc[:2]) if loc[0] in ("name", "note") else loc[0]
                params = {"detail": err["msg"], "record": row["id"]}
                found = shown_cell(err.get("input"))
                problems.append(Problem("bad_record", name, line, column, found, params))
            continue
        held = existing.get(target.id)
        if held is None:
            targets.append(target)
        elif _figures(held) == _figures(target):
            unchanged.append(target.id)
            problems.append(
                Problem("target_unchanged", name, line, "id", target.id, severity="warning")
            )
        else:
            problems.append(Problem("target_id_taken", name, line, "id", target.id))
    for target in targets:  # a baseline's own source, as data/targets.yaml may give it
        cited = target.baseline_source
        if cited and cited not in known.sources and not known.allow_new:
            line = int(table.lines[frame.index[frame["id"] == target.id][0]])
            problems.append(
                Problem("unknown_source", name, line, "baseline_source", target.baseline_source)
            )
    if any(p.severity == "error" for p in problems):
        return TargetsChecked([], problems, unchanged)
    return TargetsChecked(targets, problems, unchanged)


def _figures(target: Target) -> tuple[Any, ...]:
    """What makes two statements of a target the same target: its numbers and what they
    measure (a reworded name or note is not a new target)."""
    return (
        target.indicator,
        target.country,
        target.strategy,
        target.target_year,
        target.target_value,
        target.baseline_year,
        target.baseline_value,
        tuple((m.year, m.value) for m in target.milestones),
    )


TEMPLATE_EXAMPLE = "dm2030_offshoring_jobs"  # a bundled target with a baseline and a milestone


def targets_template(catalog: Catalog, lang: str = "en", fmt: str = "csv") -> bytes:
    """The targets template: one example, a bundled target as it stands (validated as it is,
    it is recognised as unchanged, not refused). As CSV, the header in `lang`; as YAML, a
    record as in data/targets.yaml (its keys are ids, the same in every language)."""
    by_id = {t.id: t for t in catalog.targets}
    target = by_id.get(TEMPLATE_EXAMPLE) or catalog.targets[0]
    if fmt == "yaml":
        return _yaml_template(target)
    note = target.note
    cells = {
        "country": target.country,
        "strategy": target.strategy or "",
        "id": target.id,
        "indicator": target.indicator,
        "name_en": target.name.en,
        "name_fr": target.name.fr,
        "name_ar": target.name.ar,
        "baseline_year": "" if target.baseline_year is None else str(target.baseline_year),
        "baseline_value": "" if target.baseline_value is None else f"{target.baseline_value:g}",
        "milestones": "; ".join(f"{m.year}:{m.value:g}" for m in target.milestones),
        "target_year": str(target.target_year),
        "target_value": f"{target.target_value:g}",
        "source": target.source,
        "note_en": note.en if note else "",
        "note_fr": note.fr if note else "",
        "note_ar": note.ar if note else "",
        "supersedes": target.supersedes or "",
    }
    return csv_bytes(pd.DataFrame([list(cells.values())], columns=TARGET_HEADERS[lang]))


def _yaml_template(target: Target) -> bytes:
    """The example as a YAML record: the template's columns only, empty ones left out."""
    kept = {"name", "note", "milestones"} | set(TARGET_COLUMNS)
    record = {
        k: v
        for k, v in target.model_dump(mode="json", exclude_none=True).items()
        if k in kept and v not in ([], "")
    }
    return yaml.safe_dump([_whole(record)], allow_unicode=True, sort_keys=False, width=100).encode()


def _whole(value: Any) -> Any:
    """270000.0 written as 270000, as a person would write it."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _whole(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole(v) for v in value]
    return value
