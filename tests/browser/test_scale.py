"""A big map in the browser: a loading sign first, and the clusters right after many changes.

How fast is measured by bench/map_browser.py; here, what a user sees and that it is true.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

import mapdata
import pytest
from conftest import VIEWPORTS, MapPage, new_map_page

from geo.models import ATTACK_TYPES
from geo.render import TYPE_STYLE, render_map, save_map

pytestmark = pytest.mark.browser

N = 20_000

#: Before the page's scripts: when the loading sign comes and goes, what it says, and when the
#: first marker or cluster is on the page.
TIMELINE = """
window.__seen = {sign: null, gone: null, first: null, texts: []};
new MutationObserver(() => {
  const s = window.__seen, sign = document.querySelector('.gm-loading'), now = performance.now();
  if (sign) {
    if (s.sign === null) s.sign = now;
    if (!s.texts.includes(sign.textContent)) s.texts.push(sign.textContent);
  } else if (s.sign !== null && s.gone === null) s.gone = now;
  if (s.first === null && document.querySelector(
      '.leaflet-marker-pane .gm-marker, .leaflet-marker-pane .gm-cluster-wrap')) s.first = now;
}).observe(document, {childList: true, subtree: true, characterData: true});
"""

#: Every cluster on the map: the count and types its icon tells, and those of the incidents
#: it really holds (asked of markercluster, marker by marker).
CLUSTERS = """() => [...document.querySelectorAll('.gm-cluster')].map(ring => {
  const ms = ring._gmCluster.getAllChildMarkers();
  const real = {};
  for (const m of ms) real[m._gmType] = (real[m._gmType] || 0) + 1;
  return {number: +ring.textContent, label: ring.parentNode.getAttribute('aria-label'),
          real: real, size: ms.length};
})"""


@pytest.fixture(scope="module")
def incidents() -> list[Any]:
    return mapdata.synthetic(N)


@pytest.fixture(scope="module")
def url(site: tuple[Path, str], incidents: list[Any]) -> str:
    root, base = site
    save_map(render_map(incidents), root / "big.html")
    return f"{base}/big.html"


def test_a_loading_sign_until_the_first_markers_are_painted(browser: Any, url: str) -> None:
    context, mp = new_map_page(browser, VIEWPORTS["1280x800"])
    try:
        context.add_init_script(TIMELINE)
        mp.open(url, timeout=60_000)
        seen = mp.eval("window.__seen")
        assert seen["sign"] is not None, seen  # there was a sign...
        assert seen["first"] is not None and seen["sign"] < seen["first"], seen  # ...first
        assert seen["gone"] is not None and seen["gone"] >= seen["first"], seen
        assert f"Drawing {N} incidents\u2026" in seen["texts"], seen
        assert mp.page.locator(".gm-loading").count() == 0
        assert mp.script_errors() == []
    finally:
        context.close()


def check_clusters(mp: MapPage) -> None:
    clusters = mp.eval(CLUSTERS)
    assert clusters
    for c in clusters:
        assert c["number"] == c["size"], c
        told = ", ".join(
            f"{c['real'][str(k)]} {TYPE_STYLE[t][1]}"
            for k, t in enumerate(ATTACK_TYPES)
            if str(k) in c["real"]
        )
        assert c["label"].startswith(f"{c['size']} incidents at "), c
        assert f": {told}. Press Enter" in c["label"], (c, told)


def test_after_many_changes_the_clusters_tell_what_they_hold(
    map_page: MapPage, url: str, incidents: list[Any]
) -> None:
    mp = map_page
    page = mp.page
    mp.open(url, timeout=60_000)
    assert mp.eval("geomap.clustered()") == N
    check_clusters(mp)
    first = mapdata.START
    days = Counter((i.event_date - first).days for i in incidents)
    kinds = Counter(i.attack_type for i in incidents)

    def window_is(a: int, z: int, off: str | None = None) -> None:
        page.wait_for_function("geomap.ready()", timeout=60_000)
        assert mp.eval("geomap.window()") == [
            (first + timedelta(days=a)).isoformat(),
            (first + timedelta(days=z)).isoformat(),
        ]
        want = sum(
            1 for i in incidents if a <= (i.event_date - first).days <= z and i.attack_type != off
        )
        assert mp.eval("geomap.shown()") == want
        assert mp.eval("geomap.clustered()") == want
        check_clusters(mp)

    last = max(days)
    # the window's ends moved by keys: days leave and enter the window, a few at a time
    page.locator("input.gm-to").focus()
    for _ in range(40):
        page.keyboard.press("ArrowLeft")
    window_is(0, last - 40)
    page.locator("input.gm-from").focus()
    for _ in range(25):
        page.keyboard.press("ArrowRight")
    window_is(25, last - 40)
    # a layer off, the window moved, the layer on again
    page.locator(".leaflet-control-layers-overlays label", has_text="Drone (").locator(
        "input"
    ).uncheck()
    window_is(25, last - 40, "drone")
    page.locator("input.gm-from").focus()
    for _ in range(10):
        page.keyboard.press("ArrowLeft")
    window_is(15, last - 40, "drone")
    page.locator(".leaflet-control-layers-overlays label", has_text="Drone (").locator(
        "input"
    ).check()
    window_is(15, last - 40)
    # the whole window again: every incident
    page.locator(".gm-all").click()
    window_is(0, last)
    assert mp.eval("geomap.counts()") == dict(kinds)
    assert mp.errors == []
