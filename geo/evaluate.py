"""Scoring extracted incidents against hand-made gold, the way analysts judge them.

A prediction is one (incident, source document) pair. A gold record matches a pair when the
document is the same, the date is within one day (seven for week- or month-precision gold),
the place is the same gazetteer id or within 25 km, and the attack type is compatible
(indirect-fire types match each other; ``unknown`` matches anything). Gold and pairs are
matched one to one (maximum bipartite matching); pairs that match only *doubtful* gold are
neutral. Among matched pairs, the fields are compared exactly.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geo.models import INDIRECT_FIRE, Incident

__all__ = ["Scores", "load_gold", "score_incidents"]


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSON Lines gold file (one incident per line)."""
    p = Path(path)
    if not p.is_file():
        return []
    return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _types_fit(gold: str, predicted: set[str]) -> bool:
    if gold == "unknown" or "unknown" in predicted or gold in predicted:
        return True
    return gold in INDIRECT_FIRE and bool(predicted & INDIRECT_FIRE)


@dataclass
class _Pair:
    incident: Incident
    document: str
    types: set[str] = field(default_factory=set)


@dataclass
class Scores:
    """Precision, recall, F1 of incidents, and field accuracy among matched incidents."""

    gold: int
    predicted: int
    true_positives: int
    false_positives: int
    neutral: int
    matched_gold: int
    date_exact: int = 0
    place_exact: int = 0
    type_exact: int = 0
    actor_exact: int = 0
    casualties_exact: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of gold incidents found."""
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        """Share of predicted pairs that are gold incidents."""
        denom = self.true_positives + self.false_positives
        return self.true_positives / denom if denom else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float:
        """Share of matched gold incidents whose field ``name`` is exact."""
        return getattr(self, f"{name}_exact") / self.matched_gold if self.matched_gold else 0.0


def score_incidents(
    incidents: Iterable[Incident],
    gold: Sequence[dict[str, Any]],
    doubtful: Sequence[dict[str, Any]] = (),
    *,
    places: dict[str, tuple[float, float]] | None = None,
) -> Scores:
    """Score incidents against gold records (see the module docstring for the rules).

    Parameters
    ----------
    incidents : iterable of Incident
    gold, doubtful : sequence of dict
        Records with ``article``, ``date``, ``date_precision``, ``place_id`` (or ``lat``/
        ``lon``), ``attack_type``, ``actor``, ``fatalities``, ``injuries``.
    places : dict, optional
        ``place_id -> (lat, lon)`` to place gold given only by id.
    """
    places = places or {}
    pairs: list[_Pair] = []
    for inc in incidents:
        types = {inc.attack_type, *inc.attack_types_reported}
        for doc in sorted({s.document for s in inc.sources}):
            pairs.append(_Pair(inc, doc, types))

    def fits(g: dict[str, Any], pr: _Pair) -> bool:
        if g["article"] != pr.document:
            return False
        gd = date.fromisoformat(g["date"]) if g.get("date") else None
        if gd is not None:
            slack = 7 if g.get("date_precision") in {"week", "month"} else 1
            if pr.incident.event_date is None or abs((pr.incident.event_date - gd).days) > slack:
                return False
        p = pr.incident.place
        if g.get("place_id") and g["place_id"] != p.place_id:
            where = places.get(g["place_id"]) or (
                (g["lat"], g["lon"]) if g.get("lat") is not None else None
            )
            if where is None or _km(where[0], where[1], p.lat, p.lon) > 25:
                return False
        return _types_fit(str(g.get("attack_type") or "unknown"), pr.types)

    edges = [[i for i, pr in enumerate(pairs) if fits(g, pr)] for g in gold]
    owner: dict[int, int] = {}

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in edges[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in owner or augment(owner[pi], seen):
                owner[pi] = gi
                return True
        return False

    for gi in range(len(gold)):
        augment(gi, set())
    matched = {gi: pi for pi, gi in owner.items()}
    neutral = [
        i for i, pr in enumerate(pairs) if i not in owner and any(fits(d, pr) for d in doubtful)
    ]
    fps = [i for i in range(len(pairs)) if i not in owner and i not in neutral]
    s = Scores(
        gold=len(gold),
        predicted=len(pairs),
        true_positives=len(owner),
        false_positives=len(fps),
        neutral=len(neutral),
        matched_gold=len(matched),
        missed=[g for gi, g in enumerate(gold) if gi not in matched],
        spurious=[f"{pairs[i].document}: {pairs[i].incident.notes}" for i in fps],
    )
    for gi, pi in matched.items():
        g, inc = gold[gi], pairs[pi].incident
        src = next(x for x in inc.sources if x.document == pairs[pi].document)
        if not g.get("date") or (inc.event_date and inc.event_date.isoformat() == g["date"]):
            s.date_exact += 1
        if not g.get("place_id") or g["place_id"] == inc.place.place_id:
            s.place_exact += 1
        if str(g.get("attack_type") or "unknown") in {"unknown", src.attack_type}:
            s.type_exact += 1
        if (g.get("actor") or None) == (src.actor1 or None):
            s.actor_exact += 1
        if g.get("fatalities") == src.fatalities and g.get("injuries") == src.injuries:
            s.casualties_exact += 1
    return s
