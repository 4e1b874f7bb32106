"""Tests of metrics.progress: "are we on track?" by the linear (SDSN) and growth (UNSD) methods.

Every expected number below was worked out by hand from the formulas in the module docstring
and ../shared/reference/progress-methods.md (B1, B4); the arithmetic is in a comment per case.
  linear: r = observed / required, observed = (latest - base) / (latest_year - base_year),
          required = (goal - base) / (goal_year - base_year); bands 0 | 0.5 | 1.
  growth: cagr = (latest / base) ** (1 / span) - 1, projected = latest * (1 + cagr) ** remaining,
          ratio = (projected - base) / (goal - base); bands 0 | 0.10 | 0.95.
"""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from metrics.catalog import Catalog
from metrics.models import Direction, Indicator, Milestone, Names, Symbols, Target, Theme
from metrics.progress import (
    METHODS,
    RANK,
    Assessment,
    Point,
    Reason,
    Status,
    TargetProgress,
    assess,
    assess_target,
)

UP = Direction.higher_is_better
DOWN = Direction.lower_is_better
S = Status
NO_LIMITS: tuple[float | None, float | None] = (None, None)


def pts(*items: tuple[int, float] | tuple[int, float, bool]) -> list[Point]:
    """Points from (year, value) or (year, value, lower_bound) tuples."""
    return [Point(*item) for item in items]


def approx(value: float) -> object:
    return pytest.approx(value, rel=1e-5, abs=1e-12)


# --------------------------------------------------------------------------------------------
# 1. Table-driven status tests, one table per method
# --------------------------------------------------------------------------------------------
# Rows: id, series, direction, goal year, goal value, published baseline, expected status,
# expected score (None where no score is computed: achieved). B = the rank baseline 113 (2022).
B = Point(2022, 113)

LINEAR_CASES = [
    # B1 worked example, raw units: r = (20/7)/(30/15) = 2.857143/2 = 1.428571
    ("b1-on-track", pts((2015, 50), (2022, 70)), UP, 2030, 80, None, S.on_track, 1.428571),
    # B1, 2022 = 60: r = (10/7)/2 = 0.714286
    ("b1-too-slow", pts((2015, 50), (2022, 60)), UP, 2030, 80, None, S.too_slow, 0.714286),
    # B1, 2022 = 55: r = (5/7)/2 = 0.357143
    ("b1-stagnating", pts((2015, 50), (2022, 55)), UP, 2030, 80, None, S.stagnating, 0.357143),
    # 2022 = 45: r = (-5/7)/2 = -0.357143
    ("moving-away", pts((2015, 50), (2022, 45)), UP, 2030, 80, None, S.moving_away, -0.357143),
    # 85 >= 80: achieved, no score
    ("achieved", pts((2015, 50), (2022, 85)), UP, 2030, 80, None, S.achieved, None),
    # 95 -> 85 is a fall, but 85 >= 80: achieved whatever the trend
    ("achieved-falling", pts((2015, 95), (2022, 85)), UP, 2030, 80, None, S.achieved, None),
    # exactly at the goal: 80 >= 80
    ("achieved-at-goal", pts((2015, 50), (2022, 80)), UP, 2030, 80, None, S.achieved, None),
    # thresholds: base 2020 = 0, goal 100 in 2030 -> required 100/10 = 10 a year
    # r = (20/2)/10 = 1.0 exactly: the better band
    ("r-1-exact", pts((2020, 0), (2022, 20)), UP, 2030, 100, None, S.on_track, 1.0),
    # r = (20.00001/2)/10 = 1.0000005
    ("r-1-above", pts((2020, 0), (2022, 20.00001)), UP, 2030, 100, None, S.on_track, 1.0000005),
    # r = (19.99999/2)/10 = 0.9999995
    ("r-1-below", pts((2020, 0), (2022, 19.99999)), UP, 2030, 100, None, S.too_slow, 0.9999995),
    # r = (10/2)/10 = 0.5 exactly: too slow, not stagnating
    ("r-0.5-exact", pts((2020, 0), (2022, 10)), UP, 2030, 100, None, S.too_slow, 0.5),
    # r = (10.00001/2)/10 = 0.5000005
    ("r-0.5-above", pts((2020, 0), (2022, 10.00001)), UP, 2030, 100, None, S.too_slow, 0.5000005),
    # r = (9.99999/2)/10 = 0.4999995
    ("r-0.5-below", pts((2020, 0), (2022, 9.99999)), UP, 2030, 100, None, S.stagnating, 0.4999995),
    # r = (0/2)/10 = 0: stagnating, not moving away
    ("r-0-exact", pts((2020, 0), (2022, 0)), UP, 2030, 100, None, S.stagnating, 0.0),
    # r = (0.00001/2)/10 = 5e-7
    ("r-0-above", pts((2020, 0), (2022, 0.00001)), UP, 2030, 100, None, S.stagnating, 5e-7),
    # r = (-0.00001/2)/10 = -5e-7
    ("r-0-below", pts((2020, 0), (2022, -0.00001)), UP, 2030, 100, None, S.moving_away, -5e-7),
    # lower is better, rank 113 (2022) -> 100 (2024) toward 50 in 2030:
    # r = ((100-113)/2)/((50-113)/8) = -6.5/-7.875 = 0.825397
    ("rank-too-slow", pts((2024, 100)), DOWN, 2030, 50, B, S.too_slow, 0.825397),
    # 113 -> 90: r = (-23/2)/-7.875 = 11.5/7.875 = 1.460317
    ("rank-on-track", pts((2024, 90)), DOWN, 2030, 50, B, S.on_track, 1.460317),
    # 113 -> 110: r = (-3/2)/-7.875 = 1.5/7.875 = 0.190476
    ("rank-stagnating", pts((2024, 110)), DOWN, 2030, 50, B, S.stagnating, 0.190476),
    # 113 -> 120: r = (7/2)/-7.875 = -0.444444
    ("rank-moving-away", pts((2024, 120)), DOWN, 2030, 50, B, S.moving_away, -0.444444),
    # 113 -> 113: r = 0/-7.875 = -0.0, which is still >= 0: stagnating
    ("rank-unchanged", pts((2024, 113)), DOWN, 2030, 50, B, S.stagnating, 0.0),
    # 113 -> 48 <= 50: achieved
    ("rank-achieved", pts((2024, 48)), DOWN, 2030, 50, B, S.achieved, None),
    # rank 40 (2022) -> 45 (2024) is worse, but 45 <= 50: achieved whatever the trend
    ("rank-achieved-worse", pts((2022, 40), (2024, 45)), DOWN, 2030, 50, None, S.achieved, None),
    # "more than 80", higher is better: the true value is >= 80 >= goal 80: achieved
    ("bound-up-meets", pts((2015, 50), (2022, 80, True)), UP, 2030, 80, None, S.achieved, None),
    # "more than 70", below goal: assessed on the stated 70, r = (20/7)/2 = 1.428571
    ("bound-up-below", pts((2015, 50), (2022, 70, True)), UP, 2030, 80, None, S.on_track, 1.428571),
    # rank "more than 45" (45th or worse): proves nothing against goal 50, so NOT achieved;
    # the trend is read on 45: r = ((45-113)/2)/-7.875 = 34/7.875 = 4.317460
    ("bound-down-meets", pts((2024, 45, True)), DOWN, 2030, 50, B, S.on_track, 4.317460),
    # the baseline stood at the goal (80) and the series has left it: moving away, no score
    ("base-at-goal", pts((2022, 70)), UP, 2030, 80, Point(2020, 80), S.moving_away, None),
]

