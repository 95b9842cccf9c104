"""Atomic output files and their locks: written whole or not at all, one run at a time.

Every writer of :mod:`geo.io` goes through :func:`atomic_write`: it writes a temporary file
beside the target and renames it, so an output is written whole or not at all, and an
existing file is replaced only with ``force=True`` (keeping its mode). A symlink is kept and
its target replaced; a device or FIFO (``/dev/stdout``) is written into, never replaced.
:func:`output_lock` keeps two runs from writing one file (a store) at once.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Final

from geo.errors import ExportError, GeoMapError
from geo.io._common import one_line

__all__ = ["LOCK_TIMEOUT", "atomic_write", "output_lock", "replaces_a_file"]

log = logging.getLogger(__name__)


def _stat(path: Path) -> os.stat_result | None:
    """Stat ``path`` through its links (the kernel's, so ``/dev/stdout`` too); None: absent."""
    try:
        return path.stat()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise ExportError(f"cannot write {path}: {err.strerror or err}") from err


def _link_target(target: Path) -> Path:
    """Return the regular file (or the place of a new one) a symlink ``target`` leads to."""
    if not target.is_symlink():
        return target
    try:
        return Path(os.path.realpath(target, strict=False))
    except (OSError, RuntimeError) as err:  # a loop of links
        raise ExportError(f"cannot write {target}: {err}") from err


def replaces_a_file(path: str | os.PathLike[str]) -> bool:
    """Whether writing ``path`` would replace an existing regular file (through symlinks).

    Writing into a device or a FIFO (``/dev/stdout``, a named pipe) replaces nothing.
    """
    st = _stat(Path(path))
    return st is not None and stat.S_ISREG(st.st_mode)


def _write_through(target: Path, write: Callable[[Path], object]) -> None:
    """Write whole into a temporary file, then copy it into a device or FIFO."""
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f"geomap-{target.name}.", suffix=target.suffix)
        os.close(fd)
    except OSError as err:
        raise ExportError(f"cannot write {target}: {err.strerror or err}") from err
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        write(tmp)
        # Opened by its own name: the kernel follows the links (/dev/stdout -> /proc/self/fd/1).
        with tmp.open("rb") as src, target.open("wb") as dst:
            shutil.copyfileobj(src, dst)
    except OSError as err:
        if isinstance(err, GeoMapError):
            raise
        raise ExportError(f"cannot write {target}: {err.strerror or err}") from err
    finally:
        tmp.unlink(missing_ok=True)


#: Seconds a writer waits for another geomap run writing the same file (``GEOMAP_LOCK_TIMEOUT``
#: overrides it) before it gives up with an error.
LOCK_TIMEOUT: Final = 600.0
_HELD: dict[str, list[int]] = {}  # lock path -> [descriptor, depth], for re-entry
_JOURNALS: Final = ("-journal", "-wal", "-shm")  # SQLite's, beside a GeoPackage


def _lock_path(path: Path) -> Path:
    real = _link_target(path).absolute()
    return real.parent / f".{real.name}.lock"


@contextmanager
def output_lock(path: str | os.PathLike[str], *, timeout: float | None = None) -> Iterator[None]:
    """Hold the lock of an output file: one geomap run at a time writes it.

    The lock is an advisory ``fcntl.flock`` on ``.NAME.lock`` beside the file (beside the
    file a symlink points to). A second run waits, with a warning, until the first is done,
    and gives up after ``timeout`` seconds with an error. The lock is re-entrant within a
    process; the lock file is left in place (removing it would let two runs lock two files).
    ``geomap extract --store`` holds it from reading the store to writing it back, so two
    runs on one store add both their reports.

    Parameters
    ----------
    path : path-like
        The output file (it need not exist yet).
    timeout : float, optional
        Default :data:`LOCK_TIMEOUT`, or the ``GEOMAP_LOCK_TIMEOUT`` environment variable.

    Raises
    ------
    ExportError
        The lock file cannot be made, or another run still holds the lock after ``timeout``.
    """
    import fcntl
    import time

    lock = _lock_path(Path(path))
    key = str(lock)
    if key in _HELD:
        _HELD[key][1] += 1
        try:
            yield
        finally:
            _HELD[key][1] -= 1
        return
    if timeout is None:
        try:
            timeout = float(os.environ.get("GEOMAP_LOCK_TIMEOUT", LOCK_TIMEOUT))
        except ValueError:
            raise ExportError("GEOMAP_LOCK_TIMEOUT must be a number of seconds") from None
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o666)
    except OSError as err:
        raise ExportError(f"cannot write {path}: {err.strerror or err}") from err
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            who = f" (pid {holder})" if holder.isdigit() else ""
            log.warning("%s is being written by another geomap run%s; waiting", path, who)
            deadline = time.monotonic() + timeout
            pause = 0.02
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        raise ExportError(
                            f"{path} is still being written by another geomap run{who} after "
                            f"{timeout:g} s; try again when it is done"
                        ) from None
                    time.sleep(pause)
                    pause = min(pause * 2, 0.5)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        _HELD[key] = [fd, 1]
        try:
            yield
        finally:
            del _HELD[key]
            os.ftruncate(fd, 0)
    finally:
        os.close(fd)  # closing releases the lock


