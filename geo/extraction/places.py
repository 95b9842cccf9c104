"""Stage 3, places: which places a sentence names as where an attack happened.

It chooses among the places a name may mean ("Erbil": the city or its province), accepts a
short name ("Asad") only with a kind word or an earlier full mention, and drops a place
outside the campaign's theatre, part of a longer name, a launch point, a government or a
speaker, a country used as a modifier or not after a locative ("in", "across"), countries
only listed ("in Iraq and Syria", unless one US strike package), a container of a place
named beside it, and a town that is a reference point for a site. With no place left, "the
base" may mean the site named just before, and a town the curated gazetteer lacks may come
from the offline world tier.
"""

from __future__ import annotations

import bisect
import re
from datetime import date
from typing import Final

from geo import lexicon as lx
from geo._regex import compile_guarded
from geo.extraction import rules as R
from geo.extraction._types import Sentence, _Cue, _Trace
from geo.extraction.cues import _pair, _words_before
from geo.extraction.segmentation import _WORD, _segments
from geo.gazetteer import SITE_KINDS, Gazetteer, Mention
from geo.models import Place, type_family
from geo.normalize import article_start
from geo.places import haversine_km, most_precise, place_like_spans, resolve_name

#: Countries of the campaign: attacks on US and coalition forces in Iraq, Syria and Jordan,
#: and the US strikes in reply. A place elsewhere (the Red Sea, Israel, Lebanon, Iran, the
#: United States itself) is never where one of its incidents happened.
THEATRE: Final = frozenset({"IQ", "SY", "JO"})
#: The day the campaign began: the first drone attacks on US forces in Iraq and Syria came
#: on 17 October 2023, ten days into the Gaza war. Earlier attacks on the same bases (the
#: 2020-2023 rocket waves, told in articles of their own time) are another campaign's.
CAMPAIGN_START: Final = date(2023, 10, 17)


#: A town this close to a site named in the same sentence is a reference point.
REFERENCE_KM: Final = 100.0


#: Between a place and the next: "near the US garrison at", ", close to", "20 km north of".
_NEAR_REFERENCE: Final = compile_guarded(
    # "the Harir base belonging to the American military near Erbil airport": whose it is
    # may come between the site and its reference
    r"[\s,]*(?:(?:belonging\s+to|used\s+by|run\s+by|operated\s+by|housing|hosting)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,3}?)?"
    r"(?:near|close\s+to|not\s+far\s+from|next\s+to|on\s+the\s+outskirts\s+of|"
    r"\d+\s*(?:km|kilometres|kilometers|miles)\s+(?:\w+\s+)?(?:north|south|east|west)\w*\s+of)"
    r"\s+(?:(?!(?:and|or|but)\s)[\w.-]+\s+){0,5}(?:[ae][ln]-)?",
    re.I,
)
#: A province word right after a name that is both a city and its province.
#: Also a plural after a list of such names: "in Hasakah and Deir ez-Zor provinces".
_PROVINCE_AFTER: Final = compile_guarded(
    r"^(?:\s*(?:,|and|or)\s+(?:[\w’'-]+\s+){0,3}?[\w’'-]+)?"
    r"\s+(?:province|governorate|governate|region)s?\b",
    re.I,
)


#: A city word before a name: "the city of Deir ez-Zor" is the city, whatever else is named.
_CITY_BEFORE: Final = compile_guarded(r"\b(?:city|town)\s+of\s+(?:the\s+)?(?:[ae][ln]-)?$", re.I)


#: A province word before a name: "the eastern province of Deir Ezzor", "the province of
#: al-Hasakah" (a name's match starts after its article).
_PROVINCE_BEFORE: Final = compile_guarded(
    r"\b(?:province|governorate|governate)\s+of\s+(?:the\s+)?(?:[ae][ln]-)?$", re.I
)


#: What follows a dateline's city: ", Iraq", ", Dec. 3", "(Reuters)", then a dash.
_DATELINE_AFTER: Final = compile_guarded(
    r"(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?"  # ", Iraq", ", Dec. 3" (month word)
    r"(?:,?\s*(?:\d{1,2}\s+[A-Z][a-z]{2,8}\.?|[A-Z][a-z]{2,8}\.?\s+\d{1,2}))?"  # date
    r"(?:,?\s*20\d\d)?"
    r"\s*(?P<agency>\([^()\n]{2,40}\)\s*)?"
    r"(?:--|[—–-])\s"
)


