"""Translations: gettext catalogs, English as the source language, Simplified Chinese shipped.

Only the standard library at run time. `_()` and `ngettext()` look the text up in the active
catalog each time they are called, so switching language takes effect on the next render.
Strings defined at import time (tables of labels) are marked with `N_()` for extraction and
translated with `_()` where they are shown.

The language comes from `--lang`, then CLAIMDESK_LANG, then the system locale (LC_ALL,
LC_MESSAGES, LANG: zh* means Chinese); English otherwise.
"""

from __future__ import annotations

import gettext as _gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "claimdesk"
LOCALE_DIR = Path(__file__).with_name("locale")
ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = {ENGLISH: "English", CHINESE: "简体中文"}

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = ENGLISH


def normalize(code: str | None) -> str | None:
    """'en', 'en_US.UTF-8' -> 'en'; 'zh', 'zh_CN', 'zh-CN', 'zh_CN.UTF-8' -> 'zh_CN'; else None."""
    if not code:
        return None
    base = code.strip().split(".")[0].split("@")[0].replace("-", "_").lower()
    if base in ("c", "posix"):
        return ENGLISH
    if base == "en" or base.startswith("en_"):
        return ENGLISH
    if base == "zh" or base.startswith("zh_"):
        return CHINESE
    return None


def detect_language(requested: str | None = None, environ: Mapping[str, str] | None = None) -> str:
    """The language to use: the requested code, CLAIMDESK_LANG, the system locale, or English."""
    env = os.environ if environ is None else environ
    for candidate in (requested, env.get("CLAIMDESK_LANG")):
        chosen = normalize(candidate)
        if chosen:
            return chosen
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:  # the first one set decides, as POSIX does
            return normalize(value) or ENGLISH
    return ENGLISH


def set_language(code: str | None) -> str:
    """Make `code` ('en', 'zh', 'zh_CN', ...) the active language; returns the normalized code."""
    global _translation, _language
    chosen = normalize(code)
    if chosen is None:
        raise ValueError(f"unknown language {code!r}: use en or zh")
    if chosen == ENGLISH:
        _translation = _gettext.NullTranslations()
    else:
        _translation = _gettext.translation(DOMAIN, LOCALE_DIR, [chosen], fallback=True)
    _language = chosen
    return chosen


def get_language() -> str:
    return _language


@contextmanager
def in_language(code: str) -> Iterator[str]:
    """Everything inside speaks `code` (a text drafted for the platform in Chinese from an
    English desk); the language before is back afterwards."""
    previous = _language
    chosen = set_language(code)
    try:
        yield chosen
    finally:
        set_language(previous)


def is_chinese() -> bool:
    return _language == CHINESE


def _(message: str) -> str:
    """The message in the active language (the English text itself when it has no translation).

    An empty message stays empty (gettext would answer with the catalog's header)."""
    return _translation.gettext(message) if message else message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """The message translated in a context ('complaint type', 'stage', ...), for short words."""
    return _translation.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it (translate it where it is shown)."""
    return message


def NP_(context: str, message: str) -> str:
    """N_() with a context: translated where shown with pgettext(context, message)."""
    return message


# The markers pybabel extracts (`make i18n` and tests/i18n use the same list).
KEYWORDS = {"_": None, "N_": None, "NP_": ((1, "c"), 2), "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
