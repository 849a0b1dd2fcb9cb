"""Country cells: ISO codes, English and Chinese names from pycountry and CLDR, a few aliases."""

from __future__ import annotations

import pycountry
import pytest
from babel import Locale
from hypothesis import given
from hypothesis import strategies as st

from claimdesk.importing.cells import CellError, country, places


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("GB", "GB"),
        ("gb", "GB"),
        (" gb ", "GB"),
        ("ＧＢ", "GB"),
        ("GBR", "GB"),
        ("gbr", "GB"),
        ("United Kingdom", "GB"),
        ("united kingdom", "GB"),
        ("UNITED KINGDOM", "GB"),
        ("英国", "GB"),
        ("英國", "GB"),
        ("UK", "GB"),
        ("uk", "GB"),
        ("Great Britain", "GB"),
        ("England", "GB"),
        ("US", "US"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("United States", "US"),
        ("United States of America", "US"),
        ("美国", "US"),
        ("RU", "RU"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("俄罗斯", "RU"),
        ("俄罗斯联邦", "RU"),
        ("Korea", "KR"),
        ("South Korea", "KR"),
        ("Korea, Republic of", "KR"),
        ("韩国", "KR"),
        ("KOR", "KR"),
        ("North Korea", "KP"),
        ("Germany", "DE"),
        ("德国", "DE"),
        ("DEU", "DE"),
        ("Deutschland", None),
        ("France", "FR"),
        ("法国", "FR"),
        ("Spain", "ES"),
        ("西班牙", "ES"),
        ("Brazil", "BR"),
        ("巴西", "BR"),
        ("Netherlands", "NL"),
        ("The Netherlands", "NL"),
        ("Holland", "NL"),
        ("荷兰", "NL"),
        ("Côte d’Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("Ivory Coast", "CI"),
        ("Türkiye", "TR"),
        ("Turkey", "TR"),
        ("土耳其", "TR"),
        ("Czechia", "CZ"),
        ("Czech Republic", "CZ"),
        ("Viet Nam", "VN"),
        ("Vietnam", "VN"),
        ("越南", "VN"),
        ("UAE", "AE"),
        ("United Arab Emirates", "AE"),
        ("阿联酋", "AE"),
        ("Hong Kong", "HK"),
        ("香港", "HK"),
        ("中国香港特别行政区", "HK"),
        ("Macao", "MO"),
        ("澳门", "MO"),
        ('="GB"', "GB"),
        ("\tUnited Kingdom\u3000", "GB"),
    ],
)
def test_countries(cell: str, code: str | None) -> None:
    if code is None:
        with pytest.raises(CellError):
            country(cell)
    else:
        assert country(cell) == code


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("XX", "XX is not a country the desk knows: use its name or its ISO code, e.g. GB"),
        ("Atlantis", "Atlantis is not a country the desk knows: use its name or its ISO code, e.g. GB"),
        ("EU", "EU is not a country the desk knows: use its name or its ISO code, e.g. GB"),
        ("Europe", "Europe is not a country the desk knows: use its name or its ISO code, e.g. GB"),
        ("001", "001 is not a country the desk knows: use its name or its ISO code, e.g. GB"),
        ("XK", "XK is not a country the desk knows: use its name or its ISO code, e.g. GB"),
    ],
)
def test_unknown_countries_are_refused(cell: str, message: str) -> None:
    with pytest.raises(CellError) as error:
        country(cell)
    assert error.value.message == message


@pytest.mark.parametrize("cell", [None, "", " ", "\u3000"])
def test_a_blank_country_is_none(cell: object) -> None:
    assert country(cell) is None


@pytest.mark.parametrize("country_record", list(pycountry.countries), ids=lambda record: record.alpha_2)
def test_every_iso_country_reads_by_code_and_name(country_record: object) -> None:
    code = country_record.alpha_2  # type: ignore[attr-defined]
    assert country(code) == code
    assert country(code.lower()) == code
    assert country(country_record.alpha_3) == code  # type: ignore[attr-defined]
    assert country(country_record.name) == code  # type: ignore[attr-defined]
    for locale in ("en", "zh"):
        name = Locale.parse(locale).territories.get(code)
        if name:
            assert country(name) == code


def test_every_alias_is_still_needed_and_agrees_with_the_libraries() -> None:
    """An alias the libraries now know is dead weight; one naming another country would be a bug."""
    saved = dict(places.ALIASES)
    try:
        places.ALIASES.clear()
        places.names.cache_clear()
        libraries = places.names()
        for alias, code in saved.items():
            assert places.key(alias) not in libraries, alias
            assert code in {record.alpha_2 for record in pycountry.countries}, code
    finally:
        places.ALIASES.update(saved)
        places.names.cache_clear()


@given(st.sampled_from(sorted(record.alpha_2 for record in pycountry.countries)))
def test_case_and_padding_do_not_matter(code: str) -> None:
    assert country(f"  {code.lower()}\u3000") == code
