"""Every Streamlit cache in one place, each a thin wrapper around a metrics function."""

from __future__ import annotations

import json

import streamlit as st

from metrics import current, importing, standing
from metrics.bundled import load_bundled
from metrics.catalog import Catalog
from metrics.importing import Metadata
from metrics.progress import TargetProgress
from metrics.store import Store
from metrics.targets_file import TargetsChecked


@st.cache_resource(show_spinner=False)
def bundled() -> Catalog:
    # The data shipped in data/: read, checked and hashed once per process.
    return load_bundled()


@st.cache_resource(show_spinner=False)
def store() -> Store:
    # One engine (a connection pool) per process, shared by every session; the bundled data
    # is loaded into it as its read-only batch, once per release.
    return current.open_store(bundled())


def version() -> str:
    """The store's version, asked on each run: another app server's import shows at once."""
    return store().version()


@st.cache_resource(show_spinner=False, max_entries=4)
def _catalog(version: str) -> Catalog:
    # Shared and read-only; rebuilt only when the store's version changes.
    return current.current_catalog(store(), bundled())


def catalog() -> Catalog:
    return _catalog(version())


@st.cache_resource(show_spinner=False, max_entries=8)
def _progress(method: str, version: str) -> list[TargetProgress]:
    return _catalog(version).assess(method)


def progress(method: str) -> list[TargetProgress]:
    # Pure arithmetic on the same catalogue the page shows.
    return _progress(method, version())


@st.cache_resource(show_spinner=False, max_entries=8)
def _standing(method: str, strategy: str, version: str) -> standing.Standing:
    # The statuses the page's table shows, judged once per method and store version.
    return standing.standing(_catalog(version), method, strategy, _progress(method, version))


def standing_of(method: str, strategy: str) -> standing.Standing:
    """Where the countries stand on a strategy's indicators (metrics.standing)."""
    return _standing(method, strategy, version())


@st.cache_resource(show_spinner=False, max_entries=4)
def _checked(
    sha256: str,
    name: str,
    mapping: tuple[tuple[str, str], ...],
    version: str,
    _content: bytes,
    _progress: importing.Progress,
) -> importing.Checked:
    # Keyed on the file's hash, not its bytes (hashing 50 MB on every rerun is what a cache
    # is for avoiding); the store's version, since conflicts depend on what is charted.
    columns = {k: v for k, v in mapping if not k.startswith("=")}
    constants = {k[1:]: v for k, v in mapping if k.startswith("=")}
    return importing.check(
        _content, name, _catalog(version), store(), columns, constants, _progress
    )


def checked(
    content: bytes,
    sha256: str,
    name: str,
    mapping: dict[str, str] | None = None,
    constants: dict[str, str] | None = None,
    progress: importing.Progress = importing.quiet,
) -> importing.Checked:
    """A file read, mapped and checked against the current catalogue, once per rerun-proof
    key: the Upload page reruns on every widget change. `progress` hears each step when the
    work is done, not when the answer is kept."""
    key = tuple(sorted((mapping or {}).items())) + tuple(
        sorted((f"={k}", v) for k, v in (constants or {}).items())
    )
    return _checked(sha256, name, key, version(), content, progress)


@st.cache_resource(show_spinner=False, max_entries=4)
def _targets_checked(
    sha256: str, name: str, described: str, version: str, _content: bytes, _metadata: Metadata
) -> TargetsChecked:
    return importing.check_targets(_content, name, _catalog(version), _metadata)


def targets_checked(
    content: bytes, sha256: str, name: str, metadata: Metadata | None = None
) -> TargetsChecked:
    """A targets file checked against the current catalogue and the records the editor
    described, once per file, records and store version (the Upload page reruns on every
    keystroke of its forms)."""
    metadata = metadata or Metadata()
    described = json.dumps(
        [
            [r.model_dump(mode="json") for r in records]
            for records in (metadata.indicators, metadata.sources, metadata.strategies)
        ],
        sort_keys=True,
    )
    return _targets_checked(sha256, name, described, version(), content, metadata)