def _dateline(text: str, m: Mention) -> bool:
    """Tell whether a place opens a paragraph as its dateline ("DAMASCUS, Dec. 3 (Xinhua) --").

    Only a city in capitals, or one followed by the agency in brackets, and then a dash:
    "Erbil - a drone attack ..." in a headline is where it happened.
    """
    line = text.rfind("\n", 0, m.start) + 1
    lead = text[line : m.start].strip()
    if lead and lead.lower() not in {"al-", "el-", "al", "el"}:
        return False
    after = _DATELINE_AFTER.match(text, m.end, min(len(text), m.end + 80))
    if after is None:
        return False
    word = text[m.start : m.end]
    return bool(after.group("agency")) or (word.isupper() and len(word) > 2)


def _choose_place(
    m: Mention,
    gaz: Gazetteer,
    after: str,
    sentence_countries: set[str],
    before: str = "",
    others: frozenset[str] = frozenset(),
) -> tuple[Place, str] | None:
    """Choose among the places a name may mean ("Erbil": the city or its province).

    ``others`` are the places the sentence's names may mean (this name's own are not
    counted): "a convoy in Al Bukamal in Deir ez-Zor" names the province that holds Al
    Bukamal, not the city of Deir ez-Zor.
    """
    places = [gaz.places[i] for i in m.ids if i in gaz.places]
    if not places:
        return None
    provinces_holding = [
        p
        for p in places
        if p.kind == "governorate"
        and any(o not in m.ids and gaz.contains(p.place_id, o) for o in others)
    ]
    if provinces_holding and len(places) > 1 and not _CITY_BEFORE.search(before):
        p = provinces_holding[0]
        return (
            p,
            f"{m.alias_type} alias {m.text!r}: {p.name} province, which holds a place named beside it",
        )
    if _PROVINCE_BEFORE.search(before) or _PROVINCE_AFTER.match(after):
        # "the province of Deir Ezzor": a city named for its province means the province
        for p in places:
            parent = gaz.places.get(p.parent_id or "")
            if parent is not None and parent.kind == "governorate" and parent.name == p.name:
                return (
                    parent,
                    f"{m.alias_type} alias {m.text!r} with a province word: {parent.name} province",
                )
    if len(places) == 1:
        return places[0], f"{m.alias_type} alias {m.text!r}"
    in_country = [p for p in places if p.country in sentence_countries]
    pool = in_country or places
    provinces = [p for p in pool if p.kind == "governorate"]
    if provinces and _PROVINCE_AFTER.match(after):
        return provinces[0], f"{m.alias_type} alias {m.text!r} followed by a province word"
    if provinces and _PROVINCE_BEFORE.search(before):
        return provinces[0], f"{m.alias_type} alias {m.text!r} after 'province of'"
    best = most_precise(pool)
    why = "country named in the sentence" if in_country else "most precise candidate"
    return (
        best,
        f"{m.alias_type} alias {m.text!r} names {len(places)} places; chose {best.place_id} ({why})",
    )


def _accept_short(text: str, m: Mention, doc_ids: set[str]) -> str | None:
    """Accept a short alias ("Euphrates", "Asad") only with a kind word or an earlier mention."""
    around = text[max(0, m.start - 30) : m.end + 30]
    if lx.KIND_WORDS.search(around):
        return "kind word nearby"
    if any(i in doc_ids for i in m.ids):
        return "named in full earlier in the article"
    lead = article_start(text, m.start)  # "attack on Al-Asad": the match starts at "Asad"
    if lx.ATTACKED_BEFORE.search(text[max(0, lead - 40) : lead]) and not m.text.isupper():
        return "the object of an attack"
    return None


#: A country after "near" or "close to" is a direction ("the town of al-Qaim near Syria").
_NEAR_COUNTRY: Final = compile_guarded(
    r"\b(?:near|close\s+to|bordering|toward|towards|next\s+to)\s+(?:the\s+)?"
    r"(?:border\s+with\s+)?$",
    re.I,
)
_TOWN_KINDS: Final = frozenset({"city", "town", "village", "governorate", "district"})


