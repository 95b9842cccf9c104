"""geomap benchmarks: one command, one table, each figure beside its target and a baseline.

    python bench/run.py [--quick] [--no-browser] [--repeat N] [--only SECTION]... [--text DIR]

Generates its own inputs (articles from templates over the gazetteer, incidents of any size,
see bench/synth.py), measures every figure of the performance issue in this one run, and
prints a Markdown table: median of ``--repeat`` runs (default 3), target, and for the map the
folium one-marker-per-incident baseline measured on the same machine in the same run.
Memory figures are peak RSS of a fresh subprocess. ``--quick`` uses smaller sizes.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from synth import make_sources, write_articles  # noqa: E402

from geo.gazetteer import load_gazetteer  # noqa: E402

ROWS: list[tuple[str, str, str, str]] = []


def row(metric: str, value: str, target: str = "", baseline: str = "") -> None:
    ROWS.append((metric, value, target, baseline))
    print(f"  {metric}: {value}", file=sys.stderr, flush=True)


def median_time(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def subprocess_json(code: str) -> dict:
    """Run Python code in a fresh process; it prints one JSON object (we add peak RSS in MB)."""
    # VmHWM is this process's own high-water mark: ru_maxrss keeps the parent's across exec,
    # so a child of a large bench process would report the parent's size
    wrapped = code + (
        "\nimport json as _j, sys as _s\n"
        "def _hwm():\n"
        "    try:\n"
        "        for line in open('/proc/self/status'):\n"
        "            if line.startswith('VmHWM:'):\n"
        "                return int(line.split()[1]) / 1024\n"
        "    except OSError:\n"
        "        pass\n"
        "    import resource\n"
        "    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024\n"
        "_s.stdout.write(_j.dumps({**OUT, 'peak_mb': _hwm()}))\n"
    )
    env = {**os.environ, "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}"}
    proc = subprocess.run(
        [sys.executable, "-c", wrapped], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------


def bench_help(repeat: int) -> None:
    exe = [sys.executable, "-m", "geo", "--help"]
    t = median_time(lambda: subprocess.run(exe, capture_output=True, check=True), max(5, repeat))
    row("`geomap --help`", f"{t:.2f} s", "< 0.3 s")


def bench_gazetteer(repeat: int) -> None:
    from geo import gazetteer as g

    def load() -> None:
        g._load_cached.cache_clear()
        load_gazetteer().automaton  # noqa: B018 - build the matcher too

    row("gazetteer load + matcher build", f"{median_time(load, repeat):.3f} s", "well under 1 s")
    gaz = load_gazetteer()
    names = [p.name for p in gaz.places.values()] * 20
    text = " and ".join(names)
    t = median_time(lambda: gaz.find(text), repeat)
    row("place resolution throughput", f"{len(names) / t:,.0f} mentions/s", "")


def bench_extraction(tmp: Path, n: int, repeat: int) -> None:
    gaz = load_gazetteer()
    arts = tmp / "articles"
    paths = write_articles(arts, n, gaz)
    kb = sum(p.stat().st_size for p in paths) / len(paths) / 1024
    from geo.documents import iter_article_paths
    from geo.pipeline import _extract_files, run

    files = iter_article_paths([arts])

    def extract(jobs: int) -> None:
        list(_extract_files(files, gaz, None, jobs, None))

    extract(1)  # warm caches
    t1 = median_time(lambda: extract(1), repeat)
    row(
        f"extraction, 1 process ({n} articles of {kb:.1f} KB, files -> reports)",
        f"{n / t1:,.0f} articles/s",
        ">= 500 articles/s",
    )
    t2 = median_time(lambda: extract(2), repeat)
    row(
        "extraction, `--jobs 2`", f"{n / t2:,.0f} articles/s ({t1 / t2:.2f}x)", ">= 1.7x on 2 cores"
    )
    t3 = median_time(lambda: run([arts], gazetteer=gaz, jobs=2), repeat)
    row("whole run, `--jobs 2` (read, extract, merge)", f"{n / t3:,.0f} articles/s", "")
    # memory flat in the number of articles: peak RSS for n/4 vs n articles
    code = "from geo.pipeline import run\nfrom pathlib import Path\nimport sys\nfiles=sorted(Path(%r).glob('*.md'))[:%d]\nr=run(files)\nOUT={'n': r.documents}"
    small = subprocess_json(code % (str(arts), n // 4))
    big = subprocess_json(code % (str(arts), n))
    row(
        f"extraction peak memory, {n // 4} vs {n} articles",
        f"{small['peak_mb']:.0f} MB vs {big['peak_mb']:.0f} MB",
        "flat",
    )


def bench_regex(texts: list[str], label: str, repeat: int) -> None:
    """Every guarded pattern of the project over real text, guarded vs as written."""
    import importlib
    import pkgutil
    import re

    import geo

    pairs = []
    for info in pkgutil.walk_packages(geo.__path__, "geo."):
        if info.name.endswith(("__main__", ".cli")):
            continue
        for name, p in vars(importlib.import_module(info.name)).items():
            if isinstance(p, re.Pattern) and str(p.pattern).startswith("(?=["):
                body = p.pattern[p.pattern.index("])(?:") + 5 : -1]
                pairs.append(
                    (f"{info.name.removeprefix('geo.')}.{name}", p, re.compile(body, p.flags))
                )
    big = "\n".join(texts)

    def scan(which: int) -> None:
        for pair in pairs:
            for _ in pair[which].finditer(big):
                pass

    for _ in range(2):
        scan(1), scan(2)  # warm
    plain = median_time(lambda: scan(2), repeat)
    guarded = median_time(lambda: scan(1), repeat)
    row(
        f"extraction's {len(pairs)} guarded patterns over {label} ({len(big) / 1024:.0f} KB)",
        f"{guarded * 1000:.0f} ms ({guarded / plain:.2f}x)",
        "< 1.00x",
        f"{plain * 1000:.0f} ms as written (plain `re.compile`)",
    )


def bench_long_text(tmp: Path, sizes: list[float], repeat: int) -> None:
    """One long document: the cost of a megabyte at each size, flat when extraction is linear."""
    gaz = load_gazetteer()
    paths = write_articles(tmp / "long-src", 200, gaz, seed=3)
    body = "\n\n".join(p.read_text().split("---", 2)[-1].strip() for p in paths)
    # one sentence: no full stop and no line break, what a scraped table or list can give
    run_on = body.replace(". ", ", ").replace(".\n", ", ").replace("\n", " ")
    code = (
        "import time\nfrom datetime import date\nfrom geo.extraction import extract\n"
        "from geo.gazetteer import load_gazetteer\nfrom geo.models import Document\n"
        "gaz = load_gazetteer()\ntext = open(%r).read()\nt = time.perf_counter()\n"
        "ex = extract(Document(name='long', text=text, published=date(2024, 2, 1)), gaz)\n"
        "OUT = {'s': time.perf_counter() - t, 'reports': len(ex.reports)}"
    )
    tiny = tmp / "long-tiny.txt"
    tiny.write_text(body[:1000])
    base = subprocess_json(code % str(tiny))["peak_mb"]  # geomap loaded, a page of text read
    for label, unit in (("news paragraphs", body), ("one sentence", run_on)):
        first: tuple[float, float] | None = None
        for size in sizes:
            f = tmp / f"long-{size:g}.txt"
            text = (unit * (int(size * 1e6) // len(unit) + 1))[: int(size * 1e6)]
            f.write_text(text)
            runs = [subprocess_json(code % str(f)) for _ in range(repeat)]
            per_s = statistics.median(r["s"] for r in runs) / size
            extra = statistics.median(r["peak_mb"] for r in runs) - base
            first = first or (per_s, extra)
            row(
                f"one {size:g} MB document ({label}): time per MB, peak memory above a page's",
                f"{per_s:.2f} s/MB ({per_s / first[0]:.2f}x), {extra:.0f} MB "
                f"({extra / size:.1f} MB per MB of text)",
                "time flat (1.00x); memory: the text and one window"
                if first != (per_s, extra)
                else "",
            )


def bench_merge(repeat: int, sizes: list[int]) -> None:
    from geo.merging import merge_sources

    gaz = load_gazetteer()
    times = {}
    for n in sizes:
        src = make_sources(n, gaz)
        times[n] = median_time(lambda src=src: merge_sources(src, gazetteer=gaz), repeat)
    big, small = max(sizes), min(sizes)
    row(f"merge {big:,} reports", f"{times[big]:.2f} s", "< 5 s")
    row(
        f"merge cost {small:,} -> {big:,} reports",
        f"x{times[big] / times[small]:.1f} for x{big / small:.0f} reports",
        "close to linear",
    )


def bench_first_run(tmp: Path, repeat: int) -> None:
    """What a newcomer meets: the example map, a lookup of an unknown name, the world tier."""
    geomap = [sys.executable, "-m", "geo", "-q"]
    out = tmp / "example.html"
    floor_code = f"import folium, geopandas; folium.Map().save({str(tmp / 'floor.html')!r})"
    floor = median_time(
        lambda: subprocess.run([sys.executable, "-c", floor_code], check=True), max(5, repeat)
    )
    render = [*geomap, "render", str(ROOT / "examples" / "articles"), "-o", str(out)]
    subprocess.run(render, check=True, capture_output=True)  # the world index is built once
    t = median_time(lambda: subprocess.run(render, check=True, capture_output=True), max(5, repeat))
    row(
        "`geomap render examples/articles` (7 articles, index built)",
        f"{t:.2f} s ({t / floor:.2f}x the floor)",
        "<= 1.5x the floor",
        f"floor `folium.Map().save()` with geopandas imported: {floor:.2f} s",
    )
    cold_cache = tmp / "cold-cache"
    env = {**os.environ, "GEOMAP_CACHE_DIR": str(cold_cache)}
    t0 = time.perf_counter()
    subprocess.run(render, check=True, capture_output=True, env=env)
    cold = time.perf_counter() - t0
    row(
        "the same, first run on a machine (builds the world index once)",
        f"{cold:.2f} s ({cold / floor:.1f}x the floor)",
        "once per machine",
    )
    lookup = [*geomap, "gazetteer", "lookup", "Xyzzyville of Nowhere"]
    tl = median_time(lambda: subprocess.run(lookup, capture_output=True), max(5, repeat))
    row("`geomap gazetteer lookup` of a name in no tier", f"{tl:.2f} s", "< 1 s")
    # A run that does reach the world tier: articles about towns the curated gazetteer lacks,
    # drawn from the GeoNames index itself, beside the same articles about curated towns.
    import sqlite3

    from geo.geocode import world_gazetteer

    gaz = load_gazetteer()
    path = world_gazetteer().path
    con = sqlite3.connect(path) if path is not None else None
    towns: list[tuple[str, str]] = []
    countries = {"IQ": "Iraq", "SY": "Syria"}
    if con is not None:
        for name, cc in con.execute(
            "SELECT name, country FROM city WHERE country IN ('IQ', 'SY') "
            "AND population >= 20000 ORDER BY population DESC"
        ):
            if name.isascii() and " " not in name and not gaz.lookup(name):
                towns.append((name, countries[cc]))
    curated = [
        (p.name, countries[p.country])
        for p in gaz.places.values()
        if p.kind in {"city", "town"} and p.country in countries
    ]
    n = 200

    def write(folder: Path, places: list[tuple[str, str]]) -> Path:
        folder.mkdir(exist_ok=True)
        for i in range(n):
            town, country = places[i % len(places)]
            (folder / f"a{i:03d}.md").write_text(
                f"---\ntitle: Attack near {town}\npublished: 2024-02-{1 + i % 27:02d}\n---\n"
                f"Two rockets struck a checkpoint near {town} in {country} on Friday, "
                "local officials said. Nobody was hurt, and no group claimed the attack.\n",
                encoding="utf-8",
            )
        return folder

    from geo.pipeline import run

    if not towns:
        row("world-tier run", "skipped: no index", "")
        return
    world_dir = write(tmp / "world-articles", towns)
    curated_dir = write(tmp / "curated-articles", curated)
    res = run([world_dir], gazetteer=gaz)
    tiers = [s.place.tier for i in res.incidents for s in i.sources]
    tw = median_time(lambda: run([world_dir], gazetteer=gaz), repeat)
    tc = median_time(lambda: run([curated_dir], gazetteer=gaz), repeat)
    row(
        f"whole run, {n} articles about towns only the world tier knows",
        f"{n / tw:,.0f} articles/s ({tw / tc:.2f}x the curated run; "
        f"{tiers.count('world')}/{len(tiers)} reports placed by the world tier)",
        "close to 1x",
        f"same articles about curated towns: {n / tc:,.0f} articles/s",
    )


def bench_map(tmp: Path, n: int, repeat: int, browser: bool, baseline: bool) -> None:
    # Our pages inline Leaflet; the folium baseline links these copies (the packaged ones).
    if not (tmp / "assets").exists():
        shutil.copytree(ROOT / "geo" / "_map" / "vendor", tmp / "assets")
    # Inputs are written once; the measured process does what `geomap render FILE` does:
    # read the incidents, build the frame, drop the incident objects, render and save.
    src = tmp / f"incidents{n}.geojson"
    if not src.exists():
        subprocess_json(f"""
