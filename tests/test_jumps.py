"""The plausibility rule for year-on-year changes (metrics/jumps.py), on series made up here:
what it flags, what it leaves alone, and which row it names."""

from __future__ import annotations

import pandas as pd
import pytest

from metrics import jumps
from metrics.catalog import Catalog
from metrics.models import empty_observations
from metrics.store.batches import complete

SHARE = "internet_users"  # a share, 0 to 100: changes in points
COUNT = "ausim_participants"  # a count, no maximum: changes as shares of the earlier value


def rows(series: dict[str, list[tuple[int, float]]], indicator: str = SHARE) -> pd.DataFrame:
    """Observation rows, one line each in "f.csv" from line 2, country by country."""
    cells = [(c, y, v) for c, points in series.items() for y, v in points]
    frame = pd.DataFrame(
        {
            "indicator": indicator,
            "country": [c for c, _, _ in cells],
            "year": [y for _, y, _ in cells],
            "value": [v for _, _, v in cells],
            "line": range(2, 2 + len(cells)),
        }
    )
    return complete(frame, "f.csv")  # the other columns as the store fills them


def steady(start: float, step: float, years: range) -> list[tuple[int, float]]:
    return [(y, start + step * (y - years.start)) for y in years]


# Twelve countries rising 1 to 2.1 points a year from 2010 to 2015: a history of 60 changes.
HISTORY = {c: steady(10, 1 + i / 10, range(2010, 2016)) for i, c in enumerate("ABCDEFGHIJKL")}


def found(frame: pd.DataFrame, catalog: Catalog) -> list[tuple[int, int, int]]:
    problems = jumps.find(frame, empty_observations(), catalog.indicators, "f.csv")
    return [(p.row or 0, p.params["first_year"], p.params["second_year"]) for p in problems]


def test_a_jump_far_beyond_the_history_is_flagged_on_its_later_row(catalog: Catalog) -> None:
    frame = rows({**HISTORY, "MAR": [(2010, 10.0), (2011, 11.0), (2012, 30.0), (2013, 31.0)]})
    assert found(frame, catalog) == [(2 + 72 + 2, 2011, 2012)]


def test_a_fall_is_flagged_too(catalog: Catalog) -> None:
    frame = rows({**HISTORY, "MAR": [(2010, 40.0), (2011, 41.0), (2012, 33.0)]})
    assert found(frame, catalog) == [(2 + 72 + 2, 2011, 2012)]


def test_a_change_across_missing_years_is_divided_by_the_gap(catalog: Catalog) -> None:
    """+20 points over five years is 4 a year: within the floor (5% of 0-100 a year)."""
    frame = rows({**HISTORY, "MAR": [(2010, 10.0), (2015, 30.0)]})
    assert found(frame, catalog) == []
    frame = rows({**HISTORY, "MAR": [(2010, 10.0), (2012, 30.0)]})
    assert found(frame, catalog) == [(2 + 72 + 1, 2010, 2012)]


def test_a_flat_history_does_not_flag_every_wiggle(catalog: Catalog) -> None:
    """Every series flat, one moving 3 points: far beyond a zero spread, within the floor."""
    flat = {c: steady(50, 0, range(2010, 2016)) for c in "ABCDEFGHIJKL"}
    frame = rows({**flat, "MAR": [(2010, 50.0), (2011, 53.0)]})
    assert found(frame, catalog) == []


def test_too_little_history_judges_nothing(catalog: Catalog) -> None:
    frame = rows({"MAR": [(2010, 1.0), (2011, 2.0), (2012, 90.0)]})
    assert found(frame, catalog) == []


def test_counts_are_compared_as_growth(catalog: Catalog) -> None:
    """A large country's ordinary 10% is not a jump beside small ones' 5 to 15%; a doubling
    is, and reads as +100% a year."""
    small = {
        c: [(y, 100 * (1.05 + i / 100) ** (y - 2010)) for y in range(2010, 2016)]
        for i, c in enumerate("ABCDEFGHIJK")
    }
    large = {"FRA": [(y, 1e6 * 1.1 ** (y - 2010)) for y in range(2010, 2016)]}
    frame = rows({**small, **large, "MAR": [(2010, 100.0), (2011, 200.0)]}, COUNT)
    (problem,) = jumps.find(frame, empty_observations(), catalog.indicators, "f.csv")
    assert (problem.params["first_year"], problem.params["second_year"]) == (2010, 2011)
    assert problem.params["change"].percent and problem.params["change"].value == pytest.approx(1)


def test_an_alternative_row_is_not_part_of_the_series(catalog: Catalog) -> None:
    frame = rows({**HISTORY, "MAR": [(2010, 10.0), (2011, 11.0), (2012, 30.0)]})
    frame.loc[frame.index[-1], "alternative"] = True
    assert found(frame, catalog) == []


def test_a_count_is_read_against_the_same_years_growth(catalog: Catalog) -> None:
    """Where every country doubles in one year (the internet's early years), so may this one;
    the same doubling in a year of 5 to 15% growth is a jump."""
    years = range(2010, 2016)
    grown = {
        c: [(y, 100 * (1.05 + i / 100) ** (y - 2010) * (2 if y >= 2012 else 1)) for y in years]
        for i, c in enumerate("ABCDEFGHIJK")
    }
    frame = rows({**grown, "MAR": [(2011, 100.0), (2012, 200.0)]}, COUNT)
    assert found(frame, catalog) == []
    frame = rows({**grown, "MAR": [(2013, 100.0), (2014, 200.0)]}, COUNT)
    assert [(a, b) for _, a, b in found(frame, catalog)] == [(2013, 2014)]
