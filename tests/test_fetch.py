"""Pages and feeds fetched from a real HTTP server on 127.0.0.1 (nothing reaches the internet)."""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from geo import __version__
from geo.cli import main
from geo.errors import UsageError
from geo.fetch import Fetcher, read_feed_list, read_urls

pytestmark = pytest.mark.cli

# Articles in our own words about real attacks of 2023-24 on US forces.
PAGE = """<!doctype html>
<html><head><title>{title}</title>
<meta property="og:title" content="{title}">
<meta property="article:published_time" content="{published}">
</head><body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>{title}</h1>
{paragraphs}
</article><footer>Copyright the Example Desk</footer></body></html>
"""

ARTICLES = {
    "/a/asad": (
        "Drone targets western Iraq base",
        "2024-01-25",
        [
            "A one-way attack drone struck Al-Asad Air Base in western Iraq on Saturday, "
            "US officials said, in the latest of a series of attacks on American troops.",
            "The Islamic Resistance in Iraq claimed the attack in a statement. Officials said "
            "two service members suffered minor injuries and the damage was being assessed.",
            "The base in Anbar province hosts US and coalition forces who advise Iraqi troops.",
        ],
    ),
    "/a/erbil": (
        "Erbil base attacked",
        "2024-01-25",
        [
            "Rockets were fired at Erbil Air Base in northern Iraq on Wednesday, a US "
            "defence official said, adding that no one was hurt in the attack.",
            "No group immediately said it was behind the rockets, the official said. The "
            "base hosts American troops and has been targeted repeatedly since October.",
            "Kurdish security officials said they were searching for the launch site.",
        ],
    ),
    "/a/embassy": (
        "Mortars near US embassy",
        "2023-12-09",
        [
            "Several mortar rounds landed near the US Embassy in Baghdad on Friday, "
            "security sources said, in an attack that caused no casualties.",
            "It was the first attack on the embassy compound in more than a year, officials "
            "said, and came amid rising strikes on US forces across Iraq and Syria.",
            "Iraqi authorities said they had opened an investigation into the attack.",
        ],
    ),
}

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Euphrates Daily</title><link>{base}/</link><description>News</description>
<item><title>Drone strikes Al-Asad air base</title><link>{base}/a/asad#top</link>
<guid>{base}/a/asad</guid><pubDate>Sat, 20 Jan 2024 23:30:00 +0300</pubDate></item>
<item><title>Rockets fired at Erbil</title><link>{base}/a/erbil</link>
<pubDate>Wed, 24 Jan 2024 18:00:00 +0000</pubDate></item>
<item><title>A page that has gone</title><link>{base}/a/gone</link>
<pubDate>Thu, 25 Jan 2024 08:00:00 +0000</pubDate>
<description>&lt;p&gt;A drone attack targeted Erbil Air Base on Thursday, officials said.&lt;/p&gt;</description>
</item>
</channel></rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Tigris Monitor</title><id>urn:tigris</id><updated>2023-12-08T20:00:00Z</updated>
<entry><title>Mortar rounds land near the US embassy</title>
<link href="{base}/a/embassy"/><id>urn:tigris:1</id>
<updated>2023-12-08T20:00:00Z</updated></entry>
</feed>
"""

ETAG = '"v1-feed"'


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (the timeout test) is no news


class Server:
    """A real HTTP server on 127.0.0.1; it records every request's path and headers."""

    def __init__(self) -> None:
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.answers: list[tuple[str, int]] = []
        self.flaky_left = 1
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                outer.requests.append((self.path, dict(self.headers.items())))
                outer.route(self)

        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def send(
        self, h: BaseHTTPRequestHandler, status: int, body: bytes = b"", **headers: str
    ) -> None:
        self.answers.append((h.path, status))
        h.send_response(status)
        for k, v in headers.items():
            h.send_header(k.replace("_", "-"), v)
        if "Content_Length" not in headers:
            h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def route(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path
        if path in {"/rss.xml", "/atom.xml"}:
            if h.headers.get("If-None-Match") == ETAG:
                self.send(h, 304, ETag=ETAG)
                return
            feed = RSS if path == "/rss.xml" else ATOM
            kind = "application/rss+xml" if path == "/rss.xml" else "application/atom+xml"
            body = feed.format(base=self.base).encode()
            self.send(h, 200, body, Content_Type=kind, ETag=ETAG)
        elif path in ARTICLES:
            title, published, paras = ARTICLES[path]
            html = PAGE.format(
                title=title,
                published=published,
                paragraphs="\n".join(f"<p>{p}</p>" for p in paras),
            )
            self.send(
                h,
                200,
                html.encode(),
                Content_Type="text/html; charset=utf-8",
                Last_Modified="Thu, 25 Jan 2024 10:00:00 GMT",
            )
        elif path == "/loop-a":
            self.send(h, 302, Location="/loop-b")
        elif path == "/loop-b":
            self.send(h, 302, Location=f"{self.base}/loop-a")
        elif path == "/moved":
            self.send(h, 301, Location="/a/embassy")
        elif path == "/report.pdf":
            self.send(h, 200, b"%PDF-1.4 not a page", Content_Type="application/pdf")
        elif path == "/huge":
            # declares 50 MB and sends a little: refused before the body is read
            self.send(h, 200, b"<html>", Content_Type="text/html", Content_Length=str(50 << 20))
        elif path == "/slow":
            time.sleep(2.5)
            self.send(h, 200, b"<html>late</html>", Content_Type="text/html")
        elif path == "/flaky":
            if self.flaky_left:
                self.flaky_left -= 1
                self.send(h, 503, b"busy")
                return
            h.path = "/a/asad"
            self.route(h)
        elif path == "/broken.xml":
            self.send(h, 200, b"<rss><chan", Content_Type="application/rss+xml")
        elif path == "/always-500":
            self.send(h, 500, b"broken")
        else:
            self.send(h, 404, b"not here", Content_Type="text/plain")

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]


