"""Arguments that are not UTF-8 (issue 9, item 5): exit 2 naming the argument, never a traceback.

`claimdesk parcel add ... --carrier $'Yan\\xffwen'` used to store the lone surrogate Python makes
of the byte 0xff (PEP 383) and then crash in the JSON encoder: exit 1 and a traceback. Now cli.main
refuses any such argument before a command runs, and domain.parcels.clean_text refuses surrogates
too, so no other path (the app, the services) can hand one to the data file. File names are
the exception: a name that is not UTF-8 is a real name on Linux, so --db and import/export FILE
keep working with one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.parcels import clean_text
from claimdesk.services import Desk
from tests.cli.helpers import EMS, add_args, invoke, snapshot
from tests.cli.test_cli_bad_input import desk_file, refused_naming
from tests.reliability_worker import child_env

BAD = "Yan\udcffwen"  # what Python makes of the argument bytes b"Yan\xffwen"

# A valid command for each group of options, and the options whose value is replaced by BAD.
CALC = [
    "calc",
    "--service=ems",
    "--incident=loss",
    "--item=declared",
    "--declared-value=100",
    "--weight=1",
    "--shipping-fee=10",
    "--actual-loss=5",
    "--inquiry-fee=1",
    "--multiplier=2",
]
COMMANDS: dict[str, tuple[list[str], list[str]]] = {
    "parcel add": (
        add_args(
            tracking="EE000000005CN",
            collected="2026-03-02",
            last_tracking="2026-03-03",
            inquiry_fee="1",
            carrier="Yanwen",
            destination="US",
        ),
        [
            "--tracking",
            "--order",
            "--service",
            "--created",
            "--collected",
            "--last-tracking",
            "--item",
            "--declared-value",
            "--weight",
            "--shipping-fee",
            "--inquiry-fee",
            "--carrier",
            "--destination",
            "--status",
        ],
    ),
    "parcel set": (["parcel", "set", EMS, "--status=lost", "--last-tracking=2026-03-05"], ["TRACKING", "--status", "--last-tracking"]),
    "complaint file": (
        ["complaint", "file", EMS, "--type=damage", "--at=2026-03-20", "--note=n"],
        ["TRACKING", "--type", "--at", "--note"],
    ),
    "complaint reply": (["complaint", "reply", EMS, "--agreed", "--at=2026-03-20"], ["TRACKING", "--at"]),
    "complaint escalate": (["complaint", "escalate", EMS, "--at=2026-03-20"], ["TRACKING", "--at"]),
    "complaint intervene": (["complaint", "intervene", EMS, "--at=2026-03-20"], ["TRACKING", "--at"]),
    "complaint close": (
        ["complaint", "close", EMS, "--outcome=withdrawn", "--claimed=1", "--received=1", "--at=2026-03-20"],
        ["TRACKING", "--outcome", "--claimed", "--received", "--at"],
    ),
    "due": (["due", "--within=3d"], ["--within"]),
    "calc": (
        CALC,
        [
            "--service",
            "--incident",
            "--item",
            "--declared-value",
            "--actual-loss",
            "--weight",
            "--shipping-fee",
            "--inquiry-fee",
            "--multiplier",
        ],
    ),
    "demo": (["demo", "--parcels=3"], ["--parcels"]),
}
CASES = [(command, name) for command, (_, names) in COMMANDS.items() for name in names]


def with_bad(args: list[str], name: str, value: str = BAD) -> list[str]:
    """`args` with the value of option `name` (or the TRACKING positional) replaced."""
    if name == "TRACKING":
        return [value if arg == EMS else arg for arg in args]
    return [f"{name}={value}" if arg.startswith(name + "=") else arg for arg in args]


@pytest.fixture(scope="module")
def shared_desk() -> Iterator[Path]:
    with desk_file() as db:
        yield db


@pytest.mark.parametrize(("command", "name"), CASES, ids=[f"{c}-{n}" for c, n in CASES])
def test_every_argument_that_is_not_utf8_is_refused_naming_it(
    capsys: pytest.CaptureFixture[str], shared_desk: Path, command: str, name: str
) -> None:
    args, _ = COMMANDS[command]
    bad = with_bad(args, name)
    assert bad != args, "the option is in the base command"
    before = shared_desk.read_bytes()
    result = invoke(capsys, "--db", shared_desk, *bad)
    refused_naming(result, name)
    assert result.err_lines[0] == f"claimdesk: {name}: not valid UTF-8 text: 'Yan\\xffwen'"
    assert shared_desk.read_bytes() == before


def run_bytes(db: Path, *args: bytes | str, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    """`python -m claimdesk ARGS` with real bytes in argv, as a shell passes $'Yan\\xffwen'."""
    argv = [a if isinstance(a, bytes) else a.encode() for a in args]
    return subprocess.run([sys.executable.encode(), b"-m", b"claimdesk", *argv], capture_output=True, env=child_env(db), timeout=timeout)


PARCEL = [
    b"parcel",
    b"add",
    b"--tracking",
    b"EE000000005CN",
    b"--order",
    b"81",
    b"--service",
    b"ems",
    b"--created",
    b"2026-03-01",
    b"--item",
    b"document",
    b"--weight",
    b"1",
    b"--shipping-fee",
    b"5",
]


@pytest.mark.parametrize(
    ("args", "name"),
    [
        ([*PARCEL, b"--carrier", b"Yan\xffwen"], "--carrier"),
        ([*PARCEL, b"--carrier=Yan\xffwen"], "--carrier"),
        ([*PARCEL, b"--carr", b"Yan\xffwen"], "--carrier"),  # argparse's abbreviation
        ([b"complaint", b"file", EMS.encode(), b"--type", b"damage", b"--note", b"n\xe4\xb8ote"], "--note"),
        ([b"parcel", b"set", b"EE\xff123", b"--status", b"lost"], "TRACKING"),
        ([b"complaint", b"close", EMS.encode(), b"--outcome", b"with\xffdrawn"], "--outcome"),
        (
            [
                b"--lang",
                b"zh",
                b"calc",
                b"--service",
                b"\xffems",
                b"--incident",
                b"loss",
                b"--item",
                b"document",
                b"--weight",
                b"1",
                b"--shipping-fee",
                b"5",
            ],
            "--service",
        ),
        ([b"serve", b"--host", b"127.0.0.\xff"], "--host"),  # refused before anything listens
    ],
)
def test_real_invalid_bytes_in_argv_are_exit_2_without_a_traceback(args: list[bytes], name: str) -> None:
    with desk_file() as db:
        before = snapshot(db)
        proc = run_bytes(db, *args)
        err = proc.stderr.decode("utf-8")
        assert proc.returncode == 2, err
        assert "Traceback" not in err
        assert err.count("\n") == 1 and err.startswith(f"claimdesk: {name}: "), err
        assert proc.stdout == b""
        assert snapshot(db) == before


def test_a_data_file_whose_name_is_not_utf8_still_works(tmp_path: Path) -> None:
    name = bytes(tmp_path) + b"/d\xff.json"
    added = run_bytes(tmp_path / "unused.json", b"--db", name, *PARCEL)
    assert added.returncode == 0, added.stderr
    assert os.path.isfile(name)
    listed = run_bytes(tmp_path / "unused.json", b"--db", name, b"parcel", b"list", b"--json")
    assert listed.returncode == 0 and b"EE000000005CN" in listed.stdout


def test_a_csv_whose_name_is_not_utf8_imports(tmp_path: Path) -> None:
    source = tmp_path / "in\udcff.csv"
    source.write_text(
        "tracking,order,service,created_at,item,weight,shipping_fee\nLP0000000001,81,other,2026-03-01,document,1,5\n", encoding="utf-8"
    )
    db = tmp_path / "d.json"
    proc = run_bytes(db, b"import", bytes(source.as_posix(), "utf-8", "surrogateescape"))
    assert proc.returncode == 0, proc.stderr
    assert b"1 added, 0 updated" in proc.stdout


@pytest.mark.parametrize("text", ["Yan\udcffwen", "\ud800", "a\udfffb"])
def test_clean_text_refuses_surrogates_so_no_path_can_store_one(text: str) -> None:
    with pytest.raises(ValidationError, match="not valid UTF-8 text"):
        clean_text(text, "carrier")


def test_the_services_refuse_surrogates_before_the_data_file_sees_them(desk: Desk, isolated_data: Path) -> None:
    fields = {
        "tracking": EMS,
        "order": "81",
        "service": "ems",
        "created_at": "2026-03-01",
        "item": "document",
        "weight": "1",
        "shipping_fee": "5",
        "status": "lost",
    }
    with pytest.raises(ValidationError, match="carrier: not valid UTF-8 text"):
        desk.add_parcel(fields | {"carrier": BAD})
    desk.add_parcel(fields)
    before = isolated_data.read_bytes()
    with pytest.raises(ValidationError, match="note: not valid UTF-8 text"):
        desk.file_complaint(EMS, "loss", note=BAD)
    with pytest.raises(ValidationError, match="order: not valid UTF-8 text"):
        desk.edit_parcel(EMS, fields | {"order": BAD})
    assert isolated_data.read_bytes() == before
