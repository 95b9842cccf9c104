"""Incident files with wrongly typed fields: one line naming the file, or read; never a crash.

An incident file (an earlier export, a store) is data geomap wrote: a bad record in it stops
the run with one line naming the file and the feature, exit 2, so that a store is never
written back without it. Each field of a real export is replaced in turn by a value of the
wrong kind, and the file given to ``extract`` (GeoJSON, GeoPackage) and ``render``.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import json
import math
from pathlib import Path
from typing import Any

import pytest
from gazhelpers import ROOT

from geo.cli import main
from geo.export import read_incidents

ARTICLES = {
    "embassy.md": "---\npublished: 2023-12-08\n---\n"
    "Rockets struck the US Embassy in Baghdad on Friday, officials said.\n",
    "asad.md": "---\npublished: 2023-12-09\n---\n"
    "A drone attacked Al-Asad Airbase on Saturday, two officials said.\n",
}
BAD_VALUES: dict[str, Any] = {
    "text": "abc",
    "nan": math.nan,
    "inf": math.inf,
    "huge": 10**30,
    "list": ["a", "b"],
    "dict": {"a": 1},
    "true": True,
    "negative": -1,
    "nul": "a\x00b",
}


@pytest.fixture(scope="module")
def good_export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    d = tmp_path_factory.mktemp("good")
    for name, text in ARTICLES.items():
        (d / name).write_text(text, encoding="utf-8")
    rc = main(
        ["-q", "extract", str(d / "embassy.md"), str(d / "asad.md"), "-o", str(d / "g.geojson")]
    )
    assert rc == 0
    data: dict[str, Any] = json.loads((d / "g.geojson").read_text(encoding="utf-8"))
    assert len(data["features"]) == 2
    return data


def _cases(data: dict[str, Any]) -> list[tuple[str, str]]:
    props = data["features"][0]["properties"]
    src = props["sources"][0]
    return (
        [("properties", k) for k in props]
        + [("source", k) for k in src]
        + [("place", k) for k in src["place"]]
        + [("geometry", "coordinates")]
    )


def _spoil(data: dict[str, Any], where: str, key: str, value: Any) -> dict[str, Any]:
    d = copy.deepcopy(data)
    feat = d["features"][0]
    target = {
        "properties": feat["properties"],
        "source": feat["properties"]["sources"][0],
        "place": feat["properties"]["sources"][0]["place"],
        "geometry": feat["geometry"],
    }[where]
    target[key] = value
    return d


def _main(args: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        rc = main(args)
    return rc, err.getvalue()


# The fields of geomap's GeoJSON, as the fixture's export holds them (checked below).
FIELDS = [
    *(("properties", k) for k in (
        "event_id", "event_date", "time_precision", "attack_type", "attack_types_reported",
        "sub_event_type", "intercepted", "place_id", "location", "admin1", "country",
        "country_code",
        "geo_precision", "target", "actor1", "claimed", "fatalities", "injuries", "sources",
        "source_count", "notes", "aliases", "corrections", "trust",
    )),
    *(("source", k) for k in (
        "document", "title", "url", "outlet", "published", "evidence", "char_start",
        "char_end", "event_date", "time_precision", "date_phrase", "attack_type", "place",
        "target", "actor1", "claimed", "fatalities", "injuries", "intercepted", "count",
        "reason",
    )),
    *(("place", k) for k in (
        "place_id", "name", "kind", "lat", "lon", "precision", "country", "admin1",
        "parent_id", "tier", "source_id", "source_ref", "notes",
    )),
    ("geometry", "coordinates"),
]  # fmt: skip


def test_the_table_covers_every_field(good_export: dict[str, Any]) -> None:
    assert sorted(_cases(good_export)) == sorted(FIELDS)


@pytest.mark.parametrize(("where", "key"), FIELDS, ids=[f"{w}.{k}" for w, k in FIELDS])
def test_a_wrongly_typed_field_is_one_line_or_read(
    tmp_path: Path, good_export: dict[str, Any], where: str, key: str
) -> None:
    for kind, value in BAD_VALUES.items():
        src = tmp_path / f"{kind}.geojson"
        # Python's json writes NaN and Infinity as the bare words (not JSON, but found).
        src.write_text(json.dumps(_spoil(good_export, where, key, value)), encoding="utf-8")
        for out in ("o.geojson", "o.gpkg", "map.html"):
            target = tmp_path / out
            target.unlink(missing_ok=True)
            cmd = "render" if out.endswith(".html") else "extract"
            rc, err = _main([cmd, str(src), "-o", str(target)])
            lines = err.splitlines()
            assert "internal error" not in err, (kind, out, err)
            if rc == 2:
                assert len(lines) == 1 and lines[0].startswith("geomap: error: "), err
                # Parsed whole (json.dumps's layout): a JSON error names the file only.
                assert (
                    f"{kind}.geojson: feature 1: " in lines[0]
                    or f"{kind}.geojson: not JSON (Infinity is not a JSON number" in lines[0]
                ), err
                assert not target.exists()
                continue
            assert rc == 0, (kind, out, err)
            if out == "o.geojson":
                text = target.read_text(encoding="utf-8")
                assert "NaN" not in text and "Infinity" not in text
                assert "\x00" not in text and "\\u0000" not in text
            elif out == "o.gpkg":
                incidents, _ = read_incidents(target)
                assert len(incidents) == 2


@pytest.mark.parametrize(
    ("where", "key", "value", "message"),
    [
        ("source", "title", ["a", "b"], "source 'embassy.md': title must be text, got list"),
        ("source", "fatalities", 10**30, "fatalities out of range (0 to 2**53-1): huge"),
        ("source", "fatalities", math.inf, "not JSON (Infinity is not a JSON number"),
        ("source", "fatalities", 1.5, "fatalities must be an integer, got float 1.5"),
        ("source", "published", 20231208, "published must be text, got int 20231208"),
        ("source", "intercepted", "false", "intercepted must be true, false or null"),
        ("place", "lat", "33.3", "lat must be a number, got str '33.3'"),
        ("properties", "target", ["x"], "bad target: expected text, got list ['x']"),
    ],
)
def test_the_error_names_the_file_the_feature_and_the_field(
    tmp_path: Path, good_export: dict[str, Any], where: str, key: str, value: Any, message: str
) -> None:
    src = tmp_path / "bad.geojson"
    src.write_text(json.dumps(_spoil(good_export, where, key, value)), encoding="utf-8")
    rc, err = _main(["extract", str(src), "-o", str(tmp_path / "o.geojson")])
    assert rc == 2 and err.count("\n") == 1, err
    assert err.startswith(f"geomap: error: {src}: ") and message in err, err


def test_nan_in_a_json_file_reads_as_null(tmp_path: Path, good_export: dict[str, Any]) -> None:
    # pandas writes NaN for a missing value; it is never written back into JSON.
    src = tmp_path / "nan.geojson"
    src.write_text(
        json.dumps(_spoil(good_export, "source", "fatalities", math.nan)), encoding="utf-8"
    )
    for out in ("o.geojson", "o.jsonl", "o.csv"):
        rc, err = _main(["extract", str(src), "-o", str(tmp_path / out)])
        assert rc == 0, err
        assert "NaN" not in (tmp_path / out).read_text(encoding="utf-8")
    (inc, _), _ = read_incidents(tmp_path / "o.geojson")
    assert inc.sources[0].fatalities is None


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (lambda t: t.replace('"actor1": null', '"actor1": ' + "[" * 50_000 + "]" * 50_000, 1),
         "not JSON (nested too deeply)"),
        (lambda t: t.replace('"fatalities": null', '"fatalities": ' + "9" * 5000, 1),
         "not JSON (a number with too many digits)"),
        (lambda t: t.replace('"fatalities": null', '"fatalities": Infinity', 1),
         "not JSON (Infinity is not a JSON number)"),
    ],
    ids=["deep", "5000-digits", "infinity"],
)  # fmt: skip
def test_malformed_json_in_an_incident_file_is_one_line(
    tmp_path: Path, good_export: dict[str, Any], spoil: Any, message: str
) -> None:
    good = tmp_path / "good.geojson"
    rc, _ = _main(["-q", "extract", str(_write(tmp_path, good_export)), "-o", str(good)])
    assert rc == 0
    bad = tmp_path / "bad.geojson"
    bad.write_text(spoil(good.read_text(encoding="utf-8")), encoding="utf-8")
    for cmd, out in (("extract", "o.gpkg"), ("render", "m.html")):
        rc, err = _main([cmd, str(bad), "-o", str(tmp_path / out)])
        assert rc == 2 and err.count("\n") == 1, err
        assert err.startswith(f"geomap: error: {bad}: feature 1: {message}"), err


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    f = tmp_path / "export.geojson"
    f.write_text(json.dumps(data), encoding="utf-8")
    return f


def test_nul_in_gpkg_text_never_makes_two_acled_ids_one(tmp_path: Path) -> None:
    # Two ACLED events whose ids differ only after a NUL: GDAL would cut both at the NUL.
    with (ROOT / "tests" / "data" / "acled" / "campaign_2023_2024.csv").open(
        encoding="utf-8", newline=""
    ) as fh:
        rows = list(csv.DictReader(fh))
    first, second = dict(rows[0]), dict(rows[1])
    first["event_id_cnty"], second["event_id_cnty"] = "IRQ9\x00a", "IRQ9\x00b"
    src = tmp_path / "acled.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows([first, second])
    rc, err = _main(["-q", "extract", str(src), "-o", str(tmp_path / "o.gpkg")])
    assert rc == 0, err
    incidents, _ = read_incidents(tmp_path / "o.gpkg")
    assert sorted(i.event_id for i in incidents) == ["acled-IRQ9\ufffda", "acled-IRQ9\ufffdb"]


def test_a_huge_count_from_acled_never_reaches_the_gpkg(tmp_path: Path) -> None:
    with (ROOT / "tests" / "data" / "acled" / "campaign_2023_2024.csv").open(
        encoding="utf-8", newline=""
    ) as fh:
        rows = list(csv.DictReader(fh))
    row = dict(rows[0])
    row["fatalities"] = "9" * 30
    src = tmp_path / "acled.csv"
    with src.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerow(row)
    rc, err = _main(["extract", str(src), "-o", str(tmp_path / "o.gpkg")])
    assert rc == 2 and err.count("\n") == 1
    assert (
        f"{src} line 2: bad fatalities '{'9' * 30}' (expected a whole number, 0 to 2**53-1)" in err
    )
    assert not (tmp_path / "o.gpkg").exists()


def test_a_lone_surrogate_in_an_incident_file_is_written_back(
    tmp_path: Path, good_export: dict[str, Any]
) -> None:
    # Found by the fuzz tests: "\ud800" in JSON read, then refused by UTF-8 at write time.
    data = copy.deepcopy(good_export)
    data["features"][0]["properties"]["sources"][0]["title"] = "half \ud800 pair"
    data["features"][1]["properties"]["event_id"] = "acled-\udc00"
    src = tmp_path / "in.geojson"
    src.write_text(json.dumps(data), encoding="utf-8")  # ASCII: the escapes \ud800, \udc00
    for out in ("o.geojson", "o.csv", "o.jsonl", "o.gpkg"):
        rc, err = _main(["-q", "extract", str(src), "-o", str(tmp_path / out)])
        assert rc == 0, err
        back, _ = read_incidents(tmp_path / out)
        titles = {s.title for i in back for s in i.sources}
        assert "half \ufffd pair" in titles


def test_a_carriage_return_in_a_csv_cell_reads_back(
    tmp_path: Path, good_export: dict[str, Any]
) -> None:
    # Found by the fuzz tests: the CSV was read with universal newlines, "\r" became "\n".
    data = copy.deepcopy(good_export)
    data["features"][0]["properties"]["event_id"] = "acled-a\rb"
    data["features"][0]["properties"]["notes"] = "one\rtwo\r\nthree"
    src = tmp_path / "in.geojson"
    src.write_text(json.dumps(data), encoding="utf-8")
    rc, err = _main(["-q", "extract", str(src), "-o", str(tmp_path / "o.csv")])
    assert rc == 0, err
    back, _ = read_incidents(tmp_path / "o.csv")
    by_id = {i.event_id: i for i in back}
    assert by_id["acled-a\rb"].notes == "one\rtwo\r\nthree"