@pytest.fixture
def server() -> Iterator[Server]:
    s = Server()
    s.thread.start()
    yield s
    s.httpd.shutdown()
    s.httpd.server_close()


@pytest.fixture(autouse=True)
def _offline_setup(monkeypatch: pytest.MonkeyPatch, tiny_gaz_dir: Path, tmp_path: Path) -> None:
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tiny_gaz_dir))
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path / "cache"))
    for var in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(var, raising=False)


def quick(**kw: Any) -> Fetcher:
    """A fetcher that does not wait between requests (the server is ours)."""
    args: dict[str, Any] = {"min_interval": 0.0, "backoff": 0.0, **kw}
    return Fetcher(**args)


def warnings_of(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


def features(path: Path) -> list[dict[str, Any]]:
    return [f["properties"] for f in json.loads(path.read_text(encoding="utf-8"))["features"]]


# --- feeds ---------------------------------------------------------------------------


def test_rss_entries_become_documents_with_the_feeds_metadata(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="geo"):
        docs = list(read_urls(feeds=[f"{server.base}/rss.xml"], fetcher=quick()))
    base = server.base
    assert [d.name for d in docs] == [f"{base}/a/asad", f"{base}/a/erbil", f"{base}/a/gone"]
    asad, erbil, gone = docs
    # the feed's title, outlet, link and date win over the page's own
    assert asad.title == "Drone strikes Al-Asad air base"
    assert asad.outlet == "Euphrates Daily"
    assert asad.url == f"{base}/a/asad"
    assert asad.published is not None and asad.published.isoformat() == "2024-01-20"
    assert asad.published_from == "feed entry"
    assert "one-way attack drone struck Al-Asad Air Base" in asad.text
    assert "Copyright" not in asad.text  # the page's furniture is left out
    assert erbil.published is not None and erbil.published.isoformat() == "2024-01-24"
    # a dead entry link: its summary is read instead, with a warning naming it
    assert gone.text == "A drone attack targeted Erbil Air Base on Thursday, officials said."
    assert warnings_of(caplog) == [
        f"{base}/a/gone: HTTP 404 (not found); the feed's summary read instead"
    ]
    assert all(
        h["User-Agent"] == f"geomap/{__version__} (+https://github.com/geomap-project/geomap)"
        for _, h in server.requests
    )


def test_atom_entry(server: Server) -> None:
    (doc,) = read_urls(feeds=[f"{server.base}/atom.xml"], fetcher=quick())
    assert doc.name == f"{server.base}/a/embassy"
    assert doc.outlet == "Tigris Monitor"
    assert doc.title == "Mortar rounds land near the US embassy"
    assert doc.published is not None and doc.published.isoformat() == "2023-12-08"


def test_a_url_that_answers_with_a_feed_is_read_as_one(server: Server) -> None:
    (doc,) = read_urls([f"{server.base}/atom.xml"], fetcher=quick())
    assert doc.outlet == "Tigris Monitor"


def test_second_fetch_is_conditional_and_answered_from_the_cache(server: Server) -> None:
    feed = f"{server.base}/rss.xml"
    first = list(read_urls(feeds=[feed], fetcher=quick()))
    server.requests.clear()
    server.answers.clear()
    second = list(read_urls(feeds=[feed], fetcher=quick()))
    assert [(d.name, d.text, d.published) for d in second] == [
        (d.name, d.text, d.published) for d in first
    ]
    sent = dict(server.requests)
    assert sent["/rss.xml"]["If-None-Match"] == ETAG
    assert sent["/a/asad"]["If-Modified-Since"] == "Thu, 25 Jan 2024 10:00:00 GMT"
    answered = dict(server.answers)
    assert answered["/rss.xml"] == 304
    assert answered["/a/asad"] == 200  # the server ignores If-Modified-Since; still read


# --- pages and failures ---------------------------------------------------------------


def test_a_page_is_read_and_named_by_its_url(server: Server) -> None:
    (doc,) = read_urls([f"{server.base}/moved"], fetcher=quick())
    assert doc.name == doc.url == f"{server.base}/moved"
    assert "mortar rounds landed near the US Embassy in Baghdad" in doc.text
    assert doc.published is not None and doc.published.isoformat() == "2023-12-09"
    assert doc.published_from == "html metadata"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/nowhere", "HTTP 404 (not found)"),
        ("/loop-a", "redirect loop"),
        ("/report.pdf", "not an HTML page (application/pdf)"),
        ("/huge", "too large: over 10 MB"),
        ("/always-500", "HTTP 500 (server error)"),
    ],
)
def test_each_failure_is_one_warning_and_a_skip(
    server: Server, caplog: pytest.LogCaptureFixture, path: str, reason: str
) -> None:
    with caplog.at_level(logging.WARNING, logger="geo"):
        docs = list(read_urls([f"{server.base}{path}", f"{server.base}/a/erbil"], fetcher=quick()))
    assert [d.name for d in docs] == [f"{server.base}/a/erbil"]
    assert warnings_of(caplog) == [f"{server.base}{path}: {reason}; skipped"]


