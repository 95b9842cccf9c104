"""The map: incidents on a Leaflet map with layers per attack type, a time window and popups.

:func:`render_map` is a pure function returning a :class:`folium.Map`; :func:`save_map` writes
it atomically. The incidents travel as ONE compact JSON blob (columnar arrays, repeated strings
and documents stored once) read by our own small script (``geo/_map/geomap.js``), which builds
the markers, clusters, popups, legend, chart and time filter in the browser. No folium Marker is
made per incident, so 100,000 incidents stay a few seconds and a few megabytes.

Article text is untrusted: it only ever travels inside the JSON blob (with ``<``, ``>``, ``&``
and U+2028/2029 escaped, so nothing can close the ``<script>`` tag) and the browser puts it on
the page with ``textContent``. Links are kept only for http(s) URLs. Element ids are
deterministic, so the same input gives the same bytes.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import zlib
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast
from urllib.parse import urlparse

from geo.attack_types import ROWS, SHAPES
from geo.errors import UsageError
from geo.frame import validate_frame
from geo.models import ATTACK_TYPES, Incident, Tally, type_family
from geo.trust import TRUST_LABELS, TRUST_STATES

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

__all__ = [
    "ASSETS",
    "BASEMAP_LAND",
    "LAND_COLOURS",
    "TYPE_STYLE",
    "asset_urls",
    "check_assets",
    "map_html",
    "render_map",
    "safe_url",
    "save_map",
]

#: Colour, label and marker shape of each attack type (geo/attack_types.py's table); the legend
#: uses the same. Every colour holds 3:1 against the land of the map tiles and of the offline
#: basemap (WCAG's contrast for graphics, :data:`LAND_COLOURS`), and every marker keeps a dark
#: outline besides.
TYPE_STYLE: Final[dict[str, tuple[str, str, str]]] = {
    r.name: (r.colour, r.label, r.shape) for r in ROWS.values()
}
#: The offline basemap's land (geo/_map/geomap.js paints it in this colour).
BASEMAP_LAND: Final = "#f3f1ea"
#: Light ground a marker sits on: OpenStreetMap's land, farmland, residential areas and sand
#: (openstreetmap-carto), and the offline basemap's land.
LAND_COLOURS: Final[dict[str, str]] = {
    "OpenStreetMap land": "#f2efe9",
    "OpenStreetMap farmland": "#eef0d5",
    "OpenStreetMap residential": "#e0dfdf",
    "OpenStreetMap sand": "#f5e9c6",
    "offline basemap land": BASEMAP_LAND,
}

#: Third-party files the page loads: (name, kind, file in an assets dir, pinned CDN URL).
#: scripts/fetch-assets.sh fetches the same versions.
ASSETS: Final[tuple[tuple[str, str, str, str], ...]] = (
    ("leaflet", "js", "leaflet.js", "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js"),
    (
        "leaflet_css",
        "css",
        "leaflet.css",
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.css",
    ),
    (
        "markercluster",
        "js",
        "leaflet.markercluster.js",
        "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.5.3/dist/leaflet.markercluster.js",
    ),
    (
        "markercluster_css",
        "css",
        "MarkerCluster.css",
        "https://cdn.jsdelivr.net/npm/leaflet.markercluster@1.5.3/dist/MarkerCluster.css",
    ),
    (
        "leaflet_heat",
        "js",
        "leaflet-heat.js",
        "https://cdn.jsdelivr.net/npm/leaflet.heat@0.2.0/dist/leaflet-heat.js",
    ),
)

#: The offline basemap in geo/_map/vendor (see scripts/vendor_assets.py).
BASEMAP_FILE: Final = "basemap.json"
#: The page's language (``<html lang>``): every word on the map that is ours is English.
LANG: Final = "en"

#: Blobs larger than this (bytes of JSON) are embedded deflated and base64-encoded, and
#: inflated in the browser (DecompressionStream): article text compresses about 4x.
COMPRESS_ABOVE: int = 4_000_000
#: The map's deepest zoom level (and the clusters'): 15 is a few kilometres across.
MAX_ZOOM: Final = 15
_DEFAULT_TITLE: Final = "geomap: attacks on US forces and US strikes"
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


_CLOSERS: Final = ("</script", "</style", "<!--")


def _check_inline(name: str, text: str) -> str:
    low = text.lower()
    for closer in _CLOSERS:
        if closer in low:
            raise UsageError(f"{name} contains {closer!r} and cannot be inlined in the page")
    return text


@cache
def _resource(name: str) -> str:
    text = resources.files("geo").joinpath("_map", name).read_text(encoding="utf-8")
    if "</" in text or "<!--" in text:  # our own code must not be able to close its tag
        raise RuntimeError(f"geo/_map/{name} must not contain '</' or '<!--'")
    return text


def _css_images(css: str, read: Any) -> str:
    """Return ``css`` with each ``url(images/NAME.png)`` made a data: URL (when the file exists)."""

    def repl(match: re.Match[str]) -> str:
        data = read(match.group(1))
        if data is None:
            return match.group(0)
        return "url(data:image/png;base64," + base64.b64encode(data).decode("ascii") + ")"

    return re.sub(r"url\(['\"]?images/([A-Za-z0-9_.-]+\.png)['\"]?\)", repl, css)


@cache
def _packaged_assets() -> dict[str, str]:
    return _read_assets(None)


def _read_assets(directory: Path | None) -> dict[str, str]:
    """Return each asset's text (see :data:`ASSETS`) from ``directory`` or the packaged copies."""
    vendor = resources.files("geo").joinpath("_map", "vendor")

    def read_bytes(rel: str) -> bytes | None:
        if directory is not None:
            path = directory / rel
            return path.read_bytes() if path.is_file() else None
        item = vendor.joinpath(*rel.split("/"))
        return item.read_bytes() if item.is_file() else None

    where = str(directory) if directory is not None else "the packaged copies (geo/_map/vendor)"
    out: dict[str, str] = {}
    for name, kind, file, _ in ASSETS:
        data = read_bytes(file)
        if data is None:
            raise UsageError(
                f"{where}: {file} is missing (bash scripts/fetch-assets.sh DIR fetches the set)"
            )
        text = data.decode("utf-8")
        if kind == "css":
            text = _css_images(text, lambda f: read_bytes("images/" + f))
        out[name] = _check_inline(f"{where}: {file}", text)
    for name, file in (
        ("marker_icon", "marker-icon.png"),
        ("marker_icon_2x", "marker-icon-2x.png"),
        ("marker_shadow", "marker-shadow.png"),
    ):
        data = read_bytes("images/" + file)
        out[name] = (
            "data:image/png;base64," + base64.b64encode(data).decode("ascii") if data else ""
        )
    base = read_bytes(BASEMAP_FILE)
    if base is None:
        base = vendor.joinpath(BASEMAP_FILE).read_bytes()
    out["basemap"] = _check_inline(f"{where}: {BASEMAP_FILE}", base.decode("utf-8").strip())
    return out


