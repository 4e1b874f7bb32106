"""Two app servers on one PostgreSQL store see each other's imports (issue 11, item 8): a new
indicator imported by the command line is listed by Explore on each server at its next page
view, and a withdrawn one is listed by neither. Nothing goes through either server to get
there: only the shared store tells them."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import BrowserContext, Page, expect

from metrics.store import Store
from tests.browser.conftest import EDITOR_TOKEN, cut_off, pick, screenshot, wait_for_app
from tests.server import ROOT, streamlit_server

INDICATOR = "two_servers_jobs"
NAME = "Jobs seen from two servers (test)"
DATA = f"indicator,country,year,value\n{INDICATOR},MAR,2022,100000\n{INDICATOR},MAR,2024,130000\n"
META = f"""\
- id: {INDICATOR}
  name: {{en: "{NAME}", fr: "Emplois vus de deux serveurs (test)", ar: "مناصب من خادمين (اختبار)"}}
  description: {{en: "Test series.", fr: "Série de test.", ar: "سلسلة اختبار."}}
  unit: {{en: "jobs", fr: "emplois", ar: "منصب"}}
  short_unit: {{en: "", fr: "", ar: ""}}
  theme: economy
  direction: higher_is_better
  decimals: 0
  sources: [lnt_2024_dm2030_launch]
  minimum: 0
"""
_names = itertools.count(1)


@pytest.fixture(scope="module")
def shared_store(postgres_server: str) -> str:
    """A fresh database on the session's PostgreSQL server, for both app servers."""
    name = f"two_servers_{os.getpid()}_{next(_names)}"
    engine = sa.create_engine(f"{postgres_server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return f"{postgres_server}/{name}"


@pytest.fixture(scope="module")
def two_servers(
    shared_store: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """Two `streamlit run` servers, each with its own folder and editor token file, both on
    the shared store. A SQLite path is set too, and must stay unused."""
    urls: list[str] = []
    folders: list[Path] = []
    with ExitStack() as stack:
        for name in ("a", "b"):
            folder = tmp_path_factory.mktemp(f"server-{name}")
            env = {
                **os.environ,
                "METRICS_DB_URL": shared_store,
                "METRICS_DB_PATH": str(folder / "unused.db"),
                "ATHAR_TOKEN_PATH": str(folder / "editor_token.sha256"),
                "ATHAR_EDITOR_TOKEN": EDITOR_TOKEN,
            }
            server = streamlit_server(env, folder, ("--server.address", "127.0.0.1"))
            urls.append(stack.enter_context(server))
            folders.append(folder)
        yield urls[0], urls[1]
    for folder in folders:
        assert not (folder / "unused.db").exists(), "a server used SQLite, not the shared store"


@pytest.fixture
def offline_context(context: BrowserContext) -> Iterator[BrowserContext]:
    """The browser context, its network stopped at loopback for every page opened in it (as
    `offline_page` does for one page): the test fails if any request leaves the machine."""
    with cut_off(context):
        yield context


def cli(store_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m metrics ...` on the shared store, as an analyst runs it beside the servers."""
    env = {**os.environ, "METRICS_DB_URL": store_url}
    done = subprocess.run(
        [sys.executable, "-m", "metrics", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"metrics {' '.join(args)}:\n{done.stdout}{done.stderr}"
    return done


def settled(pages: list[Page]) -> None:
    """Wait for every page's run to end and its chart to be drawn. Each server works on its
    page at the same time: the waits only begin once both have been asked."""
    for page in pages:
        wait_for_app(page)
        expect(page.get_by_test_id("stPlotlyChart")).to_have_count(1)


def assert_not_listed(page: Page) -> None:
    """The indicator list, searched for the new indicator's name, offers nothing."""
    select = page.get_by_test_id("stSelectbox").first
    select.click()
    page.keyboard.type(NAME)
    expect(page.get_by_role("option")).to_have_text(["No results"])
    page.keyboard.press("Escape")
    expect(page.get_by_role("option")).to_have_count(0)
    wait_for_app(page)


def assert_listed(page: Page) -> None:
    """The indicator list offers the new indicator, and choosing it charts it."""
    pick(page, page.get_by_test_id("stSelectbox").first, NAME)
    expect(page).to_have_url(re.compile(rf"indicator={INDICATOR}"))
    expect(page.locator("[data-testid='stPlotlyChart'] .gtitle")).to_have_text(
        [re.compile(re.escape(NAME))]
    )


def test_two_servers_on_one_store_see_each_others_imports(
    two_servers: tuple[str, str], shared_store: str, offline_context: BrowserContext, tmp_path: Path
) -> None:
    pages = [offline_context.new_page() for _ in two_servers]
    for page, url in zip(pages, two_servers, strict=True):
        page.goto(url)  # the home page first (streamlit/streamlit#8860, see app_url)
    for page in pages:
        wait_for_app(page)
    for page in pages:
        page.get_by_role("link", name="Explore").first.click()
    settled(pages)
    for page, url in zip(pages, two_servers, strict=True):
        expect(page).to_have_url(re.compile(rf"^{re.escape(url)}/explore"))
    for page in pages:
        assert_not_listed(page)

    data, meta = tmp_path / "two_servers.csv", tmp_path / "two_servers.yaml"
    data.write_text(DATA, encoding="utf-8")
    meta.write_text(META, encoding="utf-8")
    cli(shared_store, "import", str(data), "--by", "server test", "--metadata", str(meta))
    store = Store(shared_store)
    try:
        (batch,) = [b for b in store.history() if b.file_name == data.name]
    finally:
        store.close()
    assert (batch.status, batch.rows, batch.indicators) == ("active", 2, [INDICATOR])

    for page in pages:
        page.reload()  # the next page view, on each server
    settled(pages)
    for n, page in enumerate(pages):
        assert_listed(page)
        screenshot(page, f"two-servers-{'ab'[n]}-imported")

    cli(shared_store, "undo", str(batch.id), "--by", "server test")
    for page in pages:
        page.reload()
    settled(pages)
    for page in pages:
        # The link still names the withdrawn indicator; the page falls back to another one.
        expect(page).not_to_have_url(re.compile(rf"indicator={INDICATOR}"))
        assert_not_listed(page)
