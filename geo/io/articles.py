"""Articles as an input type: the files :func:`geo.documents.read_file` reads.

The fallback of :func:`geo.io.registry.input_format`: a file no incident format claims is
read as an article (text, whatever its name). Inside a directory only files with these
endings are read (:func:`geo.documents.iter_article_paths`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from geo.io.registry import Format, register_format

if TYPE_CHECKING:
    from geo.models import Document

__all__ = ["ARTICLES", "ARTICLE_KINDS", "ARTICLE_SUFFIXES"]

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


def _documents(path: str | Path, *, published: date | None = None) -> Iterator[Document]:
    from geo.documents import read_file

    return read_file(path, published=published)


ARTICLES: Final = register_format(
    Format("articles", tuple(ARTICLE_KINDS), "articles", documents=_documents)
)
