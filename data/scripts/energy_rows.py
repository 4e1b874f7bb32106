"""Write data/observations/energy.csv from the reference copy of Our World in Data's energy
dataset (owid/energy-data, owid-energy-data.csv at commit e7897aed…, subset in
/work/shared/reference/data/owid-energy/owid-energy-subset.csv).

Three columns, every year the copy holds, for Morocco, Tunisia, Mali, Côte d'Ivoire, France,
Africa (OWID's own "Africa" aggregate, not "Africa (Ember)") and the World:

- carbon_intensity_elec -> carbon_intensity_electricity (gCO2e per kWh generated);
- renewables_share_elec -> renewables_share_generation (% of electricity GENERATED, not of
  installed capacity);
- fossil_share_elec -> fossil_share_generation (% of electricity generated; the Footprint page's
  "target met" illustration needs the fossil part of Morocco's grid).

Values are written exactly as the copy gives them (text copied, never re-rounded). Three kinds
of row carry a note: Mali 2023 (the first year after a break the dataset does not explain),
every 2025 row (Ember's first release for that year), and every row whose change from the year
before is one metrics/jumps.py would warn of (the two values and years). Each note's French and
Arabic go into data/notes.yaml, after its ENERGY_MARKER line, which this script rewrites.

    .venv/bin/python data/scripts/energy_rows.py [SUBSET_CSV] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from metrics import i18n, jumps
from metrics.bundled import read_records
from metrics.models import OBSERVATION_COLUMNS, Indicator

DEFAULT_SUBSET = Path("/work/shared/reference/data/owid-energy/owid-energy-subset.csv")
DATA = Path(__file__).resolve().parent.parent
OUT = DATA / "observations" / "energy.csv"
NOTES = DATA / "notes.yaml"
ENERGY_MARKER = "# energy.csv (written by data/scripts/energy_rows.py: edit the script, not this)"
SOURCE = "owid_energy_e7897ae"
COLUMNS = list(OBSERVATION_COLUMNS)  # the long format, in its order
# OWID column -> our indicator id
INDICATORS = {
    "carbon_intensity_elec": "carbon_intensity_electricity",
    "renewables_share_elec": "renewables_share_generation",
    "fossil_share_elec": "fossil_share_generation",
}
# OWID entity -> our code ("Africa (Ember)" and "Africa (EI)" are left out)
PLACES = {
    "Morocco": "MAR",
    "Tunisia": "TUN",
    "Mali": "MLI",
    "Cote d'Ivoire": "CIV",
    "France": "FRA",
    "Africa": "AFR",
    "World": "WLD",
}
BREAK = (
    "Mali: series break between 2022 and 2023 (generation 4.34 to 6.01 TWh, renewables 42.9% to"
    " 19.8% of generation, intensity 392 to 536 g/kWh), not explained in the dataset; do not"
    " compare across it."
)
FIRST_RELEASE = "2025: Ember's first release for that year; may be revised in later releases."
NB = "\u00a0"
TRANSLATED = {
    BREAK: {
        "fr": f"Mali{NB}: rupture de série entre 2022 et 2023 (production de 4,34 à 6,01 TWh,"
        f" renouvelables de 42,9{NB}% à 19,8{NB}% de la production, intensité de 392 à 536 g/kWh),"
        f" que le jeu de données n'explique pas{NB}; ne pas comparer de part et d'autre.",
        "ar": "مالي: انقطاع في السلسلة بين 2022 و2023 (الإنتاج من 4,34 إلى 6,01 تيراواط ساعة،"
        " والطاقات المتجددة من 42,9% إلى 19,8% من الإنتاج، والكثافة من 392 إلى 536 غرامًا لكل"
        " كيلوواط ساعة) لا تفسره المعطيات؛ فلا تجوز المقارنة بين ما قبله وما بعده.",
    },
    FIRST_RELEASE: {
        "fr": f"2025{NB}: première publication d'Ember pour cette année{NB}; valeur susceptible"
        " d'être révisée.",
        "ar": "2025: أول إصدار لـEmber لهذه السنة؛ وقد تُراجَع القيمة لاحقًا.",
    },
}
JUMP = {
    "en": "A large change in one year: {first} in {first_year}, {second} in {second_year}."
    " Values as Our World in Data gives them (from Ember and the Energy Institute); the dataset"
    " gives no reason.",
    "fr": f"Forte variation en un an{NB}: {{first}} en {{first_year}}, {{second}} en"
    f" {{second_year}}. Valeurs telles que les donne Our World in Data (d'après Ember et l'Energy"
    f" Institute){NB}; le jeu de données n'en donne pas la raison.",
    "ar": "تغيّر كبير في سنة واحدة: {first} سنة {first_year} و{second} سنة {second_year}. القيم كما"
    " يوردها Our World in Data (اعتمادًا على Ember وEnergy Institute)؛ ولا تذكر المعطيات السبب.",
}
UNITS = {"carbon_intensity_electricity": "g/kWh"}  # the shares are in %


def note(code: str, year: int) -> str:
    if code == "MLI" and year == 2023:
        return BREAK
    if year == 2025:
        return FIRST_RELEASE
    return ""


def amount(value: str, indicator: str, lang: str) -> str:
    number = i18n.number(float(value), 1, lang)
    unit = UNITS.get(indicator)
    return f"{number} {unit}" if unit else i18n.with_unit(number, "%", lang)


def jumps_noted(rows: list[dict[str, str]]) -> dict[tuple[str, str, int], dict[str, str]]:
    """Each row metrics/jumps.py would warn of (its history is these rows alone: no other file
    holds these indicators), with its note in three languages; the rows' notes are set."""
    problems: list = []
    indicators = {i.id: i for i in read_records(Indicator, DATA / "indicators.yaml", problems)}
    frame = pd.DataFrame(rows)
    table = pd.DataFrame(
        {
            "indicator": frame["indicator"],
            "country": frame["country"],
            "year": frame["year"].astype("int64"),
            "value": frame["value"].astype("float64"),
            "alternative": np.zeros(len(frame), dtype=bool),
            "note": "",  # silenced, so every jump is found, noted or not
            "file": "energy.csv",
            "line": np.arange(2, len(frame) + 2),
        }
    )
    found = jumps.find(table, table.iloc[:0], indicators, "energy.csv")
    at = {int(p.row) - 2 for p in found if p.code == "jump" and p.row is not None}
    notes = {}
    for i in sorted(at):
        row, before = rows[i], rows[i - 1]
        ind = row["indicator"]
        parts = {
            lang: {
                "first": amount(before["value"], ind, lang),
                "first_year": before["year"],
                "second": amount(row["value"], ind, lang),
                "second_year": row["year"],
            }
            for lang in i18n.LANGUAGES
        }
        own = row["note"]
        if own == BREAK:  # the break's own note says it all
            texts = {"en": BREAK, **TRANSLATED[BREAK]}
        else:
            texts = {lang: JUMP[lang].format(**parts[lang]) for lang in i18n.LANGUAGES}
            if own:
                texts = {
                    lang: (own if lang == "en" else TRANSLATED[own][lang]) + " " + text
                    for lang, text in texts.items()
                }
        row["note"] = texts["en"]
        notes[(ind, row["country"], int(row["year"]))] = texts
    return notes


