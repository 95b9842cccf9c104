"""geomap compare's map in a browser: one switchable layer per set, markers drawn, no errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from gazhelpers import tiny_place

from geo.compare import compare_incidents, comparison_map
from geo.models import Incident, Source
from geo.render import save_map

pytestmark = pytest.mark.browser


def _incident(eid: str, day: str, place_id: str, attack_type: str) -> Incident:
    place = tiny_place(place_id)
    src = Source(f"{eid}.md", None, None, None, None, "told", 0, 4, place, event_date=day,
                 attack_type=attack_type)  # fmt: skip
    return Incident(eid, date.fromisoformat(day), 1, attack_type, (attack_type,), place, (src,))


def test_the_three_sets_are_layers_a_reader_can_switch(
    map_page: Any, site: tuple[Path, str]
) -> None:
    a = [
        _incident("a1", "2024-01-28", "jo.tower-22", "drone"),
        _incident("a2", "2023-12-09", "iq.anbar.al-asad", "drone"),
    ]
    b = [
        _incident("b1", "2024-01-28", "jo.tower-22", "drone"),
        _incident("b2", "2023-12-09", "iq.anbar.al-asad", "rocket"),
        _incident("b3", "2023-10-18", "iq.erbil.air-base", "drone"),
    ]
    result = compare_incidents(a, b)
    root, base = site
    save_map(comparison_map(result, names=("ours", "acled.csv")), root / "compare.html")
    map_page.open(f"{base}/compare.html")
    overlays = map_page.page.locator(".leaflet-control-layers-overlays label")
    names = [overlays.nth(k).inner_text().strip() for k in range(overlays.count())]
    for layer in ("Matched (1)", "Only in ours (1)", "Only in acled.csv (2)"):
        assert layer in names, names
    markers = (
        "() => document.querySelectorAll('.leaflet-overlay-pane path.leaflet-interactive').length"
    )
    drawn = map_page.eval(markers)
    assert drawn == 1 + 1 + 1 + 2  # the matched marker and its line, one marker per other
    map_page.page.locator(
        ".leaflet-control-layers-overlays label", has_text="Only in acled.csv"
    ).click()
    assert map_page.eval(markers) == drawn - 2
    assert map_page.script_errors() == []
