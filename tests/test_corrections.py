"""Corrections that stick: through the command line, on articles written for these tests."""

import contextlib
import csv
import io
import json
from pathlib import Path

import pytest

from geo.cli import main
from geo.export import read_incidents

# Day one: a vague first report. Day two: another outlet names the site and the day.
FIRST = """---
title: Blasts heard in Baghdad
source: Tigris Wire
published: 2023-12-09
---
Rockets struck Baghdad earlier this week, residents said. There was no word on casualties.
"""
SECOND = """---
title: Embassy was the target
source: Levant Desk
published: 2023-12-10
---
The rockets that fell on Thursday hit the US Embassy in Baghdad, a security source told us.
"""
DRONE = """---
title: Drone over Erbil
source: Frontier Ledger
published: 2023-12-10
---
A one-way attack drone struck Erbil Air Base on Friday, officials said.
"""
THREAT = """---
title: A warning
source: Frontier Ledger
published: 2023-12-11
---
A drone attack hit Al-Asad Air Base on Sunday, a group claimed, though no one confirmed it.
"""


@pytest.fixture(autouse=True)
def _tiny(monkeypatch: pytest.MonkeyPatch, tiny_gaz_dir: Path) -> None:
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tiny_gaz_dir))


def article(d: Path, name: str, text: str) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return d


def cli(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        rc = main(list(args))
    return rc, err.getvalue()


def only(store: Path, place_prefix: str = "iq.baghdad") -> dict:
    recs = [i.to_record() for i in read_incidents(store)[0]]
    (rec,) = [r for r in recs if r["place_id"].startswith(place_prefix)]
    return rec


def test_a_correction_survives_a_later_article_that_refines_the_place(tmp_path: Path) -> None:
    store = tmp_path / "s.gpkg"
    a = article(tmp_path / "day1", "first.md", FIRST)
    assert cli("extract", str(a), "--store", str(store))[0] == 0
    first = only(store)
    assert (first["place_id"], first["time_precision"]) == ("iq.baghdad", 2)
    fixes = tmp_path / "corrections.yaml"
    fixes.write_text(
        f"""# reviewed by the desk
- id: {first["event_id"]}
  actor: KH
  fatalities: 0
  why: the group's channel claimed it; the ministry said no one was hurt
  by: ana
  when: 2023-12-10
""",
        encoding="utf-8",
    )
    rc, err = cli("extract", str(a), "--store", str(store), "--corrections", str(fixes))
    assert rc == 0, err
    corrected = only(store)
    assert (corrected["actor1"], corrected["fatalities"]) == ("Kataib Hezbollah", 0)
    assert corrected["corrections"][0] == {
        "field": "actor1", "from": None, "to": "Kataib Hezbollah",
        "why": "the group's channel claimed it; the ministry said no one was hurt",
        "by": "ana", "when": "2023-12-10", "correction": "corrections.yaml line 2",
    }  # fmt: skip

    # the next morning: a new article refines place and day; no --corrections given, the
    # store kept them
    b = article(tmp_path / "day2", "second.md", SECOND)
    rc, err = cli("extract", str(b), "--store", str(store))
    assert rc == 0 and "warning" not in err, err
    refined = only(store)
    assert refined["event_id"] == first["event_id"]
    assert refined["source_count"] == 2
    assert (refined["place_id"], refined["event_date"]) == ("iq.baghdad.us-embassy", "2023-12-07")
    assert (refined["actor1"], refined["fatalities"]) == ("Kataib Hezbollah", 0)
    assert [r["field"] for r in refined["corrections"]] == ["actor1", "fatalities"]
    assert "corrected (actor1, fatalities) by ana on 2023-12-10" in refined["notes"]

    # the same run again changes nothing; the map from the store is the corrected one
    before = store.read_bytes()
    assert cli("extract", str(b), "--store", str(store))[0] == 0
    assert store.read_bytes() == before
    gj = tmp_path / "map.geojson"
    rc, _ = cli(
        "render", "--store", str(store), "-o", str(tmp_path / "m.html"), "--geojson", str(gj)
    )
    assert rc == 0
    (feature,) = json.loads(gj.read_text(encoding="utf-8"))["features"]
    assert feature["properties"]["actor1"] == "Kataib Hezbollah"


def test_a_stale_correction_is_reported_by_its_line(tmp_path: Path) -> None:
    a = article(tmp_path / "in", "first.md", FIRST)
    fixes = tmp_path / "fixes.csv"
    with fixes.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "type", "why", "by", "when"])
        w.writerow(["gm-000000000000", "mortar", "a mortar, per the police", "ana", "2023-12-10"])
    out = tmp_path / "o.geojson"
    rc, err = cli("extract", str(a), "-o", str(out), "--corrections", str(fixes))
    assert rc == 0
    assert (
        "geomap: warning: fixes.csv line 2: no incident is 'gm-000000000000'; "
        "the correction changed nothing (stale?)"
    ) in err
    (inc,) = read_incidents(out)[0]
    assert inc.attack_type == "rocket" and inc.corrections == ()


