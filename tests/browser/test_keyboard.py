"""The map by keyboard alone, its language, and the contrast of its text (WCAG AA)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mapdata
import pytest

from geo.frame import incidents_to_frame
from geo.render import render_map, save_map

pytestmark = pytest.mark.browser

INCIDENTS = mapdata.campaign()
AT_ASAD = {i.event_id for i in INCIDENTS if i.place.place_id == "iq.anbar.al-asad"}

ACTIVE = """() => { const a = document.activeElement;
  return {cls: a.className && a.className.baseVal === undefined ? a.className : '',
          label: a.getAttribute('aria-label') || '', title: a.title || ''}; }"""


@pytest.fixture(scope="module")
def url(site: tuple[Path, str]) -> str:
    root, base = site
    m = render_map(incidents_to_frame(INCIDENTS), tallies=mapdata.tallies(), title="Keys")
    save_map(m, root / "keys.html")
    return f"{base}/keys.html"


def tab_to(mp: Any, want: str, limit: int = 80) -> dict[str, str]:
    """Press Tab until the focused element's label or name contains ``want``."""
    got = mp.eval(ACTIVE)
    for _ in range(limit):
        if want in got["label"] or want in got["title"]:
            return got
        mp.page.keyboard.press("Tab")
        got = mp.eval(ACTIVE)
    raise AssertionError(f"Tab never reached {want!r}")


def test_every_source_at_a_stacked_base_opens_by_keyboard(screen: Any, url: str) -> None:
    screen.open(url)
    page = screen.page
    # Tab to what holds the base, Enter to zoom in or spread it, until its markers have focus
    for _ in range(12):
        got = tab_to(screen, "Al-Asad Airbase")
        if "gm-marker" in got["cls"]:
            break
        assert "gm-cluster-wrap" in got["cls"] and "Press Enter" in got["label"], got
        page.keyboard.press("Enter")
        page.wait_for_timeout(450)
        page.wait_for_function("geomap.ready()")
    assert "gm-marker" in got["cls"], got
    seen = set()
    for k in range(len(AT_ASAD)):
        if k:
            page.keyboard.press("Tab")
        got = screen.eval(ACTIVE)
        assert "gm-marker" in got["cls"] and "Al-Asad Airbase" in got["title"], got
        page.keyboard.press("Enter")
        popup = page.locator(".gm-popup")
        popup.wait_for()
        assert screen.eval("document.activeElement.classList.contains('gm-popup')")
        seen.add(popup.locator(".gm-id").text_content().removeprefix("event_id "))
        assert popup.locator(".gm-sources li").count() >= 1
        page.keyboard.press("Escape")
        popup.wait_for(state="detached")
        # the focus is back on the marker that opened it
        assert screen.eval(ACTIVE)["title"] == got["title"]
    assert seen == AT_ASAD
    assert screen.errors == []


def test_space_opens_too_and_the_list_reaches_any_incident(screen: Any, url: str) -> None:
    screen.open(url)
    page = screen.page
    if page.locator(".gm-side-toggle").get_attribute("aria-expanded") == "false":
        page.locator(".gm-side-toggle").focus()
        page.keyboard.press("Enter")
    page.locator(".gm-search").focus()
    page.keyboard.type("Tower 22")
    page.wait_for_function("geomap.ready() && geomap.shown() === 1")
    page.keyboard.press("Tab")  # the attribution filter
    page.keyboard.press("Tab")  # the trust filter
    page.keyboard.press("Tab")  # with casualties
    page.keyboard.press("Tab")  # the one row
    assert "gm-row" in screen.eval(ACTIVE)["cls"]
    page.keyboard.press(" ")
    popup = page.locator(".gm-popup")
    popup.wait_for()
    assert "Tower 22" in popup.inner_text()
    assert "A drone attack killed three US soldiers" in popup.inner_text()
    page.keyboard.press("Escape")
    popup.wait_for(state="detached")
    assert screen.errors == []


#: Every text on the panels and in a popup, with its colour and the colour under it
#: (backgrounds composited up to the page, over black: the worst map under a panel).
CONTRAST = """() => {
  const parse = s => { const m = s.match(/[\\d.]+/g).map(Number); return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1]; };
  const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]); };
  const over = (top, under) => { const a = top[3];
    return [0, 1, 2].map(k => top[k] * a + under[k] * (1 - a)).concat([1]); };
  const bgOf = e => { const layers = [];
    for (let p = e; p && p.nodeType === 1; p = p.parentElement) {
      const c = parse(getComputedStyle(p).backgroundColor); if (c[3] > 0) layers.push(c); }
    let bg = [0, 0, 0, 1]; for (let k = layers.length - 1; k >= 0; k--) bg = over(layers[k], bg); return bg; };
  const out = [];
  const roots = document.querySelectorAll('.gm-panel, .leaflet-control, .leaflet-popup');
  for (const root of roots) {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const e = n.parentElement; if (!n.textContent.trim() || !e.offsetParent && e.tagName !== 'text') continue;
      if (e.closest('[hidden], option') || e.closest('button:disabled')) continue;
      const st = getComputedStyle(e); if (st.visibility === 'hidden') continue;
      let fg = parse(e.tagName === 'text' ? st.fill : st.color); let op = 1;
      for (let p = e; p && p.nodeType === 1; p = p.parentElement) op *= Number(getComputedStyle(p).opacity);
      const bg = bgOf(e); fg = over([fg[0], fg[1], fg[2], fg[3] * op], bg);
      const a = lum(fg), b = lum(bg); const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      const size = parseFloat(st.fontSize), bold = Number(st.fontWeight) >= 700;
      const large = size >= 24 || (bold && size >= 18.66);
      out.push({text: n.textContent.trim().slice(0, 40), ratio: Math.round(ratio * 100) / 100, need: large ? 3 : 4.5});
    } }
  return out; }"""


def test_text_contrast_meets_wcag_aa_and_the_page_has_a_language(screen: Any, url: str) -> None:
    screen.open(url)
    page = screen.page
    assert screen.eval("document.documentElement.lang") == "en"
    checked = []
    # each panel open in turn (on a phone, one closes another), then a popup
    for k in range(page.locator(".gm-toggle").count()):
        toggle = page.locator(".gm-toggle").nth(k)
        if toggle.get_attribute("aria-expanded") == "false":
            toggle.click()
        page.wait_for_function("geomap.ready()")
        checked += screen.eval(CONTRAST)
    screen.eval("id => geomap.open(id)", "2023-10-26-iq.erbil.air-base-indirect-fire")
    page.locator(".gm-popup").wait_for()
    page.wait_for_function(
        "getComputedStyle(document.querySelector('.leaflet-popup')).opacity === '1'"
    )
    popup = screen.eval(CONTRAST)
    assert any("disputed" in c["text"] for c in popup)
    checked += popup
    assert len(checked) > 60
    low = [c for c in checked if c["ratio"] < c["need"]]
    assert low == [], low
