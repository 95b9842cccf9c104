"""One definition of "the same incident", shared by extraction (one article) and merging."""

from datetime import date, timedelta

import pytest
from gazhelpers import tiny_place

from geo.extraction import extract
from geo.gazetteer import Gazetteer
from geo.merging import merge_sources
from geo.models import Document, Source
from geo.same_incident import DATE_SLACK, combine_count, days_fit, types_fit

ASAD = tiny_place("iq.anbar.al-asad")
PUB = date(2024, 1, 22)


def test_the_slack_of_each_precision() -> None:
    monday = date(2024, 1, 15)
    assert days_fit(monday, 1, monday + timedelta(days=1), 1)
    assert not days_fit(monday, 1, monday + timedelta(days=2), 1)
    # a week's midpoint (Thursday) reaches its own Monday and Sunday, not the next Monday
    thursday = date(2024, 1, 18)
    assert days_fit(thursday, 2, monday, 1) and days_fit(thursday, 2, date(2024, 1, 21), 1)
    assert not days_fit(thursday, 2, date(2024, 1, 22), 1)
    assert days_fit(None, 1, monday, 1)
    assert days_fit(monday.toordinal(), 3, monday.toordinal() + DATE_SLACK[3], 1)


@pytest.mark.parametrize(
    ("a", "b", "fit"),
    [("rocket", "mortar", True), ("rocket", "drone", False), ("unknown", "drone", True)],
)
def test_types_of_one_family_fit(a: str, b: str, fit: bool) -> None:
    assert types_fit(a, b) is fit


@pytest.mark.parametrize(
    ("values", "combined"),
    [([0, 3], 3), ([3, 0], 3), ([5, 3, None], 3), ([None, 0], 0), ([None, None], None), ([], None)],
)
def test_a_stated_figure_beats_none_and_the_lowest_figure_wins(
    values: list[int | None], combined: int | None
) -> None:
    assert combine_count(values) == combined


def _source(doc: str, injuries: int) -> Source:
    return Source(
        document=doc, title=None, url=None, outlet=doc, published=PUB.isoformat(),
        evidence="rockets at Al-Asad", char_start=0, char_end=10, place=ASAD,
        event_date="2024-01-20", time_precision=1, attack_type="rocket", injuries=injuries,
    )  # fmt: skip


def test_no_one_hurt_then_three_injured_gives_three_in_one_article_and_across_two(
    tiny_gaz: Gazetteer,
) -> None:
    # Inside one article: the first sentence says nobody was hurt, a later one revises it.
    text = (
        "Rockets struck Ain al-Asad air base on Saturday; no one was hurt, officials said at "
        "first.\n\n"
        "Officials later said the rockets that hit Ain al-Asad air base on Saturday injured "
        "three US troops.\n"
    )
    (r,) = extract(Document(name="a.txt", text=text, published=PUB), tiny_gaz).reports
    assert r.injuries == 3
    # Across two outlets, the same figures combine the same way.
    (incident,) = merge_sources([_source("early.md", 0), _source("later.md", 3)])
    assert incident.injuries == 3
