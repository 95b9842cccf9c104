"""ACLED CSV exports read as incidents (hand-written rows in ACLED's layout, see data/acled)."""

from __future__ import annotations

import csv
import logging
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from geo.acled import (
    ACLED_COLUMNS,
    ACLED_REQUIRED,
    acled_attack_type,
    country_iso2,
    is_acled_csv,
    parse_acled_date,
    read_acled,
    slash_order,
)
from geo.errors import InputError
from geo.export import CSV_COLUMNS, read_incidents, write_incidents
from geo.gazetteer import Gazetteer
from geo.models import ATTACK_TYPES
from geo.pipeline import run

DATA = Path(__file__).resolve().parent / "data" / "acled" / "campaign_2023_2024.csv"
US = "Military Forces of the United States (2021-)"

EXPECTED_TYPES = Counter(
    {
        "airstrike": 13,
        "drone": 9,
        "rocket": 5,
        "ballistic_missile": 3,
        "artillery": 1,
        "ied": 1,
        "small_arms": 1,
    }
)


def test_test_data_has_acleds_layout_and_enough_rows() -> None:
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == ACLED_COLUMNS
    assert len(rows) >= 30
    assert len({r["event_id_cnty"] for r in rows}) == len(rows)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (ACLED_COLUMNS, True),
        (ACLED_REQUIRED, True),
        ([c.upper() for c in ACLED_COLUMNS], True),  # old exports used upper case
        ([f" {c} " for c in ACLED_REQUIRED], True),
        (ACLED_REQUIRED[:-1], False),
        (CSV_COLUMNS, False),  # geomap's own CSV
        ((), False),
    ],
)
def test_is_acled_csv(header: tuple[str, ...], expected: bool) -> None:
    assert is_acled_csv(header) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-28", date(2024, 1, 28)),
        ("28 January 2024", date(2024, 1, 28)),
        ("28-January-2024", date(2024, 1, 28)),
        ("28 Jan 2024", date(2024, 1, 28)),
        ("28-Jan-2024", date(2024, 1, 28)),
        (" 3 December 2023 ", date(2023, 12, 3)),
        ("01/28/2024", date(2024, 1, 28)),  # a spreadsheet's month first: 28 tells
        ("1/28/2024", date(2024, 1, 28)),
        ("28/01/2024", date(2024, 1, 28)),  # day first
    ],
)
def test_acled_dates(text: str, expected: date) -> None:
    assert parse_acled_date(text) == expected


@pytest.mark.parametrize(
    "text", ["2024-02-30", "January 28, 2024", "", "28.01.2024", "02/30/2024", "01/02/2024"]
)
def test_bad_acled_dates(text: str) -> None:
    with pytest.raises(ValueError, match="event_date"):
        parse_acled_date(text)


def test_slashed_dates_take_the_files_order() -> None:
    # 01/02/2024 alone could be 2 January or 1 February: the file's other dates tell.
    assert slash_order(["01/28/2024", "01/02/2024", "2024-01-05"]) == "mdy"
    assert parse_acled_date("01/02/2024", "mdy") == date(2024, 1, 2)
    assert slash_order(["28/01/2024", "01/02/2024"]) == "dmy"
    assert parse_acled_date("01/02/2024", "dmy") == date(2024, 2, 1)
    assert slash_order(["01/02/2024", "2024-01-28"]) is None
    with pytest.raises(ValueError, match="mixes"):
        slash_order(["01/28/2024", "28/01/2024"])


@pytest.mark.parametrize(
    ("name", "iso", "expected"),
    [
        ("Iraq", "", "IQ"),
        ("Syria", "", "SY"),
        ("Jordan", "", "JO"),
        ("United States", "", "US"),
        ("Palestine", "", "PS"),
        ("Turkey", "", "TR"),
        ("Nowhereland", "368", "IQ"),  # ACLED's numeric iso column as fallback
        ("Nowhereland", "", None),
    ],
)
def test_country_names_become_iso2(name: str, iso: str, expected: str | None) -> None:
    assert country_iso2(name, iso) == expected


