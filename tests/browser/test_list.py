"""The list beside the map, its search and filters, and permalinks that restore the map."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mapdata
import pytest
from conftest import VIEWPORTS, new_map_page

from geo.frame import incidents_to_frame
from geo.render import render_map, save_map

pytestmark = pytest.mark.browser

INCIDENTS = mapdata.campaign()
NEWEST_FIRST = sorted(
    INCIDENTS, key=lambda i: (i.event_date is not None, i.event_date or 0), reverse=True
)


@pytest.fixture(scope="module")
def url(site: tuple[Path, str]) -> str:
    root, base = site
    save_map(render_map(incidents_to_frame(INCIDENTS), tallies=mapdata.tallies()), root / "l.html")
    return f"{base}/l.html"


def open_side(mp: Any) -> None:
    toggle = mp.page.locator(".gm-side-toggle")
    if toggle.get_attribute("aria-expanded") == "false":
        toggle.click()


def rows(mp: Any) -> list[str]:
    return mp.page.locator(".gm-row").all_inner_texts()


def test_the_list_shows_the_window_newest_first_and_opens_a_row(screen: Any, url: str) -> None:
    screen.open(url)
    open_side(screen)
    shown = rows(screen)
    assert len(shown) == len(INCIDENTS)
    assert screen.page.locator(".gm-list summary").text_content() == f"Incidents ({len(INCIDENTS)})"
    dates = [r.split()[0] for r in shown]
    dated = [d for d in dates if d != "undated"]
    assert dated == sorted(dated, reverse=True) and dates[-1] == "undated"
    erbil = next(r for r in shown if "Erbil Air Base" in r)
    assert erbil.startswith("2023-10-26") and "Rocket" in erbil and "2 sources" in erbil
    # a narrower window: the list follows
    screen.page.locator("input.gm-from").focus()
    screen.page.keyboard.press("End")
    screen.page.wait_for_function("geomap.ready()")
    last = NEWEST_FIRST[0].event_date.isoformat()
    assert all(r.startswith((last, "undated")) for r in rows(screen))
    screen.page.locator(".gm-all").click()
    # a click flies to the incident, opens it, and marks its row
    open_side(screen)
    screen.page.locator(".gm-row", has_text="Tower 22").click()
    popup = screen.page.locator(".gm-popup")
    popup.wait_for()
    assert "A drone attack killed three US soldiers" in popup.inner_text()
    screen.page.wait_for_function("geomap.ready()")
    assert screen.eval("geomap.selected()") == "2024-01-28-jo.tower-22-drone"
    open_side(screen)
    selected = screen.page.locator(".gm-row.gm-selected")
    assert selected.count() == 1 and "Tower 22" in selected.inner_text()
    assert selected.get_attribute("aria-current") == "true"
    assert screen.errors == []


def test_search_and_filters_narrow_the_map_and_the_list(screen: Any, url: str) -> None:
    screen.open(url)
    open_side(screen)
    page = screen.page
    page.locator(".gm-search").fill("erbil")  # a place, any case
    page.wait_for_function("geomap.ready() && geomap.shown() === 1")
    assert rows(screen) == [r for r in rows(screen) if "Erbil" in r] and len(rows(screen)) == 1
    page.locator(".gm-search").fill("islamic resistance")  # an actor
    by_actor = sum(1 for i in INCIDENTS if i.actor1 == "Islamic Resistance in Iraq")
    page.wait_for_function(f"geomap.ready() && geomap.shown() === {by_actor}")
    page.locator(".gm-claim").select_option("claimed")
    claimed = sum(
        1 for i in INCIDENTS if i.actor1 == "Islamic Resistance in Iraq" and i.claimed is True
    )
    page.wait_for_function(f"geomap.ready() && geomap.shown() === {claimed}")
    assert len(rows(screen)) == claimed
    page.locator(".gm-search").fill("")
    page.locator(".gm-claim").select_option("")
    page.locator(".gm-cas input").check()
    hurt = sum(1 for i in INCIDENTS if (i.fatalities or 0) > 0 or (i.injuries or 0) > 0)
    page.wait_for_function(f"geomap.ready() && geomap.shown() === {hurt}")
    assert screen.eval("geomap.clustered()") == hurt
    page.locator(".gm-search").fill("no such place anywhere")
    page.wait_for_function("geomap.ready() && geomap.shown() === 0")
    assert "No incident" in page.locator(".gm-list-note").inner_text()
    assert screen.errors == []


STATE = """() => ({window: geomap.window(), counts: geomap.counts(), selected: geomap.selected(),
  search: document.querySelector('.gm-search').value, claim: document.querySelector('.gm-claim').value,
  undated: document.querySelector('.gm-undated input').checked,
  offline: document.querySelector('.leaflet-control-layers-base input:checked').parentElement.innerText.trim(),
  zoom: window[document.querySelector('.folium-map').id].getZoom(),
  center: (c => [c.lat.toFixed(3), c.lng.toFixed(3)])(window[document.querySelector('.folium-map').id].getCenter())})"""


@pytest.mark.parametrize("size", ["1280x800", "phone-390x844"])
def test_a_permalink_restores_the_map(browser: Any, url: str, size: str) -> None:
    context, mp = new_map_page(browser, VIEWPORTS[size])
    try:
        mp.open(url)
        page = mp.page
        page.locator("input.gm-from").focus()
        for _ in range(20):
            page.keyboard.press("ArrowRight")
        page.locator(".gm-undated input").uncheck()
        if page.locator(".gm-layers-toggle").get_attribute("aria-expanded") == "false":
            page.locator(".gm-layers-toggle").click()
        page.locator(".leaflet-control-layers-overlays label", has_text="Drone (").locator(
            "input"
        ).uncheck()
        page.locator(".leaflet-control-layers-base label", has_text="Offline map").locator(
            "input"
        ).check()
        open_side(mp)
        page.locator(".gm-search").fill("anbar")
        page.locator(".gm-claim").select_option("claimed")
        page.wait_for_function("geomap.ready()")
        open_side(mp)
        page.locator(".gm-row").first.click()
        page.locator(".gm-popup").wait_for()
        page.wait_for_timeout(500)  # the URL follows within a moment
        page.wait_for_function("geomap.ready()")
        before = mp.eval(STATE)
        link = page.url
        assert "#" in link and "off=drone" in link and "base=offline" in link
        assert before["selected"] and before["counts"]["drone"] == 0
        assert before["window"][0] > "2023-10-17"
    finally:
        context.close()
    # the link, opened elsewhere: the same map
    context, again = new_map_page(browser, VIEWPORTS[size])
    try:
        again.open(link)
        again.page.locator(".gm-popup").wait_for()
        again.page.wait_for_function("geomap.ready()")
        assert again.eval(STATE) == before
        assert again.errors == []
    finally:
        context.close()
