"""'Add to deck' on the pages, in AppTest: the chart added is the one the page draws, and the
Deck page lists it."""

from __future__ import annotations

import json

import pytest

from metrics.catalog import Catalog
from metrics.deck import ChartSpec, slide
from tests.test_app import figures, open_page


@pytest.mark.parametrize(
    ("page", "charts"),
    [("views/overview.py", 3), ("views/footprint.py", 6), ("views/forum.py", 1)],
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
