"""A rich incident set for the record contracts: every field of Incident, Place and Source set.

Used by tests/test_record_codec.py and tests/test_io_registry.py (each format of the
registry round-trips it). Coordinates have 4 decimals, as the formats store them.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

from geo.models import Evidence, Incident, Place, Revision, Source

BASE = Place(
    "iq.anbar.al-asad", "Ain al-Asad", "air_base", 33.7856, 42.4412, 1, "IQ", "Anbar",
    parent_id="iq.gov.anbar", source_id="osm", source_ref="way/123456",
    notes="runway centre; the gate is 2 km east",
)  # fmt: skip
TOWN = Place(
    "geonames:98182", "Baghdad", "city", 33.3406, 44.4009, 2, "IQ", "Baghdad",
    source_id="geonames", source_ref="geonames:98182", tier="world",
)  # fmt: skip
OUTPOST = Place(
    "sy.conoco", "Conoco gas field", "oil_field", 35.2311, 40.0775, 3, "SY", "Deir ez-Zor",
    parent_id="sy.deir-ez-zor", source_id="manual", notes="placed by hand from a map",
    tier="user",
)  # fmt: skip
FAR = Place("online:nominatim:77", "Kharab al-Jir", "place", 36.8, 40.9, 4, "SY", "", tier="online")


def src(doc: str, place: Place, **kw: Any) -> Source:
    base: dict[str, Any] = {
        "title": None, "url": None, "outlet": None, "published": None,
        "evidence": f"Evidence from {doc}.", "char_start": 3, "char_end": 3 + len(f"Evidence from {doc}."),
    }  # fmt: skip
    base.update(kw)
    return Source(document=doc, place=place, **base)


def every_field_incidents() -> list[Incident]:
    """Incidents in which every field of Incident, Place and Source holds a value of its own."""
    a1 = src(
        "wire-2024-01-20.html", BASE, title="صواريخ على عين الأسد", url="https://example.org/a?b=1&c=2",
        outlet="Wire", published="2024-01-21", more_evidence=(Evidence("It was claimed.", 90, 105),),
        event_date="2024-01-20", time_precision=1, date_phrase="on Saturday", attack_type="ballistic_missile",
        target="US forces", actor1="Islamic Resistance in Iraq", claimed=True, fatalities=0, injuries=4,
        intercepted=False, count=2, reason="weapon 'missiles'; place 'Ain al-Asad' (alias)",
    )  # fmt: skip
    a2 = src(
        "feed.jsonl#3", BASE, outlet="=cmd|' /C calc'!A0", published="2024-01-20",
        event_date="2024-01-19", time_precision=2, date_phrase="this week", attack_type="rocket",
        actor1="-unknown group", claimed=False, fatalities=None, injuries=0, count=1,
        reason="line one\nline two",
    )  # fmt: skip
    b1 = src(
        "baghdad.md", TOWN, event_date="2023-12-08", time_precision=3, attack_type="drone",
        intercepted=True, target="@embassy", reason="intercepted",
    )  # fmt: skip
    c1 = src("conoco.txt", OUTPOST, attack_type="unknown", coded=True, evidence="", char_start=0, char_end=0)  # fmt: skip
    d1 = src("far.txt", FAR, event_date="2024-02-02", attack_type="small_arms", claimed=None)
    return [
        Incident(
            event_id="2024-01-20-iq.anbar.al-asad-indirect-fire", event_date=date(2024, 1, 20),
            time_precision=1, attack_type="ballistic_missile",
            attack_types_reported=("ballistic_missile", "rocket"), place=BASE, sources=(a1, a2),
            intercepted=False, target="US forces at “Ain al-Asad”", actor1="Islamic Resistance in Iraq",
            claimed=True, fatalities=0, injuries=4, notes="disputed: ballistic_missile vs rocket",
            sub_event_type="Shelling/artillery/missile attack", aliases=("gm-0a1b2c3d4e5f", "=1+1"),
            corrections=(
                Revision("fatalities", 2, 0, "the ministry; =1+1", "ana", "2024-01-21", "c.yaml line 3"),
                Revision("merged", "gm-1", "gm-0", "one barrage", "bo", "2024-01-22", "c.csv line 2"),
            ),
        ),
        Incident(
            event_id="2023-12-08-geonames:98182-drone", event_date=date(2023, 12, 8), time_precision=3,
            attack_type="drone", attack_types_reported=("drone",), place=TOWN, sources=(b1,),
            intercepted=True, target="@embassy", actor1=None, claimed=None, fatalities=None,
            injuries=None, notes="+intercepted drone", sub_event_type="Disrupted weapons use",
        ),
        Incident(
            event_id="conoco.geojson#1", event_date=None, time_precision=2, attack_type="unknown",
            attack_types_reported=(), place=OUTPOST, sources=(c1,), notes="",
            sub_event_type="Explosions/Remote violence",
        ),
        Incident(
            event_id="2024-02-02-far-small-arms", event_date=date(2024, 2, 2), time_precision=1,
            attack_type="small_arms", attack_types_reported=("small_arms",), place=FAR,
            sources=(d1,), fatalities=3, injuries=1,
        ),
    ]  # fmt: skip


def first_difference(a: Any, b: Any, path: str = "") -> str | None:
    """The path of the first field where ``a`` and ``b`` differ, for a readable failure."""
    if is_dataclass(a) and is_dataclass(b) and type(a) is type(b):
        for f in fields(a):
            found = first_difference(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
            if found:
                return found
        return None
    if isinstance(a, tuple | list) and isinstance(b, tuple | list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            found = first_difference(x, y, f"{path}[{i}]")
            if found:
                return found
        return None
    return None if a == b and type(a) is type(b) else f"{path}: {a!r} != {b!r}"