from synth import make_incidents
from geo.gazetteer import load_gazetteer
from geo.export import write_incidents
write_incidents(make_incidents({n}, load_gazetteer()), {str(src)!r}, force=True)
OUT = {{}}
""")
    # The build: what render_map + save_map cost once the incidents are in memory (read from
    # the file, then each freed as it enters the map's blob, as `geomap render` does).
    code = f"""
import time, gc
from geo.export import read_incidents
from geo.render import render_map, save_map
incs, _ = read_incidents({str(src)!r})
incs.reverse()
def drain():
    while incs:
        yield incs.pop()
gc.collect()
t0 = time.perf_counter()
m = render_map(drain(), title="bench")
out = save_map(m, {str(tmp / f"map{n}.html")!r})
t = time.perf_counter() - t0
OUT = {{"seconds": t, "mb": out.stat().st_size / 1e6}}
"""
    runs = [subprocess_json(code) for _ in range(repeat)]
    secs = statistics.median(r["seconds"] for r in runs)
    mb = runs[0]["mb"]
    # The whole command, in a fresh process: read the file, merge its sources again, render.
    cli = f"""
import time
from geo.cli import main
t0 = time.perf_counter()
rc = main(["--quiet", "render", {str(src)!r}, "-o", {str(tmp / f"cli{n}.html")!r}])
OUT = {{"seconds": time.perf_counter() - t0, "rc": rc}}
"""
    cli_runs = [subprocess_json(cli) for _ in range(repeat)]
    cli_secs = statistics.median(r["seconds"] for r in cli_runs)
    peak = statistics.median(r["peak_mb"] for r in cli_runs)
    base = ""
    if baseline:
        b = subprocess_json(rf"""
