"""Real-world files read to exact values: encodings, delimiters, decimal marks, layouts, formats.

The files under tests/files/real/ are byte-for-byte in the shape each program writes them;
tests/files/real/README.md says how each was made.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from metrics import countries, i18n
from metrics.bundled import load_bundled
from metrics.errors import ProblemsFound, grouped
from metrics.layouts import apply_mapping, column_key, detect_layout, slug
from metrics.read import read_bytes, read_csv_bytes, read_file, sniff_delimiter
from metrics.validate import Contract, Result, numbers, validate

REAL = Path(__file__).parent / "files" / "real"


@pytest.fixture(scope="module")
def contract() -> Contract:
    catalog = load_bundled()
    return Contract(catalog.indicators, set(catalog.sources), this_year=2026)


def ok(result: Result) -> pd.DataFrame:
    assert result.ok, [(p.code, p.row, p.column, p.value) for p in result.problems]
    return result.rows


def test_world_bank_bulk_csv_as_downloaded(contract: Contract) -> None:
    table = read_file(REAL / "API_IT.NET.USER.ZS_DS2_en_csv_v2.csv")
    assert (table.layout, table.encoding, table.delimiter, table.decimal) == (
        "world_bank",
        "utf-8",
        ",",
        ".",
    )
    assert table.names == {"IT.NET.USER.ZS": "Individuals using the Internet (% of population)"}
    assert list(table.frame.columns) == ["indicator", "country", "year", "value"]
    frame = table.frame.assign(line=table.lines)
    morocco = frame[frame["country"] == "MAR"].tail(4)
    assert morocco.values.tolist() == [
        ["IT.NET.USER.ZS", "MAR", "2019", "84.1204", 7],
        ["IT.NET.USER.ZS", "MAR", "2020", "84.1204", 7],
        ["IT.NET.USER.ZS", "MAR", "2021", "88.1303", 7],
        ["IT.NET.USER.ZS", "MAR", "2022", "89.9", 7],
    ]
    # Every year from 1990 for the four rows, none for the empty cells; lines 6-9 in file order.
    by_country = frame.groupby("country", sort=False)["line"].agg(["first", "size"])
    assert by_country.to_dict("index") == {
        "AFE": {"first": 6, "size": 34},
        "MAR": {"first": 7, "size": 33},
        "TUN": {"first": 8, "size": 33},
        "WLD": {"first": 9, "size": 34},
    }
    assert frame[frame["country"] == "WLD"].tail(1).values.tolist() == [
        ["IT.NET.USER.ZS", "WLD", "2023", "67.4", 9]
    ]
    assert table.preview.splitlines()[0] == '"Data Source","World Development Indicators",'
    # Aggregates such as AFE are known places, and the World Bank code is ours: internet_users.
    result = validate(table, contract)
    assert result.ok and result.problems == []
    assert set(result.rows["indicator"]) == {"internet_users"}
    assert len(result.rows) == len(table.frame) == 134


def test_world_bank_file_without_its_preamble_is_the_same_layout() -> None:
    text = (
        "Country Name,Country Code,Indicator Name,Indicator Code,2021,2022\n"
        '"Bahamas, The",BHS,Individuals using the Internet (% of population),IT.NET.USER.ZS,,94.4\n'
    )
    table = read_csv_bytes(text.encode(), "wb.csv")
    assert table.layout == "world_bank"
    assert table.frame.values.tolist() == [["IT.NET.USER.ZS", "BHS", "2022", "94.4"]]
    assert list(table.lines) == [2]


def test_owid_grapher_csv_as_downloaded(contract: Contract) -> None:
    table = read_file(REAL / "share-of-individuals-using-the-internet.csv")
    assert table.layout == "owid"
    internet, mobile = (
        "share_of_the_population_using_the_internet",
        "mobile_phone_subscriptions_per_100_people",
    )
    assert table.names == {
        internet: "Share of the population using the Internet",
        mobile: "Mobile phone subscriptions, per 100 people",
    }
    assert table.frame.values.tolist() == [
        [internet, "AFR", "2021", "37.4"],
        [internet, "MAR", "2020", "84.1204"],
        [mobile, "MAR", "2020", "133.9"],
        [internet, "MAR", "2021", "88.1303"],
        [mobile, "MAR", "2021", "139.3"],
        [internet, "TUN", "2022", "73.8379"],
        [internet, "WLD", "2022", "64.4"],
    ]
    assert list(table.lines) == [2, 3, 3, 4, 4, 5, 6]
    result = validate(table, contract)  # both columns are indicators the catalogue knows
    assert result.problems == []
    assert set(result.rows["indicator"]) == {"internet_users", "mobile_cellular_per_100"}


def test_owid_region_without_a_code_is_skipped_with_a_warning_naming_it(
    contract: Contract,
) -> None:
    text = (
        "Entity,Code,Year,Internet users\nWorld,,2022,64.4\nAsia,,2021,65.0\nAsia,,2022,66.2\n"
        "USSR,OWID_USS,1990,0\nKosovo,OWID_KOS,2022,90\n"
    )
    table = read_csv_bytes(text.encode(), "owid.csv")
    assert table.frame["country"].tolist() == ["WLD", "Asia", "Asia", "USSR", "XKX"]
    assert table.aggregates == {"Asia", "USSR"}
    result = validate(table, contract)
    assert result.ok and result.errors == []
    assert result.rows[["country", "year"]].values.tolist() == [["WLD", 2022], ["XKX", 2022]]
    assert [i18n.describe_group(g) for g in grouped(result.problems)] == [
        "owid.csv, rows 3–4, column “country”: “Asia” is a region or group with no code in"
        " Athar; its rows are skipped.",
        "owid.csv, row 5, column “country”: “USSR” is a region or group with no code in"
        " Athar; its rows are skipped.",
    ]


def test_french_excel_windows_1252_semicolons_decimal_comma(contract: Contract) -> None:
    table = read_file(REAL / "fr_excel_windows_1252.csv")
    assert (table.layout, table.encoding, table.delimiter, table.decimal) == (
        "long",
        "cp1252",
        ";",
        ",",
    )
    assert list(table.frame.columns) == [
        "indicator",
        "country",
        "year",
        "value",
        "lower_bound",
        "estimate",
        "note",
    ]
    rows = ok(validate(table, contract))
    assert rows["value"].tolist() == [88.1303, 123500.0, 1234567.0, 98765.5]
    assert rows["lower_bound"].tolist() == [False, True, False, False]
    assert rows["estimate"].tolist() == [False, False, True, False]
    assert rows["line"].tolist() == [2, 3, 4, 5]
    assert rows["note"].tolist()[:3] == [
        "enquête ANRT",
        "emplois créés, d'après la stratégie",
        "séparateur ; entre guillemets",
    ]


def test_french_utf8_bom_tab_separated_with_narrow_no_break_spaces(contract: Contract) -> None:
    table = read_file(REAL / "fr_utf8_bom_nnbsp.tsv")
    assert (table.encoding, table.delimiter, table.decimal) == ("utf-8", "\t", ",")
    assert list(table.frame.columns) == ["indicator", "country", "year", "value", "high"]
    rows = ok(validate(table, contract))
    assert rows["value"].tolist() == [123500.0, 90.7]
    assert rows["high"].iloc[0] == 130000.5 and math.isnan(rows["high"].iloc[1])
    assert rows["line"].tolist() == [2, 3]


def test_arabic_excel_windows_1256_with_arabic_headers(contract: Contract) -> None:
    table = read_file(REAL / "ar_excel_windows_1256.csv")
    assert (table.encoding, table.delimiter, table.decimal) == ("cp1256", ",", ".")
    assert list(table.frame.columns) == ["indicator", "country", "year", "value", "note"]
    assert table.preview.splitlines()[0] == "المؤشر,البلد,السنة,القيمة,ملاحظة"
    rows = ok(validate(table, contract))
    assert rows["value"].tolist() == [88.1303, 73.8379, 1234.0]
    assert rows["note"].tolist() == ["المغرب", "تونس", "مناصب شغل مباشرة"]
    assert rows["line"].tolist() == [2, 3, 4]


def test_utf8_bom_with_arabic_indic_and_persian_digits(contract: Contract) -> None:
    table = read_file(REAL / "ar_utf8_bom.csv")
    assert (table.encoding, table.delimiter, table.decimal) == ("utf-8", ";", ".")
    assert table.frame.columns[0] == "indicator"  # the BOM is not part of the name
    rows = ok(validate(table, contract))
    assert rows["year"].tolist() == [2022, 2023, 2022]
    assert rows["value"].tolist() == [89.9, 123500.0, 73.84]
    assert rows["line"].tolist() == [2, 3, 4]


def test_excel_workbook_keeps_spreadsheet_row_numbers(tmp_path: Path, contract: Contract) -> None:
    path = tmp_path / "export.xlsx"
    sheet = pd.DataFrame(
        {
            "Indicateur": ["internet_users", "internet_users"],
            "Pays": ["MAR", "TUN"],
            "Année": [2021, 2022],
            "Valeur": [88.1303, 73.8379],
            "Note": ["", "تونس"],
        }
    )
    sheet.to_excel(path, index=False, startrow=2)  # a title block above the header, as analysts do
    table = read_file(path)
    assert (table.format, table.layout, table.encoding) == ("xlsx", "long", "")
    rows = ok(validate(table, contract))
    assert rows[["country", "year", "value", "note"]].values.tolist() == [
        ["MAR", 2021, 88.1303, ""],
        ["TUN", 2022, 73.8379, "تونس"],
    ]
    assert rows["line"].tolist() == [4, 5]


def test_parquet_file(tmp_path: Path, contract: Contract) -> None:
    path = tmp_path / "series.parquet"
    pd.DataFrame(
        {
            "indicator": ["internet_users", "internet_users"],
            "country": ["MAR", "WLD"],
            "year": [2022, 2023],
            "value": [89.9, 67.4],
            "estimate": [False, True],
        }
    ).to_parquet(path)
    table = read_file(path)
    assert (table.format, table.layout) == ("parquet", "long")
    rows = ok(validate(table, contract))
    assert rows[["country", "year", "value", "estimate"]].values.tolist() == [
        ["MAR", 2022, 89.9, False],
        ["WLD", 2023, 67.4, True],
    ]
    assert rows["line"].tolist() == [2, 3]


def test_the_content_decides_for_a_file_without_a_known_extension(tmp_path: Path) -> None:
    path = tmp_path / "x.parquet"
    pd.DataFrame({"indicator": ["a"]}).to_parquet(path)
    assert read_bytes(path.read_bytes(), "download").format == "parquet"


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "workbook.csv", "not_text"),
        (b"indicator,country\n", "workbook.xlsx", "unreadable"),
        (b"PK\x03\x04 damaged", "workbook.xlsx", "unreadable"),
        (b"PAR1 damaged", "series.parquet", "unreadable"),
    ],
)
def test_wrong_or_damaged_binary_files(data: bytes, name: str, code: str) -> None:
    with pytest.raises(ProblemsFound) as info:
        read_bytes(data, name)
    assert [p.code for p in info.value.problems] == [code]


def test_unreadable_message_names_the_format() -> None:
    with pytest.raises(ProblemsFound) as info:
        read_bytes(b"indicator,country\n", "workbook.xlsx")
    assert i18n.describe(info.value.problems[0]) == (
        "workbook.xlsx: the file cannot be read as Excel (.xlsx) (not a zip archive);"
        " open it in its program and save it again."
    )


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("indicator;country;year;value\nshare;MAR;2023;1,5\nshare;TUN;2023;2,5\n", ";"),
        ('indicator,note\nshare,"a; b; c"\nshare,"d; e"\n', ","),
        ("indicator|country\nshare|MAR\n", "|"),
        ("indicator\tcountry\tvalue\nshare\tMAR\t1,5\n", "\t"),
        ("value\n1\n2\n", ","),  # one column: no delimiter invented from a letter
        ('"Data Source","WDI",\n\n"a","b","c","d",\n"1","2","3","4",\n', ","),
    ],
)
def test_delimiter_is_sniffed_over_the_first_lines(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


@pytest.mark.parametrize(
    ("text", "decimal"),
    [
        ("a;b\nx;1,5\ny;2\n", ","),
        ("a;b\nx;1.5\ny;2\n", "."),
        ("a;b\nx;1.234,5\n", ","),
        ('a,b\nx,"1,5"\n', "."),  # a comma-separated file keeps the point
    ],
)
def test_decimal_mark_is_decided_per_file(text: str, decimal: str) -> None:
    assert read_csv_bytes(text.encode(), "f.csv").decimal == decimal


@pytest.mark.parametrize(
    ("cell", "decimal", "expected"),
    [
        ("1\u00a0100", ".", 1100.0),
        ("1\u202f100,5", ",", 1100.5),
        ("1.234.567,25", ",", 1234567.25),
        ("1,234,567.25", ".", 1234567.25),
        ("١٢٣٬٤٥٦٫٧", ".", 123456.7),
        ("١٫٥", ",", 1.5),
        ("۲۰۲۳", ".", 2023.0),
        ("\u22123,5", ",", -3.5),
        ("1.5", ",", None),  # a point in a decimal-comma file is not a thousands group
        ("1,5", ".", None),
        ("12,34,5", ".", None),
        ("lots", ".", None),
    ],
)
def test_numbers_follow_the_files_marks(cell: str, decimal: str, expected: float | None) -> None:
    number = numbers(pd.Series([cell], dtype="str"), decimal).iloc[0]
    assert (None if math.isnan(number) else number) == expected


@pytest.mark.parametrize(
    ("header", "layout"),
    [
        (["indicator", "country", "year", "value"], "long"),
        (["Indicateur", "PAYS", "annee", "Valeur", "borne_inferieure"], "long"),
        (["المؤشر", "البلد", "السنة", "القيمة"], "long"),
        (["Entity", "Code", "Year", "Internet users"], "owid"),
        (["Série", "Code pays", "An", "Montant"], "unknown"),
        (["indicator", "country", "value"], "unknown"),
    ],
)
def test_layout_is_detected_from_the_header(header: list[str], layout: str) -> None:
    assert detect_layout([header, ["x"] * len(header)]) == (layout, 0)


def test_world_bank_header_is_found_below_the_preamble() -> None:
    records = [
        ["Data Source", "World Development Indicators", ""],
        ["Last Updated Date", "2024-06-28", ""],
        ["Country Name", "Country Code", "Indicator Name", "Indicator Code", "2022", ""],
    ]
    assert detect_layout(records) == ("world_bank", 2)


def test_column_names_ignore_case_accents_and_marks() -> None:
    assert column_key(" Année ") == column_key("ANNEE") == "annee"
    assert column_key("borne_inférieure") == column_key("Borne inférieure")
    assert column_key("المُؤشِّر") == column_key("المؤشر")
    assert column_key("الـسنة") == column_key("السنة")  # tatweel


def test_slugs_are_valid_indicator_ids() -> None:
    assert slug("Share of the population using the Internet") == (
        "share_of_the_population_using_the_internet"
    )
    assert slug("CO₂ émis (kt)") == "co2_emis_kt"
    assert slug("2030 target") == "x_2030_target"


def test_apply_mapping_turns_any_layout_into_the_long_table(contract: Contract) -> None:
    text = "Série;Code pays;An;Montant;Commentaire\nx;MAR;2022;89,9;ok\nx;TUN;2022;73,8;\n"
    table = read_csv_bytes(text.encode(), "autre.csv")
    assert table.layout == "unknown"
    mapped = apply_mapping(
        table,
        {"country": "Code pays", "year": "An", "value": "Montant", "note": "Commentaire"},
        constants={"indicator": "internet_users"},
    )
    assert mapped.layout == "mapped"
    assert list(mapped.frame.columns) == ["indicator", "country", "year", "value", "note"]
    rows = ok(validate(mapped, contract))
    assert rows[["indicator", "country", "value"]].values.tolist() == [
        ["internet_users", "MAR", 89.9],
        ["internet_users", "TUN", 73.8],
    ]
    assert rows["line"].tolist() == [2, 3]


def test_apply_mapping_reports_missing_columns() -> None:
    table = read_csv_bytes(b"A;B;C\n1;2;3\n", "autre.csv")
    with pytest.raises(ProblemsFound) as info:
        apply_mapping(table, {"indicator": "A", "country": "B", "year": "Z"})
    assert [(p.code, p.column) for p in info.value.problems] == [
        ("missing_column", "Z"),
        ("missing_column", "value"),
    ]


def test_world_bank_groups_are_known_places() -> None:
    assert all(countries.is_known(c) for c in ("AFE", "AFW", "ARB", "EUU", "WLD", "XKX"))
    assert countries.name("AFE", "fr") == "Africa Eastern and Southern"
    assert countries.name("XKX", "fr") == "Kosovo"
    assert countries.is_aggregate("ARB") and not countries.is_aggregate("MAR")
    assert not countries.is_known("XYZ")


def test_records_of_empty_cells_are_blank_lines_and_the_rest_keep_their_line() -> None:
    data = (
        b"indicator,country,year,value\n"
        b"internet_users,MAR,2020,80\n"
        b",,,\n"  # a spreadsheet's empty row
        b" , ,  ,\n"  # the same, with spaces
        b",MAR,2021,81\n"  # not blank: an empty indicator, for validation to report
        b"internet_users,MAR,2022,82\n"
    )
    table = read_bytes(data, "blank.csv")
    assert table.frame["country"].tolist() == ["MAR", "MAR", "MAR"]
    assert list(table.lines) == [2, 5, 6]
