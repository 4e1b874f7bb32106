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
from metrics.models import Indicator, Source, Strategy
from metrics.read import read_bytes
from metrics.store import Batch, Mode, Store
from metrics.table import RawTable
from metrics.targets_file import TargetsChecked, read_targets
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
    """What a file brings beside its rows: the records of its new indicators, of the new
    strategies its targets belong to, and of any source new to the catalogue they cite."""

    indicators: list[Indicator] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    strategies: list[Strategy] = field(default_factory=list)


def read_metadata(content: bytes, name: str, catalog: Catalog) -> Metadata:
    """A YAML file describing what is new: a list of indicator records as in
    data/indicators.yaml, or a mapping with any of `indicators:`, `strategies:` and `sources:`
    (records as in data/indicators.yaml, strategies.yaml and sources.yaml). Every problem is
    raised at once, by line."""
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
        unknown = [k for k in top if k not in ("indicators", "sources", "strategies")]
        problems += [Problem("unknown_metadata_key", name, column=str(k)) for k in unknown]
        found = Metadata(
            *(
                parse_records(model, text, name, problems, key) if key in top else []  # type: ignore[arg-type]
                for model, key in (
                    (Indicator, "indicators"),
                    (Source, "sources"),
                    (Strategy, "strategies"),
                )
            )
        )
    else:
        found = Metadata(parse_records(Indicator, text, name, problems))
    problems += metadata_problems(found, catalog, name)
    if problems:
        raise ProblemsFound(problems)
    return found


def metadata_problems(metadata: Metadata, catalog: Catalog, name: str) -> list[Problem]:
    """A new source may not reuse a known id; every source an indicator cites must exist."""
    problems = [
        Problem("id_taken", name, column="sources", value=s.id)
        for s in metadata.sources
        if s.id in catalog.sources
    ]
    problems += [
        Problem("id_taken", name, column="strategies", value=s.id)
        for s in metadata.strategies
        if s.id in catalog.strategies
    ]
    known = set(catalog.sources) | {s.id for s in metadata.sources}
    problems += [
        Problem("unknown_reference", name, None, "source", s.source, {"record": s.id})
        for s in metadata.strategies
        if s.source not in known
    ]
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


def check_targets(
    content: bytes, name: str, catalog: Catalog, metadata: Metadata | None = None
) -> TargetsChecked:
    """A targets file against the current catalogue and the records described with it; a
    strategy or source that neither knows is listed as new, to be described."""
    metadata = metadata or Metadata()
    return read_targets(
        content,
        name,
        catalog,
        {s.id: s for s in metadata.strategies},
        {s.id: s for s in metadata.sources},
        allow_new=True,
    )


class DescriptionMissing(MetricsError):
    code = "import.needs_description"

    def __init__(self, strategies: list[str], sources: list[str]):
        self.params = {
            "count": len(strategies) + len(sources),
            "ids": ", ".join([*strategies, *sources]),
        }
        super().__init__(f"no description of {self.params['ids']}")


class NothingNew(MetricsError):
    code = "import.nothing_new"

    def __init__(self, name: str):
        self.params = {"file": name}
        super().__init__(f"every target of {name} is already held as it is")


def commit_targets(
    store: Store,
    checked: TargetsChecked,
    *,
    name: str,
    content: bytes,
    by: str,
    metadata: Metadata,
) -> Batch:
    """Store a checked targets file as one batch, with the records of the strategies and
    sources it names that the catalogue does not hold; refuse (changing nothing) while a
    problem remains, a record is missing, or no target is new."""
    if not checked.ok:
        raise NotChecked(name)
    if not checked.described:
        raise DescriptionMissing(list(checked.new_strategies), checked.new_sources)
    if not checked.targets:
        raise NothingNew(name)
    named = {t.strategy for t in checked.targets}
    strategies = [s for s in metadata.strategies if s.id in named]
    cited = {t.source for t in checked.targets} | {s.source for s in strategies}
    cited |= {t.baseline_source for t in checked.targets if t.baseline_source}
    sources = [s for s in metadata.sources if s.id in cited]
    return store.import_targets(
        checked.targets,
        by=by,
        file_name=name,
        content=content,
        strategies=strategies,
        sources=sources,
    )
