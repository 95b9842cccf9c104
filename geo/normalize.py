"""Name normalisation shared by the gazetteer matcher and lookups.

Spelling variants that follow a rule are folded here, never hand-written as aliases:
case, diacritics, curly and straight apostrophes, dotted abbreviations ("U.S." = "US"),
hyphens and spaces, the Arabic article ("al-", "Al ", "el-", sun-letter forms such as "ash-"),
Ain/Ayn/Ein, compounds in one word or two ("airbase" = "air base"), and doubled letters ("Assad" = "Asad", "Shaddadi" = "Shadadi", as
transliterations write a doubled consonant once or twice). Text becomes a list of normalised tokens that keep their offsets in the
original string, so a match maps back to the exact characters it came from.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import accumulate
from typing import Any, Final

__all__ = [
    "Tokens",
    "article_start",
    "build_automaton",
    "longest_matches",
    "normalize_name",
    "tokenize",
]

# A dotted abbreviation (U.S., U.K.) or a word with internal apostrophes (Kata'ib).
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+(?:['’ʼ‘ʿʾ`´][^\W_]+)*")
_APOSTROPHES = str.maketrans("", "", "'’ʼ‘ʿʾ`´.")
# Arabic article forms, dropped as whole tokens: "al"/"el" always, sun-letter assimilated
# forms ("ash-Shaddadi", "at-Tanf") only when written with a hyphen, since "as", "at", "an"
# are English words.
_ARTICLE_ALWAYS = frozenset({"al", "el", "ez", "ال"})
_ARTICLE_HYPHEN = frozenset(
    {"ad", "an", "ar", "as", "ash", "at", "ath", "az", "adh", "ud", "ul"}
    | {"ed", "en", "er", "es", "esh", "et", "ez"}
)
# The same articles as written before a name, so a match can take its article back
# ("Al-Asad", not "Asad"): the tokens are dropped, the words are still in the text.
_ARTICLE_BEFORE: Final = re.compile(
    r"(?<![^\W_])(?:(?:"
    + "|".join(sorted(_ARTICLE_ALWAYS, key=len, reverse=True))
    + r")[-\s]|(?:"
    + "|".join(sorted(_ARTICLE_HYPHEN, key=len, reverse=True))
    + r")-)$",
    re.I,
)
#: One spelling for each: Ain/Ayn/Ein, and compounds written as one word or two ("Bashur
#: airbase" = "Bashur Air Base", "Omar oilfield" = "Omar oil field").
_SYNONYM = {
    "ayn": "ain",
    "ein": "ain",
    "ayin": "ain",
    "airbase": "air base",
    "oilfield": "oil field",
    "gasfield": "gas field",
}
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ـ": None, "ى": "ي"})


_POSSESSIVE: Final = re.compile(r"['’]s$")
#: A doubled letter: transliterations of Arabic write a doubled consonant once or twice.
_GEMINATE: Final = re.compile(r"([a-z])\1+")
_CACHE: dict[str, str] = {}
_CACHE_MAX: Final = 200_000


def _fold(token: str) -> str:
    """Normalise one token (cached: news vocabulary is small)."""
    t = _POSSESSIVE.sub("", token).casefold()
    if not t.isascii():
        t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
        t = t.translate(_ARABIC_FOLD)
    t = _SYNONYM.get(t.translate(_APOSTROPHES), t.translate(_APOSTROPHES))
    if t.isascii():
        t = _GEMINATE.sub(r"\1", t)  # "Assad" = "Asad", "Hassakeh" = "Hasakeh"
    if len(_CACHE) < _CACHE_MAX:
        _CACHE[token] = t
    return t


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
    'kataib hezbolah hit ain asad'
    """
    # This runs on every word of every article: each step is one comprehension (C speed)
    # rather than one Python loop doing all of them per word.
    cache = _CACHE
    found = list(_TOKEN.finditer(text))
    toks = [cache.get(w) or _fold(w) for w in map(re.Match.group, found)]
    n = len(text)
    keep = [
        i
        for i, t in enumerate(toks)
        if t
        and t not in _ARTICLE_ALWAYS
        and not (t in _ARTICLE_HYPHEN and (b := found[i].end()) < n and text[b] == "-")
    ]
    if len(keep) != len(toks):
        toks = [toks[i] for i in keep]
        found = [found[i] for i in keep]
    spans = [m.span() for m in found]
    # where each token starts in the joined text, and where its last character is
    pos = list(accumulate([len(t) + 1 for t in toks], initial=0))
    index = range(len(toks))
    return Tokens(
        " ".join(toks),
        tuple(a for a, _ in spans),
        tuple(b for _, b in spans),
        dict(zip(pos[:-1], index, strict=True)),
        dict(zip([p - 2 for p in pos[1:]], index, strict=True)),
    )