def test_place_date_type_and_casualties_from_csv_carried_by_every_export(tmp_path: Path) -> None:
    a = article(tmp_path / "in", "first.md", FIRST)
    probe = tmp_path / "probe.geojson"
    assert cli("extract", str(a), "-o", str(probe))[0] == 0
    (inc,) = read_incidents(probe)[0]
    fixes = tmp_path / "fixes.csv"
    with fixes.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "place", "date", "type", "injuries", "why", "by", "when"])
        w.writerow(
            [inc.event_id, "33.3, 44.4", "2023-12-06", "mortar", "3", "=cmd()", "bo", "2023-12-11"]
        )
    for fmt in ("geojson", "csv", "gpkg"):
        out = tmp_path / f"o.{fmt}"
        rc, err = cli("extract", str(a), "-o", str(out), "--corrections", str(fixes))
        assert rc == 0, err
        (got,) = read_incidents(out)[0]
        assert (got.place.lat, got.place.lon, got.place.country) == (33.3, 44.4, "IQ")
        assert (got.event_date.isoformat(), got.time_precision) == ("2023-12-06", 1)
        assert (got.attack_type, got.injuries) == ("mortar", 3)
        assert [r.field for r in got.corrections] == [
            "place_id", "event_date", "attack_type", "injuries",
        ]  # fmt: skip
        assert {(r.by, r.when, r.why) for r in got.corrections} == {("bo", "2023-12-11", "=cmd()")}
    # the CSV cell is a JSON array: a spreadsheet shows it as text, never runs the reason
    with (tmp_path / "o.csv").open(newline="", encoding="utf-8") as fh:
        (row,) = csv.DictReader(fh)
    assert row["corrections"].startswith('[{"field": "place_id"')


def test_not_an_incident_stays_dropped_and_comes_back_when_withdrawn(tmp_path: Path) -> None:
    store = tmp_path / "s.gpkg"
    a = article(tmp_path / "in", "threat.md", THREAT)
    article(tmp_path / "in", "drone.md", DRONE)
    assert cli("extract", str(a), "--store", str(store))[0] == 0
    asad = only(store, "iq.anbar")
    fixes = tmp_path / "c.yaml"
    fixes.write_text(
        f"corrections:\n- {{id: {asad['event_id']}, not_incident: true, why: an unconfirmed "
        "claim, by: ana, when: 2023-12-12}\n",
        encoding="utf-8",
    )
    rc, err = cli("extract", "--store", str(store), "--corrections", str(fixes))
    assert rc == 0 and "warning" not in err, err
    assert [r["place_id"] for r in (i.to_record() for i in read_incidents(store)[0])] == [
        "iq.erbil.air-base"
    ]
    # the store alone, run again: still dropped, and the correction still finds it
    rc, err = cli("extract", "--store", str(store))
    assert rc == 0 and "warning" not in err, err
    assert len(read_incidents(store)[0]) == 1
    # withdrawn: the incident is back, with its id
    fixes.write_text("corrections: []\n", encoding="utf-8")
    assert cli("extract", "--store", str(store), "--corrections", str(fixes))[0] == 0
    assert only(store, "iq.anbar")["event_id"] == asad["event_id"]


