"""How the map draws each attack type, and the light ground its markers sit on."""

from __future__ import annotations

from typing import Final

from geo.attack_types import ROWS

__all__ = ["BASEMAP_LAND", "LAND_COLOURS", "LANG", "TYPE_STYLE"]

#: The page's language (``<html lang>``): every word on the map that is ours is English.
LANG: Final = "en"

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
