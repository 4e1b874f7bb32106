"""Year-on-year jumps and falls beyond what an indicator's history makes plausible: warnings,
never refusals (a break in a series is often real data, but it should not pass unremarked).

The rule, per indicator, over the charted values of each country in year order (the file's
rows, with the values charted now for the same indicators around them):

- the change per year between consecutive values (divided by the gap when years are missing);
  for an indicator with no maximum (counts, amounts), its growth (the log of the ratio, per
  year), so a large country's ordinary change is not read against a small one's;
- its typical value: the median change, and the median distance of the changes above it and
  of those below it, taken apart ("double MAD"), because growth series rise faster and more
  often than they fall; for a count, those of the same year where PEERS countries have one,
  because a count may grow tenfold in a year everywhere (internet users in the 1990s);
- a change is flagged beyond K of those distances on its side of the median, and beyond a
  floor (FLOOR of the indicator's range per year) so a flat series does not flag every wiggle;
- an indicator with fewer than MIN_CHANGES changes has no history to judge by: nothing flagged.

A flagged change is warned on the file's row (the later of the two when both are in the
file), unless that row carries a note (the note is where the reason is written, and the
bundled data holds one on every such row: tests/test_data.py) or gives the value charted now
(it changes nothing: a World Bank file brought again is not warned of the jumps it holds).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from metrics.errors import Figure, Problem
from metrics.models import Indicator

# Chosen on the bundled internet_users series (1,746 changes, median +0.3 points a year, the
# median rise above it 1.4 and fall below it 0.3): 5.5 puts the line for a rise at 8 points
# a year, where language-review.md §1 (d) draws it, and the floor (5 points) the line for a
# fall. It flags 42 of those changes; the e-government scores and ranks, 1 to 3 each.
K = 5.5
FLOOR = 0.05  # of the indicator's range (maximum - minimum); for a count, a growth of about 5%
MIN_CHANGES = 10
SAMPLE = 100_000
PEERS = 10  # countries with a change in one year, for that year's figures to stand alone
# Jumps listed one by one; the rest are counted. A file with more than a thousand is a file of
# another kind (a new series, noise), and its first thousand say so as well as ten thousand.
LISTED = 1_000


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
    charted_rows = ~rows["alternative"].to_numpy()
    if not charted_rows.any():
        return []
    # Strings become integer codes once (Arrow factorizes a million cells in milliseconds);
    # the values charted now take the same codes, and new ones after them.
    ind_codes, ind_names = pd.factorize(rows["indicator"])
    country_codes, country_names = pd.factorize(rows["country"])
    at = np.flatnonzero(charted_rows)  # each row's position in `rows`
    ind, country = ind_codes[at], country_codes[at]
    year = rows["year"].to_numpy(dtype="int64")[at]
    value = rows["value"].to_numpy(dtype="float64")[at]
    in_file = np.ones(len(at), dtype=bool)
    restated = np.zeros(len(rows), dtype=bool)  # a row giving the value charted now
    if len(charted):
        ind_names, more_ind = _codes(ind_names, charted["indicator"])
        country_names, more_country = _codes(country_names, charted["country"])
        more_year = charted["year"].to_numpy(dtype="int64")
        more_key, mine = _key(more_ind, more_country, more_year), _key(ind, country, year)
        new = ~np.isin(more_key, mine)
        shown = pd.Series(charted["value"].to_numpy(dtype="float64"), index=more_key)
        restated[at] = shown[~shown.index.duplicated()].reindex(mine).to_numpy() == value
        ind = np.r_[ind, more_ind[new]]
        country = np.r_[country, more_country[new]]
        year = np.r_[year, more_year[new]]
        value = np.r_[value, charted["value"].to_numpy(dtype="float64")[new]]
        in_file = np.r_[in_file, np.zeros(int(new.sum()), dtype=bool)]
        at = np.r_[at, np.full(int(new.sum()), -1)]
    key = _key(ind, country, year)
    if (np.diff(key) < 0).any():  # a file comes sorted by key more often than not
        order = np.argsort(key, kind="stable")
        ind, country, year, value = ind[order], country[order], year[order], value[order]
        in_file, at = in_file[order], at[order]

    # Each row against the one before it in the same series.
    same = np.zeros(len(ind), dtype=bool)
    same[1:] = (ind[1:] == ind[:-1]) & (country[1:] == country[:-1])
    before = np.r_[np.nan, value[:-1]]
    gap = year - np.r_[0, year[:-1]]
    limits = [indicators.get(str(i)) for i in ind_names]
    bounded = np.array([_range(i) is not None for i in limits])[ind]
    with np.errstate(divide="ignore", invalid="ignore"):
        change = (value - before) / gap
        change = np.where(bounded, change, np.log(value / before) / gap)
    change[~same | ~np.isfinite(change)] = np.nan

    # The indicator's typical change, and the typical distance from it on each side.
    known = ~np.isnan(change)
    n = len(ind_names)
    # Read from at most SAMPLE changes, evenly spaced: medians of a hundred thousand changes
    # are as sure as of a million, and a large file costs a tenth of it.
    sample = np.flatnonzero(known)[:: max(1, int(known.sum()) // SAMPLE)]
    by = ind[sample]
    median = pd.Series(change[sample]).groupby(by).median().reindex(range(n)).to_numpy()
    center = median[ind]
    dev = change[sample] - center[sample]
    side = by * 2 + (dev > 0)  # 2i: falls below indicator i's median, 2i + 1: rises above
    spread = pd.Series(np.abs(dev)[dev != 0]).groupby(side[dev != 0]).median()
    spread = spread.reindex(range(2 * n), fill_value=0).to_numpy()
    rise, fall = spread[1::2][ind], spread[0::2][ind]
    # A count grows by multiples in some years everywhere (internet users in the 1990s) and
    # by a few percent in others: its change is read against the same year's changes, where
    # PEERS countries have one.
    if (~bounded).any():
        when = ind.astype(np.int64) * 1_000 + (year - 1900)
        frame = pd.DataFrame({"when": when[sample], "change": change[sample]})
        peers = frame.groupby("when")["change"].agg(["median", "size"])
        peers = peers[peers["size"] >= PEERS]
        frame["dev"] = frame["change"] - frame["when"].map(peers["median"])
        up = frame[frame["dev"] > 0].groupby("when")["dev"].median()
        down = -frame[frame["dev"] < 0].groupby("when")["dev"].median()
        # One slot per indicator and year: each row finds its year's figures by position.
        table = np.zeros((3, n * 1_000))
        table[0] = np.nan
        table[0, peers.index.to_numpy()] = peers["median"].to_numpy()
        table[1, up.index.to_numpy()] = up.to_numpy()
        table[2, down.index.to_numpy()] = down.to_numpy()
        slots = table[:, when]
        yearly = ~bounded & ~np.isnan(slots[0])
        center = np.where(yearly, slots[0], center)
        rise = np.where(yearly, slots[1], rise)
        fall = np.where(yearly, slots[2], fall)
    floors = np.array([FLOOR * (_range(i) or 1.0) for i in limits])[ind]
    high = center + np.maximum(K * rise, floors)
    low = center - np.maximum(K * fall, floors)
    judged = np.bincount(ind[known], minlength=n) >= MIN_CHANGES
    with np.errstate(invalid="ignore"):
        flagged = known & judged[ind] & ((change > high) | (change < low))
    later = np.flatnonzero(flagged)
    # The file's row of each pair, the later when both are the file's.
    warned = np.where(in_file[later], later, later - 1)
    keep = in_file[warned]
    later, warned = later[keep], warned[keep]
    # Its note gives the reason; or it restates the charted value, and changes nothing.
    quiet = (rows["note"].take(at[warned]).to_numpy() != "") | restated[at[warned]]
    later, warned = later[~quiet], warned[~quiet]
    unlisted = len(later) - LISTED

    # Only the rows listed become Problems; each column is read once, as Python values.
    later, warned = later[:LISTED], warned[:LISTED]
    other = np.where(warned == later, later - 1, later)
    charted_year = np.where(in_file[other], 0, year[other]).tolist()
    relative = (~bounded[later]).tolist()
    found: list[Problem] = []
    for file, line, cell, v1, y1, v2, y2, d, lo, hi, rel, seen in zip(
        rows["file"].take(at[warned]).tolist(),
        rows["line"].take(at[warned]).tolist(),
        value[warned].tolist(),
        value[later - 1].tolist(),
        year[later - 1].tolist(),
        value[later].tolist(),
        year[later].tolist(),
        *(_shown(x[later], bounded[later]).tolist() for x in (change, low, high)),
        relative,
        charted_year,
        strict=True,
    ):
        params: dict[str, object] = {
            "first": Figure(v1),
            "first_year": y1,
            "second": Figure(v2),
            "second_year": y2,
            "change": Figure(d, signed=True, percent=rel),
            "low": Figure(lo, signed=True, percent=rel),
            "high": Figure(hi, signed=True, percent=rel),
        }
        if seen:
            params["charted"] = seen
        found.append(
            Problem("jump", file or name, line, "value", f"{cell:.10g}", params, "warning")
        )
    if unlisted > 0:
        more = {"count": f"{unlisted:,}"}
        found.append(Problem("more_problems", name, params=more, severity="warning"))
    return found


def _codes(names: pd.Index, column: pd.Series) -> tuple[pd.Index, np.ndarray]:
    """`column`'s cells as codes into `names`, which gains the cells it lacked."""
    codes = names.get_indexer(column)
    if (codes < 0).any():
        extra = pd.Index(column[codes < 0].unique())
        names = names.append(extra)
        codes = names.get_indexer(column)
    return names, codes


def _key(ind: np.ndarray, country: np.ndarray, year: np.ndarray) -> np.ndarray:
    """One integer per (indicator, country, year), ordered as they sort (years 1950-2100)."""
    return (ind.astype(np.int64) * 100_000 + country) * 1_000 + (year - 1900)


def _shown(change: np.ndarray, bounded: np.ndarray) -> np.ndarray:
    """A change as the reader takes it: in the indicator's unit, or for a count as growth
    (a log ratio of 0.69 a year is +100% a year)."""
    return np.where(bounded, change, np.expm1(change))


def _range(indicator: Indicator | None) -> float | None:
    """How far the indicator's values may spread; None for counts and amounts (no maximum),
    whose changes are compared as shares of the earlier value."""
    if indicator is None or indicator.maximum is None:
        return None
    return indicator.maximum - (indicator.minimum or 0)
