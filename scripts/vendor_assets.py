"""Refresh geo/_map/vendor/ (what the wheel ships and every map inlines) from an assets dir.

    bash scripts/fetch-assets.sh .assets && python scripts/vendor_assets.py .assets

Copies Leaflet, leaflet.markercluster and leaflet.heat as fetched (integrity-checked) from the
npm registry, with their licences, and builds ``basemap.json``: the Natural Earth 1:50m
country outlines of world-atlas, simplified (0.01 degree inside the theatre box, 0.1 degree
elsewhere) and quantised to 0.01 degree, in a compact form of TopoJSON that geomap.js reads:

    {"v": 1, "q": 0.01, "arcs": [[x0, y0, dx1, dy1, ...], ...],
     "countries": [[[ring, ...], ...], ...], "source": ..., "attribution": ...}

Coordinates are integers in units of ``q`` from (-180, -90); each arc starts absolute and then
steps by deltas. A country is a list of polygons, a polygon a list of rings (outer first), a
ring a list of arc indices, ``~i`` (that is ``-i - 1``) for arc ``i`` walked backwards, as in
TopoJSON. The output is deterministic: the same input gives the same bytes.
"""

from __future__ import annotations

import itertools
import json
import shutil
import sys
from pathlib import Path

from shapely.geometry import LineString

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "geo" / "_map" / "vendor"
COPY = (
    "leaflet.js",
    "leaflet.css",
    "leaflet.markercluster.js",
    "MarkerCluster.css",
    "leaflet-heat.js",
    "LICENSE-leaflet",
    "LICENSE-leaflet.markercluster",
    "LICENSE-leaflet.heat",
    "LICENSE-world-atlas",
)
IMAGES = (
    "layers.png",
    "layers-2x.png",
    "marker-icon.png",
    "marker-icon-2x.png",
    "marker-shadow.png",
)
#: Finer outlines here (lon/lat box around Iraq, Syria, Jordan and their neighbours).
THEATRE = (25.0, 10.0, 65.0, 45.0)
TOL_IN, TOL_OUT, Q = 0.01, 0.1, 0.01


def _arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    out = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        out.append(pts)
    return out


def _inside(pts: list[tuple[float, float]]) -> bool:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, y0, x1, y1 = THEATRE
    return max(xs) >= x0 and min(xs) <= x1 and max(ys) >= y0 and min(ys) <= y1


def _quantise(pts: list[tuple[float, float]]) -> list[tuple[int, int]]:
    tol = TOL_IN if _inside(pts) else TOL_OUT
    if len(pts) > 2:
        pts = list(LineString(pts).simplify(tol, preserve_topology=False).coords)
    grid: list[tuple[int, int]] = []
    for lon, lat in pts:
        p = (round((lon + 180) / Q), round((lat + 90) / Q))
        if not grid or grid[-1] != p:
            grid.append(p)
    return grid


def basemap(topo: dict) -> dict:
    """Return the compact basemap (see the module docstring) of a world-atlas topology."""
    grids = [_quantise(a) for a in _arcs(topo)]

    def ring_points(ring: list[int]) -> int:
        pts: set[tuple[int, int]] = set()
        for i in ring:
            pts.update(grids[i if i >= 0 else ~i])
        return len(pts)

    countries = []
    for geom in topo["objects"]["countries"]["geometries"]:
        if geom["type"] == "Polygon":
            polys = [geom["arcs"]]
        elif geom["type"] == "MultiPolygon":
            polys = geom["arcs"]
        else:
            continue
        kept = []
        for poly in polys:
            rings = [r for r in poly if ring_points(r) >= 3]
            if rings and rings[0] is poly[0]:
                kept.append(rings)
        if kept:
            countries.append(kept)
    used = sorted({i if i >= 0 else ~i for c in countries for p in c for r in p for i in r})
    renumber = {old: new for new, old in enumerate(used)}
    arcs = []
    for old in used:
        g = grids[old]
        flat = [g[0][0], g[0][1]]
        for (ax, ay), (bx, by) in itertools.pairwise(g):
            flat += [bx - ax, by - ay]
        arcs.append(flat)
    countries = [
        [[[renumber[i] if i >= 0 else ~renumber[~i] for i in r] for r in p] for p in c]
        for c in countries
    ]
    return {
        "v": 1,
        "q": Q,
        "source": "Natural Earth 1:50m Admin 0 countries 4.1.0, via world-atlas 2.0.2 (npm)",
        "attribution": "Borders: Natural Earth",
        "arcs": arcs,
        "countries": countries,
    }


def main(argv: list[str]) -> int:
    """Copy the assets of ``argv[0]`` into geo/_map/vendor and build the basemap."""
    if len(argv) != 1:
        print("usage: python scripts/vendor_assets.py ASSETS_DIR", file=sys.stderr)
        return 2
    src = Path(argv[0])
    missing = [f for f in (*COPY, "countries-50m.json") if not (src / f).is_file()]
    missing += [f"images/{f}" for f in IMAGES if not (src / "images" / f).is_file()]
    if missing:
        print(f"vendor_assets: {src} lacks {', '.join(missing)}", file=sys.stderr)
        return 2
    (VENDOR / "images").mkdir(parents=True, exist_ok=True)
    for f in COPY:
        shutil.copyfile(src / f, VENDOR / f)
    for f in IMAGES:
        shutil.copyfile(src / "images" / f, VENDOR / "images" / f)
    topo = json.loads((src / "countries-50m.json").read_text(encoding="utf-8"))
    text = json.dumps(basemap(topo), separators=(",", ":"))
    (VENDOR / "basemap.json").write_text(text + "\n", encoding="utf-8")
    print(f"vendor_assets: {VENDOR} ({len(text) // 1024} KB basemap)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
