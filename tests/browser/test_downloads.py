"""Explore's downloads in Chromium: each file is made when its button is clicked, and what is
downloaded imports again through our own pipeline, stating exactly what is charted."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page

from metrics import i18n, picture
from metrics.bundled import load_bundled
from metrics.current import open_store
from metrics.importing import check
from tests.browser.conftest import wait_for_app


@pytest.mark.parametrize(
    ("key", "suffix"), [("explore.download", "csv"), ("explore.download_xlsx", "xlsx")]
)
def test_a_french_download_from_explore_imports_again(
    page: Page, app_url: str, tmp_path: Path, key: str, suffix: str
) -> None:
    page.goto(f"{app_url}/explore?lang=fr&indicator=internet_users&countries=MAR,TUN")
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name=i18n.t(key, "fr")).click()
    assert download.value.suggested_filename == f"athar_internet_users.{suffix}"
    content = Path(download.value.path()).read_bytes()
    catalog = load_bundled()
    store = open_store(catalog, f"sqlite:///{tmp_path / 'again.db'}")
    try:
        checked = check(content, download.value.suggested_filename, catalog, store)
    finally:
        store.close()
    assert checked.ok, [p.code for p in checked.problems]
    assert len(checked.rows) == len(catalog.series("internet_users", ["MAR", "TUN"]))
    assert checked.unchanged == len(checked.rows)


def test_a_chart_alone_downloads_from_its_menu_as_a_projector_png_in_arabic(
    page: Page, app_url: str
) -> None:
    page.goto(f"{app_url}/footprint?lang=ar")
    wait_for_app(page)
    page.get_by_role("button", name=i18n.t("picture.menu", "ar")).first.click()
    with page.expect_download() as download:
        page.get_by_role("button", name=i18n.t("picture.png", "ar")).click()
    assert download.value.suggested_filename == "athar_story_phases.png"
    png = Path(download.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(png[16:20], "big") == 2 * picture.SIZE[0]
