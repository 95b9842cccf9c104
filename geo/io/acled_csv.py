"""ACLED's CSV layout, registered as a format: the codec itself is :mod:`geo.acled`.

Written by ``--format acled`` or a ``.acled.csv`` name (not every field survives: ACLED's
columns say less than geomap's record). Read from any ``.csv`` whose header is ACLED's
(a ``;`` or tab separator too): every row an event ACLED coded, kept as given.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from geo.io.csvfile import CSV_COLUMNS, csv_header
from geo.io.registry import Format, ReadResult, register_format
from geo.models import Incident, Tally

__all__ = ["ACLED"]


def _read(path: Path) -> ReadResult:
    from geo.acled import read_acled

    return iter(read_acled(path)), []


def _encode(incidents: Sequence[Incident], *, tallies: Sequence[Tally] = ()) -> bytes:
    from geo.acled import write_acled_csv

    buf = io.StringIO(newline="")
    write_acled_csv(incidents, buf)
    return buf.getvalue().encode("utf-8")


def _is_acled_csv(path: Path) -> bool:
    """Tell ACLED's CSV by its header (any separator).

    It names ACLED's key columns, or more of ACLED's columns than of geomap's.
    """
    from geo.acled import ACLED_COLUMNS, acled_header

    names = csv_header(path)
    acled = acled_header(path)  # its separator sniffed: ";" too
    return (
        "event_type" in acled
        or "event_id_cnty" in acled
        or len(set(acled) & set(ACLED_COLUMNS)) > len(set(names) & set(CSV_COLUMNS))
    )


def _refusal(path: Path) -> str:
    from geo.acled import ACLED_REQUIRED, acled_header

    acled = acled_header(path)
    return f"ACLED's needs {', '.join(c for c in ACLED_REQUIRED if c not in acled)}"


ACLED: Final = register_format(Format(
    "acled", (".acled.csv",), "ACLED's CSV layout", read=_read, encode=_encode, lossless=False,
    detect=_is_acled_csv, sniffed=(".csv",), label="ACLED", refusal=_refusal, coded_ids="acled-",
))  # fmt: skip
