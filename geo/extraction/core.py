"""The composition of the extraction stages: :func:`extract` reads one document in order.

It segments the text, finds every place and actor (one matcher pass) and every cue (one
automaton pass), then reads the sentences in order. A sentence with an attack cue gives
drafts (:func:`_sentence_reports`: its places, each paired with its cue, kept or dropped by
the rules of wording, typed, dated and counted), and the sentence's facts (casualties, actor,
claim) are read into them; a sentence without a place of its own may complete the latest
drafts, or place an attack told without one; running counts become tallies. The drafts of
the document are consolidated into its reports at the end. The narrative date (the last
date told in the paragraph, else in the lead) dates a sentence that tells none.
"""

from __future__ import annotations

import bisect
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from typing import Final

from geo import lexicon as lx
from geo._regex import compile_guarded
from geo.dates import DateMention, find_dates
from geo.extraction import rules as R
from geo.extraction._types import _NO_TRACE, Decision, Extraction, Sentence, _Cue, _Draft, _Trace
from geo.extraction.completion import (
    _EVENT_DAY,
    _EVENT_PLACE,
    _WITNESSED,
    DATED_REFERENCE_SENTENCES,
    PENDING_SENTENCES,
    REPLY_REACH_SENTENCES,
    WITNESS_GAP,
    _complete_latest,
    _dated_reference,
    _no_claim_later,
    _pending_at,
    _place_later,
    _Placeless,
    _placeless,
    _placeless_landmark,
    _reply_day,
    _witnessed_day,
)
from geo.extraction.consolidate import _compatible_dates, _consolidate
from geo.extraction.cues import (
    _US_DRONE_BEFORE,
    _coordinated,
    _dual_weapons,
    _irrealis,
    _listed,
    _pair,
    _told_as_background,
    _words_before,
    cues_of,
)
from geo.extraction.dating import (
    _earlier_than,
    _pick_date,
    _quoted_today,
    _relative_day,
    _report_days,
    _separate_days,
    _without_dateline,
    said_day,
)
from geo.extraction.facts import (
    _COUNT_BEFORE,
    _DIGIT,
    _ITS_FIGHTERS,
    _TALLY_CONTEXT,
    UNITED_STATES,
    _actor_mentions,
    _attribution,
    _casualties,
    _claim_of_these,
    _generic,
    _group_claims,
    _number,
    _numbered_targets,
    _tallies,
    _target,
)
from geo.extraction.places import (
    _US_RESPONSE_BEFORE,
    THEATRE,
    _attack_places,
    _sites,
)
from geo.extraction.segmentation import _segments, segment
from geo.gazetteer import SITE_KINDS, Gazetteer, Mention
from geo.models import Document, Evidence, Place, Report, Tally, type_family
from geo.normalize import tokenize

__all__ = ["extract", "extract_all"]

log = logging.getLogger(__name__)

#: A report dated more than this long before publication is background, not news.
BACKGROUND_DAYS: Final = 200
#: How many sentences back "the base" may look for the site it means.
ANAPHORA_SENTENCES: Final = 4
#: How many sentences after a report a sentence with no place may still complete it.
LATER_SENTENCES: Final = 5
#: How many sentences back an earlier report of the same attack is looked for.
RELATED_SENTENCES: Final = 12


#: A document longer than this is read in windows of about this size, cut at a paragraph
#: break (else a sentence end, else a space): no news article comes near it, and reading a
#: 64 MB file as one text held every token, mention and cue of it at once (about 45 bytes
#: of working memory per character). Each window is read as the article would be; reports
#: and tallies point into the whole text.
WINDOW_CHARS: Final = 200_000


def _windows(text: str, size: int = WINDOW_CHARS) -> Iterator[tuple[int, int]]:
    """Yield (start, end) spans that cover ``text``, each at most about ``size`` long."""
    start, n = 0, len(text)
    while start < n:
        end = min(n, start + size)
        if end < n:
            half = start + size // 2
            cut = text.rfind("\n\n", half, end - 1)
            cut = cut + 2 if cut >= 0 else -1  # after the break
            if cut < 0:
                cut = max(text.rfind(". ", half, end - 1), text.rfind(".\n", half, end - 1))
                cut = cut + 2 if cut >= 0 else -1  # after the full stop and its space
            if cut < 0:
                cut = text.rfind(" ", half, end)
                cut = cut + 1 if cut >= 0 else -1
            end = cut if cut > start else end
        yield start, end
        start = end


def _shift_report(r: Report, doc: Document, offset: int) -> Report:
    return replace(
        r,
        document=doc,
        evidence=tuple(
            Evidence(e.text, e.char_start + offset, e.char_end + offset) for e in r.evidence
        ),
    )


def _extract_windows(doc: Document, gazetteer: Gazetteer) -> Extraction:
    """Extract a very long document window by window (see :data:`WINDOW_CHARS`).

    A report that several windows tell alike (same place, day, type and actor) is one, with
    the evidence of each.
    """
    reports: list[Report] = []
    tallies: list[Tally] = []
    warnings: list[str] = []
    told: dict[tuple[object, ...], int] = {}  # one attack told in several windows
    for a, b in _windows(doc.text):
        got = extract(replace(doc, text=doc.text[a:b]), gazetteer)
        for r in got.reports:
            r = _shift_report(r, doc, a)
            key = (r.place.place_id, r.event_date, r.time_precision, r.attack_type, r.actor1)
            if key in told:
                first = reports[told[key]]
                reports[told[key]] = replace(first, evidence=first.evidence + r.evidence)
            else:
                told[key] = len(reports)
                reports.append(r)
        tallies += (
            replace(t, char_start=t.char_start + a, char_end=t.char_end + a) for t in got.tallies
        )
        warnings += got.warnings
    return Extraction(doc, tuple(reports), tuple(tallies), tuple(dict.fromkeys(warnings)))


