"""`claimdesk calc`: the compensation calculator."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from claimdesk.cli import values
from claimdesk.cli.common import EXIT_OK, CommandMaker, Parser, open_desk, out
from claimdesk.domain.settings import MULTIPLIER_MAX
from claimdesk.i18n import _


def add_commands(commands: Any, command: CommandMaker, common: Parser) -> None:
    calc = command("calc", _("expected compensation"))
    calc.add_argument("--service", required=True)
    calc.add_argument("--incident", required=True, help=_("delay, loss, damage or partial-loss"))
    calc.add_argument("--item", required=True)
    calc.add_argument("--declared-value", metavar="CNY")
    calc.add_argument("--actual-loss", metavar="CNY")
    calc.add_argument("--weight", required=True, metavar="KG")
    calc.add_argument("--shipping-fee", required=True, metavar="CNY")
    calc.add_argument("--inquiry-fee", metavar="CNY")
    calc.add_argument(
        "--multiplier",
        metavar="M",
        help=_("special line: times the freight, more than 0 and at most {most} (default: the setting)").format(
            most=f"{MULTIPLIER_MAX.normalize():f}"
        ),
    )
    calc.add_argument("--json", action="store_true")


def cmd_calc(args: argparse.Namespace) -> int:
    from claimdesk.domain.compensation import CompensationInput, Incident
    from claimdesk.domain.money import format_cny, money_str, parse_money, parse_optional_money, parse_weight
    from claimdesk.domain.parcels import ItemKind, Service, parse_choice
    from claimdesk.domain.settings import parse_multiplier

    multiplier = parse_multiplier(args.multiplier, "--multiplier") if args.multiplier is not None else None
    yuan = values.Amounts()  # `￥23.50`, `350g`, `无忧物流` as files write them (cli/values.py)
    given = CompensationInput(
        service=parse_choice(Service, values.word("service", args.service, "--service") or "", "--service"),
        incident=parse_choice(Incident, args.incident, "--incident"),
        item=parse_choice(ItemKind, values.word("item", args.item, "--item") or "", "--item"),
        weight=parse_weight(values.weight(args.weight, "--weight") or "", "--weight"),
        shipping_fee=parse_money(yuan.read(args.shipping_fee, "--shipping-fee") or "", "--shipping-fee"),
        declared_value=parse_optional_money(yuan.read(args.declared_value, "--declared-value"), "--declared-value"),
        actual_loss=parse_optional_money(yuan.read(args.actual_loss, "--actual-loss"), "--actual-loss"),
        inquiry_fee=parse_optional_money(yuan.read(args.inquiry_fee, "--inquiry-fee"), "--inquiry-fee"),
        multiplier=multiplier if multiplier is not None else _calc_settings(args).special_line_multiplier,
    )
    from claimdesk.domain.compensation import calculate

    result = calculate(given)
    if args.json:
        payload: dict[str, Any] = {
            "amount": money_str(result.amount),
            "currency": "CNY",
            "shortfall": money_str(result.shortfall),
            "lines": [{"rule": line.rule, "amount": money_str(line.amount)} for line in result.lines],
            "notes": list(result.notes),
        }
        if result.range:
            payload["range"] = [{"multiplier": f"{k.normalize():f}", "amount": money_str(v)} for k, v in result.range]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        return EXIT_OK
    for line in result.lines:
        out(f"{format_cny(line.amount):>14}  {line.rule}")
    out(f"{format_cny(result.amount):>14}  " + _("expected compensation"))
    out(f"{format_cny(result.shortfall):>14}  " + _("shortfall (goods' value the rules leave uncovered)"))
    for note in result.notes:
        out("  " + _("note: {note}").format(note=note))
    return EXIT_OK


def _calc_settings(args: argparse.Namespace) -> Any:
    """The seller's settings when a data file exists; defaults otherwise (calc needs no file)."""
    from claimdesk.domain.settings import Settings
    from claimdesk.locations import data_path

    if not data_path(getattr(args, "db", None)).exists():
        return Settings()
    return open_desk(args).settings


COMMANDS = {("calc", None): cmd_calc}
