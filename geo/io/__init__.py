"""Incident and article files: every format registered once, by name.

Modelled on geopandas' driver table and geopy's service registry.

Each format is a :class:`Format` in one table (:mod:`geo.io.registry`): its name, its file
endings, how to tell it by content when an ending is shared, its reader and its writer.
Readers, writers, ``geomap extract --format`` and every message that lists formats ask the
table, and :func:`input_format` alone tells articles from incident files.

The formats, in the order they are asked: ``geojson`` (:mod:`geo.io.geojson`), ``csv``
(:mod:`geo.io.csvfile`), ``gpkg`` (:mod:`geo.io.gpkg`), ``jsonl`` (:mod:`geo.io.jsonl`),
``acled`` (:mod:`geo.io.acled_csv`) and ``articles`` (:mod:`geo.io.articles`, input only).
The store (:mod:`geo.io.store`) is a GeoPackage kept across runs. To add a format, write a
module that ends with one :func:`register_format` call and import it below (docs/architecture.md).

Every writer is atomic (:func:`atomic_write`); :mod:`geo.export` re-exports the public names
under their older home.
"""

from __future__ import annotations

from geo.io._common import csv_safe, csv_unsafe
from geo.io.atomic import LOCK_TIMEOUT, atomic_write, output_lock, replaces_a_file
from geo.io.registry import (
    Format,
    SuffixTable,
    format_for_output,
    formats,
    get_format,
    input_format,
    is_coded_id,
    reading_format,
    register_format,
    suffix_format,
    unregister_format,
)

# The formats, one registration each (the order is the order they are asked in).
from geo.io import geojson, csvfile, gpkg, jsonl, acled_csv, articles  # isort: skip

from geo.io.articles import ARTICLE_KINDS, ARTICLE_SUFFIXES
from geo.io.core import (
    encode_incidents,
    format_of,
    iter_incidents,
    output_format,
    read_incidents,
    tallies_from_dicts,
    write_incidents,
)
from geo.io.csvfile import CSV_COLUMNS
from geo.io.geojson import geojson_text
from geo.io.gpkg import TALLY_COLUMNS
from geo.io.store import Store

__all__ = [
    "ARTICLE_KINDS",
    "ARTICLE_SUFFIXES",
    "CSV_COLUMNS",
    "LOCK_TIMEOUT",
    "TALLY_COLUMNS",
    "Format",
    "Store",
    "SuffixTable",
    "acled_csv",
    "articles",
    "atomic_write",
    "csv_safe",
    "csv_unsafe",
    "csvfile",
    "encode_incidents",
    "format_for_output",
    "format_of",
    "formats",
    "geojson",
    "geojson_text",
    "get_format",
    "gpkg",
    "input_format",
    "is_coded_id",
    "iter_incidents",
    "jsonl",
    "output_format",
    "output_lock",
    "read_incidents",
    "reading_format",
    "register_format",
    "replaces_a_file",
    "suffix_format",
    "tallies_from_dicts",
    "unregister_format",
    "write_incidents",
]
