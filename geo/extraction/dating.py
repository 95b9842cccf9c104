"""Stage 4, dating: which of a sentence's dates is the day of the attack at a place.

:mod:`geo.dates` finds and resolves the date phrases; this stage picks, for each place, the
date told after it (before the next place), else the nearest, preferring a day inside a
vaguer span ("a Jan. 28 strike ... last month"); resolves "the same day", "the next day" and
"ten days after" against the last date told; and gives "two separate attacks, one on Nov. 8
and the other on Nov. 9" one report per day.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from typing import Final

from geo import lexicon as lx
from geo._regex import compile_guarded
from geo.dates import DateMention
from geo.extraction._types import Sentence
from geo.extraction.facts import _number
from geo.gazetteer import Mention

#: A new deed told in a sentence: "..., has launched air strikes ...".
_NEW_DEED: Final = compile_guarded(
    r"\b(?:launched|carried\s+out|conducted|struck|bombed|hit\s+back|retaliated)\b", re.I
)
#: How far after a place a day is that place's own ("in Jordan last Sunday").
_OWN_REACH: Final = 12


def _pick_date(
    dates: list[DateMention],
    offset: int,
    m: Mention,
    next_place: int,
    cue: tuple[str, int] | None = None,
    prev_place: int | None = None,
) -> DateMention | None:
    """Pick a place's event date: the first after it (before the next place), else the nearest.

    A day told as the day of a statement yields to the day the attack's own word carries
    (``cue``: the text and the absolute start of that word): "Saturday's rocket attack on
    Al-Asad wounded two, the Pentagon said on Monday" is Saturday's; and to a day told
    before the place with no other place of an attack between (``prev_place``, absolute).
    """
    usable = [d for d in dates if not d.since and (d.value is not None or d.reason)]
    if not usable:
        return None
    pos, nxt = m.end - offset, next_place - offset
    after = [d for d in usable if pos <= d.start < nxt]
    if not after and prev_place is not None and prev_place > offset and cue is not None:
        # "in retaliation for a drone attack in Jordan last Sunday, has launched air strikes
        # in Iraq": a day right after another place of an attack, with a new deed told
        # between it and this place, is that place's
        full = cue[0]
        theirs = [
            d
            for d in usable
            if 0 <= d.start - (prev_place - offset) <= _OWN_REACH
            and _NEW_DEED.search(full, offset + d.end, m.start)
        ]
        usable = [d for d in usable if d not in theirs] or []
        if not usable:
            return None
    chosen = after[0] if after else min(usable, key=lambda d: abs(d.start - pos))
    if cue is not None and chosen.value is not None and said_day(chosen):
        text, cue_start = cue
        own = next(
            (
                d
                for d in usable
                if d.precision == 1
                and d.value is not None
                and d.value <= chosen.value
                and _POSSESSIVE_DAY.fullmatch(text, offset + d.end, cue_start)
            ),
            None,
        )
        if own is not None:
            return own
    if prev_place is not None and chosen.value is not None and said_day(chosen):
        # "Tonight [July 30], US forces conducted an air strike in Musayib, an official told
        # us on Wednesday": a day told before the place, with no other place between, is its
        lo = prev_place - offset
        told = [
            d
            for d in usable
            if d.precision == 1
            and d.value is not None
            and d.value <= chosen.value
            and not said_day(d)
            and lo <= d.start < pos
        ]
        if told:
            return max(told, key=lambda d: d.start)
    if chosen.precision > 1 and chosen.value is not None:
        # "a Jan. 28 strike ... in Jordan last month": the day inside the vaguer span wins
        slack = {2: 3, 3: 16}.get(chosen.precision, 0)
        inside = [
            d
            for d in usable
            if d.precision == 1
            and d.value is not None
            and not said_day(d)  # "in a statement released Friday ... earlier this week"
            and d.start < nxt
            and abs((d.value - chosen.value).days) <= slack
        ]
        if inside:
            return min(inside, key=lambda d: abs(d.start - pos))
    return chosen


#: Between a day and the attack word it owns: "Saturday's rocket attack", "Monday's
#: deadly drone strike".
_POSSESSIVE_DAY: Final = compile_guarded(r"[’']s\s+(?:[\w-]+\s+){0,2}")


#: A day told as the day something was said: "officials said on Tuesday", "the group
#: announced early Sunday", "told Reuters on Friday", "in a statement on Monday".
_SAID_ON: Final = compile_guarded(
    r"\b(?:said|says|announced|reported|stated|confirmed|added|wrote|posted|claimed|released|"
    r"issued|published|told\s+(?:\w+\s+){0,2}?(?:on\s+(?:the\s+)?condition\s+of\s+anonymity)?|"
    r"(?:in\s+)?a\s+statement)\s+(?:on\s+|late\s+|early\s+|"
    r"late\s+on\s+|early\s+on\s+)?$",
    re.I,
)

#: "CENTCOM on Thursday confirmed", "officials Tuesday said".
_SAID_AFTER: Final = compile_guarded(
    r"\s*,?\s*(?:said|says|announced|reported|stated|confirmed|added|claimed|denied)\b", re.I
)


#: What the reason of a day told as the day of a statement says.
SAID_DAY: Final = "the day it was said"


def _report_days(chunk: str, dates: list[DateMention]) -> list[DateMention]:
    """Mark a day told as the day of a statement ("officials said on Tuesday").

    The attack happened on or before the day it was reported, most often that day: the day
    is kept, but as a guess, like a day taken from the narrative (see :func:`said_day`), so
    a day told for the attack itself ("Monday's attack") wins over it.
    """
    out = []
    for d in dates:
        if (
            d.precision == 1
            and d.value is not None
            and not d.since
            and (
                _SAID_ON.search(chunk, max(0, d.start - 70), d.start)
                or _SAID_AFTER.match(chunk, d.end)
            )
        ):
            d = replace(d, reason=f"{d.reason}; {SAID_DAY}: the attack on or before it")
        out.append(d)
    return out


#: Days told relative to the moment of speaking.
_TODAY: Final = frozenset({"today", "tonight", "this morning", "earlier today"})
_YESTERDAY: Final = frozenset({"yesterday", "last night"})
#: How far back a quotation's opening mark is looked for.
QUOTE_REACH: Final = 4000
#: How many days before publication a statement quoted as "today" may have been made.
QUOTE_LAG_DAYS: Final = 3


def _quoted(text: str, para_start: int, pos: int) -> bool:
    """Tell whether ``pos`` lies inside a quotation opened in its paragraph."""
    before = text[para_start:pos]
    curly = before.count("\u201c") - before.count("\u201d")
    return curly > 0 or before.count('"') % 2 == 1


#: A wire dateline before its day: "Washington, Feb 8 (IANS)", "BAGHDAD, Jan. 4 /Xinhua/".
_DATELINE_BEFORE: Final = compile_guarded(r"\s*[A-Z][\w.'’-]*(?:[ -][A-Z][\w.'’-]*){0,2},\s+")
_DATELINE_AFTER: Final = compile_guarded(r"\s*(?:\([A-Za-z][^)]{0,30}\)|/[^/]{1,30}/|[–—]|-\s|:)")


def _without_dateline(chunk: str, dates: list[DateMention]) -> list[DateMention]:
    """Drop the day of a wire dateline: the day the story was filed, not an event's.

    "Washington, Feb 8 (IANS) The US military has launched a strike in Iraq ... linked to
    the deadly attack on US forces in Jordan in late January": the attack is of late
    January, the strike of the day the story tells; Feb 8 dates neither.
    """
    return [
        d
        for d in dates
        if not (
            d.start <= 40
            and _DATELINE_BEFORE.fullmatch(chunk, 0, d.start)
            and _DATELINE_AFTER.match(chunk, d.end)
        )
    ]


def _quoted_today(
    text: str,
    s: Sentence,
    dates: list[DateMention],
    lead: tuple[date | None, int, str, str],
    published: date,
) -> list[DateMention]:
    """Date "today" (and "yesterday") inside a quotation by the day the article tells.

    "'Today, US forces conducted strikes,' the Pentagon said", printed the next morning: the
    statement's "today" is the day of the events the article leads with, when that day is
    a few days before publication (:data:`QUOTE_LAG_DAYS`).
    """
    day, precision, phrase, _ = lead
    if day is None or precision != 1 or not (0 < (published - day).days <= QUOTE_LAG_DAYS):
        return dates
    if not any(d.phrase.lower() in _TODAY or d.phrase.lower() in _YESTERDAY for d in dates):
        return dates
    # the quotation opened in the paragraph, looked for in its last few thousand characters
    lo = max(0, s.start - QUOTE_REACH)
    para = text.rfind("\n\n", lo, s.start)
    start = para + 2 if para >= 0 else lo
    out = []
    for d in dates:
        if d.phrase.lower() in _TODAY and _quoted(text, start, s.start + d.start):
            d = replace(
                d,
                value=day,
                reason=f"{d.phrase!r} in a quotation: the day the article tells ({phrase!r}, "
                f"{day.isoformat()}), not publication {published.isoformat()}",
            )
        elif d.phrase.lower() in _YESTERDAY and _quoted(text, start, s.start + d.start):
            # "'Today, Nov. 26, CENTCOM conducted a strike ... in response to an attack
            # yesterday'": the day before the statement's today
            d = replace(
                d,
                value=day - timedelta(days=1),
                reason=f"{d.phrase!r} in a quotation: the day before the one the article "
                f"tells ({phrase!r}, {day.isoformat()}), not before publication",
            )
        out.append(d)
    return out


def said_day(d: DateMention) -> bool:
    """Tell whether a date was told as the day of a statement (see :func:`_report_days`)."""
    return SAID_DAY in d.reason


def _relative_day(
    rel: re.Match[str], last: tuple[date | None, int, str, str]
) -> tuple[date | None, int, str, str]:
    """Resolve a day told relative to the last date told.

    "the same day", "the next day", "ten days after a ...", "three days earlier".
    """
    base = last[0]
    assert base is not None
    phrase = rel.group()
    if rel.re is lx.DAYS_AFTER or rel.re is lx.DAYS_EARLIER:
        n = _number(rel.group("n")) or 1
        days = n * (7 if rel.group("unit").lower().startswith("week") else 1)
        precision = 1 if days < 7 else 2
        reason = f"{phrase!r}: {days} days before {base.isoformat()}"
        return base - timedelta(days=days), precision, phrase, reason
    shift = 1 if rel.group("next") else -1 if rel.group("prev") else 0
    reason = f"{phrase!r}: relative to {last[2]!r} ({base.isoformat()})"
    return base + timedelta(days=shift), last[1], phrase, reason


#: "two separate attacks, one on Nov. 8 and the other on Nov. 9": one attack per day.
_SEPARATE_ATTACKS: Final = compile_guarded(
    r"\b(?:two|three|four)\s+(?:separate\s+|different\s+|distinct\s+)?(?:attacks|strikes|"
    r"incidents|assaults)\b[^;]{0,80}?\bone\b[^;]{0,120}?\b(?:the\s+other|another|the\s+second)\b",
    re.I,
)


#: A list of days after "on": "strikes in Syria on Oct. 26, Nov. 8, and Nov. 12".
_DAY_LIST: Final = compile_guarded(
    r"\bon\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})"
    r"(?:\s*,\s*(?:and\s+)?(?:(?:[A-Z][a-z]{2,8}\.?\s+)?\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}))*"
    r"\s*,?\s+and\s+(?:on\s+)?(?:(?:[A-Z][a-z]{2,8}\.?\s+)?\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})\b"
)


def _separate_days(
    seg_text: str, seg_offset: int, dates: list[DateMention], chosen: DateMention | None
) -> list[DateMention]:
    """Return the other days of "two separate attacks, one on Nov. 8 and the other on Nov. 9".

    Also of a list of days: "strikes on facilities in Syria on Oct. 26, Nov. 8, and Nov. 12"
    are three strikes, one a day.
    """
    m = _SEPARATE_ATTACKS.search(seg_text) or (
        (" and " in seg_text and _DAY_LIST.search(seg_text)) or None
    )
    if m is None or chosen is None:
        return []
    lo = seg_offset + m.start()
    days = [
        d
        for d in dates
        if d.precision == 1 and not d.since and d.value is not None and d.start >= lo
    ]
    out: list[DateMention] = []
    seen = {chosen.value}
    for d in days:
        if d.value not in seen:
            seen.add(d.value)
            out.append(d)
    return out


#: A clause that opens on what came first: "the strikes come after new attacks on X", "in
#: retaliation for an attack on Y". The segments of :func:`_segments` start at the boundary.
_EARLIER_CLAUSE: Final = compile_guarded(
    r"\s*,?\s*(?:(?:just\s+|only\s+|two\s+|three\s+|several\s+|a\s+few\s+)?(?:days|weeks)\s+after|"
    r"after|following|followed(?!\s+by)|(?:in|as\s+a)\s+(?:response|reaction|reply)\s+to|"
    r"in\s+retaliation\s+for|avenged|"
    r"responded\s+to|answered)\s",
    re.I,
)

#: "came two days after the U.S. carried out strikes": the earlier event, that many days back.
_DAYS_AFTER_N: Final = compile_guarded(
    r"\b(?P<n>a|one|two|three|four|five|six|\d)\s+days?\s+(?:after|following)\b", re.I
)

#: "just a few hours after", "shortly after", "minutes after": what came first was that day.
_SAME_DAY_BEFORE: Final = compile_guarded(
    r"\b(?:hours?|minutes?|moments?|shortly|soon|immediately|right)\s*$", re.I
)


def _earlier_than(
    text: str,
    seg: tuple[int, int],
    s_start: int,
    chosen: DateMention | None,
    soft: bool,
    when: tuple[date | None, int, str, str],
) -> tuple[tuple[date | None, int, str, str], date | None]:
    """Date an attack told as what came before another event, by that event's day.

    "The U.S. strikes come after new attacks on Harir": the day the sentence or the
    narrative gives (``when``) is the strikes', and the attacks came before it. An attack
    whose clause gives its own day keeps it; the others are dated the day before, known to
    the week (precision 2). A vaguer span ("said earlier this month after an attack") holds
    both events: it stays as it is.

    Returns
    -------
    tuple
        The date (value, precision, phrase, reason), and the day of the later event when
        the attack was dated before it (else None).
    """
    value, precision, phrase, reason = when
    if value is None or precision != 1:
        return when, None
    if _EARLIER_CLAUSE.match(text, seg[0]) is None:
        return when, None
    if _SAME_DAY_BEFORE.search(text, max(0, seg[0] - 40), seg[0]):
        return when, None  # "hours after the strike": the same day
    own = chosen is not None and seg[0] <= s_start + chosen.start < seg[1]
    if own or not (soft or chosen is not None):
        return when, None
    counted = _DAYS_AFTER_N.search(text, max(s_start, seg[0] - 20), min(seg[1], seg[0] + 25))
    if counted and (days := _number(counted.group("n"))):
        return (
            value - timedelta(days=days),
            1,
            phrase,
            f"told as what came {counted.group()!r} an event of {value.isoformat()} "
            f"({reason}): {days} day(s) before it",
        ), value
    dated = (
        value - timedelta(days=1),
        2,
        phrase,
        f"told as what came before an event of {value.isoformat()} ({reason}): "
        "the day before, known to the week",
    )
    return dated, value
