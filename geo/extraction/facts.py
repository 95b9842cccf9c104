"""Stage 5, facts: what a report says besides its place, its weapon and its day.

It reads from a sentence the casualties (killed and injured kept apart, "no injuries" as
zero, "injuries" without a number as unknown), the perpetrators a sentence may name (not a
victim, a source, an owner or an enemy of the attackers; "Iran-backed militias" for a
generic phrase), whether they claimed the attack or are suspected of it, the target, how
many attacks a phrase counts ("twice", "two facilities"), whether a plural is a trend rather
than one event, and the running counts of attacks that become :class:`~geo.models.Tally`
records.
"""

from __future__ import annotations

import functools
import re
from typing import Final

from geo import lexicon as lx
from geo._regex import compile_guarded
from geo.dates import DateMention
from geo.extraction._types import Sentence
from geo.gazetteer import Gazetteer, Mention
from geo.models import Document, Place, Tally
from geo.normalize import article_start

# ---------------------------------------------------------------------------------------
# Casualties


def _number(word: str | None) -> int | None:
    if not word:
        return None
    w = re.sub(r"\s+", " ", word.lower().strip())
    w = re.sub(r"^(?:at least|more than)\s+", "", w)
    if w.replace(",", "").isdigit():
        return int(w.replace(",", ""))
    val = lx.NUMBER_WORDS.get(w.replace(" of", ""))
    return val if val else None


_CASUALTY_GATE: Final = compile_guarded(
    r"kill|dead|died|death|injur|wound|hurt|casualt|fatalit|evaluat|treated|harm|martyr|"
    r"losses|loss\s+of\s+life|lives",
    re.I,
)


#: The attack a reply answers: "strikes ... in retaliation for the killing of three
#: American soldiers": its casualties are that attack's, up to the next comma.
_CAUSE_CLAUSE: Final = compile_guarded(
    r"\b(?:in\s+(?:retaliation|revenge|reprisal)\s+for|in\s+response\s+to|to\s+avenge|"
    r"avenging)\s+the\s+(?:killing|deaths?|murder|wounding)\s+of\b[^,;]*",
    re.I,
)


def _casualties(chunk: str) -> tuple[int | None, int | None, list[str]]:
    """Return (fatalities, injuries, notes) a sentence states; (None, None, []) when none."""
    if not _CASUALTY_GATE.search(chunk):
        return None, None, []
    count = _counted_casualties if len(chunk) <= _CACHED_CHARS else _count_casualties
    fatalities, injuries, notes = count(chunk)
    return fatalities, injuries, list(notes)


#: Sentences up to this long are remembered by :func:`_counted_casualties` (a page scraped as
#: one line is not).
_CACHED_CHARS: Final = 2_000


#: The groups of :data:`geo.lexicon.KILLED` and ``INJURED`` that hold the figure (one per
#: alternative of the pattern).
_FIGURE_GROUPS: Final = ("n1", "n2", "n3", "n4", "n5", "n6")


def _figure(m: re.Match[str]) -> str | None:
    """Return the figure a casualty match states ("three", "12"), whichever way it said it."""
    return next((g for g in map(m.group, _FIGURE_GROUPS) if g), None)


