"""Exports and imports: GeoJSON (RFC 7946), CSV, GeoPackage and JSON Lines; ACLED CSV in.

Every writer is atomic: it writes a temporary file beside the target and renames it, so an
output is written whole or not at all, and an existing file is replaced only with
``force=True`` (keeping its mode). A symlink is kept and its target replaced; a device or FIFO
(``/dev/stdout``) is written into, never replaced. The same incidents give the same bytes in every format. CSV cells that a
spreadsheet would run as a formula (at the start of the cell or of a ``;``-separated part,
after any spaces) are neutralised (:func:`csv_safe`) and restored on reading.
Every format reads back to equal incidents, every field of their places and sources
included; every reader decodes records through :mod:`geo.record`.
docs/exports.md describes the formats for users.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import re
import shutil
import stat
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import date
from pathlib import Path
from typing import Any, Final, TextIO

from geo.errors import ExportError, GeoMapError, InputError, SchemaError
from geo.models import (
    INCIDENT_COLUMNS,
    JSON_COLUMNS,
    LATER_COLUMNS,
    TEXT_LIST_COLUMNS,
    Incident,
    Place,
    Tally,
    clean_text,
)
from geo.record import cell_count, cell_text, incident_from_record, is_missing

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "TALLY_COLUMNS",
    "atomic_write",
    "csv_safe",
    "csv_unsafe",
    "encode_incidents",
    "format_of",
    "geojson_text",
    "iter_incidents",
    "output_format",
    "output_lock",
    "read_incidents",
    "replaces_a_file",
    "tallies_from_dicts",
    "write_incidents",
]

log = logging.getLogger(__name__)

#: Output format of each file extension (``--format`` overrides it).
FORMATS: Final[dict[str, str]] = {
    ".geojson": "geojson",
    ".csv": "csv",
    ".gpkg": "gpkg",
    ".jsonl": "jsonl",
    ".acled.csv": "acled",  # ACLED's layout (geo.acled): read back by sniffing, as any .csv
}
#: CSV columns: the incident record, then the point.
CSV_COLUMNS: Final[tuple[str, ...]] = (*INCIDENT_COLUMNS, "latitude", "longitude")
#: Columns of the GeoPackage ``tallies`` layer (and keys of the GeoJSON ``tallies`` member).
TALLY_COLUMNS: Final[tuple[str, ...]] = (
    "document",
    "count",
    "qualifier",
    "since",
    "evidence",
    "char_start",
    "char_end",
    "outlet",
    "published",
    "title",
    "url",
)
#: A cell starting with one of these is prefixed with an apostrophe (OWASP's list, plus the
#: apostrophe itself so that the rule can be undone).
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "'")
# Spaces a spreadsheet may skip before a formula: Unicode whitespace and zero-width ones.
_SKIPPED: Final = r"[^\S\t\r]|[\u200b-\u200d\u2060\ufeff]"
_PART_TO_GUARD: Final = re.compile(rf"(?:^|(?<=;))(?=(?:{_SKIPPED})*[=+\-@\t\r'])")
_MAY_NEED_GUARD: Final = re.compile(r"[=+\-@\t\r']")
_GUARD: Final = re.compile(r"(?:^|(?<=;))'")
_LIST_SEP: Final = "; "
#: Columns files written by older versions lack; they are read all the same.
_ADDED_COLUMNS: Final = frozenset({"country_code", *LATER_COLUMNS})


# ---------------------------------------------------------------------------------------
# Writing


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
                raise ExportError(f"cannot write {target}: {_one_line(err)}") from err
            raise
        except BaseException:
            _remove(tmp)
            raise
        for journal in _JOURNALS:  # GDAL closes its journal; a leftover one is of no use
            with suppress(OSError):
                os.unlink(str(tmp) + journal)


def csv_safe(value: str) -> str:
    """Neutralise a CSV cell a spreadsheet would run as a formula.

    The rule applies to the start of the cell and to the start of every ``;``-separated
    part of it (a spreadsheet that splits at semicolons sees each part as a cell, and list
    cells are ``;``-joined): a part whose first character, after any spaces (a no-break
    space, zero-width ones), is ``=``, ``+``, ``-``, ``@``, tab or carriage return gets an
    apostrophe in front (as OWASP advises), and so does a part that starts with an
    apostrophe, so that :func:`csv_unsafe` can always undo the rule.

    Parameters
    ----------
    value : str
        The cell text.

    Returns
    -------
    str
        ``value`` with ``'`` before each such part.

    Examples
    --------
    >>> csv_safe("ok; =1+1")
    "ok;' =1+1"
    """
    return _PART_TO_GUARD.sub("'", value) if _MAY_NEED_GUARD.search(value) else value


def csv_unsafe(value: str) -> str:
    """Undo :func:`csv_safe`: drop the apostrophe that starts the cell or a ``;``-part.

    Parameters
    ----------
    value : str
        A cell of a geomap CSV.

    Returns
    -------
    str
        The original text.
    """
    return _GUARD.sub("", value) if "'" in value else value


def _dumps(value: Any) -> str:
    """Return JSON text (non-ASCII kept as is); NaN and Infinity, not JSON, are refused."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError as err:
        raise ExportError(f"cannot write a NaN or infinite number as JSON ({err})") from err


