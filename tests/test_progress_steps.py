"""Feedback on long work: an import tells where it is (reading, checking every row, comparing
with the store, storing), in the user's language, on the Upload page and on a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from metrics import i18n
from metrics.catalog import Catalog
from metrics.current import open_store
from metrics.importing import Metadata, check, commit

ROOT = Path(__file__).resolve().parent.parent
ROWS = b"".join(b"internet_users,MAR,%d,%d.5\n" % (y, y - 1990) for y in range(1991, 2021))
FILE = b"indicator,country,year,value\n" + ROWS


def test_check_and_commit_say_each_step_with_its_numbers(catalog: Catalog, tmp_path: Path) -> None:
    store = open_store(catalog, f"sqlite:///{tmp_path / 's.db'}")
    heard: list[tuple[str, dict[str, int | str]]] = []
    try:
        checked = check(
            FILE, "net.csv", catalog, store, progress=lambda k, **p: heard.append((k, p))
        )
        assert checked.ok
        commit(
            store,
            checked,
            by="t",
            mode="add",
            metadata=Metadata(),
            progress=lambda k, **p: heard.append((k, p)),
        )
    finally:
        store.close()
    assert heard == [
        ("progress.reading", {"file": "net.csv"}),
        ("progress.checking", {"rows": 30}),
        ("progress.comparing", {}),
        ("progress.storing", {"rows": 30}),
    ]


def test_a_file_that_cannot_be_read_stops_after_reading(catalog: Catalog, tmp_path: Path) -> None:
    store = open_store(catalog, f"sqlite:///{tmp_path / 's.db'}")
    heard: list[str] = []
    try:
        check(b"\x00\x01", "bad.csv", catalog, store, progress=lambda k, **p: heard.append(k))
    finally:
        store.close()
    assert heard == ["progress.reading"]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Checking every row (rows read: 1,234,567)…"),
        ("fr", "Vérification de chaque ligne (lignes lues\u00a0: 1\u202f234\u202f567)…"),
        ("ar", "جارٍ فحص كل سطر (الأسطر المقروءة: 1.234.567)…"),  # Moroccan grouping
    ],
)
def test_counts_are_written_as_each_language_writes_them(lang: str, expected: str) -> None:
    assert i18n.progress("progress.checking", lang, rows=1_234_567) == expected


def test_the_cli_shows_the_steps_on_a_terminal_and_not_in_a_pipe(tmp_path: Path) -> None:
    data = tmp_path / "net.csv"
    data.write_bytes(FILE)
    env = {**os.environ, "METRICS_DB_PATH": str(tmp_path / "athar.db")}
    env.pop("METRICS_DB_URL", None)
    command = [sys.executable, "-m", "metrics", "import", str(data), "--by", "t"]

    piped = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert piped.returncode == 0, piped.stderr.decode()
    assert "Checking every row" not in piped.stderr.decode()

    # Standard error a terminal (a pseudo-terminal), as in an analyst's shell.
    leader, follower = pty.openpty()
    run = subprocess.run(
        [*command[:-1], "again"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=follower,
        timeout=120,
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the terminal's other end is closed: everything was read
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert run.returncode == 0
    # The made-up 2020 (30.5) then the charted 2021 (88.1) is a jump, warned between the steps.
    lines = [line for line in shown.decode().splitlines() if line.endswith("…")]
    assert lines == [
        "Reading net.csv…",
        "Checking every row (rows read: 30)…",
        "Comparing with the values charted now…",
        "Storing the batch (rows: 30)…",
    ]