def extract(
    doc: Document, gazetteer: Gazetteer, *, trace: list[Decision] | None = None
) -> Extraction:
    """Extract the incidents and tallies one document reports.

    Parameters
    ----------
    doc : Document
        The article.
    gazetteer : Gazetteer
        Places and actors to recognise.
    trace : list of Decision, optional
        When given, every rule that keeps or drops a place, a sentence or a report appends
        a :class:`Decision` to it (what ``geomap explain`` prints).

    Returns
    -------
    Extraction
        Reports (one per incident), tallies, and warnings naming the document.

    Notes
    -----
    A text longer than :data:`WINDOW_CHARS` (no news article is) is read in windows cut at
    paragraph breaks, so working memory stays bounded whatever the length; with ``trace``
    it is read whole.
    """
    if trace is None and len(doc.text) > WINDOW_CHARS:
        return _extract_windows(doc, gazetteer)
    text = doc.text
    tr = _Trace(trace) if trace is not None else _NO_TRACE
    sentences = segment(text)
    if not sentences:
        if tr.on:
            tr(-1, "document", R.NO_CONTENT, "no sentence of content (all page furniture)")
        return Extraction(doc, (), (), ())
    toks = tokenize(text)
    mentions = gazetteer.find(text, toks)
    m_starts = [m.start for m in mentions]
    all_cues = cues_of(text, toks)
    c_starts = [c.start for c in all_cues]
    doc_countries = frozenset(
        gazetteer.places[m.ids[0]].country
        for m in mentions
        if m.category == "place"
        and m.ids
        and m.ids[0] in gazetteer.places
        and m.alias_type != "short"
    )
    full_ids = {
        i for m in mentions if m.category == "place" and m.alias_type != "short" for i in m.ids
    }

    drafts: list[_Draft] = []
    tallies: list[Tally] = []
    warnings: list[str] = []
    # Undated sentences take the date of the paragraph's last dated report, else the lead's.
    narrative: tuple[date | None, int, str, str] | None = None
    lead: tuple[date | None, int, str, str] | None = None
    narrative_para = -1
    narrative_si = -1  # the sentence that gave the narrative its day
    last_report_sentence = -10
    recent: list[tuple[int, Place]] = []  # sites named so far, for "the base"
    last_militia: str | None = None  # the group named last, for "the group claimed"
    last_claim = -10  # the sentence where a group last claimed an attack, for "its fighters"
    lead_claim: tuple[str, int] | None = None  # "both attacks were claimed by X", told first
    state_actors = frozenset(
        a.name for a in gazetteer.actors.values() if a.kind in {"state", "state_force"}
    )
    pending: _Placeless | None = None  # an attack told without a place, for "the attack in X"

    for si, s in enumerate(sentences):
        chunk = text[s.start : s.end]
        cues = all_cues[bisect.bisect_left(c_starts, s.start) : bisect.bisect_left(c_starts, s.end)]
        tally_like = bool(_DIGIT.search(chunk) and lx.TALLY.search(chunk))
        dates = (
            find_dates(chunk, doc.published)
            if cues
            or tally_like
            or (drafts and (_EVENT_DAY.search(chunk) or _WITNESSED.search(chunk)))
            or (not drafts and _STATEMENT_DAY.search(chunk))
            else []
        )
        dates = _report_days(chunk, _without_dateline(chunk, dates) if dates else dates)
        if dates and lead is not None and doc.published is not None:
            dates = _quoted_today(text, s, dates, lead, doc.published)
        if dates and drafts and cues:
            _dated_reference(
                text, s, si, dates, _told_since(drafts, si - DATED_REFERENCE_SENTENCES), tr
            )
        sentence_tallies = _tallies(doc, s, chunk, dates) if tally_like else []
        tallies += sentence_tallies
        lo = bisect.bisect_left(m_starts, s.start)
        hi = bisect.bisect_left(m_starts, s.end)
        s_mentions = [m for m in mentions[lo:hi] if m.end <= s.end]
        actors = _actor_mentions(text, s.start, s.end, mentions[lo:hi], gazetteer)

        # A sentence with no place of its own may complete the latest report: who claimed
        # it, what weapon it was, when it happened, who was hurt.
        in_theatre = [
            m
            for m in s_mentions
            if m.category == "place"
            and not (m.ids and m.ids[0] in gazetteer.places
                     and gazetteer.places[m.ids[0]].country not in THEATRE)
        ]  # fmt: skip
        if drafts and not in_theatre and si - last_report_sentence <= LATER_SENTENCES:
            latest = _told_since(drafts, last_report_sentence)
            # Earlier reports of the same attack at a place around or inside the latest's
            # ("a drone strike in Baghdad", then "the strike hit ... on Palestine Street").
            related = [
                d for d in _told_since(drafts, si - RELATED_SENTENCES)
                if d.sentence_idx != last_report_sentence
                and any(_compatible_dates(d, k) and (
                    gazetteer.contains(d.place.place_id, k.place.place_id)
                    or gazetteer.contains(k.place.place_id, d.place.place_id)) for k in latest)
            ]  # fmt: skip
            _complete_latest(
                text, s, si, si - last_report_sentence, latest, actors, cues, dates,
                last_militia, tr, state_actors, related,
            )  # fmt: skip
        for _, _, name in actors:
            if name != UNITED_STATES and name not in state_actors:
                last_militia = name
        if not cues:
            if not drafts and dates and _STATEMENT_DAY.search(chunk):
                # "The group made the announcement in a statement on Thursday. It named the
                # targets as ...": the day of the claim dates the attacks it then lists
                day = next((d for d in dates if d.value is not None and not d.since), None)
                if day is not None and day.precision == 1:
                    narrative = (
                        day.value,
                        1,
                        day.phrase,
                        f"{day.reason}, the day of the statement",
                    )
                    narrative_para, narrative_si = s.para, si
            if drafts and in_theatre and dates:
                _witnessed_day(
                    s, si, _told_since(drafts, si - WITNESS_GAP), chunk, in_theatre, dates,
                    gazetteer, tr,
                )  # fmt: skip
            if (
                pending is not None
                and si - pending.sentence_idx <= PENDING_SENTENCES
                and in_theatre
                and _EVENT_PLACE.search(chunk)
            ):
                placed = _pending_at(text, s, si, pending, in_theatre, gazetteer, tr)
                if placed is not None:
                    drafts.append(placed)
                    last_report_sentence, pending = si, None
            recent += _sites(s_mentions, gazetteer, si, full_ids)
            continue
        recent = [r for r in recent if si - r[0] <= ANAPHORA_SENTENCES]  # stays short
        new = _sentence_reports(
            doc,
            gazetteer,
            s,
            si,
            cues,
            s_mentions,
            full_ids,
            dates,
            narrative if narrative_para == s.para else lead,
            bool(sentence_tallies),
            recent,
            _last_day(narrative, narrative_si, pending),
            doc_countries,
            tr,
        )
        if new and drafts:
            _reply_day(text, s, si, new, _told_since(drafts, si - REPLY_REACH_SENTENCES), tr)
        recent += _sites(s_mentions, gazetteer, si, full_ids)
        # "the base" told next is the site attacked, not a reference named after it ("the
        # Harir base near Erbil airport was attacked ... the base"): the report's site last
        recent += [(si, d.place) for d in new if any(d.place is p for _, p in recent)]
        if not new:
            if not drafts and actors:
                # "Both attacks were claimed by X", before the attacks are told one by one
                actor, claimed, _ = _attribution(text, s.start, s.end, actors)
                if actor and claimed and _claim_of_these(chunk):
                    lead_claim, last_claim = (actor, si), si
            if lead is None and not drafts and in_theatre:
                # "US forces were attacked four times in Iraq and Syria late on Wednesday":
                # no place of its own, but the day of the attacks the next sentences tell
                lead = _lead_day(text, s.start, cues, dates)
                if lead is not None:
                    narrative, narrative_para, narrative_si = lead, s.para, si
            if in_theatre and drafts and si - last_report_sentence <= 5:
                # Its places were all dropped ("attacks in Iraq and Syria ..."), yet it may
                # still say of the latest attack that no one has claimed it.
                _no_claim_later(text, s, si, _told_since(drafts, last_report_sentence), tr)
            # no place named, or none left where an attack happened ("near the border"):
            # the weapon and the dead may still name a landmark
            found = _placeless_landmark(text, s, si, cues, dates, gazetteer, doc.published, tr)
            if found is not None:
                drafts.append(found)
                last_report_sentence = si
            elif not in_theatre or all(
                # "Iraq's resistance groups announced fresh drone strikes": only a country
                # named, and dropped; the weapon waits for the places told next
                m.ids
                and m.ids[0] in gazetteer.places
                and gazetteer.places[m.ids[0]].kind == "country"
                for m in in_theatre
            ):
                pending = _placeless(text, s, si, cues, dates) or pending
            continue
        nxt = (
            sentences[si + 1]
            if si + 1 < len(sentences) and sentences[si + 1].para == s.para
            else None
        )
        fat, inj, cnotes = _casualties(chunk)
        if nxt is not None and fat is None and inj is None:
            nxt_chunk = text[nxt.start : nxt.end]
            nlo, nhi = (
                bisect.bisect_left(m_starts, nxt.start),
                bisect.bisect_left(m_starts, nxt.end),
            )
            if not any(m.category == "place" for m in mentions[nlo:nhi]) and not find_dates(
                nxt_chunk, doc.published
            ):
                fat, inj, cnotes = _casualties(nxt_chunk)
                if fat is not None or inj is not None:
                    for d in new:
                        d.evidence.append((nxt.start, nxt.end))
        hedged = bool(lx.CLAIM.search(chunk) or lx.SUSPECT.search(chunk))
        named = [
            (m.start, m.end, gazetteer.actors[m.ids[0]].name)
            for m in mentions[lo:hi]
            if m.category == "actor" and m.ids and m.ids[0] in gazetteer.actors
        ]
        victims = _militia_victims(text, s.start, named)
        if named and _ITS_UNIT.search(chunk):
            # "the PMF said a drone strike had targeted one of its brigades": the group named
            # is the one struck
            victims.append(_ITS_UNIT.search(chunk).start() + s.start)  # type: ignore[union-attr]
        if victims and not lx.US_ACTOR.search(chunk):
            # "an explosion at a base in Iraq killed a member of the Hashd": an attack of no
            # told weapon, with no US part, whose victims are militiamen is not on US forces
            hit = [
                d
                for d in new
                if d.attack_type == "unknown" and any(d.seg[0] <= v < d.seg[1] for v in victims)
            ]
            for d in hit:
                if tr.on:
                    tr(
                        si,
                        f"report at {d.place.name}",
                        R.MILITIA_VICTIMS,
                        "its victims are militiamen and no US part is told: not an attack on US forces",
                    )
            new = [d for d in new if d not in hit]
            if not new:
                continue
        for d in new:
            if d.attack_type == "drone" and (
                any(d.seg[0] <= v < d.seg[1] for v in victims)
                or _MILITIA_TARGET.search(text, d.seg[0], d.seg[1])
            ):
                # "a drone strike killed a senior Kataib Hezbollah commander": the group is
                # the target; a drone that kills militiamen is a strike on them
                d.attack_type = "airstrike"
                d.notes.append("a drone strike on a militia: an air strike")
            elif (
                d.attack_type == "unknown"
                and d.cue_obj is not None
                # what the attack word did: "strikes ... that killed militants", after it
                and _MILITIA_TARGET.search(text, d.cue_obj.start, d.seg[1])
                and lx.US_ACTOR.search(chunk)
            ):
                # "several [strikes] across Iraq that killed a number of Kataib Hezbollah
                # militants, according to CENTCOM": what killed militiamen, told by the US
                d.attack_type = "airstrike"
                d.notes.append("what killed militiamen, told with the US: an air strike")
            if d.attack_type == "airstrike" and lx.US_ACTOR.search(chunk):
                d.actor1, d.claimed = UNITED_STATES, True
                d.notes.append("strike by US forces")
            else:
                scope = actors if hedged else [a for a in actors if d.seg[0] <= a[0] < d.seg[1]]
                actor, claimed, why = _attribution(text, s.start, s.end, scope)
                if actor:
                    d.actor1, d.claimed = actor, claimed
                    d.notes.append(why)
                elif last_militia and _group_claims(chunk):
                    d.actor1, d.claimed = last_militia, True
                    d.notes.append(f"'the group' claimed: {last_militia}, named before")
                elif last_militia and _ITS_FIGHTERS.search(chunk):
                    d.actor1 = last_militia
                    d.claimed = True if si - last_claim <= CLAIM_REACH_SENTENCES else None
                    d.notes.append(f"'its fighters': {last_militia}, named before")
                elif lead_claim and si - lead_claim[1] <= LEAD_CLAIM_SENTENCES:
                    d.actor1, d.claimed = lead_claim[0], True
                    d.notes.append(f"claimed by {lead_claim[0]}, as the article said first")
            if d.claimed and d.actor1 == last_militia:
                last_claim = si
            if not d.claimed and lx.NO_CLAIM.search(chunk):
                d.claimed = False
                d.notes.append("no one has claimed it")
            c = d.cue_obj
            other = next(
                (
                    o for o in cues
                    if c is not None and o.start > c.end and o.weapon
                    and type_family(o.attack_type) != type_family(d.attack_type)
                    and all(o is not x.cue_obj for x in new)
                    and lx.BOUNDARY.search(text, c.end, o.start)  # another event, not one barrage
                ),
                None,
            )  # fmt: skip
            if (
                other is not None
                and (fat is not None or inj is not None)
                and _casualties(text[s.start : other.start])[:2] == (None, None)
            ):
                # "air strikes ... after a drone attack that wounded three": the casualties
                # are the other attack's, told after its word
                d.notes.append(f"casualties told of {other.text!r}, not of this attack")
            elif (
                c is not None
                and any(o.start < c.start and not o.weapon for o in cues if o is not c)
                and (wfat := _casualties(text[c.start : s.end]))[:2] != (None, None)
            ):
                # a second attack told after another in the sentence ("X killed a leader,
                # including a Jan. 28 strike that killed three"): the casualties after its word
                d.fatalities, d.injuries = wfat[0], wfat[1]
            elif len(new) == 1 or fat is None or fat == 0:
                d.fatalities, d.injuries = fat, inj
            d.notes += cnotes
        if (
            pending is not None
            and si - pending.sentence_idx <= PENDING_SENTENCES
            and _place_later(text, pending, new, tr)
        ):
            pending = None
        # A weapon told first and left unplaced ("A US drone strike killed a leader, ...
        # including a Jan. 28 strike in Jordan") may be placed by the next sentences.
        used = [d.cue_obj for d in new if d.cue_obj is not None]
        first_place = min(d.place_start for d in new)
        unused = [
            c
            for c in cues
            if c.weapon
            and c.attack_type != "unknown"
            and c.end <= first_place
            and all(c is not u and not (u.start <= c.start < u.end) for u in used)
            and all(u.start > c.end for u in used)
        ]
        if unused:
            own = [
                dm
                for dm in dates
                if all(
                    abs(s.start + dm.start - unused[0].start) < abs(s.start + dm.start - u.start)
                    for u in used
                )
            ]
            pending = _placeless(text, s, si, unused, own) or pending
        drafts += new
        last_report_sentence = si
        dated = [d for d in new if d.date_value is not None and d.date_phrase]
        if dated:
            d0 = dated[0]
            narrative = (d0.date_value, d0.precision, d0.date_phrase, d0.date_reason)
            narrative_para, narrative_si = s.para, si
            if lead is None:
                lead = narrative

    reports = _consolidate(doc, drafts, gazetteer, warnings, tr)
    return Extraction(doc, tuple(reports), tuple(tallies), tuple(warnings))


