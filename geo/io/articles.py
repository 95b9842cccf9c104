"""Articles as an input type: the files :func:`geo.documents.read_file` reads.

The fallback of :func:`geo.io.registry.input_format`: a file no incident format claims is
read as an article (text, whatever its name). Inside a directory only files with these
endings are read (:func:`geo.documents.iter_article_paths`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Final

from geo.documents import ARTICLE_KINDS, ARTICLE_SUFFIXES, read_file
from geo.io.registry import Format, register_format

if TYPE_CHECKING:
    from geo.models import Document

__all__ = ["ARTICLES", "ARTICLE_KINDS", "ARTICLE_SUFFIXES"]


def _documents(path: str | Path, *, published: date | None = None) -> Iterator[Document]:
    return read_file(path, published=published)


ARTICLES: Final = register_format(
    Format("articles", tuple(ARTICLE_KINDS), "articles", documents=_documents)
)
