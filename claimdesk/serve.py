"""`claimdesk serve`: the same app in a browser, through textual-serve.

Every browser session is its own `python -m claimdesk --db PATH` process (the interpreter that
runs this, so the same virtualenv) on the same data file, and the file lock keeps them from
writing over each other, as it does for two terminals. The desk has no login: it listens on
loopback unless told otherwise, and warns when told otherwise.

Any web page the seller visits can make the browser talk to 127.0.0.1, and a DNS-rebinding page
can even do so under its own name. So the server answers only requests that name its address
(Host), come from its own page (Origin) and carry the secret token of this run, printed in the
address at start (`Guard`); everything else is a 403 before any page, file or session process. The
token is never a cookie: browsers scope cookies by host, not port, so a cookie for 127.0.0.1:8000
is also sent to any other server on 127.0.0.1 (another local user's), which could replay it. It
travels in the URLs themselves: `?token=` for the page, a `/TOKEN/` path prefix for the page's
files and its WebSocket (`keyed_path`). The page itself loads nothing from off the machine
(serve_page/app_index.html).
"""

from __future__ import annotations

import functools
import ipaddress
import os
import secrets
import shlex
import socket
import sys
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

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


def _ip(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address `name` spells, in any form the system resolver takes as one: ipaddress's, and
    inet_aton's shorthand (127.1, 0x7f.1, 0177.0.0.1, 2130706433 are all 127.0.0.1)."""
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        pass
    # inet_aton stops at white space and takes what came before, so only hand it what it can
    # read whole: digits, hex digits with their 0x, dots.
    if not name or name.strip("0123456789abcdefx.") or name.startswith(".") or name.endswith("."):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(name))
    except OSError:
        return None


def canonical_host(host: str) -> str:
    """A host in one spelling: lower case, no brackets or trailing dot, an address in its usual
    form (127.1 -> 127.0.0.1, [::1] -> ::1), so that two spellings of one address compare equal."""
    name = host.strip().lower()
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    name = name.rstrip(".") or name
    address = _ip(name)
    return str(address) if address is not None else name


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach: all of 127.0.0.0/8 (in any spelling the
    resolver reads as one, such as 127.1), ::1 (also as ::ffff:127.x.y.z), and localhost."""
    name = canonical_host(host)
    if name == "localhost" or name.endswith(".localhost") or name in ("ip6-localhost", "ip6-loopback"):
        return True
    address = _ip(name)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address is not None and address.is_loopback


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


# --------------------------------------------------------------------------- who may use the desk

TOKEN_PARAMETER = "token"
PAGE_TEMPLATES = Path(__file__).with_name("serve_page")  # the page, with no font from Google
_DEFAULT_PORTS = {"http": 80, "https": 443}
Origin = tuple[str, str, int]  # scheme, canonical host, port


def _netloc(value: str) -> tuple[str, int | None] | None:
    """(canonical host, port or None) of a Host header; None when it is not one."""
    if not value or any(ch.isspace() or ch in "/?#@\\" for ch in value) or not value.isprintable():
        return None
    try:
        parts = urlsplit("//" + value)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    return canonical_host(parts.hostname), port


def _origin(url: str) -> Origin | None:
    """(scheme, canonical host, port) of an http(s) origin or URL; None for anything else
    (an opaque origin "null", a file: page, garbage)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, canonical_host(parts.hostname), port or _DEFAULT_PORTS[scheme]


def _shown(value: str | None) -> str:
    """A header value as it may appear in a message: quoted, escaped, bounded."""
    return "none" if value is None else repr(value[:80])


