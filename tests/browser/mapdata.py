"""Incidents built in code for the map tests (no article, no gazetteer needed).

Places are those of the tiny test gazetteer (tests/gazhelpers.py); the curated data is in
gazetteer/.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from gazhelpers import tiny_place

from geo.models import Incident, Place, Source, Tally, type_family

AL_ASAD = tiny_place("iq.anbar.al-asad")
ERBIL = tiny_place("iq.erbil.air-base")
EMBASSY = tiny_place("iq.baghdad.us-embassy")
EUPHRATES = tiny_place("sy.deir-ez-zor.mss-euphrates")
TOWER_22 = tiny_place("jo.tower-22")
NEAR_BAGHDAD = replace(tiny_place("iq.baghdad"), precision=2)  # "near Baghdad"
ANBAR = tiny_place("iq.gov.anbar")
SYRIA = replace(tiny_place("sy"), lat=34.8, lon=38.9)  # the middle of the country

START = date(2023, 10, 17)

#: Strings an attacker could put in an article: none may run or become a link.
HOSTILE_TITLE = "</script><script>window.__pwned = 1</script>"
HOSTILE_OUTLET = '<img src=x onerror="window.__pwned = 2">'
HOSTILE_URL = "javascript:window.__pwned = 3"
HOSTILE_EVIDENCE = (
    "Rockets hit the base.</script><script>window.__pwned = 4</script> {{ 7*7 }} "
    "<img src=x onerror=window.__pwned=5> \u2028 <!-- & --> done"
)
HOSTILE_TARGET = "<b onmouseover=window.__pwned=6>US forces</b>"


def source(
    doc: str,
    place: Place,
    day: date | None,
    attack_type: str,
    evidence: str,
    *,
    outlet: str | None = "Reuters",
    title: str | None = None,
    url: str | None = None,
    published: date | None = None,
) -> Source:
    return Source(
        document=doc,
        title=title or f"Report {doc}",
        url=url if url is not None else f"https://news.example/{doc}",
        outlet=outlet,
        published=(published or day or START).isoformat(),
        evidence=evidence,
        char_start=0,
        char_end=len(evidence),
        place=place,
        event_date=day.isoformat() if day else None,
        attack_type=attack_type,
    )


def incident(
    place: Place,
    day: date | None,
    attack_type: str,
    sources: tuple[Source, ...],
    n: int = 1,
    **kw: object,
) -> Incident:
    base = f"{day.isoformat() if day else 'undated'}-{place.place_id}-{type_family(attack_type).replace('_', '-')}"
    reported = tuple(sorted({s.attack_type for s in sources}))
    return Incident(
        event_id=base if n == 1 else f"{base}-{n}",
        event_date=day,
        time_precision=int(kw.pop("time_precision", 1)),  # type: ignore[call-overload]
        attack_type=attack_type,
        attack_types_reported=reported,
        place=place,
        sources=sources,
        **kw,  # type: ignore[arg-type]
    )


def campaign() -> list[Incident]:
    """Twenty-odd incidents: nine at Al-Asad (same point, mixed types), all precisions, one undated."""
    out: list[Incident] = []
    kinds = [
        "rocket",
        "drone",
        "drone",
        "ballistic_missile",
        "rocket",
        "drone",
        "mortar",
        "drone",
        "rocket",
    ]
    for k, kind in enumerate(kinds):
        day = START + timedelta(days=3 * k)
        ev = (
            f"A {kind.replace('_', ' ')} attack targeted US forces at Al-Asad airbase (report {k})."
        )
        out.append(
            incident(
                AL_ASAD,
                day,
                kind,
                (
                    source(
                        f"asad-{k}.txt",
                        AL_ASAD,
                        day,
                        kind,
                        ev,
                        outlet=["Reuters", "AP", "Al-Monitor"][k % 3],
                    ),
                ),
                actor1="Islamic Resistance in Iraq",
                claimed=k % 2 == 0,
                fatalities=0,
                injuries=k % 3 or None,
            )
        )
    # the same event told by two outlets, disputing the type
    day = date(2023, 10, 26)
    out.append(
        incident(
            ERBIL,
            day,
            "rocket",
            (
                source(
                    "erbil-ap.txt", ERBIL, day, "rocket", "Two rockets struck near Erbil air base."
                ),
                source(
                    "erbil-afp.txt",
                    ERBIL,
                    day,
                    "mortar",
                    "Mortar rounds fell near the base in Erbil.",
                    outlet="AFP",
                ),
            ),
            target="US and coalition forces at Erbil Air Base",
        )
    )
    for k in range(5):
        day = START + timedelta(days=10 + 11 * k)
        ev = f"A one-way attack drone targeted Mission Support Site Euphrates ({k})."
        out.append(
            incident(
                EUPHRATES, day, "drone", (source(f"euph-{k}.txt", EUPHRATES, day, "drone", ev),)
            )
        )
    day = date(2024, 1, 28)
    out.append(
        incident(
            TOWER_22,
            day,
            "drone",
            (
                source(
                    "tower22.txt",
                    TOWER_22,
                    day,
                    "drone",
                    "A drone attack killed three US soldiers at Tower 22 in Jordan.",
                ),
            ),
            fatalities=3,
            injuries=34,
            actor1="Islamic Resistance in Iraq",
            claimed=True,
            target="US forces at Tower 22",
        )
    )
    day = date(2024, 2, 2)
    out.append(
        incident(
            SYRIA,
            day,
            "airstrike",
            (
                source(
                    "strikes.txt",
                    SYRIA,
                    day,
                    "airstrike",
                    "US aircraft struck more than 85 targets in Iraq and Syria.",
                ),
            ),
            actor1="United States",
            claimed=True,
        )
    )
    day = date(2023, 12, 8)
    out.append(
        incident(
            NEAR_BAGHDAD,
            day,
            "mortar",
            (
                source(
                    "baghdad.txt", NEAR_BAGHDAD, day, "mortar", "Mortar rounds landed near Baghdad."
                ),
            ),
            time_precision=2,
        )
    )
    day = date(2023, 11, 15)
    out.append(
        incident(
            ANBAR,
            day,
            "unknown",
            (source("anbar.txt", ANBAR, day, "unknown", "An attack was reported in Anbar."),),
            time_precision=3,
        )
    )
    out.append(
        incident(
            EMBASSY,
            None,
            "rocket",
            (
                source(
                    "undated.txt",
                    EMBASSY,
                    None,
                    "rocket",
                    "Rockets have targeted the US Embassy in the past.",
                ),
            ),
        )
    )
    out.append(hostile())
    return out


def hostile() -> Incident:
    day = date(2023, 12, 25)
    src = source(
        "hostile.txt",
        EMBASSY,
        day,
        "rocket",
        HOSTILE_EVIDENCE,
        outlet=HOSTILE_OUTLET,
        title=HOSTILE_TITLE,
        url=HOSTILE_URL,
    )
    return incident(EMBASSY, day, "rocket", (src,), target=HOSTILE_TARGET, actor1="</script>")


def tallies() -> list[Tally]:
    ev = "There have been at least 165 attacks on US forces in Iraq and Syria since October 17."
    return [
        Tally(
            "tally.txt",
            165,
            ev,
            0,
            len(ev),
            qualifier="at least",
            since=START,
            outlet="AP",
            published=date(2024, 2, 5),
            url="https://news.example/tally",
        ),
        Tally("tally2.txt", 3, HOSTILE_EVIDENCE, 0, 0, outlet=HOSTILE_OUTLET, url=HOSTILE_URL),
    ]


def synthetic(n: int) -> list[Incident]:
    """``n`` incidents spread over Iraq, Syria and Jordan for timing; a third share 8 places."""
    places = [AL_ASAD, ERBIL, EMBASSY, EUPHRATES, TOWER_22, NEAR_BAGHDAD, ANBAR, SYRIA]
    kinds = [
        "rocket",
        "drone",
        "drone",
        "mortar",
        "ballistic_missile",
        "airstrike",
        "unknown",
        "drone",
        "rocket",
        "ied",
    ]
    out = []
    for i in range(n):
        place = places[i % len(places)]
        if i % 3:
            place = replace(
                place,
                place_id=f"x.{i}",
                lat=round(29 + ((i * 0.618034) % 1) * 8, 4),
                lon=round(36 + ((i * 0.414214) % 1) * 12, 4),
            )
        kind = kinds[i % len(kinds)]
        day = START + timedelta(days=(i * 7) % 130)
        ev = (
            f"A {kind} attack targeted US forces at {place.name} on that day, officials said ({i})."
        )
        doc = i % 5000
        src = source(
            f"doc-{doc}.txt",
            place,
            day,
            kind,
            ev,
            outlet=["Reuters", "AP", "AFP"][doc % 3],
            published=START + timedelta(days=doc % 130),
        )
        out.append(
            incident(
                place,
                day,
                kind,
                (src,),
                n=1 if i % 3 else i + 2,
                actor1="Islamic Resistance in Iraq",
                claimed=True,
            )
        )
    return out


def every_type() -> list[Incident]:
    """One incident of each type the campaign lacks, so the legend and layers list all ten."""
    out = []
    for k, (kind, place) in enumerate(
        [
            ("artillery", ERBIL),
            ("cruise_missile", EUPHRATES),
            ("ied", NEAR_BAGHDAD),
            ("small_arms", TOWER_22),
        ]
    ):
        day = START + timedelta(days=40 + 9 * k)
        ev = f"An {kind.replace('_', ' ')} attack was reported on US forces ({k})."
        out.append(incident(place, day, kind, (source(f"type-{k}.txt", place, day, kind, ev),)))
    return out


def precisions(attack_type: str = "rocket") -> list[Incident]:
    """One incident per look of a marker, each alone at its own point (0.5 degrees apart).

    Event ids tell what is varied: ``gp-N`` (geo precision N, a town), ``tp-N`` (time
    precision N, a town), ``site`` and ``town`` (both precision 1, exact day).
    """
    baghdad = tiny_place("iq.baghdad")
    embassy = tiny_place("iq.baghdad.us-embassy")
    looks = [
        *((f"gp-{g}", baghdad, g, 1) for g in (1, 2, 3, 4)),
        *((f"tp-{k}", baghdad, 1, k) for k in (1, 2, 3)),
        ("site", embassy, 1, 1),
        ("town", baghdad, 1, 1),
    ]
    out = []
    for k, (name, base, gp, tp) in enumerate(looks):
        place = replace(
            base,
            place_id=f"{base.place_id}.look-{k}",
            lat=31.0 + 0.5 * (k % 3),
            lon=40.0 + 0.5 * (k // 3),
            precision=gp,
        )
        day = START + timedelta(days=k)
        ev = f"A {attack_type.replace('_', ' ')} attack was reported at {place.name} ({name})."
        inc = incident(
            place,
            day,
            attack_type,
            (source(f"look-{k}.txt", place, day, attack_type, ev),),
            time_precision=tp,
        )
        out.append(replace(inc, event_id=f"look-{name}"))
    return out
