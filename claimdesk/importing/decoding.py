"""Which text encoding a seller's file is in, and a line reader that decodes it as it streams.

The order (issue 17): a byte-order mark (UTF-8, UTF-16 LE/BE); strict UTF-8; GB18030 (a superset
of GBK, what Excel on Chinese Windows writes); then charset-normalizer's guess. `--encoding`
forces one. A wrong guess is never silent: bytes that do not decode stop the import with the
line and byte where they are, counted from the bytes read, so a pipe reports the right place too.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from claimdesk.domain.errors import ValidationError
from claimdesk.i18n import _

CHUNK = 1 << 16
EVIDENCE = 4  # non-ASCII bytes needed before another encoding than UTF-8 is guessed
SAMPLE = 1 << 18  # what the detector sees of a file it cannot check whole (a pipe)

_BOMS = (
    (codecs.BOM_UTF8, "utf-8", "UTF-8 (BOM)"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 LE"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 BE"),
)
_LATIN_GUESSES = frozenset({"cp1250", "cp1252", "cp1257", "latin_1", "iso8859-1", "iso8859-2", "iso8859-15", "mac-roman", "mac-latin2"})
_CJK_GUESSES = frozenset({"gb18030", "gbk", "gb2312", "hz", "big5", "cp950", "big5hkscs"})


@dataclass(frozen=True)
class Encoding:
    """The codec that decodes the file, its name as shown to the seller, and the BOM's length."""

    codec: str
    name: str
    bom: int = 0


def _valid(codec: str, chunks: Iterable[bytes], *, complete: bool) -> bool:
    decoder = codecs.getincrementaldecoder(codec)("strict")
    try:
        for chunk in chunks:
            decoder.decode(chunk)
        if complete:
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _mostly_gb2312(sample: bytes) -> bool:
    """GB18030 decodes nearly any Latin-1 text too ('é' + a letter is one 'character'). The
    common Chinese characters (GB2312) have both bytes >= 0xA1; a Western codepage's accents
    are followed by ASCII. So a real GBK export has few double bytes with an ASCII second byte."""
    pairs = low = 0
    index, end = 0, len(sample)
    while index < end - 1:
        byte = sample[index]
        if byte < 0x80:
            index += 1
            continue
        pairs += 1
        low += sample[index + 1] < 0x80
        index += 4 if 0x30 <= sample[index + 1] <= 0x39 else 2  # a GB18030 four-byte sequence
    return pairs == 0 or low * 5 <= pairs


def _utf8_with_bad_bytes(head: bytes) -> bool:
    """Too little evidence for any other encoding (a few stray bytes in ASCII text), or most of
    its non-ASCII characters valid UTF-8."""
    high = sum(1 for byte in head if byte >= 0x80)
    if high < EVIDENCE:
        return True
    text = head.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    return sum(1 for ch in text if ord(ch) > 0x7F) - bad >= 4 * bad


def named(codec: str) -> Encoding:
    """The encoding the seller forced with --encoding (any name Python knows)."""
    try:
        info = codecs.lookup(codec.strip())
    except LookupError:
        raise ValidationError("encoding", _("unknown encoding {name!r} (e.g. utf-8, gb18030, utf-16, cp1252)").format(name=codec)) from None
    if info.name == "utf-16":  # the BOM says the byte order; without one Windows writes LE
        return Encoding("utf-16", "UTF-16")
    return Encoding(info.name, info.name.upper() if info.name.startswith("utf") else info.name)


