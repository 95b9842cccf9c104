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
