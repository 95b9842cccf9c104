"""Records the stages of extraction share: sentences, cues, draft reports, decisions.

They live in a module of their own so that the stages share them without importing one
another.

A :class:`Sentence` is what segmentation yields; a :class:`_Cue` is a weapon or event word;
a :class:`_Draft` is a report under construction, which every later stage completes; the
:class:`_Trace` collects the :class:`Decision` records ``geomap explain`` prints; an
:class:`Extraction` is what one document yields.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Final

from geo.extraction.rules import Rule
from geo.models import Document, Place, Report, Tally


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of content: its span in the document and its paragraph number."""

    start: int
    end: int
    para: int


@dataclass(frozen=True, slots=True)
class Decision:
    """One step of the reading that kept or dropped something, in words an analyst reads.

    Collected only when :func:`extract` is given a ``trace`` list (``geomap explain``).
    """

    #: Index of the sentence in :func:`segment`'s output, -1 for the whole document.
    sentence: int
    #: What the decision is about ("'Erbil' (iq.erbil)", "sentence", "report at Erbil").
    subject: str
    #: A short stable name of the rule ("irrealis", "background-year", "yields-to-precise").
    rule: str
    #: True when the thing was kept (a report made or completed), False when dropped.
    kept: bool
    #: Why, in plain words.
    why: str


class _Trace:
    """Collects :class:`Decision` records when asked to; costs nothing otherwise."""

    __slots__ = ("on", "out")

    def __init__(self, out: list[Decision] | None) -> None:
        self.out = out
        self.on = out is not None  # callers test it first, so messages cost nothing when off

    def __call__(self, si: int, subject: str, rule: Rule, why: str) -> None:
        if self.out is not None:
            self.out.append(Decision(si, subject, rule.code, rule.keeps, why))


_NO_TRACE: Final = _Trace(None)


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything one document yields: its reports, its tallies, and warnings about it."""

    document: Document
    reports: tuple[Report, ...]
    tallies: tuple[Tally, ...]
    warnings: tuple[str, ...] = ()


@dataclass
class _Draft:
    """A report under construction (mutable until consolidation)."""

    place: Place
    place_phrase: str
    place_reason: str
    attack_type: str
    cue: str
    date_value: date | None
    precision: int
    date_phrase: str
    date_reason: str
    evidence: list[tuple[int, int]]
    sentence_idx: int
    intercepted: bool = False
    target: str | None = None
    actor1: str | None = None
    claimed: bool | None = None
    fatalities: int | None = None
    injuries: int | None = None
    count: int = 1
    seg: tuple[int, int] = (0, 0)
    soft_date: bool = False  # taken from the narrative, not said in the sentence
    notes: list[str] = field(default_factory=list)
    place_start: int = -1  # where the place is named
    cue_obj: _Cue | None = None  # the cue it was paired with
    apart: int = 0  # drafts told as separate attacks share this non-zero mark, never merge
    before: date | None = None  # told as what came before an event of that day: not it


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int
    end: int
    attack_type: str  # "unknown" for an event word without a weapon
    text: str
    weapon: bool