def test_two_incidents_are_one_and_a_source_belongs_elsewhere(tmp_path: Path) -> None:
    a = article(tmp_path / "in", "first.md", FIRST)
    article(tmp_path / "in", "drone.md", DRONE)
    probe = tmp_path / "probe.geojson"
    assert cli("extract", str(a), "-o", str(probe))[0] == 0
    rocket, drone = sorted(read_incidents(probe)[0], key=lambda i: i.attack_type, reverse=True)
    assert (rocket.attack_type, drone.attack_type) == ("rocket", "drone")
    older = min((rocket, drone), key=lambda i: i.sources[0].published or "")
    fixes = tmp_path / "c.yaml"
    fixes.write_text(
        f"- {{id: {rocket.event_id}, same_as: {drone.event_id}, why: one barrage, by: ana, "
        "when: 2023-12-12}\n",
        encoding="utf-8",
    )
    out = tmp_path / "o.geojson"
    rc, err = cli("extract", str(a), "-o", str(out), "--corrections", str(fixes))
    assert rc == 0, err
    (one,) = read_incidents(out)[0]
    assert one.event_id == older.event_id and one.source_count == 2
    other = drone if older is rocket else rocket
    assert one.aliases == (other.event_id,)
    assert one.corrections[0].field == "merged"

    # the drone report is in fact of the rocket incident, the other way round
    fixes.write_text(
        f"- id: {drone.event_id}\n  source: drone.md\n  move_to: {rocket.event_id}\n"
        "  why: the same night\n  by: ana\n  when: 2023-12-12\n",
        encoding="utf-8",
    )
    rc, err = cli("extract", str(a), "-o", str(out), "--force", "--corrections", str(fixes))
    assert rc == 0, err
    (moved,) = read_incidents(out)[0]
    assert moved.event_id == rocket.event_id and moved.source_count == 2
    assert drone.event_id in moved.aliases
    assert (moved.corrections[0].field, moved.corrections[0].before) == ("source", drone.event_id)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("c.yaml", "- {id: x, why: w, by: b}\n", "c.yaml line 1: 'when' is missing"),
        ("c.yaml", "- {id: x, why: w, by: b, when: soon, type: rocket}\n", "when must be a day"),
        ("c.yaml", "- {id: x, why: w, by: b, when: 2023-12-01}\n", "it changes nothing"),
        ("c.yaml", "- {id: x, why: w, by: b, when: 2023-12-01, type: laser}\n", "unknown type"),
        ("c.yaml", "- {id: x, why: w, by: b, when: 2023-12-01, colour: red}\n", "unknown key"),
        ("c.yaml", "- {id: x, why: w, by: b, when: 2023-12-01, place: Atlantis}\n",
         "place 'Atlantis' is no gazetteer place_id or name"),
        ("c.yaml", "- {id: x, why: w, by: b, when: 2023-12-01, fatalities: many}\n",
         "fatalities must be a whole number"),
        ("c.yaml", "- {id: x, why: w, by: b, when: 2023-12-01, source: a.md}\n",
         "source and move_to go together"),
        ("c.yaml", "- &a {id: x}\n- *a\n", "YAML aliases"),
        ("c.yaml", "- [unclosed\n", "c.yaml line 2: not YAML"),
        ("c.yaml", "id: x\n", "a corrections file is a list"),
        ("c.txt", "id,why\n", "must be .yaml, .yml or .csv"),
        ("c.csv", "id,why,by,when,type\nx,w,b,2023-12-01,rocket,extra\n",
         "c.csv line 2: 6 cells for 5 columns"),
        ("c.csv", "id,why,by,when,date\nx,w,b,2023-12-01,12/01/2023\n",
         "c.csv line 2: date must be YYYY-MM-DD, got '12/01/2023'"),
        ("c.csv", b"id,why\n\xff\n", "not UTF-8"),
    ],
)  # fmt: skip
def test_a_bad_corrections_file_is_one_line_and_exit_2(
    tmp_path: Path, name: str, text: str | bytes, message: str
) -> None:
    a = article(tmp_path / "in", "first.md", FIRST)
    fixes = tmp_path / name
    if isinstance(text, bytes):
        fixes.write_bytes(text)
    else:
        fixes.write_text(text, encoding="utf-8")
    out = tmp_path / "o.geojson"
    for cmd in (
        ["extract", str(a), "-o", str(out)],
        ["render", str(a), "-o", str(tmp_path / "m.html")],
    ):
        rc, err = cli(*cmd, "--corrections", str(fixes))
        assert rc == 2 and err.count("\n") == 1, err
        assert err.startswith("geomap: error: ") and message in err, err
    assert not out.exists()


