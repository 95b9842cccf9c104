"""Coverage of two incident sets: which events both have, and which only one of them has.

An analyst checks geomap against ACLED (or one run against another) with
``geomap compare A B``. Two incidents, one from each side, are the same event when

- their days are within the slack of the looser of their two date precisions (one day for
  exact days, three for a known week, 16 for a known month: :data:`geo.same_incident.DATE_SLACK`,
  the rule merging uses); an undated incident fits any day;
- their points are at most ``km`` apart (:data:`MATCH_KM` by default: a town and the base
  beside it, not the next town);
- their attack types are of one family (rocket, mortar and artillery are indirect fire), or
  one of them is ``unknown``; every type an incident's sources reported counts.

Each incident is matched at most once. Pairs are taken best first: the fewest days apart,
then the nearest, then by ids, so the result does not depend on input order.
:func:`geo.pipeline.run` uses the same rule to join an event coded elsewhere (an ACLED row)
to the incident the articles tell, so one attack is one incident (:func:`join_coded`).
"""

from __future__ import annotations

import bisect
import html
import math
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

from geo.models import Incident
from geo.places import haversine_km
from geo.same_incident import DATE_SLACK, days_fit, types_fit

if TYPE_CHECKING:
    import folium

__all__ = [
    "COMPARE_COLUMNS",
    "MATCH_KM",
    "Comparison",
    "Match",
    "compare_incidents",
    "comparison_csv",
    "comparison_map",
    "comparison_rows",
    "distance_km",
    "join_coded",
    "same_event",
    "summary_rows",
    "write_comparison",
]

#: Two points further apart than this (km) are not one event.
MATCH_KM: Final = 25.0
_WIDEST: Final = max(DATE_SLACK.values())


def distance_km(a: Incident, b: Incident) -> float:
    """Return the great-circle distance between two incidents' points, in km (haversine)."""
    return haversine_km(a.place.lat, a.place.lon, b.place.lat, b.place.lon)


def _types(inc: Incident) -> set[str]:
    return {inc.attack_type, *inc.attack_types_reported}


def same_event(a: Incident, b: Incident, *, km: float = MATCH_KM) -> bool:
    """Tell whether two incidents may be one event (the rule of this module's docstring).

    Parameters
    ----------
    a, b : Incident
    km : float, default :data:`MATCH_KM`
        The largest distance between their points.
    """
    if not days_fit(a.event_date, a.time_precision, b.event_date, b.time_precision):
        return False
    if not any(types_fit(x, y) for x in _types(a) for y in _types(b)):
        return False
    return distance_km(a, b) <= km


@dataclass(frozen=True, slots=True)
class Match:
    """Two incidents, one from each side, taken for one event."""

    a: Incident
    b: Incident
    km: float
    days: int | None  # None when either is undated


@dataclass
class Comparison:
    """The three sets: matched pairs, incidents only in A, incidents only in B."""

    matched: list[Match] = field(default_factory=list)
    only_a: list[Incident] = field(default_factory=list)
    only_b: list[Incident] = field(default_factory=list)


def _day(inc: Incident) -> int | None:
    return inc.event_date.toordinal() if inc.event_date else None


def _candidates(
    a: Sequence[Incident], b: Sequence[Incident], km: float
) -> list[tuple[int, float, str, str, int, int]]:
    """Every pair that may be one event, as a sort key ending with the two indexes.

    B is indexed by day and by a band of latitude at least ``km`` wide (a degree of
    latitude is more than 111 km everywhere), so each incident of A meets only those of B
    within the widest date slack and the neighbouring bands, not all of B.
    """
    band = max(km / 111.0, 1e-6)
    index: dict[tuple[int, int], list[int]] = {}
    undated: list[int] = []
    for j, y in enumerate(b):
        dy = _day(y)
        if dy is None:
            undated.append(j)
        else:
            index.setdefault((dy, math.floor(y.place.lat / band)), []).append(j)
    days = sorted({d for d, _ in index})
    out = []
    for i, x in enumerate(a):
        d = _day(x)
        row = math.floor(x.place.lat / band)
        if d is None:
            js: Iterable[int] = range(len(b))
        else:
            lo = bisect.bisect_left(days, d - _WIDEST)
            hi = bisect.bisect_right(days, d + _WIDEST)
            near: list[int] = []
            for day in days[lo:hi]:
                for r in (row - 1, row, row + 1):
                    near += index.get((day, r), ())
            js = [*near, *undated]
        for j in js:
            y = b[j]
            if not same_event(x, y, km=km):
                continue
            dy = _day(y)
            gap = abs(d - dy) if d is not None and dy is not None else _WIDEST + 1
            out.append((gap, distance_km(x, y), x.event_id, y.event_id, i, j))
    return out