def _loads(text: str) -> Any:
    """Parse JSON read from an incident file; any failure is a :class:`json.JSONDecodeError`.

    NaN (which pandas writes for a missing value) reads as null; Infinity is refused.
    """
    try:
        return json.loads(text, parse_constant=_constant)
    except RecursionError:
        raise json.JSONDecodeError("nested too deeply", text[:100], 0) from None
    except json.JSONDecodeError:
        raise
    except ValueError:  # an integer of thousands of digits
        raise json.JSONDecodeError("a number with too many digits", text[:100], 0) from None


def _constant(name: str) -> None:
    if name == "NaN":
        return None
    raise json.JSONDecodeError(f"{name} is not a JSON number", name, 0)


def _feature(inc: Incident) -> dict[str, Any]:
    rec = inc.to_record()
    lon, lat = rec.pop("longitude"), rec.pop("latitude")
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": rec,
    }


def geojson_text(incidents: Sequence[Incident], tallies: Sequence[Tally] = ()) -> str:
    """Return the RFC 7946 FeatureCollection text, one feature per line.

    Parameters
    ----------
    incidents : sequence of Incident
        One Point feature each (longitude first, 4 decimals at most), properties exactly
        :data:`~geo.models.INCIDENT_COLUMNS`. No ``crs`` member (RFC 7946 is WGS84 only).
    tallies : sequence of Tally
        Carried as the foreign member ``tallies`` (RFC 7946 section 6.1): they are context,
        never points, so they are not features.

    Returns
    -------
    str
        UTF-8 text (non-ASCII characters kept as they are), ending with a newline.
    """
    feats = [_dumps(_feature(i)) for i in incidents]
    return (
        '{"type": "FeatureCollection",\n'
        f'"tallies": {_dumps([t.to_dict() for t in tallies])},\n'
        '"features": [\n' + ",\n".join(feats) + ("\n" if feats else "") + "]}\n"
    )


def _csv_row(inc: Incident) -> list[str]:
    rec = inc.to_record()
    row: list[str] = []
    for col in CSV_COLUMNS:
        v = rec[col]
        if col in TEXT_LIST_COLUMNS:
            cell = csv_safe(_LIST_SEP.join(v))
        elif col in JSON_COLUMNS:
            cell = csv_safe(_dumps(v))
        elif v is None:
            cell = ""
        elif isinstance(v, bool):
            cell = "true" if v else "false"
        elif isinstance(v, str):
            cell = csv_safe(v)
        else:
            cell = str(v)
        row.append(cell)
    return row


