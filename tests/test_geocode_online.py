"""The online tier against a misbehaving Nominatim: a real HTTP server on 127.0.0.1.

Each test tells the local server how to answer one query (a normal answer, a 429 with
Retry-After, a 500, a redirect to another server, a drip of one byte at a time, a huge body,
escape sequences in names, a malformed hit) and checks what the geocoder and the command line
make of it. Spacing between requests is measured with the server's own arrival times.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from geo.geocode import OnlineGeocoder

TLS = Path(__file__).parent / "data" / "tls"

# A Nominatim-shaped hit for a small airstrip the curated data does not hold (made up here).
HIT: dict[str, Any] = {
    "place_id": 77, "osm_id": 4242, "osm_type": "node", "lat": "34.5120", "lon": "42.9031",
    "name": "Wadi Sahl Airstrip", "display_name": "Wadi Sahl Airstrip, Anbar, Iraq",
    "type": "aerodrome", "addresstype": "aeroway",
    "address": {"aeroway": "Wadi Sahl Airstrip", "state": "Anbar", "country": "Iraq", "country_code": "iq"},
}  # fmt: skip

#: Characters a terminal acts on: C0 and C1 controls, DEL, bidirectional overrides.
TERMINAL_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

Behaviour = Callable[["_Handler"], None]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        url = urlparse(self.path)
        q = parse_qs(url.query).get("q", [""])[0]
        fake = self.server.fake
        fake.calls.append((time.monotonic(), q))
        fake.paths.append(self.path)
        behaviour = fake.behaviours.get(q, answer([]))
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            behaviour(self)

    def send(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        for k, v in {"Content-Type": "application/json", **(headers or {})}.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    fake: FakeNominatim


class FakeNominatim:
    """A local server that answers each query as the test says; ``[]`` for the others."""

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.calls: list[tuple[float, str]] = []
        self.paths: list[str] = []
        self.behaviours: dict[str, Behaviour] = {}
        self.httpd = _Server(("127.0.0.1", 0), _Handler)
        self.httpd.fake = self
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        self.domain = f"127.0.0.1:{self.httpd.server_address[1]}"
        self.url = f"{'https' if tls else 'http'}://{self.domain}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def queries(self) -> list[str]:
        return [q for _, q in self.calls]


def answer(data: Any) -> Behaviour:
    body = json.dumps(data).encode()
    return lambda h: h.send(200, body)


def status(code: int, body: bytes = b"", **headers: str) -> Behaviour:
    return lambda h: h.send(code, body, {"Content-Type": "text/html", **headers})


@pytest.fixture
def servers() -> Iterator[Callable[[], FakeNominatim]]:
    made: list[FakeNominatim] = []

    def make() -> FakeNominatim:
        made.append(FakeNominatim())
        return made[-1]

    yield make
    for s in made:
        s.close()


@pytest.fixture
def fake(servers: Callable[[], FakeNominatim]) -> FakeNominatim:
    return servers()


def geocoder(server: FakeNominatim, tmp_path: Path, **kw: Any) -> OnlineGeocoder:
    opts: dict[str, Any] = {
        "domain": server.domain,
        "scheme": "http",
        "cache_path": tmp_path / "cache.json",
        "min_delay_seconds": 0.1,
        "timeout": 1.0,
    }
    opts.update(kw)
    return OnlineGeocoder(**opts)


def cached_entries(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [e for per_endpoint in data["entries"].values() for e in per_endpoint.values()]


def one_short_line(warnings: list[str]) -> str:
    (w,) = warnings
    assert "\n" not in w and "\r" not in w and len(w) < 200, w
    assert not TERMINAL_CONTROL.search(w), w
    return w


# --------------------------------------------------------------------------- the cache


def test_cache_answers_belong_to_their_endpoint(
    servers: Callable[[], FakeNominatim], tmp_path: Path
) -> None:
    first, second = servers(), servers()
    first.behaviours["Wadi Sahl"] = answer([HIT])
    second.behaviours["Wadi Sahl"] = answer([{**HIT, "osm_id": 9, "lat": "30.0", "lon": "47.8"}])
    a = geocoder(first, tmp_path).lookup("Wadi Sahl")
    assert a is not None and (a.lat, a.source_ref) == (34.512, "4242")
    # Same cache file, another server: the first server's answer is not served for it.
    b = geocoder(second, tmp_path).lookup("Wadi Sahl")
    assert b is not None and (b.lat, b.source_ref) == (30.0, "9")
    assert second.queries() == ["Wadi Sahl"]
    # Each endpoint keeps its own answer.
    again = geocoder(first, tmp_path).lookup("wadi SAHL")
    assert again is not None and again.lat == 34.512
    assert first.queries() == ["Wadi Sahl"]


def test_an_unwritable_cache_is_one_warning_and_answers_last_the_run(
    fake: FakeNominatim, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "not-a-folder").write_text("", encoding="utf-8")
    fake.behaviours["Wadi Sahl"] = answer([HIT])
    g = geocoder(fake, tmp_path, cache_path=tmp_path / "not-a-folder" / "cache.json")
    assert g.lookup("Wadi Sahl") is not None
    assert g.lookup("Tell Nowhere") is None
    assert g.lookup("Wadi Sahl") is not None
    assert fake.queries() == ["Wadi Sahl", "Tell Nowhere"]
    (record,) = [r for r in caplog.records if r.levelname == "WARNING"]
    assert "cannot write the geocoder cache" in record.getMessage()


def test_a_cache_of_unknown_endpoint_is_not_trusted(fake: FakeNominatim, tmp_path: Path) -> None:
    # The earlier layout: answers by name only, from whichever server gave them.
    stale = {"wadi sahl": {"id": "1", "name": "Elsewhere", "lat": 1.0, "lon": 2.0, "country": "IQ"}}
    (tmp_path / "cache.json").write_text(json.dumps(stale), encoding="utf-8")
    fake.behaviours["Wadi Sahl"] = answer([HIT])
    place = geocoder(fake, tmp_path).lookup("Wadi Sahl")
    assert place is not None and place.name == "Wadi Sahl Airstrip"
    assert fake.queries() == ["Wadi Sahl"]


def test_no_result_is_forgotten_after_its_ttl_but_a_place_is_kept(
    fake: FakeNominatim, tmp_path: Path
) -> None:
    fake.behaviours["Wadi Sahl"] = answer([HIT])
    g = geocoder(fake, tmp_path)
    assert g.lookup("Tell Nowhere") is None
    assert g.lookup("Wadi Sahl") is not None
    assert geocoder(fake, tmp_path).lookup("Tell Nowhere") is None  # fresh: remembered
    assert fake.queries() == ["Tell Nowhere", "Wadi Sahl"]
    # Eight days later (the stored times moved back): "no result" is asked again, the
    # place is still known.
    cache = tmp_path / "cache.json"
    data = json.loads(cache.read_text(encoding="utf-8"))
    for per_endpoint in data["entries"].values():
        for entry in per_endpoint.values():
            entry["at"] -= 8 * 86400
    cache.write_text(json.dumps(data), encoding="utf-8")
    later = geocoder(fake, tmp_path)
    assert later.lookup("Tell Nowhere") is None
    assert later.lookup("Wadi Sahl") is not None
    assert fake.queries() == ["Tell Nowhere", "Wadi Sahl", "Tell Nowhere"]
    # The time to live is a parameter.
    assert geocoder(fake, tmp_path, negative_ttl_seconds=0).lookup("Tell Nowhere") is None
    assert fake.queries()[-1] == "Tell Nowhere" and len(fake.calls) == 4


# --------------------------------------------------------------------------- bounded requests


def _drip(data: bytes, every: float, done: dict[str, Any]) -> Behaviour:
    """Write ``data`` one byte at a time, status line and headers included."""

    def run(h: _Handler) -> None:
        sent = 0
        try:
            for i in range(len(data)):
                h.wfile.write(data[i : i + 1])
                h.wfile.flush()
                sent += 1
                time.sleep(every)
        finally:
            done["sent"] = sent
            done["event"].set()

    return run


@pytest.mark.parametrize("headers_too", [False, True], ids=["body", "headers-and-body"])
def test_a_dripping_server_is_cut_off_at_the_deadline(
    fake: FakeNominatim, tmp_path: Path, headers_too: bool
) -> None:
    body = json.dumps([HIT]).encode()
    head = (
        f"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode()
    done: dict[str, Any] = {"event": threading.Event()}
    if headers_too:
        fake.behaviours["Wadi Sahl"] = _drip(head + body, 0.2, done)
    else:

        def head_then_drip(h: _Handler) -> None:
            h.wfile.write(head)
            _drip(body, 0.2, done)(h)

        fake.behaviours["Wadi Sahl"] = head_then_drip
    # Every byte comes well within the 1 s a socket read waits, so only a deadline for the
    # whole request stops it.
    g = geocoder(fake, tmp_path, timeout=1.0)
    assert g.lookup("Wadi Sahl") is None
    w = one_short_line(g.warnings)
    assert "'Wadi Sahl'" in w and "timed out" in w
    # The geocoder hung up: the server could not send the whole answer.
    assert done["event"].wait(30)
    assert done["sent"] < len(body)
    assert not (tmp_path / "cache.json").exists()  # a failure is not cached


def _huge(code: int, prefix: bytes, filler: bytes, suffix: bytes, size: int) -> Behaviour:
    """Stream ``size`` bytes with no Content-Length (the body ends when the server closes)."""

    def run(h: _Handler) -> None:
        h.send_response(code)
        h.send_header("Content-Type", "application/json")
        h.end_headers()
        h.wfile.write(prefix)
        chunk = filler * (65536 // len(filler))
        for _ in range(size // len(chunk)):
            h.wfile.write(chunk)
        h.wfile.write(suffix)

    return run


def test_a_huge_answer_is_not_read_nor_printed(fake: FakeNominatim, tmp_path: Path) -> None:
    # A valid JSON answer of 3 MB: a hit whose display name is padded with spaces.
    fake.behaviours["Wadi Sahl"] = _huge(
        200,
        b'[{"osm_id": 5, "lat": "34.5", "lon": "42.9", "address": {"country_code": "iq"}, '
        b'"name": "Wadi Sahl", "display_name": "Wadi',
        b" ",
        b'"}]',
        3 << 20,
    )
    fake.behaviours["Tell Error"] = _huge(500, b"<html>", b"server trouble ", b"</html>", 3 << 20)
    g = geocoder(fake, tmp_path)
    assert g.lookup("Wadi Sahl") is None
    w = one_short_line(g.warnings)
    assert "larger than 2 MB" in w
    assert g.lookup("Tell Error") is None
    w = one_short_line(g.warnings[1:])
    assert "500" in w and "trouble" not in w


def test_a_body_that_is_not_json_is_one_line_without_the_body(
    fake: FakeNominatim, tmp_path: Path
) -> None:
    fake.behaviours["Wadi Sahl"] = status(200, b"<html>\n<p>Come back\nlater</p>\n</html>\n")
    g = geocoder(fake, tmp_path)
    assert g.lookup("Wadi Sahl") is None
    w = one_short_line(g.warnings)
    assert "not JSON" in w and "Come back" not in w


# --------------------------------------------------------------------------- untrusted text


def test_escape_sequences_in_answers_never_reach_names_or_the_cache(
    fake: FakeNominatim, tmp_path: Path
) -> None:
    hostile = {
        **HIT,
        "name": "\x1b]8;;http://example.invalid/\x07Wadi\x1b]8;;\x07 \x1b[31mSahl\x9b0m\u202e",
        "display_name": "\x1b[2J\x1b[HWadi Sahl, Anbar",
        "type": "aero\x1bdrome",
        "osm_id": "42\x0742",
        "address": {**HIT["address"], "state": "An\x1b[5mbar\r\n"},
    }
    fake.behaviours["Wadi Sahl"] = answer([hostile])
    g = geocoder(fake, tmp_path)
    place = g.lookup("Wadi Sahl")
    assert place is not None
    for text in (place.name, place.admin1, place.kind, place.source_ref, place.place_id):
        assert not TERMINAL_CONTROL.search(text), text
    assert "Wadi" in place.name and "Sahl" in place.name and "bar" in place.admin1
    # What the cache keeps, and what a later run prints from it, is as clean.
    cached = tmp_path / "cache.json"
    assert not TERMINAL_CONTROL.search(json.dumps(json.loads(cached.read_text("utf-8"))))
    assert not TERMINAL_CONTROL.search(cached.read_text("utf-8"))
    again = geocoder(fake, tmp_path).lookup("Wadi Sahl")
    assert again == place and len(fake.calls) == 1


# --------------------------------------------------------------------------- the rate limit


def test_retry_after_is_honoured_and_the_spacing_kept(fake: FakeNominatim, tmp_path: Path) -> None:
    fake.behaviours["Tell Busy"] = status(429, b"slow down", **{"Retry-After": "2"})
    g = geocoder(fake, tmp_path, min_delay_seconds=0.3)
    assert g.lookup("Tell Busy") is None
    assert "429" in one_short_line(g.warnings)
    for name in ("Tell One", "Tell Two", "Tell Three"):
        assert g.lookup(name) is None
    # One request per lookup (nothing retried behind the caller's back), the next one not
    # before the server said, and the usual spacing afterwards.
    assert fake.queries() == ["Tell Busy", "Tell One", "Tell Two", "Tell Three"]
    times = [t for t, _ in fake.calls]
    assert times[1] - times[0] >= 2.0
    assert all(b - a >= 0.3 for a, b in itertools.pairwise(times[1:]))


def test_a_long_retry_after_is_bounded(fake: FakeNominatim, tmp_path: Path) -> None:
    fake.behaviours["Tell Busy"] = status(429, **{"Retry-After": "86400"})
    g = geocoder(fake, tmp_path, min_delay_seconds=0.2, max_retry_after_seconds=1.0)
    assert g.lookup("Tell Busy") is None
    assert g.lookup("Tell One") is None
    assert fake.queries() == ["Tell Busy", "Tell One"]
    assert fake.calls[1][0] - fake.calls[0][0] >= 1.0
    assert "86400" in g.warnings[0] or "1 s" in g.warnings[0]


# --------------------------------------------------------------------------- redirects


def test_a_redirect_to_another_server_is_not_followed(
    servers: Callable[[], FakeNominatim], tmp_path: Path
) -> None:
    fake, elsewhere = servers(), servers()
    elsewhere.behaviours["Wadi Sahl"] = answer([HIT])
    fake.behaviours["Wadi Sahl"] = status(
        302, Location=f"{elsewhere.url}/search?q=Wadi+Sahl&format=json"
    )
    g = geocoder(fake, tmp_path)
    assert g.lookup("Wadi Sahl") is None
    w = one_short_line(g.warnings)
    assert "redirect" in w and "302" in w
    assert elsewhere.calls == []


# --------------------------------------------------------------------------- malformed hits


def _without(key: str) -> dict[str, Any]:
    return {k: v for k, v in HIT.items() if k != key}


@pytest.mark.parametrize(
    "data",
    [
        [{**HIT, "address": ["iq", "Anbar"]}],
        [_without("lat")],
        [_without("lon")],
        [{**HIT, "lat": "north"}],
        [{**HIT, "lat": "91.5"}],
        [{**HIT, "lon": "NaN"}],
        [{**HIT, "lat": None}],
        ["Wadi Sahl Airstrip"],
        {"lat": "34.5", "lon": "42.9"},
        42,
    ],
    ids=[
        "address-list", "no-lat", "no-lon", "lat-word", "lat-range", "lon-nan", "lat-null",
        "hit-string", "object", "number",
    ],
)  # fmt: skip
def test_a_malformed_hit_is_no_hit_with_one_warning(
    fake: FakeNominatim, tmp_path: Path, data: Any
) -> None:
    fake.behaviours["Wadi Sahl"] = answer(data)
    g = geocoder(fake, tmp_path)
    assert g.lookup("Wadi Sahl") is None
    w = one_short_line(g.warnings)
    assert "'Wadi Sahl'" in w and "malformed" in w


# --------------------------------------------------------------------------- proxies


def test_the_system_proxy_is_used(
    servers: Callable[[], FakeNominatim], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The proxy is a local server too: it sees the absolute URL and answers for the target.
    target, proxy = servers(), servers()
    proxy.behaviours["Wadi Sahl"] = answer([HIT])
    for var in ("no_proxy", "NO_PROXY", "HTTP_PROXY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("http_proxy", proxy.url)
    place = geocoder(target, tmp_path).lookup("Wadi Sahl")
    assert place is not None and place.lat == 34.512
    assert target.calls == [] and proxy.queries() == ["Wadi Sahl"]
    assert proxy.paths[0].startswith(f"{target.url}/search?")


# --------------------------------------------------------------------------- HTTPS


@pytest.fixture
def tls_fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeNominatim]:
    """An HTTPS fake, and clients that trust its self-signed certificate (tests/data/tls)."""
    from geopy.geocoders import options

    server_side = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_side.load_cert_chain(TLS / "cert.pem", TLS / "key.pem")
    monkeypatch.setattr(
        options, "default_ssl_context", ssl.create_default_context(cafile=str(TLS / "cert.pem"))
    )
    server = FakeNominatim(server_side)
    yield server
    server.close()


def test_https_answers_and_its_deadline(tls_fake: FakeNominatim, tmp_path: Path) -> None:
    body = json.dumps([HIT]).encode()
    done: dict[str, Any] = {"event": threading.Event()}

    def head_then_drip(h: _Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        _drip(body, 0.2, done)(h)

    tls_fake.behaviours["Wadi Sahl"] = answer([HIT])
    tls_fake.behaviours["Tell Drip"] = head_then_drip
    g = geocoder(tls_fake, tmp_path, scheme="https")
    place = g.lookup("Wadi Sahl")
    assert place is not None and place.lat == 34.512 and g.warnings == []
    assert g.lookup("Tell Drip") is None
    assert "timed out" in one_short_line(g.warnings)
    assert done["event"].wait(30) and done["sent"] < len(body)


def test_https_with_an_untrusted_certificate_is_one_warning(
    tls_fake: FakeNominatim, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from geopy.geocoders import options

    monkeypatch.setattr(options, "default_ssl_context", None)  # the system's CAs only
    tls_fake.behaviours["Wadi Sahl"] = answer([HIT])
    g = geocoder(tls_fake, tmp_path, scheme="https")
    assert g.lookup("Wadi Sahl") is None
    assert (
        "CERTIFICATE_VERIFY_FAILED" in one_short_line(g.warnings) or "certificate" in g.warnings[0]
    )


# --------------------------------------------------------------------------- the command line


def _geomap(args: list[str], gaz: Path, cache: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "GEOMAP_GAZETTEER": str(gaz),
        "GEOMAP_CACHE_DIR": str(cache),
        "PYTHONIOENCODING": "utf-8",
        "NO_PROXY": "127.0.0.1",
        "no_proxy": "127.0.0.1",
    }
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.cli
def test_cli_lookup_online_against_the_local_server(
    fake: FakeNominatim, tmp_path: Path, tiny_gaz_dir: Path
) -> None:
    fake.behaviours["Wadi Sahl"] = answer([{**HIT, "name": "Wadi \x1b[31mSahl\x1b[0m Airstrip"}])
    fake.behaviours["Tell Error"] = status(500, b"<html>\n<h1>Oops</h1>\n</html>")
    online = ["--no-world", "--online", "--geocoder-url", fake.url]
    ok = _geomap(["gazetteer", "lookup", "Wadi Sahl", *online], tiny_gaz_dir, tmp_path)
    assert ok.returncode == 0, ok.stderr
    out = ok.stdout.splitlines()
    assert len(out) == 2 and out[0].startswith("'Wadi Sahl' -> online:nominatim:4242 ")
    assert "34.512, 42.9031" in out[0] and "tier online" in out[1]
    assert not TERMINAL_CONTROL.search(ok.stdout.replace("\n", "")) and ok.stderr == ""
    # From the cache on a second run: the same lines, no new request.
    again = _geomap(["gazetteer", "lookup", "Wadi Sahl", *online], tiny_gaz_dir, tmp_path)
    assert (again.returncode, again.stdout) == (0, ok.stdout) and len(fake.calls) == 1

    bad = _geomap(["gazetteer", "lookup", "Tell Error", *online], tiny_gaz_dir, tmp_path)
    assert bad.returncode == 2 and bad.stdout == ""
    err = bad.stderr.splitlines()
    assert len(err) == 2, bad.stderr  # one warning, printed once, and the error
    assert err[0].startswith("geomap: warning: ") and "'Tell Error'" in err[0] and "500" in err[0]
    assert err[1] == "geomap: error: no place named 'Tell Error' in any tier"
    assert "Oops" not in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.cli
def test_cli_unresolved_online_prints_each_warning_once(
    fake: FakeNominatim, tmp_path: Path, tiny_gaz_dir: Path
) -> None:
    fake.behaviours["Tell Error"] = status(503, b"down")
    art = tmp_path / "a.txt"
    art.write_text(
        "---\npublished: 2026-03-06\n---\nA drone fell near Tell Error on Friday, witnesses said.\n",
        encoding="utf-8",
    )
    proc = _geomap(
        ["gazetteer", "unresolved", str(art), "--online", "--geocoder-url", fake.url],
        tiny_gaz_dir,
        tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["    1  Tell Error  -> no candidate"]
    (line,) = proc.stderr.splitlines()
    assert line.startswith("geomap: warning: ") and "'Tell Error'" in line and "503" in line
