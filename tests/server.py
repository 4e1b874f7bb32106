"""A real `streamlit run` of the dashboard on loopback, for the tests that need a live server."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STARTUP_LIMIT = 120  # seconds until /_stcore/health answers "ok"; generous for a busy machine
# The tests' own requests go straight to the server, never through a proxy the environment names.
DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def streamlit_server(
    env: Mapping[str, str],
    folder: Path,
    extra_args: tuple[str, ...] = (),
    script: str = "dashboard/app.py",
) -> Iterator[str]:
    """The dashboard (or another `script`) served as `make run` serves it (plus `extra_args`),
    its output in `folder`/streamlit.log; yields its URL once healthy and stops it afterwards."""
    port = free_port()
    log_path = folder / "streamlit.log"
    command = [sys.executable, "-m", "streamlit", "run", script]
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [*command, "--server.port", str(port), *extra_args],
            cwd=ROOT,
            env=dict(env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + STARTUP_LIMIT
            while True:
                try:
                    with DIRECT.open(f"{url}/_stcore/health", timeout=10) as r:
                        if r.read() == b"ok":
                            break
                except OSError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"streamlit did not start:\n{log_path.read_text()}")
                time.sleep(0.3)  # between polls of a bounded wait
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
