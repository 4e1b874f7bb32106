"""Are we on track? Status, trend and projection of a series toward a target.

Pure functions over a target (baseline, milestones, goal) and the observations of its
indicator. Two published methods, chosen by name (../shared/reference/progress-methods.md):

- "linear", after the SDSN SDG trend dashboards: the observed yearly change since the
  baseline, divided by the yearly change required from the baseline to the goal, r.
  r < 0 moving away; 0 <= r < 0.5 stagnating; 0.5 <= r < 1 progressing too slowly;
  r >= 1 on track. The projection continues the observed yearly change.
- "growth", after the UNSD Progress Chart (as adapted by EUSTAT): the compound annual growth
  rate since the baseline carries the latest value to the goal year; the projected share of
  the way, ratio = (projected - baseline) / (goal - baseline). ratio < 0 moving away;
  0 <= ratio < 0.10 stagnating; 0.10 <= ratio < 0.95 too slow; ratio >= 0.95 on track.

Edge choices, the same for both methods and tested:
- A value exactly on a threshold belongs to the better band (r = 1 is on track; 0.5 is too
  slow; ratio 0.95 is on track; 0.10 is too slow; 0 is stagnating, not moving away).
- A latest value that meets the goal is "achieved", whatever its trend.
- "More than" (lower-bound) values: for a higher-is-better indicator the true value is at
  least the one stated, so a stated value meeting the goal is achieved; for a lower-is-better
  one it proves nothing, so it is never called achieved on a lower bound.
- A goal that fell due in or before the baseline year (a 2026 milestone for a series that
  starts in 2026) cannot be judged on a pace: "not enough data" (reason: due_before_data),
  unless the latest value already meets it.
- Growth rates need positive values: with a zero or negative baseline or latest value the
  growth method answers "not enough data" (reason: not_positive) rather than invent a rate.
- The baseline is the target's published one when there is one (even where we hold no
  observation for that year); otherwise the earliest observation. The latest point is the
  last observation after the baseline year.
- A goal is judged at its year: the values measured up to it count, and the first one after
  it when none was measured in that year. Later values tell of a late success or a further
  fall, not of the goal met by its year (a 42% share due in 2020 and passed in 2024 was
  missed, not achieved).
- Both ratios are invariant to the indicator's direction: a rank falling from 113 toward 50
  is progress exactly as a share rising toward 100 is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

import pandas as pd

from metrics.models import Direction, Indicator, Target

METHODS = ("linear", "growth")


class Status(StrEnum):
    achieved = "achieved"
    on_track = "on_track"
    too_slow = "too_slow"
    stagnating = "stagnating"
    moving_away = "moving_away"
    insufficient = "insufficient"


class Reason(StrEnum):
    """Why a status is 'not enough data'."""

    no_baseline = "no_baseline"  # no published baseline and no observation to start from
    one_point = "one_point"  # a single value: no change can be measured
    nothing_since_baseline = "nothing_since_baseline"  # no observation after the baseline
    not_positive = "not_positive"  # growth rates cannot start from or reach zero or less
    due_before_data = "due_before_data"  # the goal fell due before the first year we measure


# Better statuses first; used to sort tables and to say "never worse".
RANK = {s: i for i, s in enumerate(Status)}


@dataclass(frozen=True)
class Point:
    year: int
    value: float
    lower_bound: bool = False


@dataclass(frozen=True)
class Assessment:
    method: str
    goal_year: int
    goal_value: float
    status: Status
    reason: Reason | None = None
    baseline: Point | None = None
    baseline_published: bool = False  # False: the earliest observation stands in for it
    latest: Point | None = None
    covered: float | None = None  # share of the way from baseline to goal, 1.0 = reached
    score: float | None = None  # r (linear) or ratio (growth): what the bands are read on
    observed_rate: float | None = None  # a year: value change (linear) or growth (growth)
    required_rate: float | None = None  # a year, from the baseline, to reach the goal
    needed_rate: float | None = None  # a year from the latest value on, same unit as above
    projection: list[Point] = field(default_factory=list)  # latest year -> goal year
    projected: float | None = None  # value at the goal year on the observed trend


def _better(direction: Direction, a: float, b: float) -> bool:
    """True when a is at least as good as b."""
    return a >= b if direction is Direction.higher_is_better else a <= b


def _band(score: float, bands: tuple[float, float]) -> Status:
    slow, on_track = bands
    if score >= on_track:
        return Status.on_track
    if score >= slow:
        return Status.too_slow
    if score >= 0:
        return Status.stagnating
    return Status.moving_away


def points(rows: pd.DataFrame) -> list[Point]:
    """Observations of one indicator and country as points, oldest first."""
    ordered = rows.sort_values("year")
    bounds = ordered["lower_bound"] if "lower_bound" in ordered else [False] * len(ordered)
    return [
        Point(int(y), float(v), bool(b))
        for y, v, b in zip(ordered["year"], ordered["value"], bounds, strict=True)
    ]


def assess(
    series: list[Point],
    direction: Direction,
    goal_year: int,
    goal_value: float,
    baseline: Point | None = None,
    method: str = "linear",
    limits: tuple[float | None, float | None] = (None, None),
) -> Assessment:
    """Status of a series toward one goal (a target or a milestone). `limits` are the
    smallest and largest values the measure can take (a projection stops there)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {METHODS}")
    start = baseline or (series[0] if series else None)
    empty = Assessment(method, goal_year, goal_value, Status.insufficient)
    if start is None:
        return replace(empty, reason=Reason.no_baseline)
    published = baseline is not None
    since = [p for p in series if p.year > start.year]
    later = [p for p in since if p.year <= goal_year]
    if (not later or later[-1].year < goal_year) and len(later) < len(since):
        later.append(since[len(later)])  # the first value after the goal's year settles it
    if not later:
        reason = Reason.nothing_since_baseline if published else Reason.one_point
        return replace(empty, reason=reason, baseline=start, baseline_published=published)
    latest = later[-1]
    span, remaining = latest.year - start.year, goal_year - latest.year
    way = goal_value - start.value
    known = replace(
        empty,
        baseline=start,
        baseline_published=published,
        latest=latest,
        covered=(latest.value - start.value) / way if way else None,
    )
    bound_blocks = latest.lower_bound and direction is Direction.lower_is_better
    if _better(direction, latest.value, goal_value) and not bound_blocks:
        return replace(known, status=Status.achieved)
    if way == 0:  # the baseline already stood at the goal, and the series has left it
        return replace(known, status=Status.moving_away)
    if goal_year <= start.year:  # no pace can be required over no time
        return replace(known, reason=Reason.due_before_data)

    def clamp(value: float) -> float:
        # A projection stops at what the measure can take: no rank above 1st, no share
        # above 100%.
        low, high = limits
        return min(
            max(value, low if low is not None else value), high if high is not None else value
        )

    if method == "linear":
        observed = (latest.value - start.value) / span
        required = way / (goal_year - start.year)
        score = observed / required

        def at(year: int) -> float:
            return clamp(latest.value + observed * (year - latest.year))

        needed = (goal_value - latest.value) / remaining if remaining > 0 else None
        status = _band(score, (0.5, 1.0))
    else:
        if min(start.value, latest.value, goal_value) <= 0:
            return replace(known, reason=Reason.not_positive)
        observed = (latest.value / start.value) ** (1 / span) - 1
        required = (goal_value / start.value) ** (1 / (goal_year - start.year)) - 1

        def at(year: int) -> float:
            return clamp(latest.value * (1 + observed) ** (year - latest.year))

        score = (at(goal_year) - start.value) / way
        needed = (goal_value / latest.value) ** (1 / remaining) - 1 if remaining > 0 else None
        status = _band(score, (0.10, 0.95))
    years = range(latest.year, max(goal_year, latest.year) + 1)
    return replace(
        known,
        status=status,
        score=score,
        observed_rate=observed,
        required_rate=required,
        needed_rate=needed,
        projection=[Point(y, at(y)) for y in years],
        projected=at(goal_year),
    )


