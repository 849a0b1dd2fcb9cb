"""The guarded textual-serve app in this process (aiohttp's TestServer on a free loopback port), with
the session process replaced by a recorder: a refused request starts no session; the page, its
files and its WebSocket work with the token (in the address, then in their `/TOKEN/` paths); no
cookie is ever a credential (a browser sends a host's cookies to all its ports); the page refers to
nothing off the machine."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from claimdesk import serve
from tests.web.helpers import free_port

TOKEN = "t0ken-of-this-run_" + "x" * 25
EVIL = "http://evil.example"


class RecordedSession:
    """Stands in for textual-serve's AppService (the `python -m claimdesk` behind a WebSocket)."""

    started: list[tuple[int, int]] = []

    def __init__(self, command: str, **_: Any) -> None:
        self.command = command

    async def start(self, width: int, height: int) -> None:
        RecordedSession.started.append((width, height))

    async def stop(self) -> None:
        return None


@dataclass
class Desk:
    base: str  # http://127.0.0.1:PORT
    port: int
    session: aiohttp.ClientSession

    @property
    def page(self) -> str:
        return f"{self.base}/?token={TOKEN}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}/{TOKEN}/ws"

    @property
    def bare_ws(self) -> str:
        """textual-serve's own WebSocket address, without the token."""
        return f"ws://127.0.0.1:{self.port}/ws"


@pytest.fixture
async def desk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> AsyncIterator[Desk]:
    import textual_serve.server

    RecordedSession.started = []
    monkeypatch.setattr(textual_serve.server, "AppService", RecordedSession)
    port = free_port()
    server = serve.build_server(tmp_path / "claimdesk.json", "127.0.0.1", port, token=TOKEN, err=(tmp_path / "err").open("w"))
    test_server = TestServer(await server._make_app(), host="127.0.0.1", port=port)
    await test_server.start_server()
    # unsafe=True: keep cookies of an IP-address host, as browsers do (aiohttp's jar does not by default)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as session:
        try:
            yield Desk(f"http://127.0.0.1:{port}", port, session)
        finally:
            await test_server.close()


async def get(desk: Desk, url: str, **headers: str) -> tuple[int, str, Any]:
    async with desk.session.get(url, headers=headers, allow_redirects=False) as response:
        return response.status, (await response.read()).decode("utf-8", "replace"), response.headers


async def ws_status(desk: Desk, url: str, **headers: str) -> int:
    """101 when the WebSocket opened (then closed at once), else the refusal's status."""
    try:
        async with desk.session.ws_connect(url, headers=headers) as socket:
            await socket.close()
            return 101
    except aiohttp.WSServerHandshakeError as error:
        return error.status


async def test_the_page_with_the_token_is_served_and_its_files_and_socket_carry_it_in_their_paths(desk: Desk) -> None:
    status, html, headers = await get(desk, desk.page)
    assert status == 200 and 'id="terminal"' in html
    assert "Set-Cookie" not in headers
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "no-referrer"
    # after the page: its script and its WebSocket, at the addresses it names, with the page's Origin
    assert f'src="{desk.base}/{TOKEN}/static/js/textual.js"' in html
    assert (await get(desk, f"{desk.base}/{TOKEN}/static/js/textual.js"))[0] == 200
    assert await ws_status(desk, desk.ws, Origin=desk.base) == 101
    assert RecordedSession.started == [(80, 24)]


async def test_no_cookie_the_server_sets_opens_the_page_or_the_socket(desk: Desk) -> None:
    """Browsers send a host's cookies to every port of it: another server on 127.0.0.1 receives
    whatever cookie the desk set. Replaying them all, without the token, gets nothing."""
    # A browser's visit: the page, then the files and the WebSocket it names.
    async with desk.session.get(desk.page) as response:
        html = await response.text()
        set_cookies = response.headers.getall("Set-Cookie", [])
    for ref in REFERENCE.findall(html):
        async with desk.session.get(urljoin(desk.page, ref[0] or ref[1])) as response:
            assert response.status == 200, ref
            set_cookies += response.headers.getall("Set-Cookie", [])
    [socket_url] = re.findall(r'data-session-websocket-url="([^"]+)"', html)
    async with desk.session.ws_connect(socket_url, headers={"Origin": desk.base}) as socket:
        await socket.close()
    replayed = {cookie.key: cookie.value for cookie in desk.session.cookie_jar}
    started = len(RecordedSession.started)
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True), cookies=replayed) as thief:
        for url in (f"{desk.base}/", f"{desk.base}/static/js/textual.js"):
            async with thief.get(url, allow_redirects=False) as response:
                assert response.status == 403, url
                assert "access key" in await response.text()
        for url in (desk.bare_ws, f"ws://127.0.0.1:{desk.port}/anything/ws"):
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                async with thief.ws_connect(url, headers={"Origin": desk.base}):
                    pass
            assert refused.value.status == 403, url
    assert len(RecordedSession.started) == started
    assert set_cookies == [] and replayed == {}


