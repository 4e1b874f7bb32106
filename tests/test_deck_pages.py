"""'Add to deck' on the pages, in AppTest: the chart added is the one the page draws, and the
Deck page lists it."""

from __future__ import annotations

import json

import pytest

from dashboard.deck_state import Deck
from metrics import i18n
from metrics.catalog import Catalog
from metrics.deck import ChartSpec, slide
from tests.test_app import figures, open_page


@pytest.mark.parametrize(
    ("page", "charts"),
    [("views/overview.py", 3), ("views/footprint.py", 8), ("views/forum.py", 1)],
)
def test_every_chart_of_the_story_pages_goes_into_the_deck_as_drawn(
    catalog: Catalog, page: str, charts: int
) -> None:
    at = open_page(page)
    adds = [b for b in at.button if b.key and b.key.startswith("deck_add_")]
    assert len(adds) == len(figures(at)) == charts
    drawn = {f["layout"]["title"]["text"]: f for f in figures(at)}
    for button in adds:
        button.click().run()
    tokens = at.session_state["deck_state"].charts
    assert tokens == [b.key.removeprefix("deck_add_") for b in adds]
    for token in tokens:
        made = slide(ChartSpec.parse(token), catalog, "en")
        (shown,) = [f for title, f in drawn.items() if made.title in title]
        ours = json.loads(made.figure.to_json())["data"]  # encoded as the page sends it
        assert [t["y"] for t in ours] == [t["y"] for t in shown["data"]]
    assert all(b.disabled for b in at.button if b.key and b.key.startswith("deck_add_"))


@pytest.mark.parametrize("lang", ["ar", "fr", "en"])
def test_the_deck_page_lists_every_kind_of_chart_with_its_settings_in_words(
    catalog: Catalog, lang: str
) -> None:
    tokens = [
        "story:phases",
        "scenario:78:3-6",
        "target:dm2030_osi_rank:growth",
        "series:internet_users:MAR,TUN:2010-2023:bar",
        "scenario:78:3-6:mar_target",
        "standing:osi_rank_africa:digital_morocco_2030",
    ]
    at = open_page("views/deck.py", lang, deck_state=Deck(charts=tokens, titles=[""] * 6))
    shown = " ".join(c.value for c in at.caption)
    assert i18n.t("deck.kind.story", lang, page=i18n.t("nav.footprint", lang)) in shown
    scenario = i18n.t(
        "deck.kind.scenario",
        lang,
        share=i18n.percent(78, 0, lang),
        today=i18n.years(3, lang),
        tomorrow=i18n.years(6, lang),
    )
    assert scenario in shown
    # Each scenario says its grid; one written before the grid lever is on France's.
    assert f"{scenario} · {i18n.t('deck.kind.grid.fra', lang)}" in shown
    assert f"{scenario} · {i18n.t('deck.kind.grid.mar_target', lang)}" in shown
    assert i18n.t("method.growth", lang) in shown
    strategy = i18n.name(catalog.strategies["digital_morocco_2030"].name, lang)
    compared = i18n.t("deck.kind.standing", lang, strategy=strategy)
    assert f"{compared} · {i18n.t('method.linear', lang)}" in shown
    assert not at.warning  # every chart is drawn from the catalogue
    titles = [i.value for i in at.text_input if i.key and i.key.startswith("deck_title_")]
    assert titles == [slide(ChartSpec.parse(t), catalog, lang).title for t in tokens]


def test_the_comparison_across_strategies_goes_into_the_deck_as_drawn(catalog: Catalog) -> None:
    at = open_page("views/targets.py", compare="osi_rank_africa")
    token = "standing:osi_rank_africa:digital_morocco_2030"
    at.button(key=f"deck_add_{token}").click().run()
    assert at.session_state["deck_state"].charts == [token]
    made = slide(ChartSpec.parse(token), catalog, "en")
    shown = figures(at)[-1]
    assert shown["data"] == json.loads(made.figure.to_json())["data"]
