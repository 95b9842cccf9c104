"""Stage 6, completion: later sentences that complete a report told before.

The document is read as a whole. A sentence that names no place of its own may say of the
latest report who claimed it or is blamed ("the group claimed", not "claimed most of the
attacks"), that no one has claimed it, that the US carried out the strike, what weapon it was
("The rockets ..."), which day it happened ("The attack occurred on Wednesday") and who was
hurt. An attack told with its weapon and day but no place waits two sentences for "the
attack in X" or "the incident occurred at X" to place it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from geo import lexicon as lx
from geo._regex import compile_guarded
from geo.dates import DateMention
from geo.extraction import rules as R
from geo.extraction._types import Sentence, _Cue, _Draft, _Trace
from geo.extraction.cues import _US_DRONE_BEFORE, _irrealis
from geo.extraction.facts import _THE_GROUP, UNITED_STATES, _attribution, _casualties
from geo.extraction.segmentation import _segments
from geo.gazetteer import Gazetteer, Mention
from geo.same_incident import types_fit

#: How many sentences after an attack told without a place "the attack in X" may place it.
PENDING_SENTENCES: Final = 2


@dataclass
class _Placeless:
    """An attack told with its weapon and day but no place, waiting for its place.

    "A US drone strike on Thursday killed a commander", then "the strike in Baghdad".
    """

    sentence_idx: int
    span: tuple[int, int]
    attack_type: str
    cue: str
    date: DateMention | None
    us_strike: bool
    fatalities: int | None
    injuries: int | None


#: "the attack", "the strike", "the same strike": a definite reference to an attack told before.
_DEFINITE_EVENT: Final = compile_guarded(
    r"\b(?:the|this|that|the\s+same|(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"yesterday|today)[’']s)\s+(?:[\w-]+\s+)?"
    r"(?:attack|strike|assault|raid|killing|assassination|operation)\b",
    re.I,
)
#: The attacks just told, named again in the plural: "the targets of the attacks as X and Y".
_DEFINITE_EVENTS: Final = compile_guarded(
    r"\b(?:the|these|those)\s+(?:[\w-]+\s+)?(?:attacks|strikes|assaults|raids|operations)\b",
    re.I,
)


#: Weapons named as what a site stores or makes, not as an attack: "sites for rockets and
#: drones", "a depot of missiles", "drone production".
_STORED_BEFORE: Final = compile_guarded(
    r"\b(?:for|storing|stores|storage\s+of|stockpiles?\s+of|depots?\s+of|production\s+of|"
    r"manufactur\w*|making)\s+(?:[\w-]+,?\s+){0,5}?(?:and\s+|or\s+)?$",
    re.I,
)


def _placeless(
    text: str, s: Sentence, si: int, cues: list[_Cue], dates: list[DateMention]
) -> _Placeless | None:
    """Remember an attack a sentence tells with a weapon and a day but no place."""
    typed = [
        c
        for c in cues
        if c.weapon
        and c.attack_type != "unknown"
        # "training sites for rockets, missiles and one-way attack drones": weapons stored
        and not _STORED_BEFORE.search(text, max(s.start, c.start - 60), c.start)
    ]
    day = next((d for d in dates if not d.since and d.value is not None and d.precision == 1), None)
    if not typed:
        return None
    cue = min(typed, key=lambda c: (lx.SEVERITY.get(c.attack_type, 9), c.start))
    seg = next(((a, b) for a, b in _segments(text, s) if a <= cue.start < b), (s.start, s.end))
    if _irrealis(text, cue, seg[0]) or lx.HABITUAL.search(text, seg[0], seg[1]):
        return None
    kind = cue.attack_type
    us = bool(lx.US_ACTOR.search(cue.text)) or bool(
        _US_DRONE_BEFORE.search(text, max(s.start, cue.start - 30), cue.start)
    )
    if kind == "drone" and us:
        kind = "airstrike"
    us = us or (kind == "airstrike" and bool(lx.US_ACTOR.search(text, s.start, s.end)))
    fat, inj, _ = _casualties(text[s.start : s.end])
    return _Placeless(si, (s.start, s.end), kind, cue.text, day, us, fat, inj)


#: How long after a landmark attack news still refers back to it by country and toll.
LANDMARK_REACH_DAYS: Final = 366


def _placeless_landmark(
    text: str,
    s: Sentence,
    si: int,
    cues: list[_Cue],
    dates: list[DateMention],
    gazetteer: Gazetteer,
    published: date | None,
    tr: _Trace,
) -> _Draft | None:
    """Return a report of the landmark a sentence with no place tells by its dead, or None.

    "At the end of January a drone attack killed three American soldiers": no place is
    named, yet the weapon, the dead and the month are the signature of one landmark
    (``gazetteer/events.csv``); with exactly one landmark of that toll and type whose day
    fits the sentence's (or, with no day, within a year before publication), the report is
    that landmark, at its site and on its day. A toll of wounded is too common to name one.
    """
    if not gazetteer.landmarks or published is None:
        return None
    typed = [c for c in cues if c.weapon and c.attack_type != "unknown"]
    if not typed:
        return None
    fat, inj, _ = _casualties(text[s.start : s.end])
    if not fat:
        return None
    cue = min(typed, key=lambda c: (lx.SEVERITY.get(c.attack_type, 9), c.start))
    seg = next(((a, b) for a, b in _segments(text, s) if a <= cue.start < b), (s.start, s.end))
    if _irrealis(text, cue, seg[0]) or lx.HABITUAL.search(text, seg[0], seg[1]):
        return None
    day = next((m for m in dates if not m.since and m.value is not None), None)
    fits = []
    for lm in gazetteer.landmarks:
        if lm.fatalities != fat or not types_fit(cue.attack_type, lm.attack_type):
            continue
        if lm.attack_type != "airstrike" and lx.US_ACTOR.search(cue.text):
            continue  # "a US drone strike killed three": a strike, not the landmark attack
        lag = (published - lm.date).days
        if not 0 <= lag <= LANDMARK_REACH_DAYS:
            continue
        if day is not None and day.value is not None:
            if day.precision == 1:
                inside = abs((day.value - lm.date).days) <= 1
            elif day.precision == 2:
                inside = abs((day.value - lm.date).days) <= 7
            else:
                inside = (day.value.year, day.value.month) == (lm.date.year, lm.date.month)
            if not inside:
                continue
        fits.append(lm)
    if len(fits) != 1:
        return None
    lm = fits[0]
    site = gazetteer.places[lm.place_id]
    if tr.on:
        tr(
            si,
            f"{cue.text!r} (no place)",
            R.LANDMARK,
            f"its weapon and its {fat} dead are the {lm.event_id} attack ({lm.summary})",
        )
    return _Draft(
        place=site,
        place_phrase="",
        place_reason=f"no place named; the landmark {lm.event_id} by its weapon and toll",
        attack_type=cue.attack_type,
        cue=cue.text,
        date_value=lm.date,
        precision=1,
        date_phrase=day.phrase if day is not None else "",
        date_reason=f"the landmark attack {lm.event_id} (gazetteer/events.csv)",
        evidence=[(s.start, s.end)],
        sentence_idx=si,
        fatalities=fat,
        injuries=inj,
        seg=seg,
        place_start=cue.start,
    )


#: "The incident occurred at Al-Asad air base": where the attack just told happened.
_EVENT_PLACE: Final = compile_guarded(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:[\w-]+\s+)?(?:attack|incident|strike|explosion|blast|"
    r"assault)\s+(?:occurred|happened|took\s+place|was|hit|struck|targeted)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:at|in|on|near|inside|against)\b"
)


def _pending_at(
    text: str,
    s: Sentence,
    si: int,
    p: _Placeless,
    mentions: list[Mention],
    gaz: Gazetteer,
    tr: _Trace,
) -> _Draft | None:
    """Place an attack told without a place where "the incident occurred at X" says."""
    m = _EVENT_PLACE.search(text, s.start, s.end)
    if m is None:
        return None
    after = [x for x in mentions if x.start >= m.end() and x.ids and x.ids[0] in gaz.places]
    if not after:
        return None
    first = after[0]
    place = min((gaz.places[i] for i in first.ids if i in gaz.places), key=lambda q: q.precision)
    if p.date is None:
        return None
    d = _Draft(
        place=place,
        place_phrase=first.text,
        place_reason=f"{first.alias_type} alias {first.text!r}; where {m.group()!r} says",
        attack_type=p.attack_type,
        cue=p.cue,
        date_value=p.date.value,
        precision=p.date.precision,
        date_phrase=p.date.phrase,
        date_reason=p.date.reason,
        evidence=[p.span, (s.start, s.end)],
        sentence_idx=si,
        fatalities=p.fatalities,
        injuries=p.injuries,
        seg=(s.start, s.end),
        place_start=first.start,
    )
    if p.us_strike:
        d.actor1, d.claimed = UNITED_STATES, True
    if tr.on:
        tr(
            si,
            f"{first.text!r} ({place.place_id})",
            R.PLACE_LATER,
            f"places the {p.cue!r} told without a place in sentence {p.sentence_idx + 1}",
        )
    return d


def _place_later(text: str, p: _Placeless, new: list[_Draft], tr: _Trace) -> bool:
    """Give an attack told without a place the place of "the attack in X" told just after.

    Only a report of this sentence with no day of its own and no other weapon, whose attack
    word is a definite reference ("the attack", "the strike", "the drone attack"), takes the
    earlier attack's weapon, day, casualties and evidence.
    """
    used = False
    for d in new:
        c = d.cue_obj
        own_day = not d.soft_date and bool(d.date_phrase)
        if c is None or (own_day and p.date is not None):
            continue
        if d.attack_type != "unknown" and not types_fit(d.attack_type, p.attack_type):
            continue
        lo = max(d.seg[0], c.start - 20)
        if not (
            _DEFINITE_EVENT.search(text, lo, c.end) or _DEFINITE_EVENTS.search(text, lo, c.end)
        ):
            continue
        if d.attack_type == "unknown":
            d.attack_type, d.cue = p.attack_type, p.cue
        if p.date is not None:
            d.date_value, d.precision = p.date.value, p.date.precision
            d.date_phrase, d.date_reason, d.soft_date = p.date.phrase, p.date.reason, False
        if p.us_strike:
            d.actor1, d.claimed = UNITED_STATES, True
            d.notes.append("strike by US forces")
        if d.fatalities is None and d.injuries is None:
            d.fatalities, d.injuries = p.fatalities, p.injuries
        if p.span not in d.evidence:
            d.evidence.insert(0, p.span)
        used = True
        if tr.on:
            tr(
                d.sentence_idx,
                f"report at {d.place.name}",
                R.PLACE_LATER,
                f"places the {p.cue!r} told without a place in sentence {p.sentence_idx + 1}",
            )
    return used


#: A claim or a blame for many attacks ("claimed most of the attacks", "behind dozens of
#: attacks"): it names the campaign's actor, not this attack's.
_CAMPAIGN_CLAIM: Final = compile_guarded(
    r"\b(?:most|majority|many|some|all|dozens|scores|hundreds|several|much|bulk)\s+of\s+"
    r"(?:the\s+|these\s+|those\s+|such\s+|recent\s+)?(?:[\w-]+\s+)?attacks\b|"
    r"\b(?:the|these|those|recent|previous|such|dozens\s+of|a\s+(?:series|spate|wave)\s+of)\s+"
    r"(?:[\w-]+\s+)?attacks\b",
    re.I,
)
#: A sentence that opens on the attack just told ("These strikes", "The attack", "The rockets").
_OPENS_ON_ATTACK: Final = compile_guarded(
    r"\s*(?:The|These|This|Those|Both)\s+(?:[\w-]+\s+)?(?:attacks?|strikes?|rockets?|drones?|"
    r"missiles?|mortars?|shells?|barrage|assault|raid)\b"
)
#: The US owning a strike told before: "US forces carried out the strike in self-defence".
_US_OWNS_STRIKE: Final = compile_guarded(
    r"\b(?:US|U\.S\.|American|United\s+States|Pentagon|CENTCOM|Central\s+Command)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:had\s+|has\s+)?(?:carried\s+out|conducted|launched|ordered)\s+(?:the|this|that)\s+"
    r"(?:[\w-]+\s+)?strikes?\b"
)
#: "The attack occurred on Wednesday": the day of the incident just told.
_EVENT_DAY: Final = compile_guarded(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:[\w-]+\s+)?(?:attack|incident|strike|assault|explosion|"
    # "The attack occurred on Wednesday", "The attack, which occurred on Wednesday, ..."
    r"blast)s?,?\s+(?:(?:which|that)\s+)?(?:occurred|happened|took\s+place|came|hit|struck|"
    r"was\s+carried\s+out)\b"
)
#: "Loud explosions were heard in Baghdad on Saturday night": what witnesses heard or saw of
#: the attack just told, with its day and its place (no attack word of its own).
_WITNESSED: Final = compile_guarded(
    r"\b(?:explosions?|blasts?|bangs?|booms?|detonations?|sirens?|gunfire)\b[^.;]{0,40}?"
    r"\b(?:was|were)\s+(?:heard|seen|reported)\b|"
    r"\bsirens?\s+(?:sounded|wailed|went\s+off)\b|"
    r"\b(?:heard|saw)\s+(?:a\s+|the\s+)?(?:loud\s+)?(?:explosions?|blasts?|bangs?|booms?|"
    r"sounds?\s+of)\b",
    re.I,
)
#: "The February 3 strikes", "those Jan. 28 attacks": a definite reference by its day to
#: attacks already told (the text after the date phrase; the determiner is checked before it).
_DATED_NOUN_AFTER: Final = compile_guarded(
    r"\s+(?:(?:U\.?S\.?|American|US-led|air|drone|rocket|missile|retaliatory|deadly)\s+){0,2}"
    r"(?P<noun>(?:air\s?)?strikes?|raids?|attacks?|bombings?)\b",
    re.I,
)
_DEFINITE_BEFORE: Final = compile_guarded(r"\b(?:[Tt]he|[Tt]hese|[Tt]hose|[Bb]oth)\s+$")
#: How many sentences back a dated reference reaches.
DATED_REFERENCE_SENTENCES: Final = 2


def _dated_reference(
    text: str,
    s: Sentence,
    si: int,
    dates: Sequence[DateMention],
    drafts: Sequence[_Draft],
    tr: _Trace,
) -> None:
    """Date the reports just told from "the February 3 strikes" in a later sentence.

    A report dated only as what came before another event ("days after the US launched
    strikes") or by the narrative takes the day by which the article then refers back to
    it, when the noun fits its type (strikes and raids are air strikes) and the day is not
    after the one it had.
    """
    for m in dates:
        if m.value is None or m.since or m.precision != 1:
            continue
        if not _DEFINITE_BEFORE.search(
            text, max(s.start, m.start + s.start - 12), m.start + s.start
        ):
            continue
        after = _DATED_NOUN_AFTER.match(text, m.end + s.start, s.end)
        if after is None:
            continue
        strikes = not after.group("noun").lower().startswith(("attack", "bombing"))
        for d in drafts:
            if d.sentence_idx >= si or si - d.sentence_idx > DATED_REFERENCE_SENTENCES:
                continue
            if not (d.soft_date or d.before is not None) or d.date_value is None:
                continue
            if (d.attack_type == "airstrike") != strikes or m.value > d.date_value:
                continue
            d.date_value, d.precision, d.before = m.value, 1, None
            d.date_phrase, d.date_reason, d.soft_date = m.phrase, m.reason, False
            if (s.start, s.end) not in d.evidence:
                d.evidence.append((s.start, s.end))
            if tr.on:
                tr(
                    si,
                    f"report at {d.place.name}",
                    R.DATED_REFERENCE,
                    f"dated by the reference {text[m.start + s.start : after.end()]!r}",
                )


#: A sentence that opens on a reply to what was just told: "In response, the US struck ...".
_REPLY_OPENING: Final = compile_guarded(
    r"\s*(?:In\s+(?:response|retaliation|reprisal|reply)|Days\s+later|In\s+the\s+days\s+"
    r"that\s+followed)\b(?!\s+(?:to|for)\b)"
)


#: How far back the attack a reply answers may have been told first with its day.
REPLY_REACH_SENTENCES: Final = 6


def _reply_day(
    text: str, s: Sentence, si: int, new: Sequence[_Draft], before: Sequence[_Draft], tr: _Trace
) -> None:
    """Date the strikes a reply sentence tells without a day by the attack they answer.

    "A drone attack killed three soldiers on January 28. In response, the United States
    carried out strikes in Iraq and Syria.": strikes dated only by the narrative follow the
    attack just told (the latest report of an earlier sentence with a day of its own), on its
    day and known to the week (a reply comes days later).
    """
    if not _REPLY_OPENING.match(text, s.start, s.end):
        return
    told = [d for d in before if d.sentence_idx < si and d.date_value is not None]
    recent = [d for d in told if d.sentence_idx >= si - 2]  # the attack just told
    answered = recent[-1] if recent else None
    if answered is not None and answered.soft_date:
        # "Three soldiers were hurt in the attack on Green Village": the attack told again,
        # dated where it was first told with a day of its own
        answered = next(
            (
                d
                for d in reversed(told)
                if not d.soft_date and d.place.place_id == answered.place.place_id
            ),
            None,
        )
    if answered is None or answered.attack_type == "airstrike":
        return
    for d in new:
        if d.soft_date and d.attack_type == "airstrike" and answered.date_value is not None:
            d.date_value, d.precision, d.soft_date = answered.date_value, 2, False
            d.date_reason = (
                f"told as the reply to the attack of {answered.date_value.isoformat()} at "
                f"{answered.place.name}: after it, known to the week"
            )
            if tr.on:
                tr(
                    si,
                    f"report at {d.place.name}",
                    R.REPLY_DAY,
                    f"the reply to the attack at {answered.place.name} told just before",
                )


#: How many sentences after a report a witnessed day may still date it.
WITNESS_GAP: Final = 2
#: "The rockets did not cause casualties": the weapon of the attack just told.
_DEFINITE_WEAPON_START: Final = 30
#: Casualties of "the attacks" (a campaign), never of one incident.
_CAMPAIGN_CASUALTIES: Final = compile_guarded(
    r"\b(?:the|these|those|all|recent|previous|such)\s+(?:[\w-]+\s+)?attacks\b|\bsince\b", re.I
)


def _no_claim_later(text: str, s: Sentence, si: int, latest: list[_Draft], tr: _Trace) -> None:
    """Mark the latest reports unclaimed when this sentence says no one has claimed them."""
    if not lx.NO_CLAIM.search(text, s.start, s.end):
        return
    for d in latest:
        if not d.claimed and d.attack_type != "airstrike":
            d.claimed = False
            d.notes.append("no one has claimed it")
            if (s.start, s.end) not in d.evidence:
                d.evidence.append((s.start, s.end))
            if tr.on:
                tr(si, f"report at {d.place.name}", R.NO_CLAIM_LATER,
                   "this sentence says no one has claimed it")  # fmt: skip


def _complete_latest(
    text: str,
    s: Sentence,
    si: int,
    gap: int,
    latest: list[_Draft],
    actors: list[tuple[int, int, str]],
    cues: list[_Cue],
    dates: list[DateMention],
    last_militia: str | None,
    tr: _Trace,
    state_actors: frozenset[str] = frozenset(),
    related: Sequence[_Draft] = (),
) -> None:
    """Complete the latest reports from a following sentence that names no place.

    ``gap`` is how many sentences back the latest reports were made. A claim or an
    attribution reaches back two sentences, and a claim naming "the group" or the US owning
    "the strike" five; the weapon ("The rockets did not ...") and the day ("The attack
    occurred on Wednesday") come from the very next sentences.
    """
    if not latest or gap > 5:
        return
    if any(
        m.value is not None
        and not m.since
        and m.precision == 1
        and all(d.date_value is not None and abs((m.value - d.date_value).days) > 1 for d in latest)
        for m in dates
    ):
        return  # a sentence about another day ("On July 3, a drone ...") tells another attack
    chunk = text[s.start : s.end]
    span = (s.start, s.end)

    def cite(d: _Draft) -> None:
        if span not in d.evidence:
            d.evidence.append(span)

    actor, claimed, why = _attribution(text, s.start, s.end, actors)
    if actor is None and last_militia and lx.CLAIM.search(chunk) and _THE_GROUP.search(chunk):
        negated = any(
            lx.CLAIM_NEGATED.search(chunk[: m.start()][-60:]) for m in lx.CLAIM.finditer(chunk)
        )
        if not negated:
            actor, claimed, why = (
                last_militia,
                True,
                f"'the group' claimed: {last_militia}, named before",
            )
    if actor and (_CAMPAIGN_CLAIM.search(chunk) or lx.HABITUAL.search(chunk)):
        # "claimed most of the attacks", "near-daily strikes ... were claimed by X": the
        # campaign, not this attack
        actor = None
    if actor in state_actors and not claimed:
        actor = None  # "Iraqi security forces were unable to determine ...": an investigator
    if actor and (gap <= 2 or claimed):
        for d in latest:
            if d.actor1 is None or (claimed and not d.claimed):
                d.actor1, d.claimed = actor, claimed
                d.notes.append(why)
                cite(d)
                if tr.on:
                    tr(
                        si,
                        f"report at {d.place.name}",
                        R.ACTOR_LATER,
                        f"actor {actor} from this sentence ({why})",
                    )
    if gap <= 3:
        _no_claim_later(text, s, si, latest, tr)
    if _US_OWNS_STRIKE.search(chunk):
        for d in [*latest, *related]:
            if d.attack_type in {"airstrike", "drone", "unknown"}:
                d.attack_type, d.actor1, d.claimed = "airstrike", UNITED_STATES, True
                d.notes.append("the US says it carried out the strike")
                cite(d)
                if tr.on:
                    tr(
                        si,
                        f"report at {d.place.name}",
                        R.US_STRIKE_LATER,
                        "the US says it carried out the strike",
                    )
    if gap > 2:
        # Further on, only a sentence that opens on the attack itself ("These strikes, which
        # caused no casualties, ...") still speaks of it: its casualties.
        if gap <= 4 and _OPENS_ON_ATTACK.match(chunk) and not dates:
            _casualties_later(chunk, latest, cite)
        return
    lead = [
        c
        for c in cues
        if c.weapon and c.attack_type != "unknown" and c.start - s.start <= _DEFINITE_WEAPON_START
    ]
    if lead and re.match(r"\s*(?:The|These|Those|Both|All|Most\s+of\s+the)\b", chunk):
        for d in latest:
            if d.attack_type == "unknown":
                d.attack_type, d.cue = lead[0].attack_type, lead[0].text
                cite(d)
                if tr.on:
                    tr(
                        si,
                        f"report at {d.place.name}",
                        R.WEAPON_LATER,
                        f"the weapon is {lead[0].text!r}, told in this sentence",
                    )
    day = next((m for m in dates if not m.since and m.value is not None), None)
    if day is not None and _EVENT_DAY.search(chunk):
        for d in latest:
            if d.soft_date or not d.date_phrase:
                d.date_value, d.precision = day.value, day.precision
                d.date_phrase, d.date_reason, d.soft_date = day.phrase, day.reason, False
                cite(d)
                if tr.on:
                    tr(
                        si,
                        f"report at {d.place.name}",
                        R.DAY_LATER,
                        f"dated by this sentence: {day.phrase!r}",
                    )
    if dates or _CAMPAIGN_CASUALTIES.search(chunk):
        return
    _casualties_later(chunk, latest, cite)


def _casualties_later(chunk: str, latest: list[_Draft], cite: Callable[[_Draft], None]) -> None:
    fat, inj, _ = _casualties(chunk)
    if fat is not None or inj is not None:
        for d in latest:
            d.fatalities = d.fatalities if fat is None else fat
            d.injuries = d.injuries if inj is None else inj
            cite(d)


def _witnessed_day(
    s: Sentence,
    si: int,
    drafts: Sequence[_Draft],
    chunk: str,
    places: Sequence[Mention],
    dates: Sequence[DateMention],
    gazetteer: Gazetteer,
    tr: _Trace,
) -> None:
    """Date the latest undated reports by what witnesses heard there on a day.

    "Rockets were fired at the embassy." then "Loud bangs were heard in Baghdad on Saturday
    night": a sentence with no attack word that tells what was heard or seen, on a day, at
    the report's place or a place around it, gives the reports of the sentences just before
    it their day.
    """
    if not _WITNESSED.search(chunk):
        return
    day = next((m for m in dates if not m.since and m.value is not None and m.precision == 1), None)
    if day is None:
        return
    ids = {i for m in places for i in m.ids[:1]}
    for d in drafts:
        if si - d.sentence_idx > WITNESS_GAP or (d.date_phrase and not d.soft_date):
            continue
        pid = d.place.place_id
        if not any(i == pid or gazetteer.contains(i, pid) for i in ids):
            continue
        d.date_value, d.precision = day.value, day.precision
        d.date_phrase, d.date_reason, d.soft_date = day.phrase, day.reason, False
        if (s.start, s.end) not in d.evidence:
            d.evidence.append((s.start, s.end))
        if tr.on:
            tr(si, f"report at {d.place.name}", R.WITNESSED_DAY,
               f"dated by what was heard or seen there: {day.phrase!r}")  # fmt: skip
