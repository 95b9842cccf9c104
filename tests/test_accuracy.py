"""bench/accuracy.py: a floor on the development set, and --corpus folders scored as the judge does."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from gazhelpers import DATA, ROOT

from geo.evaluate import load_gold, score_features, score_incidents
from geo.export import write_incidents
from geo.gazetteer import Gazetteer
from geo.pipeline import run


@pytest.fixture(scope="module")
def scores(curated: Gazetteer):
    result = run([DATA / "devset"], gazetteer=curated)
    places = {pid: (p.lat, p.lon) for pid, p in curated.places.items()}
    return score_incidents(
        result.incidents,
        load_gold(DATA / "devset_gold.jsonl"),
        load_gold(DATA / "devset_doubtful.jsonl"),
        places=places,
    )


def test_devset_is_big_enough(scores) -> None:
    assert scores.gold >= 60


@pytest.mark.parametrize(("metric", "floor"), [("precision", 0.95), ("recall", 0.90), ("f1", 0.92)])
def test_incident_floor(scores, metric: str, floor: float) -> None:
    assert getattr(scores, metric) >= floor, (scores.missed, scores.spurious)


@pytest.mark.parametrize(
    ("field", "floor"),
    [("date", 0.85), ("place", 0.85), ("type", 0.80), ("actor", 0.60), ("casualties", 0.60)],
)
def test_field_floor(scores, field: str, floor: float) -> None:
    assert scores.accuracy(field) >= floor


# ---------------------------------------------------------------------------------------
# bench/accuracy.py --corpus: folders of annotated articles scored by the judge's rules


# Articles written for these tests.
ASAD = (
    "Two rockets struck Al-Asad Airbase in western Iraq on Tuesday, a US defence official "
    "said. The official gave no word on damage.\n"
)
FOLLOW_UP = (
    "The rocket attack on Al-Asad Airbase on Tuesday was the third on the base this month, "
    "officials said on Wednesday.\n\n"
    "Separately, a drone was shot down near Erbil air base on Wednesday, Kurdish officials "
    "said.\n"
)
ASAD_PT = {"lat": 33.7856, "lon": 42.4412, "country": "IQ"}
ERBIL_PT = {"lat": 36.2376, "lon": 43.9632, "country": "IQ"}


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_accuracy", ROOT / "bench" / "accuracy.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


BENCH = _bench()


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _gold(article: str, day: str, kind: str, event: str, point: dict[str, Any]) -> dict[str, Any]:
    return {
        "article": article,
        "date": day,
        "date_precision": "day",
        "attack_type": kind,
        "event_id": event,
        "count": 1,
        **point,
    }


def _front(published: str, body: str) -> str:
    return f"---\npublished: {published}\nsource: Test Wire\n---\n{body}"


@pytest.fixture
def annotated(tmp_path: Path) -> Path:
    """A folder laid out like ../shared/realnews: articles/ with gold beside it."""
    root = tmp_path / "mini"
    (root / "articles").mkdir(parents=True)
    (root / "articles" / "a_asad.txt").write_text(_front("2024-03-06", ASAD))
    (root / "articles" / "b_follow.txt").write_text(_front("2024-03-07", FOLLOW_UP))
    _jsonl(
        root / "gold.jsonl",
        [
            _gold("a_asad.txt", "2024-03-05", "rocket", "asad", ASAD_PT),
            _gold("b_follow.txt", "2024-03-05", "rocket", "asad", ASAD_PT),
            _gold("b_follow.txt", "2024-03-06", "drone", "erbil", ERBIL_PT),
        ],
    )
    return root


def _run_json(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any], str]:
    rc = BENCH.main(["--no-devset", "--json", *argv])
    out, err = capsys.readouterr()
    return rc, json.loads(out) if rc == 0 else {}, err


def test_corpus_folder_is_scored_with_the_judge_rules(
    annotated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rc, out, _ = _run_json(capsys, "--corpus", str(annotated))
    assert rc == 0 and out["skipped"] == []
    (one,) = out["corpora"]
    assert one["name"] == "mini" and one["articles"] == 2
    s = one["scores"]
    assert (s["gold"], s["matched_gold"], s["true_positives"], s["false_positives"]) == (3, 3, 3, 0)
    assert (s["multi_doc_events"], s["merged_events"], s["over_merged_features"]) == (1, 1, 0)
    assert (s["date_exact"], s["point_5km"], s["type_exact"]) == (3, 3, 3)


def test_corpus_numbers_equal_scoring_the_exported_file(
    annotated: Path, curated: Gazetteer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = _run_json(capsys, "--corpus", str(annotated))
    result = run([annotated / "articles"], gazetteer=curated)
    path = tmp_path / "out.geojson"
    write_incidents(result.incidents, path, fmt="geojson")
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    gold = load_gold(annotated / "gold.jsonl")
    assert score_features(features, gold).to_dict() == out["corpora"][0]["scores"]


def test_table_has_the_rows_of_issue_13(
    annotated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert BENCH.main(["--no-devset", "--corpus", str(annotated), "-v"]) == 0
    out = capsys.readouterr().out
    assert "| incident F1 (precision / recall) | 1.00 (1.00 / 1.00) |" in out
    assert "| exact date, among matched | 3/3 (100%) |" in out
    assert "| fatalities / injuries / claimed, where the gold states them | -, -, - |" in out
    assert "| multi-document events merged into one feature | 1/1 |" in out
    assert "missed:" not in out and "false+:" not in out


def test_verbose_lists_misses_and_false_positives(
    annotated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Gold that says the Erbil drone was in Syria: the drone is missed and a false positive.
    rows = load_gold(annotated / "gold.jsonl")
    rows[2].update(lat=None, lon=None, country="SY")
    _jsonl(annotated / "gold.jsonl", rows)
    assert BENCH.main(["--no-devset", "--corpus", str(annotated), "-v"]) == 0
    out = capsys.readouterr().out
    assert "  missed: b_follow.txt 2024-03-06 None drone" in out
    assert "  false+: b_follow 2024-03-06 Erbil Air Base drone" in out


def test_folder_beside_gold_layout_with_per_corpus_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Like ../shared/seeds: the articles folder itself, gold files named after it beside it,
    # and articles with no date of their own.
    (tmp_path / "wire").mkdir()
    (tmp_path / "wire" / "w1.txt").write_text(ASAD)
    _jsonl(tmp_path / "wire_gold.jsonl", [_gold("w1.txt", "2024-03-05", "rocket", "e", ASAD_PT)])
    _jsonl(tmp_path / "other_gold.jsonl", [])
    wire = str(tmp_path / "wire")
    rc, out, _ = _run_json(capsys, "--corpus", wire, "--published", "2024-03-06")
    assert rc == 0 and out["corpora"][0]["scores"]["matched_gold"] == 1
    # Without the publication date, "Tuesday" stays unresolved and nothing matches.
    rc, out, _ = _run_json(capsys, "--corpus", wire)
    assert out["corpora"][0]["scores"]["matched_gold"] == 0
    # --gold binds to the --corpus before it, not to the other one.
    rc, out, _ = _run_json(
        capsys,
        "--corpus",
        wire,
        "--published=2024-03-06",
        "--corpus",
        wire,
        "--gold",
        str(tmp_path / "other_gold.jsonl"),
    )
    assert [c["scores"]["gold"] for c in out["corpora"]] == [1, 0]


def test_missing_folder_is_skipped_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gone = tmp_path / "realnews"
    rc, out, err = _run_json(capsys, "--corpus", str(gone))
    assert rc == 0
    assert out == {"corpora": [], "skipped": [str(gone)]}
    assert err == f"accuracy: {gone} is not there; skipped\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--gold", "g.jsonl"], "--gold must follow the --corpus it belongs to"),
        (["--corpus", "{d}", "--published", "2024-02-30"], "--published: not a YYYY-MM-DD date"),
        (["--corpus", "{d}"], "no gold for"),
        (["--corpus", "{d}", "--oos", "{d}/nope.jsonl"], "nope.jsonl: no such file"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    (tmp_path / "articles").mkdir()
    rc = BENCH.main(["--no-devset", *(a.replace("{d}", str(tmp_path)) for a in argv)])
    out, err = capsys.readouterr()
    assert rc == 2 and out == ""
    assert err.startswith("accuracy: error: ") and message in err
    assert err.count("\n") == 1
