"""Browser tests: a real `streamlit run` server on loopback, driven in Debian's Chromium."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, BrowserContext, Locator, Page, Request, Route, expect

from tests.server import ROOT, streamlit_server

ARTIFACTS = ROOT / "artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
EDITOR_TOKEN = "browser-test-editor-token"  # given to the server through ATHAR_EDITOR_TOKEN
# The one time limit of every wait, in ms: Playwright's actions and waits and expect().
# Generous because the tests must hold on a machine busy with other work; a wait ends as soon
# as its condition holds, so only a failing test waits this long.
TIMEOUT = 60_000


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "browser" in str(item.path):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    # Playwright cannot download its own browser here; Debian's chromium is the one we test.
    # The flags stop Chromium's own calls home, which would otherwise hit the closed network.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _expect_timeout() -> None:
    expect.set_options(timeout=TIMEOUT)


@pytest.fixture
def context(context: BrowserContext) -> BrowserContext:
    """pytest-playwright's context, with the time limit for every page opened in it."""
    context.set_default_timeout(TIMEOUT)
    context.set_default_navigation_timeout(TIMEOUT)
    return context


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


@pytest.fixture(scope="session")
def app_url(server_url: str, browser: Browser) -> str:
    """The server, after one visit to its home page. Streamlit shows a spurious "Page not
    found" dialog to the very first session of a server that opens a page other than the
    default one (streamlit/streamlit#8860); a presenter opens the home page first anyway."""
    page = browser.new_page()
    page.set_default_timeout(TIMEOUT)
    page.set_default_navigation_timeout(TIMEOUT)
    page.goto(server_url)
    wait_for_app(page)
    page.close()
    return server_url


@pytest.fixture(scope="session")
def server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("server")
    # A store and editor token of its own: the server never touches var/.
    env = {
        **os.environ,
        "METRICS_DB_PATH": str(folder / "athar.db"),
        "ATHAR_TOKEN_PATH": str(folder / "editor_token.sha256"),
        "ATHAR_EDITOR_TOKEN": EDITOR_TOKEN,
    }
    env.pop("METRICS_DB_URL", None)
    with streamlit_server(env, folder, ("--server.address", "127.0.0.1")) as url:
        yield url


@contextmanager
def cut_off(target: Page | BrowserContext) -> Iterator[None]:
    """Network stopped at loopback for a page, or every page of a context, as in a meeting
    room with no internet: any request to another host is refused and recorded, and the test
    fails if there is one."""
    outside: list[str] = []

    def leaves(url: str) -> bool:
        parsed = urlparse(url)
        return parsed.scheme in {"http", "https", "ws", "wss"} and (
            parsed.hostname not in LOCAL_HOSTS
        )

    def cut(route: Route) -> None:
        if leaves(route.request.url):
            outside.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    def watch(request: Request) -> None:  # what routing does not see (web sockets)
        if leaves(request.url) and request.url not in outside:
            outside.append(request.url)

    target.route("**/*", cut)
    target.on("request", watch)
    yield
    assert outside == [], f"requests left localhost: {outside}"


@pytest.fixture
def offline_page(page: Page) -> Iterator[Page]:
    """A page whose network stops at loopback (see cut_off)."""
    with cut_off(page):
        yield page


def wait_for_app(page: Page) -> None:
    """Connected, the script run over, nothing left as a placeholder. After a widget change the
    run may not have begun yet (the browser only marks it once the server answers), so what a
    test then checks it checks with expect(), which waits for it."""
    expect(
        page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']")
    ).to_be_visible()
    expect(
        page.locator("[data-testid='stApp'][data-test-script-state='notRunning']")
    ).to_have_count(1)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)


def sign_in(page: Page, app_url: str, name: str) -> None:
    """Sign in as an editor with the test server's token, in English."""
    page.goto(f"{app_url}/signin?lang=en")
    wait_for_app(page)
    page.get_by_label("Your name", exact=True).fill(name)
    page.get_by_label("Editor token", exact=True).fill(EDITOR_TOKEN)
    page.get_by_test_id("stBaseButton-primaryFormSubmit").click()
    wait_for_app(page)
    expect(page.get_by_text(f"You are signed in as an editor: {name}.")).to_be_visible()


def pick(page: Page, select: Locator, text: str) -> None:
    """Choose the first option matching `text` in a select box, as a user types to search."""
    select.click()
    page.keyboard.type(text)
    first = page.get_by_role("option").first
    expect(first).to_contain_text(text)  # the list filtered by what was typed, not before
    first.click()
    wait_for_app(page)


def screenshot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
