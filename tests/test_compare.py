"""geomap compare: two incident sets matched by day (within precision), distance and type.

Side A is geomap's (incidents built here at the tiny gazetteer's places, written as GeoJSON);
side B is an ACLED export written here in ACLED's layout. The rows tell real attacks of the
2023-24 campaign in our own words; the near misses around them are made up on purpose.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from gazhelpers import tiny_place

from geo.acled import ACLED_COLUMNS, read_acled
from geo.cli import main
from geo.compare import (
    COMPARE_COLUMNS,
    compare_incidents,
    comparison_map,
    distance_km,
    same_event,
    summary_rows,
)
from geo.export import write_incidents
from geo.models import Incident, Source, type_family


def incident(day: str, place_id: str, attack_type: str, precision: int = 1) -> Incident:
    """One report's incident, with the id geomap's merging gives it (date-place-family)."""
    eid = f"{day}-{place_id}-{type_family(attack_type).replace('_', '-')}"
    place = tiny_place(place_id)
    text = f"An attack ({attack_type}) at {place.name}."
    src = Source(
        document=f"{eid}.md",
        title=None,
        url=None,
        outlet="Test Wire",
        published=day,
        evidence=text,
        char_start=0,
        char_end=len(text),
        place=place,
        event_date=day,
        time_precision=precision,
        attack_type=attack_type,
    )
    return Incident(
        event_id=eid,
        event_date=date.fromisoformat(day),
        time_precision=precision,
        attack_type=attack_type,
        attack_types_reported=(attack_type,),
        place=place,
        sources=(src,),
    )


def acled_row(ident: str, day: str, sub: str, notes: str, **place: str) -> dict[str, str]:
    row = dict.fromkeys(ACLED_COLUMNS, "")
    row.update(
        event_id_cnty=ident,
        event_date=day,
        year=day[:4],
        time_precision="1",
        disorder_type="Political violence",
        event_type="Explosions/Remote violence",
        sub_event_type=sub,
        actor1="Islamic Resistance in Iraq",
        geo_precision="2",
        source="Test Agency",
        notes=notes,
        fatalities="0",
    )
    row.update(place)
    return row


JO = {"country": "Jordan", "admin1": "Mafraq"}
ANBAR = {"country": "Iraq", "admin1": "Al Anbar"}
DRONE, SHELLING = "Air/drone strike", "Shelling/artillery/missile attack"

A = {
    "tower": incident("2024-01-28", "jo.tower-22", "drone"),
    "asad-20": incident("2024-01-20", "iq.anbar.al-asad", "rocket"),
    "asad-22": incident("2024-01-22", "iq.anbar.al-asad", "rocket"),
    "euphrates": incident("2023-11-05", "sy.deir-ez-zor.mss-euphrates", "rocket"),
    "erbil": incident("2023-10-18", "iq.erbil.air-base", "drone"),  # B: 30 km away
    "asad-drone": incident("2023-12-09", "iq.anbar.al-asad", "drone"),  # B: rockets
    "embassy": incident("2023-12-08", "iq.baghdad.us-embassy", "rocket"),  # B: 2 days on
}
SIDE_A = list(A.values())
SIDE_B_ROWS = [
    acled_row(
        "JOR1", "2024-01-28", DRONE, "A drone hit a US outpost near Rukban.",
        location="Rukban", latitude="33.3141", longitude="38.7034", **JO,
    ),
    # two attacks at Al-Asad, told from the nearby town: each pairs with the nearer day
    acled_row(
        "IRQ2", "2024-01-21", SHELLING, "Rockets were fired at the air base again.",
        location="Al Baghdadi", latitude="33.8600", longitude="42.5500", **ANBAR,
    ),
    acled_row(
        "IRQ3", "2024-01-20", SHELLING, "Rockets were fired at the air base.",
        location="Al Baghdadi", latitude="33.8600", longitude="42.5500", **ANBAR,
    ),
    # the day after the article's: one day of slack for exact days (time zones)
    acled_row(
        "SYR4", "2023-11-06", SHELLING, "Rockets targeted the US base at the Omar field.",
        location="Al Omar", latitude="35.3400", longitude="40.3000",
        country="Syria", admin1="Deir ez-Zor",
    ),
    # near misses: same day 30 km north of Erbil air base; same day and place, other family;
    # same place two days later
    acled_row(
        "IRQ5", "2023-10-18", DRONE, "A drone fell north of Erbil.",
        location="North of Erbil", latitude="36.5076", longitude="43.9632",
        country="Iraq", admin1="Erbil",
    ),
    acled_row(
        "IRQ6", "2023-12-09", SHELLING, "Rockets hit near the air base.",
        location="Al-Asad", latitude="33.7856", longitude="42.4412", **ANBAR,
    ),
    acled_row(
        "IRQ7", "2023-12-10", SHELLING, "Rockets landed near the US embassy.",
        location="Baghdad", latitude="33.2986", longitude="44.3964",
        country="Iraq", admin1="Baghdad",
    ),
]  # fmt: skip
MATCHED = {
    (A["tower"].event_id, "acled-JOR1"),
    (A["asad-20"].event_id, "acled-IRQ3"),  # 20 January with 20 January
    (A["asad-22"].event_id, "acled-IRQ2"),  # 22 January with 21 January: the only one left
    (A["euphrates"].event_id, "acled-SYR4"),
}
ONLY_A = {A[k].event_id for k in ("erbil", "asad-drone", "embassy")}
ONLY_B = {"acled-IRQ5", "acled-IRQ6", "acled-IRQ7"}


@pytest.fixture
def side_b(tmp_path: Path) -> Path:
    p = tmp_path / "acled.csv"
    with p.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(ACLED_COLUMNS))
        w.writeheader()
        w.writerows(SIDE_B_ROWS)
    return p


@pytest.fixture
def side_a(tmp_path: Path) -> Path:
    return write_incidents(SIDE_A, tmp_path / "ours.geojson")


def test_the_near_misses_are_as_far_as_they_should_be(side_b: Path) -> None:
    b = {i.event_id: i for i in read_acled(side_b)}
    assert distance_km(A["tower"], b["acled-JOR1"]) < 1.5
    assert 29.5 < distance_km(A["erbil"], b["acled-IRQ5"]) < 30.5
    assert same_event(A["euphrates"], b["acled-SYR4"])  # a day apart: within the slack
    assert same_event(A["asad-20"], b["acled-IRQ2"])  # a day apart, but IRQ3 is closer
    assert not same_event(A["erbil"], b["acled-IRQ5"])  # 30 km: no
    assert same_event(A["erbil"], b["acled-IRQ5"], km=31)  # unless asked
    assert not same_event(A["asad-drone"], b["acled-IRQ6"])  # drone vs rockets
    assert not same_event(A["embassy"], b["acled-IRQ7"])  # two days apart


def test_compare_gives_the_three_sets(side_b: Path) -> None:
    b = read_acled(side_b)
    result = compare_incidents(SIDE_A, b)
    assert {(m.a.event_id, m.b.event_id) for m in result.matched} == MATCHED
    assert {i.event_id for i in result.only_a} == ONLY_A
    assert {i.event_id for i in result.only_b} == ONLY_B
    assert {m.a.event_id: m.days for m in result.matched}[A["euphrates"].event_id] == 1
    # the result does not depend on the order of either side
    again = compare_incidents(list(reversed(b)), list(reversed(SIDE_A)))
    assert {(m.b.event_id, m.a.event_id) for m in again.matched} == MATCHED
    assert {i.event_id for i in again.only_b} == ONLY_A


def test_week_and_month_precision_widen_the_window() -> None:
    exact = incident("2023-11-05", "sy.deir-ez-zor.mss-euphrates", "rocket")
    week = incident("2023-11-08", "sy.deir-ez-zor.mss-euphrates", "mortar", precision=2)
    month = incident("2023-11-15", "sy.deir-ez-zor.mss-euphrates", "artillery", precision=3)
    assert same_event(exact, week) and same_event(exact, month)  # one family, indirect fire
    far = incident("2023-11-09", "sy.deir-ez-zor.mss-euphrates", "rocket", precision=2)
    assert not same_event(exact, far)  # four days: beyond a week's midpoint


def test_summary_per_month_and_place(side_b: Path) -> None:
    result = compare_incidents(SIDE_A, read_acled(side_b))
    assert summary_rows(result, "month") == [
        ("2023-10", 0, 1, 1),
        ("2023-11", 1, 0, 0),
        ("2023-12", 0, 2, 2),
        ("2024-01", 3, 0, 0),
    ]
    places = {r[0]: r[1:] for r in summary_rows(result, "place")}
    assert places["Al-Asad Airbase, Iraq"] == (2, 1, 0)
    assert places["North of Erbil, Iraq"] == (0, 0, 1)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[[list[str]], tuple[int, str, str]]:
    def run(args: list[str]) -> tuple[int, str, str]:
        capsys.readouterr()
        rc = main(args)
        got = capsys.readouterr()
        return rc, got.out, got.err

    return run


def test_compare_on_the_command_line(
    cli: Callable[[list[str]], tuple[int, str, str]], tmp_path: Path, side_a: Path, side_b: Path
) -> None:
    target, page = tmp_path / "sets.csv", tmp_path / "sets.html"
    rc, out, err = cli(["compare", str(side_a), str(side_b), "-o", str(target), "--map", str(page)])
    assert rc == 0, err
    assert out.splitlines()[:3] == [
        "A: ours.geojson (7 incidents)",
        "B: acled.csv (7 incidents)",
        "matched 4, only in A 3, only in B 3 (same day within the dates' precision, "
        "at most 25 km apart, same type family)",
    ]
    assert re.search(r"^2024-01 +3 +0 +0$", out, re.MULTILINE)
    with target.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert tuple(rows[0]) == COMPARE_COLUMNS
    got = {(r["set"], r["a_event_id"], r["b_event_id"]) for r in rows}
    assert got == {
        *(("matched", a, b) for a, b in MATCHED),
        *(("only_a", a, "") for a in ONLY_A),
        *(("only_b", "", b) for b in ONLY_B),
    }
    html = page.read_text(encoding="utf-8")
    for layer in ("Matched (4)", "Only in ours.geojson (3)", "Only in acled.csv (3)"):
        assert layer in html
    # an existing output needs --force
    rc, _, err = cli(["compare", str(side_a), str(side_b), "-o", str(target)])
    assert rc == 2 and err == f"geomap: error: {target} exists; use --force to replace it\n"


def test_compare_writes_into_a_directory_and_to_stdout(
    cli: Callable[[list[str]], tuple[int, str, str]], tmp_path: Path, side_a: Path, side_b: Path
) -> None:
    out_dir = tmp_path / "report"
    out_dir.mkdir()
    rc, _, err = cli(["compare", str(side_a), str(side_b), "-o", str(out_dir), "-q"])
    assert rc == 0 and err == ""
    assert (out_dir / "compare.csv").is_file() and (out_dir / "compare.html").is_file()
    rc, out, err = cli(["compare", str(side_a), str(side_b), "-o", "-"])
    assert rc == 0
    assert out.splitlines()[0] == ",".join(COMPARE_COLUMNS) and len(out.splitlines()) == 11
    assert err.startswith("A: ours.geojson")  # the summary goes to stderr then


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["-o", "x.txt"], "-o must be a .csv file or a directory, got 'x.txt'"),
        (["--map", "x.png"], "the map must be an .html file, got 'x.png'"),
        (["--km", "0"], "--km must be a positive distance, got 0"),
    ],
)
def test_bad_compare_options(
    cli: Callable[[list[str]], tuple[int, str, str]],
    side_a: Path,
    side_b: Path,
    extra: list[str],
    message: str,
) -> None:
    rc, out, err = cli(["compare", str(side_a), str(side_b), *extra])
    assert (rc, out, err) == (2, "", f"geomap: error: {message}\n")


def test_a_missing_input_is_one_line(
    cli: Callable[[list[str]], tuple[int, str, str]], tmp_path: Path, side_a: Path
) -> None:
    rc, _, err = cli(["compare", str(side_a), str(tmp_path / "nothing.csv")])
    assert rc == 2 and err.count("\n") == 1 and err.startswith("geomap: error: ")


def test_the_map_escapes_what_the_inputs_say(side_b: Path) -> None:
    b = read_acled(side_b)
    from dataclasses import replace

    bad = replace(A["erbil"], event_id="a-`${alert(1)}`<script>")
    result = compare_incidents([bad], b)
    html = comparison_map(result, names=("<b>ours</b>", "acled.csv")).get_root().render()
    assert "${alert(1)}" not in html and "<script>alert" not in html
    assert "<b>ours</b>" not in html
    assert "&lt;b&gt;ours&lt;/b&gt;" in html


def test_the_index_finds_what_a_full_scan_finds() -> None:
    import random
    from dataclasses import replace
    from datetime import timedelta

    rng = random.Random(17)
    places = ["jo.tower-22", "iq.anbar.al-asad", "iq.erbil.air-base", "iq.baghdad.us-embassy"]
    types = ["rocket", "mortar", "drone", "airstrike", "unknown"]

    def some(n: int) -> list[Incident]:
        out = []
        for _ in range(n):
            day = (date(2024, 1, 1) + timedelta(days=rng.randrange(60))).isoformat()
            inc = incident(day, rng.choice(places), rng.choice(types), rng.choice([1, 1, 2, 3]))
            # scattered up to ~30 km around the place, across the index's latitude bands
            p = replace(
                inc.place,
                lat=inc.place.lat + rng.uniform(-0.27, 0.27),
                lon=inc.place.lon + rng.uniform(-0.1, 0.1),
            )
            out.append(replace(inc, place=p, sources=(replace(inc.sources[0], place=p),)))
        return out

    a, b = some(120), some(120)
    result = compare_incidents(a, b)
    # the same greedy choice over every pair, without the index
    pairs = sorted(
        (
            abs(x.event_date.toordinal() - y.event_date.toordinal()),
            distance_km(x, y),
            x.event_id,
            y.event_id,
            i,
            j,
        )
        for i, x in enumerate(a)
        for j, y in enumerate(b)
        if same_event(x, y) and x.event_date and y.event_date
    )
    taken_a: set[int] = set()
    taken_b: set[int] = set()
    chosen = set()
    for *_, i, j in pairs:
        if i not in taken_a and j not in taken_b:
            taken_a.add(i)
            taken_b.add(j)
            chosen.add((i, j))
    index_a = {id(x): i for i, x in enumerate(a)}
    index_b = {id(y): j for j, y in enumerate(b)}
    got = {(index_a[id(m.a)], index_b[id(m.b)]) for m in result.matched}
    assert got == chosen and len(chosen) > 20