def compare_incidents(
    a: Sequence[Incident], b: Sequence[Incident], *, km: float = MATCH_KM
) -> Comparison:
    """Match two incident sets one to one.

    Parameters
    ----------
    a, b : sequence of Incident
        The two sides (e.g. geomap's incidents and an ACLED export's).
    km : float, default :data:`MATCH_KM`
        The largest distance between two matched points.

    Returns
    -------
    Comparison
        Matched pairs in A's order; the unmatched incidents of each side in their order.
    """
    taken_a: dict[int, Match] = {}
    taken_b: set[int] = set()
    for gap, dist, _, _, i, j in sorted(_candidates(a, b, km)):
        if i in taken_a or j in taken_b:
            continue
        days = gap if gap <= _WIDEST else None
        taken_a[i] = Match(a[i], b[j], round(dist, 3), days)
        taken_b.add(j)
    return Comparison(
        matched=[taken_a[i] for i in sorted(taken_a)],
        only_a=[x for i, x in enumerate(a) if i not in taken_a],
        only_b=[y for j, y in enumerate(b) if j not in taken_b],
    )


def _month(inc: Incident) -> str:
    return inc.event_date.strftime("%Y-%m") if inc.event_date else "undated"


def _where(inc: Incident) -> str:
    from geo.countries import country_name

    country = country_name(inc.place.country) or inc.place.country
    return (
        f"{inc.place.name}, {country}" if country and country != inc.place.name else inc.place.name
    )


def summary_rows(result: Comparison, by: str) -> list[tuple[str, int, int, int]]:
    """Count the three sets per month (``by="month"``) or per place (``by="place"``).

    A matched pair counts under A's month or place; an incident under its own.

    Returns
    -------
    list of (key, matched, only in A, only in B)
        Months in order (undated last); places by total, most first, then by name.
    """
    key = _month if by == "month" else _where
    counts: dict[str, Counter[str]] = {}
    for m in result.matched:
        counts.setdefault(key(m.a), Counter())["matched"] += 1
    for x in result.only_a:
        counts.setdefault(key(x), Counter())["a"] += 1
    for y in result.only_b:
        counts.setdefault(key(y), Counter())["b"] += 1
    rows = [(k, c["matched"], c["a"], c["b"]) for k, c in counts.items()]
    if by == "month":
        return sorted(rows, key=lambda r: (r[0] == "undated", r[0]))
    return sorted(rows, key=lambda r: (-(r[1] + r[2] + r[3]), r[0]))


# ---------------------------------------------------------------------------------------
# The three sets as a file, and on a map

#: Columns of the comparison CSV: the set, then each side's incident (``a_``, ``b_``).
SIDE_COLUMNS: Final = (
    "event_id",
    "event_date",
    "time_precision",
    "attack_type",
    "location",
    "country",
    "latitude",
    "longitude",
    "source_count",
)
COMPARE_COLUMNS: Final[tuple[str, ...]] = (
    "set",
    "km",
    "days",
    *(f"a_{c}" for c in SIDE_COLUMNS),
    *(f"b_{c}" for c in SIDE_COLUMNS),
)
#: The three sets, as the file and the map name them.
SETS: Final = ("matched", "only_a", "only_b")


def _side(inc: Incident | None) -> list[str]:
    if inc is None:
        return [""] * len(SIDE_COLUMNS)
    from geo.countries import country_name

    p = inc.place
    return [
        inc.event_id,
        inc.event_date.isoformat() if inc.event_date else "",
        str(inc.time_precision),
        inc.attack_type,
        p.name,
        country_name(p.country) or p.country,
        f"{p.lat:.4f}",
        f"{p.lon:.4f}",
        str(inc.source_count),
    ]


def comparison_rows(result: Comparison) -> list[list[str]]:
    """Return the rows of the comparison CSV (header :data:`COMPARE_COLUMNS`, not included)."""
    rows = [
        ["matched", f"{m.km:.1f}", "" if m.days is None else str(m.days), *_side(m.a), *_side(m.b)]
        for m in result.matched
    ]
    rows += [["only_a", "", "", *_side(x), *_side(None)] for x in result.only_a]
    rows += [["only_b", "", "", *_side(None), *_side(y)] for y in result.only_b]
    return rows


