"""The Chinese catalog: nothing untranslated, the committed .mo is the .po compiled, and every
string the sources mark for translation is in the catalog (run `make i18n` when one fails)."""

from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

import claimdesk
from claimdesk.i18n import DOMAIN, KEYWORDS, LOCALE_DIR

PACKAGE = Path(claimdesk.__file__).parent
PO = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / f"{DOMAIN}.po"
MO = PO.with_suffix(".mo")
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[rsd]|%[sd]")


def catalog():  # type: ignore[no-untyped-def]
    with PO.open("rb") as file:
        return read_po(file)


def messages(cat) -> list:  # type: ignore[no-untyped-def, type-arg]
    return [message for message in cat if message.id]


def test_every_message_is_translated() -> None:
    cat = catalog()
    assert len(messages(cat)) > 400
    untranslated = []
    for message in messages(cat):
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(strings) or message.fuzzy:
            untranslated.append((message.context, message.id))
    assert not untranslated, f"untranslated or fuzzy: {untranslated}"


def test_translations_keep_every_placeholder() -> None:
    """A translation may reorder {tracking} and {limit} but must keep each of them."""
    wrong = []
    for message in messages(catalog()):
        source = message.id[-1] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for text in strings:
            if sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(source)):
                wrong.append((source, text))
    assert not wrong


def translations(mo: bytes) -> dict:  # type: ignore[type-arg]
    """The messages of a compiled catalog, without its header: the header records the Babel
    version that compiled it, and a fresh machine's pip may resolve a newer Babel."""
    messages = dict(gettext.GNUTranslations(io.BytesIO(mo))._catalog)  # type: ignore[attr-defined]
    messages.pop("", None)
    return messages


def test_the_committed_mo_is_the_po_compiled() -> None:
    fresh = io.BytesIO()
    write_mo(fresh, catalog())
    committed = translations(MO.read_bytes())
    assert len(committed) > 400
    assert committed == translations(fresh.getvalue()), "claimdesk.mo is stale: run make i18n"


def test_every_marked_string_of_the_sources_is_in_the_catalog() -> None:
    known = {(message.context, message.id if isinstance(message.id, str) else message.id[0]) for message in messages(catalog())}
    missing = []
    for filename, _lineno, message, _comments, context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        msgid = message if isinstance(message, str) else message[0]
        if msgid and (context, msgid) not in known:
            missing.append((filename, context, msgid))
    assert not missing, f"not in claimdesk.po (run make i18n and translate): {missing}"


def test_the_catalogs_ship_in_the_package() -> None:
    assert MO.is_file() and PO.is_file()
    assert MO.is_relative_to(PACKAGE), "the catalogs live inside the package, so the wheel carries them"
    assert (PACKAGE / "ui" / "help.zh_CN.md").is_file()
