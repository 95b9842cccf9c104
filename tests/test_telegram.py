"""Telegram Desktop channel exports (``result.json``): one document per message."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from geo.cli import main
from geo.documents import read_file

CHANNEL = "Resistance Claims Monitor"

# Our own wording, of real claims of 2023-24 (drones on Al-Asad and Erbil, Jan. 2024).
EXPORT = {
    "name": CHANNEL,
    "type": "public_channel",
    "id": 1900000001,
    "messages": [
        {
            "id": 1,
            "type": "service",
            "date": "2024-01-19T08:00:00",
            "actor": CHANNEL,
            "action": "create_channel",
            "title": CHANNEL,
            "text": "",
        },
        {
            "id": 41,
            "type": "message",
            "date": "2024-01-20T21:40:00",
            "from": CHANNEL,
            "text": [
                {"type": "bold", "text": "Statement:"},
                " The Islamic Resistance in Iraq said it struck Al-Asad Air Base with a "
                "one-way attack drone on Saturday.",
            ],
        },
        {
            "id": 42,
            "type": "message",
            "date": "2024-01-23T06:05:00",
            "from": CHANNEL,
            "photo": "photos/photo_1.jpg",
            "text": "",
        },
        {
            "id": 43,
            "type": "message",
            "date": "2024-01-24T19:30:00",
            "from": CHANNEL,
            "forwarded_from": "Another Channel",
            "text": "The group claimed a drone attack on Erbil Air Base on Wednesday.",
        },
    ],
}


@pytest.fixture(autouse=True)
def _tiny_gazetteer(monkeypatch: pytest.MonkeyPatch, tiny_gaz_dir: Path) -> None:
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tiny_gaz_dir))


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "result.json"
    path.write_text(json.dumps(EXPORT, indent=1), encoding="utf-8")
    return path


def test_each_message_is_a_document(export: Path) -> None:
    docs = list(read_file(export))
    # the service message and the photo without a caption are left out
    assert [d.name for d in docs] == [f"tg:{CHANNEL}/41", f"tg:{CHANNEL}/43"]
    first, second = docs
    assert first.text.startswith("Statement: The Islamic Resistance in Iraq said")
    assert {d.outlet for d in docs} == {CHANNEL}
    assert [d.published.isoformat() for d in docs if d.published] == ["2024-01-20", "2024-01-24"]
    assert first.published_from == "telegram message date"
    assert second.title == f"{CHANNEL}, message 43 (forwarded from Another Channel)"


def test_extract_reads_an_export_end_to_end(
    export: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.geojson"
    assert main(["extract", str(export), "-o", str(out)]) == 0
    assert "no 'text' string" not in capsys.readouterr().err
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    found = {f["properties"]["place_id"]: f["properties"] for f in features}
    assert set(found) == {"iq.anbar.al-asad", "iq.erbil.air-base"}
    asad, erbil = found["iq.anbar.al-asad"], found["iq.erbil.air-base"]
    # "on Saturday" in a message of Saturday 20 January; "on Wednesday" on the 24th
    assert asad["event_date"] == "2024-01-20"
    assert erbil["event_date"] == "2024-01-24"
    assert asad["attack_type"] == erbil["attack_type"] == "drone"
    assert asad["actor1"] == "Islamic Resistance in Iraq"
    for props, msg in ((asad, 41), (erbil, 43)):
        (src,) = props["sources"]
        assert src["outlet"] == CHANNEL
        assert src["document"] == f"tg:{CHANNEL}/{msg}"
        assert src["published"] == EXPORT["messages"][[1, 3][msg == 43]]["date"][:10]


def test_the_same_export_twice_into_a_store_adds_nothing(export: Path, tmp_path: Path) -> None:
    store = tmp_path / "store.gpkg"
    again = tmp_path / "later" / "result.json"
    again.parent.mkdir()
    again.write_bytes(export.read_bytes())
    assert main(["-q", "extract", str(export), "--store", str(store)]) == 0
    first = tmp_path / "first.geojson"
    second = tmp_path / "second.geojson"
    assert main(["-q", "extract", "--store", str(store), "-o", str(first)]) == 0
    assert main(["-q", "extract", str(again), "--store", str(store), "-o", str(second)]) == 0
    one = json.loads(first.read_text(encoding="utf-8"))["features"]
    two = json.loads(second.read_text(encoding="utf-8"))["features"]
    assert len(one) == 2
    assert [f["properties"]["source_count"] for f in two] == [1, 1]
    assert [f["properties"]["event_id"] for f in two] == [f["properties"]["event_id"] for f in one]


def test_a_malformed_message_is_skipped_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    data = {
        "name": CHANNEL,
        "type": "public_channel",
        "messages": [
            "not an object",
            {"id": 7, "type": "message", "date": "2024-01-20T10:00:00", "text": [{"type": "x"}]},
            {"type": "message", "date": "2024-01-20T10:00:00", "text": "no id here"},
            {"id": 8, "type": "message", "date": "2024-01-21T10:00:00", "text": "Rockets hit."},
        ],
    }
    path = tmp_path / "result.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geo"):
        docs = list(read_file(path))
    assert [d.name for d in docs] == [f"tg:{CHANNEL}/8"]
    warned = [r.getMessage() for r in caplog.records]
    assert "result.json: message 1 is not an object; skipped" in warned
    assert "result.json: message 7 has no readable text; skipped" in warned
    assert "result.json: message 3 has no id; skipped" in warned