async def test_a_foreign_origin_is_refused_and_starts_no_session(desk: Desk) -> None:
    assert (await get(desk, desk.page))[0] == 200  # the cookie is in the jar: only the Origin is wrong
    for origin in (EVIL, f"http://evil.example:{desk.port}", "null", f"http://127.0.0.1:{desk.port + 1}"):
        assert await ws_status(desk, desk.ws, Origin=origin) == 403, origin
        assert await ws_status(desk, f"{desk.ws}?token={TOKEN}", Origin=origin) == 403, origin
        status, text, _ = await get(desk, desk.page, Origin=origin)
        assert status == 403 and "another site" in text, origin
    assert RecordedSession.started == []
    assert await ws_status(desk, desk.ws, Origin=desk.base) == 101  # the control: the same socket, its own page
    assert len(RecordedSession.started) == 1


async def test_a_rebinding_host_is_refused(desk: Desk) -> None:
    assert (await get(desk, desk.page))[0] == 200
    for host in (f"evil.example:{desk.port}", f"localhost:{desk.port}", f"127.0.0.1:{desk.port + 1}"):
        status, text, _ = await get(desk, desk.page, Host=host)
        assert status == 403 and "not addressed to this desk" in text, host
        assert await ws_status(desk, desk.ws, Host=host) == 403
    assert RecordedSession.started == []


async def test_no_token_or_a_wrong_one_is_refused(desk: Desk) -> None:
    for url in (
        f"{desk.base}/",
        f"{desk.base}/?token=",
        f"{desk.base}/?token={TOKEN[:-1]}",
        f"{desk.base}/?token={TOKEN}x",
        f"{desk.base}/static/js/textual.js",
        f"{desk.base}/static/",
        f"{desk.base}/download/anything",
        f"{desk.base}/{TOKEN[:-1]}/static/js/textual.js",
        f"{desk.base}/{TOKEN}x/static/js/textual.js",
    ):
        status, text, _ = await get(desk, url)
        assert status == 403 and "access key" in text, url
    for url in (desk.bare_ws, f"ws://127.0.0.1:{desk.port}/{TOKEN[:-1]}/ws", f"ws://127.0.0.1:{desk.port}/guessed/ws"):
        assert await ws_status(desk, url, Origin=desk.base) == 403, url
    assert RecordedSession.started == []


REFERENCE = re.compile(r"""(?:href|src)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)["']?\s*\)""")


async def test_the_page_refers_to_nothing_off_the_machine(desk: Desk) -> None:
    status, html, _ = await get(desk, desk.page)
    assert status == 200
    absolute = re.findall(r"(?:https?|wss?)://[^\s\"'<>)]+", html)
    assert absolute and all(urlsplit(url).netloc == f"127.0.0.1:{desk.port}" for url in absolute), absolute
    assert "googleapis" not in html and "gstatic" not in html
    references = [a or b for a, b in REFERENCE.findall(html)]
    assert any("fonts/RobotoMono" in ref for ref in references), references  # the font, now served here
    for ref in references:
        url = urljoin(desk.page, ref)
        assert urlsplit(url).netloc == f"127.0.0.1:{desk.port}", ref
        status, body, _ = await get(desk, url)
        assert status == 200, ref
        if ref.endswith(".css"):  # a stylesheet could fetch from elsewhere in turn
            for a, b in REFERENCE.findall(body):
                assert urlsplit(urljoin(url, a or b)).netloc in ("", f"127.0.0.1:{desk.port}"), a or b
    [socket_url] = re.findall(r'data-session-websocket-url="([^"]+)"', html)
    assert socket_url == desk.ws
