"""The format registry (geo.io): one contract for every registered format, and the recipe.

Every writable format of the registry writes a rich incident set (every field of Incident,
Place and Source set, place provenance and corrections included) and reads it back: a
lossless format gives every field back, compared field by field (to_record() leaves most of
a place out, so it could hide a loss); a lossy one (ACLED's layout) what its columns carry.
Then the recipe of docs/architecture.md is followed for a throwaway ``.tsv`` format: one
registration, and the public entry points, the pipeline and ``geomap extract -o x.tsv`` know
it; unregistered, nothing does.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

import pytest
from recordhelpers import every_field_incidents

from geo import export
from geo.cli import build_parser, main
from geo.errors import ExportError, InputError
from geo.io import (
    CSV_COLUMNS,
    Format,
    Store,
    encode_incidents,
    formats,
    get_format,
    input_format,
    iter_incidents,
    read_incidents,
    reading_format,
    register_format,
    tallies_from_dicts,
    unregister_format,
    write_incidents,
)
from geo.models import Incident, Tally
from geo.pipeline import run
from geo.record import incident_from_record

WRITABLE = [f.name for f in formats(writable=True)]
LOSSLESS = [f.name for f in formats(writable=True) if f.lossless]
TALLY = Tally("wire.html", 82, "at least 82 attacks since October 17", 10, 46, "at least")


def differences(a: Any, b: Any, path: str = "") -> list[str]:
    """Every path where ``a`` and ``b`` differ, walking dataclass fields, lists and tuples."""
    if is_dataclass(a) and is_dataclass(b) and type(a) is type(b):
        out = []
        for f in fields(a):
            out += differences(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
        return out
    if isinstance(a, tuple | list) and isinstance(b, tuple | list):
        if len(a) != len(b):
            return [f"{path}: {len(a)} items != {len(b)}"]
        return [
            d
            for i, (x, y) in enumerate(zip(a, b, strict=True))
            for d in differences(x, y, f"{path}[{i}]")
        ]
    return [] if a == b and type(a) is type(b) else [f"{path}: {a!r} != {b!r}"]


def _write_read(tmp_path: Path, name: str, incs: Sequence[Incident]) -> list[Incident]:
    out = write_incidents(incs, tmp_path / f"rich{get_format(name).suffixes[0]}", tallies=[TALLY])
    assert reading_format(out).name == name
    back, _ = read_incidents(out)
    return back


def test_the_registry_holds_geomaps_formats() -> None:
    assert [f.name for f in formats()] == ["geojson", "csv", "gpkg", "jsonl", "acled", "articles"]
    assert LOSSLESS == ["geojson", "csv", "gpkg", "jsonl"]
    assert [f.name for f in formats(writable=False)] == ["articles"]
    assert dict(export.FORMATS) == {
        ".geojson": "geojson", ".csv": "csv", ".gpkg": "gpkg", ".jsonl": "jsonl",
        ".acled.csv": "acled",
    }  # fmt: skip


@pytest.mark.parametrize("name", LOSSLESS)
def test_a_lossless_format_gives_every_field_back(tmp_path: Path, name: str) -> None:
    incs = every_field_incidents()
    back = _write_read(tmp_path, name, incs)
    assert differences(back, incs) == []
    for got, want in zip(back, incs, strict=True):
        # What the comparison above walked, named: place provenance, corrections, trust.
        for g, w in zip((got.place, *(s.place for s in got.sources)),
                        (want.place, *(s.place for s in want.sources)), strict=True):  # fmt: skip
            assert (g.source_id, g.source_ref, g.notes, g.tier, g.parent_id) == (
                w.source_id, w.source_ref, w.notes, w.tier, w.parent_id,
            )  # fmt: skip
        assert got.corrections == want.corrections
        assert [(r.field, r.before, r.after, r.why, r.by, r.when, r.correction)
                for r in got.corrections] == [
                   (r.field, r.before, r.after, r.why, r.by, r.when, r.correction)
                   for r in want.corrections]  # fmt: skip
        assert got.aliases == want.aliases
        assert got.trust == want.trust
        assert [s.coded for s in got.sources] == [s.coded for s in want.sources]
        assert got.to_record() == want.to_record()
    assert any(inc.corrections for inc in back) and any(s.coded for i in back for s in i.sources)


@pytest.mark.parametrize("name", [n for n in WRITABLE if n not in LOSSLESS])
def test_a_lossy_format_gives_back_what_its_columns_carry(tmp_path: Path, name: str) -> None:
    incs = [i for i in every_field_incidents() if i.event_date is not None]  # ACLED: dated only
    back = _write_read(tmp_path, name, incs)
    assert len(back) == len(incs)
    for got, want in zip(back, incs, strict=True):
        assert got.event_date == want.event_date
        assert (got.place.lat, got.place.lon, got.place.name) == (
            want.place.lat, want.place.lon, want.place.name,
        )  # fmt: skip
        assert (got.attack_type, got.actor1, got.target) == (
            want.attack_type, want.actor1, want.target,
        )  # fmt: skip
        assert got.sources and all(s.coded for s in got.sources)  # an event coded elsewhere


@pytest.mark.parametrize("name", [f.name for f in formats(text=True)])
def test_a_text_format_gives_the_same_bytes_to_stdout_and_to_a_file(
    tmp_path: Path, name: str
) -> None:
    incs = every_field_incidents()
    out = write_incidents(incs, tmp_path / "f.out", fmt=name, tallies=[TALLY])
    assert encode_incidents(incs, tallies=[TALLY], fmt=name) == out.read_bytes()


def test_tallies_come_back_where_the_format_holds_them(tmp_path: Path) -> None:
    held = {}
    for name in LOSSLESS:
        out = write_incidents([], tmp_path / f"t{get_format(name).suffixes[0]}", tallies=[TALLY])
        held[name] = tallies_from_dicts(read_incidents(out)[1])
    assert held == {"geojson": [TALLY], "gpkg": [TALLY], "csv": [], "jsonl": []}


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("a.geojson", '{"type": "FeatureCollection", "features": []}', "geojson"),
        ("a.json", '{"type": "FeatureCollection", "features": []}', "geojson"),
        ("a.json", '{"title": "t", "text": "Rockets hit the base."}', "articles"),
        ("a.jsonl", '{"event_id": "x", "sources": []}\n', "jsonl"),
        ("a.jsonl", '{"title": "t", "text": "Rockets hit the base."}\n', "articles"),
        ("a.csv", "event_id,sources,latitude,longitude\n", "csv"),
        ("a.acled.csv", "event_id,sources,latitude,longitude\n", "csv"),  # the header decides
        ("a.csv", "event_id_cnty;event_date;event_type\n", "acled"),
        ("a.md", "Rockets hit the base.", "articles"),
        ("notes", "Rockets hit the base.", "articles"),  # a file given by name is text
    ],
)
def test_input_types_are_told_apart_in_one_place(
    tmp_path: Path, name: str, content: str, expected: str
) -> None:
    p = tmp_path / name
    p.write_text(content, encoding="utf-8")
    assert input_format(p).name == expected


def test_the_articles_format_reads_documents(tmp_path: Path) -> None:
    p = tmp_path / "asad.md"
    p.write_text(ARTICLE, encoding="utf-8")
    articles = input_format(p)
    assert articles.name == "articles" and articles.read is None and not articles.writable
    assert articles.documents is not None
    (doc,) = articles.documents(p)
    assert (doc.title, doc.outlet, str(doc.published)) == (
        "Rockets hit Al-Asad", "Tigris Wire", "2023-12-08",
    )  # fmt: skip


def test_a_csv_neither_format_fits_names_both(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("id,when\n1,2024-01-01\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"not a geomap or ACLED CSV: geomap's needs event_id"):
        iter_incidents(p)


def test_a_name_is_registered_once() -> None:
    with pytest.raises(ValueError, match="registered already"):
        register_format(Format(name="csv", suffixes=(".csv2",), description="CSV"))
    with pytest.raises(ValueError, match="already names 'geojson'"):
        register_format(
            Format(name="geojson2", suffixes=(".geojson",), description="x", encode=_tsv_encode)
        )
    with pytest.raises(ExportError, match="unknown format 'kml'; use geojson, csv, gpkg"):
        get_format("kml")


def test_the_store_is_a_geopackage(tmp_path: Path) -> None:
    from geo.errors import UsageError

    with pytest.raises(UsageError, match=r"--store must be a \.gpkg file"):
        Store(tmp_path / "s.csv")
    with pytest.raises(UsageError, match="store not found"):
        Store(tmp_path / "s.gpkg", must_exist=True)
    store = Store(tmp_path / "s.gpkg")
    assert store.inputs() == []
    incs = every_field_incidents()
    with store.lock():
        store.write(incs, tallies=[TALLY])
    assert store.inputs() == [str(tmp_path / "s.gpkg")]
    assert differences(read_incidents(store.path)[0], incs) == []


# ---------------------------------------------------------------------------------------
# The recipe: a throwaway format, one registration


def _tsv_encode(incidents: Sequence[Incident], *, tallies: Sequence[Tally] = ()) -> bytes:
    """Tab-separated: the CSV columns, each cell JSON (so every value reads back as it was)."""
    buf = io.StringIO(newline="")
    w = csv.writer(buf, delimiter="\t", lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for inc in incidents:
        rec = inc.to_record()
        w.writerow(json.dumps(rec[c], ensure_ascii=False) for c in CSV_COLUMNS)
    return buf.getvalue().encode("utf-8")


def _tsv_read(path: Path) -> tuple[Iterator[Incident], list[dict[str, Any]]]:
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines(), delimiter="\t"))
    header, body = rows[0], rows[1:]
    recs = [{h: json.loads(cell) for h, cell in zip(header, row, strict=True)} for row in body]
    return (incident_from_record(r, r["longitude"], r["latitude"]) for r in recs), []


TSV = Format(
    name="tsv", suffixes=(".tsv",), description="tab-separated values",
    read=_tsv_read, encode=_tsv_encode,
)  # fmt: skip


@pytest.fixture
def tsv() -> Iterator[Format]:
    register_format(TSV)
    try:
        yield TSV
    finally:
        unregister_format("tsv")


ARTICLE = """---
title: "Rockets hit Al-Asad"
source: Tigris Wire
published: 2023-12-08
---
Rockets struck Al-Asad Air Base on Friday, officials said. No one was hurt.
"""


def test_a_registered_format_is_known_everywhere(
    tsv: Format, tmp_path: Path, tiny_gaz_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    incs = every_field_incidents()
    # The public entry points, by name and by --format.
    out = write_incidents(incs, tmp_path / "rich.tsv")
    assert differences(read_incidents(out)[0], incs) == []
    assert encode_incidents(incs, fmt="tsv") == out.read_bytes()
    assert export.FORMATS[".tsv"] == "tsv" and export.format_of("x.TSV") == "tsv"
    # The pipeline reads it as an incident file, through the same detection.
    assert input_format(out) is tsv
    again = run([out], gazetteer=None)
    assert {i.event_id for i in again.incidents} >= {i.event_id for i in incs if i.sources}
    # The command line: a --format choice, and `geomap extract ... -o x.tsv`.
    assert build_parser().parse_args(["extract", "a", "--format", "tsv"]).format == "tsv"
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tiny_gaz_dir))
    src = tmp_path / "articles"
    src.mkdir()
    (src / "asad.md").write_text(ARTICLE, encoding="utf-8")
    assert main(["-q", "extract", str(src), "-o", str(tmp_path / "x.tsv")]) == 0
    assert main(["-q", "extract", str(src), "-o", str(tmp_path / "x.geojson")]) == 0
    from_tsv, _ = read_incidents(tmp_path / "x.tsv")
    from_geojson, _ = read_incidents(tmp_path / "x.geojson")
    assert from_tsv and differences(from_tsv, from_geojson) == []


def test_an_unregistered_format_is_known_nowhere(
    tmp_path: Path,
    tiny_gaz_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    register_format(TSV)
    unregister_format("tsv")
    assert "tsv" not in [f.name for f in formats()] and ".tsv" not in export.FORMATS
    with pytest.raises(ExportError, match=r"unknown the output format of 'x\.tsv'"):
        write_incidents([], tmp_path / "x.tsv")
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tiny_gaz_dir))
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.md"), "-o", str(tmp_path / "x.tsv")]) == 2
    assert "cannot tell the format of 'x.tsv'" in capsys.readouterr().err