def test_a_server_error_is_retried_and_a_404_is_not(server: Server) -> None:
    (doc,) = read_urls([f"{server.base}/flaky"], fetcher=quick())
    assert "Al-Asad Air Base" in doc.text
    assert server.paths() == ["/flaky", "/flaky"]
    server.requests.clear()
    assert list(read_urls([f"{server.base}/nowhere"], fetcher=quick())) == []
    assert server.paths() == ["/nowhere"]
    server.requests.clear()
    assert list(read_urls([f"{server.base}/always-500"], fetcher=quick(retries=2))) == []
    assert server.paths() == ["/always-500"] * 3


def test_too_slow_is_a_warning(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="geo"):
        assert list(read_urls([f"{server.base}/slow"], fetcher=quick(timeout=0.5))) == []
    assert warnings_of(caplog) == [
        f"{server.base}/slow: too slow: no whole answer within 0.5 s; skipped"
    ]
    assert server.paths() == ["/slow"]  # a timeout is not retried


def test_a_body_over_the_cap_is_refused(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="geo"):
        assert list(read_urls([f"{server.base}/a/asad"], fetcher=quick(max_bytes=200))) == []
    assert warnings_of(caplog) == [f"{server.base}/a/asad: too large: over 200 bytes; skipped"]


def test_a_dead_host_is_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    # a port nobody listens on: bound, then closed
    with ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler) as probe:
        port = probe.server_address[1]
    with caplog.at_level(logging.WARNING, logger="geo"):
        assert list(read_urls([f"http://127.0.0.1:{port}/x"], fetcher=quick(retries=1))) == []
    (msg,) = warnings_of(caplog)
    assert msg.startswith(f"http://127.0.0.1:{port}/x: cannot be reached: ")
    assert msg.endswith("; skipped")


def test_a_url_with_a_control_character_is_refused_unsent(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="geo"):
        assert list(read_urls([f"{server.base}/a/\x1b[31mred"], fetcher=quick())) == []
    assert warnings_of(caplog) == [
        f"{server.base}/a/\\x1b[31mred: not a valid URL (a space or a control character in it);"
        " skipped"
    ]
    assert server.requests == []


def test_a_page_given_as_a_feed_is_a_warning(
    server: Server, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="geo"):
        assert list(read_urls(feeds=[f"{server.base}/a/asad"], fetcher=quick())) == []
    assert warnings_of(caplog) == [
        f"{server.base}/a/asad: not an RSS or Atom feed (text/html); skipped"
    ]


