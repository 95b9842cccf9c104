"""The curated gazetteer: its data, spelling resolution, look-alikes, and the matcher."""

from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer, check_gazetteer, load_gazetteer
from geo.places import resolve_name

# (spelling as written in the news, expected place id): variants by rule, aliases, Arabic.
SPELLINGS = [
    ("Ain al-Asad", "iq.anbar.al-asad"), ("Ayn al Asad", "iq.anbar.al-asad"), ("Ein al-Asad", "iq.anbar.al-asad"),
    ("AIN AL-ASAD AIR BASE", "iq.anbar.al-asad"), ("al-Asad air base", "iq.anbar.al-asad"),
    ("Al Asad Airbase", "iq.anbar.al-asad"), ("Al-Asad Air Base", "iq.anbar.al-asad"), ("Asad Airbase", "iq.anbar.al-asad"),
    ("قاعدة عين الأسد", "iq.anbar.al-asad"),
    ("US Embassy in Baghdad", "iq.baghdad.us-embassy"), ("U.S. Embassy in Baghdad", "iq.baghdad.us-embassy"),
    ("u.s. embassy in baghdad", "iq.baghdad.us-embassy"), ("American embassy in Baghdad", "iq.baghdad.us-embassy"),
    ("U.S. Embassy in Iraq", "iq.baghdad.us-embassy"), ("US Embassy compound", "iq.baghdad.us-embassy"),
    ("السفارة الأمريكية في بغداد", "iq.baghdad.us-embassy"),
    ("Erbil Air Base", "iq.erbil.air-base"), ("Erbil airport", "iq.erbil.air-base"),
    ("Erbil International Airport", "iq.erbil.air-base"), ("Harir Air Base", "iq.erbil.harir"),
    ("Harir airbase", "iq.erbil.harir"), ("US Consulate General Erbil", "iq.erbil.us-consulate"),
    ("Victory Base Complex", "iq.baghdad.victory-base"), ("Union III", "iq.baghdad.union-iii"),
    ("Baghdad International Airport", "iq.baghdad.airport"), ("Baghdad airport", "iq.baghdad.airport"),
    ("Green Zone", "iq.baghdad.green-zone"), ("International Zone", "iq.baghdad.green-zone"),
    ("Jurf al-Sakhar", "iq.babil.jurf-al-sakhar"), ("Jurf al Sakhar", "iq.babil.jurf-al-sakhar"),
    ("Jurf al-Nasr", "iq.babil.jurf-al-sakhar"), ("Al-Qaim", "iq.al-qaim"), ("Al Qaim", "iq.al-qaim"),
    ("al-Qa’im", "iq.al-qaim"), ("Qaim", "iq.al-qaim"), ("Akashat", "iq.akashat"), ("Abu Ghraib", "iq.abu-ghraib"),
    ("Kirkuk", "iq.kirkuk"), ("كركوك", "iq.kirkuk"), ("Mosul", "iq.mosul"), ("الموصل", "iq.mosul"),
    ("Basra", "iq.basra"), ("Basrah", "iq.basra"), ("البصرة", "iq.basra"), ("Erbil", "iq.erbil"), ("Arbil", "iq.erbil"),
    ("Hawler", "iq.erbil"), ("أربيل", "iq.erbil"), ("Baghdad", "iq.baghdad"), ("بغداد", "iq.baghdad"),
    ("Fallujah", "iq.fallujah"), ("Falluja", "iq.fallujah"), ("Ramadi", "iq.ramadi"), ("Tikrit", "iq.tikrit"),
    ("Samarra", "iq.samarra"), ("Najaf", "iq.najaf"), ("Karbala", "iq.karbala"), ("Sulaymaniyah", "iq.sulaymaniyah"),
    ("Duhok", "iq.duhok"), ("Dohuk", "iq.duhok"), ("Mashtal", "iq.baghdad.mashtal"), ("Palestine Street", "iq.baghdad.palestine-street"),
    ("Sadr City", "iq.baghdad.sadr-city"), ("Anbar province", "iq.gov.anbar"), ("Anbar governorate", "iq.gov.anbar"),
    ("Nineveh province", "iq.gov.nineveh"), ("Salah al-Din province", "iq.gov.salah-al-din"),
    ("Iraq", "iq"), ("العراق", "iq"), ("Syria", "sy"), ("سوريا", "sy"), ("Jordan", "jo"), ("Kuwait", "kw"),
    ("Tower 22", "jo.tower-22"), ("Muwaffaq Salti Air Base", "jo.muwaffaq-salti"), ("Amman", "jo.amman"),
    ("Rukban", "jo.rukban"),
    ("Al-Tanf Garrison", "sy.homs.al-tanf"), ("al-Tanf garrison", "sy.homs.al-tanf"), ("At-Tanf", "sy.homs.al-tanf"),
    ("Tanf garrison", "sy.homs.al-tanf"), ("Mission Support Site Euphrates", "sy.deir-ez-zor.mss-euphrates"),
    ("MSS Euphrates", "sy.deir-ez-zor.mss-euphrates"), ("Conoco gas field", "sy.deir-ez-zor.conoco"),
    ("Conoco field", "sy.deir-ez-zor.conoco"), ("Mission Support Site Green Village", "sy.deir-ez-zor.green-village"),
    ("Green Village", "sy.deir-ez-zor.green-village"), ("al-Omar oil field", "sy.deir-ez-zor.omar-field"),
    ("Omar oil field", "sy.deir-ez-zor.omar-field"), ("Rumalyn Landing Zone", "sy.hasakah.rumalyn"),
    ("Rumalyn", "sy.hasakah.rumalyn"), ("Al-Shaddadi base", "sy.hasakah.shaddadi"), ("Shaddadi base", "sy.hasakah.shaddadi"),
    ("Tell Baydar base", "sy.hasakah.tell-baydar"), ("Tal Baydar", "sy.hasakah.tell-baydar"), ("Qasrak base", "sy.hasakah.qasrak"),
    ("Kharab al-Jir airfield", "sy.hasakah.kharab-al-jir"), ("Abu Kamal", "sy.abu-kamal"), ("Albu Kamal", "sy.abu-kamal"),
    ("Al-Bukamal", "sy.abu-kamal"), ("البوكمال", "sy.abu-kamal"), ("Al-Mayadin", "sy.mayadin"), ("Mayadin", "sy.mayadin"),
    ("Deir ez-Zor", "sy.deir-ez-zor"), ("Deir ez Zor", "sy.deir-ez-zor"), ("Deir el-Zor", "sy.deir-ez-zor"),
    ("Deir ez-Zor province", "sy.gov.deir-ez-zor"), ("Hasakah", "sy.hasakah"), ("Al-Hasakah", "sy.hasakah"),
    ("Qamishli", "sy.qamishli"), ("Raqqa", "sy.raqqa"), ("الرقة", "sy.raqqa"), ("Palmyra", "sy.palmyra"),
    ("Damascus", "sy.damascus"), ("دمشق", "sy.damascus"), ("Aleppo", "sy.aleppo"), ("Homs", "sy.homs"),
    ("Hajin", "sy.hajin"), ("Manbij", "sy.manbij"), ("Kobani", "sy.kobani"),
]  # fmt: skip

