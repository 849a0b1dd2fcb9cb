"""`claimdesk serve` without a browser: port and host checks, the exposure warning, the command
each browser session runs, and a port already in use."""

from __future__ import annotations

import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from claimdesk import serve
from tests.cli.helpers import Result, assert_one_line_error, invoke
from tests.reliability_worker import child_env
from tests.web.helpers import serving, wait_for_port


@pytest.mark.parametrize("port", ["0", "70000", "65536", "-1", "80a", "", " ", "８０８０", "1e3"])
def test_bad_port_is_exit_2(capsys: pytest.CaptureFixture[str], port: str) -> None:
    assert_one_line_error(invoke(capsys, "serve", f"--port={port}"), 2, "--port", "1 to 65535")


@pytest.mark.parametrize("host", ["", "  ", "a b", "bad/host"])
def test_bad_host_is_exit_2(capsys: pytest.CaptureFixture[str], host: str) -> None:
    assert_one_line_error(invoke(capsys, "serve", f"--host={host}"), 2, "--host")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("LOCALHOST", True),
        ("app.localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.20", False),
        ("10.0.0.5", False),
        ("desk.example.com", False),
        ("::ffff:10.0.0.1", False),
    ],
)
def test_loopback_detection(host: str, loopback: bool) -> None:
    assert serve.is_loopback(host) is loopback
    assert (serve.exposure_warning(host, 8000) is None) is loopback


def test_the_warning_says_what_is_at_stake_and_what_to_do() -> None:
    warning = serve.exposure_warning("0.0.0.0", 8123)
    assert warning is not None and "\n" not in warning
    for needle in (
        "WARNING",
        "no login",
        "anyone who can reach this port",
        "change",
        "ssh -L 8123:127.0.0.1:8123",
        "reverse proxy with authentication",
    ):
        assert needle in warning, needle


class FakeServer:
    """Stands in for textual_serve's Server: records what it was given, serves nothing."""

    made: list[FakeServer] = []

    def __init__(self, command: str, host: str, port: int, title: str, public_url: str, **options: object) -> None:
        self.command, self.host, self.port, self.title, self.public_url = command, host, port, title, public_url
        self.options = options
        FakeServer.made.append(self)

    def serve(self, debug: bool = False) -> None:
        return None


@pytest.fixture
def fake_server(monkeypatch: pytest.MonkeyPatch) -> type[FakeServer]:
    import textual_serve.server

    FakeServer.made = []
    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    monkeypatch.setattr(serve, "check_port", lambda host, port: None)  # it serves nothing: the port may be taken
    return FakeServer


def run_serve(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    return invoke(capsys, *args)


def test_exposed_host_warns_on_stderr(capsys: pytest.CaptureFixture[str], fake_server: type[FakeServer], isolated_data: Path) -> None:
    result = run_serve(capsys, "serve", "--host", "0.0.0.0", "--port", "8123")
    assert result.code == 0
    assert result.err_lines[0].startswith("claimdesk: WARNING: serving on 0.0.0.0:8123")
    assert "no login" in result.err_lines[0]
    [server] = fake_server.made
    assert (server.host, server.port) == ("0.0.0.0", 8123)


def test_loopback_default_is_quiet_and_runs_this_interpreter_on_the_resolved_file(
    capsys: pytest.CaptureFixture[str], fake_server: type[FakeServer], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_serve(capsys, "--db", "my desk.json", "serve")
    assert result.code == 0
    assert "WARNING" not in result.err
    [server] = fake_server.made
    assert (server.host, server.port, server.public_url) == ("127.0.0.1", 8000, "http://127.0.0.1:8000")
    # textual-serve runs the command through a shell: every part quoted, the path absolute
    assert shlex.split(server.command) == [sys.executable, "-m", "claimdesk", "--db", str(tmp_path / "my desk.json")]


def test_the_printed_address_carries_this_runs_token(capsys: pytest.CaptureFixture[str], fake_server: type[FakeServer]) -> None:
    result = run_serve(capsys, "serve", "--port", "8123")
    assert result.code == 0
    [server] = fake_server.made
    token = server.guard.token
    assert len(token) >= 40
    assert f"claimdesk: open http://127.0.0.1:8123/?token={token} " in result.err
    assert server.options["templates_path"] == serve.PAGE_TEMPLATES  # the page without Google's font
    assert run_serve(capsys, "serve", "--port", "8123").code == 0
    assert fake_server.made[-1].guard.token != token  # a new one every run


@pytest.mark.parametrize("host", ["127.1", "0x7f.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_every_loopback_host_is_quiet(capsys: pytest.CaptureFixture[str], fake_server: type[FakeServer], host: str) -> None:
    result = run_serve(capsys, "serve", "--host", host, "--port", "8123")
    assert result.code == 0 and "WARNING" not in result.err, result.err
    [server] = fake_server.made
    expected = {"127.1": "127.0.0.1", "0x7f.1": "127.0.0.1", "[::1]": "::1"}.get(host, host)
    assert server.host == expected  # bound, linked and printed in the usual spelling
    assert f"/?token={server.guard.token}" in result.err


def test_db_from_the_environment_and_after_the_command(
    capsys: pytest.CaptureFixture[str], fake_server: type[FakeServer], isolated_data: Path, tmp_path: Path
) -> None:
    assert run_serve(capsys, "serve").code == 0
    assert shlex.split(fake_server.made[-1].command)[-1] == str(isolated_data)  # CLAIMDESK_DB
    assert run_serve(capsys, "serve", "--db", str(tmp_path / "other.json")).code == 0
    assert shlex.split(fake_server.made[-1].command)[-1] == str(tmp_path / "other.json")


def test_public_url_behind_a_proxy(capsys: pytest.CaptureFixture[str], fake_server: type[FakeServer]) -> None:
    result = run_serve(capsys, "serve", "--public-url", "https://desk.example.com/")
    assert result.code == 0
    assert fake_server.made[-1].public_url == "https://desk.example.com"
    assert f"open https://desk.example.com/?token={fake_server.made[-1].guard.token} " in result.err
    assert_one_line_error(run_serve(capsys, "serve", "--public-url", "desk.example.com"), 2, "--public-url")


def test_port_in_use_is_one_line_exit_1(isolated_data: Path, tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        proc = subprocess.run(
            [sys.executable, "-m", "claimdesk", "serve", "--port", str(port)],
            env=child_env(isolated_data),
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 1, proc.stderr
    # Only the failure: no address or key for a desk that never listened.
    assert proc.stderr.splitlines() == [proc.stderr.splitlines()[0]], proc.stderr
    assert proc.stderr.startswith(f"claimdesk: cannot listen on 127.0.0.1:{port}: "), proc.stderr
    assert "token=" not in proc.stderr and "serving" not in proc.stderr


def test_a_real_server_on_an_exposed_host_warns_before_it_listens(isolated_data: Path, tmp_path: Path) -> None:
    """Started for real on all interfaces, checked, and stopped at once."""
    log = tmp_path / "serve.log"
    with serving(isolated_data, "--host", "0.0.0.0", log=log) as (proc, port):
        wait_for_port(port, proc, timeout=30)
    text = log.read_text(errors="replace")
    assert "claimdesk: WARNING: serving on 0.0.0.0:" in text and "no login" in text
