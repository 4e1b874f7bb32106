"""Write data/observations/africa_internet.csv and africa_egov.csv from the reference copies.

One-off, reproducible conversion of the published values for the 54 African UN member states
(the 54 rows whose Region is "Africa" in the UN E-Government Survey 2024 file):

- internet_users: World Bank WDI IT.NET.USER.ZS, every year with a value, for every African
  country that data/observations/internet.csv does not already hold;
- egdi_score, egdi_rank, osi_score, egov_hci_score, egov_tii_score, egov_epi_score: UN
  E-Government Survey 2022 and 2024, every (indicator, country, year) that no other
  observation file already holds. No derived (Africa) rank is added.

Values are written exactly as the reference files give them (text copied, never re-rounded).
Country names are mapped to ISO 3166-1 alpha-3 with pycountry, plus NAME_OVERRIDES for the
names pycountry does not resolve; the 2022 rows are matched to the 2024 ones by that code.

    .venv/bin/python data/scripts/africa_rows.py [REFERENCE_DIR] [--out DIR]

REFERENCE_DIR holds EGOV_DATA_2022.csv, EGOV_DATA_2024.csv and worldbank/IT.NET.USER.ZS.csv
(default /work/shared/reference/data); DIR defaults to data/observations.
"""

from __future__ import annotations

import argparse
import csv
import math
from pathlib import Path

import pycountry

DEFAULT_REFERENCE = Path("/work/shared/reference/data")
OBSERVATIONS = Path(__file__).resolve().parent.parent / "observations"
INTERNET_FILE = "africa_internet.csv"
EGOV_FILE = "africa_egov.csv"
COLUMNS = [
    "indicator",
    "country",
    "year",
    "value",
    "high",
    "lower_bound",
    "estimate",
    "alternative",
    "source",
    "note",
]
AFRICA_COUNT = 54  # African UN member states; Western Sahara (ESH) is not one

# UN names that pycountry.countries.lookup() does not resolve.
NAME_OVERRIDES = {"Democratic Republic of the Congo": "COD"}

# UN survey year -> (source id, column of each indicator in that year's file)
EGOV_YEARS: dict[int, tuple[str, dict[str, str]]] = {
    2022: (
        "un_egov_2022_data",
        {
            "egdi_score": "E-Government Index",
            "egdi_rank": "E-Government Rank",
            "osi_score": "Online Service Index",
            "egov_hci_score": "Human Capital Index",
            "egov_tii_score": "Telecommunication Infrastructure Index",
            "egov_epi_score": "E-Participation Index",
        },
    ),
    2024: (
        "un_egov_2024_data",
        {
            "egdi_score": "E_Index",
            "egdi_rank": "Rank",
            "osi_score": "Online_Service",
            "egov_hci_score": "Human_Capital",
            "egov_tii_score": "Tele_Infra",
            "egov_epi_score": "E_Participation",
        },
    ),
}
EGOV_NAME_COLUMN = {2022: "Country Name", 2024: "Country"}
EGDI_RANK_NOTE = "Rank as given in the UN file."

INTERNET_SOURCE = "wb_wdi_internet_users"
# Values that look out of line with the rest of their country's series, flagged the way
# internet.csv flags Morocco 2019-2020. Each carries the value it was written for, so a new
# vintage of the file fails here instead of keeping a stale note.
INTERNET_NOTES: dict[tuple[str, int], tuple[str, str]] = {
    ("GHA", 2019): (
        "22.0732",
        "Out of line in the World Bank file: 43 in 2018, 62.5176 in 2020. "
        "Check against the ITU DataHub before quoting it.",
    ),
    ("LBY", 2020): (
        "87.5754",
        "First value after five empty years (2015–2019) in the World Bank file; 2014 was 17.76. "
        "Check the jump against the ITU DataHub before quoting it.",
    ),
    ("MWI", 2023): (
        "18",
        "Down from 27.6609 in 2022 in the World Bank file (the only African country with a "
        "2023 value there). Check against the ITU DataHub before quoting it.",
    ),
}


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def iso3(name: str) -> str | None:
    """The alpha-3 code of a UN country name (trailing spaces ignored), or None."""
    name = name.strip()
    if name in NAME_OVERRIDES:
        return NAME_OVERRIDES[name]
    try:
        return pycountry.countries.lookup(name).alpha_3
    except LookupError:
        return None


def number(text: str, low: float, high: float) -> str:
    """The cell as written, after checking it is a number in [low, high]."""
    value = float(text)
    assert math.isfinite(value) and low <= value <= high, text
    return text


