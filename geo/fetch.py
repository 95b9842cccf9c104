"""Article pages and RSS/Atom feeds fetched over HTTP, politely, into documents.

``geomap extract URL...`` and ``--feed URL`` come here. A :class:`Fetcher` names geomap and
its version in its user agent, waits :data:`MIN_INTERVAL` seconds between two requests to
one host, gives each request :data:`DEADLINE` seconds in all (connecting, headers, body),
retries a server error (5xx) or a failed connection :data:`RETRIES` times with a growing
pause (never a 4xx, a timeout or a page too large), follows at most :data:`MAX_REDIRECTS`
redirects (a loop is told as one), reads at most :data:`MAX_BYTES` of an answer, and keeps
each answer with its ``ETag`` and ``Last-Modified`` in geomap's cache folder, so the next
request for it is conditional and a ``304 Not Modified`` costs no body.

A URL that gives nothing usable (a 404, a redirect loop, an answer that is neither an HTML
page nor a feed, one too large or too slow, a host that cannot be reached) is one warning
naming it, and skipped: never a traceback.

A feed entry's date, title, outlet (the feed's title) and link become its document's
metadata, winning over the page's own. A document is named by its URL (the fragment
dropped), so the same entry read on another day is the same source: with ``--store``, the
same feed twice adds nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import math
import os
import re
import tempfile
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urljoin, urlsplit, urlunsplit

from geo import __version__
from geo._util import safe_text
from geo.dates import parse_date_value
from geo.documents import decode_bytes, html_document, text_document
from geo.errors import DocumentError, UsageError
from geo.geocode import _FetchError, _http_get, cache_dir

if TYPE_CHECKING:
    from geo.models import Document

__all__ = [
    "DEADLINE",
    "MAX_BYTES",
    "MAX_REDIRECTS",
    "MIN_INTERVAL",
    "RETRIES",
    "FetchFailed",
    "Fetched",
    "Fetcher",
    "is_url",
    "read_feed_list",
    "read_urls",
    "user_agent",
]

#: Seconds one request may take in all: connecting, the headers and the whole body.
DEADLINE: Final = 30.0
#: Seconds between the starts of two requests to the same host.
MIN_INTERVAL: Final = 1.0
#: Extra attempts after a server error (5xx) or a failed connection.
RETRIES: Final = 2
#: Seconds before the first retry; each further retry waits twice as long.
BACKOFF: Final = 1.0
#: Redirects followed for one URL.
MAX_REDIRECTS: Final = 5
#: Largest answer read (bytes); a larger one is refused.
MAX_BYTES: Final = 10 << 20
#: Layout of a cache entry; an entry of another layout is ignored and rewritten.
CACHE_FORMAT: Final = 1

_HTML_TYPES: Final = frozenset({"text/html", "application/xhtml+xml"})
_FEED_TYPES: Final = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/feed+xml"}
)
_XML_TYPES: Final = frozenset({"application/xml", "text/xml"})
_BAD_URL_CHAR: Final = re.compile(r"[\x00-\x20\x7f-\x9f]")
_REDIRECTS: Final = frozenset({301, 302, 303, 307, 308})
_ACCEPT_PAGE: Final = "text/html,application/xhtml+xml;q=0.9,application/xml;q=0.5,*/*;q=0.1"
_ACCEPT_FEED: Final = (
    "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1"
)

log = logging.getLogger(__name__)


def user_agent() -> str:
    """Return the ``User-Agent`` geomap sends: its name, version and home page."""
    return f"geomap/{__version__} (+https://github.com/geomap-project/geomap)"


def is_url(value: str | os.PathLike[str]) -> bool:
    """Whether ``value`` is an ``http://`` or ``https://`` URL with a host."""
    if not isinstance(value, str):
        return False
    parts = urlsplit(value.strip())
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


class FetchFailed(Exception):
    """A URL that gave nothing usable; the message says why, in one line."""


