"""Tables as people download them: translated headers, values as the source states them,
and CSV bytes that Excel opens correctly and cannot be tricked into running formulas."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd

from metrics import countries, i18n
from metrics.catalog import Catalog
from metrics.models import TEMPLATE_HEADERS

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
            # Notes are written in English in data/ (the header says so in French and Arabic);
            # an id they cite reads as its name in the reader's language.
            t("column.note"): _readable(rows["note"], catalog, lang),
        }
    )


def _readable(notes: pd.Series, catalog: Catalog, lang: str) -> np.ndarray:
    """Each distinct note once through Catalog.readable (most are empty or repeated)."""
    codes, distinct = pd.factorize(notes.fillna(""))
    changed = np.array([catalog.readable(str(n), lang) for n in distinct], dtype=object)
    return changed[codes] if len(distinct) else np.array([""] * len(notes), dtype=object)


def _defuse(cell: object) -> object:
    if isinstance(cell, str) and cell.startswith(_FORMULA_START):
        return "'" + cell
    return cell


def csv_bytes(table: pd.DataFrame, lang: str = "en") -> bytes:
    """UTF-8 with a byte-order mark, so Windows Excel reads Arabic and accents correctly. In
    French, as a French Excel writes it: ";" between cells and a decimal comma."""
    safe = table.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(_defuse)
    french = lang == "fr"
    text = safe.to_csv(
        index=False,
        lineterminator="\r\n",
        sep=";" if french else ",",
        decimal="," if french else ".",
    )
    return ("\ufeff" + text).encode("utf-8")


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_bytes(table: pd.DataFrame, lang: str = "en") -> bytes:
    """An Excel workbook of one sheet: numbers stay numbers, text is written as text (a cell
    that starts with "=" is never turned into a formula), and an Arabic sheet runs right to
    left."""
    out = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    with pd.ExcelWriter(out, engine="xlsxwriter", engine_kwargs={"options": options}) as book:
        table.to_excel(book, index=False, sheet_name="Athar")
        sheet = book.sheets["Athar"]
        if i18n.direction(lang) == "rtl":
            sheet.right_to_left()
        sheet.freeze_panes(1, 0)
    return out.getvalue()


_YES_NO = {"en": ("true", "false"), "fr": ("oui", "non"), "ar": ("نعم", "لا")}


def data_table(rows: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Rows as the long template holds them, headed in `lang`: ids and codes, numbers as
    numbers, yes and no in the language. What is downloaded this way imports again as it is."""
    yes, no = _YES_NO[lang]
    flag = lambda column: rows[column].map({True: yes, False: no}).to_numpy()  # noqa: E731
    data = {
        "indicator": rows["indicator"].to_numpy(),
        "country": rows["country"].to_numpy(),
        "year": rows["year"].astype("int64").to_numpy(),
        "value": rows["value"].to_numpy(),
        "high": rows["high"].to_numpy(),
        "lower_bound": flag("lower_bound"),
        "estimate": flag("estimate"),
        "alternative": flag("alternative"),
        "source": rows["source"].to_numpy(),
        "note": rows["note"].to_numpy(),
    }
    return pd.DataFrame(dict(zip(TEMPLATE_HEADERS[lang], data.values(), strict=True)))


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
