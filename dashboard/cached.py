"""Every Streamlit cache in one place, each a thin wrapper around a metrics function."""

from __future__ import annotations

import streamlit as st

from metrics.catalog import Catalog, load_bundled
from metrics.progress import TargetProgress, assess_all


@st.cache_resource(show_spinner=False)
def catalog() -> Catalog:
    # One shared, read-only catalogue for every session: the bundled data changes only
    # with a new release, and cache_resource skips cache_data's per-call copy of the frames.
    return load_bundled()


@st.cache_resource(show_spinner=False)
def progress(method: str) -> list[TargetProgress]:
    # Pure arithmetic on the shared catalogue: the same for every visitor until a restart.
    return assess_all(catalog(), method)
