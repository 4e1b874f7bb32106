from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from metrics.bundled import load_bundled
from metrics.catalog import Catalog
from metrics.store import Store
from tests import postgres

ROOT = Path(__file__).resolve().parent.parent
FILES = Path(__file__).resolve().parent / "files"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_bundled()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A real PostgreSQL server for the session; fails (never skips) without its binaries."""
    bindir = postgres.find_bin()
    if bindir is None:
        pytest.fail(postgres.INSTALL_HINT, pytrace=False)
    with postgres.server(bindir) as url:
        yield url


_databases = itertools.count(1)


@pytest.fixture
def postgres_url(postgres_server: str) -> str:
    """A fresh, empty database on the session's server."""
    name = f"test_{next(_databases)}"
    engine = sa.create_engine(f"{postgres_server}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    engine.dispose()
    return f"{postgres_server}/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'athar.db'}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(store_url: str) -> Iterator[Store]:
    """An empty store, once on a SQLite file and once on a real PostgreSQL database."""
    opened = Store(store_url)
    yield opened
    opened.close()


@pytest.fixture(scope="session", autouse=True)
def private_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every test (AppTest and the browser server it starts) uses a store of its own in a
    temporary folder, never var/; the editor token's hash file sits beside it."""
    folder = tmp_path_factory.mktemp("store")
    saved = {k: os.environ.get(k) for k in ("METRICS_DB_PATH", "METRICS_DB_URL")}
    os.environ["METRICS_DB_PATH"] = str(folder / "athar.db")
    os.environ.pop("METRICS_DB_URL", None)
    yield folder
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