class Guard:
    """Who may use the desk through `claimdesk serve`: every request (the page, its scripts, the
    WebSocket that drives a session) must

    - name the served address in its Host header: the address given to --host with the port, or the
      --public-url's host (a DNS-rebinding page sends its own name, which is neither);
    - when it says which page sent it (Origin), come from the desk's own page: the origin the request
      was addressed to (scheme http, its Host) or the --public-url's origin;
    - carry this run's secret token: `?token=` in the address printed at start, or the `/TOKEN/`
      prefix of the page's own files and WebSocket (`token_in_path`). textual.js appends its own
      query to the WebSocket address, so there the token must be in the path. Its download URLs
      (`/download/KEY`) carry no token and are refused: the desk delivers no files.

    On a wildcard bind (0.0.0.0, ::) the served address is any of the machine's: any IP address with
    the port, localhost and the host name are accepted (a rebinding page has a name, not an address).
    """

    def __init__(self, host: str, port: int, public_url: str | None = None, token: str | None = None) -> None:
        self.token = token or secrets.token_urlsafe(32)
        self.port = port
        bound = canonical_host(host)
        self.any_address = bound in ("0.0.0.0", "::")
        self.hosts = {bound}
        if self.any_address:
            self.hosts |= {"localhost", canonical_host(socket.gethostname())}
        self.public = _origin(public_url) if public_url else None

    def _direct(self, netloc: tuple[str, int | None]) -> bool:
        """Whether a Host names this server itself (not the --public-url)."""
        name, port = netloc
        return (port or 80) == self.port and (name in self.hosts or (self.any_address and _ip(name) is not None))

    def _host_refusal(self, hosts: list[str]) -> str | None:
        netloc = _netloc(hosts[0]) if len(hosts) == 1 else None
        if netloc is not None:
            name, port = netloc
            if self._direct(netloc):
                return None
            if self.public is not None and (name, port or _DEFAULT_PORTS[self.public[0]]) == self.public[1:]:
                return None
        return _("refused: the request is not addressed to this desk (Host {host}); open the address 'claimdesk serve' printed.").format(
            host=_shown(", ".join(hosts) if hosts else None)
        )

    def _origin_refusal(self, origins: list[str], host: str) -> str | None:
        if not origins:
            return None  # not sent by a page (a tool), or a page's own same-origin request
        origin = _origin(origins[0]) if len(origins) == 1 else None
        netloc = _netloc(host)
        if origin is not None and (
            origin == self.public
            # the desk's own page, served here over plain http, at the address this request names
            or (netloc is not None and self._direct(netloc) and origin == ("http", netloc[0], netloc[1] or 80))
        ):
            return None
        return _("refused: a page from another site ({origin}) may not use this desk.").format(origin=_shown(", ".join(origins)))

    def refusal(self, *, hosts: list[str], origins: list[str], token: str | None) -> str | None:
        """Why this request is refused (one line for the 403 and the log), or None to serve it."""
        reason = self._host_refusal(hosts) or self._origin_refusal(origins, hosts[0])
        if reason:
            return reason
        given = (token or "").encode("utf-8", "surrogateescape")
        if not secrets.compare_digest(given, self.token.encode("ascii")):
            return _("refused: the address lacks this run's access key. Open the whole address 'claimdesk serve' printed when it started.")
        return None


KEYED = ("ws", "static")  # what the page reaches under its /TOKEN/ prefix


def keyed_path(token: str, what: str) -> str:
    """The path of the page's WebSocket (`ws`) or static folder (`static`) under this run's token."""
    return f"/{token}/{what}"


def token_in_path(path: str) -> str | None:
    """The token a `/TOKEN/ws` or `/TOKEN/static/...` path carries; None for any other path."""
    token, _, rest = path.lstrip("/").partition("/")
    return token if rest in KEYED or rest.startswith("static/") else None


