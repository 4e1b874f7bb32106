"""Repeated wrong editor tokens are slowed down: the throttle's logic on a fake clock, the
words for a wait in three languages, and the Sign-in page refusing a locked visitor."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import auth
from dashboard.throttle import Throttle
from tests.test_app import APP

TOKEN = "test-editor-token"
ME, OTHER = ["session:a", "address:192.0.2.7"], ["session:b", "address:198.51.100.9"]


class Clock:
    """Time that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def wrong() -> bool:
    return False


def right() -> bool:
    return True


def attempts(throttle: Throttle, keys: list[str], count: int) -> list[float]:
    """`count` wrong tokens in a row, each as soon as it is allowed: the wait after each."""
    clock = throttle.clock
    assert isinstance(clock, Clock)
    waits = []
    for _ in range(count):
        clock.advance(throttle.wait(keys))
        assert throttle.attempt(keys, wrong) is False
        waits.append(throttle.wait(keys))
    return waits


def test_five_wrong_tokens_lock_and_each_further_one_doubles_the_wait_up_to_a_cap() -> None:
    throttle = Throttle(clock=Clock())
    assert attempts(throttle, ME, 4) == [0, 0, 0, 0]  # answered at full speed
    assert attempts(throttle, ME, 1) == [2]
    assert attempts(throttle, ME, 8) == [4, 8, 16, 32, 64, 128, 256, 300]
    assert attempts(throttle, ME, 3) == [300, 300, 300]
    assert throttle.delay(10**6) == 300  # no overflow however long it goes on


def test_a_locked_visitor_is_refused_unchecked_and_the_refusal_does_not_count() -> None:
    clock = Clock()
    throttle = Throttle(clock=clock)
    attempts(throttle, ME, 5)
    checked: list[str] = []

    def check() -> bool:
        checked.append("checked")
        return True

    clock.advance(1.5)
    assert throttle.attempt(ME, check) is False  # the right token, refused while locked
    assert checked == [] and throttle.wait(ME) == pytest.approx(0.5)
    clock.advance(0.5)
    assert throttle.attempt(ME, check) is True and checked == ["checked"]


def test_a_right_token_forgets_the_count() -> None:
    clock = Clock()
    throttle = Throttle(clock=clock)
    attempts(throttle, ME, 6)
    clock.advance(throttle.wait(ME))
    assert throttle.attempt(ME, right) is True
    assert len(throttle) == 0
    assert attempts(throttle, ME, 5) == [0, 0, 0, 0, 2]  # five free attempts again


def test_wrong_tokens_spread_wider_than_the_window_never_lock() -> None:
    clock = Clock()
    throttle = Throttle(clock=clock, window=60)
    for _ in range(20):
        assert throttle.attempt(ME, wrong) is False
        assert throttle.wait(ME) == 0
        clock.advance(61)
    attempts(throttle, ME, 4)  # but five within the window do
    assert throttle.attempt(ME, wrong) is False and throttle.wait(ME) == 2


def test_keys_are_counted_apart_and_a_locked_address_locks_its_new_sessions() -> None:
    throttle = Throttle(clock=Clock())
    attempts(throttle, ME, 5)
    assert throttle.wait(ME) == 2
    assert throttle.wait(OTHER) == 0 and throttle.attempt(OTHER, right) is True
    new_tab = ["session:c", ME[1]]  # the same address, a new session
    assert throttle.wait(new_tab) == 2
    assert throttle.attempt(new_tab, right) is False


def test_the_table_keeps_at_most_size_keys_and_drops_the_least_recently_used() -> None:
    throttle = Throttle(clock=Clock(), size=3)
    for key in ("k0", "k1", "k2", "k0", "k3"):  # k0 used again: k1 is the oldest when k3 comes
        throttle.attempt([key], wrong)
    assert len(throttle) == 3
    assert [k in throttle for k in ("k0", "k1", "k2", "k3")] == [True, False, True, True]
    default = Throttle(clock=Clock())
    for n in range(25_000):  # a visitor opening session after session
        default.attempt([f"session:{n}"], wrong)
    assert len(default) == 10_000


def test_the_wait_reads_in_each_language() -> None:
    assert auth.waiting(32, "en") == "32 seconds"
    assert auth.waiting(1.2, "en") == "2 seconds"  # rounded up, never less than is left
    assert auth.waiting(300, "en") == "5 minutes"
    assert auth.waiting(32, "fr") == "32\u00a0secondes"
    assert auth.waiting(2, "ar") == "ثانيتان"  # Arabic's dual
    assert auth.waiting(32, "ar") == "32 ثانية"


def test_an_address_is_one_key_and_an_ipv6_client_owns_its_64() -> None:
    assert auth._address_key("192.0.2.7") == "address:192.0.2.7"
    assert auth._address_key("::ffff:192.0.2.7") == "address:192.0.2.7"
    first = auth._address_key("2001:db8:1:2::1")
    assert first == auth._address_key("2001:db8:1:2:ffff::9") == "address:2001:db8:1:2::/64"
    assert auth._address_key("2001:db8:1:3::1") != first


# --- the Sign-in page ----------------------------------------------------------------------


@pytest.fixture(autouse=True)
def editor_token() -> Iterator[None]:
    """The editor token's hash, where the app looks for it (beside the test store)."""
    path = auth.token_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(auth.token_hash(TOKEN) + "\n", encoding="ascii")
    yield


@pytest.fixture
def clock() -> Iterator[Clock]:
    """The server's throttle (one per process, shared with AppTest's runs) on a fake clock,
    empty before and after: every AppTest session has the same id."""
    shared = auth.throttle()
    fake, saved = Clock(), shared.clock
    shared.clear()
    shared.clock = fake
    yield fake
    shared.clock = saved
    shared.clear()


def sign_in(at: AppTest, token: str) -> list[str]:
    at.text_input(key="signin_name").set_value("Salma")
    at.text_input(key="signin_token").set_value(token)
    at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    return [e.value for e in at.error]


def test_the_sign_in_page_slows_down_wrong_tokens(clock: Clock) -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("views/signin.py").run()
    wrong_token = ["This token is not the editor token; nothing was changed."]
    for _ in range(4):
        assert sign_in(at, "not-the-token") == wrong_token
    assert sign_in(at, "not-the-token") == ["Too many wrong tokens: try again in 2 seconds."]
    assert sign_in(at, "not-the-token") == ["Too many wrong tokens: try again in 2 seconds."]
    clock.advance(1)
    assert sign_in(at, TOKEN) == ["Too many wrong tokens: try again in 1 second."]  # unchecked
    assert at.title[0].value == "Sign in as an editor"

    clock.advance(1)  # the lock is over; one more wrong token doubles it
    assert sign_in(at, "still-not-it") == ["Too many wrong tokens: try again in 4 seconds."]
    at.segmented_control(key="lang").set_value("fr").run()
    assert sign_in(at, TOKEN) == [
        "Trop de tentatives avec un jeton erroné\u00a0: réessayez dans 4\u00a0secondes."
    ]
    clock.advance(4)
    assert sign_in(at, TOKEN) == []
    assert at.session_state["editor_name"] == "Salma"
    assert len(auth.throttle()) == 0  # the right token forgot the count
