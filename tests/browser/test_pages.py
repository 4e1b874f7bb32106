from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from dashboard import pages
from tests.browser.conftest import pick, screenshot, wait_for_app

# page url path -> plotly charts it must draw
# The default page (Overview) lives at /.
# A deck's pages open with the deck their link holds.
DECK = "deck=series:internet_users:MAR,TUN|map:internet_users"
PAGES = {"": 3, "targets": 2, "footprint": 8, "partners": 3, "explore": 1, "forum": 1, "sources": 0}
PAGES |= {f"deck?{DECK}": 0, f"present?{DECK}": 1}


def name(path: str) -> str:
    return path.split("?")[0] or pages.PAGES[0].name


def test_every_page_a_visitor_reads_is_checked() -> None:
    readers = {p.name for p in pages.PAGES if not p.editors and p.name != "signin"}
    assert {name(path) for path in PAGES} == readers


# Charts that drew something: a bar or line path in a plot area, or a country shape on a map.
DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
    .filter(c => c.querySelectorAll(
        '.cartesianlayer .trace path, .geolayer path.choroplethlocation').length > 0).length"""


@pytest.mark.parametrize(("path", "charts"), PAGES.items())
def test_every_page_draws_its_charts_offline(
    offline_page: Page, app_url: str, path: str, charts: int
) -> None:
    page = offline_page
    page.goto(f"{app_url}/{path}")
    wait_for_app(page)
    expect(page.get_by_test_id("stHeading").first).to_be_visible()
    if charts:
        expect(page.get_by_test_id("stPlotlyChart")).to_have_count(charts)
        page.wait_for_function(f"({DRAWN})() >= {charts}")
    assert page.evaluate(DRAWN) == charts
    assert page.get_by_test_id("stException").count() == 0
    screenshot(page, f"page-{name(path)}")


EGDI_TITLE = re.compile("E-Government Development Index rank")


def test_explore_search_changes_chart_and_url(offline_page: Page, app_url: str) -> None:
    page = offline_page
    page.goto(f"{app_url}/explore")
    wait_for_app(page)
    pick(page, page.get_by_test_id("stSelectbox").first, "E-Government Development Index rank")
    expect(page).to_have_url(re.compile(r"indicator=egdi_rank"))
    # A list asserts the count too: the previous chart must be gone, not merely outnumbered.
    expect(page.locator("[data-testid='stPlotlyChart'] .gtitle")).to_have_text([EGDI_TITLE])
    page.reload()
    wait_for_app(page)
    # A list asserts the count too: the previous chart must be gone, not merely outnumbered.
    expect(page.locator("[data-testid='stPlotlyChart'] .gtitle")).to_have_text([EGDI_TITLE])
    screenshot(page, "explore-egdi-rank")


def test_choosing_a_target_opens_its_chart(offline_page: Page, app_url: str) -> None:
    page = offline_page
    page.goto(f"{app_url}/targets")
    wait_for_app(page)
    opened = page.get_by_test_id("stSelectbox").filter(has_text="Target to open")
    pick(page, opened, "270,000 offshoring jobs")
    expect(page).to_have_url(re.compile(r"target=dm2030_offshoring_jobs"))
    # The opened target's chart; the comparison across strategies follows it.
    chart = page.get_by_test_id("stPlotlyChart").first
    expect(chart.locator(".gtitle")).to_have_text([re.compile("270,000 offshoring jobs")])
    # observed line, baseline, dashed projection, milestone diamond and target star are drawn
    expect(chart.locator(".legendtext")).to_have_text(
        ["Published values", "Baseline", "Projection at the observed pace", "Milestone", "Target"]
    )
    dashed = chart.locator(".scatterlayer .trace path.js-line[style*='stroke-dasharray']")
    expect(dashed).to_have_count(1)
    expect(
        page.get_by_text("reaching it needs a change of +20,250 a year from 2024 on")
    ).to_be_visible()
    screenshot(page, "target-offshoring-jobs")
