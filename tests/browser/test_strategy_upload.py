"""An editor brings a partner's strategy: its targets file uploaded, the strategy and source it
names described, stored as one batch; the Targets page opens it by URL, in English and in
Arabic, with a status for each target; withdrawing the batch takes the strategy away."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import cut_off, pick, screenshot, sign_in, wait_for_app
from tests.browser.test_languages import DIRECTION
from tests.browser.test_upload import fill
from tests.conftest import FILES

STRATEGY = "example_tun_strategy"
NAME = "Example strategy, Tunisia (test file)"
NAME_AR = "استراتيجية للمثال، تونس (ملف اختباري)"


def test_an_editor_uploads_a_strategy_and_withdrawing_it_removes_it(
    offline_page: Page, app_url: str
) -> None:
    page = offline_page
    sign_in(page, app_url, "Partner Editor")
    page.get_by_role("link", name="Upload").first.click()
    wait_for_app(page)
    page.get_by_role("radio", name="A strategy's targets").or_(
        page.get_by_text("A strategy's targets", exact=True)
    ).first.click()
    wait_for_app(page)
    expect(page).to_have_url(re.compile("kind=targets"))  # a copied link reopens this choice
    # The targets file's own box, not the observations' one it replaces.
    expect(page.get_by_text("Targets file (CSV, TSV, Excel or YAML)")).to_be_visible()
    expect(page.get_by_test_id("stFileUploaderDropzoneInput")).to_have_count(1)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
        FILES / "strategy" / "example_targets.csv"
    )
    wait_for_app(page)
    expect(page.get_by_text("The file is valid. Targets: 2; strategies: 1.")).to_be_visible()
    expect(page.get_by_text("Describe every new strategy and source above")).to_be_visible()
    expect(page.get_by_role("button", name="Import")).to_have_count(0)  # not before

    fill(page, "Title of the document or dataset", "Example source for tests")
    fill(page, "Publisher", "Athar test suite")
    fill(page, "Name (English)", NAME)
    fill(page, "Name (French)", "Stratégie d'exemple, Tunisie (fichier de test)")
    fill(page, "Name (Arabic)", NAME_AR)
    fill(page, "Who adopted or published it", "Athar test suite")
    fill(page, "Year it was launched or adopted", "2021")
    pick(
        page,
        page.get_by_test_id("stSelectbox").filter(has_text="Source that states the strategy"),
        "Example source for tests",
    )
    screenshot(page, "upload-strategy-described")
    page.get_by_role("button", name="Import").click()
    wait_for_app(page)
    expect(
        page.get_by_text(re.compile(r"Imported example_targets\.csv as batch \d+"))
    ).to_be_visible()

    # The link under the message opens the Targets page on the new strategy.
    link = page.locator(f"[data-testid='stPageLink'] a[href*='strategy={STRATEGY}']")
    expect(link).to_be_visible()
    link.click()
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text(NAME)
    expect(page).to_have_url(re.compile(f"strategy={STRATEGY}"))
    grid = page.get_by_test_id("stDataFrame").first  # the strategy's targets
    expect(grid).to_contain_text("Internet use by 90% of people by 2030")
    expect(grid).to_contain_text("↑ On track")
    expect(grid).to_contain_text("↗ Progressing too slowly")
    expect(grid).not_to_contain_text("240,000 direct digital jobs")  # Morocco's stay apart
    # Compared across strategies: Tunisia against its own target and the other countries.
    compared = page.get_by_test_id("stDataFrame").last
    expect(compared).to_contain_text("Tunisia")
    expect(compared).to_contain_text("Morocco")
    expect(compared).to_contain_text(NAME)
    compared.scroll_into_view_if_needed()
    screenshot(page, "targets-uploaded-strategy-compared")

    # By URL, in Arabic, in another tab: the strategy's Arabic name, right to left.
    reader = page.context.new_page()
    with cut_off(reader):
        reader.goto(f"{app_url}/targets?lang=ar&strategy={STRATEGY}")
        wait_for_app(reader)
        expect(reader.get_by_role("heading", level=1)).to_contain_text(NAME_AR)
        assert reader.evaluate(DIRECTION) == "rtl"
        expect(reader.get_by_test_id("stDataFrame").first).to_contain_text("↗")
        screenshot(reader, "targets-uploaded-strategy-ar")
        reader.close()

    # History: the batch holds two targets; withdrawing it takes the strategy away.
    page.get_by_role("link", name="History").first.click()
    wait_for_app(page)
    page.get_by_role("button", name="Withdraw this batch").click()
    wait_for_app(page)
    expect(
        page.get_by_text(re.compile(r"Batch \d+ \(example_targets\.csv\) is withdrawn"))
    ).to_be_visible()
    screenshot(page, "history-strategy-withdrawn")
    page.goto(f"{app_url}/targets?lang=en&strategy={STRATEGY}")
    wait_for_app(page)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Digital Morocco 2030")
    expect(page.get_by_test_id("stDataFrame").first).not_to_contain_text("Internet use by 90%")
    page.get_by_test_id("stSelectbox").first.click()
    options = page.get_by_role("option")
    expect(options).to_have_count(2)  # Digital Morocco 2030 and the bundled Tunisie Digitale
    expect(options.filter(has_text=NAME)).to_have_count(0)
    page.keyboard.press("Escape")
