from __future__ import annotations

import pytest

from metrics.scenario import lifetime_scenario


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
