"""The layout at 1280x800, 1366x768, 1920x1080 and a 390x844 phone: what covers what."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mapdata
import pytest

from geo.frame import incidents_to_frame
from geo.render import render_map, save_map

pytestmark = pytest.mark.browser

#: Every panel on the page: ours and Leaflet's controls (layers, zoom, scale, attribution).
PANELS = """() => [...document.querySelectorAll('.gm-panel, .leaflet-control')]
  .map(e => { const r = e.getBoundingClientRect();
    return {name: e.className.split(' ').slice(0, 3).join(' '), l: r.left, t: r.top, r: r.right, b: r.bottom}; })
  .filter(r => r.r - r.l > 0 && r.b - r.t > 0)"""

MAP = "window[document.querySelector('.folium-map').id]"


def overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return a["l"] < b["r"] and b["l"] < a["r"] and a["t"] < b["b"] and b["t"] < a["b"]


def assert_no_overlap(mp: Any, when: str) -> list[dict[str, Any]]:
    w, h = mp.viewport
    rects = mp.eval(PANELS)
    assert len(rects) >= 5, rects  # side, time bar, layers, zoom, scale, attribution
    for k, a in enumerate(rects):
        assert a["l"] >= 0 and a["t"] >= 0 and a["r"] <= w and a["b"] <= h, (when, a)
        for b in rects[k + 1 :]:
            assert not overlap(a, b), (when, a, b)
    return rects


@pytest.fixture(scope="module")
def url(site: tuple[Path, str]) -> str:
    root, base = site
    # ten types' worth of layers, the tallies and a long title: the tallest panels
    incidents = mapdata.campaign() + mapdata.every_type()
    m = render_map(
        incidents_to_frame(incidents),
        tallies=mapdata.tallies(),
        title="Attacks on US forces in Iraq, Syria and Jordan, October 2023 to February 2024",
    )
    save_map(m, root / "layout.html")
    return f"{base}/layout.html"


def test_no_panel_covers_another_whatever_is_open(screen: Any, url: str) -> None:
    screen.open(url)
    assert_no_overlap(screen, "on opening")
    # open every panel and every section, one at a time, and check after each
    for k in range(screen.page.locator(".gm-toggle").count()):
        toggle = screen.page.locator(".gm-toggle").nth(k)
        if toggle.get_attribute("aria-expanded") == "false":
            toggle.click()
            screen.page.wait_for_function("geomap.ready()")
            assert_no_overlap(screen, f"after opening {toggle.inner_text()}")
    for k in range(screen.page.locator(".gm-side details").count()):
        det = screen.page.locator(".gm-side details").nth(k)
        if det.is_visible() and det.get_attribute("open") is None:
            det.locator("summary").click()
            assert_no_overlap(screen, f"after opening section {k}")
    assert screen.errors == []


def test_panels_start_collapsed_on_a_phone_and_open_on_a_desktop(screen: Any, url: str) -> None:
    screen.open(url)
    w, h = screen.viewport
    expanded = screen.eval(
        "[...document.querySelectorAll('.gm-toggle')].map(b => b.getAttribute('aria-expanded'))"
    )
    covered = sum((r["r"] - r["l"]) * (r["b"] - r["t"]) for r in screen.eval(PANELS))
    if w < 600:
        assert set(expanded) == {"false"}, expanded
        assert covered < 0.25 * w * h, covered / (w * h)
        # the time bar fits the width: both ends of the window and both dates on screen
        for sel in (".gm-time", ".gm-range", ".gm-window", ".gm-play"):
            box = screen.page.locator(sel).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= w, sel
    else:
        assert set(expanded) == {"true"}, expanded
    # open on a phone, a panel is still inside the screen and the others make room
    screen.page.locator(".gm-side-toggle").click()
    screen.page.wait_for_function("geomap.ready()")
    assert_no_overlap(screen, "side panel open")
    assert screen.page.locator(".gm-side .gm-rows li").count() > 0


def test_every_incident_is_in_view_on_opening(screen: Any, url: str) -> None:
    screen.open(url)
    w, h = screen.viewport
    rects = screen.eval(PANELS)
    points = screen.eval(
        f"pts => pts.map(p => {{ const c = {MAP}.latLngToContainerPoint(p); return [c.x, c.y]; }})",
        [
            [i.place.lat, i.place.lon]
            for i in mapdata.campaign() + mapdata.every_type()
            if i.event_date is not None
        ],
    )
    for x, y in points:
        assert 0 <= x <= w and 0 <= y <= h, (x, y)
        for r in rects:
            assert not (r["l"] <= x <= r["r"] and r["t"] <= y <= r["b"]), (x, y, r)


def open_popup_at_corner(mp: Any, event_id: str, corner: str) -> None:
    """Reveal an incident, put it at a corner of the map's free part, click it."""
    ok = mp.eval(
        "id => new Promise(r => { setTimeout(() => r(false), 8000);"
        " if (!geomap.reveal(id, r)) r(false); })",
        event_id,
    )
    assert ok, event_id
    mp.page.wait_for_timeout(400)
    mp.page.wait_for_function("geomap.ready()")
    marker = mp.page.locator(f'.gm-marker[title^="{event_id[:10]}"]').first
    box = marker.bounding_box()
    f = mp.eval("geomap.freeRect()")
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    tx = {"left": f["l"] + 12, "right": f["r"] - 12}[corner.split("-")[1]]
    ty = {"top": f["t"] + 12, "bottom": f["b"] - 12}[corner.split("-")[0]]
    mp.eval(f"([dx, dy]) => {MAP}.panBy([dx, dy], {{animate: false}})", [x - tx, y - ty])
    mp.page.wait_for_function("geomap.ready()")
    marker.click()
    mp.page.locator(".gm-popup").wait_for()
    mp.page.wait_for_timeout(350)
    mp.page.wait_for_function("geomap.ready()")


