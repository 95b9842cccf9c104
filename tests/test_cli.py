"""The command line, run in-process through geo.cli.main and once as ``python -m geo``."""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from filehelpers import minimal_pdf

from geo.cli import build_parser, main

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
    captured = capsys.readouterr()
    assert captured.out == ""  # stdout carries data only; the summary is on stderr
    assert captured.err == f"geomap: 2 incidents, 1 tallies from 1 articles -> {out}\n"


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
    assert code == 2
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


# --------------------------------------------------------------------------- Unix habits


def _geomap(
    args: list[str], gaz: Path, *, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run ``python -m geo`` with real pipes for stdin, stdout and stderr (not a terminal)."""
    env = {**os.environ, "GEOMAP_GAZETTEER": str(gaz), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=env,
        cwd=cwd,
        check=False,
    )


def _lines(data: bytes) -> list[str]:
    return data.decode("utf-8").splitlines()


@pytest.mark.parametrize(
    "argv",
    [
        ["-q", "--debug", "extract", "a.md", "-o", "x.geojson"],
        ["extract", "a.md", "-o", "x.geojson", "-q", "--debug"],
        ["--debug", "extract", "-q", "a.md", "-o", "x.geojson"],
        ["-q", "gazetteer", "--debug", "lookup", "Erbil"],
        ["gazetteer", "lookup", "Erbil", "--quiet", "--debug"],
        ["explain", "a.md", "-q", "--debug"],
        ["render", "a.md", "--debug", "--quiet"],
    ],
)
def test_global_options_go_before_or_after_the_subcommand(argv: list[str]) -> None:
    args = build_parser().parse_args(argv)
    assert args.quiet is True and args.debug is True


def test_a_global_option_before_is_not_reset_by_the_subcommand() -> None:
    args = build_parser().parse_args(["-q", "extract", "a.md", "-o", "x.geojson"])
    assert args.quiet is True and args.debug is False
    args = build_parser().parse_args(["extract", "a.md", "-o", "x.geojson"])
    assert args.quiet is False and args.debug is False


def test_quiet_after_the_subcommand_hides_warnings_and_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    undated = tmp_path / "undated.txt"
    undated.write_text("Rockets struck Al-Asad Air Base on Friday.\n", encoding="utf-8")
    assert main(["extract", str(undated), "-o", str(tmp_path / "a.geojson")]) == 0
    err = capsys.readouterr().err
    assert "warning: undated.txt: no publication date" in err and "geomap: 1 incidents" in err
    assert main(["extract", str(undated), "-o", str(tmp_path / "b.geojson"), "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    assert (tmp_path / "b.geojson").read_bytes() == (tmp_path / "a.geojson").read_bytes()


def test_an_article_on_stdin_through_a_pipe(tmp_path: Path, tiny_gaz_dir: Path) -> None:
    out = tmp_path / "out.geojson"
    proc = _geomap(["extract", "-", "-o", str(out)], tiny_gaz_dir, stdin=ARTICLE.encode())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == b""
    assert _lines(proc.stderr) == [f"geomap: 2 incidents, 1 tallies from 1 articles -> {out}"]
    features = json.loads(out.read_text(encoding="utf-8"))["features"]
    docs = {s["document"] for f in features for s in f["properties"]["sources"]}
    assert docs == {"<stdin>"}
    assert {s["title"] for f in features for s in f["properties"]["sources"]} == {
        "Rockets and a drone hit Al-Asad"
    }


def test_output_to_stdout_carries_only_data(articles: Path, tiny_gaz_dir: Path) -> None:
    proc = _geomap(["extract", str(articles), "-o", "-"], tiny_gaz_dir)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 2
    assert _lines(proc.stderr) == [
        "geomap: 2 incidents, 1 tallies from 1 articles -> standard output"
    ]
    proc = _geomap(["extract", str(articles), "-o", "-", "--format", "csv", "-q"], tiny_gaz_dir)
    assert proc.returncode == 0 and proc.stderr == b""
    rows = _lines(proc.stdout)
    assert rows[0].startswith("event_id,event_date,") and len(rows) == 3
    proc = _geomap(
        ["-q", "extract", "-", "-o", "-", "--format", "jsonl"], tiny_gaz_dir, stdin=ARTICLE.encode()
    )
    assert proc.returncode == 0 and proc.stderr == b""
    assert sorted(json.loads(line)["attack_type"] for line in _lines(proc.stdout)) == [
        "drone",
        "rocket",
    ]


def test_the_same_bytes_to_stdout_and_to_a_file(
    articles: Path, tmp_path: Path, tiny_gaz_dir: Path
) -> None:
    out = tmp_path / "o.csv"
    assert _geomap(["extract", str(articles), "-o", str(out)], tiny_gaz_dir).returncode == 0
    proc = _geomap(["extract", str(articles), "-o", "-", "--format", "csv"], tiny_gaz_dir)
    assert proc.stdout == out.read_bytes()


def test_a_geopackage_is_refused_on_stdout(articles: Path, tiny_gaz_dir: Path) -> None:
    proc = _geomap(["extract", str(articles), "-o", "-", "--format", "gpkg"], tiny_gaz_dir)
    assert proc.returncode == 2 and proc.stdout == b""
    assert _lines(proc.stderr) == [
        "geomap: error: a GeoPackage cannot go to standard output (it is a binary file); "
        "give a .gpkg file name"
    ]


def test_a_reader_that_goes_away_is_not_an_error(articles: Path, tiny_gaz_dir: Path) -> None:
    env = {**os.environ, "GEOMAP_GAZETTEER": str(tiny_gaz_dir)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "geo", "-q", "extract", str(articles), "-o", "-"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the only reader is gone before geomap writes: EPIPE on its write
    err = proc.stderr.read()
    assert proc.wait() == 0
    assert err == b""


def test_render_to_stdout(articles: Path, tmp_path: Path, tiny_gaz_dir: Path) -> None:
    import shutil

    import geo

    shutil.copytree(Path(geo.__file__).parent / "_map" / "vendor", tmp_path / "assets")
    proc = _geomap(
        ["render", str(articles), "-o", "-", "--assets", "assets"], tiny_gaz_dir, cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    page = proc.stdout.decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    # Local assets are inlined: the page refers to no file, wherever it is saved.
    assert "/* leaflet.js */" in page
    assert " src=" not in page and "file://" not in page
    assert _lines(proc.stderr) == ["geomap: 2 incidents from 1 articles -> standard output"]
    proc = _geomap(["render", str(articles), "-o", "-", "--geojson", "-"], tiny_gaz_dir)
    assert proc.returncode == 2 and proc.stdout == b""
    assert _lines(proc.stderr) == [
        "geomap: error: only one of -o and --geojson can be - (standard output)"
    ]


def test_force_keeps_a_symlink_and_its_target_mode(
    articles: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "data").mkdir()
    real = tmp_path / "data" / "incidents.geojson"
    real.write_text("old", encoding="utf-8")
    os.chmod(real, 0o640)
    link = tmp_path / "latest.geojson"
    link.symlink_to("data/incidents.geojson")
    assert main(["extract", str(articles), "-o", str(link)]) == 2
    assert "exists; use --force" in capsys.readouterr().err
    assert main(["-q", "extract", str(articles), "-o", str(link), "--force"]) == 0
    assert link.is_symlink() and os.readlink(link) == "data/incidents.geojson"
    assert len(json.loads(real.read_text(encoding="utf-8"))["features"]) == 2
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert sorted(p.name for p in (tmp_path / "data").iterdir()) == ["incidents.geojson"]


def test_a_link_to_dev_stdout_is_written_into(
    articles: Path, tmp_path: Path, tiny_gaz_dir: Path
) -> None:
    # A link in tmp_path to /dev/stdout (so a regression could only ever replace the link).
    link = tmp_path / "out.geojson"
    link.symlink_to("/dev/stdout")
    for extra in ([], ["--force"]):  # a device is not a file to replace: no --force needed
        proc = _geomap(["extract", str(articles), "-o", str(link), "-q", *extra], tiny_gaz_dir)
        assert proc.returncode == 0, proc.stderr
        assert len(json.loads(proc.stdout)["features"]) == 2
        assert link.is_symlink() and os.readlink(link) == "/dev/stdout"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["articles", "out.geojson"]


def test_lookup_of_an_unknown_name_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    for extra in ([], ["--json"]):
        assert main(["gazetteer", "lookup", "Atlantis of the Sands", "--no-world", *extra]) == 2
        out, err = capsys.readouterr()
        assert out == ""
        assert err == "geomap: error: no place named 'Atlantis of the Sands' in any tier\n"


def test_a_pdf_is_not_read(tmp_path: Path, tiny_gaz_dir: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(minimal_pdf("Rockets struck Al-Asad Air Base on Friday, Dec. 8, 2023."))
    out = tmp_path / "o.geojson"
    proc = _geomap(["extract", str(pdf), "-o", str(out)], tiny_gaz_dir)
    assert proc.returncode == 2 and not out.exists()
    assert _lines(proc.stderr) == [
        f"geomap: warning: {pdf}: PDF is not supported; save the article as text or HTML; skipped",
        f"geomap: error: no readable article in {pdf}",
    ]


def test_explain_reads_stdin(tiny_gaz_dir: Path) -> None:
    proc = _geomap(["explain", "-", "--json", "-q"], tiny_gaz_dir, stdin=ARTICLE.encode())
    assert proc.returncode == 0 and proc.stderr == b"", proc.stderr
    (expl,) = [json.loads(line) for line in _lines(proc.stdout)]
    assert expl["document"] == "<stdin>"


def test_stdin_with_parallel_workers_gives_the_serial_output(
    tmp_path: Path, tiny_gaz_dir: Path
) -> None:
    d = tmp_path / "many"
    d.mkdir()
    for i, place in enumerate(["Erbil Air Base", "Al-Asad Air Base", "Tower 22", "Erbil"] * 2):
        (d / f"a{i}.md").write_text(
            f"---\npublished: 2023-12-{10 + i}\n---\nA drone struck {place} on Sunday.\n",
            encoding="utf-8",
        )
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}.geojson"
        proc = _geomap(
            ["-q", "extract", str(d), "-", "-o", str(out), "--jobs", jobs],
            tiny_gaz_dir,
            stdin=ARTICLE.encode(),
        )
        assert proc.returncode == 0, proc.stderr
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    features = json.loads(outs[0])["features"]
    docs = {s["document"] for f in features for s in f["properties"]["sources"]}
    assert "<stdin>" in docs and "a0.md" in docs
