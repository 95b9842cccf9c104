"""Patterns of real news wording, each in sentences written for these tests.

Every test names one pattern that wire copy, local outlets and live blogs use, with facts
of the 2023-24 campaign told in our own words. None of it quotes an article.
"""

from datetime import date

import pytest

from geo.dates import find_dates
from geo.extraction import extract
from geo.gazetteer import Gazetteer
from geo.models import Document

PUB = date(2023, 12, 8)  # a Friday


def reports(gaz: Gazetteer, text: str, published: date = PUB):
    return extract(Document(name="t.txt", text=text, published=published), gaz).reports


def by_place(gaz: Gazetteer, text: str, published: date = PUB):
    return {r.place.place_id: r for r in reports(gaz, text, published)}


# --- places that are not where an attack happened -------------------------------------


def test_a_place_name_that_names_a_broadcaster_is_not_a_place(curated: Gazetteer) -> None:
    text = (
        "Al-Asad Air Base was attacked by drones on Friday, officials said.\n\n"
        "Al Mayadeen television said later that two missiles hit the base.\n"
    )
    assert set(by_place(curated, text)) == {"iq.anbar.al-asad"}


def test_a_city_named_for_its_time_zone_is_not_a_place(curated: Gazetteer) -> None:
    text = "Rockets were fired at Al-Asad Air Base at 6 p.m. Baghdad time on Friday, CENTCOM said."
    assert set(by_place(curated, text)) == {"iq.anbar.al-asad"}


def test_the_place_a_base_is_located_in_is_a_reference(curated: Gazetteer) -> None:
    text = (
        "A drone targeted Harir air base on Friday, the counter-terrorism service said.\n\n"
        "The service said the air base located in northern Erbil was hit by a drone on Friday.\n"
    )
    assert set(by_place(curated, text)) == {"iq.erbil.harir"}


def test_a_government_named_by_its_capital_is_not_a_place(curated: Gazetteer) -> None:
    text = (
        "US aircraft struck militia depots near Al-Qaim on Friday, which Baghdad considered "
        "a breach of its sovereignty, officials said."
    )
    assert set(by_place(curated, text)) == {"iq.al-qaim"}


@pytest.mark.parametrize("adverb", ["mainly", "mostly", "largely"])
def test_a_summary_of_which_bases_are_targeted_is_no_incident(
    curated: Gazetteer, adverb: str
) -> None:
    text = f"The attacks in Iraq have {adverb} targeted Al-Asad Air Base and Erbil Air Base."
    assert reports(curated, text) == ()


def test_continuous_attacks_are_habitual(curated: Gazetteer) -> None:
    text = "The directorate said Harir air base has faced continuous attacks by drones on Friday."
    assert reports(curated, text) == ()


# --- what happened -----------------------------------------------------------------------


def test_an_event_verb_takes_the_weapon_of_its_by_phrase(curated: Gazetteer) -> None:
    text = (
        "Harir air base, which hosts coalition troops who train Kurdish forces against the "
        "Islamic State group, was targeted by an explosives-laden drone on Friday."
    )
    (r,) = reports(curated, text)
    assert r.place.place_id == "iq.erbil.harir" and r.attack_type == "drone"


def test_a_us_drone_strike_is_a_us_airstrike(curated: Gazetteer) -> None:
    for text in (
        "A US drone strike killed a militia commander in Baghdad on Thursday, officials said.",
        "A US armed drone killed a militia commander in Baghdad on Thursday, officials said.",
    ):
        (r,) = reports(curated, text, date(2024, 1, 5))
        assert (r.attack_type, r.actor1, r.claimed) == ("airstrike", "United States", True)


def test_a_time_before_midnight_does_not_cut_the_clause(curated: Gazetteer) -> None:
    text = "Harir air base was hit just before midnight on Friday by two drones, officials said."
    (r,) = reports(curated, text)
    assert r.attack_type == "drone" and r.event_date == PUB


# --- who did it --------------------------------------------------------------------------


def test_an_iran_backed_phrase_is_the_actor_not_iran(curated: Gazetteer) -> None:
    text = "Iran-backed militants launched a drone at Erbil Air Base on Friday, officials said."
    (r,) = reports(curated, text)
    assert r.actor1 == "Iran-backed militias"


@pytest.mark.parametrize(
    "sentence",
    [
        "A drone hit Erbil Air Base on Friday, according to the Iraqi government.",
        "A drone hit Erbil Air Base, home to troops fighting the so-called Islamic State, on Friday.",
        "A drone hit Erbil Air Base on Friday amid the war with Israel, officials said.",
    ],
)
def test_a_source_an_enemy_or_a_war_party_is_not_the_actor(
    curated: Gazetteer, sentence: str
) -> None:
    (r,) = reports(curated, sentence)
    assert r.actor1 is None, r.reason


# --- dates -------------------------------------------------------------------------------


def test_the_eve_of_a_year_is_new_years_eve() -> None:
    (m,) = find_dates("On the eve of 2024, a drone was downed.", date(2024, 1, 1))
    assert m.value == date(2023, 12, 31) and m.precision == 1


def test_earlier_this_month_is_a_month_window_before_publication() -> None:
    (m,) = find_dates("an attack earlier this month on the embassy", date(2023, 12, 27))
    assert m.precision == 3 and date(2023, 12, 1) < m.value < date(2023, 12, 27)


def test_early_and_late_month_are_the_month_s_first_and_last_third() -> None:
    pub = date(2024, 1, 5)
    assert find_dates("hit in early November", pub)[0].value == date(2023, 11, 5)
    assert find_dates("hit in late November", pub)[0].value == date(2023, 11, 25)
