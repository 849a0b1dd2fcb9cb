"""The command line: the same services as the app.

Exit codes: 0 done (`due --notify`: nothing due); 1 `due --notify`: something is due, or
`serve` could not listen; 2 bad input (nothing written); 3 refused by a rule (nothing written);
4 data file problem (file untouched). Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Any

from claimdesk import __version__
from claimdesk.cli import calc, complaints, due, parcels, settings, tools, transfer
from claimdesk.cli.common import EXIT_OK, Parser
from claimdesk.cli.errors import as_flag, refuse_undecodable, report_lines
from claimdesk.domain.errors import ClaimdeskError, ValidationError
from claimdesk.i18n import N_, _, detect_language, set_language

LANG_CHOICES = ("en", "zh", "zh_CN")

# argparse's own messages, in our catalog so `--lang zh` shows them in Chinese too (main()
# points argparse's gettext at ours). Python 3.11's wording.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("invalid %(type)s value: %(value)r"),
)


def _db_option(parser: argparse.ArgumentParser, default: Any = argparse.SUPPRESS) -> None:
    parser.add_argument("--db", metavar="PATH", default=default, help=_("data file (beats CLAIMDESK_DB)"))


def _lang_option(parser: argparse.ArgumentParser, default: Any = argparse.SUPPRESS) -> None:
    parser.add_argument(
        "--lang",
        choices=LANG_CHOICES,
        default=default,
        help=_("language of the output: en or zh (beats CLAIMDESK_LANG and the system locale)"),
    )


def build_parser() -> Parser:
    common = Parser(add_help=False)
    _db_option(common)
    _lang_option(common)
    parser = Parser(prog="claimdesk", description=_("A desk for AliExpress logistics complaints."), parents=[])
    _db_option(parser, default=None)
    _lang_option(parser, default=None)
    parser.add_argument("--version", action="version", version=f"claimdesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    def command(name: str, help_text: str, parent: Any = commands) -> Parser:
        return parent.add_parser(name, help=help_text, description=help_text, parents=[common])

    tools.add_setup_commands(commands, command, common)
    parcels.add_commands(commands, command, common)
    complaints.add_commands(commands, command, common)
    due.add_commands(commands, command, common)
    calc.add_commands(commands, command, common)
    transfer.add_commands(commands, command, common)
    settings.add_commands(commands, command, common)
    tools.add_tool_commands(commands, command, common)
    return parser


# (command, action) -> its handler
COMMANDS = tools.COMMANDS | parcels.COMMANDS | complaints.COMMANDS | due.COMMANDS | calc.COMMANDS | transfer.COMMANDS | settings.COMMANDS


def _requested_language(argv: Sequence[str]) -> str | None:
    """The value of --lang (or --lang=...) anywhere in argv, read before the parser is built so
    its help is in that language; argparse still checks it is one of LANG_CHOICES."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def _tolerant_output() -> None:
    """A terminal that cannot show '¥' or '→' gets '?' instead of a UnicodeEncodeError traceback."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a detached or closed stream
                reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_output()
    args: argparse.Namespace | None = None
    set_language(detect_language(_requested_language(sys.argv[1:] if argv is None else argv)))
    argparse._ = _  # type: ignore[attr-defined]  # argparse's own messages from our catalog
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        refuse_undecodable(parser, args)
        handler = COMMANDS[(args.command, getattr(args, "action", None))]
        return handler(args)
    except ClaimdeskError as error:
        if isinstance(error, ValidationError):
            error = as_flag(error, args)
        for line in report_lines(error):
            print(line, file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("claimdesk: " + _("interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `claimdesk parcel list | head`: the reader left; that is not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
