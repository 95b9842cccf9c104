"""What a marker looks like: precision, named sites and the dark outline, read from the pixels."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import mapdata
import pytest
from conftest import MapPage

from geo.models import ATTACK_TYPES
from geo.render import BASEMAP_LAND, TYPE_STYLE, render_map, save_map

pytestmark = pytest.mark.browser

#: Decodes a PNG in the page and returns, over its pixels: how many are dark (the outline),
#: how many are near the type's colour, and the mean colour of the middle 3x3 pixels.
STATS = """async ({png, colour}) => {
  const img = new Image();
  img.src = 'data:image/png;base64,' + png;
  await img.decode();
  const c = document.createElement('canvas');
  c.width = img.width; c.height = img.height;
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  const want = [1, 3, 5].map(k => parseInt(colour.slice(k, k + 2), 16));
  let dark = 0, typed = 0;
  for (let k = 0; k < d.length; k += 4) {
    if (Math.max(d[k], d[k + 1], d[k + 2]) < 80) dark++;
    if (Math.hypot(d[k] - want[0], d[k + 1] - want[1], d[k + 2] - want[2]) < 40) typed++;
  }
  const mid = [0, 0, 0];
  const cx = Math.floor(c.width / 2), cy = Math.floor(c.height / 2);
  for (let y = cy - 1; y <= cy + 1; y++) for (let x = cx - 1; x <= cx + 1; x++)
    for (let k = 0; k < 3; k++) mid[k] += d[(y * c.width + x) * 4 + k] / 9;
  return {dark, typed, mid};
}"""


def rgb(hex_colour: str) -> tuple[int, ...]:
    return tuple(int(hex_colour[k : k + 2], 16) for k in (1, 3, 5))


def distance(a: Any, b: Any) -> float:
    return float(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)) ** 0.5)


@pytest.fixture
def sharp(browser: Any) -> Iterator[MapPage]:
    """A 1280x800 page at twice the pixel density, so a marker has pixels to count."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, device_scale_factor=2)
    try:
        yield MapPage(context.new_page())
    finally:
        context.close()


def publish(site: tuple[Path, str], name: str, incidents: list[Any]) -> str:
    root, base = site
    save_map(render_map(incidents), root / name)
    return f"{base}/{name}"


def look(mp: MapPage, event_id: str, day: str, colour: str) -> dict[str, Any]:
    """Zoom to one incident and return the pixel statistics of its marker, as painted."""
    ok = mp.eval(
        "id => new Promise(r => { setTimeout(() => r('timed out'), 40000);"
        " if (!geomap.reveal(id, ok => r(ok ? 'ok' : 'failed'))) r('not shown'); })",
        event_id,
    )
    assert ok == "ok", (event_id, ok)
    mp.page.wait_for_function("geomap.ready()")
    marker = mp.page.locator(f'.gm-marker[title^="{day}"]')
    assert marker.count() == 1, (day, marker.count())
    box = marker.bounding_box()
    pad = 3  # the outline reaches a little past the icon's box
    clip = {
        "x": box["x"] - pad,
        "y": box["y"] - pad,
        "width": box["width"] + 2 * pad,
        "height": box["height"] + 2 * pad,
    }
    png = base64.b64encode(mp.page.screenshot(clip=clip)).decode("ascii")
    return {
        **mp.eval(STATS, {"png": png, "colour": colour}),
        "title": marker.get_attribute("title"),
    }


def test_precision_and_sites_look_different(sharp: MapPage, site: tuple[Path, str]) -> None:
    incidents = mapdata.precisions("unknown")  # a circle: its middle is inside the shape
    sharp.open(publish(site, "looks.html", incidents))
    colour = TYPE_STYLE["unknown"][0]
    seen = {
        i.event_id.removeprefix("look-"): look(sharp, i.event_id, i.event_date.isoformat(), colour)
        for i in incidents
    }
    land = rgb(BASEMAP_LAND)
    # Where: the vaguer the place, the emptier the marker; a country-only point is hollow
    fill = [distance(seen[f"gp-{g}"]["mid"], land) for g in (1, 2, 3, 4)]
    assert fill[0] > fill[1] > fill[2] > fill[3], fill
    assert fill[3] < 12, fill  # the offline basemap's land shows through
    assert fill[0] > 3 * fill[2], fill
    # the dark outline is kept at every precision
    for g in (1, 2, 3, 4):
        assert seen[f"gp-{g}"]["dark"] > 40, (g, seen[f"gp-{g}"])
        assert seen[f"gp-{g}"]["typed"] > 20, (g, seen[f"gp-{g}"])
    # When: solid outline for a day, dashed for a week, dotted for a month
    dark = [seen[f"tp-{k}"]["dark"] for k in (1, 2, 3)]
    assert dark[0] > dark[1] > dark[2] > 20, dark
    assert dark[0] > 1.25 * dark[1] and dark[1] > 1.25 * dark[2], dark
    assert "(week known)" in seen["tp-2"]["title"]
    assert "(month known)" in seen["tp-3"]["title"]
    # What: a named site has a white dot in its middle, a town has its colour there
    assert min(seen["site"]["mid"]) > 200, seen["site"]
    assert distance(seen["town"]["mid"], rgb(colour)) < 40, seen["town"]
    assert seen["site"]["title"].endswith("(site)")
    assert sharp.errors == []


def test_the_legend_explains_the_looks(map_page: MapPage, site: tuple[Path, str]) -> None:
    map_page.open(publish(site, "legend.html", mapdata.precisions()))
    legend = map_page.page.locator(".gm-legend")
    text = legend.inner_text()
    for words in (
        "filled: site or town",
        "half filled: near a town",
        "faint: region",
        "hollow: country only",
        "dot: a named site",
        "no dot: a town",
        "solid: exact day",
        "dashed: week known",
        "dotted: month known",
        "tick: officially confirmed or reviewed by an analyst",
        "no tick: claimed only, one outlet or corroborated",
    ):
        assert words in text, words
    # each entry is drawn as the map draws it
    pictures = legend.locator(".gm-prec svg").evaluate_all("ss => ss.map(s => s.outerHTML)")
    assert len(pictures) == 11
    # "filled", "no dot", "no tick" and "solid" are one marker
    assert len(set(pictures)) == 8
    assert map_page.errors == []


def test_every_type_keeps_its_outline_and_colour(sharp: MapPage, site: tuple[Path, str]) -> None:
    """The faintest look (hollow, dotted) of each type still shows dark and coloured pixels."""
    incidents = []
    for k, t in enumerate(ATTACK_TYPES):
        base = mapdata.precisions(t)[6]  # tp-3: a dotted outline
        place = replace(
            base.place, place_id=f"look.{t}", lat=30.0 + k % 5, lon=38.0 + k // 5, precision=4
        )
        day = mapdata.START.replace(day=1 + k)
        incidents.append(replace(base, event_id=f"faint-{t}", place=place, event_date=day))
    sharp.open(publish(site, "faint.html", incidents))
    for i in incidents:
        colour = TYPE_STYLE[i.attack_type][0]
        stats = look(sharp, i.event_id, i.event_date.isoformat(), colour)
        assert stats["dark"] > 15, (i.attack_type, stats)
        assert stats["typed"] > 20, (i.attack_type, stats)
    assert sharp.errors == []
