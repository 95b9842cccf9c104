"""Incident ids: minted once from the founding report, carried by the store, aliases on merge."""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from gazhelpers import tiny_place

from geo.cli import main
from geo.export import read_incidents
from geo.ids import IdLedger, answers_to, mint_id
from geo.merging import merge_sources
from geo.models import Incident, Place, Source

EMBASSY, ASAD = tiny_place("iq.baghdad.us-embassy"), tiny_place("iq.anbar.al-asad")
D0 = date(2023, 12, 8)


def src(doc: str, place: Place, published: str, kind: str = "rocket", start: int = 0) -> Source:
    return Source(
        document=doc, title=None, url=None, outlet=doc, published=published,
        evidence=f"{kind} at {place.name}", char_start=start, char_end=start + 10, place=place,
        event_date=D0.isoformat(), attack_type=kind,
    )  # fmt: skip


def stored(eid: str, *sources: Source, aliases: tuple[str, ...] = ()) -> Incident:
    return Incident(
        event_id=eid, event_date=D0, time_precision=1, attack_type="rocket",
        attack_types_reported=("rocket",), place=sources[0].place, sources=sources, aliases=aliases,
    )  # fmt: skip


def test_the_id_depends_on_the_founding_report_only() -> None:
    a = src("a.md", EMBASSY, "2023-12-08")
    b = src("b.md", EMBASSY, "2023-12-09")
    assert mint_id([a]) == mint_id([b, a]) == mint_id([a, b])
    assert mint_id([b]) != mint_id([a])
    # undated publications come last
    assert mint_id([replace(b, published=None), a]) == mint_id([a])


def test_two_stored_incidents_merged_keep_the_older_id_and_alias_the_other() -> None:
    a, b = src("a.md", EMBASSY, "2023-12-08"), src("b.md", EMBASSY, "2023-12-10", "mortar")
    ledger = IdLedger()
    ledger.add(stored("gm-younger00000", b, aliases=("old-x",)))
    ledger.add(stored("gm-older0000000", a))
    (merged,) = merge_sources([a, b])
    (out,) = ledger.carry([merged])
    assert out.event_id == "gm-older0000000"
    assert out.aliases == ("gm-younger00000", "old-x")
    assert {"gm-older0000000", "gm-younger00000", "old-x"} <= answers_to(out)


def test_a_split_keeps_the_id_with_most_reports_and_mints_the_other() -> None:
    a, b = src("a.md", EMBASSY, "2023-12-08"), src("b.md", EMBASSY, "2023-12-08", start=50)
    c = src("c.md", ASAD, "2023-12-08", "drone")
    ledger = IdLedger()
    ledger.add(stored("gm-stored000000", a, b, c))  # e.g. a correction once joined them
    fresh = merge_sources([a, b, c])
    out = ledger.carry(fresh)
    ids = {i.place.place_id: i.event_id for i in out}
    assert ids[EMBASSY.place_id] == "gm-stored000000"
    assert ids[ASAD.place_id] == mint_id([c])


def test_a_new_id_never_takes_a_stored_one() -> None:
    a = src("a.md", EMBASSY, "2023-12-08")
    b = src("b.md", ASAD, "2023-12-08", "drone")
    ledger = IdLedger()
    ledger.add(stored(mint_id([b]), a))  # the stored id happens to be what b would mint
    out = ledger.carry(merge_sources([a, b]))
    assert len({i.event_id for i in out}) == 2
    assert next(i for i in out if i.place is ASAD).event_id == mint_id([b]) + "-2"


FIRST = """---
title: Rockets in Baghdad
source: Tigris Wire
published: 2023-12-09
---
Rockets were fired at the US Embassy in Baghdad on Friday, officials said.
"""
# Published earlier than the first report, read a day later: without the store's id the
# founding report would now be this one.
EARLIER = """---
title: Mortars on the embassy
source: Levant Desk
published: 2023-12-08
---
Several mortar rounds landed inside the US Embassy compound in Baghdad on Friday.
"""


def test_the_store_carries_the_id_when_an_earlier_report_joins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_gaz_dir: Path
) -> None:
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tiny_gaz_dir))
    store = tmp_path / "s.gpkg"
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "first.md").write_text(FIRST, encoding="utf-8")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "earlier.md").write_text(EARLIER, encoding="utf-8")
    assert main(["-q", "extract", str(tmp_path / "a"), "--store", str(store)]) == 0
    (before,) = read_incidents(store)[0]
    assert main(["-q", "extract", str(tmp_path / "b"), "--store", str(store)]) == 0
    (after,) = read_incidents(store)[0]
    assert after.source_count == 2
    assert after.event_id == before.event_id
    # without the store, the earlier report founds it: another id, which it answers to
    out = tmp_path / "fresh.geojson"
    assert main(["-q", "extract", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(out)]) == 0
    (fresh,) = read_incidents(out)[0]
    assert fresh.event_id != before.event_id and before.event_id in answers_to(fresh)
