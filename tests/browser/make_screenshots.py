"""Make the README screenshots: docs/img/example-map.png and docs/img/popup.png (1280x800).

    python tests/browser/make_screenshots.py [--out docs/img]

The map comes from examples/articles when it holds articles, else from the incidents of
tests/browser/mapdata.py. Map tiles need the internet; without it the map's own offline
basemap (Natural Earth borders, the gazetteer's towns) shows in their place.
Uses the same Chromium as the browser tests (GEOMAP_CHROMIUM).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]  # mapdata uses tests/gazhelpers.py

import conftest  # noqa: E402
import mapdata  # noqa: E402

from geo.frame import incidents_to_frame  # noqa: E402
from geo.render import render_map, save_map  # noqa: E402


def build(site: Path) -> tuple[Path, Any]:
    articles = conftest.ROOT / "examples" / "articles"
    tallies = mapdata.tallies()[:1]
    incidents = [i for i in mapdata.campaign() if i.event_id != mapdata.hostile().event_id]
    title = "Attacks on US forces in Iraq, Syria and Jordan, Oct 2023 - Feb 2024 (test data)"
    if articles.is_dir() and any(p.is_file() for p in articles.rglob("*")):
        from geo.pipeline import run

        result = run([articles])
        incidents, tallies = list(result.incidents), list(result.tallies)
        title = "Attacks on US forces and US strikes: example articles"
    m = render_map(incidents_to_frame(incidents), tallies=tallies, title=title)
    # the popup shown: the incident told by the most sources
    best = max(incidents, key=lambda i: (i.source_count, len(i.attack_types_reported)))
    return save_map(m, site / "map.html"), best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=conftest.ROOT / "docs" / "img")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    site = Path(tempfile.mkdtemp(prefix="geomap-shots-"))
    page_path, target = build(site)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(conftest._Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(conftest.CHROMIUM), headless=True, args=conftest.ARGS
        )
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        mp = conftest.MapPage(page)
        mp.open(f"http://127.0.0.1:{server.server_address[1]}/{page_path.name}")
        page.wait_for_timeout(500)
        page.screenshot(path=str(args.out / "example-map.png"))
        shown = mp.eval("id => new Promise(r => geomap.reveal(id, r) || r(false))", target.event_id)
        assert shown, target.event_id
        page.wait_for_function("geomap.ready()")
        page.wait_for_timeout(400)
        page.locator(
            f'.gm-marker[title^="{target.event_date}"][title$="{target.place.name}"]'
        ).first.click()
        page.locator(".gm-popup").wait_for()
        page.wait_for_timeout(400)
        page.screenshot(path=str(args.out / "popup.png"))
        assert not mp.errors, mp.errors
        browser.close()
    server.shutdown()
    shutil.rmtree(site, ignore_errors=True)
    print(f"wrote {args.out / 'example-map.png'} and {args.out / 'popup.png'}")


if __name__ == "__main__":
    main()
