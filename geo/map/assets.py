"""The files a map page inlines: Leaflet and its plugins, our script and styles, the basemap.

Every file is read from the package (``geo/_map``, ``geo/_map/vendor``) or, for the third-party
libraries, from a directory the user gives (``--assets``); each is checked before it is put
inside a ``<script>`` or ``<style>`` element, so no file can close its own tag.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Final

from geo.errors import UsageError

__all__ = ["ASSETS", "BASEMAP_FILE", "asset_urls", "check_assets"]

#: Third-party files the page loads: (name, kind, file in an assets dir, pinned CDN URL).
#: scripts/fetch-assets.sh fetches the same versions. An element says which it needs by name
#: (its ``default_js`` / ``default_css``, see :mod:`geo.map.elements`); the page puts them on
#: in this order.
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
#: Leaflet's marker images, inlined as ``data:`` URLs: (name, file in ``images/``).
ICONS: Final = (
    ("marker_icon", "marker-icon.png"),
    ("marker_icon_2x", "marker-icon-2x.png"),
    ("marker_shadow", "marker-shadow.png"),
)
#: The offline basemap in geo/_map/vendor (see scripts/vendor_assets.py).
BASEMAP_FILE: Final = "basemap.json"

_CLOSERS: Final = ("</script", "</style", "<!--")


def asset_url(name: str) -> tuple[str, str]:
    """Return ``(name, pinned CDN URL)`` of an entry of :data:`ASSETS`, as folium lists assets.

    Parameters
    ----------
    name : str
        An asset's name.

    Returns
    -------
    tuple of str
    """
    for n, _, _, url in ASSETS:
        if n == name:
            return n, url
    raise KeyError(name)


def asset_urls() -> dict[str, str]:
    """Return the pinned CDN URL of each third-party file, as ``render_map(cdn=True)`` links them.

    Returns
    -------
    dict
        Asset name (see :data:`ASSETS`) to URL.
    """
    return {name: url for name, _, _, url in ASSETS}


def _check_inline(name: str, text: str) -> str:
    low = text.lower()
    for closer in _CLOSERS:
        if closer in low:
            raise UsageError(f"{name} contains {closer!r} and cannot be inlined in the page")
    return text


@cache
def resource(name: str) -> str:
    """Return the text of our own file ``geo/_map/NAME`` (the map script, its styles...)."""
    text = resources.files("geo").joinpath("_map", name).read_text(encoding="utf-8")
    if "</" in text or "<!--" in text:  # our own code must not be able to close its tag
        raise RuntimeError(f"geo/_map/{name} must not contain '</' or '<!--'")
    return text


def _data_url(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def _css_images(css: str, read: Callable[[str], bytes | None]) -> str:
    """Return ``css`` with each ``url(images/NAME.png)`` made a data: URL (when the file exists)."""

    def repl(match: re.Match[str]) -> str:
        data = read(match.group(1))
        return match.group(0) if data is None else "url(" + _data_url(data) + ")"

    return re.sub(r"url\(['\"]?images/([A-Za-z0-9_.-]+\.png)['\"]?\)", repl, css)


@cache
def packaged_assets() -> dict[str, str]:
    """Return each asset's text (see :func:`read_assets`) from the packaged copies."""
    return read_assets(None)


def read_assets(directory: Path | None) -> dict[str, str]:
    """Return each asset's text (see :data:`ASSETS`) from ``directory`` or the packaged copies.

    Besides the names of :data:`ASSETS`: the :data:`ICONS` as ``data:`` URLs (empty when
    absent) and ``basemap`` (the offline basemap's JSON text).
    """
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
    for name, file in ICONS:
        data = read_bytes("images/" + file)
        out[name] = _data_url(data) if data else ""
    base = read_bytes(BASEMAP_FILE)
    if base is None:
        base = vendor.joinpath(BASEMAP_FILE).read_bytes()
    out["basemap"] = _check_inline(f"{where}: {BASEMAP_FILE}", base.decode("utf-8").strip())
    return out


def check_assets(assets: str | os.PathLike[str]) -> Path:
    """Check that a directory holds every file :func:`geo.map.render_map` inlines from it.

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
    read_assets(directory)
    return directory


def towns() -> list[list[Any]]:
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