def check_assets(assets: str | os.PathLike[str]) -> Path:
    """Check that a directory holds every file :func:`render_map` inlines from it.

    Parameters
    ----------
    assets : path-like
        A directory made by ``bash scripts/fetch-assets.sh DIR``.

    Returns
    -------
    pathlib.Path
        The directory.

    Raises
    ------
    UsageError
        When it is not a directory, or a file is missing or cannot be inlined.
    """
    directory = Path(assets)
    if not directory.is_dir():
        raise UsageError(f"--assets must be a directory, got {str(assets)!r}")
    _read_assets(directory)
    return directory


def asset_urls() -> dict[str, str]:
    """Return the pinned CDN URL of each third-party file, as ``render_map(cdn=True)`` links them.

    Returns
    -------
    dict
        Asset name (see :data:`ASSETS`) to URL.
    """
    return {name: url for name, _, _, url in ASSETS}


def _towns() -> list[list[Any]]:
    """Return the curated gazetteer's cities and towns as ``[name, lat, lon]`` (none if absent)."""
    import csv

    from geo.errors import GazetteerError
    from geo.gazetteer import gazetteer_dir

    try:
        path = gazetteer_dir() / "places.csv"
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
    except (GazetteerError, OSError, csv.Error, UnicodeDecodeError):
        return []
    out = []
    for r in rows:
        if r.get("kind") not in {"city", "town"}:
            continue
        try:
            lat, lon = round(float(r["lat"]), 3), round(float(r["lon"]), 3)
        except (KeyError, TypeError, ValueError):
            continue
        if r.get("name") and -90 <= lat <= 90 and -180 <= lon <= 180:
            out.append([r["name"], lat, lon])
    return out


