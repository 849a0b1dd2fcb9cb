"""CSV structure (issue 9, item 6): duplicated columns, unbalanced quotes, huge fields.

- A column given twice after alias folding ('weight' twice, or 'weight' and 'weight_kg') used
  to import the last one silently: now a header error naming the column.
- An unbalanced quote swallowed every later line into one cell and was reported at the end of the
  file ("line 9: expected 14 cells, found 2"), and --skip-invalid then dropped those later rows
  without a word: now the line where the quoted field opened is named, and the file is refused
  even with --skip-invalid (the rows after it could not be read).
- One 200 MB field took 1.4 GB of memory before being refused: the file is now streamed and a row
  is refused after MAX_ROW characters, so memory stays flat however big the field.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimdesk.domain.errors import ValidationError
from claimdesk.domain.parcels import PARCEL_FIELDS, Parcel
from claimdesk.importing import ImportOptions, ImportRefused, RowError, delimited, plan_file, sources
from claimdesk.importing.delimited import MAX_ROW
from claimdesk.importing.profiles import built_in
from tests.cli.helpers import Run, snapshot
from tests.cli.test_cli_transfer import HEADER, row, trackings, write_csv
from tests.reliability_worker import child_env


def parse_csv(source: Path, progress: object = None) -> tuple[list[Parcel], list[RowError]]:
    """The parcels a file would add and its bad rows, also when a row stopped the reading."""
    try:
        plan = plan_file(source, ImportOptions(), profiles=built_in(), lookup=lambda number: None, progress=progress)  # type: ignore[arg-type]
    except ImportRefused as refused:
        plan = refused.plan
    return plan.added, plan.errors


def refused(run: Run, db: Path, source: Path, *expected: str, skip: bool = False) -> list[str]:
    """Exit 2, nothing written, the listed lines (with or without --skip-invalid)."""
    before = snapshot(db)
    result = run("import", source, *(["--skip-invalid"] if skip else []))
    assert result.code == 2, (result.out, result.err)
    assert result.out == ""
    assert "Traceback" not in result.err
    lines = result.err.splitlines()
    for text in expected:
        assert any(text in line for line in lines), (text, lines)
    assert snapshot(db) == before
    return lines


# ------------------------------------------------------------------ duplicated columns


@pytest.mark.parametrize(
    ("header", "column"),
    [
        (HEADER + ",weight", "weight"),
        (HEADER.replace("weight", "weight_kg") + ",Weight", "weight"),
        (HEADER.replace("tracking", "Tracking Number", 1) + ",tracking", "tracking"),
        (HEADER + ",created", "created_at"),
    ],
    ids=["same-name", "alias-and-name", "spelled-differently", "created-alias"],
)
@pytest.mark.parametrize("skip", [False, True], ids=["all-or-nothing", "skip-invalid"])
def test_a_column_given_twice_is_refused_naming_it(run: Run, db: Path, tmp_path: Path, header: str, column: str, skip: bool) -> None:
    source = write_csv(tmp_path / "in.csv", [header, row("LP0000000001") + ",0.5"])
    lines = refused(run, db, source, f"column {column} appears 2 times", skip=skip)
    assert lines[1].startswith("line 1: header: column " + column), lines


# ------------------------------------------------------------------ unbalanced quotes


def test_an_unclosed_quote_names_the_line_where_it_opened(run: Run, db: Path, tmp_path: Path) -> None:
    rows = [
        HEADER,
        row("LP0000000001"),
        row("LP0000000002"),
        row("LP0000000003", order='81"'),
        row("LP0000000004").replace(",Yanwen,", ',"Yanwen,', 1),
        row("LP0000000005"),
        row("LP0000000006"),
    ]
    source = write_csv(tmp_path / "in.csv", rows)
    lines = refused(run, db, source, "line 5: a quoted field opened here is never closed")
    assert lines == ["claimdesk: 1 bad row: nothing imported", "line 5: a quoted field opened here is never closed"]
    # --skip-invalid used to import rows 2-4 and drop 5-7 without a word.
    refused(run, db, source, "line 5: a quoted field opened here is never closed", skip=True)


def test_the_quote_can_open_on_a_later_line_of_a_multi_line_row(run: Run, db: Path, tmp_path: Path) -> None:
    # Row 2 spans lines 2-3 (a quoted carrier with a line break, closed), and a quote that never
    # closes opens after it, on line 3: the row's second physical line.
    broken = row("LP0000000001").replace(",Yanwen,", ',"Yan\nwen",', 1).replace(",ES,", ',"ES,', 1)
    source = write_csv(tmp_path / "in.csv", [HEADER, broken, row("LP0000000002")])
    refused(run, db, source, "line 3: a quoted field opened here is never closed")


def test_quotes_that_close_still_import(run: Run, tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", [HEADER, row("LP0000000001", carrier='Yan "W" en, Ltd'), row("LP0000000002")])
    result = run("import", source)
    assert result.code == 0, result.err
    assert trackings(run) == ["LP0000000001", "LP0000000002"]


GOOD = [row(f"LP{n:010d}") for n in range(1, 6)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    position=st.integers(0, 5),
    multi=st.booleans(),
    ending=st.sampled_from(["\r\n", "\n", "\r"]),
    bom=st.booleans(),
    cell=st.sampled_from(PARCEL_FIELDS),
)
def test_the_opening_line_is_named_whatever_the_layout(
    tmp_path: Path, position: int, multi: bool, ending: str, bom: bool, cell: str
) -> None:
    rows = list(GOOD)
    broken = row("LP0000000099")
    if multi:  # a quoted carrier over two physical lines, closed
        broken = broken.replace(",Yanwen,", ',"Yan' + ending + 'wen",', 1)
    index = PARCEL_FIELDS.index(cell)
    cells = broken.split(",") if not multi else None
    if cells is not None:
        cells[index] = '"' + cells[index]
        broken = ",".join(cells)
    else:
        broken = broken + ',"tail'  # the quote opens on the row's second physical line
    rows.insert(position, broken)
    source = write_csv(tmp_path / f"q{position}{multi}{len(ending)}{bom}{index}.csv", [HEADER, *rows], ending, bom)
    parcels, errors = parse_csv(source)
    opened = 2 + position + (1 if multi else 0)
    assert [(error.line, error.message, error.stops) for error in errors][-1:] == [
        (opened, "a quoted field opened here is never closed", True)
    ], errors
    assert len(parcels) == position  # the rows before it parsed; nothing after it was guessed at


# ------------------------------------------------------------------ huge fields


def test_an_unquoted_row_longer_than_the_bound_is_a_bad_row_and_reading_goes_on(run: Run, db: Path, tmp_path: Path) -> None:
    long = row("LP0000000002", carrier="x" * (MAX_ROW + 10))
    source = write_csv(tmp_path / "in.csv", [HEADER, row("LP0000000001"), long, row("LP0000000003")], "\r\n")
    result = run("import", source)
    assert result.code == 0, result.err
    assert result.err_lines == ["bad line 3: the row is longer than 65,536 characters"]
    assert trackings(run) == ["LP0000000001", "LP0000000003"]


def test_a_quoted_field_longer_than_the_bound_stops_at_its_line(run: Run, db: Path, tmp_path: Path) -> None:
    huge = row("LP0000000002").replace(",Yanwen,", ',"' + "x\n" * MAX_ROW + '",', 1)  # 65,537 lines
    source = write_csv(tmp_path / "in.csv", [HEADER, row("LP0000000001"), huge, row("LP0000000003")])
    refused(run, db, source, "line 3: a quoted field opened here does not close within 65,536 characters", skip=True)


def test_a_file_larger_than_the_cap_is_refused_before_it_is_read(
    run: Run, db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_FILE_BYTES", 500)
    source = write_csv(tmp_path / "in.csv", [HEADER, *GOOD])
    refused(run, db, source, "is larger than", "split it")


def test_a_stream_that_grows_past_the_cap_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(delimited, "MAX_FILE_CHARS", 2000)
    with pytest.raises(ValidationError, match="is larger than"):
        list(delimited.records(io.StringIO("\n".join([HEADER, *GOOD * 5]) + "\n", newline=""), "in.csv", ","))


PEAK_RSS = """
import resource, sys
from claimdesk import cli
code = cli.main(sys.argv[1:])
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def peak_rss_kb(db: Path, source: Path) -> tuple[int, int]:
    """(exit code, peak RSS in KiB) of `claimdesk import SOURCE` in a fresh interpreter."""
    proc = subprocess.run(
        [sys.executable, "-c", PEAK_RSS, "--db", str(db), "import", str(source)],
        capture_output=True,
        text=True,
        env=child_env(db),
        timeout=120,
    )
    code, peak = proc.stdout.split()[-2:]
    return int(code), int(peak)


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux")
def test_a_huge_field_costs_no_memory(tmp_path: Path) -> None:
    """40 MB in one field: the old reader held the file several times over (about 7 bytes of
    memory per byte of file: 1.4 GB for 200 MB). Now the peak is the same as for a tiny file."""
    small = write_csv(tmp_path / "small.csv", [HEADER, row("LP0000000001", weight="0")])
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as handle:
        handle.write(HEADER + "\n" + "LP0000000001,81,special-line,")  # then a 40 MB carrier
        chunk = "y" * (1 << 20)
        for _ in range(40):
            handle.write(chunk)
        handle.write(",ES,2026-03-01,,,declared,120,0.35,25,,in-transit\n")
    small_code, small_peak = peak_rss_kb(tmp_path / "a.json", small)
    big_code, big_peak = peak_rss_kb(tmp_path / "b.json", big)
    assert (small_code, big_code) == (2, 2)
    assert big_peak - small_peak < 15 * 1024, (small_peak, big_peak)