def article_start(text: str, start: int) -> int:
    """Return where a name found at ``start`` begins once its Arabic article is counted.

    Tokenising drops the article ("Al-" of "Al-Asad", "ash-" of "ash-Shaddadi"), so matches
    start after it; this gives the start of the name as written.

    Examples
    --------
    >>> text = "an attack on Al-Asad"
    >>> text[article_start(text, text.index("Asad")):]
    'Al-Asad'
    """
    m = _ARTICLE_BEFORE.search(text[max(0, start - 5) : start])
    return start - len(m.group()) if m else start


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
    >>> normalize_name("Ain al-Assad") == normalize_name("Ain al-Asad")
    True
    >>> normalize_name("Bashur airbase") == normalize_name("Bashur Air Base")
    True
    """
    return tokenize(name).norm


def build_automaton(entries: Iterable[tuple[str, Any]]) -> Any:
    """Build an Aho-Corasick automaton over normalised names.

    Parameters
    ----------
    entries : iterable of (name, payload)
        Names in any spelling; payloads of names with the same key are gathered in a tuple.

    Returns
    -------
    ahocorasick.Automaton
        Values are ``(key length, tuple of payloads)``; search it with :func:`longest_matches`.
    """
    import ahocorasick

    keys: dict[str, list[Any]] = {}
    for name, payload in entries:
        key = normalize_name(name)
        if key:
            bucket = keys.setdefault(key, [])
            if payload not in bucket:
                bucket.append(payload)
    auto = ahocorasick.Automaton()
    for key, payloads in keys.items():
        auto.add_word(key, (len(key), tuple(payloads)))
    if keys:
        auto.make_automaton()
    return auto


def longest_matches(
    automaton: Any,
    toks: Tokens,
    accept: Callable[[str, int, int], bool] | None = None,
) -> list[tuple[int, int, tuple[Any, ...]]]:
    """Return non-overlapping whole-token matches, longest first, in text order.

    Parameters
    ----------
    automaton : ahocorasick.Automaton
        From :func:`build_automaton`.
    toks : Tokens
        The tokenised text.
    accept : callable, optional
        ``accept(key, first, last)``; a match it rejects does not take its tokens.

    Returns
    -------
    list of (first token, last token, payloads)
    """
    if not toks.norm or len(automaton) == 0:
        return []
    hits: list[tuple[int, int, tuple[Any, ...]]] = []
    starts, ends = toks.norm_starts, toks.norm_ends
    for end, (length, payload) in automaton.iter(toks.norm):
        first = starts.get(end - length + 1)
        last = ends.get(end)
        if first is None or last is None:
            continue  # not on word boundaries
        if accept is None or accept(toks.norm[end - length + 1 : end + 1], first, last):
            hits.append((first, last, payload))
    hits.sort(key=lambda h: (h[0] - h[1], h[0]))
    taken: set[int] = set()
    chosen = []
    for first, last, payload in hits:
        if any(i in taken for i in range(first, last + 1)):
            continue
        taken.update(range(first, last + 1))
        chosen.append((first, last, payload))
    chosen.sort(key=lambda h: h[0])
    return chosen
