"""Reading articles: files and directories in, :class:`~geo.models.Document` objects out.

Formats: ``.txt`` and ``.md`` with optional YAML front matter; ``.html``/``.htm`` saved pages
(main text, title, canonical url and date through trafilatura); ``.json`` (an object or a list
of objects) and ``.jsonl`` records with ``text`` and optional ``title``, ``url``, ``source``,
``published``; a Telegram Desktop channel export (``result.json``), one document per
message. Metadata precedence (design.md): ``--published``; front matter or record
fields; HTML metadata; a dateline in the text; else none, with a warning naming the document.

The path ``-`` is standard input: one article, named ``<stdin>``, whose format is told from
its content (an HTML page, JSON or JSON Lines records, else text with optional front matter).

Documents are produced lazily, one file at a time, so memory stays flat on large corpora.
A file that is not text (a PDF is told by its ``%PDF-`` header, whatever its name) is skipped
with a warning naming it, never a crash.
"""

from __future__ import annotations

import codecs
import json
import logging
import math
import os
import re
import stat
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO, Final, TypedDict, Unpack

from geo._util import safe_text
from geo.dates import check_published_option, find_dateline, parse_date_value, plausible_published
from geo.errors import DocumentError, InputError, UsageError
from geo.models import Document, clean_text

__all__ = [
    "ARTICLE_KINDS",
    "ARTICLE_SUFFIXES",
    "MAX_FILE_BYTES",
    "STDIN",
    "STDIN_NAME",
    "DocumentOptions",
    "decode_bytes",
    "describe_paths",
    "display_name",
    "html_document",
    "is_stdin",
    "iter_article_paths",
    "read_documents",
    "read_file",
    "read_file_safely",
    "text_document",
]

#: The endings of article files and how each is read (:func:`geo.documents.read_file`):
#: ``text`` (optional YAML front matter), ``html`` (a saved page), ``json`` (a record, a list
#: of them, or a Telegram export), ``jsonl`` (a record a line).
ARTICLE_KINDS: Final[Mapping[str, str]] = MappingProxyType(
    {
        ".txt": "text",
        ".md": "text",
        ".markdown": "text",
        ".html": "html",
        ".htm": "html",
        ".json": "json",
        ".jsonl": "jsonl",
    }
)
#: The endings of article files (directories are read for these).
ARTICLE_SUFFIXES: Final = frozenset(ARTICLE_KINDS)


log = logging.getLogger(__name__)

_FRONT_MATTER: Final = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_META_CHARSET: Final = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_\-]+)""", re.I)
_HTML_START: Final = re.compile(
    r"<(?:!doctype\s+html|!--|(?:html|head|body|meta|title|article)\b)", re.I
)
#: The path that means standard input, and the document name its article gets.
STDIN: Final = "-"
STDIN_NAME: Final = "<stdin>"
_PDF_MAGIC: Final = b"%PDF-"
_PDF_ADVICE: Final = "PDF is not supported; save the article as text or HTML"
#: The largest article file read (bytes); a larger file is skipped with a warning, so a
#: runaway input (``/dev/zero`` on standard input, a file that never ends) cannot fill memory.
MAX_FILE_BYTES: Final = 256 * 1024 * 1024
#: The largest YAML front matter read (characters).
MAX_FRONT_MATTER: Final = 64 * 1024
_LINE_END: Final = re.compile(r"\r?\n")


def is_stdin(path: str | Path) -> bool:
    """Whether ``path`` is ``-``, standard input."""
    return str(path) == STDIN


def describe_paths(files: Sequence[Path]) -> str:
    """Name the first few of ``files`` for a message (``-`` is "standard input")."""
    names = ["standard input" if is_stdin(f) else str(f) for f in files[:3]]
    return ", ".join(names) + (" ..." if len(files) > 3 else "")


def _as_path(raw: str | Path) -> Path:
    """``raw`` as a path; a file really named ``-`` (given as ``./-``) keeps a longer name."""
    if is_stdin(raw):
        return Path(STDIN)
    p = Path(raw)
    return p.absolute() if is_stdin(p) else p


def display_name(name: str) -> str:
    r"""Return ``name`` as text that can be written anywhere.

    A file name that is not UTF-8 reaches Python with its bad bytes as lone surrogates
    (PEP 383); they become ``\\xNN`` escapes, so the name stays unique and readable.
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


