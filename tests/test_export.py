"""Exports: RFC 7946 GeoJSON, CSV, GeoPackage, JSON Lines; round trips; bad input; atomicity."""

from __future__ import annotations

import csv
import hashlib
import json
import math
import os
import sqlite3
import stat
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from geo.errors import ExportError, InputError
from geo.export import (
    CSV_COLUMNS,
    FORMATS,
    TALLY_COLUMNS,
    atomic_write,
    csv_safe,
    csv_unsafe,
    encode_incidents,
    iter_incidents,
    read_incidents,
    replaces_a_file,
    tallies_from_dicts,
    write_incidents,
)
from geo.gazetteer import Gazetteer
from geo.models import INCIDENT_COLUMNS, Evidence, Incident, Place, Source, Tally
from geo.pipeline import run

FORMULA = '=HYPERLINK("http://x","y")'

ASAD = Place(
    "iq.anbar.al-asad", "عين الأسد", "air_base", 33.785612, 42.441234, 1, "IQ", "Anbar",
    parent_id="iq.gov.anbar",
)  # fmt: skip
EMBASSY = Place(
    "iq.baghdad.us-embassy", "US Embassy Baghdad", "embassy", 33.2986, 44.3964, 1, "IQ", "Baghdad",
    parent_id="iq.baghdad",
)  # fmt: skip
TOWER = Place("jo.tower-22", "Tower 22", "base", 33.3226, 38.6982, 2, "JO", "Mafraq", tier="user")
SOUTH = Place("xx.south", "Southern test point", "city", -33.9249, -70.1234, 3, "CL", "")

#: The formats that keep every field (ACLED's layout keeps what ACLED's columns say).
LOSSLESS = sorted(set(FORMATS.values()) - {"acled"})
#: The file extension of each format.
EXT = {fmt: ext for ext, fmt in FORMATS.items()}


def _source(doc: str, place: Place, evidence: str, **kw: Any) -> Source:
    fields: dict[str, Any] = {
        "title": None,
        "url": None,
        "outlet": None,
        "published": None,
        "char_start": 10,
        "char_end": 10 + len(evidence),
        "event_date": None,
        "attack_type": "unknown",
    }
    fields.update(kw)
    return Source(document=doc, evidence=evidence, place=place, **fields)


def make_incidents() -> list[Incident]:
    """Incidents exercising every field: non-Latin text, quotes, None vs 0, claims, formulas."""
    s1 = _source(
        "rudaw-2024-01-20.html",
        ASAD,
        "Ballistic missiles struck “Ain al-Asad” air base on Saturday.",
        title="صواريخ على عين الأسد",
        url="https://example.org/a?x=1&y=2",
        outlet="Rudaw",
        published="2024-01-21",
        event_date="2024-01-20",
        attack_type="ballistic_missile",
        actor1="Islamic Resistance in Iraq",
        claimed=True,
        fatalities=0,
        injuries=4,
        more_evidence=(Evidence("It was claimed.", 80, 95),),
        date_phrase="on Saturday",
        reason="weapon words",
    )
    s2 = _source(
        "feed.jsonl#3",
        ASAD,
        "Rockets hit the base.\nA second line, with 'quotes' and \"doubles\".",
        outlet="Wire, Inc.",
        published="2024-01-20",
        event_date="2024-01-20",
        attack_type="rocket",
        count=2,
    )
    s3 = _source(
        "embassy.md",
        EMBASSY,
        "Mortars targeted the embassy.",
        title=FORMULA,
        outlet="@handle",
        event_date="2023-12-08",
        time_precision=2,
        attack_type="mortar",
        actor1="Kataib Hezbollah",
        claimed=False,
        fatalities=None,
        injuries=0,
        intercepted=True,
    )
    s4 = _source("undated.txt", TOWER, "A drone attack, date unknown.", attack_type="drone")
    s5 = _source("south.txt", SOUTH, "-1 looks like a number.", attack_type="unknown")
    return [
        Incident(
            event_id="2024-01-20-iq.anbar.al-asad-indirect-fire",
            event_date=date(2024, 1, 20),
            time_precision=1,
            attack_type="ballistic_missile",
            attack_types_reported=("rocket", "ballistic_missile"),
            place=ASAD,
            sources=(s1, s2),
            actor1="Islamic Resistance in Iraq",
            claimed=True,
            fatalities=0,
            injuries=4,
            target="US and coalition forces at Al-Asad Airbase",
            notes="ballistic missile attack at عين الأسد; type disputed: “rocket” vs missile",
        ),
        Incident(
            event_id="2023-12-08-iq.baghdad.us-embassy-indirect-fire",
            event_date=date(2023, 12, 8),
            time_precision=2,
            attack_type="mortar",
            attack_types_reported=("mortar",),
            place=EMBASSY,
            sources=(s3,),
            intercepted=True,
            target=FORMULA,
            actor1="+Kataib Hezbollah",
            claimed=False,
            fatalities=None,
            injuries=0,
            notes="-mortar attack, intercepted",
        ),
        Incident(
            event_id="undated-jo.tower-22-drone",
            event_date=None,
            time_precision=3,
            attack_type="drone",
            attack_types_reported=("drone",),
            place=TOWER,
            sources=(s4,),
        ),
        Incident(
            event_id="undated-xx.south-unknown",
            event_date=None,
            time_precision=1,
            attack_type="unknown",
            attack_types_reported=(),
            place=SOUTH,
            sources=(s5,),
            target="\tTabbed",
            notes="'quoted start",
        ),
    ]


