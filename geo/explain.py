r"""Why an article is (or is not) on the map: the reading of one document, sentence by sentence.

``geomap explain FILE`` prints, for each sentence with an attack or weapon word, what the
reader found there (the cues, the places) and which rule kept or dropped each of them, then
the reports the document yields and what consolidation did to them. It answers the first
question analysts ask: why is this article not on my map, or why is it there twice?

The text printed comes from the article, so it is untrusted: control characters, escape
sequences and bidirectional overrides are shown as ``\x..`` / ``\u....`` escapes, never
passed to the terminal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from geo._util import safe_text
from geo.extraction import Decision, Extraction, cues_of, extract, segment
from geo.extraction.rules import RULES
from geo.gazetteer import Gazetteer
from geo.models import Document, Report
from geo.normalize import tokenize

__all__ = ["Explanation", "SentenceReading", "explain", "format_explanation", "safe_text"]

#: Characters of a sentence shown; longer sentences are cut with an ellipsis.
SHOWN_CHARS: Final = 320


@dataclass(frozen=True, slots=True)
class SentenceReading:
    """One sentence with an attack or weapon word, and what became of it."""

    index: int
    start: int
    end: int
    text: str
    #: (cue text, attack type) of every weapon or event word, in order.
    cues: tuple[tuple[str, str], ...]
    #: (mention text, gazetteer id) of every place named.
    places: tuple[tuple[str, str], ...]
    decisions: tuple[Decision, ...]


@dataclass(frozen=True, slots=True)
class Explanation:
    """The reading of one document: sentences, final reports, tallies and warnings."""

    document: Document
    extraction: Extraction
    sentences: tuple[SentenceReading, ...]
    #: Decisions about the document as a whole (sentence -1).
    document_decisions: tuple[Decision, ...] = field(default_factory=tuple)

    @property
    def reports(self) -> tuple[Report, ...]:
        """The reports the document yields (what goes on the map)."""
        return self.extraction.reports

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description (for ``geomap explain --json``)."""
        return {
            "document": self.document.name,
            "published": self.document.published.isoformat() if self.document.published else None,
            "sentences": [
                {
                    "index": s.index,
                    "char_start": s.start,
                    "char_end": s.end,
                    "text": s.text,
                    "cues": [{"text": t, "attack_type": a} for t, a in s.cues],
                    "places": [{"text": t, "place_id": p} for t, p in s.places],
                    "decisions": [_decision_dict(d) for d in s.decisions],
                }
                for s in self.sentences
            ],
            "document_decisions": [_decision_dict(d) for d in self.document_decisions],
            "reports": [
                {
                    "event_date": r.event_date.isoformat() if r.event_date else None,
                    "time_precision": r.time_precision,
                    "place_id": r.place.place_id,
                    "location": r.place.name,
                    "attack_type": r.attack_type,
                    "actor1": r.actor1,
                    "claimed": r.claimed,
                    "fatalities": r.fatalities,
                    "injuries": r.injuries,
                    "count": r.count,
                    "reason": r.reason,
                }
                for r in self.reports
            ],
            "tallies": [
                {"count": t.count, "qualifier": t.qualifier, "evidence": t.evidence}
                for t in self.extraction.tallies
            ],
            "warnings": list(self.extraction.warnings),
        }


def _decision_dict(d: Decision) -> dict[str, Any]:
    rule = RULES[d.rule]
    return {
        "subject": d.subject,
        "rule": d.rule,
        "stage": rule.stage,
        "rule_summary": rule.summary,
        "kept": d.kept,
        "why": d.why,
    }


def explain(doc: Document, gazetteer: Gazetteer) -> Explanation:
    """Read one document and record why each attack sentence was kept or dropped.

    Parameters
    ----------
    doc : Document
        The article.
    gazetteer : Gazetteer
        Places and actors to recognise (the same one extraction uses).

    Returns
    -------
    Explanation
        The sentences with an attack or weapon word, their cues, places and decisions,
        and the document's reports, exactly as :func:`geo.extraction.extract` makes them.
    """
    decisions: list[Decision] = []
    extraction = extract(doc, gazetteer, trace=decisions)
    text = doc.text
    sentences = segment(text)
    toks = tokenize(text)
    cues = cues_of(text, toks)
    mentions = [m for m in gazetteer.find(text, toks) if m.category == "place" and m.ids]
    by_sentence: dict[int, list[Decision]] = {}
    for d in decisions:
        by_sentence.setdefault(d.sentence, []).append(d)
    readings = []
    for i, s in enumerate(sentences):
        s_cues = tuple((c.text, c.attack_type) for c in cues if s.start <= c.start < s.end)
        if not s_cues and i not in by_sentence:
            continue
        s_places = tuple((m.text, m.ids[0]) for m in mentions if s.start <= m.start < s.end)
        readings.append(
            SentenceReading(
                i, s.start, s.end, text[s.start : s.end], s_cues, s_places,
                tuple(by_sentence.get(i, ())),
            )
        )  # fmt: skip
    return Explanation(doc, extraction, tuple(readings), tuple(by_sentence.get(-1, ())))


def _shown(text: str) -> str:
    text = " ".join(safe_text(text).split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def format_explanation(expl: Explanation) -> str:
    """Return the explanation as text an analyst reads in a terminal.

    Parameters
    ----------
    expl : Explanation
        What :func:`explain` returned.

    Returns
    -------
    str
        One block per attack sentence, then the reports; safe to print (see
        :func:`safe_text`).
    """
    doc = expl.document
    published = doc.published.isoformat() if doc.published else "unknown"
    lines = [
        f"{safe_text(doc.name)}: published {published}; "
        f"{len(expl.reports)} report(s), {len(expl.extraction.tallies)} tall(y/ies)"
    ]
    for d in expl.document_decisions:
        lines.append(f"  {'kept' if d.kept else 'dropped'} {d.subject}: {d.why} [{d.rule}]")
    if not expl.sentences:
        lines.append("  no sentence has an attack or weapon word")
    for s in expl.sentences:
        lines.append("")
        lines.append(f"[{s.index + 1}] {_shown(s.text)}")
        if s.cues:
            lines.append("    cues: " + ", ".join(f"{safe_text(t)!r} ({a})" for t, a in s.cues))
        if s.places:
            lines.append(
                "    places: " + ", ".join(f"{safe_text(t)!r} -> {p}" for t, p in s.places)
            )
        for d in s.decisions:
            verb = "kept" if d.kept else "dropped"
            lines.append(f"    {verb} {safe_text(d.subject)}: {safe_text(d.why)} [{d.rule}]")
        if not s.decisions:
            lines.append("    nothing made of it (no place or no attack word paired)")
    lines.append("")
    if not expl.reports:
        lines.append("reports: none (nothing from this article goes on the map)")
    else:
        lines.append("reports:")
    for r in expl.reports:
        when = r.event_date.isoformat() if r.event_date else "undated"
        lines.append(
            f"  - {when} (precision {r.time_precision}) {r.attack_type} at {r.place.name} "
            f"[{r.place.place_id}]"
            + (f", actor {r.actor1}" + (" (claimed)" if r.claimed else "") if r.actor1 else "")
            + (f", count {r.count}" if r.count > 1 else "")
        )
        lines.append(f"    why: {safe_text(r.reason)}")
    for w in expl.extraction.warnings:
        lines.append(f"warning: {safe_text(w)}")
    return "\n".join(lines)
