"""The partners' maps draw in Chromium with the network cut off at loopback."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from metrics import countries, maps
from metrics.bundled import load_bundled
from tests.browser.conftest import ARTIFACTS, pick, wait_for_app

BASE_MAP = maps.BASE_MAP


def drawn(chart: int) -> str:
    """JavaScript counting the country shapes a chart drew: Plotly also makes an empty path
    for a location its base map lacks, so only paths with an outline count."""
    return (
        f"[...document.querySelectorAll('[data-testid=stPlotlyChart]')[{chart}]"
        ".querySelectorAll('path.choroplethlocation')]"
        ".filter(p => (p.getAttribute('d') || '').length > 0).length"
    )


def wait_for_shapes(page: Page, chart: int, count: int) -> None:
    page.wait_for_function(f"{drawn(chart)} >= {count}")
    assert page.evaluate(drawn(chart)) == count


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_partner_maps_draw_their_country_shapes_offline(
    offline_page: Page, app_url: str, lang: str
) -> None:
    page = offline_page
    page.goto(f"{app_url}/partners?lang={lang}")
    wait_for_app(page)
    charts = page.get_by_test_id("stPlotlyChart")
    expect(charts).to_have_count(3)
    partners, africa = charts.nth(0), charts.nth(1)
    # Morocco and the three countries the press report names: one shape each.
    wait_for_shapes(page, 0, 4)
    # Every African country with a value in the map's year that the base map can draw.
    catalog = load_bundled()
    rows = catalog.series("internet_users")
    year = maps.best_year(rows, "internet_users")
    valued = set(rows.loc[rows["year"] == year, "country"]) & set(countries.AFRICA)
    wait_for_shapes(page, 1, len(valued & maps.shapes(BASE_MAP)))
    assert len(valued & maps.shapes(BASE_MAP)) >= 45
    # The base map itself came from the app: land drawn, no error shown.
    expect(
        partners.locator(".geolayer .bglayer path, .geolayer .layer.land path").first
    ).to_be_attached()
    assert page.get_by_test_id("stException").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    partners.screenshot(path=str(ARTIFACTS / f"partners-map-{lang}.png"))
    africa.scroll_into_view_if_needed()
    africa.screenshot(path=str(ARTIFACTS / f"africa-map-{lang}.png"))


def test_changing_the_indicator_redraws_the_map(offline_page: Page, app_url: str) -> None:
    page = offline_page
    page.goto(f"{app_url}/partners")
    wait_for_app(page)
    pick(page, page.get_by_test_id("stSelectbox").first, "E-Government Development Index")
    africa = page.get_by_test_id("stPlotlyChart").nth(1)
    expect(africa.locator(".gtitle")).to_contain_text("E-Government Development Index")
    page.wait_for_function(f"{drawn(1)} >= 45")
