"""The curation loop: place-like mentions in articles that no tier of the gazetteer resolves.

A place-like mention is a capitalised phrase after a locative preposition ("in Hajin",
"near the Al-Omar field", "at Camp Taji"), the way news names places. Those that the
curated gazetteer does not know are counted, most frequent first, so a curator sees what
to add next.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from geo._regex import compile_guarded
from geo.documents import read_documents
from geo.extraction import segment
from geo.gazetteer import Gazetteer

__all__ = ["place_like_mentions", "place_like_spans", "unresolved_mentions"]

_PLACE_LIKE: Final = compile_guarded(
    r"\b(?:in|near|at|outside|around|on|from|towards?|of)\s+(?:the\s+)?"
    r"(?P<name>(?:(?:al|el|as|ash|ad|ar|az)-)?[A-Z][\w’'-]+(?:\s+(?:(?:al|el|ad|as|ash|ar|az|ez)[- ])?"
    r"[A-Z][\w’'-]+){0,3})"
)
_STOP: Final = frozenset(
    [
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "US",
        "U.S.",
        "American",
        "Americans",
        "Iraqi",
        "Iranian",
        "Syrian",
        "Jordanian",
        "Friday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Reuters",
        "CNN",
        "AP",
        "AFP",
        "Pentagon",
        "Washington",
        "Congress",
        "Senate",
        "House",
    ]
)


def place_like_spans(
    text: str, start: int = 0, end: int | None = None
) -> list[tuple[str, int, int]]:
    """Return ``(name, start, end)`` of capitalised phrases after a locative preposition."""
    out = []
    for m in _PLACE_LIKE.finditer(text, start, len(text) if end is None else end):
        raw = m.group("name")
        name = raw.strip(" ’'-")
        if not name or name.split()[0] in _STOP or len(name) < 3:
            continue
        a = m.start("name") + (len(raw) - len(raw.lstrip(" ’'-")))
        out.append((name, a, a + len(name)))
    return out


def place_like_mentions(text: str) -> list[str]:
    """Return capitalised phrases that follow a locative preposition, as written."""
    return [name for name, _, _ in place_like_spans(text)]


def unresolved_mentions(paths: Sequence[str | Path], gazetteer: Gazetteer) -> list[tuple[str, int]]:
    """Count place-like mentions in articles that the curated gazetteer does not resolve.

    Only article content is read (page furniture is dropped as extraction drops it), and a
    mention is resolved when any of its place or actor names is known.

    Returns
    -------
    list of (name, count)
        Most frequent first, then alphabetical.
    """
    counts: Counter[str] = Counter()
    for doc in read_documents(paths):
        for s in segment(doc.text):
            chunk = doc.text[s.start : s.end]
            for name in place_like_mentions(chunk):
                if gazetteer.lookup(name) or gazetteer.actor(name) or gazetteer.find(name):
                    continue
                counts[name] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
