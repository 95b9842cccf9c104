r"""Regular expressions that skip, in C, the positions where they cannot start.

Python's regex engine tries a pattern at every position of the text. A pattern that opens
with ``\b`` and an alternation of words (``\b(?:claimed|took responsibility|said ...)``,
the shape of most of the lexicon) gets no prefix scan: at each position the engine tests
the word boundary and then each alternative in turn. Most positions cannot start a match
at all, because the character there is none of the alternatives' first letters.

:func:`compile_guarded` works out that set of first characters from the parsed pattern and
puts a one-character lookahead in front (``(?=[cstCST])``), which rejects such a position
with one set lookup. Matches are the same, position for position: the lookahead only
states what the pattern itself requires of its first character. On the extraction's
patterns over real news this halves the time of the slowest ones (``bench/run.py``).
"""

from __future__ import annotations

import re
from re import _constants as _C  # type: ignore[attr-defined]
from re import _parser as _P  # type: ignore[attr-defined]
from typing import Any, Final

__all__ = ["compile_guarded", "first_chars"]

#: More possible first characters than this and a guard saves nothing.
MAX_GUARD_CHARS: Final = 48
#: A character range wider than this is not listed (``[a-z]`` is; ``[^\n]`` is not).
_MAX_RANGE: Final = 64
#: Inline global flags (``(?i)``) must stay first: such a pattern is left unguarded.
_GLOBAL_FLAGS: Final = re.compile(r"\(\?[aiLmsux]+\)")


def _cased(chars: set[str], flags: int) -> set[str]:
    if not flags & re.IGNORECASE:
        return chars
    return {c for x in chars for c in (x, x.lower(), x.upper())}


def _first(items: list[tuple[Any, Any]], flags: int) -> set[str] | None:
    r"""Return the characters a match of ``items`` can start with; None if any or unknown.

    None also when the items can match the empty string (then the next part of the
    pattern, or anything, may come first). Only constructs read with certainty count;
    everything else (classes such as ``\w``, negated sets, lookarounds, back-references)
    gives None, which means no guard.
    """
    out: set[str] = set()
    for op, av in items:
        if op is _C.AT:
            continue  # \b, ^, $: zero width, the next item starts the match
        if op is _C.LITERAL:
            return out | _cased({chr(av)}, flags)
        if op is _C.IN:
            chars: set[str] = set()
            for o, a in av:
                if o is _C.LITERAL:
                    chars.add(chr(a))
                elif o is _C.RANGE and a[1] - a[0] <= _MAX_RANGE:
                    chars.update(chr(c) for c in range(a[0], a[1] + 1))
                else:
                    return None  # a category (\w, \d, \s), a negation, a wide range
            return out | _cased(chars, flags)
        if op is _C.SUBPATTERN:
            _group, add, remove, sub = av
            got = _first(list(sub), (flags | add) & ~remove)
            return None if got is None else out | got
        if op is _C.BRANCH:
            for branch in av[1]:
                got = _first(list(branch), flags)
                if got is None:
                    return None
                out |= got
            return out
        if op is _C.MAX_REPEAT or op is _C.MIN_REPEAT:
            low, _high, sub = av
            got = _first(list(sub), flags)
            if got is None:
                return None
            out |= got
            if low == 0:
                continue  # optional: what follows may come first as well
            return out
        return None  # anything else: no claim about the first character
    return None  # the items can match the empty string


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    r"""Return every character a match of ``pattern`` can start with, or None if unknown.

    Parameters
    ----------
    pattern : str
        A regular expression.
    flags : int
        Its flags (``re.IGNORECASE`` adds both cases of each letter).

    Returns
    -------
    frozenset of str or None
        A superset of the possible first characters; None when the pattern can match the
        empty string or starts with something not read with certainty.

    Examples
    --------
    >>> sorted(first_chars(r"\b(?:fired|shelled)\b"))
    ['f', 's']
    >>> first_chars(r"\w+") is None
    True
    """
    try:
        parsed = _P.parse(pattern, flags)
    except (re.error, AttributeError, TypeError):  # pragma: no cover - parser internals
        return None
    got = _first(list(parsed), flags | parsed.state.flags)
    return None if got is None else frozenset(got)


def compile_guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    r"""Compile ``pattern`` with a lookahead for its possible first characters.

    The compiled pattern finds exactly what ``re.compile(pattern, flags)`` finds, faster
    where few characters can start a match; where the first characters are unknown or
    too many, it is the plain compiled pattern. ``.pattern`` of the result includes the
    guard.

    Parameters
    ----------
    pattern : str
        A regular expression.
    flags : int
        ``re`` flags.

    Returns
    -------
    re.Pattern
        The compiled pattern.

    Examples
    --------
    >>> compile_guarded(r"\b(?:rockets?|mortars?)\b", re.I).pattern[:12]
    '(?=[MRmr])(?'
    """
    chars = None if _GLOBAL_FLAGS.match(pattern) else first_chars(pattern, flags)
    if not chars or len(chars) > MAX_GUARD_CHARS:
        return re.compile(pattern, flags)
    cls = "".join(re.escape(c) for c in sorted(chars))
    return re.compile(f"(?=[{cls}])(?:{pattern})", flags)
