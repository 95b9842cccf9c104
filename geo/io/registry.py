"""The table of file formats: one registration each, and the one place files are told apart.

Modelled on geopandas' driver table (``io/file.py``: one ``_EXTENSION_TO_DRIVER``, one
``_detect_driver``) and geopy's service registry (``get_geocoder_for_service``: an unknown
name is refused with the list of the known ones). A :class:`Format` says what a kind of file
is called (``name``, ``suffixes``), how to tell it by content when its suffix is shared
(``detect``), how to read it and how to write it. Every reader, writer, command-line choice
and message asks this table: nothing else lists formats.

Three questions are answered here and nowhere else:

- :func:`format_for_output`: the format of an output (``--format``, else the file name);
- :func:`reading_format`: the incident format of a file read as incidents;
- :func:`input_format`: whether a path given to :func:`geo.pipeline.run` is an incident
  file (and which) or articles (the ``articles`` format, the fallback).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from geo.errors import ExportError, InputError

if TYPE_CHECKING:
    from geo.models import Document, Incident, Tally

__all__ = [
    "Format",
    "SuffixTable",
    "format_for_output",
    "formats",
    "get_format",
    "input_format",
    "is_coded_id",
    "reading_format",
    "register_format",
    "suffix_format",
    "unregister_format",
]

#: What a reader returns: the incidents, one at a time, and the tally dicts the file holds.
ReadResult = tuple["Iterator[Incident]", list[dict[str, Any]]]


class Reader(Protocol):
    """Read an incident file: ``read(path) -> (incidents, tally dicts)``."""

    def __call__(self, path: Path, /) -> ReadResult: ...


class Writer(Protocol):
    """Write a whole file at ``path`` (a temporary name; :func:`geo.io.atomic_write` renames it)."""

    def __call__(
        self,
        incidents: Sequence[Incident],
        path: Path,
        /,
        *,
        tallies: Sequence[Tally],
        layers: Mapping[str, Sequence[Mapping[str, str]]] | None,
    ) -> None: ...


class Encoder(Protocol):
    """Return the bytes of a text format's file (what ``-o -`` writes)."""

    def __call__(self, incidents: Sequence[Incident], /, *, tallies: Sequence[Tally]) -> bytes: ...


class DocumentReader(Protocol):
    """Read an article file into documents (the ``articles`` format)."""

    def __call__(self, path: str | Path, /, *, published: Any = None) -> Iterator[Document]: ...


@dataclass(frozen=True)
class Format:
    """One kind of file geomap reads or writes.

    Parameters
    ----------
    name : str
        The ``--format`` value (``geojson``); unique.
    suffixes : tuple of str
        Lower-case file-name endings that name this format (``.geojson``; ``.acled.csv``),
        for writing and reading; the longest ending that matches a name wins.
    description : str
        What a user calls it, for help texts and messages (``GeoJSON``).
    read : callable, optional
        ``read(path) -> (incidents, tally dicts)``; None: not read back.
    write : callable, optional
        ``write(incidents, path, *, tallies, layers)`` writes a whole file (binary formats).
    encode : callable, optional
        ``encode(incidents, *, tallies) -> bytes``: a text format, written whole (also to
        standard output). A format needs ``write`` or ``encode`` to be written.
    detect : callable, optional
        ``detect(path) -> bool``: whether a file whose ending is shared (``sniffed``, or a
        suffix another format claims too) holds this format, from its first bytes.
    sniffed : tuple of str
        Endings shared with the articles (``.json``, ``.jsonl``) or with another format
        (ACLED's ``.csv``): a file so named given as input is this format only when
        ``detect`` says so (:func:`input_format`); they never name it for writing, unless
        they are in ``suffixes`` too.
    lossless : bool, default True
        Whether every field reads back (ACLED's layout keeps only what its columns say).
    label : str, optional
        How the format is named when several share an ending and none fits (``geomap`` in
        "not a geomap or ACLED CSV"); default ``description``.
    refusal : callable, optional
        ``refusal(path) -> str``: why a file with a shared ending is not this format, for
        that message ("geomap's needs event_id, ...").
    documents : callable, optional
        The ``articles`` format: ``documents(path, published=...)`` yields documents.
    coded_ids : str, optional
        The prefix of the event ids ``read`` mints for events coded elsewhere (``acled-``):
        an incident read back under such an id is kept as given even from a file written
        before its sources carried the ``coded`` mark (:func:`is_coded_id`).
    """

    name: str
    suffixes: tuple[str, ...]
    description: str
    read: Reader | None = None
    write: Writer | None = None
    encode: Encoder | None = None
    detect: Callable[[Path], bool] | None = None
    sniffed: tuple[str, ...] = ()
    lossless: bool = True
    label: str = ""
    refusal: Callable[[Path], str] | None = None
    documents: DocumentReader | None = None
    coded_ids: str = ""

    @property
    def writable(self) -> bool:
        """Whether the format can be written (``write`` or ``encode``)."""
        return self.write is not None or self.encode is not None

    @property
    def text(self) -> bool:
        """Whether the format is text written whole (it can go to standard output)."""
        return self.encode is not None