#: A town's name followed by another capitalised word is part of a longer name, another
#: place or a body ("Hama Agha", a village; "Kirkuk Police"), unless the word is a date, a
#: kind word or a direction.
_NAME_GOES_ON: Final = compile_guarded(
    r"\s(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|"
    r"April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|"
    r"Aug|Sep|Sept|Oct|Nov|Dec|Province|Governorate|Governate|City|Region|District|Air|Airport|"
    r"Base|International|North|South|East|West|Northern|Southern|Eastern|Western|Central|AP|AFP|"
    r"Reuters|The|A|An|On|In|At|US|U\.S\.|Iraq|Syria|Jordan)\b)[A-Z][a-z]+\b"
)


#: An unnamed site told where it is: "impacted a U.S. military facility located in northeastern
#: Jordan": the place of the site attacked, not a reference.
_SITE_LOCATED_IN: Final = compile_guarded(
    r"\b(?:facility|base|outpost|garrison|post|installation|compound|camp)\s+(?:located|situated)"
    r"\s+in\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+|(?:north|south)-?(?:east|west)"
    r"(?:ern)?\s+)?$",
    re.I,
)


def _attack_places(
    text: str,
    gaz: Gazetteer,
    s: Sentence,
    si: int,
    cues: list[_Cue],
    s_mentions: list[Mention],
    full_ids: set[str],
    recent: list[tuple[int, Place]],
    doc_countries: frozenset[str],
    tr: _Trace,
) -> tuple[list[tuple[Mention, Place, str]], set[int]]:
    """Return the places of a sentence where an attack may have happened, with why.

    Also returns the starts of the countries kept as shares of one US strike package
    ("struck 85 targets in Iraq and Syria"). Each place dropped leaves a decision on ``tr``,
    and so does the sentence when no place is left.
    """
    chunk = text[s.start : s.end]
    countries = {
        gaz.places[i].country
        for m in s_mentions
        if m.category == "place"
        for i in m.ids
        if i in gaz.places
    }
    chosen: list[tuple[Mention, Place, str]] = []
    words = _WORD.findall(chunk)
    title_case = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)
    package = _strike_package(text, s, cues)
    package_ids: set[int] = set()
    # the places the sentence's names may mean (a name's own are left out where used)
    named_ids = frozenset(i for o in s_mentions if o.category == "place" for i in o.ids)
    for m in s_mentions:
        if m.category != "place":
            continue
        picked = _choose_place(
            m,
            gaz,
            text[m.end : min(s.end, m.end + 40)],
            countries,
            text[max(s.start, m.start - 30) : m.start],
            named_ids,
        )
        if picked is None:
            continue
        place, why = picked
        subject = f"{m.text!r} ({place.place_id})" if tr.on else ""
        if place.country not in THEATRE:
            if tr.on:
                tr(
                    si,
                    subject,
                    R.OUT_OF_THEATRE,
                    f"in {place.country}, outside the campaign's theatre ({', '.join(sorted(THEATRE))})",
                )
            continue
        if m.alias_type in {"anaphora", "world"}:
            pass
        elif m.alias_type == "short":
            ok = _accept_short(text, m, full_ids)
            if ok is None:
                if tr.on:
                    tr(
                        si,
                        subject,
                        R.SHORT_NAME,
                        "a short name with no kind word or earlier full mention",
                    )
                continue
            why += f" ({ok})"
        before = text[max(s.start, m.start - 60) : m.start]
        after = text[m.end : min(s.end, m.end + 40)]
        if place.kind in _TOWN_KINDS and not title_case and _NAME_GOES_ON.match(after):
            if tr.on:
                tr(
                    si,
                    subject,
                    R.LONGER_NAME,
                    f"part of a longer name ({m.text + after.split(',')[0][:20]!r}), another place",
                )
            continue
        if _dateline(text, m):
            if tr.on:
                tr(si, subject, R.DATELINE, "the city the story was filed from, in its dateline")
            continue
        if (
            lx.NOT_TARGET_BEFORE.search(before) and not _SITE_LOCATED_IN.search(before)
        ) or lx.NOT_TARGET_AFTER.search(after):
            if tr.on:
                tr(
                    si,
                    subject,
                    R.NOT_TARGET,
                    "named as a launch point, a government, a reference or a speaker, not where an attack happened",
                )
            continue
        if place.kind == "country":
            if lx.MODIFIED_NOUN.match(after):
                if tr.on:
                    tr(
                        si,
                        subject,
                        R.COUNTRY_MODIFIER,
                        "a country used as a modifier ('US officials')",
                    )
                continue
            if _NEAR_COUNTRY.search(before):
                if tr.on:
                    tr(
                        si,
                        subject,
                        R.NEAR_COUNTRY,
                        "'near Syria', 'close to Iraq': a direction, not where it happened",
                    )
                continue
            if not lx.LOCATIVE_BEFORE.search(before):
                if tr.on:
                    tr(
                        si,
                        subject,
                        R.COUNTRY_NOT_LOCATIVE,
                        "a country is a location only after 'in', 'across', 'at'...",
                    )
                continue
            listed_after_town = (
                bool(re.search(r",\s*$", before))
                and not any(
                    # "a facility at Maysulun, Syria": a town the gazetteer lacks, then its
                    # country; a list has a country before the comma ("Iraq, Syria and Jordan")
                    o.end <= m.start
                    and not text[o.end : m.start].strip(" ,")
                    and o.ids
                    and gaz.places.get(o.ids[0]) is not None
                    and gaz.places[o.ids[0]].kind == "country"
                    for o in s_mentions
                )
                and not re.search(r"\b(?:or|and)\s+\S+\s*,\s*$", before)
            )
            if not listed_after_town and (
                re.search(r"\b(?:or|and)\s+$|,\s*$", before)
                or re.match(r"\s*(?:,|or\b|and\b)\s*[A-Z]", after)
            ):
                if package and not _ATTACKS_ON_US_BEFORE.search(
                    text, max(s.start, m.start - 80), m.start
                ):
                    # "US jets struck 85 targets in Iraq and Syria": one strike package,
                    # reported as a share in each country, at country precision.
                    package_ids.add(m.start)
                    chosen.append((m, place, why + "; one country of a US strike package"))
                    continue
                if tr.on:
                    tr(
                        si,
                        subject,
                        R.COUNTRIES_LISTED,
                        "'in Iraq and Syria': not known where",
                    )
                continue
        chosen.append((m, place, why))
    # Containers yield to the places inside them named in the same clause ("strikes in Iraq
    # in response to a drone attack on Erbil Air Base" tells two attacks).
    bounds = [b for _, b in _segments(text, s)] if len(chosen) > 1 else []
    kept = []
    for c in chosen:
        clause = bisect.bisect_right(bounds, c[0].start)
        inner = next((o for o in chosen if o[1].place_id != c[1].place_id and gaz.contains(c[1].place_id, o[1].place_id) and bisect.bisect_right(bounds, o[0].start) == clause), None)  # fmt: skip
        if inner is not None and _two_attacks(text, c[0], inner[0], cues):
            inner = None  # "US strikes in Syria after a rocket attack on a base in Hasakah"
        if inner is None:
            kept.append(c)
        else:
            if tr.on:
                tr(
                    si,
                    f"{c[0].text!r} ({c[1].place_id})",
                    R.CONTAINER,
                    f"contains {inner[1].name}, named in the same sentence",
                )
    # A town or city named beside a site is a reference point ("Harir air base, north-east
    # of Erbil"), not a second target.
    sites = [c[1] for c in kept if c[1].kind in SITE_KINDS]
    for c in list(kept):
        near = next((st for st in sites if c[1].kind not in SITE_KINDS and st.country == c[1].country and _km(st, c[1]) <= REFERENCE_KM), None)  # fmt: skip
        if near is not None:
            kept.remove(c)
            if tr.on:
                tr(
                    si,
                    f"{c[0].text!r} ({c[1].place_id})",
                    R.REFERENCE_TOWN,
                    f"a reference point for {near.name}, named in the same sentence",
                )
    # "a camp in al-Rukban near the US garrison at al-Tanf": the place after "near" says
    # where the first one is; only the first was attacked.
    for c in list(kept):
        first = next((o for o in kept if o is not c and o[0].end <= c[0].start and _NEAR_REFERENCE.fullmatch(text, o[0].end, c[0].start)), None)  # fmt: skip
        if first is not None and first[1].place_id != c[1].place_id:
            kept.remove(c)
            if tr.on:
                tr(
                    si,
                    f"{c[0].text!r} ({c[1].place_id})",
                    R.NEAR_REFERENCE,
                    f"named to say where {first[1].name} is",
                )
    if recent and (not kept or all(c[1].kind in _AREA_KINDS for c in kept)):
        # "fired two rockets at the base ..., along with another attack in Syria": the base
        # named before, beside a country (or a province: "rockets fell around the base as
        # other attacks targeted bases in Hasakah province") named for another attack.
        ana = _anaphora(text, s, recent)
        if ana and (not kept or all(c[0].start > ana[0][0].end for c in kept)):
            kept = ana + [c for c in kept if c[1].country != ana[0][1].country]
    if doc_countries and all(c[1].precision >= 3 for c in kept):
        # Nothing more precise than a province or country: try the offline world tier.
        world = _world_places(text, s, gaz, doc_countries)
        if world:
            found = {w[1].country for w in world}
            kept = [c for c in kept if c[1].country not in found]  # the town is more precise
            kept += world
    if not kept:
        if chosen or any(m.category == "place" for m in s_mentions):
            if tr.on:
                tr(
                    si,
                    "sentence",
                    R.NO_PLACE,
                    "an attack word, but no place left where an attack happened",
                )
        else:
            if tr.on:
                tr(si, "sentence", R.NO_PLACE, "an attack word, but no place named")
    return kept, package_ids


