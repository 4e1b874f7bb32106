"""A text column as its distinct cells and, for each row, which one it holds.

A column of a million rows holds a few hundred distinct codes, years or sources, and most
notes are empty. Every check on text (stripping, a lookup, a pattern, a length) then runs once
per distinct cell, and reaches the rows through one array gather; equal cells share one code,
so keys compare as integers.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from metrics.table import arrow_text


@dataclass(frozen=True)
class Cells:
    codes: np.ndarray  # per row: the position of its cell in `values`
    values: np.ndarray  # the distinct cells (object array of str), each once
    index: pd.Index  # the rows' labels in the table

    @classmethod
    def of(cls, column: pd.Series) -> Cells:
        """A column of text, each cell stripped of surrounding spaces (empty cells are "")."""
        codes, distinct = pd.factorize(column.fillna(""))
        # int32: at most MAX_ROWS distinct cells, and half the memory of the default.
        return cls(codes.astype(np.int32), np.asarray(distinct, dtype=object), column.index).apply(
            str.strip
        )

    @classmethod
    def empty(cls, index: pd.Index) -> Cells:
        return cls(np.zeros(len(index), dtype=np.int32), np.array([""], dtype=object), index)

    def apply(self, change: Callable[[str], str]) -> Cells:
        """Each distinct cell changed; cells that become equal share a code again."""
        changed = [change(v) for v in self.values]
        codes, distinct = pd.factorize(pd.Series(changed, dtype=object))
        again = codes.astype(np.int32)[self.codes]
        return Cells(again, np.asarray(distinct, dtype=object), self.index)

    def replace(self, mapping: Mapping[str, str]) -> Cells:
        return self.apply(lambda v: mapping.get(v, v))

    def where(self, test: Callable[[str], object]) -> pd.Series:
        """The rows whose cell passes `test`, as a mask; `test` runs once per distinct cell."""
        hits = np.fromiter((bool(test(v)) for v in self.values), bool, len(self.values))
        return self.mask(hits)

    def eq(self, text: str) -> pd.Series:
        return self.mask(self.values == text)

    def isin(self, allowed: Collection[str]) -> pd.Series:
        return self.where(allowed.__contains__)

    def mask(self, hits: np.ndarray) -> pd.Series:
        """A mask over the rows from one over the distinct cells."""
        return pd.Series(hits[self.codes], index=self.index)

    def gather(self, per_value: np.ndarray) -> np.ndarray:
        """An array over the rows from one over the distinct cells."""
        return per_value[self.codes]

    def at(self, labels: np.ndarray) -> np.ndarray:
        """The cells of the rows with these labels."""
        return self.values[self.codes[self.index.get_indexer(labels)]]

    def take(self, rows: np.ndarray) -> Cells:
        """The cells of some rows (a boolean mask over the rows)."""
        return Cells(self.codes[rows], self.values, self.index[rows])

    def text(self) -> pd.Series:
        """The cells as a column of strings, one per row, decoded by Arrow from the distinct
        cells and the codes (no Python string per row)."""
        encoded = pa.DictionaryArray.from_arrays(
            pa.array(self.codes, type=pa.int64()), pa.array(self.values, type=pa.string())
        )
        strings = encoded.dictionary_decode().to_pandas(types_mapper=arrow_text)
        return pd.Series(strings.array, index=self.index)