#: How far a group's claim reaches "its fighters also fired ..." told after it.
CLAIM_REACH_SENTENCES: Final = 3
#: How far a claim told before the attacks ("both attacks were claimed by X") reaches.
LEAD_CLAIM_SENTENCES: Final = 6


#: Words before a group's name that make its people or property the victims: "killed a
#: senior ... commander", "three members of the ...", "a vehicle used by ...".
_VICTIM_BEFORE: Final = compile_guarded(
    r"\b(?:kill(?:ed|ing|s)|target(?:ed|ing|s)|hit(?:ting|s)?|struck|on)\s+"
    r"(?:(?:a|an|the|two|three|four|five|six|several|\d+)\s+)?(?:[\w'’-]+\s+){0,4}?"
    r"(?:commanders?|leaders?|members?|fighters|militants|officials?|vehicles?|cars?|"
    r"headquarters|positions?|guards?)\s+(?:of|from|belonging\s+to|used\s+by|(?:\w+\s+)?belonged\s+to)\s+(?:the\s+)?"
    r"(?:(?:powerful|Iran-backed|Iraqi|pro-Iran)\s+)?$|"
    r"\b(?:kill(?:ed|ing|s)|target(?:ed|ing|s))\s+(?:(?:a|an|the|two|three|\d+)\s+)?"
    r"(?:(?:senior|top|high-ranking|prominent|local)\s+)?$",
    re.I,
)


