"""The record codec (geo.record): every format gives back every field; other tools' files stay apart.

The contract: an incident written in any format geomap writes (``export.FORMATS``) and read
back is equal to the one written, field by field, with its places' provenance and every
source (the dataclasses are compared, not ``to_record()``, which leaves most of a place out).
Coordinates have 4 decimals, as the formats store them.
"""

from __future__ import annotations

import json
import math
from dataclasses import fields, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from recordhelpers import BASE, every_field_incidents, first_difference

from geo.cli import main
from geo.errors import InputError, SchemaError
from geo.export import FORMATS, iter_incidents, read_incidents, write_incidents
from geo.frame import frame_to_incidents, incidents_to_frame, validate_frame
from geo.models import Incident, Place, Source
from geo.pipeline import run
from geo.record import (
    cell_count,
    cell_date,
    cell_flag,
    incident_from_record,
    is_missing,
    is_native,
    source_from_dict,
)


def test_the_fixture_sets_every_field() -> None:
    # A field left at its default everywhere would go untested.
    incs = every_field_incidents()
    sources = [s for i in incs for s in i.sources]
    places = [s.place for s in sources]
    for objects, cls in ((incs, Incident), (sources, Source), (places, Place)):
        for f in fields(cls):
            values = {repr(getattr(o, f.name)) for o in objects}
            assert len(values) > 1 or f.name in {"sources"}, (cls.__name__, f.name)


# ACLED's layout is ACLED's (``--format acled``): it keeps what ACLED's columns can say and
# is tested on its own (tests/test_acled.py); every other format keeps every field.
LOSSLESS = sorted(set(FORMATS.values()) - {"acled"})


@pytest.mark.parametrize("fmt", LOSSLESS)
def test_every_field_survives_write_and_read(tmp_path: Path, fmt: str) -> None:
    incs = every_field_incidents()
    out = write_incidents(incs, tmp_path / f"i.{fmt}")
    back, _ = read_incidents(out)
    assert first_difference(back, incs) is None
    assert back == incs
    # Written again, the same bytes: nothing was lost or added on the way.
    again = write_incidents(back, tmp_path / f"again.{fmt}")
    assert again.read_bytes() == out.read_bytes()


@pytest.mark.parametrize("fmt", LOSSLESS)
def test_a_blank_entry_of_a_text_list_is_read_as_absent_in_every_format(
    tmp_path: Path, fmt: str
) -> None:
    # an alias "" (or "  ") names nothing, and a CSV cell cannot hold a list with one
    f = tmp_path / "in.jsonl"
    rec = every_field_incidents()[0].to_record()
    rec["aliases"] = ["", "gm-0123456789ab", "  "]
    f.write_text(json.dumps(rec) + "\n", encoding="utf-8")
    (inc,), _ = read_incidents(f)
    assert inc.aliases == ("gm-0123456789ab",)
    back, _ = read_incidents(write_incidents([inc], tmp_path / f"o.{fmt}"))
    assert back[0].aliases == inc.aliases


def test_the_contract_covers_every_format_written() -> None:
    # FORMATS is what write_incidents and iter_incidents know; the test above runs over it.
    assert LOSSLESS == ["csv", "geojson", "gpkg", "jsonl"]
    assert sorted(set(FORMATS.values())) == ["acled", *LOSSLESS]


def test_place_provenance_is_in_the_file(tmp_path: Path) -> None:
    out = write_incidents(every_field_incidents(), tmp_path / "p.geojson")
    place = json.loads(out.read_text(encoding="utf-8"))["features"][0]["properties"]["sources"][0][
        "place"
    ]
    assert (place["source_id"], place["source_ref"]) == ("osm", "way/123456")
    assert place["notes"] == "runway centre; the gate is 2 km east"


# --------------------------------------------------------------------------- frames


def test_a_frame_gives_back_its_incidents() -> None:
    incs = every_field_incidents()
    assert frame_to_incidents(incidents_to_frame(incs)) == incs
    assert frame_to_incidents(incidents_to_frame([])) == []


def test_missing_values_in_a_frame_read_as_none() -> None:
    import pandas as pd

    gdf = incidents_to_frame(every_field_incidents())
    gdf["fatalities"] = pd.array([pd.NA, 2, pd.NA, 3], dtype="Int64")
    gdf["target"] = [math.nan, None, "depot", pd.NA]
    gdf["claimed"] = [None, math.nan, True, False]
    back = frame_to_incidents(gdf)
    assert [i.fatalities for i in back] == [None, 2, None, 3]
    assert [i.target for i in back] == [None, None, "depot", None]
    assert [i.claimed for i in back] == [None, None, True, False]


def test_a_bad_row_of_a_frame_is_named() -> None:
    gdf = incidents_to_frame(every_field_incidents())
    gdf.loc[2, "geo_precision"] = 9
    with pytest.raises(SchemaError, match=r"^incident frame: row 3: bad geo_precision 9 "):
        frame_to_incidents(gdf)


