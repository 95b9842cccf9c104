"""Exports and imports under their first home: the code lives in :mod:`geo.io`.

Kept so that ``from geo.export import write_incidents`` (and every other public name) goes on
working: each name here is the one of :mod:`geo.io`. :data:`FORMATS` is the live table of
the writable formats' endings (a format registered later is in it).
docs/exports.md describes the formats for users.
"""

from __future__ import annotations

from typing import Final

from geo.io import (
    CSV_COLUMNS,
    LOCK_TIMEOUT,
    TALLY_COLUMNS,
    SuffixTable,
    atomic_write,
    csv_safe,
    csv_unsafe,
    encode_incidents,
    format_of,
    geojson_text,
    iter_incidents,
    output_format,
    output_lock,
    read_incidents,
    replaces_a_file,
    tallies_from_dicts,
    write_incidents,
)
from geo.io._common import FORMULA_START

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "FORMULA_START",
    "LOCK_TIMEOUT",
    "TALLY_COLUMNS",
    "atomic_write",
    "csv_safe",
    "csv_unsafe",
    "encode_incidents",
    "format_of",
    "geojson_text",
    "iter_incidents",
    "output_format",
    "output_lock",
    "read_incidents",
    "replaces_a_file",
    "tallies_from_dicts",
    "write_incidents",
]

#: Output format of each file extension (``--format`` overrides it): a live view of
#: :func:`geo.io.formats`, ``{".geojson": "geojson", ".csv": "csv", ...}``.
FORMATS: Final = SuffixTable()