def detect(head: bytes, chunks: Callable[[], Iterable[bytes]] | None) -> Encoding:
    """The encoding of a file that starts with `head`. `chunks` reads a regular file again from
    its start, so strict UTF-8 and GB18030 are checked over all of it; a pipe is judged by its
    head (then a bad byte further on stops the import with its line)."""
    for bom, codec, name in _BOMS:
        if head.startswith(bom):
            return Encoding(codec, name, len(bom))
    if b"\x00" in head[:4096]:  # UTF-16 saved without a BOM: every ASCII character has a zero byte
        sample = head[:4096]
        if sample[1::2].count(0) > len(sample) // 4:
            return Encoding("utf-16-le", "UTF-16 LE")
        if sample[0::2].count(0) > len(sample) // 4:
            return Encoding("utf-16-be", "UTF-16 BE")
    complete = chunks is not None or len(head) < SAMPLE  # a short head is the whole stream

    def source() -> Iterable[bytes]:
        return chunks() if chunks is not None else (head,)

    if _valid("utf-8", source(), complete=complete) or _utf8_with_bad_bytes(head):
        # Mostly UTF-8 with a few bad bytes: a damaged file, not another encoding; reading it
        # stops at the first bad byte, naming its line.
        return Encoding("utf-8", "UTF-8")
    from charset_normalizer import from_bytes

    best = from_bytes(head[:SAMPLE]).best()
    guess = codecs.lookup(best.encoding).name if best is not None else None
    if (guess in _CJK_GUESSES or guess is None or _mostly_gb2312(head)) and _valid("gb18030", source(), complete=complete):
        return Encoding("gb18030", "GB18030")
    if guess is not None and guess != "utf-8" and _valid(guess, source(), complete=complete):
        if guess in _LATIN_GUESSES and _valid("cp1252", source(), complete=complete):
            # A short sample cannot tell the Latin codepages apart (charset-normalizer says
            # cp1250 of French): Excel's Western one is the likely one; --encoding overrides.
            guess = "cp1252"
        return Encoding(guess, guess)
    raise ValidationError("encoding", _("cannot tell which text encoding the file is in: pass --encoding (e.g. gb18030, cp1252, utf-16)"))


_EOL = re.compile(r"\r\n|\r|\n")


class DecodedLines:
    """readline() over a binary stream decoded as it is read, lines kept with their endings
    (what csv.reader needs, like open(newline='')). Memory is bounded by `limit` and CHUNK."""

    def __init__(self, binary: BinaryIO, encoding: Encoding, *, label: str, head: bytes = b"") -> None:
        self._binary = binary
        self._encoding = encoding
        self._label = label
        self._decoder = codecs.getincrementaldecoder(encoding.codec)("strict")
        self._pending = head[encoding.bom :]
        self._fed = encoding.bom  # bytes handed to the decoder so far
        self._breaks = 0  # line feeds decoded so far: the line of a bad byte
        self._buffer = ""
        self._pos = 0
        self._eof = False

    def _fill(self) -> None:
        if self._pending:
            chunk, self._pending = self._pending, b""
        else:
            chunk = self._binary.read(CHUNK)
        try:
            text = self._decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            raise self._undecodable(error, chunk) from None
        self._fed += len(chunk)
        self._breaks += text.count("\n")
        self._buffer = self._buffer[self._pos :] + text
        self._pos = 0
        self._eof = not chunk

    def _undecodable(self, error: UnicodeDecodeError, chunk: bytes) -> ValidationError:
        carried = len(error.object) - len(chunk)  # bytes the decoder held from the previous chunk
        offset = self._fed - carried + error.start
        before = bytes(error.object[: error.start]).decode(self._encoding.codec, "replace")
        line = self._breaks + before.count("\n") + 1
        return ValidationError(
            "file",
            _(
                "{file}: line {line} (byte {byte}) is not valid {encoding} text: pass --encoding with the file's encoding "
                "(e.g. gb18030, cp1252, utf-16)"
            ).format(file=self._label, line=line, byte=offset, encoding=self._encoding.name),
        )

    def readline(self, limit: int = -1) -> str:
        while True:
            match = _EOL.search(self._buffer, self._pos)
            if match is not None and (match.end() < len(self._buffer) or match.group() != "\r" or self._eof):
                end = match.end()
                break
            if self._eof:
                end = len(self._buffer)
                break
            if 0 <= limit < len(self._buffer) - self._pos:
                end = self._pos + limit
                break
            self._fill()
        if limit >= 0:
            end = min(end, self._pos + limit)
        line = self._buffer[self._pos : end]
        self._pos = end
        return line

    def peek(self, lines: int, most: int = 1 << 20) -> str:
        """The next `lines` lines (or `most` characters) without consuming them: the delimiter
        is sniffed on these."""
        while not self._eof and self._buffer.count("\n", self._pos) < lines and len(self._buffer) - self._pos < most:
            self._fill()
        return self._buffer[self._pos : self._pos + most]
