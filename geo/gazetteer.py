"""The curated gazetteer: loading, validation and the in-process name matcher.

Data lives in CSV files reviewed like code (``places.csv``, ``aliases.csv``, ``actors.csv``,
``sources.csv``; see ``gazetteer/README.md``). :func:`gazetteer_dir` finds them the way pyproj
finds its data directory; :func:`load_gazetteer` reads and checks them, raising one
:class:`~geo.errors.GazetteerError` that lists every problem. :class:`Gazetteer` matches all
place and actor aliases at once with an Aho-Corasick automaton over normalised text
(:mod:`geo.normalize`), so the cost of a search does not grow with the number of names.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from geo.errors import GazetteerError, InputError
from geo.geocode import country_extent_problems
from geo.models import ATTACK_TYPES, Place
from geo.normalize import Tokens, build_automaton, longest_matches, normalize_name, tokenize
from geo.places import contains as _place_contains

__all__ = [
    "Actor",
    "Gazetteer",
    "Mention",
    "check_gazetteer",
    "gazetteer_dir",
    "load_gazetteer",
    "read_places_csv",
]

PLACE_COLUMNS: Final = (
    "place_id",
    "name",
    "kind",
    "lat",
    "lon",
    "precision",
    "country",
    "admin1",
    "parent_id",
    "source_id",
    "source_ref",
    "notes",
)
ALIAS_COLUMNS: Final = ("alias", "place_id", "lang", "alias_type")
ACTOR_COLUMNS: Final = ("actor_id", "name", "aliases", "umbrella_id", "kind", "country", "notes")
SOURCE_COLUMNS: Final = ("source_id", "title", "url", "licence", "retrieved")
EVENT_COLUMNS: Final = (
    "event_id", "date", "place_id", "attack_type", "fatalities", "injuries", "summary",
    "source_id", "source_ref",
)  # fmt: skip
ALIAS_TYPES: Final = frozenset({"official", "common", "translit", "abbrev", "former", "short"})
#: Kinds of place that are military bases.
BASE_KINDS: Final = frozenset({"air_base", "base"})
#: Kinds of place that are facilities: their names are specific, a point there is precise.
SITE_KINDS: Final = frozenset(
    {
        "embassy",
        "consulate",
        "air_base",
        "base",
        "airport",
        "oil_field",
        "gas_field",
        "border_crossing",
        "dam",
        "facility",
    }
)
#: Every kind a curated place may have (``gazetteer check`` refuses others: a base typed
#: ``airbase`` would silently stop "the base" from finding it).
PLACE_KINDS: Final = SITE_KINDS | frozenset(
    {"country", "region", "governorate", "district", "city", "town", "neighbourhood"}
)
_PACKAGED = Path(__file__).parent / "_gazetteer"
_CHECKOUT = Path(__file__).parent.parent / "gazetteer"


@dataclass(frozen=True, slots=True)
class Actor:
    """A perpetrator: a militia, an umbrella group or a state force."""

    actor_id: str
    name: str
    aliases: tuple[str, ...] = ()
    umbrella_id: str | None = None
    kind: str = ""
    country: str = ""


@dataclass(frozen=True, slots=True)
class Landmark:
    """An attack so often referred back to that news names it vaguely.

    "the drone attack in Jordan that killed three US soldiers" is the Tower 22 attack of
    28 January 2024, "the rocket attack on the embassy earlier this month" the one of
    8 December 2023: ``events.csv`` of the curated gazetteer lists such attacks, each with
    a source, so that extraction can place and date a back-reference to one of them: by
    its country and toll (rule ``landmark``, only for a landmark with a toll), or at its
    site by a vague date (rule ``landmark-at-site``).
    """

    event_id: str
    date: date
    place_id: str
    attack_type: str
    fatalities: int | None
    injuries: int | None = None
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in a text: where, what it matched, and the entries it may mean.

    Attributes
    ----------
    start, end : int
        Character span in the original text.
    text : str
        The words as written.
    category : str
        ``"place"`` or ``"actor"``.
    ids : tuple of str
        Place or actor ids the alias names (more than one = ambiguous).
    alias_type : str
        ``official``, ``common``, ``translit``, ``abbrev``, ``former`` or ``short``.
    """

    start: int
    end: int
    text: str
    category: str
    ids: tuple[str, ...]
    alias_type: str