def test_a_missing_corrections_file_is_one_line(tmp_path: Path) -> None:
    a = article(tmp_path / "in", "first.md", FIRST)
    rc, err = cli("extract", str(a), "-o", str(tmp_path / "o.csv"), "--corrections", "nope.yaml")
    assert rc == 2 and err == "geomap: error: no such corrections file: nope.yaml\n"


def test_corrections_on_rows_kept_as_given_acled(tmp_path: Path) -> None:
    acled = Path(__file__).parent / "data" / "acled" / "campaign_2023_2024.csv"
    store = tmp_path / "s.gpkg"
    fixes = tmp_path / "c.yaml"
    fixes.write_text(
        "- {id: acled-IRQ90002, fatalities: 1, why: the hospital's list, by: ana, when: 2024-01-02}\n"
        "- {id: acled-IRQ90002, not_incident: true, why: a drill, by: bo, when: 2024-01-03}\n"
        "- {id: acled-IRQ90001, type: rocket, why: the video shows rockets, by: ana, "
        "when: 2024-01-02}\n",
        encoding="utf-8",
    )
    rc, err = cli("extract", str(acled), "--store", str(store), "--corrections", str(fixes))
    assert rc == 0 and "warning" not in err, err
    by_id = {i.event_id: i for i in read_incidents(store)[0]}
    assert "acled-IRQ90002" not in by_id
    assert by_id["acled-IRQ90001"].attack_type == "rocket"
    assert by_id["acled-IRQ90001"].to_record()["trust"] == "reviewed"
    before = store.read_bytes()
    # again with the same ACLED file and the store alone: the same, and no complaint
    rc, err = cli("extract", str(acled), "--store", str(store))
    assert rc == 0 and "warning" not in err, err
    assert store.read_bytes() == before


@pytest.mark.slow  # about 15 s: geomap waits 1 s between requests to one host
def test_the_morning_loop_feeds_store_correction_map_and_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the README's worked example, against a real server on 127.0.0.1 (tests/test_fetch.py's)
    from test_fetch import Server

    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path / "cache"))
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)
    server = Server()
    server.thread.start()
    try:
        store = tmp_path / "incidents.gpkg"
        feeds = tmp_path / "feeds.txt"
        feeds.write_text(f"{server.base}/rss.xml\n{server.base}/atom.xml\n", encoding="utf-8")
        loop = ["extract", "--feed", str(feeds), "--store", str(store)]
        assert cli(*loop)[0] == 0
        asad = only(store, "iq.anbar")
        fixes = tmp_path / "corrections.yaml"
        fixes.write_text(
            f"- id: {asad['event_id']}\n  type: ballistic_missile\n  why: the base's statement\n"
            "  by: ana\n  when: 2024-01-21\n",
            encoding="utf-8",
        )
        rc, err = cli(*loop, "--corrections", str(fixes))
        assert rc == 0 and "stale" not in err, err
        gj = tmp_path / "today.geojson"
        rc, err = cli(
            "render",
            "--store",
            str(store),
            "-o",
            str(tmp_path / "today.html"),
            "--geojson",
            str(gj),
        )
        assert rc == 0, err
        props = [f["properties"] for f in json.loads(gj.read_text(encoding="utf-8"))["features"]]
        (mapped,) = [p for p in props if p["event_id"] == asad["event_id"]]
        assert (mapped["attack_type"], mapped["trust"]) == ("ballistic_missile", "reviewed")
        before = store.read_bytes()
        assert cli(*loop)[0] == 0  # the next morning, nothing new: nothing changes
        assert store.read_bytes() == before
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
