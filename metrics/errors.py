"""Typed problems raised or collected by the library; turned into words only by i18n.describe.

A Problem says where (file, row, column), what was found (value) and which rule it broke
(code + params). The code is a catalogue key, so the CLI and every page word it the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass  # not frozen: a report may make ten thousand, and frozen ones are slower to make
class Figure:
    """A number a check computed (not a cell as read), worded per language by i18n.describe:
    its grouping, decimal mark and, for a change, its sign."""

    value: float
    signed: bool = False  # a change: "+28.4", "-6.3"
    percent: bool = False  # a share: "+12%", « +12 % »


@dataclass(frozen=True)
class Problem:
    code: str  # catalogue key under "problem." in metrics/locales
    file: str
    row: int | None = None  # 1-based line in the file as a spreadsheet shows it; None = whole file
    column: str | None = None
    value: str | None = None  # the offending cell as read, cut to a readable length
    params: dict[str, Any] = field(default_factory=dict)
    severity: Severity = "error"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class MetricsError(Exception):
    """Base for errors the user should see worded, never as a traceback: `code` is a catalogue
    key in metrics/locales and `params` fill its placeholders (see i18n.explain)."""

    code = "error.unexpected"
    params: dict[str, Any] = {}  # noqa: RUF012 (each instance sets its own)


class ProblemsFound(MetricsError):
    """A file (or the bundled data) broke its contract; every problem found is attached."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = problems[0] if problems else None
        super().__init__(f"{len(problems)} problem(s); first: {first}")


class Reported:
    """What a check of a file found: its problems, split by severity. A mixin for the results
    of validating observations, checking an import and reading a targets file."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class ProblemGroup:
    """Problems of one kind on one value in one column of one file: "“Asia” is not a country
    code" on 31 rows is one line to read, with the rows as ranges."""

    first: Problem  # the problem as found on the first row
    rows: tuple[int, ...]  # every row it was found on, once each, in order

    @property
    def spans(self) -> list[tuple[int, int]]:
        """The rows as runs of consecutive numbers: (33, 63), (70, 70)."""
        runs: list[tuple[int, int]] = []
        for row in self.rows:
            if runs and row == runs[-1][1] + 1:
                runs[-1] = (runs[-1][0], row)
            else:
                runs.append((row, row))
        return runs


def grouped(
    problems: list[Problem], key: Callable[[Problem], Hashable] | None = None
) -> list[ProblemGroup]:
    """Problems that differ only in their row, as one group each, in order of first sight;
    `key` says what else may differ (i18n.grouped: nothing the reader sees)."""
    groups: dict[Hashable, list[Problem]] = {}
    for p in problems:
        k = key(p) if key else (p.code, p.file, p.column, p.value, p.severity, repr(p.params))
        groups.setdefault(k, []).append(p)
    return [
        ProblemGroup(found[0], tuple(sorted({p.row for p in found if p.row is not None})))
        for found in groups.values()
    ]