#: "attacks against US personnel in Iraq and Syria": the countries of the attacks the
#: strikes answer, not of the strikes.
_ATTACKS_ON_US_BEFORE: Final = compile_guarded(
    r"\battacks\s+(?:on|against|targeting)\s+(?:the\s+)?(?:US|U\.S\.|American|coalition|"
    r"Coalition)(?!\w)[^,;]*$"
)
#: A strike word of a strike package ("struck", "strikes", "bombed", "hit").
_STRIKE_VERB: Final = compile_guarded(
    r"^(?:struck|strikes?|bomb(?:ed|ing|s)?|hit|pounded|raids?)$", re.I
)


#: "The US responded on Friday with a series of strikes": the United States striking back.
_US_RESPONSE_BEFORE: Final = compile_guarded(
    r"\b(?:US|U\.S\.|United\s+States|American|Washington|Pentagon)\s+(?:military\s+|forces\s+)?"
    r"(?:responded|retaliated|answered|hit\s+back|struck\s+back)\b[^.;:]{0,40}?\bwith\b"
    r"[^.;:]{0,50}$"
)


def _two_attacks(text: str, outer: Mention, inner: Mention, cues: list[_Cue]) -> bool:
    """Tell whether a container and a place inside it are told of two attacks.

    "The US carried out air strikes in Syria following a rocket attack on a base in Hasakah":
    an air strike on one side and a militia weapon on the other are two attacks, so Syria is
    not a mere container of Hasakah.
    """
    a, b = _pair(outer, cues, text), _pair(inner, cues, text)
    if a is None or b is None or a is b or not (a.weapon and b.weapon):
        return False
    kinds = {a.attack_type, b.attack_type}
    return "airstrike" in kinds and len({type_family(k) for k in kinds}) == 2


