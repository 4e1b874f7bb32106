from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from metrics import i18n
from metrics.catalog import Catalog
from metrics.current import open_store
from metrics.export import csv_bytes, data_table, display_table, xlsx_bytes
from metrics.importing import check


def test_csv_opens_in_excel_and_cannot_run_formulas() -> None:
    table = pd.DataFrame(
        {
            "Note": ['=HYPERLINK("http://x")', "@SUM(A1)", "+1", "-x", "\t=1", "ok"],
            "Value": [-1.5, 2, 3, 4, 5, 6],
        }
    )
    data = csv_bytes(table)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Windows Excel needs for UTF-8
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[1] == '"\'=HYPERLINK(""http://x"")",-1.5'
    assert [line.split(",")[0] for line in lines[2:6]] == ["'@SUM(A1)", "'+1", "'-x", "'\t=1"]
    assert lines[6] == "ok,6.0"


def test_table_headers_and_names_follow_the_language(catalog: Catalog) -> None:
    rows = catalog.series("egdi_rank", ["MAR"])
    for lang in i18n.LANGUAGES:
        table = display_table(rows, catalog, lang)
        assert table.columns[0] == i18n.t("column.country", lang)
        header = csv_bytes(table).decode("utf-8-sig").splitlines()[0]
        assert header.startswith(i18n.t("column.country", lang))
    assert set(display_table(rows, catalog, "ar")[i18n.t("column.country", "ar")]) == {"المغرب"}


def test_the_french_csv_is_written_as_a_french_excel_writes_it() -> None:
    table = pd.DataFrame({"Pays": ["Maroc", "=1+1"], "Valeur": [84.1204, 1100.0]})
    lines = csv_bytes(table, "fr").decode("utf-8-sig").splitlines()
    assert lines == ["Pays;Valeur", "Maroc;84,1204", "'=1+1;1100,0"]


def test_the_workbook_keeps_numbers_as_numbers_and_text_as_text(tmp_path: Path) -> None:
    table = pd.DataFrame({"note": ['=HYPERLINK("http://x")', "ok"], "value": [1.5, 2.0]})
    for lang in ("en", "ar"):
        path = tmp_path / f"{lang}.xlsx"
        path.write_bytes(xlsx_bytes(table, lang))
        sheet = openpyxl.load_workbook(path).active
        assert sheet["A2"].data_type == "s" and sheet["A2"].value == '=HYPERLINK("http://x")'
        assert sheet["B2"].data_type == "n" and sheet["B2"].value == 1.5
        assert bool(sheet.sheet_view.rightToLeft) is (lang == "ar")


@pytest.mark.parametrize("lang", ["fr", "ar", "en"])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_an_explore_download_imports_again_to_the_same_numbers(
    catalog: Catalog, tmp_path: Path, lang: str, kind: str
) -> None:
    rows = catalog.series("internet_users", ["MAR", "TUN"])
    assert len(rows) > 20 and rows["note"].ne("").any()  # real rows, notes included
    data = data_table(rows, lang)
    content = csv_bytes(data, lang) if kind == "csv" else xlsx_bytes(data, lang)
    store = open_store(catalog, f"sqlite:///{tmp_path / 'round.db'}")
    try:
        checked = check(content, f"athar_internet_users.{kind}", catalog, store)
    finally:
        store.close()
    assert checked.ok, [p.code for p in checked.problems]
    again = checked.rows.sort_values(["country", "year"]).reset_index(drop=True)
    columns = ["indicator", "country", "year", "value", "high", "lower_bound", "estimate"]
    columns += ["alternative", "source", "note"]
    pd.testing.assert_frame_equal(again[columns], rows[columns])
    assert checked.unchanged == len(rows)  # it states exactly what is charted
