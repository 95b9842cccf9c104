"""The data model of design.md as code: Document, Report, Incident, Tally and the frame schema.

Every record is a frozen dataclass validated on construction (as pyproj's ``AreaOfInterest``):
a bad value raises :class:`~geo.errors.SchemaError` naming the field, so nothing invalid travels
down the pipeline. Records are plain data; the stages that make them live in their own modules.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Final, Literal

from geo.attack_types import ROWS
from geo.countries import country_name
from geo.errors import SchemaError

__all__ = [
    "ATTACK_TYPES",
    "CRS",
    "INCIDENT_COLUMNS",
    "INDIRECT_FIRE",
    "JSON_COLUMNS",
    "LATER_COLUMNS",
    "MAX_COUNT",
    "SUB_EVENT_TYPES",
    "TEXT_LIST_COLUMNS",
    "AttackType",
    "Document",
    "Evidence",
    "Incident",
    "Place",
    "Report",
    "Revision",
    "Source",
    "Tally",
    "clean_text",
    "type_family",
]

CRS: Final = "EPSG:4326"

#: The attack types for type checkers (a Literal must be written out; it equals the table).
AttackType = Literal[
    "rocket",
    "mortar",
    "artillery",
    "ballistic_missile",
    "cruise_missile",
    "drone",
    "airstrike",
    "ied",
    "small_arms",
    "unknown",
]
#: The attack types of design.md, in the order legends list them (geo/attack_types.py's
#: table; tests/test_attack_types.py checks that :data:`AttackType` names the same).
ATTACK_TYPES: Final[tuple[str, ...]] = tuple(ROWS)
#: Indirect fire: reports differing only inside this family describe one incident.
INDIRECT_FIRE: Final = frozenset(r.name for r in ROWS.values() if r.family == "indirect_fire")
_FAMILY: Final = {r.name: r.family for r in ROWS.values()}

#: ACLED sub-event type for each attack type (intercepted attacks become "Disrupted weapons use").
SUB_EVENT_TYPES: Final[dict[str, str]] = {r.name: r.sub_event_type for r in ROWS.values()}
DISRUPTED: Final = "Disrupted weapons use"

#: Columns of the incident GeoDataFrame, the GeoJSON properties and the CSV (design.md).
INCIDENT_COLUMNS: Final[tuple[str, ...]] = (
    "event_id",
    "event_date",
    "time_precision",
    "attack_type",
    "attack_types_reported",
    "sub_event_type",
    "intercepted",
    "place_id",
    "location",
    "admin1",
    "country",
    "country_code",
    "geo_precision",
    "target",
    "actor1",
    "claimed",
    "fatalities",
    "injuries",
    "sources",
    "source_count",
    "notes",
    "aliases",
    "corrections",
    "trust",
)

#: Columns added after files were first written: a file without them still reads (empty).
LATER_COLUMNS: Final[tuple[str, ...]] = ("aliases", "corrections", "trust")
#: Columns that hold a list of text (CSV: ``; ``-joined; GeoPackage: a JSON array).
TEXT_LIST_COLUMNS: Final[tuple[str, ...]] = ("attack_types_reported", "aliases")
#: Columns that hold JSON objects (CSV and GeoPackage: JSON text).
JSON_COLUMNS: Final[tuple[str, ...]] = ("sources", "corrections")

TIERS: Final = ("curated", "user", "world", "online")


def type_family(attack_type: str) -> str:
    """Return the family of an attack type: ``"indirect_fire"`` or the type itself.

    Parameters
    ----------
    attack_type : str
        One of :data:`ATTACK_TYPES`.

    Returns
    -------
    str
        ``"indirect_fire"`` for rocket, mortar and artillery; otherwise ``attack_type``.
    """
    return _FAMILY.get(attack_type, attack_type)


#: The largest count or offset read from a file: the largest integer JSON readers (and
#: JavaScript, in the map) keep exactly; a GeoPackage's 64-bit integers hold it too.
MAX_COUNT: Final = 2**53 - 1


def _check(cond: bool, msg: str, *args: object) -> None:
    # The message is %-formatted only on failure: objects are validated by the hundred
    # thousand when files are read, and eager f-strings were most of that cost.
    if not cond:
        raise SchemaError(msg % args if args else msg)


def _check_optional_count(name: str, value: int | None, owner: str, who: object) -> None:
    if value is None or (
        isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT
    ):
        return
    shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:40] + "..."
    raise SchemaError(
        f"{owner} {who!r}: {name} must be an integer from 0 to 2**53-1 or None, got {shown}"
    )


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved place: a gazetteer row, or a fallback-tier result.

    Attributes
    ----------
    place_id : str
        Stable id, e.g. ``iq.baghdad.us-embassy``; fallback tiers use ``geonames:<id>`` or
        ``online:<provider>:<id>``.
    name : str
        Canonical name.
    kind : str
        ``embassy``, ``air_base``, ``city``, ``governorate``, ``country``...
    lat, lon : float
        WGS84 degrees (note the order: latitude first in names, longitude first in geometry).
    precision : int
        ACLED geo_precision of a point here: 1 site/town, 2 part of a region, 3 region,
        4 country only.
    country : str
        ISO 3166-1 alpha-2, upper case.
    admin1 : str
        Province or governorate name ("" for a country).
    parent_id : str or None
        The containing place.
    tier : str
        Where the place came from: ``curated``, ``user``, ``world`` or ``online``.
    """

    place_id: str
    name: str
    kind: str
    lat: float
    lon: float
    precision: int
    country: str
    admin1: str = ""
    parent_id: str | None = None
    source_id: str = ""
    source_ref: str = ""
    notes: str = ""
    tier: str = "curated"

    def __post_init__(self) -> None:
        pid = self.place_id
        _check(bool(pid), "place: empty place_id")
        _check(bool(self.name), "place %r: empty name", pid)
        _check(
            isinstance(self.lat, float | int) and math.isfinite(self.lat) and -90 <= self.lat <= 90,
            "place %r: latitude out of range: %r",
            pid,
            self.lat,
        )
        _check(
            isinstance(self.lon, float | int)
            and math.isfinite(self.lon)
            and -180 <= self.lon <= 180,
            "place %r: longitude out of range: %r",
            pid,
            self.lon,
        )
        _check(self.precision in (1, 2, 3, 4), "place %r: precision must be 1-4", pid)
        _check(
            len(self.country) == 2 and self.country.isupper(),
            "place %r: country must be ISO alpha-2, got %r",
            pid,
            self.country,
        )
        _check(self.tier in TIERS, "place %r: unknown tier %r", pid, self.tier)