def _count_casualties(chunk: str) -> tuple[int | None, int | None, tuple[str, ...]]:
    """:func:`_casualties` of a sentence with a casualty word.

    Remembered for short sentences (:func:`_counted_casualties`): one sentence is read for
    its casualties as its report's, as the previous report's and by the completion.
    """
    notes: list[str] = []
    fatalities: int | None = None
    injuries: int | None = None
    if "the" in chunk and _CAUSE_CLAUSE.search(chunk):
        chunk = _CAUSE_CLAUSE.sub(lambda m: " " * len(m.group()), chunk)
    if lx.CASUALTY_ZERO.search(chunk) and not lx.ZERO_AT_FIRST.search(chunk):
        fatalities, injuries = 0, 0
    for m in lx.KILLED.finditer(chunk):
        n = 2 if m.group("pair") else _number(_figure(m))
        if n is not None:
            fatalities = n if fatalities in (None, 0) else min(fatalities, n)
    for m in lx.INJURED.finditer(chunk):
        n = _number(_figure(m))
        if n is not None:
            injuries = n if injuries in (None, 0) else min(injuries, n)
    if " were " in chunk or " been " in chunk:
        for m in lx.CASUALTY_ELLIPTIC.finditer(chunk):
            n = _number(m.group("n"))
            if n is None:
                continue
            if m.group("k"):
                fatalities = n if fatalities in (None, 0) else min(fatalities, n)
            else:
                injuries = n if injuries in (None, 0) else min(injuries, n)
    pair = lx.CASUALTY_PAIR.search(chunk) if " and " in chunk else None
    if pair and (a := _number(pair.group("a"))) and (b := _number(pair.group("b"))):
        if pair.group("k"):
            fatalities = a + b
        else:
            injuries = a + b
    both = lx.INJURED_AND_OTHERS.search(chunk) if "other" in chunk else None
    if both and (a := _number(both.group("a"))) and (b := _number(both.group("b"))):
        injuries = a + b
    if (
        injuries in (None, 0)
        and lx.INJURY_VAGUE.search(chunk)
        and not lx.CASUALTY_ZERO.search(chunk)
    ):
        injuries = None
        notes.append("injuries reported without a number")
    return fatalities, injuries, tuple(notes)


_counted_casualties = functools.lru_cache(maxsize=1024)(_count_casualties)


# ---------------------------------------------------------------------------------------
# Actors and claims


UNITED_STATES: Final = "United States"
GENERIC_MILITIAS: Final = "Iran-backed militias"


#: Words before an actor's name that make it a victim, a source, an owner or an enemy of the
#: attackers, not the perpetrator ("according to the Iraqi government", "forces fighting
#: the so-called Islamic State", "a base used by the Peshmerga", "support for Israel").
_NOT_PERPETRATOR_BEFORE: Final = compile_guarded(
    r"(?:\b(?:according\s+to|cited|citing|quoting|told|fight(?:ing|s)?(?:\s+against)?|"
    r"defeat(?:ing)?|combat(?:ing)?|against|on|at|target(?:ed|ing|s)?|attack(?:ed|ing|s)|struck|"
    r"strik(?:es|ing)|hit(?:ting|s)?|shell(?:ed|ing|s)|toward|towards|near|support\s+for|"
    r"backing\s+for|war\s+(?:with|on|against|between)|used\s+by|hosting|housing|hosts|"
    r"belonging\s+to|(?<!fighters )(?<!mujahideen )(?<!Mujahideen )(?<!members )(?<!militants )of|"
    r"among|by\s+the\s+government\s+of)|\bpro-|\banti-)\s*(?:the\s+)?"
    r"(?:[\"“”']?so[- ]called[\"“”']?\s+)?"
    # "fired at U.S. and coalition forces": the target's partner in a pair is a target too
    r"(?:[\w.-]+\s+(?:and|or|&)\s+(?:the\s+)?)?"
    r"(?:Iran(?:ian)?-(?:backed|aligned|linked|allied)\s+)?"
    r"(?:(?:two|three|four|several|multiple|\d+)\s+)?$",
    re.I,
)


#: An actor's name used as a modifier: "Iran-backed", "Iran's Revolutionary Guard".
_ACTOR_MODIFIER_AFTER: Final = compile_guarded(
    r"^(?:[- ](?:backed|aligned|linked|allied|supported|sponsored|affiliated|led|based|"
    r"tied|funded|armed|made)\b|[’']s\b|"
    # "houses Iraqi government buildings", "strikes on Kataib Hezbollah positions"
    r"\s+(?:buildings?|offices?|headquarters|territory|soil|airspace|institutions?|premises|"
    r"compounds?|positions|facilities|sites?|depots?|warehouses?|bases?|targets?)\b)",
    re.I,
)
#: "the Iraqi military said that ...": a speaker, unless it says it did it (a claim).
_SPEAKER_AFTER: Final = compile_guarded(
    # "an unnamed Iraqi police official told AFP": the speaker's office, then the verb
    r"\s+(?:(?:official|officials|source|sources|spokesman|spokesperson|spokeswoman|"
    r"commander|officer)\s+)?(?:(?:had|has|have)\s+)?(?:also\s+|later\s+|earlier\s+)?(?:said|says|reported|"
    r"stated|confirmed|announced|added|noted|told)\b",
    re.I,
)


