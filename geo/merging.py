"""Merging: reports of the same real event, across documents, become one Incident.

Rules (design.md, issue "One incident, many reports"):

- *Place*: the same place, or a vaguer report whose place contains the precise one. A vaguer
  report (country, governorate, city around a site) joins a precise incident only when exactly
  one fits; otherwise it stays on its own.
- *Date*: within the reports' precision (1 day of slack for exact days: outlets in other time
  zones differ by one; 4 for a known week; 16 for a known month).
- *Type*: the same family: rocket, mortar and artillery are one (indirect fire) and merge
  into a dispute; a drone and a rocket attack stay apart. ``unknown`` fits anything.
- *No chaining*: a report joins a group only if it fits *every* member (complete linkage), so
  near matches cannot chain unrelated reports together; and two reports of one document are
  never merged here (extraction already judged them distinct).

The result depends only on the *set* of sources: they are put in a canonical order first, so
any input order gives the same incidents, ids and bytes, and merging merged output (its
sources) changes nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Final

from geo.models import ATTACK_TYPES, Incident, Place, Report, Source, type_family

if TYPE_CHECKING:
    from geo.gazetteer import Gazetteer

__all__ = ["identity", "merge_incidents", "merge_reports", "merge_sources"]

#: Days two dates may differ by, by the looser ACLED time precision of the two.
DATE_SLACK: Final[dict[int, int]] = {1: 1, 2: 4, 3: 16}
_TYPE_ORDER: Final = {t: i for i, t in enumerate(ATTACK_TYPES)}


class _Hierarchy:
    """Containment between places, from the gazetteer's parent chain (or countries)."""

    def __init__(self, gazetteer: Gazetteer | None) -> None:
        self._gaz = gazetteer
        self._cache: dict[str, tuple[str, ...]] = {}

    def ancestors(self, place: Place) -> tuple[str, ...]:
        hit = self._cache.get(place.place_id)
        if hit is not None:
            return hit
        chain: list[str] = []
        if self._gaz is not None and place.place_id in self._gaz.places:
            chain = self._gaz.ancestors(place.place_id)
        elif place.parent_id:
            chain = [place.parent_id]
            if self._gaz is not None:
                chain += self._gaz.ancestors(place.parent_id)
        country = place.country.lower()
        if place.place_id != country and country not in chain and place.kind != "country":
            chain.append(country)
        out = tuple(chain)
        self._cache[place.place_id] = out
        return out

    def depth(self, place: Place) -> int:
        return len(self.ancestors(place))


def _slack(a: Source, b: Source) -> int:
    return DATE_SLACK[max(a.time_precision, b.time_precision)]


def _dates_fit(a: Source, b: Source) -> bool:
    da, db = a.date, b.date
    if da is None or db is None:
        return True
    return abs((da - db).days) <= _slack(a, b)


def _types_fit(a: Source, b: Source) -> bool:
    ta, tb = a.attack_type, b.attack_type
    return ta == "unknown" or tb == "unknown" or type_family(ta) == type_family(tb)


def identity(s: Source) -> tuple[str, int, int, str, str]:
    """Return what makes a report itself: its document, evidence span, place and type."""
    return (s.document, s.char_start, s.char_end, s.place.place_id, s.attack_type)


def _canonical(s: Source) -> tuple[object, ...]:
    """Return a total order key on sources that depends on content only."""
    return (
        s.place.place_id,
        s.event_date or "9999",
        s.attack_type,
        s.document,
        s.char_start,
        s.char_end,
        s.evidence,
        s.time_precision,
        s.count,
        str(s.fatalities),
        str(s.injuries),
        s.actor1 or "",
        str(s.claimed),
        s.target or "",
        s.intercepted,
        s.reason,
    )


class _Group:
    __slots__ = ("docs", "members", "place")

    def __init__(self, first: Source) -> None:
        self.members = [first]
        self.place = first.place
        self.docs = {first.document}

    def fits(self, s: Source) -> bool:
        if s.document in self.docs:
            return False
        return all(_dates_fit(m, s) and _types_fit(m, s) for m in self.members)

    def add(self, s: Source) -> None:
        self.members.append(s)
        self.docs.add(s.document)


def merge_sources(
    sources: Iterable[Source], *, gazetteer: Gazetteer | None = None
) -> list[Incident]:
    """Merge sources (reports kept as records) into incidents.

    Parameters
    ----------
    sources : iterable of Source
        Reports, from :meth:`Source.from_report` or from earlier incidents.
    gazetteer : Gazetteer, optional
        Gives containment between places (a city contains its sites). Without it, only a
        country contains the places in it.

    Returns
    -------
    list of Incident
        Sorted by date, place and event id; every source is in exactly one incident.
    """
    hier = _Hierarchy(gazetteer)
    # The same report twice (e.g. an article added to a store again) counts once; of two
    # versions of it the canonical maximum is kept, so the choice does not depend on order.
    unique: dict[tuple[str, int, int, str, str], Source] = {}
    for s in sources:
        k = identity(s)
        if k not in unique or _canonical(s) > _canonical(unique[k]):
            unique[k] = s
    # Most specific places first, so vaguer reports see every precise group they could join.
    ordered = sorted(unique.values(), key=lambda s: (-hier.depth(s.place), _canonical(s)))
    by_place: dict[str, list[_Group]] = defaultdict(list)
    by_ancestor: dict[str, list[_Group]] = defaultdict(list)
    groups: list[_Group] = []
    for s in ordered:
        exact = [g for g in by_place[s.place.place_id] if g.fits(s)]
        if exact:
            exact[0].add(s)
            continue
        inside = [g for g in by_ancestor[s.place.place_id] if g.fits(s)]
        if len(inside) == 1:
            inside[0].add(s)
            continue
        g = _Group(s)
        groups.append(g)
        by_place[s.place.place_id].append(g)
        for anc in hier.ancestors(s.place):
            by_ancestor[anc].append(g)
    incidents = [_incident(g) for g in groups]
    return _with_ids(incidents)


