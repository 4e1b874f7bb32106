"""The store's refusals, worded by i18n.explain: a batch the rules refuse (see batches), and a
writer the environment stops (a full disk, a read-only file, a busy or lost database).

A writer's failure reaches the user as one of four StoreFault codes, never as a traceback:
``translate`` reads the driver's own error (SQLite's result code, PostgreSQL's SQLSTATE,
and their messages as a fallback) and says which. Each happens inside the writer's one
transaction, which the database rolls back, so the message can say that nothing was stored.
An error it does not recognise (a programming error, a constraint) is left as it is.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from metrics.errors import MetricsError


class StoreError(MetricsError):
    """A store operation refused; i18n.explain words it from `code` and `params`."""

    code = "store.store_error"

    def __init__(self, message: str, **params: Any):
        self.params = params
        super().__init__(message)


class StoreFault(StoreError):
    """The database stopped a write; `where` names the store (a file, or host/database) for
    whoever has to act, and the driver's own words stay in the message for the logs."""

    def __init__(self, where: str, detail: str):
        super().__init__(f"{self.code}: {detail} ({where})", where=where)


class StoreFull(StoreFault):
    code = "store.disk_full"


class StoreReadOnly(StoreFault):
    code = "store.read_only"


class StoreBusy(StoreFault):
    code = "store.busy"


class StoreUnavailable(StoreFault):
    code = "store.unavailable"


# SQLite's primary result codes (https://sqlite.org/rescode.html); an extended code carries
# its primary one in the low byte (SQLITE_IOERR_WRITE = 778 = 10 | 3 << 8).
SQLITE: dict[int, type[StoreFault]] = {
    13: StoreFull,  # SQLITE_FULL: the disk, or the database's page limit, is full
    8: StoreReadOnly,  # SQLITE_READONLY: a read-only file, folder or file system
    3: StoreReadOnly,  # SQLITE_PERM
    23: StoreReadOnly,  # SQLITE_AUTH
    14: StoreReadOnly,  # SQLITE_CANTOPEN: a read-only file system, a folder not ours
    5: StoreBusy,  # SQLITE_BUSY: another writer held the lock past the busy timeout
    6: StoreBusy,  # SQLITE_LOCKED
    15: StoreBusy,  # SQLITE_PROTOCOL: the WAL lock could not be taken
    10: StoreUnavailable,  # SQLITE_IOERR
    7: StoreUnavailable,  # SQLITE_NOMEM
    11: StoreUnavailable,  # SQLITE_CORRUPT
    26: StoreUnavailable,  # SQLITE_NOTADB
}
# PostgreSQL SQLSTATEs (https://www.postgresql.org/docs/current/errcodes-appendix.html):
# exact codes first, then classes (their first two characters).
POSTGRES: dict[str, type[StoreFault]] = {
    "53100": StoreFull,  # disk_full ("could not extend file ...: No space left on device")
    "25006": StoreReadOnly,  # read_only_sql_transaction (a standby, a read-only database)
    "42501": StoreReadOnly,  # insufficient_privilege
    "55P03": StoreBusy,  # lock_not_available (lock_timeout)
    "57014": StoreBusy,  # query_canceled (statement_timeout)
    "40001": StoreBusy,  # serialization_failure
    "40P01": StoreBusy,  # deadlock_detected
    "08": StoreUnavailable,  # connection exception
    "53": StoreUnavailable,  # insufficient resources (memory, connections)
    "57": StoreUnavailable,  # operator intervention (shutdown, crash, cannot connect now)
    "58": StoreUnavailable,  # system error (I/O)
}
# The drivers' words, for an error that carries no code (or a code that says too little:
# an I/O error that is in fact a full disk).
MESSAGES: list[tuple[str, type[StoreFault]]] = [
    ("database or disk is full", StoreFull),
    ("no space left on device", StoreFull),
    ("could not extend file", StoreFull),
    ("disk quota exceeded", StoreFull),
    ("readonly database", StoreReadOnly),
    ("read-only file system", StoreReadOnly),
    ("read-only transaction", StoreReadOnly),
    ("database is locked", StoreBusy),
]


def classify(error: sa.exc.DBAPIError) -> type[StoreFault] | None:
    """Which fault a driver error is, or None for one that is not the environment's doing."""
    orig = error.orig
    code = getattr(orig, "sqlite_errorcode", None)
    state = getattr(orig, "sqlstate", None)
    found: type[StoreFault] | None = None
    if isinstance(code, int):
        found = SQLITE.get(code & 0xFF)
    elif isinstance(state, str):
        found = POSTGRES.get(state) or POSTGRES.get(state[:2])
    elif isinstance(error, sa.exc.OperationalError):
        # A driver error with no code at all: psycopg's "connection failed", "server closed
        # the connection unexpectedly" (SQLite's errors always carry their code).
        found = StoreUnavailable
    if found is None and error.connection_invalidated:  # SQLAlchemy saw the connection drop
        found = StoreUnavailable
    if found is StoreUnavailable or (found is None and code is None and state is None):
        # The words may say more than the code: an I/O error that is a full disk.
        text = str(orig).casefold()
        found = next((fault for words, fault in MESSAGES if words in text), found)
    return found


def translate(error: sa.exc.DBAPIError, where: str) -> StoreFault | None:
    fault = classify(error)
    return None if fault is None else fault(where, str(error.orig).strip())
