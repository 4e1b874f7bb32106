"""Files held by the server: accepted only from an editor's session, and bounded per session.

Streamlit keeps every file a session sends to /_stcore/upload_file/<session>/<file> in memory
until that session ends, from anyone and as many as are sent: an anonymous visitor could grow
the server's memory at will (20 pushes took it from 225 MB to 1.1 GB). Only editor pages have
a file widget, so the upload manager's `add_file` is wrapped, once per server process: a file
from a session not signed in as an editor is refused (403), and an editor's session holds at
most a data file and its metadata at the largest size each may have (413 beyond). A session
that signs out has its files dropped; Streamlit drops a closed session's files itself.
"""

from __future__ import annotations

import threading
from typing import Any

import streamlit as st
from starlette.exceptions import HTTPException
from streamlit.runtime import Runtime
from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from metrics.limits import MAX_BYTES

# What the Upload page needs at once: the data file and its metadata YAML, each at most the
# largest file we read.
MAX_SESSION_BYTES = 2 * MAX_BYTES

_editors: set[str] = set()  # ids of the sessions whose last run was an editor's
_lock = threading.Lock()


def _held(manager: MemoryUploadedFileManager, session_id: str, but: str) -> int:
    files = dict(manager.file_storage.get(session_id, {}))  # a copy: the event loop writes it
    return sum(len(f.data) for file_id, f in files.items() if file_id != but)


@st.cache_resource(show_spinner=False)
def _install() -> MemoryUploadedFileManager | None:
    if not Runtime.exists():  # a script run without a server (AppTest)
        return None
    manager = Runtime.instance().uploaded_file_mgr
    if not isinstance(manager, MemoryUploadedFileManager):  # not the one this guard knows
        return None
    add_file = manager.add_file

    def guarded(session_id: str, file: UploadedFileRec, *args: Any, **kwargs: Any) -> None:
        with _lock:
            editor = session_id in _editors
        if not editor:
            raise HTTPException(status_code=403, detail="uploads are for signed-in editors")
        if _held(manager, session_id, file.file_id) + len(file.data) > MAX_SESSION_BYTES:
            raise HTTPException(status_code=413, detail="this session holds enough files")
        add_file(session_id, file, *args, **kwargs)

    manager.add_file = guarded  # type: ignore[method-assign]
    return manager


def guard(editor: bool) -> None:
    """On every run: install the guard, and note whether this session is an editor's."""
    manager = _install()
    ctx = get_script_run_ctx()
    if ctx is None or manager is None:
        return
    with _lock:
        was = ctx.session_id in _editors
        if editor:
            # Closed sessions leave the set here, so it holds the editors connected now.
            runtime = Runtime.instance()
            _editors.difference_update([s for s in _editors if not runtime.is_active_session(s)])
            _editors.add(ctx.session_id)
        else:
            _editors.discard(ctx.session_id)
    if was and not editor:
        manager.remove_session_files(ctx.session_id)
