"""Year-on-year jumps and falls beyond what an indicator's history makes plausible: warnings,
never refusals (a break in a series is often real data, but it should not pass unremarked).

The rule, per indicator, over the charted values of each country in year order (the file's
rows, with the values charted now for the same indicators around them):

- the change per year between consecutive values (divided by the gap when years are missing);
  for an indicator with no maximum (counts, amounts), the change as a share of the earlier
  value, so a large country's ordinary change is not read against a small one's;
- its typical value: the median change, and the median distance of the changes above it and
  of those below it, taken apart ("double MAD"), because growth series rise faster and more
  often than they fall;
- a change is flagged beyond K of those distances on its side of the median, and beyond a
  floor (FLOOR of the indicator's range per year) so a flat series does not flag every wiggle;
- an indicator with fewer than MIN_CHANGES changes has no history to judge by: nothing flagged.

A flagged change is warned on the file's row (the later of the two when both are in the
file), unless that row carries a note: the note is where the reason is written, and the
bundled data holds one on every such row (tests/test_data.py).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from metrics.errors import Figure, Problem
from metrics.limits import MAX_PROBLEMS
from metrics.models import Indicator

# Chosen on the bundled internet_users series (1,746 changes, median +0.3 points a year, the
# median rise above it 1.4 and fall below it 0.3): 5.5 puts the line for a rise at 8 points
# a year, where language-review.md §1 (d) draws it, and the floor (5 points) the line for a
# fall. It flags 42 of those changes; the e-government scores and ranks, 2 to 3 each.
K = 5.5
FLOOR = 0.05  # of the indicator's range (maximum - minimum), or 5% a year when it has no maximum
MIN_CHANGES = 10


def find(
    rows: pd.DataFrame,
    charted: pd.DataFrame,
    indicators: Mapping[str, Indicator],
    name: str,
) -> list[Problem]:
    """Warnings for the charted rows of `rows` (a validated file, models.OBSERVATION_DTYPES)
    whose change from the value before or to the value after is implausible. `charted` holds
    the values charted now for the same indicators; a row of the file replaces one of them
    with the same key."""
    mine = rows[~rows["alternative"].to_numpy()]
    if mine.empty:
        return []
    parts = [_series(mine, True)]
    if len(charted):
        other = _series(charted, False)
        taken = pd.MultiIndex.from_arrays([mine["indicator"], mine["country"], mine["year"]])
        key = pd.MultiIndex.from_arrays([other["indicator"], other["country"], other["year"]])
        parts.append(other[~key.isin(taken)])
    every = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    ind_codes, ind_names = pd.factorize(every["indicator"])
    country_codes = pd.factorize(every["country"])[0]
    year = every["year"].to_numpy(dtype="int64")
    order = np.lexsort((year, country_codes, ind_codes))
    ind, country, year = ind_codes[order], country_codes[order], year[order]
    value = every["value"].to_numpy(dtype="float64")[order]
    in_file = every["in_file"].to_numpy()[order]
    at = every["at"].to_numpy()[order]

    # Each row against the one before it in the same series.
    same = np.zeros(len(order), dtype=bool)
    same[1:] = (ind[1:] == ind[:-1]) & (country[1:] == country[:-1])
    before = np.r_[np.nan, value[:-1]]
    gap = year - np.r_[0, year[:-1]]
    limits = [indicators.get(str(i)) for i in ind_names]
    bounded = np.array([_range(i) is not None for i in limits])[ind]
    with np.errstate(divide="ignore", invalid="ignore"):
        change = (value - before) / gap
        change = np.where(bounded, change, change / np.abs(before))
    change[~same | ~np.isfinite(change)] = np.nan

    # The indicator's typical change, on each side of its median.
    known = ~np.isnan(change)
    per = pd.DataFrame({"ind": ind[known], "change": change[known]})
    median = per.groupby("ind")["change"].median()
    per["dev"] = per["change"] - per["ind"].map(median).to_numpy()
    rise = per[per["dev"] > 0].groupby("ind")["dev"].median()
    fall = -per[per["dev"] < 0].groupby("ind")["dev"].median()
    count = per.groupby("ind").size()
    n = len(ind_names)
    floors = np.array([FLOOR * (_range(i) or 1.0) for i in limits])
    med = median.reindex(range(n)).to_numpy()
    high = med + np.maximum(K * rise.reindex(range(n), fill_value=0).to_numpy(), floors)
    low = med - np.maximum(K * fall.reindex(range(n), fill_value=0).to_numpy(), floors)
    judged = count.reindex(range(n), fill_value=0).to_numpy() >= MIN_CHANGES
    with np.errstate(invalid="ignore"):
        flagged = known & judged[ind] & ((change > high[ind]) | (change < low[ind]))
    later = np.flatnonzero(flagged)
    # The file's row of each pair, the later when both are the file's.
    warned = np.where(in_file[later], later, later - 1)
    keep = in_file[warned]
    later, warned = later[keep], warned[keep]
    noted = mine["note"].to_numpy()[at[warned]] != ""
    later, warned = later[~noted], warned[~noted]

    files = mine["file"].to_numpy()
    lines = mine["line"].to_numpy()
    found: list[Problem] = []
    for after, row in zip(later[:MAX_PROBLEMS], warned[:MAX_PROBLEMS], strict=True):
        i = ind[after]
        relative = not bounded[after]
        params = {
            "first": Figure(float(value[after - 1])),
            "first_year": int(year[after - 1]),
            "second": Figure(float(value[after])),
            "second_year": int(year[after]),
            "change": Figure(float(change[after]), signed=True, percent=relative),
            "low": Figure(float(low[i]), signed=True, percent=relative),
            "high": Figure(float(high[i]), signed=True, percent=relative),
        }
        other = after - 1 if row == after else after
        if not in_file[other]:
            params["charted"] = int(year[other])
        found.append(
            Problem(
                "jump",
                str(files[at[row]]) if files[at[row]] else name,
                int(lines[at[row]]),
                "value",
                f"{value[row]:.10g}",
                params,
                "warning",
            )
        )
    if len(later) > MAX_PROBLEMS:
        more = {"count": f"{len(later) - MAX_PROBLEMS:,}"}
        found.append(Problem("more_problems", name, params=more, severity="warning"))
    return found


def _series(rows: pd.DataFrame, in_file: bool) -> pd.DataFrame:
    """The columns the rule reads, and where each row is in its own frame."""
    return pd.DataFrame(
        {
            "indicator": rows["indicator"].to_numpy(),
            "country": rows["country"].to_numpy(),
            "year": rows["year"].to_numpy(dtype="int64"),
            "value": rows["value"].to_numpy(dtype="float64"),
            "in_file": in_file,
            "at": np.arange(len(rows)) if in_file else -1,
        }
    )


def _range(indicator: Indicator | None) -> float | None:
    """How far the indicator's values may spread; None for counts and amounts (no maximum),
    whose changes are compared as shares of the earlier value."""
    if indicator is None or indicator.maximum is None:
        return None
    return indicator.maximum - (indicator.minimum or 0)