#: The forces the campaign attacks (see ``consolidate._DEFENDERS``).
_ATTACKED_SIDE: Final = frozenset({UNITED_STATES, "Global Coalition against Daesh"})


#: One of the attacks a sentence told, placed after a dash: "two bases - one in the Green
#: Village and the other near Erbil Airport".
_ONE_OF_THEM: Final = compile_guarded(
    r"\b(?:one|the\s+other|another|the\s+second|the\s+first)\s+(?:[\w-]+\s+)?"
    r"(?:in|at|near|on|outside)\s+(?:the\s+)?(?:[ae][ln]-)?$",
    re.I,
)
#: The United States as the agent of a passive: "targeted by the U.S. military".
_BY_US_AFTER: Final = compile_guarded(
    r"\s+by\s+(?:the\s+)?(?:US|U\.S\.|American|United\s+States)(?:\s+(?:military|forces|"
    r"aircraft|warplanes|jets))?\b(?!\s+(?:air\s+)?defen)"
)
#: Targets told before a dash, the places they are told after it: "the facilities targeted by
#: the U.S. military - an operations center near Al Anbar and Jurf al-Saqr".
_TARGETS_BEFORE_DASH: Final = compile_guarded(
    r"\b(?:facilities|targets|sites|bases|locations|positions|depots|compounds)\b[^;—–]{0,60}?"
    r"\s*(?:—|–|--|-)\s*\w?$"
)
#: A militia's site struck, the militia unnamed: "a drone strike on a headquarters of an
#: Iran-backed militia", "a drone attack that targeted the group's headquarters".
_MILITIA_TARGET: Final = compile_guarded(
    r"\b(?:target(?:ed|ing|s)?|on|hit|struck)\s+(?:(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:headquarters|base|position|convoy|vehicle|car|building|compound|depot)s?\s+"
    r"(?:of|used\s+by|belonging\s+to)\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:militia|militant\s+group|armed\s+group|faction|movement)|the\s+(?:group|militia|"
    r"faction|movement)[’']s\s+(?:headquarters|base|positions?|convoy|vehicles?))\b|"
    # "killed five militia fighters in a drone strike": militiamen are who it killed
    r"\bkill(?:ed|ing|s)\s+(?:at\s+least\s+)?(?:\d+|two|three|four|five|six|seven|eight|nine|"
    r"ten|several|a\s+number\s+of)\s+(?:[\w-]+\s+){0,2}?(?:militia\s+fighters|militiamen|"
    r"militants|militia\s+members|fighters)\b|"
    # "a drone strike that killed a top leader of an Iranian-backed militia group"
    r"\bkill(?:ed|ing|s)\s+(?:(?:a|an|the|two|three)\s+)?(?:(?:top|senior|high-ranking|prominent|"
    r"local|key)\s+)?(?:leaders?|commanders?|officials?|members?)\s+(?:of|from|in)\s+"
    r"(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,3}?(?:militias?|militant\s+groups?|armed\s+groups?|"
    r"factions?|groups?)\b",
    re.I,
)
#: A group's own unit struck: "targeted one of its brigades", "hit their positions".
_ITS_UNIT: Final = compile_guarded(
    r"\b(?:target(?:ed|ing)|hit|struck|bombed)\s+(?:one\s+of\s+)?(?:its|their)\s+(?:[\w-]+\s+)?"
    r"(?:brigades?|units?|positions?|headquarters|fighters|members|bases?|sites?|convoys?|"
    r"vehicles?|depots?)\b",
    re.I,
)


