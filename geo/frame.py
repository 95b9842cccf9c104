"""The one incident GeoDataFrame: built from incidents, checked where frames enter and leave.

Columns are :data:`~geo.models.INCIDENT_COLUMNS` plus ``geometry`` (Points, longitude first,
EPSG:4326). Values stay JSON-safe (ISO date strings, lists of dicts), so GeoJSON and map
popups need no conversion.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Final

from geo._util import paused_gc
from geo.errors import SchemaError
from geo.models import ATTACK_TYPES, CRS, INCIDENT_COLUMNS, Incident
from geo.record import PlaceMemo, incident_from_record

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = ["empty_frame", "frame_to_incidents", "incidents_to_frame", "validate_frame"]

#: pandas dtype of each column (nullable integers where the record allows null).
DTYPES: Final[dict[str, str]] = {
    "event_id": "object",
    "event_date": "object",
    "time_precision": "int64",
    "attack_type": "object",
    "attack_types_reported": "object",
    "sub_event_type": "object",
    "intercepted": "bool",
    "place_id": "object",
    "location": "object",
    "admin1": "object",
    "country": "object",
    "country_code": "object",
    "geo_precision": "int64",
    "target": "object",
    "actor1": "object",
    "claimed": "object",
    "fatalities": "Int64",
    "injuries": "Int64",
    "sources": "object",
    "source_count": "int64",
    "notes": "object",
    "aliases": "object",
    "corrections": "object",
    "trust": "object",
}


def incidents_to_frame(incidents: Iterable[Incident]) -> gpd.GeoDataFrame:
    """Build the incident GeoDataFrame (EPSG:4326) from incidents.

    Parameters
    ----------
    incidents : iterable of Incident

    Returns
    -------
    geopandas.GeoDataFrame
        One row per incident, columns :data:`~geo.models.INCIDENT_COLUMNS` + geometry.
    """
    import geopandas as gpd
    import pandas as pd

    with paused_gc():
        records = [i.to_record() for i in incidents]
    if not records:
        return empty_frame()
    df = pd.DataFrame.from_records(records)
    lon = df.pop("longitude")
    lat = df.pop("latitude")
    df = df[list(INCIDENT_COLUMNS)].astype(DTYPES)
    gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(lon, lat), crs=CRS)
    return validate_frame(gdf)


def empty_frame() -> gpd.GeoDataFrame:
    """Return an incident frame with no rows and the right columns, dtypes and CRS."""
    import geopandas as gpd
    import pandas as pd

    df = pd.DataFrame({c: pd.Series([], dtype=t) for c, t in DTYPES.items()})
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries([], crs=CRS), crs=CRS)


def validate_frame(gdf: Any) -> gpd.GeoDataFrame:
    """Check that a frame is an incident frame; return it unchanged.

    Raises
    ------
    SchemaError
        Naming the missing columns, a wrong CRS, non-point geometry or bad values.
    """
    import geopandas as gpd

    if not isinstance(gdf, gpd.GeoDataFrame):
        raise SchemaError(f"incident frame: expected a GeoDataFrame, got {type(gdf).__name__}")
    missing = [c for c in INCIDENT_COLUMNS if c not in gdf.columns]
    if missing:
        raise SchemaError(f"incident frame: missing columns {', '.join(missing)}")
    if gdf.crs is None or gdf.crs.to_string() != CRS:
        raise SchemaError(f"incident frame: CRS must be {CRS}, got {gdf.crs}")
    if len(gdf):
        kinds = set(gdf.geometry.geom_type.dropna())
        if kinds - {"Point"}:
            raise SchemaError(f"incident frame: geometry must be Points, got {sorted(kinds)}")
        bad = sorted(set(gdf["attack_type"]) - set(ATTACK_TYPES))
        if bad:
            raise SchemaError(f"incident frame: unknown attack_type {bad}")
        if gdf["event_id"].duplicated().any():
            dup = gdf.loc[gdf["event_id"].duplicated(), "event_id"].iloc[0]
            raise SchemaError(f"incident frame: duplicate event_id {dup!r}")
    return gdf


def frame_to_incidents(gdf: gpd.GeoDataFrame) -> list[Incident]:
    """Rebuild incidents from an incident frame (the inverse of :func:`incidents_to_frame`).

    Each row is decoded as a record of an incident file is (:mod:`geo.record`): the same
    types, the same missing values (None, NaN, ``pandas.NA``), the same fallbacks.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        An incident frame (see :func:`validate_frame`).

    Returns
    -------
    list of Incident
        One per row, in row order.

    Raises
    ------
    SchemaError
        The frame is not an incident frame, or a row holds a bad value (naming the row).
    """
    validate_frame(gdf)
    geometry = gdf.geometry.name
    records = gdf.drop(columns=[geometry]).to_dict("records")
    places: PlaceMemo = {}
    out: list[Incident] = []
    for n, (rec, geom) in enumerate(zip(records, gdf.geometry, strict=True), start=1):
        if geom is None or geom.is_empty:
            raise SchemaError(f"incident frame: row {n}: no point")
        try:
            out.append(incident_from_record(rec, geom.x, geom.y, places=places))
        except SchemaError as err:
            raise SchemaError(f"incident frame: row {n}: {err}") from err
    return out
