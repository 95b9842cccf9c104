"""Stage 2, cues: the weapon and event words, and which of them tells what happened where.

It finds every cue in one pass (an automaton over :mod:`geo.lexicon`'s weapon and event
terms), decides whether a cue is told as a threat, a plan or background (irrealis), pairs
each place with the cue of its clause that tells what happened there (the nearest weapon,
else an event word; "targeted by a drone" takes the drone), types a barrage by its most
severe weapon, splits a "dual rocket and drone attack" in two, and carries the cue of a list
of targets ("facilities near A, a depot near B, and a safe house near C") to each of them.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Final

from geo import lexicon as lx
from geo._regex import compile_guarded
from geo.dates import find_dates
from geo.extraction._types import _Cue, _Draft
from geo.gazetteer import Mention
from geo.models import type_family
from geo.normalize import Tokens, build_automaton, longest_matches

#: Characters within which a weapon or event cue pairs with a place.
PAIR_DISTANCE: Final = 140


@lru_cache(maxsize=1)
def _cue_automaton() -> Any:
    entries: list[tuple[str, tuple[str, bool]]] = []
    for attack_type, terms in lx.WEAPON_TERMS.items():
        for term in terms:
            entries.append((term, (attack_type, True)))
            if not term.endswith("s"):
                entries.append((term + "s", (attack_type, True)))
    entries += [(term, ("unknown", False)) for term in lx.EVENT_TERMS]
    return build_automaton(entries)


#: An aircraft's designation written as words: "a 10", "b 1" (the A-10 is "A-10" or "A10").
_SPACED_MODEL: Final = compile_guarded(r"[A-Za-z]{1,3}\s+\d{1,3}")


def cues_of(text: str, toks: Tokens) -> list[_Cue]:
    """Find every weapon and event cue of a document in one pass.

    Parameters
    ----------
    text : str
        The document text.
    toks : Tokens
        Its tokens (:func:`geo.normalize.tokenize`).

    Returns
    -------
    list
        Cues in text order, each with its span, its attack type ("unknown" for an event
        word with no weapon) and whether it names a weapon.
    """
    out = []
    for first, last, payload in longest_matches(_cue_automaton(), toks):
        attack_type, weapon = payload[0]
        start, end = toks.starts[first], toks.ends[last]
        if text[max(0, start - 8) : start].lower().endswith(("anti-", "counter-")):
            continue  # "anti-aircraft weapons", "counter-drone systems": a defence, no attack
        if _SPACED_MODEL.fullmatch(text, start, end):
            continue  # "a 10-square-kilometer area": words, not the A-10 aircraft
        out.append(_Cue(start, end, attack_type, text[start:end], weapon))
    return out


def _words_before(text: str, pos: int, floor: int, n: int = 6) -> str:
    window = text[max(floor, pos - 80) : pos]
    words = window.split()
    return " ".join(words[-n:])


def _irrealis(text: str, cue: _Cue, floor: int) -> bool:
    before = _words_before(text, cue.start, floor)
    return bool(lx.IRREALIS.search(before)) or _told_as_background(text, cue, floor)


def _told_as_background(text: str, cue: _Cue, floor: int, n: int = 6) -> bool:
    """Tell whether a cue follows a word of background ("since", "previous attacks").

    Not when a day just past follows the cue: "since the US launched strikes overnight" tells
    the strikes of last night, not history.
    """
    return bool(lx.BACKGROUND.search(_words_before(text, cue.start, floor, n))) and not (
        lx.RECENT_AFTER.match(text, cue.end)
    )


#: "a dual rocket and drone attack", "a twin drone-and-rocket strike": two attacks, one by each.
_DUAL: Final = compile_guarded(
    r"\b(?:dual|double|twin|two-pronged)\s+(?P<span>[\w-]+(?:\s+[\w-]+)?\s*(?:and|-and-)\s*"
    r"[\w-]+(?:\s+[\w-]+)?)\s*(?:attacks?|strikes?|assaults?)?\b",
    re.I,
)


def _dual_weapons(text: str, cue: _Cue, seg_cues: list[_Cue], kind: str) -> list[_Cue]:
    """Return the other weapons of a "dual rocket and drone attack" the cue belongs to."""
    m = _DUAL.search(text, max(0, cue.start - 60), cue.end + 60)
    if m is None or not (m.start() <= cue.start < m.end() + 8):
        return []
    out: list[_Cue] = []
    seen = {type_family(kind)}
    for c in seg_cues:
        if c.weapon and c.attack_type != "unknown" and m.start("span") <= c.start < m.end() + 8:
            fam = type_family(c.attack_type)
            if fam not in seen:
                seen.add(fam)
                out.append(c)
    return out


#: Between two listed targets of one verb: ", a weapons depot near", ", and a safe house near".
_LIST_LINK: Final = compile_guarded(
    r"^[^.;:!?()]{0,60}?(?:,|\band\b)\s+(?:(?:and|then)\s+)?(?:a|an|the|two|three|several)?\s*"
    r"[\w\s-]{0,40}?\b(?:near|at|in|outside|around|on)\s+(?:the\s+)?$",
    re.I,
)


def _listed(text: str, m: Mention, drafts: list[_Draft], seg: tuple[int, int]) -> _Cue | None:
    """Return the cue of the previous target of a list the place continues, if any.

    "US aircraft hit facilities near Abu Kamal on Oct. 27, a depot near Maysalun on Nov. 8,
    and a safe house near Mayadin on Nov. 12": one verb, three targets, however long.
    """
    prev = [d for d in drafts if seg[0] <= d.place_start < m.start and d.cue_obj is not None]
    if not prev:
        return None
    last = max(prev, key=lambda d: d.place_start)
    between = text[last.place_start + len(last.place_phrase) : m.start]
    for d in reversed(find_dates(between, None)):  # "on Oct. 27" has a dot: take dates out
        between = between[: d.start] + between[d.end :]
    if not _LIST_LINK.search(between) or _SPEAKER.search(between):
        return None
    return last.cue_obj


#: Words of who said it, never of a listed target ("..., a spokesman in Baghdad said").
_SPEAKER: Final = compile_guarded(
    r"\b(?:said|says|told|according|spokes\w*|officials?|sources?|statement|reporters?)\b", re.I
)


_COORD: Final = compile_guarded(
    r"(?:\s*(?:,|and|or|as\s+well\s+as|a|an|of|with|plus|then)\s*)*", re.I
)


def _coordinated(best: _Cue, weapons: list[_Cue], text: str) -> _Cue:
    """Type a barrage ("ballistic missiles and rockets") by its most severe weapon."""
    group = [best]
    for c in sorted(weapons, key=lambda c: c.start):
        if c is best:
            continue
        lo, hi = (c.end, best.start) if c.end <= best.start else (best.end, c.start)
        if _COORD.fullmatch(text[lo:hi]):
            group.append(c)
    return min(group, key=lambda c: (lx.SEVERITY.get(c.attack_type, 9), c.start))


_WEAPON_AFTER: Final = 40
#: "a US armed drone", "an American MQ-9": the drone is the United States'.
_US_DRONE_BEFORE: Final = compile_guarded(
    r"\b(?:US|U\.S\.|American|United\s+States)\s+(?:military\s+|armed\s+|attack\s+)?$"
)


#: After an event word, "by" and up to four words before the weapon that types it
#: ("was targeted by a booby-trapped drone", "came under attack by two rockets").
_BY_WEAPON: Final = compile_guarded(r"^\s+(?:\w+\s+){0,2}?by\s+(?:[\w-]+\s+){0,4}?$", re.I)


def _pair(m: Mention, cues: list[_Cue], text: str = "") -> _Cue | None:
    """Pick the cue that tells what happened at a place.

    The nearest weapon, else an event word; an event word followed by "by <weapon>" takes
    that weapon, however far the weapon is from the place.
    """
    cue = _pair_nearest(m, cues)
    if cue is not None and cue.attack_type == "unknown" and text:
        for c in cues:
            if c.weapon and c.attack_type != "unknown" and c.start >= cue.end:
                if _BY_WEAPON.match(text[cue.end : c.start]):
                    return c
                break
    return cue


#: Event words that tell what an attack did to people, not another attack.
_CASUALTY_WORD: Final = compile_guarded(r"(?:kill|wound|injur|hurt|harm)\w*$", re.I)


def _pair_nearest(m: Mention, cues: list[_Cue]) -> _Cue | None:
    """Nearest weapon to a place, else the nearest event word (within PAIR_DISTANCE)."""

    def dist(c: _Cue) -> int:
        return m.start - c.end if c.end <= m.start else (c.start - m.end) + 15

    weapons = [c for c in cues if c.weapon and dist(c) <= PAIR_DISTANCE]
    typed = [c for c in weapons if c.attack_type != "unknown"]
    before = [c for c in typed if c.end <= m.start]
    if before:
        nearest = min(before, key=dist)
        # "the precision strikes answered ... Monday's attack on Al-Asad in which ballistic
        # missiles were used": an event word between the place and an earlier weapon opens
        # a new attack, whose weapon is the one just after the place.
        after = [c for c in typed if c.start >= m.end and c.start - m.end <= _WEAPON_AFTER]
        opened = any(
            not c.weapon
            and not _CASUALTY_WORD.match(c.text)  # "wounded three at X": the same attack
            and nearest.end <= c.start
            and c.end <= m.start
            and dist(c) <= 25
            for c in cues
        )
        if after and opened:
            return min(after, key=dist)
        return nearest
    if typed:
        return min(typed, key=dist)
    if weapons:
        return min(weapons, key=dist)
    events = [c for c in cues if not c.weapon and dist(c) <= PAIR_DISTANCE]
    return min(events, key=dist) if events else None
