"""Every page, read in Arabic and in French as a new reader would: no "None", no English words
of our own catalogues, and a document whose `lang` is the page's language (screen readers pick
their voice and rules from it)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from playwright.sync_api import Page, expect

from dashboard import pages
from metrics import i18n
from metrics.bundled import load_bundled
from tests.browser.conftest import sign_in, wait_for_app

# Tables are drawn on a canvas, so their cells are not in the page's text: every string drawn
# on a canvas is recorded as it is drawn.
RECORD_CANVAS_TEXT = """(() => {
    window.__drawn = new Set();
    const fill = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
        window.__drawn.add(String(text));
        return fill.call(this, text, ...rest);
    };
})();"""
# Tables draw only when on screen: each is brought into view long enough to draw.
BRING_TABLES_INTO_VIEW = """async () => {
    for (const table of document.querySelectorAll('[data-testid="stDataFrame"]')) {
        table.scrollIntoView({ block: "center" });
        await new Promise((done) => setTimeout(done, 250));
    }
}"""
SHOWN = """() => [
    ...document.querySelector('[data-testid="stApp"]').innerText.split("\\n"),
    ...[...document.querySelectorAll(".js-plotly-plot text")].map(t => t.textContent),
    ...window.__drawn,
]"""
DECK = "deck=series:internet_users:MAR,TUN|map:internet_users"
# A page's path as a reader opens it; Present shows the deck its link holds.
OPENED = {"present": f"present?{DECK}&", "deck": f"deck?{DECK}&"}
# Two values that differ from the charted ones: Upload then shows its table of conflicts.
CONFLICTS = (
    "indicator,country,year,value,source\n"
    "internet_users,MAR,2020,84.1,wb_wdi_internet_users\n"
    "internet_users,MAR,2021,99,wb_wdi_internet_users\n"
)
NATIVE = {"ar": "العربية", "fr": "Français"}
LETTERS = re.compile(r"[A-Za-z]")


def _plain(text: str) -> str:
    """Catalogue text as the page shows it: markdown marks and links gone, spaces as one."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = text.replace("**", "").replace("`", "")
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


def _pattern(template: str) -> re.Pattern[str] | None:
    """A whole shown text that this catalogue value yields, whatever fills its {params}; None
    when too little of it is fixed words to tell it apart ("{value} ({year})")."""
    parts = re.split(r"\{[a-z_]+\}", _plain(template))
    if len(LETTERS.findall("".join(parts))) < 4:
        return None
    return re.compile(".+?".join(re.escape(p) for p in parts))


@cache
def english_only(lang: str) -> list[tuple[str, re.Pattern[str], re.Pattern[str] | None]]:
    """(key, the English value, the page language's value) for every key whose English value
    differs from the page language's."""
    english, other = i18n.catalogue("en"), i18n.catalogue(lang)
    found = []
    for key, value in english.items():
        if _plain(value) == _plain(other[key]) or (pattern := _pattern(value)) is None:
            continue
        found.append((key, pattern, _pattern(other[key])))
    return found


# Texts that are the same in every language: the language switch (each language named in its
# own), titles and publishers of sources (in their own language), ids and codes.
catalog = load_bundled()
VERBATIM = {"العربية", "Français", "English"}
VERBATIM |= {_plain(s.title) for s in catalog.sources.values()}
VERBATIM |= {_plain(s.publisher) for s in catalog.sources.values()}
IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


def findings(page: Page, lang: str, where: str) -> list[str]:
    """What a reader of `lang` should not see on the page now."""
    page.evaluate(BRING_TABLES_INTO_VIEW)
    shown = {_plain(s) for s in page.evaluate(SHOWN)} - {""}
    found = [f"{where}: visible None" for s in shown if s == "None"]
    for text in shown - VERBATIM:
        if IDENT.match(text):
            continue
        for key, english, own in english_only(lang):
            if english.fullmatch(text) and not (own and own.fullmatch(text)):
                found.append(f"{where}: English {key!r}: {text!r}")
    document = page.evaluate("() => document.documentElement.lang")
    if document != lang:
        found.append(f"{where}: <html lang={document!r}>")
    return found


def test_every_page_speaks_the_readers_language(page: Page, app_url: str, tmp_path: Path) -> None:
    # Wide enough for every page's link in the navigation (French names are long).
    page.set_viewport_size({"width": 1920, "height": 1000})
    page.add_init_script(RECORD_CANVAS_TEXT)
    found: list[str] = []

    def visit(name: str, lang: str) -> None:
        """A page reached as a reader does, by the navigation (no reload, so the record of
        drawn text starts again)."""
        page.evaluate("() => window.__drawn.clear()")
        page.get_by_role("link", name=i18n.t(f"nav.{name}", lang)).first.click()
        wait_for_app(page)
        expect(page.get_by_test_id("stHeading").first).to_be_visible()

    for lang in ("ar", "fr"):
        for spec in pages.PAGES:
            if spec.editors:
                continue
            # By a link: the home page, a deck's pages, and Sign in (Present hides the
            # navigation just before it).
            if spec.name in (*OPENED, pages.PAGES[0].name, "signin"):
                path = OPENED.get(spec.name, "" if spec is pages.PAGES[0] else f"{spec.name}?")
                page.goto(f"{app_url}/{path or '?'}lang={lang}")
                wait_for_app(page)
            else:
                visit(spec.name, lang)
            found += findings(page, lang, f"{spec.name} ({lang})")
    # Editor pages, reached as an editor does: signed in, by the navigation, then the language.
    upload = tmp_path / "conflicts.csv"
    upload.write_text(CONFLICTS, encoding="utf-8")
    sign_in(page, app_url, "Reader Test")
    for lang in ("ar", "fr"):
        page.get_by_text(NATIVE[lang], exact=True).first.click()
        wait_for_app(page)
        for spec in (p for p in pages.PAGES if p.editors):
            visit(spec.name, lang)
            if spec.name == "upload":
                page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(upload)
                wait_for_app(page)
                # The choice of adding or replacing the values that differ: the file is read.
                mode = i18n.t("upload.mode", lang)
                expect(page.get_by_role("radiogroup", name=mode)).to_be_visible()
            found += findings(page, lang, f"{spec.name} ({lang})")
    assert found == [], "\n".join(found)


def test_a_wide_arabic_table_opens_at_its_first_columns(page: Page, app_url: str) -> None:
    """In Arabic the first columns are on the right; a table wider than the page scrolls there
    (the grid itself always opens at its left end)."""
    page.goto(f"{app_url}/explore?lang=ar&indicator=ict_share_global_ghg")
    wait_for_app(page)
    page.get_by_test_id("stDataFrame").first.scroll_into_view_if_needed()
    page.wait_for_function(
        """() => {
            const grid = document.querySelector('[data-testid="stDataFrame"] .dvn-scroller');
            return grid && grid.scrollWidth > grid.clientWidth
                && grid.scrollLeft >= grid.scrollWidth - grid.clientWidth - 1;
        }"""
    )
