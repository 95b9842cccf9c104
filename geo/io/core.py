"""Reading and writing incident files, in any registered format (:mod:`geo.io.registry`).

The same incidents give the same bytes in every format; every format that keeps every
field (``lossless``) reads back to equal incidents, their places and sources included; every
reader decodes records through :mod:`geo.record`. docs/exports.md describes the formats.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from geo.errors import ExportError, InputError, SchemaError
from geo.io._common import one_line
from geo.io.atomic import atomic_write
from geo.io.registry import (
    Format,
    format_for_output,
    formats,
    get_format,
    reading_format,
    suffix_format,
)
from geo.models import Incident, Tally
from geo.record import cell_count, cell_text

__all__ = [
    "encode_incidents",
    "format_of",
    "iter_incidents",
    "output_format",
    "read_incidents",
    "tallies_from_dicts",
    "write_incidents",
]


def output_format(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """Return the export format of ``path``: ``fmt`` when given, else by the extension.

    Raises
    ------
    ExportError
        An unknown format or extension.
    """
    return format_for_output(path, fmt).name


def format_of(path: str | os.PathLike[str]) -> str | None:
    """Return the format a file name's extension names (the longest suffix), or None."""
    fmt = suffix_format(path)
    return fmt.name if fmt else None


def encode_incidents(
    incidents: Sequence[Incident], *, tallies: Sequence[Tally] = (), fmt: str = "geojson"
) -> bytes:
    """Return the bytes of a text export (``geojson``, ``csv``, ``jsonl``, ``acled``...), as a file.

    For standard output (``geomap extract ... -o -``); :func:`write_incidents` writes files.

    Raises
    ------
    ExportError
        ``fmt`` is not a text format (a GeoPackage needs a file).
    """
    kind = _text_format(fmt)
    if kind.encode is None:
        raise ExportError(
            f"a {kind.description} cannot go to standard output; "
            f"give a {kind.suffixes[0]} file name"
        )
    return kind.encode(incidents, tallies=tallies)


def _text_format(fmt: str) -> Format:
    try:
        return get_format(fmt)
    except ExportError:
        text = ", ".join(f.name for f in formats(text=True))
        raise ExportError(f"unknown format {fmt!r}; use {text}") from None


def write_incidents(
    incidents: Sequence[Incident],
    path: str | os.PathLike[str],
    *,
    tallies: Sequence[Tally] = (),
    fmt: str | None = None,
    force: bool = False,
    layers: Mapping[str, Sequence[Mapping[str, str]]] | None = None,
) -> Path:
    """Write incidents to ``path`` in a format chosen by extension (or ``fmt``).

    Parameters
    ----------
    incidents : sequence of Incident
        Written in the order given (:func:`geo.pipeline.run` sorts them).
    path : path-like
        ``.geojson``, ``.csv``, ``.gpkg``, ``.jsonl`` or another registered suffix
        (:func:`geo.io.formats`). Written atomically (:func:`atomic_write`): a symlink is
        written through, a device or FIFO written into.
    tallies : sequence of Tally
        Written as the GeoJSON ``tallies`` member and the GeoPackage ``tallies`` layer
        (CSV and JSON Lines hold incidents only).
    fmt : str, optional
        ``geojson``, ``csv``, ``gpkg``, ``jsonl`` or ``acled`` (ACLED's CSV layout,
        :func:`geo.acled.write_acled_csv`: not every field survives), or another registered
        name; overrides the extension.
    force : bool, default False
        Replace an existing file.
    layers : mapping, optional
        GeoPackage only: more layers without geometry, by name, as rows of text (a store
        keeps its corrections so, :mod:`geo.corrections`); an empty one is not written.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ExportError
        Unknown format, existing file without ``force``, or an unwritable place.
    """
    target = Path(path)
    kind = format_for_output(target, fmt)
    write = kind.write
    if write is not None:
        return atomic_write(
            target, lambda p: write(incidents, p, tallies=tallies, layers=layers), force=force
        )
    data = encode_incidents(incidents, tallies=tallies, fmt=kind.name)
    return atomic_write(target, lambda p: p.write_bytes(data), force=force)


