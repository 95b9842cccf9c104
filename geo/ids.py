"""Incident ids that stay put when new reports join an incident.

An incident's ``event_id`` is minted once, from its *founding report*, and then carried:

- **Minting.** The founding report is the incident's earliest source (by publication day,
  then document name and offsets). The id is ``gm-`` and the first 12 hex digits of the
  SHA-256 of that source's identity (document, evidence offsets, place, type, date phrase;
  :func:`report_key`): ``gm-5d2c0a9e41f7``. It says nothing about the incident's date, place
  or type, so a later article that refines those does not change it. The same input gives
  the same id (no clock, no randomness).
- **Carrying.** Incidents read back from a file geomap wrote (a store, an export) keep their
  ids: after merging, each new incident takes the id of the stored incident its sources came
  from (:class:`IdLedger`), whatever its founding report is now.
- **Merging two stored incidents.** The older id survives: that of the stored incident
  whose earliest source was published first (then the smaller id). The other id, and its
  aliases, become the survivor's ``aliases``; a correction that names either still finds it.
- **Splitting.** When a stored incident's sources end up in two incidents, the id stays
  with the one that holds most of them (then the one whose own new id is smaller); the other
  gets a new id minted from its own founding report.
- **Answering.** An incident answers to its id, its aliases and the id each of its sources
  would mint (:func:`answers_to`), so a correction keeps finding it even in a run without a
  store, where an earlier-published report joining it changes the founding report.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Final

from geo.models import Incident, Source

__all__ = ["ID_PREFIX", "IdLedger", "answers_to", "founding_source", "mint_id", "report_key"]

#: Prefix of the ids geomap mints (ACLED rows keep ``acled-``, other tools' files their own).
ID_PREFIX: Final = "gm-"
_DIGITS: Final = 12

ReportKey = tuple[str, int, int, str, str, str]


def report_key(s: Source) -> ReportKey:
    """Return what makes a report itself (the same as :func:`geo.merging.identity`)."""
    return (s.document, s.char_start, s.char_end, s.place.place_id, s.attack_type, s.date_phrase)


def _hash(key: ReportKey) -> str:
    text = "\x1f".join(str(part) for part in key)
    return ID_PREFIX + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:_DIGITS]


def founding_source(sources: Iterable[Source]) -> Source:
    """Return the earliest source: by publication day (undated last), document, offsets."""
    return min(
        sources,
        key=lambda s: (s.published is None, (s.published or "")[:10], report_key(s)),
    )


def mint_id(sources: Iterable[Source]) -> str:
    """Return the id minted from an incident's founding report.

    Examples
    --------
    >>> from geo.models import Place, Source
    >>> p = Place("iq.x", "X", "city", 33.0, 44.0, 1, "IQ")
    >>> s = Source("a.txt", None, None, None, "2024-01-02", "text", 0, 4, p)
    >>> mint_id([s]) == mint_id([s]) and mint_id([s]).startswith("gm-")
    True
    """
    return _hash(report_key(founding_source(sources)))


def answers_to(incident: Incident) -> set[str]:
    """Return every id that names ``incident``: its own, its aliases, its reports' mints."""
    names = {incident.event_id, *incident.aliases}
    names.update(_hash(report_key(s)) for s in incident.sources)
    return names


def _age(inc: Incident) -> tuple[bool, str, str]:
    days = [s.published[:10] for s in inc.sources if s.published]
    return (not days, min(days) if days else "", inc.event_id)


class IdLedger:
    """The ids of incidents read back from files, to be carried onto re-merged incidents.

    Add each incident read from a file geomap wrote (:meth:`add`); after merging their
    sources with new reports, :meth:`carry` gives each new incident the id it had.
    """

    def __init__(self) -> None:
        self._by_report: dict[ReportKey, str] = {}
        self._age: dict[str, tuple[bool, str, str]] = {}
        self._aliases: dict[str, tuple[str, ...]] = {}

    def __len__(self) -> int:
        return len(self._age)

    def add(self, incident: Incident) -> None:
        """Remember the id of a stored incident and of each of its reports."""
        eid = incident.event_id
        age = _age(incident)
        if eid not in self._age or age < self._age[eid]:
            self._age[eid] = age
        self._aliases[eid] = tuple(sorted({*self._aliases.get(eid, ()), *incident.aliases}))
        for s in incident.sources:
            self._by_report.setdefault(report_key(s), eid)

    def carry(self, incidents: Sequence[Incident]) -> list[Incident]:
        """Give re-merged incidents the ids their stored incidents had (see the module)."""
        if not self._age:
            return list(incidents)
        counts: list[Counter[str]] = [
            Counter(
                eid
                for eid in (self._by_report.get(report_key(s)) for s in inc.sources)
                if eid is not None
            )
            for inc in incidents
        ]
        # Each stored id goes to the incident holding most of its reports.
        claimant: dict[str, int] = {}
        for k, c in enumerate(counts):
            for eid, n in c.items():
                best = claimant.get(eid)
                if best is None or (n, incidents[best].event_id) > (
                    counts[best][eid],
                    incidents[k].event_id,
                ):
                    claimant[eid] = k
        claimed: dict[int, list[str]] = defaultdict(list)
        for eid, k in claimant.items():
            claimed[k].append(eid)
        used = set(claimant) | {a for eid in claimant for a in self._aliases.get(eid, ())}
        out: list[Incident] = []
        for k, inc in enumerate(incidents):
            ids = claimed.get(k)
            if ids:
                survivor = min(ids, key=self._age.__getitem__)
                aliases = {a for eid in ids for a in (eid, *self._aliases.get(eid, ()))}
                aliases |= set(inc.aliases)
                aliases.discard(survivor)
                out.append(replace(inc, event_id=survivor, aliases=tuple(sorted(aliases))))
                continue
            eid, n = inc.event_id, 1
            while eid in used:  # a new id that a stored incident already holds
                n += 1
                eid = f"{inc.event_id}-{n}"
            used.add(eid)
            out.append(inc if eid == inc.event_id else replace(inc, event_id=eid))
        return out
