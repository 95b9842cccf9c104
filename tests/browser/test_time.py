"""The date window at the four viewports: no trap, a reset, the track, play, undated apart."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import mapdata
import pytest

from geo.frame import incidents_to_frame
from geo.render import render_map, save_map

pytestmark = pytest.mark.browser

INCIDENTS = mapdata.campaign()
DATED = sorted(i.event_date for i in INCIDENTS if i.event_date)
FIRST, LAST = DATED[0].isoformat(), DATED[-1].isoformat()
UNDATED = sum(1 for i in INCIDENTS if i.event_date is None)


@pytest.fixture(scope="module")
def url(site: tuple[Path, str]) -> str:
    root, base = site
    save_map(render_map(incidents_to_frame(INCIDENTS)), root / "time.html")
    return f"{base}/time.html"


def window(mp: Any) -> list[str]:
    mp.page.wait_for_function("geomap.ready()")
    return mp.eval("geomap.window()")


def valuetext(mp: Any) -> list[str]:
    return [
        mp.page.locator(f"input.{c}").get_attribute("aria-valuetext") for c in ("gm-from", "gm-to")
    ]


def track_x(mp: Any, frac: float) -> tuple[float, float]:
    """The page position of a fraction of the track, where a thumb at that value sits."""
    box = mp.page.locator("input.gm-from").bounding_box()
    thumb = 18
    return box["x"] + thumb / 2 + frac * (box["width"] - thumb), box["y"] + box["height"] / 2


def drag(mp: Any, a: float, z: float) -> None:
    x0, y = track_x(mp, a)
    x1, _ = track_x(mp, z)
    mp.page.mouse.move(x0, y)
    mp.page.mouse.down()
    mp.page.mouse.move((x0 + x1) / 2, y, steps=4)
    mp.page.mouse.move(x1, y, steps=4)
    mp.page.mouse.up()


def test_the_window_cannot_get_stuck(screen: Any, url: str) -> None:
    screen.open(url)
    assert window(screen) == [FIRST, LAST] == valuetext(screen)
    # drag "from" all the way right: one day, the last
    drag(screen, 0.0, 1.0)
    assert window(screen) == [LAST, LAST] == valuetext(screen)
    # both thumbs on the last day: dragging left takes the one that can go left
    drag(screen, 1.0, 0.5)
    mid = window(screen)
    assert FIRST < mid[0] < LAST and mid[1] == LAST, mid
    # the keyboard: "to" going below "from" pushes it along, never blocked
    screen.page.locator("input.gm-from").focus()
    screen.page.keyboard.press("End")
    assert window(screen) == [LAST, LAST]
    screen.page.locator("input.gm-to").focus()
    screen.page.keyboard.press("ArrowLeft")
    one_less = window(screen)
    assert one_less[0] == one_less[1] < LAST
    screen.page.keyboard.press("Home")
    assert window(screen) == [FIRST, FIRST] == valuetext(screen)
    # back to everything in one click
    screen.page.locator(".gm-all").click()
    assert window(screen) == [FIRST, LAST]
    assert screen.eval("geomap.shown()") == len(INCIDENTS)
    assert screen.page.locator(".gm-all").is_disabled()
    # a click on the track brings the nearer thumb there
    x, y = track_x(screen, 0.25)
    screen.page.mouse.click(x, y)
    quarter = window(screen)
    assert FIRST < quarter[0] < LAST and quarter[1] == LAST, quarter
    x, y = track_x(screen, 0.9)
    screen.page.mouse.click(x, y)
    assert window(screen)[0] == quarter[0] and window(screen)[1] < LAST
    assert screen.errors == []


def test_sliders_announce_dates(screen: Any, url: str) -> None:
    screen.open(url)
    for cls, label in (("gm-from", "From date"), ("gm-to", "To date")):
        inp = screen.page.locator(f"input.{cls}")
        assert inp.get_attribute("aria-label") == label
        date.fromisoformat(inp.get_attribute("aria-valuetext"))
    screen.page.locator("input.gm-from").focus()
    screen.page.keyboard.press("ArrowRight")
    screen.page.wait_for_function("geomap.ready()")
    assert valuetext(screen)[0] == "2023-10-18"


def test_step_play_loop_and_reset(screen: Any, url: str) -> None:
    screen.open(url)
    page = screen.page
    assert page.locator(".gm-back").is_disabled() and page.locator(".gm-fwd").is_disabled()
    # Play starts a short window at the start and moves it
    page.locator(".gm-speed").select_option("4")
    page.locator(".gm-play").click()
    page.wait_for_function(f"geomap.window()[0] > {FIRST!r}")
    page.locator(".gm-play").click()  # pause
    paused = window(screen)
    assert paused[1] < LAST and page.locator(".gm-play").get_attribute("aria-pressed") == "false"
    page.locator(".gm-fwd").click()
    later = window(screen)
    assert later[0] > paused[0] and later[1] > paused[1]
    page.locator(".gm-back").click()
    assert window(screen) == paused
    # without loop, play ends on the last days and stops; with loop it starts again
    page.locator(".gm-play").click()
    page.wait_for_function(
        f"geomap.window()[1] === {LAST!r} && document.querySelector('.gm-play').getAttribute('aria-pressed') === 'false'",
        timeout=15_000,
    )
    page.locator(".gm-loop input").check()
    page.locator(".gm-play").click()
    page.wait_for_function(f"geomap.window()[0] === {FIRST!r}", timeout=15_000)
    page.locator(".gm-play").click()
    page.locator(".gm-all").click()
    assert window(screen) == [FIRST, LAST]
    assert screen.eval("geomap.shown()") == len(INCIDENTS)
    assert screen.errors == []


def test_undated_incidents_have_their_own_switch(screen: Any, url: str) -> None:
    screen.open(url)
    page = screen.page
    page.locator("input.gm-from").focus()
    page.keyboard.press("End")
    on_last = sum(1 for i in INCIDENTS if i.event_date == DATED[-1])
    page.wait_for_function(f"geomap.ready() && geomap.shown() === {on_last + UNDATED}")
    # the label says which are undated: they are in no window
    assert f"({UNDATED} undated)" in page.locator(".gm-window").inner_text()
    page.locator(".gm-undated input").uncheck()
    page.wait_for_function(f"geomap.ready() && geomap.shown() === {on_last}")
    assert "undated)" not in page.locator(".gm-window").inner_text()
    page.locator(".gm-all").click()
    page.wait_for_function(f"geomap.ready() && geomap.shown() === {len(INCIDENTS) - UNDATED}")
    assert screen.errors == []
