"""Page runs, timed in process with Streamlit's AppTest: every public page once after an import
(the store's new version: caches cold), then again (caches warm), against the same on a store
holding the bundled data only; and the largest figure any of those runs sent.

AppTest runs a page's script as the server would, without a browser: it times what the server
does for a page view, the part that grows with what the store holds.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard import cached, pages

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "dashboard" / "app.py")
PUBLIC = [pages.path(p.name) for p in pages.PAGES if not p.editors]
# Cached functions called outside a script run (the caches cleared here) warn on every call.
logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)


@dataclass
class Runs:
    cold: float  # seconds, every public page once, the first with empty caches
    warm: float  # seconds, every public page again
    largest: int  # bytes of the largest figure's JSON
    largest_where: str


def page_runs(url: str, explore: dict[str, object] | None = None) -> Runs:
    """Every public page on the store at `url`, twice. `explore`: widget values to set on the
    Explore page (an indicator, many countries), to see the heaviest chart it can draw."""
    os.environ["METRICS_DB_URL"] = url
    # An editor token of the bench's own: the first start would otherwise write var/'s, and
    # `make run` would then never print the token to its user.
    os.environ.setdefault("ATHAR_TOKEN_PATH", str(Path(tempfile.mkdtemp()) / "token.sha256"))
    for cache in (cached.store, cached._catalog, cached._progress, cached._checked):
        cache.clear()  # the bundled catalogue (read from data/) stays, as in a running server
    times = {"cold": 0.0, "warm": 0.0}
    largest, where = 0, ""
    for run in ("cold", "warm"):
        for page in PUBLIC:
            at = AppTest.from_file(APP, default_timeout=120)
            at.switch_page(page)
            if explore and page.endswith("explore.py"):
                for key, value in explore.items():
                    at.session_state[key] = value
            start = time.perf_counter()
            at.run()
            times[run] += time.perf_counter() - start
            if at.exception:
                raise RuntimeError(f"{page}: {at.exception[0].value}")
            for chart in at.get("plotly_chart"):
                size = len(chart.proto.spec.encode())
                if size > largest:
                    largest, where = size, Path(page).stem
    return Runs(times["cold"], times["warm"], largest, where)