_IN_PLACE_AFTER: Final = compile_guarded(r"\bin\s+(?:the\s+)?[A-Z]")


def _strike_package(text: str, s: Sentence, cues: list[_Cue]) -> bool:
    """Tell whether a sentence tells one US strike across several countries.

    "American forces struck 85 targets in Syria and Iraq", "US air strikes in Iraq and Syria
    on Friday": a strike by the United States (an airstrike word, or a strike verb with the
    US as its subject) in a sentence that names the US. Militia attacks "on US forces in
    Iraq and Syria" are not one: their weapon is not a strike by the United States. Nor
    is a strike told as history ("the first attack in Syria or Iraq since the U.S.
    launched retaliatory strikes").
    """
    if not lx.US_ACTOR.search(text, s.start, s.end):
        return False
    for c in cues:
        if lx.BACKGROUND.search(_words_before(text, c.start, s.start)) and not (
            lx.RECENT_AFTER.match(text, c.end, s.end) and _IN_PLACE_AFTER.search(text, c.end, s.end)
        ):
            # "the first attack in Syria since the US launched strikes on Friday": history;
            # but "since the US launched strikes overnight in Iraq and Syria": last night's
            continue
        if c.attack_type == "airstrike":
            return True
        if _STRIKE_VERB.match(c.text) and (
            lx.US_SUBJECT.search(text, max(s.start, c.start - lx.US_SUBJECT_REACH), c.start)
            or _US_RESPONSE_BEFORE.search(text, max(s.start, c.start - 120), c.start)
        ):
            return True
    return False


