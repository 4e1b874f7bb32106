"""The data shipped in data/, read through the same reader and validator as an upload.

load_bundled() reads data/ (one way in), then checks that every cross-reference resolves.
Anything broken raises ProblemsFound with every problem in every file, so a bad edit to data/
is reported as precisely as a bad upload. The files are hashed as they are read: the hash
names the release, so the store loads a release once.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import yaml
from pydantic import BaseModel, ValidationError

from metrics.catalog import Catalog, FrameRows
from metrics.errors import Problem, ProblemsFound
from metrics.models import (
    Edition,
    Fact,
    Indicator,
    Names,
    RowNote,
    Source,
    Strategy,
    StrategySearch,
    Target,
)
from metrics.read import RawTable, read_file
from metrics.validate import Contract, check_header, validate_rows

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
M = TypeVar("M", bound=BaseModel)


def refuse_aliases(text: str, name: str) -> None:
    """An alias makes YAML repeat a node, and nested ones (a "billion laughs") inflate a small
    file without bound when it is loaded; no record of ours needs one. Parsing events expands
    nothing."""
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1 if event.start_mark else None
                raise ProblemsFound([Problem("yaml_alias", name, line)])
    except yaml.YAMLError:
        return  # not valid YAML: loading it says where


def yaml_records(text: str, name: str, key: str | None = None) -> tuple[Any, dict[int, int]]:
    """Parse a YAML text (or one key of its top mapping); also return the line where each
    list item starts, so a bad record is reported by line like a bad CSV row."""
    refuse_aliases(text, name)
    loader = _Loader(text)
    try:  # one parse: the node tree gives line numbers, the same tree gives the data
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark else None
        raise ProblemsFound([Problem("bad_yaml", name, row, params={"detail": str(exc)})]) from None
    if key is not None:
        data = data.get(key) if isinstance(data, dict) else None
        node = (
            next((v for k, v in node.value if k.value == key), None)
            if isinstance(node, yaml.MappingNode)
            else None
        )
    lines: dict[int, int] = {}
    if isinstance(node, yaml.SequenceNode):
        lines = {i: item.start_mark.line + 1 for i, item in enumerate(node.value)}
    return data, lines


def read_records(
    model: type[M], path: Path, problems: list[Problem], key: str | None = None
) -> list[M]:
    """Every valid record of a YAML file's list; each invalid one adds a problem."""
    return parse_records(model, path.read_text(encoding="utf-8"), path.name, problems, key)


def parse_records(
    model: type[M], text: str, name: str, problems: list[Problem], key: str | None = None
) -> list[M]:
    """Every valid record of a YAML list; each invalid one adds a problem with its line."""
    items, lines = yaml_records(text, name, key)
    if not isinstance(items, list):
        problems.append(Problem("not_a_list", name))
        return []
    out = []
    for i, item in enumerate(items):
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            record = item.get("id", i + 1) if isinstance(item, dict) else i + 1
            for err in exc.errors():
                where = ".".join(map(str, err["loc"]))
                found = str(err.get("input"))[:80]
                params = {"detail": err["msg"], "record": record}
                problems.append(Problem("bad_record", name, lines.get(i), where, found, params))
    return out


def _unique(records: list[Any], file: str, problems: list[Problem]) -> dict[str, Any]:
    by_id: dict[str, Any] = {}
    for record in records:
        if record.id in by_id:
            problems.append(Problem("duplicate_id", file, value=record.id))
        by_id[record.id] = record
    return by_id


def _check_refs(
    file: str,
    record: str,
    column: str,
    ids: list[str | None],
    known: dict[str, Any],
    problems: list[Problem],
) -> None:
    for ref in ids:
        if ref is not None and ref not in known:
            problems.append(
                Problem("unknown_reference", file, None, column, ref, {"record": record})
            )


