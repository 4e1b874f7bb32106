"""Every Streamlit cache in one place, each a thin wrapper around a metrics function."""

from __future__ import annotations

import streamlit as st

from metrics.catalog import Catalog, load_bundled
from metrics.progress import TargetProgress, assess_all
from metrics.store import Store, open_store


@st.cache_resource(show_spinner=False)
def bundled() -> Catalog:
    # The data shipped in data/: read and checked once per process (it changes with a release).
    return load_bundled()


@st.cache_resource(show_spinner=False)
def store() -> Store:
    # One engine (a connection pool) per process, shared by every session; the bundled data
    # is loaded into it as its read-only batch, once per content hash.
    return open_store(bundled())


def version() -> str:
    """The store's version, asked on each run: another app server's import shows at once."""
    return store().version()


@st.cache_resource(show_spinner=False, max_entries=4)
def _catalog(version: str) -> Catalog:
    # Shared and read-only; rebuilt only when the store's version changes.
    current = store()
    return bundled().with_stored(
        current.observations(), current.alternatives(), current.indicators()
    )


def catalog() -> Catalog:
    return _catalog(version())


@st.cache_resource(show_spinner=False, max_entries=8)
def _progress(method: str, version: str) -> list[TargetProgress]:
    return assess_all(_catalog(version), method)


def progress(method: str) -> list[TargetProgress]:
    # Pure arithmetic on the same catalogue the page shows.
    return _progress(method, version())
