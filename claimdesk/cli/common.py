"""What every command shares: exit codes, the parser class, opening the desk, reading instants
and durations, printing."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any, NoReturn

from claimdesk.domain.errors import ClaimdeskError, ValidationError
from claimdesk.i18n import _

EXIT_OK, EXIT_INPUT, EXIT_RULE, EXIT_DATA = 0, 2, 3, 4
EXIT_DUE = 1  # `due --notify`: at least one clock is due within the window (cron acts on it)
MAX_WITHIN = timedelta(days=36500)  # `due --within`: a century is already "everything"


class UsageError(ClaimdeskError):
    exit_code = EXIT_INPUT


class Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line with exit code 2."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(_("{message} (see '{prog} --help')").format(message=message, prog=self.prog))


# How a command group adds a command: command(name, help_text, parent) -> its parser.
CommandMaker = Callable[..., Parser]


def out(text: str = "") -> None:
    print(text)


def open_desk(args: argparse.Namespace, *, load: bool = True) -> Any:
    """The desk on --db / CLAIMDESK_DB; load=False: read when first needed (see Desk.open)."""
    from claimdesk.clock import clock_from_env
    from claimdesk.locations import data_path
    from claimdesk.services import Desk

    clock = clock_from_env()
    return Desk.open(data_path(getattr(args, "db", None)), clock, load=load)


def instant(text: str | None, field: str) -> Any:
    from claimdesk.domain.instants import parse_optional_instant

    return parse_optional_instant(text, field)


def when(at: Any) -> str:
    from claimdesk.domain.instants import platform_text

    return platform_text(at)


def duration(text: str | None, flag: str) -> timedelta | None:
    """A duration option (`due --within`, `parcel list --due-within`), bounded to a century."""
    from claimdesk.domain.instants import parse_duration

    if text is None:
        return None
    try:
        within = parse_duration(text, flag)
    except OverflowError:
        raise ValidationError(flag, _("{text!r} is too long a duration").format(text=text[:40])) from None
    if within > MAX_WITHIN:
        raise ValidationError(flag, _("at most {days} days (got {text!r})").format(days=MAX_WITHIN.days, text=text[:40]))
    return within


def write_stdout(content: bytes | Iterable[bytes]) -> None:
    """An export whose FILE is `-`: its bytes to standard output, as written to a file."""
    stream = sys.stdout.buffer
    for piece in [content] if isinstance(content, bytes) else content:
        stream.write(piece)
    stream.flush()
