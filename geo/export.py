"""Exports and imports: GeoJSON (RFC 7946), CSV, GeoPackage and JSON Lines.

Every writer is atomic: it writes a temporary file beside the target and renames it, so an
output is written whole or not at all, and an existing file is replaced only with
``force=True``. CSV cells that a spreadsheet would run as a formula are neutralised.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from geo.errors import ExportError, InputError, SchemaError
from geo.models import INCIDENT_COLUMNS, Incident, Place, Source, Tally

__all__ = [
    "FORMATS",
    "atomic_write",
    "csv_safe",
    "geojson_text",
    "read_incidents",
    "write_incidents",
]

FORMATS: Final[dict[str, str]] = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".csv": "csv",
    ".gpkg": "gpkg",
    ".jsonl": "jsonl",
}
CSV_COLUMNS: Final = (*INCIDENT_COLUMNS, "latitude", "longitude")
_FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "'")
_LIST_SEP: Final = "; "


def atomic_write(
    path: str | os.PathLike[str], write: Callable[[Path], object], *, force: bool = True
) -> Path:
    """Write a file whole or not at all.

    Parameters
    ----------
    path : path-like
        The target.
    write : callable
        Called with a temporary path in the same directory; must write the file there.
    force : bool, default True
        Replace an existing target; otherwise raise.

    Raises
    ------
    ExportError
        The target exists without ``force``, or its directory cannot be written.
    """
    target = Path(path)
    if target.exists() and not force:
        raise ExportError(f"{target} exists; use --force to replace it")
    if target.exists() and target.is_dir():
        raise ExportError(f"{target} is a directory")
    parent = target.parent if str(target.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=target.suffix)
    except OSError as err:
        raise ExportError(f"cannot write {target}: {err.strerror or err}") from err
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()  # writers (GDAL) may refuse an existing file
        write(tmp)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


def csv_safe(value: str) -> str:
    """Neutralise a CSV cell a spreadsheet would run as a formula.

    A cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return (or with an
    apostrophe, so the rule is reversible) gets a leading apostrophe, as OWASP advises.
    :func:`read_incidents` removes it again.
    """
    return "'" + value if value.startswith(_FORMULA_START) else value


def _csv_unsafe(value: str) -> str:
    return value[1:] if value.startswith("'") else value


def _feature(inc: Incident) -> dict[str, Any]:
    rec = inc.to_record()
    lon, lat = rec.pop("longitude"), rec.pop("latitude")
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": rec,
    }


def geojson_text(incidents: Sequence[Incident], tallies: Sequence[Tally] = ()) -> str:
    """Return the RFC 7946 FeatureCollection text: one feature per line, no ``crs`` member.

    Tallies ride along as the foreign member ``tallies`` (context, never points).
    """
    lines = ["{", '"type": "FeatureCollection",']
    lines.append(
        '"tallies": ' + json.dumps([t.to_dict() for t in tallies], ensure_ascii=False) + ","
    )
    lines.append('"features": [')
    feats = [json.dumps(_feature(i), ensure_ascii=False) for i in incidents]
    lines.append(",\n".join(feats))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def _csv_row(inc: Incident) -> dict[str, str]:
    rec = inc.to_record()
    row: dict[str, str] = {}
    for col in CSV_COLUMNS:
        v = rec[col]
        if col == "attack_types_reported":
            cell = _LIST_SEP.join(v)
        elif col == "sources":
            cell = json.dumps(v, ensure_ascii=False)
        elif v is None:
            cell = ""
        elif isinstance(v, bool):
            cell = "true" if v else "false"
        else:
            cell = str(v)
        if isinstance(v, str) or col in {"sources", "attack_types_reported"}:
            cell = csv_safe(cell)
        row[col] = cell
    return row


def _write_csv(incidents: Sequence[Incident], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
        w.writeheader()
        for inc in incidents:
            w.writerow(_csv_row(inc))


def _write_gpkg(incidents: Sequence[Incident], tallies: Sequence[Tally], path: Path) -> None:
    import pandas as pd

    from geo.frame import incidents_to_frame

    gdf = incidents_to_frame(incidents)
    flat = gdf.copy()
    flat["attack_types_reported"] = [json.dumps(list(v)) for v in flat["attack_types_reported"]]
    flat["sources"] = [json.dumps(v, ensure_ascii=False) for v in flat["sources"]]
    flat["claimed"] = [None if v is None else ("true" if v else "false") for v in flat["claimed"]]
    flat.to_file(path, layer="incidents", driver="GPKG", engine="pyogrio")
    columns = ("document", "count", "qualifier", "since", "evidence", "char_start", "char_end",
               "outlet", "published", "title", "url")  # fmt: skip
    rows = [t.to_dict() for t in tallies]
    tdf = (
        pd.DataFrame(rows, columns=list(columns))
        if rows
        else pd.DataFrame(
            {
                k: pd.Series(
                    [], dtype="int64" if k in {"count", "char_start", "char_end"} else "object"
                )
                for k in columns
            }
        )
    )
    from pyogrio import write_dataframe

    write_dataframe(tdf, path, layer="tallies", driver="GPKG", append=True)


def write_incidents(
    incidents: Sequence[Incident],
    path: str | os.PathLike[str],
    *,
    tallies: Sequence[Tally] = (),
    fmt: str | None = None,
    force: bool = False,
) -> Path:
    """Write incidents to ``path`` in a format chosen by extension (or ``fmt``).

    Parameters
    ----------
    incidents : sequence of Incident
    path : path-like
        ``.geojson``, ``.csv``, ``.gpkg`` or ``.jsonl``.
    tallies : sequence of Tally
        Written as the GeoJSON ``tallies`` member and the GeoPackage ``tallies`` layer.
    fmt : str, optional
        ``geojson``, ``csv``, ``gpkg`` or ``jsonl``; overrides the extension.
    force : bool, default False
        Replace an existing file.

    Raises
    ------
    ExportError
        Unknown format, existing file without ``force``, or an unwritable place.
    """
    target = Path(path)
    kind = fmt or FORMATS.get(target.suffix.lower())
    if kind not in set(FORMATS.values()):
        raise ExportError(
            f"cannot tell the output format of {target.name!r}; use .geojson, .csv, .gpkg or "
            f".jsonl, or --format"
        )
    if kind == "geojson":
        text = geojson_text(incidents, tallies)
        return atomic_write(target, lambda p: p.write_text(text, encoding="utf-8"), force=force)
    if kind == "jsonl":
        body = "".join(json.dumps(i.to_record(), ensure_ascii=False) + "\n" for i in incidents)
        return atomic_write(target, lambda p: p.write_text(body, encoding="utf-8"), force=force)
    if kind == "csv":
        return atomic_write(target, lambda p: _write_csv(incidents, p), force=force)
    return atomic_write(target, lambda p: _write_gpkg(incidents, tallies, p), force=force)


# ---------------------------------------------------------------------------------------
# Reading incident files back


def _incident_from_record(rec: dict[str, Any], lon: float, lat: float) -> Incident:
    from datetime import date

    place = Place(
        place_id=str(rec["place_id"]),
        name=str(rec.get("location") or rec["place_id"]),
        kind="place",
        lat=float(lat),
        lon=float(lon),
        precision=int(rec.get("geo_precision") or 1),
        country=str(rec.get("country") or ""),
        admin1=str(rec.get("admin1") or ""),
    )
    sources = tuple(Source.from_dict(s, place=place) for s in rec.get("sources") or [])
    place = next((s.place for s in sources if s.place.place_id == place.place_id), place)

    def opt_int(v: Any) -> int | None:
        return None if v in (None, "") else int(v)

    claimed = rec.get("claimed")
    if isinstance(claimed, str):
        claimed = {"true": True, "false": False}.get(claimed.lower())
    return Incident(
        event_id=str(rec["event_id"]),
        event_date=date.fromisoformat(rec["event_date"]) if rec.get("event_date") else None,
        time_precision=int(rec.get("time_precision") or 1),
        attack_type=str(rec.get("attack_type") or "unknown"),
        attack_types_reported=tuple(rec.get("attack_types_reported") or ()),
        place=place,
        sources=sources,
        intercepted=rec.get("intercepted") in (True, "true", "True", 1),
        target=rec.get("target") or None,
        actor1=rec.get("actor1") or None,
        claimed=claimed,
        fatalities=opt_int(rec.get("fatalities")),
        injuries=opt_int(rec.get("injuries")),
        notes=str(rec.get("notes") or ""),
        sub_event_type=str(rec.get("sub_event_type") or ""),
    )


def _read_geojson(path: Path) -> tuple[list[Incident], list[dict[str, Any]]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise InputError(f"cannot read {path}: {err}") from err
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise InputError(f"{path}: not a GeoJSON FeatureCollection")
    out = []
    for i, f in enumerate(data.get("features") or [], start=1):
        try:
            lon, lat = f["geometry"]["coordinates"][:2]
            out.append(_incident_from_record(f["properties"], lon, lat))
        except (KeyError, TypeError, ValueError, SchemaError) as err:
            raise InputError(f"{path}: feature {i} is not a geomap incident ({err})") from err
    return out, list(data.get("tallies") or [])


def _read_csv(path: Path) -> list[Incident]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read {path}: {err}") from err
    reader = csv.DictReader(io.StringIO(text))
    missing = [
        c
        for c in ("event_id", "latitude", "longitude", "sources")
        if c not in (reader.fieldnames or [])
    ]
    if missing:
        raise InputError(f"{path}: not a geomap incident CSV (missing {', '.join(missing)})")
    out = []
    for i, row in enumerate(reader, start=2):
        rec: dict[str, Any] = {k: _csv_unsafe(v or "") for k, v in row.items() if k}
        try:
            rec["sources"] = json.loads(rec["sources"] or "[]")
            rec["attack_types_reported"] = [
                t for t in rec["attack_types_reported"].split(_LIST_SEP) if t
            ]
            out.append(_incident_from_record(rec, float(rec["longitude"]), float(rec["latitude"])))
        except (KeyError, ValueError, SchemaError) as err:
            raise InputError(f"{path} line {i}: {err}") from err
    return out


def _read_gpkg(path: Path) -> tuple[list[Incident], list[dict[str, Any]]]:
    from pyogrio import list_layers, read_dataframe

    try:
        layers = {name for name, _ in list_layers(path)}
        gdf = read_dataframe(path, layer="incidents")
    except Exception as err:  # pyogrio raises DataSourceError / DataLayerError
        raise InputError(f"cannot read {path} as a geomap GeoPackage: {err}") from err
    out = []
    for row in gdf.to_dict("records"):
        geom = row.pop("geometry")
        row["sources"] = json.loads(row.get("sources") or "[]")
        row["attack_types_reported"] = json.loads(row.get("attack_types_reported") or "[]")
        row = {k: (None if _is_missing(v) else v) for k, v in row.items()}
        out.append(_incident_from_record(row, geom.x, geom.y))
    tallies: list[dict[str, Any]] = []
    if "tallies" in layers:
        tdf = read_dataframe(path, layer="tallies", read_geometry=False)
        tallies = [
            {k: (None if _is_missing(v) else v) for k, v in r.items()}
            for r in tdf.to_dict("records")
        ]
    return out, tallies


def _is_missing(v: Any) -> bool:
    try:
        import pandas as pd

        return v is None or v is pd.NA or (isinstance(v, float) and v != v)
    except ImportError:  # pragma: no cover
        return v is None


def read_incidents(path: str | os.PathLike[str]) -> tuple[list[Incident], list[dict[str, Any]]]:
    """Read incidents written by geomap (GeoJSON, CSV, GeoPackage, JSON Lines).

    Returns
    -------
    incidents, tallies
        The incidents and the tally dicts the file holds (CSV and JSON Lines hold none).

    Raises
    ------
    InputError
        When the file is missing or is not a geomap incident file.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"no such file: {p}")
    kind = FORMATS.get(p.suffix.lower())
    if kind == "geojson":
        return _read_geojson(p)
    if kind == "csv":
        return _read_csv(p), []
    if kind == "gpkg":
        return _read_gpkg(p)
    if kind == "jsonl":
        out = []
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1):
            if line.strip():
                try:
                    rec = json.loads(line)
                    out.append(_incident_from_record(rec, rec["longitude"], rec["latitude"]))
                except (KeyError, ValueError, SchemaError) as err:
                    raise InputError(f"{p} line {i}: not a geomap incident ({err})") from err
        return out, []
    raise InputError(f"{p}: unknown incident file type {p.suffix!r}")


def tallies_from_dicts(rows: Iterable[dict[str, Any]]) -> list[Tally]:
    """Rebuild tallies from their dict form (GeoJSON member, GeoPackage layer)."""
    from geo.dates import parse_date_value

    out = []
    for r in rows:
        out.append(
            Tally(
                document=str(r.get("document") or ""),
                count=int(r.get("count") or 0),
                evidence=str(r.get("evidence") or ""),
                char_start=int(r.get("char_start") or 0),
                char_end=int(r.get("char_end") or 0),
                qualifier=r.get("qualifier"),
                since=parse_date_value(r.get("since")),
                outlet=r.get("outlet"),
                published=parse_date_value(r.get("published")),
                title=r.get("title"),
                url=r.get("url"),
            )
        )
    return out
