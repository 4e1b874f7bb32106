"""The partners' maps draw in Chromium with the network cut off at loopback."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from metrics import countries
from tests.browser.conftest import ARTIFACTS, pick, wait_for_app

SHAPES = "path.choroplethlocation"


def wait_for_shapes(page: Page, chart: int, at_least: int) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('[data-testid=stPlotlyChart]')[{chart}]"
        f".querySelectorAll('{SHAPES}').length >= {at_least}",
        timeout=20_000,
    )


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_partner_maps_draw_their_country_shapes_offline(
    offline_page: Page, app_url: str, lang: str
) -> None:
    page = offline_page
    page.goto(f"{app_url}/partners?lang={lang}")
    wait_for_app(page)
    charts = page.get_by_test_id("stPlotlyChart")
    expect(charts).to_have_count(3, timeout=20_000)
    partners, africa = charts.nth(0), charts.nth(1)
    # Morocco and its three partners: one shape each.
    expect(partners.locator(SHAPES)).to_have_count(4, timeout=20_000)
    # Every African country with a value and a shape at this scale (not Mauritius, Seychelles).
    wait_for_shapes(page, 1, 50)
    assert africa.locator(SHAPES).count() <= len(countries.AFRICA) - 2
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
    wait_for_shapes(page, 1, 50)
