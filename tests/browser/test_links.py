"""Shareable views: Explore, Targets and Partners keep their state in the URL, as ids and
codes with the language, so a copied link reopens the same view, after any change."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import Page, expect

from tests.browser.conftest import wait_for_app

TRACE_TYPE = "() => document.querySelector('.js-plotly-plot').data[0].type"


def params(page: Page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


def chips(page: Page, label: str) -> list[str]:
    """The options chosen in a multiselect, as its chips show them."""
    box = page.get_by_test_id("stMultiSelect").filter(has_text=label)
    return [t.strip() for t in box.locator("[data-tag] span[title]").all_inner_texts()]


def slider_values(page: Page, label: str) -> list[str]:
    slider = page.get_by_test_id("stSlider").filter(has_text=label)
    return slider.get_by_test_id("stSliderThumbValue").all_inner_texts()


def reload_same(page: Page) -> dict[str, str]:
    before = params(page)
    page.goto(page.url)  # the link as copied: a new session, the URL alone
    wait_for_app(page)
    expect(page.locator("h1")).to_be_visible()
    assert params(page) == before
    return before


def test_an_explore_link_reopens_the_same_chart(page: Page, app_url: str) -> None:
    page.goto(
        f"{app_url}/explore?lang=fr&indicator=internet_users&countries=MAR,TUN,XXX"
        "&years=2010-2020&kind=bar"
    )
    wait_for_app(page)
    assert chips(page, "Pays") == ["Maroc", "Tunisie"]  # an unknown code is dropped
    assert slider_values(page, "Années") == ["2010", "2020"]
    assert page.evaluate(TRACE_TYPE) == "bar"
    assert params(page)["countries"] == "MAR,TUN"

    # A change goes into the URL; the link then reopens the changed view.
    page.get_by_role("radio", name="Courbes").or_(
        page.get_by_text("Courbes", exact=True)
    ).first.click()
    wait_for_app(page)
    page.get_by_test_id("stMultiSelect").locator("[data-tag]").filter(has_text="Tunisie").locator(
        "button"
    ).click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"countries=MAR(&|$)"))
    assert params(page)["kind"] == "line"
    assert page.evaluate(TRACE_TYPE) == "scatter"
    reload_same(page)
    assert chips(page, "Pays") == ["Maroc"]
    assert slider_values(page, "Années") == ["2010", "2020"]


def test_a_targets_link_reopens_the_same_filters_and_target(page: Page, app_url: str) -> None:
    page.goto(
        f"{app_url}/targets?lang=en&themes=connectivity,economy&method=growth"
        "&target=dm2030_gdp_contribution&strategy=digital_morocco_2030&compare=osi_rank_africa"
    )
    wait_for_app(page)
    assert chips(page, "Themes") == ["Connectivity", "Economy"]
    assert params(page)["target"] == "dm2030_gdp_contribution"
    assert params(page)["method"] == "growth"
    assert params(page)["strategy"] == "digital_morocco_2030"
    assert params(page)["compare"] == "osi_rank_africa"
    compared = page.get_by_test_id("stPlotlyChart").last.locator(".gtitle")
    expect(compared).to_have_text("UN Online Service Index rank in Africa")
    reload_same(page)
    assert chips(page, "Themes") == ["Connectivity", "Economy"]
    expect(compared).to_have_text("UN Online Service Index rank in Africa")
    # A strategy the catalogue does not hold falls back to Digital Morocco 2030, said in the URL.
    page.goto(f"{app_url}/targets?lang=en&strategy=tunisie_2035")
    wait_for_app(page)
    expect(page.locator("h1")).to_have_text("Progress toward Digital Morocco 2030")
    expect(page).to_have_url(re.compile(r"strategy=digital_morocco_2030(&|$)"))


def test_a_partners_link_reopens_the_same_map(page: Page, app_url: str) -> None:
    page.goto(f"{app_url}/partners?lang=en&indicator=egdi_score&year=2022")
    wait_for_app(page)
    assert params(page)["indicator"] == "egdi_score" and params(page)["year"] == "2022"
    reload_same(page)
    assert params(page)["year"] == "2022"
