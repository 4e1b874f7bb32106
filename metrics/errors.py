"""Typed problems raised or collected by the library; turned into words only by i18n.describe.

A Problem says where (file, row, column), what was found (value) and which rule it broke
(code + params). The code is a catalogue key, so the CLI and every page word it the same way.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


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
    """Base for errors the user should see worded, never as a traceback."""


class ProblemsFound(MetricsError):
    """A file (or the bundled data) broke its contract; every problem found is attached."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = problems[0] if problems else None
        super().__init__(f"{len(problems)} problem(s); first: {first}")