_FORMATS: dict[str, Format] = {}


def register_format(fmt: Format, *, replace: bool = False) -> Format:
    """Add a format to the table (in order: earlier formats are asked first).

    Parameters
    ----------
    fmt : Format
        The format.
    replace : bool, default False
        Replace a format of the same name (it keeps its place in the order).

    Returns
    -------
    Format
        ``fmt``, so a module can keep it (``GEOJSON = register_format(Format(...))``).

    Raises
    ------
    ValueError
        The name is taken (without ``replace``), a suffix is not lower case or lacks its
        dot, or a writable format claims a suffix another writable format claims.
    """
    if fmt.name in _FORMATS and not replace:
        raise ValueError(f"a format named {fmt.name!r} is registered already")
    for suffix in (*fmt.suffixes, *fmt.sniffed):
        if not suffix.startswith(".") or suffix != suffix.lower():
            raise ValueError(
                f"format {fmt.name!r}: suffix {suffix!r} must be lower case, with its dot"
            )
    if fmt.sniffed and fmt.detect is None:
        raise ValueError(f"format {fmt.name!r}: sniffed suffixes need a detect function")
    if fmt.writable:
        for other in _FORMATS.values():
            taken = set(fmt.suffixes) & set(other.suffixes)
            if other.name != fmt.name and other.writable and taken:
                raise ValueError(
                    f"format {fmt.name!r}: {', '.join(sorted(taken))} already names {other.name!r}"
                )
    _FORMATS[fmt.name] = fmt
    return fmt


def unregister_format(name: str) -> Format:
    """Remove a format from the table and return it.

    Raises
    ------
    ExportError
        No format has that name.
    """
    fmt = get_format(name)
    del _FORMATS[fmt.name]
    return fmt


def formats(
    *, readable: bool | None = None, writable: bool | None = None, text: bool | None = None
) -> list[Format]:
    """Return the registered formats, in order, optionally only those that can be read/written.

    Parameters
    ----------
    readable, writable, text : bool, optional
        Keep only formats that are (True) or are not (False) read back as incidents,
        writable, a text format. The ``articles`` format reads documents, not incidents.
    """
    out = []
    for f in _FORMATS.values():
        if readable is not None and (f.read is not None) != readable:
            continue
        if writable is not None and f.writable != writable:
            continue
        if text is not None and f.text != text:
            continue
        out.append(f)
    return out


def get_format(name: str) -> Format:
    """Return the format named ``name`` (any case).

    Raises
    ------
    ExportError
        No format has that name; the message lists those that do.
    """
    fmt = _FORMATS.get(name.lower())
    if fmt is None:
        known = ", ".join(f.name for f in formats(writable=True))
        raise ExportError(f"unknown format {name!r}; use {known}")
    return fmt


def is_coded_id(event_id: str) -> bool:
    """Whether ``event_id`` is one a format's reader mints for events coded elsewhere."""
    return any(f.coded_ids and event_id.startswith(f.coded_ids) for f in _FORMATS.values())


