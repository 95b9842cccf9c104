"""Name normalisation shared by the gazetteer matcher and lookups.

Spelling variants that follow a rule are folded here, never hand-written as aliases:
case, diacritics, curly and straight apostrophes, dotted abbreviations ("U.S." = "US"),
hyphens and spaces, the Arabic article ("al-", "Al ", "el-", sun-letter forms such as "ash-"),
and Ain/Ayn/Ein. Text becomes a list of normalised tokens that keep their offsets in the
original string, so a match maps back to the exact characters it came from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["Tokens", "normalize_name", "tokenize"]

# A dotted abbreviation (U.S., U.K.) or a word with internal apostrophes (Kata'ib).
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:['’ʼ‘ʿʾ`´][^\W_]+)*")
_APOSTROPHES = str.maketrans("", "", "'’ʼ‘ʿʾ`´.")
# Arabic article forms, dropped as whole tokens: "al"/"el" always, sun-letter assimilated
# forms ("ash-Shaddadi", "at-Tanf") only when written with a hyphen, since "as", "at", "an"
# are English words.
_ARTICLE_ALWAYS = frozenset({"al", "el", "ال"})
_ARTICLE_HYPHEN = frozenset(
    {"ad", "an", "ar", "as", "ash", "at", "ath", "az", "adh", "ud", "ul"}
    | {"ed", "en", "er", "es", "esh", "et", "ez"}
)
_SYNONYM = {"ayn": "ain", "ein": "ain", "ayin": "ain"}
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ـ": None, "ى": "ي"})


@lru_cache(maxsize=65536)
def _norm_token(token: str) -> str:
    t = token.casefold()
    if not t.isascii():
        t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
        t = t.translate(_ARABIC_FOLD)
    t = t.translate(_APOSTROPHES)
    return _SYNONYM.get(t, t)


@dataclass(frozen=True, slots=True)
class Tokens:
    """Normalised tokens of a text with their character spans in the original.

    Attributes
    ----------
    norm : str
        The tokens joined by single spaces.
    starts, ends : tuple of int
        Original character span of each token.
    norm_starts : dict
        Position in ``norm`` where each token starts -> token index.
    norm_ends : dict
        Position in ``norm`` of each token's last character -> token index.
    """

    norm: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    norm_starts: dict[int, int]
    norm_ends: dict[int, int]


def tokenize(text: str) -> Tokens:
    """Normalise ``text`` into tokens that remember where they came from.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    Tokens
        Normalised tokens and their offsets.

    Examples
    --------
    >>> tokenize("Kata’ib Hezbollah hit Ayn al-Asad").norm
    'kataib hezbollah hit ain asad'
    """
    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    norm_starts: dict[int, int] = {}
    norm_ends: dict[int, int] = {}
    pos = 0
    n = len(text)
    for m in _TOKEN.finditer(text):
        tok = _norm_token(m.group())
        if not tok:
            continue
        if tok in _ARTICLE_ALWAYS:
            continue
        end = m.end()
        if tok in _ARTICLE_HYPHEN and end < n and text[end] == "-":
            continue
        idx = len(parts)
        norm_starts[pos] = idx
        norm_ends[pos + len(tok) - 1] = idx
        parts.append(tok)
        starts.append(m.start())
        ends.append(end)
        pos += len(tok) + 1
    return Tokens(" ".join(parts), tuple(starts), tuple(ends), norm_starts, norm_ends)


def normalize_name(name: str) -> str:
    """Return the normalised key of a name, as the matcher sees it.

    Parameters
    ----------
    name : str
        A place or actor name in any common spelling.

    Returns
    -------
    str
        The key; two spellings that differ only by rule give the same key.

    Examples
    --------
    >>> normalize_name("Ain al-Asad") == normalize_name("AYN AL ASAD") == "ain asad"
    True
    >>> normalize_name("U.S. Embassy") == normalize_name("US embassy")
    True
    """
    return tokenize(name).norm
