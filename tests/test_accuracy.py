"""A floor on extraction accuracy over the hand-annotated development set (bench/accuracy.py)."""

import pytest
from gazhelpers import DATA

from geo.evaluate import load_gold, score_incidents
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