import time
from synth import make_incidents
from geo.gazetteer import load_gazetteer
from geo.frame import incidents_to_frame
import folium
incs = make_incidents({n}, load_gazetteer())
gdf = incidents_to_frame(incs)
t0 = time.perf_counter()
m = folium.Map(location=[33, 42], zoom_start=6)
layers = {{}}
for row in gdf.itertuples():
    layer = layers.get(row.attack_type)
    if layer is None:
        layer = layers[row.attack_type] = folium.FeatureGroup(name=row.attack_type).add_to(m)
    folium.Marker([row.geometry.y, row.geometry.x], popup=folium.Popup(row.notes + "<br>" + str(row.sources)[:400])).add_to(layer)
folium.LayerControl().add_to(m)
html = m.get_root().render()
t = time.perf_counter() - t0
import re
# offline: Leaflet from the local copies (folium's other CDN files fail fast and are not needed)
html = re.sub(r'https://[^"]*/leaflet(?:@[^/"]*)?/dist/leaflet\.js', 'assets/leaflet.js', html)
html = re.sub(r'https://[^"]*/leaflet(?:@[^/"]*)?/dist/leaflet\.css', 'assets/leaflet.css', html)
open({str(tmp / f"folium{n}.html")!r}, "w", encoding="utf-8").write(html)
OUT = {{"seconds": t, "mb": len(html.encode()) / 1e6}}
""")
        base = f"folium, one Marker per incident: {b['seconds']:.2f} s, {b['mb']:.0f} MB, {b['peak_mb']:.0f} MB RAM"
    target = {10_000: "< 0.5 s", 100_000: "< 3 s, < 25 MB"}.get(n, "")
    row(
        f"map of {n:,} incidents: build (render_map + save_map)",
        f"{secs:.2f} s, {mb:.1f} MB HTML",
        target,
        base,
    )
    row(
        f"map of {n:,} incidents: `geomap render FILE` whole command (read, merge, map)",
        f"{cli_secs:.2f} s, {peak:.0f} MB peak RAM",
        "< 500 MB RAM" if n >= 100_000 else "",
    )
    if browser:
        idle = browser_idle(tmp / f"map{n}.html", repeat)
        base_idle = browser_idle(tmp / f"folium{n}.html", 1, limit=60) if baseline else ""
        row(
            f"map of {n:,} incidents: idle page in headless Chromium",
            idle,
            {10_000: "< 1 s", 100_000: "< 3 s"}.get(n, ""),
            base_idle,
        )


def browser_idle(page: Path, repeat: int, limit: float = 60.0) -> str:
    """Seconds from navigation to an idle page (load event + the map's ready flag or 2 frames)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "skipped (no playwright)"
    if not Path("/usr/bin/chromium").exists():
        return "skipped (no chromium)"
    import http.server
    import threading
    from functools import partial

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = partial(Quiet, directory=str(page.parent))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}/{page.name}"
    times = []
    try:
        with sync_playwright() as pw:
            b = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                   args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])  # fmt: skip
            for _ in range(repeat):
                ctx = b.new_context()
                pg = ctx.new_page()
                t0 = time.perf_counter()
                try:
                    pg.goto(url, wait_until="load", timeout=limit * 1000)
                    pg.wait_for_function(
                        "window.L !== undefined && (window.GeoMapApp === undefined || (window.geomap !== undefined && window.geomap.ready()))",
                        timeout=limit * 1000,
                    )
                    pg.evaluate(
                        "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
                    )
                    times.append(time.perf_counter() - t0)
                except Exception:
                    return f"not idle after {limit:.0f} s"
                finally:
                    ctx.close()
            b.close()
    finally:
        httpd.shutdown()
    return f"{statistics.median(times):.2f} s"


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--quick", action="store_true", help="smaller inputs (a smoke run)")
    ap.add_argument(
        "--no-browser", action="store_true", help="skip the headless Chromium measurements"
    )
    ap.add_argument("--no-baseline", action="store_true", help="skip the folium baseline")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument(
        "--text",
        metavar="DIR",
        help="real news files for the regex section (default ../shared/realnews/articles, "
        "else the devset)",
    )
    ap.add_argument(
        "--only",
        choices=["first-run", "help", "gazetteer", "extraction", "regex", "long", "merge", "map"],
        action="append",
        help="run only these sections (repeatable)",
    )
    args = ap.parse_args()
    quick = args.quick
    with tempfile.TemporaryDirectory(prefix="geomap-bench-") as d:
        tmp = Path(d)
        print("measuring (progress on stderr) ...", file=sys.stderr)
        only = set(
            args.only
            or ["first-run", "help", "gazetteer", "extraction", "regex", "long", "merge", "map"]
        )
        if "first-run" in only:
            bench_first_run(tmp, args.repeat)
        if "help" in only:
            bench_help(args.repeat)
        if "gazetteer" in only:
            bench_gazetteer(args.repeat)
        if "extraction" in only:
            bench_extraction(tmp, 400 if quick else 2000, args.repeat)
        if "regex" in only:
            real = (
                [Path(args.text)]
                if args.text
                else [ROOT.parent / "shared" / "realnews" / "articles"]
            )
            paths = [p for d in real if d.is_dir() for p in sorted(d.iterdir()) if p.is_file()]
            label = f"{len(paths)} real news files" if paths else "the devset"
            if not paths:
                paths = sorted((ROOT / "tests" / "data" / "devset").iterdir())
            texts = [p.read_text(encoding="utf-8", errors="replace") for p in paths]
            bench_regex(texts, label, max(args.repeat, 5))
        if "long" in only:
            sizes = [0.25, 0.5] if quick else [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]
            bench_long_text(tmp, sizes, args.repeat)
        if "merge" in only:
            bench_merge(args.repeat, [10_000, 100_000] if not quick else [2_000, 20_000])
        if "map" in only:
            for n in [2_000] if quick else [10_000, 100_000]:
                base = not args.no_baseline and n <= 10_000
                bench_map(tmp, n, args.repeat, not args.no_browser, base)
    cpu = platform.processor() or platform.machine()
    print(
        f"\ngeomap benchmarks, {date.today().isoformat()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}; medians of {args.repeat} runs\n"
    )
    print("| measure | geomap | target | baseline, measured in the same run |")
    print("|---|---|---|---|")
    for r in ROWS:
        print("| " + " | ".join(r) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
