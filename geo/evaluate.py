"""Scoring extracted incidents against hand-made gold, the way analysts judge them.

Two scorers live here.

:func:`score_features` is the team's judge (``shared/tools/score_incidents.py``) as a library
function, working on GeoJSON features as geomap's exporter writes them. Its rules:

- A prediction is one (feature, source document) pair; documents are compared by file name
  without directory or extension.
- A gold record of ``count`` N has N slots. A slot fits a pair when the document is the same,
  the date is within one day (seven for ``week`` or ``month`` precision gold), the point is
  within 25 km of the gold point (or, where gold has no point, the pair's country is the
  gold's country or unknown), and the attack type is compatible: ``unknown`` on either side
  fits anything, rocket, mortar and artillery are one family, and every drone spelling
  ("drone", "one-way drone", "UAV") is ``drone``.
- Slots and pairs are matched one to one by maximum bipartite matching. A gold record is
  found when at least one of its slots is matched; each matched pair is a true positive.
- An unmatched pair that fits a *doubtful* record is neutral (neither right nor wrong); every
  other unmatched pair is a false positive, and a *distractor* when it fits an out-of-scope
  record (same document, date within a day).
- Among matched gold records (each judged on its first matched pair): exact date, point
  within 5 km, exact attack type of the feature, and ``fatalities``, ``injuries`` and
  ``claimed`` as that pair's source reported them, where the gold states them.
- Merging: a gold ``event_id`` told by several documents should be one feature; a feature
  matched to gold of two event ids mixes two real events.

:func:`score_incidents` is the development set's own scorer: gold names places by gazetteer id
(``place_id``), a pair fits when the id is the same or the points are within 25 km, and the
fields are compared exactly among matched pairs. ``bench/accuracy.py`` prints both.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Final

from geo.models import INDIRECT_FIRE, Incident
from geo.places import haversine_km as _km

__all__ = [
    "CorpusScores",
    "FieldTally",
    "Prediction",
    "Scores",
    "document_stem",
    "gold_fits",
    "incident_features",
    "load_gold",
    "normalize_attack_type",
    "predictions",
    "score_features",
    "score_incidents",
]


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Read a JSON Lines gold file (one incident per line)."""
    p = Path(path)
    if not p.is_file():
        return []
    return [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]


def _max_matching(edges: Sequence[Sequence[int]]) -> dict[int, int]:
    """Maximum bipartite matching by augmenting paths (Kuhn).

    ``edges[left]`` lists the right-hand items ``left`` may take, in order of preference.
    Returns ``right -> left``. Left items are tried in order and each search walks its edges in
    order, so the result is deterministic (the judge's numbers depend on which pair a gold
    record gets).
    """
    owner: dict[int, int] = {}

    def augment(left: int, seen: set[int]) -> bool:
        for right in edges[left]:
            if right in seen:
                continue
            seen.add(right)
            if right not in owner or augment(owner[right], seen):
                owner[right] = left
                return True
        return False

    for left in range(len(edges)):
        augment(left, set())
    return owner


def _types_fit(gold: str, predicted: set[str]) -> bool:
    if gold == "unknown" or "unknown" in predicted or gold in predicted:
        return True
    return gold in INDIRECT_FIRE and bool(predicted & INDIRECT_FIRE)


@dataclass
class _Pair:
    incident: Incident
    document: str
    types: set[str] = field(default_factory=set)


class _Rates:
    """Recall, precision and F1 from the counts both score tables keep."""

    gold: int
    matched_gold: int
    true_positives: int
    false_positives: int

    @property
    def recall(self) -> float:
        """Share of gold records found."""
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        """Share of judged (non-neutral) predicted pairs that are true positives."""
        denom = self.true_positives + self.false_positives
        return self.true_positives / denom if denom else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores(_Rates):
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
    owner = _max_matching(edges)
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


# ---------------------------------------------------------------------------------------
# The team's judge: (feature, document) pairs against gold, doubtful and out-of-scope records

#: Country names other files write in ``country``, to ISO 3166-1 alpha-2 (the judge's table).
COUNTRY_CODES: Final[dict[str, str]] = {
    "IRAQ": "IQ",
    "SYRIA": "SY",
    "JORDAN": "JO",
    "YEMEN": "YE",
    "ISRAEL": "IL",
    "LEBANON": "LB",
    "IRAN": "IR",
    "UNITED STATES": "US",
    "TURKEY": "TR",
    "SAUDI ARABIA": "SA",
    "KUWAIT": "KW",
    "PALESTINE": "PS",
}
#: Slack in days on the date of gold with this ``date_precision`` (else one day).
DATE_SLACK: Final[dict[str, int]] = {"week": 7, "month": 7}
#: A pair fits gold with a point when it is at most this far from it.
MATCH_KM: Final = 25.0
#: A matched pair's point is "right" when it is at most this far from the gold point.
EXACT_KM: Final = 5.0
#: Fields compared as the matched pair's source reported them, where the gold states them.
SOURCE_FIELDS: Final[tuple[str, ...]] = ("fatalities", "injuries", "claimed")


