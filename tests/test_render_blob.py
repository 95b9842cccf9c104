"""The map's data blob against its schema: real pages, the docs, the script that reads it."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
from browser import mapdata
from test_render import blob, html_of

import geo.map.blob
import geo.render
from geo.cli import main
from geo.frame import empty_frame, incidents_to_frame
from geo.map import BLOB_VERSION, SCHEMA, blob_problems, build_blob, render_map, schema_markdown
from geo.map import elements as el
from geo.map.assets import ASSETS, packaged_assets

ROOT = Path(__file__).resolve().parents[1]
JS = (ROOT / "geo" / "_map" / "geomap.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def examples_blob(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The blob of the page ``geomap render examples/articles`` writes."""
    out = tmp_path_factory.mktemp("examples") / "map.html"
    assert main(["-q", "render", str(ROOT / "examples" / "articles"), "-o", str(out)]) == 0
    return blob(out.read_text(encoding="utf-8"))


def test_the_examples_blob_follows_the_schema(examples_blob: dict[str, Any]) -> None:
    assert examples_blob["n"] > 0 and examples_blob["tallies"]
    assert blob_problems(examples_blob) == []
    assert list(examples_blob) == [m.name for m in SCHEMA]
    assert examples_blob["v"] == BLOB_VERSION


@pytest.mark.parametrize("deflated", [False, True])
def test_a_frame_blob_with_tallies_follows_the_schema(
    deflated: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    if deflated:
        monkeypatch.setattr(geo.map.blob, "COMPRESS_ABOVE", 0)
    incidents = mapdata.campaign()
    page = html_of(render_map(incidents_to_frame(incidents), tallies=mapdata.tallies()))
    assert ('data-encoding="deflate-base64"' in page) is deflated
    data = blob(page)
    assert blob_problems(data) == []
    assert data == build_blob(incidents, tallies=mapdata.tallies())


def test_an_empty_map_blob_follows_the_schema() -> None:
    data = blob(html_of(render_map(empty_frame())))
    assert blob_problems(data) == []
    assert (data["n"], data["d0"], data["nd"], data["so"]) == (0, None, 0, [0])


def _broken(change: str, data: dict[str, Any]) -> dict[str, Any]:
    d = copy.deepcopy(data)
    if change == "extra":
        d["zz"] = 1
    elif change == "missing":
        del d["tg"]
    elif change == "type":
        d["fa"][0] = "two"
    elif change == "length":
        d["lat"].append(33.0)
    elif change == "version":
        d["v"] = BLOB_VERSION + 1
    elif change == "document":
        d["D"][0] = d["D"][0][:4]
    elif change == "tally":
        d["tallies"][0]["count"] = None
    return d


@pytest.mark.parametrize(
    "change, problem",
    [
        ("extra", "undeclared member 'zz'"),
        ("missing", "tg: missing"),
        ("type", "fa: not list[int | null]"),
        ("length", "lat: "),
        ("version", f"version {BLOB_VERSION + 1}, not {BLOB_VERSION}"),
        ("document", "D: not list[document]"),
        ("tally", "tallies: not list[tally]"),
    ],
)
def test_the_schema_check_names_what_is_wrong(
    examples_blob: dict[str, Any], change: str, problem: str
) -> None:
    problems = blob_problems(_broken(change, examples_blob))
    assert len(problems) == 1 and problems[0].startswith(problem), problems


def test_the_docs_are_the_schema() -> None:
    page = (ROOT / "docs" / "map-blob.md").read_text(encoding="utf-8")
    assert page.endswith(schema_markdown()), schema_markdown()
    assert f"## Version {BLOB_VERSION}" in page


def test_the_script_reads_the_version_it_is_written_for_and_every_member() -> None:
    found = re.findall(r"var BLOB_VERSION = (\d+);", JS)
    assert found == [str(BLOB_VERSION)]
    # the script reads the blob as D: every member it reads is declared, and none is unused
    assert set(re.findall(r"\bD\.([A-Za-z0-9_]+)", JS)) == {m.name for m in SCHEMA}


def test_geo_render_still_exports_the_old_names() -> None:
    old = {
        *("ASSETS", "BASEMAP_LAND", "LAND_COLOURS", "TYPE_STYLE", "asset_urls", "check_assets"),
        *("map_html", "render_map", "safe_url", "save_map", "map_data", "script_json"),
        *("COMPRESS_ABOVE", "MAX_ZOOM", "LANG", "BASEMAP_FILE"),
    }
    assert old <= set(geo.render.__all__)
    assert all(hasattr(geo.render, name) for name in geo.render.__all__)
    assert geo.render.map_data is build_blob and geo.render.render_map is render_map


def test_every_library_is_declared_by_the_element_that_needs_it() -> None:
    declared = [
        name
        for cls in (el.GeomapMap, el.HeatLayer, el.GeomapData)
        for name, _ in (*cls.default_js, *cls.default_css)
    ]
    assert sorted(declared) == sorted(name for name, _, _, _ in ASSETS)
    # a page gets the libraries its elements ask for, and only those
    m = el.GeomapMap(location=[33.0, 42.0], zoom_start=6, tiles=None)
    page: Any = m.get_root()
    page.assets = packaged_assets()
    alone = page.render()
    assert "/* leaflet.js */" in alone and "/* leaflet.css */" in alone
    assert "leaflet-heat.js" not in alone and "leaflet.markercluster.js" not in alone
    el.HeatLayer("heat").add_to(m)
    with_heat = page.render()
    assert with_heat.count("/* leaflet-heat.js */") == 1
    assert with_heat.index("/* leaflet.js */") < with_heat.index("/* leaflet-heat.js */")
    page.assets = None  # the CDN: links, not copies
    linked = page.render()
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet.heat@' in linked
    assert "/* leaflet.js */" not in linked