@dataclass
class Gazetteer:
    """Curated places, aliases and actors, with a matcher over every name.

    Build it with :func:`load_gazetteer`; ``places`` maps ids to :class:`~geo.models.Place`.
    """

    places: dict[str, Place]
    aliases: dict[str, list[tuple[str, str]]]  # normalised alias -> [(place_id, alias_type)]
    actors: dict[str, Actor]
    actor_aliases: dict[str, list[str]]  # normalised alias -> [actor_id]
    sources: dict[str, dict[str, str]] = field(default_factory=dict)
    directory: Path | None = None
    #: Keys of all-capital abbreviations ("IS", "US", "KH"): they match only in capitals.
    case_sensitive: set[str] = field(default_factory=set)
    #: User places files loaded on top (so worker processes can load the same gazetteer).
    user_files: tuple[str, ...] = ()
    _automaton: Any = field(default=None, repr=False)
    _bases: dict[str, list[Place]] | None = field(default=None, repr=False)
    #: Landmark attacks (``events.csv``), for back-references by country and toll.
    landmarks: tuple[Landmark, ...] = ()
    _contains: dict[tuple[str, str], bool] = field(default_factory=dict, repr=False)
    #: Offline world-tier answers for a town name in a set of countries (extraction asks
    #: the same capitalised names article after article); cleared with the user places.
    world_answers: dict[tuple[str, frozenset[str]], Any] = field(default_factory=dict, repr=False)

    def _note_case(self, alias: str, key: str) -> None:
        bare = alias.replace(".", "").replace(" ", "")
        if bare.isupper() and len(bare) <= 5:
            self.case_sensitive.add(key)

    # -- structure ------------------------------------------------------------------------
    def ancestors(self, place_id: str) -> list[str]:
        """Return the ids containing ``place_id``, nearest first (cycles are cut)."""
        out: list[str] = []
        seen = {place_id}
        cur = self.places.get(place_id)
        while cur is not None and cur.parent_id and cur.parent_id not in seen:
            out.append(cur.parent_id)
            seen.add(cur.parent_id)
            cur = self.places.get(cur.parent_id)
        return out

    def contains(self, outer_id: str, inner_id: str) -> bool:
        """Return True when ``outer_id`` is ``inner_id`` or contains it.

        Both are ids of places this gazetteer holds (another id is only itself); the rule
        is :func:`geo.places.contains`: a parent chain, and a country holds its places.
        """
        if outer_id == inner_id:
            return True
        key = (outer_id, inner_id)
        known = self._contains.get(key)
        if known is None:
            outer, inner = self.places.get(outer_id), self.places.get(inner_id)
            known = outer is not None and inner is not None and _place_contains(outer, inner, self)
            self._contains[key] = known  # extraction asks the same pairs sentence after sentence
        return known

    def bases_of(self, place_id: str) -> list[Place]:
        """Return the bases and air bases whose parent is ``place_id`` (a town's own base).

        "A US base in al-Shaddadi" is the base the gazetteer lists under the town.
        """
        if self._bases is None:
            index: dict[str, list[Place]] = {}
            for p in self.places.values():
                if p.kind in BASE_KINDS and p.parent_id:
                    index.setdefault(p.parent_id, []).append(p)
            self._bases = index
        return self._bases.get(place_id, [])

    def country_place(self, iso2: str) -> Place | None:
        """Return the country row for an ISO alpha-2 code, if curated."""
        return self.places.get(iso2.lower())

    # -- matching -------------------------------------------------------------------------
    @property
    def automaton(self) -> Any:
        """The Aho-Corasick automaton over every normalised alias (built on first use)."""
        if self._automaton is None:
            entries: list[tuple[str, tuple[str, str, str]]] = []
            for key, rows in self.aliases.items():
                entries += [(key, ("place", pid, atype)) for pid, atype in rows]
            for key, ids in self.actor_aliases.items():
                entries += [(key, ("actor", aid, "official")) for aid in ids]
            self._automaton = build_automaton(entries)
        return self._automaton

    def find(self, text: str, tokens: Tokens | None = None) -> list[Mention]:
        """Find every place and actor name in ``text``, longest match first.

        Parameters
        ----------
        text : str
            Any text.
        tokens : Tokens, optional
            ``tokenize(text)``, when the caller already has it.

        Returns
        -------
        list of Mention
            Non-overlapping mentions in text order. A place mention and an actor mention
            may not overlap either: the longer wins ("Kataib Hezbollah" is not a place).
        """
        toks = tokens if tokens is not None else tokenize(text)
        cs = self.case_sensitive

        def accept(key: str, first: int, last: int) -> bool:
            lead = text[toks.starts[first]]
            if lead.isascii() and lead.islower():
                return False  # names are capitalised: "hit" is not the town of Hit
            if key not in cs:
                return True
            surface = text[toks.starts[first] : toks.ends[last]]
            return surface.replace(".", "").replace(" ", "").isupper()

        chosen: list[Mention] = []
        for first, last, payload in longest_matches(self.automaton, toks, accept):
            start, end = toks.starts[first], toks.ends[last]
            cats = {p[0] for p in payload}
            category = "actor" if "actor" in cats else "place"
            ids = tuple(dict.fromkeys(p[1] for p in payload if p[0] == category))
            types = [p[2] for p in payload if p[0] == category]
            atype = "short" if all(t == "short" for t in types) else types[0]
            chosen.append(Mention(start, end, text[start:end], category, ids, atype))
        return chosen

    def lookup(self, name: str) -> list[Place]:
        """Return the curated places a whole name resolves to (empty when none).

        Parameters
        ----------
        name : str
            A name in any spelling the normaliser folds ("Ayn al Asad", "AL-ASAD AIRBASE").
        """
        rows = self.aliases.get(normalize_name(name), [])
        return [self.places[pid] for pid, _ in dict.fromkeys(rows)]

    def actor(self, name: str) -> Actor | None:
        """Return the actor a name resolves to, if any."""
        ids = self.actor_aliases.get(normalize_name(name))
        return self.actors[ids[0]] if ids else None

    def with_user_places(self, places: Sequence[Place], aliases: Iterable[tuple[str, str]]) -> None:
        """Add user places on top, overriding curated rows with the same id."""
        for p in places:
            self.places[p.place_id] = p
            self._add_alias(p.name, p.place_id, "official")
        for alias, pid in aliases:
            self._add_alias(alias, pid, "common")
        self._automaton = None
        self._bases = None
        self._contains.clear()
        self.world_answers.clear()

    def _add_alias(self, alias: str, place_id: str, alias_type: str) -> None:
        key = normalize_name(alias)
        if not key:
            return
        self._note_case(alias, key)
        rows = self.aliases.setdefault(key, [])
        if (place_id, alias_type) not in rows:
            rows.append((place_id, alias_type))


