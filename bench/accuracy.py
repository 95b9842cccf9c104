"""Accuracy of extraction on hand-annotated articles: the project devset and real-news folders.

    python bench/accuracy.py [--data tests/data] [--no-devset]
                             [--corpus DIR [--gold F] [--doubtful F] [--oos F] [--published DATE]]...
                             [--json] [-v]

For each corpus, runs geomap over its articles (as `geomap extract` does), turns the incidents
into the GeoJSON features geomap's exporter writes, and scores them with
geo.evaluate.score_features, the rules of the team's judge (shared/tools/score_incidents.py):
incident F1, exact date, point within 5 km, attack type, casualties and claims as each source
reported them, distractors mapped, features that mix two real events, multi-document events
merged into one feature.

The project devset (DATA/devset with DATA/devset_gold.jsonl, DATA/devset_doubtful.jsonl) is
always scored first, and also with its own place-id rules (geo.evaluate.score_incidents), the
table the README quotes.

A corpus folder DIR is read in one of two layouts:

    DIR/articles/ + DIR/gold.jsonl, doubtful.jsonl, out_of_scope.jsonl   (like ../shared/realnews)
    DIR/          + DIR_gold.jsonl, DIR_doubtful.jsonl, DIR_out_of_scope.jsonl beside it
                                                                          (like tests/data/devset)

--gold, --doubtful, --oos and --published after a --corpus apply to that corpus and replace
what the layout finds. A corpus folder that is not there is skipped with a one-line note on
stderr, so `--corpus ../shared/realnews` also runs where that folder is absent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from geo.errors import GeoMapError
from geo.evaluate import (
    CorpusScores,
    Prediction,
    Scores,
    incident_features,
    load_gold,
    score_features,
    score_incidents,
)
from geo.gazetteer import Gazetteer, load_gazetteer
from geo.pipeline import run

ROOT = Path(__file__).resolve().parent.parent
PROG = "accuracy"

#: The annotation files of a corpus, by option name and file name.
FILES = {"gold": "gold", "doubtful": "doubtful", "oos": "out_of_scope"}


class BenchError(Exception):
    """A mistake in the command line or a corpus: one line on stderr, exit 2."""


@dataclass
class Corpus:
    """Where one annotated corpus lives."""

    name: str
    folder: Path
    articles: Path
    gold: Path
    doubtful: Path | None = None
    oos: Path | None = None
    published: date | None = None


@dataclass
class Spec:
    """One --corpus and the options given after it."""

    folder: Path
    given: dict[str, Path] = field(default_factory=dict)
    published: date | None = None


def resolve(spec: Spec) -> Corpus | None:
    """Find a corpus's articles and annotation files; None when its folder is not there."""
    d = spec.folder
    if not d.is_dir():
        return None
    if (d / "articles").is_dir():
        articles, found = d / "articles", {k: d / f"{v}.jsonl" for k, v in FILES.items()}
    else:
        articles = d
        found = {k: d.parent / f"{d.name}_{v}.jsonl" for k, v in FILES.items()}
    paths: dict[str, Path | None] = {}
    for key, default in found.items():
        if key in spec.given:
            if not spec.given[key].is_file():
                raise BenchError(f"--{key} {spec.given[key]}: no such file")
            paths[key] = spec.given[key]
        else:
            paths[key] = default if default.is_file() else None
    gold = paths["gold"]
    if gold is None:
        raise BenchError(f"no gold for {d}: expected {found['gold']}, or give --gold FILE")
    return Corpus(
        name=d.resolve().name,
        folder=d,
        articles=articles,
        gold=gold,
        doubtful=paths["doubtful"],
        oos=paths["oos"],
        published=spec.published,
    )


@dataclass
class Outcome:
    """One corpus scored."""

    corpus: Corpus
    articles: int
    incidents: int
    seconds: float
    scores: CorpusScores
    by_place_id: Scores | None = None


