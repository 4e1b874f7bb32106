"""The lifetime scenario: how keeping equipment longer changes digital's yearly footprint.

In France most of the footprint is made before a device is switched on (78% from
manufacturing in the ADEME–Arcep study, 2020 data, the most likely origin of the 78% in the
AUSIM 2024 report). Spread over the years a device is kept, the yearly
manufacturing footprint scales with 1 / lifetime; the footprint of use does not change:

    after / before = share × (lifetime_today / lifetime_tomorrow) + (1 − share) × grid

`share` is the manufacturing share on the grid the equipment runs on today (the study's 78% on
France's; metrics.grid re-weights it for another grid), and `grid` the ratio of tomorrow's grid
intensity to today's (1 when the grid does not change).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Outcome = Literal["same", "tiny", "down", "up"]
TINY = 0.005  # a change under half a percent reads as none once rounded to whole percents


@dataclass(frozen=True)
class Footprint:
    manufacturing: float  # yearly footprint of making the equipment, today's total = 1
    use: float  # yearly footprint of using it

    @property
    def total(self) -> float:
        return self.manufacturing + self.use


def lifetime_scenario(
    share: float, lifetime_today: float, lifetime_tomorrow: float, grid: float = 1.0
) -> tuple[Footprint, Footprint]:
    """Yearly footprint before and after, as shares of today's total (which is 1)."""
    if not 0 <= share <= 1:
        raise ValueError(f"the manufacturing share must be between 0 and 1, not {share}")
    if lifetime_today <= 0 or lifetime_tomorrow <= 0:
        raise ValueError("lifetimes must be positive numbers of years")
    if grid < 0:
        raise ValueError("the ratio of grid intensities cannot be negative")
    before = Footprint(manufacturing=share, use=1 - share)
    after = Footprint(
        manufacturing=share * (lifetime_today / lifetime_tomorrow), use=(1 - share) * grid
    )
    return before, after


def outcome(
    share: float, lifetime_today: float, lifetime_tomorrow: float, grid: float = 1.0
) -> Outcome:
    """What the scenario says in words: no change (same lifetime and grid, or nothing is made
    and the grid stays), a change too small to show, or a footprint going down or up."""
    if (lifetime_today == lifetime_tomorrow or share == 0) and grid == 1:
        return "same"
    _, after = lifetime_scenario(share, lifetime_today, lifetime_tomorrow, grid)
    change = after.total - 1
    if abs(change) < TINY:
        return "tiny"
    return "down" if change < 0 else "up"


@dataclass(frozen=True)
class Levers:
    """Tomorrow's yearly footprint, in shares of today's, with one lever pulled at a time and
    with both: which matters most is read from these numbers."""

    lifetime: float  # equipment kept longer, same grid
    grid: float  # the cleaner grid, same lifetime
    both: float


def levers(share: float, lifetime_today: float, lifetime_tomorrow: float, grid: float) -> Levers:
    def total(today: float, tomorrow: float, ratio: float) -> float:
        return lifetime_scenario(share, today, tomorrow, ratio)[1].total

    return Levers(
        lifetime=total(lifetime_today, lifetime_tomorrow, 1.0),
        grid=total(lifetime_today, lifetime_today, grid),
        both=total(lifetime_today, lifetime_tomorrow, grid),
    )