#: An appositive after a place, describing it: ", a sensitive location often used by".
_APPOSITIVE: Final = compile_guarded(r",\s+(?:a|an|which|where|one\s+of)\b", re.I)


def _us_strikes(text: str, lo: int, cue_start: int) -> bool:
    """Tell whether the United States is who strikes with the cue at ``cue_start``.

    "US forces have also carried out strikes", "the US responded with air strikes": the
    shared subject and response patterns (``lx.US_SUBJECT``, ``_US_RESPONSE_BEFORE``).
    """
    return bool(
        lx.US_SUBJECT.search(text, max(lo, cue_start - 60), cue_start)
        or _US_RESPONSE_BEFORE.search(text, max(lo, cue_start - 120), cue_start)
    )


def _habitual(text: str, seg: tuple[int, int], m: Mention) -> bool:
    """Tell whether a clause tells a habit, not one attack ("has been targeted repeatedly").

    A habit told of the place in an appositive after it ("the al-Tanf garrison, a location
    often used by militants") describes the place, not the attack.
    """
    h = lx.HABITUAL.search(text, seg[0], seg[1])
    while h is not None:
        if not (h.start() > m.end and _APPOSITIVE.search(text, m.end, h.start())):
            return True
        h = lx.HABITUAL.search(text, h.end(), seg[1])
    return False


def _militia_victims(text: str, s_start: int, actors: list[tuple[int, int, str]]) -> list[int]:
    """Return where a sentence names a group (not the US or the coalition) that was hit.

    "A suicide drone targeting the US-led coalition forces" is the coalition attacked, not
    a strike on a militia; "a drone targeted a vehicle of the PMF" is one.
    """
    return [
        a
        for a, _, name in actors
        if name not in _ATTACKED_SIDE and _VICTIM_BEFORE.search(text, max(s_start, a - 60), a)
    ]


def _lead_day(
    text: str, s_start: int, cues: list[_Cue], dates: list[DateMention]
) -> tuple[date | None, int, str, str] | None:
    """Return the day of the attacks a lead tells without a place it can map, or None.

    Only for a sentence of real attacks (not a threat, not a habit) that gives one day.
    """
    if not any(not _irrealis(text, c, s_start) for c in cues):
        return None
    if lx.HABITUAL.search(text, s_start, cues[-1].end):
        return None
    days = {d.value: d for d in dates if d.precision == 1 and not d.since and d.value}
    if len(days) != 1:
        return None
    (d,) = days.values()
    return d.value, 1, d.phrase, f"{d.reason}, the day the lead gives for the attacks"


def _last_day(
    narrative: tuple[date | None, int, str, str] | None,
    narrative_si: int,
    pending: _Placeless | None,
) -> tuple[date | None, int, str, str] | None:
    """Return the day of the event told last, which "ten days after a ..." counts from.

    That is the narrative's day, unless an attack told since with its day but no place
    ("A U.S. drone strike on Wednesday killed a commander", then "The strike came ten days
    after a drone attack on Tower 22") is the later event.
    """
    if (
        pending is not None
        and pending.sentence_idx > narrative_si
        and pending.date is not None
        and pending.date.value is not None
    ):
        d = pending.date
        return d.value, d.precision, d.phrase, f"{d.reason}, the day of the {pending.cue!r}"
    return narrative


def _told_since(drafts: list[_Draft], first: int) -> list[_Draft]:
    """Return the drafts of sentence ``first`` and after (drafts are in sentence order).

    Walks back from the end, so completing the latest reports costs the few drafts of the
    last sentences, not every draft of a long document.
    """
    i = len(drafts)
    while i and drafts[i - 1].sentence_idx >= first:
        i -= 1
    return drafts[i:]


def extract_all(docs: Iterable[Document], gazetteer: Gazetteer) -> Iterator[Extraction]:
    """Extract every document in turn (lazily: memory stays flat)."""
    for doc in docs:
        yield extract(doc, gazetteer)


_REGION_BEFORE: Final = compile_guarded(
    r"\b(?:north|south|east|west|northern|southern|eastern|western|north-?eastern|north-?western|"
    r"south-?eastern|south-?western|northeast|northwest|southeast|southwest|central)\s+$",
    re.I,
)


