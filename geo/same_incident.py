"""One definition of "the same incident", and of how its reports' figures combine.

Used twice: inside one article, where extraction joins the sentences that tell one attack
(:mod:`geo.extraction`), and across articles, where merging joins the reports of outlets
(:mod:`geo.merging`). Before, each had its own copy and they disagreed: a week-precision
date had 3 days of slack in one and 4 in the other, and "no one was hurt" then "three were
injured" gave 3 inside an article but 0 across two.

Two reports may be the same incident when

- their days are within the slack of the looser precision of the two
  (:data:`DATE_SLACK`): one day for exact days (outlets in other time zones differ by one),
  three for a known week (a week's midpoint reaches its own seven days and no further), 16
  for a known month;
- their attack types are of one family (rocket, mortar and artillery are indirect fire),
  or one of them is ``unknown``.

Place is compared by the callers, who know the gazetteer's containment.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

from geo.models import type_family

__all__ = ["DATE_SLACK", "combine_count", "days_fit", "types_fit"]

#: Days two dates may differ by, by the looser ACLED time precision of the two.
DATE_SLACK: Final[dict[int, int]] = {1: 1, 2: 3, 3: 16}


def days_fit(
    a: date | int | None, a_precision: int, b: date | int | None, b_precision: int
) -> bool:
    """Tell whether two dates may be the day of one incident.

    Parameters
    ----------
    a, b : datetime.date or int or None
        The dates, or their proleptic ordinals (:meth:`datetime.date.toordinal`); an unknown
        date fits any.
    a_precision, b_precision : int
        ACLED time precision: 1 day, 2 week, 3 month.
    """
    if a is None or b is None:
        return True
    da = a if isinstance(a, int) else a.toordinal()
    db = b if isinstance(b, int) else b.toordinal()
    return abs(da - db) <= DATE_SLACK[max(a_precision, b_precision, 1)]


def types_fit(a: str, b: str) -> bool:
    """Tell whether two attack types may be one incident's (one family, or one unknown)."""
    return a == "unknown" or b == "unknown" or type_family(a) == type_family(b)


def combine_count(values: Iterable[int | None]) -> int | None:
    """Combine the fatalities (or injuries) several reports of one incident give.

    A stated figure beats "none": an early "no one was hurt" yields to a later "three were
    injured", in one article as across outlets. Among figures, the lowest wins, as gold
    annotation counts "at least three" and "more than 40" by their lowest stated number.
    Nothing stated gives None.

    Examples
    --------
    >>> combine_count([0, 3, None])
    3
    >>> combine_count([5, 3])
    3
    >>> combine_count([None, 0])
    0
    >>> combine_count([None]) is None
    True
    """
    stated = [v for v in values if v is not None]
    positive = [v for v in stated if v > 0]
    if positive:
        return min(positive)
    return 0 if stated else None
