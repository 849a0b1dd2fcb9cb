"""The desk itself: where its file is, sample data, the file check, the browser, the app."""

from __future__ import annotations

import argparse
import os
from typing import Any

from claimdesk.cli.common import EXIT_DATA, EXIT_OK, CommandMaker, Parser, open_desk, out
from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import _, get_language


def add_setup_commands(commands: Any, command: CommandMaker, common: Parser) -> None:
    command("locate", _("print the data file in use"))
    demo = command("demo", _("add realistic sample data"))
    demo.add_argument("--parcels", default="300", metavar="N")  # parsed by the domain: argparse's int() takes '1_000' and '٣'
    demo.add_argument("--seed", default="7", help=argparse.SUPPRESS)


def add_tool_commands(commands: Any, command: CommandMaker, common: Parser) -> None:
    command("doctor", _("check the data file without changing it"))
    serve = command("serve", _("serve the app to a browser (textual-serve); no login: keep it on loopback"))
    serve.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default 127.0.0.1, loopback only)"))
    serve.add_argument("--port", default="8000", help=_("port to listen on (default 8000)"))
    serve.add_argument("--public-url", metavar="URL", help=_("the address browsers use, behind a reverse proxy"))


def cmd_locate(args: argparse.Namespace) -> int:
    from claimdesk.locations import data_path

    out(str(data_path(args.db)))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from claimdesk.domain.numbers import parse_whole

    count = parse_whole(args.parcels, "--parcels", example="300")
    seed = parse_whole(args.seed, "--seed", example="7")
    if not 1 <= count <= 1_000_000:
        raise ValidationError("--parcels", _("must be from 1 to 1,000,000"))
    desk = open_desk(args)
    added = desk.add_demo_data(count, seed=seed)
    out(_("Added {count} sample parcels to {path}").format(count=added, path=desk.path))
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from claimdesk.doctor import check_file
    from claimdesk.locations import data_path

    path = data_path(getattr(args, "db", None))
    problems = check_file(path)
    if not problems:
        out(_("{path}: OK").format(path=path))
        return EXIT_OK
    for problem in problems:
        out(f"{path}: {problem}")
    return EXIT_DATA


def cmd_serve(args: argparse.Namespace) -> int:
    from claimdesk.locations import data_path
    from claimdesk.serve import serve

    if getattr(args, "lang", None):  # each browser session is a new claimdesk: same language as asked here
        os.environ["CLAIMDESK_LANG"] = get_language()
    return serve(data_path(getattr(args, "db", None)), host=args.host, port=args.port, public_url=args.public_url)


def cmd_app(args: argparse.Namespace) -> int:
    from claimdesk.clock import clock_from_env
    from claimdesk.locations import data_path

    clock = clock_from_env()
    path = data_path(args.db)
    from claimdesk.ui.app import run_app

    return run_app(path, clock)


COMMANDS = {
    ("locate", None): cmd_locate,
    ("demo", None): cmd_demo,
    ("doctor", None): cmd_doctor,
    ("serve", None): cmd_serve,
    (None, None): cmd_app,
}
