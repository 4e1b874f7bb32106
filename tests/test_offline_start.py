"""Starting the dashboard as `make run` does sends nothing off the machine.

Streamlit, started headless with no `browser.serverAddress` and no `server.address`, looks up
the machine's external IP (checkip.amazonaws.com) to print an "External URL"; the project's
`.streamlit/config.toml` must prevent that. The server runs with every proxy variable pointing
at a recording proxy on loopback, so any HTTP(S) request made through `requests` or urllib
(which honour those variables) is recorded instead of leaving the machine.
"""

from __future__ import annotations

import contextlib
import os
import socket
import socketserver
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.server import DIRECT, streamlit_server

SETTLE = 3  # seconds to wait after the server is up, for any lookup made in the background
PROXY_VARIABLES = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
)


class _RecordingProxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Record)
        self.requests: list[str] = []
        self.lock = threading.Lock()


class _Record(socketserver.StreamRequestHandler):
    """Record a connection's first request line, e.g. "GET http://checkip.amazonaws.com/
    HTTP/1.1" or "CONNECT checkip.amazonaws.com:443 HTTP/1.1", and refuse it with a 502
    (never forwarding it anywhere)."""

    timeout = 5

    def handle(self) -> None:
        try:
            line = self.rfile.readline(8192).decode("latin-1").strip()
        except OSError:
            line = ""
        server = self.server
        assert isinstance(server, _RecordingProxy)
        with server.lock:
            server.requests.append(line or "<connection without a request line>")
        with contextlib.suppress(OSError):
            self.wfile.write(
                b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )


@pytest.fixture
def proxy() -> Iterator[_RecordingProxy]:
    server = _RecordingProxy()
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.daemon = True
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _proxy_url(proxy: _RecordingProxy) -> str:
    host, port = proxy.server_address[:2]
    return f"http://{host!s}:{port}"


def test_the_recording_proxy_records(proxy: _RecordingProxy) -> None:
    """The proxy records a request sent to it and refuses it itself (nothing is forwarded)."""
    with socket.create_connection(proxy.server_address[:2], timeout=5) as s:
        s.sendall(b"GET http://checkip.invalid/ HTTP/1.1\r\nHost: checkip.invalid\r\n\r\n")
        answer = s.makefile("rb").readline()
    assert answer.startswith(b"HTTP/1.1 502 ")
    assert proxy.requests == ["GET http://checkip.invalid/ HTTP/1.1"]


def test_make_run_sends_nothing_off_the_machine(proxy: _RecordingProxy, tmp_path: Path) -> None:
    home = tmp_path / "home"  # no ~/.streamlit/config.toml of the developer's can mask a leak
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("STREAMLIT_")}
    env.pop("METRICS_DB_URL", None)
    env.update(dict.fromkeys(PROXY_VARIABLES, _proxy_url(proxy)))
    env.update(
        {
            "NO_PROXY": "",  # loopback requests made by the server are recorded too
            "no_proxy": "",
            "HOME": str(home),
            "METRICS_DB_PATH": str(tmp_path / "athar.db"),
            "ATHAR_TOKEN_PATH": str(tmp_path / "editor_token.sha256"),
            "ATHAR_EDITOR_TOKEN": "offline-start-test-token",
        }
    )
    # Exactly `make run`'s command: in particular no --server.address.
    with streamlit_server(env, tmp_path) as url:
        with DIRECT.open(f"{url}/", timeout=10) as r:
            assert r.status == 200
        time.sleep(SETTLE)
        with proxy.lock:
            recorded = list(proxy.requests)
    log = (tmp_path / "streamlit.log").read_text()
    assert recorded == [], f"the server sent requests off the machine: {recorded}\n{log}"
