"""Athar's entry point: chooses the language, then runs the page the URL names."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import auth
from metrics import i18n

ASSETS = Path(__file__).resolve().parent / "assets"
LAYOUT_CSS = (ASSETS / "direction.css").read_text(encoding="utf-8")
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

# The page list is data: (module in views/ and URL path, icon). The first is the home page.
PAGES = [
    ("overview", ":material/dashboard:"),
    ("targets", ":material/flag:"),
    ("footprint", ":material/eco:"),
    ("partners", ":material/public:"),
    ("explore", ":material/query_stats:"),
    ("forum", ":material/groups:"),
    ("sources", ":material/menu_book:"),
]
# Pages that change data exist only for an editor: an anonymous visitor's navigation does not
# hold them, so their URLs lead nowhere (each page checks again on its own). The sign-in page
# stays for an editor, as the place to sign out, so its URL never disappears under the visitor.
if not auth.oidc_configured():
    auth.ensure_token()  # the first start prints the editor token in the terminal
editor = auth.is_editor()
PAGES += [("signin", ":material/login:")]
if editor:
    PAGES += [("upload", ":material/upload_file:"), ("history", ":material/history:")]
pages = [
    st.Page(
        f"views/{name}.py",
        title=i18n.t("nav.account" if editor and name == "signin" else f"nav.{name}", lang),
        url_path=name,
        icon=icon,
        default=i == 0,
    )
    for i, (name, icon) in enumerate(PAGES)
]

st.navigation(pages, position="top").run()
