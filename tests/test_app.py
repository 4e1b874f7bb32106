from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from metrics.catalog import Catalog
from tests.conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")
PAGES = ["views/overview.py", "views/explore.py", "views/sources.py"]
RAW_KEY = re.compile(r"\b(?:overview|explore|sources|nav|column|problem|theme)\.[a-z_.]+\b")


def open_page(page: str | None = None, **state: str) -> AppTest:
    """Run the app, switch to `page`, and set widget state by key. (AppTest drops query
    params on a page switch, as the sidebar does; the URL itself is tested in Chromium.)"""
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    if page:
        at.switch_page(page)
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def shown_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [t.value for t in at.title] + [s.value for s in at.subheader]
    parts += [m.label for m in at.metric] + [str(m.value) for m in at.metric]
    return "\n".join(parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_and_shows_no_raw_key(page: str) -> None:
    at = open_page(page)
    assert at.title, "each page starts with a title"
    assert not RAW_KEY.search(shown_text(at)), RAW_KEY.findall(shown_text(at))


def test_overview_headline_cards(catalog: Catalog) -> None:
    at = open_page()
    cards = {m.label: m.value for m in at.metric}
    assert cards["Participants, AUSIM forum 2024"] == "more than 1,100"
    assert cards["Footprint from making equipment"] == "78%"
    assert cards["New partner countries"] == "3"
    with_data, total = len(catalog.targets_with_data()), len(catalog.targets)
    assert 0 < with_data < total
    assert cards["Digital Morocco 2030 targets with data"] == f"{with_data} of {total}"
    assert "Mali, Côte d’Ivoire, Tunisia" in [c.value for c in at.caption]
    # each card cites its source on hover
    helps = [m.proto.help for m in at.metric]
    assert all(helps), helps
    assert "ADEME" in helps[1] or "Arcep" in helps[1]


def test_overview_charts_tell_the_story() -> None:
    at = open_page()
    specs = figures(at)
    assert len(specs) == 3
    participants, internet, egdi = specs
    bars = participants["data"][0]
    assert bars["x"] == ["2014", "2016", "2018", "2022", "2024"]
    assert bars["text"] == ["", "more than 500", "about 650", "", "more than 1,100"]
    assert bars["y"][3] is None  # the 6th edition (2022) published no count
    notes = [(a["text"], bars["x"][a["x"]]) for a in participants["layout"]["annotations"]]
    assert notes == [("not published", "2014"), ("not published", "2022")]
    # Morocco first, then its partners, then the world: the same order on every chart
    assert [t["name"] for t in internet["data"]] == [
        "Morocco",
        "Tunisia",
        "Côte d’Ivoire",
        "Mali",
        "World",
    ]
    assert egdi["layout"]["yaxis"]["autorange"] == "reversed"  # rank 1 at the top


def test_explore_follows_the_url_and_shows_sources(catalog: Catalog) -> None:
    at = open_page("views/explore.py", indicator="egdi_rank")
    assert at.selectbox[0].value == "egdi_rank"
    assert at.query_params["indicator"] == "egdi_rank"  # a shareable link
    (spec,) = figures(at)
    assert "E-Government Development Index" in spec["layout"]["title"]["text"]
    table = at.dataframe[0].value
    assert set(table["Country"]) == {"Morocco", "Tunisia", "Mali", "Côte d’Ivoire"}
    morocco_2024 = table[(table["Country"] == "Morocco") & (table["Year"] == 2024)]
    assert morocco_2024["Value"].tolist() == [90]
    assert "How sure" in table.columns
    text = shown_text(at)
    for source in catalog.sources_of("egdi_rank"):
        assert str(source.url) in text
    assert at.get("download_button")


def test_explore_filters_countries_and_years() -> None:
    at = open_page("views/explore.py", indicator="internet_users")
    at.multiselect(key="countries_internet_users").set_value(["MAR", "WLD"]).run()
    at.slider(key="years_internet_users").set_value((2015, 2020)).run()
    table = at.dataframe[0].value
    assert set(table["Country"]) == {"Morocco", "World"}
    assert table["Year"].between(2015, 2020).all()
    assert len(table) == 12
    (spec,) = figures(at)
    assert [t["name"] for t in spec["data"]] == ["Morocco", "World"]


def test_explore_ignores_an_unknown_indicator_in_the_url(catalog: Catalog) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["indicator"] = "no_such_thing"
    at.query_params["lang"] = "xx"
    at.run()
    at.switch_page("views/explore.py").run()
    assert not at.exception
    assert at.selectbox[0].value in catalog.indicators
    assert len(figures(at)) == 1


def test_sources_page_lists_and_searches(catalog: Catalog) -> None:
    at = open_page("views/sources.py")
    assert len(at.dataframe[0].value) == len(catalog.sources)
    at.text_input(key="sources_query").set_value("ADEME").run()
    found = at.dataframe[0].value
    assert 0 < len(found) < len(catalog.sources)
