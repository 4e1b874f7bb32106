"""The server keeps uploaded files only from an editor's session, and only so many: files
pushed straight at Streamlit's upload endpoint by a visitor are refused, an editor's session
holds at most a data file and its metadata, and signing out drops what it held."""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request

from playwright.sync_api import Page, WebSocket
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard.uploads import MAX_SESSION_BYTES
from tests.browser.conftest import sign_in, wait_for_app
from tests.server import DIRECT

MB = 1024 * 1024


def listen_for_session(page: Page) -> list[str]:
    """The session id the server gives the browser in its first message (the browser sends
    it back in every upload URL), read from the web socket as Streamlit's protobuf."""
    seen: list[str] = []

    def on_socket(socket: WebSocket) -> None:
        def on_frame(payload: bytes | str) -> None:
            if isinstance(payload, bytes):
                message = ForwardMsg()
                message.ParseFromString(payload)
                if message.WhichOneof("type") == "new_session":
                    seen.append(message.new_session.initialize.session_id)

        socket.on("framereceived", on_frame)

    page.on("websocket", on_socket)
    return seen


def push(page: Page, url: str, session: str, name: str, size: int) -> int:
    """PUT a file at the upload endpoint as the browser's own code would (its XSRF cookie
    echoed in the header), bypassing any widget; the HTTP status. Sent from Python, not
    through Playwright, whose requests carry their body to the browser as base64."""
    xsrf = next(c["value"] for c in page.context.cookies() if c["name"] == "_streamlit_xsrf")
    boundary = "athar-test-boundary"
    body = b"".join(
        [
            f"--{boundary}\r\n".encode(),
            f'Content-Disposition: form-data; name="file"; filename="{name}.csv"\r\n'.encode(),
            b"Content-Type: text/csv\r\n\r\n",
            b"x" * size,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    request = urllib.request.Request(
        f"{url}/_stcore/upload_file/{session}/{name}",
        data=body,
        method="PUT",
        headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "X-Xsrftoken": xsrf,
            "Cookie": f"_streamlit_xsrf={xsrf}",
        },
    )
    try:
        with DIRECT.open(request, timeout=60) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def held_bytes(page: Page, url: str) -> int:
    """Bytes of uploaded files the server holds, from Streamlit's own metrics."""
    text = page.request.get(f"{url}/_stcore/metrics").text()
    found = re.findall(r'cache_memory_bytes\{cache_type="UploadedFileManager"[^}]*\} (\d+)', text)
    return sum(int(n) for n in found)


# Streamlit recomputes this metric at most every 5 s (starlette_routes'
# _METRICS_EXPENSIVE_STATS_TTL_SECONDS); a reading this much later is fresh.
FRESH = 6.0


def eventually_held(page: Page, url: str, expected: int) -> None:
    deadline = time.monotonic() + 30
    while (held := held_bytes(page, url)) != expected and time.monotonic() < deadline:
        time.sleep(0.5)  # until the next recomputation
    assert held == expected


def test_a_visitor_cannot_make_the_server_keep_files(page: Page, app_url: str) -> None:
    seen = listen_for_session(page)
    page.goto(app_url)
    wait_for_app(page)
    session = seen[0]
    before = held_bytes(page, app_url)  # other tests' editor sessions may still hold files
    statuses = [push(page, app_url, session, f"visitor-{i}", 5 * MB) for i in range(5)]
    assert statuses == [403] * 5
    time.sleep(FRESH)  # a reading taken after the pushes, not a cached one
    assert held_bytes(page, app_url) == before


def test_an_editor_session_holds_two_large_files_at_most_and_none_after_sign_out(
    page: Page, app_url: str
) -> None:
    seen = listen_for_session(page)
    sign_in(page, app_url, "Guard test")
    session = seen[0]
    before = held_bytes(page, app_url)

    # Just under the largest file Streamlit takes (its limit counts the multipart framing).
    half = MAX_SESSION_BYTES // 2 - 64 * 1024
    assert push(page, app_url, session, "data", half) == 204
    assert push(page, app_url, session, "metadata", half) == 204
    assert push(page, app_url, session, "one-more", 256 * 1024) == 413
    assert push(page, app_url, session, "data", half) == 204  # the same file, sent again
    eventually_held(page, app_url, before + 2 * half)

    page.get_by_role("button", name="Sign out").click()
    wait_for_app(page)
    eventually_held(page, app_url, before)
    assert push(page, app_url, session, "data", 1024) == 403