# Texts with look-alike words: nothing in them is a place.
LOOKALIKES = [
    "Rockets hit the base before dawn.",
    "The river Euphrates flows south past the town.",
    "Officials said the tower collapsed in the storm.",
    "He is the commander of the unit.",
    "Investors watched Conoco shares fall on Tuesday.",
    "The victory was celebrated by the team.",
    "The green village fair opened on Sunday.",
    "A new union contract was signed in March.",
    "The omar khayyam poems were read aloud.",
    "The ana and us pronouns are English words.",
    "She served as a sentinel at the gate for years.",
    "They asked us to wait; America's allies were cautious.",
]


@pytest.mark.parametrize(("spelling", "place_id"), SPELLINGS)
def test_spellings_resolve(curated: Gazetteer, spelling: str, place_id: str) -> None:
    res = resolve_name(spelling, curated, world=False)
    assert res is not None, spelling
    assert res.place.place_id == place_id
    assert res.tier == "curated"


def test_table_is_large() -> None:
    assert len(SPELLINGS) >= 100


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalikes_find_no_place(curated: Gazetteer, text: str) -> None:
    found = [m for m in curated.find(text) if m.category == "place" and m.alias_type != "short"]
    assert found == []


def test_short_aliases_need_context(curated: Gazetteer) -> None:
    from geo.extraction import extract
    from geo.models import Document

    doc = Document("x.txt", "Rockets were fired across the Euphrates on Friday, witnesses said.")
    assert extract(doc, curated).reports == ()
    doc2 = Document(
        "y.txt", "Rockets hit MSS Euphrates on Friday. A drone later targeted Euphrates again."
    )
    assert {r.place.place_id for r in extract(doc2, curated).reports} == {
        "sy.deir-ez-zor.mss-euphrates"
    }


