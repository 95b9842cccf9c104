"""A blob of a version the page's script does not read: a message, not a blank map."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mapdata
import pytest
from test_offline import fail_message

from geo.map import BLOB_VERSION, map_html, render_map

pytestmark = pytest.mark.browser


def test_an_unknown_blob_version_says_why(map_page: Any, tmp_path: Path) -> None:
    html = map_html(render_map(mapdata.campaign()))
    head = '_data">{"v":' + str(BLOB_VERSION) + ","
    assert html.count(head) == 1
    (tmp_path / "future.html").write_text(
        html.replace(head, '_data">{"v":' + str(BLOB_VERSION + 1) + ","), encoding="utf-8"
    )
    text = fail_message(map_page, (tmp_path / "future.html").as_uri())
    assert "the map's data could not be read" in text
    assert f"version {BLOB_VERSION + 1}" in text and f"reads version {BLOB_VERSION}" in text
    # the page as written starts: the same check lets its own version through
    (tmp_path / "same.html").write_text(html, encoding="utf-8")
    map_page.open((tmp_path / "same.html").as_uri())
    assert map_page.page.locator("#geomap-fail").count() == 0
