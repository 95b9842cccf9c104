"""The incremental store: extract --store incidents.gpkg, render --store."""

from pathlib import Path

import pytest

from geo.cli import main
from geo.export import read_incidents

DAY1 = """---
title: Rockets hit the embassy
source: Tigris Wire
url: https://example.org/embassy
published: 2023-12-08
---
Rockets were fired at the US Embassy in Baghdad on Friday, officials said. No one was hurt.

A one-way attack drone struck Al-Asad Air Base on Friday, the Pentagon said.
"""
DAY1_OTHER_OUTLET = """---
title: Mortars fall on the embassy
source: Levant Desk
url: https://example.net/mortars
published: 2023-12-08
---
A multi-mortar attack targeted the US Embassy in Baghdad early on Friday, a US official said.
"""
DAY2 = """---
title: Drone hits Erbil
source: Frontier Ledger
published: 2023-12-25
---
A one-way attack drone struck Erbil Air Base on Monday, injuring three US service members.
"""


@pytest.fixture(autouse=True)
def _tiny(monkeypatch: pytest.MonkeyPatch, tiny_gaz_dir: Path) -> None:
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tiny_gaz_dir))


def write(d: Path, name: str, text: str) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    p = d / name
    p.write_text(text, encoding="utf-8")
    return p


def records(store: Path) -> list[dict]:
    incidents, _ = read_incidents(store)
    return [i.to_record() for i in incidents]


def test_store_grows_without_duplicates(tmp_path: Path) -> None:
    store = tmp_path / "incidents.gpkg"
    a = write(tmp_path / "a", "day1.md", DAY1)
    assert main(["extract", str(a), "--store", str(store)]) == 0
    first = records(store)
    assert sorted(r["attack_type"] for r in first) == ["drone", "rocket"]

    # the same articles again: nothing changes
    assert main(["extract", str(a), "--store", str(store)]) == 0
    assert records(store) == first

    # a new report of a known incident adds a source, not an incident
    b = write(tmp_path / "b", "other.md", DAY1_OTHER_OUTLET)
    assert main(["extract", str(b), "--store", str(store)]) == 0
    second = records(store)
    assert len(second) == 2
    embassy = next(r for r in second if r["place_id"] == "iq.baghdad.us-embassy")
    assert embassy["source_count"] == 2 and set(embassy["attack_types_reported"]) == {
        "rocket",
        "mortar",
    }
    assert (
        embassy["event_id"]
        == next(r for r in first if r["place_id"] == "iq.baghdad.us-embassy")["event_id"]
    )

    # a new incident is added; the others stay as they were
    c = write(tmp_path / "c", "day2.md", DAY2)
    assert main(["extract", str(c), "--store", str(store)]) == 0
    third = records(store)
    assert len(third) == 3
    assert [r for r in third if r["place_id"] != "iq.erbil.air-base"] == second


def test_render_from_store_and_filters_do_not_shrink_the_store(tmp_path: Path) -> None:
    store = tmp_path / "s.gpkg"
    write(tmp_path / "a", "day1.md", DAY1)
    write(tmp_path / "a", "day2.md", DAY2)
    out = tmp_path / "drones.geojson"
    assert (
        main(
            [
                "extract",
                str(tmp_path / "a"),
                "--store",
                str(store),
                "-o",
                str(out),
                "--type",
                "drone",
            ]
        )
        == 0
    )
    assert len(records(store)) == 3  # the store keeps everything
    assert len(read_incidents(out)[0]) == 2
    html = tmp_path / "m.html"
    assert main(["render", "--store", str(store), "-o", str(html)]) == 0
    assert html.stat().st_size > 1000


def test_crash_mid_write_leaves_the_store_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "s.gpkg"
    a = write(tmp_path / "a", "day1.md", DAY1)
    assert main(["extract", str(a), "--store", str(store)]) == 0
    before = store.read_bytes()

    import pyogrio

    real = pyogrio.write_dataframe

    def crash(df, path, *args, **kwargs):
        real(df, path, *args, **kwargs)  # half the file is written ...
        raise KeyboardInterrupt  # ... then the process is killed

    monkeypatch.setattr(pyogrio, "write_dataframe", crash)
    b = write(tmp_path / "b", "day2.md", DAY2)
    with pytest.raises(KeyboardInterrupt):
        from geo.export import write_incidents
        from geo.pipeline import run

        result = run([str(b), str(store)])
        write_incidents(result.incidents, store, tallies=result.tallies, force=True)
    assert store.read_bytes() == before
    # Only the lock file of the first run (extract --store) is beside the store: no debris.
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".s.gpkg")] == [".s.gpkg.lock"]


def test_render_store_missing_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(["render", "--store", str(tmp_path / "none.gpkg"), "-o", str(tmp_path / "m.html")])
        == 2
    )
    assert "store not found" in capsys.readouterr().err
    assert main(["extract", str(tmp_path), "--store", str(tmp_path / "x.csv")]) == 2
    assert "--store must be a .gpkg" in capsys.readouterr().err
