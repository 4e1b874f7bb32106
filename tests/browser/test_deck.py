"""The deck in Chromium: charts added from three pages, reordered, the deck's link reloaded,
the PowerPoint downloaded; then presented in Arabic, stepped with the arrow keys."""

from __future__ import annotations

import io
import re
from pathlib import Path

from playwright.sync_api import Page, expect
from pptx import Presentation

from metrics import i18n
from tests.browser.conftest import wait_for_app


def add(page: Page, url: str, lang: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.get_by_role("button", name=i18n.t("deck.add", lang)).click()
    wait_for_app(page)
    expect(page.get_by_role("button", name=i18n.t("deck.add", lang))).to_be_disabled()


def slide_titles(page: Page) -> list[str]:
    # Read in one go: while a rerun replaces the page's elements, a box counted a moment
    # before may be gone when it is read.
    boxes = page.get_by_test_id("stTextInput").filter(has_text=re.compile("Slide"))
    values: list[str] = boxes.locator("input").evaluate_all("inputs => inputs.map(i => i.value)")
    return values


def expect_titles(page: Page, expected: list[str]) -> None:
    """The slides' titles, once the page has caught up (a rerun may still be on its way)."""
    for _ in range(40):
        if slide_titles(page) == expected:
            return
        page.wait_for_timeout(250)
    assert slide_titles(page) == expected


def test_a_deck_built_from_three_pages_reopens_from_its_link(page: Page, app_url: str) -> None:
    add(page, f"{app_url}/explore?lang=en&indicator=internet_users&countries=MAR,TUN", "en")
    # Page changes keep the session (a link would start a new one): the navigation is used.
    page.get_by_role("link", name="Targets").first.click()
    wait_for_app(page)
    # The opened target's chart (the comparison across strategies, below it, has its own).
    page.get_by_role("button", name=i18n.t("deck.add", "en")).first.click()
    wait_for_app(page)
    page.get_by_role("link", name="Africa comparisons").first.click()
    wait_for_app(page)
    page.get_by_role("button", name=i18n.t("deck.add", "en")).click()
    wait_for_app(page)
    expect(page.get_by_text("Charts in the deck: 3")).to_be_visible()

    page.get_by_role("link", name="Deck").first.click()
    wait_for_app(page)
    expect(page.get_by_text("Slide 3: title")).to_be_visible()
    for _ in range(40):  # the page may still hold a rerun's leftovers
        if len(titles := slide_titles(page)) == 3:
            break
        page.wait_for_timeout(250)
    first, second, third = titles
    page.get_by_role("button", name="Move up").nth(2).click()  # the third slide moves up
    wait_for_app(page)
    expect_titles(page, [first, third, second])
    boxes = page.get_by_test_id("stTextInput").filter(has_text="Slide 1")
    boxes.locator("input").fill("Internet use, Morocco and Tunisia")
    boxes.locator("input").press("Enter")
    wait_for_app(page)
    expect(page).to_have_url(re.compile(r"titles=Internet"))

    page.goto(page.url)  # the bookmarked link: a new session, the URL alone
    wait_for_app(page)
    expect_titles(page, ["Internet use, Morocco and Tunisia", third, second])
    with page.expect_download() as download:
        page.get_by_role("button", name="PowerPoint (.pptx)").click()
    deck = Presentation(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert len(deck.slides) == 4
    titles = [deck.slides[i].shapes[0].text_frame.text for i in range(1, 4)]
    assert titles == ["Internet use, Morocco and Tunisia", third, second]


def test_presenting_in_arabic_steps_with_the_arrow_keys(page: Page, app_url: str) -> None:
    tokens = "series:internet_users:MAR,TUN:2010-2023:line|map:internet_users|series:egdi_rank"
    page.goto(f"{app_url}/present?lang=ar&deck={tokens}")
    wait_for_app(page)
    # The number is isolated left to right inside the Arabic text (U+2066 ... U+2069).
    counter = page.get_by_text(re.compile(r"^\u2066\d / 3\u2069$"))
    expect(counter).to_have_text("\u20661 / 3\u2069")
    expect(page.locator("header")).to_be_hidden()  # the app's chrome is out of the way
    page.keyboard.press("ArrowRight")
    wait_for_app(page)
    expect(counter).to_have_text("\u20662 / 3\u2069")
    page.keyboard.press("ArrowRight")
    expect(counter).to_have_text("\u20663 / 3\u2069")
    page.keyboard.press("ArrowLeft")
    expect(counter).to_have_text("\u20662 / 3\u2069")
    assert page.evaluate("() => getComputedStyle(document.querySelector('h1')).direction") == "rtl"
    expect(page).to_have_url(re.compile(r"slide=2"))
