"""The incident record codec: how a record read from any file or frame becomes an Incident.

geomap writes an incident as its record (:meth:`~geo.models.Incident.to_record`: the columns of
:data:`~geo.models.INCIDENT_COLUMNS`, each source as :meth:`~geo.models.Source.to_dict`, each
place as its dict). Every reader decodes through this module: GeoJSON, CSV, GeoPackage and
JSON Lines (:mod:`geo.io`), an incident frame (:func:`geo.frame.frame_to_incidents`) and
the cells of an ACLED export (:mod:`geo.acled`). So a value is read one way everywhere:

- a missing value is None, NaN, ``pandas.NA`` or ``NaT`` (:func:`is_missing`); in a record
  column an empty text is missing too;
- a record column (a *cell*) may hold the value or its text, as CSV and GeoPackage cells do
  (``"3"``, ``"true"``); a member of a source or a place (JSON) must hold the value itself;
- a bad value raises :class:`~geo.errors.SchemaError` (a ``ValueError``) naming the field;
  the reader adds the file and the line or feature.

**Records other tools wrote.** A record is geomap's own (:func:`is_native`) when every one of
its sources carries its own ``place``, ``event_date`` and ``attack_type``, as
:meth:`~geo.models.Source.to_dict` always writes them. In any record, what a source leaves
out it takes from the record (date, precision, type, target, actor, claim, casualties,
interception). A record that is not geomap's own is kept as it was given: its sources are
marked ``coded`` (:attr:`~geo.models.Source.coded`), so that :func:`geo.pipeline.run` never
merges them with other reports unless asked (``--remerge``). Such a record may leave out
more: with no ``sources`` it gets one, made of the record itself (document ``FILE#N``,
evidence its ``notes``); without ``event_id`` it is ``FILE#N``; without ``place_id`` its
``location``; without ``attack_types_reported`` its ``attack_type``; without
``time_precision`` or ``geo_precision`` 1.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime
from typing import Any, Final

from geo.errors import SchemaError
from geo.models import MAX_COUNT, Evidence, Incident, Place, Revision, Source, clean_text

__all__ = [
    "cell_choice",
    "cell_coord",
    "cell_count",
    "cell_date",
    "cell_flag",
    "cell_text",
    "incident_from_record",
    "is_missing",
    "is_native",
    "place_from_dict",
    "source_from_dict",
]

#: Place memo of one file: sources at one place share one :class:`~geo.models.Place`.
PlaceMemo = dict[tuple[Any, ...], Place]

_PRESENT: Final = frozenset({str, int, bool, list, dict})
_ISO_DATE: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
#: What geomap writes in every source and other tools' files lack (see :func:`is_native`).
_OWN_SOURCE_KEYS: Final = ("place", "event_date", "attack_type")


def is_missing(v: Any) -> bool:
    """Whether a value read from a file or frame means "no value".

    None, a float NaN (pandas writes it for a missing number, JSON readers may give it),
    ``pandas.NA`` and ``pandas.NaT``. An empty text is a value here; record columns treat it
    as missing (the ``cell_*`` readers).
    """
    if type(v) in _PRESENT:  # the common case, first: JSON text, numbers and flags
        return False
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return True
    pd = sys.modules.get("pandas")  # without pandas loaded, no value can be one of its own
    return pd is not None and (v is pd.NA or v is pd.NaT)


def _shown(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 40 else text[:40] + "..."


def _what(v: Any) -> str:
    """Name a bad value for a message: its type, and a short repr."""
    return f"{type(v).__name__} {_shown(v)}"


# ---------------------------------------------------------------------------------------
# Record columns: a JSON value, or its text in a CSV or GeoPackage cell


def cell_text(v: Any, name: str) -> str | None:
    """Read a text column: a str (see :func:`~geo.models.clean_text`), or None when empty.

    A list, mapping, number or flag where text belongs raises, naming the column.
    """
    if isinstance(v, str):
        return clean_text(v) or None
    if is_missing(v):
        return None
    raise SchemaError(f"bad {name}: expected text, got {_what(v)}")


def cell_count(v: Any, name: str) -> int | None:
    """Read a whole number 0 to :data:`~geo.models.MAX_COUNT` (or its digits); None when empty."""
    if is_missing(v) or v == "":
        return None
    n: int | None = None
    if isinstance(v, str) and v.isascii() and v.isdigit() and len(v) <= 16:
        n = int(v)
    elif isinstance(v, int) and not isinstance(v, bool):
        n = v
    elif isinstance(v, float) and v.is_integer():
        n = int(v)
    if n is None or not 0 <= n <= MAX_COUNT:
        raise SchemaError(f"bad {name} {_shown(v)} (expected a whole number, 0 to 2**53-1)")
    return n


def cell_choice(v: Any, name: str, allowed: tuple[int, ...], default: int | None = None) -> int:
    """Read one of the numbers ``allowed``; ``default`` when empty (no default: an error)."""
    n = cell_count(v, name)
    if n is None and default is not None:
        return default
    if n is None or n not in allowed:
        raise SchemaError(f"bad {name} {v!r} (expected one of {', '.join(map(str, allowed))})")
    return n


def cell_flag(v: Any, name: str, default: bool | None = None) -> bool | None:
    """Read a flag: true or false (``"true"``, ``"1"``, ``"false"``, ``"0"``); empty: ``default``."""
    if isinstance(v, bool):
        return v
    if is_missing(v) or v == "":
        return default
    text = str(v).strip().lower()
    if text in {"true", "1"}:
        return True
    if text in {"false", "0"}:
        return False
    raise SchemaError(f"bad {name} {v!r} (expected true or false)")


def cell_coord(v: Any, name: str, limit: float) -> float:
    """Read a coordinate (a number or its text) within ``-limit..limit`` degrees."""
    if isinstance(v, bool) or is_missing(v):
        raise SchemaError(f"bad coordinates: {name} {v!r}")
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise SchemaError(f"bad coordinates: {name} {v!r}") from None
    if not (math.isfinite(x) and -limit <= x <= limit):
        raise SchemaError(f"bad coordinates: {name} {v!r} out of range")
    return x


def cell_date(v: Any, name: str) -> date | None:
    """Read a day: ``YYYY-MM-DD`` text (or a date, from a frame); None when empty."""
    if is_missing(v) or v == "":
        return None
    if isinstance(v, datetime):
        return v.date()
    if isinstance(v, date):
        return v
    if isinstance(v, str) and _ISO_DATE.fullmatch(v):
        try:
            return date.fromisoformat(v)
        except ValueError:
            raise SchemaError(f"bad {name} {v!r} (no such day)") from None
    raise SchemaError(f"bad {name} {_shown(v)} (expected YYYY-MM-DD)")


# ---------------------------------------------------------------------------------------
# Members of a source or a place: JSON values, never their text


def _text(d: dict[str, Any], key: str, who: str, default: str | None = None) -> str | None:
    """Read a text member: a str, or ``default`` when absent or missing.

    The text is passed through :func:`~geo.models.clean_text` and interned: names, dates and
    kinds repeat across thousands of sources, and a file read back should hold each once, as
    extraction does.
    """
    v = d.get(key)
    if type(v) is str:
        return sys.intern(clean_text(v))
    if is_missing(v):
        return default
    raise SchemaError(f"{who}: {key} must be text, got {_what(v)}")


def _count(
    d: dict[str, Any], key: str, who: str, default: int | None, *, low: int = 0
) -> int | None:
    """Read an integer member, ``low`` to :data:`~geo.models.MAX_COUNT`; ``default`` if absent."""
    v = d.get(key)
    if is_missing(v):
        return default
    if type(v) is int:
        n = v
    elif type(v) is float and v.is_integer():
        n = int(v)
    else:
        raise SchemaError(f"{who}: {key} must be an integer, got {_what(v)}")
    if not low <= n <= MAX_COUNT:
        raise SchemaError(f"{who}: {key} out of range ({low} to 2**53-1): {n if n < 0 else 'huge'}")
    return n


def _flag(d: dict[str, Any], key: str, who: str, default: bool | None) -> bool | None:
    v = d.get(key)
    if type(v) is bool:
        return v
    if is_missing(v):
        return default
    raise SchemaError(f"{who}: {key} must be true, false or null, got {_what(v)}")


def _degrees(d: dict[str, Any], key: str, who: str) -> float:
    v = d.get(key)
    if type(v) is float or type(v) is int:
        return float(v)
    raise SchemaError(f"{who}: {key} must be a number, got {_what(v)}")


def place_from_dict(d: dict[str, Any]) -> Place:
    """Rebuild a place from its dict (the ``place`` of a source), provenance included.

    Raises
    ------
    SchemaError
        A member of the wrong type, or a place :class:`~geo.models.Place` refuses.
    """
    pid = _text(d, "place_id", "place")
    if not pid:
        raise SchemaError(f"place: place_id must be text, got {_what(d.get('place_id'))}")
    who = f"place {pid!r}"
    return Place(
        place_id=pid,
        name=_text(d, "name", who) or pid,
        kind=_text(d, "kind", who) or "place",
        lat=_degrees(d, "lat", who),
        lon=_degrees(d, "lon", who),
        precision=_count(d, "precision", who, None) or 1,
        country=_text(d, "country", who) or "",
        admin1=_text(d, "admin1", who) or "",
        parent_id=_text(d, "parent_id", who) or None,
        source_id=_text(d, "source_id", who) or "",
        source_ref=_text(d, "source_ref", who) or "",
        notes=_text(d, "notes", who) or "",
        tier=_text(d, "tier", who) or "curated",
    )


def _memo_place(raw: dict[str, Any], places: PlaceMemo | None) -> Place:
    if places is None:
        return place_from_dict(raw)
    key = tuple(raw.items())
    try:
        found = places.get(key)
    except TypeError:  # an unhashable value: let the checks name it
        key, found = (), None
    if found is None:
        found = place_from_dict(raw)
        if key:
            places[key] = found
    return found


def source_from_dict(
    d: dict[str, Any],
    *,
    place: Place | None = None,
    places: PlaceMemo | None = None,
    record: dict[str, Any] | None = None,
    coded: bool = False,
) -> Source:
    """Rebuild a source from :meth:`~geo.models.Source.to_dict` output.

    Parameters
    ----------
    d : dict
        The source's members.
    place : Place, optional
        The place of a source that carries none (a foreign file's).
    places : dict, optional
        A memo shared by the sources of one file: sources at the same place then share one
        :class:`~geo.models.Place` (a file read back holds each place once, not once per
        source).
    record : dict, optional
        What the record says for itself (``event_date``, ``attack_type``, ``target``...):
        the value of each member the source leaves out.
    coded : bool, default False
        Mark the source as an event coded elsewhere, kept as given (also when ``d`` says so).

    Raises
    ------
    SchemaError
        A member of the wrong type or out of range, or no place at all.
    """
    if record and any(k not in d for k in record):
        d = {**record, **d}
    doc = d.get("document")
    who = f"source {doc!r}" if type(doc) is str else "source"
    raw_more = d.get("more_evidence") or ()
    if not isinstance(raw_more, list | tuple) or not all(isinstance(e, dict) for e in raw_more):
        raise SchemaError(f"{who}: more_evidence must be an array of objects")
    more = tuple(
        Evidence(
            _text(e, "evidence", who) or "",
            _count(e, "char_start", who, 0) or 0,
            _count(e, "char_end", who, 0) or 0,
        )
        for e in raw_more
    )
    raw_place = d.get("place")
    if isinstance(raw_place, dict):
        the_place = _memo_place(raw_place, places)
    elif place is not None:
        the_place = place
    else:
        raise SchemaError(f"{who}: no place")
    published = _text(d, "published", who)
    if published is not None:
        try:
            date.fromisoformat(published[:10])
        except ValueError:
            raise SchemaError(f"{who}: bad published {published[:40]!r}") from None
    return Source(
        document=_text(d, "document", "source") or "",
        title=_text(d, "title", who),
        url=_text(d, "url", who),
        outlet=_text(d, "outlet", who),
        published=published,
        evidence=_text(d, "evidence", who) or "",
        char_start=_count(d, "char_start", who, 0) or 0,
        char_end=_count(d, "char_end", who, 0) or 0,
        place=the_place,
        more_evidence=more,
        event_date=_text(d, "event_date", who),
        time_precision=_count(d, "time_precision", who, 1) or 1,
        date_phrase=_text(d, "date_phrase", who) or "",
        attack_type=_text(d, "attack_type", who) or "unknown",
        target=_text(d, "target", who),
        actor1=_text(d, "actor1", who),
        claimed=_flag(d, "claimed", who, None),
        fatalities=_count(d, "fatalities", who, None),
        injuries=_count(d, "injuries", who, None),
        intercepted=bool(_flag(d, "intercepted", who, False)),
        count=_count(d, "count", who, 1) or 1,
        reason=_text(d, "reason", who) or "",
        coded=coded or bool(_flag(d, "coded", who, False)),
    )


# ---------------------------------------------------------------------------------------
# The record


def is_native(sources: Iterable[Any]) -> bool:
    """Whether a record's sources are geomap's own reports (so they may be merged again).

    geomap writes every source with its own ``place``, ``event_date`` and ``attack_type``
    (null when unknown); other tools' files leave them out, or give no sources at all.
    """
    seen = False
    for s in sources:
        if not isinstance(s, dict) or any(k not in s for k in _OWN_SOURCE_KEYS):
            return False
        seen = True
    return seen


def _list_of_text(v: Any, name: str) -> list[str] | None:
    if is_missing(v):
        return None
    if not isinstance(v, list | tuple) or not all(isinstance(t, str) for t in v):
        raise SchemaError(f"{name} must be an array of strings")
    # a blank entry names nothing (and no CSV cell can hold one): read as absent
    return [t for t in v if t.strip()]


def _country_code(rec: dict[str, Any]) -> str:
    """Return the ISO alpha-2 code of a record: ``country_code``, else ``country``.

    ``country`` holds a code in files geomap wrote before ``country_code`` existed, a name
    (as ACLED writes it) in files written since and in other tools' files.
    """
    code = cell_text(rec.get("country_code"), "country_code")
    if code:
        return code
    name = cell_text(rec.get("country"), "country")
    if not name:
        return ""
    if len(name) == 2:
        return name
    from geo.countries import country_iso2

    found = country_iso2(name)
    if found is None:
        raise SchemaError(f"unknown country {name[:40]!r} (give country_code, ISO alpha-2)")
    return found


def incident_from_record(
    rec: dict[str, Any],
    lon: Any,
    lat: Any,
    *,
    places: PlaceMemo | None = None,
    origin: str = "",
) -> Incident:
    """Build an incident from a record (JSON values, or the text of CSV cells).

    Parameters
    ----------
    rec : dict
        The record's columns; ``sources`` and ``attack_types_reported`` already arrays.
    lon, lat : number or text
        The point.
    places : dict, optional
        The file's place memo (see :func:`source_from_dict`).
    origin : str, optional
        Where the record stands (``FILE#N``): the ``event_id`` and the source document of a
        record that gives none.

    Returns
    -------
    Incident

    Raises
    ------
    SchemaError
        A bad value; the message names the field.
    """
    lon_f, lat_f = cell_coord(lon, "longitude", 180), cell_coord(lat, "latitude", 90)
    event_date = cell_date(rec.get("event_date"), "event_date")
    raw_sources = rec.get("sources")
    raw_sources = [] if is_missing(raw_sources) else raw_sources
    if not isinstance(raw_sources, list | tuple) or not all(
        isinstance(s, dict) for s in raw_sources
    ):
        raise SchemaError("sources must be an array of objects")
    attack_type = cell_text(rec.get("attack_type"), "attack_type") or "unknown"
    reported = _list_of_text(rec.get("attack_types_reported"), "attack_types_reported")
    name = cell_text(rec.get("location"), "location")
    place_id = cell_text(rec.get("place_id"), "place_id") or name
    if place_id is None:
        raise SchemaError("empty place_id")
    columns: dict[str, Any] = {
        "name": name or place_id,
        "lat": lat_f,
        "lon": lon_f,
        "precision": cell_choice(rec.get("geo_precision"), "geo_precision", (1, 2, 3, 4), 1),
        "country": _country_code(rec),
        "admin1": cell_text(rec.get("admin1"), "admin1") or "",
    }
    own: dict[str, Any] = {
        "event_date": event_date.isoformat() if event_date else None,
        "time_precision": cell_choice(rec.get("time_precision"), "time_precision", (1, 2, 3), 1),
        "attack_type": attack_type,
        "target": cell_text(rec.get("target"), "target"),
        "actor1": cell_text(rec.get("actor1"), "actor1"),
        "claimed": cell_flag(rec.get("claimed"), "claimed"),
        "fatalities": cell_count(rec.get("fatalities"), "fatalities"),
        "injuries": cell_count(rec.get("injuries"), "injuries"),
        "intercepted": bool(cell_flag(rec.get("intercepted"), "intercepted", False)),
    }
    event_id = cell_text(rec.get("event_id"), "event_id") or origin
    notes = cell_text(rec.get("notes"), "notes") or ""
    coded = not is_native(raw_sources)
    if not raw_sources:  # a record of another tool's: its own report
        raw_sources = [{"document": origin or event_id, "evidence": notes, "char_end": len(notes)}]
    # Sources that give no place get the record's (a place the file gives: tier "user").
    fallback = (
        Place(place_id, kind="place", tier="user", **columns)
        if not all(isinstance(s.get("place"), dict) for s in raw_sources)
        else None
    )
    sources = tuple(
        source_from_dict(s, place=fallback, places=places, record=own, coded=coded)
        for s in raw_sources
    )
    # The sources keep the full place (kind, parent, tier, provenance); the record's columns win.
    known = next((s.place for s in sources if s.place.place_id == place_id), None)
    if known is None:
        place = fallback or Place(place_id, kind="place", tier="user", **columns)
    elif all(getattr(known, k) == v for k, v in columns.items()):
        place = known  # shared with the sources, not copied
    else:
        place = replace(known, **columns)
    return Incident(
        event_id=event_id,
        event_date=event_date,
        time_precision=own["time_precision"],
        attack_type=attack_type,
        attack_types_reported=tuple(reported if reported is not None else [attack_type]),
        place=place,
        sources=sources,
        intercepted=own["intercepted"],
        target=own["target"],
        actor1=own["actor1"],
        claimed=own["claimed"],
        fatalities=own["fatalities"],
        injuries=own["injuries"],
        notes=notes,
        sub_event_type=cell_text(rec.get("sub_event_type"), "sub_event_type") or "",
        aliases=tuple(_list_of_text(rec.get("aliases"), "aliases") or ()),
        corrections=_revisions(rec.get("corrections")),
    )


def _revisions(v: Any) -> tuple[Revision, ...]:
    """Read the ``corrections`` column: an array of revision objects (none when missing)."""
    if is_missing(v):
        return ()
    if not isinstance(v, list | tuple) or not all(isinstance(r, dict) for r in v):
        raise SchemaError("corrections must be an array of objects")
    out = []
    for r in v:
        who = "correction"
        values = []
        for key in ("from", "to"):
            x = r.get(key)
            if not (is_missing(x) or type(x) is str or type(x) is int):
                raise SchemaError(f"{who}: {key} must be text, an integer or null, got {_what(x)}")
            values.append(None if is_missing(x) else (clean_text(x) if type(x) is str else x))
        out.append(
            Revision(
                field=_text(r, "field", who) or "",
                before=values[0],
                after=values[1],
                why=_text(r, "why", who) or "",
                by=_text(r, "by", who) or "",
                when=_text(r, "when", who) or "",
                correction=_text(r, "correction", who) or "",
            )
        )
    return tuple(out)