TALLIES = [
    Tally(
        document="rudaw-2024-01-20.html",
        count=151,
        evidence="at least 151 attacks since October 17",
        char_start=5,
        char_end=42,
        qualifier="at least",
        since=date(2023, 10, 17),
        outlet="Rudaw",
        published=date(2024, 1, 21),
        title="عنوان",
        url="https://example.org/t",
    ),
    Tally(document="b.txt", count=0, evidence="no attacks", char_start=0, char_end=10),
]


def records(incidents: list[Incident]) -> list[dict[str, Any]]:
    return [i.to_record() for i in incidents]


@pytest.fixture
def incidents() -> list[Incident]:
    return make_incidents()


# --------------------------------------------------------------------------- GeoJSON


def check_rfc7946(data: Any) -> None:
    """The RFC 7946 rules geomap's GeoJSON must follow (sections 3, 3.1.1, 3.2, 3.3, 4)."""
    assert isinstance(data, dict)
    assert data["type"] == "FeatureCollection"
    assert "crs" not in data  # section 4: no crs member
    assert isinstance(data["features"], list)
    for f in data["features"]:
        assert isinstance(f, dict)
        assert f["type"] == "Feature"
        assert "crs" not in f
        geom = f["geometry"]
        assert geom["type"] == "Point"
        coords = geom["coordinates"]
        assert isinstance(coords, list) and len(coords) == 2
        assert all(isinstance(c, int | float) and not isinstance(c, bool) for c in coords)
        lon, lat = coords
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert all(math.isfinite(c) and round(c, 4) == c for c in coords)  # 4 decimals at most
        props = f["properties"]
        assert isinstance(props, dict)
        assert tuple(props) == INCIDENT_COLUMNS
        assert isinstance(props["sources"], list)
        assert all(isinstance(s, dict) for s in props["sources"])
        assert isinstance(props["attack_types_reported"], list)


def test_geojson_follows_rfc7946(tmp_path: Path, incidents: list[Incident]) -> None:
    out = write_incidents(incidents, tmp_path / "i.geojson", tallies=TALLIES)
    data = json.loads(out.read_text(encoding="utf-8"))
    check_rfc7946(data)
    assert len(data["features"]) == len(incidents)
    # Longitude first.
    assert data["features"][0]["geometry"]["coordinates"] == [42.4412, 33.7856]
    assert data["features"][3]["geometry"]["coordinates"] == [-70.1234, -33.9249]
    # Non-ASCII kept as text, not \u escapes; tallies ride along as a foreign member.
    assert "عين الأسد" in out.read_text(encoding="utf-8")
    assert [t["count"] for t in data["tallies"]] == [151, 0]


