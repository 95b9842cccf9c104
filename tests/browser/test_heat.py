"""The heat layer at scale: a picture of where incidents are dense, never one solid block."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mapdata
import pytest
from conftest import MapPage

from geo.render import render_map, save_map

pytestmark = pytest.mark.browser

#: What the heat canvas holds: the share of the map it paints, the share of what it paints in
#: the gradient's top colour (red), and how many colours it uses (channels in steps of 32).
HEAT = """() => {
  const c = document.querySelector('canvas.leaflet-heatmap-layer');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let painted = 0, red = 0;
  const colours = new Set();
  for (let k = 0; k < d.length; k += 4) {
    if (d[k + 3] === 0) continue;
    painted++;
    if (d[k] > 200 && d[k + 1] < 90 && d[k + 2] < 90) red++;
    colours.add((d[k] >> 5) * 64 + (d[k + 1] >> 5) * 8 + (d[k + 2] >> 5));
  }
  return {painted: painted / (c.width * c.height), red: red / Math.max(1, painted),
          colours: colours.size};
}"""


def heat(mp: MapPage) -> dict[str, Any]:
    mp.page.locator(".leaflet-control-layers-overlays label", has_text="Heat map").locator(
        "input"
    ).check()
    mp.page.locator("canvas.leaflet-heatmap-layer").wait_for()
    mp.page.wait_for_function("geomap.ready() && geomap.heat() > 0")
    return dict(mp.eval(HEAT))


def test_heat_at_20k_shows_where_it_is_dense(map_page: MapPage, site: tuple[Path, str]) -> None:
    root, base = site
    incidents = mapdata.synthetic(20_000)  # a third at 8 places, the rest spread evenly
    save_map(render_map(incidents), root / "heat20k.html")
    map_page.open(f"{base}/heat20k.html", timeout=60_000)
    assert map_page.page.locator(".gm-heat-key").is_hidden()
    full = heat(map_page)
    assert "red (the densest spot in view)" in map_page.page.locator(".gm-heat-key").inner_text()
    assert full["painted"] > 0.05, full  # it draws the incidents...
    assert full["red"] < 0.1, full  # ...and only the densest spots in the top colour
    assert full["colours"] > 20, full
    # a narrow date window is scaled to itself: still a picture, not a faint wash
    map_page.page.locator("input.gm-to").focus()
    for _ in range(100):
        map_page.page.keyboard.press("ArrowLeft")
    map_page.page.wait_for_function("geomap.ready()")
    narrow = dict(map_page.eval(HEAT))
    assert map_page.eval("geomap.shown()") < 20_000
    assert narrow["red"] > 0 and narrow["red"] < 0.1, narrow
    assert narrow["colours"] > 20, narrow
    assert map_page.errors == []