def _km(a: Place, b: Place) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def _sites(
    mentions: list[Mention], gaz: Gazetteer, si: int, full_ids: set[str]
) -> list[tuple[int, Place]]:
    """Return the sites and towns a sentence names, for a later "the base" or "there".

    A short name ("Al-Asad") counts once the article has named the site in full. "the base"
    takes only a site of its kind (:func:`_anaphora`); "the attack there" the latest of all.
    """
    out = []
    for m in mentions:
        if m.category == "place" and m.ids and (m.alias_type != "short" or m.ids[0] in full_ids):
            p = gaz.places.get(m.ids[0])
            if p is not None and (p.kind in SITE_KINDS or p.kind in _THERE_KINDS):
                out.append((si, p))
    return out


_ANAPHOR_KINDS: Final = {
    "embassy": {"embassy"},
    "consulate": {"consulate"},
    "airport": {"airport", "air_base"},
    "airfield": {"airport", "air_base"},
}


#: Places a later "there" may be: a town, besides the sites.
_THERE_KINDS: Final = frozenset({"city", "town", "village", "neighbourhood", "district"})
#: Places no more precise than a province: beside them, "the base" is the site named before.
_AREA_KINDS: Final = frozenset({"country", "governorate", "region"})


#: "there" after an attack word: the place just named ("the last attack there", not the
#: existential "there were no injuries").
_ATTACK_THERE: Final = compile_guarded(
    r"\b(?:attacks?|strikes?|assaults?|incidents?|barrages?|rockets?|drones?|shelling)\s+"
    r"(?P<there>there)\b",
    re.I,
)


def _anaphora(
    text: str, s: Sentence, recent: list[tuple[int, Place]]
) -> list[tuple[Mention, Place, str]]:
    """Resolve "the base", "the same air base", "the embassy" to the site named last."""
    m = lx.ANAPHORA.search(text, s.start, s.end)
    if m is None:
        there = _ATTACK_THERE.search(text, s.start, s.end)
        if there is None:
            return []
        # "the last rocket attack there was on Oct. 25": the place named last, whatever it is
        for _, place in reversed(recent):
            if place.kind not in _AREA_KINDS:
                a, b = there.span("there")
                mention = Mention(a, b, "there", "place", (place.place_id,), "anaphora")
                return [(mention, place, f"'there' refers to {place.name}, named just before")]
        return []
    kind = re.sub(r"\s+", "_", m.group("kind").lower())
    allowed = _ANAPHOR_KINDS.get(kind, SITE_KINDS - {"embassy", "consulate"})
    for _, place in reversed(recent):
        if place.kind in allowed:
            mention = Mention(m.start(), m.end(), m.group(), "place", (place.place_id,), "anaphora")
            return [(mention, place, f"{m.group()!r} refers to {place.name}, named just before")]
    return []


#: How many world-tier answers a gazetteer remembers (names of articles read, bounded).
WORLD_ANSWERS_MAX: Final = 50_000


def _world_places(
    text: str, s: Sentence, gaz: Gazetteer, countries: frozenset[str]
) -> list[tuple[Mention, Place, str]]:
    """Fall back to the offline GeoNames tier for a town the curated gazetteer lacks.

    Only a capitalised name after "in", "near", "at"... whose GeoNames place lies in a
    country of the campaign's theatre that the article names through curated places ("a
    drone hit a base near Tal Abyad").
    """
    out = []
    answers = gaz.world_answers
    for name, a, b in place_like_spans(text, s.start, s.end):
        key = (name, countries)
        if key in answers:
            res = answers[key]
        else:
            # curated, then world; never online (None for an actor's name)
            res = None if gaz.actor(name) else resolve_name(name, gaz, countries=countries)
            if len(answers) < WORLD_ANSWERS_MAX:
                answers[key] = res
        if res is None or res.tier != "world" or res.place.kind != "city":
            continue
        if res.place.country not in THEATRE:
            continue  # "near Sanaa, Yemen": a town of a country the campaign is not in
        place = res.place
        why = f"offline world gazetteer: {place.source_ref} in {place.country}, a country the article names"
        out.append((Mention(a, b, text[a:b], "place", (place.place_id,), "world"), place, why))
    return out
