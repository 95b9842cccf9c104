"""geomap: turn news reports of attacks into incident maps an analyst can trust.

The public API, importable from ``geo`` (heavy libraries load only when used)::

    from geo import load_gazetteer, run, incidents_to_frame, render_map, write_incidents

See ``docs/architecture.md`` for the stages and the module that owns each.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Document": "geo.models",
    "Report": "geo.models",
    "Incident": "geo.models",
    "Place": "geo.models",
    "Source": "geo.models",
    "Tally": "geo.models",
    "ATTACK_TYPES": "geo.models",
    "INCIDENT_COLUMNS": "geo.models",
    "CRS": "geo.models",
    "GeoMapError": "geo.errors",
    "load_gazetteer": "geo.gazetteer",
    "check_gazetteer": "geo.gazetteer",
    "Gazetteer": "geo.gazetteer",
    "resolve_name": "geo.places",
    "read_documents": "geo.documents",
    "extract": "geo.extraction",
    "merge_reports": "geo.merging",
    "merge_sources": "geo.merging",
    "merge_incidents": "geo.merging",
    "incidents_to_frame": "geo.frame",
    "frame_to_incidents": "geo.frame",
    "validate_frame": "geo.frame",
    "render_map": "geo.render",
    "save_map": "geo.render",
    "write_incidents": "geo.export",
    "read_incidents": "geo.export",
    "iter_incidents": "geo.export",
    "run": "geo.pipeline",
}

__all__ = [
    "ATTACK_TYPES",
    "CRS",
    "INCIDENT_COLUMNS",
    "Document",
    "Gazetteer",
    "GeoMapError",
    "Incident",
    "Place",
    "Report",
    "Source",
    "Tally",
    "__version__",
    "check_gazetteer",
    "extract",
    "frame_to_incidents",
    "incidents_to_frame",
    "iter_incidents",
    "load_gazetteer",
    "merge_incidents",
    "merge_reports",
    "merge_sources",
    "read_documents",
    "read_incidents",
    "render_map",
    "resolve_name",
    "run",
    "save_map",
    "validate_frame",
    "write_incidents",
]

if TYPE_CHECKING:
    from geo.documents import read_documents
    from geo.errors import GeoMapError
    from geo.export import iter_incidents, read_incidents, write_incidents
    from geo.extraction import extract
    from geo.frame import frame_to_incidents, incidents_to_frame, validate_frame
    from geo.gazetteer import Gazetteer, check_gazetteer, load_gazetteer
    from geo.merging import merge_incidents, merge_reports, merge_sources
    from geo.models import (
        ATTACK_TYPES,
        CRS,
        INCIDENT_COLUMNS,
        Document,
        Incident,
        Place,
        Report,
        Source,
        Tally,
    )
    from geo.pipeline import run
    from geo.places import resolve_name
    from geo.render import render_map, save_map


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'geo' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
