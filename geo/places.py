"""Places: the one resolver chain, and the one containment, "most precise" and distance.

Every caller that turns a name into a place goes through :func:`resolve_name`: the command
``geomap gazetteer lookup``, the curation loop (:mod:`geo.unresolved`) and extraction's
fallback for a town the curated gazetteer lacks (:mod:`geo.extraction.places`). The tiers
are tried in the order of design.md: the curated gazetteer (user places on top), then the
offline world gazetteer (GeoNames, :mod:`geo.geocode`), then an online geocoder, only when
the caller passes one. Extraction never does, so a run of ``geomap render`` stays offline.

Whether one place lies inside another (:func:`contains`, from :func:`ancestors`), which of
several is the most precise (:func:`most_precise`) and how far apart two points are
(:func:`haversine_km`) are written here once and used by extraction, merging, comparison and
evaluation alike.

This module imports nothing of :mod:`geo.extraction` or :mod:`geo.unresolved`: they import
it, so the place-like spans both of them read (:func:`place_like_spans`) live here too.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from geo._regex import compile_guarded
from geo.geocode import OnlineGeocoder, world_gazetteer
from geo.models import Place
from geo.normalize import normalize_name

if TYPE_CHECKING:
    from geo.gazetteer import Gazetteer

__all__ = [
    "EARTH_RADIUS_KM",
    "Resolution",
    "ancestors",
    "contains",
    "haversine_km",
    "most_precise",
    "place_like_spans",
    "resolve_name",
]


@dataclass(frozen=True, slots=True)
class Resolution:
    """How a name resolved: the place, the tier that answered, and why."""

    query: str
    place: Place
    tier: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON object printed by ``geomap gazetteer lookup --json``."""
        p = self.place
        return {
            "query": self.query,
            "place_id": p.place_id,
            "name": p.name,
            "lat": round(p.lat, 4),
            "lon": round(p.lon, 4),
            "country": p.country,
            "kind": p.kind,
            "precision": p.precision,
            "tier": self.tier,
            "reason": self.reason,
        }


def most_precise(places: Iterable[Place]) -> Place:
    """Return the most precise of several places a name may mean, the smallest id on a tie.

    Raises
    ------
    ValueError
        When ``places`` is empty.
    """
    return min(places, key=lambda p: (p.precision, p.place_id))


def resolve_name(
    name: str,
    gazetteer: Gazetteer,
    *,
    world: bool = True,
    online: OnlineGeocoder | None = None,
    countries: Iterable[str] | None = None,
) -> Resolution | None:
    """Resolve a whole name through the tiers, curated first.

    Parameters
    ----------
    name : str
        The name as written.
    gazetteer : Gazetteer
        Curated places (plus user places).
    world : bool, default True
        Try the offline GeoNames tier when the curated tier has nothing.
    online : OnlineGeocoder, optional
        Try it last; only when the user asked (``--online``).
    countries : iterable of str, optional
        ISO 3166-1 alpha-2 codes the world tier must answer within, chosen among before
        population is ("Tripoli" in ``{"LB"}``).

    Returns
    -------
    Resolution or None
        None when no tier knows the name.
    """
    places = gazetteer.lookup(name)
    if places:
        best = most_precise(places)
        tier = "user" if best.tier == "user" else "curated"
        why = f"{tier} alias {normalize_name(name)!r}"
        if len(places) > 1:
            others = ", ".join(p.place_id for p in places if p is not best)
            why += f"; also names {others}, chose the most precise"
        return Resolution(name, best, tier, why)
    if world:
        place = world_gazetteer().lookup(name, countries)
        if place is not None:
            why = f"GeoNames {place.kind} {place.source_ref} (offline world gazetteer)"
            return Resolution(name, place, "world", why)
    if online is not None:
        place = online.lookup(name)
        if place is not None:
            return Resolution(name, place, "online", f"{online.service} result {place.source_ref}")
    return None


# ---------------------------------------------------------------------------------------
# Containment


def ancestors(place: Place, gazetteer: Gazetteer | None = None) -> tuple[str, ...]:
    """Return the ids of the places containing ``place``, nearest first, its country last.

    A curated place has the gazetteer's parent chain; a place of another tier has its own
    ``parent_id`` (and that one's chain). Every place but a country lies in its country,
    whose curated id is its ISO code in lower case (``iq``), with or without a gazetteer.
    """
    chain: list[str] = []
    if gazetteer is not None and place.place_id in gazetteer.places:
        chain = gazetteer.ancestors(place.place_id)
    elif place.parent_id:
        chain = [place.parent_id]
        if gazetteer is not None:
            chain += gazetteer.ancestors(place.parent_id)
    country = place.country.lower()
    if place.place_id != country and country not in chain and place.kind != "country":
        chain.append(country)
    return tuple(chain)


def contains(outer: Place, inner: Place, gazetteer: Gazetteer | None = None) -> bool:
    """Tell whether ``outer`` is ``inner`` or contains it (is one of its :func:`ancestors`)."""
    return outer.place_id == inner.place_id or outer.place_id in ancestors(inner, gazetteer)


# ---------------------------------------------------------------------------------------
# Distance

#: Mean radius of the Earth (IUGG), in km.
EARTH_RADIUS_KM: Final = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance between two points, in km (haversine).

    Examples
    --------
    >>> round(haversine_km(33.0, 44.0, 34.0, 44.0), 1)
    111.2
    """
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


# ---------------------------------------------------------------------------------------
# Names to resolve

_PLACE_LIKE: Final = compile_guarded(
    r"\b(?:in|near|at|outside|around|on|from|towards?|of)\s+(?:the\s+)?"
    r"(?P<name>(?:(?:al|el|as|ash|ad|ar|az)-)?[A-Z][\w’'-]+(?:\s+(?:(?:al|el|ad|as|ash|ar|az|ez)[- ])?"
    r"[A-Z][\w’'-]+){0,3})"
)
#: First words of a place-like phrase that make it no place: pronouns, nationalities, days,
#: months, outlets and institutions.
_STOP: Final = frozenset(
    [
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "US",
        "U.S.",
        "American",
        "Americans",
        "Iraqi",
        "Iranian",
        "Syrian",
        "Jordanian",
        "Friday",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Reuters",
        "CNN",
        "AP",
        "AFP",
        "Pentagon",
        "Washington",
        "Congress",
        "Senate",
        "House",
    ]
)


def place_like_spans(
    text: str, start: int = 0, end: int | None = None
) -> list[tuple[str, int, int]]:
    """Return ``(name, start, end)`` of capitalised phrases after a locative preposition.

    That is how news names a place ("in Hajin", "near the Al-Omar field", "at Camp Taji"):
    the names extraction's world-tier fallback and the curation loop try to resolve.
    """
    out = []
    for m in _PLACE_LIKE.finditer(text, start, len(text) if end is None else end):
        raw = m.group("name")
        name = raw.strip(" ’'-")
        if not name or name.split()[0] in _STOP or len(name) < 3:
            continue
        a = m.start("name") + (len(raw) - len(raw.lstrip(" ’'-")))
        out.append((name, a, a + len(name)))
    return out