def _csv_to(incidents: Sequence[Incident], fh: TextIO) -> None:
    w = csv.writer(fh, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    w.writerows(_csv_row(i) for i in incidents)


def _write_csv(incidents: Sequence[Incident], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        _csv_to(incidents, fh)


@contextmanager
def _gdal_date(stamp: str) -> Iterator[None]:
    """Fix the GeoPackage's ``last_change`` timestamp, so equal input gives equal bytes."""
    from pyogrio import set_gdal_config_options

    set_gdal_config_options({"OGR_CURRENT_DATE": stamp})
    try:
        yield
    finally:
        set_gdal_config_options({"OGR_CURRENT_DATE": None})


def _data_date(incidents: Sequence[Incident]) -> str:
    days = [i.event_date.isoformat() for i in incidents if i.event_date]
    days += [s.published[:10] for i in incidents for s in i.sources if s.published]
    day = max(days) if days else "1970-01-01"
    return f"{day}T00:00:00.000Z"


def _write_gpkg(
    incidents: Sequence[Incident],
    tallies: Sequence[Tally],
    path: Path,
    layers: Mapping[str, Sequence[Mapping[str, str]]] | None = None,
) -> None:
    import pandas as pd
    from pyogrio import write_dataframe

    from geo.frame import incidents_to_frame

    flat = incidents_to_frame(incidents).copy()
    for col in TEXT_LIST_COLUMNS:
        flat[col] = [_dumps(list(v)) for v in flat[col]]
    for col in JSON_COLUMNS:
        flat[col] = [_dumps(v) for v in flat[col]]
    flat["claimed"] = [None if v is None else ("true" if v else "false") for v in flat["claimed"]]
    rows = [t.to_dict() for t in tallies]
    ints = {"count", "char_start", "char_end"}
    tdf = pd.DataFrame(
        {
            k: pd.Series([r[k] for r in rows], dtype="int64" if k in ints else "object")
            for k in TALLY_COLUMNS
        }
    )
    # GDAL cuts a text at NUL: "acled-IRQ1\0a" and "acled-IRQ1\0b" would both be stored
    # as "acled-IRQ1". The JSON columns escape it; the others get U+FFFD for it.
    for frame in (flat, tdf):
        for col in frame.columns:
            if frame[col].dtype == object and col not in {*JSON_COLUMNS, *TEXT_LIST_COLUMNS}:
                frame[col] = [_no_nul(v) for v in frame[col]]
    if flat["event_id"].duplicated().any():
        dup = flat.loc[flat["event_id"].duplicated(), "event_id"].iloc[0]
        raise ExportError(f"two incidents would share the event_id {dup!r} in the GeoPackage")
    with _gdal_date(_data_date(incidents)), warnings.catch_warnings():
        # --format gpkg onto another extension is the user's choice; GDAL would warn.
        warnings.filterwarnings("ignore", "(?i).*extension", RuntimeWarning)
        write_dataframe(flat, path, layer="incidents", driver="GPKG", geometry_type="Point")
        write_dataframe(tdf, path, layer="tallies", driver="GPKG", append=True)
        for name, layer in (layers or {}).items():  # layers of text (a store's corrections)
            if layer:
                extra = pd.DataFrame([{k: _no_nul(v) for k, v in r.items()} for r in layer])
                write_dataframe(extra.astype(object), path, layer=name, driver="GPKG", append=True)


def _no_nul(v: Any) -> Any:
    return clean_text(v) if isinstance(v, str) else v


def output_format(path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """Return the export format of ``path``: ``fmt`` when given, else by the extension.

    Raises
    ------
    ExportError
        An unknown format or extension.
    """
    target = Path(path)
    kind = fmt.lower() if fmt else format_of(target)
    if kind not in set(FORMATS.values()):
        what = f"format {fmt!r}" if fmt else f"the output format of {target.name!r}"
        raise ExportError(f"unknown {what}; use {', '.join(FORMATS)}, or --format")
    return kind


def format_of(path: str | os.PathLike[str]) -> str | None:
    """Return the format of a file name's extension (the longest in :data:`FORMATS`), or None."""
    name = Path(path).name.lower()
    ext = max((e for e in FORMATS if name.endswith(e)), key=len, default=None)
    return FORMATS[ext] if ext else None


def encode_incidents(
    incidents: Sequence[Incident], *, tallies: Sequence[Tally] = (), fmt: str = "geojson"
) -> bytes:
    """Return the bytes of a text export (``geojson``, ``csv``, ``jsonl`` or ``acled``), as a file.

    For standard output (``geomap extract ... -o -``); :func:`write_incidents` writes files.

    Raises
    ------
    ExportError
        ``fmt`` is not a text format (a GeoPackage needs a file).
    """
    kind = fmt.lower()
    if kind == "geojson":
        return geojson_text(incidents, tallies).encode("utf-8")
    if kind == "jsonl":
        body = "".join(_dumps(i.to_record()) + "\n" for i in incidents)
        return body.encode("utf-8")
    if kind == "csv":
        buf = io.StringIO(newline="")
        _csv_to(incidents, buf)
        return buf.getvalue().encode("utf-8")
    if kind == "acled":
        from geo.acled import write_acled_csv

        buf = io.StringIO(newline="")
        write_acled_csv(incidents, buf)
        return buf.getvalue().encode("utf-8")
    if kind == "gpkg":
        raise ExportError("a GeoPackage cannot go to standard output; give a .gpkg file name")
    raise ExportError(f"unknown format {fmt!r}; use geojson, csv, jsonl or acled")


def write_incidents(
    incidents: Sequence[Incident],
    path: str | os.PathLike[str],
    *,
    tallies: Sequence[Tally] = (),
    fmt: str | None = None,
    force: bool = False,
    layers: Mapping[str, Sequence[Mapping[str, str]]] | None = None,
) -> Path:
    """Write incidents to ``path`` in a format chosen by extension (or ``fmt``).

    Parameters
    ----------
    incidents : sequence of Incident
        Written in the order given (:func:`geo.pipeline.run` sorts them).
    path : path-like
        ``.geojson``, ``.csv``, ``.gpkg`` or ``.jsonl``. Written atomically
        (:func:`atomic_write`): a symlink is written through, a device or FIFO written into.
    tallies : sequence of Tally
        Written as the GeoJSON ``tallies`` member and the GeoPackage ``tallies`` layer
        (CSV and JSON Lines hold incidents only).
    fmt : str, optional
        ``geojson``, ``csv``, ``gpkg``, ``jsonl`` or ``acled`` (ACLED's CSV layout,
        :func:`geo.acled.write_acled_csv`: not every field survives); overrides the extension.
    force : bool, default False
        Replace an existing file.
    layers : mapping, optional
        GeoPackage only: more layers without geometry, by name, as rows of text (a store
        keeps its corrections so, :mod:`geo.corrections`); an empty one is not written.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ExportError
        Unknown format, existing file without ``force``, or an unwritable place.
    """
    target = Path(path)
    kind = output_format(target, fmt)
    if kind in {"geojson", "jsonl", "acled"}:
        data = encode_incidents(incidents, tallies=tallies, fmt=kind)
        return atomic_write(target, lambda p: p.write_bytes(data), force=force)
    if kind == "csv":
        return atomic_write(target, lambda p: _write_csv(incidents, p), force=force)
    return atomic_write(target, lambda p: _write_gpkg(incidents, tallies, p, layers), force=force)


# ---------------------------------------------------------------------------------------
# Reading incident files back


def _numbers(values: list[Any]) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def _one_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def _read_text(path: Path) -> str:
    # newline="": a carriage return inside a quoted CSV cell is text, kept as it is.
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return fh.read()
    except UnicodeDecodeError as err:
        raise InputError(f"cannot read {path}: not UTF-8 text ({err.reason})") from err
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from err


def _feature_incident(
    f: Any, path: Path, i: int, places: dict[tuple[Any, ...], Place] | None = None
) -> Incident:
    try:
        if not isinstance(f, dict) or f.get("type") != "Feature":
            raise ValueError("not a Feature")
        geom = f.get("geometry")
        if not isinstance(geom, dict) or geom.get("type") != "Point":
            raise ValueError("geometry must be a Point")
        coords = geom.get("coordinates")
        if not (isinstance(coords, list) and len(coords) in (2, 3) and _numbers(coords)):
            raise ValueError(f"bad coordinates: {coords!r}")
        props = f.get("properties")
        if not isinstance(props, dict):
            raise ValueError("no properties")
        return incident_from_record(
            props, coords[0], coords[1], places=places, origin=f"{path.name}#{i}"
        )
    except (KeyError, TypeError, ValueError, SchemaError) as err:
        raise InputError(f"{path}: feature {i}: {_one_line(err)}") from err


_STREAM_HEAD: Final = ('{"type": "FeatureCollection",', '"tallies": ', '"features": [')


def _stream_geojson(path: Path) -> tuple[Iterator[Incident], list[dict[str, Any]]] | None:
    """Read geomap's own one-feature-per-line layout a feature at a time.

    Returns None when the file is laid out otherwise (then it is parsed whole).
    """
    fh = path.open(encoding="utf-8")
    try:
        head = [fh.readline().rstrip("\n") for _ in range(3)]
        if (
            head[0] != _STREAM_HEAD[0]
            or not head[1].startswith(_STREAM_HEAD[1])
            or head[2] != _STREAM_HEAD[2]
        ):
            fh.close()
            return None
        tallies = _loads(head[1][len(_STREAM_HEAD[1]) :].rstrip(","))
    except (UnicodeDecodeError, json.JSONDecodeError):
        fh.close()
        return None
    if not isinstance(tallies, list) or not all(isinstance(t, dict) for t in tallies):
        fh.close()
        return None
    return _stream_features(fh, path), tallies


def _stream_features(fh: TextIO, path: Path) -> Iterator[Incident]:
    places: dict[tuple[Any, ...], Place] = {}
    with fh:
        i = 0
        try:
            for i, line in enumerate(fh, start=1):
                line = line.strip()
                if line == "]}":
                    return
                try:
                    feature = _loads(line.rstrip(","))
                except json.JSONDecodeError as err:
                    raise InputError(f"{path}: feature {i}: not JSON ({err.msg})") from err
                yield _feature_incident(feature, path, i, places)
        except UnicodeDecodeError as err:
            raise InputError(f"{path}: feature {i + 1}: not UTF-8 text") from err
    raise InputError(f"{path}: truncated: the feature array is not closed")


def _read_geojson(path: Path) -> tuple[Iterator[Incident], list[dict[str, Any]]]:
    streamed = _stream_geojson(path)
    if streamed is not None:
        return streamed
    try:
        data = _loads(_read_text(path))
    except json.JSONDecodeError as err:
        raise InputError(f"{path}: not JSON ({err.msg} at line {err.lineno})") from err
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise InputError(f"{path}: not a GeoJSON FeatureCollection")
    features = data.get("features")
    tallies = data.get("tallies", [])
    if not isinstance(features, list):
        raise InputError(f"{path}: 'features' must be an array")
    if not isinstance(tallies, list) or not all(isinstance(t, dict) for t in tallies):
        raise InputError(f"{path}: 'tallies' must be an array of objects")
    places: dict[tuple[Any, ...], Place] = {}
    incidents = (_feature_incident(f, path, i, places) for i, f in enumerate(features, start=1))
    return incidents, tallies


def _csv_header(path: Path) -> tuple[str, list[str], list[list[str]]]:
    text = _read_text(path)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        raise InputError(f"{path}: malformed CSV ({err})") from err
    if not rows:
        raise InputError(f"{path}: empty CSV file")
    return text, rows[0], rows[1:]


def _typed_csv_record(row: dict[str, str]) -> dict[str, Any]:
    rec: dict[str, Any] = {k: csv_unsafe(v) for k, v in row.items()}
    for col in JSON_COLUMNS:
        try:
            rec[col] = _loads(rec.get(col) or "[]")
        except json.JSONDecodeError as err:
            raise ValueError(f"{col} is not a JSON array ({err.msg})") from err
    for col in TEXT_LIST_COLUMNS:
        text = rec.get(col) or ""
        rec[col] = [t.strip() for t in text.split(_LIST_SEP.strip()) if t.strip()]
    return rec


def _read_csv(path: Path, header: list[str], body: list[list[str]]) -> list[Incident]:
    missing = [c for c in CSV_COLUMNS if c not in header and c not in _ADDED_COLUMNS]
    if missing:
        raise InputError(f"{path}: geomap CSV without columns {', '.join(missing)}")
    places: dict[tuple[Any, ...], Place] = {}
    out = []
    for line, cells in enumerate(body, start=2):
        if not any(cells):
            continue
        row = {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}
        try:
            rec = _typed_csv_record(row)
            out.append(
                incident_from_record(
                    rec,
                    rec["longitude"],
                    rec["latitude"],
                    places=places,
                    origin=f"{path.name}#{line}",
                )
            )
        except (KeyError, TypeError, ValueError, SchemaError) as err:
            raise InputError(f"{path} line {line}: {_one_line(err)}") from err
    return out


def _read_any_csv(path: Path) -> list[Incident]:
    from geo.acled import ACLED_COLUMNS, ACLED_REQUIRED, acled_header, read_acled

    _, header, body = _csv_header(path)
    names = [h.strip() for h in header]
    if {"event_id", "sources", "latitude", "longitude"} <= set(names):
        return _read_csv(path, names, body)
    acled = acled_header(path)  # its separator sniffed: ";" too
    if (
        "event_type" in acled
        or "event_id_cnty" in acled
        or len(set(acled) & set(ACLED_COLUMNS)) > len(set(names) & set(CSV_COLUMNS))
    ):
        return read_acled(path)  # it names the ACLED columns missing, if any
    ours = [c for c in ("event_id", "sources", "latitude", "longitude") if c not in names]
    theirs = [c for c in ACLED_REQUIRED if c not in acled]
    raise InputError(
        f"{path}: not a geomap or ACLED CSV: geomap's needs {', '.join(ours)}; "
        f"ACLED's needs {', '.join(theirs)}"
    )


def _read_gpkg(path: Path) -> tuple[list[Incident], list[dict[str, Any]]]:
    from pyogrio import list_layers, read_dataframe

    try:
        layers = [str(name) for name, _ in list_layers(path)]
    except Exception as err:  # pyogrio raises DataSourceError for anything unreadable
        raise InputError(f"cannot read {path} as a GeoPackage: {_one_line(err)}") from err
    if "incidents" not in layers:
        raise InputError(f"{path}: no 'incidents' layer (layers: {', '.join(layers) or 'none'})")
    try:
        gdf = read_dataframe(path, layer="incidents")
        tdf = (
            read_dataframe(path, layer="tallies", read_geometry=False)
            if "tallies" in layers
            else None
        )
    except Exception as err:
        raise InputError(f"cannot read {path}: {_one_line(err)}") from err
    missing = [c for c in INCIDENT_COLUMNS if c not in gdf.columns and c not in _ADDED_COLUMNS]
    if missing:
        raise InputError(f"{path}: 'incidents' layer without columns {', '.join(missing)}")
    places: dict[tuple[Any, ...], Place] = {}
    out = []
    for i, row in enumerate(gdf.to_dict("records"), start=1):
        try:
            geom = row.pop("geometry")
            if geom is None or geom.geom_type != "Point":
                raise ValueError("geometry must be a Point")
            rec = {k: (None if is_missing(v) else v) for k, v in row.items()}
            for col in (*JSON_COLUMNS, *TEXT_LIST_COLUMNS):
                rec[col] = _loads(rec.get(col) or "[]")
            out.append(
                incident_from_record(rec, geom.x, geom.y, places=places, origin=f"{path.name}#{i}")
            )
        except (KeyError, TypeError, ValueError, SchemaError) as err:
            raise InputError(f"{path}: incidents feature {i}: {_one_line(err)}") from err
    tallies: list[dict[str, Any]] = []
    if tdf is not None:
        for r in tdf.to_dict("records"):
            tallies.append({k: (None if is_missing(v) else v) for k, v in r.items()})
    return out, tallies


def _read_jsonl(path: Path) -> Iterator[Incident]:
    places: dict[tuple[Any, ...], Place] = {}
    # Lines end at "\n" only (JSON Lines): U+2028 and the other characters str.splitlines()
    # breaks at are text inside a record, as json.dumps(ensure_ascii=False) writes them.
    for i, line in enumerate(_read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rec = _loads(line)
            if not isinstance(rec, dict):
                raise ValueError("not a JSON object")
            if not _numbers([rec.get("longitude"), rec.get("latitude")]):
                raise ValueError("bad coordinates: latitude and longitude must be numbers")
            inc = incident_from_record(
                rec,
                rec.get("longitude"),
                rec.get("latitude"),
                places=places,
                origin=f"{path.name}#{i}",
            )
        except json.JSONDecodeError as err:
            raise InputError(f"{path} line {i}: not JSON ({err.msg})") from err
        except (KeyError, TypeError, ValueError, SchemaError) as err:
            raise InputError(f"{path} line {i}: {_one_line(err)}") from err
        yield inc


def read_incidents(path: str | os.PathLike[str]) -> tuple[list[Incident], list[dict[str, Any]]]:
    """Read an incident file whole; see :func:`iter_incidents` for the formats and errors.

    Returns
    -------
    incidents, tallies
        The incidents and the tally dicts the file holds (CSV and JSON Lines hold none);
        :func:`tallies_from_dicts` turns the dicts into :class:`~geo.models.Tally`.
    """
    incidents, tallies = iter_incidents(path)
    return list(incidents), tallies


def iter_incidents(
    path: str | os.PathLike[str],
) -> tuple[Iterator[Incident], list[dict[str, Any]]]:
    """Read an incident file, one incident at a time.

    The formats: geomap's GeoJSON, CSV, GeoPackage or JSON Lines, or ACLED CSV. Records are
    decoded by :func:`geo.record.incident_from_record`: a GeoJSON or JSON Lines record another
    tool wrote (sources without their own place, date and type, or none) is read as given,
    its sources marked ``coded``.
    A ``.csv`` is read as geomap's own when its header has ``event_id``, ``sources``,
    ``latitude`` and ``longitude``, as ACLED's when it has the columns of
    :data:`geo.acled.ACLED_REQUIRED` (:func:`geo.acled.read_acled`), and refused otherwise.
    A ``.json`` file is read as GeoJSON.

    geomap's own GeoJSON layout (one feature per line) and JSON Lines are read one incident
    at a time, so a caller that keeps only part of each incident (``geomap render`` keeps
    the sources) never holds the whole file.

    Parameters
    ----------
    path : path-like
        The file.

    Returns
    -------
    incidents, tallies
        An iterator over the incidents, and the tally dicts the file holds (CSV and JSON
        Lines hold none); :func:`tallies_from_dicts` turns the dicts into
        :class:`~geo.models.Tally`.

    Raises
    ------
    InputError
        One line naming the file (and line or feature): missing or unreadable file, not a
        FeatureCollection, CSV with the wrong columns, bad coordinates or dates, a
        GeoPackage without an ``incidents`` layer... Errors in a feature are raised when
        the iterator reaches it.
    """
    p = Path(path)
    if not p.is_file():
        if p.exists():  # a FIFO or a device is never opened: it could block or never end
            raise InputError(f"{p}: not a regular file")
        raise InputError(f"no such file: {p}")
    kind = "geojson" if p.suffix.lower() == ".json" else format_of(p)
    if kind == "geojson":
        return _read_geojson(p)
    if kind in {"csv", "acled"}:  # told apart by their header
        return iter(_read_any_csv(p)), []
    if kind == "gpkg":
        incidents, tallies = _read_gpkg(p)
        return iter(incidents), tallies
    if kind == "jsonl":
        return _read_jsonl(p), []
    raise InputError(f"{p}: unknown incident file type {p.suffix!r}; use {', '.join(FORMATS)}")


def tallies_from_dicts(rows: Iterable[dict[str, Any]]) -> list[Tally]:
    """Rebuild tallies from their dict form (GeoJSON member, GeoPackage layer).

    Parameters
    ----------
    rows : iterable of dict
        As returned by :func:`read_incidents`.

    Returns
    -------
    list of Tally

    Raises
    ------
    InputError
        A tally with a bad count, offsets or date.
    """
    out = []
    for i, r in enumerate(rows, start=1):
        try:
            since, published = r.get("since"), r.get("published")
            out.append(
                Tally(
                    document=cell_text(r.get("document"), "document") or "",
                    count=cell_count(r.get("count"), "count") or 0,
                    evidence=cell_text(r.get("evidence"), "evidence") or "",
                    char_start=cell_count(r.get("char_start"), "char_start") or 0,
                    char_end=cell_count(r.get("char_end"), "char_end") or 0,
                    qualifier=cell_text(r.get("qualifier"), "qualifier"),
                    since=date.fromisoformat(since) if since else None,
                    outlet=cell_text(r.get("outlet"), "outlet"),
                    published=date.fromisoformat(published) if published else None,
                    title=cell_text(r.get("title"), "title"),
                    url=cell_text(r.get("url"), "url"),
                )
            )
        except (TypeError, ValueError, SchemaError) as err:
            raise InputError(f"tally {i}: {_one_line(err)}") from err
    return out