def _swatch(style: tuple[str, str, str]) -> str:
    # An inline SVG swatch for the layer control (Leaflet shows layer names as HTML; ours).
    colour, _, shape = style
    return (
        '<svg width="14" height="14" viewBox="-1 -1 22 22" aria-hidden="true">'
        f'<path d="{SHAPES[shape]}" fill="{colour}" stroke="#1b1b1b" stroke-width="1.2" '
        'vector-effect="non-scaling-stroke"/></svg>'
    )


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


# Blob arrays, in the blob's order: per incident (after lat, lon, t, d) and per source.
_ROW_KEYS: Final = (
    *("tp", "gp", "eid", "tr", "sub", "ic", "pid", "loc"),
    *("adm", "cc", "tg", "ac", "cl", "fa", "inj", "sk"),
)
_SOURCE_KEYS: Final = ("sd", "st", "sdt", "se")
_TRUST_INDEX: Final = {t: k for k, t in enumerate(TRUST_STATES)}


class _MapData:
    """Accumulates the map's columnar blob one incident at a time (see :func:`map_data`)."""

    def __init__(self) -> None:
        self.type_index = {t: k for k, t in enumerate(ATTACK_TYPES)}
        self.strings = _Strings()
        self.docs: list[list[Any]] = []
        self.doc_index: dict[tuple[Any, ...], int] = {}
        self.day_of: dict[Any, int | None] = {}
        self.cols: dict[str, list[Any]] = {
            k: [] for k in ("lat", "lon", "t", "d", *_ROW_KEYS, *_SOURCE_KEYS)
        }
        self.offsets = [0]
        self.trust: list[int] = []  # geo.trust: the index of each incident's state

    def day(self, iso: Any) -> int | None:
        day_of = self.day_of
        return day_of[iso] if iso in day_of else day_of.setdefault(iso, _day(iso))

    def add(
        self,
        event_id: str,
        event_date: str | None,
        time_precision: int,
        attack_type: str,
        reported: Iterable[str],
        sub_event_type: str | None,
        intercepted: bool,
        place_id: str,
        location: str | None,
        admin1: str | None,
        country: str | None,
        target: str | None,
        actor1: str | None,
        claimed: bool | None,
        fatalities: int | None,
        injuries: int | None,
        lat: float,
        lon: float,
        geo_precision: int,
        site: bool = False,
    ) -> None:
        """Add one incident (its sources follow with :meth:`add_source`, then :meth:`end`).

        ``site`` is true when the place is a named site (a base, an embassy...: a kind in
        :data:`geo.gazetteer.SITE_KINDS`), which the map draws apart from a town.
        """
        c, strings = self.cols, self.strings
        t = self.type_index[attack_type]
        base = "{}-{}-{}".format(
            event_date or "undated", place_id, type_family(attack_type).replace("_", "-")
        )
        # The id is sent as its collision number when it follows the usual pattern.
        e = str(event_id)
        suffix = e[len(base) + 1 :]
        if e == base:
            c["eid"].append(0)
        elif e.startswith(base + "-") and suffix.isdigit() and str(int(suffix)) == suffix:
            c["eid"].append(int(suffix))
        else:
            c["eid"].append(e)
        mask = 0
        for r in reported:
            k = self.type_index.get(r)
            if k is not None:
                mask |= 1 << k
        c["lat"].append(round(float(lat), 4))
        c["lon"].append(round(float(lon), 4))
        c["t"].append(t)
        c["d"].append(self.day(event_date))
        c["tp"].append(int(time_precision))
        c["gp"].append(int(geo_precision))
        c["tr"].append(mask)
        c["sub"].append(strings(sub_event_type))
        c["ic"].append(1 if intercepted else 0)
        c["pid"].append(strings(place_id))
        c["loc"].append(strings(location))
        c["adm"].append(strings(admin1))
        c["cc"].append(strings(country))
        c["tg"].append(strings(target))
        c["ac"].append(strings(actor1))
        c["cl"].append(2 if claimed is None else int(bool(claimed)))
        c["fa"].append(None if fatalities is None else int(fatalities))
        c["inj"].append(None if injuries is None else int(injuries))
        c["sk"].append(1 if site else 0)

    def add_source(
        self,
        document: Any,
        title: Any,
        url: Any,
        outlet: Any,
        published: Any,
        attack_type: Any,
        event_date: Any,
        evidence: str | list[str],
    ) -> None:
        """Add one source of the incident added last."""
        key = (document, title, url, outlet, published)
        di = self.doc_index.get(key)
        if di is None:
            di = self.doc_index[key] = len(self.docs)
            self.docs.append(
                [document or "", title or None, safe_url(url), outlet or None, published or None]
            )
        c = self.cols
        c["sd"].append(di)
        c["st"].append(self.type_index.get(str(attack_type), self.type_index["unknown"]))
        c["sdt"].append(self.strings(event_date))
        c["se"].append(evidence)

    def end(self) -> None:
        """Close the incident added last."""
        self.offsets.append(len(self.cols["sd"]))

    def add_incident(self, inc: Incident) -> None:
        """Add an incident and its sources."""
        p = inc.place
        self.add(
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
            p.country,
            inc.target,
            inc.actor1,
            inc.claimed,
            inc.fatalities,
            inc.injuries,
            p.lat,
            p.lon,
            p.precision,
            p.kind in _site_kinds(),
        )
        self.trust.append(_TRUST_INDEX.get(inc.trust, 1))
        for s in inc.sources:
            more = [e.text for e in s.more_evidence]
            self.add_source(
                s.document,
                s.title,
                s.url,
                s.outlet,
                s.published,
                s.attack_type,
                s.event_date,
                [s.evidence, *more] if more else s.evidence,
            )
        self.end()

    def blob(self, tallies: Iterable[Tally], title: str | None) -> dict[str, Any]:
        """Return the finished blob."""
        from datetime import date

        c = self.cols
        days = c.pop("d")
        known = [d for d in days if d is not None]
        first = min(known) if known else None
        last = max(known) if known else None
        return {
            "v": 1,
            "title": title or _DEFAULT_TITLE,
            "types": list(ATTACK_TYPES),
            "labels": [TYPE_STYLE[t][1] for t in ATTACK_TYPES],
            "colours": [TYPE_STYLE[t][0] for t in ATTACK_TYPES],
            "shapes": [TYPE_STYLE[t][2] for t in ATTACK_TYPES],
            "paths": SHAPES,
            "fam": [type_family(t).replace("_", "-") for t in ATTACK_TYPES],
            "n": len(c["t"]),
            "d0": date.fromordinal(first).isoformat() if first is not None else None,
            "nd": (last - first) if first is not None and last is not None else 0,
            "lat": c.pop("lat"),
            "lon": c.pop("lon"),
            "t": c.pop("t"),
            "d": [-1 if d is None or first is None else d - first for d in days],
            **{k: c.pop(k) for k in _ROW_KEYS},
            "so": self.offsets,
            **{k: c.pop(k) for k in _SOURCE_KEYS},
            "S": self.strings.table,
            "D": self.docs,
            "tallies": [_tally_dict(t) for t in tallies],
            "tru": self.trust,
            "trustLabels": [TRUST_LABELS[t] for t in TRUST_STATES],
        }