@pytest.mark.parametrize(
    ("sub", "notes", "actor1", "expected"),
    [
        (
            "Air/drone strike",
            "A drone hit the base.",
            "Islamic Resistance in Iraq",
            ("drone", False),
        ),
        ("Air/drone strike", "Something struck the base.", "Kataib Hezbollah", ("drone", False)),
        ("Air/drone strike", "US jets struck depots.", US, ("airstrike", False)),
        (
            "Air/drone strike",
            "US aircraft struck sites in reply to the drone attack.",
            US,
            ("airstrike", False),
        ),
        ("Air/drone strike", "A US drone strike killed a commander.", US, ("drone", False)),
        ("Air/drone strike", "An MQ-9 hit a car.", US, ("drone", False)),
        ("Shelling/artillery/missile attack", "Katyusha rockets hit.", "", ("rocket", False)),
        ("Shelling/artillery/missile attack", "Mortar rounds and rockets.", "", ("mortar", False)),
        (
            "Shelling/artillery/missile attack",
            "Ballistic missiles and rockets.",
            "",
            ("ballistic_missile", False),
        ),
        (
            "Shelling/artillery/missile attack",
            "Missiles hit Erbil.",
            "",
            ("ballistic_missile", False),
        ),
        ("Shelling/artillery/missile attack", "A cruise missile.", "", ("cruise_missile", False)),
        ("Shelling/artillery/missile attack", "Forces shelled villages.", "", ("artillery", False)),
        ("Remote explosive/landmine/IED", "A blast.", "", ("ied", False)),
        ("Armed clash", "Fighting.", "", ("small_arms", False)),
        ("Disrupted weapons use", "Air defences shot down a drone.", "", ("drone", True)),
        ("Disrupted weapons use", "A rocket launcher was found.", "", ("rocket", True)),
        ("Disrupted weapons use", "Weapons were seized.", "", ("unknown", True)),
        ("Grenade", "A grenade was thrown.", "", ("unknown", False)),
    ],
)
def test_attack_type_rule(sub: str, notes: str, actor1: str, expected: tuple[str, bool]) -> None:
    attack_type, intercepted, reason = acled_attack_type(sub, notes, actor1)
    assert (attack_type, intercepted) == expected
    assert attack_type in ATTACK_TYPES
    assert sub in reason


def test_read_acled_one_incident_per_attack_row(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="geo.acled"):
        incidents = read_acled(DATA)
    assert Counter(i.attack_type for i in incidents) == EXPECTED_TYPES
    assert "skipped 2 rows that are not attacks (Other: 1, Peaceful protest: 1)" in caplog.text
    by_id = {i.event_id: i for i in incidents}
    tower = by_id["acled-JOR90001"]
    assert tower.event_date == date(2024, 1, 28) and tower.time_precision == 1
    assert tower.attack_type == "drone" and tower.fatalities == 3
    assert tower.place.country == "JO" and tower.place.admin1 == "Mafraq"
    assert (tower.place.lat, tower.place.lon) == (33.3141, 38.7034)
    assert tower.place.place_id == "acled:jo.rukban"
    assert tower.place.tier == "user" and tower.place.source_id == "acled"
    assert tower.place.precision == 2
    assert tower.actor1 == "Islamic Resistance in Iraq" and tower.claimed is True
    assert tower.target == US
    assert tower.sub_event_type == "Air/drone strike"
    (src,) = tower.sources
    assert src.document == "campaign_2023_2024.csv#JOR90001"
    assert src.outlet == "US Department of Defense; Reuters"
    assert src.evidence.startswith("A one-way attack drone struck the Tower 22")
    assert (src.char_start, src.char_end) == (0, len(src.evidence))
    assert src.date_phrase == "28 January 2024"
    intercepted = by_id["acled-IRQ90001"]
    assert intercepted.intercepted and intercepted.sub_event_type == "Disrupted weapons use"
    assert by_id["acled-SYR90008"].time_precision == 2
    assert by_id["acled-IRQ90016"].place.place_id == "acled:iq.al-qaim"
    assert all(i.event_id.startswith("acled-") for i in incidents)


