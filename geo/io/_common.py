"""What the formats of :mod:`geo.io` share: JSON text, formula-safe CSV cells, file text.

CSV cells that a spreadsheet would run as a formula (at the start of the cell or of a
``;``-separated part, after any spaces) are neutralised (:func:`csv_safe`) and restored on
reading (:func:`csv_unsafe`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final

from geo.csvcells import FORMULA_START, csv_safe, csv_unsafe
from geo.errors import ExportError, InputError
from geo.models import LATER_COLUMNS

__all__ = ["FORMULA_START", "csv_safe", "csv_unsafe"]

LIST_SEP: Final = "; "
#: Columns files written by older versions lack; they are read all the same.
ADDED_COLUMNS: Final = frozenset({"country_code", *LATER_COLUMNS})


def dumps(value: Any) -> str:
    """Return JSON text (non-ASCII kept as is); NaN and Infinity, not JSON, are refused."""
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False)
    except ValueError as err:
        raise ExportError(f"cannot write a NaN or infinite number as JSON ({err})") from err


def loads(text: str) -> Any:
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


def numbers(values: list[Any]) -> bool:
    return all(isinstance(v, int | float) and not isinstance(v, bool) for v in values)


def one_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0] if text else type(err).__name__


def read_text(path: Path) -> str:
    # newline="": a carriage return inside a quoted CSV cell is text, kept as it is.
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return fh.read()
    except UnicodeDecodeError as err:
        raise InputError(f"cannot read {path}: not UTF-8 text ({err.reason})") from err
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from err
