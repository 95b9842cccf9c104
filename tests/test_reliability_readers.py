"""Bad and hostile article files: each is warned about and skipped (or read), never a crash.

Every case runs the real command line in a fresh process on real files, beside one good
article, and checks that the good article still makes its incident, that the bad file is
named in one warning, and that no traceback or internal error is printed.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from geo.documents import MAX_FILE_BYTES, iter_article_paths, read_file
from geo.errors import InputError
from geo.export import read_incidents

GOOD = (
    "---\npublished: 2023-12-08\n---\n"
    "Rockets struck the US Embassy in Baghdad on Friday, officials said.\n"
)
# Another incident (another place and day), so that a record read is a point of its own.
OTHER = "A one-way attack drone hit Erbil Air Base on Saturday, two officials told us."


def _geomap(
    args: list[str],
    cwd: Path,
    *,
    stdin: int | bytes | None = None,
    timeout: float = 120,
    prefix: tuple[str, ...] = (),
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m geo`` as a real process; ``stdin`` is bytes or an open descriptor."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [*prefix, sys.executable, "-m", "geo", *args],
        input=stdin if isinstance(stdin, bytes) else None,
        stdin=stdin if isinstance(stdin, int) else (None if stdin else subprocess.DEVNULL),
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=timeout,
        check=False,
    )
    out = subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )
    assert "Traceback" not in out.stderr and "internal error" not in out.stderr, out.stderr
    return out


def _features(path: Path) -> list[dict[str, object]]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]  # type: ignore[no-any-return]


def _run_beside_good(tmp_path: Path, bad: str | Path, *extra: str) -> tuple[list[str], str]:
    """Extract ``bad`` beside a good article: the document names cited, and stderr."""
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    proc = _geomap(["extract", "good.md", str(bad), *extra, "-o", "out.geojson"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    docs = sorted(
        s["document"]  # type: ignore[index]
        for f in _features(tmp_path / "out.geojson")
        for s in f["properties"]["sources"]  # type: ignore[index]
    )
    assert "good.md" in docs
    return docs, proc.stderr


# --------------------------------------------------------------------------- records


def test_a_broken_jsonl_line_keeps_every_other_record(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    f = tmp_path / "wire.jsonl"
    lines = [
        json.dumps({"text": "Story one.", "published": "2024-01-02"}),
        '{"text": "a record cut in the middle',
        json.dumps({"text": "Story three.", "published": "2024-01-02"}),
        json.dumps(["not", "a", "record"]),
        json.dumps({"text": "Story five.", "published": "2024-01-02"}),
    ]
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geo"):
        docs = list(read_file(f))
    assert [d.name for d in docs] == ["wire.jsonl#1", "wire.jsonl#3", "wire.jsonl#5"]
    warned = [r.getMessage() for r in caplog.records]
    assert any("wire.jsonl line 2: not valid JSON" in w for w in warned)
    assert any("wire.jsonl line 4 has no 'text' string" in w for w in warned)
    assert len(warned) == 2


def test_a_bad_record_in_a_json_list_keeps_the_rest(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    f = tmp_path / "batch.json"
    records = [
        {"text": "Story one.", "published": "2024-01-02"},
        {"title": "no text here"},
        {"text": 42},
        {"text": "Story four.", "published": "2024-01-02"},
    ]
    f.write_text(json.dumps(records), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geo"):
        docs = list(read_file(f))
    assert [d.name for d in docs] == ["batch.json#1", "batch.json#4"]
    assert "batch.json: record 2 has no 'text' string; skipped" in caplog.text
    assert "batch.json: record 3 has no 'text' string; skipped" in caplog.text


def test_u2028_in_a_text_reads_back_from_jsonl(tmp_path: Path) -> None:
    # json.dumps(ensure_ascii=False) writes U+2028 raw (and U+0085): they are not line ends.
    text = "Rockets struck the US Embassy in Baghdad on Friday,\u2028 officials said."
    (tmp_path / "in.jsonl").write_text(
        json.dumps({"text": text, "published": "2023-12-08"}, ensure_ascii=False)
        + "\n"
        + json.dumps({"text": "Nothing\x85 here.", "published": "2023-12-08"}, ensure_ascii=False)
        + "\n",
        encoding="utf-8",
    )
    docs = list(read_file(tmp_path / "in.jsonl"))
    assert [d.text for d in docs] == [text, "Nothing\x85 here."]
    proc = _geomap(["extract", "in.jsonl", "-o", "out.jsonl"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "\u2028" in (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    (inc,), _ = read_incidents(tmp_path / "out.jsonl")
    assert "\u2028" in inc.sources[0].evidence
    again = _geomap(["extract", "out.jsonl", "-o", "again.jsonl"], tmp_path)
    assert again.returncode == 0, again.stderr
    assert (tmp_path / "again.jsonl").read_bytes() == (tmp_path / "out.jsonl").read_bytes()


# --------------------------------------------------------------------------- hostile files


def _deep_json(tmp_path: Path) -> Path:
    f = tmp_path / "deep.json"
    f.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    return f


def test_json_nested_100k_deep_is_skipped(tmp_path: Path) -> None:
    docs, err = _run_beside_good(tmp_path, _deep_json(tmp_path))
    assert docs == ["good.md"]
    assert "deep.json: not valid JSON (nested too deeply); skipped" in err


def test_an_integer_of_5000_digits_does_not_stop_the_record(tmp_path: Path) -> None:
    f = tmp_path / "big.json"
    f.write_text(
        '{"text": "' + OTHER + '", "published": "2023-12-09", "views": ' + "9" * 5000 + "}",
        encoding="utf-8",
    )
    docs, err = _run_beside_good(tmp_path, f)
    assert docs == ["big.json", "good.md"], err


def test_a_lone_surrogate_is_replaced_not_a_crash_at_write_time(tmp_path: Path) -> None:
    f = tmp_path / "sur.json"
    # A JSON escape of half a surrogate pair: valid JSON, not encodable as UTF-8.
    f.write_text(
        '{"text": "A one-way attack drone hit Erbil Air Base \\ud800 on Saturday, two '
        'officials told us.", "title": "half \\udc00 pair", "published": "2023-12-09"}',
        encoding="utf-8",
    )
    for out in ("out.gpkg", "out.csv", "out.jsonl", "map.html"):
        cmd = "render" if out.endswith(".html") else "extract"
        (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
        proc = _geomap([cmd, "good.md", "sur.json", "-o", out], tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert "sur.json: text holds NUL or lone surrogate characters" in proc.stderr
    docs, _ = _run_beside_good(tmp_path, f)
    assert docs == ["good.md", "sur.json"]
    evidence = [
        s["evidence"]  # type: ignore[index]
        for feat in _features(tmp_path / "out.geojson")
        for s in feat["properties"]["sources"]  # type: ignore[index]
    ]
    assert any("Erbil Air Base \ufffd on Saturday" in e for e in evidence)


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9-\xff.txt")
    (tmp_path / name).write_text(OTHER + " Published Dec. 9, 2023.\n", encoding="utf-8")
    for out in ("out.gpkg", "out.csv", "map.html"):
        cmd = "render" if out.endswith(".html") else "extract"
        (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
        proc = _geomap([cmd, "good.md", name, "-o", out], tmp_path)
        assert proc.returncode == 0, proc.stderr
    docs, _ = _run_beside_good(tmp_path, name)
    # The bad bytes are shown as escapes: the name stays readable and unique.
    assert docs == ["caf\\xe9-\\xff.txt", "good.md"]


def test_front_matter_title_as_a_list_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    f = tmp_path / "t.md"
    f.write_text("---\ntitle: [a, b]\nsource: {name: x}\n---\n" + OTHER, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geo"):
        (doc,) = read_file(f)
    assert doc.title is None and doc.outlet is None
    assert "t.md: 'title' is a list, not text; ignored" in caplog.text
    assert "t.md: 'source' is a dict, not text; ignored" in caplog.text


def _alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines)


def test_a_yaml_alias_bomb_in_front_matter_is_refused(tmp_path: Path) -> None:
    # Seven levels: 9**7 = 4.8 million strings (tens of MB) once expanded; each level
    # more multiplies that by nine, for a few more bytes.
    bomb = "---\n" + _alias_bomb(7) + "\ntitle: *a6\n---\n" + OTHER + "\n"
    assert len(bomb) < 500
    f = tmp_path / "bomb.md"
    f.write_text(bomb, encoding="utf-8")
    docs, err = _run_beside_good(tmp_path, f)
    assert docs == ["good.md"]
    assert "bomb.md: front matter uses a YAML alias (*name)" in err
    assert (tmp_path / "out.geojson").stat().st_size < 10_000


def test_front_matter_too_long_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "long.md"
    f.write_text("---\nnotes: " + "x" * 100_000 + "\n---\n" + OTHER, encoding="utf-8")
    docs, err = _run_beside_good(tmp_path, f)
    assert docs == ["good.md"] and "long.md: front matter is longer than 64 KB" in err


_CANNOT = "front matter holds a value geomap cannot read; skipped"


@pytest.mark.parametrize(
    ("front", "warning"),
    [
        ("published: 0001-01-01", "published date 0001-01-01 is out of range; ignored"),
        ("published: 9999-12-31", "published date 9999-12-31 is out of range; ignored"),
        (
            "published: 0001-01-01 00:00:00+05:00",
            "published date 0001-01-01 is out of range; ignored",
        ),
        ("published: '0001-01-01'", "published date 0001-01-01 is out of range; ignored"),
        ("published: " + "9" * 5000, _CANNOT),
        ("views: " + "9" * 5000, _CANNOT),
    ],
    ids=["year-1", "year-9999", "timestamp-year-1", "text-year-1", "huge-int", "huge-int-other"],
)
def test_out_of_range_front_matter_is_warned_never_a_traceback(
    tmp_path: Path, front: str, warning: str
) -> None:
    f = tmp_path / "edge.md"
    f.write_text(f"---\n{front}\n---\n{OTHER}\n", encoding="utf-8")
    _, err = _run_beside_good(tmp_path, f)
    assert f"geomap: warning: edge.md: {warning}" in err.splitlines()


def test_published_year_1_in_front_matter_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    f = tmp_path / "edge.md"
    f.write_text(f"---\npublished: 0001-01-01\n---\n{OTHER}\n", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geo"):
        (doc,) = read_file(f)
    assert doc.published is None
    assert "edge.md: published date 0001-01-01 is out of range; ignored" in caplog.text


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_published_option_out_of_range_is_one_line_exit_2(tmp_path: Path, day: str) -> None:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    for cmd in (["extract", "good.md", "-o", "o.geojson"], ["explain", "good.md"]):
        proc = _geomap([*cmd, "--published", day], tmp_path)
        assert proc.returncode == 2
        assert proc.stderr == (
            f"geomap: error: --published {day} is out of range (years 1800 to 2200)\n"
        )


# --------------------------------------------------------------------------- not files


def test_a_fifo_given_as_input_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    docs, err = _run_beside_good(tmp_path, "pipe.txt")
    assert docs == ["good.md"]
    assert "pipe.txt: a FIFO, not a regular file; skipped" in err


def test_a_fifo_named_as_an_incident_file_does_not_block(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.geojson")
    docs, err = _run_beside_good(tmp_path, "pipe.geojson")
    assert docs == ["good.md"]
    assert "geomap: warning: pipe.geojson: a FIFO, not a regular file; skipped" in err
    with pytest.raises(InputError, match=r"pipe\.geojson: not a regular file"):
        read_incidents(tmp_path / "pipe.geojson")


def test_a_fifo_inside_a_directory_does_not_block(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.md").write_text(GOOD, encoding="utf-8")
    os.mkfifo(corpus / "pipe.md")
    (tmp_path / "gone.md").write_text(GOOD, encoding="utf-8")
    (corpus / "link.md").symlink_to(tmp_path / "gone.md")
    (tmp_path / "gone.md").unlink()
    proc = _geomap(["extract", "corpus", "-o", "out.geojson"], tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "corpus/pipe.md: not a regular file; skipped" in proc.stderr
    assert "corpus/link.md: a broken link; skipped" in proc.stderr
    assert len(_features(tmp_path / "out.geojson")) == 1


def test_dev_zero_as_a_path_is_skipped(tmp_path: Path) -> None:
    docs, err = _run_beside_good(tmp_path, "/dev/zero")
    assert docs == ["good.md"]
    assert "/dev/zero: a device or socket, not a regular file; skipped" in err


def test_dev_zero_on_standard_input_is_not_read_forever(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    fd = os.open("/dev/zero", os.O_RDONLY)
    try:
        proc = _geomap(["extract", "good.md", "-", "-o", "o.geojson"], tmp_path, stdin=fd)
    finally:
        os.close(fd)
    assert proc.returncode == 0, proc.stderr
    assert "<stdin>: not a text file; skipped" in proc.stderr


def test_a_file_larger_than_the_cap_is_skipped_with_a_clear_warning(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:  # sparse: no disk used
        fh.truncate(MAX_FILE_BYTES + 1)
    docs, err = _run_beside_good(tmp_path, huge)
    assert docs == ["good.md"]
    assert f"huge.txt: larger than {MAX_FILE_BYTES // 2**20} MB; skipped" in err


@pytest.mark.slow
def test_endless_text_on_standard_input_stops_at_the_cap(tmp_path: Path) -> None:
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    yes = subprocess.Popen(["yes", "Nothing happened here today."], stdout=subprocess.PIPE)
    try:
        assert yes.stdout is not None
        proc = _geomap(
            ["extract", "good.md", "-", "-o", "o.geojson"],
            tmp_path,
            stdin=yes.stdout.fileno(),
        )
    finally:
        yes.kill()
        yes.wait()
    assert proc.returncode == 0, proc.stderr
    assert f"<stdin>: larger than {MAX_FILE_BYTES // 2**20} MB; skipped" in proc.stderr


# --------------------------------------------------------------------------- directories


def _without_root_powers() -> tuple[str, ...]:
    """As root, a prefix that drops the powers to read any directory (setpriv)."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    assert setpriv is not None, "running as root needs setpriv to drop CAP_DAC_OVERRIDE"
    return (setpriv, "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search")


