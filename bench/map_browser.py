"""The map in headless Chromium: what issue 15 measures, on the same points, in one run.

    python bench/map_browser.py [--n 100000] [--baseline-n 20000] [--repeat 3] [--viewport 1280x800]

For ``--n`` synthetic incidents (tests/browser/mapdata.py, one source each): the HTML size and
the render's peak memory (a fresh process: render_map + save_map); in the browser, with no
network (the page is opened as a file, offline): first markers painted, idle (the map's
ready flag), the slowest frame while dragging the "from" thumb across half the track, and a
full-window restore ("All dates" until idle). Beside it, folium's FastMarkerCluster on the
same points (no layers, no time, no popups; its libraries inlined from geo/_map/vendor so
it too opens offline) and, at ``--baseline-n``, folium's one Marker per incident.
Prints a Markdown table: medians of ``--repeat`` openings of each page (the machine's load
moves single runs a lot). Times are milliseconds from navigation start, as the page's own
``performance.now()`` reads them; "sign" is when geomap's loading sign is first on the page.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "browser")]
CHROMIUM = os.environ.get("GEOMAP_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]

#: Injected before the page's own scripts: when the first marker or cluster is in the DOM,
#: when the map is first idle, and every animation frame's time.
PROBE = """
window.__probe = {first: null, sign: null, idle: null, frames: []};
new MutationObserver((ms, obs) => {
  if (window.__probe.sign === null && document.querySelector('.gm-loading')) {
    window.__probe.sign = performance.now(); }
  if (document.querySelector('.gm-marker, .gm-cluster, .marker-cluster, .leaflet-marker-pane .leaflet-marker-icon')) {
    window.__probe.first = performance.now(); obs.disconnect(); }
}).observe(document, {childList: true, subtree: true});
(function poll() {
  if (window.geomap && window.geomap.ready()) { window.__probe.idle = performance.now(); return; }
  if (!window.GeoMapApp && document.readyState === 'complete'
      && document.querySelector('.marker-cluster, .leaflet-marker-icon')) {
    requestAnimationFrame(() => requestAnimationFrame(() => { window.__probe.idle = performance.now(); }));
    return; }
  setTimeout(poll, 20);
})();
(function frame(t) { window.__probe.frames.push(t); requestAnimationFrame(frame); })(0);
"""


def render(n: int, out: Path, kind: str) -> dict[str, Any]:
    """Render in a fresh process; return seconds, MB of HTML and peak MB of memory."""
    code = f"""
import json, resource, sys, time
sys.path[:0] = {[str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "browser")]!r}
import mapdata
from geo.frame import incidents_to_frame
incs = mapdata.synthetic({n})
t0 = time.perf_counter()
if {kind!r} == "geomap":
    from geo.render import render_map, save_map
    def drain():
        while incs:
            yield incs.pop()
    incs.reverse()
    save_map(render_map(drain(), title="bench"), {str(out)!r})
else:
    import folium
    from folium.plugins import FastMarkerCluster
    m = folium.Map(location=[33, 42], zoom_start=6)
    pts = [[i.place.lat, i.place.lon] for i in incs]
    if {kind!r} == "fast":
        # its default icon is Font Awesome's (from a CDN): Leaflet's own marker instead
        cb = "function (row) {{ return L.marker(new L.LatLng(row[0], row[1])); }}"
        FastMarkerCluster(pts, callback=cb).add_to(m)
    else:
        for i in incs:
            folium.Marker([i.place.lat, i.place.lon], popup=i.event_id).add_to(m)
    html = m.get_root().render()
    # offline like ours: the CDN libraries it links, inlined from the packaged copies
    import re
    vendor = {str(ROOT / "geo" / "_map" / "vendor")!r}
    def inline(url, tag, file):
        global html
        body = open(vendor + "/" + file, encoding="utf-8").read()
        html = re.sub(r'<(?:script|link)[^>]*' + re.escape(url) + r'[^>]*>(?:</script>)?',
                      lambda _: "<" + tag + ">" + body + "</" + tag + ">", html)
    for url in re.findall(r'(https://[^"]+)', html):
        name = url.rsplit("/", 1)[-1]
        if name in ("leaflet.js", "leaflet.markercluster.js"):
            inline(url, "script", name)
        elif name in ("leaflet.css", "MarkerCluster.css"):
            inline(url, "style", name)
        elif name.endswith((".js", ".css")):
            html = re.sub(r'<(?:script|link)[^>]*' + re.escape(url) + r'[^>]*>(?:</script>)?', "", html)
    open({str(out)!r}, "w", encoding="utf-8").write(html)
