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
# Changes between the two editions that the rule of metrics/jumps.py flags, noted with their
# two values (French and Arabic in data/notes.yaml); each carries the value it was written for.
EGOV_NOTES: dict[tuple[str, str, int], tuple[str, str]] = {
    ("egdi_rank", "LBY", 2024): (
        "125",
        "Rank as given in the UN file. 169th in 2022, 125th in 2024: a larger move than usual "
        "between two editions; the file gives no reason, and a rank also moves with the other "
        "countries' scores.",
    ),
    ("egdi_score", "LBY", 2024): (
        "0.54662",
        "0.3375 in 2022, 0.54662 in 2024: a larger change than usual between two editions of the "
        "UN E-Government Survey; the UN file gives no reason.",
    ),
    ("egdi_score", "SWZ", 2024): (
        "0.60812",
        "0.4498 in 2022, 0.60812 in 2024: a larger change than usual between two editions of the "
        "UN E-Government Survey; the UN file gives no reason.",
    ),
    ("egov_tii_score", "LBY", 2024): (
        "0.96390",
        "0.1601 in 2022, 0.9639 in 2024: a larger change than usual between two editions of the "
        "UN E-Government Survey; the UN file gives no reason.",
    ),
}

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
    # Jumps that the rule of metrics/jumps.py flags (and language-review.md §1 (d) lists), each
    # with its two values and years; their French and Arabic are in data/notes.yaml.
    ("AGO", 2014): (
        "21.3623",
        "Break in the series: 13% in 2013, 21.4% in 2014. The World Bank file gives no reason; a "
        "change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("BEN", 2021): (
        "30.7419",
        "Break in the series: 22.1% in 2020, 30.7% in 2021. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("BWA", 2013): (
        "30",
        "Break in the series: 16% in 2012, 30% in 2013. The World Bank file gives no reason; a "
        "change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("BWA", 2018): (
        "58",
        "Break in the series: 41.4% in 2017, 58% in 2018. The World Bank file gives no reason; a "
        "change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("COG", 2020): (
        "24.8206",
        "Break in the series: 8.7% in 2017, 24.8% in 2020, with no value between. The World Bank "
        "file gives no reason; a change this large may reflect a new source, method or revision "
        "rather than growth.",
    ),
    ("CPV", 2010): (
        "30",
        "Break in the series: 21% in 2009, 30% in 2010. The World Bank file gives no reason; a "
        "change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("DJI", 2017): (
        "55.6814",
        "Break in the series: 30.8% in 2016, 55.7% in 2017. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("DZA", 2015): (
        "38.2",
        "Break in the series: 29.5% in 2014, 38.2% in 2015. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("DZA", 2019): (
        "58.9776",
        "Break in the series: 49% in 2018, 59% in 2019. The World Bank file gives no reason; a "
        "change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("EGY", 2019): (
        "57.2829",
        "Break in the series: 46.9% in 2018, 57.3% in 2019. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("EGY", 2020): (
        "71.9142",
        "Break in the series: 57.3% in 2019, 71.9% in 2020. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("ERI", 2020): (
        "23.8002",
        "Break in the series: 11.2% in 2019, 23.8% in 2020. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("GAB", 2018): (
        "59.6",
        "Break in the series: 50.3% in 2017, 59.6% in 2018. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("GAB", 2019): (
        "68.6855",
        "Break in the series: 59.6% in 2018, 68.7% in 2019. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("GHA", 2017): (
        "37.8842",
        "Break in the series: 28% in 2016, 37.9% in 2017. The World Bank file gives no reason; a "
        "change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("GHA", 2020): (
        "62.5176",
        "Break in the series: 22.1% in 2019, 62.5% in 2020. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("GMB", 2020): (
        "44.8133",
        "Break in the series: 35.6% in 2019, 44.8% in 2020. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("GNQ", 2019): (
        "49.1337",
        "Break in the series: 26.2% in 2017, 49.1% in 2019, with no value between. The World Bank "
        "file gives no reason; a change this large may reflect a new source, method or revision "
        "rather than growth.",
    ),
    ("KEN", 2021): (
        "38.2459",
        "Break in the series: 27.6% in 2020, 38.2% in 2021. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("MRT", 2018): (
        "35.1",
        "Break in the series: 24.2% in 2017, 35.1% in 2018. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("NAM", 2015): (
        "25.6879",
        "Break in the series: 14.8% in 2014, 25.7% in 2015. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("NAM", 2020): (
        "57.8608",
        "Break in the series: 49.8% in 2019, 57.9% in 2020. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("SEN", 2019): (
        "43.4",
        "Break in the series: 35.3% in 2018, 43.4% in 2019. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("SEN", 2020): (
        "53.3088",
        "Break in the series: 43.4% in 2019, 53.3% in 2020. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("SOM", 2020): (
        "15.0237",
        "Break in the series: 2% in 2017, 15% in 2020, with no value between. The World Bank file "
        "gives no reason; a change this large may reflect a new source, method or revision rather "
        "than growth.",
    ),
    ("SYC", 2004): (
        "24.2721",
        "Break in the series: 14.6% in 2003, 24.3% in 2004. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("SYC", 2006): (
        "34.952",
        "Break in the series: 25.4% in 2005, 35% in 2006. The World Bank file gives no reason; a "
        "change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("SYC", 2020): (
        "84.8223",
        "Break in the series: 76.6% in 2019, 84.8% in 2020. The World Bank file gives no reason; "
        "a change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("TGO", 2020): (
        "29.0237",
        "Break in the series: 20.7% in 2019, 29% in 2020. The World Bank file gives no reason; a "
        "change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("ZAF", 2010): (
        "24",
        "Break in the series: 10% in 2009, 24% in 2010. The World Bank file gives no reason; a "
        "change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
    ),
    ("ZAF", 2011): (
        "33.97",
        "Break in the series: 24% in 2010, 34% in 2011. The World Bank file gives no reason; a "
        "change this large in one year may reflect a new source, method or revision rather than "
        "growth.",
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
                expected, note = EGOV_NOTES.get((indicator, code, year), (value, note))
                assert expected == value, (indicator, code, year, value, expected)
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
