"""The command line, run in-process through geo.cli.main and once as ``python -m geo``."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from geo.cli import main

pytestmark = pytest.mark.cli

ARTICLE = """---
title: "Rockets and a drone hit Al-Asad"
url: https://example.org/asad
source: Tigris Wire
published: 2023-12-08
---
Rockets struck Al-Asad Air Base on Friday, officials said. No one was hurt.

Separately, a one-way attack drone targeted Erbil Air Base on Friday, the Pentagon said.

Militias have attacked US forces at least 82 times since October 17, officials said.
"""


@pytest.fixture
def articles(tmp_path: Path) -> Path:
    d = tmp_path / "articles"
    d.mkdir()
    (d / "asad.md").write_text(ARTICLE, encoding="utf-8")
    return d


@pytest.fixture(autouse=True)
def _tiny_gazetteer(monkeypatch: pytest.MonkeyPatch, tiny_gaz_dir: Path) -> None:
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tiny_gaz_dir))


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for cmd in ("render", "extract", "gazetteer"):
        assert cmd in out


def test_extract_geojson(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.geojson"
    assert main(["extract", str(articles), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    types = sorted(f["properties"]["attack_type"] for f in data["features"])
    assert types == ["drone", "rocket"]
    assert data["tallies"][0]["count"] == 82
    assert "2 incidents" in capsys.readouterr().out


def test_extract_refuses_to_overwrite_without_force(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.geojson"
    out.write_text("keep me", encoding="utf-8")
    assert main(["extract", str(articles), "-o", str(out)]) == 2
    assert out.read_text(encoding="utf-8") == "keep me"
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("geomap: error:") and "--force" in err[0]
    assert main(["extract", str(articles), "-o", str(out), "--force"]) == 0
    assert out.read_text(encoding="utf-8").startswith("{")


def test_render_writes_a_map_and_geojson(articles: Path, tmp_path: Path) -> None:
    html = tmp_path / "maps" / "m.html"
    gj = tmp_path / "m.geojson"
    assert (
        main(
            ["render", str(articles), "-o", str(html), "--geojson", str(gj), "--title", "Test map"]
        )
        == 0
    )
    page = html.read_text(encoding="utf-8")
    assert "leaflet" in page.lower() and "Test map" in page
    assert len(json.loads(gj.read_text(encoding="utf-8"))["features"]) == 2


def test_filters(articles: Path, tmp_path: Path) -> None:
    out = tmp_path / "drones.geojson"
    assert main(["extract", str(articles), "-o", str(out), "--type", "drone"]) == 0
    assert [f["properties"]["attack_type"] for f in json.loads(out.read_text())["features"]] == [
        "drone"
    ]
    out2 = tmp_path / "none.geojson"
    assert main(["extract", str(articles), "-o", str(out2), "--since", "2023-12-09"]) == 0
    assert json.loads(out2.read_text())["features"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["extract", "{missing}", "-o", "{out}"], "no such file or directory"),
        (["extract", "{empty}", "-o", "{out}"], "no article files"),
        (["extract", "{junk}", "-o", "{out}"], "no readable article"),
        (["extract", "{articles}", "-o", "{out}", "--published", "2023-13-45"], "not a date"),
        (["extract", "{articles}", "-o", "{tmp}/out.xyz"], "cannot tell the format"),
        (
            [
                "extract",
                "{articles}",
                "-o",
                "{out}",
                "--since",
                "2024-01-02",
                "--until",
                "2024-01-01",
            ],
            "is after",
        ),
        (["extract", "{articles}", "-o", "{out}", "--type", "laser"], "invalid choice"),
        (["render", "{articles}", "-o", "{tmp}/map.png"], "must be an .html file"),
        (
            ["render", "{articles}", "--assets", "{missing}", "-o", "{tmp}/m.html"],
            "--assets must be a directory",
        ),
        (  # checked before any article is read
            ["render", "{junk}", "--assets", "{missing}", "-o", "{tmp}/m.html"],
            "--assets must be a directory",
        ),
        (
            ["extract", "{articles}", "-o", "{out}", "--gazetteer", "{missing}"],
            "gazetteer file not found",
        ),
        (["gazetteer", "lookup", "Atlantis of the Sands", "--no-world"], "no place named"),
    ],
)
def test_bad_input_gives_one_line(
    args: list[str],
    message: str,
    articles: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    junk = tmp_path / "junk"
    junk.mkdir()
    (junk / "x.txt").write_bytes(b"\x00\x01" * 400)
    fill = {
        "missing": str(tmp_path / "nope"),
        "empty": str(empty),
        "junk": str(junk),
        "articles": str(articles),
        "out": str(tmp_path / "o.geojson"),
        "tmp": str(tmp_path),
    }
    argv = [a.format(**fill) for a in args]
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse usage errors
        code = exc.code
    assert code in (1, 2)
    err = [line for line in capsys.readouterr().err.strip().splitlines() if "warning" not in line]
    assert len(err) == 1, err
    assert err[0].startswith("geomap: error:") and message in err[0]
    assert not (tmp_path / "o.geojson").exists()


def test_gazetteer_lookup_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gazetteer", "lookup", "Ayn al Asad", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["place_id"] == "iq.anbar.al-asad" and d["tier"] == "curated"
    assert set(d) == {
        "query",
        "place_id",
        "name",
        "lat",
        "lon",
        "country",
        "kind",
        "precision",
        "tier",
        "reason",
    }


def test_gazetteer_lookup_world_tier(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gazetteer", "lookup", "Mosul", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["tier"] == "world" and d["country"] == "IQ" and d["place_id"].startswith("geonames:")


def test_gazetteer_check(
    tiny_gaz_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["gazetteer", "check", str(tiny_gaz_dir)]) == 0
    bad = tmp_path / "bad"
    from gazhelpers import TINY_ALIASES, TINY_PLACES, write_gazetteer

    places = [
        *TINY_PLACES,
        TINY_PLACES[-1],
        ("iq.swapped", "Swapped", "city", 44.4, 33.3, 1, "IQ", "", "iq.nowhere"),
    ]
    write_gazetteer(
        bad, places=places, aliases=[*TINY_ALIASES, ("Ghost", "iq.ghost", "en", "common")]
    )
    capsys.readouterr()
    assert main(["gazetteer", "check", str(bad)]) == 1
    out = capsys.readouterr().out
    assert "duplicate place_id 'jo.tower-22'" in out
    assert "unknown place 'iq.ghost'" in out
    assert "unknown parent_id 'iq.nowhere'" in out
    assert "'iq.swapped'" in out and "outside IQ" in out


def test_gazetteer_unresolved(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "a.txt"
    f.write_text(
        "Rockets struck a base near Qayyarah on Friday, and drones hit Al-Asad Air Base. Another drone fell near Qayyarah.\n",
        encoding="utf-8",
    )
    assert main(["gazetteer", "unresolved", str(f)]) == 0
    out = capsys.readouterr().out
    assert "2  Qayyarah" in out and "Asad" not in out


def test_python_dash_m(articles: Path, tmp_path: Path, tiny_gaz_dir: Path) -> None:
    import os

    env = {**os.environ, "GEOMAP_GAZETTEER": str(tiny_gaz_dir)}
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "--help"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 0 and "render" in proc.stdout
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "extract",
            str(tmp_path / "nope"),
            "-o",
            str(tmp_path / "x.geojson"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("geomap: error:") and "Traceback" not in proc.stderr
