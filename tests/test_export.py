from __future__ import annotations

import pandas as pd

from metrics import i18n
from metrics.catalog import Catalog
from metrics.export import csv_bytes, display_table


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