@dataclass(frozen=True, slots=True)
class Document:
    """One article, with the metadata design.md's order of precedence gave it.

    Attributes
    ----------
    name : str
        How sources cite it: the file name, ``file.jsonl#3`` for a JSON Lines record.
    text : str
        The article text (front matter removed); evidence offsets point into it.
    published : datetime.date or None
        Publication date; ``published_from`` says where it was found.
    """

    name: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: date | None = None
    published_from: str | None = None
    path: str | None = None

    def __post_init__(self) -> None:
        _check(bool(self.name), "document: empty name")
        _check(isinstance(self.text, str), "document %r: text must be a str", self.name)
        _check(
            self.published is None or isinstance(self.published, date),
            "document %r: published must be a date",
            self.name,
        )


@dataclass(frozen=True, slots=True)
class Evidence:
    """A span of a document's text that supports a report: ``text == document.text[start:end]``."""

    text: str
    char_start: int
    char_end: int

    def __post_init__(self) -> None:
        _check(
            0 <= self.char_start <= self.char_end,
            "evidence: bad offsets %d..%d",
            self.char_start,
            self.char_end,
        )
        _check(
            len(self.text) == self.char_end - self.char_start,
            "evidence: text length does not match its offsets",
        )


@dataclass(frozen=True, slots=True)
class Report:
    """What one document says about one incident (design.md's Report).

    Attributes
    ----------
    document : Document
        The article (its text is used only for offsets; exports keep its metadata).
    event_date : datetime.date or None
        The day it happened; None when the text cannot date it.
    time_precision : int
        ACLED: 1 exact day, 2 known week (midpoint), 3 known month (mid-month).
    date_phrase, date_reason : str
        The words that dated it and how they were resolved, so a person can check.
    place : Place
        Where the attack happened.
    attack_type : str
        One of :data:`ATTACK_TYPES`.
    evidence : tuple of Evidence
        The sentences that say so, first the most telling one.
    count : int
        How many attacks the text lumps into this report ("twice at Ain al-Asad").
    """

    document: Document
    event_date: date | None
    time_precision: int
    place: Place
    attack_type: str
    evidence: tuple[Evidence, ...]
    date_phrase: str = ""
    date_reason: str = ""
    place_phrase: str = ""
    place_reason: str = ""
    intercepted: bool = False
    target: str | None = None
    actor1: str | None = None
    claimed: bool | None = None
    fatalities: int | None = None
    injuries: int | None = None
    count: int = 1
    reason: str = ""

    def __post_init__(self) -> None:
        doc = self.document.name
        _check(
            self.attack_type in ATTACK_TYPES,
            "report from %r: unknown attack type %r",
            doc,
            self.attack_type,
        )
        _check(
            self.time_precision in (1, 2, 3),
            "report from %r: time_precision must be 1, 2 or 3",
            doc,
        )
        _check(len(self.evidence) > 0, "report from %r: a report needs evidence", doc)
        _check_optional_count("fatalities", self.fatalities, "report from", doc)
        _check_optional_count("injuries", self.injuries, "report from", doc)
        _check(
            isinstance(self.count, int) and self.count >= 1,
            "report from %r: count must be >= 1",
            doc,
        )
        _check(
            self.claimed in (True, False, None),
            "report from %r: claimed must be a bool or None",
            doc,
        )
        n = len(self.document.text)
        for ev in self.evidence:
            _check(ev.char_end <= n, "report from %r: evidence offsets beyond the text", doc)

    @property
    def geo_precision(self) -> int:
        """ACLED geo_precision of this report's place."""
        return self.place.precision