#: "one member of the Iraqi security forces was badly wounded": the name of a victim.
_VICTIM_AFTER: Final = compile_guarded(
    r"\s+(?:(?:personnel|troops|soldiers|members?|officers?|fighters)\s+)?(?:was|were|had\s+been|"
    r"have\s+been|has\s+been)\s+(?:\w+\s+){0,2}?(?:wounded|injured|killed|hurt)\b",
    re.I,
)
#: "since" in the words just before a name, with no clause boundary between.
_SINCE_BEFORE: Final = compile_guarded(r"\bsince\b[^,;.]*$", re.I)
#: Between a name and its short form: "Islamic State (IS)".
_GLOSS: Final = compile_guarded(r"\s*[(\[]\s*")


def _actor_mentions(
    text: str, s_start: int, s_end: int, mentions: list[Mention], gaz: Gazetteer
) -> list[tuple[int, int, str]]:
    """Return the perpetrators a sentence may name: (start, end, canonical name).

    A generic phrase ("Iran-backed militants") wins over a shorter name inside it ("Iran");
    a name used as a modifier, a source, a victim or an enemy of the attackers is skipped.
    """
    generic = [
        (g.start(), g.end(), GENERIC_MILITIAS)
        for g in lx.GENERIC_ACTOR.finditer(text, s_start, s_end)
    ]
    found = list(generic)
    skipped: list[tuple[int, str]] = []  # (end, actor id) of names that are not the actor
    for m in mentions:
        if m.category != "actor" or not (s_start <= m.start < s_end) or not m.ids:
            continue
        actor = gaz.actors.get(m.ids[0])
        if actor is None or any(a <= m.start < b or a < m.end <= b for a, b, _ in generic):
            continue
        lead = article_start(text, m.start)
        before = text[max(s_start, lead - 40) : lead]
        if (
            _NOT_PERPETRATOR_BEFORE.search(before)
            or _ACTOR_MODIFIER_AFTER.match(text[m.end : m.end + 14])
            or _VICTIM_AFTER.match(text, m.end, s_end)
            or (
                _SPEAKER_AFTER.match(text, m.end)
                and not lx.CLAIM.search(text, m.end, min(s_end, m.end + 120))
            )
            # "the Islamic State (IS)": the short form in brackets shares the name's role
            or any(i == m.ids[0] and _GLOSS.fullmatch(text, e, m.start) for e, i in skipped)
            # "since last year's October 7 Hamas attack on Israel": history, not this attack
            or _SINCE_BEFORE.search(text, max(s_start, m.start - 120), m.start)
        ):
            skipped.append((m.end, m.ids[0]))
            continue
        found.append((m.start, m.end, actor.name))
    found.sort()
    return found


#: "Kataib Hezbollah denied involvement": a group that denies is not the actor.
_DENIES_INVOLVEMENT: Final = compile_guarded(
    r"[^.;]{0,40}?\b(?:denied|denies|denying|rejected|disavowed)\s+(?:any\s+)?(?:involvement|"
    r"responsibility|role|links?|connection)\b",
    re.I,
)


#: An actor that accuses another: "Iran accused Israel of", "Baghdad blamed Washington for".
_ACCUSES: Final = compile_guarded(
    r"\s+(?:(?:has|had|have|again|also|swiftly|quickly)\s+)?(?:accused|accuses|blamed|blames)\b",
    re.I,
)