def test_matcher_finds_actors_with_variants(curated: Gazetteer) -> None:
    text = "Kata’ib Hizballah and Harakat al-Nujaba, part of the Islamic Resistance in Iraq, claimed it."
    actors = [curated.actors[m.ids[0]].name for m in curated.find(text) if m.category == "actor"]
    assert actors == [
        "Kataib Hezbollah",
        "Harakat Hezbollah al-Nujaba",
        "Islamic Resistance in Iraq",
    ]


def test_curated_data_is_valid_and_large(curated: Gazetteer) -> None:
    assert check_gazetteer(Path(__file__).resolve().parent.parent / "gazetteer") == []
    assert len(curated.places) >= 150
    kinds = {p.kind for p in curated.places.values()}
    assert {"embassy", "consulate", "air_base", "base", "city", "governorate", "country"} <= kinds
    for pid in (
        "iq.baghdad.us-embassy",
        "iq.anbar.al-asad",
        "jo.tower-22",
        "sy.homs.al-tanf",
        "sy.deir-ez-zor.mss-euphrates",
    ):
        assert curated.places[pid].source_id in curated.sources


def test_every_governorate_has_a_capital(curated: Gazetteer) -> None:
    govs = [
        p for p in curated.places.values() if p.kind == "governorate" and p.country in {"IQ", "SY"}
    ]
    assert (
        len([g for g in govs if g.country == "IQ"]) >= 18
        and len([g for g in govs if g.country == "SY"]) == 14
    )
    for g in govs:
        assert any(
            p.parent_id == g.place_id and p.kind in {"city", "town"}
            for p in curated.places.values()
        ), g.place_id


def test_user_places_override_by_id(tmp_path: Path, curated: Gazetteer) -> None:
    f = tmp_path / "mine.csv"
    f.write_text(
        "place_id,name,kind,lat,lon,precision,country,admin1,aliases\n"
        "iq.anbar.al-asad,Al-Asad (my survey),air_base,33.8,42.44,1,IQ,Anbar,\n"
        "iq.qayyarah.west,Qayyarah Airfield West,air_base,35.77,43.12,1,IQ,Nineveh,Q-West|Qayyarah West\n",
        encoding="utf-8",
    )
    gaz = load_gazetteer(user_files=[f])
    assert gaz.places["iq.anbar.al-asad"].name == "Al-Asad (my survey)"
    res = resolve_name("Q-West", gaz, world=False)
    assert res is not None and res.place.place_id == "iq.qayyarah.west" and res.tier == "user"
    assert "iq.qayyarah.west" not in curated.places  # the curated object is untouched


