"""Merging: reports of the same real event, across documents, become one Incident.

Rules (design.md, issue "One incident, many reports"):

- *Place*: the same place, or a vaguer report whose place contains the precise one. A vaguer
  report (country, governorate, city around a site) joins a precise incident only when exactly
  one fits; otherwise it stays on its own.
- *Date*: within the reports' precision (1 day of slack for exact days: outlets in other time
  zones differ by one; 3 for a known week; 16 for a known month), as
  :mod:`geo.same_incident` defines it for extraction and merging alike.
- *Casualties*: a stated figure beats "none", and the lowest stated figure wins
  (:func:`geo.same_incident.combine_count`).
- *Type*: the same family: rocket, mortar and artillery are one (indirect fire) and merge
  into a dispute; a drone and a rocket attack stay apart. ``unknown`` fits anything.
- *No guessing*: a report that fits several incidents at its own place joins the nearest in
  days only when it is as precise as they are; a vaguer one ("early November", an attack
  of no stated weapon beside a rocket and a drone attack that day) joins none. A report of
  a vaguer place joins only an incident no vaguer than itself in date or weapon.
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
from datetime import date
from typing import TYPE_CHECKING, Any, Final

from geo._util import paused_gc
from geo.ids import mint_id
from geo.models import ATTACK_TYPES, Incident, Place, Report, Source, type_family
from geo.places import ancestors
from geo.same_incident import DATE_SLACK, combine_count, days_fit

if TYPE_CHECKING:
    from geo.gazetteer import Gazetteer

__all__ = ["combine_sources", "identity", "merge_incidents", "merge_reports", "merge_sources"]

_TYPE_ORDER: Final = {t: i for i, t in enumerate(ATTACK_TYPES)}


class _Hierarchy:
    """Containment between places (:func:`geo.places.ancestors`), computed once per place."""

    def __init__(self, gazetteer: Gazetteer | None) -> None:
        self._gaz = gazetteer
        self._cache: dict[str, tuple[str, ...]] = {}

    def ancestors(self, place: Place) -> tuple[str, ...]:
        hit = self._cache.get(place.place_id)
        if hit is None:
            hit = self._cache[place.place_id] = ancestors(place, self._gaz)
        return hit

    def depth(self, place: Place) -> int:
        return len(self.ancestors(place))


class _Item:
    """A source with what merging compares, computed once: day, precision, type family."""

    __slots__ = ("day", "doc", "family", "precision", "source")

    def __init__(self, s: Source) -> None:
        d = s.date
        self.source = s
        self.day = d.toordinal() if d is not None else None
        self.precision = s.time_precision
        self.family = None if s.attack_type == "unknown" else type_family(s.attack_type)
        self.doc = s.document

    def fits(self, o: _Item) -> bool:
        # geo.same_incident: the one definition, shared with extraction
        if not days_fit(self.day, self.precision, o.day, o.precision):
            return False
        return self.family is None or o.family is None or self.family == o.family


def identity(s: Source) -> tuple[str, int, int, str, str, str]:
    """Return what makes a report itself.

    That is its document, evidence span, place, type and the words that date it: one
    sentence can tell two strikes at one place ("hit Abu Kamal on Oct. 27 ... and a site
    near Abu Kamal on Nov. 12").
    """
    return (s.document, s.char_start, s.char_end, s.place.place_id, s.attack_type, s.date_phrase)


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
    __slots__ = ("anchor", "items", "precision", "seq")

    def __init__(self, first: _Item, seq: int) -> None:
        self.items = [first]
        self.seq = seq
        self.anchor = first.day
        self.precision = first.precision

    @property
    def members(self) -> list[Source]:
        return [i.source for i in self.items]

    def fits(self, item: _Item) -> bool:
        # complete linkage: the report must fit every member, not just one; and one
        # document tells of an incident once (groups are small: a scan beats a set)
        return all(m.doc != item.doc and m.fits(item) for m in self.items)

    def add(self, item: _Item) -> None:
        self.items.append(item)

    @property
    def family(self) -> str | None:
        """The type family of its first typed member (None when all are "unknown")."""
        return next((i.family for i in self.items if i.family is not None), None)


class _Index:
    """Groups by place (or ancestor), anchor day and anchor precision.

    Every member of a group lies within the date slack of its first member (the anchor), so a
    report can only fit groups whose anchor is within that slack of its own date: a report
    meets a handful of groups, not every group at its place.
    """

    def __init__(self) -> None:
        self._by_key: dict[str, dict[tuple[int | None, int], list[_Group]]] = defaultdict(dict)
        self._precisions: dict[str, tuple[int, ...]] = {}

    def add(self, key: str, g: _Group) -> None:
        self._by_key[key].setdefault((g.anchor, g.precision), []).append(g)
        have = self._precisions.get(key, ())
        if g.precision not in have:
            self._precisions[key] = tuple(sorted((*have, g.precision)))

    def candidates(self, key: str, item: _Item) -> list[_Group]:
        buckets = self._by_key.get(key)
        if not buckets:
            return []
        if item.day is None:
            found = [g for lst in buckets.values() for g in lst]
        else:
            found = []
            for p in self._precisions[key]:
                found += buckets.get((None, p), ())
                w = DATE_SLACK[max(p, item.precision)]
                for day in range(item.day - w, item.day + w + 1):
                    found += buckets.get((day, p), ())
        found.sort(key=lambda g: g.seq)  # creation order: the same as a full scan
        return found


def _vaguer(g: _Group, item: _Item) -> bool:
    """Tell whether an incident says less than a report of it: a vaguer day, or no weapon."""
    return g.precision > item.precision or (g.family is None and item.family is not None)


def _choose(fitting: list[_Group], item: _Item) -> _Group | None:
    """Pick the incident at a report's own place that it joins, or None when it is a guess.

    One fitting incident is joined. Of several, a report as precise as they are (its day
    and its type family known) joins the one nearest in days, the first on a tie; a vaguer
    one ("early November", "new attacks" of no stated weapon) could be any of them, and
    joins none.
    """
    if len(fitting) == 1:
        return fitting[0]
    families = {g.family for g in fitting}
    if item.precision > min(g.precision for g in fitting) or (
        item.family is None and len(families) > 1
    ):
        return None
    day = item.day
    if day is None:
        return fitting[0]
    return min(fitting, key=lambda g: (abs(day - g.anchor) if g.anchor is not None else 0, g.seq))


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
    with paused_gc():
        return _merge(sources, gazetteer)


def _merge(sources: Iterable[Source], gazetteer: Gazetteer | None) -> list[Incident]:
    hier = _Hierarchy(gazetteer)
    # The same report twice (e.g. an article added to a store again) counts once; of two
    # versions of it the canonical maximum is kept, so the choice does not depend on order.
    unique: dict[tuple[str, int, int, str, str, str], Source] = {}
    for s in sources:
        k = identity(s)
        if k not in unique or _canonical(s) > _canonical(unique[k]):
            unique[k] = s
    # Most specific places first, then the most precise dates, then stated weapons before
    # "unknown", then the documents that tell several incidents at the place (they set up
    # the incidents a report may have to choose between): vaguer reports see every precise
    # group they could join.
    told_there = Counter((s.document, s.place.place_id) for s in unique.values())
    ordered = sorted(
        unique.values(),
        key=lambda s: (
            -hier.depth(s.place),
            s.time_precision,
            s.attack_type == "unknown",
            -told_there[s.document, s.place.place_id],
            _canonical(s),
        ),
    )
    by_place = _Index()
    by_ancestor = _Index()
    groups: list[_Group] = []
    for s in ordered:
        pid = s.place.place_id
        item = _Item(s)
        fitting = [g for g in by_place.candidates(pid, item) if g.fits(item)]
        if fitting:
            exact = _choose(fitting, item)
            if exact is not None:
                exact.add(item)
                continue
            # Several incidents at this place fit, and the report is too vague to tell
            # which it is: it stays on its own rather than join one of them by a guess.
        else:
            # a report about a vaguer place joins an incident that pins it down: one no
            # vaguer than it in date or weapon
            inside = [
                g
                for g in by_ancestor.candidates(pid, item)
                if g.fits(item) and not _vaguer(g, item)
            ]
            if len(inside) == 1:
                inside[0].add(item)
                continue
        g = _Group(item, len(groups))
        groups.append(g)
        by_place.add(pid, g)
        for anc in hier.ancestors(s.place):
            by_ancestor.add(anc, g)
    # Free the indexes before the incidents are built: at 100,000 reports they are the
    # largest structures here, and the peak memory of a run is reached in this step.
    del unique, ordered, by_place, by_ancestor
    groups.reverse()
    fields = []
    while groups:
        fields.append(_incident_fields(groups.pop()))
    return _with_ids(fields)


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


def combine_sources(sources: Sequence[Source], event_id: str, **extra: Any) -> Incident:
    """Build one incident from sources someone has judged to be one (a correction).

    The fields are combined by the rules :func:`merge_sources` uses for a group; no rule of
    merging is asked whether they fit. ``extra`` sets other fields (``aliases``...).
    """
    if not sources:
        raise ValueError("an incident needs at least one source")
    items = [_Item(s) for s in sources]
    g = _Group(items[0], 0)
    for it in items[1:]:
        g.add(it)
    return Incident(event_id=event_id, **_incident_fields(g), **extra)


# ---------------------------------------------------------------------------------------


def _most_common(values: Sequence[str], order: dict[str, int] | None = None) -> str:
    counts = Counter(values)
    return min(counts, key=lambda v: (-counts[v], order.get(v, 99) if order else 0, v))


def _incident_fields(g: _Group) -> dict[str, Any]:
    """Return the fields of a group's incident, all but its id (given once all are known)."""
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
    # no actor: False still says a report found it unclaimed ("no group has claimed it")
    claimed = attributed.claimed if actor1 else (False if attributed.claimed is False else None)
    fats = [m.fatalities for m in members if m.fatalities is not None]
    injs = [m.injuries for m in members if m.injuries is not None]
    target = next((m.target for m in deepest if m.target), None) or next(
        (m.target for m in members if m.target), None
    )
    intercepted = any(m.intercepted for m in members)
    docs = {m.document for m in members}
    notes = _notes(attack_type, reported, place, event_date, len(docs), members, fats, injs)
    return {
        "event_date": event_date,
        "time_precision": precision,
        "attack_type": attack_type,
        "attack_types_reported": tuple(reported),
        "place": place,
        "sources": tuple(members),
        "intercepted": intercepted,
        "target": target,
        "actor1": actor1,
        "claimed": claimed,
        "fatalities": combine_count(fats),
        "injuries": combine_count(injs),
        "notes": notes,
    }


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


def _with_ids(fields: list[dict[str, Any]]) -> list[Incident]:
    """Build the incidents with ids minted from their founding reports (:mod:`geo.ids`)."""
    fields.sort(
        key=lambda f: (
            f["event_date"] or date.max,
            f["place"].place_id,
            type_family(f["attack_type"]),
            [s.key() for s in f["sources"]],
        )
    )
    seen: Counter[str] = Counter()
    out = []
    for f in fields:
        base = mint_id(f["sources"])
        seen[base] += 1
        eid = base if seen[base] == 1 else f"{base}-{seen[base]}"
        out.append(Incident(event_id=eid, **f))
    return out
