"""The one incident GeoDataFrame: built from incidents, checked where frames enter and leave.

Columns are :data:`~geo.models.INCIDENT_COLUMNS` plus ``geometry`` (Points, longitude first,
EPSG:4326). Values stay JSON-safe (ISO date strings, lists of dicts), so GeoJSON and map
popups need no conversion.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from geo._util import paused_gc
from geo.errors import SchemaError
from geo.models import ATTACK_TYPES, CRS, INCIDENT_COLUMNS, Incident, Place, Source

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
    "geo_precision": "int64",
    "target": "object",
    "actor1": "object",
    "claimed": "object",
    "fatalities": "Int64",
    "injuries": "Int64",
    "sources": "object",
    "source_count": "int64",
    "notes": "object",
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


def _opt_int(v: Any) -> int | None:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    try:
        import pandas as pd

        if v is pd.NA:
            return None
    except ImportError:  # pragma: no cover
        pass
    return int(v)


def frame_to_incidents(gdf: gpd.GeoDataFrame) -> list[Incident]:
    """Rebuild incidents from an incident frame (the inverse of :func:`incidents_to_frame`)."""
    validate_frame(gdf)
    out: list[Incident] = []
    for row in gdf.itertuples(index=False):
        r = row._asdict()
        geom = r["geometry"]
        place = Place(
            place_id=str(r["place_id"]),
            name=str(r["location"]),
            kind="place",
            lat=float(geom.y),
            lon=float(geom.x),
            precision=int(r["geo_precision"]),
            country=str(r["country"]),
            admin1=str(r["admin1"] or ""),
        )
        sources = tuple(Source.from_dict(s, place=place) for s in (r["sources"] or []))
        # The incident's place is the most precise source place with that id, when known.
        place = next((s.place for s in sources if s.place.place_id == place.place_id), place)
        claimed = r["claimed"]
        out.append(
            Incident(
                event_id=str(r["event_id"]),
                event_date=date.fromisoformat(r["event_date"]) if r["event_date"] else None,
                time_precision=int(r["time_precision"]),
                attack_type=str(r["attack_type"]),
                attack_types_reported=tuple(r["attack_types_reported"] or ()),
                place=place,
                sources=sources,
                intercepted=bool(r["intercepted"]),
                target=r["target"] or None,
                actor1=r["actor1"] or None,
                claimed=None
                if claimed is None or (isinstance(claimed, float) and math.isnan(claimed))
                else bool(claimed),
                fatalities=_opt_int(r["fatalities"]),
                injuries=_opt_int(r["injuries"]),
                notes=str(r["notes"] or ""),
                sub_event_type=str(r["sub_event_type"] or ""),
            )
        )
    return out