GROWTH_CASES = [
    # B4 worked example: cagr = 1.4**(1/7) - 1 = 4.9241%; projected = 70 * 1.4**(8/7)
    # = 70 * 1.468938 = 102.826; ratio = (102.826 - 50)/(100 - 50) = 1.056513
    ("b4-on-track", pts((2015, 50), (2022, 70)), UP, 2030, 100, None, S.on_track, 1.056513),
    # B4, 2022 = 60: projected = 60 * 1.2**(8/7) = 60 * 1.231666 = 73.900;
    # ratio = 23.900/50 = 0.477999
    ("b4-too-slow", pts((2015, 50), (2022, 60)), UP, 2030, 100, None, S.too_slow, 0.477999),
    # 2022 = 51: projected = 51 * 1.02**(8/7) = 51 * 1.022890 = 52.16737;
    # ratio = 2.16737/50 = 0.0433474
    ("stagnating", pts((2015, 50), (2022, 51)), UP, 2030, 100, None, S.stagnating, 0.0433474),
    # 2022 = 40: projected = 40 * 0.8**(8/7) = 40 * 0.774900 = 30.99600;
    # ratio = -19.00400/50 = -0.380080
    ("moving-away", pts((2015, 50), (2022, 40)), UP, 2030, 100, None, S.moving_away, -0.380080),
    # 100 >= 100: achieved
    ("achieved", pts((2015, 50), (2022, 100)), UP, 2030, 100, None, S.achieved, None),
    # 120 -> 105 is a fall, but 105 >= 100: achieved
    ("achieved-falling", pts((2015, 120), (2022, 105)), UP, 2030, 100, None, S.achieved, None),
    # ratio 0.95 exactly: base 1 (2020), 20 (2021): cagr = 20/1 - 1 = 19 exactly;
    # projected 2022 = 20 * 20 = 400; ratio = (400-1)/(421-1) = 399/420 = 19/20 = 0.95
    ("ratio-0.95-exact", pts((2020, 1), (2021, 20)), UP, 2022, 421, None, S.on_track, 0.95),
    # 399/419.99 = 0.9500226
    ("ratio-0.95-above", pts((2020, 1), (2021, 20)), UP, 2022, 420.99, None, S.on_track, 0.9500226),
    # 399/420.01 = 0.9499774
    ("ratio-0.95-below", pts((2020, 1), (2021, 20)), UP, 2022, 421.01, None, S.too_slow, 0.9499774),
    # ratio 0.10 exactly: base 1 (2020), 2 (2021): cagr = 1; projected 2022 = 4;
    # ratio = (4-1)/(31-1) = 3/30 = 0.1: too slow, not stagnating
    ("ratio-0.10-exact", pts((2020, 1), (2021, 2)), UP, 2022, 31, None, S.too_slow, 0.1),
    # 3/29.99 = 0.1000333
    ("ratio-0.10-above", pts((2020, 1), (2021, 2)), UP, 2022, 30.99, None, S.too_slow, 0.1000333),
    # 3/30.01 = 0.0999667
    ("ratio-0.10-below", pts((2020, 1), (2021, 2)), UP, 2022, 31.01, None, S.stagnating, 0.0999667),
    # 5 -> 5: cagr 0, projected 5, ratio = 0/5 = 0: stagnating, not moving away
    ("ratio-0-exact", pts((2020, 5), (2022, 5)), UP, 2030, 10, None, S.stagnating, 0.0),
    # 5 -> 5.00001 (2021), goal 2022: projected = 5.00001**2/5 = 5.00002000002;
    # ratio = 0.00002000002/5 = 4.000004e-6 (~4e-6 within approx)
    ("ratio-0-above", pts((2020, 5), (2021, 5.00001)), UP, 2022, 10, None, S.stagnating, 4e-6),
    # 5 -> 4.99999 (2021), goal 2022: projected = 4.99999**2/5 = 4.99998000002;
    # ratio = -0.00001999998/5 = -3.999996e-6 (~-4e-6 within approx)
    ("ratio-0-below", pts((2020, 5), (2021, 4.99999)), UP, 2022, 10, None, S.moving_away, -4e-6),
    # rank 113 (2022) -> 100 (2024) toward 50: cagr = sqrt(100/113) - 1 = -5.9279%;
    # projected = 100 * (100/113)**3 = 100 * 0.693050 = 69.3050;
    # ratio = (69.3050-113)/(50-113) = 43.6950/63 = 0.693571
    ("rank-too-slow", pts((2024, 100)), DOWN, 2030, 50, B, S.too_slow, 0.693571),
    # 113 -> 48 <= 50: achieved
    ("rank-achieved", pts((2024, 48)), DOWN, 2030, 50, B, S.achieved, None),
    # 113 -> 120: projected = 120 * (120/113)**3 = 120 * 1.1975902 = 143.7108;
    # ratio = 30.7108/-63 = -0.487474
    ("rank-moving-away", pts((2024, 120)), DOWN, 2030, 50, B, S.moving_away, -0.487474),
    # "more than 100", higher is better, goal 100: achieved
    ("bound-up-meets", pts((2015, 50), (2022, 100, True)), UP, 2030, 100, None, S.achieved, None),
    # rank "more than 45" vs goal 50: NOT achieved; projected = 45 * (45/113)**3
    # = 45 * 0.0631542 = 2.84194; ratio = (2.84194-113)/-63 = 1.748541
    ("bound-down-meets", pts((2024, 45, True)), DOWN, 2030, 50, B, S.on_track, 1.748541),
]
COLUMNS = ("series", "direction", "year", "goal", "baseline", "status", "score")


def table(cases: list[tuple[object, ...]]) -> list[object]:
    return [pytest.param(*case[1:], id=str(case[0])) for case in cases]


