"""The real `claimdesk serve` (a subprocess on a free loopback port) against what any web page the
seller visits can make the browser send: a foreign Origin, a DNS-rebinding Host, no token. Each is
refused with 403 and starts no session process; the address printed at start, with its token, gets
the page, and the page names nothing off the machine."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import aiohttp
import pytest

from tests.web.helpers import printed_url, serving, wait_for_port

EVIL = "http://evil.example"


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (a session is a child of the server), from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:  # gone meanwhile
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.fixture
def server(isolated_data: Path, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    """A running `claimdesk serve`, the address it printed, and its log."""
    if not Path("/proc/self/stat").exists():
        pytest.skip("reads child processes from /proc")
    log = tmp_path / "serve.log"
    with serving(isolated_data, log=log, env={"CLAIMDESK_LANG": "en"}) as (proc, port):
        wait_for_port(port, proc, timeout=30)
        yield proc, printed_url(log), log


def page_and_socket(url: str) -> tuple[str, str, str]:
    """(origin, page address, the page's WebSocket address) from the printed address."""
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    token = parse_qs(parts.query)["token"][0]
    return origin, url, f"ws://{parts.netloc}/{token}/ws"


async def status_of(session: aiohttp.ClientSession, url: str, **headers: str) -> int:
    if url.startswith("ws"):
        try:
            async with session.ws_connect(url, headers=headers) as socket:
                await socket.close()
                return 101
        except aiohttp.WSServerHandshakeError as error:
            return error.status
    async with session.get(url, headers=headers, allow_redirects=False) as response:
        await response.read()
        return response.status


def jar() -> aiohttp.CookieJar:
    return aiohttp.CookieJar(unsafe=True)  # keep an IP address's cookies, as a browser does


def test_the_printed_address_carries_a_token(server: tuple[subprocess.Popen[bytes], str, Path]) -> None:
    _, url, log = server
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[A-Za-z0-9_-]{40,}", url), url
    assert f"claimdesk: open {url} " in log.read_text()
    assert "WARNING" not in log.read_text()


async def test_the_address_with_its_token_gets_a_page_that_loads_nothing_from_elsewhere(
    server: tuple[subprocess.Popen[bytes], str, Path],
) -> None:
    _, url, _ = server
    origin, page, _ = page_and_socket(url)
    async with aiohttp.ClientSession(cookie_jar=jar()) as session, session.get(page) as response:
        html = await response.text()
        assert response.status == 200, html
    assert 'id="terminal"' in html
    elsewhere = [
        found for found in re.findall(r"(?:https?|wss?)://[^\s\"'<>)]+", html) if urlsplit(found).netloc != urlsplit(origin).netloc
    ]
    assert elsewhere == []  # the page once linked https://fonts.googleapis.com


async def test_a_foreign_origin_is_refused_and_starts_no_session(server: tuple[subprocess.Popen[bytes], str, Path]) -> None:
    proc, url, log = server
    origin, page, socket = page_and_socket(url)
    async with aiohttp.ClientSession(cookie_jar=jar()) as session:
        await status_of(session, page)  # the page first, as a browser: only the Origin is wrong below
        assert await status_of(session, socket, Origin=EVIL) == 403
        assert await status_of(session, page, Origin=EVIL) == 403
        assert children(proc.pid) == []
        # The control: the same socket from the desk's own page starts a session process.
        assert await status_of(session, socket, Origin=origin) == 101
        deadline = asyncio.get_running_loop().time() + 20
        while not children(proc.pid) and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        assert children(proc.pid) != []
    assert "a page from another site ('http://evil.example')" in log.read_text()


async def test_a_dns_rebinding_host_is_refused(server: tuple[subprocess.Popen[bytes], str, Path]) -> None:
    proc, url, _ = server
    origin, page, socket = page_and_socket(url)
    rebound = f"evil.example:{urlsplit(origin).port}"  # evil.example resolved to 127.0.0.1 after the page loaded
    async with aiohttp.ClientSession(cookie_jar=jar()) as session:
        assert await status_of(session, page, Host=rebound) == 403
        assert await status_of(session, socket, Host=rebound, Origin=f"http://{rebound}") == 403
    assert children(proc.pid) == []


async def test_no_token_or_a_wrong_one_is_refused(server: tuple[subprocess.Popen[bytes], str, Path]) -> None:
    proc, url, _ = server
    origin, _, socket = page_and_socket(url)
    async with aiohttp.ClientSession(cookie_jar=jar()) as session:
        assert await status_of(session, f"{origin}/") == 403
        assert await status_of(session, f"{origin}/?token=guessed") == 403
        assert await status_of(session, f"{origin}/static/js/textual.js") == 403
        assert await status_of(session, f"ws://{urlsplit(origin).netloc}/ws", Origin=origin) == 403
        assert await status_of(session, socket.replace("/ws", "x/ws"), Origin=origin) == 403
    assert children(proc.pid) == []
    assert os.path.exists(f"/proc/{proc.pid}")  # still serving: a refusal is not a crash