def _attribution(
    text: str, start: int, end: int, actors: list[tuple[int, int, str]]
) -> tuple[str | None, bool | None, str]:
    """Who did it, and whether they claimed it (True), are suspected (False), or neither."""
    chunk = text[start:end]
    claim = None
    for m in lx.CLAIM.finditer(chunk):
        if not lx.CLAIM_NEGATED.search(chunk[: m.start()][-60:]):
            claim = m
            break
    usable = []
    for a, b, name in actors:
        after = text[b : min(end, b + 80)]
        if re.match(rf"[^.;]{{0,50}}?\b{lx.CLAIM_DENIAL}\b[^.;]{{0,30}}claim", after, re.I):
            continue  # "X did not claim responsibility": X is not the actor
        if _DENIES_INVOLVEMENT.match(after):
            continue  # "X denied involvement": X is not the actor
        if _ACCUSES.match(after) and any(o[0] > b for o in actors):
            continue  # "Iran accused Israel of a strike": the accuser speaks, Israel is blamed
        usable.append((a, b, name))
    militia = [u for u in usable if u[2] != UNITED_STATES]
    if claim is not None and militia:
        pos = start + claim.start()
        best = min(militia, key=lambda u: abs(u[0] - pos))
        return best[2], True, f"claim {claim.group()!r}"
    if militia:
        best = militia[0]
        if lx.SUSPECT.search(chunk):
            return best[2], False, "attribution is suspicion"
        return best[2], None, "actor named"
    return None, None, ""


#: "Its fighters also fired rockets at ...": the group named just before did it.
_ITS_FIGHTERS: Final = compile_guarded(
    r"\b(?:[Ii]ts|[Tt]he\s+group[’']s|[Tt]he)\s+(?:\w+\s+)?(?:fighters|members|mujahideen|units|"
    r"operatives)\s+(?:also\s+|later\s+|then\s+)?(?:had\s+)?(?:fired|launched|attacked|targeted|"
    r"struck|hit|sent|shelled)\b"
)
#: "Both attacks were claimed by X", "X claimed the two attacks": a claim of the attacks
#: the article tells, not a count of the group's campaign.
_CLAIM_OF_THESE: Final = compile_guarded(
    r"\b(?:both|the|these|those|the\s+(?:two|three|four|latest|twin))\s+(?:\w+\s+)?"
    r"(?:attacks?|strikes?|assaults?|operations?)\b",
    re.I,
)


def _claim_of_these(chunk: str) -> bool:
    """Tell whether a claim names the article's own attacks ("both attacks were claimed")."""
    return bool(_CLAIM_OF_THESE.search(chunk)) and not lx.HABITUAL.search(chunk)


#: "the group claimed ...": the group named last in the article.
_THE_GROUP: Final = compile_guarded(
    r"\b[Tt]he\s+(?:[\w-]+\s+){0,2}?(?:group|militia|faction|movement|network)\b"
)


def _group_claims(chunk: str) -> bool:
    """Tell whether "the group" (named before) claims the attack this sentence tells."""
    if not _THE_GROUP.search(chunk):
        return False
    return any(
        not lx.CLAIM_NEGATED.search(chunk[: m.start()][-60:]) for m in lx.CLAIM.finditer(chunk)
    )


# ---------------------------------------------------------------------------------------
# Target


_TARGET_FACILITY: Final = compile_guarded(
    r"\b(?P<what>(?:\w+\s+){0,3}(?:facilities|facility|targets|sites|headquarters|positions|"
    r"vehicles?|safe\s+house|storage\s+(?:facility|site)|depots?|command(?:\s+and\s+control)?\s+"
    r"(?:centers?|nodes?|facilities)|compounds?|training\s+(?:facility|camp)s?))"
    r"[^.;]{0,40}?\b(?:used\s+by|belonging\s+to|linked\s+to|affiliated\s+with|tied\s+to|of|"
    r"associated\s+with|operated\s+by)\s+(?:the\s+)?(?P<who>[A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*|al-\w+|and|of|in))*)",
)
_US_PERSONNEL: Final = compile_guarded(
    r"\b(?:US|U\.S\.|American|coalition)\s+(?:and\s+coalition\s+)?(?:forces|troops|personnel|"
    r"service\s?members|soldiers|military|facility|facilities|bases?|installations?|outposts?)\b",
    re.I,
)


def _target(chunk: str, place: Place, attack_type: str) -> str | None:
    if attack_type == "airstrike":
        fm = _TARGET_FACILITY.search(chunk)
        if fm:
            what = re.sub(r"\s+", " ", fm.group("what")).strip()
            who = re.sub(r"\s+(?:and|of|in)$", "", fm.group("who").strip())
            return f"{what} used by {who}"
        return None
    if _US_PERSONNEL.search(chunk) and place.kind not in {"embassy", "consulate"}:
        return f"US and coalition forces at {place.name}"
    return place.name


