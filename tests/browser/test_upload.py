from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.conftest import pick, screenshot, sign_in, wait_for_app

NAME = "Share of e-waste collected formally (test)"


def fill(page: Page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    wait_for_app(page)


def test_an_editor_uploads_a_new_indicator_and_explore_charts_it(
    offline_page: Page, app_url: str, tmp_path: Path
) -> None:
    page = offline_page
    sign_in(page, app_url, "Browser Analyst")

    page.get_by_role("link", name="Upload").first.click()
    wait_for_app(page)
    data = tmp_path / "ewaste_collected.csv"
    data.write_text(
        "indicator,country,year,value,source\n"
        "test_ewaste_collected,MAR,2020,4.5,fnh_2024_ausim_31_years\n"
        "test_ewaste_collected,MAR,2023,7.25,fnh_2024_ausim_31_years\n",
        encoding="utf-8",
    )
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(data)
    wait_for_app(page)
    expect(page.get_by_text("The file is valid. Rows: 2;")).to_be_visible()

    fill(page, "Name (English)", NAME)
    fill(page, "Name (French)", "Part des déchets électroniques collectés (test)")
    fill(page, "Name (Arabic)", "نسبة النفايات الإلكترونية المجمعة (اختبار)")
    for field in ("Description", "Unit"):
        for language in ("English", "French", "Arabic"):
            fill(page, f"{field} ({language})", f"{field} {language}")
    fill(page, "Short unit (such as %; empty for a rank)", "%")
    pick(
        page,
        page.get_by_test_id("stSelectbox").filter(has_text="Source"),
        "Assises AUSIM 2024 (FNH",
    )

    page.get_by_role("button", name="Import").click()
    wait_for_app(page)
    expect(
        page.get_by_text(re.compile(r"Imported ewaste_collected\.csv as batch \d+"))
    ).to_be_visible()
    screenshot(page, "upload-imported")

    page.get_by_role("link", name="Explore").first.click()
    wait_for_app(page)
    pick(page, page.get_by_test_id("stSelectbox").first, NAME)
    expect(page.locator("[data-testid='stPlotlyChart'] .gtitle")).to_have_text(
        [re.compile(re.escape(NAME))]
    )
    screenshot(page, "explore-uploaded-indicator")
