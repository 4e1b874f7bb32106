"""The footprint split on another grid (metrics.grid): every expected number is worked by hand
in the comments, from the study's 78% and Ember's intensities as bundled in data/."""

from __future__ import annotations

import pytest

from metrics import grid
from metrics.catalog import Catalog
from metrics.grid import Grid, split_on_grid, target_intensity

FRANCE_2020 = 59.08  # gCO2e/kWh, France in the study's year (energy.csv)
MOROCCO_2025 = 596.40  # Morocco's latest year (Ember's first release for 2025)


def test_france_on_its_own_grid_gives_back_the_study() -> None:
    # use = 22 × 59.08 / 59.08 = 22; total = 78 + 22 = 100; 78 / 100 = 78%
    split = split_on_grid(78, FRANCE_2020, FRANCE_2020)
    assert split.manufacturing == pytest.approx(78)
    assert split.use == pytest.approx(22)
    assert split.scale == pytest.approx(1)


def test_morocco_from_its_intensity() -> None:
    # ratio = 596.40 / 59.08 = 10 + 5.60 / 59.08 = 10.094787
    # use = 22 × 10.094787 = 222.0853; total = 78 + 222.0853 = 300.0853
    # manufacturing = 78 / 300.0853 = 25.993%; use = 222.0853 / 300.0853 = 74.007%
    split = split_on_grid(78, MOROCCO_2025, FRANCE_2020)
    assert split.manufacturing == pytest.approx(25.993, abs=0.001)
    assert split.use == pytest.approx(74.007, abs=0.001)
    assert split.scale == pytest.approx(3.000853, abs=1e-6)  # 300.0853 / 100


@pytest.mark.parametrize(
    ("intensity", "manufacturing"),
    [
        # Tunisia 2025: 560.29 / 59.08 = 9 + 28.57 / 59.08 = 9.483582; 22 × 9.483582 = 208.6388;
        # 78 / (78 + 208.6388) = 78 / 286.6388 = 27.212%
        (560.29, 27.212),
        # Côte d'Ivoire 2024: 405.01 / 59.08 = 6 + 50.53 / 59.08 = 6.855281;
        # 22 × 6.855281 = 150.8162; 78 / 228.8162 = 34.088%
        (405.01, 34.088),
        # World 2025: 458.29 / 59.08 = 7 + 44.73 / 59.08 = 7.757109; 22 × 7.757109 = 170.6564;
        # 78 / 248.6564 = 31.369%
        (458.29, 31.369),
    ],
)
def test_partners_and_the_world(intensity: float, manufacturing: float) -> None:
    split = split_on_grid(78, intensity, FRANCE_2020)
    assert split.manufacturing == pytest.approx(manufacturing, abs=0.001)
    assert split.manufacturing + split.use == pytest.approx(100)


def test_the_catalogue_gives_the_study_year_for_france_and_the_latest_elsewhere(
    catalog: Catalog,
) -> None:
    assert grid.study_grid(catalog) == Grid("FRA", 2020, FRANCE_2020)
    assert grid.latest_grid(catalog, "MAR", 2026) == Grid("MAR", 2025, MOROCCO_2025)
    assert grid.latest_grid(catalog, "MLI", 2026) == Grid("MLI", 2024, 538.59)
    assert grid.latest_grid(catalog, "AFR", 2026) == Grid("AFR", 2024, 544.132)


def test_renewable_target_met_as_an_illustration(catalog: Catalog) -> None:
    # Morocco 2025: fossil 76.045%, renewables 23.955% of generation.
    # Upper reading, 52% of generation: added = 52 − 23.955 = 28.045 points, fossil left
    # 76.045 − 28.045 = 48.000; intensity = 596.40 × 48.000 / 76.045 = 596.40 × 0.631205
    # = 376.451
    assert target_intensity(MOROCCO_2025, 76.045, 23.955, 52) == pytest.approx(376.451, abs=1e-3)
    # Lower reading: 24.41% of generation (2024) for about 45% of capacity, so 52% of capacity
    # is 24.41 × 52 / 45 = 28.2071% of generation; added = 28.2071 − 23.955 = 4.2521; fossil
    # left 71.7929; intensity = 596.40 × 71.7929 / 76.045 = 596.40 × 0.944085 = 563.052
    target = grid.morocco_target(catalog, 2026)
    assert target is not None
    assert target.upper == pytest.approx(376.451, abs=1e-3)
    assert target.lower_share == pytest.approx(28.2071, abs=1e-4)
    assert target.lower == pytest.approx(563.052, abs=1e-3)


def test_a_target_already_reached_leaves_the_grid_as_it_is() -> None:
    assert target_intensity(100, 40, 60, 52) == 100


def test_the_scenario_starts_from_the_split_on_moroccos_grid(catalog: Catalog) -> None:
    assert grid.scenario_inputs(catalog, 78, "fra", 2026) == (0.78, 1.0)
    share, ratio = grid.scenario_inputs(catalog, 78, "mar", 2026) or (0, 0)
    assert (share, ratio) == (pytest.approx(0.25993, abs=1e-5), 1.0)
    share, ratio = grid.scenario_inputs(catalog, 78, "mar_target", 2026) or (0, 0)
    assert ratio == pytest.approx(0.631205, abs=1e-6)  # 376.451 / 596.40 (48.000 / 76.045)


@pytest.mark.parametrize(
    ("manufacturing", "intensity", "study"),
    [(101, 500, 59), (-1, 500, 59), (78, -5, 59), (78, 5, 0)],
)
def test_impossible_inputs_are_refused(
    manufacturing: float, intensity: float, study: float
) -> None:
    with pytest.raises(ValueError):
        split_on_grid(manufacturing, intensity, study)


def test_a_target_beyond_the_fossil_part_is_refused() -> None:
    with pytest.raises(ValueError):
        target_intensity(500, 10, 20, 52)  # 32 points of renewables to add, 10 of fossil