def test_symlinked_and_unreadable_subdirectories_are_warned_about(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "ok").mkdir(parents=True)
    (corpus / "ok" / "good.md").write_text(GOOD, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "other.txt").write_text(OTHER, encoding="utf-8")
    (corpus / "linked").symlink_to(elsewhere, target_is_directory=True)
    locked = corpus / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text(OTHER, encoding="utf-8")
    locked.chmod(0)
    try:
        proc = _geomap(
            ["extract", "corpus", "-o", "out.geojson"], tmp_path, prefix=_without_root_powers()
        )
    finally:
        locked.chmod(stat.S_IRWXU)
    assert proc.returncode == 0, proc.stderr
    assert "corpus/linked: a symbolic link to a directory, not followed; skipped" in proc.stderr
    assert "corpus/locked: cannot read the directory (Permission denied); skipped" in proc.stderr
    assert len(_features(tmp_path / "out.geojson")) == 1


def test_directory_order_is_stable_and_hidden_entries_are_left_out(tmp_path: Path) -> None:
    for rel in ("b/2.txt", "a/1.md", "a/.hidden/x.txt", ".git/y.txt", "c.json", "a/z.TXT"):
        f = tmp_path / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("x", encoding="utf-8")
    got = [p.relative_to(tmp_path).as_posix() for p in iter_article_paths([tmp_path])]
    assert got == ["a/1.md", "a/z.TXT", "b/2.txt", "c.json"]


