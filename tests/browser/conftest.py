"""Browser fixtures: Debian's Chromium through Playwright, the map served from 127.0.0.1.

Nothing leaves the machine: the map is served by a local http.server, any other request
(map tiles) gets an empty tile; an offline page (``offline=True``) has no network at all.
Without Chromium the tests skip, and FAIL when CI=true, saying what is missing.

The pages need nothing beside them: Leaflet and its plugins are inlined from the package.
"""

from __future__ import annotations

import functools
import http.server
import os
import struct
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("GEOMAP_CHROMIUM", "/usr/bin/chromium"))
#: The four screens every layout test runs on: (width, height), phone last.
VIEWPORTS: dict[str, tuple[int, int]] = {
    "1280x800": (1280, 800),
    "1366x768": (1366, 768),
    "1920x1080": (1920, 1080),
    "phone-390x844": (390, 844),
}
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]


def _png_1x1() -> bytes:
    """A 1x1 transparent PNG, served for every tile request."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    idat = zlib.compress(b"\x00\x00\x00\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


EMPTY_PNG = _png_1x1()


def _missing(what: str) -> None:
    msg = f"browser tests need {what}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(msg, pytrace=False)
    pytest.skip(msg)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A served directory for the maps; yields (dir, base URL)."""
    root = tmp_path_factory.mktemp("site")
    handler = functools.partial(_Quiet, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield root, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        _missing(f"Chromium at {CHROMIUM} (apt-get install -y chromium; or set GEOMAP_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing(
            "the playwright Python package (pip install playwright; never `playwright install`)"
        )
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            yield b
        finally:
            b.close()


class MapPage:
    """A page with the map open, recording console errors and page errors."""

    def __init__(self, page: Any, *, offline: bool = False) -> None:
        self.page = page
        self.errors: list[str] = []
        self.external: list[str] = []
        self.offline = offline
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(msg.text))
        page.on("pageerror", lambda err: self.errors.append(str(err)))

        def route(r: Any) -> None:
            url = r.request.url
            if url.startswith(("http://127.0.0.1:", "file://")):
                r.continue_()
            else:
                self.external.append(url)
                r.fulfill(status=200, content_type="image/png", body=EMPTY_PNG)

        if not offline:
            page.route("**/*", route)

    @property
    def viewport(self) -> tuple[int, int]:
        size = self.page.viewport_size
        return size["width"], size["height"]

    def open(self, url: str, timeout: float = 15_000) -> None:
        self.page.goto(url)
        self.page.wait_for_function("window.geomap && window.geomap.ready()", timeout=timeout)

    def eval(self, js: str, arg: Any = None) -> Any:
        return self.page.evaluate(js, arg)

    def script_errors(self) -> list[str]:
        """The errors, less the tiles an offline page could not load."""
        return [e for e in self.errors if not (self.offline and "ERR_INTERNET_DISCONNECTED" in e)]


def new_map_page(browser: Any, size: tuple[int, int], *, offline: bool = False) -> Any:
    """Return (context, MapPage) at a viewport; a phone-sized one is a touch screen."""
    width, height = size
    phone = width < 600
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=phone,
        has_touch=phone,
        offline=offline,
    )
    return context, MapPage(context.new_page(), offline=offline)


@pytest.fixture
def map_page(browser: Any) -> Iterator[MapPage]:
    context, mp = new_map_page(browser, VIEWPORTS["1280x800"])
    try:
        yield mp
    finally:
        context.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def screen(request: pytest.FixtureRequest, browser: Any) -> Iterator[MapPage]:
    """A map page at each of the four viewports."""
    context, mp = new_map_page(browser, VIEWPORTS[request.param])
    try:
        yield mp
    finally:
        context.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def offline_screen(request: pytest.FixtureRequest, browser: Any) -> Iterator[MapPage]:
    """A map page with no network at all, at each of the four viewports."""
    context, mp = new_map_page(browser, VIEWPORTS[request.param], offline=True)
    try:
        yield mp
    finally:
        context.close()
