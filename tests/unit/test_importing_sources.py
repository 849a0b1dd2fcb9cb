"""The import engine's readers: file kinds by their bytes, encodings, delimiters, workbooks."""

from __future__ import annotations

import codecs
import gzip
import zipfile
from pathlib import Path
from typing import Any

import pytest

from claimdesk.domain.errors import ValidationError
from claimdesk.importing.decoding import SAMPLE, DecodedLines, Encoding, detect, named
from claimdesk.importing.delimited import sniff_delimiter
from claimdesk.importing.rows import RowError
from claimdesk.importing.sources import open_table
from tests.fixtures.seller_files import aliexpress_rows, csv_bytes, write_xls, write_xlsx

HEADER = ["tracking", "order", "carrier"]
ROWS = [["RB123456785CN", "8001", "顺丰国际"], ["EE123456785CN", "8002", "Poste française"]]


def read(path: Path, **options: Any) -> tuple[dict[str, Any], list[Any]]:
    with open_table(path, **options) as table:
        rows = [row for _line, row in table.rows]
        return {"kind": table.kind, "encoding": table.encoding, "delimiter": table.delimiter, "sheet": table.sheet}, rows


@pytest.mark.parametrize(
    ("encoding", "bom", "named_as"),
    [
        ("utf-8", False, "UTF-8"),
        ("utf-8", True, "UTF-8 (BOM)"),
        ("utf-16-le", True, "UTF-16 LE"),
        ("utf-16-be", True, "UTF-16 BE"),
        ("gb18030", False, "GB18030"),
    ],
)
def test_each_encoding_is_found_and_named(tmp_path: Path, encoding: str, bom: bool, named_as: str) -> None:
    rows = [["RB123456785CN", "8001", "顺丰国际 ￥23.50"]] if encoding == "gb18030" else ROWS
    path = tmp_path / "f.csv"
    path.write_bytes(csv_bytes(HEADER, rows, encoding=encoding, bom=bom))
    info, cells = read(path)
    assert info["encoding"] == named_as
    assert cells == [HEADER, *rows]


