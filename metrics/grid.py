"""Digital's footprint on another country's grid: the ADEME–Arcep split (France, 2020 data)
re-weighted by the carbon intensity of electricity.

The study splits the footprint into manufacturing (78%) and "use and the other stages" (the
rest), on France's grid. A derived estimate for another place keeps manufacturing as it is (the
same device is made in the same factories wherever it is used) and scales the rest by the ratio
of grid intensities, the place's over France's in the study's year:

    use_place = (100 − m) × I_place / I_France(study year)
    share_place = m / (m + use_place)

France in the study's year therefore comes out at exactly its own split. The choices behind it
(all of the rest scales with electricity; Ember's intensities per kWh generated; each place's
latest year) are the page's to state; this module only computes.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from metrics.catalog import Catalog

INTENSITY = "carbon_intensity_electricity"
RENEWABLES = "renewables_share_generation"
FOSSIL = "fossil_share_generation"
STUDY_PLACE = "FRA"
HOME = "MAR"
# The places the Footprint page re-weights the split for: Morocco, partner countries, France,
# Africa, the world.
PLACES = ("MAR", "TUN", "MLI", "CIV", "FRA", "AFR", "WLD")
# Morocco's renewable target (data/targets.yaml): 52% of installed electric CAPACITY by 2030. No
# generation target exists: the illustration reads the same number as a share of generation,
# and says so. The lower reading keeps the proportion between the capacity share (its latest
# sourced value, data/observations/renewable_capacity.csv) and the generation share that year.
TARGET = "renewables_capacity_2030"
CAPACITY = "renewables_capacity_share"


@dataclass(frozen=True)
class Split:
    manufacturing: float  # % of the footprint on this grid
    use: float  # % of the footprint on this grid ("use and the other stages")
    scale: float  # this footprint ÷ the study's (France's grid = 1)


def split_on_grid(manufacturing: float, intensity: float, study_intensity: float) -> Split:
    """The study's split (manufacturing in %) when the rest runs on a grid of `intensity`
    instead of the study's grid of `study_intensity` (both gCO2e/kWh)."""
    if not 0 <= manufacturing <= 100:
        raise ValueError(f"the manufacturing share must be between 0 and 100, not {manufacturing}")
    if intensity < 0 or study_intensity <= 0:
        raise ValueError("carbon intensities must be positive")
    use = (100 - manufacturing) * intensity / study_intensity
    total = manufacturing + use
    if total == 0:  # nothing made, and a grid with no emissions: no footprint to split
        return Split(0.0, 0.0, 0.0)
    return Split(100 * manufacturing / total, 100 * use / total, total / 100)


def target_intensity(
    intensity: float, fossil_share: float, renewables_share: float, target_share: float
) -> float:
    """The grid's intensity with renewables raised to `target_share` % of generation: the added
    renewables replace fossil generation and count at zero; the fossil generation left keeps
    today's intensity per kWh of fossil electricity (intensity ÷ fossil share). A target
    already reached leaves the grid as it is."""
    if not 0 < fossil_share <= 100 or not 0 <= renewables_share <= 100:
        raise ValueError("shares of generation must be between 0 and 100, fossil above 0")
    added = max(0.0, target_share - renewables_share)
    if added > fossil_share:
        raise ValueError(f"{target_share}% renewables would replace more than the fossil part")
    return intensity * (fossil_share - added) / fossil_share


def generation_equivalent(
    generation_share: float, capacity_share: float, target_capacity: float
) -> float:
    """A capacity target read as generation in today's proportion between the two shares (the
    lower reading: wind and solar run fewer hours than the plants they join)."""
    return generation_share * target_capacity / capacity_share


# The grids the lifetime scenario runs on (deck tokens): the study's, Morocco's as it is, and
# Morocco's with its renewable target met (the upper reading: the target's share of generation).
SCENARIO_GRIDS = ("fra", "mar", "mar_target")


@dataclass(frozen=True)
class Grid:
    place: str
    year: int
    intensity: float  # gCO2e/kWh


def _value(row: pd.Series | None) -> float | None:
    return None if row is None else float(row["value"])


def grid_in(catalog: Catalog, place: str, year: int | None = None) -> Grid | None:
    """A place's grid in a year, or in its latest year up to `year` when it has none then."""
    row = catalog.latest(INTENSITY, place, until=year)
    if row is None or (year is not None and int(row["year"]) != year):
        return None
    return Grid(place, int(row["year"]), float(row["value"]))


def latest_grid(catalog: Catalog, place: str, until: int) -> Grid | None:
    row = catalog.latest(INTENSITY, place, until=until)
    return None if row is None else Grid(place, int(row["year"]), float(row["value"]))


@dataclass(frozen=True)
class Target:
    """Morocco's grid with its renewable target met, read two ways."""

    today: Grid
    renewables: float  # % of generation today
    share: float  # the target, % of installed capacity
    target_year: int
    upper: float  # intensity with renewables at `share` % of generation
    capacity_year: int  # the latest year with both a capacity and a generation share
    capacity: float  # renewables' % of installed capacity that year
    base: float  # renewables' % of generation that year
    lower_share: float  # % of generation the target gives in that year's proportion
    lower: float  # intensity with renewables at lower_share % of generation


def morocco_target(catalog: Catalog, until: int) -> Target | None:
    today = latest_grid(catalog, HOME, until)
    if today is None:
        return None
    renewables = _value(catalog.latest(RENEWABLES, HOME, until=today.year))
    fossil = _value(catalog.latest(FOSSIL, HOME, until=today.year))
    target = next((t for t in catalog.targets if t.id == TARGET), None)
    capacity = catalog.latest(CAPACITY, HOME, until=until)
    if renewables is None or fossil is None or target is None or capacity is None:
        return None
    year = int(capacity["year"])
    base = catalog.latest(RENEWABLES, HOME, until=year)
    if base is None or int(base["year"]) != year:
        return None
    share = float(target.target_value)
    lower_share = generation_equivalent(float(base["value"]), float(capacity["value"]), share)
    return Target(
        today,
        renewables,
        share,
        target.target_year,
        target_intensity(today.intensity, fossil, renewables, share),
        year,
        float(capacity["value"]),
        float(base["value"]),
        lower_share,
        target_intensity(today.intensity, fossil, renewables, lower_share),
    )


def scenario_inputs(
    catalog: Catalog, share: float, grid: str, until: int
) -> tuple[float, float] | None:
    """The scenario's manufacturing share (0–1) on the grid equipment runs on today, and the
    ratio of tomorrow's grid intensity to today's, for a study share in %; None when the
    intensities it needs are not in the catalogue."""
    if grid == "fra":
        return share / 100, 1.0
    study = study_grid(catalog)
    target = morocco_target(catalog, until)
    if study is None or target is None:
        return None
    on_home = split_on_grid(share, target.today.intensity, study.intensity)
    ratio = target.upper / target.today.intensity if grid == "mar_target" else 1.0
    return on_home.manufacturing / 100, ratio


def study_grid(catalog: Catalog) -> Grid | None:
    """France's grid in the year of the study's manufacturing share (2020 data)."""
    made = catalog.latest("footprint_manufacturing_share", STUDY_PLACE)
    return None if made is None else grid_in(catalog, STUDY_PLACE, int(made["year"]))