def normalize_attack_type(name: str | None) -> str:
    """Fold an attack type as gold or geomap spells it to geomap's name.

    Parameters
    ----------
    name : str or None
        ``"one-way drone"``, ``"UAV"``, ``"ballistic missile"``, ``"Air strike"``, ``"IED"``...

    Returns
    -------
    str
        ``drone`` for every drone spelling, ``ballistic_missile``, ``cruise_missile``,
        ``airstrike``, else the name in lower case with ``_`` for spaces; ``unknown`` for none.
    """
    t = (name or "unknown").lower().replace("-", " ").replace("_", " ").strip()
    if "drone" in t or t in {"uav", "one way drone"}:
        return "drone"
    if "ballistic" in t:
        return "ballistic_missile"
    if "cruise" in t:
        return "cruise_missile"
    if t in {"air strike", "airstrike"}:
        return "airstrike"
    return t.replace(" ", "_")


def document_stem(name: str) -> str:
    """Return a document's file name without directory or extension (how gold names it).

    A record of a JSON Lines file (``digest.jsonl#2``) is a document of its own and keeps its
    ``#2``. (The shared judge drops it too, folding every record of a file into one
    document; no real-news corpus has such names, so their numbers are the same.)
    """
    base, hash_, record = Path(str(name)).name.partition("#")
    return base.rsplit(".", 1)[0] + hash_ + record


def _parse_date(value: object) -> date | None:
    if not value or not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _iso2(props: Mapping[str, Any]) -> str:
    c = str(props.get("country_code") or props.get("country") or "").strip().upper()
    return COUNTRY_CODES.get(c, c)


@dataclass(frozen=True, slots=True)
class Prediction:
    """One (feature, source document) pair, the unit the judge counts.

    ``event_date``, the point, ``country``, ``types`` and ``attack_type`` are the feature's;
    ``fatalities``, ``injuries`` and ``claimed`` are what this document's source reported.
    """

    feature: int
    document: str
    event_date: date | None
    lat: float | None
    lon: float | None
    country: str
    types: frozenset[str]
    attack_type: str
    location: str | None
    fatalities: int | None
    injuries: int | None
    claimed: bool | None

    def reported(self, name: str) -> Any:
        """Return the source's value of one of :data:`SOURCE_FIELDS`."""
        return getattr(self, name)


def predictions(features: Iterable[Mapping[str, Any]]) -> list[Prediction]:
    """Split GeoJSON features into (feature, source document) pairs.

    Parameters
    ----------
    features : iterable of mapping
        GeoJSON Feature dicts with geomap's properties (``event_date``, ``attack_type``,
        ``attack_types_reported``, ``country`` or ``country_code``, ``location``,
        ``sources``); a source is a dict with ``document`` or a bare document name.

    Returns
    -------
    list of Prediction
        In feature order, then by document; a document with several sources in one feature is
        one pair, with the values of its first source.
    """
    out: list[Prediction] = []
    for i, feat in enumerate(features):
        p = feat.get("properties") or {}
        geom = feat.get("geometry") or {}
        lon: float | None = None
        lat: float | None = None
        if geom.get("type") == "Point":
            lon, lat = [*(geom.get("coordinates") or []), None, None][:2]
        kind = normalize_attack_type(p.get("attack_type"))
        types = frozenset(
            {kind} | {normalize_attack_type(t) for t in p.get("attack_types_reported") or []}
        )
        docs: dict[str, Mapping[str, Any]] = {}
        for s in p.get("sources") or []:
            name = s.get("document") if isinstance(s, Mapping) else s
            if name:
                docs.setdefault(document_stem(name), s if isinstance(s, Mapping) else {})
        for doc, src in sorted(docs.items()):
            said = {k: src.get(k, p.get(k)) for k in SOURCE_FIELDS}
            out.append(
                Prediction(
                    feature=i,
                    document=doc,
                    event_date=_parse_date(p.get("event_date")),
                    lat=lat,
                    lon=lon,
                    country=_iso2(p),
                    types=types,
                    attack_type=kind,
                    location=p.get("location") or p.get("place_id"),
                    **said,
                )
            )
    return out