def comparison_csv(result: Comparison) -> str:
    """Return the three sets as CSV text: header :data:`COMPARE_COLUMNS`, CRLF line ends.

    One row per matched pair (``set`` = ``matched``, with the distance in km and the days
    between them) and per unmatched incident (``only_a``, ``only_b``). Text cells are guarded
    against formulas (:func:`geo.io.csv_safe`).
    """
    import csv
    import io

    from geo.io import csv_safe

    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COMPARE_COLUMNS)
    for row in comparison_rows(result):
        w.writerow(
            [v if c in _NUMBERS else csv_safe(v) for c, v in zip(COMPARE_COLUMNS, row, strict=True)]
        )
    return buf.getvalue()


def write_comparison(
    result: Comparison, path: str | os.PathLike[str], *, force: bool = True
) -> Path:
    """Write :func:`comparison_csv` to a file, whole or not at all.

    Parameters
    ----------
    result : Comparison
    path : path-like
        The CSV file.
    force : bool, default True
        Replace an existing file.

    Returns
    -------
    pathlib.Path
    """
    from geo.io import atomic_write

    text = comparison_csv(result)
    return atomic_write(path, lambda p: p.write_bytes(text.encode("utf-8")), force=force)


_NUMBERS: Final = frozenset(
    {"km", "days"}
    | {
        f"{s}_{c}"
        for s in "ab"
        for c in ("time_precision", "latitude", "longitude", "source_count")
    }
)
#: Colour of each set on the map.
SET_COLOURS: Final = {"matched": "#2e7d32", "only_a": "#1565c0", "only_b": "#c62828"}


def _html(text: str) -> str:
    """Escape text for folium's popups and tooltips (HTML inside a JavaScript template string)."""
    return (
        html.escape(text, quote=True)
        .replace("`", "&#96;")
        .replace("$", "&#36;")
        .replace("\\", "&#92;")
    )


def _label(inc: Incident) -> str:
    day = inc.event_date.isoformat() if inc.event_date else "undated"
    return f"{day} {inc.attack_type.replace('_', ' ')} at {_where(inc)} ({inc.event_id})"


def comparison_map(
    result: Comparison, *, names: tuple[str, str] = ("A", "B"), title: str | None = None
) -> folium.Map:
    """Draw the three sets on geomap's map, a switchable layer each.

    The map is :func:`geo.render.render_map`'s (basemaps, offline borders) with no incidents of
    its own; the layers are plain folium layers: matched pairs (A's point, a line to B's),
    incidents only in A, incidents only in B, each with a tooltip naming the incident(s).

    Parameters
    ----------
    result : Comparison
    names : (str, str)
        What to call the two sides (their file names).
    title : str, optional
        The map's title.

    Returns
    -------
    folium.Map
    """
    import folium

    from geo.render import render_map

    a_name, b_name = names
    m = render_map([], title=title or f"{a_name} compared with {b_name}")
    layers = {
        "matched": f"Matched ({len(result.matched)})",
        "only_a": f"Only in {a_name} ({len(result.only_a)})",
        "only_b": f"Only in {b_name} ({len(result.only_b)})",
    }
    groups = {k: folium.FeatureGroup(name=_html(v), show=True) for k, v in layers.items()}

    def marker(inc: Incident, kind: str, text: str) -> folium.CircleMarker:
        colour = SET_COLOURS[kind]
        return folium.CircleMarker(
            [inc.place.lat, inc.place.lon],
            radius=6,
            color=colour,
            fill=True,
            fill_color=colour,
            fill_opacity=0.8,
            weight=1,
            # a tooltip, not a folium popup: those need jQuery, which geomap's page does not load
            tooltip=folium.Tooltip(_html(text), sticky=True),
        )

    points: list[tuple[float, float]] = []
    for mt in result.matched:
        text = f"{a_name}: {_label(mt.a)} | {b_name}: {_label(mt.b)} | {mt.km:.1f} km apart"
        marker(mt.a, "matched", text).add_to(groups["matched"])
        folium.PolyLine(  # type: ignore[no-untyped-call]
            [[mt.a.place.lat, mt.a.place.lon], [mt.b.place.lat, mt.b.place.lon]],
            color=SET_COLOURS["matched"],
            weight=2,
        ).add_to(groups["matched"])
        points += [(mt.a.place.lat, mt.a.place.lon), (mt.b.place.lat, mt.b.place.lon)]
    for kind, side, name in (("only_a", result.only_a, a_name), ("only_b", result.only_b, b_name)):
        for inc in side:
            marker(inc, kind, f"only in {name}: {_label(inc)}").add_to(groups[kind])
            points.append((inc.place.lat, inc.place.lon))
    for g in groups.values():
        g.add_to(m)
    if points:
        lats, lons = zip(*points, strict=True)
        m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
    return m


