"""Reading articles: files and directories in, :class:`~geo.models.Document` objects out.

Formats: ``.txt`` and ``.md`` with optional YAML front matter; ``.html``/``.htm`` saved pages
(main text, title, canonical url and date through trafilatura); ``.json`` (an object or a list
of objects) and ``.jsonl`` records with ``text`` and optional ``title``, ``url``, ``source``,
``published``. Metadata precedence (design.md): ``--published``; front matter or record
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
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Final

from geo.dates import find_dateline, parse_date_value
from geo.errors import DocumentError, InputError
from geo.models import Document

__all__ = [
    "ARTICLE_SUFFIXES",
    "STDIN",
    "STDIN_NAME",
    "decode_bytes",
    "describe_paths",
    "is_stdin",
    "iter_article_paths",
    "read_documents",
    "read_file",
    "read_file_safely",
]

log = logging.getLogger(__name__)

ARTICLE_SUFFIXES: Final = frozenset(
    {".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl"}
)
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


def iter_article_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Expand files and directories (recursively) into article files, in a stable order.

    ``-`` stands for standard input and is kept as ``Path("-")``; PDF files inside a
    directory are left out with one warning naming how many.

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
            raise InputError(f"no such file or directory: {p}")
        if p.is_dir():
            visible = [
                f for f in p.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            ]  # fmt: skip
            found = sorted(f for f in visible if f.suffix.lower() in ARTICLE_SUFFIXES)
            pdfs = sum(1 for f in visible if f.suffix.lower() == ".pdf")
            if pdfs:
                files = "a PDF file" if pdfs == 1 else f"{pdfs} PDF files"
                log.warning("%s: %s skipped (%s)", p, files, _PDF_ADVICE)
            if not found:
                raise InputError(f"no article files (.txt .md .html .json .jsonl) in {p}")
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

    # libyaml's loader when PyYAML has it (it parses the same; ~10x faster than pure Python)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        meta = yaml.load(m.group(1), Loader=loader) or {}
    except yaml.YAMLError as err:
        raise DocumentError(
            f"{name}: front matter is not valid YAML ({err.__class__.__name__})"
        ) from err
    if not isinstance(meta, dict):
        raise DocumentError(f"{name}: front matter must be a mapping of keys to values")
    return meta, text[m.end() :]


def _str_or_none(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
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
    pub: date | None = None
    pub_from: str | None = None
    if published is not None:
        pub, pub_from = published, "command line"
    elif meta.get("published") is not None:
        pub = parse_date_value(meta.get("published"))
        if pub is None:
            log.warning("%s: cannot read published date %r; ignored", name, meta.get("published"))
        else:
            pub_from = meta_from
    if pub is None:
        found = find_dateline(text)
        if found is not None:
            pub, pub_from = found[0], f"dateline {found[1]!r}"
    if pub is None:
        log.warning("%s: no publication date; relative dates stay unresolved", name)
    return Document(
        name=name,
        text=text,
        title=_str_or_none(meta.get("title")),
        url=_str_or_none(meta.get("url")),
        outlet=_str_or_none(meta.get("source") or meta.get("outlet")),
        published=pub,
        published_from=pub_from,
        path=str(path) if path is not None else None,
    )


def _html_document(raw: str, name: str, path: Path | None, published: date | None) -> Document:
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
    return _make_document(
        name, text, meta, path=path, published=published, meta_from="html metadata"
    )


def _records(data: Any, name: str) -> list[dict[str, Any]]:
    items = data if isinstance(data, list) else [data]
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise DocumentError(f"{name}: record {i + 1} has no 'text' string")
    return items


def _sniff_kind(text: str) -> str:
    """Tell the format of an article read from standard input by its first characters."""
    head = text.lstrip("\ufeff \t\r\n")[:200]
    if _HTML_START.match(head):
        return "html"
    if head.startswith("["):
        return "json"
    if head.startswith("{"):
        try:
            json.loads(text)
        except json.JSONDecodeError:
            return "jsonl"  # one record per line does not parse as a whole
        return "json"
    return "text"


def _kind_of(suffix: str) -> str:
    if suffix in {".html", ".htm"}:
        return "html"
    if suffix in {".json", ".jsonl"}:
        return suffix[1:]
    return "text"


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
        The file cannot be read; :class:`DocumentError` when it is malformed.
    """
    p = _as_path(path)
    where: Path | None
    if is_stdin(p):
        name, where = STDIN_NAME, None
        try:
            data = sys.stdin.buffer.read()
        except (OSError, ValueError) as err:  # ValueError: stdin was closed
            raise InputError(f"cannot read standard input: {err}") from err
    else:
        name, where = p.name, p
        try:
            data = p.read_bytes()
        except OSError as err:
            raise InputError(f"cannot read {p}: {err.strerror or err}") from err
    label = STDIN_NAME if where is None else str(p)
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
        try:
            records = _records(json.loads(text), name)
        except json.JSONDecodeError as err:
            raise DocumentError(f"{name}: not valid JSON (line {err.lineno}: {err.msg})") from err
        for i, rec in enumerate(records, start=1):
            rec_name = name if len(records) == 1 else f"{name}#{i}"
            yield _make_document(
                rec_name, rec["text"], rec, path=where, published=published, meta_from="json field"
            )
    elif kind == "jsonl":
        for i, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                (rec,) = _records(json.loads(line), f"{name} line {i}")
            except json.JSONDecodeError as err:
                raise DocumentError(f"{name} line {i}: not valid JSON ({err.msg})") from err
            yield _make_document(
                f"{name}#{i}",
                rec["text"],
                rec,
                path=where,
                published=published,
                meta_from="json field",
            )
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
    """
    try:
        yield from read_file(path, published=published)
    except DocumentError as err:
        log.warning("%s; skipped", err)
    except InputError as err:
        if strict:
            raise
        log.warning("%s; skipped", err)


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
