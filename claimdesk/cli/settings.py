"""`claimdesk settings`: show, set and reset the seller's settings (docs/rules.md *settings*),
through the same Desk service and domain bounds as the settings screen."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import fields
from decimal import Decimal
from typing import Any

from claimdesk.cli.common import EXIT_OK, CommandMaker, Parser, open_desk, out
from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import N_, _, ngettext

UNITS = {  # translated where shown
    "filing_window_days": N_("days"),
    "chamber_reply_days": N_("days"),
    "escalation_window_days": N_("days"),
    "intervention_working_days": N_("working days"),
    "third_party_follow_up_days": N_("days"),
    "missed_grace_days": N_("days"),
}


def _unit(name: str) -> str:
    from claimdesk.domain.settings import OPENS_PREFIX

    if name in UNITS:
        return UNITS[name]
    if name == "usd_rate":
        return N_("yuan per US dollar")
    return N_("hours") if name.startswith(OPENS_PREFIX) else N_("× freight")


def _shown(value: Any, unit: str) -> str:
    """A whole count with its unit in the right number ('1 working day', '2 working days')."""
    if isinstance(value, int) and not isinstance(value, bool):
        if unit == "days":
            return ngettext("{n} day", "{n} days", value).format(n=value)
        if unit == "working days":
            return ngettext("{n} working day", "{n} working days", value).format(n=value)
        if unit == "hours":
            return ngettext("{n} hour", "{n} hours", value).format(n=value)
    return f"{_json_value(value)} {_(unit)}"


def add_commands(commands: Any, command: CommandMaker, common: Parser) -> None:
    settings = commands.add_parser(
        "settings", help=_("show, set or reset the settings"), description=_("show, set or reset the settings"), parents=[common]
    )
    settings.add_argument("--json", action="store_true", help=_("as JSON, keyed on the setting names"))
    actions = settings.add_subparsers(dest="action", metavar="ACTION", parser_class=Parser)
    show = command("show", _("every setting with its value, default and unit"), actions)
    show.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help=_("as JSON, keyed on the setting names"))
    set_ = command("set", _("change settings, all or nothing"), actions)
    set_.add_argument("pairs", nargs="+", metavar="NAME=VALUE", help=_("e.g. filing_window_days=90 carrier_multipliers.yanwen=3"))
    reset = command("reset", _("back to the defaults (a carrier's multiplier is removed)"), actions)
    reset.add_argument("names", nargs="*", metavar="NAME", help=_("the settings to reset (none: all of them)"))


def _json_value(value: Any) -> Any:
    return f"{value.normalize():f}" if isinstance(value, Decimal) else value


def _rows(current: Any) -> list[tuple[str, Any, Any]]:
    from claimdesk.domain.settings import Settings, settings_fields

    defaults = settings_fields(Settings())
    return [(name, value, defaults.get(name)) for name, value in settings_fields(current).items()]


def cmd_show(args: argparse.Namespace) -> int:
    current = open_desk(args).settings
    rows = _rows(current)
    if getattr(args, "json", False):
        payload = {
            name: {"value": _json_value(value), "default": _json_value(default), "unit": _unit(name)} for name, value, default in rows
        }
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return EXIT_OK
    width = max(len(name) for name, _value, _default in rows)
    for name, value, default in rows:
        shown = _("not set") if value is None else _shown(value, _unit(name))
        default_text = _("no default") if default is None else _("default: {value}").format(value=_json_value(default))
        out(f"{name:<{width}}  {shown}  ({default_text})")
    return EXIT_OK


def _pairs(texts: list[str]) -> list[tuple[str, str]]:
    """NAME=VALUE arguments; `NAME VALUE` (two arguments, as sellers type it) reads the same."""
    pairs: list[tuple[str, str]] = []
    bad: list[str] = []
    rest = list(texts)
    while rest:
        text = rest.pop(0)
        name, sep, value = text.partition("=")
        if not sep and rest and "=" not in rest[0]:
            name, sep, value = text, "=", rest.pop(0)
        if not sep or not name.strip():
            bad.append(text)
        else:
            pairs.append((name.strip(), value))
    if bad:
        raise ValidationError("", "; ".join(_("write NAME=VALUE, not {text!r}").format(text=text) for text in bad))
    return pairs


def _store(args: argparse.Namespace, change: Any) -> int:
    """change(settings) -> the new settings; saved through the Desk against what was loaded,
    as the settings screen saves (only what changed, refused on a conflicting writer)."""
    desk = open_desk(args)
    base = desk.settings_snapshot()
    mine = change(base.value)
    desk.edit_settings({each.name: getattr(mine, each.name) for each in fields(mine)}, base)
    return cmd_show(argparse.Namespace(**{**vars(args), "json": False}))


def cmd_set(args: argparse.Namespace) -> int:
    from claimdesk.domain.settings import settings_with_text

    pairs = _pairs(args.pairs)
    return _store(args, lambda settings: settings_with_text(settings, pairs))


def cmd_reset(args: argparse.Namespace) -> int:
    from claimdesk.domain.settings import settings_reset

    return _store(args, lambda settings: settings_reset(settings, args.names))


COMMANDS = {
    ("settings", None): cmd_show,
    ("settings", "show"): cmd_show,
    ("settings", "set"): cmd_set,
    ("settings", "reset"): cmd_reset,
}
