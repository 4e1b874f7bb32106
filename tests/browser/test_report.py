"""The offline report: one HTML file, opened from disk with every request refused, draws every
chart (the map's country shapes included) in the language's direction."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import Page, Route, expect

from metrics import i18n
from metrics.catalog import Catalog
from metrics.deck import ChartSpec, slide
from metrics.report import html_report
from tests.browser.conftest import screenshot

CHARTS = [
    "series:internet_users:MAR,TUN,MLI,CIV:2010-2023:line",
    "target:dm2030_gdp_contribution",
    "map:internet_users",
]
DRAWN = (
    "() => [...document.querySelectorAll('.js-plotly-plot')]"
    ".filter(d => d.querySelector('.main-svg')).length"
)
SHAPES = "() => document.querySelectorAll('#chart-3 path.choroplethlocation').length"


@pytest.mark.parametrize("lang", ["ar", "fr"])
def test_the_report_draws_every_chart_from_disk_with_no_network(
    page: Page, catalog: Catalog, tmp_path: Path, lang: str
) -> None:
    slides = [slide(ChartSpec.parse(c), catalog, lang) for c in CHARTS]
    path = tmp_path / f"talk-{lang}.html"
    path.write_text(html_report(slides, lang, "AUSIM", dt.date(2026, 12, 1)), encoding="utf-8")
    refused: list[str] = []

    def refuse(route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort("internetdisconnected")

    page.route("**/*", refuse)
    page.goto(path.as_uri())
    expect(page.locator(".js-plotly-plot .main-svg").first).to_be_visible()
    page.wait_for_function(f"({DRAWN})() === {len(CHARTS)}")
    page.wait_for_function(f"({SHAPES})() > 40")  # the Africa map, drawn from the file itself
    assert page.evaluate("() => document.documentElement.dir") == i18n.direction(lang)
    expect(page.locator("h2").first).to_have_text(slides[0].title)
    expect(page.locator(".sources").first).to_contain_text(slides[0].sources[0].title)
    screenshot(page, f"report-{lang}")
    assert refused == []