def _walk(root: Path) -> tuple[list[Path], int]:
    """Article files under ``root`` (hidden names left out) and how many PDFs were seen.

    A subdirectory that cannot be listed, or a symbolic link to a directory (not followed:
    it could lead out of the tree or round in a loop), is skipped with a warning naming it.
    """
    found: list[Path] = []
    pdfs = 0
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as err:
            log.warning(
                "%s: cannot read the directory (%s); skipped",
                display_name(str(folder)),
                err.strerror or err,
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)
                    continue
                if entry.is_symlink() and entry.is_dir():
                    log.warning(
                        "%s: a symbolic link to a directory, not followed; skipped",
                        display_name(entry.path),
                    )
                    continue
                suffix = path.suffix.lower()
                if suffix == ".pdf":
                    pdfs += 1
                elif suffix in ARTICLE_SUFFIXES:
                    if entry.is_file():
                        found.append(path)
                    else:
                        what = "a broken link" if entry.is_symlink() else "not a regular file"
                        log.warning("%s: %s; skipped", display_name(entry.path), what)
            except OSError as err:
                log.warning("%s: %s; skipped", display_name(entry.path), err.strerror or err)
    return sorted(found), pdfs


def iter_article_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and directories (recursively) into article files, in a stable order.

    ``-`` stands for standard input and is kept as ``Path("-")``; PDF files inside a
    directory are left out with one warning naming how many. A subdirectory that cannot be
    read, a symbolic link to a directory (not followed) and an article-named entry that is
    not a regular file (a FIFO, a device, a broken link) are skipped with a warning each.

    Raises
    ------
    InputError
        When a path does not exist, a directory holds no article file, or ``-`` is given
        twice (standard input can be read once).
    """
    out: list[Path] = []
    for raw in paths:
        p = _as_path(raw)
        if is_stdin(p):
            if any(is_stdin(q) for q in out):
                raise InputError("'-' (standard input) can be given only once")
            out.append(p)
            continue
        if not p.exists():
            raise InputError(f"no such file or directory: {display_name(str(p))}")
        if p.is_dir():
            found, pdfs = _walk(p)
            if pdfs:
                files = "a PDF file" if pdfs == 1 else f"{pdfs} PDF files"
                log.warning("%s: %s skipped (%s)", display_name(str(p)), files, _PDF_ADVICE)
            if not found:
                raise InputError(
                    f"no article files ({' '.join(ARTICLE_KINDS)}) in {display_name(str(p))}"
                )
            out += found
        else:
            out.append(p)
    return out


def decode_bytes(data: bytes, *, html: bool = False) -> str | None:
    """Decode a file's bytes whatever its encoding; None when it is not text.

    BOMs first, then UTF-8, then an HTML ``<meta charset>``, then charset detection;
    NUL bytes or mostly control characters mean binary.
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    head = data[:8192]
    if b"\x00" in head:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = ""
        m = _META_CHARSET.search(head) if html else None
        if m:
            try:
                text = data.decode(m.group(1).decode("ascii"), errors="replace")
            except LookupError:
                text = ""
        if not text:
            from charset_normalizer import from_bytes

            best = from_bytes(data).best()
            text = str(best) if best is not None else data.decode("cp1252", errors="replace")
    if text:
        sample = text[:4096]
        if len(_CONTROL.findall(sample)) > len(sample) * 0.05:
            return None
    return text


def _split_front_matter(text: str, name: str) -> tuple[dict[str, Any], str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}, text
    import yaml

    block = m.group(1)
    if len(block) > MAX_FRONT_MATTER:
        raise DocumentError(
            f"{name}: front matter is longer than {MAX_FRONT_MATTER // 1024} KB; "
            "keep it to the title, url, source and published keys"
        )
    # libyaml's loader when PyYAML has it (it parses the same; ~10x faster than pure Python)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        # Aliases are refused before anything is built: a few hundred bytes of nested
        # aliases (a "billion laughs") would otherwise expand to gigabytes.
        alias = "*" in block and any(
            isinstance(t, yaml.AliasToken) for t in yaml.scan(block, loader)
        )
        meta = None if alias else yaml.load(block, Loader=loader) or {}
    except yaml.YAMLError as err:
        raise DocumentError(
            f"{name}: front matter is not valid YAML ({err.__class__.__name__})"
        ) from err
    except (ValueError, OverflowError, RecursionError) as err:
        # An integer of thousands of digits, a timestamp out of range, deep nesting.
        raise DocumentError(f"{name}: front matter holds a value geomap cannot read") from err
    if alias:
        raise DocumentError(
            f"{name}: front matter uses a YAML alias (*name); geomap does not expand aliases"
        )
    if not isinstance(meta, dict):
        raise DocumentError(f"{name}: front matter must be a mapping of keys to values")
    return meta, text[m.end() :]


