"""The store under concurrent writers, signals, full disks, odd modes, links and devices.

Every test runs ``geomap`` as real processes on real files: two writers at once, a writer
killed while it writes, a writer that runs out of file size, a store that is read-only,
owned by someone else, or reached through a symbolic link.
"""

from __future__ import annotations

import os
import pty
import re
import resource
import select
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from gazhelpers import ROOT

from geo.export import read_incidents, write_incidents
from geo.gazetteer import load_gazetteer

ARTICLES = {
    "embassy.md": "---\npublished: 2023-12-08\n---\n"
    "Rockets struck the US Embassy in Baghdad on Friday, officials said.\n",
    "asad.md": "---\npublished: 2023-12-09\n---\n"
    "A drone attacked Al-Asad Airbase on Saturday, two officials said.\n",
    "erbil.md": "---\npublished: 2023-12-10\n---\n"
    "A one-way attack drone hit Erbil Air Base on Sunday, the coalition said.\n",
}
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}
GEOMAP = [sys.executable, "-m", "geo"]


def _articles(tmp_path: Path) -> Path:
    for name, text in ARTICLES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _places(store: Path) -> list[str]:
    incidents, _ = read_incidents(store)
    return sorted(i.place.place_id for i in incidents)


def _run(args: list[str], cwd: Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [*GEOMAP, *args],
        cwd=cwd,
        env=kwargs.pop("env", ENV),  # type: ignore[arg-type]
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
        **kwargs,  # type: ignore[call-overload]
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc  # type: ignore[no-any-return]


def _debris(folder: Path, name: str) -> list[str]:
    """Temporary files and journals beside ``name`` (the lock file is not debris)."""
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.name.startswith(f".{name}.") and p.name != f".{name}.lock"
    )


def _writing(folder: Path, name: str) -> bool:
    """Whether a temporary store file beside ``name`` has had bytes written to it."""
    for n in _debris(folder, name):
        try:
            if (folder / n).stat().st_size > 0:
                return True
        except FileNotFoundError:  # renamed or removed between listing and stat
            pass
    return False


# --------------------------------------------------------------------------- two writers