@cache
def _site_kinds() -> frozenset[str]:
    from geo.gazetteer import SITE_KINDS

    return SITE_KINDS


def _is_site(place_id: object, sources: Any) -> bool:
    """Whether a frame row's place is a named site, by the kind its sources' place gives."""
    for s in sources if sources is not None else ():
        place = s.get("place") if isinstance(s, dict) else None
        if isinstance(place, dict) and place.get("place_id") == place_id:
            return place.get("kind") in _site_kinds()
    return False


def map_data(
    data: gpd.GeoDataFrame | Iterable[Incident],
    *,
    tallies: Iterable[Tally] = (),
    title: str | None = None,
) -> dict[str, Any]:
    """Return the compact, JSON-safe data blob the map's script reads.

    Columnar: one array per field, index ``i`` is incident ``i``. Repeated strings (places,
    targets, actors, ...) live once in ``S`` and documents once in ``D``; the sources of
    incident ``i`` are entries ``so[i]`` to ``so[i+1]`` of the ``s*`` arrays. Dates are day
    offsets from ``d0`` (-1 when undated). ``sk`` is 1 where the place is a named site.

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
        The blob; see ``geo/_map/geomap.js`` for how it is read.
    """
    import geopandas as gpd

    acc = _MapData()
    if not isinstance(data, gpd.GeoDataFrame):
        for inc in data:
            acc.add_incident(inc)
        return acc.blob(tallies, title)

    gdf = data
    geometry = gdf.geometry
    columns = [
        _column(gdf, "event_id"),
        _column(gdf, "event_date"),
        gdf["time_precision"],
        gdf["attack_type"],
        [r if r is not None else () for r in _column(gdf, "attack_types_reported")],
        _column(gdf, "sub_event_type"),
        gdf["intercepted"],
        _column(gdf, "place_id"),
        _column(gdf, "location"),
        _column(gdf, "admin1"),
        _column(gdf, "country_code"),  # the ISO code, as add_incident gives it
        _column(gdf, "target"),
        _column(gdf, "actor1"),
        _column(gdf, "claimed"),
        _column(gdf, "fatalities"),
        _column(gdf, "injuries"),
        geometry.y.to_numpy(dtype=float).tolist(),
        geometry.x.to_numpy(dtype=float).tolist(),
        gdf["geo_precision"],
        [
            _is_site(pid, sources)
            for pid, sources in zip(_column(gdf, "place_id"), gdf["sources"], strict=True)
        ],
    ]
    trust = _column(gdf, "trust") if "trust" in gdf.columns else [None] * len(gdf)
    for row, sources, tr in zip(zip(*columns, strict=True), gdf["sources"], trust, strict=True):
        acc.add(*row)
        acc.trust.append(_TRUST_INDEX.get(str(tr), 1))
        for s in sources if sources is not None else ():
            more = [str(e.get("evidence") or "") for e in s.get("more_evidence") or ()]
            ev = str(s.get("evidence") or "")
            acc.add_source(
                s.get("document"),
                s.get("title"),
                s.get("url"),
                s.get("outlet"),
                s.get("published"),
                s.get("attack_type"),
                s.get("event_date"),
                [ev, *more] if more else ev,
            )
        acc.end()
    return acc.blob(tallies, title)


