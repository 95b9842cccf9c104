"""The map's HTML, without a browser: structure, escaping, determinism, assets, size.

What runs in the browser is tested in tests/browser/.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import zlib
from pathlib import Path
from typing import Any

import folium
import pytest
from browser import mapdata

import geo
import geo.map.blob
from geo.errors import UsageError
from geo.frame import empty_frame, incidents_to_frame
from geo.map import (
    ASSETS,
    BASEMAP_LAND,
    LAND_COLOURS,
    TYPE_STYLE,
    asset_urls,
    build_blob,
    check_assets,
    render_map,
    safe_url,
    save_map,
    script_json,
)

DATA_RE = re.compile(
    r'<script type="application/json" id="[^"]+_data"( data-encoding="deflate-base64")?>(.*?)</script>',
    re.S,
)


def html_of(m: folium.Map) -> str:
    return m.get_root().render()


def blob(html: str) -> dict[str, Any]:
    found = DATA_RE.findall(html)
    assert len(found) == 1
    packed, text = found[0]
    if packed:
        text = zlib.decompress(base64.b64decode(text)).decode("utf-8")
    return json.loads(text)


@pytest.fixture(scope="module")
def frame() -> Any:
    return incidents_to_frame(mapdata.campaign())


@pytest.fixture(scope="module")
def page(frame: Any) -> str:
    return html_of(render_map(frame, tallies=mapdata.tallies(), title="<script>alert(1)</script>"))


def test_returns_a_folium_map_with_one_data_blob(frame: Any, page: str) -> None:
    assert isinstance(render_map(frame), folium.Map)
    data = blob(page)
    assert data["n"] == len(frame) == 21
    assert data["so"][-1] == len(data["sd"]) == sum(len(s) for s in frame["sources"])
    # no marker per incident: the markers are made in the browser (the page of an empty map
    # has the same code, the libraries and our script)
    empty = html_of(render_map(empty_frame()))
    for call in ("L.marker(", "L.circleMarker(", "new GeoMarker(", "L.markerClusterGroup("):
        assert page.count(call) == empty.count(call), call
    assert "L.markerClusterGroup(" in page


def test_layer_names_carry_counts(frame: Any, page: str) -> None:
    counts = frame["attack_type"].value_counts().to_dict()
    assert counts["drone"] == 10
    for t, count in counts.items():
        assert f"{TYPE_STYLE[t][1]} ({count})" in page
    assert "Artillery (" not in page  # types with no incident get no layer
    assert "Tallies \\u0026amp; context (2)" in page
    assert "Heat map" in page


def _luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(k: int) -> float:
        c = int(hex_colour[k : k + 2], 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)


def _contrast(a: str, b: str) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_is_computed_as_wcag_does() -> None:
    assert _contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert _contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("ground", list(LAND_COLOURS))
@pytest.mark.parametrize("attack_type", list(TYPE_STYLE))
def test_every_type_colour_holds_3_to_1_on_light_land(attack_type: str, ground: str) -> None:
    # WCAG 1.4.11 (non-text contrast): a marker's colour stands out from the ground it is on
    colour = TYPE_STYLE[attack_type][0]
    assert _contrast(colour, LAND_COLOURS[ground]) >= 3.0, (colour, ground)


def test_land_colours_are_the_maps_own(page: str) -> None:
    assert LAND_COLOURS["OpenStreetMap land"] == "#f2efe9"
    assert LAND_COLOURS["offline basemap land"] == BASEMAP_LAND
    # the page paints its offline basemap in that colour (the browser suite checks the pixels)
    assert f'land: "{BASEMAP_LAND}"' in page
    assert len({c for c, _, _ in TYPE_STYLE.values()}) == len(TYPE_STYLE)


def test_named_sites_are_marked_apart_from_towns(frame: Any) -> None:
    incidents = mapdata.campaign()
    data = build_blob(incidents)
    sites = {"air_base", "base", "embassy"}
    assert data["sk"] == [1 if i.place.kind in sites else 0 for i in incidents]
    assert 0 < sum(data["sk"]) < len(incidents)
    assert build_blob(frame)["sk"] == data["sk"]  # a frame's sources carry the place's kind


def test_layer_control_lists_layers_added_later(frame: Any) -> None:
    m = render_map(frame)
    folium.FeatureGroup(name="my own layer").add_to(m)
    html = html_of(m)
    control = html[html.index("L.control.layers(") :]
    assert '"my own layer"' in control


def test_untrusted_text_never_appears_raw(page: str) -> None:
    for raw in [
        "<script>alert(1)</script>",
        mapdata.HOSTILE_TITLE,
        "window.__pwned = 4</script>",
        mapdata.HOSTILE_OUTLET,
        mapdata.HOSTILE_TARGET,
        "javascript:",
        "<!-- &",
        "\u2028",
    ]:
        assert raw not in page, raw
    assert page.count("</script>") == page.count("<script")  # nothing closes a tag early
    assert "&lt;script&gt;alert(1)&lt;/script&gt;</title>" in page
    # the text survives intact as data, and Jinja did not evaluate {{ 7*7 }}
    data = blob(page)
    assert mapdata.HOSTILE_EVIDENCE in data["se"]
    assert data["title"] == "<script>alert(1)</script>"
    assert next(d for d in data["D"] if d[3] == mapdata.HOSTILE_OUTLET)[2] is None
    assert all(t["url"] is None or t["url"].startswith("https://") for t in data["tallies"])


def test_big_blobs_are_deflated(frame: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(geo.map.blob, "COMPRESS_ABOVE", 0)
    html = html_of(render_map(frame, tallies=mapdata.tallies(), title="<script>alert(1)</script>"))
    assert 'data-encoding="deflate-base64"' in html
    assert "Rockets hit the base" not in html and "javascript:" not in html
    assert blob(html) == build_blob(
        frame, tallies=mapdata.tallies(), title="<script>alert(1)</script>"
    )
    assert html == html_of(
        render_map(frame, tallies=mapdata.tallies(), title="<script>alert(1)</script>")
    )


def test_script_json_escapes() -> None:
    text = script_json({"a": "</script><!-- & \u2028\u2029 >"})
    assert not set("<>&\u2028\u2029") & set(text)
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 >"}


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.com/a?b=1", "https://example.com/a?b=1"),
        (" http://example.com ", "http://example.com"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("data:text/html,<script>", None),
        ("//example.com", None),
        ("https://", None),
        ('https://example.com/"onmouseover=x', None),
        (None, None),
        (42, None),
    ],
)
def test_safe_url(url: object, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_same_input_same_bytes(frame: Any, tmp_path: Path) -> None:
    a = html_of(render_map(frame, tallies=mapdata.tallies(), title="x"))
    b = html_of(render_map(frame, tallies=mapdata.tallies(), title="x"))
    assert a == b
    save_map(render_map(frame, title="x"), tmp_path / "1.html")
    save_map(render_map(frame, title="x"), tmp_path / "2.html")
    assert (tmp_path / "1.html").read_bytes() == (tmp_path / "2.html").read_bytes()
    assert not re.search(r"[0-9a-f]{32}|uuid|Math\.random", a)


def test_empty_frame(tmp_path: Path) -> None:
    m = render_map(empty_frame())
    out = save_map(m, tmp_path / "empty.html")
    data = blob(out.read_text(encoding="utf-8"))
    assert data["n"] == 0 and data["d0"] is None


VENDOR = Path(geo.__file__).parent / "_map" / "vendor"


def test_libraries_are_inlined_by_default(page: str) -> None:
    # One file that opens without the internet: no CDN, no file beside it.
    for _, _, file, url in ASSETS:
        assert url not in page
        assert f"/* {file} */" in page
    assert "cdn.jsdelivr.net" not in page and "<script src" not in page
    assert '<link rel="stylesheet"' not in page
    assert "url(images/" not in page  # Leaflet's control images are data: URLs
    assert "jquery" not in page and "bootstrap" not in page
    assert (VENDOR / "leaflet.js").read_text(encoding="utf-8")[:200] in page


def test_page_language_viewport_and_failsafe(page: str) -> None:
    assert page.startswith('<!DOCTYPE html>\n<html lang="en" data-geomap-assets="inline">')
    assert "user-scalable=no" not in page and "maximum-scale" not in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1" />' in page
    head = page[: page.index("</head>")]
    # the fail-safe runs before any library, so a library that fails is reported
    assert head.index("GeoMapFail") < head.index("/* leaflet.js */")
    assert "<noscript>" in page


def test_cdn_when_asked(frame: Any) -> None:
    html = html_of(render_map(frame, cdn=True))
    for _, kind, file, url in ASSETS:
        assert (f'<script src="{url}"></script>' if kind == "js" else f'href="{url}"') in html
        assert f"/* {file} */" not in html
    assert 'data-geomap-assets="cdn"' in html
    assert asset_urls()["leaflet"].startswith("https://cdn.jsdelivr.net/npm/leaflet@1.9.4/")


def test_assets_dir_is_inlined_not_referenced(frame: Any, tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    shutil.copytree(VENDOR, assets)
    with (assets / "leaflet.js").open("a", encoding="utf-8") as fh:
        fh.write("\n/* the local copy */\n")
    out = save_map(render_map(frame, assets=assets), tmp_path / "maps" / "m.html")
    saved = out.read_text(encoding="utf-8")
    assert "/* the local copy */" in saved
    assert str(assets) not in saved and "file://" not in saved and "../assets" not in saved
    assert "<script src" not in saved


def test_assets_dir_problems_are_usage_errors(frame: Any, tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="must be a directory"):
        render_map(frame, assets=tmp_path / "nothing")
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match=r"leaflet\.js is missing"):
        check_assets(tmp_path / "empty")
    bad = tmp_path / "bad"
    shutil.copytree(VENDOR, bad)
    (bad / "leaflet-heat.js").write_text("var a = '</SCRIPT><b>';", encoding="utf-8")
    with pytest.raises(UsageError, match=r"leaflet-heat\.js contains '</script'"):
        render_map(frame, assets=bad)
    with pytest.raises(UsageError, match="not both"):
        render_map(frame, assets=VENDOR, cdn=True)


def test_offline_basemap_and_towns_are_embedded(page: str) -> None:
    from geo.gazetteer import load_gazetteer

    found = re.findall(r'<script type="application/json" id="[^"]+_base">(.*?)</script>', page)
    assert len(found) == 1
    base = json.loads(found[0])
    assert base["attribution"] == "Borders: Natural Earth"
    assert len(base["countries"]) > 200 and len(base["arcs"]) > 1000
    gaz = load_gazetteer()
    towns = {p.name for p in gaz.places.values() if p.kind in {"city", "town"}}
    assert {t[0] for t in base["towns"]} == towns
    assert len(found[0]) < 200_000  # light: the whole basemap


def test_data_is_compact_and_deduplicated(frame: Any) -> None:
    data = build_blob(frame, tallies=mapdata.tallies())
    assert data["d0"] == "2023-10-17"
    assert data["d"].count(-1) == 1  # the undated one
    assert data["eid"].count(0) == len(frame)  # ids follow the id scheme: stored as 0
    assert len(data["S"]) == len(set(data["S"]))
    assert data["tr"][data["t"].index(0)] & 1  # rocket is type 0
    erbil = data["loc"].index(data["S"].index("Erbil Air Base"))
    assert bin(data["tr"][erbil]).count("1") == 2  # rocket and mortar reported


def test_large_map_is_small(tmp_path: Path) -> None:
    # Size only: speed is measured by bench/run.py, not asserted in unit tests.
    gdf = incidents_to_frame(mapdata.synthetic(10_000))
    out = save_map(render_map(gdf), tmp_path / "big.html")
    size = out.stat().st_size
    fixed = save_map(render_map(empty_frame()), tmp_path / "empty.html").stat().st_size
    assert fixed < 600_000, fixed  # the libraries and the basemap, inlined
    assert size - fixed < 250 * 10_000, size  # < 25 MB for 100,000
    data = blob(out.read_text(encoding="utf-8"))  # deflated above COMPRESS_ABOVE
    assert data["n"] == 10_000 and len(data["so"]) == 10_001


def test_incidents_give_the_same_map_as_their_frame() -> None:
    incs = mapdata.campaign()
    frame = incidents_to_frame(incs)
    assert build_blob(iter(incs), tallies=mapdata.tallies()) == build_blob(
        frame, tallies=mapdata.tallies()
    )
    seen: list[str] = []

    def one_at_a_time() -> Any:
        for inc in incs:
            seen.append(inc.event_id)
            yield inc

    from_incidents = html_of(render_map(one_at_a_time(), title="x"))
    assert seen == [i.event_id for i in incs]  # read once, in order
    assert from_incidents == html_of(render_map(frame, title="x"))


ARTICLE = """---
title: "Rockets hit Al-Asad </script><script>window.__pwned=1</script>"
url: "javascript:alert(1)"
source: Test Wire
published: 2024-01-20
---
Several rockets struck Ain al-Asad on Saturday, a US official said. Kataib Hezbollah claimed
the attack. A drone targeted Erbil airport on Friday, officials said.
"""


@pytest.mark.cli
def test_cli_renders_articles(tmp_path: Path, tiny_gaz_dir: Path) -> None:
    from geo.cli import main

    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "maps" / "m.html"
    assets = tmp_path / "assets"
    shutil.copytree(VENDOR, assets)
    code = main(
        ["--quiet", "render", str(tmp_path / "a.md"), "-o", str(out), "--gazetteer", str(tiny_gaz_dir / "places.csv"),
         "--title", "<b>t</b>", "--assets", str(assets)]
    )  # fmt: skip
    assert code == 0
    html = out.read_text(encoding="utf-8")
    data = blob(html)
    assert data["n"] >= 1 and data["title"] == "<b>t</b>"
    assert "<script>window.__pwned" not in html and "javascript:" not in html
    assert "/* leaflet.js */" in html and "../assets" not in html


@pytest.mark.cli
def test_cli_renders_the_examples(tmp_path: Path) -> None:
    from geo.cli import main

    examples = Path(__file__).resolve().parent.parent / "examples" / "articles"
    assert any(examples.glob("*.md")), "the examples ship with the project"
    code = main(["--quiet", "render", str(examples), "-o", str(tmp_path / "ex.html")])
    assert code == 0
    assert blob((tmp_path / "ex.html").read_text(encoding="utf-8"))["n"] > 0


@pytest.mark.slow
def test_the_wheel_ships_what_an_offline_page_needs(tmp_path: Path) -> None:
    import subprocess
    import sys
    import zipfile

    root = Path(__file__).resolve().parent.parent
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path)],
        cwd=root,
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    assert wheel.stat().st_size < 2_000_000, wheel.stat().st_size  # a reasonable wheel
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        z.extractall(tmp_path / "unpacked")
    for _, _, file, _ in ASSETS:
        assert f"geo/_map/vendor/{file}" in names
    assert {"geo/_map/vendor/basemap.json", "geo/_map/failsafe.js"} <= names
    assert "geo/_map/vendor/LICENSE-leaflet" in names
    # the installed package alone renders a page that inlines everything
    code = (
        "import geo, sys; from geo.render import render_map, map_html;"
        "from geo.frame import empty_frame;"
        "print(geo.__file__); sys.stdout.write(map_html(render_map(empty_frame())))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "unpacked"), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    first, page = out.split("\n", 1)
    assert first.startswith(str(tmp_path / "unpacked"))
    assert "/* leaflet.js */" in page and "cdn.jsdelivr" not in page


@pytest.mark.cli
def test_cli_cdn_and_assets(
    tmp_path: Path, tiny_gaz_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from geo.cli import main

    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    gaz = ["--gazetteer", str(tiny_gaz_dir / "places.csv")]
    out = tmp_path / "cdn.html"
    assert main(["--quiet", "render", str(tmp_path / "a.md"), "-o", str(out), "--cdn", *gaz]) == 0
    html = out.read_text(encoding="utf-8")
    assert '<script src="https://cdn.jsdelivr.net/npm/leaflet@1.9.4/dist/leaflet.js">' in html
    assert "/* leaflet.js */" not in html
    (tmp_path / "empty").mkdir()
    target = ["render", str(tmp_path / "a.md"), "-o", str(tmp_path / "x.html"), *gaz]
    with pytest.raises(SystemExit) as stop:  # argparse's own usage error
        main([*target, "--assets", str(VENDOR), "--cdn"])
    assert stop.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err
    assert main([*target, "--assets", str(tmp_path / "empty")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("geomap: error: ") and "leaflet.js is missing" in err
    assert err.count("\n") == 1
    assert not (tmp_path / "x.html").exists()
