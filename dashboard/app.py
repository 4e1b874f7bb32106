"""Athar's entry point: chooses the language, then runs the page the URL names."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import auth, pages, uploads
from metrics import i18n

ASSETS = Path(__file__).resolve().parent / "assets"
LAYOUT_CSS = (ASSETS / "direction.css").read_text(encoding="utf-8")
PRINT_CSS = (ASSETS / "print.css").read_text(encoding="utf-8")
PRINT_JS = (ASSETS / "print.js").read_text(encoding="utf-8")
LANG_JS = (ASSETS / "lang.js").read_text(encoding="utf-8")
NATIVE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}

# The language comes from the link (?lang=ar) on arrival, else from the browser, and then stays
# with the session: page changes drop query parameters, so it is written back on every run.
if "lang" not in st.session_state:
    st.session_state["lang"] = (
        i18n.supported(st.query_params.get("lang"))
        or i18n.supported(st.context.locale)
        or i18n.DEFAULT
    )
_, switch = st.columns([3, 1])
with switch:
    lang = st.segmented_control(
        i18n.t("app.language", st.session_state["lang"]),
        i18n.LANGUAGES,
        format_func=NATIVE_NAMES.__getitem__,
        key="lang",
        required=True,
        label_visibility="collapsed",
        width="content",
    )
lang = i18n.supported(lang) or i18n.DEFAULT
# A local icon file: a Material or emoji page icon is fetched from a font CDN.
st.set_page_config(
    page_title=i18n.t("app.page_title", lang), page_icon=str(ASSETS / "favicon.png"), layout="wide"
)
st.query_params["lang"] = lang
# Written on every run, not only in Arabic: Streamlit may keep an earlier run's style element.
st.html("<style>" + LAYOUT_CSS.replace("DIRECTION", i18n.direction(lang)) + "</style>")
# Printing fits the charts to the paper; st.html runs the script in the page itself, no iframe.
st.html("<style>" + PRINT_CSS + "</style>")
st.html('<script id="print-fit">' + PRINT_JS + "</script>", unsafe_allow_javascript=True)
# The document's language and direction (and wide tables opened at their start), the same way.
script = LANG_JS.replace("LANG", lang).replace("DIR", i18n.direction(lang))
st.html(f'<script id="page-lang">{script}</script>', unsafe_allow_javascript=True)

# An editor page stays registered for everyone, hidden from a visitor's navigation: a reload
# or a bookmark of it (a token sign-in lasts one browser session) then leads to Sign in, never
# to "Page not found"; the page itself sends a visitor there (auth.require_editor).
if not auth.oidc_configured():
    auth.ensure_token()  # the first start prints the editor token in the terminal
editor = auth.is_editor()
uploads.guard(editor)  # the server keeps uploaded files from editors' sessions only
navigation = [
    st.Page(
        pages.path(spec.name),
        title=i18n.t(
            "nav.account" if editor and spec.name == "signin" else f"nav.{spec.name}", lang
        ),
        url_path=spec.name,
        icon=spec.icon,
        default=i == 0,
        visibility="hidden" if (spec.editors and not editor) or not spec.listed else "visible",
    )
    for i, spec in enumerate(pages.PAGES)
]

st.navigation(navigation, position="top").run()