def _place_to_dict(p: Place) -> dict[str, Any]:
    """Return a place as the JSON-safe dict of a source (:func:`geo.record.place_from_dict`)."""
    out: dict[str, Any] = {
        "place_id": p.place_id,
        "name": p.name,
        "kind": p.kind,
        "lat": round(p.lat, 4),
        "lon": round(p.lon, 4),
        "precision": p.precision,
        "country": p.country,
        "admin1": p.admin1,
        "parent_id": p.parent_id,
        "tier": p.tier,
    }
    # Provenance, written when known (the gazetteer's rows always have it).
    for key in ("source_id", "source_ref", "notes"):
        value = getattr(p, key)
        if value:
            out[key] = value
    return out


_UNWRITABLE: Final = re.compile("[\x00\ud800-\udfff]")


def clean_text(text: str) -> str:
    r"""Return ``text`` with NUL and lone surrogates replaced by U+FFFD, one for one.

    A lone surrogate (``"\ud800"`` in JSON) cannot be encoded as UTF-8, and NUL cannot be
    stored in a GeoPackage's text (GDAL cuts the string there); text read from a file is
    cleaned so that it can always be written again. Lengths, hence offsets, are kept.

    Parameters
    ----------
    text : str

    Returns
    -------
    str
        ``text`` itself when there is nothing to replace.
    """
    if text.isascii():
        return text.replace("\x00", "\ufffd") if "\x00" in text else text
    return _UNWRITABLE.sub("\ufffd", text) if _UNWRITABLE.search(text) else text