def test_row_errors_that_stop_the_reading_are_marked(tmp_path: Path) -> None:
    _parcels, errors = parse_csv(write_csv(tmp_path / "a.csv", [HEADER + ",weight", row("LP0000000001") + ",1"]))
    assert [error.stops for error in errors] == [True]
    _parcels, errors = parse_csv(write_csv(tmp_path / "b.csv", [HEADER, row("LP0000000001") + ",extra,cells"]))
    assert [error.stops for error in errors] == [False]


# ------------------------------------------------------------------ what streaming must keep


@pytest.mark.parametrize("at", [5, (1 << 20) - 1, (1 << 20) + 7, 3 * (1 << 20) + 1])
def test_the_first_byte_that_is_not_utf8_is_named_exactly(tmp_path: Path, at: int) -> None:
    """Read in chunks, the offset is still the file's: even when a character straddles a chunk."""
    content = ((HEADER + "\n").encode() + ("中" * (at // 3 + 1)).encode())[:at]  # may cut a 中 in two
    source = tmp_path / "in.csv"
    source.write_bytes(content + b"\xff" + b"tail\n")
    expected = len(content)
    while True:  # a cut multi-byte character before the 0xff is where decoding really fails
        try:
            content[:expected].decode("utf-8")
            break
        except UnicodeDecodeError as error:
            expected = error.start
    with pytest.raises(ValidationError, match=rf"\(byte {expected}\)"):
        parse_csv(source)


def test_nul_after_many_good_rows_is_still_refused(tmp_path: Path) -> None:
    source = write_csv(tmp_path / "in.csv", [HEADER, *GOOD, "LP\x0000000009,81"])
    with pytest.raises(ValidationError, match="NUL"):
        parse_csv(source)


@pytest.mark.parametrize("ending", ["\r\n", "\n", "\r"], ids=["crlf", "lf", "cr"])
def test_progress_counts_physical_lines(tmp_path: Path, ending: str) -> None:
    source = write_csv(tmp_path / "in.csv", [HEADER, *GOOD, "", row("LP0000000077")], ending)
    seen: list[tuple[int, int]] = []
    parcels, errors = parse_csv(source, progress=lambda done, total: seen.append((done, total)))
    assert (len(parcels), errors) == (6, [])
    assert seen[0][1] == 8 and seen[-1] == (8, 8)


def test_the_import_progress_is_richs_bar_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 20 item 7: rich's progress bar (not a hand-written one), on stderr only."""
    from claimdesk.cli.transfer import _progress_bar

    bar = _progress_bar("Importing")
    bar(5, 10)
    bar(10, 10)
    bar.close()
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Importing" in captured.err and "10/10" in captured.err and "lines" in captured.err
    assert "━" in captured.err and "#" not in captured.err  # rich's bar, not '[###...]'