def test_geojson_of_nothing_is_valid(tmp_path: Path) -> None:
    out = write_incidents([], tmp_path / "empty.geojson")
    data = json.loads(out.read_text(encoding="utf-8"))
    check_rfc7946(data)
    assert data["features"] == []
    assert read_incidents(out) == ([], [])


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("fmt", LOSSLESS)
def test_every_format_round_trips_without_loss(
    tmp_path: Path, incidents: list[Incident], fmt: str
) -> None:
    out = write_incidents(incidents, tmp_path / f"i.{fmt}", tallies=TALLIES)
    back, tally_rows = read_incidents(out)
    assert records(back) == records(incidents)
    # Details that to_record() alone would not show.
    assert back[0].sources[0].place.kind == "air_base"
    assert back[0].sources[0].more_evidence == (Evidence("It was claimed.", 80, 95),)
    assert [i.claimed for i in back] == [True, False, None, None]
    assert [i.fatalities for i in back] == [0, None, None, None]
    assert [i.injuries for i in back] == [4, 0, None, None]
    assert [i.place.tier for i in back] == ["curated", "curated", "user", "curated"]
    if fmt in {"geojson", "gpkg"}:
        assert tallies_from_dicts(tally_rows) == TALLIES
    else:
        assert tally_rows == []


@pytest.mark.parametrize("fmt", sorted(set(FORMATS.values())))
def test_same_input_gives_same_bytes(tmp_path: Path, incidents: list[Incident], fmt: str) -> None:
    a = write_incidents(incidents, tmp_path / f"a{EXT[fmt]}", tallies=TALLIES)
    b = write_incidents(incidents, tmp_path / f"b{EXT[fmt]}", tallies=TALLIES)
    assert hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


@pytest.mark.parametrize("fmt", sorted(set(FORMATS.values())))
def test_no_incidents_round_trips(tmp_path: Path, fmt: str) -> None:
    out = write_incidents([], tmp_path / f"e{EXT[fmt]}")
    assert read_incidents(out)[0] == []


# --------------------------------------------------------------------------- CSV


def test_csv_opens_in_pandas_and_the_csv_module(tmp_path: Path, incidents: list[Incident]) -> None:
    import pandas as pd

    out = write_incidents(incidents, tmp_path / "i.csv")
    df = pd.read_csv(out, encoding="utf-8", keep_default_na=False)
    assert tuple(df.columns) == CSV_COLUMNS
    assert len(df) == len(incidents)
    assert df["latitude"].dtype.kind == "f" and df["longitude"].dtype.kind == "f"
    assert df.loc[0, "location"] == "عين الأسد"
    assert df.loc[0, "attack_types_reported"] == "rocket; ballistic_missile"
    assert df.loc[0, "event_date"] == "2024-01-20"

    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["event_id"] for r in rows] == [i.event_id for i in incidents]
    assert rows[1]["claimed"] == "false" and rows[2]["claimed"] == ""
    assert rows[0]["fatalities"] == "0" and rows[1]["fatalities"] == ""
    assert json.loads(rows[0]["sources"])[1]["evidence"].startswith("Rockets hit the base.\n")
    assert rows[3]["latitude"] == "-33.9249"  # numbers are never neutralised


def test_formula_stays_text_in_csv(tmp_path: Path, incidents: list[Incident]) -> None:
    out = write_incidents(incidents, tmp_path / "i.csv")
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[1]["target"] == "'" + FORMULA
    assert rows[1]["actor1"] == "'+Kataib Hezbollah"
    assert rows[1]["notes"] == "'-mortar attack, intercepted"
    assert rows[3]["target"] == "'\tTabbed"
    assert rows[3]["notes"] == "''quoted start"  # an apostrophe is escaped too: reversible
    # A title inside the sources cell cannot start the cell: the cell starts with "[".
    assert rows[1]["sources"].startswith("[")
    assert json.loads(rows[1]["sources"])[0]["title"] == FORMULA
    back, _ = read_incidents(out)
    assert back[1].target == FORMULA
    assert back[1].sources[0].title == FORMULA
    assert back[3].notes == "'quoted start"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'x", "''x"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_csv_safe_is_reversible(cell: str, safe: str) -> None:
    assert csv_safe(cell) == safe
    assert csv_unsafe(csv_safe(cell)) == cell