def row(indicator: str, country: str, year: int, value: str, source: str, note: str = "") -> dict:
    return {
        "indicator": indicator,
        "country": country,
        "year": str(year),
        "value": value,
        "high": "",
        "lower_bound": "",
        "estimate": "",
        "alternative": "",
        "source": source,
        "note": note,
    }


def existing_rows(out: Path) -> list[dict[str, str]]:
    """Rows of every observation file except the two this script writes."""
    rows = []
    for path in sorted(out.glob("*.csv")):
        if path.name not in (INTERNET_FILE, EGOV_FILE):
            rows += read_csv(path)
    return rows


def african_countries(reference: Path) -> dict[str, str]:
    """ISO3 -> UN name of the 54 rows tagged Africa in the 2024 file."""
    africa = [r for r in read_csv(reference / "EGOV_DATA_2024.csv") if r["Region"] == "Africa"]
    assert len(africa) == AFRICA_COUNT, len(africa)
    codes = {r["Country"].strip(): iso3(r["Country"]) for r in africa}
    unresolved = sorted(name for name, code in codes.items() if code is None)
    assert not unresolved, f"add to NAME_OVERRIDES: {unresolved}"
    by_code = {code: name for name, code in codes.items() if code}
    assert len(by_code) == AFRICA_COUNT, "two names map to one code"
    assert "ESH" not in by_code
    return by_code


def egov_rows(reference: Path, africa: dict[str, str], existing: list[dict]) -> list[dict]:
    held = {(r["indicator"], r["country"], r["year"]): r for r in existing}
    rows = []
    for year, (source, columns) in EGOV_YEARS.items():
        found: dict[str, dict[str, str]] = {}
        for r in read_csv(reference / f"EGOV_DATA_{year}.csv"):
            code = iso3(r[EGOV_NAME_COLUMN[year]])
            if code in africa:
                assert code not in found, (year, code)
                assert r["Survey Year"] == str(year), r
                found[code] = r
        missing = sorted(set(africa) - set(found))
        assert not missing, f"{year}: no row for {missing}; add to NAME_OVERRIDES"
        for code in sorted(found):
            for indicator, column in columns.items():
                text = found[code][column].strip()
                if indicator == "egdi_rank":
                    value = number(text, 1, 193)
                    assert value.isdigit(), (year, code, text)
                else:
                    value = number(text, 0, 1)
                kept = held.get((indicator, code, str(year)))
                if kept is not None:  # already bundled: must be the same published figure
                    if kept["source"] == source:
                        assert float(kept["value"]) == float(value), (kept, value)
                    continue
                note = EGDI_RANK_NOTE if indicator == "egdi_rank" else ""
                rows.append(row(indicator, code, year, value, source, note))
    return rows


def internet_rows(reference: Path, africa: dict[str, str], existing: list[dict]) -> list[dict]:
    path = reference / "worldbank" / "IT.NET.USER.ZS.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        header, *lines = list(csv.reader(f))
    assert header[:4] == ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
    years = [int(y) for y in header[4:]]
    by_code = {line[1]: line for line in lines}
    bundled = {
        (r["country"], r["year"]): r["value"]
        for r in existing
        if r["indicator"] == "internet_users" and r["source"] == INTERNET_SOURCE
    }
    already = {country for country, _ in bundled}
    rows = []
    for code in sorted(africa):
        line = by_code[code]
        assert line[3] == "IT.NET.USER.ZS", line[:4]
        for year, text in zip(years, line[4:], strict=True):
            text = text.strip()
            if not text:
                continue
            value = number(text, 0, 100)
            if code in already:  # the partners' rows: check they are the same vintage
                assert float(bundled[code, str(year)]) == float(value), (code, year)
                continue
            expected, note = INTERNET_NOTES.get((code, year), (value, ""))
            assert expected == value, (code, year, value, expected)
            rows.append(row("internet_users", code, year, value, INTERNET_SOURCE, note))
    return rows


def write(path: Path, rows: list[dict]) -> None:
    rows = sorted(rows, key=lambda r: (r["indicator"], r["country"], int(r["year"])))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reference", nargs="?", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=OBSERVATIONS)
    args = parser.parse_args()
    existing = existing_rows(OBSERVATIONS)
    africa = african_countries(args.reference)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, rows in (
        (INTERNET_FILE, internet_rows(args.reference, africa, existing)),
        (EGOV_FILE, egov_rows(args.reference, africa, existing)),
    ):
        write(args.out / name, rows)
        counts: dict[str, int] = {}
        for r in rows:
            counts[r["indicator"]] = counts.get(r["indicator"], 0) + 1
        countries = len({r["country"] for r in rows})
        print(f"{args.out / name}: {len(rows)} rows, {countries} countries, {counts}")


if __name__ == "__main__":
    main()
