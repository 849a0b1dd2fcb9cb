"""`claimdesk serve`: the same app in a browser, through textual-serve.

Every browser session is its own `python -m claimdesk --db PATH` process (the interpreter that
runs this, so the same virtualenv) on the same data file, and the file lock keeps them from
writing over each other, as it does for two terminals. The desk has no login: it listens on
loopback unless told otherwise, and warns when told otherwise.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path
from typing import TextIO

from claimdesk.domain.errors import ClaimdeskError, ValidationError
from claimdesk.i18n import _

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class ServeError(ClaimdeskError):
    """The server could not start (port taken, address not on this machine)."""

    exit_code = 1


def parse_port(text: str | int) -> int:
    value = str(text).strip()
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= 65535:
        raise ValidationError("--port", _("must be a whole number from 1 to 65535 (got {text!r})").format(text=str(text)[:40]))
    return int(value)


def parse_host(text: str) -> str:
    host = text.strip()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not host or any(ch.isspace() or not ch.isprintable() for ch in host) or "/" in host:
        raise ValidationError("--host", _("not a host name or address: {text!r}").format(text=text[:60]))
    return host


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach: 127.0.0.0/8, ::1, localhost."""
    name = host.strip().strip("[]").lower().rstrip(".")
    if name == "localhost" or name.endswith(".localhost") or name in ("ip6-localhost", "ip6-loopback"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def exposure_warning(host: str, port: int) -> str | None:
    """The warning printed when the desk listens beyond this machine; None on loopback."""
    if is_loopback(host):
        return None
    return "claimdesk: " + _(
        "WARNING: serving on {host}:{port}, which is not loopback. The desk has no login: "
        "anyone who can reach this port can read and change your claim data. Prefer the default "
        "--host 127.0.0.1 with an SSH tunnel (ssh -L {port}:127.0.0.1:{port} this-host), or put a "
        "reverse proxy with authentication and TLS in front of it."
    ).format(host=host, port=port)


def app_command(data_file: Path, python: str | None = None) -> str:
    """The shell command textual-serve runs for each browser session (it runs it through a shell,
    so every part is quoted)."""
    return shlex.join([python or sys.executable, "-m", "claimdesk", "--db", str(data_file)])


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def serve(
    data_file: Path,
    host: str = DEFAULT_HOST,
    port: str | int = DEFAULT_PORT,
    public_url: str | None = None,
    *,
    stderr: TextIO | None = None,
) -> int:
    """Validate, warn if exposed, then serve until Ctrl+C or SIGTERM."""
    err = stderr or sys.stderr
    host = parse_host(host)
    port_number = parse_port(port)
    if public_url is not None and not public_url.startswith(("http://", "https://")):
        raise ValidationError(
            "--public-url", _("must start with http:// or https:// (got {text!r})").format(text=public_url[:60])
        )
    try:
        from textual_serve.server import Server
    except ImportError:
        raise ServeError(
            _("'claimdesk serve' needs the textual-serve package: pip install {requirement}").format(
                requirement="'textual-serve>=1.1,<2'"
            )
        ) from None
    warning = exposure_warning(host, port_number)
    if warning:
        print(warning, file=err, flush=True)
    # textual-serve starts each session with a copy of this process's environment, so a pinned
    # clock (CLAIMDESK_NOW) and the language (CLAIMDESK_LANG) reach every session unchanged.
    # Wildcard binds have no address a browser can use; links in the page then name loopback.
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    server = Server(
        app_command(data_file),
        host=host,
        port=port_number,
        title="claimdesk",
        public_url=(public_url.rstrip("/") if public_url else f"http://{_url_host(shown)}:{port_number}"),
    )
    address = f"http://{_url_host(host)}:{port_number}"
    print("claimdesk: " + _("serving {file} on {address} (Ctrl+C stops)").format(file=data_file, address=address), file=err, flush=True)
    try:
        server.serve()
    except OSError as error:
        raise ServeError(
            _("cannot listen on {host}:{port}: {error}").format(host=host, port=port_number, error=error.strerror or error)
        ) from None
    return 0