def _check(a: Assessment, status: Status, score: float | None) -> None:
    assert a.status is status, (a.status, a.score)
    if score is None:
        assert a.score is None
    else:
        assert a.score == approx(score)
    assert a.reason is None  # every case above has enough data


@pytest.mark.parametrize(COLUMNS, table(LINEAR_CASES))
def test_linear_status(
    series: list[Point],
    direction: Direction,
    year: int,
    goal: float,
    baseline: Point | None,
    status: Status,
    score: float | None,
) -> None:
    _check(assess(series, direction, year, goal, baseline, "linear"), status, score)


@pytest.mark.parametrize(COLUMNS, table(GROWTH_CASES))
def test_growth_status(
    series: list[Point],
    direction: Direction,
    year: int,
    goal: float,
    baseline: Point | None,
    status: Status,
    score: float | None,
) -> None:
    _check(assess(series, direction, year, goal, baseline, "growth"), status, score)


@pytest.mark.parametrize(
    ("method", "series", "year", "goal", "score", "status"),
    table(
        [
            ("r=1", "linear", pts((2020, 0), (2022, 20)), 2030, 100, 1.0, S.on_track),
            ("r=.5", "linear", pts((2020, 0), (2022, 10)), 2030, 100, 0.5, S.too_slow),
            ("r=0", "linear", pts((2020, 0), (2022, 0)), 2030, 100, 0.0, S.stagnating),
            ("ratio=.95", "growth", pts((2020, 1), (2021, 20)), 2022, 421, 0.95, S.on_track),
            ("ratio=.10", "growth", pts((2020, 1), (2021, 2)), 2022, 31, 0.10, S.too_slow),
            ("ratio=0", "growth", pts((2020, 5), (2022, 5)), 2030, 10, 0.0, S.stagnating),
        ]
    ),
)
def test_threshold_is_hit_exactly_and_goes_to_the_better_band(
    method: str, series: list[Point], year: int, goal: float, score: float, status: Status
) -> None:
    # The inputs were built so that the score is the threshold itself in binary floating point
    # (quotients of exact integers: 20/2/10, 10/2/10, 399/420 = 19/20, 3/30 = 1/10).
    a = assess(series, UP, year, goal, method=method)
    assert a.score == score  # exact, not approx
    assert a.status is status


def test_unknown_method_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown method"):
        assess(pts((2020, 1), (2022, 2)), UP, 2030, 5, method="cagr")


# --------------------------------------------------------------------------------------------
# Rates, projection, projected value, covered share, clamping
# --------------------------------------------------------------------------------------------


def test_linear_rates_projection_and_covered_on_b1() -> None:
    a = assess(pts((2015, 50), (2022, 70)), UP, 2030, 80, method="linear")
    assert a.baseline == Point(2015, 50) and a.baseline_published is False
    assert a.latest == Point(2022, 70)
    assert a.observed_rate == approx(20 / 7)  # (70-50)/7 = 2.857143 a year
    assert a.required_rate == approx(2.0)  # (80-50)/15 = 2 a year
    assert a.needed_rate == approx(1.25)  # (80-70)/(2030-2022) = 10/8 from the latest value
    assert a.covered == approx(2 / 3)  # (70-50)/(80-50) = 0.666667
    # projection from the latest year to the goal year, continuing 20/7 a year
    assert [p.year for p in a.projection] == list(range(2022, 2031))
    assert a.projection[0] == Point(2022, 70)
    expected = [70 + 20 / 7 * k for k in range(9)]  # 70, 72.857, ..., 92.857
    assert [p.value for p in a.projection] == [approx(v) for v in expected]
    assert not any(p.lower_bound for p in a.projection)
    assert a.projected == approx(92.857143)  # 70 + 8 * 20/7
    assert a.projection[-1].value == a.projected


def test_growth_rates_projection_and_covered_on_b4() -> None:
    a = assess(pts((2015, 50), (2022, 70)), UP, 2030, 100, method="growth")
    assert a.observed_rate == approx(0.0492414)  # 1.4**(1/7) - 1 = 4.9241% a year
    assert a.required_rate == approx(0.0472941)  # 2**(1/15) - 1 = 4.7294% a year
    assert a.needed_rate == approx(0.0455932)  # (100/70)**(1/8) - 1 = 4.5593% a year
    assert a.covered == approx(0.4)  # (70-50)/(100-50)
    # compound projection: 70 * 1.4**(k/7); 2029 is 70 * 1.4 = 98
    assert [p.year for p in a.projection] == list(range(2022, 2031))
    expected = [70 * 1.4 ** (k / 7) for k in range(9)]
    assert [p.value for p in a.projection] == [approx(v) for v in expected]
    assert a.projection[7].value == approx(98.0)
    assert a.projected == approx(102.825661)  # 70 * 1.4**(8/7)


def test_b4_second_example_projected_value() -> None:
    # 2022 = 60: projected 60 * 1.2**(8/7) = 73.900, ratio 0.478 (progress-methods.md B4)
    a = assess(pts((2015, 50), (2022, 60)), UP, 2030, 100, method="growth")
    assert a.projected == pytest.approx(73.900, abs=5e-4)
    assert a.score == pytest.approx(0.478, abs=5e-4)


def test_covered_share_beyond_the_goal_when_achieved() -> None:
    a = assess(pts((2015, 50), (2022, 90)), UP, 2030, 80)
    assert a.status is S.achieved
    assert a.covered == approx(4 / 3)  # (90-50)/(80-50) = 1.333333


def test_latest_year_at_goal_year_has_no_needed_rate() -> None:
    # 1 (2020) -> 50 (2030), goal 100 in 2030: no year remains to need a rate in
    for method in METHODS:
        a = assess(pts((2020, 1), (2030, 50)), UP, 2030, 100, method=method)
        assert a.needed_rate is None
        assert a.projection == [Point(2030, 50)]
        assert a.projected == 50


