"""Starting `claimdesk serve` as a subprocess on a free loopback port, and stopping it for sure."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from tests.reliability_worker import child_env


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen[bytes], timeout: float = 30.0, host: str = "127.0.0.1") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"claimdesk serve exited with {proc.returncode} before listening")
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError(f"claimdesk serve did not listen on {host}:{port} within {timeout} s")


PRINTED_URL = re.compile(r"https?://[^\s)]+")


def printed_url(log: Path) -> str:
    """The address `claimdesk serve` printed for the browser (call once it listens: it prints before
    it binds): the one with this run's token, else the last address it printed."""
    text = log.read_text(errors="replace")
    urls = PRINTED_URL.findall(text)
    assert urls, f"claimdesk serve printed no address:\n{text}"
    return next((url for url in urls if "token=" in url), urls[-1])


def stop(proc: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """SIGTERM the server's process group (it and every session's claimdesk), then SIGKILL."""
    if proc.poll() is None:
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        with suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=timeout)
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # sessions left behind by a server that exited
    if proc.poll() is None:
        proc.wait(timeout=timeout)


@contextmanager
def serving(
    db: Path, *args: str, log: Path, port: int | None = None, env: dict[str, str] | None = None
) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """`python -m claimdesk serve --port P ARGS` on data file `db`, clock pinned; killed on exit."""
    port = port or free_port()
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "claimdesk", "serve", "--port", str(port), *args],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=child_env(db) | (env or {}),
            start_new_session=True,  # its own process group: stop() reaches the sessions too
        )
    try:
        yield proc, port
    finally:
        stop(proc)