def _ending(name: str, suffixes: Sequence[str]) -> str | None:
    """Return the longest of ``suffixes`` that ``name`` (lower case) ends with."""
    return max((s for s in suffixes if name.endswith(s)), key=len, default=None)


def suffix_format(path: str | os.PathLike[str]) -> Format | None:
    """Return the writable format a file name names (the longest matching suffix), or None."""
    name = Path(path).name.lower()
    best: tuple[int, Format] | None = None
    for f in formats(writable=True):
        end = _ending(name, f.suffixes)
        if end is not None and (best is None or len(end) > best[0]):
            best = (len(end), f)
    return best[1] if best else None


def format_for_output(path: str | os.PathLike[str], fmt: str | None = None) -> Format:
    """Return the format to write ``path`` in: ``fmt`` when given, else the one its name names.

    Raises
    ------
    ExportError
        An unknown format, a format that cannot be written, or a name no format claims.
    """
    got = (_FORMATS.get(fmt.lower()) if fmt else suffix_format(path)) or None
    if got is None or not got.writable:
        what = f"format {fmt!r}" if fmt else f"the output format of {Path(path).name!r}"
        raise ExportError(f"unknown {what}; use {', '.join(SuffixTable())}, or --format")
    return got


def _claims(f: Format, name: str) -> tuple[int, bool] | None:
    """How ``f`` claims a file name: (length of the ending, only when detected), or None."""
    end = _ending(name, (*f.suffixes, *f.sniffed))
    if end is None:
        return None
    return len(end), end in f.sniffed


def _candidates(path: Path) -> list[tuple[Format, bool]]:
    """Incident formats a file's name may be, in order, each with whether only if detected."""
    name = path.name.lower()
    found = []
    for f in formats(readable=True):
        claim = _claims(f, name)
        if claim is not None:
            found.append((f, claim[1]))
    return found


def reading_format(path: str | os.PathLike[str]) -> Format:
    """Return the incident format to read ``path`` as (:func:`geo.io.iter_incidents`).

    By its name; where several formats claim the name (geomap's CSV and ACLED's), the first
    whose ``detect`` says yes.

    Raises
    ------
    InputError
        No incident format has that name, or none of those sharing it fits the file.
    """
    p = Path(path)
    cands = [f for f, _ in _candidates(p)]
    if not cands:
        raise InputError(
            f"{p}: unknown incident file type {p.suffix!r}; use {', '.join(SuffixTable())}"
        )
    if len(cands) == 1:
        return cands[0]
    for f in cands:
        if f.detect is None or f.detect(p):
            return f
    labels = " or ".join(f.label or f.description for f in cands)
    why = "; ".join(f.refusal(p) for f in cands if f.refusal is not None)
    noun = p.suffix.lstrip(".").upper()
    raise InputError(f"{p}: not a {labels} {noun}" + (f": {why}" if why else ""))


def input_format(path: str | os.PathLike[str], *, default: str = "articles") -> Format:
    """Tell what a file given to :func:`geo.pipeline.run` is: an incident format or articles.

    A file an incident format names is read as that format; a file whose ending that format
    shares with articles (``.json``, ``.jsonl``) only when its ``detect`` says so; any
    other file is ``default`` (articles: read as text, whatever its name).
    """
    p = Path(path)
    for f, sniffed in _candidates(p):
        if not sniffed or (f.detect is not None and f.detect(p)):
            return reading_format(p) if not sniffed else f
    return get_format(default)


class SuffixTable(Mapping[str, str]):
    """The live suffix -> format-name table of the writable formats (``geo.export.FORMATS``)."""

    def _table(self) -> dict[str, str]:
        return {s: f.name for f in formats(writable=True) for s in f.suffixes}

    def __getitem__(self, key: str) -> str:
        return self._table()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table())

    def __len__(self) -> int:
        return len(self._table())

    def __repr__(self) -> str:
        return f"SuffixTable({self._table()!r})"
