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

from geo.documents import read_documents
from geo.extraction import segment
from geo.gazetteer import Gazetteer
from geo.places import place_like_spans, resolve_name

__all__ = ["place_like_mentions", "place_like_spans", "unresolved_mentions"]


def place_like_mentions(text: str) -> list[str]:
    """Return capitalised phrases that follow a locative preposition, as written."""
    return [name for name, _, _ in place_like_spans(text)]


def unresolved_mentions(paths: Sequence[str | Path], gazetteer: Gazetteer) -> list[tuple[str, int]]:
    """Count place-like mentions in articles that the curated gazetteer does not resolve.

    Only article content is read (page furniture is dropped as extraction drops it), and a
    mention is resolved when the curated tier of :func:`geo.places.resolve_name` knows it,
    or any of its place or actor names is known.

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
                known = resolve_name(name, gazetteer, world=False) or gazetteer.actor(name)
                if known or gazetteer.find(name):
                    continue
                counts[name] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
