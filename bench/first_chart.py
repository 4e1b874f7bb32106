"""Time from opening a link to the first chart drawn, in Debian's Chromium driven by Playwright:
cold, a server just started and a browser that never saw it (the first visit pays for reading
data/, opening the store and fetching the app's scripts); warm, the same server and browser
after that visit (Overview, Targets and Explore, each opened in a new tab, median of three),
as a reader opens a link to a dashboard they have used before.

"Drawn" is the first Plotly chart's SVG in the page, the moment a reader sees a chart.
"""

from __future__ import annotations

import importlib
import os
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import BrowserContext, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
MINIMAL_APP = "bench/one_chart_app.py"  # the anchor: Streamlit and Plotly, nothing of ours
WARM_PAGES = ("overview", "targets", "explore")
DRAWN = ".js-plotly-plot .main-svg"
LIMIT_MS = 60_000


@dataclass
class FirstChart:
    cold: float  # seconds: a new server's first visit, home page (Overview)
    warm: dict[str, float]  # seconds per page, median of three, on a warm server


def _open(context: BrowserContext, url: str) -> float:
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url)
        page.locator(DRAWN).first.wait_for(state="visible", timeout=LIMIT_MS)
        return time.perf_counter() - start
    finally:
        page.close()


def first_chart(store_url: str, script: str = "dashboard/app.py") -> FirstChart:
    """Start a server of `script` on the store at `store_url`, and time its first charts."""
    # The tests' server helper; bench/run.py puts the repository on sys.path before calling.
    streamlit_server = importlib.import_module("tests.server").streamlit_server
    with tempfile.TemporaryDirectory(prefix="athar-first-chart-") as tmp:
        folder = Path(tmp)
        env = {**os.environ, "METRICS_DB_URL": store_url}
        env["ATHAR_TOKEN_PATH"] = str(folder / "editor_token.sha256")
        with (
            sync_playwright() as playwright,
            streamlit_server(env, folder, ("--server.address", "127.0.0.1"), script) as url,
        ):
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            try:
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                cold = _open(context, url)
                names = WARM_PAGES if script.startswith("dashboard/") else ("overview",)
                warm = {
                    # The one-chart app has one page: any path opens it.
                    name: statistics.median(_open(context, f"{url}/{name}") for _ in range(3))
                    for name in names
                }
            finally:
                browser.close()
    return FirstChart(cold, warm)
