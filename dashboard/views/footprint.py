"""Footprint: where digital's carbon footprint comes from, e-waste, and the lifetime scenario."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard import cached, deck_state
from dashboard.ui import lang, plot, show_table, sources_expander, t
from dashboard.ui import note as readable
from metrics import countries, i18n, story
from metrics.deck import ChartSpec
from metrics.formatting import value_label
from metrics.models import Source
from metrics.scenario import lifetime_scenario, outcome

# The ids in data/ this page shows besides its charts' (metrics.story).
NATIONAL = ("digital_share_fr_footprint", "digital_share_fr_footprint_wide")
EWASTE = ("ewaste_generated", "ewaste_per_capita", "ewaste_collection_rate")
# Example lifetimes (years) the sliders start from: doubling, the case the forum's message
# is about. Not measured figures; the page says so.
EXAMPLE_TODAY, EXAMPLE_TOMORROW = 3.0, 6.0
HALF_YEARS = [n / 2 for n in range(2, 31)]  # 1 to 15 years

catalog = cached.catalog()
L = lang()
this_year = dt.date.today().year


def latest(indicator: str, country: str) -> pd.Series | None:
    return catalog.latest(indicator, country, until=this_year)


def in_year(row: pd.Series, indicator: str) -> str:
    label = value_label(row, catalog.indicators[indicator], L)
    return t("value.in_year", value=label, year=int(row["year"]))


def sources(*indicators: str) -> list[Source]:
    return story.sources(catalog, *indicators)


def chart(name: str, caption: str) -> None:
    """One of the page's charts, its caption and "add to deck"; or that it is not published."""
    made = story.STORIES[name](catalog, L)
    if made is None:
        st.info(t("value.not_published"))
        return
    plot(made.figure)
    if caption:
        st.caption(caption)
    deck_state.actions(ChartSpec(kind="story", ident=name))


def origin(share_text: str) -> None:
    """Where the footprint comes from: manufacturing against the rest, and its parts."""
    st.header(t("footprint.origin.heading"))
    left, right = st.columns(2)
    with left:
        chart("phases", t("footprint.origin.phases_caption", share=share_text))
        sources_expander(sources(story.MANUFACTURING))
    with right:
        chart("components", t("footprint.origin.components_caption"))
        sources_expander(sources(*story.COMPONENTS))


def national_and_global() -> None:
    """Digital's share of France's footprint, and ICT's global share as published ranges."""
    left, right = st.columns(2)
    with left:
        st.subheader(t("footprint.national.heading"))
        cards = st.columns(len(NATIONAL))
        for card, indicator_id in zip(cards, NATIONAL, strict=True):
            row = latest(indicator_id, story.STUDY)
            if row is None:
                continue
            ind = catalog.indicators[indicator_id]
            card.metric(
                t(f"footprint.national.{indicator_id}", year=int(row["year"])),
                value_label(row, ind, L),
                help=i18n.name(ind.description, L),
                border=True,
            )
        st.caption(t("footprint.national.caption"))
        sources_expander(sources(*NATIONAL))
    with right:
        chart("ict_share", t("footprint.global.caption"))
        sources_expander(sources(*story.GLOBAL_RANGES))


def ewaste() -> None:
    """E-waste for the world, Africa, Europe, Morocco and Tunisia."""
    st.header(t("footprint.ewaste.heading"))
    st.markdown(t("footprint.ewaste.intro"))
    area = t("column.area")
    cells: dict[str, list[str]] = {area: [countries.name(c, L) for c in story.EWASTE_PLACES]}
    for indicator_id in EWASTE:
        column = i18n.name(catalog.indicators[indicator_id].name, L)
        found_rows = [latest(indicator_id, c) for c in story.EWASTE_PLACES]
        cells[column] = [
            in_year(r, indicator_id) if r is not None else t("value.not_published")
            for r in found_rows
        ]
    show_table(pd.DataFrame(cells))

    charted = ("ewaste_per_capita", "ewaste_collection_rate")
    for half, indicator_id in zip(st.columns(len(charted)), charted, strict=True):
        with half:
            note = catalog.indicators[indicator_id].note
            chart(indicator_id, readable(note) if note else "")
    sources_expander(sources(*EWASTE))


def scenario(made: pd.Series | None, share_text: str) -> None:
    """The lifetime scenario: sliders, the chart before and after, the formula."""
    st.header(t("footprint.scenario.heading"))
    st.markdown(t("footprint.scenario.intro"))
    controls, drawn, formula = st.columns([2, 3, 3])
    # Select sliders, not sliders: their labels go through Babel, so French reads "3,5 ans" and
    # "78 %", and Arabic gets its plural forms.
    with controls:
        share = st.select_slider(
            t("footprint.scenario.share"),
            list(range(101)),
            value=round(float(made["value"])) if made is not None else 50,
            format_func=lambda v: i18n.percent(v, 0, L),
            key="scenario_share",
            help=t("footprint.scenario.share_help", value=share_text) if share_text else None,
        )
        today = st.select_slider(
            t("footprint.scenario.today"),
            HALF_YEARS,
            value=EXAMPLE_TODAY,
            format_func=lambda v: i18n.years(v, L),
            key="scenario_today",
        )
        tomorrow = st.select_slider(
            t("footprint.scenario.tomorrow"),
            HALF_YEARS,
            value=EXAMPLE_TOMORROW,
            format_func=lambda v: i18n.years(v, L),
            key="scenario_tomorrow",
        )
        st.caption(
            t(
                "footprint.scenario.defaults",
                today=i18n.years(EXAMPLE_TODAY, L),
                tomorrow=i18n.years(EXAMPLE_TOMORROW, L),
            )
        )
    _, after = lifetime_scenario(share / 100, today, tomorrow)
    years = {"today": i18n.years(today, L), "tomorrow": i18n.years(tomorrow, L)}
    with drawn:
        plot(story.scenario(catalog, share, today, tomorrow, L).figure)
        spec = ChartSpec(kind="scenario", ident=str(share), lifetimes=(today, tomorrow))
        deck_state.actions(spec)
    with formula:
        st.markdown(f"**{t('footprint.scenario.formula')}**")
        # Symbols with number subscripts read the same in every language; the legend names them.
        st.latex(r"\frac{F_1}{F_0} = s \times \frac{L_0}{L_1} + (1 - s)")

        def num(value: float, decimals: int = 2) -> str:
            # A decimal comma must be braced in LaTeX, or it is read as a separator with a space.
            return i18n.number(value, decimals, L).replace(",", "{,}")

        s = share / 100
        st.latex(
            rf"= {num(s)} \times \frac{{{num(today, 1)}}}{{{num(tomorrow, 1)}}} + {num(1 - s)}"
            rf" = {num(after.total)}"
        )
        st.markdown(t("footprint.scenario.legend"))
        change = (after.total - 1) * 100
        st.info(
            t(
                f"footprint.scenario.result_{outcome(share / 100, today, tomorrow)}",
                today=years["today"],
                tomorrow=years["tomorrow"],
                change=i18n.percent(abs(change), 0, L),
                ratio=i18n.percent(after.total * 100, 0, L),
            )
        )
    st.caption(t("footprint.scenario.limits"))


made = story.manufacturing(catalog)
share_text = i18n.percent(float(made["value"]), 0, L) if made is not None else ""
st.title(t("footprint.title"))
st.markdown(t("footprint.intro", share=share_text))
origin(share_text)
national_and_global()
ewaste()
scenario(made, share_text)