CLAMPED = [
    # OSI Africa rank 14 (2022) -> 10 (2024) toward 1st: -2 a year; 2029 would be 0 and
    # 2030 -2, but no rank is above 1st. r = (-4/2)/(-13/8) = 1.230769: on track.
    ("linear-rank-stops-at-1", "linear", pts((2024, 10)), Point(2022, 14), 1, (1, 54),
     [10, 8, 6, 4, 2, 1, 1], S.on_track),
    ("linear-rank-unclamped", "linear", pts((2024, 10)), Point(2022, 14), 1, NO_LIMITS,
     [10, 8, 6, 4, 2, 0, -2], S.on_track),
    # share 50 (2020) -> 90 (2022): +20 a year; 2023 would be 110 > 100
    ("linear-share-stops-at-100", "linear", pts((2020, 50), (2022, 90)), None, 100, (0, 100),
     [90, 100, 100, 100, 100, 100, 100, 100, 100], S.on_track),
    # rank 40 (2022) -> 10 (2024) toward 5th: cagr = sqrt(10/40) - 1 = -0.5;
    # 10, 5, 2.5, 1.25, then 0.625 and below stop at 1
    ("growth-rank-stops-at-1", "growth", pts((2022, 40), (2024, 10)), None, 5, (1, 193),
     [10, 5, 2.5, 1.25, 1, 1, 1], S.on_track),
    # share 10 (2020) -> 40 (2022): cagr = 2**1 - 1 = 100%; 40, 80, then 160... stop at 100
    ("growth-share-stops-at-100", "growth", pts((2020, 10), (2022, 40)), None, 100, (0, 100),
     [40, 80, 100, 100, 100, 100, 100, 100, 100], S.on_track),
]  # fmt: skip


@pytest.mark.parametrize(
    ("method", "series", "baseline", "goal", "limits", "values", "status"), table(CLAMPED)
)
def test_projection_is_clamped_to_limits(
    method: str,
    series: list[Point],
    baseline: Point | None,
    goal: float,
    limits: tuple[float | None, float | None],
    values: list[float],
    status: Status,
) -> None:
    direction = DOWN if goal < series[-1].value else UP
    a = assess(series, direction, 2030, goal, baseline, method, limits)
    assert [p.value for p in a.projection] == [approx(v) for v in values]
    assert a.projected == approx(values[-1])
    assert a.status is status


def test_clamping_does_not_change_the_linear_score() -> None:
    free = assess(pts((2024, 10)), DOWN, 2030, 1, Point(2022, 14), "linear")
    held = assess(pts((2024, 10)), DOWN, 2030, 1, Point(2022, 14), "linear", (1, 54))
    assert free.score == held.score == approx(1.230769)  # (-4/2)/(-13/8) = 2/1.625


# --------------------------------------------------------------------------------------------
# Baselines: published (held or not), or the earliest observation
# --------------------------------------------------------------------------------------------


def test_published_baseline_not_held_as_an_observation() -> None:
    # Offshoring jobs: baseline 130,000 (2022) published; we hold only 2023 and 2024.
    a = assess(pts((2023, 141000), (2024, 148500)), UP, 2030, 270000, Point(2022, 130000))
    assert a.baseline == Point(2022, 130000)
    assert a.baseline_published is True
    assert a.latest == Point(2024, 148500)
    assert a.score == approx(0.528571)  # (18500/2)/(140000/8) = 9250/17500


def test_published_baseline_wins_over_an_observation_of_the_same_year() -> None:
    # held 2022 = 125,000 but published 130,000: r still 9250/17500 = 0.528571
    series = pts((2022, 125000), (2024, 148500))
    a = assess(series, UP, 2030, 270000, Point(2022, 130000))
    assert a.baseline == Point(2022, 130000)
    assert a.score == approx(0.528571)


def test_without_published_baseline_the_earliest_observation_stands_in() -> None:
    # 10 (2020), 20 (2022), 40 (2024), goal 100 in 2030, intermediate point ignored:
    # r = ((40-10)/4)/((100-10)/10) = 7.5/9 = 0.833333
    a = assess(pts((2020, 10), (2022, 20), (2024, 40)), UP, 2030, 100)
    assert a.baseline == Point(2020, 10)
    assert a.baseline_published is False
    assert a.latest == Point(2024, 40)
    assert a.status is S.too_slow
    assert a.score == approx(0.833333)


def test_observations_before_a_published_baseline_are_ignored() -> None:
    # 2018 = 500 would give a different rate; only 130,000 (2022) -> 148,500 (2024) counts
    series = pts((2018, 500), (2024, 148500))
    a = assess(series, UP, 2030, 270000, Point(2022, 130000))
    assert a.score == approx(0.528571)


# --------------------------------------------------------------------------------------------
# Not enough data
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize(
    ("series", "baseline", "reason"),
    [
        pytest.param([], None, Reason.no_baseline, id="no-baseline-no-data"),
        pytest.param(pts((2022, 5)), None, Reason.one_point, id="one-point"),
        # Choice pinned (the spec is silent): a published baseline with no observation at all
        # is "one point" (a single value), not "nothing since baseline".
        pytest.param([], Point(2022, 5), Reason.nothing_since_baseline, id="baseline-only"),
        pytest.param(
            pts((2020, 3), (2022, 5)),
            Point(2022, 5),
            Reason.nothing_since_baseline,
            id="observations-at-baseline-year",
        ),
        pytest.param(
            pts((2019, 3)),
            Point(2022, 5),
            Reason.nothing_since_baseline,
            id="observations-before-baseline",
        ),
    ],
)
def test_not_enough_data(
    series: list[Point], baseline: Point | None, reason: Reason, method: str
) -> None:
    a = assess(series, UP, 2030, 10, baseline, method)
    assert a.status is S.insufficient
    assert a.reason is reason
    assert a.latest is None and a.score is None and a.projection == []
    assert a.baseline_published is (baseline is not None)
    if reason is not Reason.no_baseline:
        assert a.baseline == (baseline or series[0])


@pytest.mark.parametrize(
    ("series", "direction", "goal", "linear_status", "linear_score"),
    [
        # zero baseline: r = (5/2)/(10/10) = 2.5
        pytest.param(pts((2020, 0), (2022, 5)), UP, 10, S.on_track, 2.5, id="zero-baseline"),
        # zero latest: r = (-5/2)/(5/10) = -5
        pytest.param(pts((2020, 5), (2022, 0)), UP, 10, S.moving_away, -5.0, id="zero-latest"),
        # negative latest: r = (-15/2)/(40/10) = -1.875
        pytest.param(
            pts((2020, 10), (2022, -5)), UP, 50, S.moving_away, -1.875, id="negative-latest"
        ),
        # negative baseline: r = (10/2)/(30/10) = 1.666667
        pytest.param(
            pts((2020, -20), (2022, -10)), UP, 10, S.on_track, 1.666667, id="negative-baseline"
        ),
        # Choice pinned: a goal of zero is refused too (Reason: growth cannot "reach zero or
        # less"). Linear: r = (-5/2)/(-10/10) = 2.5
        pytest.param(pts((2020, 10), (2022, 5)), DOWN, 0, S.on_track, 2.5, id="zero-goal"),
    ],
)
def test_not_positive_for_growth_while_linear_still_assesses(
    series: list[Point],
    direction: Direction,
    goal: float,
    linear_status: Status,
    linear_score: float,
) -> None:
    grown = assess(series, direction, 2030, goal, method="growth")
    assert grown.status is S.insufficient
    assert grown.reason is Reason.not_positive
    assert grown.score is None
    linear = assess(series, direction, 2030, goal, method="linear")
    assert linear.status is linear_status
    assert linear.score == approx(linear_score)


