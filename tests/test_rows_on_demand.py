"""The store queried on demand: the catalogue's rows are asked for one question at a time, and
the answers are those the bundled frames give; each batch's contents are kept beside its rows
(written with it, following withdrawals, filled in once for a store from an older release);
no page asks the store for every stored row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa
import streamlit as st

from metrics.catalog import Catalog, FrameRows
from metrics.countries import AFRICA
from metrics.current import current_catalog
from metrics.store import Store
from tests.test_app import PAGES, open_page
from tests.test_store import frame

KEY = ["indicator", "country", "year", "source"]


def tidy(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.sort_values(KEY).reset_index(drop=True)


@pytest.fixture
def stored(store: Store, catalog: Catalog) -> Catalog:
    """The current catalogue of a store holding the bundled release."""
    assert isinstance(catalog.rows, FrameRows)
    store.ensure_bundled(catalog.rows.every(), catalog.data_hash)
    return current_catalog(store, catalog)


def test_the_store_answers_every_question_as_the_bundled_frames_do(
    stored: Catalog, catalog: Catalog
) -> None:
    assert stored.with_data() == catalog.with_data() and len(catalog.with_data()) > 10
    for indicator in catalog.indicators:
        pd.testing.assert_frame_equal(stored.series(indicator), catalog.series(indicator))
        pd.testing.assert_frame_equal(
            tidy(stored.alternatives_of(indicator)), tidy(catalog.alternatives_of(indicator))
        )
        assert stored.sources_of(indicator) == catalog.sources_of(indicator)
    assert not catalog.alternatives_of("internet_users").empty  # compared on real content
    pd.testing.assert_frame_equal(
        stored.series("internet_users", ["MAR", "TUN"]),
        catalog.series("internet_users", ["MAR", "TUN"]),
    )
    assert stored.mappable() == catalog.mappable()
    assert {"internet_users", "egdi_score"} <= set(catalog.mappable())
    cited = {s: sorted(map(repr, r)) for s, r in stored.citations().items()}
    assert cited == {s: sorted(map(repr, r)) for s, r in catalog.citations().items()}
    assert [(p.target.id, p.final.status) for p in stored.assess()] == [
        (p.target.id, p.final.status) for p in catalog.assess()
    ]
    # The same summary, computed by SQL and by pandas (the bundled batch is numbered 0 in memory).
    pd.testing.assert_frame_equal(
        stored.contents.drop(columns="batch_id"), catalog.contents.drop(columns="batch_id")
    )


def contents(store: Store) -> dict[tuple[str, int, bool], tuple[int, int]]:
    """indicator, year, alternative -> rows, African rows, over active batches."""
    table = store.snapshot().contents
    sums = table.groupby(["indicator", "year", "alternative"])[["rows", "africa"]].sum()
    return {k: (int(r), int(a)) for k, (r, a) in sums.iterrows()}


def test_contents_follow_imports_withdrawals_and_fill_an_older_store(store: Store) -> None:
    first = frame(
        ("internet_users", "MAR", 2020, 80.0, "", ""),
        ("internet_users", "FRA", 2020, 90.0, "", ""),
        ("internet_users", "MAR", 2021, 81.0, "", ""),
    )
    store.import_batch(first, by="t", file_name="a.csv", content=b"a")
    second = frame(("internet_users", "MAR", 2020, 70.0, "itu_facts_2024", ""))
    batch = store.import_batch(second, by="t", file_name="b.csv", content=b"b")  # add: kept
    assert contents(store) == {
        ("internet_users", 2020, False): (2, 1),
        ("internet_users", 2020, True): (1, 1),
        ("internet_users", 2021, False): (1, 1),
    }
    assert set(store.snapshot().contents["source"]) == {"", "itu_facts_2024"}
    store.withdraw(batch.id, "t")
    before = contents(store)
    assert before == {
        ("internet_users", 2020, False): (2, 1),
        ("internet_users", 2021, False): (1, 1),
    }
    # A store made before the contents table existed: its batches are summarised at open.
    with store.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE contents"))
    reopened = Store(store.url)
    try:
        assert contents(reopened) == before
        reopened.restore(batch.id, "t")
        assert contents(reopened)[("internet_users", 2020, True)] == (1, 1)
    finally:
        reopened.close()


def test_a_country_in_two_batches_counts_once_for_a_map(store: Store, catalog: Catalog) -> None:
    """Contents add up African rows across batches; where two batches hold one indicator and
    year, the rows decide whether it is worth a map."""
    six, six_more = AFRICA[:6], AFRICA[6:12]

    def batch(codes: Sequence[str], value: float) -> pd.DataFrame:
        return frame(*[("internet_users", c, 1990, value, "", "") for c in codes])

    store.import_batch(batch(six, 1.0), by="t", file_name="a.csv", content=b"a")
    store.import_batch(batch(six, 2.0), by="t", file_name="b.csv", content=b"b", mode="replace")
    again = current_catalog(store, catalog)
    assert again.contents["africa"].sum() == 12  # the same six countries, twice
    assert again.mappable() == []
    store.import_batch(batch(six_more, 3.0), by="t", file_name="c.csv", content=b"c")
    assert current_catalog(store, catalog).mappable() == ["internet_users"]


def test_the_catalogue_asks_once_per_question(stored: Catalog, monkeypatch: Any) -> None:
    asked: list[tuple[str, ...]] = []
    original = Store.charted

    def spy(self: Store, indicators: Any = None, countries: Any = None) -> pd.DataFrame:
        asked.append(tuple(indicators))
        return original(self, indicators, countries)

    monkeypatch.setattr(Store, "charted", spy)
    first = stored.series("internet_users")
    expected = first.copy()
    first["value"] = -1.0  # a caller's change does not reach the kept answer
    again = stored.series("internet_users")
    assert asked == [("internet_users",)]
    pd.testing.assert_frame_equal(again, expected)


@pytest.mark.parametrize("page", PAGES)
def test_no_page_asks_for_every_stored_row(page: str, monkeypatch: Any) -> None:
    """Each page's rows come from questions about some indicators, never the whole store."""
    asked: list[Any] = []
    for method in ("charted", "alternatives"):
        original = getattr(Store, method)

        def spy(self: Store, indicators: Any = None, *rest: Any, _original: Any = original) -> Any:
            asked.append(indicators)
            return _original(self, indicators, *rest)

        monkeypatch.setattr(Store, method, spy)
    st.cache_resource.clear()  # so the page's questions reach the store
    at = open_page(page)
    assert not at.exception
    assert None not in asked
    if not page.endswith("sources.py"):  # Sources lists what cites what: contents only
        assert asked