def incident_features(incidents: Sequence[Incident]) -> list[dict[str, Any]]:
    """Return the GeoJSON features geomap's exporter writes for ``incidents``, in memory.

    Scoring these is scoring the file ``geomap extract -o FILE.geojson`` writes.
    """
    from geo.export import geojson_text

    features: list[dict[str, Any]] = json.loads(geojson_text(incidents))["features"]
    return features


def _gold_point(
    g: Mapping[str, Any], places: Mapping[str, tuple[float, float]]
) -> tuple[float, float] | None:
    if g.get("lat") is not None and g.get("lon") is not None:
        return float(g["lat"]), float(g["lon"])
    pid = g.get("place_id")
    return places.get(pid) if pid else None


def gold_fits(
    g: Mapping[str, Any],
    pr: Prediction,
    *,
    places: Mapping[str, tuple[float, float]] | None = None,
) -> bool:
    """Whether a gold, doubtful or out-of-scope record fits one prediction pair.

    Parameters
    ----------
    g : mapping
        ``article`` (required), optional ``date``, ``date_precision``, ``lat``/``lon``,
        ``country`` (ISO alpha-2), ``attack_type``; see the module docstring for the rules.
    pr : Prediction
    places : mapping, optional
        ``place_id -> (lat, lon)``: gold that names its place only by gazetteer id (the
        development set's format) is placed there. Gold with ``lat``/``lon`` ignores it.

    Returns
    -------
    bool
    """
    if document_stem(g["article"]) != pr.document:
        return False
    gd = _parse_date(g.get("date"))
    if gd is not None:
        slack = DATE_SLACK.get(str(g.get("date_precision")), 1)
        if pr.event_date is None or abs((pr.event_date - gd).days) > slack:
            return False
    point = _gold_point(g, places or {})
    if point is not None:
        if pr.lat is None or pr.lon is None or _km(*point, pr.lat, pr.lon) > MATCH_KM:
            return False
    elif g.get("country") and pr.country and pr.country != str(g["country"]).upper():
        return False
    gt = normalize_attack_type(g.get("attack_type"))
    if gt == "unknown" or "unknown" in pr.types or gt in pr.types:
        return True
    return gt in INDIRECT_FIRE and bool(pr.types & INDIRECT_FIRE)


@dataclass
class FieldTally:
    """How often a field was right among the matched gold records that state it."""

    right: int = 0
    judged: int = 0

    def __str__(self) -> str:
        return f"{self.right}/{self.judged}"