t = time.perf_counter() - t0
print(json.dumps({{"seconds": t, "mb": {str(out)!r} and __import__("os").path.getsize({str(out)!r}) / 1e6,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(browser: Any, page_path: Path, size: tuple[int, int], interact: bool) -> dict[str, Any]:
    ctx = browser.new_context(viewport={"width": size[0], "height": size[1]}, offline=True)
    ctx.add_init_script(PROBE)
    page = ctx.new_page()
    try:
        page.goto(page_path.as_uri(), timeout=180_000)
        page.wait_for_function("window.__probe.idle !== null", timeout=180_000, polling=100)
        out = page.evaluate("({first: __probe.first, sign: __probe.sign, idle: __probe.idle})")
        if not interact:
            return out
        box = page.locator("input.gm-from").bounding_box()
        y = box["y"] + box["height"] / 2
        page.evaluate("__probe.frames = []")
        page.mouse.move(box["x"] + 9, y)
        page.mouse.down()
        for k in range(1, 21):
            page.mouse.move(box["x"] + 9 + k * (box["width"] - 18) / 40, y)
            page.wait_for_timeout(30)
        page.mouse.up()
        page.wait_for_function("geomap.ready()", timeout=180_000, polling=50)
        frames = page.evaluate("__probe.frames")
        gaps = [b - a for a, b in itertools.pairwise(frames)]
        out["slowest_frame"] = max(gaps) if gaps else None
        t0 = page.evaluate("performance.now()")
        page.locator(".gm-all").click()
        page.wait_for_function(
            "geomap.ready() && geomap.shown() === geomap.total", timeout=180_000, polling=20
        )
        out["restore"] = page.evaluate("performance.now()") - t0
        return out
    finally:
        ctx.close()


def median(values: list[Any]) -> Any:
    """The median of the numbers given (None when there is none)."""
    known = sorted(v for v in values if v is not None)
    return statistics.median(known) if known else None


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--baseline-n", type=int, default=20_000)
    ap.add_argument("--viewport", default="1280x800")
    ap.add_argument("--repeat", type=int, default=3, help="openings of each page (medians)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    size = tuple(int(v) for v in args.viewport.split("x"))
    rows = []
    with tempfile.TemporaryDirectory(prefix="geomap-mapbench-") as d, sync_playwright() as p:
        tmp = Path(d)
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for kind, n, label in (
            ("geomap", args.n, f"geomap, {args.n:,} incidents, every feature"),
            ("fast", args.n, f"folium FastMarkerCluster, {args.n:,} points"),
            ("geomap", args.baseline_n, f"geomap, {args.baseline_n:,} incidents"),
            ("marker", args.baseline_n, f"folium one Marker per incident, {args.baseline_n:,}"),
        ):
            out = tmp / f"{kind}-{n}.html"
            print(f"rendering {label} ...", file=sys.stderr, flush=True)
            r = render(n, out, kind)
            runs = []
            for k in range(max(1, args.repeat)):
                print(f"opening {label} ({k + 1}) ...", file=sys.stderr, flush=True)
                runs.append(measure(browser, out, size, interact=kind == "geomap"))
            b = {key: median([m.get(key) for m in runs]) for key in runs[0]}
            rows.append((label, r, b))
        browser.close()

    def ms(v: Any) -> str:
        return "-" if v is None else f"{v:,.0f} ms"

    print(
        f"\nmap in headless Chromium, offline, {args.viewport}; medians of {args.repeat}; {date.today().isoformat()}, "
        f"{os.cpu_count()} cores ({platform.machine()}), Python {platform.python_version()}\n"
    )
    print(
        "| map | sign | first markers | idle | slowest frame, dragging | full-window restore "
        "| HTML | render peak memory | render time |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for label, r, b in rows:
        print(
            f"| {label} | {ms(b.get('sign'))} | {ms(b.get('first'))} | {ms(b.get('idle'))} | {ms(b.get('slowest_frame'))} "
            f"| {ms(b.get('restore'))} | {r['mb']:.1f} MB | {r['peak_mb']:.0f} MB | {r['seconds']:.1f} s |"
        )
    print(
        "\ntargets (issue 15): idle no later than FastMarkerCluster; no frame over 200 ms while dragging; HTML under 25 MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