def evaluate(corpus: Corpus, gaz: Gazetteer, *, place_ids: bool = False) -> Outcome:
    """Extract a corpus's articles and score them (also by place id when ``place_ids``)."""
    t0 = time.perf_counter()
    result = run([corpus.articles], gazetteer=gaz, published=corpus.published)
    seconds = time.perf_counter() - t0
    places = {pid: (p.lat, p.lon) for pid, p in gaz.places.items()}
    gold = load_gold(corpus.gold)
    doubtful = load_gold(corpus.doubtful) if corpus.doubtful else []
    oos = load_gold(corpus.oos) if corpus.oos else []
    scores = score_features(incident_features(result.incidents), gold, doubtful, oos, places=places)
    legacy = score_incidents(result.incidents, gold, doubtful, places=places) if place_ids else None
    return Outcome(corpus, result.documents, len(result.incidents), seconds, scores, legacy)


def _ratio(n: int, m: int) -> str:
    return f"{n}/{m} ({100 * n / m:.0f}%)" if m else f"{n}/{m}"


def table(s: CorpusScores) -> list[str]:
    """The table of issue 13, as Markdown lines."""
    m = s.matched_gold
    fields = ", ".join(str(t) if t.judged else "-" for t in s.fields.values())
    return [
        "| measure | value |",
        "|---|---|",
        f"| incident F1 (precision / recall) | {s.f1:.2f} ({s.precision:.2f} / {s.recall:.2f}) |",
        f"| exact date, among matched | {_ratio(s.date_exact, m)} |",
        f"| point within 5 km, among matched | {_ratio(s.point_5km, m)} |",
        f"| exact attack type, among matched | {_ratio(s.type_exact, m)} |",
        f"| fatalities / injuries / claimed, where the gold states them | {fields} |",
        f"| distractors mapped | {s.distractors} |",
        f"| features that mix two real events | {s.over_merged_features} |",
        f"| multi-document events merged into one feature | {s.merged_events}/{s.multi_doc_events} |",
    ]


def place_id_table(s: Scores) -> list[str]:
    """The devset's own table (place-id rules), as the README quotes it."""
    lines = [
        "| metric | value |",
        "|---|---|",
        f"| incident precision | {s.precision:.2f} ({s.true_positives} of "
        f"{s.true_positives + s.false_positives} pairs; {s.neutral} neutral) |",
        f"| incident recall | {s.recall:.2f} ({s.matched_gold} of {s.gold}) |",
        f"| incident F1 | {s.f1:.2f} |",
    ]
    for name in ("date", "place", "type", "actor", "casualties"):
        lines.append(f"| {name} accuracy (matched) | {s.accuracy(name):.2f} |")
    return lines


def _pair_line(p: Prediction, distractor: bool) -> str:
    when = p.event_date.isoformat() if p.event_date else None
    mark = " (distractor)" if distractor else ""
    return f"  false+: {p.document} {when} {p.location} {p.attack_type}{mark}"


def report(o: Outcome, verbose: bool) -> list[str]:
    """Everything printed for one corpus."""
    s, c = o.scores, o.corpus
    lines = [
        f"{c.name} ({c.articles}): {o.articles} articles, {s.gold} gold incidents, "
        f"{o.incidents} incidents extracted in {o.seconds:.2f} s",
        "",
        *table(s),
        "",
        f"gold matched {s.matched_gold} of {s.gold}; {s.pairs} (feature, document) pairs: "
        f"{s.true_positives} true, {s.false_positives} false, {s.neutral} neutral",
    ]
    if verbose:
        for g in s.missed:
            where = g.get("canonical_place") or g.get("place_id") or g.get("place")
            lines.append(f"  missed: {g['article']} {g.get('date')} {where} {g.get('attack_type')}")
        for g, p in s.wrong_dates:
            lines.append(
                f"  date: {g['article']} gold {g.get('date')} got {p.event_date} "
                f"({p.location or p.country}, {g.get('attack_type')})"
            )
        distractors = {id(p) for p in s.distractor_pairs}
        lines += [_pair_line(p, id(p) in distractors) for p in s.false_positive_pairs]
    if o.by_place_id is not None:
        lines += ["", f"{c.name} by its own place-id rules:", "", *place_id_table(o.by_place_id)]
        if verbose:
            for g in o.by_place_id.missed:
                lines.append(
                    f"  missed: {g['article']} {g.get('date')} {g.get('place_id')} "
                    f"{g.get('attack_type')}"
                )
            lines += [f"  spurious: {line}" for line in o.by_place_id.spurious]
    return lines