def bundled_hash(data_dir: Path = DATA_DIR) -> str:
    """SHA-256 over every bundled file (names and bytes): a new release has a new hash."""
    digest = hashlib.sha256()
    for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
        digest.update(path.relative_to(data_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_bundled(data_dir: Path = DATA_DIR) -> Catalog:
    problems: list[Problem] = []

    def records(model: type[M], file: str, key: str | None = None) -> list[M]:
        return read_records(model, data_dir / file, problems, key)

    sources = _unique(records(Source, "sources.yaml"), "sources.yaml", problems)
    indicators = _unique(records(Indicator, "indicators.yaml"), "indicators.yaml", problems)
    strategies = _unique(records(Strategy, "strategies.yaml"), "strategies.yaml", problems)
    searches = records(StrategySearch, "strategy_searches.yaml")
    targets = records(Target, "targets.yaml")
    _unique(targets, "targets.yaml", problems)
    facts = _unique(records(Fact, "facts.yaml", "facts"), "facts.yaml", problems)
    editions = records(Edition, "facts.yaml", "editions")

    claimed: dict[str, str] = {}  # a publisher's code must map onto one indicator only
    for ind in indicators.values():
        _check_refs("indicators.yaml", ind.id, "sources", list(ind.sources), sources, problems)
        for code in ind.codes:
            if claimed.setdefault(code, ind.id) != ind.id:
                problems.append(Problem("duplicate_id", "indicators.yaml", value=code))
    for strategy in strategies.values():
        _check_refs("strategies.yaml", strategy.id, "source", [strategy.source], sources, problems)
    for search in searches:
        _check_refs(
            "strategy_searches.yaml", search.country, "found", [search.found], strategies, problems
        )
    target_ids = {t.id: t for t in targets}
    for t in targets:
        _check_refs(
            "targets.yaml", t.id, "indicator", [t.indicator, *t.related], indicators, problems
        )
        _check_refs(
            "targets.yaml", t.id, "source", [t.source, t.baseline_source], sources, problems
        )
        _check_refs("targets.yaml", t.id, "supersedes", [t.supersedes], target_ids, problems)
        _check_refs("targets.yaml", t.id, "strategy", [t.strategy], strategies, problems)
    for f in facts.values():
        _check_refs("facts.yaml", f.id, "source", [f.source, *f.extra_sources], sources, problems)
    for e in editions:
        _check_refs(
            "facts.yaml", str(e.year), "source", [e.source, *e.extra_sources], sources, problems
        )

    if problems:  # observations checked against broken metadata would only echo these
        raise ProblemsFound(problems)
    contract = Contract(indicators, set(sources), require_source=True)
    tables = []
    files = sorted((data_dir / "observations").glob("*.csv"))
    for path in files:
        try:
            table = read_file(path)
        except ProblemsFound as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(check_header(table, contract))
        tables.append(table)
    if problems:
        raise ProblemsFound(problems)
    result = validate_rows(RawTable.join("observations", tables), contract)
    if result.problems:  # bundled data is curated: even a warning is a defect to fix
        raise ProblemsFound(result.problems)
    every = result.rows
    notes = _row_notes(data_dir, every)
    return Catalog(
        sources=sources,
        indicators=indicators,
        targets=targets,
        strategies=strategies,
        searches=searches,
        facts=facts,
        editions=sorted(editions, key=lambda e: e.year),
        rows=FrameRows(
            every[~every["alternative"]].reset_index(drop=True),
            every[every["alternative"]].reset_index(drop=True),
        ),
        files=[p.name for p in files],
        data_hash=bundled_hash(data_dir),
        notes=notes,
    )


NOTES_FILE = "notes.yaml"


def _row_notes(data_dir: Path, rows: pd.DataFrame) -> dict[tuple[str, str, int], Names]:
    """data/notes.yaml, each record checked against its row: a charted row with that key,
    whose note is the record's English (so the two never drift apart)."""
    path = data_dir / NOTES_FILE
    if not path.exists():
        return {}
    problems: list[Problem] = []
    records = read_records(RowNote, path, problems)
    charted = rows[~rows["alternative"]].set_index(["indicator", "country", "year"])["note"]
    notes: dict[tuple[str, str, int], Names] = {}
    for record in records:
        key = (record.indicator, record.country, record.year)
        where = "/".join(map(str, key))
        if key not in charted.index:
            problems.append(
                Problem("unknown_reference", NOTES_FILE, None, "year", where, {"record": where})
            )
        elif charted[key] != record.note.en:
            problems.append(Problem("note_differs", NOTES_FILE, None, "note.en", where))
        if key in notes:
            problems.append(Problem("duplicate_id", NOTES_FILE, value=where))
        notes[key] = record.note
    if problems:
        raise ProblemsFound(problems)
    return notes
