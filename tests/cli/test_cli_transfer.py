"""`claimdesk import` / `claimdesk export` with the desk's own CSV: good rows in, bad rows named, formula-safe export,
round trip. (The sellers' other files: tests/cli/test_cli_import_files.py.)"""

from __future__ import annotations

import csv
import io
import json
import stat
from pathlib import Path

import pytest

from claimdesk.domain.parcels import PARCEL_FIELDS
from tests.cli.helpers import EMS, Run, add_args, assert_one_line_error, snapshot

HEADER = ",".join(PARCEL_FIELDS)


def row(tracking: str, **overrides: str) -> str:
    fields = {
        "tracking": tracking,
        "order": "8100000000000001",
        "service": "special-line",
        "carrier": "Yanwen",
        "destination": "ES",
        "created_at": "2026-03-01T10:00:00+08:00",
        "collected_at": "",
        "last_tracking_at": "",
        "item": "declared",
        "declared_value": "120.00",
        "weight": "0.35",
        "shipping_fee": "25.00",
        "inquiry_fee": "",
        "status": "in-transit",
    } | overrides
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([fields.get(name, "") for name in PARCEL_FIELDS])
    return buffer.getvalue()


def write_csv(path: Path, lines: list[str], ending: str = "\n", bom: bool = False) -> Path:
    text = ending.join(lines) + ending
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
    return path


def trackings(run: Run, *db: str) -> list[str]:
    result = run("parcel", "list", "--json", *db)
    assert result.code == 0, result.err
    return sorted(parcel["tracking"] for parcel in json.loads(result.out))


