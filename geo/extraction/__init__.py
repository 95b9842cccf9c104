"""Incident extraction: read an article as a careful analyst does, one Report per incident.

The method is rules over curated lexicons (:mod:`geo.lexicon`) and the curated gazetteer
(:mod:`geo.gazetteer`): deterministic, fast (no model to load), and explainable, since each
report carries its evidence sentences and a one-line reason built from the cues that fired.
"""

from __future__ import annotations

import importlib
from typing import Any, Final

from geo.extraction.core import (
    Decision,
    Extraction,
    Sentence,
    cues_of,
    extract,
    extract_all,
    segment,
)
from geo.extraction.places import THEATRE as THEATRE

__all__ = [
    "Decision",
    "Extraction",
    "Sentence",
    "cues_of",
    "extract",
    "extract_all",
    "segment",
]

#: The stage modules, searched in turn for a name ``geo.extraction`` held when it was one
#: module (``from geo.extraction import _casualties`` keeps working).
_STAGES: Final = (
    "core",
    "segmentation",
    "cues",
    "places",
    "facts",
    "dating",
    "completion",
    "_types",
)


def __getattr__(name: str) -> Any:
    for stage in _STAGES:
        module = importlib.import_module(f"geo.extraction.{stage}")
        if name in vars(module):
            return vars(module)[name]
    raise AttributeError(f"module 'geo.extraction' has no attribute {name!r}")