def _read_until(fd: int, needle: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while needle not in seen:
        left = deadline - time.monotonic()
        assert left > 0, f"{needle!r} never came: {seen!r}"
        ready, _, _ = select.select([fd], [], [], left)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:  # the terminal closed: the process ended
                chunk = b""
            assert chunk, f"{needle!r} never came: {seen!r}"
            seen += chunk
    return seen


def test_two_writers_at_once_lose_nothing(tmp_path: Path) -> None:
    d = _articles(tmp_path)
    store = d / "same.gpkg"
    assert _run(["extract", "embassy.md", "--store", "same.gpkg"], d).returncode == 0

    # Writer A reads the store, then blocks reading its article from standard input. Its
    # stderr is a terminal, so its progress line says when it has loaded the store and
    # begun reading articles.
    master, slave = os.openpty()
    a = subprocess.Popen(
        [*GEOMAP, "extract", "-", "--store", "same.gpkg"],
        cwd=d,
        env=ENV,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=slave,
    )
    os.close(slave)
    try:
        _read_until(master, b"reading", timeout=120)
        # Writer B runs the whole way while A is between reading and writing the store.
        b_err = d / "b.err"
        with b_err.open("w") as err:
            b = subprocess.Popen(
                [*GEOMAP, "extract", "erbil.md", "--store", "same.gpkg"],
                cwd=d,
                env=ENV,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=err,
            )
            deadline = time.monotonic() + 120
            while b.poll() is None and "waiting" not in b_err.read_text():
                assert time.monotonic() < deadline
                time.sleep(0.05)
            assert a.stdin is not None
            a.stdin.write(ARTICLES["asad.md"].encode("utf-8"))
            a.stdin.close()
            assert a.wait(timeout=120) == 0
            assert b.wait(timeout=120) == 0
    finally:
        a.kill()
        os.close(master)
    assert _places(store) == [
        "iq.anbar.al-asad",
        "iq.baghdad.us-embassy",
        "iq.erbil.air-base",
    ], b_err.read_text()
    assert "same.gpkg is being written by another geomap run (pid " in b_err.read_text()
    assert _debris(d, "same.gpkg") == []


def test_a_writer_gives_up_clearly_when_the_lock_is_held_too_long(tmp_path: Path) -> None:
    d = _articles(tmp_path)
    assert _run(["extract", "embassy.md", "--store", "s.gpkg"], d).returncode == 0
    before = (d / "s.gpkg").read_bytes()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\nfrom geo.export import output_lock\n"
            "with output_lock(sys.argv[1]):\n    print('held', flush=True)\n    sys.stdin.read()\n",
            str(d / "s.gpkg"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        proc = _run(
            ["extract", "asad.md", "--store", "s.gpkg"],
            d,
            env={**ENV, "GEOMAP_LOCK_TIMEOUT": "1"},
        )
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"geomap: warning: s.gpkg is being written by another geomap run (pid {holder.pid}); "
        "waiting",
        f"geomap: error: s.gpkg is still being written by another geomap run (pid {holder.pid}) "
        "after 1 s; try again when it is done",
    ]
    assert (d / "s.gpkg").read_bytes() == before


# --------------------------------------------------------------------------- interrupted


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A store of 20,000 incidents: long enough to write that a signal lands mid-write."""
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from synth import make_incidents
    finally:
        sys.path.remove(str(ROOT / "bench"))
    path = tmp_path_factory.mktemp("big") / "big.gpkg"
    write_incidents(make_incidents(20_000, load_gazetteer(ROOT / "gazetteer")), path)
    return path.read_bytes()


@contextmanager
def _mid_write(d: Path, args: list[str]) -> Iterator[subprocess.Popen[bytes]]:
    """Start geomap; yield it once its temporary store file has bytes in it (it is writing).

    The writer reserves the temporary name with ``mkstemp`` and removes that empty file
    before GDAL creates it again, so an empty file is not yet proof of a write under way.
    """
    proc = subprocess.Popen(
        [*GEOMAP, *args],
        cwd=d,
        env=ENV,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not _writing(d, "s.gpkg"):
            assert proc.poll() is None, proc.communicate()[1]
            assert time.monotonic() < deadline
            time.sleep(0.002)
        yield proc
    finally:
        proc.kill()
        proc.wait()


@pytest.mark.slow
def test_sigterm_mid_write_leaves_the_old_store_and_no_debris(
    tmp_path: Path, big_store: bytes
) -> None:
    d = _articles(tmp_path)
    (d / "s.gpkg").write_bytes(big_store)
    with _mid_write(d, ["extract", "asad.md", "--store", "s.gpkg"]) as proc:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=120) == 128 + signal.SIGTERM
    assert _debris(d, "s.gpkg") == []
    assert (d / "s.gpkg").read_bytes() == big_store


@pytest.mark.slow
def test_a_killed_writers_debris_is_cleared_by_the_next_run(
    tmp_path: Path, big_store: bytes
) -> None:
    d = _articles(tmp_path)
    (d / "s.gpkg").write_bytes(big_store)
    with _mid_write(d, ["extract", "asad.md", "--store", "s.gpkg"]) as proc:
        proc.kill()  # SIGKILL: nothing can clean up now
        proc.wait()
    left = _debris(d, "s.gpkg")
    assert left and all(re.fullmatch(r"\.s\.gpkg\.\w{8}\.gpkg(-journal)?", n) for n in left)
    assert (d / "s.gpkg").read_bytes() == big_store
    assert _run(["extract", "erbil.md", "--store", "s.gpkg"], d).returncode == 0
    assert _debris(d, "s.gpkg") == []
    incidents, _ = read_incidents(d / "s.gpkg")
    assert len(incidents) == 20_001


def _small_file_limit() -> None:
    # Files of at most 2 MB; the signal that would kill the process is ignored, so a write
    # past the limit fails with EFBIG, as on a full disk.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (2_000_000, 2_000_000))


@pytest.mark.slow
def test_a_write_that_runs_out_of_room_is_one_line_and_leaves_the_store(
    tmp_path: Path, big_store: bytes
) -> None:
    d = _articles(tmp_path)
    (d / "s.gpkg").write_bytes(big_store)
    proc = _run(["extract", "asad.md", "--store", "s.gpkg"], d, preexec_fn=_small_file_limit)
    assert proc.returncode == 2
    (line,) = proc.stderr.splitlines()
    assert line.startswith("geomap: error: cannot write s.gpkg: ") and "internal" not in line
    assert _debris(d, "s.gpkg") == []
    assert (d / "s.gpkg").read_bytes() == big_store


# --------------------------------------------------------------------------- modes, links


def test_the_store_keeps_its_mode_and_owner(tmp_path: Path) -> None:
    d = _articles(tmp_path)
    store = d / "s.gpkg"
    assert _run(["extract", "embassy.md", "--store", "s.gpkg"], d).returncode == 0
    store.chmod(0o600)
    owner = (store.stat().st_uid, store.stat().st_gid)
    if os.geteuid() == 0:  # root replaces files it does not own: the owner must stay
        os.chown(store, 65534, 65534)
        owner = (65534, 65534)
    assert _run(["extract", "asad.md", "--store", "s.gpkg"], d).returncode == 0
    st = store.stat()
    assert stat.S_IMODE(st.st_mode) == 0o600 and (st.st_uid, st.st_gid) == owner
    assert _places(store) == ["iq.anbar.al-asad", "iq.baghdad.us-embassy"]


def test_a_read_only_store_is_refused(tmp_path: Path) -> None:
    d = _articles(tmp_path)
    store = d / "s.gpkg"
    assert _run(["extract", "embassy.md", "--store", "s.gpkg"], d).returncode == 0
    store.chmod(0o444)
    before = store.read_bytes()
    proc = _run(["extract", "asad.md", "--store", "s.gpkg"], d)
    assert proc.returncode == 2
    assert proc.stderr == (
        "geomap: error: s.gpkg is read-only (mode 0444); make it writable to replace it\n"
    )
    assert store.read_bytes() == before and stat.S_IMODE(store.stat().st_mode) == 0o444
    proc = _run(["extract", "asad.md", "-o", "s.gpkg", "--force"], d)
    assert proc.returncode == 2 and "read-only (mode 0444)" in proc.stderr
    assert _debris(d, "s.gpkg") == []


def test_a_symlinked_store_is_written_through(tmp_path: Path) -> None:
    d = _articles(tmp_path)
    (d / "data").mkdir()
    real = d / "data" / "incidents.gpkg"
    assert _run(["extract", "embassy.md", "--store", str(real)], d).returncode == 0
    (d / "current.gpkg").symlink_to("data/incidents.gpkg")
    assert _run(["extract", "asad.md", "--store", "current.gpkg"], d).returncode == 0
    assert os.readlink(d / "current.gpkg") == "data/incidents.gpkg"
    assert _places(real) == ["iq.anbar.al-asad", "iq.baghdad.us-embassy"]
    # The lock and any temporary file are beside the real file, not the link.
    assert sorted(p.name for p in (d / "data").iterdir()) == [
        ".incidents.gpkg.lock",
        "incidents.gpkg",
    ]


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv"])
def test_a_device_given_as_output_is_never_replaced(tmp_path: Path, fmt: str) -> None:
    d = _articles(tmp_path)
    before = os.stat("/dev/null")
    proc = _run(["extract", "embassy.md", "-o", "/dev/null", "--format", fmt, "--force"], d)
    assert proc.returncode == 0, proc.stderr
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_rdev, after.st_ino, after.st_mode) == (
        before.st_rdev,
        before.st_ino,
        before.st_mode,
    )


def test_a_pty_device_is_written_into_not_replaced(tmp_path: Path) -> None:
    d = _articles(tmp_path)
    master, slave = pty.openpty()
    try:
        name = os.ttyname(slave)
        proc = _run(["extract", "embassy.md", "-o", name, "--format", "geojson", "--force"], d)
        assert proc.returncode == 0, proc.stderr
        assert b"FeatureCollection" in _read_until(master, b"]}", timeout=30)
        assert stat.S_ISCHR(os.stat(name).st_mode)
    finally:
        os.close(master)
        os.close(slave)