def _elements() -> dict[str, Any]:
    """Build the folium element classes lazily (folium is imported only when rendering)."""
    import folium
    from branca.element import Element, Figure, MacroElement
    from folium.map import Layer, LayerControl
    from folium.template import Template

    class Raw(Element):
        """Text put on the page as is.

        branca's MacroElement wraps each macro's output in ``Element(text)``, which compiles
        that text as a Jinja template again: slow for megabytes of data, and ``{{ ... }}`` in
        an article would be evaluated. Our output is final, so it goes through this instead.
        """

        def __init__(self, text: str) -> None:
            super().__init__()
            self._text = text

        def render(self, **kwargs: Any) -> str:
            return self._text

    class Page(Figure):
        """branca's page, with ``<html lang>``, the fail-safe script first and a noscript note."""

        _template = Template(
            "<!DOCTYPE html>\n"
            '<html lang="{{ this.lang }}" data-geomap-assets="{{ this.asset_mode }}">\n'
            "<head>\n"
            '<meta charset="utf-8">\n'
            "{% if this.title %}<title>{{this.title}}</title>{% endif %}\n"
            "<script>{{ this.failsafe }}</script>\n"
            "    {{this.header.render(**kwargs)}}\n"
            "</head>\n"
            "<body>\n"
            "<noscript><p>This map needs JavaScript.</p></noscript>\n"
            "    {{this.html.render(**kwargs)}}\n"
            "</body>\n"
            "<script>\n"
            "    {{this.script.render(**kwargs)}}\n"
            "</script>\n"
            "</html>\n"
        )

        def __init__(self) -> None:
            super().__init__()
            self.lang = LANG
            self.asset_mode = "inline"
            self.failsafe = _resource("failsafe.js")

    class GeomapMap(folium.Map):
        """folium's Map, on our page, and zoomable by the user (no ``user-scalable=no``)."""

        _template = Template(
            """
            {% macro header(this, kwargs) %}
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <style>
            html, body { width: 100%; height: 100%; margin: 0; padding: 0; }
            #{{ this.get_name() }} { position: absolute; inset: 0; }
            .leaflet-container { font-size: {{ this.font_size }}; }
            </style>
            {% endmacro %}
            {% macro html(this, kwargs) %}
            <div class="folium-map" id={{ this.get_name()|tojson }}></div>
            {% endmacro %}
            {% macro script(this, kwargs) %}
            var {{ this.get_name() }} = L.map(
              {{ this.get_name()|tojson }},
              {
                center: {{ this.location|tojson }},
                crs: L.CRS.{{ this.crs }},
                ...{{ this.options|tojavascript }}
              }
            );
            {%- if this.zoom_control_position %}
            L.control.zoom({ position: {{ this.zoom_control|tojson }} }).addTo({{ this.get_name() }});
            {%- endif %}
            {% endmacro %}
            """
        )

        def __init__(self, **kwargs: Any) -> None:
            super().__init__(**kwargs)
            page = Page()
            cast(Any, self)._parent = None
            page.add_child(self)

    class PlaceholderLayer(Layer):
        """An empty layer the control switches; the map script reads its state."""

        _template = Template(
            "{% macro script(this, kwargs) %}"
            "var {{ this.get_name() }} = L.layerGroup();"
            "{% endmacro %}"
        )

        def __init__(self, name: str, show: bool = True, overlay: bool = True) -> None:
            super().__init__(name=name, overlay=overlay, control=True, show=show)
            self._name = "GeomapLayer"

    class HeatLayer(Layer):
        """A leaflet.heat layer; the map script draws in it a density grid of the incidents shown.

        Scaled to the densest spot in view of the current window and filters (see
        ``drawHeat`` in geo/_map/geomap.js), so it never saturates to one block.
        """

        _template = Template(
            "{% macro script(this, kwargs) %}"
            "var {{ this.get_name() }} = L.heatLayer([], {{ this.options|tojson }});"
            "{% endmacro %}"
        )

        def __init__(self, name: str) -> None:
            super().__init__(name=name, overlay=True, control=True, show=False)
            self._name = "GeomapHeat"
            self.options = {"radius": 22, "blur": 18, "minOpacity": 0.35, "maxZoom": 9}

    class DeferredLayerControl(LayerControl):
        """folium's LayerControl, built once the page's script has run.

        So layers a user adds to the map after :func:`render_map` still get a switch. The map
        fires ``gm:layercontrol`` with it, for the map script to make it collapsible.
        """

        _template = Template(
            """
            {% macro script(this, kwargs) %}
            (function () {
              function build() {
                window.{{ this.get_name() }} = L.control.layers(
                  {
                  {%- for key, val in this.base_layers.items() %}
                    {{ key|tojson }}: {{ val }},
                  {%- endfor %}
                  },
                  {
                  {%- for key, val in this.overlays.items() %}
                    {{ key|tojson }}: {{ val }},
                  {%- endfor %}
                  },
                  {{ this.options|tojavascript }}
                ).addTo({{ this._parent.get_name() }});
                {{ this._parent.get_name() }}.fire("gm:layercontrol", { control: window.{{ this.get_name() }} });
              }
              if (document.readyState === "loading") {
                document.addEventListener("DOMContentLoaded", build);
              } else {
                build();
              }
            })();
            {% endmacro %}
            """
        )

    class GeomapData(MacroElement):
        """The incident data, the basemap, our script and styles, and the libraries they need."""

        _template = Template(
            """
            {% macro header(this, kwargs) %}
            <style>{{ this.css }}</style>
            {% endmacro %}
            {% macro html(this, kwargs) %}
            <script type="application/json" id="{{ this.get_name() }}_data"
              {%- if this.encoding %} data-encoding="{{ this.encoding }}"{% endif %}>{{ this.payload }}</script>
            <script type="application/json" id="{{ this.get_name() }}_base">{{ this.basemap }}</script>
            {% endmacro %}
            {% macro script(this, kwargs) %}
            {{ this.js }}
            var {{ this.get_name() }} = GeoMapApp.init(
              {{ this._parent.get_name() }},
              document.getElementById({{ (this.get_name() ~ "_data")|tojson }}),
              {
                types: {
                {%- for t, layer in this.type_layers %}
                  {{ t|tojson }}: {{ layer.get_name() }},
                {%- endfor %}
                },
                heat: {{ this.heat.get_name() if this.heat else "null" }},
                context: {{ this.context.get_name() if this.context else "null" }},
                tiles: {{ this.tiles.get_name() if this.tiles else "null" }},
                offline: {{ this.offline.get_name() if this.offline else "null" }},
                basemap: document.getElementById({{ (this.get_name() ~ "_base")|tojson }}),
                land: {{ this.land|tojson }}
              }
            );
            {% endmacro %}
            """
        )

        def __init__(
            self, payload: str, encoding: str | None, assets: dict[str, str] | None
        ) -> None:
            super().__init__()  # type: ignore[no-untyped-call]
            self._name = "GeomapData"
            self.payload = payload
            self.encoding = encoding
            #: Asset texts to inline, or None to link the CDN copies.
            self.assets = assets
            self.basemap = ""
            self.land = BASEMAP_LAND
            self.js = _resource("geomap.js")
            self.css = _resource("geomap.css")
            self.type_layers: list[tuple[str, Any]] = []
            self.heat: Any = None
            self.context: Any = None
            self.tiles: Any = None
            self.offline: Any = None

        def _library_tags(self) -> str:
            """Return the libraries' tags: inline by default, else links to the CDN copies."""
            parts = []
            if self.assets is None:
                for _, kind, _, url in ASSETS:
                    u = html.escape(url, quote=True)
                    if kind == "js":
                        parts.append(f'<script src="{u}"></script>')
                    else:
                        parts.append(f'<link rel="stylesheet" href="{u}">')
            else:
                for name, kind, file, _ in ASSETS:
                    tag = "script" if kind == "js" else "style"
                    parts.append(f"<{tag}>/* {file} */\n{self.assets[name]}\n</{tag}>")
                icons = {
                    "iconUrl": self.assets["marker_icon"],
                    "iconRetinaUrl": self.assets["marker_icon_2x"],
                    "shadowUrl": self.assets["marker_shadow"],
                }
                parts.append(
                    "<script>L.Icon.Default.imagePath = '';"
                    f"L.Icon.Default.mergeOptions({script_json(icons)});</script>"
                )
            return "\n".join(parts)

        def render(self, **kwargs: Any) -> str:
            figure = self.get_root()
            if isinstance(figure, Figure):
                figure.header.add_child(Raw(self._library_tags()), name="geomap_libraries")
                if isinstance(figure, Page):
                    figure.asset_mode = "cdn" if self.assets is None else "inline"
                module = self._template.module.__dict__
                for part in ("header", "html", "script"):
                    target = getattr(figure, part)
                    target.add_child(Raw(module[part](self, kwargs)), name=self.get_name())
            for child in self._children.values():
                child.render(**kwargs)
            return ""

    return {
        "GeomapMap": GeomapMap,
        "PlaceholderLayer": PlaceholderLayer,
        "HeatLayer": HeatLayer,
        "DeferredLayerControl": DeferredLayerControl,
        "GeomapData": GeomapData,
    }


