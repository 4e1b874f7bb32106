"""Time from opening a link to the first chart drawn, in Debian's Chromium driven by Playwright:
a server just started (cold: the first visit pays for reading data/ and opening the store), and
a server that has served a visit already (warm: Overview, Targets and Explore, each opened in a
new tab, median of three).

"Drawn" is the first Plotly chart's SVG in the page, the moment a reader sees a chart.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

from tests.server import streamlit_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
WARM_PAGES = ("overview", "targets", "explore")
DRAWN = ".js-plotly-plot .main-svg"
LIMIT_MS = 60_000


@dataclass
class FirstChart:
    cold: float  # seconds: a new server's first visit, home page (Overview)
    warm: dict[str, float]  # seconds per page, median of three, on a warm server


def _open(browser: Browser, url: str) -> float:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    try:
        start = time.perf_counter()
        page.goto(url)
        page.locator(DRAWN).first.wait_for(state="visible", timeout=LIMIT_MS)
        return time.perf_counter() - start
    finally:
        page.close()


def first_chart(store_url: str) -> FirstChart:
    """Start a server on the store at `store_url`, and time its first charts."""
    with tempfile.TemporaryDirectory(prefix="athar-first-chart-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, "METRICS_DB_URL": store_url}
        env["ATHAR_TOKEN_PATH"] = str(folder / "editor_token.sha256")
        with (
            sync_playwright() as playwright,
            streamlit_server(env, folder, ("--server.address", "127.0.0.1")) as url,
        ):
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                cold = _open(browser, url)
                warm = {
                    name: statistics.median(_open(browser, f"{url}/{name}") for _ in range(3))
                    for name in WARM_PAGES
                }
            finally:
                browser.close()
    return FirstChart(cold, warm)
