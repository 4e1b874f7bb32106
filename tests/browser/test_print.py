"""Printing a page (the browser's print, to paper or a PDF) fits every chart on an A4 page, in a
left-to-right page and in a right-to-left one (dashboard/assets/print.css and print.js)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import ARTIFACTS, screenshot, wait_for_app

SCREEN = {"width": 1600, "height": 1000}  # a wide desktop window: charts far wider than paper
# A4's width less print.css's 12 mm margins, in CSS pixels: (210 - 2 * 12) / 25.4 * 96.
PAPER = {"width": 703, "height": 1000}

# No script runs while the browser lays a page out for print, but narrowing the window in a test
# lets Streamlit redraw every chart at the new width, which would hide a chart cut on paper.
# Once the page "prints", its reactions to a resize are held back, as in a real print.
HOLD_RESIZES = """
window.holdResizes = false;
const Observer = window.ResizeObserver;
window.ResizeObserver = class extends Observer {
  constructor(react) { super((entries, self) => window.holdResizes || react(entries, self)); }
};
window.addEventListener("resize", (e) => window.holdResizes && e.stopImmediatePropagation(), true);
"""

# Every chart drew something: a bar or line in a plot area, or a country on a map.
DRAWN = """() => {
  const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
  return charts.length > 0 && charts.every((c) => c.querySelector(
    '.cartesianlayer .trace path, .geolayer path.choroplethlocation'));
}"""

# What of each chart and table the paper would not show: a chart's SVG layers and every text in
# them (titles, axis titles, tick labels, legends, bar labels) must lie inside the page's width
# and inside every box that clips them (the SVG itself, Plotly's and Streamlit's overflow-hidden
# boxes); a table's canvas inside its own box.
OUTSIDE = """() => {
  const page = document.documentElement.clientWidth;
  const cut = [];
  document.querySelectorAll('[data-testid="stPlotlyChart"]').forEach((chart, i) => {
    for (const el of chart.querySelectorAll(".main-svg, .main-svg text")) {
      const box = el.getBoundingClientRect();
      if (box.width === 0) continue;  // Plotly's empty placeholders
      let left = 0, right = page;
      for (let a = el.parentElement; a; a = a.parentElement) {
        if (a.tagName.toLowerCase() === "svg" || getComputedStyle(a).overflowX !== "visible") {
          const clip = a.getBoundingClientRect();
          left = Math.max(left, clip.left);
          right = Math.min(right, clip.right);
        }
      }
      if (box.left < left - 0.5 || box.right > right + 0.5) {
        const what = el.tagName === "text" ? el.textContent.trim() : "svg";
        cut.push(`chart ${i}: ${what} spans ${box.left.toFixed(0)}-${box.right.toFixed(0)},`
          + ` shown ${left.toFixed(0)}-${right.toFixed(0)}`);
      }
    }
  });
  // A table's grid is a canvas of its screen width inside a box that clips it.
  document.querySelectorAll('[data-testid="stDataFrame"] canvas').forEach((grid, i) => {
    const box = grid.getBoundingClientRect();
    const clip = grid.closest('[data-testid="stDataFrame"]').getBoundingClientRect();
    const [left, right] = [Math.max(0, clip.left), Math.min(page, clip.right)];
    if (box.width > 0 && (box.left < left - 0.5 || box.right > right + 0.5)) {
      cut.push(`table ${i} spans ${box.left.toFixed(0)}-${box.right.toFixed(0)},`
        + ` shown ${left.toFixed(0)}-${right.toFixed(0)}`);
    }
  });
  return cut;
}"""

# A scaled chart leaves no blank under it: Streamlit's box is as tall as the chart it holds.
BLANK_UNDER = """() => [...document.querySelectorAll('[data-testid="stElementContainer"]')]
  .filter((box) => box.querySelector(".main-svg"))
  .map((box) => box.getBoundingClientRect().height
    - box.querySelector(".main-svg").getBoundingClientRect().height)
  .filter((blank) => blank > 1)"""


@pytest.mark.parametrize(
    ("path", "lang"),
    [("footprint", "en"), ("footprint", "ar"), ("explore", "en"), ("partners", "ar")],
)
def test_printing_fits_every_chart_on_a4(page: Page, app_url: str, path: str, lang: str) -> None:
    page.set_viewport_size(SCREEN)
    page.add_init_script(HOLD_RESIZES)
    page.goto(f"{app_url}/{path}?lang={lang}")
    wait_for_app(page)
    page.wait_for_function(DRAWN)
    if lang == "ar":  # the real print, from the window as it is, to look at
        ARTIFACTS.mkdir(exist_ok=True)
        page.pdf(
            path=ARTIFACTS / f"print-{path}-{lang}.pdf", format="A4", prefer_css_page_size=True
        )
        # After printing the screen is as before: a viewBox left over would distort a redraw.
        assert page.evaluate("document.querySelectorAll('.main-svg[viewBox]').length") == 0

    page.evaluate("window.holdResizes = true; window.dispatchEvent(new Event('beforeprint'))")
    page.emulate_media(media="print")
    page.set_viewport_size(PAPER)
    assert page.evaluate(OUTSIDE) == []
    assert page.evaluate(BLANK_UNDER) == []
    expect(page.get_by_test_id("stMainBlockContainer")).to_have_css(
        "direction", "rtl" if lang == "ar" else "ltr"
    )
    screenshot(page, f"print-{path}-{lang}")