def read_incidents(path: str | os.PathLike[str]) -> tuple[list[Incident], list[dict[str, Any]]]:
    """Read an incident file whole; see :func:`iter_incidents` for the formats and errors.

    Returns
    -------
    incidents, tallies
        The incidents and the tally dicts the file holds (CSV and JSON Lines hold none);
        :func:`tallies_from_dicts` turns the dicts into :class:`~geo.models.Tally`.
    """
    incidents, tallies = iter_incidents(path)
    return list(incidents), tallies


def iter_incidents(
    path: str | os.PathLike[str],
) -> tuple[Iterator[Incident], list[dict[str, Any]]]:
    """Read an incident file, one incident at a time.

    The formats: geomap's GeoJSON, CSV, GeoPackage or JSON Lines, or ACLED CSV. Records are
    decoded by :func:`geo.record.incident_from_record`: a GeoJSON or JSON Lines record another
    tool wrote (sources without their own place, date and type, or none) is read as given,
    its sources marked ``coded``.
    A ``.csv`` is read as geomap's own when its header has ``event_id``, ``sources``,
    ``latitude`` and ``longitude``, as ACLED's when it has the columns of
    :data:`geo.acled.ACLED_REQUIRED` (:func:`geo.acled.read_acled`), and refused otherwise.
    A ``.json`` file is read as GeoJSON.

    geomap's own GeoJSON layout (one feature per line) and JSON Lines are read one incident
    at a time, so a caller that keeps only part of each incident (``geomap render`` keeps
    the sources) never holds the whole file.

    Parameters
    ----------
    path : path-like
        The file.

    Returns
    -------
    incidents, tallies
        An iterator over the incidents, and the tally dicts the file holds (CSV and JSON
        Lines hold none); :func:`tallies_from_dicts` turns the dicts into
        :class:`~geo.models.Tally`.

    Raises
    ------
    InputError
        One line naming the file (and line or feature): missing or unreadable file, not a
        FeatureCollection, CSV with the wrong columns, bad coordinates or dates, a
        GeoPackage without an ``incidents`` layer... Errors in a feature are raised when
        the iterator reaches it.
    """
    p = Path(path)
    if not p.is_file():
        if p.exists():  # a FIFO or a device is never opened: it could block or never end
            raise InputError(f"{p}: not a regular file")
        raise InputError(f"no such file: {p}")
    read = reading_format(p).read
    assert read is not None  # reading_format returns readable formats only
    return read(p)


def tallies_from_dicts(rows: Iterable[dict[str, Any]]) -> list[Tally]:
    """Rebuild tallies from their dict form (GeoJSON member, GeoPackage layer).

    Parameters
    ----------
    rows : iterable of dict
        As returned by :func:`read_incidents`.

    Returns
    -------
    list of Tally

    Raises
    ------
    InputError
        A tally with a bad count, offsets or date.
    """
    out = []
    for i, r in enumerate(rows, start=1):
        try:
            since, published = r.get("since"), r.get("published")
            out.append(
                Tally(
                    document=cell_text(r.get("document"), "document") or "",
                    count=cell_count(r.get("count"), "count") or 0,
                    evidence=cell_text(r.get("evidence"), "evidence") or "",
                    char_start=cell_count(r.get("char_start"), "char_start") or 0,
                    char_end=cell_count(r.get("char_end"), "char_end") or 0,
                    qualifier=cell_text(r.get("qualifier"), "qualifier"),
                    since=date.fromisoformat(since) if since else None,
                    outlet=cell_text(r.get("outlet"), "outlet"),
                    published=date.fromisoformat(published) if published else None,
                    title=cell_text(r.get("title"), "title"),
                    url=cell_text(r.get("url"), "url"),
                )
            )
        except (TypeError, ValueError, SchemaError) as err:
            raise InputError(f"tally {i}: {one_line(err)}") from err
    return out
