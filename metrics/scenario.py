"""The lifetime scenario: how keeping equipment longer changes digital's yearly footprint.

In France most of the footprint is made before a device is switched on (78% from
manufacturing in the ADEME–Arcep study, 2020 data, the most likely origin of the 78% in the
AUSIM 2024 report). Spread over the years a device is kept, the yearly
manufacturing footprint scales with 1 / lifetime; the footprint of use does not change:

    after / before = share × (lifetime_today / lifetime_tomorrow) + (1 − share)
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
    share: float, lifetime_today: float, lifetime_tomorrow: float
) -> tuple[Footprint, Footprint]:
    """Yearly footprint before and after, as shares of today's total (which is 1)."""
    if not 0 <= share <= 1:
        raise ValueError(f"the manufacturing share must be between 0 and 1, not {share}")
    if lifetime_today <= 0 or lifetime_tomorrow <= 0:
        raise ValueError("lifetimes must be positive numbers of years")
    before = Footprint(manufacturing=share, use=1 - share)
    after = Footprint(manufacturing=share * (lifetime_today / lifetime_tomorrow), use=1 - share)
    return before, after


def outcome(share: float, lifetime_today: float, lifetime_tomorrow: float) -> Outcome:
    """What the scenario says in words: no change (same lifetime, or nothing is made), a
    change too small to show, or a footprint going down or up."""
    if lifetime_today == lifetime_tomorrow or share == 0:
        return "same"
    _, after = lifetime_scenario(share, lifetime_today, lifetime_tomorrow)
    change = after.total - 1
    if abs(change) < TINY:
        return "tiny"
    return "down" if change < 0 else "up"
