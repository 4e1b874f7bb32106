"""Editor pages opened by their link (a bookmark, or a reload after a token sign-in, which
lasts one browser session): Sign in, then the page asked for; never "Page not found"."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Locator, Page, expect

from metrics import i18n
from tests.browser.conftest import EDITOR_TOKEN, screenshot, wait_for_app

NOT_FOUND = "Page not found"  # the title of Streamlit's dialog for a page it does not know
# Records whether that dialog ever showed, however briefly, in this document: the tests
# look at the end of each step, and a dialog shown in between must fail them too.
WATCH = """(text) => {
    window.__notFound = false;
    const look = () => {
        if (document.body && document.body.textContent.includes(text)) window.__notFound = true;
    };
    new MutationObserver(look).observe(document, {
        childList: true, subtree: true, characterData: true,
    });
}"""


def editor_page(page: Page, name: str, lang: str) -> Locator:
    """What only the editor page itself shows: Upload's file input, History's batch chooser."""
    if name == "upload":
        return page.get_by_test_id("stFileUploader")
    return page.get_by_test_id("stSelectbox").filter(has_text=i18n.t("history.batch", lang))


def never_not_found(page: Page) -> None:
    expect(page.get_by_text(NOT_FOUND)).to_have_count(0)
    assert page.evaluate("() => window.__notFound") is False, f"{NOT_FOUND} at {page.url}"


def sent_to_sign_in(page: Page, name: str, lang: str) -> None:
    expect(page).to_have_url(re.compile(rf"/signin\?(.*&)?next={name}(&|$)"))
    expect(page).to_have_url(re.compile(rf"[?&]lang={lang}(&|$)"))
    expect(page.get_by_test_id("stHeading").first).to_have_text(i18n.t("signin.title", lang))
    expect(page.get_by_test_id("stAlertContentInfo")).to_have_text(
        i18n.t("signin.needed", lang, page=i18n.t(f"nav.{name}", lang))
    )
    expect(editor_page(page, name, lang)).to_have_count(0)
    # A visitor's navigation does not offer the editor page.
    expect(page.get_by_role("link", name=i18n.t(f"nav.{name}", lang))).to_have_count(0)
    never_not_found(page)


@pytest.mark.parametrize(("name", "lang"), [("upload", "en"), ("history", "en"), ("upload", "ar")])
def test_an_editor_link_leads_through_sign_in_to_its_page(
    offline_page: Page, app_url: str, name: str, lang: str
) -> None:
    """In the link's language all the way: Sign in, then the page (a page switch drops the
    query parameters, so the language is carried over by hand)."""
    page = offline_page
    page.add_init_script(f"({WATCH})({json.dumps(NOT_FOUND)})")

    # (a) A visitor with the link: Sign in, saying which page it will open.
    page.goto(f"{app_url}/{name}?lang={lang}")
    wait_for_app(page)
    sent_to_sign_in(page, name, lang)
    screenshot(page, f"editor-link-{name}-{lang}-signin")

    # (b) Signed in with the token: the page asked for.
    page.get_by_label(i18n.t("signin.name", lang), exact=True).fill("Browser Analyst")
    page.get_by_label(i18n.t("signin.token", lang), exact=True).fill(EDITOR_TOKEN)
    page.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile(rf"/{name}(\?|$)"))
    expect(page.get_by_test_id("stHeading").first).to_have_text(i18n.t(f"{name}.title", lang))
    expect(editor_page(page, name, lang)).to_be_visible()
    never_not_found(page)

    # (c) A reload is a new browser session, no longer signed in: Sign in again.
    page.reload()
    wait_for_app(page)
    sent_to_sign_in(page, name, lang)