def format_summary(result: Comparison, names: tuple[str, str], *, km: float = MATCH_KM) -> str:
    """Return the summary ``geomap compare`` prints: totals, then per month and per place.

    Names and places are made terminal-safe (:func:`geo._util.safe_text`).
    """
    from geo._util import safe_text

    a_name, b_name = (safe_text(n) for n in names)
    n_a = len(result.matched) + len(result.only_a)
    n_b = len(result.matched) + len(result.only_b)
    lines = [
        f"A: {a_name} ({n_a} incidents)",
        f"B: {b_name} ({n_b} incidents)",
        f"matched {len(result.matched)}, only in A {len(result.only_a)}, "
        f"only in B {len(result.only_b)} (same day within the dates' precision, "
        f"at most {km:g} km apart, same type family)",
    ]
    for by, heading in (("month", "month"), ("place", "place")):
        rows = summary_rows(result, by)
        if not rows:
            continue
        keys = [safe_text(r[0]) for r in rows]
        width = max(len(heading), *(len(k) for k in keys))
        lines += ["", f"{heading:<{width}}  matched  only A  only B"]
        lines += [
            f"{k:<{width}}  {r[1]:>7}  {r[2]:>6}  {r[3]:>6}"
            for k, r in zip(keys, rows, strict=True)
        ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# One attack, one incident: events coded elsewhere joined to the articles' incidents

_SOURCE_COUNT: Final = re.compile(r"(?<=; )\d+ sources?(?=;|$)")


def join_coded(
    merged: Sequence[Incident], coded: Sequence[Incident], *, km: float = MATCH_KM
) -> list[Incident]:
    """Join events coded elsewhere (ACLED rows...) to the incidents geomap merged.

    An ACLED row and the articles about the same attack are one event, though their places
    differ (ACLED's town, the curated base 10 m from it): :func:`compare_incidents` pairs
    them one to one by this module's rule, and each pair becomes the articles' incident
    with the coded event's sources added (a source already there is not added again).
    Its fields stay the articles'; a figure or actor only the coded event gives is taken
    (casualties by :func:`geo.same_incident.combine_count`). The coded sources keep their
    ``coded`` mark, so the incident is kept as given when read back
    (:func:`geo.pipeline.kept_as_given`) and joined again the same way.

    Parameters
    ----------
    merged : sequence of Incident
        geomap's own incidents (merged from reports).
    coded : sequence of Incident
        Incidents kept as given.
    km : float, default :data:`MATCH_KM`

    Returns
    -------
    list of Incident
        ``merged`` in its order (joined where a coded event matched), then the coded
        incidents no merged one matched, in their order. A coded event whose sources are all
        in an incident joined before (read back from a file) is left out: it is in there.
    """
    from geo.merging import identity

    # A coded event already inside an incident joined earlier (a store read back with the
    # ACLED export it was made from) is that incident's, not one more.
    joined = {
        identity(s) for inc in coded if not all(x.coded for x in inc.sources) for s in inc.sources
    }
    if joined:
        coded = [
            inc
            for inc in coded
            if not all(x.coded for x in inc.sources)
            or not all(identity(s) in joined for s in inc.sources)
        ]
    if not merged or not coded:
        return [*merged, *coded]
    result = compare_incidents(merged, coded, km=km)
    partner = {id(m.a): m.b for m in result.matched}
    out = [_join(inc, partner[id(inc)]) if id(inc) in partner else inc for inc in merged]
    return out + result.only_b


def _join(inc: Incident, coded: Incident) -> Incident:
    from dataclasses import replace

    from geo.merging import identity
    from geo.same_incident import combine_count

    have = {identity(s) for s in inc.sources}
    extra = tuple(s for s in coded.sources if identity(s) not in have)
    if not extra:
        return inc
    sources = inc.sources + extra
    n = len({s.document for s in sources})
    notes = _SOURCE_COUNT.sub(f"{n} source{'s' if n != 1 else ''}", inc.notes, count=1)
    names = [s.title or s.document for s in extra if s.coded]
    if names:
        notes += f"; also coded as {', '.join(dict.fromkeys(names))}"
    actor1, claimed = inc.actor1, inc.claimed
    if actor1 is None and coded.actor1 is not None:
        actor1, claimed = coded.actor1, coded.claimed
    return replace(
        inc,
        sources=sources,
        notes=notes,
        target=inc.target or coded.target,
        actor1=actor1,
        claimed=claimed,
        fatalities=combine_count([inc.fatalities, coded.fatalities]),
        injuries=combine_count([inc.injuries, coded.injuries]),
    )