def test_a_broken_feed_is_a_warning(server: Server, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="geo"):
        assert list(read_urls(feeds=[f"{server.base}/broken.xml"], fetcher=quick())) == []
    assert warnings_of(caplog) == [f"{server.base}/broken.xml: not a readable feed"]


class FakeClock:
    """Time that passes only when the fetcher sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def __call__(self) -> float:
        return self.now


def test_requests_to_one_host_are_spaced(server: Server) -> None:
    clock = FakeClock()
    fetcher = Fetcher(min_interval=1.0, sleep=clock.sleep, clock=clock)
    urls = [f"{server.base}/a/asad", f"{server.base}/a/erbil", f"{server.base}/a/embassy"]
    assert len(list(read_urls(urls, fetcher=fetcher))) == 3
    assert clock.waits == [1.0, 1.0]  # none before the first request


def test_retries_back_off(server: Server) -> None:
    clock = FakeClock()
    fetcher = Fetcher(min_interval=1.0, backoff=1.0, retries=2, sleep=clock.sleep, clock=clock)
    assert list(read_urls([f"{server.base}/always-500"], fetcher=fetcher)) == []
    # 1 s, then 2 s, between the three attempts (each also spaces the host by 1 s)
    assert clock.waits == [1.0, 2.0]
    assert server.paths() == ["/always-500"] * 3


# --- the command line -----------------------------------------------------------------


def test_feed_into_a_store_twice_adds_nothing(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "incidents.gpkg"
    out1, out2 = tmp_path / "one.geojson", tmp_path / "two.geojson"
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# the morning's feeds\n{server.base}/rss.xml\n\n", encoding="utf-8")
    args = ["extract", "--feed", str(feeds), "--feed", f"{server.base}/atom.xml"]
    assert main([*args, "--store", str(store), "-o", str(out1)]) == 0
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert (
        f"geomap: warning: {server.base}/a/gone: HTTP 404 (not found); the feed's summary read instead"
        in err
    )
    one = features(out1)
    places = sorted(p["place_id"] for p in one)
    assert places == [
        "iq.anbar.al-asad",
        "iq.baghdad.us-embassy",
        "iq.erbil.air-base",
        "iq.erbil.air-base",
    ]
    asad = next(p for p in one if p["place_id"] == "iq.anbar.al-asad")
    assert asad["event_date"] == "2024-01-20"
    assert asad["attack_type"] == "drone"
    (src,) = asad["sources"]
    assert (src["outlet"], src["url"], src["published"]) == (
        "Euphrates Daily",
        f"{server.base}/a/asad",
        "2024-01-20",
    )
    server.requests.clear()
    server.answers.clear()
    assert main([*args, "--store", str(store), "-o", str(out2)]) == 0
    assert features(out2) == one
    assert dict(server.requests)["/rss.xml"]["If-None-Match"] == ETAG
    assert dict(server.answers)["/rss.xml"] == 304


def test_extract_urls_with_failures_warns_one_line_each(
    server: Server, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.geojson"
    urls = [f"{server.base}{p}" for p in ("/a/embassy", "/nowhere", "/loop-a", "/report.pdf")]
    assert main(["extract", *urls, "-o", str(out)]) == 0
    err = capsys.readouterr().err.splitlines()
    warned = [line for line in err if "warning" in line]
    assert warned == [
        f"geomap: warning: {server.base}/nowhere: HTTP 404 (not found); skipped",
        f"geomap: warning: {server.base}/loop-a: redirect loop; skipped",
        f"geomap: warning: {server.base}/report.pdf: not an HTML page (application/pdf); skipped",
    ]
    (inc,) = features(out)
    assert (inc["place_id"], inc["event_date"], inc["attack_type"]) == (
        "iq.baghdad.us-embassy",
        "2023-12-08",
        "mortar",
    )


def test_nothing_readable_is_an_error(
    server: Server, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out.geojson"
    assert main(["extract", f"{server.base}/nowhere", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert (
        err.splitlines()[-1] == "geomap: error: nothing could be read from the URLs and feeds given"
    )
    assert not out.exists()


def test_a_bad_feed_list(tmp_path: Path) -> None:
    listing = tmp_path / "feeds.txt"
    listing.write_text("https://example.org/rss\nnot a url\n", encoding="utf-8")
    with pytest.raises(UsageError, match=r"feeds.txt line 2: 'not a url' is not an http\(s\) URL"):
        read_feed_list([str(listing)])
    with pytest.raises(
        UsageError, match=r"neither an http\(s\) URL nor a file of feed URLs \(no such file\)"
    ):
        read_feed_list([str(tmp_path / "missing.txt")])
