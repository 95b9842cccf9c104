"""The map's data blob: one versioned JSON document, written here and read by geomap.js.

The incidents travel to the browser as ONE compact JSON blob: columnar arrays (index ``i`` is
incident ``i``), repeated strings and documents stored once, the sources of every incident as
flat arrays with offsets. :func:`build_blob` is the one function that makes it, from incidents
or from an incident frame; :data:`SCHEMA` says what every member is, and
:data:`BLOB_VERSION` which version of that description a blob follows. ``geo/_map/geomap.js``
reads the members :data:`SCHEMA` lists and refuses, with a message on the page, a blob whose
version it does not know. docs/map-blob.md is :func:`schema_markdown`.

Change a member's meaning or type, or remove one, and :data:`BLOB_VERSION` goes up (and
geomap.js's ``BLOB_VERSION`` with it); a new member is added to :data:`SCHEMA`, to the builder
and to geomap.js together (docs/architecture.md, "How to add a map layer or blob member").
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING, Any, Final, Literal, NamedTuple, cast
from urllib.parse import urlparse

from geo.attack_types import SHAPES
from geo.map.style import TYPE_STYLE
from geo.models import ATTACK_TYPES, Incident, Source, Tally, type_family
from geo.trust import TRUST_LABELS, TRUST_STATES

if TYPE_CHECKING:
    import geopandas as gpd

__all__ = [
    "BLOB_VERSION",
    "COMPRESS_ABOVE",
    "DOCUMENT_FIELDS",
    "SCHEMA",
    "TALLY_FIELDS",
    "Member",
    "blob_problems",
    "build_blob",
    "encode_blob",
    "safe_url",
    "schema_markdown",
    "script_json",
]

#: The version of :data:`SCHEMA` a blob follows; the blob carries it as ``v``.
BLOB_VERSION: Final = 1

#: Blobs larger than this (bytes of JSON) are embedded deflated and base64-encoded, and
#: inflated in the browser (DecompressionStream): article text compresses about 4x.
COMPRESS_ABOVE: int = 4_000_000

DEFAULT_TITLE: Final = "geomap: attacks on US forces and US strikes"

#: How many entries an array member has: one per attack type, incident or source.
Per = Literal["", "type", "incident", "incident+1", "source"]


class Member(NamedTuple):
    """One member of the blob (or one field of a record inside it).

    ``type`` is written ``int``, ``float``, ``str``, ``null``, ``A | B``, ``list[T]``,
    ``dict[str, T]``, or the name of a record (``document``, ``tally``).
    """

    #: The member's name in the JSON object.
    name: str
    #: Its JSON type.
    type: str
    #: For an array: what one entry stands for ("" when the length is free).
    per: Per
    #: What it means, for a person reading the blob or geomap.js.
    meaning: str


def _members(text: str) -> tuple[Member, ...]:
    """Read a table of members: name, type, one per (``-``: none), meaning, 2+ spaces apart.

    A line indented under the meaning goes on with the meaning of the line above.
    """
    out: list[Member] = []
    for line in text.strip("\n").split("\n"):
        line = line[4:]
        if line.startswith(" "):
            out[-1] = out[-1]._replace(meaning=out[-1].meaning + " " + line.strip())
            continue
        name, type_, per, meaning = re.split(r"\s{2,}", line, maxsplit=3)
        out.append(Member(name, type_, cast(Per, "" if per == "-" else per), meaning))
    return tuple(out)


#: Every member of the blob, in the blob's order.
SCHEMA: Final[tuple[Member, ...]] = _members(
    """
    v            int                    -           blob version (`BLOB_VERSION`); geomap.js
                                                    refuses one it does not read
    title        str                    -           the map's title (page title and title card)
    types        list[str]              type        the attack types, in `ATTACK_TYPES` order
    labels       list[str]              type        each type's label (legend, layer switch, popup)
    colours      list[str]              type        each type's colour, `#rrggbb`
    shapes       list[str]              type        each type's marker shape, a key of `paths`
    paths        dict[str, str]         -           SVG path data of each shape, in a 20x20 box
    fam          list[str]              type        each type's family (`indirect-fire`...)
    n            int                    -           the number of incidents
    d0           str | null             -           the first incident day (`YYYY-MM-DD`) or null
    nd           int                    -           days from `d0` to the last incident day, or 0
    lat          list[float]            incident    latitude, 4 decimals
    lon          list[float]            incident    longitude, 4 decimals
    t            list[int]              incident    `attack_type`, as its index in `types`
    d            list[int]              incident    `event_date`, as days after `d0`; -1 undated
    tp           list[int]              incident    `time_precision` (1 day, 2 week, 3 month)
    gp           list[int]              incident    `geo_precision` (1 site or town ... 4 country)
    eid          list[int | str]        incident    `event_id`: k when it is `DATE-PLACE_ID-FAMILY`
                                                    (k = 0) or that plus `-k` (DATE `undated` when
                                                    none), else the id itself
    tr           list[int]              incident    `attack_types_reported`, bit `k` for type `k`
    sub          list[int]              incident    `sub_event_type`, index in `S` (-1 none)
    ic           list[int]              incident    `intercepted`: 1 or 0
    pid          list[int]              incident    `place_id`, index in `S`
    loc          list[int]              incident    `location`, index in `S` (-1 none)
    adm          list[int]              incident    `admin1`, index in `S` (-1 none)
    cc           list[int]              incident    `country_code`, index in `S` (-1 none)
    tg           list[int]              incident    `target`, index in `S` (-1 none)
    ac           list[int]              incident    `actor1`, index in `S` (-1 none)
    cl           list[int]              incident    `claimed`: 1 true, 0 false, 2 nothing said
    fa           list[int | null]       incident    `fatalities`
    inj          list[int | null]       incident    `injuries`
    sk           list[int]              incident    1 where the place is a named site (a base...)
    so           list[int]              incident+1  source offsets: incident `i`'s sources are
                                                    entries `so[i]` to `so[i+1]` (excluded) of
                                                    `sd`, `st`, `sdt`, `se`
    sd           list[int]              source      the source's document, index in `D`
    st           list[int]              source      the type the source reports, index in `types`
    sdt          list[int]              source      the source's event day, index in `S` (-1 none)
    se           list[str | list[str]]  source      its evidence sentence, or sentences
    S            list[str]              -           the string table the `S` indexes point into
    D            list[document]         -           the documents, each once
    tallies      list[tally]            -           running counts, for the tallies card
    tru          list[int]              incident    `trust`, index in `trustLabels`
    trustLabels  list[str]              -           each trust state's label, in `TRUST_STATES`
                                                    order