def _meta_text(meta: dict[str, Any], key: str, name: str) -> str | None:
    """Return a metadata field as one line of text; warn about and ignore a list or mapping."""
    value = meta.get(key)
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if not isinstance(value, str | int | float | date):
        what = "a list" if isinstance(value, list) else f"a {type(value).__name__}"
        log.warning("%s: %r is %s, not text; ignored", name, key, what)
        return None
    s = clean_text(" ".join(str(value).split()))
    return s or None


def _make_document(
    name: str,
    text: str,
    meta: dict[str, Any],
    *,
    path: Path | None,
    published: date | None,
    meta_from: str,
) -> Document:
    name = display_name(name)
    pub: date | None = None
    pub_from: str | None = None
    if published is not None:
        pub, pub_from = published, "command line"
    elif meta.get("published") is not None:
        raw = meta.get("published")
        shown = repr(raw) if isinstance(raw, str | date | int | float) else type(raw).__name__
        pub = parse_date_value(raw)
        if pub is None:
            log.warning("%s: cannot read published date %s; ignored", name, shown[:80])
        elif not plausible_published(pub):
            log.warning("%s: published date %s is out of range; ignored", name, pub.isoformat())
            pub = None
        else:
            pub_from = meta_from
    if pub is None:
        found = find_dateline(text)
        if found is not None:
            pub, pub_from = found[0], f"dateline {found[1]!r}"
    if pub is None:
        log.warning("%s: no publication date; relative dates stay unresolved", name)
    cleaned = clean_text(text)
    if cleaned is not text:
        log.warning("%s: text holds NUL or lone surrogate characters; replaced by U+FFFD", name)
    return Document(
        name=name,
        text=cleaned,
        title=_meta_text(meta, "title", name),
        url=_meta_text(meta, "url", name),
        outlet=_meta_text(meta, "source", name) or _meta_text(meta, "outlet", name),
        published=pub,
        published_from=pub_from,
        path=display_name(str(path)) if path is not None else None,
    )


class DocumentOptions(TypedDict, total=False):
    """The keyword options of :func:`text_document` (:func:`html_document` takes them too)."""

    #: Overrides every other publication date (``--published``).
    published: date | None
    #: ``title``, ``url``, ``source``, ``published`` (a feed entry's).
    metadata: dict[str, Any] | None
    #: Where ``metadata``'s date came from, as ``published_from`` says it (default
    #: ``"feed entry"``).
    metadata_from: str


def text_document(text: str, name: str, **options: Unpack[DocumentOptions]) -> Document:
    """Make a document of plain text and its metadata (a feed entry's summary).

    Parameters
    ----------
    text : str
        The article text.
    name : str
        The document's name (how sources cite it).
    **options
        ``published``, ``metadata`` and ``metadata_from``, as :func:`html_document` takes
        them (:class:`DocumentOptions`).
    """
    return _make_document(
        name,
        text,
        options.get("metadata") or {},
        path=None,
        published=options.get("published"),
        meta_from=options.get("metadata_from", "feed entry"),
    )


def html_document(
    raw: str,
    name: str,
    *,
    published: date | None = None,
    metadata: dict[str, Any] | None = None,
    metadata_from: str = "feed entry",
) -> Document:
    """Read an HTML page (a saved file or a fetched one) into a document.

    Parameters
    ----------
    raw : str
        The page's HTML.
    name : str
        The document's name (how sources cite it).
    published : datetime.date, optional
        Overrides every other publication date (``--published``).
    metadata : dict, optional
        ``title``, ``url``, ``source``, ``published`` that win over the page's own (a feed
        entry's); a missing or empty one leaves the page's.
    metadata_from : str, default "feed entry"
        Where ``metadata``'s date came from, as ``published_from`` says it.

    Raises
    ------
    DocumentError
        When the page holds no article text.
    """
    return _html_document(raw, name, None, published, metadata, metadata_from)


