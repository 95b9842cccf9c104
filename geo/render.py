"""The map: a folium Map of incidents, one switchable layer per attack type.

:func:`render_map` is a pure function returning a :class:`folium.Map`; :func:`save_map`
writes it atomically. Every string that came from an article is escaped before it reaches
HTML, and element ids are deterministic, so the same input gives the same bytes.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlparse

from geo.frame import validate_frame
from geo.models import ATTACK_TYPES, Tally

if TYPE_CHECKING:
    import folium
    import geopandas as gpd

__all__ = ["TYPE_STYLE", "render_map", "safe_url", "save_map"]

#: Colour and label of each attack type, used by markers and the legend alike.
TYPE_STYLE: Final[dict[str, tuple[str, str]]] = {
    "rocket": ("#d62728", "Rocket"),
    "mortar": ("#ff7f0e", "Mortar"),
    "artillery": ("#8c564b", "Artillery"),
    "ballistic_missile": ("#9467bd", "Ballistic missile"),
    "cruise_missile": ("#e377c2", "Cruise missile"),
    "drone": ("#1f77b4", "Drone"),
    "airstrike": ("#2ca02c", "Airstrike"),
    "ied": ("#7f7f7f", "IED"),
    "small_arms": ("#bcbd22", "Small arms"),
    "unknown": ("#17becf", "Unknown"),
}
_PRECISION_RADIUS: Final = {1: 7, 2: 9, 3: 12, 4: 15}


def safe_url(url: object) -> str | None:
    """Return ``url`` if it is an http(s) link, else None (``javascript:`` is never a link)."""
    if not isinstance(url, str):
        return None
    u = url.strip()
    try:
        scheme = urlparse(u).scheme.lower()
    except ValueError:
        return None
    return u if scheme in {"http", "https"} else None


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _popup_html(row: dict[str, Any]) -> str:
    types = ", ".join(row["attack_types_reported"]) or row["attack_type"]
    claim = {True: "claimed", False: "suspected", None: ""}[row["claimed"]]
    parts = [
        f"<b>{_e(row['event_date'] or 'undated')}</b> (time precision {_e(row['time_precision'])})",
        f"<b>Type:</b> {_e(row['attack_type'])}"
        + (f" (sources: {_e(types)})" if "," in types else ""),
        f"<b>Place:</b> {_e(row['location'])}, {_e(row['country'])} (geo precision {_e(row['geo_precision'])})",
        f"<b>Target:</b> {_e(row['target'] or '-')}",
        f"<b>Actor:</b> {_e(row['actor1'] or 'not stated')}" + (f" ({claim})" if claim else ""),
        f"<b>Casualties:</b> killed {_e(row['fatalities'] if row['fatalities'] is not None else '?')}, "
        f"injured {_e(row['injuries'] if row['injuries'] is not None else '?')}",
    ]
    for s in row["sources"]:
        name = _e(s.get("outlet") or s.get("title") or s.get("document"))
        url = safe_url(s.get("url"))
        link = (
            f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{name}</a>'
            if url
            else name
        )
        parts.append(
            f"<hr><b>{link}</b> {_e(s.get('published') or '')} [{_e(s.get('attack_type'))}]"
            f"<br><i>{_e(s.get('evidence'))}</i>"
        )
    return "<div class='geomap-popup'>" + "<br>".join(parts) + "</div>"


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
    gdf: gpd.GeoDataFrame,
    *,
    tallies: Sequence[Tally] = (),
    title: str | None = None,
) -> folium.Map:
    """Render incidents as a folium map with one switchable layer per attack type.

    Parameters
    ----------
    gdf : geopandas.GeoDataFrame
        An incident frame (see :mod:`geo.frame`).
    tallies : sequence of Tally
        Running counts, listed in the title panel (never as points).
    title : str, optional
        The map's title.

    Returns
    -------
    folium.Map
    """
    import folium

    validate_frame(gdf)
    m = folium.Map(location=[33.0, 42.0], zoom_start=6, tiles="OpenStreetMap", control_scale=True)
    rows = gdf.drop(columns="geometry").to_dict("records")
    coords = [(g.y, g.x) for g in gdf.geometry]
    counts = {t: sum(1 for r in rows if r["attack_type"] == t) for t in ATTACK_TYPES}
    for t in ATTACK_TYPES:
        if not counts[t]:
            continue
        colour, label = TYPE_STYLE[t]
        layer = folium.FeatureGroup(name=f"{label} ({counts[t]})", show=True)
        for row, (lat, lon) in zip(rows, coords, strict=True):
            if row["attack_type"] != t:
                continue
            folium.CircleMarker(
                location=[lat, lon],
                radius=_PRECISION_RADIUS.get(int(row["geo_precision"]), 8),
                color=colour,
                fill=True,
                fill_opacity=0.7,
                dash_array=None if int(row["geo_precision"]) == 1 else "4",
                popup=folium.Popup(_popup_html(row), max_width=420),
                tooltip=_e(f"{row['event_date'] or 'undated'} {label} - {row['location']}"),
            ).add_to(layer)
        layer.add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    heading = _e(title or "geomap incidents")
    tally_html = "".join(
        f"<li>{_e(t.qualifier or '')} {t.count} attacks"
        f"{' since ' + _e(t.since.isoformat()) if t.since else ''} ({_e(t.outlet or t.document)})</li>"
        for t in tallies
    )
    panel = (
        "<div style='position:fixed;top:10px;left:60px;z-index:1000;background:white;"
        "padding:6px 10px;border:1px solid #888;max-width:360px;font:13px sans-serif'>"
        f"<b>{heading}</b><br>{len(rows)} incidents"
        + (f"<ul style='margin:4px 0;padding-left:18px'>{tally_html}</ul>" if tally_html else "")
        + "</div>"
    )
    root: Any = m.get_root()
    root.html.add_child(folium.Element(panel))
    if coords:
        lats = [c[0] for c in coords]
        lons = [c[1] for c in coords]
        m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(30, 30), max_zoom=9)
    _fix_ids(m)
    return m


def save_map(m: folium.Map, path: str | os.PathLike[str]) -> Path:
    """Write a map as one HTML file, atomically."""
    from geo.export import atomic_write

    html_text = m.get_root().render()
    return atomic_write(Path(path), lambda p: p.write_text(html_text, encoding="utf-8"))