def merge_reports(
    reports: Iterable[Report], *, gazetteer: Gazetteer | None = None
) -> list[Incident]:
    """Merge extracted reports into incidents (see :func:`merge_sources`)."""
    return merge_sources((Source.from_report(r) for r in reports), gazetteer=gazetteer)


def merge_incidents(
    incidents: Iterable[Incident], *, gazetteer: Gazetteer | None = None
) -> list[Incident]:
    """Re-merge incidents from their sources: merging merged output changes nothing."""
    return merge_sources((s for i in incidents for s in i.sources), gazetteer=gazetteer)


# ---------------------------------------------------------------------------------------


def _most_common(values: Sequence[str], order: dict[str, int] | None = None) -> str:
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], order.get(v, 99) if order else 0, v))


def _incident(g: _Group) -> Incident:
    members = sorted(g.members, key=lambda s: (s.published or "", s.document, s.char_start))
    place = min(
        (m.place for m in members), key=lambda p: (p.precision, -len(p.place_id), p.place_id)
    )
    deepest = [m for m in members if m.place.place_id == place.place_id]

    dated = [m for m in members if m.date is not None]
    if dated:
        best_p = min(m.time_precision for m in dated)
        best = [m.event_date or "" for m in dated if m.time_precision == best_p]
        event_date: date | None = date.fromisoformat(_most_common(sorted(best)))
        precision = best_p
    else:
        event_date, precision = None, 1

    # One vote per document for the type.
    doc_types: dict[str, str] = {}
    for m in members:
        if m.attack_type != "unknown":
            doc_types.setdefault(m.document, m.attack_type)
    typed = list(doc_types.values())
    attack_type = _most_common(typed, _TYPE_ORDER) if typed else "unknown"
    reported = sorted(
        {m.attack_type for m in members} - ({"unknown"} if typed else set()),
        key=_TYPE_ORDER.__getitem__,
    )

    def strength(m: Source) -> tuple[int, str]:
        rank = 0 if m.claimed is True else 1 if m.claimed is False else 2 if m.actor1 else 3
        return rank, m.document

    attributed = min(members, key=strength)
    actor1 = attributed.actor1
    claimed = attributed.claimed if actor1 else None
    fats = [m.fatalities for m in members if m.fatalities is not None]
    injs = [m.injuries for m in members if m.injuries is not None]
    target = next((m.target for m in deepest if m.target), None) or next(
        (m.target for m in members if m.target), None
    )
    intercepted = any(m.intercepted for m in members)
    docs = {m.document for m in members}
    notes = _notes(attack_type, reported, place, event_date, len(docs), members, fats, injs)
    return Incident(
        event_id="pending",
        event_date=event_date,
        time_precision=precision,
        attack_type=attack_type,
        attack_types_reported=tuple(reported),
        place=place,
        sources=tuple(members),
        intercepted=intercepted,
        target=target,
        actor1=actor1,
        claimed=claimed,
        fatalities=min(fats) if fats else None,
        injuries=min(injs) if injs else None,
        notes=notes,
    )


def _notes(
    attack_type: str,
    reported: Sequence[str],
    place: Place,
    when: date | None,
    n_docs: int,
    members: Sequence[Source],
    fats: Sequence[int],
    injs: Sequence[int],
) -> str:
    what = attack_type.replace("_", " ")
    parts = [
        f"{what} attack at {place.name}" + (f" on {when.isoformat()}" if when else " (undated)")
    ]
    parts.append(f"{n_docs} source{'s' if n_docs != 1 else ''}")
    if len(reported) > 1:
        by_type: dict[str, list[str]] = defaultdict(list)
        for m in members:
            if m.attack_type != "unknown":
                by_type[m.attack_type].append(m.outlet or m.document)
        parts.append(
            "type disputed: "
            + "; ".join(f"{t} ({', '.join(sorted(set(o)))})" for t, o in sorted(by_type.items()))
        )
    if len(set(fats)) > 1 or len(set(injs)) > 1:
        parts.append("casualty figures differ between sources")
    return "; ".join(parts)


def _with_ids(incidents: list[Incident]) -> list[Incident]:
    """Give each incident a stable id: date, place and type family, numbered on collision."""
    incidents.sort(
        key=lambda i: (
            i.event_date or date.max,
            i.place.place_id,
            type_family(i.attack_type),
            [s.key() for s in i.sources],
        )
    )
    seen: Counter[str] = Counter()
    out = []
    for inc in incidents:
        day = inc.event_date.isoformat() if inc.event_date else "undated"
        base = f"{day}-{inc.place.place_id}-{type_family(inc.attack_type).replace('_', '-')}"
        seen[base] += 1
        eid = base if seen[base] == 1 else f"{base}-{seen[base]}"
        out.append(replace(inc, event_id=eid))
    return out
