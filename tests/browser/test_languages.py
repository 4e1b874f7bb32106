from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from metrics import i18n
from tests.browser.conftest import screenshot, wait_for_app

DIRECTION = "() => getComputedStyle(document.querySelector('.stMainBlockContainer')).direction"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_page_direction_follows_the_language(offline_page: Page, app_url: str, lang: str) -> None:
    page = offline_page
    page.goto(f"{app_url}/?lang={lang}")
    wait_for_app(page)
    expect(page.get_by_test_id("stHeading").first).to_have_text(i18n.t("overview.title", lang))
    assert page.evaluate(DIRECTION) == i18n.direction(lang)
    align = page.evaluate(
        "() => getComputedStyle(document.querySelector('.stMainBlockContainer .stMarkdown p'))"
        ".textAlign"
    )
    assert align in ({"start", "right"} if lang == "ar" else {"start", "left"})
    screenshot(page, f"overview-{lang}")


def test_arabic_font_is_served_by_the_app(offline_page: Page, app_url: str) -> None:
    page = offline_page
    fonts: list[str] = []
    page.on(
        "response", lambda r: fonts.append(r.url) if r.url.endswith(".woff2") and r.ok else None
    )
    page.goto(f"{app_url}/?lang=ar")
    wait_for_app(page)
    page.wait_for_function("() => document.fonts.check('16px NotoSansArabic', 'أثر')")
    page.evaluate("() => document.fonts.ready")
    assert any(
        re.search(r"127\.0\.0\.1:\d+/app/static/fonts/NotoSansArabic-\w+\.woff2$", u) for u in fonts
    ), fonts
    family = page.evaluate("() => getComputedStyle(document.querySelector('h1')).fontFamily")
    assert "NotoSansArabic" in family


def test_arabic_chart_is_mirrored_and_saved_for_review(offline_page: Page, app_url: str) -> None:
    page = offline_page
    page.goto(f"{app_url}/explore?lang=ar&indicator=internet_users")
    wait_for_app(page)
    chart = page.get_by_test_id("stPlotlyChart").first
    expect(chart.locator(".gtitle")).to_have_text(re.compile("[\u0600-\u06ff]"))
    box = chart.bounding_box()
    title = chart.locator(".gtitle").bounding_box()
    assert box and title and title["x"] + title["width"] > box["x"] + box["width"] * 0.8
    y_ticks = chart.locator(".yaxislayer-above .ytick, .yaxislayer-above text").first.bounding_box()
    assert y_ticks and y_ticks["x"] > box["x"] + box["width"] / 2  # value axis on the right
    chart.screenshot(path=str(screenshot(page, "explore-ar").with_name("chart-ar.png")))


def test_language_survives_page_changes_and_reloads(offline_page: Page, app_url: str) -> None:
    page = offline_page
    page.goto(f"{app_url}/?lang=ar")
    wait_for_app(page)
    page.get_by_role("link", name=i18n.t("nav.explore", "ar")).click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"/explore\?.*lang=ar"))
    expect(page.get_by_test_id("stHeading").first).to_have_text(i18n.t("explore.title", "ar"))
    page.reload()
    wait_for_app(page)
    expect(page.get_by_test_id("stHeading").first).to_have_text(i18n.t("explore.title", "ar"))
    assert page.evaluate(DIRECTION) == "rtl"
    page.get_by_role("radio", name="Français").or_(page.get_by_text("Français")).first.click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"lang=fr"))
    expect(page.get_by_test_id("stHeading").first).to_have_text(i18n.t("explore.title", "fr"))
    assert page.evaluate(DIRECTION) == "ltr"