@pytest.mark.parametrize("method", METHODS)
def test_achieved_at_zero_needs_no_growth_rate(method: str) -> None:
    # 10 -> 0 toward 0, lower is better: the latest value meets the goal, achieved either way
    assert assess(pts((2020, 10), (2022, 0)), DOWN, 2030, 0, method=method).status is S.achieved


# --------------------------------------------------------------------------------------------
# Targets with milestones, through assess_target
# --------------------------------------------------------------------------------------------

NAMES = Names(en="Jobs", fr="Emplois", ar="مناصب الشغل")


def make_indicator(
    direction: Direction = UP, minimum: float | None = 0, maximum: float | None = None
) -> Indicator:
    return Indicator(
        id="jobs",
        name=NAMES,
        description=NAMES,
        unit=NAMES,
        short_unit=Symbols(en="", fr="", ar=""),
        theme=Theme.economy,
        direction=direction,
        decimals=0,
        sources=["press"],
        minimum=minimum,
        maximum=maximum,
    )


def make_target(**over: object) -> Target:
    fields: dict[str, object] = {
        "id": "jobs_2030",
        "indicator": "jobs",
        "name": NAMES,
        "target_year": 2030,
        "target_value": 270000,
        "baseline_year": 2022,
        "baseline_value": 130000,
        # 2028 is invented, and listed first, to check the year order of the answers
        "milestones": [Milestone(year=2028, value=230000), Milestone(year=2026, value=190000)],
        "source": "press",
        **over,
    }
    return Target.model_validate(fields)


def rows(*items: tuple[int, float]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "year": [y for y, _ in items],
            "value": [v for _, v in items],
            "lower_bound": [False] * len(items),
        }
    )


OFFSHORING = rows((2022, 130000), (2023, 141000), (2024, 148500))


def test_milestones_linear() -> None:
    progress = assess_target(make_target(), OFFSHORING, make_indicator(), "linear")
    final, (m2026, m2028) = progress.final, progress.milestones
    assert (m2026.goal_year, m2026.goal_value) == (2026, 190000)
    assert (m2028.goal_year, m2028.goal_value) == (2028, 230000)
    # observed = (148500-130000)/2 = 9250 a year (2023 ignored)
    # 2030: required 140000/8 = 17500, r = 0.528571; projected 148500 + 6*9250 = 204000;
    #       needed (270000-148500)/6 = 20250; covered 18500/140000 = 0.132143
    assert final.status is S.too_slow
    assert final.score == approx(0.528571)
    assert final.projected == approx(204000)
    assert final.needed_rate == approx(20250)
    assert final.covered == approx(0.132143)
    # 2026: required 60000/4 = 15000, r = 9250/15000 = 0.616667; projected 148500 + 2*9250
    #       = 167000; needed (190000-148500)/2 = 20750; covered 18500/60000 = 0.308333
    assert m2026.status is S.too_slow
    assert m2026.score == approx(0.616667)
    assert m2026.projected == approx(167000)
    assert m2026.needed_rate == approx(20750)
    assert m2026.covered == approx(0.308333)
    assert [p.year for p in m2026.projection] == [2024, 2025, 2026]
    # 2028: required 100000/6 = 16666.67, r = 9250/16666.67 = 0.555; projected 185500
    assert m2028.score == approx(0.555)
    assert m2028.projected == approx(185500)
    for a in (final, m2026, m2028):
        assert a.baseline == Point(2022, 130000) and a.baseline_published is True


def test_milestones_growth() -> None:
    progress = assess_target(make_target(), OFFSHORING, make_indicator(), "growth")
    final, m2026 = progress.final, progress.milestones[0]
    # cagr = sqrt(148500/130000) - 1 = sqrt(1.1423077) - 1 = 6.8788%
    # 2030: projected = 148500 * 1.1423077**3 = 148500 * 1.4905595 = 221348.08;
    #       ratio = 91348.08/140000 = 0.652486; needed (270000/148500)**(1/6) - 1 = 10.4773%
    assert final.status is S.too_slow
    assert final.observed_rate == approx(0.0687880)
    assert final.projected == approx(221348.08)
    assert final.score == approx(0.652486)
    assert final.needed_rate == approx(0.1047726)
    # 2026: projected = 148500**2/130000 = 169632.69; ratio = 39632.69/60000 = 0.660545;
    #       needed sqrt(190000/148500) - 1 = 13.1133%
    assert m2026.status is S.too_slow
    assert m2026.projected == approx(169632.69)
    assert m2026.score == approx(0.660545)
    assert m2026.needed_rate == approx(0.1311327)


@pytest.mark.parametrize("method", METHODS)
def test_target_baseline_not_held_gives_the_same_answer(method: str) -> None:
    held = assess_target(make_target(), OFFSHORING, make_indicator(), method)
    missing = assess_target(
        make_target(), rows((2023, 141000), (2024, 148500)), make_indicator(), method
    )
    assert missing.final == held.final
    assert missing.milestones == held.milestones
    assert missing.final.baseline_published is True


def test_target_without_baseline_uses_earliest_observation() -> None:
    target = make_target(baseline_year=None, baseline_value=None, milestones=[])
    progress = assess_target(target, OFFSHORING, make_indicator())
    assert progress.final.baseline == Point(2022, 130000)
    assert progress.final.baseline_published is False
    assert progress.milestones == []
    assert progress.superseded_by is None and progress.counts


def test_target_rank_clamped_by_indicator_limits() -> None:
    target = make_target(
        target_value=1, baseline_value=14, milestones=[Milestone(year=2026, value=8)]
    )
    indicator = make_indicator(DOWN, minimum=1, maximum=54)
    progress = assess_target(target, rows((2022, 14), (2024, 10)), indicator, "linear")
    # 14 -> 10 in two years: -2 a year; 2030 would be -2, stops at 1st
    assert progress.final.projected == 1
    assert progress.final.status is S.on_track  # r = 2/1.625 = 1.230769
    # milestone 8 in 2026: required (8-14)/4 = -1.5, r = -2/-1.5 = 1.333333; projected 6
    assert progress.milestones[0].score == approx(1.333333)
    assert progress.milestones[0].projected == approx(6)


