"""Who may use `claimdesk serve`: the Guard's rules for Host, Origin and the per-run token, and what
counts as loopback. Pure functions: no server runs here (tests/web/test_serve_http.py runs the
guarded app, tests/web/test_serve_refusals.py the real command)."""

from __future__ import annotations

import pytest

from claimdesk import serve
from claimdesk.serve import Guard

PORT = 8123
TOKEN = "k" * 43
DESK = f"http://127.0.0.1:{PORT}"


def refusal(guard: Guard, host: str | None = f"127.0.0.1:{PORT}", origin: str | None = DESK, token: str | None = TOKEN) -> str | None:
    return guard.refusal(hosts=[] if host is None else [host], origins=[] if origin is None else [origin], token=token)


@pytest.fixture
def loopback() -> Guard:
    return Guard("127.0.0.1", PORT, token=TOKEN)


def test_the_desks_own_page_with_the_token_is_served(loopback: Guard) -> None:
    assert refusal(loopback) is None
    assert refusal(loopback, origin=None) is None  # a tool, or the page's own same-origin GET
    assert refusal(loopback, host=f"127.0.0.1:{PORT}", origin=f"http://127.0.0.1:{PORT}/") is None


@pytest.mark.parametrize(
    "origin",
    [
        "http://evil.example",
        f"http://evil.example:{PORT}",
        "https://evil.example",
        "null",
        "file://",
        "",
        f"http://127.0.0.1:{PORT + 1}",  # another local server's page (a dev server, another tool)
        f"https://127.0.0.1:{PORT}",
        f"http://localhost:{PORT}",
        f"http://127.0.0.2:{PORT}",
        "garbage",
    ],
)
def test_a_page_from_anywhere_else_is_refused(loopback: Guard, origin: str) -> None:
    reason = refusal(loopback, origin=origin)
    assert reason is not None and "another site" in reason


@pytest.mark.parametrize(
    "host",
    [
        f"evil.example:{PORT}",  # DNS rebinding: the attacker's name, resolved to 127.0.0.1
        "evil.example",
        f"127.0.0.1:{PORT + 1}",
        "127.0.0.1",
        f"localhost.evil.example:{PORT}",
        f"127.0.0.1.nip.io:{PORT}",
        f"127.0.0.1:{PORT}@evil.example",
        f"127.0.0.1:{PORT}/x",
        "",
        f"[::1]:{PORT}",
        f"127.0.0.1:{PORT}:1",
    ],
)
def test_a_request_for_another_address_is_refused(loopback: Guard, host: str) -> None:
    reason = refusal(loopback, host=host, origin=None)
    assert reason is not None and "not addressed to this desk" in reason


def test_no_host_or_two_hosts_are_refused(loopback: Guard) -> None:
    assert refusal(loopback, host=None, origin=None) is not None
    assert loopback.refusal(hosts=[f"127.0.0.1:{PORT}", f"evil.example:{PORT}"], origins=[], token=TOKEN) is not None
    assert loopback.refusal(hosts=[f"127.0.0.1:{PORT}"], origins=[DESK, "http://evil.example"], token=TOKEN) is not None


@pytest.mark.parametrize("token", [None, "", "k" * 42, "k" * 44, "K" * 43, "wrong", "ｋ" * 43, "\udcff"])
def test_a_missing_or_wrong_token_is_refused(loopback: Guard, token: str | None) -> None:
    reason = refusal(loopback, token=token)
    assert reason is not None and "access key" in reason


def test_the_token_is_new_every_run_and_unguessable() -> None:
    tokens = {Guard("127.0.0.1", PORT).token for _ in range(20)}
    assert len(tokens) == 20
    assert all(len(token) >= 40 and token.replace("-", "").replace("_", "").isalnum() for token in tokens)


