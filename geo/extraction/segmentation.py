"""Stage 1, segmentation: which parts of a document are content, and where sentences end.

It decides what is page furniture (menus, "SUBSCRIBE", share counters, comment prompts,
bylines, title-case headlines) and is dropped, where a hard-wrapped paragraph goes on, where
a sentence ends (not after "U.S." inside a sentence, "Gen." or "Jan."), and where a sentence
splits into clauses ("after", ";", dashes) that later stages read one at a time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from itertools import islice
from typing import Final

from geo import lexicon as lx
from geo._regex import compile_guarded
from geo.extraction._types import Sentence

_ABBREV: Final = frozenset(
    [
        "u.s",
        "u.k",
        "u.n",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "brig",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "spc",
        "pfc",
        "cpl",
        "adm",
        "rep",
        "sen",
        "gov",
        "st",
        "no",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "vs",
        "etc",
        "inc",
        "corp",
        "jr",
        "sr",
        "a.m",
        "p.m",
        "d.c",
        "ret",
        "pvt",
        "cmdr",
        "cdr",
        "mt",
        "ft",
        "fig",
        "approx",
        "est",
    ]
)
#: A sentence end: a stop and white space, or a stop run into the next sentence by a
#: scraper that lost the space ("... in Syria.It was ...": a word, a stop, a capitalised word).
_SENT_END: Final = compile_guarded(r"[.!?…]+[\"”’)\]]*\s+|[.!?](?<=[a-z]{3}[.!?])(?=[A-Z][a-z])")
_WORD: Final = compile_guarded(r"[^\W_]+(?:['’][^\W_]+)*")
#: What ends a sentence, a quote or a caption: a block that ends without one is a headline.
_TERMINAL_CHARS: Final = frozenset('.!?:"”’)')


#: A full date closing a line with no stop: how lists of related articles show each title.
_DATE_AT_END: Final = compile_guarded(
    r"(?:\b[0-3]?\d\s+(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\s+20\d\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
    r"[a-z]*\.?\s+[0-3]?\d,\s+20\d\d|\b20\d\d-[01]\d-[0-3]\d)$"
)


def _is_content(block: str) -> bool:
    s = block.strip()
    if not s or (len(s) < 400 and (s.startswith("#") or lx.CLUTTER.match(s))):
        return False  # "Share this article", "# Related": but a page scraped as one line
        # may open with furniture and go on for pages of prose
    if len(s) < 400 and lx.CLUTTER_ANYWHERE.search(s):
        return False  # furniture lines are short; a long paragraph is prose
    # the counts below never look past 25 words: a long paragraph is not read word by word
    words = [m.group() for m in islice(_WORD.finditer(s), 25)]
    if len(words) < 6:
        return False
    if re.match(r"^By[:\s]", s) and len(words) < 16:
        return False  # a byline
    terminal = s[-1] in _TERMINAL_CHARS  # s is stripped: its last character
    if not terminal and len(words) < 12:
        return False  # a headline, subheading or caption stub
    if not terminal and len(words) < 25:
        caps = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
        if caps >= 0.6 * len(words):
            return False  # a title-case headline or a menu
        if _DATE_AT_END.search(s):
            return False  # "US downs a drone in northeast Syria 6 October 2023": a listed link
    return True


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Yield paragraph spans: lines, joined when a line is hard-wrapped."""
    start = None
    pos = 0
    prev_joinable = False
    for line in text.splitlines(keepends=True):
        stripped = line.strip()
        line_start, pos = pos, pos + len(line)
        if not stripped:
            if start is not None:
                yield start, line_start
                start = None
            prev_joinable = False
            continue
        if start is not None and not prev_joinable:
            yield start, line_start
            start = None
        if start is None:
            start = line_start + (len(line) - len(line.lstrip()))
        # A hard-wrapped line is 40-100 characters; longer lines are whole paragraphs.
        prev_joinable = 40 < len(stripped) <= 100 and stripped[-1] not in _TERMINAL_CHARS
    if start is not None:
        yield start, len(text)