@dataclass(frozen=True)
class Fetched:
    """An answer: the URL asked for, where it ended up, its content type and body."""

    url: str
    final_url: str
    content_type: str
    charset: str | None
    body: bytes
    from_cache: bool = False

    @property
    def kind(self) -> str | None:
        """``"html"``, ``"feed"``, or None for anything else (told by type, then content)."""
        head = self.body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        if self.content_type in _FEED_TYPES:
            return "feed"
        looks_feed = head.startswith(b"<?xml") and any(
            tag in self.body[:4096].lower() for tag in (b"<rss", b"<feed", b"<rdf:rdf")
        )
        looks_feed = looks_feed or head.startswith((b"<rss", b"<feed"))
        if self.content_type in _HTML_TYPES:
            return "feed" if looks_feed else "html"
        if self.content_type in _XML_TYPES or not self.content_type:
            if looks_feed:
                return "feed"
            if head.startswith((b"<!doctype html", b"<html")):
                return "html"
        return None


def _short(text: str, limit: int = 100) -> str:
    text = " ".join(safe_text(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _clean_url(url: str) -> str:
    """``url`` without its fragment (the same page)."""
    p = urlsplit(url.strip())
    return urlunsplit((p.scheme.lower(), p.netloc.lower(), p.path or "/", p.query, ""))


class Fetcher:
    """Polite HTTP GETs with a conditional-request cache on disk.

    Parameters
    ----------
    cache : path-like or None, optional
        Folder for cached answers; default ``http/`` in geomap's cache folder
        (:func:`geo.geocode.cache_dir`). ``False`` keeps no cache.
    timeout : float, default DEADLINE
        Seconds one request may take in all.
    min_interval : float, default MIN_INTERVAL
        Seconds between two requests to one host.
    retries : int, default RETRIES
        Extra attempts after a 5xx answer or a failed connection.
    backoff : float, default BACKOFF
        Seconds before the first retry, doubled for each next one.
    max_bytes : int, default MAX_BYTES
        Largest answer read.
    sleep : callable, default time.sleep
        How to wait (for the rate limit and the backoff).
    clock : callable, default time.monotonic
        The clock the rate limit reads.
    """

    def __init__(
        self,
        *,
        cache: str | os.PathLike[str] | bool | None = None,
        timeout: float = DEADLINE,
        min_interval: float = MIN_INTERVAL,
        retries: int = RETRIES,
        backoff: float = BACKOFF,
        max_bytes: int = MAX_BYTES,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if cache is None or cache is True:
            self.cache: Path | None = cache_dir() / "http"
        elif cache is False:
            self.cache = None
        else:
            self.cache = Path(cache)
        self.timeout = timeout
        self.min_interval = min_interval
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self._sleep = sleep
        self._clock = clock
        self._next: dict[str, float] = {}
        self._cache_warned = False

    # -- the cache ---------------------------------------------------------------------

    def _entry_path(self, url: str) -> Path | None:
        if self.cache is None:
            return None
        return self.cache / hashlib.sha256(url.encode("utf-8", "surrogatepass")).hexdigest()[:40]

    def _cached(self, url: str) -> tuple[dict[str, Any], bytes] | None:
        path = self._entry_path(url)
        if path is None:
            return None
        try:
            meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            body = path.with_suffix(".body").read_bytes()
        except (OSError, ValueError):
            return None
        if (
            not isinstance(meta, dict)
            or meta.get("format") != CACHE_FORMAT
            or meta.get("url") != url
            or meta.get("size") != len(body)
        ):
            return None
        return meta, body

    def _store(self, url: str, meta: dict[str, Any], body: bytes) -> None:
        path = self._entry_path(url)
        if path is None:
            return
        meta = {"format": CACHE_FORMAT, "url": url, "size": len(body), **meta}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # body first, then the record that vouches for it: a reader never pairs a new
            # record with an old body (the size must match too)
            for suffix, data in ((".body", body), (".json", json.dumps(meta).encode("utf-8"))):
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
                try:
                    with os.fdopen(fd, "wb") as fh:
                        fh.write(data)
                    os.replace(tmp, path.with_suffix(suffix))
                except BaseException:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
                    raise
        except OSError as err:
            if not self._cache_warned:
                self._cache_warned = True
                log.warning(
                    "cannot write the page cache in %s (%s); pages are fetched anew each run",
                    safe_text(str(self.cache)),
                    err.strerror or err,
                )

    # -- one request -------------------------------------------------------------------

    def _wait_turn(self, host: str) -> None:
        wait = self._next.get(host, -math.inf) - self._clock()
        if wait > 0:
            self._sleep(wait)
        self._next[host] = self._clock() + self.min_interval

    def _request(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        """One GET of ``url`` with retries on a 5xx answer or a failed connection."""
        host = (urlsplit(url).hostname or "").lower()
        pause = self.backoff
        for attempt in range(self.retries + 1):
            last = attempt == self.retries
            self._wait_turn(host)
            try:
                status, head, body = _http_get(
                    url, headers, timeout=self.timeout, max_bytes=self.max_bytes
                )
            except _FetchError as err:
                if err.timed_out:
                    raise FetchFailed(
                        f"too slow: no whole answer within {self.timeout:g} s"
                    ) from err
                if str(err).startswith("answer larger than"):
                    raise FetchFailed(f"too large: over {_size(self.max_bytes)}") from err
                if last:
                    raise FetchFailed(f"cannot be reached: {_short(str(err))}") from err
            else:
                if not (500 <= status < 600) or last:
                    return status, head, body
            self._sleep(pause)
            pause *= 2
        raise AssertionError("unreachable")  # pragma: no cover

    def get(self, url: str, *, feed: bool = False) -> Fetched:
        """GET ``url``, following redirects, answering from the cache on ``304``.

        Parameters
        ----------
        url : str
            An http(s) URL.
        feed : bool, default False
            Ask for a feed rather than a page (the ``Accept`` header).

        Returns
        -------
        Fetched

        Raises
        ------
        FetchFailed
            With a one-line reason: an HTTP error status, a redirect loop or too many
            redirects, a body too large, a deadline passed, a host that cannot be reached.
        """
        seen = [url]
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if _BAD_URL_CHAR.search(current):
                raise FetchFailed("not a valid URL (a space or a control character in it)")
            headers = {
                "User-Agent": user_agent(),
                "Accept": _ACCEPT_FEED if feed else _ACCEPT_PAGE,
                "Accept-Encoding": "gzip, identity",
            }
            cached = self._cached(current)
            if cached is not None:
                meta = cached[0]
                if meta.get("etag"):
                    headers["If-None-Match"] = str(meta["etag"])
                if meta.get("last_modified"):
                    headers["If-Modified-Since"] = str(meta["last_modified"])
            status, head, body = self._request(current, headers)
            if status in _REDIRECTS:
                where = head.get("location", "").strip()
                if not where:
                    raise FetchFailed(f"redirect ({status}) with no Location")
                target = urljoin(current, where).split("#", 1)[0]
                if not is_url(target):
                    raise FetchFailed(f"redirect to {_short(target)}, not an http(s) URL")
                if target in seen:
                    raise FetchFailed("redirect loop")
                seen.append(target)
                current = target
                continue
            if status == 304 and cached is not None:
                meta, body = cached
                return Fetched(
                    url,
                    current,
                    str(meta.get("content_type", "")),
                    meta.get("charset"),
                    body,
                    from_cache=True,
                )
            if status != 200:
                raise FetchFailed(f"HTTP {status}{_STATUS_WORDS.get(status, '')}")
            body = self._decoded(body, head.get("content-encoding", ""))
            ctype, charset = _content_type(head.get("content-type", ""))
            self._store(
                current,
                {
                    "etag": head.get("etag"),
                    "last_modified": head.get("last-modified"),
                    "content_type": ctype,
                    "charset": charset,
                },
                body,
            )
            return Fetched(url, current, ctype, charset, body)
        raise FetchFailed(f"more than {MAX_REDIRECTS} redirects")

    def _decoded(self, body: bytes, encoding: str) -> bytes:
        encoding = encoding.strip().lower()
        if encoding in {"", "identity"}:
            return body
        if encoding not in {"gzip", "x-gzip", "deflate"}:
            raise FetchFailed(f"content encoding {_short(encoding, 30)!r} not understood")
        wbits = 31 if "gzip" in encoding else 15
        d = zlib.decompressobj(wbits)
        try:
            out = d.decompress(body, self.max_bytes + 1)
        except zlib.error as err:
            raise FetchFailed(f"a broken {encoding} body") from err
        if len(out) > self.max_bytes:
            raise FetchFailed(f"too large: over {_size(self.max_bytes)}")
        return out


_STATUS_WORDS: Final = {
    400: " (bad request)",
    401: " (needs a login)",
    403: " (forbidden)",
    404: " (not found)",
    410: " (gone)",
    429: " (too many requests)",
    500: " (server error)",
    502: " (bad gateway)",
    503: " (unavailable)",
    504: " (gateway timeout)",
}


def _size(n: int) -> str:
    return f"{n / (1 << 20):g} MB" if n >= 1 << 20 else f"{n} bytes"


def _content_type(value: str) -> tuple[str, str | None]:
    """Return the media type (lower case) and charset of a ``Content-Type`` header."""
    main, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return main.strip().lower(), charset


def _text_of(answer: Fetched) -> str | None:
    if answer.charset:
        try:
            return answer.body.decode(answer.charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(answer.body, html=True)


class _TextOnly(HTMLParser):
    """The text of an HTML fragment (a feed's summary), scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._skip += 1
        elif tag in {"p", "br", "div", "li"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"} and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _strip_html(fragment: str) -> str:
    parser = _TextOnly()
    parser.feed(fragment)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n\n".join(line for line in lines if line)


def _entry_date(entry: Any) -> date | None:
    """Return the day an entry was published, as the feed wrote it (in its own time zone)."""
    from email.utils import parsedate_to_datetime

    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if not isinstance(raw, str) or not raw.strip():
            continue
        with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
            return parsedate_to_datetime(raw).date()
        found = parse_date_value(raw)
        if found is not None:
            return found
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            with contextlib.suppress(TypeError, ValueError):
                return date(*parsed[:3])
    return None


def _plain(value: Any, detail: Any = None) -> str | None:
    """Return a feed's text field as one line of plain text (HTML titles stripped)."""
    if not isinstance(value, str):
        return None
    kind = detail.get("type", "") if isinstance(detail, dict) else ""
    text = _strip_html(value) if "html" in str(kind) else value
    text = " ".join(text.split())
    return text or None


class _Reader:
    """Turns URLs and feeds into documents, each URL fetched at most once a run."""

    def __init__(self, fetcher: Fetcher, published: date | None) -> None:
        self.fetcher = fetcher
        self.published = published
        self.done: set[str] = set()

    def _page(self, url: str, meta: dict[str, Any], answer: Fetched | None = None) -> Document:
        name = safe_text(url)
        if answer is None:
            answer = self.fetcher.get(url)
        if answer.kind != "html":
            shown = answer.content_type or "no content type"
            raise FetchFailed(f"not an HTML page ({_short(shown, 60)})")
        text = _text_of(answer)
        if text is None:
            raise FetchFailed("not a text page")
        return html_document(text, name, published=self.published, metadata=meta)

    def _first_time(self, raw: str) -> str | None:
        """Return the clean form of a URL the first time it comes this run, else None."""
        url = _clean_url(raw)
        if url in self.done:
            return None
        self.done.add(url)
        return url

    def read(self, raw: str, *, feed: bool = False) -> Iterator[Document]:
        """Yield the documents of a URL: its page, or each entry when it is a feed.

        With ``feed`` the URL must be a feed (``--feed``): a page there is a warning.
        """
        url = self._first_time(raw)
        if url is None:
            return
        try:
            answer = self.fetcher.get(url, feed=feed)
            if answer.kind == "feed":
                yield from self._entries(url, answer)
                return
            if feed:
                shown = answer.content_type or "no type"
                raise FetchFailed(f"not an RSS or Atom feed ({_short(shown, 60)})")
            doc = self._page(url, {"url": url}, answer)
        except (FetchFailed, DocumentError) as err:
            log.warning("%s: %s; skipped", _short(url, 200), err)
            return
        except (ImportError, UsageError):
            raise  # a broken install or a bad option, not a bad page
        except Exception as err:
            _unexpected(url, err)
            return
        yield doc

    def _entries(self, url: str, answer: Fetched) -> Iterator[Document]:
        import feedparser

        try:
            # bytes, never a URL: feedparser would fetch a URL itself, impolitely
            parsed = feedparser.parse(answer.body, response_headers={"content-location": url})
        except Exception as err:
            _unexpected(url, err)
            return
        entries = list(parsed.get("entries") or [])
        if not entries:
            why = "not a readable feed" if parsed.get("bozo") else "a feed with no entries"
            log.warning("%s: %s", _short(url, 200), why)
            return
        info = parsed.get("feed") or {}
        outlet = _plain(info.get("title"), info.get("title_detail"))
        for k, entry in enumerate(entries, start=1):
            yield from self._entry(url, k, entry, outlet)

    def _entry(self, feed_url: str, k: int, entry: Any, outlet: str | None) -> Iterator[Document]:
        source = entry.get("source") or {}
        meta: dict[str, Any] = {
            "title": _plain(entry.get("title"), entry.get("title_detail")),
            "source": _plain(source.get("title")) or outlet,
            "published": _entry_date(entry),
        }
        link = entry.get("link")
        summary = ""
        for content in entry.get("content") or []:
            if isinstance(content, dict) and isinstance(content.get("value"), str):
                summary = _strip_html(content["value"])
                break
        if not summary and isinstance(entry.get("summary"), str):
            summary = _strip_html(entry["summary"])
        where = f"{_short(feed_url, 200)} entry {k}"
        if not isinstance(link, str) or not is_url(urljoin(feed_url, link)):
            if summary:
                ident = entry.get("id") or entry.get("guid") or str(k)
                name = safe_text(f"{feed_url}#{ident}")
                yield text_document(summary, name, published=self.published, metadata=meta)
            else:
                log.warning("%s: no link and no text; skipped", where)
            return
        url = self._first_time(urljoin(feed_url, link))
        if url is None:
            return
        meta["url"] = url
        try:
            doc = self._page(url, meta)
        except (ImportError, UsageError):
            raise
        except Exception as err:
            if not isinstance(err, FetchFailed | DocumentError):
                log.debug("while reading %s", safe_text(url), exc_info=True)
                err = FetchFailed(f"cannot be read ({type(err).__name__})")
            if summary:
                log.warning("%s: %s; the feed's summary read instead", _short(url, 200), err)
                yield text_document(
                    summary, safe_text(url), published=self.published, metadata=meta
                )
            else:
                log.warning("%s: %s; skipped", _short(url, 200), err)
            return
        yield doc


def _unexpected(url: str, err: Exception) -> None:
    """Warn about a failure nobody foresaw (a library breaking on this input): one line."""
    what = _short(str(err), 120) or "no message"
    log.warning("%s: cannot be read (%s: %s); skipped", _short(url, 200), type(err).__name__, what)
    log.debug("while reading %s", safe_text(url), exc_info=True)


def read_urls(
    urls: Iterable[str] = (),
    feeds: Iterable[str] = (),
    *,
    published: date | None = None,
    fetcher: Fetcher | None = None,
) -> Iterator[Document]:
    """Fetch pages and feeds and read them into documents, one at a time.

    Parameters
    ----------
    urls : iterable of str
        Article pages; a URL that answers with a feed is read as one.
    feeds : iterable of str
        RSS or Atom feeds: each entry's page is fetched (its summary read when the page
        cannot be) with the entry's date, title, outlet and link as metadata.
    published : datetime.date, optional
        Overrides every other publication date (``--published``).
    fetcher : Fetcher, optional
        Default: a :class:`Fetcher` with the polite defaults and the on-disk cache.

    Yields
    ------
    Document
        Named by its URL. A URL that gives nothing usable is a warning, and skipped.
    """
    reader = _Reader(fetcher or Fetcher(), published)
    for feed in feeds:
        yield from reader.read(feed, feed=True)
    for url in urls:
        yield from reader.read(url)


def read_feed_list(values: Sequence[str]) -> list[str]:
    """Expand ``--feed`` values: a URL stays; a file gives the URLs it lists, one a line.

    Blank lines and lines starting with ``#`` in a file are left out.

    Raises
    ------
    UsageError
        A value that is neither an http(s) URL nor a readable file, or a file line that
        is not an http(s) URL.
    """
    out: list[str] = []
    for value in values:
        if is_url(value):
            out.append(value.strip())
            continue
        path = Path(value)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as err:
            why = "not UTF-8 text" if isinstance(err, UnicodeDecodeError) else "cannot be read"
            if isinstance(err, FileNotFoundError):
                why = "no such file"
            raise UsageError(
                f"--feed {_short(value, 80)!r} is neither an http(s) URL nor a file of feed "
                f"URLs ({why})"
            ) from err
        for i, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if not is_url(line):
                raise UsageError(
                    f"{_short(str(path), 80)} line {i}: {_short(line, 60)!r} is not an http(s) URL"
                )
            out.append(line)
    return out