# --------------------------------------------------------------------------- the safety net


def _with_trafilatura(tmp_path: Path, body: str) -> dict[str, str]:
    """An environment where a trafilatura package of ``body`` shadows the real one."""
    shadow = tmp_path / "shadow" / "trafilatura"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text(body, encoding="utf-8")
    return {**os.environ, "PYTHONPATH": str(shadow.parent)}


def test_a_library_failing_on_one_page_skips_only_that_page(tmp_path: Path) -> None:
    # A real parser that fails on this page (a bug met on bad input, not geomap's error).
    env = _with_trafilatura(
        tmp_path,
        "def bare_extraction(*args, **kwargs):\n"
        "    raise RuntimeError('the parser\\ncrashed on this page')\n",
    )
    (tmp_path / "page.html").write_text(
        "<html><body><article><p>" + OTHER + "</p></article></body></html>", encoding="utf-8"
    )
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "extract", "page.html", "good.md", "-o", "out.geojson"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.splitlines()[0] == (
        "geomap: warning: page.html: cannot be read "
        "(RuntimeError: the parser crashed on this page); skipped"
    )
    assert len(_features(tmp_path / "out.geojson")) == 1


def test_a_broken_install_still_stops_the_run_in_one_line(tmp_path: Path) -> None:
    env = _with_trafilatura(tmp_path, "raise ImportError('libxml2 went away')\n")
    (tmp_path / "page.html").write_text("<html><body><p>x</p></body></html>", encoding="utf-8")
    (tmp_path / "good.md").write_text(GOOD, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "geo", "extract", "good.md", "page.html", "-o", "out.geojson"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("geomap: error: internal error: ImportError: libxml2 went away")
    assert len(proc.stderr.splitlines()) == 1 and not (tmp_path / "out.geojson").exists()


def test_dates_at_the_calendar_edges_never_overflow() -> None:
    from geo.dates import find_dates

    text = (
        "On Friday, yesterday, last night, three days ago, 99999 days ago, last week, this "
        "week, earlier this month, last month, Dec. 31, Jan. 1, Christmas, mid-January, in "
        "December, early January, late December."
    )
    for day in (date.min, date.max, date(1, 1, 7), date(9999, 12, 25)):
        found = find_dates(text, day)
        assert found, day
        assert all(m.value is None or date.min <= m.value <= date.max for m in found)


def test_telling_a_json_lines_file_apart_reads_a_bounded_first_line(tmp_path: Path) -> None:
    import tracemalloc

    from geo.io import input_format

    big = tmp_path / "one-line.jsonl"
    with big.open("w", encoding="utf-8") as fh:
        fh.write('{"title": "x", "text": "')
        chunk = "Rockets hit the base. " * 4096
        for _ in range(700):  # about 60 MB on one line
            fh.write(chunk)
        fh.write('"}\n')
    tracemalloc.start()
    try:
        assert input_format(big).name == "articles"
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, peak  # not the 60 MB line