# ---------------------------------------------------------------------------------------
# Loading


def gazetteer_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """Find the curated gazetteer directory.

    The order, as pyproj's ``get_data_dir``: ``path`` when given; the ``GEOMAP_GAZETTEER``
    environment variable; the copy packaged in the wheel (``geo/_gazetteer``); the
    ``gazetteer/`` directory of a source checkout. A directory counts only if it holds
    ``places.csv``.

    Raises
    ------
    GazetteerError
        When no candidate holds ``places.csv``, saying where it looked.
    """
    candidates: list[Path] = []
    if path is not None:
        candidates.append(Path(path))
    elif os.environ.get("GEOMAP_GAZETTEER"):
        candidates.append(Path(os.environ["GEOMAP_GAZETTEER"]))
    else:
        candidates += [_PACKAGED, _CHECKOUT]
    for c in candidates:
        if (c / "places.csv").is_file():
            return c
    where = ", ".join(str(c) for c in candidates)
    raise GazetteerError(f"no gazetteer found (no places.csv in {where})")


def _read_csv(path: Path, columns: Sequence[str], problems: list[str]) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                problems.append(f"{path.name}: missing columns {', '.join(missing)}")
                return []
            return [{k: (v or "").strip() for k, v in row.items() if k} for row in reader]
    except FileNotFoundError:
        problems.append(f"{path.name}: file missing")
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        problems.append(f"{path.name}: unreadable ({err})")
    return []


