"""One road for a file into Athar: read -> (map) -> validate -> new indicators -> conflicts,
then store as one batch. The Upload page and `python -m metrics import` both take it; they
only show what it returns.

``check`` takes the file's bytes and name and returns one ``Checked`` result: the table as
read, every problem (reading errors and validation problems in one list), the indicators new
to the catalogue and the metadata each still needs, and the rows that differ from the charted
values. ``commit`` stores a sound result as a batch, with the metadata of its new indicators
(and any new source they cite), or refuses with a worded error.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Protocol

import pandas as pd
import yaml

from metrics import jumps
from metrics.bundled import parse_records, refuse_aliases
from metrics.catalog import Catalog
from metrics.errors import MetricsError, Problem, ProblemsFound, Reported
from metrics.layouts import apply_mapping
from metrics.models import Indicator, Source
from metrics.read import read_bytes
from metrics.store import Batch, Mode, Store
from metrics.table import RawTable
from metrics.validate import Contract, check_header, validate

# What an indicator new to the catalogue still needs before its rows can be stored.
NEEDED_METADATA = (
    "name.en",
    "name.fr",
    "name.ar",
    "description",
    "unit",
    "short_unit",
    "theme",
    "direction",
    "decimals",
    "sources",
)
METADATA_MAX_BYTES = 1 << 20  # a description of a few indicators and sources; far less in use


@dataclass(frozen=True)
class NewIndicator:
    id: str
    name_in_file: str  # "" when the file gives none

    @property
    def needs(self) -> list[str]:
        """The metadata it still needs: its English name is known if the file named it."""
        return [m for m in NEEDED_METADATA if not (self.name_in_file and m == "name.en")]


@dataclass(frozen=True)
class Checked(Reported):
    """A file checked against the current catalogue and store; nothing stored yet."""

    name: str
    content: bytes
    table: RawTable | None  # as read (and mapped); None when it could not be read
    problems: list[Problem]  # reading and validation, errors and warnings, in reading order
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)  # validated; empty on error
    new: list[NewIndicator] = field(default_factory=list)
    conflicts: pd.DataFrame = field(default_factory=pd.DataFrame)  # rows that differ
    unchanged: int = 0  # rows that state exactly what is charted: they change nothing

    @property
    def needs_mapping(self) -> bool:
        """Read, but in a layout we do not know: the analyst says which column holds what
        (the problems are then those of its header, as the command line reports them)."""
        return self.table is not None and self.table.layout == "unknown"

    @property
    def ok(self) -> bool:
        """Sound rows, ready to store once every new indicator is described."""
        return self.table is not None and not self.errors and not self.needs_mapping

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    def missing(self, described: Iterable[str]) -> list[NewIndicator]:
        """New indicators that `described` (ids with metadata) leaves out."""
        have = set(described)
        return [n for n in self.new if n.id not in have]


class Progress(Protocol):
    """Told where a long import is: a step's message (a `progress.*` key in the locales) and
    its numbers, for a page or a terminal to show as the work goes on."""

    def __call__(self, key: str, **params: int | str) -> None: ...


def quiet(key: str, **params: int | str) -> None:
    """A Progress that shows nothing."""


def contract(catalog: Catalog) -> Contract:
    """What an analyst's file is checked against: the current catalogue, new indicators
    allowed (they need metadata before they are stored)."""
    return Contract(catalog.indicators, set(catalog.sources), allow_new=True)


def check(
    content: bytes,
    name: str,
    catalog: Catalog,
    store: Store,
    mapping: Mapping[str, str] | None = None,
    constants: Mapping[str, str] | None = None,
    progress: Progress = quiet,
) -> Checked:
    """Read, map (when the analyst said which column holds what), validate and compare."""
    progress("progress.reading", file=name)
    try:
        table = read_bytes(content, name)
        if mapping or constants:
            table = apply_mapping(table, mapping or {}, constants)
    except ProblemsFound as exc:
        return Checked(name, content, None, exc.problems)
    rules = contract(catalog)
    if table.layout == "unknown":  # what is wrong with its header, until it is mapped
        return Checked(name, content, table, check_header(table, rules))
    progress("progress.checking", rows=len(table.frame))
    result = validate(table, rules)
    if result.ok and result.rows.empty:  # every row was a region skipped with a warning
        result = replace(result, problems=[*result.problems, Problem("no_rows", name)])
    if not result.ok:
        return Checked(name, content, table, result.problems)
    progress("progress.comparing")
    # Jumps are judged with the values charted now around the file's own.
    charted = catalog.of(sorted(result.rows["indicator"].unique()))
    warned = jumps.find(result.rows, charted, catalog.indicators, name)
    found = store.compare(result.rows)
    return Checked(
        name,
        content,
        table,
        [*result.problems, *warned],
        result.rows,
        [NewIndicator(i, n) for i, n in result.new_indicators.items()],
        found.conflicts,
        len(found.unchanged),
    )


@dataclass(frozen=True)
class Metadata:
    """What a new indicator brings: its record, and any source new to the catalogue."""

    indicators: list[Indicator] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)


def read_metadata(content: bytes, name: str, catalog: Catalog) -> Metadata:
    """A YAML file describing new indicators: a list of records as in data/indicators.yaml,
    or a mapping with `indicators:` and `sources:` (records as in data/sources.yaml). Every
    problem is raised at once, by line."""
    if len(content) > METADATA_MAX_BYTES:
        limit = {"limit_mb": METADATA_MAX_BYTES >> 20}
        raise ProblemsFound([Problem("too_large", name, params=limit)])
    try:
        text = content.decode("utf-8-sig")
        refuse_aliases(text, name)
        top = yaml.safe_load(text)
    except (UnicodeDecodeError, yaml.YAMLError):
        top = None  # parse_records words the YAML error, with its line
        text = content.decode("utf-8", errors="replace")
    problems: list[Problem] = []
    if isinstance(top, dict):
        indicators = parse_records(Indicator, text, name, problems, "indicators")
        sources = parse_records(Source, text, name, problems, "sources") if "sources" in top else []
    else:
        indicators, sources = parse_records(Indicator, text, name, problems), []
    found = Metadata(indicators, sources)
    problems += metadata_problems(found, catalog, name)
    if problems:
        raise ProblemsFound(problems)
    return found


def metadata_problems(metadata: Metadata, catalog: Catalog, name: str) -> list[Problem]:
    """A new source may not reuse a known id; every source an indicator cites must exist."""
    problems = [
        Problem("duplicate_id", name, column="sources", value=s.id)
        for s in metadata.sources
        if s.id in catalog.sources
    ]
    known = set(catalog.sources) | {s.id for s in metadata.sources}
    problems += [
        Problem("unknown_reference", name, None, "sources", s, {"record": ind.id})
        for ind in metadata.indicators
        for s in ind.sources
        if s not in known
    ]
    return problems


class MetadataMissing(MetricsError):
    code = "import.needs_metadata"

    def __init__(self, missing: list[NewIndicator]):
        self.missing = missing
        self.params = {"count": len(missing), "ids": ", ".join(n.id for n in missing)}
        super().__init__(f"metadata missing for {self.params['ids']}")


class NotChecked(MetricsError):
    code = "import.not_checked"

    def __init__(self, name: str):
        self.params = {"file": name}
        super().__init__(f"{name} has problems; nothing can be stored")


def commit(
    store: Store,
    checked: Checked,
    *,
    by: str,
    mode: Mode,
    metadata: Metadata,
    progress: Progress = quiet,
) -> Batch:
    """Store a sound result as one batch, with the metadata of its new indicators and of the
    new sources they cite; refuse (changing nothing) while a problem or a description is
    missing."""
    if not checked.ok:
        raise NotChecked(checked.name)
    described = {i.id: i for i in metadata.indicators}
    missing = checked.missing(described)
    if missing:
        raise MetadataMissing(missing)
    indicators = [described[n.id] for n in checked.new]
    cited = {s for i in indicators for s in i.sources}
    sources = [s for s in metadata.sources if s.id in cited]
    progress("progress.storing", rows=len(checked.rows))
    return store.import_batch(
        checked.rows,
        by=by,
        file_name=checked.name,
        content=checked.content,
        mode=mode,
        indicators=indicators,
        sources=sources,
    )