@dataclass(frozen=True)
class TargetProgress:
    target: Target
    final: Assessment  # toward the target itself
    milestones: list[Assessment]  # toward each interim milestone, in year order
    superseded_by: str | None = None  # id of the target whose status counts instead

    @property
    def counts(self) -> bool:
        """Whether this target's status counts in summaries (a superseded one does not)."""
        return self.superseded_by is None


def assess_target(
    target: Target,
    rows: pd.DataFrame,
    indicator: Indicator,
    method: str = "linear",
    superseded_by: str | None = None,
) -> TargetProgress:
    series = points(rows)
    baseline = (
        Point(target.baseline_year, target.baseline_value)
        if target.baseline_year is not None and target.baseline_value is not None
        else None
    )

    def toward(year: int, value: float) -> Assessment:
        limits = (indicator.minimum, indicator.maximum)
        return assess(series, indicator.direction, year, value, baseline, method, limits)

    return TargetProgress(
        target=target,
        final=toward(target.target_year, target.target_value),
        milestones=[
            toward(m.year, m.value) for m in sorted(target.milestones, key=lambda m: m.year)
        ],
        superseded_by=superseded_by,
    )


def assess_all(
    targets: Sequence[Target],
    indicators: Mapping[str, Indicator],
    charted: pd.DataFrame,
    method: str = "linear",
) -> list[TargetProgress]:
    """Every target, none dropped: those without data say why. `charted` holds the charted
    rows (at least those of the targets' indicators)."""
    replaced_by = {t.supersedes: t.id for t in targets if t.supersedes}
    by_key = dict(tuple(charted.groupby(["indicator", "country"], sort=False)))
    empty = charted.iloc[0:0]
    return [
        assess_target(
            t,
            by_key.get((t.indicator, t.country), empty),
            indicators[t.indicator],
            method,
            replaced_by.get(t.id),
        )
        for t in targets
    ]


def status_counts(assessed: Sequence[TargetProgress]) -> Counter[Status]:
    """How many targets have each status; superseded targets are not counted."""
    return Counter(p.final.status for p in assessed if p.counts)
