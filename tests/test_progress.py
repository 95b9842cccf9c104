"""The progress bar: its line, the pipeline's reports, and a real terminal against a pipe."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import struct
import subprocess
import sys
import termios
from datetime import date, timedelta
from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer
from geo.pipeline import run
from geo.progress import ProgressBar, format_duration

pytestmark = pytest.mark.cli

ARTICLE = """---
title: "Rockets hit Al-Asad"
published: {day}
---
Rockets struck Al-Asad Air Base on {weekday}, officials said. No one was hurt.
"""


def _articles(directory: Path, n: int) -> Path:
    """Write ``n`` articles, each about an attack of its own (three days apart)."""
    directory.mkdir()
    for i in range(n):
        day = date(2023, 11, 1) + timedelta(days=3 * i)
        (directory / f"a{i:02d}.md").write_text(
            ARTICLE.format(day=day.isoformat(), weekday=day.strftime("%A")), encoding="utf-8"
        )
    return directory


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_format_duration() -> None:
    assert [format_duration(s) for s in (0, 9.6, 75, 3599, 3600, 7322)] == [
        "0:00",
        "0:10",
        "1:15",
        "59:59",
        "1:00:00",
        "2:02:02",
    ]


def test_the_line_shows_total_rate_and_time_left() -> None:
    out = io.StringIO()
    clock = Clock()
    bar = ProgressBar(out, clock=clock)
    bar("reading", 0, 100)
    clock.now += 10
    bar("reading", 1, 100)
    clock.now += 10
    bar("reading", 50, 100)
    frames = out.getvalue().split("\r")[1:]
    assert frames[0].startswith("geomap: reading") and "0/100 files  0:00 elapsed" in frames[0]
    assert frames[1].endswith(" 1/100 files  0.1 files/s  16:30 left\x1b[K")
    assert frames[2].endswith(" 50/100 files  2.5 files/s  0:20 left\x1b[K")
    bars = [f.split()[2] for f in frames]  # the bar itself: fixed width, filling up
    assert len({len(b) for b in bars}) == 1
    assert bars[0].count("#") == 0 and bars[2].count("#") == len(bars[2]) // 2
    assert all(len(f) - len("\x1b[K") < 80 for f in frames)


def test_redraws_are_throttled_but_first_and_last_always_show() -> None:
    out = io.StringIO()
    clock = Clock()
    bar = ProgressBar(out, clock=clock, interval=0.5)
    for done in range(11):
        bar("merging", done, 10)
        clock.now += 0.125
    frames = [f for f in out.getvalue().split("\r") if f]
    counts = [f.split("reports")[0].split()[-1] for f in frames]
    assert counts == ["0/10", "1/10", "5/10", "9/10", "10/10"]
    bar("writing", 0, 1)  # a new stage always shows
    assert "writing" in out.getvalue().split("\r")[-1]
    assert "files/s" not in out.getvalue().split("\r")[-1]


def test_clear_erases_the_line_and_the_next_report_redraws() -> None:
    out = io.StringIO()
    clock = Clock()
    bar = ProgressBar(out, clock=clock, interval=10)
    bar("reading", 0, 5)
    bar.clear()
    assert out.getvalue().endswith("\r\x1b[K")
    bar("reading", 2, 5)  # inside the interval, but the line was erased: drawn again
    assert "2/5 files" in out.getvalue().split("\r")[-1]
    bar.close()
    bar.close()  # twice is harmless
    assert out.getvalue().endswith("\r\x1b[K") and out.getvalue().count("\x1b[K") == 4


def test_a_count_without_a_total() -> None:
    out = io.StringIO()
    clock = Clock()
    bar = ProgressBar(out, clock=clock)
    bar("loading", 0, None)
    clock.now += 2
    bar("loading", 1, None)
    assert (
        out.getvalue().split("\r")[-1]
        == "geomap: loading   1 incidents  0.5 incidents/s  0:02\x1b[K"
    )


def test_run_reports_each_stage(
    tmp_path: Path, tiny_gaz: Gazetteer, capfd: pytest.CaptureFixture[str]
) -> None:
    seen: list[tuple[str, int, int | None]] = []
    result = run(
        [_articles(tmp_path / "a", 3)],
        gazetteer=tiny_gaz,
        progress=lambda *a: seen.append(a),
    )
    n = sum(len(i.sources) for i in result.incidents)
    assert seen == [
        ("reading", 0, 3),
        ("reading", 1, 3),
        ("reading", 2, 3),
        ("reading", 3, 3),
        ("merging", 0, n),
        ("merging", n, n),
    ]
    # Only through the callback: the pipeline itself writes nothing (the CLI prints).
    assert capfd.readouterr() == ("", "")


# --------------------------------------------------------------------------- a real terminal


def _run_on_a_terminal(args: list[str], gaz: Path, cwd: Path) -> tuple[int, str, bytes]:
    """Run geomap with stderr on a pseudo-terminal (100 columns); stdout stays a pipe."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    env = {**os.environ, "GEOMAP_GAZETTEER": str(gaz), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "geo", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        env=env,
        cwd=cwd,
    )
    os.close(slave)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    assert proc.stdout is not None
    stdout = proc.stdout.read()
    proc.stdout.close()
    # The terminal turns "\n" into "\r\n"; the bar's own carriage returns stay.
    return proc.wait(), seen.decode("utf-8").replace("\r\n", "\n"), stdout


