"""Deck: the charts chosen on other pages ("Add to deck"), in order, retitled, with a title
slide; taken away as PowerPoint or as an offline report, or presented full screen. The deck
lives in the session and in this page's URL."""

from __future__ import annotations

import dataclasses
import datetime as dt

import streamlit as st

from dashboard import cached, deck_state
from dashboard.ui import lang, page_link, t
from metrics import countries, i18n, story
from metrics.deck import BadChart, ChartSpec, live_link, slide
from metrics.powerpoint import cover_lines, deck_pptx
from metrics.report import chromium, html_report
from metrics.slides import Slide

catalog = cached.catalog()
L = lang()
deck = deck_state.current()

st.title(t("deck.title"))
st.caption(t("deck.intro"))
if not deck.charts:
    st.info(t("deck.empty"))
    deck_state.to_url(deck)
    st.stop()


def settings(spec: ChartSpec) -> str:
    """What a chart shows, in words: its countries, years and kind."""
    if spec.kind == "target":
        return f"{t('deck.kind.target')} · {t(f'method.{spec.method}')}"
    if spec.kind == "story":
        return t("deck.kind.story", page=t(f"nav.{story.PAGES[spec.ident]}"))
    if spec.kind == "standing" and spec.strategy in catalog.strategies:
        named = i18n.name(catalog.strategies[spec.strategy].name, L)
        return f"{t('deck.kind.standing', strategy=named)} · {t(f'method.{spec.method}')}"
    if spec.kind == "scenario" and spec.lifetimes:
        today, tomorrow = (i18n.years(y, L) for y in spec.lifetimes)
        share = i18n.percent(spec.share, 0, L)
        made = t("deck.kind.scenario", share=share, today=today, tomorrow=tomorrow)
        return f"{made} · {t(f'deck.kind.grid.{spec.grid}')}"
    if spec.kind == "map":
        return t("deck.kind.map") + (f" · {spec.year}" if spec.year else "")
    parts = [", ".join(countries.name(c, L) for c in spec.countries)] if spec.countries else []
    if spec.years:
        parts.append(f"{spec.years[0]}–{spec.years[1]}")
    parts.append(t(f"explore.chart.{spec.chart}"))
    return " · ".join(parts)


with st.expander(t("deck.cover"), expanded=True, icon=":material/title:"):
    for key in deck_state.COVER:
        deck.cover[key] = st.text_input(
            t(f"deck.cover.{key}"), value=deck.cover.get(key, ""), key=f"deck_cover_{key}"
        )

slides: list[Slide] = []
for i, token in enumerate(list(deck.charts)):
    spec = ChartSpec.parse(token)
    try:
        made: Slide | None = slide(spec, catalog, L)
    except BadChart as exc:  # its data was withdrawn since it was added
        made = None
        st.warning(i18n.explain(exc, L))
    own = made.title if made else token
    with st.container(border=True):
        name, up, down, drop = st.columns([5, 2, 2, 2], vertical_alignment="bottom")
        title = name.text_input(
            t("deck.slide_title", n=i + 1), value=deck.titles[i] or own, key=f"deck_title_{token}"
        )
        deck.titles[i] = "" if title == own else title
        up.button(
            t("deck.up"),
            icon=":material/arrow_upward:",
            key=f"deck_up_{token}",
            disabled=i == 0,
            on_click=deck_state.move,
            args=(deck, i, -1),
        )
        down.button(
            t("deck.down"),
            icon=":material/arrow_downward:",
            key=f"deck_down_{token}",
            disabled=i == len(deck.charts) - 1,
            on_click=deck_state.move,
            args=(deck, i, 1),
        )
        drop.button(
            t("deck.remove"),
            icon=":material/delete:",
            key=f"deck_remove_{token}",
            on_click=deck_state.remove,
            args=(deck, i),
        )
        st.caption(settings(spec))
    if made is not None:
        slides.append(dataclasses.replace(made, title=deck.titles[i] or made.title))

deck_state.to_url(deck)
heading = deck.cover.get("title") or t("app.page_title")
cover = cover_lines(deck.cover.get("speaker", ""), deck.cover.get("event", ""), dt.date.today(), L)
link = live_link(deck_state.params(deck), L)  # a QR code on the title slide, when served

# Files are made when asked for (the pictures take Chromium a few seconds), not on each run.
take_away = st.container(horizontal=True)
take_away.download_button(
    t("deck.download_pptx"),
    data=lambda: deck_pptx(slides, L, heading, cover, chromium(), link)[0],
    file_name="athar-deck.pptx",
    mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
    icon=":material/co_present:",
    disabled=not slides,
)
take_away.download_button(
    t("deck.download_html"),
    data=lambda: html_report(slides, L, heading, dt.date.today()),
    file_name="athar-report.html",
    mime="text/html",
    icon=":material/description:",
    disabled=not slides,
)
page_link("present", query_params=dict(st.query_params))
