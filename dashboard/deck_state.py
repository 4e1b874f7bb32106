"""The deck a visitor is building: its charts (metrics.deck tokens), their titles and the title
slide, kept in the session and written into the Deck and Present pages' URLs, so a bookmarked
link reopens the same deck."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial

import streamlit as st

from dashboard import cached
from dashboard.ui import lang, plot, t
from metrics.deck import COVER, SEPARATOR, BadChart, ChartSpec, deck_params, slide
from metrics.picture import MIME, Format, chart_image
from metrics.report import chromium

KEY = "deck_state"


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


def params(deck: Deck) -> dict[str, str]:
    return deck_params(deck.charts, deck.titles, deck.cover)


def to_url(deck: Deck) -> None:
    given = params(deck)
    for key in ("deck", "titles", *COVER):
        if key in given:
            st.query_params[key] = given[key]
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


def _picture(spec: ChartSpec, fmt: Format, lang: str) -> bytes:
    return chart_image(slide(spec, cached.catalog(), lang), lang, fmt, chromium())


def chart(spec: ChartSpec, caption: str = "") -> None:
    """A chart drawn from its specification, as a deck draws it (so the page and the slide
    are one figure), with its caption and actions; or that its figures are not published."""
    try:
        made = slide(spec, cached.catalog(), lang())
    except BadChart:
        st.info(t("value.not_published"))
        return
    plot(made.figure)
    if caption:
        st.caption(caption)
    actions(spec)


def actions(spec: ChartSpec) -> None:
    """Under a chart: "add to deck", how many charts the deck holds, and the chart alone as a
    picture (PNG for a projector, SVG to edit) with its title and sources inside."""
    deck = current()
    token = spec.token()
    row = st.container(horizontal=True, vertical_alignment="center")
    row.button(
        t("deck.add"),
        icon=":material/add_to_queue:",
        key=f"deck_add_{token}",
        disabled=token in deck.charts,
        on_click=add,
        args=(spec,),
    )
    menu = row.popover(t("picture.menu"), icon=":material/image:")
    browser = chromium()
    name = "athar_" + re.sub(r"[^A-Za-z0-9_.-]+", "_", token).strip("_")
    for fmt, label in (("png", "picture.png"), ("svg", "picture.svg")):
        menu.download_button(
            t(label),
            data=partial(_picture, spec, fmt, lang()),
            file_name=f"{name}.{fmt}",
            mime=MIME[fmt],
            key=f"picture_{fmt}_{token}",
            disabled=browser is None,
            icon=":material/download:",
        )
    if browser is None:
        menu.caption(t("picture.no_chromium"))
    if deck.charts:
        row.caption(t("deck.holds", count=len(deck.charts)))
