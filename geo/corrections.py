"""Corrections that stick: the analyst's fixes, kept in a file under version control.

A corrections file (YAML or CSV) holds one entry per correction. Every entry names an
incident by ``id`` (its ``event_id``, an alias, or the id any of its reports would mint:
:func:`geo.ids.answers_to`) and says who made it, when and why (``by``, ``when``, ``why``;
all three required). Then one or more of:

=================  ==========================================================================
``not_incident``   ``true``: it is no incident (a threat, a tally, a mistaken reading); dropped
``place``          a gazetteer ``place_id``, a gazetteer name, or ``LAT, LON`` in degrees
``date``           the day it happened, ``YYYY-MM-DD`` (time precision becomes 1)
``type``           one of the attack types (``rocket``, ``drone``, ...)
``actor``          the perpetrator (a gazetteer actor's alias gives its canonical name)
``fatalities``     a whole number
``injuries``       a whole number
``same_as``        another incident's id: the two are one incident (the older id survives)
``source`` +       a report of this incident (its document name or URL) belongs to the
``move_to``        incident ``move_to`` names
=================  ==========================================================================

A YAML file is a list of such mappings (or a mapping with the list under ``corrections``);
a CSV file has these names as its header, one correction a row, empty cells unused.

Corrections are applied after merging, on every run: reports moved first, then incidents
joined, then fields set and incidents dropped, each in file order. Each change is recorded
on the incident as a :class:`~geo.models.Revision` (field, from, to, why, by, when, the line
of the file), which every export carries in its ``corrections`` column. A correction that
finds no incident is reported with a warning naming its line, never dropped silently.

With ``--store`` the store keeps the corrections (a ``corrections`` layer) and re-applies
them on every run; a corrections file given again replaces them. An incident a correction
dropped is kept in that layer, beside the correction, so that its reports come back if the
correction is withdrawn, and so that the correction keeps finding it.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from geo._util import safe_text
from geo.errors import InputError, SchemaError
from geo.ids import answers_to, report_key
from geo.merging import combine_sources
from geo.models import ATTACK_TYPES, Incident, Place, Revision, Source

if TYPE_CHECKING:
    from geo.gazetteer import Gazetteer

__all__ = [
    "CORRECTION_KEYS",
    "Correction",
    "CorrectionSet",
    "Outcome",
    "apply_corrections",
    "load_corrections",
    "parse_entry",
    "read_stored_corrections",
]

log = logging.getLogger(__name__)

#: The keys of an entry (YAML mapping keys, CSV header names), in the order the store keeps.
CORRECTION_KEYS: Final[tuple[str, ...]] = (
    "id",
    "not_incident",
    "place",
    "date",
    "type",
    "actor",
    "fatalities",
    "injuries",
    "same_as",
    "source",
    "move_to",
    "why",
    "by",
    "when",
)
#: The keys that change something (the others name the incident, the report or who says so).
_CHANGES: Final = tuple(
    k for k in CORRECTION_KEYS if k not in {"id", "source", "why", "by", "when"}
)
#: The largest corrections file read (a file of corrections is written by hand).
MAX_BYTES: Final = 8 << 20
_LATLON: Final = re.compile(r"\s*([-+]?\d{1,3}(?:\.\d+)?)\s*[,;]\s*([-+]?\d{1,3}(?:\.\d+)?)\s*")
_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_TRUE: Final = frozenset({"true", "yes", "1"})
_FALSE: Final = frozenset({"false", "no", "0", ""})
#: Columns of the store's ``corrections`` layer: the entry, where it came from, what it holds.
LAYER_COLUMNS: Final[tuple[str, ...]] = ("origin", *CORRECTION_KEYS, "held")


@dataclass(frozen=True, slots=True)
class Correction:
    """One entry of a corrections file, checked and resolved against the gazetteer.

    Attributes
    ----------
    origin : str
        ``FILE line N``: what warnings and revisions name.
    raw : dict
        The entry's text values by key (what the store keeps).
    """

    origin: str
    raw: dict[str, str]
    target: str
    why: str
    by: str
    when: str
    not_incident: bool = False
    place: Place | None = None
    event_date: date | None = None
    attack_type: str | None = None
    actor: str | None = None
    fatalities: int | None = None
    injuries: int | None = None
    same_as: str | None = None
    source: str | None = None
    move_to: str | None = None

    @property
    def sets_fields(self) -> bool:
        """Whether it drops the incident or sets one of its fields."""
        return self.not_incident or any(
            getattr(self, k) is not None
            for k in ("place", "event_date", "attack_type", "actor", "fatalities", "injuries")
        )

    def revision(self, field: str, before: Any, after: Any) -> Revision:
        """Return the record of one change this correction made."""
        return Revision(field, before, after, self.why, self.by, self.when, self.origin)


@dataclass
class CorrectionSet:
    """The corrections of a run, and the incidents the store holds back for them.

    Attributes
    ----------
    corrections : list of Correction
        Applied in their order (see the module).
    held : list of Incident
        Incidents corrections dropped in earlier runs (from the store's layer): their
        reports are read again, so that a withdrawn correction gives them back.
    """

    corrections: list[Correction] = field(default_factory=list)
    held: list[Incident] = field(default_factory=list)


@dataclass
class Outcome:
    """What applying corrections gave: the incidents, and the store's layer to write back."""

    incidents: list[Incident]
    layer: list[dict[str, str]]
    stale: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Reading


def _fail(origin: str, message: str) -> InputError:
    return InputError(safe_text(f"{origin}: {message}"))


def _shown(value: str) -> str:
    text = value if len(value) <= 60 else value[:60] + "..."
    return repr(safe_text(text))


def _count_value(origin: str, key: str, text: str) -> int:
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        raise _fail(origin, f"{key} must be a whole number, got {_shown(text)}")
    return int(text)


def _place_value(origin: str, text: str, gaz: Gazetteer) -> Place:
    if text in gaz.places:
        return gaz.places[text]
    m = _LATLON.fullmatch(text)
    if m:
        lat, lon = float(m.group(1)), float(m.group(2))
        if not (math.isfinite(lat) and -90 <= lat <= 90 and -180 <= lon <= 180):
            raise _fail(origin, f"place {_shown(text)}: latitude, longitude out of range")
        # the country is the incident's, filled in when the correction is applied
        return Place(
            f"point:{lat:.4f},{lon:.4f}", f"{lat:.4f}, {lon:.4f}", "point", lat, lon, 1, "XX",
            tier="user", notes="a point an analyst's correction gave",
        )  # fmt: skip
    found = gaz.lookup(text)
    if len(found) == 1:
        return found[0]
    if len(found) > 1:
        ids = ", ".join(sorted(p.place_id for p in found))
        raise _fail(origin, f"place {_shown(text)} names several places ({ids}); give a place_id")
    raise _fail(
        origin,
        f"place {_shown(text)} is no gazetteer place_id or name, nor 'LAT, LON'",
    )


def parse_entry(origin: str, entry: dict[str, str], gaz: Gazetteer) -> Correction:
    """Check one entry (text values by key) and resolve it; raise a one-line error.

    Raises
    ------
    InputError
        Naming ``origin`` (``FILE line N``) and what is wrong.
    """
    unknown = [k for k in entry if k not in CORRECTION_KEYS]
    if unknown:
        raise _fail(
            origin,
            f"unknown key {_shown(unknown[0])}; the keys are {', '.join(CORRECTION_KEYS)}",
        )
    raw = {k: v.strip() for k, v in entry.items() if v.strip()}
    for key in ("id", "why", "by", "when"):
        if not raw.get(key):
            raise _fail(origin, f"'{key}' is missing (every correction says id, why, by and when)")
    when = raw["when"]
    try:
        if not _DAY.fullmatch(when):
            raise ValueError
        date.fromisoformat(when)
    except ValueError:
        raise _fail(origin, f"when must be a day, YYYY-MM-DD, got {_shown(when)}") from None
    if ("source" in raw) != ("move_to" in raw):
        raise _fail(origin, "source and move_to go together (this report belongs to that one)")
    if not any(k in raw for k in _CHANGES):
        raise _fail(origin, f"it changes nothing: give one of {', '.join(_CHANGES)}")
    kw: dict[str, Any] = {}
    flag = raw.get("not_incident", "").lower()
    if flag not in _TRUE | _FALSE:
        raise _fail(origin, f"not_incident must be true or false, got {_shown(flag)}")
    kw["not_incident"] = flag in _TRUE
    if "place" in raw:
        kw["place"] = _place_value(origin, raw["place"], gaz)
    if "date" in raw:
        text = raw["date"]
        try:
            if not _DAY.fullmatch(text):
                raise ValueError
            kw["event_date"] = date.fromisoformat(text)
        except ValueError:
            raise _fail(origin, f"date must be YYYY-MM-DD, got {_shown(text)}") from None
    if "type" in raw:
        if raw["type"] not in ATTACK_TYPES:
            raise _fail(
                origin,
                f"unknown type {_shown(raw['type'])}; choose from {', '.join(ATTACK_TYPES)}",
            )
        kw["attack_type"] = raw["type"]
    if "actor" in raw:
        actor = gaz.actor(raw["actor"])
        kw["actor"] = actor.name if actor is not None else raw["actor"]
    for key in ("fatalities", "injuries"):
        if key in raw:
            kw[key] = _count_value(origin, key, raw[key])
    for key in ("same_as", "source", "move_to"):
        if key in raw:
            kw[key] = raw[key]
    return Correction(
        origin=origin, raw=raw, target=raw["id"], why=raw["why"], by=raw["by"], when=when, **kw
    )


def _scalar(node: Any, origin: str) -> str:
    import yaml

    if not isinstance(node, yaml.ScalarNode):
        raise _fail(origin, "a value must be text, a number or a day, not a list or mapping")
    value = str(node.value)
    if node.tag == "tag:yaml.org,2002:null" or (node.style is None and value in {"~", "null"}):
        return ""
    return value


def _yaml_entries(text: str, name: str) -> list[tuple[str, dict[str, str]]]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        if any(isinstance(t, yaml.AliasToken) for t in yaml.scan(text, loader)):
            raise _fail(name, "YAML aliases (*name) are not read in a corrections file")
        root = yaml.compose(text, loader)
    except yaml.MarkedYAMLError as err:
        where = f" line {err.problem_mark.line + 1}" if err.problem_mark else ""
        raise _fail(f"{name}{where}", f"not YAML ({err.problem})") from None
    except yaml.YAMLError as err:
        raise _fail(name, f"not YAML ({err})") from None
    if root is None:
        return []
    if isinstance(root, yaml.MappingNode):
        items = {_scalar(k, name): v for k, v in root.value}
        if set(items) != {"corrections"}:
            raise _fail(name, "a corrections file is a list, or a mapping with 'corrections:'")
        root = items["corrections"]
        if isinstance(root, yaml.ScalarNode) and _scalar(root, name) == "":
            return []
    if not isinstance(root, yaml.SequenceNode):
        raise _fail(name, "a corrections file is a list of corrections")
    out = []
    for node in root.value:
        origin = f"{name} line {node.start_mark.line + 1}"
        if not isinstance(node, yaml.MappingNode):
            raise _fail(origin, "a correction is a mapping (id: ..., why: ..., ...)")
        entry: dict[str, str] = {}
        for k, v in node.value:
            key = _scalar(k, origin)
            if key in entry:
                raise _fail(origin, f"{_shown(key)} given twice")
            entry[key] = _scalar(v, f"{name} line {v.start_mark.line + 1}")
        out.append((origin, entry))
    return out


def _csv_entries(text: str, name: str) -> list[tuple[str, dict[str, str]]]:
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as err:
        raise _fail(name, f"malformed CSV ({err})") from None
    if not rows:
        return []
    header = [h.strip() for h in rows[0]]
    if len(set(header)) != len(header):
        raise _fail(f"{name} line 1", "a column is named twice")
    out = []
    for n, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            raise _fail(f"{name} line {n}", f"{len(cells)} cells for {len(header)} columns")
        entry = {h: c for h, c in zip(header, cells, strict=False) if h or c.strip()}
        out.append((f"{name} line {n}", entry))
    return out


def load_corrections(path: str | Path, gazetteer: Gazetteer) -> list[Correction]:
    """Read and check a corrections file (``.yaml``/``.yml`` or ``.csv``).

    Parameters
    ----------
    path : path-like
        The file.
    gazetteer : Gazetteer
        Resolves ``place`` names and ids, and actor aliases.

    Returns
    -------
    list of Correction
        In file order.

    Raises
    ------
    InputError
        One line naming the file and line: a file that cannot be read, is not YAML or CSV,
        an unknown key, a missing ``id``/``why``/``by``/``when``, a bad value.
    """
    p = Path(path)
    name = p.name
    suffix = p.suffix.lower()
    if suffix not in {".yaml", ".yml", ".csv"}:
        raise InputError(safe_text(f"{name}: a corrections file must be .yaml, .yml or .csv"))
    try:
        if not p.is_file():
            raise InputError(
                f"no such corrections file: {p}" if not p.exists() else f"{p}: not a file"
            )
        if p.stat().st_size > MAX_BYTES:
            raise InputError(safe_text(f"{name}: too large for a corrections file (over 8 MB)"))
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(safe_text(f"{name}: not UTF-8 text ({err.reason})")) from None
    except OSError as err:
        if isinstance(err, InputError):
            raise
        raise InputError(safe_text(f"cannot read {p}: {err.strerror or err}")) from None
    entries = _csv_entries(text, name) if suffix == ".csv" else _yaml_entries(text, name)
    return [parse_entry(origin, entry, gazetteer) for origin, entry in entries]


def read_stored_corrections(path: str | Path, gazetteer: Gazetteer) -> CorrectionSet:
    """Read the ``corrections`` layer of a store (none when it has no such layer).

    Raises
    ------
    InputError
        The layer cannot be read, or holds a correction or incident that no longer reads.
    """
    from pyogrio import list_layers, read_dataframe

    from geo.record import incident_from_record, is_missing

    p = Path(path)
    try:
        layers = [str(n) for n, _ in list_layers(p)]
        if "corrections" not in layers:
            return CorrectionSet()
        df = read_dataframe(p, layer="corrections", read_geometry=False)
    except Exception as err:  # pyogrio's errors: the store is unreadable
        raise InputError(f"cannot read the corrections kept in {p}: {err}") from None
    out = CorrectionSet()
    for i, row in enumerate(df.to_dict("records"), start=1):
        cells = {k: ("" if is_missing(v) else str(v)) for k, v in row.items()}
        origin = cells.get("origin") or f"{p.name} corrections row {i}"
        entry = {k: cells[k] for k in CORRECTION_KEYS if cells.get(k)}
        try:
            out.corrections.append(parse_entry(origin, entry, gazetteer))
            for rec in json.loads(cells.get("held") or "[]"):
                out.held.append(incident_from_record(rec, rec["longitude"], rec["latitude"]))
        except (InputError, SchemaError, ValueError, KeyError, TypeError) as err:
            raise InputError(f"{p}: corrections row {i}: {err}") from None
    return out


# ---------------------------------------------------------------------------------------
# Applying


class _Book:
    """The incidents of a run, found by any id that names them, changed in place."""

    def __init__(self, incidents: Sequence[Incident]) -> None:
        self.items: list[Incident | None] = list(incidents)
        self.original = list(incidents)  # as merging gave them, before any correction
        self.rebuilt: set[int] = set()  # rebuilt from other sources by a move or a join
        # three levels of names: event ids, then aliases, then the mints of their reports
        self._names: list[dict[str, set[int]]] = [{}, {}, {}]
        self._mints: dict[int, set[str]] = {}
        for k, inc in enumerate(incidents):
            self._index(k, inc)

    def _index(self, k: int, inc: Incident) -> None:
        self._names[0].setdefault(inc.event_id, set()).add(k)
        for a in inc.aliases:
            self._names[1].setdefault(a, set()).add(k)
        mints = answers_to(inc) - {inc.event_id, *inc.aliases}
        self._mints[k] = mints
        for m in mints:
            self._names[2].setdefault(m, set()).add(k)

    def _unindex(self, k: int, inc: Incident) -> None:
        self._names[0].get(inc.event_id, set()).discard(k)
        for a in inc.aliases:
            self._names[1].get(a, set()).discard(k)
        for m in self._mints.pop(k, ()):
            self._names[2].get(m, set()).discard(k)

    def find(self, name: str) -> tuple[int | None, str]:
        """Return the incident a name names, or None and why not."""
        for level in self._names:
            ks = level.get(name)
            if ks:
                if len(ks) > 1:
                    ids = ", ".join(sorted(self.items[k].event_id for k in ks))  # type: ignore[union-attr]
                    return None, f"{_shown(name)} names several incidents ({ids})"
                return next(iter(ks)), ""
        return None, f"no incident is {_shown(name)}"

    def find_pair(self, name: str, other: str) -> tuple[int, int] | str:
        """Return the incidents two names name, or why one of them names none."""
        k, why = self.find(name)
        if k is None:
            return why
        t, why = self.find(other)
        return why if t is None else (k, t)

    def get(self, k: int) -> Incident:
        inc = self.items[k]
        assert inc is not None
        return inc

    def put(self, k: int, inc: Incident | None) -> None:
        old = self.items[k]
        if old is not None:
            self._unindex(k, old)
        self.items[k] = inc
        if inc is not None:
            self._index(k, inc)


def _age(inc: Incident) -> tuple[bool, str, str]:
    days = [s.published[:10] for s in inc.sources if s.published]
    return (not days, min(days) if days else "", inc.event_id)


def _rebuilt(old: Incident, sources: Sequence[Source], **extra: Any) -> Incident:
    """Rebuild an incident from its sources (after a move or a join), keeping its history."""
    kw: dict[str, Any] = {"aliases": old.aliases, "corrections": old.corrections}
    kw.update(extra)
    eid = kw.pop("event_id", old.event_id)
    return combine_sources(sorted(sources, key=report_key), eid, **kw)


def _stale(c: Correction, why: str) -> str:
    message = safe_text(f"{c.origin}: {why}; the correction changed nothing (stale?)")
    log.warning("%s", message)
    return message


def _move(book: _Book, c: Correction) -> str | None:
    pair = book.find_pair(c.target, c.move_to or "")
    if isinstance(pair, str):
        return pair
    k, t = pair
    here, there = book.get(k), book.get(t)
    moved = [s for s in here.sources if c.source in {s.document, s.url}]
    if not moved:
        return f"incident {here.event_id} has no report from {_shown(c.source or '')}"
    if k == t:
        return None  # already there
    rest = [s for s in here.sources if s not in moved]
    rev = c.revision("source", here.event_id, there.event_id)
    book.rebuilt |= {k, t}
    if rest:
        book.put(k, _rebuilt(here, rest, corrections=(*here.corrections, rev)))
    else:  # its only report left: what remains of it is the other incident
        book.put(k, None)
    aliases = (
        there.aliases if rest else tuple(sorted({*there.aliases, here.event_id, *here.aliases}))
    )
    book.put(
        t,
        _rebuilt(
            there,
            [*there.sources, *moved],
            aliases=aliases,
            corrections=(*there.corrections, rev),
        ),
    )
    return None


def _join(book: _Book, c: Correction) -> str | None:
    pair = book.find_pair(c.target, c.same_as or "")
    if isinstance(pair, str):
        return pair
    k, t = pair
    if k == t:
        return None  # already one
    a, b = book.get(k), book.get(t)
    keep, other = (a, b) if _age(a) <= _age(b) else (b, a)
    aliases = tuple(sorted({*a.aliases, *b.aliases, other.event_id} - {keep.event_id}))
    rev = c.revision("merged", other.event_id, keep.event_id)
    joined = _rebuilt(
        keep,
        [*a.sources, *b.sources],
        aliases=aliases,
        corrections=(*a.corrections, *b.corrections, rev),
    )
    book.put(t, None)
    book.put(k, joined)
    book.rebuilt.add(k)
    return None


def _set_fields(book: _Book, c: Correction, held: dict[str, list[Incident]]) -> str | None:
    k, why = book.find(c.target)
    if k is None:
        return why
    inc = book.get(k)
    if c.not_incident:
        # held as merging gave it (or, once rebuilt, without its revisions): read again on
        # the next run, it is the incident the input gives, not a corrected copy
        keep = book.original[k] if k not in book.rebuilt else replace(inc, corrections=())
        held.setdefault(c.origin, []).append(keep)
        book.put(k, None)
        log.info("%s: %s is no incident; dropped", safe_text(c.origin), inc.event_id)
        return None
    changes: dict[str, Any] = {}
    revs: list[Revision] = []
    if c.place is not None:
        place = c.place
        if place.country == "XX":  # a point: in the incident's country
            place = replace(place, country=inc.place.country, admin1=inc.place.admin1)
        if place != inc.place:
            changes["place"] = place
            revs.append(c.revision("place_id", inc.place.place_id, place.place_id))
    if c.event_date is not None and (c.event_date, 1) != (inc.event_date, inc.time_precision):
        changes["event_date"], changes["time_precision"] = c.event_date, 1
        before = inc.event_date.isoformat() if inc.event_date else None
        revs.append(c.revision("event_date", before, c.event_date.isoformat()))
    if c.attack_type is not None and c.attack_type != inc.attack_type:
        changes["attack_type"], changes["sub_event_type"] = c.attack_type, ""
        revs.append(c.revision("attack_type", inc.attack_type, c.attack_type))
    if c.actor is not None and c.actor != inc.actor1:
        changes["actor1"] = c.actor
        revs.append(c.revision("actor1", inc.actor1, c.actor))
    for key in ("fatalities", "injuries"):
        value = getattr(c, key)
        if value is not None and value != getattr(inc, key):
            changes[key] = value
            revs.append(c.revision(key, getattr(inc, key), value))
    if revs:
        book.put(k, replace(inc, **changes, corrections=(*inc.corrections, *revs)))
    return None


def _note(inc: Incident) -> Incident:
    """Say in the notes what the analyst changed (once, after every correction)."""
    if not inc.corrections:
        return inc
    fields = sorted({r.field for r in inc.corrections})
    who = sorted({f"{r.by} on {r.when}" for r in inc.corrections})
    note = f"corrected ({', '.join(fields)}) by {'; '.join(who)}"
    base = inc.notes.split("; corrected (")[0]
    return replace(inc, notes=f"{base}; {note}" if base else note)


def apply_corrections(incidents: Iterable[Incident], corrections: CorrectionSet) -> Outcome:
    """Apply corrections to a run's incidents (see the module for the order).

    Parameters
    ----------
    incidents : iterable of Incident
        The merged incidents, ids carried (:class:`geo.ids.IdLedger`).
    corrections : CorrectionSet
        The corrections (from a file, or kept in the store).

    Returns
    -------
    Outcome
        The incidents in their order (a joined pair where the first stood), the layer of
        corrections to keep in a store (each with the incidents it dropped), and the
        warnings about corrections that found nothing.
    """
    book = _Book(list(incidents))
    held: dict[str, list[Incident]] = {}
    stale: list[str] = []
    ordered = (
        [c for c in corrections.corrections if c.move_to is not None],
        [c for c in corrections.corrections if c.same_as is not None],
        [c for c in corrections.corrections if c.sets_fields],
    )
    for stage, todo in enumerate(ordered):
        for c in todo:
            step = _move if stage == 0 else _join if stage == 1 else None
            why = step(book, c) if step is not None else _set_fields(book, c, held)
            if why is not None:
                stale.append(_stale(c, why))
    out = [_note(i) for i in book.items if i is not None]
    layer = []
    for c in corrections.corrections:
        row = {"origin": c.origin, **{k: c.raw.get(k, "") for k in CORRECTION_KEYS}}
        row["held"] = json.dumps(
            [i.to_record() for i in held.get(c.origin, ())], ensure_ascii=False, sort_keys=True
        )
        layer.append(row)
    return Outcome(out, layer, stale)
