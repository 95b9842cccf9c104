"""geomap's GeoPackage: an ``incidents`` Point layer, a ``tallies`` layer, more on request.

The more are layers of text (a store's ``corrections``, :mod:`geo.io.store`).

List and nested columns are JSON text; the file's ``last_change`` is the data's latest day,
so equal input gives equal bytes. Needs pyogrio (imported when a file is read or written).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from geo.errors import ExportError, InputError, SchemaError
from geo.io._common import ADDED_COLUMNS, dumps, loads, one_line
from geo.io.registry import Format, ReadResult, register_format
from geo.models import (
    INCIDENT_COLUMNS,
    JSON_COLUMNS,
    TEXT_LIST_COLUMNS,
    Incident,
    Place,
    Tally,
    clean_text,
)
from geo.record import incident_from_record, is_missing

__all__ = ["GPKG", "TALLY_COLUMNS", "read_gpkg"]

#: Columns of the GeoPackage ``tallies`` layer (and keys of the GeoJSON ``tallies`` member).
TALLY_COLUMNS: Final[tuple[str, ...]] = (
    "document",
    "count",
    "qualifier",
    "since",
    "evidence",
    "char_start",
    "char_end",
    "outlet",
    "published",
    "title",
    "url",
)


@contextmanager
def _gdal_date(stamp: str) -> Iterator[None]:
    """Fix the GeoPackage's ``last_change`` timestamp, so equal input gives equal bytes."""
    from pyogrio import set_gdal_config_options

    set_gdal_config_options({"OGR_CURRENT_DATE": stamp})
    try:
        yield
    finally:
        set_gdal_config_options({"OGR_CURRENT_DATE": None})


def _data_date(incidents: Sequence[Incident]) -> str:
    days = [i.event_date.isoformat() for i in incidents if i.event_date]
    days += [s.published[:10] for i in incidents for s in i.sources if s.published]
    day = max(days) if days else "1970-01-01"
    return f"{day}T00:00:00.000Z"


def _write_gpkg(
    incidents: Sequence[Incident],
    path: Path,
    *,
    tallies: Sequence[Tally],
    layers: Mapping[str, Sequence[Mapping[str, str]]] | None = None,
) -> None:
    import pandas as pd
    from pyogrio import write_dataframe

    from geo.frame import incidents_to_frame

    flat = incidents_to_frame(incidents).copy()
    for col in TEXT_LIST_COLUMNS:
        flat[col] = [dumps(list(v)) for v in flat[col]]
    for col in JSON_COLUMNS:
        flat[col] = [dumps(v) for v in flat[col]]
    flat["claimed"] = [None if v is None else ("true" if v else "false") for v in flat["claimed"]]
    rows = [t.to_dict() for t in tallies]
    ints = {"count", "char_start", "char_end"}
    tdf = pd.DataFrame(
        {
            k: pd.Series([r[k] for r in rows], dtype="int64" if k in ints else "object")
            for k in TALLY_COLUMNS
        }
    )
    # GDAL cuts a text at NUL: "acled-IRQ1\0a" and "acled-IRQ1\0b" would both be stored
    # as "acled-IRQ1". The JSON columns escape it; the others get U+FFFD for it.
    for frame in (flat, tdf):
        for col in frame.columns:
            if frame[col].dtype == object and col not in {*JSON_COLUMNS, *TEXT_LIST_COLUMNS}:
                frame[col] = [_no_nul(v) for v in frame[col]]
    if flat["event_id"].duplicated().any():
        dup = flat.loc[flat["event_id"].duplicated(), "event_id"].iloc[0]
        raise ExportError(f"two incidents would share the event_id {dup!r} in the GeoPackage")
    with _gdal_date(_data_date(incidents)), warnings.catch_warnings():
        # --format gpkg onto another extension is the user's choice; GDAL would warn.
        warnings.filterwarnings("ignore", "(?i).*extension", RuntimeWarning)
        write_dataframe(flat, path, layer="incidents", driver="GPKG", geometry_type="Point")
        write_dataframe(tdf, path, layer="tallies", driver="GPKG", append=True)
        for name, layer in (layers or {}).items():  # layers of text (a store's corrections)
            if layer:
                extra = pd.DataFrame([{k: _no_nul(v) for k, v in r.items()} for r in layer])
                write_dataframe(extra.astype(object), path, layer=name, driver="GPKG", append=True)


def _no_nul(v: Any) -> Any:
    return clean_text(v) if isinstance(v, str) else v


def _read_layers(path: Path) -> tuple[list[Incident], list[dict[str, Any]]]:
    from pyogrio import list_layers, read_dataframe

    try:
        layers = [str(name) for name, _ in list_layers(path)]
    except Exception as err:  # pyogrio raises DataSourceError for anything unreadable
        raise InputError(f"cannot read {path} as a GeoPackage: {one_line(err)}") from err
    if "incidents" not in layers:
        raise InputError(f"{path}: no 'incidents' layer (layers: {', '.join(layers) or 'none'})")
    try:
        gdf = read_dataframe(path, layer="incidents")
        tdf = (
            read_dataframe(path, layer="tallies", read_geometry=False)
            if "tallies" in layers
            else None
        )
    except Exception as err:
        raise InputError(f"cannot read {path}: {one_line(err)}") from err
    missing = [c for c in INCIDENT_COLUMNS if c not in gdf.columns and c not in ADDED_COLUMNS]
    if missing:
        raise InputError(f"{path}: 'incidents' layer without columns {', '.join(missing)}")
    places: dict[tuple[Any, ...], Place] = {}
    out = []
    for i, row in enumerate(gdf.to_dict("records"), start=1):
        try:
            geom = row.pop("geometry")
            if geom is None or geom.geom_type != "Point":
                raise ValueError("geometry must be a Point")
            rec = {k: (None if is_missing(v) else v) for k, v in row.items()}
            for col in (*JSON_COLUMNS, *TEXT_LIST_COLUMNS):
                rec[col] = loads(rec.get(col) or "[]")
            out.append(
                incident_from_record(rec, geom.x, geom.y, places=places, origin=f"{path.name}#{i}")
            )
        except (KeyError, TypeError, ValueError, SchemaError) as err:
            raise InputError(f"{path}: incidents feature {i}: {one_line(err)}") from err
    tallies: list[dict[str, Any]] = []
    if tdf is not None:
        for r in tdf.to_dict("records"):
            tallies.append({k: (None if is_missing(v) else v) for k, v in r.items()})
    return out, tallies


def read_gpkg(path: Path) -> ReadResult:
    """Read a geomap GeoPackage: its incidents and its tallies."""
    incidents, tallies = _read_layers(path)
    return iter(incidents), tallies


GPKG: Final = register_format(
    Format("gpkg", (".gpkg",), "GeoPackage", read=read_gpkg, write=_write_gpkg)
)
