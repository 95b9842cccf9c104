"""The composition of the stages: files in, incidents and tallies out.

:func:`run` reads articles (and incident files geomap wrote earlier), extracts reports,
merges them into incidents, and applies the date and type filters. The command line and the
Python API both go through it. Progress is reported through a callback (the command line
draws it as a bar on a terminal); nothing here prints.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial
from pathlib import Path

from geo.compare import join_coded
from geo.corrections import CorrectionSet, apply_corrections
from geo.dates import check_published_option
from geo.documents import describe_paths, is_stdin, iter_article_paths, read_file_safely
from geo.errors import InputError, UsageError
from geo.extraction import extract
from geo.fetch import Fetcher, is_url, read_urls
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.ids import IdLedger
from geo.io import input_format, is_coded_id, tallies_from_dicts
from geo.merging import merge_sources
from geo.models import ATTACK_TYPES, Document, Incident, Source, Tally

__all__ = [
    "ProgressCallback",
    "RunResult",
    "extract_file",
    "filter_incidents",
    "kept_as_given",
    "run",
]

log = logging.getLogger(__name__)

#: ``progress(stage, done, total)``: called as work advances; ``stage`` is ``"loading"``
#: (incidents from incident files; total unknown, None), ``"reading"`` (article files) or
#: ``"merging"`` (reports), each first with ``done=0``.
ProgressCallback = Callable[[str, int, int | None], None]


@dataclass
class RunResult:
    """What a run produced: incidents, tallies, and how many documents were read.

    ``corrections`` is the store's layer of corrections to write back (see
    :mod:`geo.corrections`); empty when the run had none.
    """

    incidents: list[Incident]
    tallies: list[Tally]
    documents: int = 0
    corrections: list[dict[str, str]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------
# Extraction, serial or in parallel: only compact sources and tallies cross process lines.

_FileResult = tuple[list[Source], list[Tally], int]
_WORKER_GAZ: dict[tuple[str | None, tuple[str, ...]], Gazetteer] = {}


def extract_file(
    path: str | Path, gazetteer: Gazetteer, published: date | None = None
) -> _FileResult:
    """Extract one article file: its reports as sources, its tallies, its document count."""
    return _extract_documents(read_file_safely(path, published=published), gazetteer)


def _extract_documents(docs: Iterable[Document], gazetteer: Gazetteer) -> _FileResult:
    """Extract documents: their reports as sources, their tallies, how many were read."""
    out: list[Source] = []
    tallies: list[Tally] = []
    n = 0
    for doc in docs:
        try:
            ex = extract(doc, gazetteer)
        except ImportError:
            raise  # a broken install stops the run
        except Exception as err:
            # A bug met on this one article: it is skipped, the run goes on (design.md).
            what = " ".join(str(err).split())[:200] or "no message"
            log.warning(
                "%s: extraction failed (%s: %s); skipped", doc.name, type(err).__name__, what
            )
            log.debug("while extracting %s", doc.name, exc_info=True)
            continue
        out += [Source.from_report(r) for r in ex.reports]
        tallies += ex.tallies
        n += 1
    return out, tallies, n


def _gaz_spec(gaz: Gazetteer) -> tuple[str | None, tuple[str, ...]]:
    if gaz.directory is None:
        raise UsageError("parallel extraction needs a gazetteer loaded from a directory")
    return str(gaz.directory), gaz.user_files


def extract_files_in_worker(
    paths: Sequence[str], spec: tuple[str | None, tuple[str, ...]], published: date | None
) -> list[_FileResult]:
    """Worker entry point (processes or Dask): load the gazetteer once, extract a batch."""
    gaz = _WORKER_GAZ.get(spec)
    if gaz is None:
        gaz = _WORKER_GAZ[spec] = load_gazetteer(spec[0], user_files=spec[1])
    return [extract_file(p, gaz, published) for p in paths]


def _batches(files: Sequence[Path], size: int) -> list[list[str]]:
    return [[str(f) for f in files[i : i + size]] for i in range(0, len(files), size)]


def _extract_files(
    files: Sequence[Path],
    gaz: Gazetteer,
    published: date | None,
    jobs: int,
    scheduler: str | None,
) -> Iterator[_FileResult]:
    if jobs > 1 or scheduler:
        # Standard input can be read only here: worker processes do not share it.
        # (Merging does not depend on the order of its sources, so the output is the same.)
        for f in files:
            if is_stdin(f):
                yield extract_file(f, gaz, published)
        files = [f for f in files if not is_stdin(f)]
    if scheduler:
        yield from _extract_on_dask(files, gaz, published, scheduler)
        return
    if jobs <= 1 or len(files) < 2 * jobs:
        for f in files:
            yield extract_file(f, gaz, published)
        return
    import multiprocessing as mp

    spec = _gaz_spec(gaz)
    batches = _batches(files, max(1, min(32, len(files) // (jobs * 4) or 1)))
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()
    with ctx.Pool(jobs) as pool:
        # imap keeps input order, so the output is the same as a serial run.
        for batch in pool.imap(
            partial(extract_files_in_worker, spec=spec, published=published), batches
        ):
            yield from batch


def _extract_on_dask(
    files: Sequence[Path], gaz: Gazetteer, published: date | None, scheduler: str
) -> Iterator[_FileResult]:
    try:
        from dask.distributed import Client
    except ImportError as err:
        raise UsageError(
            "--scheduler needs dask.distributed: pip install 'geomap-incidents[dask]'"
        ) from err
    spec = _gaz_spec(gaz)
    try:
        client = Client(scheduler, timeout=10)  # type: ignore[no-untyped-call]
    except ValueError as err:  # dask's complaint about a malformed address
        raise UsageError(f"--scheduler {scheduler!r} is not a scheduler address ({err})") from err
    except (OSError, TimeoutError) as err:
        raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {err}") from err
    try:
        futures = client.map(
            extract_files_in_worker, _batches(files, 64), spec=spec, published=published, pure=False
        )
        for fut in futures:  # in submission order: deterministic output
            yield from fut.result()
    finally:
        client.close()  # type: ignore[no-untyped-call]


def kept_as_given(incident: Incident) -> bool:
    """Whether an incident read from a file is kept as it was given, never merged again.

    Events coded elsewhere are: ACLED rows and the records of incident files geomap did not
    write (their sources are marked ``coded``, see :mod:`geo.record`), and, in files
    written before sources carried that mark, incidents under the ids a format's reader
    mints (``acled-``, :attr:`geo.io.Format.coded_ids`). Merging such reports again would
    join distinct events that the other tool kept apart.
    """
    return any(s.coded for s in incident.sources) or is_coded_id(incident.event_id)


def _once_each(incidents: Iterable[Incident]) -> list[Incident]:
    """Incidents kept as given, sorted by id, each id once: the first read wins.

    The same file given twice, or given again with the store that already holds it, gives
    each event once; two different incidents under one id are named in a warning, unless
    one is the other corrected (a store's copy): then the uncorrected one is kept.
    """
    kept: dict[str, Incident] = {}
    for inc in incidents:
        first = kept.setdefault(inc.event_id, inc)
        if first is not inc and first != inc:
            if bool(first.corrections) != bool(inc.corrections):
                # a store's corrected copy of a row given again: the row as given wins, and
                # the corrections (kept by the store) apply to it again
                kept[inc.event_id] = first if not first.corrections else inc
                continue
            log.warning(
                "two different incidents have the event_id %r; kept the one read first",
                inc.event_id,
            )
    return [kept[k] for k in sorted(kept)]


def filter_incidents(
    incidents: Iterable[Incident],
    *,
    since: date | None = None,
    until: date | None = None,
    types: Sequence[str] = (),
) -> list[Incident]:
    """Keep incidents within ``since``..``until`` (inclusive) and of the given types.

    Undated incidents are dropped when a date bound is set. A type matches the incident's
    main type or any type a source reported.
    """
    bad = [t for t in types if t not in ATTACK_TYPES]
    if bad:
        raise UsageError(f"unknown attack type {bad[0]!r}; choose from {', '.join(ATTACK_TYPES)}")
    out = []
    for inc in incidents:
        if since or until:
            if inc.event_date is None:
                continue
            if since and inc.event_date < since:
                continue
            if until and inc.event_date > until:
                continue
        if (
            types
            and inc.attack_type not in types
            and not set(types) & set(inc.attack_types_reported)
        ):
            continue
        out.append(inc)
    return out


def run(
    paths: Sequence[str | Path],
    *,
    gazetteer: Gazetteer | None = None,
    published: date | None = None,
    since: date | None = None,
    until: date | None = None,
    types: Sequence[str] = (),
    progress: ProgressCallback | None = None,
    jobs: int = 1,
    scheduler: str | None = None,
    remerge: bool = False,
    feeds: Sequence[str] = (),
    fetcher: Fetcher | None = None,
    corrections: CorrectionSet | None = None,
) -> RunResult:
    """Read, extract, merge and filter.

    Parameters
    ----------
    paths : sequence of path-like
        Article files or directories, ``-`` for one article on standard input, or http(s)
        URLs of article pages or feeds (fetched, see :mod:`geo.fetch`); a file a readable
        format of :mod:`geo.io` claims (``.geojson``, ``.gpkg``, ``.csv``, incident
        ``.json``/``.jsonl``: :func:`geo.io.input_format` tells) is read as incidents. geomap's own incidents are rebuilt from their sources, merged with the new
        reports; other tools' incidents and ACLED rows are kept as given
        (:func:`kept_as_given`), each joined to the incident the articles tell of the same
        event, if any (:func:`geo.compare.join_coded`: one attack, one incident).
    gazetteer : Gazetteer, optional
        Default: the curated gazetteer.
    published : datetime.date, optional
        Publication date for every article (overrides their metadata).
    since, until : datetime.date, optional
        Keep incidents on or after / on or before these days.
    types : sequence of str
        Keep only these attack types.
    progress : callable, optional
        Called as ``progress(stage, done, total)`` while files are read and reports merged
        (see :data:`ProgressCallback`).
    jobs : int, default 1
        Extract with this many processes (results are identical to a serial run).
    scheduler : str, optional
        Address of a Dask scheduler (``tcp://host:8786``) to extract on; merging is done
        once, here, at the end.
    remerge : bool, default False
        Merge the reports of incidents kept as given too (``--remerge``): other tools'
        records and ACLED rows become reports like any, joined by geomap's rules.
    feeds : sequence of str
        RSS or Atom feed URLs (``--feed``): each entry's page is fetched and read.
    fetcher : geo.fetch.Fetcher, optional
        How pages and feeds are fetched; default the polite one with the on-disk cache.
    corrections : geo.corrections.CorrectionSet, optional
        The analyst's corrections, applied after merging, before the filters; the
        incidents they dropped in earlier runs (kept in a store) are read again first.

    Returns
    -------
    RunResult
    """
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    if not paths and not feeds:
        raise UsageError("no input paths")
    if jobs < 1:
        raise UsageError(f"--jobs must be at least 1, got {jobs}")
    check_published_option(published)
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    article_paths: list[Path] = []
    sources: list[Source] = []
    coded: list[Incident] = []
    tallies: list[Tally] = []
    urls: list[str] = []
    ledger = IdLedger()  # the ids of geomap's own incidents read back, carried (geo.ids)
    for raw in paths:
        if is_url(raw):
            urls.append(str(raw))
            continue
        if is_stdin(raw):
            article_paths.append(Path(raw))
            continue
        p = Path(raw)
        if not p.exists():
            raise InputError(f"no such file or directory: {p}")
        kind = input_format(p) if p.is_file() else None
        if kind is not None and kind.read is not None:
            # Streamed: only the sources are kept (they are merged again below).
            incs, tally_rows = kind.read(p)
            for k, inc in enumerate(incs, start=1):
                if progress is not None:
                    progress("loading", k, None)
                if not kept_as_given(inc):
                    sources += inc.sources
                    ledger.add(inc)
                elif remerge:
                    sources += [replace(s, coded=False) if s.coded else s for s in inc.sources]
                else:
                    coded.append(inc)
            tallies += tallies_from_dicts(tally_rows)
        else:
            article_paths.append(p)
    for inc in corrections.held if corrections is not None else ():
        if not kept_as_given(inc):
            sources += inc.sources
            ledger.add(inc)
        else:
            coded.append(inc)
    n_docs = 0
    if urls or feeds:
        # Fetched one at a time, here: the per-host rate limit sets the pace anyway.
        got, got_tallies, n_docs = _extract_documents(
            read_urls(urls, feeds, published=published, fetcher=fetcher), gaz
        )
        sources += got
        tallies += got_tallies
        if n_docs == 0 and not article_paths and not sources and not coded:
            raise InputError("nothing could be read from the URLs and feeds given")
    if article_paths:
        files = iter_article_paths(article_paths)
        if progress is not None:
            progress("reading", 0, len(files))
        extracted = _extract_files(files, gaz, published, jobs, scheduler)
        n_fetched = n_docs
        for k, (got, got_tallies, docs) in enumerate(extracted, start=1):
            sources += got
            tallies += got_tallies
            n_docs += docs
            if progress is not None:
                progress("reading", k, len(files))
        if n_docs == n_fetched:
            raise InputError(f"no readable article in {describe_paths(files)}")
    if progress is not None:
        progress("merging", 0, len(sources))
    # One attack, one incident: an ACLED row joins the articles' incident of the same day,
    # type family and neighbourhood (their places differ), by geomap compare's rule.
    incidents = join_coded(ledger.carry(merge_sources(sources, gazetteer=gaz)), _once_each(coded))
    if progress is not None:
        progress("merging", len(sources), len(sources))
    layer: list[dict[str, str]] = []
    if corrections is not None and (corrections.corrections or corrections.held):
        outcome = apply_corrections(incidents, corrections)
        incidents, layer = outcome.incidents, outcome.layer
    incidents = filter_incidents(incidents, since=since, until=until, types=types)
    unique = {(t.document, t.char_start, t.char_end, t.count): t for t in tallies}
    tallies = sorted(
        unique.values(), key=lambda t: (t.published or date.min, t.document, t.char_start)
    )
    return RunResult(incidents, tallies, n_docs, layer)
