"""Repeated wrong editor tokens, slowed down (pure logic: no Streamlit, an injectable clock).

Attempts are counted per key (dashboard.auth uses the session and the client's address).
The first ``free`` wrong attempts are answered at once; from the ``free``-th on, every wrong
attempt locks its key for a delay that doubles each time (``first``, 2 × ``first``, ...) up to
``cap``. While a key is locked, an attempt is refused without the token being checked, and
does not count. A right token forgets the key; so does a quiet ``window`` after the last wrong
attempt once the lock is over. At most ``size`` keys are kept (the least recently used is
forgotten first), so that no visitor can make the table grow without bound.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass


@dataclass
class _Record:
    failures: int = 0  # wrong attempts counted since the key was last forgotten
    last: float = 0.0  # when the last one was counted
    until: float = 0.0  # no attempt is checked before this moment


class Throttle:
    def __init__(
        self,
        *,
        free: int = 5,
        window: float = 15 * 60,
        first: float = 2.0,
        cap: float = 5 * 60,
        size: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.free, self.window, self.first, self.cap, self.size = free, window, first, cap, size
        self.clock = clock
        self._records: OrderedDict[str, _Record] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._records)

    def __contains__(self, key: object) -> bool:
        """Is this key remembered (a wrong attempt counted, not yet forgotten)?"""
        with self._lock:
            return key in self._records

    def delay(self, failures: int) -> float:
        """How long the `failures`-th wrong attempt in a row locks its key."""
        if failures < self.free:
            return 0.0
        doublings = min(failures - self.free, 64)  # past 64 the cap has long been reached
        return min(self.cap, self.first * 2.0**doublings)

    def wait(self, keys: Iterable[str]) -> float:
        """Seconds before an attempt under these keys is checked; 0 means now."""
        with self._lock:
            return self._wait(list(keys), self.clock())

    def attempt(self, keys: Iterable[str], check: Callable[[], bool]) -> bool:
        """Check a token (`check`) unless a key is locked; count the outcome. The whole is one
        step under the lock, so simultaneous attempts cannot slip past a lock together."""
        keys = list(keys)
        with self._lock:
            now = self.clock()
            if self._wait(keys, now) > 0:
                return False
            right = check()
            for key in keys:
                if right:
                    self._records.pop(key, None)
                else:
                    self._failed(key, now)
            return right

    def clear(self) -> None:
        with self._lock:
            self._records.clear()

    def _wait(self, keys: list[str], now: float) -> float:
        waits = [self._records[k].until - now for k in keys if k in self._records]
        return max([0.0, *waits])

    def _failed(self, key: str, now: float) -> None:
        record = self._records.pop(key, None) or _Record()
        if now - record.last > self.window and now >= record.until:
            record = _Record()  # a quiet window since the last wrong attempt: start afresh
        record.failures += 1
        record.last = now
        record.until = now + self.delay(record.failures)
        self._records[key] = record  # the most recently used, last
        while len(self._records) > self.size:
            self._records.popitem(last=False)