def test_validate_frame_names_what_is_wrong() -> None:
    import geopandas as gpd
    import pandas as pd
    from shapely.geometry import LineString

    good = incidents_to_frame(every_field_incidents())
    assert validate_frame(good) is good
    with pytest.raises(SchemaError, match="expected a GeoDataFrame, got DataFrame"):
        validate_frame(pd.DataFrame(good.drop(columns="geometry")))
    with pytest.raises(SchemaError, match="missing columns sources, notes"):
        validate_frame(good.drop(columns=["notes", "sources"]))
    with pytest.raises(SchemaError, match="CRS must be EPSG:4326, got EPSG:3857"):
        validate_frame(good.set_crs("EPSG:3857", allow_override=True))
    lines = good.copy()
    lines.geometry = gpd.GeoSeries([LineString([(0, 0), (1, 1)])] * 4, crs="EPSG:4326")
    with pytest.raises(SchemaError, match=r"geometry must be Points, got \['LineString'\]"):
        validate_frame(lines)
    typed = good.copy()
    typed.loc[1, "attack_type"] = "catapult"
    with pytest.raises(SchemaError, match=r"unknown attack_type \['catapult'\]"):
        validate_frame(typed)
    twice = good.copy()
    twice.loc[3, "event_id"] = twice.loc[0, "event_id"]
    with pytest.raises(SchemaError, match=r"duplicate event_id '2024-01-20-iq\.anbar"):
        validate_frame(twice)
    with pytest.raises(SchemaError, match="missing columns"):
        frame_to_incidents(good.drop(columns=["sources"]))


# --------------------------------------------------------------------------- the codec


def test_one_rule_for_missing_values() -> None:
    import pandas as pd

    assert all(is_missing(v) for v in (None, math.nan, pd.NA, pd.NaT))
    assert not any(is_missing(v) for v in ("", 0, 0.0, False, [], {}))
    assert [cell_count(v, "n") for v in ("", None, math.nan, pd.NA, "7", 7, 7.0)] == [
        None, None, None, None, 7, 7, 7,
    ]  # fmt: skip
    assert [cell_flag(v, "f") for v in ("", None, "true", "0", False)] == [
        None, None, True, False, False,
    ]  # fmt: skip
    assert cell_date("", "d") is None and cell_date("2024-01-02", "d") == date(2024, 1, 2)
    with pytest.raises(SchemaError, match="bad n '-1'"):
        cell_count("-1", "n")


def test_a_source_takes_what_it_leaves_out_from_its_record() -> None:
    record = {"event_date": "2024-03-01", "attack_type": "drone", "target": "a depot"}
    s = source_from_dict({"document": "x", "place": None}, place=BASE, record=record)
    assert (s.event_date, s.attack_type, s.target) == ("2024-03-01", "drone", "a depot")
    # What a source says, even null, is its own: geomap's undated report stays undated.
    s = source_from_dict(
        {"document": "x", "event_date": None, "attack_type": "rocket"}, place=BASE, record=record
    )
    assert (s.event_date, s.attack_type, s.target) == (None, "rocket", "a depot")


def test_geomap_records_are_native_and_others_are_not() -> None:
    own = every_field_incidents()[0].to_record()
    assert is_native(own["sources"])
    assert not is_native([])
    assert not is_native([{"document": "a.html", "evidence": "x"}])
    inc = incident_from_record(own, own["longitude"], own["latitude"])
    assert not any(s.coded for s in inc.sources)
    bare = {
        "event_date": "2024-01-02",
        "attack_type": "rocket",
        "location": "Qaim",
        "country": "IQ",
    }
    made = incident_from_record(bare, 41.0, 34.4, origin="f.geojson#4")
    assert made.event_id == "f.geojson#4" and made.place.place_id == "Qaim"
    assert made.attack_types_reported == ("rocket",)
    (s,) = made.sources
    assert (s.document, s.event_date, s.attack_type, s.coded) == (
        "f.geojson#4", "2024-01-02", "rocket", True,
    )  # fmt: skip


# --------------------------------------------------------------------------- other tools' files

# Five attacks as another tool lists them: three drone attacks in Baghdad on one day (its
# analysts kept them apart), a rocket attack there the next day, one attack elsewhere.
FOREIGN = [
    ("2024-01-02", "drone", 44.3661, 33.3152, "baghdad"),
    ("2024-01-02", "drone", 44.3661, 33.3152, "baghdad"),
    ("2024-01-03", "rocket", 44.3661, 33.3152, "baghdad"),
    ("2024-01-02", "drone", 44.3661, 33.3152, "baghdad"),
    ("2024-01-05", "mortar", 42.4412, 33.7856, "asad"),
]


def write_foreign(path: Path, *, with_sources: bool = False) -> Path:
    features = []
    for n, (day, kind, lon, lat, place) in enumerate(FOREIGN, start=1):
        props: dict[str, Any] = {"event_date": day, "attack_type": kind, "place_id": place,
                                 "country": "IQ"}  # fmt: skip
        if with_sources:  # a fuller record, whose sources say nothing of their own
            props |= {"event_id": f"evt-{n}", "target": f"target {n}", "actor1": f"group {n}",
                      "sources": [{"document": f"report-{n}.pdf", "evidence": f"Attack {n}."}]}  # fmt: skip
        features.append(
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon, lat]},
             "properties": props}
        )  # fmt: skip
    with path.open("w", encoding="utf-8") as fh:
        json.dump({"type": "FeatureCollection", "features": features}, fh)
    return path


