"""The map with no network at all: one file, its own geography, and a message when it fails."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import mapdata
import pytest
from conftest import VIEWPORTS, new_map_page

import geo
from geo.frame import incidents_to_frame
from geo.render import map_html, render_map, save_map

pytestmark = pytest.mark.browser

VENDOR = Path(geo.__file__).parent / "_map" / "vendor"

PAINTED = """() => {
  const c = document.querySelector('.leaflet-pane.leaflet-gmBase-pane canvas');
  if (!c) return -1;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let k = 3; k < d.length; k += 4 * 7) if (d[k] > 0) n++;
  return n;
}"""


def write(path: Path, **kw: Any) -> Path:
    m = render_map(incidents_to_frame(mapdata.campaign()), tallies=mapdata.tallies(), **kw)
    return save_map(m, path)


def test_the_page_works_with_no_network(offline_screen: Any, tmp_path: Path) -> None:
    page = write(tmp_path / "incidents.html", title="offline")
    mp = offline_screen
    mp.open(page.as_uri())
    n = len(mapdata.campaign())
    assert mp.eval("geomap.clustered()") == n
    # markers and clusters are painted, on painted geography
    assert mp.page.locator(".gm-marker, .gm-cluster").count() > 0
    assert mp.eval(PAINTED) > 1000
    assert mp.eval("geomap.offline()") is True
    assert mp.eval("geomap.towns()") > 50
    attribution = mp.page.locator(".leaflet-control-attribution").inner_text()
    assert "Natural Earth" in attribution and "tiles did not load" in attribution
    assert mp.script_errors() == []


def test_the_offline_base_stands_in_for_the_tiles(map_page: Any, site: tuple[Path, str]) -> None:
    root, base = site
    write(root / "with-tiles.html")
    map_page.open(f"{base}/with-tiles.html")
    map_page.page.wait_for_function("geomap.offline() === false")  # tiles load (test tiles)
    assert map_page.eval("geomap.towns()") == 0  # the tiles carry their own towns
    assert map_page.eval(PAINTED) > 1000  # the borders are there, under the tiles
    map_page.page.locator(".leaflet-control-layers-base label", has_text="Offline map").click()
    map_page.page.wait_for_function("geomap.offline() === true && geomap.towns() > 50")
    assert map_page.page.locator(".leaflet-tile-pane img").count() == 0
    assert map_page.errors == []


def test_a_page_made_with_assets_needs_nothing_beside_it(browser: Any, tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    shutil.copytree(VENDOR, assets)
    page = write(tmp_path / "out" / "m.html", assets=assets)
    shutil.rmtree(assets)
    context, mp = new_map_page(browser, VIEWPORTS["1366x768"], offline=True)
    try:
        mp.open(page.as_uri())
        assert mp.eval("geomap.clustered()") == len(mapdata.campaign())
        assert mp.script_errors() == []
    finally:
        context.close()


def fail_message(mp: Any, url: str) -> str:
    mp.page.goto(url)
    box = mp.page.locator("#geomap-fail")
    box.wait_for(state="visible", timeout=10_000)
    assert box.get_attribute("role") == "alert"
    return box.inner_text()


def test_a_cdn_page_opened_offline_says_why(browser: Any, tmp_path: Path) -> None:
    page = write(tmp_path / "cdn.html", cdn=True)
    context, mp = new_map_page(browser, VIEWPORTS["phone-390x844"], offline=True)
    try:
        text = fail_message(mp, page.as_uri())
        assert "could not load https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js" in text
        assert "without --cdn" in text
        box = mp.page.locator("#geomap-fail").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390  # readable on the phone
    finally:
        context.close()


def test_broken_data_says_why_instead_of_a_blank_page(map_page: Any, tmp_path: Path) -> None:
    html = map_html(render_map(incidents_to_frame(mapdata.campaign())))
    start = html.index('_data">') + len('_data">')
    broken = html[:start] + "{not json" + html[html.index("</script>", start) :]
    (tmp_path / "broken.html").write_text(broken, encoding="utf-8")
    text = fail_message(map_page, (tmp_path / "broken.html").as_uri())
    assert "the map's data could not be read" in text