@dataclass(frozen=True, slots=True)
class Source:
    """One report kept inside an incident: who said what, and the words that prove it.

    ``document``, ``title``, ``url``, ``outlet``, ``published``, ``evidence``, ``char_start``
    and ``char_end`` are design.md's source fields. The rest is what this source reported
    (date, place, type, actor, casualties...), so disagreements between sources stay
    visible and incidents can be re-merged from their sources alone (the store does).
    ``coded`` marks an event coded elsewhere (another tool's incident file): kept as it was
    given, never merged again unless asked (:mod:`geo.record`).
    """

    document: str
    title: str | None
    url: str | None
    outlet: str | None
    published: str | None
    evidence: str
    char_start: int
    char_end: int
    place: Place
    more_evidence: tuple[Evidence, ...] = ()
    event_date: str | None = None
    time_precision: int = 1
    date_phrase: str = ""
    attack_type: str = "unknown"
    target: str | None = None
    actor1: str | None = None
    claimed: bool | None = None
    fatalities: int | None = None
    injuries: int | None = None
    intercepted: bool = False
    count: int = 1
    reason: str = ""
    coded: bool = False

    def __post_init__(self) -> None:
        doc = self.document
        _check(bool(doc), "source: empty document")
        _check(
            self.attack_type in ATTACK_TYPES,
            "source %r: unknown attack type %r",
            doc,
            self.attack_type,
        )
        _check(self.time_precision in (1, 2, 3), "source %r: time_precision must be 1, 2 or 3", doc)
        _check_optional_count("fatalities", self.fatalities, "source", doc)
        _check_optional_count("injuries", self.injuries, "source", doc)
        if self.event_date is not None:
            try:
                date.fromisoformat(self.event_date)
            except (TypeError, ValueError):
                raise SchemaError(f"source {doc!r}: bad event_date {self.event_date!r}") from None

    @property
    def date(self) -> date | None:
        """The reported event date as a :class:`datetime.date`."""
        return date.fromisoformat(self.event_date) if self.event_date else None

    def key(self) -> tuple[str, int, int]:
        """Return a total, content-based order of sources: document, then offsets."""
        return (self.document, self.char_start, self.char_end)

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON-safe dict stored in the ``sources`` column."""
        out: dict[str, Any] = {
            "document": self.document,
            "title": self.title,
            "url": self.url,
            "outlet": self.outlet,
            "published": self.published,
            "evidence": self.evidence,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "event_date": self.event_date,
            "time_precision": self.time_precision,
            "date_phrase": self.date_phrase,
            "attack_type": self.attack_type,
            "place": _place_to_dict(self.place),
            "target": self.target,
            "actor1": self.actor1,
            "claimed": self.claimed,
            "fatalities": self.fatalities,
            "injuries": self.injuries,
            "intercepted": self.intercepted,
            "count": self.count,
            "reason": self.reason,
        }
        if self.more_evidence:
            out["more_evidence"] = [
                {"evidence": e.text, "char_start": e.char_start, "char_end": e.char_end}
                for e in self.more_evidence
            ]
        if self.coded:
            out["coded"] = True
        return out

    @classmethod
    def from_report(cls, report: Report) -> Source:
        """Keep a report as a source of an incident."""
        doc = report.document
        first, *rest = report.evidence
        return cls(
            document=doc.name,
            title=doc.title,
            url=doc.url,
            outlet=doc.outlet,
            published=doc.published.isoformat() if doc.published else None,
            evidence=first.text,
            char_start=first.char_start,
            char_end=first.char_end,
            place=report.place,
            more_evidence=tuple(rest),
            event_date=report.event_date.isoformat() if report.event_date else None,
            time_precision=report.time_precision,
            date_phrase=report.date_phrase,
            attack_type=report.attack_type,
            target=report.target,
            actor1=report.actor1,
            claimed=report.claimed,
            fatalities=report.fatalities,
            injuries=report.injuries,
            intercepted=report.intercepted,
            count=report.count,
            reason=report.reason,
        )


#: A value a correction changed, as JSON holds it.
RevisionValue = str | int | None


@dataclass(frozen=True, slots=True)
class Revision:
    """What one correction changed in an incident: which field, from what, to what, and why.

    Attributes
    ----------
    field : str
        The record field changed (``place_id``, ``event_date``, ``attack_type``, ``actor1``,
        ``fatalities``, ``injuries``), or ``merged`` (another incident joined this one) or
        ``source`` (a report moved in or out).
    before, after : str, int or None
        The value before and after (for ``merged`` the other id and this one; for ``source``
        the incident the report came from and the one it went to).
    why, by, when : str
        The analyst's reason, name and day (``YYYY-MM-DD``), as the corrections file says.
    correction : str
        Where the correction stands: ``FILE line N``.
    """

    field: str
    before: RevisionValue
    after: RevisionValue
    why: str
    by: str
    when: str
    correction: str

    def to_dict(self) -> dict[str, Any]:
        """Return the revision as a JSON-safe dict (the ``corrections`` column holds a list)."""
        return {
            "field": self.field,
            "from": self.before,
            "to": self.after,
            "why": self.why,
            "by": self.by,
            "when": self.when,
            "correction": self.correction,
        }


@dataclass(frozen=True, slots=True)
class Incident:
    """One real event: reports of it merged across documents, none thrown away.

    The attributes are design.md's incident record; :meth:`to_record` gives it as a dict with
    exactly :data:`INCIDENT_COLUMNS` plus ``latitude``/``longitude``. ``event_id`` is minted
    once and carried (:mod:`geo.ids`); ``aliases`` are the ids of stored incidents merged
    into this one; ``corrections`` what the analyst's corrections changed
    (:mod:`geo.corrections`).
    """

    event_id: str
    event_date: date | None
    time_precision: int
    attack_type: str
    attack_types_reported: tuple[str, ...]
    place: Place
    sources: tuple[Source, ...]
    intercepted: bool = False
    target: str | None = None
    actor1: str | None = None
    claimed: bool | None = None
    fatalities: int | None = None
    injuries: int | None = None
    notes: str = ""
    sub_event_type: str = field(default="")
    aliases: tuple[str, ...] = ()
    corrections: tuple[Revision, ...] = ()

    def __post_init__(self) -> None:
        eid = self.event_id
        _check(bool(eid), "incident: empty event_id")
        _check(
            self.attack_type in ATTACK_TYPES,
            "incident %r: unknown attack type %r",
            eid,
            self.attack_type,
        )
        _check(
            all(t in ATTACK_TYPES for t in self.attack_types_reported),
            "incident %r: unknown type in attack_types_reported %r",
            eid,
            self.attack_types_reported,
        )
        _check(
            self.time_precision in (1, 2, 3), "incident %r: time_precision must be 1, 2 or 3", eid
        )
        _check(len(self.sources) > 0, "incident %r: an incident needs at least one source", eid)
        _check_optional_count("fatalities", self.fatalities, "incident", eid)
        _check_optional_count("injuries", self.injuries, "incident", eid)
        if not self.sub_event_type:
            sub = DISRUPTED if self.intercepted else SUB_EVENT_TYPES[self.attack_type]
            object.__setattr__(self, "sub_event_type", sub)

    @property
    def source_count(self) -> int:
        """Number of distinct documents behind this incident."""
        return len({s.document for s in self.sources})

    @property
    def geo_precision(self) -> int:
        """ACLED geo_precision of the incident's place."""
        return self.place.precision

    @property
    def trust(self) -> str:
        """How far it can be trusted, derived from its sources (:mod:`geo.trust`)."""
        from geo.trust import trust_state

        return trust_state(self)

    def to_record(self) -> dict[str, Any]:
        """Return the incident record of design.md as a JSON-safe dict (plus lat/lon).

        ``country`` is the country's English short name as ACLED writes it (``Iraq``),
        ``country_code`` its ISO 3166-1 alpha-2 code (``IQ``, the place's ``country``).
        """
        return {
            "event_id": self.event_id,
            "event_date": self.event_date.isoformat() if self.event_date else None,
            "time_precision": self.time_precision,
            "attack_type": self.attack_type,
            "attack_types_reported": list(self.attack_types_reported),
            "sub_event_type": self.sub_event_type,
            "intercepted": self.intercepted,
            "place_id": self.place.place_id,
            "location": self.place.name,
            "admin1": self.place.admin1,
            "country": country_name(self.place.country) or "",
            "country_code": self.place.country,
            "geo_precision": self.place.precision,
            "target": self.target,
            "actor1": self.actor1,
            "claimed": self.claimed,
            "fatalities": self.fatalities,
            "injuries": self.injuries,
            "sources": [s.to_dict() for s in self.sources],
            "source_count": self.source_count,
            "notes": self.notes,
            "aliases": list(self.aliases),
            "corrections": [r.to_dict() for r in self.corrections],
            "trust": self.trust,
            "latitude": round(self.place.lat, 4),
            "longitude": round(self.place.lon, 4),
        }


@dataclass(frozen=True, slots=True)
class Tally:
    """A running count ("at least 82 attacks since October 17"): context, never a point."""

    document: str
    count: int
    evidence: str
    char_start: int
    char_end: int
    qualifier: str | None = None
    since: date | None = None
    outlet: str | None = None
    published: date | None = None
    title: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        _check(0 <= self.count <= MAX_COUNT, "tally from %r: count out of range", self.document)
        _check(0 <= self.char_start <= self.char_end, "tally from %r: bad offsets", self.document)

    def to_dict(self) -> dict[str, Any]:
        """Return the tally as a JSON-safe dict."""
        return {
            "document": self.document,
            "count": self.count,
            "qualifier": self.qualifier,
            "since": self.since.isoformat() if self.since else None,
            "evidence": self.evidence,
            "char_start": self.char_start,
            "char_end": self.char_end,
            "outlet": self.outlet,
            "published": self.published.isoformat() if self.published else None,
            "title": self.title,
            "url": self.url,
        }