def test_spellings_of_the_served_address_compare_equal() -> None:
    guard = Guard("127.1", PORT, token=TOKEN)  # the browser sends 127.0.0.1 for http://127.1
    assert refusal(guard) is None
    v6 = Guard("::1", PORT, token=TOKEN)
    assert refusal(v6, host=f"[::1]:{PORT}", origin=f"http://[::1]:{PORT}") is None
    assert refusal(v6, host=f"[0:0:0:0:0:0:0:1]:{PORT}", origin=f"http://[::1]:{PORT}") is None
    named = Guard("localhost", PORT, token=TOKEN)
    assert refusal(named, host=f"LOCALHOST:{PORT}", origin=f"http://localhost:{PORT}") is None
    assert refusal(named, host=f"evil.example:{PORT}", origin=None) is not None


def test_behind_a_reverse_proxy_the_public_address_is_the_served_one_too() -> None:
    guard = Guard("127.0.0.1", PORT, "https://desk.example.com", token=TOKEN)
    public = "https://desk.example.com"
    assert refusal(guard, host="desk.example.com", origin=public) is None  # the proxy keeps the Host
    assert refusal(guard, host="desk.example.com:443", origin=public) is None
    assert refusal(guard, host=f"127.0.0.1:{PORT}", origin=public) is None  # the proxy sets its upstream's
    assert refusal(guard, host="desk.example.com", origin="http://desk.example.com") is not None
    assert refusal(guard, host="desk.example.com", origin="https://evil.example") is not None
    assert refusal(guard, host="desk.example.com:8443", origin=None) is not None
    assert refusal(guard, host="desk.example.com", origin=public, token="wrong") is not None


def test_on_all_interfaces_any_address_of_the_machine_but_no_name() -> None:
    guard = Guard("0.0.0.0", PORT, token=TOKEN)
    lan = f"192.168.1.20:{PORT}"
    assert refusal(guard, host=lan, origin=f"http://{lan}") is None
    assert refusal(guard, host=f"127.0.0.1:{PORT}", origin=DESK) is None
    # a page served by another machine on the same port: its Origin is not the address it wrote to
    assert refusal(guard, host=lan, origin=f"http://10.9.9.9:{PORT}") is not None
    assert refusal(guard, host=f"evil.example:{PORT}", origin=None) is not None  # rebinding needs a name
    assert refusal(guard, host=f"192.168.1.20:{PORT + 1}", origin=None) is not None


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.1", True),
        ("127.0.0.2", True),
        ("127.255.255.254", True),
        ("0x7f.1", True),
        ("0177.0.0.1", True),
        ("2130706433", True),
        ("127.0.0.1.", True),
        ("::1", True),
        ("[::1]", True),
        ("0:0:0:0:0:0:0:1", True),
        ("::ffff:127.0.0.1", True),
        ("localhost", True),
        ("localhost.", True),
        ("128.0.0.1", False),
        ("0x80.1", False),
        ("0", False),
        ("1", False),
        ("127.0.0.1 x", False),
        ("127.0.0.1.nip.io", False),
        ("127.evil.example", False),
        ("::ffff:10.0.0.1", False),
    ],
)
def test_all_of_127_8_and_ipv6_loopback_are_loopback(host: str, loopback: bool) -> None:
    assert serve.is_loopback(host) is loopback
    assert (serve.exposure_warning(host, 8000) is None) is loopback


@pytest.mark.parametrize(
    ("host", "canonical"),
    [
        ("127.1", "127.0.0.1"),
        ("0x7f.1", "127.0.0.1"),
        ("[::1]", "::1"),
        ("LocalHost.", "localhost"),
        ("0", "0.0.0.0"),
        ("desk.lan", "desk.lan"),
    ],
)
def test_canonical_host(host: str, canonical: str) -> None:
    assert serve.canonical_host(host) == canonical


def test_the_page_may_load_and_connect_to_the_desk_only() -> None:
    policy = serve.content_security_policy("http://127.0.0.1:8123")
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "connect-src 'self' http://127.0.0.1:8123 ws://127.0.0.1:8123;" in policy
    assert "wss://desk.example.com" in serve.content_security_policy("https://desk.example.com")
    assert "googleapis" not in policy and "https:" not in policy
