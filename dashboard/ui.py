"""Helpers every page shares: the current language, translated text, source notes."""

from __future__ import annotations

from collections.abc import Callable, Collection
from enum import Enum
from typing import TypeVar

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import cached, pages
from metrics import i18n
from metrics.formatting import source_facts, source_licence
from metrics.models import Source
from metrics.progress import Status

# Badge colours (Streamlit's named palette), ordered blue to red as in the SDG dashboards;
# the icon and the word carry the meaning for readers who cannot tell the colours apart.
STATUS_COLOURS = {
    Status.achieved: "blue",
    Status.on_track: "green",
    Status.too_slow: "orange",
    Status.stagnating: "yellow",
    Status.moving_away: "red",
    Status.insufficient: "gray",
}


def lang() -> str:
    return str(st.session_state.get("lang", i18n.DEFAULT))


def t(key: str, **params: object) -> str:
    return i18n.t(key, lang(), **params)


def page_link(name: str, query_params: dict[str, str] | None = None) -> None:
    """A link to one of the app's pages, with its label and icon from the registry (and the
    query parameters it should open with)."""
    st.page_link(
        pages.path(name),
        label=t(f"nav.{name}"),
        icon=pages.BY_NAME[name].icon,
        query_params=query_params,
    )


def note(names: i18n.Translated) -> str:
    """A note of data/ in the reader's language, any id it cites by its name or title."""
    return cached.catalog().readable(i18n.name(names, lang()), lang())


def source_line(source: Source) -> str:
    """A markdown line: title (linked where the source has an address), publisher, date, how
    sure we are, and the licence where the source states one."""
    date, confidence = source_facts(source, lang())
    line = t(
        "source.line" if source.url is not None else "source.line_unlinked",
        title=source.title.replace("[", "(").replace("]", ")"),
        url=str(source.url),
        publisher=source.publisher,
        date=date,
        confidence=confidence,
    )
    return line + source_licence(source, lang())


def source_help(sources: list[Source]) -> str:
    """Tooltip text (markdown) listing sources, for st.metric(help=...)."""
    return "\n\n".join(source_line(s) for s in sources)


def sources_block(sources: list[Source]) -> None:
    for source in sources:
        st.markdown("- " + source_line(source))
        if source.quote:
            st.caption(i18n.quoted(source.quote, lang()))
        if source.note:
            st.caption(note(source.note))


def sources_expander(sources: list[Source]) -> None:
    """The sources behind what is shown just above, each once, folded away."""
    unique = list({s.id: s for s in sources}.values())
    with st.expander(t("source.heading", count=len(unique)), icon=":material/menu_book:"):
        sources_block(unique)


def linked(key: str, param: str, parse: Callable[[str], object | None]) -> bool:
    """A widget whose state a link carries. On arrival, the URL's `param` (when `parse`
    accepts it) becomes the widget's value; the page writes the value back after the widget,
    so a copied link reopens the same view, in any language (ids and codes, never labels).
    True when the widget's value is set already: it must then be drawn without a default."""
    if key not in st.session_state and (raw := st.query_params.get(param)) is not None:
        value = parse(raw)
        if value is not None:
            st.session_state[key] = value
    return key in st.session_state


def listed(raw: str, allowed: Collection[str]) -> list[str] | None:
    """A comma-separated list from a link, kept to what the page offers; None if none is."""
    found = [item for item in raw.split(",") if item in allowed]
    return found or None


E = TypeVar("E", bound=Enum)


def members(raw: str, kind: type[E]) -> list[E] | None:
    """Members of an enumeration named by value in a comma-separated list from a link."""
    by_value = {m.value: m for m in kind}
    found = [by_value[v] for v in raw.split(",") if v in by_value]
    return found or None


CHART_CONFIG = {"displaylogo": False}


def plot(figure: go.Figure) -> None:
    st.plotly_chart(figure, config=CHART_CONFIG)


def plot_map(figure: go.Figure) -> None:
    """A geo figure, drawn from the base map the app serves itself: Plotly would otherwise
    fetch it from its CDN, and a meeting room may have no internet."""
    base = str(st.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}" if base else ""
    st.plotly_chart(
        figure, config={**CHART_CONFIG, "topojsonURL": f"{prefix}/app/static/topojson/"}
    )


# What an empty cell shows: Streamlit's default is the English (and Python) word "None".
EMPTY_CELL = "–"


def show_table(frame: pd.DataFrame, **options: object) -> None:
    """A data table; in Arabic its columns run right to left, as the page does (the grid is
    drawn on a canvas that CSS direction does not reach)."""
    columns = list(frame.columns)
    if i18n.direction(lang()) == "rtl":
        columns.reverse()
    st.dataframe(frame, hide_index=True, column_order=columns, placeholder=EMPTY_CELL, **options)