def test_utf16_without_a_bom_is_found_by_its_zero_bytes(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(csv_bytes(HEADER, ROWS, encoding="utf-16-le", delimiter="\t"))
    info, cells = read(path)
    assert (info["encoding"], info["delimiter"], cells[1]) == ("UTF-16 LE", "\t", ROWS[0])


def test_a_european_excel_csv_is_cp1252_not_gb18030(tmp_path: Path) -> None:
    header = ["Numéro de suivi", "Référence", "Poids", "Frais de port"]
    rows = [["RB123456785CN", "Commande élevée", "0,35", "23,50"], ["EE123456785CN", "Réexpédié à Noël", "1,2", "120,00"]]
    path = tmp_path / "f.csv"
    path.write_bytes(csv_bytes(header, rows, encoding="cp1252", delimiter=";"))
    info, cells = read(path)
    assert info["encoding"] == "cp1252"
    assert info["delimiter"] == ";"
    assert cells == [header, *rows]


def test_encoding_forced(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(csv_bytes(HEADER, [["RB123456785CN", "8001", "Noël"]], encoding="latin-1"))
    info, cells = read(path, encoding="latin-1")
    assert info["encoding"] == "iso8859-1"
    assert cells[1][2] == "Noël"
    with pytest.raises(ValidationError, match="unknown encoding 'klingon'"):
        named("klingon")


@pytest.mark.parametrize("line", [2, 5, 40])
def test_a_bad_byte_names_its_line_and_byte(tmp_path: Path, line: int) -> None:
    lines = [b"tracking,order,carrier\r\n"] + [b"RB123456785CN,8001,\xe9\xa1\xba\xe4\xb8\xb0\r\n"] * 60
    lines[line - 1] = b"RB123456785CN,80\xff1,x\r\n"
    data = b"".join(lines)
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    with pytest.raises(ValidationError) as error:
        read(path)
    at = data.index(b"\xff")
    assert f"line {line} (byte {at}) is not valid UTF-8" in error.value.message
    assert "--encoding" in error.value.message


def test_a_bad_byte_far_into_a_stream_is_found_where_it_is() -> None:
    """A pipe: the head alone decides, and the byte after many chunks is still named exactly."""
    import io

    good = b"RB123456785CN,8001,x\n" * 20000
    data = b"tracking,order,carrier\n" + good + b"RB123456785CN,8\xc3\x28,x\n"
    lines = DecodedLines(io.BytesIO(data[SAMPLE:]), Encoding("utf-8", "UTF-8"), label="-", head=data[:SAMPLE])
    with pytest.raises(ValidationError) as error:
        while lines.readline(1000):
            pass
    at = data.index(b"\xc3\x28")
    assert f"line 20002 (byte {at})" in error.value.message


def test_ascii_with_one_stray_byte_is_utf8_with_a_bad_byte_not_a_guess() -> None:
    assert detect(b"tracking,order\nRB123456785CN,80\xff1\n", None) == Encoding("utf-8", "UTF-8")


@pytest.mark.parametrize(
    ("sample", "delimiter"),
    [
        ("a,b,c\r\n1,2,3\r\n", ","),
        ("a;b;c\n1,5;2,3;x\n", ";"),
        ("a\tb\tc\n1,5\t2\t3\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ('"a;b",c\n"1;2",3\n', ","),
        ("only\n1\n", ","),
    ],
)
def test_the_delimiter_is_sniffed(sample: str, delimiter: str) -> None:
    assert sniff_delimiter(sample) == delimiter


@pytest.mark.parametrize(
    ("content", "looks"),
    [
        (b"%PDF-1.7\n...", "is a PDF"),
        (gzip.compress(b"tracking\n", mtime=0), "is a gzip archive"),
        (b"\x89PNG\r\n\x1a\n....", "is a PNG image"),
        (b"<html><table><tr><td>1</td></tr></table></html>", "is a web page"),
    ],
)
def test_files_that_are_no_table_say_what_they_look_like(tmp_path: Path, content: bytes, looks: str) -> None:
    path = tmp_path / "orders.xls"
    path.write_bytes(content)
    with pytest.raises(ValidationError, match=looks):
        read(path)


def test_a_zip_and_a_word_file_are_named(tmp_path: Path) -> None:
    for inside, looks in (("notes.txt", "is a zip archive"), ("word/document.xml", "is a Word document")):
        path = tmp_path / "f.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr(inside, "x")
        with pytest.raises(ValidationError, match=looks):
            read(path)


def test_an_empty_file_and_a_folder(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(ValidationError, match="is empty"):
        read(tmp_path / "empty.csv")
    with pytest.raises(ValidationError, match="is a directory"):
        read(tmp_path)


def test_xlsx_gives_dates_as_dates_and_numbers_with_their_digits(tmp_path: Path) -> None:
    header, rows = aliexpress_rows("zh", as_text=False)
    path = write_xlsx(tmp_path / "orders.xlsx", header, rows)
    info, cells = read(path)
    assert info == {"kind": "xlsx", "encoding": None, "delimiter": None, "sheet": "Sheet1"}
    assert cells[0] == list(header)
    assert cells[1][0] == 8123456789012345.0  # a number cell: every digit kept (the cells read it as "8123456789012345")
    assert cells[1][10].year == 2026  # a date cell: a datetime
    assert cells[1][9] == "AliExpress Standard Shipping:LP00123456789012"


def test_xls_is_read_too(tmp_path: Path) -> None:
    header, rows = aliexpress_rows("zh", as_text=False)
    path = write_xls(tmp_path / "orders.xls", header, rows)
    info, cells = read(path)
    assert info["kind"] == "xls"
    assert cells[1][0] == 8123456789012345.0
    assert cells[1][10].month == 3


def test_sheet_by_name_and_a_missing_sheet(tmp_path: Path) -> None:
    header, rows = aliexpress_rows("zh", as_text=False)
    path = write_xlsx(tmp_path / "orders.xlsx", header, rows, sheet="订单", before=["说明"])
    info, cells = read(path, sheet="订单")
    assert info["sheet"] == "订单" and cells[0] == list(header)
    info, cells = read(path)
    assert info["sheet"] == "说明"  # the first sheet unless --sheet
    with pytest.raises(ValidationError, match="no sheet 'Orders'; its sheets: 说明, 订单"):
        read(path, sheet="Orders")


def test_sheet_on_a_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(csv_bytes(HEADER, ROWS))
    with pytest.raises(ValidationError, match="only an Excel workbook has sheets"):
        read(path, sheet="Sheet1")


def test_an_unclosed_quote_stops_at_its_line_in_any_delimiter(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text('a;b\n1;2\n3;"4\n5;6\n', encoding="utf-8")
    _info, cells = read(path)
    assert isinstance(cells[-1], RowError)
    assert (cells[-1].line, cells[-1].stops) == (3, True)


def test_bom_is_not_part_of_the_first_header(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(codecs.BOM_UTF8 + b"tracking,order\r\nRB123456785CN,1\r\n")
    _info, cells = read(path)
    assert cells[0] == ["tracking", "order"]
