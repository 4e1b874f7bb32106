"""Who may change data. Viewing needs no account; uploading and withdrawing need an editor.

Two ways to be an editor:
- OpenID Connect, when `.streamlit/secrets.toml` has an [auth] section: st.login signs the
  visitor in, and the e-mail must be in the allow-list `editors = ["a@b.ma", ...]` (top level).
- Otherwise a local editor token, as Jupyter does: generated on the first start, printed once
  in the terminal that started the app, and kept only as its SHA-256 hash in a file beside the
  SQLite store (`var/editor_token.sha256`; ATHAR_TOKEN_PATH moves it). Setting
  ATHAR_EDITOR_TOKEN chooses the token instead (its hash is written at start): for tests and
  for deployments that keep the token in a secret manager. Delete the file and restart for a
  new token. Wrong tokens are slowed down (dashboard.throttle): after five in a row from one
  session or one address, each further attempt waits longer, up to five minutes, and is
  refused unchecked until then.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
import os
import secrets
from pathlib import Path

import streamlit as st
from babel.units import format_unit
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard import pages
from dashboard.throttle import Throttle
from metrics import i18n
from metrics.store import DEFAULT_PATH

TOKEN_ENV = "ATHAR_EDITOR_TOKEN"
TOKEN_PATH_ENV = "ATHAR_TOKEN_PATH"
TOKEN_FILE = "editor_token.sha256"
_SESSION_HASH = "editor_token_hash"  # the hash of the token this session signed in with
_SESSION_NAME = "editor_name"
NEXT = "next"  # the query parameter naming the editor page to return to after signing in


def token_path() -> Path:
    if path := os.environ.get(TOKEN_PATH_ENV):
        return Path(path)
    db = os.environ.get("METRICS_DB_PATH")
    folder = Path(db).parent if db and not os.environ.get("METRICS_DB_URL") else DEFAULT_PATH.parent
    return folder / TOKEN_FILE


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode("utf-8")).hexdigest()


@st.cache_resource(show_spinner=False)
def ensure_token() -> Path:
    """Once per server process: make sure a token hash exists, printing a new token."""
    path = token_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if given := os.environ.get(TOKEN_ENV):
        path.write_text(token_hash(given) + "\n", encoding="ascii")
        print(f"Editor token: taken from {TOKEN_ENV} (sign in on the Sign-in page)", flush=True)
    elif not path.is_file():
        token = secrets.token_urlsafe(24)
        path.write_text(token_hash(token) + "\n", encoding="ascii")
        path.chmod(0o600)
        print(f"Editor token: {token} (sign in on the Sign-in page)", flush=True)
    else:
        print(
            f"Editor token: unchanged since it was printed (its hash is in {path}; delete"
            " that file and restart for a new one)",
            flush=True,
        )
    return path


def _stored_hash() -> str:
    try:
        return ensure_token().read_text(encoding="ascii").strip()
    except OSError:
        return ""


def oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises rather than answer "no"
        return False


def _editors() -> set[str]:
    try:
        listed = st.secrets.get("editors", [])
    except Exception:
        listed = []
    return {str(e).strip().casefold() for e in listed}


def signed_in() -> bool:
    """Signed in through OIDC (whether or not an editor)."""
    return oidc_configured() and bool(st.user.get("is_logged_in"))


def is_editor() -> bool:
    if oidc_configured():
        email = str(st.user.get("email") or "").casefold()
        return signed_in() and email in _editors()
    entered = str(st.session_state.get(_SESSION_HASH, ""))
    stored = _stored_hash()
    return bool(entered and stored) and hmac.compare_digest(entered, stored)


@st.cache_resource(show_spinner=False)
def throttle() -> Throttle:
    """Wrong-token attempts of every session of this server process, in one bounded table."""
    return Throttle()


def _address_key(address: str) -> str:
    """An IPv6 client owns its whole /64 (a home or a server gets that many addresses), so it
    counts as one; an IPv4 client is its address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"address:{address}"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return f"address:{ip.ipv4_mapped}"
        return f"address:{ipaddress.ip_network(f'{ip}/64', strict=False)}"
    return f"address:{ip}"


def attempt_keys() -> list[str]:
    """Who is attempting: this session, and its client's address when Streamlit knows it (it
    reports none for a visitor on this machine), so that neither a new session nor a new
    tab starts the count afresh."""
    ctx = get_script_run_ctx()
    keys = [f"session:{ctx.session_id if ctx else ''}"]
    address = st.context.ip_address
    if isinstance(address, str) and address:  # (AppTest's stand-in runtime gives a mock)
        keys.append(_address_key(address))
    return keys


def token_wait() -> float:
    """Seconds before this visitor's next token is checked; 0 means now."""
    return throttle().wait(attempt_keys())


def waiting(seconds: float, lang: str) -> str:
    """A wait in words, rounded up: "32 seconds", "ثانيتان", "5 minutes". Babel's CLDR units
    give the plural each language needs (Arabic has a dual), with the numbers as i18n writes
    them."""
    whole = max(1, math.ceil(seconds - 1e-6))  # 2.0000001 seconds left is "2 seconds"
    if whole < 60:
        return format_unit(whole, "duration-second", length="long", locale=i18n.BABEL_LOCALE[lang])
    minutes = math.ceil(whole / 60)
    return format_unit(minutes, "duration-minute", length="long", locale=i18n.BABEL_LOCALE[lang])


def check_token(token: str, name: str) -> bool:
    """Sign this session in if `token` is the editor token. While this visitor is locked out
    for too many wrong tokens (token_wait), the token is refused without being checked."""
    entered = token_hash(token)

    def right() -> bool:
        stored = _stored_hash()
        return bool(token.strip() and stored and hmac.compare_digest(entered, stored))

    if not throttle().attempt(attempt_keys(), right):
        return False
    st.session_state[_SESSION_HASH] = entered
    st.session_state[_SESSION_NAME] = name.strip()
    return True


def identity() -> str:
    """Who is kept with a batch: the OIDC e-mail, or the name given at sign-in."""
    if oidc_configured():
        return str(st.user.get("email") or "editor")
    return str(st.session_state.get(_SESSION_NAME) or "editor (token)")


def sign_out() -> None:
    if oidc_configured():
        st.logout()
        return
    st.session_state.pop(_SESSION_HASH, None)
    st.session_state.pop(_SESSION_NAME, None)


def require_editor(page: str) -> None:
    """At the top of an editor page: a visitor (a reload after a token sign-in, a bookmark)
    is sent to Sign in, which brings them back here once signed in."""
    if is_editor():
        return
    lang = str(st.session_state.get("lang", ""))
    st.switch_page(pages.path("signin"), query_params={NEXT: page, "lang": lang})


def after_sign_in() -> None:
    """Back to the editor page the visitor was sent away from, if any."""
    wanted = st.query_params.get(NEXT)
    target = pages.BY_NAME.get(wanted or "")
    if target is not None and target.editors:
        # A page switch drops the query parameters: the language is carried over by hand.
        lang = str(st.session_state.get("lang", ""))
        st.switch_page(pages.path(target.name), query_params={"lang": lang})
    st.rerun()  # the navigation now holds the editor pages