# --------------------------------------------------------------------------- GeoPackage


def test_gpkg_reads_in_pyogrio_and_geopandas(tmp_path: Path, incidents: list[Incident]) -> None:
    import geopandas as gpd
    import pyogrio

    out = write_incidents(incidents, tmp_path / "i.gpkg", tallies=TALLIES)
    layers = {str(name): geom for name, geom in pyogrio.list_layers(out)}
    assert layers == {"incidents": "Point", "tallies": None}

    gdf = gpd.read_file(out, layer="incidents")
    assert gdf.crs.to_epsg() == 4326
    assert set(INCIDENT_COLUMNS) <= set(gdf.columns)
    assert list(gdf["event_id"]) == [i.event_id for i in incidents]
    assert list(gdf.geometry.geom_type) == ["Point"] * len(incidents)
    assert (round(gdf.geometry.x[0], 4), round(gdf.geometry.y[0], 4)) == (42.4412, 33.7856)
    assert gdf.loc[0, "location"] == "عين الأسد"

    tallies = gpd.read_file(out, layer="tallies")
    assert list(tallies.columns)[: len(TALLY_COLUMNS)] == list(TALLY_COLUMNS)
    assert list(tallies["count"]) == [151, 0]
    tdf = pyogrio.read_dataframe(out, layer="tallies", read_geometry=False)
    assert list(tdf["qualifier"].fillna("")) == ["at least", ""]

    # A GeoPackage is SQLite: QGIS finds layers through gpkg_contents.
    with sqlite3.connect(out) as con:
        contents = dict(con.execute("SELECT table_name, data_type FROM gpkg_contents"))
    assert contents == {"incidents": "features", "tallies": "attributes"}


# --------------------------------------------------------------------------- writing rules


def test_existing_output_needs_force(tmp_path: Path, incidents: list[Incident]) -> None:
    out = tmp_path / "i.geojson"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(ExportError, match="exists; use --force"):
        write_incidents(incidents, out)
    assert out.read_text(encoding="utf-8") == "old"
    write_incidents(incidents, out, force=True)
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"