def _main(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str]:
    rc = main(args)
    return rc, capsys.readouterr().err


def _kept_apart(incidents: list[Incident]) -> list[tuple[str | None, str]]:
    return sorted(
        (i.event_date.isoformat() if i.event_date else None, i.attack_type) for i in incidents
    )


EXPECTED = sorted((day, kind) for day, kind, *_ in FOREIGN)


@pytest.mark.parametrize("out", ["o.geojson", "o.csv", "o.gpkg", "o.jsonl"])
def test_a_foreign_file_extracted_keeps_one_incident_per_feature(
    tmp_path: Path, out: str, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_foreign(tmp_path / "theirs.geojson")
    rc, err = _main(capsys, ["extract", str(src), "-o", str(tmp_path / out)])
    assert rc == 0, err
    assert "5 incidents" in err
    back, _ = read_incidents(tmp_path / out)
    assert _kept_apart(back) == EXPECTED
    assert sorted(i.event_id for i in back) == [f"theirs.geojson#{n}" for n in range(1, 6)]
    for inc in back:
        (s,) = inc.sources
        assert (s.event_date, s.attack_type) == (inc.event_date.isoformat(), inc.attack_type)
    # geomap's file of them is read again as given: still five, never merged.
    again = run([tmp_path / out], gazetteer=None)
    assert _kept_apart(again.incidents) == EXPECTED


def test_a_foreign_file_rendered_keeps_one_incident_per_feature(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_foreign(tmp_path / "theirs.geojson")
    rc, err = _main(capsys, ["render", str(src), "-o", str(tmp_path / "m.html")])
    assert rc == 0, err
    assert "geomap: 5 incidents from 0 articles" in err
    html = (tmp_path / "m.html").read_text(encoding="utf-8")
    for n in range(1, 6):
        assert f"theirs.geojson#{n}" in html


def test_sources_without_a_date_or_type_take_their_records(tmp_path: Path) -> None:
    src = write_foreign(tmp_path / "full.geojson", with_sources=True)
    result = run([src], gazetteer=None)
    assert _kept_apart(result.incidents) == EXPECTED
    for inc in result.incidents:
        n = inc.event_id.removeprefix("evt-")
        (s,) = inc.sources
        assert s.document == f"report-{n}.pdf"
        assert (s.event_date, s.attack_type) == (inc.event_date.isoformat(), inc.attack_type)
        assert (inc.target, inc.actor1) == (f"target {n}", f"group {n}")
        assert (s.target, s.actor1) == (inc.target, inc.actor1)


def test_remerge_merges_a_foreign_file_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_foreign(tmp_path / "theirs.geojson")
    rc, err = _main(capsys, ["extract", "--remerge", str(src), "-o", str(tmp_path / "m.geojson")])
    assert rc == 0, err
    back, _ = read_incidents(tmp_path / "m.geojson")
    # The three drone attacks of one day at one place are one incident by geomap's rules.
    assert _kept_apart(back) == [("2024-01-02", "drone"), ("2024-01-03", "rocket"),
                                 ("2024-01-05", "mortar")]  # fmt: skip
    (drones,) = [i for i in back if i.attack_type == "drone"]
    assert drones.source_count == 3
    # Merged by geomap, they are geomap's reports now: merged again, not kept as given.
    assert not any(s.coded for i in back for s in i.sources)


def test_a_foreign_file_given_twice_or_kept_in_the_store_counts_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write_foreign(tmp_path / "theirs.geojson")
    assert _kept_apart(run([src, src], gazetteer=None).incidents) == EXPECTED
    store = tmp_path / "store.gpkg"
    for _ in range(2):
        rc, err = _main(capsys, ["extract", str(src), "--store", str(store)])
        assert rc == 0, err
        assert "warning" not in err
    assert "store.gpkg holds 5 incidents" in err


def test_a_foreign_record_with_a_bad_value_is_one_line(tmp_path: Path) -> None:
    src = tmp_path / "bad.geojson"
    feature = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.0, 33.0]},
               "properties": {"event_date": "2024-01-02", "attack_type": "rocket"}}  # fmt: skip
    src.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    incs, _ = iter_incidents(src)
    with pytest.raises(InputError, match=r"bad\.geojson: feature 1: empty place_id$"):
        list(incs)


def test_a_geomap_file_is_still_merged_with_new_reports(tmp_path: Path) -> None:
    inc = every_field_incidents()[0]
    inc = replace(inc, sources=inc.sources[:1])
    later = replace(inc, event_id="other-id", sources=(replace(inc.sources[0], document="new.md"),))
    first = write_incidents([inc], tmp_path / "a.geojson")
    second = write_incidents([later], tmp_path / "b.geojson")
    (merged,) = run([first, second], gazetteer=None).incidents
    assert {s.document for s in merged.sources} == {"wire-2024-01-20.html", "new.md"}