def _html_document(
    raw: str,
    name: str,
    path: Path | None,
    published: date | None,
    over: dict[str, Any] | None = None,
    over_from: str = "feed entry",
) -> Document:
    import trafilatura

    doc = trafilatura.bare_extraction(
        raw,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not isinstance(text, str) or not text.strip():
        raise DocumentError(f"{name}: no article text found in the page")
    meta = {
        "title": getattr(doc, "title", None),
        "url": getattr(doc, "url", None),
        "source": getattr(doc, "sitename", None),
        "published": getattr(doc, "date", None),
    }
    meta_from = "html metadata"
    for key, value in (over or {}).items():
        if value is not None and value != "":
            meta[key] = value
            if key == "published":
                meta_from = over_from
    return _make_document(name, text, meta, path=path, published=published, meta_from=meta_from)


def _parse_int(digits: str) -> int | float:
    """JSON integers: one of thousands of digits (which int() refuses) becomes a float."""
    return int(digits) if len(digits) <= 4000 else float(digits)


def _parse_json(text: str, name: str, *, one_line: bool = False) -> Any:
    """Parse an article's JSON; NaN and Infinity become null (an article needs no numbers)."""
    try:
        return json.loads(text, parse_int=_parse_int, parse_constant=lambda _: None)
    except json.JSONDecodeError as err:
        where = f"column {err.colno}" if one_line else f"line {err.lineno}"
        raise DocumentError(f"{name}: not valid JSON ({where}: {err.msg})") from err
    except RecursionError as err:
        raise DocumentError(f"{name}: not valid JSON (nested too deeply)") from err


def _record(item: Any, name: str) -> dict[str, Any]:
    if not isinstance(item, dict) or not isinstance(item.get("text"), str):
        raise DocumentError(f"{name} has no 'text' string")
    return item


def _is_telegram_export(data: Any) -> bool:
    """Whether ``data`` is a Telegram Desktop chat export (``result.json``).

    Its layout: an object with the chat's ``name``, a ``messages`` list and no ``text`` of
    its own.
    """
    return (
        isinstance(data, dict)
        and isinstance(data.get("messages"), list)
        and "text" not in data
        and ("name" in data or "type" in data)
    )


def _telegram_text(value: Any) -> str | None:
    """Join a message's ``text``: a string, or a list of strings and entities (``{"text": ...}``)."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return None
    parts: list[str] = []
    for piece in value:
        if isinstance(piece, str):
            parts.append(piece)
        elif isinstance(piece, dict) and isinstance(piece.get("text"), str):
            parts.append(piece["text"])
        else:
            return None
    return "".join(parts)


def _telegram_documents(
    data: dict[str, Any], name: str, where: Path | None, published: date | None
) -> Iterator[Document]:
    """Read a Telegram channel export: one document per message that has text.

    The channel is the outlet, the message's date its publication date; the document is
    named ``tg:<channel>/<message id>``, the same on every export of the channel, so a
    message read again (a later export, a store) is the same source. Service messages (a
    pinned post, a title change) and messages with no text (a photo alone) are left out; a
    malformed message is skipped with a warning.
    """
    raw_channel = data.get("name")
    channel = _meta_text({"name": raw_channel}, "name", name) if raw_channel is not None else None
    if channel is None:
        channel = str(data["id"]) if isinstance(data.get("id"), int) else Path(name).stem
    label = safe_text(channel)
    kept = skipped = 0
    for i, msg in enumerate(data["messages"], start=1):
        if not isinstance(msg, dict):
            log.warning("%s: message %d is not an object; skipped", name, i)
            continue
        if msg.get("type", "message") != "message":
            skipped += 1  # a service message: a pin, a new title, a call
            continue
        mid = msg.get("id")
        if isinstance(mid, bool) or not isinstance(mid, int | str) or not str(mid).strip():
            log.warning("%s: message %d has no id; skipped", name, i)
            continue
        text = _telegram_text(msg.get("text"))
        if text is None:
            log.warning("%s: message %s has no readable text; skipped", name, safe_text(str(mid)))
            continue
        if not text.strip():
            skipped += 1  # a photo, a sticker or a poll with no caption
            continue
        fwd = msg.get("forwarded_from")
        title = f"{channel}, message {mid}"
        if isinstance(fwd, str) and fwd.strip():
            title += f" (forwarded from {fwd})"
        meta = {"title": title, "source": channel, "published": msg.get("date")}
        kept += 1
        yield _make_document(
            f"tg:{label}/{safe_text(str(mid).strip())}",
            text,
            meta,
            path=where,
            published=published,
            meta_from="telegram message date",
        )
    if skipped:
        log.debug("%s: %d service or empty messages left out", name, skipped)


def _json_documents(
    text: str, name: str, where: Path | None, published: date | None
) -> Iterator[Document]:
    """Read a ``.json`` file: one record or a list of them (a bad one skipped with a warning)."""
    data = _parse_json(text, name)
    if _is_telegram_export(data):
        yield from _telegram_documents(data, name, where, published)
        return
    if not isinstance(data, list):
        rec = _record(data, f"{name}: the record")
        yield _make_document(
            name, rec["text"], rec, path=where, published=published, meta_from="json field"
        )
        return
    for i, item in enumerate(data, start=1):
        rec_name = name if len(data) == 1 else f"{name}#{i}"
        try:
            rec = _record(item, f"{name}: record {i}")
        except DocumentError as err:
            log.warning("%s; skipped", err)
            continue
        yield _make_document(
            rec_name, rec["text"], rec, path=where, published=published, meta_from="json field"
        )


def _jsonl_documents(
    text: str, name: str, where: Path | None, published: date | None
) -> Iterator[Document]:
    r"""Read a ``.jsonl`` file: one record a line; a bad line is skipped, with a warning.

    Lines end at ``\\n`` (or ``\\r\\n``) only, as JSON Lines says: U+2028 and the other
    characters :meth:`str.splitlines` also breaks at are text inside a record.
    """
    for i, line in enumerate(_LINE_END.split(text), start=1):
        if not line.strip():
            continue
        try:
            rec = _record(_parse_json(line, f"{name} line {i}", one_line=True), f"{name} line {i}")
        except DocumentError as err:
            log.warning("%s; skipped", err)
            continue
        yield _make_document(
            f"{name}#{i}", rec["text"], rec, path=where, published=published, meta_from="json field"
        )


def _sniff_kind(text: str) -> str:
    """Tell the format of an article read from standard input by its first characters."""
    head = text.lstrip("\ufeff \t\r\n")[:200]
    if _HTML_START.match(head):
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        try:
            json.loads(text, parse_int=_parse_int)
        except (ValueError, RecursionError):
            return "jsonl"  # one record per line does not parse as a whole
        return "json"
    return "text"


def _kind_of(suffix: str) -> str:
    return ARTICLE_KINDS.get(suffix, "text")  # a file given by name is text, whatever its name


def _read_capped(fh: BinaryIO) -> bytes | None:
    """Read ``fh`` to its end, or None past :data:`MAX_FILE_BYTES`.

    Reading stops early at a NUL in the first 8 KB (no UTF-16 BOM): that is binary, and the
    bytes read so far are enough for :func:`decode_bytes` to say so (``/dev/zero`` on
    standard input returns at once).
    """
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = fh.read(min(2**20, MAX_FILE_BYTES + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_FILE_BYTES:
            return None
        if (
            len(chunks) == 1
            and b"\x00" in chunk[:8192]
            and not chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        ):
            return chunk


def _read_path(p: Path) -> bytes | str | None:
    """Return a file's bytes; None when too large; a reason (str) when not a regular file.

    The file is opened without blocking, so a FIFO with no writer, a terminal or a device
    (``/dev/zero``) is told apart and skipped rather than read forever.
    """
    shown = display_name(str(p))
    try:
        fd = os.open(p, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:
        raise InputError(f"cannot read {shown}: {err.strerror or err}") from err
    with os.fdopen(fd, "rb") as fh:
        try:
            st = os.fstat(fd)
            if stat.S_ISDIR(st.st_mode):
                return "a directory"
            if not stat.S_ISREG(st.st_mode):
                kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device or socket"
                return f"{kind}, not a regular file"
            if st.st_size > MAX_FILE_BYTES:
                return None
            os.set_blocking(fd, True)
            return _read_capped(fh)
        except OSError as err:
            raise InputError(f"cannot read {shown}: {err.strerror or err}") from err


def read_file(path: str | Path, *, published: date | None = None) -> Iterator[Document]:
    """Read one article file into one or more documents.

    Parameters
    ----------
    path : path-like
        A ``.txt``, ``.md``, ``.html``, ``.json`` or ``.jsonl`` file, or ``-`` for standard
        input (one article named ``<stdin>``; its format is told from its content).
    published : datetime.date, optional
        Overrides every other publication date (``--published``).

    Yields
    ------
    Document

    Raises
    ------
    InputError
        The file cannot be read; :class:`DocumentError` when it is malformed;
        :class:`~geo.errors.UsageError` when ``published`` is out of range.
    """
    check_published_option(published)
    p = _as_path(path)
    where: Path | None
    data: bytes | str | None
    if is_stdin(p):
        name, where = STDIN_NAME, None
        try:
            data = _read_capped(sys.stdin.buffer)
        except (OSError, ValueError) as err:  # ValueError: stdin was closed
            raise InputError(f"cannot read standard input: {err}") from err
    else:
        name, where = display_name(p.name), p
        data = _read_path(p)
    label = STDIN_NAME if where is None else display_name(str(p))
    if data is None:
        log.warning(
            "%s: larger than %d MB; skipped (split it into articles)",
            label,
            MAX_FILE_BYTES // 2**20,
        )
        return
    if isinstance(data, str):
        log.warning("%s: %s; skipped", label, data)
        return
    if data[:1024].lstrip()[:5] == _PDF_MAGIC or (where is not None and p.suffix.lower() == ".pdf"):
        log.warning("%s: %s; skipped", label, _PDF_ADVICE)
        return
    suffix = p.suffix.lower()
    text = decode_bytes(data, html=where is None or suffix in {".html", ".htm"})
    if text is None:
        log.warning("%s: not a text file; skipped", label)
        return
    kind = _sniff_kind(text) if where is None else _kind_of(suffix)
    if kind == "html":
        yield _html_document(text, name, where, published)
    elif kind == "json":
        yield from _json_documents(text, name, where, published)
    elif kind == "jsonl":
        yield from _jsonl_documents(text, name, where, published)
    else:
        meta, body = _split_front_matter(text, name)
        yield _make_document(
            name, body, meta, path=where, published=published, meta_from="front matter"
        )


def read_file_safely(
    path: str | Path, *, published: date | None = None, strict: bool = False
) -> Iterator[Document]:
    """Read one file like :func:`read_file`, turning a bad file into a warning.

    With ``strict=True`` an unreadable file still raises (a run on that one file alone).
    Any other failure while reading (a bug, a library that breaks on this input) is also
    warned about, naming the file, and the file skipped: one bad article never stops a run
    (the traceback is logged at debug level, shown by ``--debug``). Only a broken install
    (:class:`ImportError`) and a bad option (:class:`~geo.errors.UsageError`) stop it.
    """
    try:
        yield from read_file(path, published=published)
    except DocumentError as err:
        log.warning("%s; skipped", err)
    except InputError as err:
        if strict:
            raise
        log.warning("%s; skipped", err)
    except (UsageError, ImportError):
        raise  # a bad option or a broken install, not a bad file: the run stops
    except Exception as err:
        shown = STDIN_NAME if is_stdin(path) else display_name(str(path))
        what = " ".join(str(err).split())[:200] or "no message"
        log.warning("%s: cannot be read (%s: %s); skipped", shown, type(err).__name__, what)
        log.debug("while reading %s", shown, exc_info=True)


def read_documents(
    paths: Iterable[str | Path], *, published: date | None = None
) -> Iterator[Document]:
    """Read every article under ``paths``, one file at a time.

    Files that are not text, or are malformed, are skipped with a warning naming them; a
    run where nothing could be read raises.

    Raises
    ------
    InputError
        A path is missing, a directory holds no article file, or no article could be read.
    """
    files = iter_article_paths(paths)
    count = 0
    for f in files:
        for doc in read_file_safely(f, published=published, strict=len(files) == 1):
            count += 1
            yield doc
    if count == 0:
        raise InputError(f"no readable article in {describe_paths(files)}")