# --------------------------------------------------------------------------------------------
# Goals that fall due at or before the first year we can measure from
# --------------------------------------------------------------------------------------------
# A target with no published baseline starts from its earliest observation. The 5G targets
# (milestone 2026, no baseline) and the 2026 targets without baseline (admin sites, PNHD-2,
# gazelles) reach these cases as soon as their first observation is for 2026 or later.

G5 = {"baseline_year": None, "baseline_value": None, "target_value": 85}


@pytest.mark.parametrize("method", METHODS)
def test_milestone_in_the_first_observed_year_does_not_crash(method: str) -> None:
    # goal_year == start year: no pace can be required over no time (was a ZeroDivisionError)
    target = make_target(**G5, milestones=[Milestone(year=2026, value=45)])
    progress = assess_target(target, rows((2026, 30), (2027, 40)), make_indicator(), method)
    milestone = progress.milestones[0]
    assert (milestone.status, milestone.reason) == (S.insufficient, Reason.due_before_data)
    assert progress.final.status is not S.insufficient  # the 2030 target is still judged


@pytest.mark.parametrize("method", METHODS)
def test_milestone_before_the_first_observation_is_not_moving_away(method: str) -> None:
    # goal_year < start year used to flip the sign of the required rate: coverage rising
    # 30 -> 40 toward the 45 due in 2026 was called moving_away.
    target = make_target(**G5, milestones=[Milestone(year=2026, value=45)])
    progress = assess_target(target, rows((2027, 30), (2028, 40)), make_indicator(), method)
    assert progress.milestones[0].reason is Reason.due_before_data
    met = assess_target(target, rows((2027, 50), (2028, 60)), make_indicator(), method)
    assert met.milestones[0].status is S.achieved  # already met: no pace needed


# A goal is judged at its year. Morocco's 42% (2020) share: 35 (2018), 37 (2021), 37 (2022),
# 45 (2024). Values after 2020 other than the first (2021) say nothing of 2020.
LATE = pts((2018, 35), (2021, 37), (2022, 37), (2024, 45))


def test_a_goal_past_its_year_is_judged_by_the_first_value_after_it() -> None:
    a = assess(LATE, UP, 2020, 42)
    # 45 >= 42 in 2024 is a late success, not the 2020 goal met.
    assert a.status is S.stagnating
    assert a.latest == Point(2021, 37)
    # r = ((37-35)/3) / ((42-35)/2) = 0.666667 / 3.5 = 0.190476: stagnating (0 <= r < 0.5)
    assert a.score == approx(0.190476)
    assert a.projected == approx(37 - 2 / 3)  # back one year at 2/3 a year: 36.333333
    assert a.covered == approx(2 / 7)
    assert a.needed_rate is None  # the goal year has passed
    g = assess(LATE, UP, 2020, 42, method="growth")
    # cagr = (37/35)^(1/3) - 1 = 0.018696; 2020 = 37 / 1.018696 = 36.320947;
    # ratio = (36.320947 - 35) / 7 = 0.188707: too slow (0.10 <= ratio < 0.95)
    assert g.latest == Point(2021, 37)
    assert g.score == approx(0.188707)
    assert g.projected == approx(36.320947)
    assert g.status is S.too_slow


def test_a_value_in_the_goal_year_settles_it_and_later_ones_are_ignored() -> None:
    series = pts((2018, 35), (2020, 38), (2021, 50), (2024, 45))
    for method in METHODS:
        a = assess(series, UP, 2020, 42, method=method)
        assert a.latest == Point(2020, 38)
        assert a.status is not S.achieved  # 50 in 2021 came after the goal's year
    # linear: r = (3/2) / (7/2) = 0.428571, stagnating
    assert assess(series, UP, 2020, 42).score == approx(3 / 7)
    # a goal met in its year stays achieved whatever follows
    assert assess(pts((2018, 35), (2020, 43), (2021, 30)), UP, 2020, 42).status is S.achieved


def test_a_goal_not_yet_due_still_uses_the_latest_value() -> None:
    a = assess(LATE, UP, 2030, 52)
    assert a.latest == Point(2024, 45)


# --------------------------------------------------------------------------------------------
# 2. Properties
# --------------------------------------------------------------------------------------------


@st.composite
def histories(draw: st.DrawFn) -> tuple[list[Point], Point | None]:
    """Integer-valued series with at least one observation after the baseline."""
    first = draw(st.integers(2000, 2020))
    gaps = draw(st.lists(st.integers(1, 4), min_size=1, max_size=4))
    years = [first]
    for gap in gaps:
        years.append(years[-1] + gap)
    values = draw(st.lists(st.integers(-500, 500), min_size=len(years), max_size=len(years)))
    points_ = [Point(y, float(v)) for y, v in zip(years, values, strict=True)]
    if draw(st.booleans()):  # published baseline, held as an observation or not
        return (points_ if draw(st.booleans()) else points_[1:]), points_[0]
    return points_, None


@settings(max_examples=200, deadline=None)
@given(
    history=histories(),
    goal=st.integers(-600, 600),
    ahead=st.integers(1, 15),
    direction=st.sampled_from(list(Direction)),
)
def test_linear_mirror_gives_same_status(
    history: tuple[list[Point], Point | None], goal: int, ahead: int, direction: Direction
) -> None:
    series, baseline = history
    start = baseline or series[0]
    year = start.year + ahead  # after the start: see the BUG tests for the other cases
    other = DOWN if direction is UP else UP
    mirrored = [Point(p.year, -p.value) for p in series]
    mirror_base = Point(baseline.year, -baseline.value) if baseline else None
    a = assess(series, direction, year, goal, baseline, "linear")
    b = assess(mirrored, other, year, -goal, mirror_base, "linear")
    assert a.status is b.status
    assert a.score == b.score  # (-x)/(-y) == x/y exactly in floating point
    if a.projected is not None:
        assert b.projected == -a.projected


@settings(max_examples=200, deadline=None)
@given(
    history=histories(),
    margin=st.integers(0, 300),
    ahead=st.integers(1, 25),
    direction=st.sampled_from(list(Direction)),
    bound=st.booleans(),
    method=st.sampled_from(METHODS),
)
def test_latest_meeting_goal_is_achieved_whatever_the_trend(
    history: tuple[list[Point], Point | None],
    margin: int,
    ahead: int,
    direction: Direction,
    bound: bool,
    method: str,
) -> None:
    series, baseline = history
    latest = series[-1]
    series = [*series[:-1], Point(latest.year, latest.value, bound)]
    goal = latest.value - margin if direction is UP else latest.value + margin
    start = baseline or series[0]
    # The goal is not yet past: a goal is judged at its year (see the LATE tests).
    year = max(start.year + ahead, latest.year)
    a = assess(series, direction, year, goal, baseline, method)
    # A "more than" value never proves a lower-is-better goal met: it is never achieved.
    blocked = bound and direction is DOWN
    assert (a.status is S.achieved) is (not blocked)
    if not blocked:
        assert a.latest == series[-1]


