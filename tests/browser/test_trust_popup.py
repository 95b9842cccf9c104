"""The trust state in the map's popup (headless Chromium, the map served from 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from gazhelpers import tiny_place

from geo.merging import merge_sources
from geo.models import Source
from geo.render import render_map, save_map

pytestmark = pytest.mark.browser


def test_the_popup_tells_the_trust_state(site: tuple[Path, str], map_page: Any) -> None:
    place = tiny_place("iq.anbar.al-asad")
    said = "US Central Command said a drone struck Al-Asad Air Base on Saturday."
    src = Source(
        document="a.md", title=None, url=None, outlet="Tigris Wire", published="2024-01-20",
        evidence=said, char_start=0, char_end=len(said), place=place, event_date="2024-01-20",
        attack_type="drone",
    )  # fmt: skip
    (inc,) = merge_sources([src])
    root, base = site
    save_map(render_map([inc]), root / "trust.html")
    map_page.open(f"{base}/trust.html")
    map_page.page.locator(".gm-marker").first.click()
    popup = map_page.page.locator(".gm-popup")
    popup.wait_for()
    assert "Trust" in popup.inner_text() and "officially confirmed" in popup.inner_text()
    assert map_page.errors == []


def _source(place_id: str, said: str, outlet: str, day: str) -> Source:
    return Source(
        document=f"{place_id}.md", title=None, url=None, outlet=outlet, published=day,
        evidence=said, char_start=0, char_end=len(said), place=tiny_place(place_id),
        event_date=day, attack_type="drone",
    )  # fmt: skip


def test_trust_has_a_marker_tick_a_filter_and_a_permalink(
    site: tuple[Path, str], map_page: Any
) -> None:
    confirmed = _source(
        "iq.anbar.al-asad",
        "US Central Command said a drone struck Al-Asad Air Base on Saturday.",
        "Tigris Wire",
        "2024-01-20",
    )
    one_outlet = _source(
        "iq.erbil.air-base",
        "Residents heard a drone explode near Erbil Air Base on Thursday.",
        "Zagros Daily",
        "2024-01-25",
    )
    incidents = merge_sources([confirmed, one_outlet])
    assert sorted(i.trust for i in incidents) == ["confirmed", "one_outlet"]
    root, base = site
    save_map(render_map(incidents), root / "trust2.html")
    page = map_page.page
    map_page.open(f"{base}/trust2.html")
    # the tick marks the officially confirmed incident only
    assert page.locator(".gm-marker .gm-vouched").count() == 1
    assert page.locator(".gm-key-trust").count() == 1
    toggle = page.locator(".gm-side-toggle")
    if toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    select = page.locator("select.gm-trust")
    select.select_option(label="officially confirmed")
    page.wait_for_function("document.querySelectorAll('.gm-row').length === 1")
    assert "Al-Asad" in page.locator(".gm-row").inner_text()
    page.wait_for_function("location.hash.indexOf('trust=3') >= 0")
    # the link opens the same filter
    link = page.evaluate("location.href")
    page.goto("about:blank")
    map_page.open(link)
    assert page.locator("select.gm-trust").input_value() == "3"
    page.wait_for_function("document.querySelectorAll('.gm-row').length === 1")
    assert map_page.errors == []
