"""Sign in: how an editor gets the Upload and History pages (and where to sign out)."""

from __future__ import annotations

import streamlit as st

from dashboard import auth, pages
from dashboard.ui import lang, page_link, t
from metrics import i18n

if auth.is_editor():
    st.title(t("signin.signed_in_title"))
    st.success(t("signin.signed_in", name=i18n.isolate(auth.identity(), lang())))
    page_link("upload")
    page_link("history")
    st.button(t("auth.sign_out"), key="sign_out", on_click=auth.sign_out)
    st.stop()

st.title(t("signin.title"))
st.caption(t("signin.intro"))
if st.query_params.get(auth.NEXT) in pages.BY_NAME:
    st.info(t("signin.needed", page=t(f"nav.{st.query_params[auth.NEXT]}")))
if auth.oidc_configured():
    if auth.signed_in():  # signed in, but not on the editors' list
        st.warning(t("signin.not_editor", email=i18n.isolate(auth.identity(), lang())))
        st.button(t("auth.sign_out"), key="sign_out", on_click=auth.sign_out)
    else:
        st.button(t("signin.with_account"), key="sign_in", on_click=st.login, type="primary")
    st.stop()

st.markdown(t("signin.token_help"))
with st.form("signin"):
    name = st.text_input(t("signin.name"), key="signin_name", help=t("signin.name_help"))
    token = st.text_input(t("signin.token"), key="signin_token", type="password")
    submitted = st.form_submit_button(t("signin.submit"), type="primary")
if submitted:
    if auth.check_token(token, name):
        auth.after_sign_in()
    if wait := auth.token_wait():  # too many wrong tokens: how long until the next one
        st.error(t("signin.too_many", wait=auth.waiting(wait, lang())))
    else:
        st.error(t("signin.wrong_token"))