def test_format_overrides_extension(tmp_path: Path, incidents: list[Incident]) -> None:
    out = write_incidents(incidents, tmp_path / "incidents.txt", fmt="csv")
    assert out.read_text(encoding="utf-8").startswith("event_id,event_date,")
    out = write_incidents(incidents, tmp_path / "x.csv", fmt="GeoJSON")
    assert json.loads(out.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    with pytest.raises(ExportError, match="output format"):
        write_incidents(incidents, tmp_path / "incidents.txt")
    with pytest.raises(ExportError, match="unknown format 'kml'"):
        write_incidents(incidents, tmp_path / "i.kml", fmt="kml")


def test_a_failed_write_leaves_the_old_file_and_no_debris(tmp_path: Path) -> None:
    out = tmp_path / "i.geojson"
    out.write_text("old", encoding="utf-8")

    def half_then_fail(p: Path) -> None:
        p.write_text("half", encoding="utf-8")
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        atomic_write(out, half_then_fail, force=True)
    assert out.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["i.geojson"]

    def os_fail(p: Path) -> None:
        raise OSError(28, "No space left on device")

    with pytest.raises(ExportError, match="No space left"):
        atomic_write(out, os_fail, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["i.geojson"]


def test_output_cannot_be_a_directory(tmp_path: Path, incidents: list[Incident]) -> None:
    (tmp_path / "d.csv").mkdir()
    with pytest.raises(ExportError, match="is a directory"):
        write_incidents(incidents, tmp_path / "d.csv", force=True)


def test_force_writes_through_a_symlink_and_keeps_it(
    tmp_path: Path, incidents: list[Incident]
) -> None:
    real_dir, link_dir = tmp_path / "data", tmp_path / "links"
    real_dir.mkdir()
    link_dir.mkdir()
    real = real_dir / "incidents.geojson"
    real.write_text("old", encoding="utf-8")
    link = link_dir / "out.geojson"
    link.symlink_to(os.path.relpath(real, link_dir))
    target_before = os.readlink(link)
    assert replaces_a_file(link)
    with pytest.raises(ExportError, match="exists; use --force"):
        write_incidents(incidents, link)
    assert real.read_text(encoding="utf-8") == "old"

    write_incidents(incidents, link, force=True)
    assert link.is_symlink() and os.readlink(link) == target_before
    assert json.loads(real.read_text(encoding="utf-8"))["type"] == "FeatureCollection"
    # The temporary file was made beside the target and renamed: no debris in either folder.
    assert [p.name for p in real_dir.iterdir()] == ["incidents.geojson"]
    assert [p.name for p in link_dir.iterdir()] == ["out.geojson"]


def test_a_chain_of_links_and_a_dangling_link(tmp_path: Path, incidents: list[Incident]) -> None:
    real = tmp_path / "real.csv"
    real.write_text("old", encoding="utf-8")
    (tmp_path / "hop.csv").symlink_to("real.csv")
    (tmp_path / "out.csv").symlink_to("hop.csv")
    write_incidents(incidents, tmp_path / "out.csv", force=True)
    assert (tmp_path / "out.csv").is_symlink() and (tmp_path / "hop.csv").is_symlink()
    assert real.read_text(encoding="utf-8").startswith("event_id,")

    # A link to a file not there yet: the file is created, the link kept; nothing is replaced.
    (tmp_path / "new.jsonl").symlink_to("sub/made.jsonl")
    assert not replaces_a_file(tmp_path / "new.jsonl")
    write_incidents(incidents, tmp_path / "new.jsonl")
    assert (tmp_path / "new.jsonl").is_symlink()
    assert len((tmp_path / "sub" / "made.jsonl").read_text(encoding="utf-8").splitlines()) == len(
        incidents
    )


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_replacing_keeps_the_mode(tmp_path: Path, incidents: list[Incident], fmt: str) -> None:
    out = tmp_path / f"i.{fmt}"
    write_incidents(incidents, out)
    os.chmod(out, 0o640)
    write_incidents(incidents[:1], out, force=True)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert len(read_incidents(out)[0]) == 1
    link = tmp_path / f"link.{fmt}"
    link.symlink_to(out.name)
    os.chmod(out, 0o604)
    write_incidents(incidents, link, force=True)
    assert stat.S_IMODE(out.stat().st_mode) == 0o604 and link.is_symlink()


def test_a_fifo_is_written_into_not_replaced(tmp_path: Path, incidents: list[Incident]) -> None:
    fifo = tmp_path / "pipe.geojson"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert not replaces_a_file(fifo)  # no --force needed: nothing is replaced
    write_incidents(incidents, fifo)
    reader.join(timeout=60)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert got == [encode_incidents(incidents)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe.geojson"]


def test_a_link_to_a_device_is_written_into(tmp_path: Path, incidents: list[Incident]) -> None:
    # A link in tmp_path, not /dev/null itself: were the device ever replaced, only the
    # link would be lost.
    link = tmp_path / "sink.csv"
    link.symlink_to(os.devnull)
    write_incidents(incidents, link, force=True)
    assert link.is_symlink() and os.readlink(link) == os.devnull
    assert stat.S_ISCHR(Path(os.devnull).stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sink.csv"]


def test_encoded_bytes_are_the_file_bytes(tmp_path: Path, incidents: list[Incident]) -> None:
    for fmt in ("geojson", "csv", "jsonl"):
        out = write_incidents(incidents, tmp_path / f"i.{fmt}", fmt=fmt)
        assert encode_incidents(incidents, fmt=fmt) == out.read_bytes()
    with pytest.raises(ExportError, match="GeoPackage cannot go to standard output"):
        encode_incidents(incidents, fmt="gpkg")


# --------------------------------------------------------------------------- bad input


def _geojson(tmp_path: Path, feature_edit: dict[str, Any] | None = None, **top: Any) -> Path:
    out = write_incidents(make_incidents()[:1], tmp_path / "ok.geojson")
    data = json.loads(out.read_text(encoding="utf-8"))
    data.update(top)
    if feature_edit:
        f = data["features"][0]
        for key, value in feature_edit.items():
            target = f
            *parents, last = key.split(".")
            for part in parents:
                target = target[part]
            target[last] = value
    bad = tmp_path / "bad.geojson"
    bad.write_text(json.dumps(data), encoding="utf-8")
    return bad


def _csv(tmp_path: Path, column: str, value: str) -> Path:
    out = write_incidents(make_incidents()[:1], tmp_path / "ok.csv")
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0][column] = value
    bad = tmp_path / "bad.csv"
    with bad.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(CSV_COLUMNS))
        w.writeheader()
        w.writerows(rows)
    return bad


def _write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    p = tmp_path / name
    if isinstance(data, bytes):
        p.write_bytes(data)
    else:
        p.write_text(data, encoding="utf-8")
    return p


BAD_INPUTS = {
    "missing file": (lambda t: t / "nope.geojson", "no such file"),
    "not json": (lambda t: _write(t, "a.geojson", "{not json"), "not JSON"),
    "not utf-8": (lambda t: _write(t, "a.geojson", b"\xff\xfe\x00{"), "not UTF-8"),
    "not a feature collection": (
        lambda t: _write(t, "a.geojson", '{"type": "Feature"}'),
        "not a GeoJSON FeatureCollection",
    ),
    "longitude out of range": (
        lambda t: _geojson(t, {"geometry.coordinates": [200.0, 33.0]}),
        "feature 1: bad coordinates: longitude",
    ),
    "coordinates as text": (
        lambda t: _geojson(t, {"geometry.coordinates": ["42", "33"]}),
        "feature 1: bad coordinates",
    ),
    "a polygon": (
        lambda t: _geojson(t, {"geometry.type": "Polygon"}),
        "geometry must be a Point",
    ),
    "bad event date": (
        lambda t: _geojson(t, {"properties.event_date": "20/01/2024"}),
        "bad event_date '20/01/2024'",
    ),
    "bad time precision": (
        lambda t: _geojson(t, {"properties.time_precision": 7}),
        "bad time_precision",
    ),
    "sources not an array": (
        lambda t: _geojson(t, {"properties.sources": "x"}),
        "sources must be an array",
    ),
    "csv of something else": (
        lambda t: _write(t, "a.csv", "name,lat,lon\nx,1,2\n"),
        "not a geomap or ACLED CSV: geomap's needs event_id, sources, latitude, longitude; ",
    ),
    "csv missing a column": (
        lambda t: _write(t, "a.csv", "event_id,sources,latitude,longitude\nx,[],1,2\n"),
        "geomap CSV without columns event_date",
    ),
    "csv bad latitude": (lambda t: _csv(t, "latitude", "north"), "line 2: bad coordinates"),
    "csv bad date": (lambda t: _csv(t, "event_date", "2024-13-45"), "line 2: bad event_date"),
    "csv bad claimed": (lambda t: _csv(t, "claimed", "maybe"), "line 2: bad claimed"),
    "csv bad fatalities": (lambda t: _csv(t, "fatalities", "-3"), "line 2: bad fatalities"),
    "csv sources not json": (lambda t: _csv(t, "sources", "[{"), "sources is not a JSON"),
    "jsonl not an object": (
        lambda t: _write(t, "a.jsonl", "[1, 2]\n"),
        "line 1: not a JSON object",
    ),
    "jsonl not json": (lambda t: _write(t, "a.jsonl", "{\n"), "line 1: not JSON"),
    "gpkg that is not one": (lambda t: _write(t, "a.gpkg", "hello"), "cannot read"),
    "unknown suffix": (lambda t: _write(t, "a.kml", "<kml/>"), "unknown incident file type"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gives_one_line_error(tmp_path: Path, case: str) -> None:
    make, message = BAD_INPUTS[case]
    path = make(tmp_path)
    with pytest.raises(InputError) as info:
        read_incidents(path)
    text = str(info.value)
    assert message in text
    assert "\n" not in text


def test_geojson_is_read_one_feature_at_a_time(tmp_path: Path, incidents: list[Incident]) -> None:
    out = write_incidents(incidents, tmp_path / "i.geojson", tallies=TALLIES)
    lines = out.read_text(encoding="utf-8").splitlines()
    # Break the last feature: the first ones still come out before the error is met.
    lines[-2] = lines[-2][:40]
    broken = _write(tmp_path, "broken.geojson", "\n".join(lines) + "\n")
    it, tally_rows = iter_incidents(broken)
    assert tallies_from_dicts(tally_rows) == TALLIES  # the head is read at once
    first = next(it)
    assert first.to_record() == incidents[0].to_record()
    with pytest.raises(InputError, match=rf"broken\.geojson: feature {len(incidents)}: not JSON"):
        list(it)
    # A file cut short is named as such, after the features it holds.
    cut = _write(tmp_path, "cut.geojson", "\n".join(out.read_text().splitlines()[:-1]) + "\n")
    it, _ = iter_incidents(cut)
    with pytest.raises(InputError, match=r"cut\.geojson: truncated"):
        list(it)


def test_sources_at_one_place_share_it_when_read(tmp_path: Path) -> None:
    a, b = make_incidents()[:2]
    twin = replace(
        b, event_id="twin", place=a.place, sources=(replace(b.sources[0], place=a.place),)
    )
    for fmt in LOSSLESS:
        out = write_incidents([a, twin], tmp_path / f"s.{fmt}", force=True)
        back, _ = read_incidents(out)
        assert back[1].sources[0].place.place_id == a.place.place_id
        # one object, not one copy per source: a big file read back holds each place once
        assert back[0].sources[0].place is back[1].sources[0].place, fmt


def test_gpkg_without_incidents_layer(tmp_path: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import Point

    p = tmp_path / "other.gpkg"
    gpd.GeoDataFrame({"a": [1]}, geometry=[Point(1, 2)], crs="EPSG:4326").to_file(
        p, layer="roads", driver="GPKG"
    )
    with pytest.raises(InputError, match=r"no 'incidents' layer \(layers: roads\)$"):
        read_incidents(p)


# --------------------------------------------------------------------------- real pipeline

ARTICLE = """---
title: "Rockets hit the “US Embassy” in Baghdad"
url: https://example.org/embassy
source: Test Wire
published: 2023-12-08
---
Several rockets struck the US Embassy in Baghdad on Friday, officials said.

A drone attack targeted Al-Asad Air Base on Thursday, causing no casualties.
"""


@pytest.fixture
def article_gaz(tiny_gaz: Gazetteer) -> Gazetteer:
    return tiny_gaz


@pytest.mark.parametrize("fmt", LOSSLESS)
def test_extract_then_read_gives_the_same_incidents(
    tmp_path: Path, article_gaz: Gazetteer, fmt: str
) -> None:
    art = tmp_path / "embassy.md"
    art.write_text(ARTICLE, encoding="utf-8")
    direct = run([art], gazetteer=article_gaz)
    assert {i.attack_type for i in direct.incidents} == {"rocket", "drone"}
    out = write_incidents(direct.incidents, tmp_path / f"out.{fmt}", tallies=direct.tallies)
    again = run([out], gazetteer=article_gaz)
    assert records(again.incidents) == records(direct.incidents)
    # Exported incidents merge with the articles again without duplicating anything.
    both = run([out, art], gazetteer=article_gaz)
    assert records(both.incidents) == records(direct.incidents)
