"""A source's outlet in a popup: the one the article names, else its link's host, never a file."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import MapPage

from geo.gazetteer import load_gazetteer
from geo.pipeline import run
from geo.render import render_map, save_map

pytestmark = pytest.mark.browser

PLAIN = "Three rockets struck near the US Embassy in Baghdad on Tuesday, Iraqi officials said.\n"
LINKED = (
    "---\nurl: https://www.daily-wire-example.net/2023/12/05/embassy\n---\n"
    "A drone attack was reported on Al-Asad Air Base on Monday, a US official said.\n"
)


def test_an_article_without_front_matter_names_no_outlet(
    map_page: MapPage, site: tuple[Path, str], tmp_path: Path
) -> None:
    (tmp_path / "plain-report-0412.txt").write_text(PLAIN, encoding="utf-8")
    (tmp_path / "linked-report.md").write_text(LINKED, encoding="utf-8")
    result = run([tmp_path], gazetteer=load_gazetteer(), published=date(2023, 12, 6))
    by_doc = {s.document: i for i in result.incidents for s in i.sources}
    assert {"plain-report-0412.txt", "linked-report.md"} <= set(by_doc)
    assert all(s.outlet is None for i in result.incidents for s in i.sources)
    root, base = site
    save_map(render_map(result.incidents), root / "outlets.html")
    map_page.open(f"{base}/outlets.html")

    def popup(event_id: str) -> Any:
        assert map_page.eval("id => geomap.open(id)", event_id)
        map_page.page.wait_for_function(f"geomap.selected() === {event_id!r}")
        box = map_page.page.locator(".gm-popup")
        box.wait_for()
        return box

    plain = popup(by_doc["plain-report-0412.txt"].event_id)
    assert plain.locator(".gm-outlet").count() == 0  # no outlet is known: none is shown
    assert plain.locator(".gm-doc").inner_text() == "document plain-report-0412.txt"
    assert "published 2023-12-06" in plain.inner_text()
    map_page.page.keyboard.press("Escape")

    linked = popup(by_doc["linked-report.md"].event_id)
    outlet = linked.locator(".gm-outlet")
    assert outlet.inner_text() == "daily-wire-example.net"  # the link's host stands in
    assert outlet.get_attribute("href") == "https://www.daily-wire-example.net/2023/12/05/embassy"
    assert "linked-report.md" not in outlet.inner_text()
    assert map_page.errors == []
