"""No figure sends more than 1 MB of JSON to the browser, whatever the store holds: Explore draws
at most charts.MAX_COUNTRIES countries, and says so when more are chosen."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from metrics import charts, countries, i18n
from metrics.catalog import Catalog
from metrics.validate import FIRST_YEAR, LAST_YEAR
from tests.test_app import figures, open_page, shown_text

MEGABYTE = 1_000_000


@pytest.mark.parametrize("kind", ["line", "bar"])
@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_the_heaviest_explore_chart_stays_under_a_megabyte(
    catalog: Catalog, kind: str, lang: str
) -> None:
    # The countries with the longest names, every year a file may hold, every value a range
    # and a "more than", with as many digits as a float prints.
    codes = sorted(countries.AFRICA, key=lambda c: -len(countries.name(c, lang)))
    codes = codes[: charts.MAX_COUNTRIES]
    years = np.arange(FIRST_YEAR, LAST_YEAR + 1)
    grid = pd.MultiIndex.from_product([codes, years], names=["country", "year"]).to_frame(
        index=False
    )
    values = np.random.default_rng(1).uniform(1e5, 1e6, len(grid))
    rows = grid.assign(
        indicator="internet_users",
        value=values,
        high=values * 1.123456789,
        lower_bound=True,
        estimate=True,
    )
    figure = charts.series_figure(rows, catalog.indicators["internet_users"], lang, kind)
    size = len(figure.to_json().encode())
    assert len(figure.data) == charts.MAX_COUNTRIES
    assert size <= MEGABYTE, f"{size:,} bytes"


def test_explore_draws_at_most_its_limit_and_says_so(catalog: Catalog) -> None:
    available = catalog.countries_of("internet_users")
    assert len(available) > charts.MAX_COUNTRIES + 10
    chosen = available[: charts.MAX_COUNTRIES + 10]
    at = open_page("views/explore.py", indicator="internet_users", countries_internet_users=chosen)
    (figure,) = figures(at)
    drawn = {trace["name"] for trace in figure["data"]}
    assert drawn == {countries.name(c, "en") for c in chosen[: charts.MAX_COUNTRIES]}
    said = i18n.t("explore.too_many", "en", shown=charts.MAX_COUNTRIES, chosen=len(chosen))
    assert said in shown_text(at)
    assert len(at.dataframe[0].value) > len(figure["data"][0]["x"]) * charts.MAX_COUNTRIES
