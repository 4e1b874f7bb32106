from __future__ import annotations

from pathlib import Path

import pytest

from metrics.catalog import Catalog, load_bundled

ROOT = Path(__file__).resolve().parent.parent
FILES = Path(__file__).resolve().parent / "files"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_bundled()