def write_notes(notes: dict[tuple[str, str, int], dict[str, str]]) -> None:
    """data/notes.yaml up to ENERGY_MARKER, then these notes."""
    kept = NOTES.read_text(encoding="utf-8").split(ENERGY_MARKER)[0].rstrip("\n")
    records = [
        {"indicator": i, "country": c, "year": y, "note": {k: t[k] for k in ("en", "fr", "ar")}}
        for (i, c, y), t in sorted(notes.items())
    ]
    dumped = yaml.safe_dump(records, allow_unicode=True, sort_keys=False, width=100)
    NOTES.write_text(f"{kept}\n\n{ENERGY_MARKER}\n{dumped}", encoding="utf-8")


def rows(subset: Path) -> list[dict[str, str]]:
    with subset.open(encoding="utf-8", newline="") as f:
        table = [r for r in csv.DictReader(f) if r["country"] in PLACES]
    out = []
    for column, indicator in INDICATORS.items():
        for r in table:
            if not r[column]:
                continue
            code, year = PLACES[r["country"]], int(r["year"])
            out.append(
                {
                    **dict.fromkeys(COLUMNS, ""),
                    "indicator": indicator,
                    "country": code,
                    "year": str(year),
                    "value": r[column],
                    "source": SOURCE,
                    "note": note(code, year),
                }
            )
    order = list(PLACES.values())
    out.sort(key=lambda r: (r["indicator"], order.index(r["country"]), int(r["year"])))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("subset", nargs="?", type=Path, default=DEFAULT_SUBSET)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    written = rows(args.subset)
    noted = jumps_noted(written)
    with args.out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(written)
    write_notes(noted)
    print(f"Wrote {len(written)} rows to {args.out}, {len(noted)} notes on jumps to {NOTES}")


if __name__ == "__main__":
    main()
