"""Athar's entry point: chooses the language, then runs the page the URL names."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from metrics import i18n

ASSETS = Path(__file__).resolve().parent / "assets"

# A local icon file: a Material or emoji page icon is fetched from a font CDN.
st.set_page_config(page_title="Athar", page_icon=str(ASSETS / "favicon.png"), layout="wide")

requested = st.query_params.get("lang", i18n.DEFAULT)
st.session_state["lang"] = requested if requested in i18n.LANGUAGES else i18n.DEFAULT
lang = st.session_state["lang"]

PAGES = [
    st.Page(
        "views/overview.py",
        title=i18n.t("nav.overview", lang),
        url_path="overview",
        icon=":material/dashboard:",
        default=True,
    ),
    st.Page(
        "views/explore.py",
        title=i18n.t("nav.explore", lang),
        url_path="explore",
        icon=":material/query_stats:",
    ),
    st.Page(
        "views/sources.py",
        title=i18n.t("nav.sources", lang),
        url_path="sources",
        icon=":material/menu_book:",
    ),
]

st.navigation(PAGES, position="top").run()