def _place_from_row(
    row: dict[str, str], where: str, problems: list[str], tier: str
) -> Place | None:
    pid = row.get("place_id", "")
    try:
        return Place(
            place_id=pid,
            name=row.get("name", ""),
            kind=row.get("kind", ""),
            lat=float(row.get("lat", "")),
            lon=float(row.get("lon", "")),
            precision=int(row.get("precision", "") or 1),
            country=row.get("country", "").upper(),
            admin1=row.get("admin1", ""),
            parent_id=row.get("parent_id") or None,
            source_id=row.get("source_id", ""),
            source_ref=row.get("source_ref", ""),
            notes=row.get("notes", ""),
            tier=tier,
        )
    except (ValueError, GazetteerError) as err:
        problems.append(f"{where}: place {pid!r}: {err}")
        return None


def read_places_csv(path: str | os.PathLike[str]) -> tuple[list[Place], list[tuple[str, str]]]:
    """Read a user places file (``places.csv`` columns, optional ``aliases`` column).

    The ``aliases`` column, when present, holds extra names separated by ``|``.

    Returns
    -------
    places, aliases
        The places (tier ``user``) and ``(alias, place_id)`` pairs.

    Raises
    ------
    InputError
        When the file is missing; :class:`GazetteerError` when it is malformed.
    """
    p = Path(path)
    if not p.is_file():
        raise InputError(f"gazetteer file not found: {p}")
    problems: list[str] = []
    rows = _read_csv(p, ("place_id", "name", "lat", "lon", "country"), problems)
    places: list[Place] = []
    aliases: list[tuple[str, str]] = []
    for i, row in enumerate(rows, start=2):
        row.setdefault("kind", "place")
        place = _place_from_row(row, f"{p.name} line {i}", problems, "user")
        if place is not None:
            places.append(place)
            aliases += [
                (a.strip(), place.place_id) for a in row.get("aliases", "").split("|") if a.strip()
            ]
    if problems:
        raise GazetteerError(f"{p}: " + "; ".join(problems))
    return places, aliases


