"""The composition of the stages: files in, incidents and tallies out.

:func:`run` reads articles (and incident files geomap wrote earlier), extracts reports,
merges them into incidents, and applies the date and type filters. The command line and the
Python API both go through it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Final

from geo.documents import read_documents
from geo.errors import InputError, UsageError
from geo.extraction import extract
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.merging import merge_sources
from geo.models import ATTACK_TYPES, Incident, Report, Source, Tally

__all__ = ["RunResult", "filter_incidents", "run"]

#: Files read as incidents rather than articles.
INCIDENT_SUFFIXES: Final = frozenset({".geojson", ".gpkg", ".csv"})


@dataclass
class RunResult:
    """What a run produced."""

    incidents: list[Incident]
    tallies: list[Tally]
    reports: list[Report] = field(default_factory=list)
    documents: int = 0


class _Progress:
    """A one-line progress counter on a terminal; silent when stderr is not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self.shown = False

    def update(self, docs: int, reports: int) -> None:
        if self.enabled and (docs % 25 == 0 or docs < 25):
            sys.stderr.write(f"\rgeomap: {docs} articles read, {reports} reports found")
            sys.stderr.flush()
            self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\n")


def _is_incident_file(p: Path) -> bool:
    suffix = p.suffix.lower()
    if suffix in INCIDENT_SUFFIXES:
        return True
    if suffix == ".json" and p.is_file():
        with p.open(encoding="utf-8", errors="replace") as fh:
            head = fh.read(200)
        return '"FeatureCollection"' in head
    if suffix == ".jsonl" and p.is_file():
        with p.open(encoding="utf-8", errors="replace") as fh:
            first = fh.readline()
        try:
            rec = json.loads(first)
        except ValueError:
            return False
        return isinstance(rec, dict) and "event_id" in rec and "sources" in rec
    return False


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
    progress: bool = False,
) -> RunResult:
    """Read, extract, merge and filter.

    Parameters
    ----------
    paths : sequence of path-like
        Article files or directories; geomap incident files (``.geojson``, ``.gpkg``,
        ``.csv``) are read as incidents and merged with the new reports.
    gazetteer : Gazetteer, optional
        Default: the curated gazetteer.
    published : datetime.date, optional
        Publication date for every article (overrides their metadata).
    since, until : datetime.date, optional
        Keep incidents on or after / on or before these days.
    types : sequence of str
        Keep only these attack types.
    progress : bool, default False
        Show a progress line on a terminal.

    Returns
    -------
    RunResult
    """
    from geo.export import read_incidents, tallies_from_dicts

    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    if not paths:
        raise UsageError("no input paths")
    gaz = gazetteer if gazetteer is not None else load_gazetteer()
    article_paths: list[Path] = []
    sources: list[Source] = []
    coded: list[Incident] = []
    tallies: list[Tally] = []
    for raw in paths:
        p = Path(raw)
        if not p.exists():
            raise InputError(f"no such file or directory: {p}")
        if p.is_file() and _is_incident_file(p):
            incs, tally_rows = read_incidents(p)
            for inc in incs:
                if inc.event_id.startswith("acled-"):
                    coded.append(inc)  # ACLED rows are coded events: kept as they are
                else:
                    sources += inc.sources
            tallies += tallies_from_dicts(tally_rows)
        else:
            article_paths.append(p)
    reports: list[Report] = []
    n_docs = 0
    if article_paths:
        bar = _Progress(progress)
        try:
            for doc in read_documents(article_paths, published=published):
                ex = extract(doc, gaz)
                reports += ex.reports
                tallies += ex.tallies
                n_docs += 1
                bar.update(n_docs, len(reports))
        finally:
            bar.close()
    sources += [Source.from_report(r) for r in reports]
    incidents = merge_sources(sources, gazetteer=gaz) + sorted(coded, key=lambda i: i.event_id)
    incidents = filter_incidents(incidents, since=since, until=until, types=types)
    unique = {(t.document, t.char_start, t.char_end, t.count): t for t in tallies}
    tallies = sorted(
        unique.values(), key=lambda t: (t.published or date.min, t.document, t.char_start)
    )
    return RunResult(incidents, tallies, reports, n_docs)
