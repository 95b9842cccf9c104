"""geomap's JSON Lines: one incident record a line (its point as ``longitude``, ``latitude``).

Read one incident at a time. A ``.jsonl`` file given as input holds incidents when its first
record has an ``event_id`` and ``sources``; else it holds articles.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Final

from geo.errors import InputError, SchemaError
from geo.io._common import dumps, loads, numbers, one_line, read_text
from geo.io.registry import Format, ReadResult, register_format
from geo.models import Incident, Place, Tally
from geo.record import incident_from_record

__all__ = ["JSONL", "read_jsonl"]

#: How much of a JSON Lines file's first line is read to tell incidents from articles.
SNIFF_CHARS: Final = 1 << 20


def _records(path: Path) -> Iterator[Incident]:
    places: dict[tuple[Any, ...], Place] = {}
    # Lines end at "\n" only (JSON Lines): U+2028 and the other characters str.splitlines()
    # breaks at are text inside a record, as json.dumps(ensure_ascii=False) writes them.
    for i, line in enumerate(read_text(path).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            rec = loads(line)
            if not isinstance(rec, dict):
                raise ValueError("not a JSON object")
            if not numbers([rec.get("longitude"), rec.get("latitude")]):
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
            raise InputError(f"{path} line {i}: {one_line(err)}") from err
        yield inc


def read_jsonl(path: Path) -> ReadResult:
    """Read a JSON Lines incident file, one incident at a time (it holds no tallies)."""
    return _records(path), []


def _encode(incidents: Sequence[Incident], *, tallies: Sequence[Tally] = ()) -> bytes:
    return "".join(dumps(i.to_record()) + "\n" for i in incidents).encode("utf-8")


def _holds_incidents(path: Path) -> bool:
    """Whether a ``.jsonl`` file's first record is one geomap wrote (else: articles)."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        first = fh.readline(SNIFF_CHARS)  # a record geomap wrote; a longer line is not one
    try:
        rec = json.loads(first)
    except ValueError:
        return False
    return isinstance(rec, dict) and "event_id" in rec and "sources" in rec


JSONL: Final = register_format(Format(
    "jsonl", (".jsonl",), "JSON Lines", read=read_jsonl, encode=_encode,
    detect=_holds_incidents, sniffed=(".jsonl",),
))  # fmt: skip