def content_security_policy(public_url: str) -> str:
    """The page may load from, and connect to, only the desk itself (it links everything through
    public_url): no font, script or beacon from anywhere else, and no framing by another site."""
    parts = urlsplit(public_url)
    own = f"'self' {parts.scheme}://{parts.netloc}"
    socket_origin = ("wss" if parts.scheme == "https" else "ws") + f"://{parts.netloc}"
    return (
        f"default-src 'none'; script-src {own} 'unsafe-inline'; style-src {own} 'unsafe-inline'; "
        f"img-src {own} data:; font-src {own}; connect-src {own} {socket_origin}; "
        "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )


@functools.cache
def _guarded_server_class(base: type) -> type:
    """textual-serve's Server (imported only by `claimdesk serve`), behind the Guard."""
    import aiohttp_jinja2
    from aiohttp import web

    class GuardedServer(base):
        def __init__(self, command: str, *, guard: Guard, err: TextIO, **options: Any) -> None:
            super().__init__(command, templates_path=PAGE_TEMPLATES, **options)
            self.guard = guard
            self.err = err
            self.page_url = f"{self.public_url}/?{TOKEN_PARAMETER}={guard.token}"
            self.security_headers = {
                "Content-Security-Policy": content_security_policy(self.public_url),
                "Referrer-Policy": "no-referrer",
                "X-Frame-Options": "DENY",
                "X-Content-Type-Options": "nosniff",
            }

        async def _make_app(self) -> web.Application:
            app = await super()._make_app()
            app.add_routes(
                [
                    web.get(keyed_path(self.guard.token, "ws"), self.handle_websocket),
                    web.static(keyed_path(self.guard.token, "static"), self.statics_path),
                ]
            )
            app.middlewares.append(self._guard)
            return app

        @aiohttp_jinja2.template("app_index.html")
        async def handle_index(self, request: web.Request) -> dict[str, Any]:
            """textual-serve's page, with its files and WebSocket under this run's token."""
            context: dict[str, Any] = await base.handle_index.__wrapped__(self, request)  # type: ignore[attr-defined]
            scheme, _, rest = self.public_url.partition(":")
            socket = "wss" if scheme == "https" else "ws"
            context["app_websocket_url"] = f"{socket}:{rest}{keyed_path(self.guard.token, 'ws')}"
            context["config"]["static"]["url"] = self.public_url + keyed_path(self.guard.token, "static") + "/"
            return context

        @web.middleware
        async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
            token = request.query.get(TOKEN_PARAMETER)
            if token is None:
                token = token_in_path(request.path)
            reason = self.guard.refusal(hosts=request.headers.getall("Host", []), origins=request.headers.getall("Origin", []), token=token)
            if reason:
                # Refused before any handler: no page, no file, no session process.
                print("claimdesk: " + reason, file=self.err, flush=True)
                return web.Response(status=403, text=f"claimdesk: {reason}\n", headers=self.security_headers)
            response = await handler(request)
            if not response.prepared:  # a WebSocket has already answered
                response.headers.update(self.security_headers)
            return response

        async def on_startup(self, app: web.Application) -> None:
            """Quiet: serve() has said where to go (textual-serve's banner names the address
            without the token, which only gets a 403)."""

    return GuardedServer


def build_server(
    data_file: Path,
    host: str,
    port: int,
    public_url: str | None = None,
    *,
    token: str | None = None,
    err: TextIO | None = None,
) -> Any:
    """textual-serve's Server for this data file behind the Guard; `.page_url` is the address to open.

    Raises ImportError when textual-serve is missing."""
    from textual_serve.server import Server

    # Wildcard binds have no address a browser can use; links in the page then name loopback.
    shown = "127.0.0.1" if canonical_host(host) in ("0.0.0.0", "::") else host
    public = public_url.rstrip("/") if public_url else f"http://{_url_host(shown)}:{port}"
    return _guarded_server_class(Server)(
        app_command(data_file),
        guard=Guard(host, port, public_url, token),
        err=err or sys.stderr,
        host=host,
        port=port,
        title="claimdesk",
        public_url=public,
    )


def check_port(host: str, port: int) -> None:
    """Refuse a port that is taken (or an address not on this machine) before anything is printed:
    bind every address `host` resolves to, as aiohttp will, with the same SO_REUSEADDR, then let go.
    Another program could still take the port in the moment between; then serving fails as before."""
    try:
        addresses = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
        for family, kind, proto, _, address in addresses:
            with socket.socket(family, kind, proto) as probe:
                if os.name == "posix":
                    probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                probe.bind(address)
    except OSError as error:
        raise ServeError(_listen_failure(host, port, error)) from None


def _listen_failure(host: str, port: int, error: OSError) -> str:
    return _("cannot listen on {host}:{port}: {error}").format(host=host, port=port, error=error.strerror or error)


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
    host = canonical_host(parse_host(host))  # 127.1 binds, warns and links as 127.0.0.1
    port_number = parse_port(port)
    if public_url is not None and _origin(public_url) is None:
        raise ValidationError("--public-url", _("must start with http:// or https:// (got {text!r})").format(text=public_url[:60]))
    warning = exposure_warning(host, port_number)
    try:
        # textual-serve starts each session with a copy of this process's environment, so a
        # pinned clock (CLAIMDESK_NOW) and the language (CLAIMDESK_LANG) reach every session.
        server = build_server(data_file, host, port_number, public_url, err=err)
    except ImportError:
        raise ServeError(
            _("'claimdesk serve' needs the textual-serve package: pip install {requirement}").format(requirement="'textual-serve>=1.1,<2'")
        ) from None
    check_port(host, port_number)
    if warning:
        print(warning, file=err, flush=True)
    address = f"http://{_url_host(host)}:{port_number}"
    print("claimdesk: " + _("serving {file} on {address} (Ctrl+C stops)").format(file=data_file, address=address), file=err, flush=True)
    print(
        "claimdesk: " + _("open {url} (its key changes every run; anyone with this address can use the desk)").format(url=server.page_url),
        file=err,
        flush=True,
    )
    try:
        server.serve()
    except OSError as error:
        raise ServeError(_listen_failure(host, port_number, error)) from None
    return 0
