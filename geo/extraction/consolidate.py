"""Stage 7, consolidation: the drafts of one document become its reports, one per incident.

It decides which drafts tell the same incident (the same place, days that fit, attack types
that fit, as :mod:`geo.same_incident` defines them; never two told as separate attacks) and
combines their fields; joins "the attack" told again at a site next to the first; lets a
country-, region- or city-level draft yield to a draft of a place inside it (or of a base near
the town that names it); dates an undated report by the week of publication; and writes each
report's reason.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

from geo._regex import compile_guarded
from geo.extraction import rules as R
from geo.extraction._types import _NO_TRACE, _Draft, _Trace
from geo.extraction.completion import _DEFINITE_EVENT, LANDMARK_REACH_DAYS
from geo.extraction.places import _STRIKE_VERB, CAMPAIGN_START, REFERENCE_KM, _km
from geo.gazetteer import SITE_KINDS, Gazetteer, Landmark
from geo.lexicon import SEVERITY
from geo.models import Document, Evidence, Place, Report
from geo.same_incident import combine_count, days_fit, types_fit

#: An attack told as news from before the article: "X previously reported that ...", "had
#: been intercepted". Read in the report's sentence and the text before it in its paragraph.
_EARLIER_NEWS: Final = compile_guarded(
    r"\b(?:previously|earlier)\s+(?:reported|said|announced|confirmed|claimed)\b|"
    r"\b(?:reported|said|announced)\s+(?:previously|earlier)\b|"
    r"\bhad\s+(?:been\s+)?(?:foiled|thwarted|repelled|attacked|targeted|hit|struck|shelled|"
    r"intercepted|downed|shot\s+down)\b",
    re.I,
)
#: How far before a report's first sentence the earlier-news wording may stand.
_EARLIER_NEWS_BEFORE: Final = 300


def _earlier_news(text: str, d: _Draft) -> str:
    """Return the words that tell an undated report as earlier news, or ``""``."""
    start, end = min(d.evidence)
    lo = max(0, start - _EARLIER_NEWS_BEFORE)
    para = text.rfind("\n\n", lo, start)
    m = _EARLIER_NEWS.search(text, para + 2 if para >= 0 else lo, end)
    return m.group() if m else ""


#: A target that is US or coalition forces.
_US_FORCES: Final = compile_guarded(r"\b(?:US|U\.S\.|American|[Cc]oalition)(?!\w)")
#: Sites that host US or coalition forces: a US air strike is never on them.
#: The oil and gas fields the gazetteer lists are there because coalition forces are based
#: on them (Green Village at al-Omar, Mission Support Site Conoco).
_HOSTS: Final = frozenset({"base", "air_base", "embassy", "consulate", "oil_field", "gas_field"})


def _strike_on_own_base(vague: _Draft, site: _Draft) -> bool:
    """Tell whether a US air strike told vaguely would land on a base that hosts US forces.

    "US aircraft struck militia sites in Iraq ... militants attacked Erbil Air Base": two
    attacks, not one; the strike does not yield to the base.
    """
    return (
        vague.attack_type == "airstrike"
        and site.attack_type != "airstrike"
        and (
            site.place.kind in _HOSTS
            or bool(site.target and _US_FORCES.search(site.target))  # "attacked coalition forces"
        )
    )


#: Kinds of place from the most precise to the vaguest (sites and the rest come first).
_VAGUENESS: Final = {
    "neighbourhood": 1,
    "district": 1,
    "city": 1,
    "town": 1,
    "governorate": 2,
    "region": 3,
    "country": 4,
}


def _vagueness(d: _Draft) -> int:
    return max(_VAGUENESS.get(d.place.kind, 0), d.place.precision - 1)


def _us_drone_strike(a: _Draft, b: _Draft) -> bool:
    """Tell whether a drone told without an actor is the US drone strike told beside it.

    "A commander was killed in a US drone strike in Baghdad ... the drone raid hit a car in
    the Mashtal neighbourhood": one US strike, not a militia drone attack; but a drone
    aimed at US forces or a base hosting them is an attack on them.
    """
    pair = {a.attack_type, b.attack_type}
    if pair != {"airstrike", "drone"}:
        return False
    drone = a if a.attack_type == "drone" else b
    return (
        drone.actor1 is None
        and drone.place.kind not in _HOSTS
        and not (drone.target and _US_FORCES.search(drone.target))
    )


#: States whose forces are the campaign's sides (the US strikes back; the coalition, Iraqi
#: forces and the PMF are named as targets or hosts).
_CAMPAIGN_STATES: Final = frozenset(
    {
        "United States",
        "Global Coalition against Daesh",
        "Iraqi government",
        "Iraqi security forces",
        "Popular Mobilization Forces",
        "Peshmerga",
    }
)
#: The forces the campaign attacks: named beside a rocket or drone attack, they are its
#: target or its spokesman, never its author (they strike from the air).
_DEFENDERS: Final = frozenset({"United States", "Global Coalition against Daesh"})
#: "a Turkish drone strike", "Israeli jets", "an Iranian missile barrage": another state's
#: forces as the ones who struck (not "militias launched Iranian drones").
_OTHER_STATE_WEAPON: Final = compile_guarded(
    r"(?:(?:^|\b(?:a|an|the)\s+|[.;:]\s+)(?P<who>Turkish|Israeli|Iranian|Russian|Jordanian|"
    r"Syrian\s+(?:government|regime|army))|\b(?P<ruler>(?:al-)?Assad(?:[’']s)?|regime))\s+"
    r"(?:(?:air|military|army|armed|government)\s+)?(?:drones?|strikes?|air\s*strikes?|jets?|"
    r"warplanes?|aircraft|missiles?|artillery|shelling|forces|troops|army)\b",
    re.I,
)


#: States officials blame for the militias' attacks on US forces: blamed (not claimed), such
#: an attack stays the campaign's. Another state blamed ("Iran accused Israel of a strike on
#: Damascus") is another war.
_BLAMED_FOR_THE_CAMPAIGN: Final = frozenset(
    {"Iran", "Islamic Revolutionary Guard Corps", "IRGC Quds Force"}
)


#: A state named as the doer of missile strikes: "Iran's Revolutionary Guards said they
#: launched ballistic missiles", "the IRGC said the strikes in Iraq targeted" (not
#: "Iran-backed militias fired", whose state word is a modifier).
_STATE_STRIKES: Final = compile_guarded(
    r"\b(?P<state>Iran(?:[’']s)?(?:\s+(?:Islamic\s+)?Revolutionary\s+Guards?(?:\s+Corps)?)?|"
    r"IRGC|Islamic\s+Revolutionary\s+Guards?\s+Corps|Israel(?:[’']s)?(?:\s+military)?|"
    r"Turkey(?:[’']s)?(?:\s+military)?)(?![-\w])(?:\s+\([A-Z]+\))?\s+"
    r"(?:(?:has|had|have)\s+)?(?:said\s+(?:it|they|its|the)\s+(?:had\s+)?|"
    r"announced\s+(?:that\s+)?(?:it|its)\s+|claimed\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:launched|fired|carried\s+out|struck|targeted|missile|missiles|strikes)\b"
)
#: What a state's strikes are read as when no doer is named: missiles, or no weapon.
_STATE_WEAPONS: Final = frozenset({"unknown", "ballistic_missile", "cruise_missile"})


def _other_state(text: str, d: _Draft, others: frozenset[str] | set[str]) -> str:
    """Return which other state carried out ``d``, or ``""`` (see :data:`_CAMPAIGN_STATES`).

    A state named as the doer of an attack that is not on US forces (for Iran, not merely
    blamed: ``claimed`` False is suspicion, as when officials blame Iran for a militia attack;
    and "attacks by Iran and Iran-backed groups on US forces" are the campaign's), or its
    forces as the subject of the strike.
    """
    on_us = d.place.kind in _HOSTS or bool(d.target and _US_FORCES.search(d.target))
    blamed_ok = d.claimed is not False or d.actor1 not in _BLAMED_FOR_THE_CAMPAIGN
    if d.actor1 is not None and d.actor1 in others and blamed_ok and not on_us:
        return d.actor1
    c = d.cue_obj
    if c is not None:
        m = _OTHER_STATE_WEAPON.search(text, max(d.seg[0], c.start - 40), min(d.seg[1], c.end + 40))
        if m:
            return f"{m.group('who') or m.group('ruler')} forces"
    return ""


#: How many days a date of each precision may reach past its value (day, week, month, year).
_REACH_DAYS: Final = {1: 0, 2: 7, 3: 31, 4: 366}


def _before_campaign(d: _Draft) -> bool:
    """Tell whether every day ``d``'s date may stand for falls before :data:`CAMPAIGN_START`."""
    if d.date_value is None:
        return False
    return d.date_value + timedelta(days=_REACH_DAYS.get(d.precision, 366)) < CAMPAIGN_START


#: How far a day guessed from the narrative may lie from a day told and still be one event's.
SOFT_DAYS: Final = 7


#: A vague day told as a look back from the article's news: "earlier this month".
_LOOK_BACK: Final = compile_guarded(r"^earlier\s+this\s+(?:month|week)\b", re.I)


def _compatible_dates(a: _Draft, b: _Draft) -> bool:
    for vague, day in ((a, b), (b, a)):
        if (
            vague.precision > 1
            and not vague.soft_date
            and _LOOK_BACK.match(vague.date_phrase)
            and day.precision == 1
            and not day.soft_date
            and day.date_value is not None
            and vague.date_value is not None
            and day.date_value > vague.date_value
        ):
            # "US forces earlier this month conducted two rounds of strikes": not the strike
            # of the day the article tells, later than the look back's middle
            return False
    if a.soft_date or b.soft_date:
        # a day taken from the narrative is a guess, not a statement; but "In November,
        # the US struck a truck" is not the strike "said Tuesday" two months later
        if a.date_value is None or b.date_value is None:
            return True
        if abs((a.date_value - b.date_value).days) <= SOFT_DAYS:
            return True
    return days_fit(a.date_value, a.precision, b.date_value, b.precision)


def _preceded(a: _Draft, b: _Draft) -> bool:
    """Tell whether one was told as what came before the other ("the strikes came after")."""
    return any(
        x.before is not None and y.date_value == x.before and not y.soft_date
        for x, y in ((a, b), (b, a))
    )


def _strike_and_its_cause(a: _Draft, b: _Draft) -> bool:
    """Tell a US strike from the attack on US forces it answers, told at the same place.

    "CENTCOM forces conducted a strike in Syria ... in response to an attack against US
    forces in Syria yesterday": the strike is by the United States, the attack on its
    forces the day before; two incidents, however close their days.
    """
    for strike, other in ((a, b), (b, a)):
        if strike.attack_type == "airstrike" and strike.actor1 == "United States":
            return (
                other.actor1 != "United States"
                and bool(other.target and _US_FORCES.search(other.target))
                # told with days of their own, the attack the day before the strike
                and not (strike.soft_date or other.soft_date)
                and strike.date_value is not None
                and other.date_value is not None
                and other.date_value < strike.date_value
            )
    return False


def _same_incident(a: _Draft, b: _Draft) -> bool:
    if a.apart and a.apart == b.apart:
        return False  # "two separate attacks, one on Nov. 8 and the other on Nov. 9"
    if _preceded(a, b):
        return False
    if a.place.place_id != b.place.place_id or not _compatible_dates(a, b):
        return False
    if _strike_and_its_cause(a, b):
        return False
    # "a US drone strike in Baghdad ... a drone targeted a headquarters in the capital":
    # the drone told without an actor is the US strike told again
    return types_fit(a.attack_type, b.attack_type) or _us_drone_strike(a, b) or _one_barrage(a, b)


#: Weapons fired together in one barrage: "ballistic missiles and rockets ... most of the
#: rockets were intercepted" tells one attack, typed by its most severe weapon.
_BARRAGE: Final = frozenset({"rocket", "ballistic_missile"})


def _one_barrage(a: _Draft, b: _Draft) -> bool:
    """Tell whether a rocket and a ballistic-missile report at one site are one barrage."""
    return (
        {a.attack_type, b.attack_type} == _BARRAGE
        and a.place.kind in SITE_KINDS
        and (a.soft_date or b.soft_date or a.date_value == b.date_value)
    )


#: Words of a reply before a strike word: "answered with strikes", "responded with".
_REPLY: Final = compile_guarded(r"\b(?:answer|respond|retaliat|repl(?:y|ied)|hit\s+back)\w*", re.I)


def _landmark(
    text: str, d: _Draft, gaz: Gazetteer, published: date | None = None
) -> Landmark | None:
    """Return the landmark attack a report refers back to by its country, or None.

    "in retaliation for a drone strike that killed three US troops in Jordan": a report
    placed only at a country (or a province) that holds a landmark's site, of a type that
    fits, is that landmark when its toll is the landmark's, when it is dated the
    landmark's day, or when it is told as a back-reference (dated by the narrative, as
    what came before another event, or vaguer than a day) and no other landmark fits. A
    report with another toll, or with a day of its own and no toll, is another attack.
    """
    if d.place.kind not in {"country", "governorate", "region"} or not gaz.landmarks:
        return None
    told_back = d.soft_date or d.before is not None or d.precision > 1 or d.date_value is None
    fits: list[tuple[Landmark, bool]] = []
    for lm in gaz.landmarks:
        if lm.fatalities is None and lm.injuries is None:
            continue  # news names by its country only an attack with a toll
        if published is not None and not 0 <= (published - lm.date).days <= LANDMARK_REACH_DAYS:
            continue  # an article older than the landmark, or a year and more after it
        if lm.place_id == d.place.place_id or not gaz.contains(d.place.place_id, lm.place_id):
            continue
        if not types_fit(d.attack_type, lm.attack_type):
            continue
        if lm.attack_type != "airstrike" and (
            d.actor1 == "United States"
            or (
                d.cue_obj is not None
                and _STRIKE_VERB.match(d.cue.strip())
                and _REPLY.search(text, d.seg[0], d.cue_obj.start)
            )
        ):
            continue  # "the United States answered with strikes": the reply, not the landmark
        if lm.fatalities is not None and d.fatalities not in (None, lm.fatalities):
            continue
        if lm.fatalities is None and d.fatalities:
            continue  # a toll of dead for an attack that killed no one
        # the dead are a landmark's signature; a count of wounded is common, and names the
        # landmark only in a back-reference
        dead = lm.fatalities is not None and d.fatalities == lm.fatalities
        wounded = lm.injuries is not None and d.injuries == lm.injuries and told_back
        same_day = False
        if d.date_value is not None:
            lag = (d.date_value - lm.date).days
            same_day = abs(lag) <= 1
            if not -31 <= lag <= LANDMARK_REACH_DAYS:
                continue
            if not (told_back or same_day or dead):
                continue  # an attack told with a day of its own
            if wounded and not -31 <= lag <= 45:
                wounded = False  # "last month, three were wounded": only a near look back
        fits.append((lm, dead or wounded or same_day))
    sure = [lm for lm, ok in fits if ok]
    if len(sure) == 1:
        return sure[0]
    if not sure and len(fits) == 1 and told_back and fits[0][0].fatalities:
        return fits[0][0]  # a deadly landmark: "the attack on the US base in Jordan"
    return None


def _landmark_at_site(d: _Draft, gaz: Gazetteer, published: date | None) -> Landmark | None:
    """Return the landmark a vaguely dated report at its site (or its town) is, or None.

    "a rocket attack on the US Embassy in Baghdad earlier this month": a report at the
    site of a landmark or at the town that holds it, of a type that fits, dated only to a week or a month that holds
    the landmark's day, is that landmark when no other landmark at the site fits; so is one
    with the landmark's dead, however it is dated. A report dated to the day, or with
    another death toll, is another attack.
    """
    if not gaz.landmarks:
        return None
    by_dead = [
        lm
        for lm in gaz.landmarks
        if lm.place_id == d.place.place_id
        and lm.fatalities
        and d.fatalities == lm.fatalities
        and types_fit(d.attack_type, lm.attack_type)
        and (published is None or 0 <= (published - lm.date).days <= LANDMARK_REACH_DAYS)
        and (d.soft_date or d.precision > 1 or d.date_value in (None, lm.date))
    ]
    if len(by_dead) == 1:
        return by_dead[0]  # "a drone attack at Tower 22 ... claimed the lives of three troops"
    if d.date_value is None or d.precision == 1 or d.soft_date:
        return None
    fits = []
    for lm in gaz.landmarks:
        at_site = lm.place_id == d.place.place_id or (
            # "they attacked a US facility in Erbil": the town of the landmark's site
            d.place.kind in {"city", "town"} and gaz.contains(d.place.place_id, lm.place_id)
        )
        if not at_site or not types_fit(d.attack_type, lm.attack_type):
            continue
        if published is not None and lm.date > published:
            continue
        if d.fatalities and lm.fatalities is not None and d.fatalities != lm.fatalities:
            continue
        if d.precision == 2:
            inside = abs((lm.date - d.date_value).days) <= 3  # the week around its midpoint
        else:
            inside = (lm.date.year, lm.date.month) == (d.date_value.year, d.date_value.month)
        if inside:
            fits.append(lm)
    return fits[0] if len(fits) == 1 else None


def _share_told_days(merged: list[_Draft], guessed: set[int], tr: _Trace) -> None:
    """Give places listed in one sentence the day another sentence gives one of them.

    "It lists strikes near Mayadin, near Abu Kamal and around Deir ez-Zor" dates its places
    only by the narrative (a guess); when "US strikes on Friday around Mayadin" is told
    again with its day, the places listed beside it are of the same strikes: that day, and
    the type and the actor where the list left them out. Only when every place of the list
    was a guess and the days the others got agree.
    """
    by_sentence: dict[int, list[_Draft]] = {}
    for d in merged:
        by_sentence.setdefault(d.sentence_idx, []).append(d)
    for listed in by_sentence.values():
        if len(listed) < 2 or any(id(d) not in guessed for d in listed):
            continue
        told = {(d.date_value, d.precision) for d in listed if not d.soft_date}
        if len(told) != 1:
            continue
        src = next(d for d in listed if not d.soft_date)
        for d in listed:
            if d.soft_date and types_fit(d.attack_type, src.attack_type):
                if tr.on:
                    tr(
                        d.sentence_idx,
                        f"report at {d.place.name}",
                        R.TOLD_TOGETHER,
                        f"listed with {src.place.name}, dated {src.date_value} by another sentence",
                    )
                d.soft_date = False
                d.date_value, d.precision = src.date_value, src.precision
                d.date_phrase = src.date_phrase
                d.date_reason = f"{src.date_reason}; listed with {src.place.name}"
                if d.attack_type == "unknown":
                    d.attack_type = src.attack_type  # "strikes" listed: the same strikes
                if d.actor1 is None and src.actor1 is not None:
                    d.actor1, d.claimed = src.actor1, src.claimed


def _absorb(into: _Draft, other: _Draft) -> None:
    into.evidence += other.evidence  # made unique once, when the report is written
    into.apart = into.apart or other.apart  # one of separate attacks: never its twin
    if into.attack_type == "unknown" or (
        {into.attack_type, other.attack_type} == _BARRAGE
        and SEVERITY.get(other.attack_type, 9) < SEVERITY.get(into.attack_type, 9)
    ):
        into.attack_type = other.attack_type  # a barrage: its most severe weapon
    if other.date_value is not None and (
        into.date_value is None
        or (into.soft_date and not other.soft_date)
        or (
            other.date_value is not None
            and not other.soft_date
            and other.precision < into.precision
        )
    ):
        into.soft_date = other.soft_date
        into.date_value, into.precision = other.date_value, other.precision
        into.date_phrase, into.date_reason = other.date_phrase, other.date_reason
    if other.actor1 and (into.actor1 is None or (other.claimed and not into.claimed)):
        keep_no_claim = into.claimed is False and other.claimed is None
        into.actor1 = other.actor1
        into.claimed = False if keep_no_claim else other.claimed
    elif into.claimed is None and other.claimed is False and other.actor1 in (None, into.actor1):
        into.claimed = False  # "no one has claimed it", told in the other sentence (not
        # another actor's suspicion, which says nothing of this one)
    into.fatalities = combine_count((into.fatalities, other.fatalities))
    into.injuries = combine_count((into.injuries, other.injuries))
    into.intercepted = into.intercepted or other.intercepted
    into.target = into.target or other.target
    into.count = max(into.count, other.count)
    into.notes += [n for n in other.notes if n not in into.notes]


_UNNAMED_BASE: Final = compile_guarded(
    r"\b(?:a|the)\s+(?:[\w-]+\s+){0,3}?(?:base|airbase|air\s+base|garrison|outpost)\b", re.I
)


#: "a US base in", "the coalition garrison near the town of": a base named by its town.
_BASE_IN: Final = compile_guarded(
    r"\b(?:a|the)\s+(?:[\w.-]+\s+){0,3}?(?:base|airbase|air\s+base|garrison|outpost)\s+"
    r"(?:in|at|near|outside|on\s+the\s+outskirts\s+of)\s+(?:the\s+(?:[\w-]+\s+)?(?:town|city)\s+of\s+)?"
    r"(?:[ae][ln]-)?$",
    re.I,
)
#: "the Rimelan base", "the Shaddadi air base": a base named by its town, after the name.
_BASE_AFTER: Final = compile_guarded(r"[’']?s?\s+(?:base|airbase|air\s+base|garrison)\b", re.I)


def _town_base(text: str, d: _Draft, drafts: list[_Draft], gaz: Gazetteer) -> Place | None:
    """Return the town's own base when ``d`` names a base only by its town, else None.

    "a base in Rmelan", "the Rimelan base": the one base the gazetteer knows there.

    Not when the article names another site near the town for an attack that fits: "the
    base in Irbil", then "the Harir base", is Harir (see :func:`_base_near_town`).
    """
    if d.place.kind not in {"city", "town"} or d.place_start < 0:
        return None
    bases = gaz.bases_of(d.place.place_id)
    if len(bases) != 1:
        return None
    end = d.place_start + len(d.place_phrase)
    if not (
        _BASE_IN.search(text[max(0, d.place_start - 80) : d.place_start])
        or (
            text[d.place_start : end] == d.place_phrase
            and _BASE_AFTER.match(text, end)
            and text[max(0, d.place_start - 4) : d.place_start].lower().endswith("the ")
        )
    ):
        return None
    if not _told_as_another(text, d) and any(
        k is not d
        and _base_near_town(text, d, k, gaz)
        and _compatible_dates(k, d)
        and types_fit(d.attack_type, k.attack_type)
        for k in drafts
    ):
        return None
    return bases[0]


#: A report told as one more attack: "another combat drone struck the base in Rumeilan".
_ONE_MORE: Final = compile_guarded(r"\b(?:another|a\s+second|a\s+third)\b", re.I)


#: Words telling one more attack: "Also on Wednesday ...", "another", "earlier", "again".
_ALSO: Final = compile_guarded(
    r"\b(?:also|another|a\s+second|separately|earlier|again|previous|prior)\b", re.I
)


def _another_day_told(text: str, first: _Draft, d: _Draft) -> bool:
    """Tell whether ``d`` is told as one more attack at the place, on another day.

    "The base was attacked again on Thursday evening ... Also on Wednesday overnight two
    drones attacked the base": two days of their own, and a word of one more attack.
    """
    if not (first.precision == d.precision == 1) or first.soft_date or d.soft_date:
        return False
    if not (first.date_phrase and d.date_phrase) or first.date_value == d.date_value:
        return False
    c = d.cue_obj
    end = c.end if c is not None else d.place_start
    # the word tells of this attack, just before its weapon ("another strike by a gunship
    # that was in the air when militants fired missiles" tells another strike)
    return bool(_ALSO.search(text, max(d.seg[0], end - ALSO_REACH), max(d.seg[0], end)))


#: How far before an attack's word "also" or "another" still tells of that attack.
ALSO_REACH: Final = 60


def _told_as_another(text: str, d: _Draft) -> bool:
    """Tell whether a report is told as another attack than those told before it."""
    c = d.cue_obj
    end = c.end if c is not None else d.place_start
    return bool(_ONE_MORE.search(text, d.seg[0], max(d.seg[0], end)))


#: How far a site may lie from a town that has a base of its own and still be "the base in"
#: the town: Harir is about 50 km from Erbil; Tell Baydar, 80 km from Shaddadi, is not
#: Shaddadi's base.
OWN_BASE_TOWN_KM: Final = 60.0


def _base_near_town(text: str, vague: _Draft, site: _Draft, gaz: Gazetteer) -> bool:
    """Tell whether a base named only by its town ("the base ... in Irbil") is a nearby site."""
    if vague.place.kind not in {"city", "town"} or site.place.kind not in SITE_KINDS:
        return False
    reach = OWN_BASE_TOWN_KM if gaz.bases_of(vague.place.place_id) else REFERENCE_KM
    if vague.place.admin1 != site.place.admin1 or _km(vague.place, site.place) > reach:
        return False  # a base of the town's province, not one of the next province
    return any(_UNNAMED_BASE.search(text, a, b) for a, b in vague.evidence)


#: How far apart two sites may be named for one attack told again ("the airport", "Camp
#: Victory" beside it).
NEARBY_SITE_KM: Final = 10.0


#: How far apart two sites are neighbours in one compound ("Union III and the embassy
#: complex", "the airport and Camp Victory"): one attack told at either.
NEIGHBOUR_SITE_KM: Final = 3.0
#: "another", "also", "a second": a second attack at the neighbour, not the first told again.
_ANOTHER: Final = compile_guarded(r"\b(?:another|also|second|separate|separately|later)\b", re.I)


def _told_again_nearby(text: str, first: _Draft, d: _Draft) -> bool:
    """Tell whether ``d`` is the attack told before at ``first``, at a site next to it.

    Either "the attack" of no stated weapon at a site within :data:`NEARBY_SITE_KM`, or an
    attack of a weapon that fits, with no day of its own and no word of another attack, at
    a neighbouring site (:data:`NEIGHBOUR_SITE_KM`), or named beside it in one clause.
    """
    c = d.cue_obj
    if c is None or first.sentence_idx > d.sentence_idx or first is d:
        return False
    if d.place.kind not in SITE_KINDS or first.place.kind not in SITE_KINDS:
        return False
    if first.place.country != d.place.country or _km(first.place, d.place) > NEARBY_SITE_KM:
        return False
    if not _compatible_dates(first, d) or (first.apart and first.apart == d.apart):
        return False
    if first.sentence_idx == d.sentence_idx:  # "at Union III and the embassy complex"
        return (
            first.cue_obj is c
            and _km(first.place, d.place) <= NEIGHBOUR_SITE_KM
            and not _ANOTHER.search(text, first.place_start, d.place_start)
        )
    if d.attack_type == "unknown":
        return bool(_DEFINITE_EVENT.search(text, max(d.seg[0], c.start - 40), c.end))
    return (
        (d.soft_date or d.date_value == first.date_value)
        and types_fit(first.attack_type, d.attack_type)
        and _km(first.place, d.place) <= NEIGHBOUR_SITE_KM
        and not _ANOTHER.search(text, d.seg[0], d.seg[1])
    )


def _consolidate(
    doc: Document,
    drafts: list[_Draft],
    gaz: Gazetteer,
    warnings: list[str],
    tr: _Trace = _NO_TRACE,
) -> list[Report]:
    for d in drafts:
        base = _town_base(doc.text, d, drafts, gaz)
        if base is not None:
            if tr.on:
                tr(
                    d.sentence_idx,
                    f"report at {d.place.name}",
                    R.TOWN_BASE,
                    f"a base named by its town: {base.name}",
                )
            d.place_reason = f"{d.place_reason}; the base of {d.place.name}: {base.name}"
            d.place = base
    redated: list[tuple[_Draft, object, str]] = []  # (draft, its day before, its phrase)
    for d in drafts:
        lm = _landmark(doc.text, d, gaz, doc.published)
        if lm is None and (lm := _landmark_at_site(d, gaz, doc.published)) is not None:
            if tr.on:
                tr(
                    d.sentence_idx,
                    f"report at {d.place.name}",
                    R.LANDMARK_AT_SITE,
                    f"dated only to the {'week' if d.precision == 2 else 'month'}: the "
                    f"{lm.event_id} attack ({lm.summary})",
                )
            d.date_reason = (
                f"{d.date_reason}; at the site of the landmark attack {lm.event_id} "
                "(gazetteer/events.csv), dated by it"
            )
            d.date_value, d.precision, d.before = lm.date, 1, None
            if d.place.place_id != lm.place_id:
                d.place_reason = f"{d.place_reason}; the landmark {lm.event_id} in it"
                d.place = gaz.places[lm.place_id]
            continue
        if lm is not None:
            if not d.soft_date and d.precision > 1:
                # a vague day of its own sentence ("last month"), the narrative's source
                redated.append((d, d.date_value, d.date_phrase))
            if tr.on:
                tr(
                    d.sentence_idx,
                    f"report at {d.place.name}",
                    R.LANDMARK,
                    f"the {lm.event_id} attack ({lm.summary})",
                )
            site = gaz.places[lm.place_id]
            d.place_reason = f"{d.place_reason}; a back-reference to the landmark {lm.event_id}"
            d.place = site
            d.date_value, d.precision, d.soft_date = lm.date, 1, False
            d.date_reason = (
                f"{d.date_reason}; the landmark attack {lm.event_id} (gazetteer/events.csv)"
            )
    for d in drafts:
        # "Last month, three were wounded in a drone attack ... The U.S. responded with
        # airstrikes": a report dated only by the narrative that the landmark's report gave
        # follows it to the landmark's day, known to the week
        src = next(
            (
                r
                for r, day, phrase in redated
                if d.soft_date
                and d is not r
                and 0 < d.sentence_idx - r.sentence_idx <= 3
                and (d.date_value, d.date_phrase) == (day, phrase)
            ),
            None,
        )
        if src is not None:
            d.date_value, d.precision = src.date_value, 2
            d.date_reason = f"{d.date_reason}; told after the landmark attack, dated by it"
    merged: list[_Draft] = []
    at_place: dict[str, list[_Draft]] = {}  # the same incident is at the same place
    guessed = {id(d) for d in drafts if d.soft_date}
    for d in drafts:
        here = at_place.setdefault(d.place.place_id, [])
        target = next(
            (k for k in here if _same_incident(k, d) and not _another_day_told(doc.text, k, d)),
            None,
        )
        if target is None:
            merged.append(d)
            here.append(d)
        else:
            if tr.on:
                tr(
                    d.sentence_idx,
                    f"report at {d.place.name}",
                    R.SAME_INCIDENT,
                    f"told again: joined to the report of sentence {target.sentence_idx + 1}",
                )
            _absorb(target, d)
    _share_told_days(merged, guessed, tr)
    # "The attack, which was launched against Camp Victory, ...": a definite reference to
    # the attack told before, naming a site next to it, is that attack.
    again: list[_Draft] = []
    for d in merged:
        k = next((k for k in again if _told_again_nearby(doc.text, k, d)), None)
        if k is None:
            again.append(d)
            continue
        if tr.on:
            tr(
                d.sentence_idx,
                f"report at {d.place.name}",
                R.SAME_ATTACK_NEARBY,
                f"'the attack' told before, at {k.place.name} ({_km(k.place, d.place):.0f} km away)",
            )
        _absorb(k, d)
    merged = again
    # A vaguer report yields to a precise one inside it (same country, compatible day).
    # The most precise yield first ("the attack in Erbil" to Erbil Air Base), so that what
    # a vaguer report would yield to is already what it is.
    yielded: set[int] = set()
    for d in sorted(merged, key=_vagueness):
        if d.place.precision >= 2 or d.place.kind in {
            "airport",  # "the base at Baghdad International Airport": Victory, inside it
            "neighbourhood",
            "city",
            "town",
            "governorate",
            "country",
            "region",
            "district",
        }:
            inside = [
                k for k in merged
                if k is not d and id(k) not in yielded and k.place.country == d.place.country
                and k.place.place_id != d.place.place_id
                and _compatible_dates(k, d)
                and not _preceded(k, d)
                and (types_fit(d.attack_type, k.attack_type) or _us_drone_strike(d, k))
                and not _strike_on_own_base(d, k)
                and not _told_as_another(doc.text, d)
                and (gaz.contains(d.place.place_id, k.place.place_id) or _base_near_town(doc.text, d, k, gaz))
            ]  # fmt: skip
            if inside:
                if len(inside) > 1:  # several attacks there: the one of the same day
                    same_day = [k for k in inside if k.date_value == d.date_value]
                    inside = same_day if len(same_day) == 1 else inside
                if len(inside) == 1:
                    if _us_drone_strike(d, inside[0]):
                        inside[0].attack_type = "airstrike"  # the US drone strike told again
                    _absorb(inside[0], d)  # what the vaguer report said stays (its weapon, its day)
                yielded.add(id(d))
                if tr.on:
                    tr(
                        d.sentence_idx,
                        f"report at {d.place.name}",
                        R.YIELDS_TO_PRECISE,
                        f"a vaguer place than {inside[0].place.name} (same attack)",
                    )
    final = [d for d in merged if id(d) not in yielded]
    reports = []
    states = {a.name for a in gaz.actors.values() if a.kind in {"state", "state_force"}}
    others = states - _CAMPAIGN_STATES
    state_strikes: re.Match[str] | bool | None = False  # searched once, when first needed
    for d in final:
        other = _other_state(doc.text, d, others)
        if not other and d.actor1 is None and d.attack_type in _STATE_WEAPONS:
            # "The IRGC said its missile strikes in Iraq targeted ... in Erbil": an article
            # of a state's own strikes; its reports with no other doer are those strikes
            if state_strikes is False:
                state_strikes = _STATE_STRIKES.search(doc.text)
            if isinstance(state_strikes, re.Match):
                other = f"{state_strikes.group('state')} (the article tells its strikes)"
        if other:
            # "Iran's Revolutionary Guards fired missiles at Erbil", "a Turkish drone strike":
            # another state's war, not attacks on US forces and the US replies
            if tr.on:
                tr(
                    d.sentence_idx,
                    f"report at {d.place.name}",
                    R.OTHER_STATE,
                    f"{other}: not an attack of this campaign",
                )
            continue
        if d.attack_type == "airstrike" and d.actor1 and d.actor1 not in states:
            # a group named beside an air strike is its target ("strikes on Kataib
            # Hezbollah", "casualties among its fighters"), never the one who struck
            if tr.on:
                tr(
                    d.sentence_idx,
                    f"report at {d.place.name}",
                    R.STRIKE_ACTOR,
                    f"{d.actor1} named beside an air strike: its target, not the striker",
                )
            d.actor1, d.claimed = None, None
        elif d.attack_type != "airstrike" and d.actor1 in _DEFENDERS:
            # "the spokesman for the US-led coalition said rockets hit the base": the forces
            # attacked (or their spokesman), never the attacker of a rocket or drone attack
            if tr.on:
                tr(
                    d.sentence_idx,
                    f"report at {d.place.name}",
                    R.DEFENDER_ACTOR,
                    f"{d.actor1} named beside a {d.attack_type} attack: the side attacked",
                )
            d.actor1, d.claimed = None, None
        if d.date_value is None:
            if doc.published is not None:
                earlier = _earlier_news(doc.text, d)
                day = doc.published - timedelta(days=1 if earlier else 0)
                d.date_value, d.precision = day, 2
                d.date_reason = (
                    f"no date in the text, told as earlier news ({earlier!r}): before "
                    f"publication {doc.published.isoformat()}, known to the week"
                    if earlier
                    else f"no date in the text: the week of publication {doc.published.isoformat()}"
                )
            else:
                warnings.append(
                    f"{doc.name}: incident at {d.place.name} has no date (no publication date)"
                )
        if _before_campaign(d):
            if tr.on:
                tr(
                    d.sentence_idx,
                    f"report at {d.place.name}",
                    R.BEFORE_CAMPAIGN,
                    f"{d.date_value}: before the campaign began ({CAMPAIGN_START})",
                )
            continue
        d.evidence = sorted(set(d.evidence))
        evidence = tuple(Evidence(doc.text[a:b], a, b) for a, b in d.evidence)
        reason = f"{d.attack_type} from {d.cue!r} at {d.place_phrase!r} ({d.place_reason})"
        if d.date_phrase or d.date_reason:
            reason += (
                f"; date {d.date_phrase!r}: {d.date_reason}"
                if d.date_phrase
                else f"; {d.date_reason}"
            )
        if d.notes:
            reason += "; " + "; ".join(dict.fromkeys(d.notes))
        reports.append(
            Report(
                document=doc,
                event_date=d.date_value,
                time_precision=d.precision,
                place=d.place,
                attack_type=d.attack_type,
                evidence=evidence,
                date_phrase=d.date_phrase,
                date_reason=d.date_reason,
                place_phrase=d.place_phrase,
                place_reason=d.place_reason,
                intercepted=d.intercepted,
                target=d.target,
                actor1=d.actor1,
                claimed=d.claimed,
                fatalities=d.fatalities,
                injuries=d.injuries,
                count=d.count,
                reason=reason,
            )
        )
    return reports
