"""Test helpers shared by the test modules: paths and a tiny gazetteer written in code."""

from __future__ import annotations

import csv
from pathlib import Path

from geo.gazetteer import ACTOR_COLUMNS, ALIAS_COLUMNS, PLACE_COLUMNS, SOURCE_COLUMNS
from geo.models import Place

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"

# Coordinates below are for tests only; the curated data with sources is in gazetteer/.
TINY_PLACES = [
    # place_id, name, kind, lat, lon, precision, country, admin1, parent_id
    ("iq", "Iraq", "country", 33.3406, 44.4009, 4, "IQ", "", ""),
    ("sy", "Syria", "country", 33.5102, 36.2913, 4, "SY", "", ""),
    ("jo", "Jordan", "country", 31.9552, 35.945, 4, "JO", "", ""),
    (
        "iq.gov.baghdad",
        "Baghdad Governorate",
        "governorate",
        33.3406,
        44.4009,
        3,
        "IQ",
        "Baghdad",
        "iq",
    ),
    ("iq.gov.anbar", "Anbar", "governorate", 33.4258, 43.3, 3, "IQ", "Anbar", "iq"),
    ("iq.gov.erbil", "Erbil Governorate", "governorate", 36.1911, 44.0092, 3, "IQ", "Erbil", "iq"),
    ("iq.baghdad", "Baghdad", "city", 33.3406, 44.4009, 1, "IQ", "Baghdad", "iq.gov.baghdad"),
    ("iq.erbil", "Erbil", "city", 36.1911, 44.0092, 1, "IQ", "Erbil", "iq.gov.erbil"),
    (
        "iq.baghdad.us-embassy",
        "US Embassy Baghdad",
        "embassy",
        33.2986,
        44.3964,
        1,
        "IQ",
        "Baghdad",
        "iq.baghdad",
    ),
    (
        "iq.erbil.air-base",
        "Erbil Air Base",
        "air_base",
        36.2376,
        43.9632,
        1,
        "IQ",
        "Erbil",
        "iq.erbil",
    ),
    (
        "iq.anbar.al-asad",
        "Al-Asad Airbase",
        "air_base",
        33.7856,
        42.4412,
        1,
        "IQ",
        "Anbar",
        "iq.gov.anbar",
    ),
    (
        "sy.gov.deir-ez-zor",
        "Deir ez-Zor Governorate",
        "governorate",
        35.336,
        40.14,
        3,
        "SY",
        "Deir ez-Zor",
        "sy",
    ),
    (
        "sy.deir-ez-zor.mss-euphrates",
        "Mission Support Site Euphrates",
        "base",
        35.3361,
        40.3094,
        1,
        "SY",
        "Deir ez-Zor",
        "sy.gov.deir-ez-zor",
    ),
    ("jo.tower-22", "Tower 22", "base", 33.3226, 38.6982, 1, "JO", "Mafraq", "jo"),
]


def tiny_place(place_id: str) -> Place:
    """Return a place of the tiny gazetteer as a :class:`Place` (for tests built in code)."""
    row = next(r for r in TINY_PLACES if r[0] == place_id)
    return Place(*row[:8], parent_id=row[8] or None)  # type: ignore[arg-type]


TINY_ALIASES = [
    ("US Embassy in Baghdad", "iq.baghdad.us-embassy", "en", "common"),
    ("American embassy in Baghdad", "iq.baghdad.us-embassy", "en", "common"),
    ("السفارة الأمريكية في بغداد", "iq.baghdad.us-embassy", "ar", "common"),
    ("Ain al-Asad", "iq.anbar.al-asad", "en", "common"),
    ("Al-Asad Air Base", "iq.anbar.al-asad", "en", "common"),
    ("Al-Asad", "iq.anbar.al-asad", "en", "short"),
    ("MSS Euphrates", "sy.deir-ez-zor.mss-euphrates", "en", "abbrev"),
    ("Euphrates", "sy.deir-ez-zor.mss-euphrates", "en", "short"),
    ("Erbil airport", "iq.erbil.air-base", "en", "common"),
    ("بغداد", "iq.baghdad", "ar", "official"),
]
TINY_ACTORS = [
    ("islamic-resistance-in-iraq", "Islamic Resistance in Iraq", "IRI", "", "umbrella", "IQ"),
    (
        "kataib-hezbollah",
        "Kataib Hezbollah",
        "Kata'ib Hizballah|KH",
        "islamic-resistance-in-iraq",
        "militia",
        "IQ",
    ),
    (
        "kataib-sayyid-al-shuhada",
        "Kataib Sayyid al-Shuhada",
        "KSS",
        "islamic-resistance-in-iraq",
        "militia",
        "IQ",
    ),
    (
        "iran-backed-militias",
        "Iran-backed militias",
        "Iran-backed militia|Iran-aligned militias",
        "",
        "generic",
        "IQ",
    ),
    ("united-states", "United States", "US military|U.S. forces", "", "state", "US"),
]


def write_gazetteer(
    directory: Path,
    places: list[tuple[object, ...]] = TINY_PLACES,
    aliases: list[tuple[str, ...]] = TINY_ALIASES,
    actors: list[tuple[str, ...]] = TINY_ACTORS,
) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / "places.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(PLACE_COLUMNS)
        for p in places:
            w.writerow([*p, "test", "", ""])
    with (directory / "aliases.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(ALIAS_COLUMNS)
        w.writerows(aliases)
    with (directory / "actors.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(ACTOR_COLUMNS)
        w.writerows([(*a, "") for a in actors])
    with (directory / "sources.csv").open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(SOURCE_COLUMNS)
        w.writerow(["test", "test fixture", "", "", "2026-11-21"])
    return directory