# ---------------------------------------------------------------------------------------
# Counts and tallies


_COUNT_BEFORE: Final = compile_guarded(
    r"\b(?P<c>once|twice|(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:more\s+)?times)"
    r"(?:\s*[,–—-]\s*)?\s+(?:in|at|on|against)\s+(?:the\s+)?"
    # "three times at separate bases in Syria": the bases counted, in the place
    r"(?:(?:separate|different|two|three|several)\s+)?(?:(?:US|U\.S\.|American|coalition)\s+)?"
    r"(?:(?:bases|sites|positions|facilities)\s+(?:in|inside)\s+(?:the\s+)?)?(?:[ae][ln]-)?$",
    re.I,
)
_PLURAL_ATTACKS: Final = compile_guarded(
    r"\b(?:attacks|strikes|airstrikes|assaults|raids|bombings)\b", re.I
)


#: A small number of targets told apart by nothing else ("strikes on two facilities in
#: eastern Syria", "three locations"): one record with that count, not a generic plural.
_NUMBERED_TARGETS: Final = compile_guarded(
    r"\b(?P<n>[2-9]|two|three|four|five|six|seven|eight|nine)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:bases|facilities|locations|sites|targets|positions|depots|compounds|warehouses|"
    r"outposts|camps|installations)\b[^.;]{0,40}$",
    re.I,
)


def _numbered_targets(before_place: str) -> int:
    """Return N for "two facilities in eastern Syria" (the place follows), else 0."""
    m = _NUMBERED_TARGETS.search(before_place)
    return _number(m.group("n")) or 0 if m else 0


#: Troops counted as an attack's victims before the place: "killed three U.S. troops in".
_COUNTED_VICTIMS_IN: Final = compile_guarded(
    r"\b(?:\d+|two|three|four|five|six|seven|eight|nine|ten|dozens\s+of)\s+(?:[\w.-]+\s+){0,2}?"
    r"(?:troops|soldiers|service\s?members|personnel|servicemen)\s+(?:in|inside|at)\s+(?:the\s+)?$",
    re.I,
)


def _generic(seg_text: str, before_place: str) -> bool:
    """Tell a trend or a generic plural ("attacks on bases in Iraq") from one event."""
    if _COUNT_BEFORE.search(before_place) or _numbered_targets(before_place):
        return False
    if _COUNTED_VICTIMS_IN.search(before_place):
        return False  # "the drone strike that killed three US troops in Jordan": one attack
    plural = bool(_PLURAL_ATTACKS.search(seg_text))
    return plural and bool(
        lx.GENERIC_TARGET_BEFORE.search(before_place) or lx.TREND.search(seg_text)
    )


_DIGIT: Final = compile_guarded(r"\d")
_TALLY_CONTEXT: Final = compile_guarded(
    r"\b(?:since|so\s+far|to\s+date|in\s+total|total|overall|as\s+of|tally|count|counted|"
    r"tallied|recorded|logged)\b",
    re.I,
)


def _tallies(doc: Document, s: Sentence, chunk: str, dates: list[DateMention]) -> list[Tally]:
    out: list[Tally] = []
    if not _DIGIT.search(chunk):
        return out
    for m in lx.TALLY.finditer(chunk):
        q = lx.TALLY_QUALIFIER.search(chunk, max(0, m.start() - 20), m.start())
        n = int(m.group("n").replace(",", ""))
        since = next((d.value for d in dates if d.since and d.start >= m.end() - 40), None)
        if n < 5:
            continue
        if since is None and not q and not _TALLY_CONTEXT.search(chunk):
            continue
        qual = re.sub(r"\s+", " ", q.group("qual").lower()) if q else None
        out.append(
            Tally(
                document=doc.name,
                count=n,
                evidence=chunk,
                char_start=s.start,
                char_end=s.end,
                qualifier=qual,
                since=since,
                outlet=doc.outlet,
                published=doc.published,
                title=doc.title,
                url=doc.url,
            )
        )
    return out
