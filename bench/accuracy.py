"""Accuracy of extraction on the hand-annotated development set.

    python bench/accuracy.py [--data tests/data] [-v]

Runs geomap over tests/data/devset (each article's own publication date), scores the
incidents against tests/data/devset_gold.jsonl (doubtful ones neutral) with geo.evaluate, and
prints precision, recall and F1 for incidents and the accuracy of date, place, type, actor and
casualties among the matched ones.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from geo.evaluate import load_gold, score_incidents
from geo.gazetteer import load_gazetteer
from geo.pipeline import run

ROOT = Path(__file__).resolve().parent.parent


def evaluate(data: Path):
    gaz = load_gazetteer()
    t0 = time.perf_counter()
    result = run([data / "devset"], gazetteer=gaz)
    seconds = time.perf_counter() - t0
    places = {pid: (p.lat, p.lon) for pid, p in gaz.places.items()}
    scores = score_incidents(
        result.incidents,
        load_gold(data / "devset_gold.jsonl"),
        load_gold(data / "devset_doubtful.jsonl"),
        places=places,
    )
    return scores, result, seconds


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--data", type=Path, default=ROOT / "tests" / "data")
    ap.add_argument(
        "-v", "--verbose", action="store_true", help="list missed and spurious incidents"
    )
    args = ap.parse_args()
    s, result, seconds = evaluate(args.data)
    print(
        f"development set: {result.documents} articles, {s.gold} gold incidents, {len(result.incidents)} incidents extracted in {seconds:.2f} s"
    )
    print()
    print("| metric | value |")
    print("|---|---|")
    print(
        f"| incident precision | {s.precision:.2f} ({s.true_positives} of {s.true_positives + s.false_positives} pairs; {s.neutral} neutral) |"
    )
    print(f"| incident recall | {s.recall:.2f} ({s.matched_gold} of {s.gold}) |")
    print(f"| incident F1 | {s.f1:.2f} |")
    for name in ("date", "place", "type", "actor", "casualties"):
        print(f"| {name} accuracy (matched) | {s.accuracy(name):.2f} |")
    if args.verbose:
        for g in s.missed:
            print(
                f"  missed: {g['article']} {g.get('date')} {g.get('place_id')} {g.get('attack_type')}"
            )
        for line in s.spurious:
            print(f"  spurious: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
