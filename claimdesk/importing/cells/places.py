"""Countries as sellers' files write them, as ISO 3166-1 alpha-2 codes.

The names come from maintained data, not a hand list: pycountry (ISO codes, alpha-3, official
and common names) and Babel's CLDR territory names in English, Simplified and Traditional
Chinese (`United Kingdom`, `英国`, `英國`). ALIASES holds only what neither has: the names
and abbreviations sellers and carriers use that are not a country's name in CLDR or ISO.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from claimdesk.i18n import _
from claimdesk.importing.cells.errors import CellError, shown
from claimdesk.importing.cells.excel import text
from claimdesk.importing.cells.numbers import folded

# What pycountry and CLDR lack (tests/unit/test_cells_places.py checks that each is still needed).
# "Korea" is South Korea: AliExpress does not ship to North Korea.
ALIASES = {
    "UK": "GB",
    "Great Britain": "GB",
    "Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "英格兰": "GB",
    "大不列颠": "GB",
    "U.S.A.": "US",
    "U.S.": "US",
    "America": "US",
    "美利坚合众国": "US",
    "Korea": "KR",
    "Republic of Korea": "KR",
    "南韩": "KR",
    "韩国(南)": "KR",
    "俄罗斯联邦": "RU",
    "俄国": "RU",
    "Holland": "NL",
    "UAE": "AE",
    "阿联酋": "AE",
    "Turkey": "TR",
    "捷克共和国": "CZ",
    "Ivory Coast": "CI",
    "香港": "HK",
    "Macau": "MO",
    "澳门": "MO",
    "Vatican": "VA",
    "Palestine": "PS",
}
LOCALES = ("en", "zh", "zh_Hant")
_SEPARATORS = re.compile(r"[\s\-_,.'’()（）]+")


def key(name: str) -> str:
    """A name compared without case, accents, punctuation or a leading 'the'."""
    decomposed = unicodedata.normalize("NFKD", folded(name))
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    words = _SEPARATORS.sub(" ", plain.casefold()).strip()
    return words.removeprefix("the ")


@cache
def names() -> dict[str, str]:
    """Every name the desk reads -> its alpha-2 code (built once, on the first country cell)."""
    import pycountry
    from babel import Locale

    iso = {country.alpha_2 for country in pycountry.countries}
    table: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("alpha_2", "alpha_3", "name", "official_name", "common_name"):
            written = getattr(country, attribute, None)
            if written:
                table.setdefault(key(written), country.alpha_2)
    for locale in LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if code in iso:
                table.setdefault(key(name), code)
    for alias, code in ALIASES.items():
        table.setdefault(key(alias), code)
    return table


def country(value: object) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country cell; None for a blank one."""
    cleaned = text(value)
    if cleaned is None:
        return None
    code = names().get(key(cleaned))
    if code is None:
        raise CellError(_("{value} is not a country the desk knows: use its name or its ISO code, e.g. GB").format(value=shown(cleaned)))
    return code