def test_acled_csv_renders_into_a_map_with_a_layer_per_type(tiny_gaz: Gazetteer) -> None:
    import geo.render as render
    from geo.frame import incidents_to_frame

    result = run([DATA], gazetteer=tiny_gaz)
    assert Counter(i.attack_type for i in result.incidents) == EXPECTED_TYPES
    frame = incidents_to_frame(result.incidents)
    assert len(frame) == sum(EXPECTED_TYPES.values())
    html = render.render_map(frame).get_root().render()
    flat = " ".join(html.split()).lower()
    styles = getattr(render, "TYPE_STYLE", {})
    for attack_type in EXPECTED_TYPES:
        style = styles.get(attack_type)
        label = style[1] if style else attack_type.replace("_", " ")
        assert re.search(re.escape(label.lower()), flat), label


def test_read_incidents_dispatches_acled_csv() -> None:
    incidents, tallies = read_incidents(DATA)
    assert len(incidents) == sum(EXPECTED_TYPES.values()) and tallies == []


@pytest.mark.parametrize("fmt", ["geojson", "csv", "gpkg", "jsonl"])
def test_acled_incidents_export_and_read_back(tmp_path: Path, fmt: str) -> None:
    incidents = read_acled(DATA)
    out = write_incidents(incidents, tmp_path / f"acled.{fmt}")
    back, _ = read_incidents(out)
    assert [i.to_record() for i in back] == [i.to_record() for i in incidents]


def _acled_file(tmp_path: Path, **changes: str) -> Path:
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    rows[0].update(changes)
    p = tmp_path / "acled.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(ACLED_COLUMNS))
        w.writeheader()
        w.writerows(rows)
    return p


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"event_date": "28.01.2024"}, "line 2: bad event_date '28.01.2024'"),
        ({"event_date": "03/04/2024"}, "line 2: ambiguous event_date '03/04/2024'"),
        ({"country": "Atlantis", "iso": ""}, "line 2: unknown country 'Atlantis'"),
        ({"latitude": "95"}, "line 2: bad coordinates: latitude '95' out of range"),
        ({"longitude": "east"}, "line 2: bad coordinates: longitude 'east'"),
        ({"geo_precision": "7"}, "line 2: bad geo_precision '7'"),
        ({"time_precision": "x"}, "line 2: bad time_precision 'x'"),
        ({"fatalities": "many"}, "line 2: bad fatalities 'many'"),
        ({"event_id_cnty": "IRQ90002"}, "line 3: duplicate event_id_cnty 'IRQ90002'"),
    ],
)
def test_bad_acled_rows_give_one_line_errors(
    tmp_path: Path, changes: dict[str, str], message: str
) -> None:
    with pytest.raises(InputError) as info:
        read_incidents(_acled_file(tmp_path, **changes))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_minimal_acled_columns_and_row_numbers(tmp_path: Path) -> None:
    """A file with only the required columns: ids and documents fall back to row numbers."""
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    p = tmp_path / "My Export.csv"
    with p.open("w", encoding="utf-8-sig", newline="") as fh:  # with a BOM, as Excel saves
        w = csv.DictWriter(fh, fieldnames=list(ACLED_REQUIRED), extrasaction="ignore")
        w.writeheader()
        w.writerows(rows[:3])
    incidents = read_acled(p)
    assert [i.event_id for i in incidents] == [
        "acled-my-export-1",
        "acled-my-export-2",
        "acled-my-export-3",
    ]
    assert incidents[1].sources[0].document == "My Export.csv#2"
    assert incidents[1].sources[0].title is None