def test_import_adds_every_row(run: Run, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", [HEADER, row("LP0000000001"), row("ee 123456785 cn", service="ems")])
    result = run("import", source)
    assert result.code == 0, result.err
    assert (
        result.out == f"Read {source}: UTF-8 text, comma-separated, profile claimdesk.\n"
        f"Imported {source}: 2 added, 0 updated, 0 unchanged, 0 incomplete, 0 bad.\n"
    )
    assert trackings(run) == [EMS, "LP0000000001"]


def test_import_keeps_the_good_rows_and_names_every_bad_one(run: Run, db: Path, tmp_path: Path) -> None:
    assert run(*add_args()).code == 0
    source = write_csv(
        tmp_path / "in.csv",
        [
            HEADER,
            row("LP0000000001"),
            row("LP0000000002", weight="heavy"),  # line 3
            row("LP0000000003"),
            row("EE123456784CN", service="ems"),  # line 5: bad check digit
            "",  # blank line 6: skipped, still counted
            row("LP0000000007", created_at="2026-02-30"),  # line 7
            row("LP0000000001"),  # line 8: duplicate of line 2
            row(EMS, service="ems", carrier="Other"),  # line 9: already on the desk, different
        ],
    )
    result = run("import", source)
    assert result.code == 0, result.err
    assert f"Imported {source}: 2 added, 0 updated, 0 unchanged, 0 incomplete, 5 bad." in result.out
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    assert [line.split(":")[0] for line in lines] == ["bad line 3", "bad line 5", "bad line 7", "bad line 8", "bad line 9"]
    assert lines[0].startswith("bad line 3: weight: ")
    assert lines[1].startswith("bad line 5: tracking: ") and "expected 5" in lines[1]
    assert lines[2].startswith("bad line 7: created_at: ")
    assert "appears twice (first on line 2)" in lines[3]
    assert "already on the desk (import --update changes it)" in lines[4]
    assert trackings(run) == sorted([EMS, "LP0000000001", "LP0000000003"])


def test_a_file_of_bad_rows_only_imports_nothing_exit_2(run: Run, db: Path, tmp_path: Path) -> None:
    assert run(*add_args()).code == 0
    before = snapshot(db)
    source = write_csv(tmp_path / "in.csv", [HEADER, row("LP0000000002", weight="heavy"), row("LP0000000003", status="gone")])
    result = run("import", source)
    assert result.code == 2
    assert "0 added" in result.out and "2 bad" in result.out
    assert [line.split(":")[0] for line in result.err.splitlines()] == ["bad line 2", "bad line 3"]
    assert snapshot(db) == before


def test_the_old_skip_invalid_flag_is_still_accepted(run: Run, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "in.csv",
        [HEADER, row("LP0000000001"), row("LP0000000002", status="gone"), row("LP0000000003")],
    )
    result = run("import", source, "--skip-invalid")
    assert result.code == 0, result.err
    assert "2 added, 0 updated, 0 unchanged, 0 incomplete, 1 bad." in result.out
    assert result.err.startswith("bad line 3: status: ")
    assert trackings(run) == ["LP0000000001", "LP0000000003"]


@pytest.mark.parametrize("ending", ["\r\n", "\n", "\r"], ids=["crlf", "lf", "cr"])
@pytest.mark.parametrize("bom", [False, True], ids=["no-bom", "bom"])
def test_bom_and_line_endings(run: Run, db: Path, tmp_path: Path, ending: str, bom: bool) -> None:
    source = write_csv(tmp_path / "in.csv", [HEADER, row("LP0000000001"), row("LP0000000002", weight="0")], ending, bom)
    result = run("import", source)
    assert result.code == 0, result.err
    assert result.err.splitlines()[0].startswith("bad line 3: weight: ")
    assert trackings(run) == ["LP0000000001"]


def test_mixed_line_endings_keep_line_numbers(run: Run, tmp_path: Path) -> None:
    text = HEADER + "\r\n" + row("LP0000000001") + "\n" + row("LP0000000002") + "\r" + row("LP0000000003", item="box") + "\r\n"
    source = tmp_path / "mixed.csv"
    source.write_bytes(b"\xef\xbb\xbf" + text.encode())
    result = run("import", source)
    assert result.code == 0, result.err
    assert result.err.splitlines()[0].startswith("bad line 4: item: ")


def test_header_aliases_and_any_column_order(run: Run, tmp_path: Path) -> None:
    source = write_csv(
        tmp_path / "in.csv",
        [
            "Weight KG,Tracking Number,Order Number,Service,Created,Item Kind,Shipping Fee,Status",
            "1.2,LP0000000001,81,special-line,2026-03-01,undeclared,30,lost",
        ],
    )
    assert run("import", source).code == 0
    [parcel] = json.loads(run("parcel", "list", "--json").out)
    assert (parcel["weight"], parcel["status"], parcel["created_at"]) == ("1.2", "lost", "2026-03-01T00:00:00+08:00")


@pytest.mark.parametrize(
    ("content", "words"),
    [
        pytest.param(b"", "empty", id="empty"),
        pytest.param(b"tracking,order\nLP0000000001,81\n", "missing column", id="missing-columns"),
        pytest.param(b"colour,size\nred,L\n", "no profile recognises its columns ('colour', 'size')", id="unknown-columns"),
        pytest.param((HEADER + "\n" + row("LP0000000001") + ",extra\n").encode(), f"expected {len(PARCEL_FIELDS)} cells", id="cell-count"),
        pytest.param((HEADER + "\n" + row("LP0000000001", carrier="x" * 1001) + "\n").encode(), "at most 80", id="huge-cell"),
        pytest.param((HEADER + "\n" + row("LP0000000001", carrier="Café")).encode("latin-1"), "UTF-8", id="latin-1"),
        pytest.param(HEADER.encode() + b"\n\x00\x00", "NUL", id="nul-bytes"),
    ],
)
def test_unreadable_csv_is_exit_2(run: Run, db: Path, tmp_path: Path, content: bytes, words: str) -> None:
    assert run(*add_args()).code == 0
    before = snapshot(db)
    source = tmp_path / "in.csv"
    source.write_bytes(content)
    result = run("import", source)
    assert result.code == 2, result.err
    assert words in result.err
    assert "Traceback" not in result.err
    assert snapshot(db) == before


def test_import_of_a_missing_file_or_a_folder(run: Run, tmp_path: Path) -> None:
    assert_one_line_error(run("import", tmp_path / "nope.csv"), 2, "cannot read")
    assert_one_line_error(run("import", tmp_path), 2, "directory")


def test_export_neutralises_formulas_and_is_private(run: Run, tmp_path: Path) -> None:
    dangerous = {
        "LP0000000001": ('=HYPERLINK("http://evil","x")', "+86 555 0100"),
        "LP0000000002": ("-2+3", "@SUM(A1:A9)"),
        "LP0000000003": ("'=already quoted", "plain, with comma"),
    }
    for tracking, (order, carrier) in dangerous.items():
        assert run(*add_args(tracking=tracking, service="special-line", order=order, carrier=carrier)).code == 0
    target = tmp_path / "out.csv"
    result = run("export", target)
    assert result.code == 0, result.err
    assert result.out == f"Exported 3 parcel(s) to {target}.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    raw = target.read_bytes()
    assert raw.count(b"\r\n") == 4  # header + 3 rows, CRLF as spreadsheets expect
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    cells = {(r["order"], r["carrier"]) for r in rows}
    assert cells == {
        ('\'=HYPERLINK("http://evil","x")', "'+86 555 0100"),
        ("'-2+3", "'@SUM(A1:A9)"),
        ("''=already quoted", "plain, with comma"),
    }
    for r in rows:
        for value in r.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_export_then_import_round_trips(run: Run, tmp_path: Path) -> None:
    assert run(*add_args(collected="2026-03-01T20:00:00+08:00", inquiry_fee="8", carrier="中国邮政 EMS 📦")).code == 0
    assert (
        run(
            *add_args(
                tracking="LP0000000001",
                service="special-line",
                order="=1+1",
                item="document",
                declared_value=None,
                destination="BR",
                weight="0.005",
                shipping_fee="0",
            )
        ).code
        == 0
    )
    assert (
        run(
            *add_args(
                tracking="RB123456785GB",
                service="other",
                order="'-x",
                item="undeclared",
                declared_value=None,
                status="delivered",
                last_tracking="2026-03-02",
            )
        ).code
        == 0
    )
    assert run("complaint", "file", EMS, "--type", "loss").code == 0
    exported = tmp_path / "out.csv"
    assert run("export", exported).code == 0
    other = tmp_path / "other.json"
    result = run("import", exported, "--db", other)
    assert result.code == 0, result.err
    assert "3 added, 0 updated, 0 unchanged, 0 incomplete, 0 bad." in result.out

    def records(*db: str) -> list[dict]:
        listing = json.loads(run("parcel", "list", "--json", *db).out)
        claims = ("attempts_used", "attempts_left", "stage", "latest_stage")  # the complaint stays behind
        return sorted(({k: v for k, v in p.items() if k not in claims} for p in listing), key=lambda p: p["tracking"])

    assert records("--db", str(other)) == records()
    second = tmp_path / "again.csv"
    assert run("export", second, "--db", other).code == 0
    assert second.read_bytes() == exported.read_bytes()


def test_export_to_a_bad_place_is_exit_2(run: Run, tmp_path: Path) -> None:
    assert run(*add_args()).code == 0
    assert_one_line_error(run("export", tmp_path / "no" / "such" / "folder.csv"), 2, "does not exist")
    assert_one_line_error(run("export", tmp_path), 2, "directory")


def test_import_into_a_damaged_data_file_is_exit_4(run: Run, db: Path, tmp_path: Path) -> None:
    db.write_bytes(b"not json at all")
    source = write_csv(tmp_path / "in.csv", [HEADER, row("LP0000000001")])
    assert_one_line_error(run("import", source), 4, "not valid JSON")
    assert db.read_bytes() == b"not json at all"


def test_csv_values_are_only_ever_text(run: Run, db: Path, tmp_path: Path) -> None:
    """Path-like and command-like cells are stored as text: nothing is executed or written elsewhere."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    source = write_csv(
        inbox / "in.csv",
        [
            HEADER,
            row("LP0000000001", order="../../../../tmp/pwned", carrier="$(touch pwned)"),
            row("LP0000000002", order="=cmd|' /C calc'!A0", carrier="`touch pwned2`; rm -rf ~"),
        ],
    )
    before = sorted(path.name for path in tmp_path.rglob("*"))
    assert run("import", source).code == 0
    after = sorted(path.name for path in tmp_path.rglob("*"))
    assert set(after) - set(before) <= {db.name, db.name + ".lock"}
    stored = {p["order"]: p["carrier"] for p in json.loads(run("parcel", "list", "--json").out)}
    assert stored == {"../../../../tmp/pwned": "$(touch pwned)", "=cmd|' /C calc'!A0": "`touch pwned2`; rm -rf ~"}
