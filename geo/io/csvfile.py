"""geomap's CSV: the incident record a row, then the point (``latitude``, ``longitude``).

List columns are ``; ``-joined, nested ones (sources, corrections) JSON text; every text cell
is formula-safe (:func:`geo.io._common.csv_safe`). A ``.csv`` is geomap's when its header
has ``event_id``, ``sources``, ``latitude`` and ``longitude`` (ACLED's CSV shares the
ending: :mod:`geo.io.acled_csv`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final, TextIO

from geo.errors import InputError, SchemaError
from geo.io._common import (
    ADDED_COLUMNS,
    LIST_SEP,
    csv_safe,
    csv_unsafe,
    dumps,
    loads,
    one_line,
    read_text,
)
from geo.io.registry import Format, ReadResult, register_format
from geo.models import INCIDENT_COLUMNS, JSON_COLUMNS, TEXT_LIST_COLUMNS, Incident, Place, Tally
from geo.record import incident_from_record

__all__ = ["CSV", "CSV_COLUMNS", "csv_header", "read_csv"]

#: CSV columns: the incident record, then the point.
CSV_COLUMNS: Final[tuple[str, ...]] = (*INCIDENT_COLUMNS, "latitude", "longitude")
#: The columns that make a CSV geomap's.
KEY_COLUMNS: Final = ("event_id", "sources", "latitude", "longitude")


def _csv_row(inc: Incident) -> list[str]:
    rec = inc.to_record()
    row: list[str] = []
    for col in CSV_COLUMNS:
        v = rec[col]
        if col in TEXT_LIST_COLUMNS:
            cell = csv_safe(LIST_SEP.join(v))
        elif col in JSON_COLUMNS:
            cell = csv_safe(dumps(v))
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


def _write_csv(
    incidents: Sequence[Incident], path: Path, *, tallies: Sequence[Tally] = (), layers: Any = None
) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        _csv_to(incidents, fh)


def _encode(incidents: Sequence[Incident], *, tallies: Sequence[Tally] = ()) -> bytes:
    buf = io.StringIO(newline="")
    _csv_to(incidents, buf)
    return buf.getvalue().encode("utf-8")


def csv_header(path: Path) -> list[str]:
    """Return the names of a CSV file's header row (spaces around them dropped).

    Raises
    ------
    InputError
        The file cannot be read, is not UTF-8 text, is malformed or empty.
    """
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            first = next(csv.reader(fh), None)
    except UnicodeDecodeError as err:
        raise InputError(f"cannot read {path}: not UTF-8 text ({err.reason})") from err
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from err
    except csv.Error as err:
        raise InputError(f"{path}: malformed CSV ({err})") from err
    if first is None:
        raise InputError(f"{path}: empty CSV file")
    return [h.strip() for h in first]


def _is_geomap_csv(path: Path) -> bool:
    return set(KEY_COLUMNS) <= set(csv_header(path))


def _refusal(path: Path) -> str:
    names = csv_header(path)
    return f"geomap's needs {', '.join(c for c in KEY_COLUMNS if c not in names)}"


def _csv_header(path: Path) -> tuple[str, list[str], list[list[str]]]:
    text = read_text(path)
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
            rec[col] = loads(rec.get(col) or "[]")
        except json.JSONDecodeError as err:
            raise ValueError(f"{col} is not a JSON array ({err.msg})") from err
    for col in TEXT_LIST_COLUMNS:
        text = rec.get(col) or ""
        rec[col] = [t.strip() for t in text.split(LIST_SEP.strip()) if t.strip()]
    return rec


def _read_rows(path: Path, header: list[str], body: list[list[str]]) -> list[Incident]:
    missing = [c for c in CSV_COLUMNS if c not in header and c not in ADDED_COLUMNS]
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
            raise InputError(f"{path} line {line}: {one_line(err)}") from err
    return out


def read_csv(path: Path) -> ReadResult:
    """Read a geomap CSV (it holds no tallies)."""
    _, header, body = _csv_header(path)
    return iter(_read_rows(path, [h.strip() for h in header], body)), []


CSV: Final = register_format(Format(
    "csv", (".csv",), "CSV", read=read_csv, write=_write_csv, encode=_encode,
    detect=_is_geomap_csv, label="geomap", refusal=_refusal,
))  # fmt: skip
