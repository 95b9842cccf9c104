"""Synthetic inputs for the benchmarks: news-style articles and incidents of any size.

Articles are built from sentence templates over the curated gazetteer (sites, towns, actors,
weapons), with page clutter and distractor paragraphs, 3-5 KB each, like the pasted pages
geomap reads. Incidents are random but valid records. Everything is seeded: the same
arguments give the same inputs.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from geo.gazetteer import SITE_KINDS, Gazetteer
from geo.models import ATTACK_TYPES, Incident, Place, Source

WEAPONS = {
    "rocket": ["Katyusha rockets", "a salvo of rockets", "two rockets", "multiple rockets"],
    "mortar": ["mortar rounds", "a multi-mortar attack", "three mortar shells"],
    "drone": ["a one-way attack drone", "two explosive-laden drones", "a suicide drone"],
    "ballistic_missile": ["a close-range ballistic missile", "ballistic missiles"],
    "airstrike": ["US F-15E jets", "American warplanes", "an AC-130 gunship"],
}
VERBS = ["struck", "targeted", "hit", "were fired at", "was launched at"]
DAYS = [
    "on Monday",
    "on Tuesday",
    "late Wednesday",
    "on Thursday",
    "early Friday",
    "on Saturday",
    "on Sunday",
]
CLUTTER = [
    "SUBSCRIBE", "Skip to content", "Share this article", "Total", "0", "Shares", "Read More",
    "Related: Pentagon briefing transcript", "Sign up for our newsletter", "Jump to comments",
]  # fmt: skip
DISTRACTORS = [
    "Militia leaders vowed to keep up the pressure until US forces leave the region, a spokesman said in a televised address.",
    "US and coalition forces have come under attack at least {n} times in Iraq and Syria since October 17, officials said.",
    "The Senate on Thursday rejected a resolution that would have required the withdrawal of US troops from Syria.",
    "The State Department last month designated the group and its secretary general as terrorists.",
    "The United States has about 2,500 troops in Iraq and some 900 in Syria on a mission against the Islamic State group.",
    "Analysts said the pattern of attacks showed the factions were calibrating pressure rather than seeking a wider war.",
    "The prime minister's office said the government would pursue those responsible and protect diplomatic missions.",
]  # fmt: skip
FILLER = (
    "Officials familiar with the matter, who spoke on condition of anonymity because they were not "
    "authorised to discuss operational details, described the situation as tense but contained. "
    "Residents of nearby villages said they heard several loud explosions before dawn and saw smoke "
    "rising over the area for about an hour afterwards. Local authorities closed the main road for "
    "several hours while security forces searched the surrounding farmland for launch sites. "
)


def _sites(gaz: Gazetteer) -> list[Place]:
    return sorted(
        (p for p in gaz.places.values() if p.kind in SITE_KINDS | {"town", "city"}),
        key=lambda p: p.place_id,
    )


def make_article(
    rng: random.Random, gaz: Gazetteer, sites: list[Place], published: date, i: int
) -> str:
    """Return one 3-5 KB article with front matter, 1-3 incidents, clutter and distractors."""
    paras = [rng.choice(CLUTTER) for _ in range(rng.randint(2, 5))]
    for _ in range(rng.randint(1, 3)):
        kind = rng.choice(list(WEAPONS))
        place = rng.choice(sites)
        weapon = rng.choice(WEAPONS[kind])
        paras.append(
            f"{weapon[0].upper()}{weapon[1:]} {rng.choice(VERBS)} {place.name} {rng.choice(DAYS)}, "
            f"officials said, adding that there were no casualties."
        )
        paras.append(FILLER)
    for _ in range(rng.randint(2, 4)):
        paras.append(rng.choice(DISTRACTORS).format(n=rng.randint(60, 170)))
    paras += [FILLER] * rng.randint(4, 7)
    paras += [rng.choice(CLUTTER) for _ in range(rng.randint(2, 4))]
    body = "\n\n".join(paras)
    head = f'---\ntitle: "Report {i}"\nsource: Bench Wire\nurl: https://example.org/{i}\npublished: {published.isoformat()}\n---\n'
    return head + body + "\n"


def write_articles(directory: Path, n: int, gaz: Gazetteer, *, seed: int = 7) -> list[Path]:
    """Write ``n`` articles to ``directory``; return their paths."""
    rng = random.Random(seed)
    sites = _sites(gaz)
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    start = date(2023, 10, 17)
    for i in range(n):
        p = directory / f"a{i:06d}.md"
        p.write_text(
            make_article(rng, gaz, sites, start + timedelta(days=i % 120), i), encoding="utf-8"
        )
        out.append(p)
    return out


def make_sources(n: int, gaz: Gazetteer, *, seed: int = 11, days: int = 365) -> list[Source]:
    """Return ``n`` random reports (as sources) over the gazetteer's sites and a year."""
    rng = random.Random(seed)
    sites = _sites(gaz)
    start = date(2023, 10, 17)
    types = [t for t in ATTACK_TYPES if t != "unknown"]
    out = []
    for i in range(n):
        place = rng.choice(sites)
        day = start + timedelta(days=rng.randrange(days))
        out.append(
            Source(
                document=f"doc{i // 3:07d}.md",
                title=f"Report {i // 3}",
                url=f"https://example.org/{i // 3}",
                outlet=rng.choice(["Wire A", "Wire B", "Desk C"]),
                published=day.isoformat(),
                evidence=f"{rng.choice(types)} attack at {place.name}.",
                char_start=(i % 3) * 100,
                char_end=(i % 3) * 100 + 40,
                place=place,
                event_date=day.isoformat(),
                attack_type=rng.choice(types),
            )
        )
    return out


def make_incidents(n: int, gaz: Gazetteer, *, seed: int = 13) -> list[Incident]:
    """Return ``n`` incidents (one source each) spread over a year, ready to map."""
    from geo.merging import merge_sources

    rng = random.Random(seed)
    sites = _sites(gaz)
    sources = make_sources(n, gaz, seed=seed, days=3650)
    # make every source its own incident: distinct document and a jittered place
    jittered = []
    for i, s in enumerate(sources):
        base = rng.choice(sites)
        place = Place(f"{base.place_id}.b{i}", base.name, base.kind, round(base.lat + rng.uniform(-0.3, 0.3), 4),
                      round(base.lon + rng.uniform(-0.3, 0.3), 4), base.precision, base.country, base.admin1, tier="user")  # fmt: skip
        jittered.append(
            Source(
                **{
                    **{f: getattr(s, f) for f in s.__dataclass_fields__},
                    "place": place,
                    "document": f"d{i}.md",
                }
            )
        )
    return merge_sources(jittered)