@pytest.mark.parametrize("corner", ["top-left", "bottom-right"])
def test_a_popup_never_opens_under_a_panel(screen: Any, url: str, corner: str) -> None:
    screen.open(url)
    w, h = screen.viewport
    for event_id in (
        "2023-10-26-iq.erbil.air-base-indirect-fire",
        mapdata.hostile().event_id,
    ):
        open_popup_at_corner(screen, event_id, corner)
        popup = screen.page.locator(".leaflet-popup-content-wrapper").bounding_box()
        p = {
            "l": popup["x"],
            "t": popup["y"],
            "r": popup["x"] + popup["width"],
            "b": popup["y"] + popup["height"],
        }
        assert p["l"] >= 0 and p["t"] >= 0 and p["r"] <= w and p["b"] <= h, (event_id, p)
        for r in screen.eval(PANELS):
            assert not overlap(p, r), (event_id, corner, p, r)
        if w < 600:
            assert popup["width"] <= w - 20
        # the close button is what a click at its place reaches
        close = screen.page.locator(".leaflet-popup-close-button").bounding_box()
        hit = screen.eval(
            "([x, y]) => document.elementFromPoint(x, y).closest('.leaflet-popup-close-button') !== null",
            [close["x"] + close["width"] / 2, close["y"] + close["height"] / 2],
        )
        assert hit, (event_id, close)
        screen.page.locator(".leaflet-popup-close-button").click()
        screen.page.locator(".gm-popup").wait_for(state="detached")
    assert screen.errors == []


def test_the_layout_follows_a_resized_window(map_page: Any, url: str) -> None:
    map_page.open(url)
    map_page.page.set_viewport_size({"width": 390, "height": 844})
    map_page.page.wait_for_timeout(400)
    assert_no_overlap(map_page, "desktop page narrowed to a phone")
    map_page.page.set_viewport_size({"width": 1920, "height": 1080})
    map_page.page.wait_for_timeout(400)
    assert_no_overlap(map_page, "widened again")
