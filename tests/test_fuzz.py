"""Property-based fuzz of the reader and validator: random bytes, and real files mutated byte
by byte, always end in a report (problems, or sound rows), never in a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metrics import i18n
from metrics.catalog import Catalog
from metrics.errors import ProblemsFound
from metrics.read import read_bytes
from metrics.validate import Contract, validate
from tests.conftest import FILES

REAL = sorted((FILES / "real").glob("*.csv")) + sorted((FILES / "real").glob("*.tsv"))
NAMES = ["upload.csv", "upload.tsv", "upload.txt", "upload.xlsx", "upload.parquet", "upload"]
FUZZ = settings(
    max_examples=150,
    deadline=None,  # a busy machine is no failure; the bound is the example count
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    derandomize=True,  # the same examples on every run: a failure can be replayed
)


def excel_bytes() -> bytes:
    frame = pd.DataFrame(
        {"indicator": ["internet_users"], "country": ["MAR"], "year": [2020], "value": [80.0]}
    )
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    return buffer.getvalue()


def parquet_bytes() -> bytes:
    frame = pd.DataFrame(
        {"indicator": ["internet_users"], "country": ["TUN"], "year": [2021], "value": [71.5]}
    )
    return frame.to_parquet(index=False)


SEEDS = [(p.name, p.read_bytes()) for p in REAL] + [
    ("seed.xlsx", excel_bytes()),
    ("seed.parquet", parquet_bytes()),
]


@pytest.fixture(scope="module")
def contract(catalog: Catalog) -> Contract:
    return Contract(catalog.indicators, set(catalog.sources), allow_new=True)


def report(data: bytes, name: str, contract: Contract) -> None:
    """What the Upload page and the CLI do with a file: read, validate, word every problem."""
    try:
        result = validate(read_bytes(data, name), contract)
    except ProblemsFound as exc:
        problems = exc.problems
        assert problems, "a refusal names at least one problem"
    else:
        problems = result.problems
        assert result.ok or not result.rows.empty or problems
    for problem in problems:
        for lang in i18n.LANGUAGES:
            assert i18n.describe(problem, lang)
    for group in i18n.grouped(problems):
        assert i18n.describe_group(group)


@FUZZ
@given(data=st.binary(max_size=4096), name=st.sampled_from(NAMES))
def test_random_bytes_end_in_a_report(data: bytes, name: str, contract: Contract) -> None:
    report(data, name, contract)


@FUZZ
@given(
    seed=st.sampled_from(SEEDS),
    edits=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255), st.booleans()),
        min_size=1,
        max_size=8,
    ),
)
def test_mutated_real_files_end_in_a_report(
    seed: tuple[str, bytes], edits: list[tuple[float, int, bool]], contract: Contract
) -> None:
    """Real downloads (World Bank, OWID, French and Arabic Excel CSVs, a workbook, a Parquet
    file) with bytes replaced or inserted anywhere."""
    name, original = seed
    data = bytearray(original)
    for where, byte, insert in edits:
        at = int(where * len(data))
        if insert:
            data.insert(at, byte)
        else:
            data[at] = byte
    report(bytes(data), name, contract)


@FUZZ
@given(
    cells=st.lists(st.lists(st.text(max_size=30), min_size=4, max_size=4), min_size=1, max_size=20)
)
def test_any_text_in_the_long_template_ends_in_a_report(
    cells: list[list[str]], contract: Contract
) -> None:
    """Any characters at all (control, bidi, Arabic, surrogates aside) in every cell."""
    frame = pd.DataFrame(cells, columns=["indicator", "country", "year", "value"])
    text = frame.to_csv(index=False)
    report(text.encode("utf-8", errors="replace"), "cells.csv", contract)


def test_the_seeds_are_real_files() -> None:
    assert len(REAL) >= 7 and all(Path(FILES / "real" / n).exists() for n, _ in SEEDS[:-2])
