"""The map in headless Chromium: counts, layer switches, time window, popups, hostile text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mapdata
import pytest

from geo.frame import incidents_to_frame
from geo.render import render_map, save_map

pytestmark = pytest.mark.browser

TITLE = "<script>window.__pwned = 7</script> campaign"


def publish(site: tuple[Path, str], name: str, incidents: list[Any], **kw: Any) -> str:
    root, base = site
    gdf = incidents_to_frame(incidents)
    save_map(render_map(gdf, **kw), root / name)
    return f"{base}/{name}"


@pytest.fixture(scope="module")
def incidents() -> list[Any]:
    return mapdata.campaign()


@pytest.fixture(scope="module")
def url(site: tuple[Path, str], incidents: list[Any]) -> str:
    return publish(site, "campaign.html", incidents, tallies=mapdata.tallies(), title=TITLE)


def by_type(incidents: list[Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for i in incidents:
        out[i.attack_type] = out.get(i.attack_type, 0) + 1
    return out


def layer_box(mp: Any, label: str) -> Any:
    return mp.page.locator(".leaflet-control-layers-overlays label", has_text=label).locator(
        "input"
    )


def reveal(mp: Any, event_id: str) -> None:
    ok = mp.eval(
        "id => new Promise(r => { setTimeout(() => r('timed out'), 8000);"
        " if (!geomap.reveal(id, ok => r(ok ? 'ok' : 'failed'))) r('not shown'); })",
        event_id,
    )
    assert ok == "ok", (event_id, ok)
    mp.page.wait_for_timeout(250)  # let the spiderfy animation end (200 ms), however slow
    mp.page.wait_for_function("!document.querySelector('.leaflet-cluster-anim') && geomap.ready()")


def assert_clean(mp: Any) -> None:
    assert mp.errors == []
    assert mp.eval("window.__pwned") is None
    assert all("tile.openstreetmap.org" in u for u in mp.external), mp.external


def test_every_incident_is_a_marker(map_page: Any, url: str, incidents: list[Any]) -> None:
    map_page.open(url)
    assert map_page.eval("geomap.total") == len(incidents)
    assert map_page.eval("geomap.counts()") == by_type(incidents)
    assert map_page.eval("geomap.clustered()") == len(incidents)
    assert map_page.page.locator(".gm-side h1").text_content() == TITLE
    assert map_page.page.locator(".gm-tallies li").count() == 2
    assert_clean(map_page)


def test_switching_a_layer_hides_exactly_its_markers(
    map_page: Any, url: str, incidents: list[Any]
) -> None:
    map_page.open(url)
    counts = by_type(incidents)
    layer_box(map_page, f"Drone ({counts['drone']})").uncheck()
    map_page.page.wait_for_function("geomap.ready() && geomap.counts().drone === 0")
    assert map_page.eval("geomap.counts()") == {**counts, "drone": 0}
    assert map_page.eval("geomap.clustered()") == len(incidents) - counts["drone"]
    layer_box(map_page, "Drone (").check()
    map_page.page.wait_for_function("geomap.ready() && geomap.counts().drone > 0")
    assert map_page.eval("geomap.clustered()") == len(incidents)
    assert_clean(map_page)


def test_time_window_filters_every_layer_with_the_switches(
    map_page: Any, url: str, incidents: list[Any]
) -> None:
    map_page.open(url)
    page = map_page.page
    last = max(i.event_date for i in incidents if i.event_date)
    undated = sum(1 for i in incidents if i.event_date is None)
    page.locator("input.gm-from").focus()
    page.keyboard.press("End")  # from = last day
    page.wait_for_function("geomap.ready() && geomap.window()[0] === geomap.window()[1]")
    assert map_page.eval("geomap.window()") == [last.isoformat()] * 2
    on_last = sum(1 for i in incidents if i.event_date == last)
    assert map_page.eval("geomap.shown()") == on_last + undated
    page.locator(".gm-undated input").uncheck()
    page.wait_for_function(f"geomap.ready() && geomap.shown() === {on_last}")
    assert map_page.eval("geomap.clustered()") == on_last
    # a layer switched off stays off when the window widens again
    layer_box(map_page, "Drone (").uncheck()
    page.locator("input.gm-from").focus()
    page.keyboard.press("Home")
    dated_not_drone = sum(1 for i in incidents if i.event_date and i.attack_type != "drone")
    page.wait_for_function(f"geomap.ready() && geomap.shown() === {dated_not_drone}")
    assert map_page.eval("geomap.counts().drone") == 0
    assert map_page.eval("geomap.clustered()") == dated_not_drone
    assert_clean(map_page)


def test_play_moves_the_window(map_page: Any, url: str) -> None:
    map_page.open(url)
    full = map_page.eval("geomap.window()")
    map_page.page.locator(".gm-play").click()
    map_page.page.wait_for_timeout(700)
    moving = map_page.eval("geomap.window()")
    map_page.page.locator(".gm-play").click()  # pause
    assert moving != full and moving[0] > full[0]
    assert map_page.eval("geomap.shown()") < map_page.eval("geomap.total")
    assert_clean(map_page)


def test_click_a_marker_shows_its_sources_and_evidence(map_page: Any, url: str) -> None:
    map_page.open(url)
    reveal(map_page, "2023-10-26-iq.erbil.air-base-indirect-fire")
    map_page.page.locator('.gm-marker[title*="Erbil Air Base"]').click()
    popup = map_page.page.locator(".gm-popup")
    popup.wait_for()
    text = popup.inner_text()
    assert "2 sources" in text
    assert "Two rockets struck near Erbil air base." in text
    assert "Mortar rounds fell near the base in Erbil." in text
    assert (
        "disputed, sources report: Rocket, Mortar" in text
        or "disputed, sources report: Mortar, Rocket" in text
    )
    assert "exact day" in text and "site or town" in text
    hrefs = popup.locator("a").evaluate_all("as => as.map(a => a.href)")
    assert hrefs == [
        "https://news.example/erbil-afp.txt",
        "https://news.example/erbil-ap.txt",
    ] or sorted(hrefs) == sorted(
        ["https://news.example/erbil-afp.txt", "https://news.example/erbil-ap.txt"]
    )
    assert_clean(map_page)


def test_same_place_markers_spiderfy_and_stay_reachable(
    map_page: Any, url: str, incidents: list[Any]
) -> None:
    map_page.open(url)
    at_asad = [i for i in incidents if i.place.place_id == "iq.anbar.al-asad"]
    reveal(map_page, at_asad[0].event_id)
    markers = map_page.page.locator('.gm-marker[title*="Al-Asad Airbase"]')
    assert markers.count() == len(at_asad) == 9
    seen = set()
    for k in (0, 4, 8):
        markers.nth(k).click()
        seen.add(map_page.page.locator(".gm-popup .gm-id").text_content())
        map_page.page.wait_for_function("geomap.ready()")  # the popup's auto-pan is over
        map_page.page.locator(".leaflet-popup-close-button").click()
        assert markers.count() == 9  # still spread out
    assert len(seen) == 3
    assert_clean(map_page)


def test_hostile_article_runs_nothing_and_links_nothing(map_page: Any, url: str) -> None:
    map_page.open(url)
    reveal(map_page, "2023-12-25-iq.baghdad.us-embassy-indirect-fire")
    map_page.page.locator('.gm-marker[title^="2023-12-25"]').click()
    popup = map_page.page.locator(".gm-popup")
    popup.wait_for()
    text = popup.text_content()
    assert mapdata.HOSTILE_OUTLET in text
    assert "window.__pwned = 4</script> {{ 7*7 }}" in text
    assert mapdata.HOSTILE_TARGET in text
    assert popup.locator("a, img, script, b").count() == 0
    tallies = map_page.page.locator(".gm-tallies")
    assert mapdata.HOSTILE_OUTLET in tallies.text_content()
    assert tallies.locator("img, script").count() == 0
    hrefs = map_page.eval(
        "[...document.querySelectorAll('a')].map(a => a.getAttribute('href') || '')"
    )
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript")]
    map_page.page.mouse.move(640, 400)
    map_page.page.wait_for_timeout(200)
    assert_clean(map_page)


def test_heat_layer_off_by_default_and_switchable(map_page: Any, url: str) -> None:
    map_page.open(url)
    assert map_page.page.locator("canvas.leaflet-heatmap-layer").count() == 0
    layer_box(map_page, "Heat map").check()
    map_page.page.locator("canvas.leaflet-heatmap-layer").wait_for()
    layer_box(map_page, "Tallies").uncheck()
    assert map_page.page.locator(".gm-tallies").is_hidden()
    assert_clean(map_page)


def test_deflated_blob_gives_the_same_map(
    map_page: Any, site: tuple[Path, str], incidents: list[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    import geo.map.blob

    monkeypatch.setattr(geo.map.blob, "COMPRESS_ABOVE", 0)
    target = publish(site, "deflated.html", incidents, tallies=mapdata.tallies(), title=TITLE)
    assert 'data-encoding="deflate-base64"' in (site[0] / "deflated.html").read_text()
    map_page.open(target)
    assert map_page.eval("geomap.counts()") == by_type(incidents)
    reveal(map_page, "2023-12-25-iq.baghdad.us-embassy-indirect-fire")
    map_page.page.locator('.gm-marker[title^="2023-12-25"]').click()
    assert mapdata.HOSTILE_OUTLET in map_page.page.locator(".gm-popup").text_content()
    assert_clean(map_page)


def test_empty_map_opens(map_page: Any, site: tuple[Path, str]) -> None:
    map_page.open(publish(site, "empty.html", []))
    assert map_page.eval("geomap.total") == 0
    assert_clean(map_page)


@pytest.mark.slow
@pytest.mark.parametrize("n", [10_000, 100_000])
def test_large_maps_open_with_every_incident(map_page: Any, site: tuple[Path, str], n: int) -> None:
    # How fast is measured by bench/run.py; here, that a big map works at all.
    incidents = mapdata.synthetic(n)
    target = publish(site, f"big-{n}.html", incidents)
    map_page.open(target, timeout=60_000)
    assert map_page.eval("geomap.clustered()") == n
    assert map_page.eval("geomap.counts()") == by_type(incidents)
    assert_clean(map_page)


def test_seed_articles_show_the_embassy_attack_once_with_both_sources(
    map_page: Any, site: tuple[Path, str]
) -> None:
    """The project's seed articles (../shared/seeds, published 2023-12-08), end to end."""
    from datetime import date

    from gazhelpers import SHARED

    from geo.gazetteer import load_gazetteer
    from geo.pipeline import run

    if not (SHARED / "seeds").is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    result = run([SHARED / "seeds"], gazetteer=load_gazetteer(), published=date(2023, 12, 8))
    embassy = [
        i
        for i in result.incidents
        if i.place.place_id == "iq.baghdad.us-embassy" and i.event_date == date(2023, 12, 8)
    ]
    assert len(embassy) == 1
    url = publish(site, "seeds.html", result.incidents, tallies=result.tallies, title="Seeds")
    map_page.open(url)
    assert map_page.eval("geomap.shown()") == len(result.incidents)
    reveal(map_page, embassy[0].event_id)
    map_page.page.locator('.gm-marker[title*="US Embassy Baghdad"]').first.click()
    popup = map_page.page.locator(".gm-popup")
    popup.wait_for()
    text = popup.inner_text()
    assert "2 sources" in text
    assert "Rocket" in text and "Mortar" in text and "disputed" in text
    assert (
        "000_79c048057567d213" in text
        or "Micaela" in text
        or text.count("published 2023-12-08") == 2
    )
    assert_clean(map_page)
