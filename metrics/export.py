"""Tables as people download them: translated headers, values as the source states them,
and CSV bytes that Excel opens correctly and cannot be tricked into running formulas."""

from __future__ import annotations

import pandas as pd

from metrics import countries, i18n
from metrics.catalog import Catalog
from metrics.models import OBSERVATION_COLUMNS

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


# The long template's header in each language: names the reader recognises (models.COLUMN_ALIASES).
TEMPLATE_HEADERS = {
    "en": list(OBSERVATION_COLUMNS),
    "fr": [
        "indicateur",
        "pays",
        "année",
        "valeur",
        "valeur_haute",
        "borne_inférieure",
        "estimation",
        "valeur_alternative",
        "source",
        "remarque",
    ],
    "ar": [
        "المؤشر",
        "البلد",
        "السنة",
        "القيمة",
        "القيمة_العليا",
        "الحد_الأدنى",
        "تقدير",
        "قيمة_بديلة",
        "المصدر",
        "ملاحظة",
    ],
}
TEMPLATE_EXAMPLE = ("internet_users", "MAR")  # a series every analyst knows


def template_csv(catalog: Catalog, lang: str = "en") -> bytes:
    """The long template: the header in `lang` and one example row, a real bundled value."""
    row = catalog.latest(*TEMPLATE_EXAMPLE)
    if row is None:  # the example series is always bundled; any charted row will do
        row = catalog.series(catalog.with_data()[0]).iloc[0]
    cells = {
        "indicator": row["indicator"],
        "country": row["country"],
        "year": int(row["year"]),
        "value": f"{row['value']:g}",
        "high": "" if pd.isna(row["high"]) else f"{row['high']:g}",
        "lower_bound": str(bool(row["lower_bound"])).lower(),
        "estimate": str(bool(row["estimate"])).lower(),
        "alternative": "false",
        "source": row["source"],
        "note": row["note"],
    }
    header = TEMPLATE_HEADERS[lang]
    table = pd.DataFrame([list(cells.values())], columns=header)
    return csv_bytes(table)
