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

Values are written exactly as the copy gives them (text copied, never re-rounded). Two kinds
of row carry a note: Mali 2023 (the first year after a break the dataset does not explain) and
every 2025 row (Ember's first release for that year).

    .venv/bin/python data/scripts/energy_rows.py [SUBSET_CSV] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from metrics.models import OBSERVATION_COLUMNS

DEFAULT_SUBSET = Path("/work/shared/reference/data/owid-energy/owid-energy-subset.csv")
OUT = Path(__file__).resolve().parent.parent / "observations" / "energy.csv"
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


def note(code: str, year: int) -> str:
    if code == "MLI" and year == 2023:
        return BREAK
    if year == 2025:
        return FIRST_RELEASE
    return ""


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
    with args.out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(written)
    print(f"Wrote {len(written)} rows to {args.out}")


if __name__ == "__main__":
    main()