@dataclass
class CorpusScores(_Rates):
    """The judge's numbers for one corpus (see the module docstring).

    Attributes
    ----------
    gold, matched_gold : int
        Gold records, and those with at least one matched slot.
    pairs, true_positives, false_positives, neutral : int
        Prediction pairs, and how they were judged (``true_positives`` = matched slots).
    distractors : int
        False positives that fit an out-of-scope record.
    date_exact, point_5km, type_exact : int
        Among matched gold records.
    fields : dict of str to FieldTally
        ``fatalities``, ``injuries``, ``claimed`` as the source reported them.
    multi_doc_events, merged_events : int
        Matched gold event ids told by more than one document, and those of them whose
        matched pairs are all in one feature.
    over_merged_features : int
        Features matched to gold of more than one event id.
    missed : list of dict
        Gold records with no matched slot.
    false_positive_pairs, distractor_pairs : list of Prediction
    wrong_dates : list of (dict, Prediction)
        Matched gold records whose first matched pair has another date, with that pair.
    """

    gold: int
    matched_gold: int
    pairs: int
    true_positives: int
    false_positives: int
    neutral: int
    distractors: int
    date_exact: int = 0
    point_5km: int = 0
    type_exact: int = 0
    fields: dict[str, FieldTally] = field(
        default_factory=lambda: {k: FieldTally() for k in SOURCE_FIELDS}
    )
    multi_doc_events: int = 0
    merged_events: int = 0
    over_merged_features: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    false_positive_pairs: list[Prediction] = field(default_factory=list)
    distractor_pairs: list[Prediction] = field(default_factory=list)
    wrong_dates: list[tuple[dict[str, Any], Prediction]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the numbers (not the lists) as a JSON-safe dict."""
        return {
            "gold": self.gold,
            "matched_gold": self.matched_gold,
            "pairs": self.pairs,
            "true_positives": self.true_positives,
            "false_positives": self.false_positives,
            "neutral": self.neutral,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "date_exact": self.date_exact,
            "point_5km": self.point_5km,
            "type_exact": self.type_exact,
            "fields": {k: {"right": v.right, "judged": v.judged} for k, v in self.fields.items()},
            "distractors": self.distractors,
            "over_merged_features": self.over_merged_features,
            "multi_doc_events": self.multi_doc_events,
            "merged_events": self.merged_events,
        }


def score_features(
    features: Iterable[Mapping[str, Any]],
    gold: Sequence[Mapping[str, Any]],
    doubtful: Sequence[Mapping[str, Any]] = (),
    out_of_scope: Sequence[Mapping[str, Any]] = (),
    *,
    places: Mapping[str, tuple[float, float]] | None = None,
) -> CorpusScores:
    """Score GeoJSON features against gold the way the team's judge does.

    Parameters
    ----------
    features : iterable of mapping
        GeoJSON features as geomap writes them (a file's ``features``, or
        :func:`incident_features`). Their order decides ties in the matching, as in the judge.
    gold : sequence of mapping
        Records with ``article``, ``date``, ``date_precision``, ``lat``/``lon`` or ``country``,
        ``attack_type``, ``count``, ``event_id`` and optionally ``fatalities``, ``injuries``,
        ``claimed``.
    doubtful : sequence of mapping
        Same fields; a pair fitting one (and no gold) is neutral.
    out_of_scope : sequence of mapping
        ``article`` and ``date``; a false positive fitting one is a distractor.
    places : mapping, optional
        ``place_id -> (lat, lon)`` for gold that names its place only by id.

    Returns
    -------
    CorpusScores
    """
    places = places or {}
    pred = predictions(features)

    def fits(g: Mapping[str, Any], pr: Prediction) -> bool:
        return gold_fits(g, pr, places=places)

    slots = [gi for gi, g in enumerate(gold) for _ in range(max(1, int(g.get("count") or 1)))]
    edges = [[pi for pi, pr in enumerate(pred) if fits(gold[gi], pr)] for gi in slots]
    owner = _max_matching(edges)
    matched: dict[int, list[int]] = {}
    for pi, si in sorted(owner.items()):
        matched.setdefault(slots[si], []).append(pi)
    free = [pi for pi in range(len(pred)) if pi not in owner]
    neutral = {pi for pi in free if any(fits(d, pred[pi]) for d in doubtful)}
    fps = [pi for pi in free if pi not in neutral]
    distract = [pi for pi in fps if any(fits(o, pred[pi]) for o in out_of_scope)]
    s = CorpusScores(
        gold=len(gold),
        matched_gold=len(matched),
        pairs=len(pred),
        true_positives=len(owner),
        false_positives=len(fps),
        neutral=len(neutral),
        distractors=len(distract),
        missed=[dict(g) for gi, g in enumerate(gold) if gi not in matched],
        false_positive_pairs=[pred[pi] for pi in fps],
        distractor_pairs=[pred[pi] for pi in distract],
    )
    for gi, pis in matched.items():
        g, pr = gold[gi], pred[pis[0]]
        for name, tally in s.fields.items():
            if g.get(name) is not None:
                tally.judged += 1
                tally.right += pr.reported(name) == g[name]
        gd = _parse_date(g.get("date"))
        if gd is None or pr.event_date == gd:
            s.date_exact += 1
        else:
            s.wrong_dates.append((dict(g), pr))
        point = _gold_point(g, places)
        if point is None or (
            pr.lat is not None and pr.lon is not None and _km(*point, pr.lat, pr.lon) <= EXACT_KM
        ):
            s.point_5km += 1
        if normalize_attack_type(g.get("attack_type")) in ("unknown", pr.attack_type):
            s.type_exact += 1

    # Merging. Gold without an event id is an event of its own.
    def event(gi: int) -> str:
        return str(gold[gi].get("event_id") or f"#gold-{gi}")

    by_event: dict[str, set[int]] = {}
    events_of_feature: dict[int, set[str]] = {}
    for gi, pis in matched.items():
        for pi in pis:
            by_event.setdefault(event(gi), set()).add(pred[pi].feature)
            events_of_feature.setdefault(pred[pi].feature, set()).add(event(gi))
    docs_of_event: dict[str, set[str]] = {}
    for gi, g in enumerate(gold):
        docs_of_event.setdefault(event(gi), set()).add(document_stem(g["article"]))
    multi = [e for e in by_event if len(docs_of_event[e]) > 1]
    s.multi_doc_events = len(multi)
    s.merged_events = sum(1 for e in multi if len(by_event[e]) == 1)
    s.over_merged_features = sum(1 for ev in events_of_feature.values() if len(ev) > 1)
    return s
