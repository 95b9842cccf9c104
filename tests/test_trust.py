"""Trust states: claimed only, one outlet, corroborated, officially confirmed, reviewed."""

import json
from dataclasses import replace
from pathlib import Path

import pytest
from gazhelpers import tiny_place

from geo.cli import main
from geo.export import read_incidents
from geo.frame import incidents_to_frame
from geo.merging import merge_sources
from geo.models import Revision, Source
from geo.render import map_data
from geo.trust import independent_sources, is_official, trust_state

ASAD = tiny_place("iq.anbar.al-asad")


def src(doc: str, outlet: str, evidence: str, claimed: bool | None = None) -> Source:
    return Source(
        document=doc, title=None, url=None, outlet=outlet, published="2024-01-20",
        evidence=evidence, char_start=0, char_end=len(evidence), place=ASAD,
        event_date="2024-01-20", attack_type="drone", actor1="Kataib Hezbollah" if claimed else None,
        claimed=claimed,
    )  # fmt: skip


def state(*sources: Source) -> str:
    (inc,) = merge_sources(sources)
    return trust_state(inc)


@pytest.mark.parametrize(
    ("sentence", "official"),
    [
        ("US Central Command said two drones struck Al-Asad on Saturday.", True),
        ("The strike on Al-Asad was confirmed by the Pentagon late on Saturday.", True),
        ("According to Iraq's Security Media Cell, a drone fell near Al-Asad.", True),
        ("Two drones hit Al-Asad, the Iraqi Joint Operations Command announced.", True),
        ("Kataib Hezbollah said it struck the Pentagon's partners at Al-Asad.", False),
        ("CENTCOM denied that any drone reached Al-Asad.", False),
        ("The Pentagon could not confirm reports of a drone at Al-Asad.", False),
        ("Residents said two drones flew over Al-Asad.", False),
    ],
)
def test_an_official_source_is_named_as_the_one_who_says_so(sentence: str, official: bool) -> None:
    assert is_official(src("a.md", "Desk", sentence)) is official


def test_the_states_in_order() -> None:
    wire = "A drone struck Al-Asad Air Base on Saturday, wounding two, the base's staff said (AFP)."
    own = "Two drones hit Ain al-Asad on Saturday; one was shot down, a local official told us."
    claim = "Kataib Hezbollah claimed a drone attack on Al-Asad on Saturday."
    assert state(src("c.md", "Channel", claim, claimed=True)) == "claimed"
    assert state(src("tg:ir/5", "Channel", "Our drones hit the base", claimed=True)) == "claimed"
    # a claim told after the attack is the outlet's own report
    told = "A drone struck Al-Asad on Saturday, and Kataib Hezbollah claimed it."
    assert state(src("t.md", "Desk", told, claimed=True)) == "one_outlet"
    assert state(src("a.md", "Tigris Wire", wire)) == "one_outlet"
    # the same AFP story in two outlets is one source
    assert state(src("a.md", "Tigris Wire", wire), src("b.md", "Levant Desk", wire)) == "one_outlet"
    assert (
        state(src("a.md", "Tigris Wire", wire), src("b.md", "Levant Desk", own)) == "corroborated"
    )
    confirmed = "CENTCOM said a one-way drone struck Al-Asad on Saturday."
    assert state(src("a.md", "Tigris Wire", wire), src("d.md", "Gulf Post", confirmed)) == (
        "confirmed"
    )
    (inc,) = merge_sources([src("a.md", "Tigris Wire", wire)])
    fixed = replace(inc, corrections=(Revision("injuries", 2, 3, "w", "ana", "2024-01-21", "x"),))
    assert trust_state(fixed) == "reviewed"


def test_wire_copies_count_once_even_when_reworded_a_little() -> None:
    a = "A drone struck Al-Asad Air Base in western Iraq on Saturday, wounding two soldiers."
    b = "On Saturday a drone struck Al-Asad Air Base in western Iraq, wounding two soldiers."
    c = "Base staff reported an explosion at dawn; a drone was blamed."
    assert independent_sources([src("a", "X", a), src("b", "Y", b)]) == 1
    assert independent_sources([src("a", "X", a), src("b", "Y", b), src("c", "Z", c)]) == 2
    # one outlet's two articles are one source too
    assert independent_sources([src("a", "X", a), src("c", "X", c)]) == 1


ONE = """---
title: Drone on the base
source: Tigris Wire
published: 2024-01-21
---
A one-way attack drone struck Al-Asad Air Base on Saturday, US Central Command said.
"""
TWO = """---
title: Drone claim
source: Frontier Ledger
published: 2024-01-21
---
A drone hit Erbil Air Base on Saturday, residents told our reporter.
"""


def test_trust_is_in_every_export_and_the_map(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_gaz_dir: Path
) -> None:
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tiny_gaz_dir))
    d = tmp_path / "in"
    d.mkdir()
    (d / "one.md").write_text(ONE, encoding="utf-8")
    (d / "two.md").write_text(TWO, encoding="utf-8")
    for fmt in ("geojson", "csv", "gpkg"):
        out = tmp_path / f"o.{fmt}"
        assert main(["-q", "extract", str(d), "-o", str(out)]) == 0
        got = {i.place.place_id: i.to_record()["trust"] for i in read_incidents(out)[0]}
        assert got == {"iq.anbar.al-asad": "confirmed", "iq.erbil.air-base": "one_outlet"}
    props = [f["properties"] for f in json.loads((tmp_path / "o.geojson").read_text())["features"]]
    assert {p["place_id"]: p["trust"] for p in props}["iq.anbar.al-asad"] == "confirmed"
    incidents = read_incidents(tmp_path / "o.geojson")[0]
    blob = map_data(incidents)
    labels = [blob["trustLabels"][k] for k in blob["tru"]]
    by_place = dict(zip((i.place.place_id for i in incidents), labels, strict=True))
    assert by_place == {
        "iq.anbar.al-asad": "officially confirmed",
        "iq.erbil.air-base": "one outlet",
    }
    assert map_data(incidents_to_frame(incidents))["tru"] == blob["tru"]