@settings(max_examples=200, deadline=None)
@given(
    history=histories(),
    goal=st.integers(-600, 600),
    ahead=st.integers(1, 15),
    gap=st.integers(1, 5),
    value=st.integers(-500, 500),
    direction=st.sampled_from(list(Direction)),
    method=st.sampled_from(METHODS),
)
def test_a_value_after_one_past_the_goal_year_changes_nothing(
    history: tuple[list[Point], Point | None],
    goal: int,
    ahead: int,
    gap: int,
    value: int,
    direction: Direction,
    method: str,
) -> None:
    series, baseline = history
    start = baseline or series[0]
    year = start.year + ahead
    assume(series[-1].year > year)  # the series already holds a value past the goal year
    before = assess(series, direction, year, goal, baseline, method)
    new = Point(series[-1].year + gap, float(value))
    assert assess([*series, new], direction, year, goal, baseline, method) == before


@settings(max_examples=200, deadline=None)
@given(
    history=histories(),
    distance=st.integers(1, 600),
    ahead=st.integers(1, 15),
    gap=st.integers(1, 5),
    extra=st.integers(0, 100),
    direction=st.sampled_from(list(Direction)),
)
def test_linear_keeping_pace_never_worsens_status(
    history: tuple[list[Point], Point | None],
    distance: int,
    ahead: int,
    gap: int,
    extra: int,
    direction: Direction,
) -> None:
    series, baseline = history
    start = baseline or series[0]
    latest = series[-1]
    sign = 1 if direction is UP else -1
    goal = start.value + sign * distance  # strictly better than the baseline
    year = start.year + ahead
    before = assess(series, direction, year, goal, baseline, "linear")
    assume(before.status is not S.insufficient)
    # The new step, in the direction of progress, per year, is at least the observed rate:
    # sign*(new - L)/gap >= sign*(L - b)/span, i.e. step >= ceil(sign*(L-b)*gap/span).
    span = latest.year - start.year
    least = -(-(sign * (latest.value - start.value) * gap) // span)
    new = Point(latest.year + gap, latest.value + sign * (least + extra))
    assert sign * (new.value - latest.value) * span >= sign * (latest.value - start.value) * gap
    after = assess([*series, new], direction, year, goal, baseline, "linear")
    assert RANK[after.status] <= RANK[before.status], (before, after)


def test_a_slower_later_step_can_honestly_worsen_the_linear_status() -> None:
    # 0 (2020) -> 20 (2022), goal 100 in 2030: r = (20/2)/(100/10) = 1.0, on track.
    before = assess(pts((2020, 0), (2022, 20)), UP, 2030, 100)
    # Then +10 in two years (5 a year, half the pace): r = (30/4)/10 = 0.75, too slow.
    after = assess(pts((2020, 0), (2022, 20), (2024, 30)), UP, 2030, 100)
    assert (before.status, after.status) == (S.on_track, S.too_slow)
    # Honest, not a glitch: the linear rate is the average since the baseline, and at 7.5 a
    # year the 2030 projection is 30 + 6 * 7.5 = 75 < 100; 70 more in 6 years needs 11.67 a year.
    assert after.projected == approx(75)
    assert after.needed_rate == approx(70 / 6)


def test_rank_orders_statuses_best_first() -> None:
    assert min(RANK, key=RANK.get) is S.achieved
    assert max(RANK, key=RANK.get) is S.insufficient
    order = [S.achieved, S.on_track, S.too_slow, S.stagnating, S.moving_away, S.insufficient]
    assert sorted(Status, key=RANK.get) == order


# --------------------------------------------------------------------------------------------
# 3. The bundled Digital Morocco 2030 targets
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def bundled(catalog: Catalog) -> dict[str, list[TargetProgress]]:
    """assess_all over the bundled data, once per method (it reads every series)."""
    return {method: catalog.assess(method) for method in METHODS}


def by_id(progress: list[TargetProgress]) -> dict[str, TargetProgress]:
    return {p.target.id: p for p in progress}


def test_every_target_appears_exactly_once(
    catalog: Catalog, bundled: dict[str, list[TargetProgress]]
) -> None:
    ids = [t.id for t in catalog.targets]
    assert len(ids) == len(set(ids))
    for method, progress in bundled.items():
        assert [p.target.id for p in progress] == ids  # none dropped, none repeated
        assert all(p.final.method == method for p in progress)


def test_targets_without_data_say_why(
    catalog: Catalog, bundled: dict[str, list[TargetProgress]]
) -> None:
    for progress in bundled.values():
        for p in progress:
            t = p.target
            years = sorted(catalog.series(t.indicator, [t.country])["year"])
            start = t.baseline_year if t.baseline_year is not None else (years or [None])[0]
            has_later = start is not None and any(y > start for y in years)
            for a in (p.final, *p.milestones):
                if not has_later:
                    assert a.status is S.insufficient, t.id
                if a.status is S.insufficient:
                    assert a.reason is not None, t.id
                    assert a.latest is None or a.reason is Reason.not_positive
                else:
                    assert (a.reason is None and a.score is not None) or a.status is S.achieved
            if not years and t.baseline_year is None:
                assert p.final.reason is Reason.no_baseline, t.id
            elif years and t.baseline_year is not None and not has_later:
                assert p.final.reason is Reason.nothing_since_baseline, t.id


def test_bundled_reasons_as_of_this_data(bundled: dict[str, list[TargetProgress]]) -> None:
    progress = by_id(bundled["linear"])
    # No figure at all and no baseline published.
    for tid in ("dm2030_direct_jobs", "dm2030_gdp_contribution", "dm2030_unicorns"):
        assert progress[tid].final.reason is Reason.no_baseline
    # Baseline published, observations only at the baseline year.
    for tid in ("dm2030_trainees", "dm2030_startups", "dm2030_offshoring_exports"):
        assert progress[tid].final.reason is Reason.nothing_since_baseline


def test_5g_licence_supersedes_strategy(bundled: dict[str, list[TargetProgress]]) -> None:
    for method in METHODS:
        progress = by_id(bundled[method])
        strategy = progress["dm2030_5g_strategy"]
        licence = progress["anrt_5g_licence_obligation"]
        assert strategy.superseded_by == "anrt_5g_licence_obligation"
        assert strategy.counts is False
        assert licence.superseded_by is None and licence.counts is True
        replaced = {"dm2030_5g_strategy", "renewables_capacity_2020"}
        others = [p for tid, p in progress.items() if tid not in replaced]
        assert all(p.counts for p in others)


def test_osi_rank_target(bundled: dict[str, list[TargetProgress]]) -> None:
    progress = by_id(bundled["linear"])
    final = progress["dm2030_osi_rank"].final
    assert final.baseline == Point(2022, 113) and final.baseline_published
    assert final.latest == Point(2024, 100)
    # r = ((100-113)/2)/((50-113)/8) = -6.5/-7.875 = 0.825397
    assert final.score == approx(0.825397)
    assert final.status is S.too_slow
    assert final.projected == approx(61)  # 100 - 6 * 6.5
    assert final.needed_rate == approx(-50 / 6)  # (50-100)/6 = -8.333 ranks a year
    assert final.covered == approx(13 / 63)  # 0.206349
    growth = by_id(bundled["growth"])["dm2030_osi_rank"]
    assert growth.final.score == approx(0.693571)  # see GROWTH_CASES "rank-too-slow"
    assert growth.final.status is S.too_slow


def test_osi_africa_rank_projection_stops_at_first(
    bundled: dict[str, list[TargetProgress]],
) -> None:
    progress = by_id(bundled["linear"])
    final = progress["dm2030_osi_rank_africa"].final
    # 14 (2022) -> 10 (2024) toward 1: r = -2/-1.625 = 1.230769; 2030 would be -2, stops at 1
    assert final.score == approx(1.230769)
    assert final.status is S.on_track
    assert final.projected == 1
    assert min(p.value for p in final.projection) == 1


def test_offshoring_jobs_target(bundled: dict[str, list[TargetProgress]]) -> None:
    for method, score, m_score, projected in (
        # linear: 9250/17500, 9250/15000; 148500 + 6 * 9250
        ("linear", 0.528571, 0.616667, 204000),
        # growth: see test_milestones_growth
        ("growth", 0.652486, 0.660545, 221348.08),
    ):
        progress = by_id(bundled[method])
        jobs = progress["dm2030_offshoring_jobs"]
        assert jobs.final.baseline == Point(2022, 130000)
        assert jobs.final.latest == Point(2024, 148500)
        assert jobs.final.score == approx(score)
        assert jobs.final.projected == approx(projected)
        assert jobs.final.status is S.too_slow
        (milestone,) = jobs.milestones
        assert (milestone.goal_year, milestone.goal_value) == (2026, 190000)
        assert milestone.score == approx(m_score)
        assert milestone.status is S.too_slow


def test_5g_targets_from_the_zero_before_the_launch(
    bundled: dict[str, list[TargetProgress]],
) -> None:
    # National coverage: 0 at end-2024 (no 5G before the launch of 7 Nov 2025), at least 38 at
    # end-2025 (Maroc Telecom alone; a lower bound). No published baseline: 0 (2024) stands in.
    linear = by_id(bundled["linear"])
    cases: tuple[tuple[str, int, int, float, float | None], ...] = (
        # r = 38 / (85/6) = 2.682353; milestone r = 38 / (45/2) = 1.688889
        ("anrt_5g_licence_obligation", 85, 45, 2.682353, 1.688889),
        # r = 38 / (70/6) = 3.257143; milestone: at least 38 >= 25, achieved (no score)
        ("dm2030_5g_strategy", 70, 25, 3.257143, None),
    )
    for tid, goal, milestone, score, m_score in cases:
        p = linear[tid]
        assert (p.target.target_value, p.milestones[0].goal_value) == (goal, milestone)
        assert p.final.baseline == Point(2024, 0) and not p.final.baseline_published
        assert p.final.latest == Point(2025, 38, lower_bound=True)
        assert p.final.score == approx(score)
        assert p.final.status is S.on_track
        assert p.final.projected == 100  # 38 + 5 * 38 = 228, stopped at 100%
        if m_score is None:
            assert p.milestones[0].status is S.achieved
        else:
            assert p.milestones[0].score == approx(m_score)
            assert p.milestones[0].status is S.on_track
        # Growth rates cannot start from zero: not enough data, and it says why.
        g = by_id(bundled["growth"])[tid]
        assert g.final.status is S.insufficient and g.final.reason is Reason.not_positive
    assert linear["dm2030_5g_strategy"].superseded_by == "anrt_5g_licence_obligation"


def test_renewable_capacity_targets(bundled: dict[str, list[TargetProgress]]) -> None:
    # Renewables' share of installed electric capacity, charted: 35 (2018), 37 (2021),
    # 37 (2022), more than 41 (2023), about 45 (2024). No baseline published: 35 (2018).
    linear, growth = by_id(bundled["linear"]), by_id(bundled["growth"])
    old, new = linear["renewables_capacity_2020"], linear["renewables_capacity_2030"]
    assert old.superseded_by == "renewables_capacity_2030" and not old.counts
    assert new.counts
    # 42% by 2020, judged at 2020: the first value after it is 37 (2021).
    # linear: r = ((37-35)/3) / ((42-35)/2) = 0.666667 / 3.5 = 0.190476: stagnating
    assert old.final.baseline == Point(2018, 35) and old.final.latest == Point(2021, 37)
    assert old.final.score == approx(0.190476)
    assert old.final.status is S.stagnating
    # growth: 2020 = 37 / (37/35)^(1/3) = 36.320947; ratio = 1.320947 / 7 = 0.188707: too slow
    assert growth["renewables_capacity_2020"].final.score == approx(0.188707)
    assert growth["renewables_capacity_2020"].final.status is S.too_slow
    # 52% by 2030: 35 (2018) -> 45 (2024).
    # linear: observed 10/6 = 1.666667 a year; required 17/12 = 1.416667; r = 1.176471
    assert new.final.latest == Point(2024, 45)
    assert new.final.score == approx(1.176471)
    assert new.final.projected == approx(55)  # 45 + 6 * 1.666667
    assert new.final.covered == approx(10 / 17)
    assert new.final.status is S.on_track
    # growth: 6 years observed and 6 to go, so 2030 = 45 * (45/35) = 57.857143;
    # ratio = (57.857143 - 35) / 17 = 1.344538: on track
    g = growth["renewables_capacity_2030"].final
    assert g.projected == approx(57.857143)
    assert g.score == approx(1.344538)
    assert g.status is S.on_track


def test_every_target_without_enough_data_says_what_would_settle_it(
    bundled: dict[str, list[TargetProgress]],
) -> None:
    for progress in bundled.values():
        for p in progress:
            if p.final.status is S.insufficient:
                assert p.target.settled_by is not None, p.target.id