def as_json(o: Outcome) -> dict[str, Any]:
    """One corpus's numbers, machine-readable."""
    out: dict[str, Any] = {
        "name": o.corpus.name,
        "folder": str(o.corpus.folder),
        "articles": o.articles,
        "incidents": o.incidents,
        "seconds": round(o.seconds, 3),
        "scores": o.scores.to_dict(),
    }
    if o.by_place_id is not None:
        s = o.by_place_id
        out["by_place_id"] = {
            "gold": s.gold,
            "matched_gold": s.matched_gold,
            "true_positives": s.true_positives,
            "false_positives": s.false_positives,
            "neutral": s.neutral,
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
            "f1": round(s.f1, 4),
            **{
                f"{n}_accuracy": round(s.accuracy(n), 4)
                for n in ("date", "place", "type", "actor", "casualties")
            },
        }
    return out


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="bench/accuracy.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        allow_abbrev=False,
    )
    ap.add_argument("--data", type=Path, default=ROOT / "tests" / "data")
    ap.add_argument("--no-devset", action="store_true", help="score only the --corpus folders")
    ap.add_argument(
        "--corpus",
        metavar="DIR",
        action="append",
        default=[],
        help="an annotated folder (repeatable); skipped with a note when it is not there",
    )
    for key in FILES:
        ap.add_argument(f"--{key}", metavar="FILE", help=f"{key} file of the --corpus before it")
    ap.add_argument(
        "--published", metavar="DATE", help="publication date of every article of that corpus"
    )
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    ap.add_argument(
        "-v", "--verbose", action="store_true", help="list missed and spurious incidents"
    )
    return ap


def parse_specs(argv: list[str]) -> tuple[argparse.Namespace, list[Spec]]:
    """Parse the command line; per-corpus options bind to the --corpus before them."""
    ap = _parser()
    args = ap.parse_args(argv)
    # argparse keeps only the last --gold: walk argv again to bind each to its --corpus.
    specs: list[Spec] = []
    it = iter(argv)
    for tok in it:
        name, eq, inline = tok.partition("=")
        if name not in {"--corpus", "--published", *(f"--{k}" for k in FILES)}:
            continue
        value = inline if eq else next(it, "")
        if name == "--corpus":
            specs.append(Spec(Path(value)))
            continue
        if not specs:
            raise BenchError(f"{name} must follow the --corpus it belongs to")
        if name == "--published":
            try:
                specs[-1].published = date.fromisoformat(value)
            except ValueError:
                raise BenchError(f"--published: not a YYYY-MM-DD date: {value!r}") from None
        else:
            specs[-1].given[name[2:]] = Path(value)
    return args, specs


def main(argv: list[str] | None = None) -> int:
    try:
        args, specs = parse_specs(sys.argv[1:] if argv is None else argv)
        corpora: list[tuple[Corpus, bool]] = []
        if not args.no_devset:
            devset = resolve(Spec(args.data / "devset"))
            if devset is None:
                raise BenchError(f"no devset folder in {args.data}")
            corpora.append((devset, True))
        skipped: list[str] = []
        for spec in specs:
            found = resolve(spec)
            if found is None:
                skipped.append(str(spec.folder))
                print(f"{PROG}: {spec.folder} is not there; skipped", file=sys.stderr)
            else:
                corpora.append((found, False))
        gaz = load_gazetteer()
        outcomes = [evaluate(c, gaz, place_ids=legacy) for c, legacy in corpora]
    except (BenchError, GeoMapError) as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({"corpora": [as_json(o) for o in outcomes], "skipped": skipped}, indent=1))
        return 0
    blocks = ["\n".join(report(o, args.verbose)) for o in outcomes]
    if blocks:
        print("\n\n".join(blocks))
    return 0


if __name__ == "__main__":
    sys.exit(main())
