"""Incident extraction: read an article as a careful analyst does, one Report per incident.

The method is rules over curated lexicons (:mod:`geo.lexicon`) and the curated gazetteer
(:mod:`geo.gazetteer`): deterministic, fast (no model to load), and explainable, since each
report carries its evidence sentences and a one-line reason built from the cues that fired.

The stages, one module each, in the order a document meets them:

1. :mod:`~geo.extraction.segmentation`: split the text into paragraphs, sentences and
   clauses, dropping page furniture (menus, "SUBSCRIBE", share counters, comment prompts,
   bylines, title-case headlines).
2. :mod:`~geo.extraction.cues`: find the weapon and event words (one pass over the whole
   text); pair each place with the weapon or event cue of its clause that tells what
   happened there. Threats, plans and hypotheses give nothing.
3. :mod:`~geo.extraction.places`: in each sentence with an attack cue, keep the places
   (one matcher pass over the whole text) where an attack happened, not those named as a
   launch point, a government or a reference ("launched from Iraq", "Prime Minister of
   Iraq", containers such as "Iraq" in "Al-Asad Airbase in Iraq").
4. :mod:`~geo.extraction.dating`: date each report from its own sentence, else from the
   narrative so far, resolved against the publication date (:mod:`geo.dates`).
5. :mod:`~geo.extraction.facts`: read actor, claim, casualties, target and counts from the
   sentence and its neighbours; background ("since ... October 7") and trends ("attacks
   on bases in Iraq have escalated") give nothing; running counts become
   :class:`~geo.models.Tally` records.
6. :mod:`~geo.extraction.completion`: a later sentence with no place of its own completes
   the latest report (who claimed it, the weapon, the day, who was hurt), or places an
   attack told without a place.
7. :mod:`~geo.extraction.consolidate`: one article telling an incident three times gives
   one Report with all its evidence; a country-, region- or city-level report yields to a
   report of a place inside it.

:mod:`~geo.extraction.core` composes them (:func:`extract`),
:mod:`~geo.extraction._types` holds the records they share, and
:mod:`~geo.extraction.rules` names every rule that keeps or drops something, with its stage
and a one-line summary (``geomap explain`` prints the rule of each decision;
docs/extraction-rules.md lists them).
"""

from __future__ import annotations

import importlib
from typing import Any, Final

from geo.extraction._types import Decision, Extraction, Sentence
from geo.extraction.core import extract, extract_all
from geo.extraction.cues import cues_of
from geo.extraction.places import CAMPAIGN_START as CAMPAIGN_START
from geo.extraction.places import THEATRE as THEATRE
from geo.extraction.segmentation import segment

__all__ = ["Decision", "Extraction", "Sentence", "cues_of", "extract", "extract_all", "segment"]

#: The stage modules, searched in turn for a name ``geo.extraction`` held when it was one
#: module (``from geo.extraction import _casualties`` keeps working).
_STAGES: Final = (
    "core",
    "segmentation",
    "cues",
    "places",
    "dating",
    "facts",
    "completion",
    "consolidate",
    "_types",
)


def __getattr__(name: str) -> Any:
    for stage in _STAGES:
        module = importlib.import_module(f"geo.extraction.{stage}")
        if name in vars(module):
            return vars(module)[name]
    raise AttributeError(f"module 'geo.extraction' has no attribute {name!r}")