def test_check_refuses_a_kind_the_reading_does_not_know(tmp_path: Path) -> None:
    import shutil

    src = Path(__file__).resolve().parent.parent / "gazetteer"
    copy = tmp_path / "gazetteer"
    shutil.copytree(src, copy)
    places = copy / "places.csv"
    lines = places.read_text(encoding="utf-8").splitlines(keepends=True)
    (n,) = [i for i, line in enumerate(lines) if line.startswith("iq.anbar.al-asad,")]
    lines[n] = lines[n].replace(",air_base,", ",airbase,", 1)
    places.write_text("".join(lines), encoding="utf-8")
    problems = check_gazetteer(copy, geography=False)
    assert [p for p in problems if "kind" in p] == [
        f"places.csv line {n + 1}: unknown kind 'airbase' for 'iq.anbar.al-asad' "
        "(one of air_base, airport, base, border_crossing, city, consulate, country, dam, "
        "district, embassy, facility, gas_field, governorate, neighbourhood, oil_field, "
        "region, town)"
    ]


def test_check_names_each_bad_landmark_row(tmp_path: Path) -> None:
    import shutil

    src = Path(__file__).resolve().parent.parent / "gazetteer"
    copy = tmp_path / "gazetteer"
    shutil.copytree(src, copy)
    events = copy / "events.csv"
    header = events.read_text(encoding="utf-8").splitlines()[0]
    events.write_text(
        header + "\n"
        "a,2024-13-01,jo.tower-22,drone,3,,bad month,wikipedia,x\n"
        "b,2024-01-28,jo.nowhere,drone,3,,unknown place,wikipedia,x\n"
        "c,2024-01-28,jo.tower-22,catapult,3,,unknown type,wikipedia,x\n"
        "d,2024-01-28,jo.tower-22,drone,three,,toll in words,wikipedia,x\n"
        "e,2024-01-28,jo.tower-22,drone,3,,no such source,nobody,x\n"
        "f,2024-01-28,jo.tower-22,drone,,,no toll (named only at its site),wikipedia,x\n"
        "f,2024-01-29,jo.tower-22,drone,,,the same id again,wikipedia,x\n",
        encoding="utf-8",
    )
    problems = [p for p in check_gazetteer(copy, geography=False) if p.startswith("events")]
    assert problems == [
        "events.csv line 2: date '2024-13-01' is not YYYY-MM-DD",
        "events.csv line 3: unknown place_id 'jo.nowhere'",
        "events.csv line 4: unknown attack_type 'catapult'",
        "events.csv line 5: fatalities 'three' is not a whole number",
        "events.csv line 6: source_id 'nobody' not in sources.csv",
        "events.csv line 8: event_id 'f' already names line 7",
    ]
    # a landmark without a toll is kept: news names it at its site, not by its country
    events.write_text(
        header + "\nf,2024-01-28,jo.tower-22,drone,,,no toll,wikipedia,x\n", encoding="utf-8"
    )
    (no_toll,) = load_gazetteer(copy).landmarks
    assert (no_toll.fatalities, no_toll.injuries) == (None, None)


def test_a_gazetteer_without_events_has_no_landmarks(tmp_path: Path) -> None:
    import shutil

    from geo.gazetteer import load_gazetteer

    copy = tmp_path / "gazetteer"
    shutil.copytree(Path(__file__).resolve().parent.parent / "gazetteer", copy)
    (copy / "events.csv").unlink()
    assert check_gazetteer(copy, geography=False) == []
    assert load_gazetteer(copy).landmarks == ()
    assert [lm.event_id for lm in load_gazetteer().landmarks] == [
        "2023-12-25-erbil-air-base",
        "2024-01-28-tower-22",
        "2023-12-08-us-embassy-baghdad",
        "2024-01-04-baghdad-strike",
        "2024-01-20-al-asad-ballistic",
        "2024-02-07-baghdad-strike",
    ]