def _load(directory: Path) -> tuple[Gazetteer, list[str]]:
    problems: list[str] = []
    sources = {
        r["source_id"]: r
        for r in _read_csv(directory / "sources.csv", SOURCE_COLUMNS, problems)
        if r.get("source_id")
    }
    places: dict[str, Place] = {}
    for i, row in enumerate(_read_csv(directory / "places.csv", PLACE_COLUMNS, problems), start=2):
        place = _place_from_row(row, f"places.csv line {i}", problems, "curated")
        if place is None:
            continue
        if place.place_id in places:
            problems.append(f"places.csv line {i}: duplicate place_id {place.place_id!r}")
        if place.kind not in PLACE_KINDS:
            problems.append(
                f"places.csv line {i}: unknown kind {place.kind!r} for {place.place_id!r} "
                f"(one of {', '.join(sorted(PLACE_KINDS))})"
            )
        places[place.place_id] = place
    gaz = Gazetteer(places, {}, {}, {}, sources, directory)
    for place in places.values():
        gaz._add_alias(place.name, place.place_id, "official")
    for i, row in enumerate(_read_csv(directory / "aliases.csv", ALIAS_COLUMNS, problems), start=2):
        pid, atype = row["place_id"], row["alias_type"] or "common"
        if pid not in places:
            problems.append(
                f"aliases.csv line {i}: alias {row['alias']!r} names unknown place {pid!r}"
            )
            continue
        if atype not in ALIAS_TYPES:
            problems.append(f"aliases.csv line {i}: unknown alias_type {atype!r}")
        if not normalize_name(row["alias"]):
            problems.append(f"aliases.csv line {i}: empty alias")
        gaz._add_alias(row["alias"], pid, atype)
    for i, row in enumerate(_read_csv(directory / "actors.csv", ACTOR_COLUMNS, problems), start=2):
        names = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        actor = Actor(
            row["actor_id"],
            row["name"],
            tuple(names),
            row["umbrella_id"] or None,
            row["kind"],
            row["country"],
        )
        if not actor.actor_id or not actor.name:
            problems.append(f"actors.csv line {i}: actor_id and name are required")
            continue
        if actor.actor_id in gaz.actors:
            problems.append(f"actors.csv line {i}: duplicate actor_id {actor.actor_id!r}")
        gaz.actors[actor.actor_id] = actor
        for name in (actor.name, *names):
            key = normalize_name(name)
            gaz._note_case(name, key)
            ids = gaz.actor_aliases.setdefault(key, [])
            if actor.actor_id not in ids:
                ids.append(actor.actor_id)
    gaz.landmarks = _landmarks(directory, places, sources, problems)
    return gaz, problems


def _landmarks(
    directory: Path,
    places: dict[str, Place],
    sources: dict[str, dict[str, str]],
    problems: list[str],
) -> tuple[Landmark, ...]:
    """Read ``events.csv`` (optional: a gazetteer without it has no landmarks)."""
    if not (directory / "events.csv").is_file():
        return ()
    out: list[Landmark] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(_read_csv(directory / "events.csv", EVENT_COLUMNS, problems), start=2):
        where = f"events.csv line {i}"
        if (first := seen.setdefault(row["event_id"], i)) != i:
            problems.append(f"{where}: event_id {row['event_id']!r} already names line {first}")
            continue
        try:
            day = date.fromisoformat(row["date"])
        except ValueError:
            problems.append(f"{where}: date {row['date']!r} is not YYYY-MM-DD")
            continue
        if row["place_id"] not in places:
            problems.append(f"{where}: unknown place_id {row['place_id']!r}")
            continue
        if row["attack_type"] not in ATTACK_TYPES:
            problems.append(f"{where}: unknown attack_type {row['attack_type']!r}")
            continue
        if row["source_id"] not in sources:
            problems.append(f"{where}: source_id {row['source_id']!r} not in sources.csv")
        fat, inj = row["fatalities"], row["injuries"]
        bad = next(
            (c for c, v in (("fatalities", fat), ("injuries", inj)) if v and not v.isdigit()), None
        )
        if bad is not None:
            problems.append(f"{where}: {bad} {row[bad]!r} is not a whole number")
            continue
        out.append(
            Landmark(
                row["event_id"], day, row["place_id"], row["attack_type"],
                int(fat) if fat else None, int(inj) if inj else None, row["summary"],
            )
        )  # fmt: skip
    return tuple(out)


