"""Extraction speed of this checkout against another revision, measured in one run.

    python bench/ab.py REV [--pairs N] [--text DIR]...

Checks REV out into a temporary git worktree, then times the extraction of the same article
files (files -> reports, one process, the gazetteer loaded once) by both trees, in fresh
subprocesses taking turns (A B, B A, ...), so that the machine's noise falls on both alike.
Each subprocess runs the extraction three times after a warm-up and keeps its fastest run;
the table gives the median of the pairs and the ratio this/REV (below 1.00: faster).

The texts default to the real-news excerpts (``../shared/realnews/articles``) and the
project devset; pass ``--text`` for others (a folder is skipped when it is not there).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TEXTS = [
    ROOT.parent / "shared" / "realnews" / "articles",
    ROOT / "tests" / "data" / "devset",
]

_WORKER = """
import json, sys, time
from pathlib import Path
from geo.documents import iter_article_paths
from geo.gazetteer import load_gazetteer
from geo.pipeline import _extract_files

gaz = load_gazetteer()
files = iter_article_paths([Path(p) for p in sys.argv[1:]])
list(_extract_files(files, gaz, None, 1, None))
times = []
for _ in range(3):
    t = time.perf_counter()
    list(_extract_files(files, gaz, None, 1, None))
    times.append(time.perf_counter() - t)
print(json.dumps({"files": len(files), "best": min(times)}))
"""


def _time(tree: Path, texts: list[str]) -> tuple[int, float]:
    env = dict(os.environ, PYTHONPATH=str(tree))
    out = subprocess.run(
        [sys.executable, "-c", _WORKER, *texts], cwd=tree, env=env, capture_output=True, text=True
    )
    if out.returncode:
        last = (out.stderr.strip().splitlines() or ["no output"])[-1]
        raise SystemExit(f"bench/ab.py: extraction failed in {tree}: {last}")
    row = json.loads(out.stdout.strip().splitlines()[-1])
    return int(row["files"]), float(row["best"])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("rev", help="the revision to compare with (a commit, tag or branch)")
    ap.add_argument("--pairs", type=int, default=4, help="A/B pairs to run (default 4)")
    ap.add_argument("--text", action="append", type=Path, help="a folder of articles")
    args = ap.parse_args(argv)
    # absolute: each tree's subprocess runs in that tree
    texts = [str(p.resolve()) for p in (args.text or DEFAULT_TEXTS) if p.is_dir()]
    if not texts:
        print("bench/ab.py: no folder of articles found", file=sys.stderr)
        return 2
    known = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--verify", "--quiet", f"{args.rev}^{{commit}}"],
        capture_output=True,
        text=True,
    )
    if known.returncode:
        print(f"bench/ab.py: {args.rev!r} is not a revision of this repository", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="geomap-ab-") as tmp:
        other = Path(tmp) / "rev"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(other), args.rev],
            check=True,
        )
        try:
            this_t: list[float] = []
            rev_t: list[float] = []
            files = 0
            for i in range(args.pairs):
                order = [(ROOT, this_t), (other, rev_t)]
                for tree, into in order if i % 2 == 0 else order[::-1]:
                    files, best = _time(tree, texts)
                    into.append(best)
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(other)], check=False
            )
    a, b = statistics.median(rev_t), statistics.median(this_t)
    ratios = [t / r for t, r in zip(this_t, rev_t, strict=True)]
    print(f"| extraction of {files} files (median of {args.pairs} A/B pairs) | ms | ratio |")
    print("|---|---|---|")
    print(f"| {args.rev} | {a * 1000:.0f} | 1.00 |")
    print(f"| this checkout | {b * 1000:.0f} | {b / a:.2f} |")
    print(f"\nper pair this/{args.rev}: " + " ".join(f"{r:.2f}" for r in ratios))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