"""
)
#: An entry of ``D``: an array of these, in this order.
DOCUMENT_FIELDS: Final[tuple[Member, ...]] = _members(
    """
    document   str         -  the document's name (file, URL or record id)
    title      str | null  -  its title
    url        str | null  -  its link, only an http(s) URL
    outlet     str | null  -  the outlet that published it
    published  str | null  -  its publication day
"""
)
#: An entry of ``tallies``: an object with these members.
TALLY_FIELDS: Final[tuple[Member, ...]] = _members(
    """
    count      int         -  the count (`at least 82` is 82)
    qualifier  str | null  -  `at least`, `more than`...
    since      str | null  -  the day counted from (`YYYY-MM-DD`)
    outlet     str | null  -  the outlet of the document that gives it
    published  str | null  -  that document's publication day
    title      str | null  -  its title
    url        str | null  -  its link, only an http(s) URL
    document   str         -  its name
    evidence   str         -  the sentence that gives the count
"""
)

_JSON_ESCAPES: Final = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def safe_url(url: object) -> str | None:
    """Return ``url`` if it is an http(s) link, else None (``javascript:`` is never a link).

    Parameters
    ----------
    url : object
        Anything; only a string with an ``http`` or ``https`` scheme and a host passes.

    Returns
    -------
    str or None
        The stripped URL, or None.
    """
    if not isinstance(url, str):
        return None
    u = url.strip()
    try:
        parsed = urlparse(u)
    except ValueError:
        return None
    if parsed.scheme.lower() not in {"http", "https"} or not parsed.netloc:
        return None
    if any(c in u for c in "\x00\t\n\r \"'<>`"):
        return None
    return u


def script_json(obj: Any) -> str:
    r"""Serialise ``obj`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>``, ``&``, U+2028 and U+2029 become ``\uXXXX`` escapes, so no ``</script>``,
    ``<!--`` or line separator can end the element or break the script.

    Parameters
    ----------
    obj : object
        JSON-serialisable data (NaN and infinities are rejected).

    Returns
    -------
    str
        Compact JSON text.
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.translate(_JSON_ESCAPES)


def encode_blob(blob: dict[str, Any]) -> tuple[str, str | None]:
    """Return the blob as text safe in a ``<script>`` element, and its encoding.

    Parameters
    ----------
    blob : dict
        A blob from :func:`build_blob`.

    Returns
    -------
    tuple
        ``(text, None)``: JSON (see :func:`script_json`); or, past :data:`COMPRESS_ABOVE`
        bytes, ``(text, "deflate-base64")``: the JSON deflated and base64-encoded.
    """
    # Serialised a member at a time, so the big case never holds the whole text twice.
    parts = [
        json.dumps(k)
        + ":"
        + json.dumps(v, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        for k, v in blob.items()
    ]
    if sum(len(p) + 1 for p in parts) + 1 <= COMPRESS_ABOVE:
        return ("{" + ",".join(parts) + "}").translate(_JSON_ESCAPES), None
    # Base64 cannot close a <script> element, so the inflated text needs no escapes.
    z = zlib.compressobj(1)
    chunks = [z.compress(b"{")]
    parts.reverse()
    while parts:
        chunks.append(z.compress(parts.pop().encode("utf-8")))
        chunks.append(z.compress(b"," if parts else b"}"))
    chunks.append(z.flush())
    return base64.b64encode(b"".join(chunks)).decode("ascii"), "deflate-base64"


# --- Building it ---------------------------------------------------------------------------


class _SourceRow(NamedTuple):
    """One source of an incident, as the blob takes it (from a Source or a frame's dict)."""

    document: Any
    title: Any
    url: Any
    outlet: Any
    published: Any
    attack_type: Any
    event_date: Any
    evidence: str | list[str]


class _Row(NamedTuple):
    """One incident, as the blob takes it (from an Incident or a frame's row)."""

    event_id: str
    event_date: str | None
    time_precision: int
    attack_type: str
    reported: Iterable[str]
    sub_event_type: str | None
    intercepted: bool
    place_id: str
    location: str | None
    admin1: str | None
    country_code: str | None
    target: str | None
    actor1: str | None
    claimed: bool | None
    fatalities: int | None
    injuries: int | None
    lat: float
    lon: float
    geo_precision: int
    #: The place is a named site (a kind in geo.gazetteer.SITE_KINDS), drawn apart from a town.
    site: bool
    trust: Any
    sources: list[_SourceRow]


def _source_row(s: Source) -> _SourceRow:
    more = [e.text for e in s.more_evidence]
    evidence = [s.evidence, *more] if more else s.evidence
    return _SourceRow(
        s.document, s.title, s.url, s.outlet, s.published, s.attack_type, s.event_date, evidence
    )


def _incident_row(inc: Incident) -> _Row:
    p = inc.place
    return _Row(
        inc.event_id,
        inc.event_date.isoformat() if inc.event_date else None,
        inc.time_precision,
        inc.attack_type,
        inc.attack_types_reported,
        inc.sub_event_type,
        inc.intercepted,
        p.place_id,
        p.name,
        p.admin1,
        p.country,  # the ISO code
        inc.target,
        inc.actor1,
        inc.claimed,
        inc.fatalities,
        inc.injuries,
        p.lat,
        p.lon,
        p.precision,
        p.kind in _site_kinds(),
        inc.trust,
        [_source_row(s) for s in inc.sources],
    )


def _frame_source_row(s: dict[str, Any]) -> _SourceRow:
    more = [str(e.get("evidence") or "") for e in s.get("more_evidence") or ()]
    ev = str(s.get("evidence") or "")
    return _SourceRow(
        s.get("document"),
        s.get("title"),
        s.get("url"),
        s.get("outlet"),
        s.get("published"),
        s.get("attack_type"),
        s.get("event_date"),
        [ev, *more] if more else ev,
    )


def _frame_rows(gdf: gpd.GeoDataFrame) -> Iterator[_Row]:
    """Yield the rows of an incident frame, read a column at a time."""
    geometry = gdf.geometry
    place_ids = _column(gdf, "place_id")
    sources = [s if s is not None else () for s in gdf["sources"]]
    columns = [
        _column(gdf, "event_id"),
        _column(gdf, "event_date"),
        gdf["time_precision"],
        gdf["attack_type"],
        [r if r is not None else () for r in _column(gdf, "attack_types_reported")],
        _column(gdf, "sub_event_type"),
        gdf["intercepted"],
        place_ids,
        _column(gdf, "location"),
        _column(gdf, "admin1"),
        _column(gdf, "country_code"),
        _column(gdf, "target"),
        _column(gdf, "actor1"),
        _column(gdf, "claimed"),
        _column(gdf, "fatalities"),
        _column(gdf, "injuries"),
        geometry.y.to_numpy(dtype=float).tolist(),
        geometry.x.to_numpy(dtype=float).tolist(),
        gdf["geo_precision"],
        [_is_site(pid, s) for pid, s in zip(place_ids, sources, strict=True)],
        _column(gdf, "trust") if "trust" in gdf.columns else [None] * len(gdf),
        [[_frame_source_row(s) for s in srcs] for srcs in sources],
    ]
    for values in zip(*columns, strict=True):
        yield _Row(*values)


def _column(gdf: gpd.GeoDataFrame, name: str) -> list[Any]:
    """Return a column as a list with every missing value (None, NaN, NA) as None."""
    na = _na()
    return [
        None if v is None or v is na or (isinstance(v, float) and v != v) else v
        for v in gdf[name].astype(object)
    ]


@cache
def _na() -> Any:
    import pandas as pd

    return pd.NA


@cache
def _site_kinds() -> frozenset[str]:
    from geo.gazetteer import SITE_KINDS

    return SITE_KINDS


def _is_site(place_id: object, sources: Any) -> bool:
    """Whether a frame row's place is a named site, by the kind its sources' place gives."""
    for s in sources:
        place = s.get("place") if isinstance(s, dict) else None
        if isinstance(place, dict) and place.get("place_id") == place_id:
            return place.get("kind") in _site_kinds()
    return False


class _Strings:
    """Intern repeated strings into one table, referenced by index (-1 for missing)."""

    def __init__(self) -> None:
        self.table: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, value: object) -> int:
        if value is None or value == "":
            return -1
        s = str(value)
        k = self._index.get(s)
        if k is None:
            k = self._index[s] = len(self.table)
            self.table.append(s)
        return k


def _day(iso: object) -> int | None:
    if not isinstance(iso, str) or len(iso) < 10:
        return None
    from datetime import date

    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


def _tally_dict(t: Tally) -> dict[str, Any]:
    return {
        "count": t.count,
        "qualifier": t.qualifier,
        "since": t.since.isoformat() if t.since else None,
        "outlet": t.outlet,
        "published": t.published.isoformat() if t.published else None,
        "title": t.title,
        "url": safe_url(t.url),
        "document": t.document,
        "evidence": t.evidence,
    }


#: The blob's members made one entry per incident by :meth:`_Builder.add`, and per source.
_PER_INCIDENT: Final = tuple(m.name for m in SCHEMA if m.per == "incident")
_PER_SOURCE: Final = tuple(m.name for m in SCHEMA if m.per == "source")
_TYPE_INDEX: Final = {t: k for k, t in enumerate(ATTACK_TYPES)}
_TRUST_INDEX: Final = {t: k for k, t in enumerate(TRUST_STATES)}


class _Builder:
    """Accumulates the columnar blob one incident at a time."""

    def __init__(self) -> None:
        self.strings = _Strings()
        self.docs: list[list[Any]] = []
        self.doc_index: dict[tuple[Any, ...], int] = {}
        self.day_of: dict[Any, int | None] = {}
        self.cols: dict[str, list[Any]] = {k: [] for k in (*_PER_INCIDENT, *_PER_SOURCE)}
        self.offsets = [0]

    def day(self, iso: Any) -> int | None:
        day_of = self.day_of
        return day_of[iso] if iso in day_of else day_of.setdefault(iso, _day(iso))

    def add(self, row: _Row) -> None:
        """Add one incident and its sources."""
        c, strings = self.cols, self.strings
        base = "{}-{}-{}".format(
            row.event_date or "undated",
            row.place_id,
            type_family(row.attack_type).replace("_", "-"),
        )
        # The id is sent as its collision number when it follows the usual pattern.
        e = str(row.event_id)
        suffix = e[len(base) + 1 :]
        if e == base:
            c["eid"].append(0)
        elif e.startswith(base + "-") and suffix.isdigit() and str(int(suffix)) == suffix:
            c["eid"].append(int(suffix))
        else:
            c["eid"].append(e)
        mask = 0
        for r in row.reported:
            k = _TYPE_INDEX.get(r)
            if k is not None:
                mask |= 1 << k
        c["lat"].append(round(float(row.lat), 4))
        c["lon"].append(round(float(row.lon), 4))
        c["t"].append(_TYPE_INDEX[row.attack_type])
        c["d"].append(self.day(row.event_date))  # an ordinal until finish()
        c["tp"].append(int(row.time_precision))
        c["gp"].append(int(row.geo_precision))
        c["tr"].append(mask)
        c["sub"].append(strings(row.sub_event_type))
        c["ic"].append(1 if row.intercepted else 0)
        c["pid"].append(strings(row.place_id))
        c["loc"].append(strings(row.location))
        c["adm"].append(strings(row.admin1))
        c["cc"].append(strings(row.country_code))
        c["tg"].append(strings(row.target))
        c["ac"].append(strings(row.actor1))
        c["cl"].append(2 if row.claimed is None else int(bool(row.claimed)))
        c["fa"].append(None if row.fatalities is None else int(row.fatalities))
        c["inj"].append(None if row.injuries is None else int(row.injuries))
        c["sk"].append(1 if row.site else 0)
        c["tru"].append(_TRUST_INDEX.get(str(row.trust), 1))
        for s in row.sources:
            key = (s.document, s.title, s.url, s.outlet, s.published)
            di = self.doc_index.get(key)
            if di is None:
                di = self.doc_index[key] = len(self.docs)
                self.docs.append(
                    [
                        s.document or "",
                        s.title or None,
                        safe_url(s.url),
                        s.outlet or None,
                        s.published or None,
                    ]
                )
            c["sd"].append(di)
            c["st"].append(_TYPE_INDEX.get(str(s.attack_type), _TYPE_INDEX["unknown"]))
            c["sdt"].append(strings(s.event_date))
            c["se"].append(s.evidence)
        self.offsets.append(len(c["sd"]))

    def finish(self, tallies: Iterable[Tally], title: str | None) -> dict[str, Any]:
        """Return the blob, its members in :data:`SCHEMA` order."""
        from datetime import date

        c = self.cols
        days = c["d"]
        known = [d for d in days if d is not None]
        first = min(known) if known else None
        last = max(known) if known else None
        c["d"] = [-1 if d is None or first is None else d - first for d in days]
        values: dict[str, Any] = {
            "v": BLOB_VERSION,
            "title": title or DEFAULT_TITLE,
            "types": list(ATTACK_TYPES),
            "labels": [TYPE_STYLE[t][1] for t in ATTACK_TYPES],
            "colours": [TYPE_STYLE[t][0] for t in ATTACK_TYPES],
            "shapes": [TYPE_STYLE[t][2] for t in ATTACK_TYPES],
            "paths": SHAPES,
            "fam": [type_family(t).replace("_", "-") for t in ATTACK_TYPES],
            "n": len(c["t"]),
            "d0": date.fromordinal(first).isoformat() if first is not None else None,
            "nd": (last - first) if first is not None and last is not None else 0,
            **c,
            "so": self.offsets,
            "S": self.strings.table,
            "D": self.docs,
            "tallies": [_tally_dict(t) for t in tallies],
            "trustLabels": [TRUST_LABELS[t] for t in TRUST_STATES],
        }
        self.cols = {}
        blob = {m.name: values.pop(m.name) for m in SCHEMA}
        if values:
            raise RuntimeError(f"blob members missing from SCHEMA: {sorted(values)}")
        return blob


def build_blob(
    data: gpd.GeoDataFrame | Iterable[Incident],
    *,
    tallies: Iterable[Tally] = (),
    title: str | None = None,
) -> dict[str, Any]:
    """Return the compact, JSON-safe data blob the map's script reads (see :data:`SCHEMA`).

    Parameters
    ----------
    data : geopandas.GeoDataFrame or iterable of Incident
        A validated incident frame, or incidents (consumed one at a time: a generator that
        frees each incident keeps memory at the size of the blob).
    tallies : iterable of Tally
        Shown in the tallies card.
    title : str, optional
        The map's title.

    Returns
    -------
    dict
        The blob: every member of :data:`SCHEMA`, in its order.
    """
    import geopandas as gpd

    rows = _frame_rows(data) if isinstance(data, gpd.GeoDataFrame) else map(_incident_row, data)
    builder = _Builder()
    for row in rows:
        builder.add(row)
    return builder.finish(tallies, title)


# --- Checking it against the schema --------------------------------------------------------


def _split_union(type_: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for k, ch in enumerate(type_):
        depth += {"[": 1, "]": -1}.get(ch, 0)
        if ch == "|" and depth == 0:
            parts.append(type_[start:k].strip())
            start = k + 1
    parts.append(type_[start:].strip())
    return parts


def _fits(value: Any, type_: str) -> bool:
    """Whether a JSON value is of a :class:`Member` type."""
    alternatives = _split_union(type_)
    if len(alternatives) > 1:
        return any(_fits(value, t) for t in alternatives)
    t = alternatives[0]
    if t == "null":
        return value is None
    if t == "str":
        return isinstance(value, str)
    if t == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if t == "float":
        return isinstance(value, int | float) and not isinstance(value, bool)
    if t.startswith("list[") and t.endswith("]"):
        return isinstance(value, list) and all(_fits(v, t[5:-1]) for v in value)
    if t.startswith("dict[str, ") and t.endswith("]"):
        inner = t[len("dict[str, ") : -1]
        return isinstance(value, dict) and all(
            isinstance(k, str) and _fits(v, inner) for k, v in value.items()
        )
    if t == "document":
        return (
            isinstance(value, list)
            and len(value) == len(DOCUMENT_FIELDS)
            and all(_fits(v, f.type) for v, f in zip(value, DOCUMENT_FIELDS, strict=True))
        )
    if t == "tally":
        return (
            isinstance(value, dict)
            and list(value) == [f.name for f in TALLY_FIELDS]
            and all(_fits(value[f.name], f.type) for f in TALLY_FIELDS)
        )
    raise ValueError(f"unknown blob type {t!r}")


def blob_problems(blob: Any) -> list[str]:
    """Return what in a blob does not follow :data:`SCHEMA` (empty when it all does).

    Checked: the version, every member present with its declared type, no undeclared member,
    and the length of each per-type, per-incident and per-source array.

    Parameters
    ----------
    blob : object
        A blob, as :func:`build_blob` returns it or as JSON decoded from a page.

    Returns
    -------
    list of str
        One line per problem.
    """
    if not isinstance(blob, dict):
        return [f"the blob is a {type(blob).__name__}, not an object"]
    problems = []
    if blob.get("v") != BLOB_VERSION:
        problems.append(f"version {blob.get('v')!r}, not {BLOB_VERSION}")
    declared = {m.name for m in SCHEMA}
    problems += [f"undeclared member {k!r}" for k in blob if k not in declared]
    types, n, so = blob.get("types"), blob.get("n"), blob.get("so")
    lengths: dict[str, int | None] = {
        "": None,
        "type": len(types) if isinstance(types, list) else None,
        "incident": n if isinstance(n, int) else None,
        "incident+1": n + 1 if isinstance(n, int) else None,
        "source": so[-1] if isinstance(so, list) and so and isinstance(so[-1], int) else None,
    }
    for m in SCHEMA:
        if m.name not in blob:
            problems.append(f"{m.name}: missing")
            continue
        value = blob[m.name]
        if not _fits(value, m.type):
            problems.append(f"{m.name}: not {m.type}")
            continue
        want = lengths[m.per]
        if want is not None and len(value) != want:
            problems.append(f"{m.name}: {len(value)} entries, not one per {m.per} ({want})")
    return problems


# --- The schema as a document --------------------------------------------------------------


def _table(members: Iterable[Member], per: bool) -> list[str]:
    head = "| member | type | one per | meaning |" if per else "| field | type | meaning |"
    lines = [head, "|---|---|---|---|" if per else "|---|---|---|"]
    for m in members:
        cells = [f"`{m.name}`", f"`{m.type}`", *([m.per] if per else []), m.meaning]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return lines


def schema_markdown() -> str:
    """Return the schema as Markdown: docs/map-blob.md ends with this text.

    Returns
    -------
    str
    """
    lines = [
        f"## Version {BLOB_VERSION}",
        "",
        "The blob is one JSON object with these members, in this order (`one per`: the length"
        " of an array member: one entry per attack type, per incident, or per source; an index"
        " in `S` is -1 where the value is missing).",
        "",
        *_table(SCHEMA, per=True),
        "",
        "### `document` (an entry of `D`: an array of these, in this order)",
        "",
        *_table(DOCUMENT_FIELDS, per=False),
        "",
        "### `tally` (an entry of `tallies`: an object with these members)",
        "",
        *_table(TALLY_FIELDS, per=False),
        "",
    ]
    return "\n".join(lines)