def _integrity_problems(gaz: Gazetteer) -> list[str]:
    problems: list[str] = []
    for p in gaz.places.values():
        if p.parent_id and p.parent_id not in gaz.places:
            problems.append(f"place {p.place_id!r}: unknown parent_id {p.parent_id!r}")
        if not p.source_id:
            problems.append(f"place {p.place_id!r}: missing source_id")
        elif p.source_id not in gaz.sources:
            problems.append(f"place {p.place_id!r}: source_id {p.source_id!r} not in sources.csv")
        if gaz.ancestors(p.place_id) and p.place_id in gaz.ancestors(p.place_id):
            problems.append(f"place {p.place_id!r}: parent chain loops")
    for a in gaz.actors.values():
        if a.umbrella_id and a.umbrella_id not in gaz.actors:
            problems.append(f"actor {a.actor_id!r}: unknown umbrella_id {a.umbrella_id!r}")
    for key, rows in gaz.aliases.items():
        ids = sorted({pid for pid, _ in rows})
        if len(ids) < 2:
            continue
        countries = {gaz.places[i].country for i in ids}
        nested = any(gaz.contains(a, b) or gaz.contains(b, a) for a in ids for b in ids if a != b)
        if len(countries) < len(ids) and not nested:
            problems.append(
                f"alias {key!r} names {', '.join(ids)} in the same country: no rule chooses"
            )
    for key, actor_ids in gaz.actor_aliases.items():
        if len(actor_ids) > 1:
            problems.append(f"actor alias {key!r} names {', '.join(actor_ids)}")
    return problems


def check_gazetteer(
    path: str | os.PathLike[str] | None = None, *, geography: bool = True
) -> list[str]:
    """Validate a gazetteer directory and return every problem found (empty = valid).

    Checks columns and values, duplicate ids, unknown parents, sources and alias targets,
    aliases naming two places with no rule to choose, actors, and (``geography=True``)
    coordinates outside the stated country.

    Parameters
    ----------
    path : path-like, optional
        Directory to check; default per :func:`gazetteer_dir`.
    geography : bool, default True
        Also test each point against its country's extent (see :mod:`geo.geocode`).
    """
    directory = gazetteer_dir(path) if path is None else Path(path)
    if not directory.is_dir():
        raise InputError(f"not a directory: {directory}")
    gaz, problems = _load(directory)
    problems += _integrity_problems(gaz)
    if geography:
        problems += country_extent_problems(gaz.places.values())
    return problems


@lru_cache(maxsize=8)
def _load_cached(directory: Path) -> Gazetteer:
    gaz, problems = _load(directory)
    problems += _integrity_problems(gaz)
    if problems:
        shown = "; ".join(problems[:5]) + (
            f"; and {len(problems) - 5} more" if len(problems) > 5 else ""
        )
        raise GazetteerError(f"gazetteer {directory} is invalid: {shown}")
    return gaz


def load_gazetteer(
    path: str | os.PathLike[str] | None = None,
    *,
    user_files: Sequence[str | os.PathLike[str]] = (),
) -> Gazetteer:
    """Load and validate the curated gazetteer, then any user places files on top.

    Parameters
    ----------
    path : path-like, optional
        Directory with ``places.csv`` etc.; default per :func:`gazetteer_dir`.
    user_files : sequence of path-like
        Extra places files (``--gazetteer``); a row overrides the curated row with its id.

    Returns
    -------
    Gazetteer
        A fresh object (the parsed base is cached, so loading twice is cheap).

    Raises
    ------
    GazetteerError
        Listing the problems when the data is invalid.
    """
    base = _load_cached(gazetteer_dir(path).resolve())
    gaz = Gazetteer(
        dict(base.places),
        {k: list(v) for k, v in base.aliases.items()},
        base.actors,
        base.actor_aliases,
        base.sources,
        base.directory,
        set(base.case_sensitive),
        tuple(str(Path(f).resolve()) for f in user_files),
        base._automaton if not user_files else None,
        landmarks=base.landmarks,
    )
    for f in user_files:
        places, aliases = read_places_csv(f)
        gaz.with_user_places(places, aliases)
    if not user_files and base._automaton is None:
        base._automaton = gaz.automaton
    return gaz
