"""The map: incidents on a Leaflet map with layers per attack type, a time window and popups.

:func:`render_map` is a pure function returning a :class:`folium.Map`; :func:`save_map` writes
it atomically. The incidents travel as ONE compact JSON blob (:mod:`geo.map.blob`) read by our
own small script (``geo/_map/geomap.js``), which builds the markers, clusters, popups, legend,
chart and time filter in the browser. No folium Marker is made per incident, so 100,000
incidents stay a few seconds and a few megabytes.

Article text is untrusted: it only ever travels inside the JSON blob (with ``<``, ``>``, ``&``
and U+2028/2029 escaped, so nothing can close the ``<script>`` tag) and the browser puts it on
the page with ``textContent``. Links are kept only for http(s) URLs. Element ids are
deterministic, so the same input gives the same bytes.
"""

from __future__ import annotations

import html
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, cast

from geo.attack_types import SHAPES
from geo.errors import UsageError
from geo.frame import validate_frame
from geo.map.assets import check_assets, packaged_assets, read_assets, towns
from geo.map.blob import build_blob, encode_blob, script_json
from geo.map.style import TYPE_STYLE
from geo.models import ATTACK_TYPES, Incident, Tally

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

__all__ = ["MAX_ZOOM", "map_html", "render_map", "save_map"]

#: The map's deepest zoom level (and the clusters'): 15 is a few kilometres across.
MAX_ZOOM: Final = 15


def _swatch(style: tuple[str, str, str]) -> str:
    # An inline SVG swatch for the layer control (Leaflet shows layer names as HTML; ours).
    colour, _, shape = style
    return (
        '<svg width="14" height="14" viewBox="-1 -1 22 22" aria-hidden="true">'
        f'<path d="{SHAPES[shape]}" fill="{colour}" stroke="#1b1b1b" stroke-width="1.2" '
        'vector-effect="non-scaling-stroke"/></svg>'
    )


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

    from geo.map import elements as el

    if cdn and assets is not None:
        raise UsageError("choose local assets or the CDN, not both")
    if isinstance(data, gpd.GeoDataFrame):
        validate_frame(data)
    texts = packaged_assets() if assets is None else read_assets(check_assets(assets))
    blob = build_blob(data, tallies=tallies, title=title)

    m = el.GeomapMap(
        location=[33.0, 42.0],
        zoom_start=6,
        tiles=None,
        control_scale=False,
        zoom_control="bottomright",
    )
    # The map's own zoom range, whatever base layer is on (the clusters are built for it).
    m.options["minZoom"] = 3
    m.options["maxZoom"] = MAX_ZOOM
    # The tiles' zoom range is the map's, and so the clusters' (one index per level: each
    # level fewer is ~1/15 less clustering work). Zoom 15 shows a site ~5 km across, finer
    # than any place geomap resolves; incidents still at one point there spiderfy.
    tiles = folium.TileLayer(
        "OpenStreetMap", name="OpenStreetMap", control=True, min_zoom=3, max_zoom=MAX_ZOOM
    ).add_to(m)
    offline = el.PlaceholderLayer("Offline map (borders, towns)", show=False, overlay=False)
    offline.add_to(m)
    page = cast(Any, m.get_root())
    page.title = html.escape(blob["title"], quote=True)
    page.assets = None if cdn else texts

    counts = dict.fromkeys(ATTACK_TYPES, 0)
    for t in blob["t"]:
        counts[ATTACK_TYPES[t]] += 1
    type_layers = []
    for t in ATTACK_TYPES:
        if counts[t]:
            name = f"{_swatch(TYPE_STYLE[t])} {TYPE_STYLE[t][1]} ({counts[t]})"
            type_layers.append((t, el.PlaceholderLayer(name).add_to(m)))
    context = None
    if tallies:
        context = el.PlaceholderLayer(f"Tallies &amp; context ({len(tallies)})").add_to(m)
    heat = el.HeatLayer("Heat map (incidents shown)").add_to(m)

    # The basemap is data, inlined in every mode; the towns come from the curated gazetteer.
    basemap = '{"towns":' + script_json(towns()) + "," + texts["basemap"][1:]
    app = el.GeomapData(*encode_blob(blob), basemap)
    app.type_layers = type_layers
    app.heat = heat
    app.context = context
    app.tiles = tiles
    app.offline = offline
    app.add_to(m)
    el.DeferredLayerControl(collapsed=False, position="topright").add_to(m)
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
