from __future__ import annotations

import pytest

from metrics import i18n
from metrics.errors import ProblemsFound
from metrics.models import Indicator
from metrics.read import read_csv_bytes
from metrics.validate import Contract, validate

SHARE = Indicator.model_validate(
    {
        "id": "share",
        "name": {"en": "Share", "fr": "Part", "ar": "حصة"},
        "description": {"en": "A share.", "fr": "Une part.", "ar": "حصة."},
        "unit": {"en": "%", "fr": "%", "ar": "%"},
        "short_unit": {"en": "%", "fr": "%", "ar": "%"},
        "theme": "connectivity",
        "direction": "higher_is_better",
        "decimals": 1,
        "sources": ["wb"],
        "minimum": 0,
        "maximum": 100,
    }
)
PEOPLE = SHARE.model_copy(update={"id": "people", "minimum": 0, "maximum": None})
CONTRACT = Contract({"share": SHARE, "people": PEOPLE}, {"wb"}, this_year=2026)


def check(text: str, contract: Contract = CONTRACT):
    return validate(read_csv_bytes(text.encode("utf-8"), "f.csv"), contract)


def codes(result) -> list[tuple[str, int | None, str | None]]:
    return [(p.code, p.row, p.column) for p in result.problems]


def test_a_sound_file_gives_typed_rows_with_their_lines() -> None:
    result = check(
        "indicator,country,year,value,lower_bound,source\n"
        "share,MAR,2023,89.9,,wb\n"
        "people,mar,2024,1\u00a0100,true,wb\n"  # lower-case code, space as thousands separator
    )
    assert result.ok, codes(result)
    rows = result.rows
    assert rows["indicator"].tolist() == ["share", "people"]
    assert rows["country"].tolist() == ["MAR", "MAR"]
    assert rows["year"].tolist() == [2023, 2024]
    assert rows["value"].tolist() == [89.9, 1100.0]
    assert rows["lower_bound"].tolist() == [False, True]
    assert rows["line"].tolist() == [2, 3]


def test_every_problem_is_collected_with_row_and_column() -> None:
    result = check(
        "indicator,country,year,value\n"
        "shares,MAR,2023,50\n"
        "share,XXX,2023,50\n"
        "share,MAR,twenty,50\n"
        "share,MAR,2024,lots\n"
        "share,MAR,2025,250\n"
    )
    assert codes(result) == [
        ("unknown_indicator", 2, "indicator"),
        ("unknown_country", 3, "country"),
        ("not_a_year", 4, "year"),
        ("not_a_number", 5, "value"),
        ("above_maximum", 6, "value"),
    ]
    assert result.rows.empty
    assert result.problems[0].params["hint"] == "share"


def test_duplicates_conflicting_are_errors_identical_are_warnings() -> None:
    result = check(
        "indicator,country,year,value\nshare,MAR,2023,50\nshare,MAR,2023,50\nshare,MAR,2023,51\n"
    )
    assert codes(result) == [("duplicate_same", 3, "value"), ("duplicate_conflict", 4, "value")]
    assert [p.severity for p in result.problems] == ["warning", "error"]
    assert result.problems[1].params == {"first_file": "f.csv", "first_row": 2, "first_value": "50"}


def test_an_alternative_value_may_share_the_key() -> None:
    result = check(
        "indicator,country,year,value,alternative\nshare,MAR,2023,50,\nshare,MAR,2023,51,true\n"
    )
    assert result.ok
    assert result.rows["alternative"].tolist() == [False, True]


def test_future_years_must_be_estimates_and_ranges_ordered() -> None:
    result = check(
        "indicator,country,year,value,high,estimate\n"
        "share,WLD,2030,20,,\n"
        "share,WLD,2031,20,,true\n"
        "share,WLD,2020,2.1,1.8,\n"
    )
    assert codes(result) == [("future_not_estimate", 2, "year"), ("range_reversed", 4, "high")]


def test_header_problems_stop_before_rows() -> None:
    result = check("indicator,country,yaer,value\nshare,MAR,2023,1\n")
    assert codes(result) == [("unknown_column", 1, "yaer"), ("missing_column", 1, "year")]
    assert result.problems[0].params["hint"] == "year"


def test_bundled_contract_requires_a_source() -> None:
    strict = Contract({"share": SHARE}, {"wb"}, require_source=True, this_year=2026)
    assert codes(check("indicator,country,year,value\nshare,MAR,2023,1\n", strict)) == [
        ("missing_column", 1, "source")
    ]
    result = check(
        "indicator,country,year,value,source\nshare,MAR,2023,1,\nshare,TUN,2023,1,x\n", strict
    )
    assert codes(result) == [("empty_cell", 2, "source"), ("unknown_source", 3, "source")]


@pytest.mark.parametrize(
    ("data", "code", "row"),
    [
        (b"", "empty_file", None),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not_text", None),
        (b'indicator,country,year,value\nshare,MAR,2023,"1\n', "bad_csv", 2),
        (b"indicator,country,year,value\nshare,MAR,2023\n", "ragged_row", 2),
    ],
)
def test_unreadable_files_raise_with_the_line(data: bytes, code: str, row: int | None) -> None:
    with pytest.raises(ProblemsFound) as info:
        read_csv_bytes(data, "f.csv")
    assert [(p.code, p.row) for p in info.value.problems] == [(code, row)]


def test_windows_arabic_is_never_read_as_western() -> None:
    text = "indicator,country,year,value,note\nshare,MAR,2023,1,المغرب\n"
    table = read_csv_bytes(text.encode("cp1256"), "ar.csv")
    assert table.encoding == "cp1256"
    assert table.frame.at[0, "note"] == "المغرب"
    french = read_csv_bytes("indicator;note\nshare;élevé\n".encode("cp1252"), "fr.csv")
    assert (french.encoding, french.delimiter, french.frame.at[0, "note"]) == (
        "cp1252",
        ";",
        "élevé",
    )


def test_problem_messages_name_file_row_and_column() -> None:
    result = check("indicator,country,year,value\nshare,MAR,2023,lots\n")
    assert i18n.describe(result.problems[0]) == (
        "f.csv, row 2, column “value”: “lots” is not a number."
    )