def _payload(data: dict[str, Any]) -> tuple[str, str | None]:
    """Return the blob as safe JSON text, or deflated + base64 when it is big."""
    # Serialised a member at a time, so the big case never holds the whole text twice.
    parts = [
        json.dumps(k)
        + ":"
        + json.dumps(v, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        for k, v in data.items()
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


def _fix_ids(m: folium.Map) -> None:
    """Replace folium's random element ids with a deterministic sequence."""
    counter = 0

    def walk(el: Any) -> None:
        nonlocal counter
        counter += 1
        el._id = f"{counter:05d}"
        for child in el._children.values():
            walk(child)

    walk(m)


def render_map(
    data: gpd.GeoDataFrame | Iterable[Incident],
    *,
    tallies: Sequence[Tally] = (),
    title: str | None = None,
    assets: str | os.PathLike[str] | None = None,
    cdn: bool = False,
) -> folium.Map:
    """Render incidents as an interactive map.

    One switchable layer per attack type present (its name carries its count), a tallies
    layer (a side card), a heat layer (off), a time window with play that filters every type
    at once, clusters that spiderfy incidents at the same place, a legend with counts, a
    per-day chart and popups listing every source with its evidence. Under the map tiles, and
    in place of them when they do not load, an offline basemap: Natural Earth country borders
    and the curated gazetteer's towns.

    The page is one file that works without the internet: Leaflet and its plugins are inlined
    from the copies shipped in the package (``geo/_map/vendor``), unless ``cdn`` is true.

    Parameters
    ----------
    data : geopandas.GeoDataFrame or iterable of Incident
        An incident frame (see :mod:`geo.frame`), or incidents: these are read once, one at
        a time, so a generator that frees each one renders without holding a frame (what
        ``geomap render`` does).
    tallies : sequence of Tally
        Running counts ("at least 82 attacks since ..."), listed in the tallies card.
    title : str, optional
        The map's title (page title and title card).
    assets : path-like, optional
        A directory with other copies of Leaflet and its plugins to inline instead of the
        packaged ones (``bash scripts/fetch-assets.sh DIR`` fetches the pinned versions).
    cdn : bool, default False
        Link Leaflet and its plugins from the jsDelivr CDN instead of inlining them: a page
        about 200 KB smaller that needs the internet to open.

    Returns
    -------
    folium.Map
        Add your own folium layers to it as usual; they get a switch in the layer control.

    Raises
    ------
    UsageError
        When ``assets`` and ``cdn`` are both given, or ``assets`` lacks a file.
    """
    import folium
    import geopandas as gpd

    if cdn and assets is not None:
        raise UsageError("choose local assets or the CDN, not both")
    if isinstance(data, gpd.GeoDataFrame):
        validate_frame(data)
    el = _elements()
    texts = _packaged_assets() if assets is None else _read_assets(check_assets(assets))
    blob = map_data(data, tallies=tallies, title=title)

    m = el["GeomapMap"](
        location=[33.0, 42.0],
        zoom_start=6,
        tiles=None,
        control_scale=False,
        zoom_control="bottomright",
    )
    m.default_js = []
    m.default_css = []
    # The map's own zoom range, whatever base layer is on (the clusters are built for it).
    m.options["minZoom"] = 3
    m.options["maxZoom"] = MAX_ZOOM
    # The tiles' zoom range is the map's, and so the clusters' (one index per level: each
    # level fewer is ~1/15 less clustering work). Zoom 15 shows a site ~5 km across, finer
    # than any place geomap resolves; incidents still at one point there spiderfy.
    tiles = folium.TileLayer(
        "OpenStreetMap", name="OpenStreetMap", control=True, min_zoom=3, max_zoom=MAX_ZOOM
    ).add_to(m)
    offline = el["PlaceholderLayer"]("Offline map (borders, towns)", show=False, overlay=False)
    offline.add_to(m)
    root: Any = m.get_root()
    root.title = html.escape(blob["title"], quote=True)

    counts = dict.fromkeys(ATTACK_TYPES, 0)
    for t in blob["t"]:
        counts[ATTACK_TYPES[t]] += 1
    type_layers = []
    for t in ATTACK_TYPES:
        if counts[t]:
            name = f"{_swatch(TYPE_STYLE[t])} {TYPE_STYLE[t][1]} ({counts[t]})"
            type_layers.append((t, el["PlaceholderLayer"](name).add_to(m)))
    context = None
    if tallies:
        context = el["PlaceholderLayer"](f"Tallies &amp; context ({len(tallies)})").add_to(m)
    heat = el["HeatLayer"]("Heat map (incidents shown)").add_to(m)

    app = el["GeomapData"](*_payload(blob), None if cdn else texts)
    # The basemap is data, inlined in every mode; the towns come from the curated gazetteer.
    app.basemap = '{"towns":' + script_json(_towns()) + "," + texts["basemap"][1:]
    app.type_layers = type_layers
    app.heat = heat
    app.context = context
    app.tiles = tiles
    app.offline = offline
    app.add_to(m)
    el["DeferredLayerControl"](collapsed=False, position="topright").add_to(m)
    _fix_ids(m)
    return cast("folium.Map", m)


def map_html(m: folium.Map) -> str:
    """Return the HTML page of a map, as :func:`save_map` writes it.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`render_map` (any folium map works).

    Returns
    -------
    str
    """
    _fix_ids(m)
    return m.get_root().render()


def save_map(m: folium.Map, path: str | os.PathLike[str]) -> Path:
    """Write a map as one HTML file, atomically.

    The page refers to no other file: Leaflet and its plugins are inlined (unless the map was
    rendered with ``cdn=True``). Element ids are renumbered, so layers added after
    :func:`render_map` stay deterministic.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`render_map` (any folium map works).
    path : path-like
        The HTML file to write.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    from geo.export import atomic_write

    target = Path(path)
    html_text = map_html(m)
    return atomic_write(target, lambda p: p.write_text(html_text, encoding="utf-8"))