#: Before a date: the start of something else ("a wave of attacks that began last week").
_BEGAN_BEFORE: Final = compile_guarded(
    r"\b(?:that|which|who)\s+(?:had\s+|have\s+|has\s+)?(?:began|begun|started|erupted|broke\s+out)"
    r"\s+(?:[\w-]+\s+){0,2}?$",
    re.I,
)
#: What a US drone does when it strikes ("killed", "hit", "fired a missile").
_STRUCK_VERB: Final = compile_guarded(
    r"\b(?:kill(?:ed|ing|s)?|hit(?:s|ting)?|struck|strik(?:e|es|ing)|fired|bomb(?:ed|ing)|"
    r"target(?:ed|ing|s)?|attack(?:ed|ing|s)?|destroy(?:ed|ing|s)?|raid|assassinat\w*|"
    r"eliminat\w*)\b",
    re.I,
)
_WHEN_AFTER: Final = compile_guarded(r"\s*,?\s*when\b", re.I)
#: "a Peshmerga base in Erbil province": a site of a force the campaign does not target.
_OTHER_FORCE_SITE: Final = compile_guarded(
    r"\b(?:a|an|the|two|three)\s+(?:[\w-]+\s+)?(?:Peshmerga|Iraqi\s+army|Iraqi\s+military|"
    r"Iraqi\s+police|PMF|Popular\s+Mobili[sz]ation\s+(?:Forces|Units)|Hashd(?:\s+al-Shaabi)?|"
    r"Syrian\s+(?:army|regime|government)|Turkish|Asayish)\s+(?:[\w-]+\s+)?(?:base|bases|"
    r"headquarters|position|positions|outpost|checkpoint|post)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:in|near|at|outside|of)\s+(?:the\s+)?(?:[\w-]+\s+)?$|"
    # "the headquarters of Kurdish Peshmerga forces near": the force named after the site
    r"\b(?:base|bases|headquarters|positions?|outposts?|checkpoints?|posts?|depots?|warehouses?)"
    r"[”\"’]?\s+of\s+(?:the\s+)?"
    r"(?:[\w-]+\s+)?(?:Peshmerga|Iraqi\s+army|PMF|Popular\s+Mobili[sz]ation\s+(?:Forces|Units)|"
    r"Hashd(?:\s+al-Shaabi)?|Asayish)\s+(?:forces\s+|units\s+)?"
    # "a depot of the PMF exploded in southern Baghdad"
    r"(?:(?:exploded|blew\s+up|was\s+(?:hit|struck|targeted|attacked))\s+)?"
    r"(?:in|near|at|outside)\s+(?:the\s+)?(?:[\w-]+\s+)?$",
    re.I,
)


#: Men about to launch an attack, struck first: "preparing to launch", "about to fire".
_ABOUT_TO_LAUNCH: Final = compile_guarded(
    r"\b(?:preparing|prepared|about|attempting|trying|poised|set|getting\s+ready)\s+to\s+"
    r"(?:launch|fire|carry\s+out|conduct)\b(?:\s+(?:an?|the|their|another)\b)?[^.;]{0,25}$",
    re.I,
)
#: A sentence that opens on the campaign's attacks and what they have done: "The attacks
#: against US forces have hit Ain al-Asad, ... and Harir", "Most of the attacks have
#: targeted bases in Syria": the targets of many attacks, not one attack.
_CAMPAIGN_SUMMARY: Final = compile_guarded(
    r"\s*(?:The|These|Those|Such|Most\s+of\s+(?:the|these)|Many\s+of\s+(?:the|these)|Previous|"
    r"Past|Earlier)\s+(?:[\w-]+\s+){0,2}?attacks\b[^.;]{0,80}?\b(?:have|has)\s+"
    r"(?:(?:also|mostly|largely|often|repeatedly|mainly|frequently)\s+)?"
    r"(?:hit|targeted|struck|included|focused|caused|hurt|injured|damaged)\b"
)
#: A sentence that tells a claim or statement was made, with no attack word of its own:
#: "The group made the announcement in a statement on Thursday".
_STATEMENT_DAY: Final = compile_guarded(
    r"\b(?:announc(?:ed|ement)|statement|claimed\s+responsibility|took\s+responsibility)\b",
    re.I,
)
#: The attack word is what a tally counts: "attacked 22 times", "targeted more than 20 times".
_COUNTED_CUE: Final = compile_guarded(
    r"\s+(?:at\s+least\s+|more\s+than\s+|over\s+|nearly\s+|some\s+|about\s+)?\d{1,4}\s+"
    r"(?:separate\s+|different\s+)?times\b"
)


