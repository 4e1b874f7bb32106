"""`python -m metrics catalog | head -n 3` ends quietly: exit 0, nothing on standard error.

The reader here stops after three lines and closes its end of a real pipe. For the test to mean
anything, the CLI must still have output to write after that close, whatever the timing. So
the pipe is shrunk to one page (Linux `F_SETPIPE_SZ`) and the test first checks that the
command's whole output is larger than what was read plus what the pipe can hold.

Python buffers standard output to a pipe unless PYTHONUNBUFFERED is set. Buffered, the
plain catalogue (a few KiB) is only written by the interpreter's final flush, after `main()`
has returned. Unbuffered, it is written line by line inside `main()`. Both ways are tested,
because a user's shell usually has no PYTHONUNBUFFERED while CI and containers often do.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINES = 3  # head -n 3
COMMANDS = {"text": ["catalog"], "json": ["catalog", "--json"]}


def _env(tmp_path: Path, unbuffered: bool) -> dict[str, str]:
    env = {**os.environ, "METRICS_DB_PATH": str(tmp_path / "athar.db")}
    env.pop("METRICS_DB_URL", None)
    env.pop("PYTHONUNBUFFERED", None)
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return env


@pytest.fixture(scope="module")
def full_sizes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """Bytes each command writes when its reader takes everything."""
    sizes = {}
    for name, args in COMMANDS.items():
        done = subprocess.run(
            [sys.executable, "-m", "metrics", *args],
            cwd=ROOT,
            env=_env(tmp_path_factory.mktemp(name), unbuffered=False),
            capture_output=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr.decode()
        sizes[name] = len(done.stdout)
    return sizes


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_catalog_into_a_reader_that_stops_early(
    command: str, unbuffered: bool, full_sizes: dict[str, int], tmp_path: Path
) -> None:
    read_end, write_end = os.pipe()
    try:
        fcntl.fcntl(write_end, fcntl.F_SETPIPE_SZ, 4096)  # the kernel rounds up to one page
        capacity = fcntl.fcntl(write_end, fcntl.F_GETPIPE_SZ)
        child = subprocess.Popen(
            [sys.executable, "-m", "metrics", *COMMANDS[command]],
            cwd=ROOT,
            env=_env(tmp_path, unbuffered),
            stdout=write_end,
            stderr=subprocess.PIPE,
        )
    except BaseException:
        os.close(read_end)
        raise
    finally:
        os.close(write_end)  # the child holds its own copy
    try:
        head = bytearray()
        while head.count(b"\n") < LINES:  # byte by byte, so nothing beyond the lines is taken
            byte = os.read(read_end, 1)
            assert byte, f"output ended before {LINES} lines: {bytes(head)!r}"
            head += byte
    finally:
        os.close(read_end)
    try:
        _, stderr = child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait(timeout=10)
    # Until the close, the child could only have written what was read plus a full pipe; the
    # rest it had to write after the close, into a pipe with no reader.
    assert full_sizes[command] > len(head) + capacity, (
        f"`{' '.join(COMMANDS[command])}` writes {full_sizes[command]} bytes, too few to be "
        f"sure it writes after the reader closes ({len(head)} read, pipe holds {capacity})"
    )
    assert (child.returncode, stderr.decode()) == (0, ""), (
        f"exit {child.returncode}, standard error:\n{stderr.decode()}"
    )
