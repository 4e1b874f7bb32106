"""The deck a visitor is building: its charts (metrics.deck tokens), their titles and the title
slide, kept in the session and written into the Deck and Present pages' URLs, so a bookmarked
link reopens the same deck."""

from __future__ import annotations

from dataclasses import dataclass, field

import streamlit as st

from dashboard.ui import t
from metrics.deck import BadChart, ChartSpec

KEY = "deck_state"
SEPARATOR = "|"  # between charts (and their titles) in the URL; never in a token
COVER = ("title", "speaker", "event")


@dataclass
class Deck:
    charts: list[str] = field(default_factory=list)  # tokens, in order
    titles: list[str] = field(default_factory=list)  # "" keeps the chart's own title
    cover: dict[str, str] = field(default_factory=dict)  # title, speaker, event


def current() -> Deck:
    """This session's deck; on arrival from a link, the one the URL holds."""
    if KEY not in st.session_state:
        st.session_state[KEY] = _from_url()
    deck: Deck = st.session_state[KEY]
    return deck


def _from_url() -> Deck:
    charts, titles = [], []
    named = st.query_params.get("titles", "").split(SEPARATOR)
    given = st.query_params.get("deck", "").split(SEPARATOR)
    for i, token in enumerate(given):
        if not token:
            continue
        try:
            charts.append(ChartSpec.parse(token).token())
        except BadChart:  # a link edited by hand: its other charts still open
            continue
        titles.append(named[i] if i < len(named) else "")
    cover = {k: st.query_params[k] for k in COVER if k in st.query_params}
    return Deck(charts, titles, cover)


def to_url(deck: Deck) -> None:
    st.query_params["deck"] = SEPARATOR.join(deck.charts)
    st.query_params["titles"] = SEPARATOR.join(t.replace(SEPARATOR, "/") for t in deck.titles)
    for key in COVER:
        if deck.cover.get(key):
            st.query_params[key] = deck.cover[key]
        elif key in st.query_params:
            del st.query_params[key]


def add(spec: ChartSpec) -> None:
    deck = current()
    token = spec.token()
    if token not in deck.charts:
        deck.charts.append(token)
        deck.titles.append("")


def move(deck: Deck, i: int, step: int) -> None:
    j = i + step
    if 0 <= j < len(deck.charts):
        deck.charts[i], deck.charts[j] = deck.charts[j], deck.charts[i]
        deck.titles[i], deck.titles[j] = deck.titles[j], deck.titles[i]


def remove(deck: Deck, i: int) -> None:
    del deck.charts[i], deck.titles[i]


def add_button(spec: ChartSpec) -> None:
    """The "add to deck" button under a chart, and how many charts the deck holds."""
    deck = current()
    inside = spec.token() in deck.charts
    row = st.container(horizontal=True, vertical_alignment="center")
    row.button(
        t("deck.add"),
        icon=":material/add_to_queue:",
        key=f"deck_add_{spec.token()}",
        disabled=inside,
        on_click=add,
        args=(spec,),
    )
    if deck.charts:
        row.caption(t("deck.holds", count=len(deck.charts)))