def _sentence_reports(
    doc: Document,
    gaz: Gazetteer,
    s: Sentence,
    si: int,
    cues: list[_Cue],
    s_mentions: list[Mention],
    full_ids: set[str],
    dates: list[DateMention],
    narrative: tuple[date | None, int, str, str] | None,
    is_tally: bool,
    recent: list[tuple[int, Place]],
    last: tuple[date | None, int, str, str] | None = None,
    doc_countries: frozenset[str] = frozenset(),
    tr: _Trace = _NO_TRACE,
) -> list[_Draft]:
    text = doc.text
    chunk = text[s.start : s.end]
    # "attacks ... that began early last week": the day a campaign began, not this attack's
    dates = [
        d
        for d in dates
        if not _BEGAN_BEFORE.search(chunk, max(0, d.start - 40), d.start)
        or _WHEN_AFTER.match(chunk, d.end)  # "began in mid-October, when a drone ...": its day
    ]
    if chunk.rstrip('"”’) ').endswith("?"):
        if tr.on:
            tr(si, "sentence", R.QUESTION, "a question reports nothing")
        return []
    kept, package_ids = _attack_places(
        text, gaz, s, si, cues, s_mentions, full_ids, recent, doc_countries, tr
    )
    if not kept:
        return []
    segs = _segments(text, s)
    drafts: list[_Draft] = []
    for m, place, why in kept:
        subject = f"{m.text!r} ({place.place_id})" if tr.on else ""
        seg = next(((a, b) for a, b in segs if a <= m.start < b), (s.start, s.end))
        seg_cues = [c for c in cues if seg[0] <= c.start < seg[1]]
        cue = _pair(m, seg_cues, text)
        if cue is None:
            cue = _listed(text, m, drafts, seg)
        if cue is None and (
            _COUNT_BEFORE.search(text, max(seg[0], m.start - 60), m.start)
            or _ONE_OF_THEM.search(text, max(seg[0], m.start - 40), m.start)
            # "the facilities targeted by the US military - an operations center near X"
            or _TARGETS_BEFORE_DASH.search(text, max(s.start, seg[0] - 120), seg[0] + 2)
        ):
            # "targeted with rockets and drones five times on Friday - three times at bases
            # in Syria and twice at Al-Asad": a count of the attacks the sentence told before
            told = [c for c in cues if c.end <= seg[0]]
            if told:
                typed = {c.attack_type for c in told if c.weapon and c.attack_type != "unknown"}
                cue = next((c for c in told if c.weapon), told[0])
                if len({type_family(t) for t in typed}) > 1:
                    cue = replace(cue, attack_type="unknown")  # rockets and drones, lumped
        if cue is None:
            if tr.on:
                tr(si, subject, R.NO_CUE, "no attack or weapon word in its clause")
            continue
        if cue.weapon:
            cue = _coordinated(
                cue, [c for c in seg_cues if c.weapon and c.attack_type != "unknown"], text
            )
        threat = next(
            (
                c
                for c in seg_cues
                if cue.end <= c.start and c.end <= m.start and _irrealis(text, c, seg[0])
            ),
            None,
        )  # "a drone hit Al-Asad, and militants threatened to attack Erbil": a plan for Erbil
        if threat is not None and place.kind not in SITE_KINDS:
            plan = min(cue.start, threat.start)
            deed = next(
                (
                    c
                    for c in reversed(seg_cues)
                    if c.end <= plan
                    and (c.attack_type == "airstrike" or "strike" in c.text.lower())
                    and not _irrealis(text, c, seg[0])
                ),
                None,
            )
            if deed is not None and _ABOUT_TO_LAUNCH.search(text, max(seg[0], plan - 40), plan):
                # "killed five fighters in a drone strike as they were preparing to launch a
                # drone attack on a post near Kirkuk": struck where they were about to launch
                cue, threat = deed, None
        if threat is not None:
            if tr.on:
                tr(si, subject, R.IRREALIS, f"{threat.text!r} is a threat, plan or hypothesis")
            continue
        if _irrealis(text, cue, seg[0]):
            # "carried out a strike in Iraq against militants preparing to launch drones":
            # the drones are the plan; the strike, told before it, is what happened
            real = [
                c
                for c in seg_cues
                if c.end <= cue.start
                and not _irrealis(text, c, seg[0])
                and (
                    (
                        cue.start >= m.end and c.end <= m.start
                    )  # the deed, then the place, then the plan
                    or c.attack_type
                    == "airstrike"  # "an air strike on men about to launch drones in X"
                    # "killed five fighters in a drone strike as they were preparing to
                    # launch a drone attack near X": a drone's strike, done
                    or (
                        c.attack_type == "drone"
                        and "strike" in c.text.lower()
                        and place.kind not in SITE_KINDS  # not the site they threatened
                    )
                )
            ]
            if not real:
                if tr.on:
                    tr(si, subject, R.IRREALIS, f"{cue.text!r} is a threat, plan or hypothesis")
                continue
            cue = real[-1]
        before_place = text[max(seg[0], m.start - 70) : m.start]
        if lx.SUPERSEDED.search(text, seg[0], m.start):
            if tr.on:
                tr(
                    si,
                    subject,
                    R.SUPERSEDED,
                    "a first version the report corrects ('initially said ... in Syria')",
                )
            continue
        if lx.BACKGROUND.search(_words_before(text, m.start, seg[0], 4)):
            if tr.on:
                tr(
                    si,
                    subject,
                    R.BACKGROUND,
                    "the place follows a word of background ('since', 'previous attacks')",
                )
            continue
        seg_text = text[seg[0] : seg[1]]
        if cue.attack_type != "airstrike" and _OTHER_FORCE_SITE.search(before_place):
            if tr.on:
                tr(
                    si,
                    subject,
                    R.OTHER_FORCE,
                    "a base of another force (Peshmerga, Iraqi army, PMF): not a US or coalition target",
                )
            continue
        dated_package = m.start in package_ids and bool(dates)
        if (
            place.precision >= 3
            and not dated_package
            and _generic(seg_text, before_place)
            # "the US military conducted air strikes on Kataib Hezbollah facilities in Iraq":
            # strikes told as done, one package
            and not (
                cue.attack_type in ("airstrike", "unknown")
                and _us_strikes(text, seg[0], cue.start)
                and not lx.TREND.search(seg_text)
            )
        ):
            if tr.on:
                tr(
                    si,
                    subject,
                    R.GENERIC,
                    "a trend or generic plural ('attacks on bases in Iraq')",
                )
            continue
        if (
            _habitual(text, seg, m)
            or _told_as_background(text, cue, seg[0], 14)
            or _CAMPAIGN_SUMMARY.match(text, s.start, s.end)
        ):
            if tr.on:
                tr(
                    si,
                    subject,
                    R.HABITUAL,
                    "habitual or background wording ('repeatedly', 'previous attacks')",
                )
            continue
        if doc.published and any(
            int(y.group()) <= doc.published.year - 2 for y in lx.YEAR.finditer(seg_text)
        ):
            if tr.on:
                tr(si, subject, R.OLD_YEAR, "a year two or more before publication: history")
            continue
        if (is_tally or lx.SUMMARY.search(chunk)) and place.precision >= 3:
            if tr.on:
                tr(si, subject, R.TALLY, "a count or summary of attacks, not one attack")
            continue
        if is_tally and _COUNTED_CUE.match(text, cue.end) and _TALLY_CONTEXT.search(chunk):
            # "forces at Shaddadi had been attacked 22 times since October 2023": the site's
            # count, not one attack on it
            if tr.on:
                tr(
                    si,
                    subject,
                    R.TALLY,
                    "the attack word is counted: a tally of the site's attacks",
                )
            continue
        kind = cue.attack_type
        if m.start in package_ids:
            kind = "airstrike"
        elif not cue.weapon and (
            lx.US_SUBJECT.search(text, max(seg[0], cue.start - lx.US_SUBJECT_REACH), cue.start)
            # "the facilities targeted by the U.S. military" (not "intercepted by US air defenses")
            or (_STRUCK_VERB.fullmatch(cue.text) and _BY_US_AFTER.match(text, cue.end))
        ):
            kind = "airstrike"  # "US forces struck three facilities": a US strike from the air
        elif kind == "drone" and (
            lx.US_ACTOR.search(cue.text)
            or _US_DRONE_BEFORE.search(text, max(seg[0], cue.start - 30), cue.start)
            # "the U.S. military conducted a drone strike"
            or lx.US_SUBJECT.search(text, max(seg[0], cue.start - 60), cue.start)
        ):
            if all(c.weapon for c in seg_cues) and not _STRUCK_VERB.search(seg_text):
                # "mistaken for an American drone returning from a surveillance mission":
                # a US aircraft in the air, with no word of it striking anything
                if tr.on:
                    tr(si, subject, R.OWN_AIRCRAFT, f"{cue.text!r} with no word of a strike")
                continue
            kind = "airstrike"  # "a US armed drone killed five militants": a US strike
        if place.precision >= 3:
            families = {
                type_family(c.attack_type)
                for c in seg_cues
                if c.weapon and c.attack_type != "unknown"
            }
            # A strike from the air is never lumped with the militia weapons it targets
            # ("an air strike on fighters about to launch drones").
            if kind == "airstrike":
                families.discard(type_family("drone"))
                if lx.US_ACTOR.search(seg_text):
                    # "the US carried out air strikes in Syria following a rocket attack":
                    # the rockets are the attack the strikes answered, not lumped with them
                    families = {type_family(kind)}
            else:
                families.discard(type_family("airstrike"))  # the strike answering a militia attack
            if len(families) > 1:
                kind = "unknown"  # "a mix of rocket and drone attacks in Iraq"
        precision_note = ""
        if place.kind == "country" and _REGION_BEFORE.search(before_place):
            precision_note = f"region of {place.name}"
            place = replace(place, precision=3)
        next_place = min((o.start for o, _, _ in kept if o.start > m.start), default=s.end)
        prev_place = max((o.end for o, _, _ in kept if o.end <= m.start), default=s.start)
        date_m = _pick_date(dates, s.start, m, next_place, (text, cue.start), prev_place)
        if date_m is None and any(d.since for d in dates):
            if tr.on:
                tr(si, subject, R.LOOK_BACK, "'the first ... since ...': a look back")
            continue
        soft = False
        rel = (
            lx.SAME_DAY.search(chunk)
            or lx.DAYS_AFTER.search(text, s.start, cue.start)
            or (("earlier" in chunk or "before" in chunk) and lx.DAYS_EARLIER.search(chunk))
            or None
        )
        if date_m is not None:
            dv, dp, dphrase, dreason = date_m.value, date_m.precision, date_m.phrase, date_m.reason
            soft = said_day(date_m)  # "officials said on Tuesday": a day the attack's own beats
        elif rel is not None and last is not None and last[0] is not None:
            dv, dp, dphrase, dreason = _relative_day(rel, last)
        elif narrative is not None:
            soft = True
            dv, dp, dphrase, dreason = (
                narrative[0],
                narrative[1],
                narrative[2],
                f"from the narrative: {narrative[3]}",
            )
        else:
            dv, dp, dphrase, dreason = None, 1, "", ""
        before = None
        if rel is None or date_m is not None:
            (dv, dp, dphrase, dreason), before = _earlier_than(
                text, seg, s.start, date_m, soft, (dv, dp, dphrase, dreason)
            )
        if dv is not None and doc.published is not None:
            if dv > doc.published:
                if tr.on:
                    tr(
                        si,
                        subject,
                        R.FUTURE,
                        f"dated {dv.isoformat()}, after publication: a plan or threat",
                    )
                continue
            if dv < doc.published - timedelta(days=BACKGROUND_DAYS):
                if tr.on:
                    tr(
                        si,
                        subject,
                        R.OLD_DATE,
                        f"dated {dv.isoformat()}, over {BACKGROUND_DAYS} days before publication: history",
                    )
                continue
        count = 1
        cm = _COUNT_BEFORE.search(before_place)
        if cm:
            word = cm.group("c").lower().split()[0]
            count = {"once": 1, "twice": 2}.get(word) or _number(word) or 1
        elif place.precision >= 2:
            count = _numbered_targets(before_place) or 1
        d = _Draft(
            place=place,
            place_start=m.start,
            place_phrase=m.text,
            place_reason=why + (f"; {precision_note}" if precision_note else ""),
            attack_type=kind,
            cue=cue.text,
            cue_obj=cue,
            date_value=dv,
            precision=dp,
            date_phrase=dphrase,
            date_reason=dreason,
            evidence=[(s.start, s.end)],
            sentence_idx=si,
            soft_date=soft,
            intercepted=bool(lx.INTERCEPT.search(seg_text)),
            count=count,
            seg=seg,
            before=before,
        )
        d.target = _target(chunk, place, d.attack_type)
        if tr.on:
            tr(
                si,
                subject,
                R.REPORT,
                f"{kind} from {cue.text!r}"
                + (f", dated {dv.isoformat()} ({dreason})" if dv else ", no date"),
            )
        drafts.append(d)
        for extra in _separate_days(seg_text, seg[0] - s.start, dates, date_m):
            d.apart = d.apart or m.start + 1
            twin = replace(
                d,
                date_value=extra.value,
                precision=extra.precision,
                date_phrase=extra.phrase,
                date_reason=extra.reason,
                soft_date=False,
                count=1,
            )
            twin.evidence, twin.notes = list(d.evidence), [*d.notes, "one of separate attacks"]
            d.count = 1
            drafts.append(twin)
            if tr.on:
                tr(
                    si,
                    subject,
                    R.SEPARATE_DAYS,
                    f"separate attacks on separate days: another on {extra.phrase!r}",
                )
        for other in _dual_weapons(text, cue, seg_cues, kind):
            twin = replace(d, attack_type=other.attack_type, cue=other.text, cue_obj=other)
            twin.evidence, twin.notes = list(d.evidence), [*d.notes, "one of a dual attack"]
            drafts.append(twin)
            if tr.on:
                tr(
                    si,
                    subject,
                    R.DUAL_ATTACK,
                    f"'dual ... and ... attack': a second attack, by {other.text!r}",
                )
    return drafts
