"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, start it on
127.0.0.1 with a free port, one fresh database per test, stopped and deleted at the end.

PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` system
user (Debian's package creates it) and every server command runs through `runuser`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Where Debian (/usr/lib/postgresql/N/bin) and most other systems put the server programs.
SEARCH = ["/usr/lib/postgresql/*/bin", "/usr/pgsql-*/bin", "/usr/local/pgsql/bin", "/usr/bin"]
INSTALL_HINT = (
    "PostgreSQL server binaries (initdb, pg_ctl) not found; the store tests need a real "
    "server. Install them (Debian: apt-get install -y postgresql) or set PG_BIN to the "
    "folder holding initdb."
)


def find_bin() -> Path | None:
    """The folder holding initdb and pg_ctl (PG_BIN, else the newest version installed)."""
    if os.environ.get("PG_BIN"):
        candidates = [Path(os.environ["PG_BIN"])]
    else:
        found = [p for pattern in SEARCH for p in Path("/").glob(pattern.lstrip("/"))]
        # Newest major version first: /usr/lib/postgresql/16 before 15.
        candidates = sorted(found, key=lambda p: _version(p), reverse=True)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _version(path: Path) -> int:
    digits = "".join(ch for ch in path.parent.name if ch.isdigit())
    return int(digits) if digits else 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(bindir: Path) -> Iterator[str]:
    """Start a server; yield its base URL (append a database name)."""
    root = Path(tempfile.mkdtemp(prefix="athar-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    data, log = root / "data", root / "server.log"

    def run(*args: str) -> None:
        done = subprocess.run([*prefix, *args], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed:\n{done.stdout}{done.stderr}{tail}")

    port = _free_port()
    try:
        run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        # fsync off: a test cluster is thrown away, and durability is PostgreSQL's own business.
        options = f"-h 127.0.0.1 -p {port} -k {root} -c fsync=off -c full_page_writes=off"
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start")
        try:
            yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
        finally:
            run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
    finally:
        shutil.rmtree(root, ignore_errors=True)
