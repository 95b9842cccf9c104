"""geomap's GeoJSON (RFC 7946): one Point feature per incident, tallies as a foreign member.

Written one feature per line, so that geomap's own files are read back a feature at a time
(:func:`read_geojson`); any other layout of a FeatureCollection is parsed whole. A ``.json``
file given as input is GeoJSON when it starts as a FeatureCollection, else articles.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final, TextIO

from geo.errors import InputError, SchemaError
from geo.io._common import dumps, loads, numbers, one_line, read_text
from geo.io.registry import Format, register_format
from geo.models import Incident, Place, Tally
from geo.record import incident_from_record

__all__ = ["GEOJSON", "geojson_text", "read_geojson"]

#: How much of a ``.json`` file is read to tell a FeatureCollection from articles.
SNIFF_CHARS: Final = 200


def _feature(inc: Incident) -> dict[str, Any]:
    rec = inc.to_record()
    lon, lat = rec.pop("longitude"), rec.pop("latitude")
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": rec,
    }


def geojson_text(incidents: Sequence[Incident], tallies: Sequence[Tally] = ()) -> str:
    """Return the RFC 7946 FeatureCollection text, one feature per line.

    Parameters
    ----------
    incidents : sequence of Incident
        One Point feature each (longitude first, 4 decimals at most), properties exactly
        :data:`~geo.models.INCIDENT_COLUMNS`. No ``crs`` member (RFC 7946 is WGS84 only).
    tallies : sequence of Tally
        Carried as the foreign member ``tallies`` (RFC 7946 section 6.1): they are context,
        never points, so they are not features.

    Returns
    -------
    str
        UTF-8 text (non-ASCII characters kept as they are), ending with a newline.
    """
    feats = [dumps(_feature(i)) for i in incidents]
    return (
        '{"type": "FeatureCollection",\n'
        f'"tallies": {dumps([t.to_dict() for t in tallies])},\n'
        '"features": [\n' + ",\n".join(feats) + ("\n" if feats else "") + "]}\n"
    )


def _feature_incident(
    f: Any, path: Path, i: int, places: dict[tuple[Any, ...], Place] | None = None
) -> Incident:
    try:
        if not isinstance(f, dict) or f.get("type") != "Feature":
            raise ValueError("not a Feature")
        geom = f.get("geometry")
        if not isinstance(geom, dict) or geom.get("type") != "Point":
            raise ValueError("geometry must be a Point")
        coords = geom.get("coordinates")
        if not (isinstance(coords, list) and len(coords) in (2, 3) and numbers(coords)):
            raise ValueError(f"bad coordinates: {coords!r}")
        props = f.get("properties")
        if not isinstance(props, dict):
            raise ValueError("no properties")
        return incident_from_record(
            props, coords[0], coords[1], places=places, origin=f"{path.name}#{i}"
        )
    except (KeyError, TypeError, ValueError, SchemaError) as err:
        raise InputError(f"{path}: feature {i}: {one_line(err)}") from err


_STREAM_HEAD: Final = ('{"type": "FeatureCollection",', '"tallies": ', '"features": [')


def _stream_geojson(path: Path) -> tuple[Iterator[Incident], list[dict[str, Any]]] | None:
    """Read geomap's own one-feature-per-line layout a feature at a time.

    Returns None when the file is laid out otherwise (then it is parsed whole).
    """
    fh = path.open(encoding="utf-8")
    try:
        head = [fh.readline().rstrip("\n") for _ in range(3)]
        if (
            head[0] != _STREAM_HEAD[0]
            or not head[1].startswith(_STREAM_HEAD[1])
            or head[2] != _STREAM_HEAD[2]
        ):
            fh.close()
            return None
        tallies = loads(head[1][len(_STREAM_HEAD[1]) :].rstrip(","))
    except (UnicodeDecodeError, json.JSONDecodeError):
        fh.close()
        return None
    if not isinstance(tallies, list) or not all(isinstance(t, dict) for t in tallies):
        fh.close()
        return None
    return _stream_features(fh, path), tallies


def _stream_features(fh: TextIO, path: Path) -> Iterator[Incident]:
    places: dict[tuple[Any, ...], Place] = {}
    with fh:
        i = 0
        try:
            for i, line in enumerate(fh, start=1):
                line = line.strip()
                if line == "]}":
                    return
                try:
                    feature = loads(line.rstrip(","))
                except json.JSONDecodeError as err:
                    raise InputError(f"{path}: feature {i}: not JSON ({err.msg})") from err
                yield _feature_incident(feature, path, i, places)
        except UnicodeDecodeError as err:
            raise InputError(f"{path}: feature {i + 1}: not UTF-8 text") from err
    raise InputError(f"{path}: truncated: the feature array is not closed")


def read_geojson(path: Path) -> tuple[Iterator[Incident], list[dict[str, Any]]]:
    """Read a GeoJSON FeatureCollection: its incidents (streamed when geomap wrote it), its tallies."""
    streamed = _stream_geojson(path)
    if streamed is not None:
        return streamed
    try:
        data = loads(read_text(path))
    except json.JSONDecodeError as err:
        raise InputError(f"{path}: not JSON ({err.msg} at line {err.lineno})") from err
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise InputError(f"{path}: not a GeoJSON FeatureCollection")
    features = data.get("features")
    tallies = data.get("tallies", [])
    if not isinstance(features, list):
        raise InputError(f"{path}: 'features' must be an array")
    if not isinstance(tallies, list) or not all(isinstance(t, dict) for t in tallies):
        raise InputError(f"{path}: 'tallies' must be an array of objects")
    places: dict[tuple[Any, ...], Place] = {}
    incidents = (_feature_incident(f, path, i, places) for i, f in enumerate(features, start=1))
    return incidents, tallies


def _encode(incidents: Sequence[Incident], *, tallies: Sequence[Tally]) -> bytes:
    return geojson_text(incidents, tallies).encode("utf-8")


def _is_feature_collection(path: Path) -> bool:
    """Whether a ``.json`` file starts as a FeatureCollection (else it holds articles)."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        head = fh.read(SNIFF_CHARS)
    return '"FeatureCollection"' in head


GEOJSON: Final = register_format(Format(
    "geojson", (".geojson",), "GeoJSON", read=read_geojson, encode=_encode,
    detect=_is_feature_collection, sniffed=(".json",),
))  # fmt: skip
