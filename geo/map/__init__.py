"""The map: a Leaflet page of incidents, made with folium, read by our own script.

Modules:

- :mod:`geo.map.render`: :func:`render_map` (incidents or a frame -> :class:`folium.Map`),
  :func:`save_map`, :func:`map_html`;
- :mod:`geo.map.blob`: the data blob the page's script reads: :func:`build_blob`, its
  documented, versioned :data:`SCHEMA` (docs/map-blob.md) and :func:`blob_problems`;
- :mod:`geo.map.elements`: the folium elements of the page (imports folium), each declaring
  the libraries it needs;
- :mod:`geo.map.assets`: the files the page inlines (Leaflet and its plugins, our script);
- :mod:`geo.map.style`: each attack type's colour, label and shape, the land they sit on.

The script and its styles are ``geo/_map/geomap.js``, ``geo/_map/geomap.css`` and
``geo/_map/failsafe.js``; the libraries' copies are in ``geo/_map/vendor``.
"""

from geo.map.assets import ASSETS, asset_urls, check_assets
from geo.map.blob import (
    BLOB_VERSION,
    SCHEMA,
    blob_problems,
    build_blob,
    safe_url,
    schema_markdown,
    script_json,
)
from geo.map.render import MAX_ZOOM, map_html, render_map, save_map
from geo.map.style import BASEMAP_LAND, LAND_COLOURS, TYPE_STYLE

__all__ = [
    "ASSETS",
    "BASEMAP_LAND",
    "BLOB_VERSION",
    "LAND_COLOURS",
    "MAX_ZOOM",
    "SCHEMA",
    "TYPE_STYLE",
    "asset_urls",
    "blob_problems",
    "build_blob",
    "check_assets",
    "map_html",
    "render_map",
    "safe_url",
    "save_map",
    "schema_markdown",
    "script_json",
]
