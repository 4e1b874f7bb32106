"""What a file may hold, checked before it is inflated or parsed whole, so a hostile file is
refused in seconds and a few times its size; a national-scale series fits well inside each."""

from __future__ import annotations

from metrics.errors import Problem, ProblemsFound

MAX_BYTES = 50 * 1024 * 1024  # the largest file we read; matches server.maxUploadSize
MAX_ROWS = 2_000_000  # records in a file, and observations once a wide layout is unfolded
MAX_COLUMNS = 500  # a World Bank file has 70; an OWID download a few dozen
MAX_CELL_CHARS = 5_000  # the longest note we keep is under 1,000 characters
MAX_LINE_CHARS = 100_000  # a line of a text file: MAX_COLUMNS cells of 200 characters
MAX_INFLATED = 100 * 1024 * 1024  # an Excel workbook's parts, uncompressed, all together
MAX_RATIO = 200  # how much one part of a workbook may inflate (XML compresses 10-20 times)
MAX_TARGETS = 2_000  # targets in one file: a national strategy states a few dozen
MAX_PROBLEMS = 10_000  # problems listed one by one; past that, fix these first


def too_many(code: str, name: str, limit: int, row: int | None = None) -> ProblemsFound:
    """A file refused for passing one of these limits, the limit in the message."""
    return ProblemsFound([Problem(code, name, row, params={"limit": f"{limit:,}"})])