def _word_before_dot(block: str, start: int, end: int) -> str:
    """Return the word a sentence-final dot ends, without the dot ("U.S." gives "U.S").

    The word is the run of word characters and dots before the last dot of
    ``block[start:end]``, closing quotes and brackets skipped; "" when there is none.
    """
    while end > start and block[end - 1] in '"”’)]':
        end -= 1
    if end <= start or block[end - 1] != ".":
        return ""
    i = end - 1
    while i > start and (block[i - 1].isalnum() or block[i - 1] in "._"):
        i -= 1
    return block[i : end - 1]


def segment(text: str) -> list[Sentence]:
    """Split a document into content sentences, dropping page furniture.

    Parameters
    ----------
    text : str
        The document text.

    Returns
    -------
    list of Sentence
        Spans into ``text`` (whitespace trimmed), in order.
    """
    out: list[Sentence] = []
    para = 0
    for b_start, b_end in _blocks(text):
        block = text[b_start:b_end]
        if not _is_content(block):
            continue
        para += 1
        s_start = 0
        for m in _SENT_END.finditer(block):
            word = _word_before_dot(block, s_start, m.start() + 1).lower()
            nxt = block[m.end() : m.end() + 1]
            abbrev = word in _ABBREV or (len(word) == 1 and word.isalpha())
            ends_anyway = word in {"u.s", "u.k", "u.n"} and _starts_sentence(block, m.end())
            if abbrev and not ends_anyway:
                continue
            if nxt and not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'(["):
                continue
            out += _pieces(text, b_start + s_start, b_start + m.end(), para)
            s_start = m.end()
        if s_start < len(block):
            out += _pieces(text, b_start + s_start, b_end, para)
    return [s for s in out if s.end > s.start]


_SENTENCE_OPENERS: Final = frozenset(
    [
        "the",
        "a",
        "an",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "he",
        "she",
        "they",
        "we",
        "i",
        "in",
        "on",
        "at",
        "after",
        "but",
        "and",
        "as",
        "officials",
        "no",
        "there",
    ]
)


def _starts_sentence(block: str, pos: int) -> bool:
    m = _WORD.match(block, pos)
    return bool(m and m.group().lower() in _SENTENCE_OPENERS)


#: The longest sentence read as one. News sentences run to a few hundred characters (the
#: longest in the real-news excerpts is under 400); a longer run without a full stop is a
#: list, a table or a page's text without punctuation, and is read in pieces of at most this
#: length, cut at a comma or semicolon where there is one, so the reading stays linear in
#: the length of the text.
MAX_SENTENCE_CHARS: Final = 1000
_PIECE_CUT: Final = compile_guarded(r"[,;]\s")


def _pieces(text: str, start: int, end: int, para: int) -> list[Sentence]:
    """Return the sentence ``text[start:end]``, cut into pieces if it is over-long."""
    out = []
    while end - start > MAX_SENTENCE_CHARS:
        lo, hi = start + MAX_SENTENCE_CHARS // 2, start + MAX_SENTENCE_CHARS
        cuts = [m.end() for m in _PIECE_CUT.finditer(text, lo, hi)]
        cut = cuts[-1] if cuts else text.rfind(" ", lo, hi) + 1 or hi
        out.append(_trimmed(text, start, cut, para))
        start = cut
    out.append(_trimmed(text, start, end, para))
    return out


def _trimmed(text: str, start: int, end: int, para: int) -> Sentence:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Sentence(start, end, para)


def _segments(text: str, s: Sentence) -> list[tuple[int, int]]:
    """Clauses of a sentence, split at strong boundaries ("after", ";", dashes)."""
    return list(_clauses(text, s.start, s.end))


@functools.lru_cache(maxsize=64)
def _clauses(text: str, start: int, end: int) -> tuple[tuple[int, int], ...]:
    # Several stages ask for the clauses of the sentence being read: cut it once (a str
    # caches its hash, so the key is cheap; a few entries suffice, sentences come in order).
    bounds = [start]
    for m in lx.BOUNDARY.finditer(text, start, end):
        bounds.append(m.start())
    bounds.append(end)
    return tuple((bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1))
