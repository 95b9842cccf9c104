"""The map, as it was imported before it became the package :mod:`geo.map`.

Every public name of the old module, re-exported: ``from geo.render import render_map`` keeps
working. New code imports from :mod:`geo.map`.
"""

from __future__ import annotations

from geo.map.assets import ASSETS, BASEMAP_FILE, asset_urls, check_assets
from geo.map.blob import COMPRESS_ABOVE, safe_url, script_json
from geo.map.blob import build_blob as map_data
from geo.map.render import MAX_ZOOM, map_html, render_map, save_map
from geo.map.style import BASEMAP_LAND, LAND_COLOURS, LANG, TYPE_STYLE

__all__ = [
    "ASSETS",
    "BASEMAP_FILE",
    "BASEMAP_LAND",
    "COMPRESS_ABOVE",
    "LAND_COLOURS",
    "LANG",
    "MAX_ZOOM",
    "TYPE_STYLE",
    "asset_urls",
    "check_assets",
    "map_data",
    "map_html",
    "render_map",
    "safe_url",
    "save_map",
    "script_json",
]