def test_a_terminal_shows_the_bar_through_every_stage(tmp_path: Path, tiny_gaz_dir: Path) -> None:
    _articles(tmp_path / "a", 6)
    (tmp_path / "a" / "undated.txt").write_text("Rockets struck Al-Asad Air Base.\n")
    code, term, stdout = _run_on_a_terminal(
        ["extract", "a", "-o", "out.geojson"], tiny_gaz_dir, tmp_path
    )
    assert code == 0 and stdout == b""
    frames = term.split("\r")
    reading = [f for f in frames if f.startswith("geomap: reading")]
    assert "0/7 files" in reading[0] and "elapsed" in reading[0]
    assert any("1/7 files" in f and "files/s" in f and " left" in f for f in reading)
    assert "7/7 files" in reading[-1] and "0:00 left" in reading[-1]
    assert "\u2588" in reading[-1]  # a UTF-8 terminal gets the block bar
    assert any(f.startswith("geomap: merging") and "reports" in f for f in frames)
    assert any(f.startswith("geomap: writing") and "1/1 files" in f for f in frames)
    # A warning or the summary first erases the bar: each starts a clean line.
    assert "\r\x1b[Kgeomap: warning: undated.txt: no publication date" in term
    assert term.endswith("\r\x1b[Kgeomap: 6 incidents, 0 tallies from 7 articles -> out.geojson\n")
    assert all(len(f.removesuffix("\x1b[K")) < 100 for f in frames)


def test_quiet_on_a_terminal_prints_nothing(tmp_path: Path, tiny_gaz_dir: Path) -> None:
    _articles(tmp_path / "a", 3)
    code, term, _ = _run_on_a_terminal(["extract", "a", "-o", "-", "-q"], tiny_gaz_dir, tmp_path)
    assert code == 0 and term == ""


def test_render_on_a_terminal_counts_incidents(tmp_path: Path, tiny_gaz_dir: Path) -> None:
    _articles(tmp_path / "a", 3)
    code, term, _ = _run_on_a_terminal(["render", "a", "-o", "m.html"], tiny_gaz_dir, tmp_path)
    assert code == 0
    assert any(f.startswith("geomap: rendering") and "3/3 incidents" in f for f in term.split("\r"))
    assert term.endswith("\r\x1b[Kgeomap: 3 incidents from 3 articles -> m.html\n")


def test_a_pipe_gets_no_bar(tmp_path: Path, tiny_gaz_dir: Path) -> None:
    _articles(tmp_path / "a", 6)
    env = {**os.environ, "GEOMAP_GAZETTEER": str(tiny_gaz_dir)}
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "extract", "a", "-o", "out.geojson"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 0
    assert proc.stderr == b"geomap: 6 incidents, 0 tallies from 6 articles -> out.geojson\n"