def _remove(tmp: Path) -> None:
    """Remove a temporary file and the SQLite journals a GeoPackage writer may leave."""
    for name in (str(tmp), *(str(tmp) + j for j in _JOURNALS)):
        with suppress(OSError):
            os.unlink(name)


def _remove_stale(real: Path) -> None:
    """Remove temporary files a killed run left beside ``real`` (called under its lock)."""
    stale = re.compile(
        rf"\.{re.escape(real.name)}\.[a-z0-9_]{{8}}(?:\.[A-Za-z0-9]+)?(?:-journal|-wal|-shm)?"
    )
    try:
        names = os.listdir(real.parent)
    except OSError:
        return
    for name in names:
        if stale.fullmatch(name):
            with suppress(OSError):
                os.unlink(real.parent / name)
                log.debug("removed %s, left by an interrupted run", real.parent / name)


@contextmanager
def _terminate_cleanly() -> Iterator[None]:
    """While a temporary file exists, SIGTERM and SIGHUP end the run through its clean-up.

    Only in the main thread, and only where the signal has its default action (a program
    that set its own handler keeps it).
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    saved = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) is signal.SIG_DFL:
            saved[sig] = signal.signal(sig, stop)
    try:
        yield
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def atomic_write(
    path: str | os.PathLike[str], write: Callable[[Path], object], *, force: bool = True
) -> Path:
    """Write a file whole or not at all.

    A symlink stays a symlink: the file it points to is replaced (the temporary file is
    made beside that file). A device or FIFO (``/dev/stdout``, a named pipe) is not a file to
    replace: the output is written whole to a temporary file, then copied into it. An
    existing file keeps its permission bits and, where the system allows it, its owner; a
    read-only file (no write bit, e.g. mode 0444) is never replaced, even with ``force``.
    SIGTERM and SIGHUP during the write remove the temporary file (and any SQLite journal)
    before the run ends; when the caller holds the file's :func:`output_lock` (a store),
    temporary files a killed run left beside it are removed first.

    Parameters
    ----------
    path : path-like
        The target.
    write : callable
        Called with a temporary path in the target's directory (the path does not exist
        yet); must write the whole file there. It is then renamed onto the target.
    force : bool, default True
        Replace an existing regular file; otherwise raise.

    Returns
    -------
    pathlib.Path
        The target.

    Raises
    ------
    ExportError
        The target exists without ``force``, is read-only, is a directory, or cannot be
        written (a full disk, a lock held too long...).
    """
    target = Path(path)
    st = _stat(target)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise ExportError(f"{target} is a directory")
    if st is not None and not stat.S_ISREG(st.st_mode):
        _write_through(target, write)
        return target
    if st is not None and not force:
        raise ExportError(f"{target} exists; use --force to replace it")
    if st is not None and not st.st_mode & 0o222:
        raise ExportError(
            f"{target} is read-only (mode {stat.S_IMODE(st.st_mode):04o}); "
            "make it writable to replace it"
        )
    real = _link_target(target)
    if str(_lock_path(real)) in _HELD:
        # Under its lock (a store), no other run is writing it: what is left was left by a
        # run that was killed.
        _remove_stale(real)
    _replace(target, real, st, write)
    return target


def _replace(
    target: Path, real: Path, st: os.stat_result | None, write: Callable[[Path], object]
) -> None:
    with _terminate_cleanly():
        parent = real.parent
        try:
            parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(
                dir=parent, prefix=f".{real.name}.", suffix=target.suffix
            )
            os.close(fd)
        except OSError as err:
            raise ExportError(f"cannot write {target}: {err.strerror or err}") from err
        tmp = Path(tmp_name)
        try:
            tmp.unlink()  # writers (GDAL) may refuse to write over an existing file
            write(tmp)
            if st is not None:
                os.chmod(tmp, stat.S_IMODE(st.st_mode))
                if (st.st_uid, st.st_gid) != (os.geteuid(), os.getegid()):
                    with suppress(PermissionError):  # only root may give a file away
                        os.chown(tmp, st.st_uid, st.st_gid)
            os.replace(tmp, real)
        except OSError as err:
            _remove(tmp)
            if isinstance(err, GeoMapError):
                raise
            raise ExportError(f"cannot write {target}: {err.strerror or err}") from err
        except RuntimeError as err:
            _remove(tmp)
            if type(err).__module__.partition(".")[0] == "pyogrio":
                # GDAL's errors: a full disk, a file too large, a disk I/O error.
                raise ExportError(f"cannot write {target}: {one_line(err)}") from err
            raise
        except BaseException:
            _remove(tmp)
            raise
        for journal in _JOURNALS:  # GDAL closes its journal; a leftover one is of no use
            with suppress(OSError):
                os.unlink(str(tmp) + journal)
