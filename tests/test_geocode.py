"""Resolution tiers; the online tier against a real local server that speaks Nominatim's JSON."""

import contextlib
import itertools
import json
import threading
import time
import typing
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from geo.gazetteer import Gazetteer
from geo.geocode import OnlineGeocoder, world_gazetteer
from geo.normalize import normalize_name
from geo.places import resolve_name

# A Nominatim-shaped answer for a place the curated data does not hold (Qayyarah airfield).
QAYYARAH = {
    "place_id": 1001, "osm_id": 123456, "osm_type": "way", "lat": "35.7667", "lon": "43.1250",
    "name": "Qayyarah Airfield West", "display_name": "Qayyarah Airfield West, Nineveh, Iraq",
    "type": "aerodrome", "addresstype": "aeroway",
    "address": {"aeroway": "Qayyarah Airfield West", "state": "Nineveh", "country": "Iraq", "country_code": "iq"},
}  # fmt: skip


class _Nominatim(BaseHTTPRequestHandler):
    calls: typing.ClassVar[list[tuple[float, str, str]]] = []

    def do_GET(self) -> None:
        url = urlparse(self.path)
        q = parse_qs(url.query).get("q", [""])[0]
        type(self).calls.append((time.monotonic(), q, self.headers.get("User-Agent", "")))
        if url.path != "/search":
            self._send(404, "text/html", b"<html>not found</html>")
        elif q == "slow place":
            time.sleep(1.5)
            self._send(200, "application/json", b"[]")
        elif q == "limited place":
            self._send(429, "text/html", b"<html><body>Too Many Requests</body></html>")
        elif q == "broken place":
            self._send(
                500, "text/html", b"<html><body><h1>Internal Server Error</h1></body></html>"
            )
        elif q.lower().startswith("qayyarah"):
            self._send(200, "application/json", json.dumps([QAYYARAH]).encode())
        else:
            self._send(200, "application/json", b"[]")

    def _send(self, code: int, ctype: str, body: bytes) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    _Nominatim.calls = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Nominatim)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def geocoder(server: str, tmp_path: Path, **kw: object) -> OnlineGeocoder:
    opts = {
        "domain": server,
        "scheme": "http",
        "cache_path": tmp_path / "cache.json",
        "min_delay_seconds": 0.3,
        "timeout": 0.5,
    }
    opts.update(kw)
    return OnlineGeocoder(**opts)  # type: ignore[arg-type]


def test_online_result_is_a_place_with_its_tier(server: str, tmp_path: Path) -> None:
    g = geocoder(server, tmp_path)
    place = g.lookup("Qayyarah Airfield West")
    assert place is not None
    assert (place.country, place.tier, place.lat, place.lon) == ("IQ", "online", 35.7667, 43.125)
    assert place.place_id == "online:nominatim:123456"
    assert _Nominatim.calls[0][2].startswith("geomap/")  # a user agent, per Nominatim's policy


def test_answers_are_cached_on_disk(server: str, tmp_path: Path) -> None:
    g = geocoder(server, tmp_path)
    assert g.lookup("Qayyarah Airfield West") is not None
    assert g.lookup("QAYYARAH airfield west") is not None  # same normalised key
    assert len(_Nominatim.calls) == 1
    again = geocoder(server, tmp_path)  # a new process would read the same cache file
    assert again.lookup("Qayyarah Airfield West") is not None
    assert len(_Nominatim.calls) == 1
    entries = json.loads((tmp_path / "cache.json").read_text())["entries"]
    assert normalize_name("Qayyarah Airfield West") in entries[f"http://{server}/search"]


def test_requests_are_rate_limited(server: str, tmp_path: Path) -> None:
    g = geocoder(server, tmp_path, min_delay_seconds=0.4)
    for name in ("nowhere one", "nowhere two", "nowhere three"):
        assert g.lookup(name) is None
    times = [t for t, _, _ in _Nominatim.calls]
    assert len(times) == 3
    assert all(b - a >= 0.38 for a, b in itertools.pairwise(times))


@pytest.mark.parametrize(
    ("name", "fragment"),
    [("slow place", "Timed"), ("limited place", "429"), ("broken place", "500")],
)
def test_failures_are_warnings_not_crashes(
    server: str, tmp_path: Path, name: str, fragment: str
) -> None:
    g = geocoder(server, tmp_path)
    assert g.lookup(name) is None
    (warning,) = g.warnings
    assert name in warning and fragment.lower() in warning.lower()
    # a failure is not cached: the next run asks again
    assert "slow place" not in json.loads(
        (tmp_path / "cache.json").read_text() if (tmp_path / "cache.json").exists() else "{}"
    )


def test_curated_always_wins(server: str, tmp_path: Path, tiny_gaz: Gazetteer) -> None:
    g = geocoder(server, tmp_path)
    res = resolve_name("Ayn al Asad", tiny_gaz, online=g)
    assert res is not None and res.tier == "curated" and res.place.place_id == "iq.anbar.al-asad"
    assert _Nominatim.calls == []
    res2 = resolve_name("Qayyarah Airfield West", tiny_gaz, world=False, online=g)
    assert res2 is not None and res2.tier == "online" and "nominatim" in res2.reason


def test_world_tier_finds_cities_and_countries(tiny_gaz: Gazetteer) -> None:
    mosul = resolve_name("Mosul", tiny_gaz)
    assert mosul is not None and mosul.tier == "world" and mosul.place.country == "IQ"
    assert abs(mosul.place.lat - 36.34) < 0.1 and abs(mosul.place.lon - 43.13) < 0.1
    assert world_gazetteer().lookup("Kuwait") is not None
    assert resolve_name("Xyzzyville of Nowhere", tiny_gaz) is None


@pytest.fixture
def cli(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tiny_gaz_dir: Path
) -> typing.Callable[..., int]:
    """``geomap`` with the tiny gazetteer, a cache of its own, and ``ONLINE`` on the server."""
    from geo.cli import main

    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tiny_gaz_dir))
    monkeypatch.setenv("HOME", str(tmp_path))  # the default cache lives under ~/.cache

    def run(*args: str) -> int:
        online = ["--online", "--geocoder-url", f"http://{server}"]
        return main([a for arg in args for a in (online if arg == "ONLINE" else [arg])])

    return run


def test_cli_lookup_online(
    cli: typing.Callable[..., int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        cli("gazetteer", "lookup", "Qayyarah Airfield West", "--no-world", "ONLINE", "--json") == 0
    )
    d = json.loads(capsys.readouterr().out)
    assert d["tier"] == "online" and d["country"] == "IQ"
    assert cli("gazetteer", "lookup", "broken place", "--no-world", "ONLINE") == 2
    err = capsys.readouterr().err
    assert "warning" in err and "no place named 'broken place'" in err


def test_cli_unresolved_online_candidates(
    cli: typing.Callable[..., int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    art = tmp_path / "a.txt"
    art.write_text(
        "Rockets hit a base near Qayyarah Airfield West on Friday, and a drone fell near Mosul.\n",
        encoding="utf-8",
    )
    assert cli("gazetteer", "unresolved", str(art), "ONLINE") == 0
    out = capsys.readouterr().out
    assert "Qayyarah Airfield West  -> 35.7667, 43.1250" in out and "online" in out
    assert "Mosul  -> " in out and "world" in out  # the offline tier answers first
