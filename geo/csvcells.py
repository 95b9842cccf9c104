"""Formula-safe CSV cells: a cell a spreadsheet would run as a formula is neutralised.

Shared by every CSV writer and reader (:mod:`geo.io`, :mod:`geo.acled`): a cell, or a
``;``-separated part of it, that starts (after any spaces) with a formula character is
prefixed with an apostrophe (:func:`csv_safe`) and restored on reading (:func:`csv_unsafe`).
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["FORMULA_START", "csv_safe", "csv_unsafe"]

#: A cell starting with one of these is prefixed with an apostrophe (OWASP's list, plus the
#: apostrophe itself so that the rule can be undone).
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r", "'")
# Spaces a spreadsheet may skip before a formula: Unicode whitespace and zero-width ones.
_SKIPPED: Final = r"[^\S\t\r]|[\u200b-\u200d\u2060\ufeff]"
_PART_TO_GUARD: Final = re.compile(rf"(?:^|(?<=;))(?=(?:{_SKIPPED})*[=+\-@\t\r'])")
_MAY_NEED_GUARD: Final = re.compile(r"[=+\-@\t\r']")
_GUARD: Final = re.compile(r"(?:^|(?<=;))'")


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
