"""The table every reader produces and the validator checks: text cells and where each came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from metrics.errors import Problem


def arrow_text(_: object) -> pd.StringDtype:
    """Arrow's text as pandas' own text dtype ("str", missing as NaN), the dtype every table
    holds: a `types_mapper` for pyarrow's to_pandas."""
    return pd.StringDtype(na_value=np.nan)


# long: our template; world_bank / owid: those downloads, already turned into the long table;
# unknown: columns as in the file, to be mapped by the analyst; mapped: after apply_mapping.
Layout = Literal["long", "world_bank", "owid", "unknown", "mapped"]


@dataclass(frozen=True)
class RawTable:
    name: str  # the file name as the user knows it; used in every message
    frame: pd.DataFrame  # every cell a str ("" when empty); columns as in the header, stripped
    # lines[i] is the file line where data row i starts (header is line 1); an array when
    # read by Arrow (a million Python ints would cost more than the cells).
    lines: list[int] | np.ndarray
    encoding: str  # "utf-8", "utf-16", "cp1256" or "cp1252"; "" for Excel and Parquet
    delimiter: str  # "" for Excel and Parquet
    decimal: str = "."  # the file's decimal mark; validate reads numbers with it
    origins: list[str] | None = None  # per-row file name when tables were joined
    layout: Layout = "long"
    # Indicator id -> its name as the file gives it (World Bank and OWID downloads carry names).
    names: dict[str, str] = field(default_factory=dict)
    preview: str = ""  # the file's first lines as decoded, so the analyst can check the letters
    format: Literal["csv", "xlsx", "parquet"] = "csv"
    # Places a publisher lists beside countries with no code here (OWID's continents, a World
    # Bank group not yet known): validation skips their rows with a warning.
    aggregates: frozenset[str] = frozenset()
    warnings: list[Problem] = field(default_factory=list)  # what reading noticed (mojibake)

    def file(self, i: int) -> str:
        return self.origins[i] if self.origins else self.name

    @classmethod
    def join(cls, name: str, tables: list[RawTable]) -> RawTable:
        """Several files as one table, each row keeping its own file and line; validating
        them together costs one pass and finds duplicates across files too."""
        marks = {t.decimal for t in tables}
        if len(marks) > 1:  # numbers are read with one mark per table
            raise ValueError(f"cannot join tables with decimal marks {sorted(marks)}")
        frame = pd.concat([t.frame for t in tables], ignore_index=True)
        lines = [line for t in tables for line in t.lines]
        origins = [t.name for t in tables for _ in t.lines]
        names = {k: v for t in tables for k, v in t.names.items()}
        decimal = marks.pop() if marks else "."
        aggregates = frozenset().union(*(t.aggregates for t in tables))
        warnings = [w for t in tables for w in t.warnings]
        return cls(
            name,
            frame,
            lines,
            "utf-8",
            ",",
            decimal,
            origins,
            names=names,
            aggregates=aggregates,
            warnings=warnings,
        )