def test_not_an_acled_file(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("event_date,location\n2024-01-01,Erbil\n", encoding="utf-8")
    with pytest.raises(InputError, match="not an ACLED export"):
        read_acled(p)
    with pytest.raises(InputError) as info:
        read_incidents(p)
    # only what is missing is named: not event_date, which is there
    assert str(info.value) == (
        f"{p}: not a geomap or ACLED CSV: geomap's needs event_id, sources, latitude, "
        "longitude; ACLED's needs time_precision, event_type, sub_event_type, country, "
        "latitude, longitude, geo_precision"
    )


# --------------------------------------------------------------------------- export variants
# Rows written here, in ACLED's layout, tell real attacks in our own words (dates, places
# and weapons as publicly reported); identifiers and timestamps are made up.

TOWER_22 = {
    "event_id_cnty": "JOR77001",
    "event_date": "2024-01-28",
    "year": "2024",
    "time_precision": "1",
    "disorder_type": "Political violence",
    "event_type": "Explosions/Remote violence",
    "sub_event_type": "Air/drone strike",
    "actor1": "Islamic Resistance in Iraq",
    "inter1": "Rebel group",
    "actor2": US,
    "iso": "400",
    "region": "Middle East",
    "country": "Jordan",
    "admin1": "Mafraq",
    "location": "Rukban",
    "latitude": "33.3141",
    "longitude": "38.7034",
    "geo_precision": "2",
    "source": "Reuters; Associated Press",
    "notes": "On 28 January 2024, a drone launched by militants hit a small US outpost "
    "in the northeast of Jordan; three American soldiers died and dozens were hurt.",
    "fatalities": "3",
    "tags": "",
    "timestamp": "1706500000",
}
AIN_AL_ASAD = {
    **TOWER_22,
    "event_id_cnty": "IRQ77002",
    "event_date": "2024-01-20",
    "sub_event_type": "Shelling/artillery/missile attack",
    "iso": "368",
    "country": "Iraq",
    "admin1": "Al Anbar",
    "location": "Al Baghdadi",
    "latitude": "33.8600",
    "longitude": "42.5500",
    "source": "CENTCOM",
    "notes": "Ballistic missiles and rockets were fired at the air base in western Iraq; "
    "several US personnel were checked for brain injuries.",
    "fatalities": "0",
}


def write_acled(
    path: Path,
    rows: list[dict[str, str]],
    columns: tuple[str, ...] = ACLED_COLUMNS,
    sep: str = ",",
    first_line: str = "",
) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(first_line)
        w = csv.DictWriter(fh, fieldnames=list(columns), delimiter=sep, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    return path


def test_optional_columns_may_be_absent(tmp_path: Path) -> None:
    full = read_acled(write_acled(tmp_path / "full.csv", [TOWER_22, AIN_AL_ASAD]))
    without = tuple(c for c in ACLED_COLUMNS if c not in {"tags", "timestamp", "inter1", "iso"})
    less = read_acled(write_acled(tmp_path / "full2.csv", [TOWER_22, AIN_AL_ASAD], without))
    assert [i.to_record() for i in less] == [
        {
            **i.to_record(),
            "sources": [
                {**s.to_dict(), "document": s.document.replace("full", "full2")} for s in i.sources
            ],
        }
        for i in full
    ]
    bare = read_acled(write_acled(tmp_path / "bare.csv", [TOWER_22], ACLED_REQUIRED))
    (tower,) = bare
    assert tower.event_date == date(2024, 1, 28) and tower.attack_type == "drone"
    assert tower.place.country == "JO" and tower.place.name == "Jordan"  # no location column
    assert tower.fatalities is None and tower.actor1 is None and tower.notes == ""


@pytest.mark.parametrize(
    ("sep", "first_line"), [(";", ""), ("\t", ""), (";", "sep=;\r\n"), (",", "sep=,\n")]
)
def test_other_separators_are_sniffed(tmp_path: Path, sep: str, first_line: str) -> None:
    comma = read_acled(write_acled(tmp_path / "a.csv", [TOWER_22, AIN_AL_ASAD]))
    other = write_acled(tmp_path / "b.csv", [TOWER_22, AIN_AL_ASAD], sep=sep, first_line=first_line)
    back, _ = read_incidents(other)  # sniffed by the generic reader too
    assert [i.to_record()["notes"] for i in back] == [i.notes for i in comma]
    assert [(i.event_id, i.place, i.attack_type) for i in back] == [
        (i.event_id, i.place, i.attack_type) for i in comma
    ]


def test_older_column_names_and_dates(tmp_path: Path) -> None:
    old = {k.upper(): v for k, v in TOWER_22.items()}
    old["ALLY_ACTOR_1"] = old.pop("ASSOC_ACTOR_1", "")
    old["EVENT_DATE"] = "28-January-2024"
    columns = tuple(k for k in old)
    (tower,) = read_acled(write_acled(tmp_path / "old.csv", [old], columns))
    assert tower.event_date == date(2024, 1, 28)


def test_slashed_dates_in_a_file(tmp_path: Path) -> None:
    rows = [{**TOWER_22, "event_date": "01/28/2024"}, {**AIN_AL_ASAD, "event_date": "01/02/2024"}]
    a, b = read_acled(write_acled(tmp_path / "us.csv", rows))
    assert (a.event_date, b.event_date) == (date(2024, 1, 28), date(2024, 1, 2))
    rows[0]["event_date"] = "28/01/2024"
    a, b = read_acled(write_acled(tmp_path / "eu.csv", rows))
    assert (a.event_date, b.event_date) == (date(2024, 1, 28), date(2024, 2, 1))
    rows.append({**AIN_AL_ASAD, "event_id_cnty": "IRQ77003", "event_date": "01/20/2024"})
    with pytest.raises(InputError, match=r"mixed\.csv: event_date mixes"):
        read_acled(write_acled(tmp_path / "mixed.csv", rows))


def test_missing_required_columns_are_named_alone(tmp_path: Path) -> None:
    columns = tuple(c for c in ACLED_COLUMNS if c not in {"latitude", "geo_precision", "tags"})
    p = write_acled(tmp_path / "cut.csv", [TOWER_22], columns)
    for read in (read_acled, read_incidents):
        with pytest.raises(InputError) as info:
            read(p)
        assert str(info.value) == f"{p}: not an ACLED export (missing latitude, geo_precision)"


# --------------------------------------------------------------------------- --format acled

ARTICLE_A = """---
title: Three US soldiers die in drone strike on Jordan outpost
source: Desert Wire
published: 2024-01-29
---
A drone struck Tower 22, a small US outpost in Jordan, on Sunday, killing three US soldiers
and wounding 34. The Islamic Resistance in Iraq claimed responsibility.
"""
ARTICLE_B = """---
title: Pentagon names soldiers killed at Tower 22
source: =cmd|' /C calc'!A0
published: 2024-01-30
---
The drone attack on Tower 22 in Jordan on Sunday killed three American soldiers, the Pentagon
said on Tuesday.
"""


@pytest.fixture
def tower_articles(tmp_path: Path) -> list[Path]:
    a, b = tmp_path / "wire.md", tmp_path / "pentagon.md"
    a.write_text(ARTICLE_A, encoding="utf-8")
    b.write_text(ARTICLE_B, encoding="utf-8")
    return [a, b]


def test_acled_export_reads_back_into_geomap(
    tmp_path: Path, tiny_gaz: Gazetteer, tower_articles: list[Path]
) -> None:
    (inc,) = run(tower_articles, gazetteer=tiny_gaz).incidents
    assert inc.source_count == 2 and inc.place.place_id == "jo.tower-22"
    out = write_incidents([inc], tmp_path / "tower.acled.csv")
    with out.open(encoding="utf-8", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert tuple(row) == ACLED_COLUMNS
    assert row["event_id_cnty"] == inc.event_id
    assert (row["event_date"], row["year"], row["time_precision"]) == ("2024-01-28", "2024", "1")
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == (
        "Political violence",
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert (row["country"], row["iso"], row["admin1"], row["location"]) == (
        "Jordan",
        "400",
        "Mafraq",
        "Tower 22",
    )
    assert (row["latitude"], row["longitude"], row["geo_precision"]) == ("33.3226", "38.6982", "1")
    assert row["actor1"] == "Islamic Resistance in Iraq" and row["fatalities"] == "3"
    # what geomap does not know stays empty
    for col in ("assoc_actor_1", "inter1", "assoc_actor_2", "inter2", "interaction"):
        assert row[col] == "", col
    for col in ("civilian_targeting", "region", "admin2", "admin3", "source_scale", "tags"):
        assert row[col] == "", col
    assert row["timestamp"] == ""
    # the sources, in ACLED's columns and words; the outlet that looks like a formula is
    # guarded in both cells
    assert row["source"] == "Desert Wire;' =cmd|' /C calc'!A0"
    assert row["notes"] == (
        "On 28 January 2024, a drone attack by Islamic Resistance in Iraq targeted US and "
        "coalition forces at Tower 22 (Mafraq, Jordan). Islamic Resistance in Iraq claimed responsibility. 3 killed, "
        "34 injured. Sources: Desert Wire, 29 January 2024;' =cmd|' /C calc'!A0, "
        "30 January 2024."
    )
    (back,) = read_incidents(out)[0]
    assert back.event_id == f"acled-{inc.event_id}"
    assert (back.event_date, back.time_precision) == (inc.event_date, inc.time_precision)
    assert (back.attack_type, back.intercepted, back.sub_event_type) == (
        "drone",
        False,
        "Air/drone strike",
    )
    assert (back.place.lat, back.place.lon, back.place.country) == (33.3226, 38.6982, "JO")
    assert (back.place.name, back.place.admin1, back.place.precision) == ("Tower 22", "Mafraq", 1)
    assert (back.actor1, back.claimed, back.fatalities) == (inc.actor1, True, 3)
    assert back.target == inc.target
    assert back.sources[0].outlet == "Desert Wire; =cmd|' /C calc'!A0"  # unguarded again
    assert back.sources[0].evidence == row["notes"].replace(";' =cmd", "; =cmd")


def test_acled_export_reads_into_pandas_with_acleds_dtypes(
    tmp_path: Path, tiny_gaz: Gazetteer, tower_articles: list[Path]
) -> None:
    import pandas as pd

    from geo.acled import ACLED_DTYPES

    src = write_acled(tmp_path / "in.csv", [TOWER_22, AIN_AL_ASAD])
    incidents = run([*tower_articles, src], gazetteer=tiny_gaz).incidents
    out = write_incidents(incidents, tmp_path / "all.csv", fmt="acled")
    df = pd.read_csv(out)  # as an analyst reads an ACLED download
    assert tuple(df.columns) == ACLED_COLUMNS and len(df) == len(incidents)
    for col in ("year", "time_precision", "iso", "geo_precision", "fatalities"):
        assert df[col].dtype == "int64", col
    for col in ("latitude", "longitude"):
        assert df[col].dtype == "float64", col
    for col in ("event_id_cnty", "event_date", "sub_event_type", "country", "notes", "source"):
        assert pd.api.types.is_string_dtype(df[col]), col
    typed = pd.read_csv(out, dtype=ACLED_DTYPES)
    assert dict(typed.dtypes.astype(str)) == ACLED_DTYPES
    assert pd.to_datetime(typed["event_date"]).dt.year.tolist() == typed["year"].tolist()
    assert set(typed["country"]) <= {"Jordan", "Iraq"}


def test_acled_rows_export_as_they_were_read(tmp_path: Path) -> None:
    incidents = read_acled(write_acled(tmp_path / "in.csv", [TOWER_22, AIN_AL_ASAD]))
    out = write_incidents(incidents, tmp_path / "out.acled.csv")
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row, given in zip(rows, [TOWER_22, AIN_AL_ASAD], strict=True):
        for col in ("event_id_cnty", "event_date", "year", "time_precision", "event_type"):
            assert row[col] == given[col], col
        for col in ("sub_event_type", "actor1", "actor2", "iso", "country", "admin1"):
            assert row[col] == given[col], col
        for col in ("location", "latitude", "longitude", "geo_precision", "source", "notes"):
            assert row[col] == given[col], col
        assert row["fatalities"] == given["fatalities"]
    again = read_acled(out)
    assert [i.to_record() for i in again] == [
        {
            **i.to_record(),
            "sources": [
                {**s.to_dict(), "document": s.document.replace("in.csv", "out.acled.csv")}
                for s in i.sources
            ],
        }
        for i in incidents
    ]


def test_geomaps_csv_names_the_country_as_acled_does(tmp_path: Path) -> None:
    (tower,) = read_acled(write_acled(tmp_path / "in.csv", [TOWER_22]))
    out = write_incidents([tower], tmp_path / "ours.csv")
    with out.open(encoding="utf-8", newline="") as fh:
        (row,) = list(csv.DictReader(fh))
    assert (row["country"], row["country_code"]) == ("Jordan", "JO")
    # A file written before country_code existed carries the code in country.
    old = tmp_path / "old.csv"
    with old.open("w", encoding="utf-8", newline="") as fh:
        cols = [c for c in row if c != "country_code"]
        w = csv.DictWriter(fh, fieldnames=cols, extrasaction="ignore")
        w.writeheader()
        w.writerow({**row, "country": "JO"})
    (back,) = read_incidents(old)[0]
    assert back.place.country == "JO" and back.to_record()["country"] == "Jordan"


def test_extract_format_acled_on_the_command_line(
    tmp_path: Path,
    tower_articles: list[Path],
    tiny_gaz_dir: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from geo.cli import main

    gaz = str(tiny_gaz_dir / "places.csv")
    assert (
        main(
            [
                "extract",
                *map(str, tower_articles),
                "--gazetteer",
                gaz,
                "-o",
                "-",
                "--format",
                "acled",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ",".join(ACLED_COLUMNS)
    assert len(out.splitlines()) == 2 and ",Tower 22," in out
    # by extension too
    target = tmp_path / "tower.acled.csv"
    assert main(["extract", *map(str, tower_articles), "--gazetteer", gaz, "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").replace("\r\n", "\n") == out.replace("\r\n", "\n")


# --------------------------------------------------------------------------- one attack, once


def test_tower_22_from_articles_and_acled_is_one_incident(
    tmp_path: Path, tiny_gaz: Gazetteer, tower_articles: list[Path]
) -> None:
    acled = write_acled(tmp_path / "acled.csv", [TOWER_22, AIN_AL_ASAD])
    alone = run(tower_articles, gazetteer=tiny_gaz).incidents
    result = run([*tower_articles, acled], gazetteer=tiny_gaz)
    towers = [i for i in result.incidents if i.event_date == date(2024, 1, 28)]
    (tower,) = towers  # not one from the articles and one from ACLED, a kilometre apart
    assert tower.event_id == alone[0].event_id and tower.place.place_id == "jo.tower-22"
    assert tower.source_count == 3
    assert [s.document for s in tower.sources] == ["wire.md", "pentagon.md", "acled.csv#JOR77001"]
    assert tower.sources[-1].coded and tower.sources[-1].place.place_id == "acled:jo.rukban"
    assert tower.notes.endswith("; 3 sources; also coded as ACLED event JOR77001")
    assert (tower.fatalities, tower.injuries, tower.actor1) == (3, 34, "Islamic Resistance in Iraq")
    # the other ACLED row, which no article tells, stays as it was
    assert [i.event_id for i in result.incidents if i is not tower] == ["acled-IRQ77002"]
    # the same in any order
    again = run([acled, *reversed(tower_articles)], gazetteer=tiny_gaz)
    assert [i.to_record() for i in again.incidents] == [i.to_record() for i in result.incidents]


def test_the_joined_incident_survives_a_store_and_is_not_counted_twice(
    tmp_path: Path, tiny_gaz_dir: Path, tower_articles: list[Path]
) -> None:
    from geo.cli import main

    acled = write_acled(tmp_path / "acled.csv", [TOWER_22])
    store = tmp_path / "store.gpkg"
    gaz = ["--gazetteer", str(tiny_gaz_dir / "places.csv")]
    args = ["extract", *map(str, tower_articles), str(acled), *gaz, "--store", str(store)]
    assert main(args) == 0
    (first,) = read_incidents(store)[0]
    assert first.source_count == 3
    # the store read back with the same inputs again, or alone: still one incident
    assert main(args) == 0
    assert read_incidents(store)[0] == [first]
    out = tmp_path / "from-store.geojson"
    assert main(["extract", *gaz, "--store", str(store), "-o", str(out)]) == 0
    assert read_incidents(out)[0] == [first]
    # a new article about the attack joins it
    more = tmp_path / "later.md"
    more.write_text(
        "---\nsource: Gulf Post\npublished: 2024-02-02\n---\nThe drone that hit Tower 22 in "
        "Jordan on 28 January flew in low beside a returning US drone, officials said.\n",
        encoding="utf-8",
    )
    assert main(["extract", str(more), *gaz, "--store", str(store)]) == 0
    (grown,) = read_incidents(store)[0]
    assert {s.document for s in grown.sources} == {s.document for s in first.sources} | {"later.md"}
