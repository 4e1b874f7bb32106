"""Where each country stands on the indicators strategies target: its latest value, its own
target and how it is judged, and its place among the countries with a value.

The comparison across strategies (issue 14): Morocco's e-government rank beside Tunisia's,
each against its own target where it has one. A country without a target of its own is
compared on its value only. Statuses are the catalogue's (Catalog.assess), never judged
again here, so the Targets page and this comparison cannot disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from metrics.catalog import Catalog
from metrics.models import Direction
from metrics.progress import TargetProgress

# A comparison needs two countries with a value; with one there is nothing to compare.
AT_LEAST = 2

COLUMNS = {
    "indicator": "str",
    "country": "str",
    "year": "Int64",  # of the latest charted value; NA when the country has none
    "value": "float64",
    "lower_bound": "bool",  # the value is "more than" (value_label says so)
    "estimate": "bool",  # the value is derived or estimated ("about")
    "high": "float64",  # the top of a published range
    "target": "object",  # the country's own target's id, or None
    "strategy": "object",  # that target's strategy id (None: a target of no strategy)
    "target_year": "Int64",
    "target_value": "float64",
    "status": "object",  # progress.Status of the own target, by the method asked for
    "covered": "float64",  # share of the way from its baseline to its target
    "place": "Int64",  # 1 = best among the countries with a value; ties share a place
}
# The columns that describe a country's own target.
OWN = ("target", "strategy", "target_year", "target_value", "status", "covered")


@dataclass(frozen=True)
class Standing:
    rows: pd.DataFrame  # COLUMNS, one row per indicator and country; best place first
    indicators: list[str]  # compared, in the order the catalogue's targets name them
    left_out: list[str]  # targeted, but fewer than AT_LEAST countries have a value

    def of(self, indicator: str) -> pd.DataFrame:
        return self.rows[self.rows["indicator"] == indicator].reset_index(drop=True)


def countries(catalog: Catalog) -> list[str]:
    """Morocco and its partner associations' countries, then every other country with a
    strategy in the catalogue."""
    partners = catalog.partners()
    others = sorted({s.country for s in catalog.strategies.values()} - set(partners))
    return [*partners, *others]


def standing(
    catalog: Catalog,
    method: str = "linear",
    strategy: str | None = None,
    assessed: Sequence[TargetProgress] | None = None,
) -> Standing:
    """Each indicator a strategy's target aims at (only `strategy`'s when given), for each
    country of `countries`: its latest charted value, its own target (not superseded, the
    latest target year when it has several) judged by `method`, and its place. `assessed` is
    `catalog.assess(method)` where the caller holds it already (the Targets page does)."""
    targeted = [
        t.indicator
        for t in catalog.targets
        if t.strategy is not None and (strategy is None or t.strategy == strategy)
    ]
    indicators = [i for i in dict.fromkeys(targeted) if i in catalog.indicators]
    codes = countries(catalog)
    grid = pd.MultiIndex.from_product([indicators, codes], names=["indicator", "country"])
    rows = grid.to_frame(index=False).astype({"indicator": "str", "country": "str"})

    charted = catalog.of(indicators, codes)  # sorted by indicator, country, year
    latest = charted.groupby(["indicator", "country"], sort=False).tail(1)
    rows = rows.merge(
        latest[["indicator", "country", "year", "value", "lower_bound", "estimate", "high"]],
        on=["indicator", "country"],
        how="left",
    )
    if assessed is None:
        assessed = catalog.assess(method)
    rows = rows.merge(_own_targets(assessed), on=["indicator", "country"], how="left")

    # Better is higher unless the indicator says otherwise (a rank): one sign per indicator,
    # so a single ranking of the whole column places every indicator at once.
    lower = {i for i in indicators if catalog.indicators[i].direction is Direction.lower_is_better}
    sign = rows["indicator"].isin(lower).map({True: 1.0, False: -1.0})
    rows["place"] = (rows["value"] * sign).groupby(rows["indicator"]).rank(method="min")

    counts = rows.groupby("indicator", sort=False)["value"].count()
    kept = [i for i in indicators if counts[i] >= AT_LEAST]
    left_out = [i for i in indicators if counts[i] < AT_LEAST]

    rows = rows[rows["indicator"].isin(kept)]
    rows = rows.assign(
        _indicator=rows["indicator"].map({i: n for n, i in enumerate(kept)}),
        _country=rows["country"].map({c: n for n, c in enumerate(codes)}),
    )
    rows = rows.sort_values(["_indicator", "place", "_country"], na_position="last")
    rows = rows.drop(columns=["_indicator", "_country"]).reset_index(drop=True)
    flags = ["lower_bound", "estimate"]
    rows[flags] = rows[flags].astype("boolean").fillna(False)
    rows = rows.astype(COLUMNS)[list(COLUMNS)]
    # None, not NaN, where a country has no target of its own: "is None" reads it.
    for column in ("target", "strategy", "status"):
        rows[column] = rows[column].where(rows[column].notna(), None)
    return Standing(rows, kept, left_out)


def _own_targets(judged: Sequence[TargetProgress]) -> pd.DataFrame:
    """Each country's own target per indicator: of those no other target replaces, the one
    with the latest target year (the first in the catalogue on a tie), with its status."""
    assessed = [p for p in judged if p.counts]
    if not assessed:
        return pd.DataFrame(columns=["indicator", "country", *OWN])
    frame = pd.DataFrame(
        {
            "indicator": [p.target.indicator for p in assessed],
            "country": [p.target.country for p in assessed],
            "target": [p.target.id for p in assessed],
            "strategy": [p.target.strategy for p in assessed],
            "target_year": [p.target.target_year for p in assessed],
            "target_value": [p.target.target_value for p in assessed],
            # Kept as Status members: pandas would make a column of their strings.
            "status": pd.Series([p.final.status for p in assessed], dtype=object),
            "covered": [p.final.covered for p in assessed],
        }
    )
    # A stable sort keeps the catalogue's order among targets due in the same year.
    frame = frame.sort_values("target_year", ascending=False, kind="stable")
    return frame.drop_duplicates(["indicator", "country"]).astype({"covered": "float64"})
