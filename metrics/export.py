"""Tables as people download them: translated headers, values as the source states them,
and CSV bytes that Excel opens correctly and cannot be tricked into running formulas."""

from __future__ import annotations

import pandas as pd

from metrics import countries, i18n
from metrics.catalog import Catalog

# Cells starting with these are run as formulas by Excel, LibreOffice and Sheets
# (OWASP "CSV injection"); a leading apostrophe makes them plain text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\0")


def display_table(rows: pd.DataFrame, catalog: Catalog, lang: str = "en") -> pd.DataFrame:
    """The rows shown under a chart, one column per thing a reader asks about a value."""
    t = lambda key: i18n.t(key, lang)  # noqa: E731

    def flags(row: pd.Series) -> str:
        marks = []
        if row["lower_bound"]:
            marks.append(t("flag.lower_bound"))
        if row["estimate"]:
            marks.append(t("flag.estimate"))
        if pd.notna(row["high"]):
            marks.append(t("flag.range"))
        return ", ".join(marks)

    def confidence(source_id: str) -> str:
        source = catalog.sources.get(source_id)
        return t(f"confidence.{source.confidence.value}") if source else ""

    return pd.DataFrame(
        {
            t("column.country"): [countries.name(c, lang) for c in rows["country"]],
            t("column.year"): rows["year"].astype("int64").to_numpy(),
            t("column.value"): rows["value"].to_numpy(),
            t("column.high"): rows["high"].to_numpy(),
            t("column.flags"): [flags(r) for _, r in rows.iterrows()],
            t("column.source"): [
                catalog.sources[s].title if s in catalog.sources else "" for s in rows["source"]
            ],
            t("column.confidence"): [confidence(s) for s in rows["source"]],
            t("column.note"): rows["note"].to_numpy(),
        }
    )


def _defuse(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def csv_bytes(table: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark, so Windows Excel reads Arabic and accents correctly."""
    safe = table.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(_defuse)
    return ("\ufeff" + safe.to_csv(index=False, lineterminator="\r\n")).encode("utf-8")
