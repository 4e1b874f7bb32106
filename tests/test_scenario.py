from __future__ import annotations

import pytest

from metrics.scenario import levers, lifetime_scenario, outcome


def test_an_unchanged_lifetime_gives_the_same_footprint() -> None:
    before, after = lifetime_scenario(0.78, 3, 3)
    assert before == after
    assert before.total == pytest.approx(1)


def test_doubling_the_lifetime_with_78_percent_manufacturing_gives_61_percent() -> None:
    before, after = lifetime_scenario(0.78, 2, 4)
    assert after.manufacturing == pytest.approx(0.39)  # 0.78 × 2 / 4
    assert after.use == pytest.approx(0.22)  # use is unchanged
    assert after.total / before.total == pytest.approx(0.61)


@pytest.mark.parametrize(
    ("share", "today", "tomorrow", "ratio"),
    [(0.0, 2, 6, 1.0), (1.0, 2, 4, 0.5), (0.78, 4, 2, 1.78), (0.5, 3, 5, 0.8)],
)
def test_the_ratio_follows_the_formula(
    share: float, today: float, tomorrow: float, ratio: float
) -> None:
    before, after = lifetime_scenario(share, today, tomorrow)
    assert after.total / before.total == pytest.approx(ratio)


@pytest.mark.parametrize(
    ("share", "today", "tomorrow"), [(1.2, 2, 3), (-0.1, 2, 3), (0.78, 0, 3), (0.78, 2, -1)]
)
def test_impossible_inputs_are_refused(share: float, today: float, tomorrow: float) -> None:
    with pytest.raises(ValueError):
        lifetime_scenario(share, today, tomorrow)


def test_a_cleaner_grid_scales_only_the_use_part() -> None:
    # On Morocco's grid manufacturing is 26%; kept 3 then 6 years on a grid emitting 63% of
    # today's: 0.26 × 3 / 6 + 0.74 × 0.63 = 0.13 + 0.4662 = 0.5962
    before, after = lifetime_scenario(0.26, 3, 6, 0.63)
    assert before.total == pytest.approx(1)
    assert after.manufacturing == pytest.approx(0.13)
    assert after.use == pytest.approx(0.4662)
    assert outcome(0.26, 3, 3, 0.63) == "down"  # same lifetime, cleaner grid
    assert outcome(0.78, 3, 3, 1.0) == "same"


def test_each_lever_alone_and_both() -> None:
    # lifetime alone: 0.13 + 0.74 = 0.87; grid alone: 0.26 + 0.74 × 0.63 = 0.7262;
    # both: 0.13 + 0.4662 = 0.5962
    pulled = levers(0.26, 3, 6, 0.63)
    assert pulled.lifetime == pytest.approx(0.87)
    assert pulled.grid == pytest.approx(0.7262)
    assert pulled.both == pytest.approx(0.5962)
