"""Patterns of real news wording, each in sentences written for these tests.

Every test names one pattern that wire copy, local outlets and live blogs use, with facts
of the 2023-24 campaign told in our own words. None of it quotes an article.
"""

from datetime import date, timedelta

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


def test_a_base_named_by_its_town_is_the_towns_own_base(curated: Gazetteer) -> None:
    text = (
        "Drones attacked the coalition base at the Conoco gas field on Friday, a monitor "
        "said.\n\nA US base in al-Shaddadi, in Hasakah province, was also attacked with "
        "drones on Friday, the monitor said.\n"
    )
    found = by_place(curated, text)
    assert set(found) == {"sy.deir-ez-zor.conoco", "sy.hasakah.shaddadi"}
    assert "the base of Al-Shaddadi" in found["sy.hasakah.shaddadi"].place_reason


def test_a_house_in_a_town_with_a_base_stays_in_the_town(curated: Gazetteer) -> None:
    text = "A drone struck a house in Kirkuk on Friday, police said."
    assert set(by_place(curated, text)) == {"iq.kirkuk"}


@pytest.mark.parametrize(
    "where",
    [
        "a camp for displaced families in al-Rukban near the US al-Tanf garrison",
        "a camp for displaced families in al-Rukban, close to the US garrison at al-Tanf,",
    ],
)
def test_what_the_attacked_place_is_near_is_a_reference(curated: Gazetteer, where: str) -> None:
    text = f"A drone struck {where} on Friday, a monitor said."
    assert set(by_place(curated, text)) == {"jo.rukban"}


def test_a_second_target_near_a_town_is_still_a_target(curated: Gazetteer) -> None:
    text = "Rockets hit Al-Asad Air Base and a base near Erbil on Friday, officials said."
    assert set(by_place(curated, text)) == {"iq.anbar.al-asad", "iq.erbil.air-base"}


def test_a_doubled_consonant_is_the_same_name(curated: Gazetteer) -> None:
    text = (
        "US forces shot down a one-way attack drone a few kilometres from Ain al-Assad Air "
        "Base on Thursday, an official said."
    )
    (r,) = reports(curated, text)
    assert r.place.place_id == "iq.anbar.al-asad" and r.event_date == date(2023, 12, 7)


def test_neighbouring_sites_named_for_one_attack_are_one_incident(curated: Gazetteer) -> None:
    text = (
        "Rockets were fired at the US Embassy in Baghdad early on Friday, the mission said.\n\n"
        "A US official said the rockets fell near Union III and the Baghdad embassy complex.\n"
    )
    assert set(by_place(curated, text)) == {"iq.baghdad.us-embassy"}


def test_another_attack_at_a_neighbouring_site_stays_apart(curated: Gazetteer) -> None:
    text = (
        "Rockets were fired at the US Embassy in Baghdad early on Friday, the mission said.\n\n"
        "Later, another rocket attack targeted Union III, a US official said.\n"
    )
    assert set(by_place(curated, text)) == {"iq.baghdad.us-embassy", "iq.baghdad.union-iii"}


def test_a_dash_that_opens_a_name_does_not_cut_the_clause(curated: Gazetteer) -> None:
    text = (
        "On Sunday, militants launched a drone attack on a small logistics outpost \u2014 known "
        "as Tower 22 \u2014 in northeastern Jordan, officials said."
    )
    (r,) = reports(curated, text, date(2024, 1, 29))
    assert r.place.place_id == "jo.tower-22" and r.event_date == date(2024, 1, 28)


def test_a_base_used_mainly_by_us_troops_is_no_habit(curated: Gazetteer) -> None:
    text = (
        "A drone struck northeast Jordan on Sunday.\n\n"
        "The attack hit a base named Tower 22, used primarily by US troops.\n"
    )
    assert set(by_place(curated, text, date(2024, 1, 29))) == {"jo.tower-22"}


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


@pytest.mark.parametrize("adverb", ["mainly", "mostly", "largely"])
def test_an_adverb_that_describes_a_group_is_not_habitual(curated: Gazetteer, adverb: str) -> None:
    text = (
        f"The Islamic Resistance in Iraq, a loose alliance of {adverb} Iran-backed militias, "
        "said it attacked Al-Asad Air Base with two drones on Friday."
    )
    (r,) = reports(curated, text)
    assert r.place.place_id == "iq.anbar.al-asad" and r.attack_type == "drone"


def test_continuous_attacks_are_habitual(curated: Gazetteer) -> None:
    text = "The directorate said Harir air base has faced continuous attacks by drones on Friday."
    assert reports(curated, text) == ()


@pytest.mark.parametrize(
    "told",
    [
        "Iran's Revolutionary Guards fired ballistic missiles at Erbil on Monday, saying they "
        "hit a spy centre.",
        "Turkish drones struck PKK positions near Sulaymaniyah on Monday.",
        "A Turkish drone strike hit a car near Qamishli in northeast Syria on Monday.",
        "An Israeli strike near Damascus killed an Iranian adviser on Monday.",
        "President Bashar al-Assad's forces shelled rebel towns in Idlib on Monday.",
    ],
)
def test_another_states_strikes_are_not_this_campaign(curated: Gazetteer, told: str) -> None:
    assert reports(curated, told, date(2024, 1, 16)) == ()


@pytest.mark.parametrize(
    "told",
    [
        "US officials blamed Iran for a drone attack on Al-Asad Air Base on Monday.",
        "The strikes answer attacks by Iran and its proxies on US forces, including "
        "Monday's missile attack on Al-Asad Air Base.",
        "Militias launched Iranian drones at Al-Asad Air Base on Monday.",
    ],
)
def test_an_attack_on_us_forces_blamed_on_a_state_is_this_campaign(
    curated: Gazetteer, told: str
) -> None:
    (r,) = [r for r in reports(curated, told, date(2024, 1, 16)) if r.place.kind == "air_base"]
    assert r.place.place_id == "iq.anbar.al-asad"


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


@pytest.mark.parametrize(
    "sentence",
    [
        "Rockets were fired at U.S. and Coalition forces at Al-Asad Air Base on Friday.",
        "Two drones targeted American and Coalition forces at Al-Asad Air Base on Friday.",
        "US jets downed two drones near U.S. and Coalition forces at Al-Asad Air Base on Friday.",
    ],
)
def test_the_partner_of_a_target_is_a_target_not_the_actor(
    curated: Gazetteer, sentence: str
) -> None:
    (r,) = reports(curated, sentence)
    assert r.actor1 is None and r.place.place_id == "iq.anbar.al-asad", r.reason


def test_a_claim_in_the_lead_is_the_claim_of_the_attacks_told_next(curated: Gazetteer) -> None:
    text = (
        "Drones and rockets targeted two bases in Iraq and Syria on Wednesday, officials "
        "said.\n\n"
        "Both attacks were claimed by the Islamic Resistance in Iraq.\n\n"
        "A drone struck Al-Asad Air Base on Wednesday, causing no damage.\n\n"
        "In Syria, rockets were fired at the Conoco gas field base, an official said.\n"
    )
    got = by_place(curated, text)
    assert set(got) == {"iq.anbar.al-asad", "sy.deir-ez-zor.conoco"}
    for r in got.values():
        assert (r.actor1, r.claimed) == ("Islamic Resistance in Iraq", True), r.reason


def test_a_count_of_claims_in_the_lead_claims_nothing_told_next(curated: Gazetteer) -> None:
    text = (
        "The Islamic Resistance in Iraq has claimed dozens of attacks in Iraq and Syria since "
        "October.\n\n"
        "A drone struck Al-Asad Air Base on Wednesday, causing no damage.\n"
    )
    (r,) = reports(curated, text)
    assert r.actor1 is None


def test_its_fighters_are_the_group_that_claimed_just_before(curated: Gazetteer) -> None:
    text = (
        "The Islamic Resistance in Iraq claimed that it sent two drones at Al-Asad Air Base "
        "on Wednesday. Its fighters also fired rockets at the Conoco gas field base, the "
        "statement said.\n"
    )
    got = by_place(curated, text)
    r = got["sy.deir-ez-zor.conoco"]
    assert (r.attack_type, r.actor1, r.claimed) == ("rocket", "Islamic Resistance in Iraq", True)


@pytest.mark.parametrize(
    "said",
    [
        "issued a statement on Wednesday announcing that its fighters attacked",
        "said in a statement that its fighters had struck",
        "said the mujahideen of the Islamic Resistance had attacked",
    ],
)
def test_a_group_telling_what_its_fighters_did_is_a_claim(curated: Gazetteer, said: str) -> None:
    text = f"The Islamic Resistance in Iraq {said} Al-Asad Air Base with drones.\n"
    (r,) = reports(curated, text)
    assert (r.actor1, r.claimed) == ("Islamic Resistance in Iraq", True)


@pytest.mark.parametrize(
    "enemy", ["\u201cso called\u201d Islamic State group", '"so called\u201d Islamic State (IS)']
)
def test_the_enemy_of_the_coalition_in_quotes_is_not_the_actor(
    curated: Gazetteer, enemy: str
) -> None:
    text = (
        "There was a rocket attack in Syria on Thursday against forces of the coalition "
        f"against the {enemy}, an official said."
    )
    (r,) = reports(curated, text)
    assert r.actor1 is None, r.reason


def test_the_fighters_of_the_group_that_claimed_a_few_sentences_before(
    curated: Gazetteer,
) -> None:
    text = (
        "The Islamic Resistance in Iraq said in a statement that its fighters had struck "
        "Al-Asad Air Base with drones on Wednesday.\n\n"
        "The statement said the drones hit their targets.\n\n"
        "Later on Wednesday, the resistance fighters also targeted the Conoco gas field base.\n"
    )
    r = by_place(curated, text)["sy.deir-ez-zor.conoco"]
    assert (r.actor1, r.claimed) == ("Islamic Resistance in Iraq", True)


@pytest.mark.parametrize(
    "sentence",
    [
        "On Friday the Iraqi army said that Al-Asad Air Base had been attacked by a drone.",
        "The Pentagon said on Friday that Al-Asad Air Base was attacked with a drone.",
    ],
)
def test_a_speaker_is_not_the_actor(curated: Gazetteer, sentence: str) -> None:
    (r,) = reports(curated, sentence)
    assert r.actor1 is None, r.reason


def test_a_group_that_says_it_attacked_is_still_the_actor(curated: Gazetteer) -> None:
    text = "Kataib Hezbollah said in a statement that it attacked Al-Asad Air Base on Friday."
    (r,) = reports(curated, text)
    assert (r.actor1, r.claimed) == ("Kataib Hezbollah", True)


def test_a_name_that_qualifies_a_building_is_not_the_actor(curated: Gazetteer) -> None:
    text = (
        "Mortar rounds hit the Green Zone, which holds Iraqi government buildings, on Friday, "
        "police said."
    )
    (r,) = reports(curated, text)
    assert r.actor1 is None, r.reason


def test_an_assertion_is_not_a_claim_of_responsibility(curated: Gazetteer) -> None:
    text = (
        "Rockets hit Al-Asad Air Base on Friday, with Kataib Hezbollah claiming that the "
        "launchers were planted by its rivals."
    )
    (r,) = reports(curated, text)
    assert r.claimed is not True, r.reason


def test_a_group_beside_an_air_strike_is_its_target(curated: Gazetteer) -> None:
    text = (
        "Retaliatory strikes, carried out in Iraq on Friday, likely caused casualties among "
        "Kataib Hezbollah fighters, officials said."
    )
    (r,) = reports(curated, text)
    assert r.attack_type == "airstrike" and r.actor1 is None, r.reason


def test_an_ellipsis_ends_a_sentence(curated: Gazetteer) -> None:
    text = (
        "CENTCOM said US aircraft struck two militia facilities in Iraq\u2026 Earlier in the "
        "day, militants attacked coalition forces at Erbil Air Base on Friday.\n"
    )
    r = by_place(curated, text)["iq.erbil.air-base"]
    assert r.attack_type != "airstrike" and r.actor1 != "United States", r.reason


def test_the_wounded_of_an_earlier_attack_are_not_the_strikes(curated: Gazetteer) -> None:
    text = (
        "US jets carried out air strikes in Iraq on Friday after a drone attack earlier in the "
        "day that wounded three US soldiers, officials said.\n"
    )
    (r,) = reports(curated, text)
    assert r.attack_type == "airstrike" and r.injuries is None, r.reason


def test_a_barrage_keeps_its_casualties(curated: Gazetteer) -> None:
    text = (
        "Ballistic missiles and rockets hit Al-Asad Air Base on Friday, wounding two US "
        "soldiers, officials said.\n"
    )
    (r,) = reports(curated, text)
    assert (r.attack_type, r.injuries) == ("ballistic_missile", 2)


def test_a_strike_in_the_country_stays_apart_from_an_attack_in_a_town_of_it(
    curated: Gazetteer,
) -> None:
    # the town's report yields to the base first; the US strike then has nothing to join
    text = (
        "US forces carried out air strikes on three militia sites in Iraq on Friday, officials "
        "said.\n\n"
        "A drone struck Erbil Air Base on Friday, hours before the strikes.\n\n"
        "One of the soldiers hurt in Friday's attack in Erbil is in critical condition.\n"
    )
    got = by_place(curated, text)
    assert set(got) == {"iq", "iq.erbil.air-base"}
    assert got["iq"].attack_type == "airstrike" and got["iq.erbil.air-base"].attack_type == "drone"


def test_a_neighbourhood_yields_to_the_site_inside_it(curated: Gazetteer) -> None:
    text = (
        "Mortar rounds hit the US Embassy compound in Baghdad on Friday.\n\n"
        "The attack targeted the heavily guarded Green Zone, police said.\n"
    )
    assert set(by_place(curated, text)) == {"iq.baghdad.us-embassy"}


def test_the_day_a_war_began_is_no_attack(curated: Gazetteer) -> None:
    text = (
        "Rockets hit the US Embassy in Baghdad on Friday. It was the first attack on the "
        "embassy since the start of the Israel-Hamas war on Oct. 7, officials said.\n"
    )
    (r,) = reports(curated, text)
    assert r.event_date == date(2023, 12, 8)


def test_a_group_named_in_a_look_back_is_not_the_actor(curated: Gazetteer) -> None:
    text = (
        "At least three American soldiers were killed in a drone attack on the Tower 22 "
        "outpost in Jordan. An officer said the drone hit the soldiers' living quarters.\n\n"
        "It is the first time American soldiers have been killed in the region since last "
        "year\u2019s October 7 Hamas attack on Israel.\n"
    )
    (r,) = reports(curated, text, date(2024, 1, 29))
    assert r.actor1 is None and r.fatalities == 3, r.reason


def test_the_drone_raid_told_after_a_us_drone_strike_is_that_strike(curated: Gazetteer) -> None:
    text = (
        "A militia commander was killed in a US drone strike in Baghdad, the Pentagon said.\n\n"
        "Wednesday night's drone raid hit a car in the Mashtal neighbourhood.\n"
    )
    (r,) = reports(curated, text, date(2024, 2, 8))
    assert (r.place.place_id, r.attack_type, r.actor1) == (
        "iq.baghdad.mashtal",
        "airstrike",
        "United States",
    )


def test_a_drone_at_a_base_is_not_the_us_strike_in_its_city(curated: Gazetteer) -> None:
    text = (
        "A US drone strike killed a militia commander in Baghdad on Wednesday.\n\n"
        "Hours later, a drone was shot down over Victory Base near Baghdad airport.\n"
    )
    got = by_place(curated, text, date(2024, 2, 8))
    assert got["iq.baghdad.victory-base"].attack_type == "drone"
    assert got["iq.baghdad"].attack_type == "airstrike"


@pytest.mark.parametrize(
    "told",
    [
        "The United States carried out strikes on three militia sites in Iraq on Tuesday in "
        "response to a drone attack on Erbil Air Base, the Pentagon said.",
        "US forces conducted necessary and proportionate strikes on three sites in Iraq on "
        "Tuesday, after a drone attack on Erbil Air Base.",
    ],
)
def test_a_strike_in_a_country_in_response_to_an_attack_at_a_base_in_it_is_two(
    curated: Gazetteer, told: str
) -> None:
    got = by_place(curated, told + "\n", date(2023, 12, 27))
    assert set(got) == {"iq", "iq.erbil.air-base"}
    assert (got["iq"].attack_type, got["iq"].actor1) == ("airstrike", "United States")
    assert got["iq.erbil.air-base"].attack_type == "drone"


def test_the_countries_of_the_attacks_a_strike_answers_are_not_its_own(
    curated: Gazetteer,
) -> None:
    text = (
        "US jets struck three militia sites in Iraq on Monday. The precision strikes on Monday answer a series of "
        "attacks against U.S. personnel in Iraq and Syria, including a drone attack on Erbil "
        "Air Base, the Pentagon said.\n"
    )
    got = by_place(curated, text, date(2023, 12, 26))
    assert "sy" not in got and got["iq"].attack_type == "airstrike"


def test_today_in_a_quoted_statement_is_the_day_the_article_tells(curated: Gazetteer) -> None:
    text = (
        "US forces struck three militia sites in Iraq on Monday, the Pentagon said.\n\n"
        "\u201cThe strikes answer a drone attack on Erbil Air Base earlier today,\u201d the "
        "defence secretary said.\n"
    )
    got = by_place(curated, text, date(2023, 12, 26))
    assert got["iq.erbil.air-base"].event_date == date(2023, 12, 25)


def test_today_outside_a_quotation_is_the_day_of_publication(curated: Gazetteer) -> None:
    text = (
        "US forces struck three militia sites in Iraq on Monday, the Pentagon said.\n\n"
        "A drone hit Erbil Air Base today, officials said.\n"
    )
    got = by_place(curated, text, date(2023, 12, 26))
    assert got["iq.erbil.air-base"].event_date == date(2023, 12, 26)


@pytest.mark.parametrize(
    "told",
    [
        "A drone strike killed a senior Kataib Hezbollah commander in Baghdad on Wednesday.",
        "A drone strike on a car in Baghdad killed two members of the Kataib Hezbollah militia "
        "on Wednesday.",
        "A drone targeted a vehicle of the Popular Mobilization Forces in Baghdad on Wednesday.",
    ],
)
def test_a_drone_that_kills_militiamen_is_a_strike_on_them(curated: Gazetteer, told: str) -> None:
    (r,) = reports(curated, told, date(2024, 2, 8))
    assert (r.attack_type, r.actor1) == ("airstrike", None), r.reason


def test_a_drone_a_group_launches_stays_its_drone_attack(curated: Gazetteer) -> None:
    text = "Kataib Hezbollah launched a drone at Al-Asad Air Base on Wednesday, killing no one."
    (r,) = reports(curated, text, date(2024, 2, 8))
    assert (r.attack_type, r.actor1) == ("drone", "Kataib Hezbollah")


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


# --- the document read as a whole --------------------------------------------------------


def test_a_later_sentence_gives_the_day_of_the_incident(curated: Gazetteer) -> None:
    text = (
        "Drones attacked the al-Tanf garrison in Syria, a Pentagon official said.\n\n"
        "The attack occurred on Wednesday morning, local time.\n"
    )
    (r,) = reports(curated, text, date(2023, 10, 19))
    assert r.event_date == date(2023, 10, 18) and r.time_precision == 1


def test_the_weapon_of_the_next_sentence_types_the_attack(curated: Gazetteer) -> None:
    text = (
        "On Monday the group said it attacked US forces at Ain al-Asad air base in Iraq.\n\n"
        "The rockets caused no casualties or damage, officials said.\n"
    )
    (r,) = reports(curated, text, date(2023, 11, 3))
    assert r.attack_type == "rocket" and (r.fatalities, r.injuries) == (0, 0)


def test_the_group_that_claimed_is_the_group_named_before(curated: Gazetteer) -> None:
    text = (
        "The Islamic Resistance in Iraq has issued statements for weeks.\n\n"
        "A one-way drone struck Erbil Air Base on Friday, officials said.\n\n"
        "The group later claimed responsibility for the attack.\n"
    )
    (r,) = reports(curated, text)
    assert (r.actor1, r.claimed) == ("Islamic Resistance in Iraq", True)


def test_a_base_named_only_by_its_town_is_the_site_named_next(curated: Gazetteer) -> None:
    text = (
        "The base hosting coalition troops in Irbil came under fire by a drone on Friday, "
        "officials said.\n\n"
        "They gave no word on whether the attack hurt anyone at the Harir base.\n"
    )
    (r,) = reports(curated, text, date(2024, 1, 5))
    assert r.place.place_id == "iq.erbil.harir" and r.attack_type == "drone"


def test_a_province_word_picks_the_province(curated: Gazetteer) -> None:
    text = "A US base in Al-Hasakah governorate came under rocket fire on Tuesday, monitors said."
    (r,) = reports(curated, text, date(2023, 12, 27))
    assert r.place.kind == "governorate" and r.place.country == "SY"


def test_a_small_number_of_targets_is_a_count_not_a_trend(curated: Gazetteer) -> None:
    text = "Last week, US aircraft conducted strikes on two facilities in eastern Syria."
    (r,) = reports(curated, text, date(2023, 11, 3))
    assert (r.place.country, r.attack_type, r.count) == ("SY", "airstrike", 2)


def test_a_place_outside_the_theatre_is_never_mapped(curated: Gazetteer) -> None:
    text = "The group claimed a drone attack on the US occupation base on Friday, it said."
    assert all(r.place.country in {"IQ", "SY", "JO"} for r in reports(curated, text))
    text = "Houthi rebels fired a missile at a ship in the Red Sea near Yemen on Friday."
    assert reports(curated, text) == ()


# --- strike packages told by country ---------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "American warplanes struck more than 80 militia targets in Iraq and Syria on Friday, "
        "the Pentagon said.",
        "The US answered on Friday with a wave of strikes on Iran-linked sites in Syria and Iraq.",
        "US forces on Friday hit command posts and depots in Iraq and Syria, CENTCOM said.",
    ],
)
def test_a_us_strike_package_over_listed_countries_is_one_report_per_country(
    curated: Gazetteer, sentence: str
) -> None:
    found = by_place(curated, sentence, date(2024, 2, 3))
    assert set(found) == {"iq", "sy"}
    for r in found.values():
        assert r.attack_type == "airstrike" and r.actor1 == "United States"
        assert r.event_date == date(2024, 2, 2) and r.place.precision == 4


def test_militia_attacks_on_us_forces_in_listed_countries_stay_unplaced(
    curated: Gazetteer,
) -> None:
    # The United States is the target here, not the striker: no package, no country report.
    text = (
        "Militias have launched drones and rockets at US forces in Iraq and Syria on Friday, "
        "a spokesman said."
    )
    assert by_place(curated, text, date(2024, 2, 3)) == {}


def test_a_strike_package_by_another_air_force_is_not_a_us_package(curated: Gazetteer) -> None:
    text = "Turkish jets bombed Kurdish positions in Iraq and Syria on Friday, Ankara said."
    assert by_place(curated, text, date(2024, 2, 3)) == {}


def test_a_us_strike_dated_by_the_weekday_after_its_subject(curated: Gazetteer) -> None:
    # "US forces on Tuesday struck ...": a strike verb with the US as subject is an airstrike,
    # and it does not yield to a rocket attack told next in the same country.
    text = (
        "US forces on Tuesday struck a militia arms depot in Syria, Central Command said. "
        "The strike answered a rocket attack on troops at Al-Shaddadi on Monday."
    )
    found = by_place(curated, text, date(2024, 11, 13))
    assert found["sy"].attack_type == "airstrike"
    assert found["sy"].event_date == date(2024, 11, 12)
    assert found["sy.shaddadi"].attack_type == "rocket"


def test_a_first_version_the_report_corrects_is_not_a_place(curated: Gazetteer) -> None:
    text = (
        "A drone killed three US soldiers at Tower 22 in Jordan on Sunday.\n\n"
        "Amman had initially said the attack happened across the border in Syria.\n"
    )
    assert set(by_place(curated, text, date(2024, 1, 30))) == {"jo.tower-22"}


# --- the place comes in a later sentence -----------------------------------------------


def test_an_attack_told_without_a_place_is_placed_by_the_next_sentence(
    curated: Gazetteer,
) -> None:
    # The strike is told first with its weapon and day; the next sentence says where.
    text = (
        "A U.S. drone strike on Thursday killed a senior militia commander and his driver.\n\n"
        "Officials in Washington called the strike in the Iraqi capital an act of self-defence.\n"
    )
    found = by_place(curated, text, date(2024, 1, 5))
    assert set(found) == {"iq.baghdad"}
    r = found["iq.baghdad"]
    assert r.attack_type == "airstrike" and r.event_date == date(2024, 1, 4)
    assert r.actor1 == "United States" and r.claimed is True
    assert "drone strike on Thursday" in r.evidence[0].text


def test_a_place_two_paragraphs_on_that_tells_a_new_attack_is_not_taken(
    curated: Gazetteer,
) -> None:
    # A sentence with its own weapon is its own attack: the earlier one stays unplaced.
    text = (
        "A U.S. drone strike on Thursday killed a senior militia commander.\n\n"
        "Separately, rockets hit Ain al-Asad air base on Friday.\n"
    )
    found = by_place(curated, text, date(2024, 1, 6))
    assert set(found) == {"iq.anbar.al-asad"}
    assert found["iq.anbar.al-asad"].attack_type == "rocket"


@pytest.mark.parametrize(
    ("phrase", "place_id"),
    [
        ("the Iraqi capital", "iq.baghdad"),
        ("Iraq's capital", "iq.baghdad"),
        ("the Syrian capital", "sy.damascus"),
        ("Jordan's capital", "jo.amman"),
    ],
)
def test_a_capital_named_by_its_country(curated: Gazetteer, phrase: str, place_id: str) -> None:
    text = f"A rocket struck a house in {phrase} on Thursday, police said."
    assert set(by_place(curated, text)) == {place_id}


def test_dotted_us_counts_as_the_united_states(curated: Gazetteer) -> None:
    text = "U.S. aircraft struck a militia depot near Al-Qaim on Thursday, officials said."
    r = by_place(curated, text)["iq.al-qaim"]
    assert r.attack_type == "airstrike" and r.actor1 == "United States"


# --- claims and casualties as reports word them -------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "No group has yet claimed responsibility for the attack.",
        "There was no immediate claim of responsibility.",
        "The attack has not been claimed.",
        "Nobody has claimed the strike so far.",
    ],
)
def test_a_report_saying_no_one_claimed_it_sets_claimed_false(
    curated: Gazetteer, line: str
) -> None:
    text = f"Two drones targeted Ain al-Asad air base on Thursday, officials said. {line}"
    r = by_place(curated, text)["iq.anbar.al-asad"]
    assert r.claimed is False and r.actor1 is None


def test_a_group_that_denies_involvement_is_not_the_actor(curated: Gazetteer) -> None:
    text = (
        "Rockets landed inside the Victory base complex on Thursday, and no party has claimed "
        "responsibility. Kataib Hezbollah denied any involvement in the attack."
    )
    (r,) = reports(curated, text)
    assert r.actor1 is None and r.claimed is False


@pytest.mark.parametrize(
    ("sentence", "fatalities", "injuries"),
    [
        ("The rockets did not result in any reported casualties.", 0, 0),
        ("A drone strike killed a militia commander and another member of his group.", 2, None),
        ("One of the three soldiers injured in the attack was flown to Germany.", None, 3),
        ("Officials said one fighter was killed, and 12 were wounded in the strikes.", 1, 12),
        (
            "The ministry said the strikes killed one security forces member and wounded 9 others.",
            1,
            9,
        ),
        (
            "The drone left one US soldier in critical condition and wounded four others.",
            None,
            5,
        ),
        ("Two US servicemen were injured in the attack, the statement added.", None, 2),
        ("One of the soldiers injured in the attack was flown to Germany.", None, None),
        ("At least three U.S. military personnel were killed and 40 more were injured.", 3, 40),
        ("The strike caused the tragic deaths of two US troops, officials said.", 2, None),
        ("Baghdad said 11 people, including civilians, were injured in the strikes.", None, 11),
        ("Two were killed and six other people were wounded, the sources said.", 2, 6),
    ],
)
def test_casualty_wording(
    curated: Gazetteer, sentence: str, fatalities: int | None, injuries: int | None
) -> None:
    from geo.extraction import _casualties

    assert _casualties(sentence)[:2] == (fatalities, injuries)


def test_a_vaguer_mention_joins_the_attack_of_its_own_day(curated: Gazetteer) -> None:
    # Two attacks on the same airport on different days; the town-level sentence with "no
    # casualties" belongs to the one of its day, and a later day's blame is not carried back.
    text = (
        "A drone was shot down near Erbil airport on Monday, Kurdish officials said.\n\n"
        "The drone came down near Erbil without causing casualties, the officials added.\n\n"
        "On July 3, another drone was downed near the airport, and the interior ministry "
        "blamed the Popular Mobilisation Forces.\n"
    )
    found = sorted(reports(curated, text, date(2025, 7, 15)), key=lambda r: r.event_date)
    assert [r.event_date for r in found] == [date(2025, 7, 3), date(2025, 7, 14)]
    july3, monday = found
    assert (monday.fatalities, monday.injuries, monday.actor1) == (0, 0, None)
    assert july3.actor1 == "Popular Mobilization Forces"


def test_a_claim_for_most_of_the_attacks_is_the_campaigns_not_this_ones(
    curated: Gazetteer,
) -> None:
    text = (
        "Rockets struck the Rumalyn landing zone in Syria on Sunday.\n\n"
        "No group immediately claimed the attack.\n\n"
        "Kataib Hezbollah has claimed most of the attacks on US troops since October.\n"
    )
    r = by_place(curated, text, date(2024, 4, 22))["sy.hasakah.rumalyn"]
    assert r.actor1 is None and r.claimed is False


def test_the_outlet_a_report_cites_is_not_the_actor(curated: Gazetteer) -> None:
    text = (
        "Rockets hit the Rumalyn landing zone in Syria on Sunday, the agency reported, "
        "citing two Iraqi security forces officers."
    )
    r = by_place(curated, text, date(2024, 4, 22))["sy.hasakah.rumalyn"]
    assert r.actor1 is None


def test_the_group_named_before_claims_in_the_sentence_of_the_attack(curated: Gazetteer) -> None:
    text = (
        "The Islamic Resistance in Iraq posted a video on Telegram.\n\n"
        "On Monday, the group claimed it attacked coalition forces at Ain al-Asad air base.\n"
    )
    r = by_place(curated, text, date(2023, 11, 3))["iq.anbar.al-asad"]
    assert r.actor1 == "Islamic Resistance in Iraq" and r.claimed is True


def test_a_launch_point_near_a_village_and_a_longer_name_are_not_targets(
    curated: Gazetteer,
) -> None:
    # "Hama Dawud" is a village, not the city of Hama; "launched from a spot near X" is where
    # the rockets came from.
    text = (
        "Five rockets targeted the Rumalyn landing zone in Syria on Sunday. The rockets were "
        "fired from a field near Hama Dawud village, and another salvo was launched from an "
        "orchard outside Mosul, a source said."
    )
    assert set(by_place(curated, text, date(2024, 4, 22))) == {"sy.hasakah.rumalyn"}


def test_a_sentence_of_dropped_places_can_still_say_no_one_claimed_the_attack(
    curated: Gazetteer,
) -> None:
    text = (
        "A drone struck the Rumalyn landing zone in Syria yesterday, an official said.\n\n"
        "Attacks on US troops in Iraq and Syria have resumed lately, but no group has claimed "
        "responsibility for the latest one.\n"
    )
    r = by_place(curated, text, date(2024, 8, 11))["sy.hasakah.rumalyn"]
    assert r.claimed is False


def test_a_dual_attack_by_two_weapons_is_two_attacks(curated: Gazetteer) -> None:
    text = (
        "The Islamic Resistance in Iraq claimed a dual rocket and drone attack on the US base "
        "at Al-Shaddadi in Syria on Wednesday."
    )
    found = reports(curated, text, date(2023, 11, 9))
    assert sorted(r.attack_type for r in found) == ["drone", "rocket"]
    assert {r.place.place_id for r in found} == {"sy.hasakah.shaddadi"}
    assert all(r.actor1 == "Islamic Resistance in Iraq" and r.claimed for r in found)


def test_a_barrage_of_two_weapons_without_dual_stays_one_attack(curated: Gazetteer) -> None:
    text = "Rockets and drones targeted the US base at Al-Shaddadi in Syria on Wednesday."
    assert len(reports(curated, text, date(2023, 11, 9))) == 1


def test_casualties_of_a_sentence_that_opens_on_the_attack_three_sentences_on(
    curated: Gazetteer,
) -> None:
    text = (
        "Rockets targeted the US base at Al-Shaddadi in Syria on Wednesday.\n\n"
        "The group behind it posted a statement online.\n\n"
        "A monitor said US air defences shot down two drones over the area.\n\n"
        "These strikes, which did not result in any reported casualties, were said to "
        "answer the war in Gaza.\n"
    )
    r = by_place(curated, text, date(2023, 11, 9))["sy.hasakah.shaddadi"]
    assert (r.fatalities, r.injuries) == (0, 0)


def test_an_ongoing_campaign_in_the_present_perfect_is_no_incident(curated: Gazetteer) -> None:
    text = (
        "Iran-aligned militias have been attacking US interests in Iraq since the war began "
        "on February 28, officials said."
    )
    assert by_place(curated, text, date(2026, 3, 17)) == {}


def test_a_country_after_near_is_a_direction(curated: Gazetteer) -> None:
    text = "Air strikes hit militia positions in the town of al-Qaim near Syria on Monday."
    assert set(by_place(curated, text, date(2026, 3, 17))) == {"iq.al-qaim"}


def test_a_newsletter_promotion_names_no_actor(curated: Gazetteer) -> None:
    text = (
        "Drones struck the US embassy in Baghdad early on Tuesday, security sources said.\n\n"
        "Our Iran briefing newsletter keeps you informed with the latest from the war.\n"
    )
    r = by_place(curated, text, date(2026, 3, 17))["iq.baghdad.us-embassy"]
    assert r.actor1 is None


def test_a_digest_that_mentions_its_newsletter_is_still_read(curated: Gazetteer) -> None:
    text = (
        "Four rockets were fired at Al-Asad air base on Monday, Iraqi sources said; no group had "
        "claimed them when this newsletter went out.\n"
    )
    assert set(by_place(curated, text, date(2023, 10, 31))) == {"iq.anbar.al-asad"}


def test_the_incident_occurred_at_places_the_attack_of_the_lead(curated: Gazetteer) -> None:
    # The lead names only "an Iraqi air base"; the next sentence says which, with no attack
    # word of its own.
    text = (
        "Several US troops were hurt on Monday in a suspected rocket attack at an Iraqi air "
        "base, defence officials said.\n\n"
        "The incident occurred at Al-Asad air base in western Iraq, the statement said.\n"
    )
    found = by_place(curated, text, date(2024, 8, 5))
    assert set(found) == {"iq.anbar.al-asad"}
    r = found["iq.anbar.al-asad"]
    assert r.attack_type == "rocket" and r.event_date == date(2024, 8, 5)
    assert len(r.evidence) == 2


def test_last_weeks_attack_on_the_same_base_is_another_attack(curated: Gazetteer) -> None:
    # "the base" is the one named before; "last week" is not this Monday; "another attack in
    # Syria" is a country-level report of its own; a "frequent target" is background.
    text = (
        "Rockets hit Al-Asad air base on Monday, officials said.\n\n"
        "Al-Asad has been a frequent target of militias since October. Militants fired two "
        "rockets at the base last week, along with another attack in Syria, officials said.\n"
    )
    found = sorted(
        (r.event_date, r.place.place_id) for r in reports(curated, text, date(2024, 8, 7))
    )
    assert found == [
        (date(2024, 8, 1), "iq.anbar.al-asad"),
        (date(2024, 8, 1), "sy"),
        (date(2024, 8, 5), "iq.anbar.al-asad"),
    ]


def test_the_day_a_campaign_began_is_not_the_day_of_the_strike(curated: Gazetteer) -> None:
    text = (
        "US jets struck two sites in eastern Syria, the Pentagon said, in answer to a wave of "
        "drone attacks on US troops that began early last week.\n\n"
        "The strikes were carried out on Friday near Abu Kamal, an official said.\n"
    )
    found = by_place(curated, text, date(2023, 10, 27))
    assert set(found) == {"sy.abu-kamal"}
    assert found["sy.abu-kamal"].event_date == date(2023, 10, 27)


def test_a_campaign_that_began_with_this_attack_keeps_its_day(curated: Gazetteer) -> None:
    text = (
        "It was the latest in a run of attacks that began in mid-October, when a drone came "
        "down near Harir air base."
    )
    r = by_place(curated, text, date(2023, 10, 31))["iq.erbil.harir"]
    assert r.event_date == date(2023, 10, 15)


def test_the_province_of_a_city_named_for_it(curated: Gazetteer) -> None:
    text = "Activists confirmed US strikes on Friday in Syria's eastern province of Deir Ezzor."
    assert set(by_place(curated, text, date(2023, 10, 27))) == {"sy.gov.deir-ez-zor"}


def test_a_main_target_outside_a_town_is_a_place_of_the_strikes(curated: Gazetteer) -> None:
    # "Deir Ezzor 24" is a media outlet; the main target was outside Mayadin.
    text = (
        "US jets struck militia depots in eastern Syria on Friday. An activist who runs the "
        "Deir Ezzor 24 media outlet said the main target was a farm area outside the town of "
        "Mayadeen."
    )
    assert "sy.mayadin" in by_place(curated, text, date(2023, 10, 27))
    assert "sy.deir-ez-zor" not in by_place(curated, text, date(2023, 10, 27))


def test_a_day_inside_a_vaguer_span_of_the_same_clause_dates_it(curated: Gazetteer) -> None:
    text = (
        "The commander's group was behind a Jan. 28 drone strike that killed three soldiers "
        "at Tower 22 in Jordan last month, officials said."
    )
    r = by_place(curated, text, date(2024, 2, 7))["jo.tower-22"]
    assert r.event_date == date(2024, 1, 28) and r.time_precision == 1
    assert r.fatalities == 3


def test_a_lead_without_day_or_place_is_completed_by_wednesdays_strike(
    curated: Gazetteer,
) -> None:
    # The lead tells a US drone strike with neither day nor place; the next sentence tells
    # "Wednesday's strike" in Baghdad, and its victims are not its perpetrators.
    text = (
        "A U.S. drone strike killed a senior commander of an Iran-backed militia, officials "
        "said.\n\n"
        "Three members of the Iran-backed Kataib Hezbollah militia died in Wednesday's strike "
        "on eastern Baghdad, militia officials said.\n"
    )
    r = by_place(curated, text, date(2024, 2, 8))["iq.baghdad"]
    assert r.attack_type == "airstrike" and r.event_date == date(2024, 2, 7)
    assert r.actor1 == "United States" and r.claimed is True
    assert r.fatalities == 3


def test_an_air_strike_on_fighters_launching_drones_stays_an_airstrike(
    curated: Gazetteer,
) -> None:
    text = (
        "US forces carried out an air strike in Babylon province tonight, targeting fighters "
        "who were about to launch one-way attack drones, an official said."
    )
    r = by_place(curated, text, date(2024, 7, 31))["iq.gov.babil"]
    assert r.attack_type == "airstrike" and r.actor1 == "United States"


def test_a_weapon_told_first_beside_an_older_attack_waits_for_its_place(
    curated: Gazetteer,
) -> None:
    text = (
        "A U.S. drone strike killed a senior militia commander blamed for a Jan. 28 attack "
        "that killed three soldiers at Tower 22 in Jordan.\n\n"
        "Three members of the militia were killed in Wednesday's strike on eastern Baghdad, "
        "officials said.\n"
    )
    found = by_place(curated, text, date(2024, 2, 8))
    assert found["jo.tower-22"].event_date == date(2024, 1, 28)
    baghdad = found["iq.baghdad"]
    assert baghdad.attack_type == "airstrike" and baghdad.event_date == date(2024, 2, 7)
    assert baghdad.claimed is True and baghdad.fatalities == 3


def test_the_attack_told_again_at_the_site_next_door_is_one_attack(curated: Gazetteer) -> None:
    text = (
        "Two rockets fell near Baghdad International Airport early on Wednesday.\n\n"
        "Iraqi security forces were unable to say what caused the blasts.\n\n"
        "The attack, which was launched against Camp Victory, caused damage but no casualties.\n"
    )
    found = reports(curated, text, date(2024, 9, 11))
    assert len(found) == 1
    (r,) = found
    assert r.attack_type == "rocket" and r.actor1 is None
    assert (r.fatalities, r.injuries) == (0, 0)


def test_a_new_attack_at_a_site_next_door_stays_separate(curated: Gazetteer) -> None:
    # Not a definite reference, and a weapon of its own: another attack.
    text = (
        "Two rockets fell near Baghdad International Airport early on Wednesday.\n\n"
        "Separately, a drone struck Camp Victory on Wednesday.\n"
    )
    assert len(reports(curated, text, date(2024, 9, 11))) == 2


def test_two_separate_attacks_on_two_days_are_two_reports(curated: Gazetteer) -> None:
    text = (
        "Officials confirmed two separate attacks on Harir air base, one shortly before "
        "midnight on Nov. 8 and the other on the evening of Nov. 9, both by drones."
    )
    found = sorted(r.event_date for r in reports(curated, text, date(2023, 11, 11)))
    assert found == [date(2023, 11, 8), date(2023, 11, 9)]


def test_the_us_owning_the_strike_reaches_the_report_of_the_city_around_it(
    curated: Gazetteer,
) -> None:
    text = (
        "A drone strike in eastern Baghdad on Thursday killed a militia commander.\n\n"
        "The strike hit his car outside a headquarters on Palestine Street, police said.\n\n"
        "The Pentagon said US forces had carried out the strike in self-defence.\n"
    )
    found = reports(curated, text, date(2024, 1, 5))
    assert [(r.place.place_id, r.attack_type, r.actor1) for r in found] == [
        ("iq.baghdad.palestine-street", "airstrike", "United States")
    ]


def test_a_base_of_another_force_is_not_a_campaign_target(curated: Gazetteer) -> None:
    text = (
        "Late last month, two drones hit a Peshmerga base in Erbil province, officials said. "
        "A drone also struck Harir air base on Friday."
    )
    assert set(by_place(curated, text, date(2024, 1, 5))) == {"iq.erbil.harir"}


def test_a_us_strike_on_a_militia_headquarters_is_still_mapped(curated: Gazetteer) -> None:
    text = "US jets struck a PMF headquarters in Al-Qaim on Friday, the Pentagon said."
    assert set(by_place(curated, text, date(2024, 2, 3))) == {"iq.al-qaim"}


def test_a_pro_iran_group_taking_responsibility_is_a_claim(curated: Gazetteer) -> None:
    text = (
        "A drone struck Harir air base on Friday, officials said. A pro-Iran militia group "
        "took responsibility for the attack."
    )
    r = by_place(curated, text, date(2024, 1, 5))["iq.erbil.harir"]
    assert r.actor1 == "Iran-backed militias" and r.claimed is True


# --- days told by another event ---------------------------------------------------------


@pytest.mark.parametrize("link", ["came after", "followed", "were in retaliation for"])
def test_attacks_told_as_what_came_before_a_strike_are_dated_before_it(
    curated: Gazetteer, link: str
) -> None:
    text = (
        "US F-15s struck a weapons depot in eastern Syria on Thursday, the Pentagon said.\n\n"
        f"The strikes {link} fresh attacks on Harir air base and on Shaddadi.\n"
    )
    got = by_place(curated, text)
    for pid in ("iq.erbil.harir", "sy.shaddadi"):
        assert got[pid].event_date == date(2023, 12, 6)  # the day before Thursday, 7 Dec
        assert got[pid].time_precision == 2
        assert "came before" in got[pid].date_reason


@pytest.mark.parametrize("gap", ["just a few hours after", "shortly after", "minutes after"])
def test_what_came_hours_before_a_strike_is_of_the_same_day(curated: Gazetteer, gap: str) -> None:
    text = (
        "US F-15s struck a weapons depot in eastern Syria on Thursday, the Pentagon said.\n\n"
        f"The strikes came {gap} a drone attack on Harir air base.\n"
    )
    r = by_place(curated, text)["iq.erbil.harir"]
    assert (r.event_date, r.time_precision) == (date(2023, 12, 7), 1)


def test_the_day_of_a_lead_without_a_mappable_place_dates_the_attacks_told_next(
    curated: Gazetteer,
) -> None:
    text = (
        "US troops in Iraq and Syria came under attack four times late on Wednesday, a "
        "defence official said.\n\n"
        "In one of them, two drones targeted Al-Asad Air Base, the official said.\n\n"
        "Rockets were also fired at Erbil Air Base.\n"
    )
    got = by_place(curated, text)
    assert set(got) == {"iq.anbar.al-asad", "iq.erbil.air-base"}
    for r in got.values():
        assert (r.event_date, r.time_precision) == (date(2023, 12, 6), 1), r.date_reason


def test_the_day_of_a_threat_in_the_lead_dates_nothing(curated: Gazetteer) -> None:
    text = (
        "The militias in Iraq and Syria threatened on Wednesday to attack US forces.\n\n"
        "Two drones targeted Al-Asad Air Base, an official said.\n"
    )
    (r,) = reports(curated, text)
    assert (r.event_date, r.time_precision) == (PUB, 2)


@pytest.mark.parametrize(
    "said",
    [
        "The Pentagon said on Thursday that a drone had struck Erbil Air Base.",
        "The Pentagon on Thursday confirmed that a drone had struck Erbil Air Base.",
    ],
)
def test_the_day_a_statement_was_made_dates_the_attack_if_nothing_better(
    curated: Gazetteer, said: str
) -> None:
    (r,) = reports(curated, said + "\n")
    assert (r.event_date, r.time_precision) == (date(2023, 12, 7), 1)
    assert "the day it was said" in r.date_reason


def test_the_day_of_the_attack_told_later_beats_the_day_it_was_said(
    curated: Gazetteer,
) -> None:
    text = (
        "A drone had struck Erbil Air Base, the Pentagon said on Thursday.\n\n"
        "Two service members were hurt in Wednesday's attack on the Erbil base.\n"
    )
    (r,) = reports(curated, text)
    assert (r.event_date, r.time_precision, r.injuries) == (date(2023, 12, 6), 1, 2)


def test_what_an_event_was_followed_by_came_after_it(curated: Gazetteer) -> None:
    text = (
        "Rockets hit the US Embassy in Baghdad on Friday. Friday's attack was followed by "
        "drone attacks on Al-Asad Air Base, officials said.\n"
    )
    r = by_place(curated, text)["iq.anbar.al-asad"]
    assert r.event_date == date(2023, 12, 8) and "came before" not in r.date_reason


def test_an_attack_after_a_strike_with_its_own_day_keeps_it(curated: Gazetteer) -> None:
    text = (
        "US aircraft hit militia depots near Al-Qaim on Thursday, days after a drone attack "
        "on Al-Asad Air Base on Monday.\n"
    )
    got = by_place(curated, text)
    assert got["iq.anbar.al-asad"].event_date == date(2023, 12, 4)
    assert got["iq.anbar.al-asad"].time_precision == 1


def test_an_attack_before_a_statement_of_a_vague_span_keeps_the_span(
    curated: Gazetteer,
) -> None:
    text = (
        "A State Department spokesman condemned the militias earlier this month after an "
        "attack that targeted the Union III base in Baghdad.\n"
    )
    (r,) = reports(curated, text)
    assert r.time_precision == 3 and "came before" not in r.date_reason


@pytest.mark.parametrize(
    "told",
    [
        "A news agency previously reported that two drones had been shot down over Al-Asad "
        "Air Base.",
        "Two drones had been intercepted over Al-Asad Air Base, the agency said.",
    ],
)
def test_an_undated_attack_told_as_earlier_news_is_before_publication(
    curated: Gazetteer, told: str
) -> None:
    (r,) = reports(curated, told + "\n")
    assert r.event_date == PUB - timedelta(days=1) and r.time_precision == 2
    assert "earlier news" in r.date_reason


def test_an_undated_attack_told_as_news_is_in_the_week_of_publication(
    curated: Gazetteer,
) -> None:
    (r,) = reports(curated, "Two drones were shot down over Al-Asad Air Base, the agency said.\n")
    assert r.event_date == PUB and r.time_precision == 2


def test_what_witnesses_heard_there_on_a_day_dates_the_attack(curated: Gazetteer) -> None:
    text = (
        "Rockets were fired at the US Embassy in Baghdad, two security officials said.\n\n"
        "Loud explosions were heard across Baghdad on Wednesday evening, residents said.\n"
    )
    (r,) = reports(curated, text)
    assert r.place.place_id == "iq.baghdad.us-embassy"
    assert r.event_date == date(2023, 12, 6) and r.time_precision == 1


def test_what_was_heard_in_another_city_does_not_date_the_attack(curated: Gazetteer) -> None:
    text = (
        "Rockets were fired at the US Embassy in Baghdad, two security officials said.\n\n"
        "Loud explosions were heard in Erbil on Wednesday evening, residents said.\n"
    )
    (r,) = [r for r in reports(curated, text) if r.place.place_id == "iq.baghdad.us-embassy"]
    assert r.time_precision == 2 and r.event_date == PUB


# --- this session: history, causes, the campaign's start --------------------------------


def test_a_strike_told_as_what_came_since_is_no_strike_package(curated: Gazetteer) -> None:
    text = (
        "A drone hit a training ground at the Conoco gas field late on Sunday, the Kurdish-led "
        "forces said.\n\nThe drone strike was the first serious attack in Syria or Iraq since "
        "the U.S. launched retaliatory strikes on Friday against the militias.\n"
    )
    found = reports(curated, text, date(2024, 2, 5))
    assert [(r.place.place_id, r.attack_type) for r in found] == [
        ("sy.deir-ez-zor.conoco", "drone")
    ]


def test_a_us_strike_in_a_country_is_not_the_attack_on_an_oil_field_base(
    curated: Gazetteer,
) -> None:
    # the fields the gazetteer lists host coalition forces: a US strike never lands there
    text = (
        "The attack hit a training ground at al-Omar base on Sunday, the Kurdish-led forces "
        "said.\n\nThe U.S. military carried out strikes in Syria on Sunday, officials said.\n"
    )
    found = by_place(curated, text, date(2024, 2, 5))
    assert set(found) == {"sy.deir-ez-zor.omar-field", "sy"}
    assert found["sy"].attack_type == "airstrike"
    assert found["sy.deir-ez-zor.omar-field"].attack_type != "airstrike"


def test_the_killing_a_strike_answers_is_not_its_toll(curated: Gazetteer) -> None:
    text = (
        "A drone hit the Conoco gas field late on Sunday, the Kurdish-led forces said.\n\n"
        "The attack came two days after the U.S. military carried out strikes in Iraq and "
        "Syria that hit 85 targets in retaliation for the killing of three American soldiers "
        "at a base in Jordan.\n"
    )
    found = by_place(curated, text, date(2024, 2, 5))
    assert {"iq", "sy.deir-ez-zor.conoco"} <= set(found)
    assert all(r.fatalities is None for r in found.values())


def test_a_strike_that_kills_after_its_cause_keeps_its_own_toll(curated: Gazetteer) -> None:
    text = (
        "A U.S. strike in Baghdad on Wednesday, in response to the deaths of three soldiers, "
        "killed two militia commanders, officials said.\n"
    )
    (r,) = reports(curated, text, date(2024, 2, 8))
    assert r.fatalities == 2


@pytest.mark.parametrize(
    ("published", "kept"),
    [(date(2021, 7, 8), False), (date(2023, 1, 21), False), (date(2023, 11, 2), True)],
)
def test_an_attack_before_the_campaign_began_is_not_mapped(
    curated: Gazetteer, published: date, kept: bool
) -> None:
    text = "Rockets hit Ain al-Asad air base on Wednesday, injuring two contractors.\n"
    assert bool(reports(curated, text, published)) is kept


def test_a_month_that_reaches_into_the_campaign_is_kept(curated: Gazetteer) -> None:
    text = "In October, drones attacked the al-Tanf garrison, a monitor said.\n"
    (r,) = reports(curated, text, date(2023, 11, 20))
    assert r.place.place_id == "sy.homs.al-tanf"


def test_the_coalition_beside_a_rocket_attack_is_the_side_attacked(curated: Gazetteer) -> None:
    text = (
        "Twelve rockets hit Al-Asad Air Base on Wednesday, a colonel, the spokesman for the "
        "US-led coalition's Operation Inherent Resolve, confirmed on social media.\n"
    )
    (r,) = reports(curated, text, date(2024, 8, 6))
    assert r.attack_type == "rocket" and r.actor1 is None


def test_a_group_that_announced_on_a_day_that_it_launched_claims_it(curated: Gazetteer) -> None:
    text = (
        "The Islamic Resistance in Iraq announced early Sunday that it had launched a drone "
        "at the US base at Erbil airport.\n"
    )
    (r,) = reports(curated, text, date(2023, 12, 3))
    assert r.actor1 == "Islamic Resistance in Iraq" and r.claimed is True


@pytest.mark.parametrize(
    ("sentence", "injuries"),
    [
        ("Three American troops and two contractors were hurt in the rocket attack on Al-Asad "
         "Air Base on Monday.", 5),
        ("A drone hit Tower 22 on Sunday; the 34 injured service members were flown out.", 34),
    ],
)  # fmt: skip
def test_casualty_figures_as_news_words_them(
    curated: Gazetteer, sentence: str, injuries: int
) -> None:
    found = reports(curated, sentence + "\n", date(2024, 8, 6))
    assert [r.injuries for r in found] == [injuries]


def test_the_base_named_after_its_town_is_that_towns_base(curated: Gazetteer) -> None:
    text = "A drone hit the Rimelan base in northeastern Syria on Friday, the Pentagon said.\n"
    (r,) = reports(curated, text, date(2024, 8, 10))
    assert r.place.place_id == "sy.hasakah.rumalyn"
    assert "the base of Rmelan" in r.place_reason


def test_jurf_al_sakhar_as_wire_copy_spells_it(curated: Gazetteer) -> None:
    text = "U.S. jets struck a Kataib Hezbollah command node near Jurf al Saqr on Tuesday.\n"
    (r,) = reports(curated, text, date(2023, 11, 22))
    assert r.place.place_id == "iq.babil.jurf-al-sakhar" and r.attack_type == "airstrike"


def test_no_casualties_at_first_is_no_figure(curated: Gazetteer) -> None:
    text = (
        "A drone hit Tower 22 on Sunday, and officials initially reported no casualties, but "
        "details were still emerging.\n"
    )
    (r,) = reports(curated, text, date(2024, 1, 29))
    assert r.injuries is None and r.fatalities is None


def test_what_came_n_days_before_is_dated_n_days_back(curated: Gazetteer) -> None:
    text = (
        "A drone hit the Conoco gas field late on Sunday, the Kurdish-led forces said.\n\n"
        "The attack came two days after the U.S. military carried out strikes in Iraq and "
        "Syria that hit 85 targets.\n"
    )
    found = by_place(curated, text, date(2024, 2, 5))
    assert found["iq"].event_date == date(2024, 2, 2) and found["iq"].time_precision == 1
    assert found["sy.deir-ez-zor.conoco"].event_date == date(2024, 2, 4)


def test_a_us_drone_in_the_air_with_no_strike_is_no_attack(curated: Gazetteer) -> None:
    text = (
        "Officials think the enemy drone was mistaken for an American drone coming back from "
        "a surveillance flight over a U.S. base in Jordan.\n\n"
        "The drone struck a housing area at Tower 22 on Sunday, killing three soldiers.\n"
    )
    found = reports(curated, text, date(2024, 1, 30))
    assert [(r.place.place_id, r.attack_type) for r in found] == [("jo.tower-22", "drone")]


def test_a_us_drone_that_strikes_is_still_a_us_strike(curated: Gazetteer) -> None:
    text = "An American drone killed two militia commanders in Baghdad on Wednesday.\n"
    (r,) = reports(curated, text, date(2024, 2, 8))
    assert r.attack_type == "airstrike" and r.actor1 == "United States"


def test_the_group_behind_the_war_told_since_is_not_the_attacker(curated: Gazetteer) -> None:
    text = (
        "A drone struck Tower 22 on Sunday, killing three soldiers.\n\n"
        "It was the first time US troops were killed since the start of the war in Gaza in "
        "October in response to a surprise attack by Hamas.\n"
    )
    (r,) = reports(curated, text, date(2024, 1, 30))
    assert r.actor1 is None


def test_a_promised_response_is_no_strike(curated: Gazetteer) -> None:
    text = (
        "A drone struck Tower 22 on Sunday. The president promised a retaliatory strike on "
        "the groups in Syria.\n"
    )
    assert [r.place.place_id for r in reports(curated, text, date(2024, 1, 30))] == ["jo.tower-22"]


def test_strikes_told_over_the_last_month_are_a_span_not_an_incident(curated: Gazetteer) -> None:
    text = (
        "A rocket was fired at Mission Support Site Euphrates on Wednesday, an official said.\n\n"
        "The US has responded over the last month with airstrikes on militia targets in Syria "
        "and Iraq.\n"
    )
    found = reports(curated, text, date(2023, 11, 29))
    assert [r.place.place_id for r in found] == ["sy.deir-ez-zor.mss-euphrates"]


def test_the_latest_of_a_series_over_months_is_still_one_attack(curated: Gazetteer) -> None:
    text = (
        "The drone attack on Erbil Air Base on Monday was the latest in a series of attacks "
        "on US forces over the last several months.\n"
    )
    (r,) = reports(curated, text, date(2023, 12, 27))
    assert r.place.place_id == "iq.erbil.air-base"


def test_a_drone_strike_the_us_military_conducted_is_a_us_strike(curated: Gazetteer) -> None:
    text = (
        "On 7 February 2024 the U.S. military conducted a drone strike on a car in the "
        "Mashtal area of Baghdad.\n\nThree people were killed in the strike, including a "
        "commander of Kataib Hezbollah.\n"
    )
    (r,) = reports(curated, text, date(2024, 2, 8))
    assert r.attack_type == "airstrike" and r.actor1 == "United States"


def test_a_groups_operations_in_a_country_are_a_role_not_an_attack(curated: Gazetteer) -> None:
    text = (
        "A US strike in Baghdad's Mashtal district killed three militiamen on Wednesday.\n\n"
        "One of those killed ran Kataib Hezbollah's operations in Syria, two officials said.\n"
    )
    found = reports(curated, text, date(2024, 2, 8))
    assert [r.place.place_id for r in found] == ["iq.baghdad.mashtal"]


def test_what_a_strike_is_a_response_to_is_another_clause(curated: Gazetteer) -> None:
    text = (
        "Two F-15s struck a weapons depot in Deir ez-Zor on Wednesday, the Pentagon said.\n\n"
        "The airstrike came as a response to near-daily attacks by Iran's proxies on the US "
        "army in Iraq and Syria.\n"
    )
    found = reports(curated, text, date(2023, 11, 9))
    assert [r.place.place_id for r in found] == ["sy.deir-ez-zor"]


def test_a_drone_targeting_the_coalition_is_not_a_strike_on_a_militia(
    curated: Gazetteer,
) -> None:
    text = (
        "A suicide drone targeting the US-led coalition forces near Erbil International "
        "Airport late on Thursday was shot down, counterterrorism officials said.\n"
    )
    (r,) = reports(curated, text, date(2024, 1, 26))
    assert r.attack_type == "drone" and r.actor1 != "United States"


def test_an_undated_attack_in_an_article_from_before_the_campaign_is_not_mapped(
    curated: Gazetteer,
) -> None:
    text = "Two suicide drones targeted the dorms at Victory Base near Baghdad airport.\n"
    assert reports(curated, text, date(2022, 1, 3)) == ()
    assert len(reports(curated, text, date(2024, 1, 3))) == 1


def test_days_after_counts_from_an_attack_told_without_a_place(curated: Gazetteer) -> None:
    # The strike has a day but no place, so it maps nothing; it is still the event the
    # next sentence counts its "ten days after" from (7 Feb - 10 days = 28 Jan).
    text = (
        "A U.S. drone strike on Wednesday killed a Kataib Hezbollah commander, the "
        "Pentagon said.\n\n"
        "The strike came ten days after a drone attack on Tower 22 in Jordan that killed "
        "three American soldiers.\n"
    )
    found = by_place(curated, text, date(2024, 2, 8))
    assert set(found) == {"jo.tower-22"}
    assert found["jo.tower-22"].event_date == date(2024, 1, 28)


def test_days_after_counts_from_the_narrative_when_the_strike_is_placed(
    curated: Gazetteer,
) -> None:
    text = (
        "A U.S. drone strike in Baghdad on Wednesday killed a Kataib Hezbollah commander.\n\n"
        "The strike came ten days after a drone attack on Tower 22 in Jordan.\n"
    )
    found = by_place(curated, text, date(2024, 2, 8))
    assert found["iq.baghdad"].event_date == date(2024, 2, 7)
    assert found["jo.tower-22"].event_date == date(2024, 1, 28)


def test_a_day_that_owns_the_attack_beats_the_day_it_was_said(curated: Gazetteer) -> None:
    # published Monday 22 January 2024; "Saturday's" attack is the 20th, the statement Monday's
    text = (
        "Saturday's ballistic missile attack on Al-Asad Air Base left several US personnel "
        "with injuries, the Pentagon said on Monday.\n"
    )
    (r,) = reports(curated, text, date(2024, 1, 22))
    assert r.event_date == date(2024, 1, 20)


def test_a_day_owning_another_attack_does_not_date_this_one(curated: Gazetteer) -> None:
    text = (
        "Two days after Saturday's drone attack on Tower 22, rockets targeted Al-Asad Air "
        "Base, officials said on Monday.\n"
    )
    found = by_place(curated, text, date(2024, 1, 22))
    assert found["jo.tower-22"].event_date == date(2024, 1, 20)
    assert found["iq.anbar.al-asad"].event_date == date(2024, 1, 22)


def test_days_earlier_counts_back_from_the_attack_told_before(curated: Gazetteer) -> None:
    text = (
        "A drone attack hit Al-Asad Air Base on Sunday, officials said.\n\n"
        "Three days earlier, rockets had struck the Green Village base in Syria. Two days "
        "before, a drone was shot down near Erbil air base.\n"
    )
    found = by_place(curated, text, date(2023, 11, 20))
    assert found["iq.anbar.al-asad"].event_date == date(2023, 11, 19)
    assert found["sy.deir-ez-zor.green-village"].event_date == date(2023, 11, 16)


@pytest.mark.parametrize(
    "dateline",
    ["BAGHDAD, Jan. 21 (AP) --", "ERBIL, Iraq —", "Damascus, 21 January (Xinhua) -"],
)
def test_the_city_of_a_dateline_is_where_the_story_was_filed(
    curated: Gazetteer, dateline: str
) -> None:
    text = f"{dateline} Rockets struck Al-Asad Air Base on Sunday, a security official said.\n"
    assert set(by_place(curated, text, date(2024, 1, 22))) == {"iq.anbar.al-asad"}


def test_a_place_in_mixed_case_before_a_dash_is_no_dateline(curated: Gazetteer) -> None:
    # a headline style ("Place - what happened"): without capitals or an agency it is no
    # dateline, so the place is judged as any other
    from geo.explain import explain

    text = "Al-Asad Air Base - rockets struck the base on Sunday, a security official said.\n"
    doc = Document(name="t.txt", text=text, published=date(2024, 1, 22))
    rules = {d.rule for s in explain(doc, curated).sentences for d in s.decisions}
    assert "dateline" not in rules
    caps = "AL-ASAD AIR BASE (AP) - rockets struck the base on Sunday.\n"
    doc = Document(name="t.txt", text=caps, published=date(2024, 1, 22))
    assert "dateline" in {d.rule for s in explain(doc, curated).sentences for d in s.decisions}


def test_a_province_named_with_its_article_contains_the_site(curated: Gazetteer) -> None:
    text = (
        "Drones struck the US base at Kharab al-Jir in the northeastern province of "
        "al-Hasakah on Sunday, a monitor said.\n"
    )
    assert set(by_place(curated, text, date(2024, 1, 22))) == {"sy.hasakah.kharab-al-jir"}


def test_a_radio_station_named_for_a_city_is_a_broadcaster(curated: Gazetteer) -> None:
    text = (
        "Rockets hit the Kharab al-Jir base on Sunday, Sham FM radio said, quoting the militia.\n"
    )
    assert set(by_place(curated, text, date(2024, 1, 22))) == {"sy.hasakah.kharab-al-jir"}


def test_names_before_a_plural_province_word_are_provinces(curated: Gazetteer) -> None:
    # the lead names two provinces; the sites told next are in them, so the lead's vaguer
    # reports give way to the sites
    text = (
        "US bases in Syria's Hasakah and Deir ez-Zor provinces came under attack on "
        "Monday.\n\n"
        "Drones targeted the Kharab al-Jir base in Hasakah, and rockets were fired at the "
        "Conoco gas field base in Deir ez-Zor.\n"
    )
    found = by_place(curated, text, date(2024, 1, 9))
    assert set(found) == {"sy.hasakah.kharab-al-jir", "sy.deir-ez-zor.conoco"}


def test_a_name_that_is_a_city_and_its_province_holding_a_town_is_the_province(
    curated: Gazetteer,
) -> None:
    text = (
        "An air strike by unidentified aircraft hit a militia convoy in Abu Kamal in Deir "
        "ez-Zor on Sunday, a monitor said.\n"
    )
    assert set(by_place(curated, text, date(2024, 1, 9))) == {"sy.abu-kamal"}


def test_the_city_of_a_name_stays_the_city(curated: Gazetteer) -> None:
    text = (
        "US aircraft struck sites near Abu Kamal and in the desert around the city of Deir "
        "ez-Zor on Friday, the Pentagon said.\n"
    )
    assert {"sy.abu-kamal", "sy.deir-ez-zor"} <= set(by_place(curated, text, date(2024, 2, 3)))


def test_places_listed_together_share_the_day_told_for_one_of_them(curated: Gazetteer) -> None:
    # a live blog: the list of strike sites comes under a Saturday timestamp, the strikes
    # were told with their day (Friday) in an earlier entry
    text = (
        "Saturday 00:15 - A monitor says 20 guards were killed at the sites hit in Syria. "
        "It lists strikes near al-Mayadin and in the desert around the city of Deir "
        "ez-Zor.\n\n"
        "Friday 21:30 - State media reports American strikes around al-Mayadin on Friday.\n"
    )
    found = by_place(curated, text, date(2024, 2, 3))
    assert found["sy.mayadin"].event_date == date(2024, 2, 2)
    assert found["sy.deir-ez-zor"].event_date == date(2024, 2, 2)
    assert found["sy.deir-ez-zor"].attack_type == "airstrike"


@pytest.mark.parametrize(
    "wording",
    [
        "without causing any reported casualties",
        "and caused no damage or injuries",
        "but there was no material damage or casualties",
        "without any loss of life",
    ],
)
def test_none_told_in_negated_wording_is_zero(curated: Gazetteer, wording: str) -> None:
    text = f"A drone struck the Rumalyn base on Friday {wording}, the coalition said.\n"
    (r,) = reports(curated, text)
    assert (r.fatalities, r.injuries) == (0, 0)


def test_the_capital_a_base_is_measured_from_is_a_reference(curated: Gazetteer) -> None:
    text = (
        "Rockets hit Ain al-Asad air base, located about 160 kilometres west of the capital "
        "Baghdad, on Friday, the army said.\n"
    )
    assert set(by_place(curated, text)) == {"iq.anbar.al-asad"}


def test_a_place_that_claims_is_the_speaker(curated: Gazetteer) -> None:
    text = (
        "An Iran-aligned group in Iraq claimed Sunday that it had attacked a US base in "
        "Shaddadi with drones.\n"
    )
    assert set(by_place(curated, text)) == {"sy.hasakah.shaddadi"}


def test_an_attack_that_claimed_lives_keeps_its_place(curated: Gazetteer) -> None:
    text = "The drone attack on Tower 22 claimed the lives of three US soldiers on Sunday.\n"
    assert set(by_place(curated, text, date(2024, 1, 29))) == {"jo.tower-22"}


def test_the_weapon_attack_told_next_takes_the_day_of_the_unplaced_lead(
    curated: Gazetteer,
) -> None:
    # the lead has the day and the weapon but names no place it can map; "the drone
    # attack on Harir" is that attack; the attack told with its own day is another one
    text = (
        "Iraqi militants struck the American base in the Kurdistan region with two drones "
        "on Friday.\n\n"
        "The drone attack on Harir Air Base wounded several US troops.\n\n"
        "On Wednesday, the same base had been hit by a drone attack, officials said.\n"
    )
    days = sorted(r.event_date for r in reports(curated, text, date(2023, 10, 21)))
    assert days == [date(2023, 10, 18), date(2023, 10, 20)]


def test_a_stop_run_into_the_next_sentence_still_ends_a_sentence(curated: Gazetteer) -> None:
    # a scraped copy lost the space after a full stop; the second sentence is background
    # and must not lend its words to the first
    text = (
        "A drone struck the Conoco gas field base on Friday, the SDF said.It was the "
        "latest of many attacks on US forces in Iraq and Syria since October.\n"
    )
    from geo.extraction.segmentation import segment

    assert len(segment(text)) == 2
    assert set(by_place(curated, text)) == {"sy.deir-ez-zor.conoco"}


def test_us_strikes_told_as_done_on_facilities_in_a_country_are_one_package(
    curated: Gazetteer,
) -> None:
    text = (
        "After attacks that wounded three US soldiers, the US military conducted air "
        "strikes on several Kataib Hezbollah facilities in Iraq.\n"
    )
    found = by_place(curated, text, date(2023, 12, 26))
    assert found["iq"].attack_type == "airstrike" and found["iq"].actor1 == "United States"


def test_the_weapon_before_a_casualty_word_is_the_attack_at_the_place(
    curated: Gazetteer,
) -> None:
    # "wounded" between the weapon and the place tells what the drone did there; it opens
    # no new attack, so the air strikes told after are not what happened at the base
    text = (
        "After a drone attack wounded three US soldiers at Erbil Air Base, the US military "
        "conducted air strikes on militia sites.\n"
    )
    found = by_place(curated, text, date(2023, 12, 26))
    assert found["iq.erbil.air-base"].attack_type == "drone"


def test_strikes_on_facilities_told_as_a_trend_stay_generic(curated: Gazetteer) -> None:
    text = (
        "The US military has carried out an escalating series of air strikes on militia "
        "facilities in Iraq.\n"
    )
    assert reports(curated, text) == ()


# --- landmark attacks referred back to by country and toll (gazetteer/events.csv) -------


def test_a_back_reference_by_country_and_toll_is_the_landmark(curated: Gazetteer) -> None:
    text = (
        "US aircraft struck militia sites in Iraq on Wednesday, in retaliation for a drone "
        "attack that killed three US soldiers in Jordan in late January.\n"
    )
    found = by_place(curated, text, date(2024, 2, 8))
    assert "jo" not in found
    assert found["jo.tower-22"].event_date == date(2024, 1, 28)


def test_a_back_reference_to_the_base_in_a_country_is_the_landmark(curated: Gazetteer) -> None:
    text = (
        "US bombers struck 85 targets in Iraq and Syria on Friday.\n\n"
        "These strikes were the first answer to the attack on the US base in Jordan, "
        "officials said.\n"
    )
    found = by_place(curated, text, date(2024, 2, 3))
    assert "jo" not in found
    assert found["jo.tower-22"].event_date == date(2024, 1, 28)


def test_an_attack_in_the_country_on_a_day_of_its_own_is_not_the_landmark(
    curated: Gazetteer,
) -> None:
    text = "A drone attack targeted US forces in Jordan on Tuesday, May 7, an official said.\n"
    assert set(by_place(curated, text, date(2024, 5, 8))) == {"jo"}


def test_an_attack_in_the_country_with_another_toll_is_not_the_landmark(
    curated: Gazetteer,
) -> None:
    text = "Weeks later, a drone attack in Jordan killed one soldier, officials said.\n"
    assert "jo.tower-22" not in by_place(curated, text, date(2024, 3, 10))


# --- landmark attacks referred back to at their site by a vague date ----------------------


def test_an_attack_at_a_landmark_site_dated_only_to_the_month_is_the_landmark(
    curated: Gazetteer,
) -> None:
    # my words: the embassy barrage of 8 December 2023 recalled three weeks on
    text = (
        "Officials recalled that rockets were fired at the US Embassy in Baghdad earlier "
        "this month, the first such attack since the war in Gaza began.\n"
    )
    found = by_place(curated, text, date(2023, 12, 28))
    assert found["iq.baghdad.us-embassy"].event_date == date(2023, 12, 8)


def test_a_vague_date_at_a_landmark_site_in_another_month_is_another_attack(
    curated: Gazetteer,
) -> None:
    text = "Rockets were fired at the US Embassy in Baghdad last month, officials said.\n"
    found = by_place(curated, text, date(2024, 3, 20))  # last month: February, no landmark
    assert found["iq.baghdad.us-embassy"].event_date.month == 2


def test_an_attack_at_a_landmark_site_with_a_day_of_its_own_keeps_its_day(
    curated: Gazetteer,
) -> None:
    text = "Rockets were fired at the US Embassy in Baghdad on Tuesday, officials said.\n"
    found = by_place(curated, text, date(2023, 12, 13))
    assert found["iq.baghdad.us-embassy"].event_date == date(2023, 12, 12)


def test_another_weapon_at_a_landmark_site_is_not_the_landmark(curated: Gazetteer) -> None:
    # a drone told at Al-Asad in the month of the January 2024 ballistic-missile barrage
    text = "A drone struck Al-Asad Airbase in western Iraq earlier this month, officials said.\n"
    found = by_place(curated, text, date(2024, 1, 30))
    assert found["iq.anbar.al-asad"].event_date != date(2024, 1, 20)


def test_a_state_accused_of_a_strike_on_a_city_is_another_war(curated: Gazetteer) -> None:
    # the accuser speaks; the accused (Israel) is another state, on a target that is not
    # US forces: not this campaign, even though it is only blamed
    text = (
        "A blast in Damascus killed four Iranian officers on Saturday.\n\n"
        "Tehran accused Israel of carrying out the strike on the Syrian capital.\n"
    )
    assert reports(curated, text, date(2024, 1, 21)) == ()


def test_iran_blamed_for_an_attack_on_us_forces_stays_the_campaigns(curated: Gazetteer) -> None:
    text = "US officials blamed Iran for a drone attack on Tower 22 on Sunday.\n"
    assert set(by_place(curated, text, date(2024, 1, 29))) == {"jo.tower-22"}


def test_another_actors_suspicion_does_not_say_no_one_claimed(curated: Gazetteer) -> None:
    text = (
        "Kataib Hezbollah fighters fired rockets at Al-Asad Air Base on Friday.\n\n"
        "Officials blamed Iran for the rockets fired at Al-Asad Air Base on Friday.\n"
    )
    (r,) = reports(curated, text)
    assert r.actor1 == "Kataib Hezbollah" and r.claimed is not False


def test_a_transliteration_without_the_kh_is_the_same_site(curated: Gazetteer) -> None:
    text = "Rockets hit the US base at Harab al-Jir in Hasakah province on Friday.\n"
    assert set(by_place(curated, text)) == {"sy.hasakah.kharab-al-jir"}


def test_an_explosion_that_kills_militiamen_with_no_us_part_is_not_the_campaigns(
    curated: Gazetteer,
) -> None:
    text = (
        "A drone attack hit Al-Asad Air Base on Monday, a US official said.\n\n"
        "On Saturday, a huge blast at a military base in Iraq killed a member of the "
        "Popular Mobilization Forces.\n"
    )
    found = by_place(curated, text, date(2024, 4, 22))
    assert set(found) == {"iq.anbar.al-asad"}
    assert found["iq.anbar.al-asad"].event_date == date(2024, 4, 22)


def test_a_us_strike_that_kills_militiamen_stays(curated: Gazetteer) -> None:
    text = (
        "A US strike on Saturday hit a base in Jurf al-Sakhar and killed a member of the "
        "Popular Mobilization Forces, officials said.\n"
    )
    assert set(by_place(curated, text, date(2024, 4, 22))) == {"iq.babil.jurf-al-sakhar"}


def test_a_claim_of_the_near_daily_campaign_is_not_this_attacks(curated: Gazetteer) -> None:
    text = (
        "Five rockets were fired at the Rumalyn base on Sunday, officials said.\n\n"
        "Near-daily rocket and drone attacks on US forces began in October and were claimed "
        "by the Islamic Resistance in Iraq.\n"
    )
    (r,) = reports(curated, text, date(2024, 4, 22))
    assert r.actor1 is None


def test_the_day_a_statement_was_released_does_not_date_the_attack_it_tells(
    curated: Gazetteer,
) -> None:
    # published Saturday 7 March 2026; the statement was released on Friday, the attack
    # was "earlier this week", and the group's own words give its day, 3 March
    text = (
        "In a statement released Friday, the group said its fighters targeted Victory Base "
        "earlier this week.\n\n"
        '"Our fighters fired rockets at Victory Base on March 3," the statement said.\n'
    )
    (r,) = reports(curated, text, date(2026, 3, 7))
    assert r.event_date == date(2026, 3, 3)


def test_an_airport_yields_to_the_base_inside_it(curated: Gazetteer) -> None:
    text = (
        "Rockets targeted the US military base at Baghdad International Airport on Tuesday.\n\n"
        "The group said it fired the rockets at Victory Base on Tuesday.\n"
    )
    assert set(by_place(curated, text, date(2026, 3, 7))) == {"iq.baghdad.victory-base"}


def test_a_reference_after_whose_base_it_is_is_still_a_reference(curated: Gazetteer) -> None:
    text = (
        "The Harir base belonging to the US military near Erbil airport was hit by a drone "
        "on Sunday, a Lebanese channel said.\n"
    )
    assert set(by_place(curated, text, date(2024, 1, 28))) == {"iq.erbil.harir"}


def test_the_base_told_next_is_the_site_attacked_not_its_reference(curated: Gazetteer) -> None:
    text = (
        "A drone attack hit the Harir base near Erbil airport on Sunday, officials said.\n\n"
        "Rockets were fired at the base later on Sunday, they said.\n"
    )
    assert set(by_place(curated, text, date(2024, 1, 28))) == {"iq.erbil.harir"}


def test_attacks_over_the_past_months_by_a_named_group_are_habitual(curated: Gazetteer) -> None:
    text = (
        "A drone hit Harir Air Base on Sunday.\n\n"
        "Bases of US troops, Al-Asad Air Base among them, have come under attack by the "
        "Islamic Resistance in Iraq over the past months.\n"
    )
    assert set(by_place(curated, text, date(2024, 1, 28))) == {"iq.erbil.harir"}


def test_counts_after_a_dash_are_the_attacks_the_sentence_told(curated: Gazetteer) -> None:
    text = (
        "US forces were attacked with rockets and drones five times on Friday - three times "
        "at separate bases in Syria and twice at Al-Asad Air Base, an official said.\n"
    )
    found = by_place(curated, text)
    assert (found["sy"].count, found["iq.anbar.al-asad"].count) == (3, 2)
    assert found["iq.anbar.al-asad"].attack_type == "unknown"  # rockets and drones lumped
    assert found["sy"].event_date == PUB


def test_a_list_of_days_is_one_strike_a_day(curated: Gazetteer) -> None:
    text = (
        "US forces have also carried out strikes on Iran-linked facilities in Syria on "
        "Oct. 26, Nov. 8, and Nov. 12.\n"
    )
    rs = reports(curated, text, date(2023, 12, 4))
    assert sorted(r.event_date for r in rs) == [
        date(2023, 10, 26), date(2023, 11, 8), date(2023, 11, 12)
    ]  # fmt: skip
    assert {(r.place.place_id, r.attack_type, r.actor1) for r in rs} == {
        ("sy", "airstrike", "United States")
    }


def test_a_world_tier_town_outside_the_theatre_is_never_mapped(curated: Gazetteer) -> None:
    text = (
        "Houthi fighters carry rocket launchers near Sanaa, Yemen, after US and British air "
        "strikes on Saturday.\n"
    )
    assert reports(curated, text, date(2024, 2, 5)) == ()


def test_a_strike_on_men_preparing_an_attack_is_the_strike(curated: Gazetteer) -> None:
    text = (
        "The United States carried out a strike in Iraq on Tuesday against militants who "
        "were preparing to launch drones, officials said.\n"
    )
    found = by_place(curated, text, date(2024, 7, 31))
    assert found["iq"].attack_type == "airstrike" and found["iq"].actor1 == "United States"


def test_a_threat_told_before_a_place_still_makes_no_report(curated: Gazetteer) -> None:
    text = (
        "A drone hit Al-Asad Air Base on Tuesday, and militants threatened to attack Erbil "
        "Air Base next.\n"
    )
    assert set(by_place(curated, text, date(2024, 7, 31))) == {"iq.anbar.al-asad"}


def test_an_article_opening_the_next_sentence_is_no_verb_of_us_forces(
    curated: Gazetteer,
) -> None:
    # a headline run into the lead: "... hosting US forces A drone targeting ..." is a
    # militia drone, not a US drone strike
    text = (
        "Drone shot down at Erbil airbase hosting US forces A drone targeting the coalition "
        "at Erbil International Airport was shot down on Tuesday, officials said.\n"
    )
    (r,) = reports(curated, text, date(2024, 1, 2))
    assert r.attack_type == "drone" and r.actor1 != "United States"


def test_the_headquarters_of_another_force_is_not_a_us_target(curated: Gazetteer) -> None:
    text = (
        "Militias launched drone attacks on Saturday on the headquarters of Kurdish "
        "Peshmerga forces near Soran, 25 km northeast of the Kurdistan region's capital city "
        "of Erbil.\n"
    )
    assert reports(curated, text, date(2024, 1, 2)) == ()


def test_a_look_back_by_its_wounded_is_the_landmark_and_its_reply_follows(
    curated: Gazetteer,
) -> None:
    # published 20 January 2024: "last month ... three wounded" is the Christmas Day attack
    # on Erbil Air Base; the strikes that answered it are dated by it, known to the week
    text = (
        "Last month, three US service members were wounded in a drone attack on their base "
        "in northern Iraq.\n\n"
        "The US responded with air strikes on Kataib Hezbollah facilities in Iraq.\n"
    )
    found = {
        (r.place.place_id, r.attack_type): r for r in reports(curated, text, date(2024, 1, 20))
    }
    assert found[("iq.erbil.air-base", "drone")].event_date == date(2023, 12, 25)
    strike = found[("iq", "airstrike")]
    assert strike.event_date == date(2023, 12, 25) and strike.time_precision == 2


def test_three_wounded_on_a_day_of_its_own_is_another_attack(curated: Gazetteer) -> None:
    text = "On Tuesday, a drone attack in Iraq wounded three US service members.\n"
    assert set(by_place(curated, text, date(2024, 1, 10))) == {"iq"}


def test_the_strikes_that_answered_a_landmark_are_not_it(curated: Gazetteer) -> None:
    text = (
        "A drone hit Erbil Air Base on Christmas Day, wounding three US troops.\n\n"
        "The United States answered with strikes on militia sites elsewhere in Iraq.\n"
    )
    found = by_place(curated, text, date(2023, 12, 31))
    assert "iq" in found and found["iq"].attack_type in ("airstrike", "unknown")


def test_an_explosion_told_at_a_base_is_an_attack_report(curated: Gazetteer) -> None:
    text = (
        "Security officials reported an explosion at a coalition base at Baghdad "
        "International Airport late Tuesday, as the Iranian president visited the city.\n"
    )
    (r,) = reports(curated, text, date(2024, 9, 11))
    assert r.place.place_id == "iq.baghdad.airport" and r.event_date == date(2024, 9, 10)


def test_explosions_heard_in_a_city_are_no_attack_report(curated: Gazetteer) -> None:
    text = "Loud explosions were heard in Baghdad on Tuesday night, residents said.\n"
    assert reports(curated, text, date(2024, 9, 11)) == ()


def test_an_air_strike_on_men_attempting_to_launch_drones_is_the_strike(
    curated: Gazetteer,
) -> None:
    text = (
        "The US military said it carried out a defensive air strike on Tuesday night against "
        "fighters attempting to launch drones in Babil province.\n"
    )
    (r,) = reports(curated, text, date(2024, 7, 31))
    assert r.attack_type == "airstrike" and r.actor1 == "United States"


def test_drones_intercepted_while_attempting_to_strike_are_an_attack(curated: Gazetteer) -> None:
    text = (
        "Two drones were intercepted on Wednesday while attempting to strike Al-Asad Air "
        "Base, a US official said.\n"
    )
    assert set(by_place(curated, text, date(2023, 10, 19))) == {"iq.anbar.al-asad"}


def test_a_day_told_before_the_place_beats_the_day_an_official_spoke(curated: Gazetteer) -> None:
    text = (
        '"On July 30, US forces conducted an air strike in Musayyib," an official told us '
        "on the condition of anonymity on Wednesday.\n"
    )
    (r,) = reports(curated, text, date(2024, 7, 31))
    assert r.event_date == date(2024, 7, 30)


def test_a_drone_strike_on_a_groups_own_unit_is_an_air_strike_on_it(curated: Gazetteer) -> None:
    text = (
        "The PMF said on Wednesday that a drone strike had targeted one of its brigades in "
        "Jurf al-Nasr.\n"
    )
    (r,) = reports(curated, text, date(2024, 7, 31))
    assert r.attack_type == "airstrike"


def test_a_depot_of_another_force_that_exploded_is_not_a_us_target(curated: Gazetteer) -> None:
    text = "A depot of the PMF exploded in southern Baghdad on Thursday without casualties.\n"
    assert reports(curated, text, date(2024, 7, 19)) == ()


def test_an_article_of_a_states_own_missile_strikes_maps_none_of_them(
    curated: Gazetteer,
) -> None:
    text = (
        "Iran's Revolutionary Guards said they launched ballistic missiles at targets in "
        "Iraq and Syria on Monday.\n\n"
        "The IRGC said the strikes in Iraq targeted a spy headquarters in Erbil.\n\n"
        "Several missile strikes were reported in Erbil near the US consulate.\n"
    )
    assert reports(curated, text, date(2024, 1, 16)) == ()


def test_iran_backed_militias_firing_missiles_stay_the_campaigns(curated: Gazetteer) -> None:
    text = (
        "Iran-backed militants fired ballistic missiles and rockets at Al-Asad Air Base on "
        "Saturday, the US military said.\n"
    )
    assert set(by_place(curated, text, date(2024, 1, 21))) == {"iq.anbar.al-asad"}


@pytest.mark.parametrize(
    "target",
    [
        "a headquarters of an Iran-backed militia in eastern Baghdad",
        "the group's headquarters in eastern Baghdad",
    ],
)
def test_a_drone_strike_on_an_unnamed_militias_site_is_an_air_strike(
    curated: Gazetteer, target: str
) -> None:
    text = f"Two militants were killed on Thursday in a drone strike that targeted {target}.\n"
    (r,) = reports(curated, text, date(2024, 1, 4))
    assert r.place.place_id == "iq.baghdad" and r.attack_type == "airstrike"


def test_us_forces_that_on_a_day_carried_out_strikes_are_the_us(curated: Gazetteer) -> None:
    text = (
        "American forces on Tuesday carried out strikes against targets of an Iran-backed "
        "militia in Syria, the US military said.\n"
    )
    (r,) = reports(curated, text, date(2024, 11, 13))
    assert (r.attack_type, r.actor1) == ("airstrike", "United States")


def test_the_united_states_with_its_abbreviation_in_brackets_is_the_us(
    curated: Gazetteer,
) -> None:
    text = (
        "The United States (US) military struck three sites used by militia groups in Iraq on "
        "Monday, the defense secretary said.\n"
    )
    (r,) = reports(curated, text, date(2023, 12, 26))
    assert (r.attack_type, r.actor1, r.count) == ("airstrike", "United States", 3)


def test_a_habit_told_of_the_place_in_an_appositive_is_not_the_attacks(
    curated: Gazetteer,
) -> None:
    text = (
        "The group said on Monday that its fighters used two drones to attack the al-Tanf "
        "garrison, a remote outpost often used by US forces to train local fighters.\n"
    )
    assert set(by_place(curated, text, date(2023, 10, 24))) == {"sy.homs.al-tanf"}


def test_a_habit_told_of_the_attacks_stays_habitual(curated: Gazetteer) -> None:
    text = "Militants have often attacked the al-Tanf garrison with drones.\n"
    assert reports(curated, text, date(2023, 10, 24)) == ()


def test_one_and_the_other_after_a_dash_are_the_attacks_told(curated: Gazetteer) -> None:
    text = (
        "The group claimed two attacks on Tuesday on bases housing US forces - one in the "
        "Green Village in Syria and the other near Erbil Airport.\n"
    )
    found = by_place(curated, text, date(2024, 1, 3))
    assert {"sy.deir-ez-zor.green-village", "iq.erbil.air-base"} <= set(found)


def test_an_air_assault_is_an_air_strike(curated: Gazetteer) -> None:
    text = "The US military launched an air assault on militia sites in Syria on Friday.\n"
    (r,) = reports(curated, text)
    assert (r.place.place_id, r.attack_type, r.actor1) == ("sy", "airstrike", "United States")


def test_strikes_following_a_mention_of_the_us_are_not_the_us_striking(
    curated: Gazetteer,
) -> None:
    # "retaliatory attacks by the U.S. following strikes by militants in Iraq and Syria": the
    # strikes in Iraq and Syria are the militias' (a trend), not a US package
    text = (
        "It was the latest in a string of retaliatory attacks by the U.S. following strikes "
        "by Iran-backed militants in Iraq and Syria.\n"
    )
    assert reports(curated, text, date(2023, 11, 22)) == ()


def test_targets_told_before_a_dash_are_the_places_after_it(curated: Gazetteer) -> None:
    text = (
        "An official said on Wednesday that the facilities targeted by the U.S. military - an "
        "operations center and a command node near Jurf al-Sakhar - were used by Kataib "
        "Hezbollah.\n"
    )
    found = by_place(curated, text, date(2023, 11, 22))
    r = found["iq.babil.jurf-al-sakhar"]
    assert (r.attack_type, r.actor1) == ("airstrike", "United States")


def test_a_drone_intercepted_by_us_air_defenses_is_no_us_strike(curated: Gazetteer) -> None:
    text = (
        "Two drones targeted Victory Base on Monday; one was intercepted by US air defenses "
        "at the base.\n"
    )
    assert {r.attack_type for r in reports(curated, text, date(2026, 3, 2))} == {"drone"}


def test_where_a_group_is_told_in_its_appositive_is_not_a_target(curated: Gazetteer) -> None:
    text = (
        "A US drone strike on Wednesday killed a commander of Kataib Hezbollah, an Iran-backed "
        "militia group in Iraq, in eastern Baghdad.\n"
    )
    assert set(by_place(curated, text, date(2024, 2, 8))) == {"iq.baghdad"}


def test_a_country_across_the_border_is_a_reference(curated: Gazetteer) -> None:
    text = (
        "Three US soldiers were killed on Sunday in a drone attack at Tower 22 in Jordan, just "
        "across the border into Syria.\n"
    )
    assert set(by_place(curated, text, date(2024, 1, 29))) == {"jo.tower-22"}


def test_us_strikes_in_a_country_after_a_rocket_attack_inside_it_are_two_attacks(
    curated: Gazetteer,
) -> None:
    text = (
        "The US military carried out air strikes in Syria on Wednesday following a rocket "
        "attack on US forces at a base in Syria's Hasakah province.\n"
    )
    found = by_place(curated, text, date(2024, 11, 13))
    assert found["sy"].attack_type == "airstrike" and found["sy"].actor1 == "United States"
    assert found["sy.gov.hasakah"].attack_type == "rocket"


def test_another_drone_at_the_base_of_a_town_is_another_attack(curated: Gazetteer) -> None:
    text = (
        "An explosive-laden drone targeted the Kharab al-Jir base on Sunday, a monitor said. "
        "This came shortly after another drone struck the US military base in the oil-rich "
        "town of Rmelan.\n"
    )
    found = by_place(curated, text, date(2023, 12, 31))
    assert {"sy.hasakah.kharab-al-jir", "sy.hasakah.rumalyn"} <= set(found)


def test_a_day_right_after_another_place_with_a_new_deed_between_is_that_places(
    curated: Gazetteer,
) -> None:
    # published Friday 2 February 2024: "last Sunday" is the drone attack's, not the strikes'
    text = (
        "The United States, in retaliation for a drone attack that killed three soldiers at "
        "Tower 22 last Sunday, has launched air strikes against 85 targets in Iraq and Syria.\n"
    )
    found = by_place(curated, text, date(2024, 2, 2))
    assert found["jo.tower-22"].event_date == date(2024, 1, 28)
    assert found["iq"].event_date != date(2024, 1, 28)


def test_a_day_shared_by_an_attack_told_along_with_stays_shared(curated: Gazetteer) -> None:
    text = (
        "Militants fired two rockets at Al-Asad Air Base last week, along with another attack "
        "in Syria, officials said.\n"
    )
    found = by_place(curated, text, date(2024, 8, 5))
    assert found["sy"].event_date == found["iq.anbar.al-asad"].event_date


@pytest.mark.parametrize("defence", ["anti-aircraft guns", "counter-drone systems"])
def test_a_defence_named_for_the_weapon_it_stops_is_no_attack_word(
    curated: Gazetteer, defence: str
) -> None:
    text = f"Drones attacked the Shaddadi base on Wednesday, and US {defence} shot two down.\n"
    assert {r.attack_type for r in reports(curated, text, date(2023, 11, 8))} == {"drone"}


# --- a later definite reference by its day dates the attacks just told -------------------


def test_the_dated_strikes_named_next_date_strikes_told_as_days_before(
    curated: Gazetteer,
) -> None:
    # published Wednesday 7 February 2024: the strike package was told only as "days
    # before" the day's strike, and the next sentence names its day
    text = (
        "A drone strike hit a car in Baghdad on Wednesday night. It came days after US "
        "bombers hit dozens of militia targets in Syria.\n\n"
        "The February 3 strikes answered the drone attack that killed three soldiers.\n"
    )
    found = by_place(curated, text, date(2024, 2, 7))
    assert found["sy"].event_date == date(2024, 2, 3)
    assert found["iq.baghdad"].event_date == date(2024, 2, 7)


def test_a_dated_reference_to_attacks_does_not_redate_strikes(curated: Gazetteer) -> None:
    text = (
        "A drone strike hit a car in Baghdad on Wednesday night. It came days after US "
        "bombers hit dozens of militia targets in Syria.\n\n"
        "The January 28 attack had killed three soldiers.\n"
    )
    found = by_place(curated, text, date(2024, 2, 7))
    assert found["sy"].event_date != date(2024, 1, 28)


def test_a_report_with_a_day_of_its_own_keeps_it_after_a_dated_reference(
    curated: Gazetteer,
) -> None:
    text = (
        "US aircraft struck militia depots near Abu Kamal on Friday.\n\n"
        "The October 20 strikes had hit other sites, officials added.\n"
    )
    found = by_place(curated, text, date(2023, 10, 28))
    assert found["sy.abu-kamal"].event_date == date(2023, 10, 27)


# --- a landmark told with no place, by its weapon and its dead ---------------------------


def test_a_placeless_attack_with_a_landmarks_toll_is_the_landmark(curated: Gazetteer) -> None:
    # my words, months after Tower 22: no place at all, only the border region
    text = (
        "Two drones struck the Ain al-Asad base on Tuesday, officials said.\n\n"
        "Late last January, a drone attack killed three American troops near the border "
        "between Jordan, Iraq and Syria's desert.\n"
    )
    found = by_place(curated, text, date(2024, 7, 17))
    assert found["jo.tower-22"].event_date == date(2024, 1, 28)
    assert found["jo.tower-22"].fatalities == 3


def test_a_placeless_attack_with_another_toll_or_month_is_no_landmark(
    curated: Gazetteer,
) -> None:
    other_toll = "Late last January, a drone attack killed two American troops.\n"
    other_month = "Last March, a drone attack killed three American troops.\n"
    assert "jo.tower-22" not in by_place(curated, other_toll, date(2024, 7, 17))
    assert "jo.tower-22" not in by_place(curated, other_month, date(2024, 7, 17))


def test_a_placeless_us_drone_strike_that_killed_three_is_not_the_landmark(
    curated: Gazetteer,
) -> None:
    text = "A US drone strike killed three militia commanders late last January.\n"
    assert "jo.tower-22" not in by_place(curated, text, date(2024, 7, 17))


# --- a reply told without a day follows the attack it answers ----------------------------


def test_strikes_told_in_response_follow_the_attack_just_told(curated: Gazetteer) -> None:
    text = (
        "Rockets hit Al-Asad Airbase on Tuesday, officials said.\n\n"
        "A drone attack killed three US soldiers at Tower 22 on January 28. In response, the "
        "United States carried out strikes against militias in Iraq and Syria.\n"
    )
    found = by_place(curated, text, date(2024, 7, 17))
    assert found["sy"].event_date == date(2024, 1, 28) and found["sy"].time_precision == 2
    assert found["iq.anbar.al-asad"].event_date == date(2024, 7, 16)


def test_strikes_in_response_to_a_named_attack_keep_their_own_reading(
    curated: Gazetteer,
) -> None:
    text = (
        "A drone attack killed three US soldiers at Tower 22 on January 28.\n\n"
        "In response to the attacks, US forces struck targets in Syria on Friday.\n"
    )
    found = by_place(curated, text, date(2024, 2, 5))
    assert found["sy"].event_date == date(2024, 2, 2)


# --- an outlet named after a town; a list of provinces in a generic plural ---------------


def test_a_correspondent_of_an_outlet_named_after_a_town_is_no_place(
    curated: Gazetteer,
) -> None:
    # Al Mayadeen is a Beirut television channel as well as a Syrian town
    text = "A drone struck a US position on Friday, an Al-Mayadeen correspondent reported.\n"
    assert "sy.mayadin" not in by_place(curated, text, date(2023, 10, 28))


def test_every_province_of_a_generic_list_is_generic(curated: Gazetteer) -> None:
    text = (
        "Separate attacks have targeted US bases in Deir ez-Zor and al-Hasakah provinces "
        "in recent weeks.\n"
    )
    assert by_place(curated, text, date(2023, 10, 29)) == {}


def test_the_base_beside_provinces_of_other_attacks_is_the_site_named_before(
    curated: Gazetteer,
) -> None:
    text = (
        "Militants attacked the US base at the Omar oil field on Friday.\n\n"
        "On Saturday, rockets fell around the base while other attacks targeted US bases in "
        "Deir ez-Zor and al-Hasakah provinces.\n"
    )
    found = by_place(curated, text, date(2023, 10, 29))
    assert set(found) == {"sy.deir-ez-zor.omar-field"}


# --- a site's tally; "the attack there" -------------------------------------------------


def test_a_site_attacked_n_times_since_a_date_is_a_tally_not_an_attack(
    curated: Gazetteer,
) -> None:
    text = (
        "Last month, the command said US forces at the Conoco gas field had been attacked 14 "
        "times since July.\n"
    )
    ex = extract(Document(name="t.txt", text=text, published=date(2024, 9, 30)), curated)
    assert ex.reports == () and [t.count for t in ex.tallies] == [14]


def test_an_attack_on_a_site_told_with_a_count_of_one_day_stays_an_attack(
    curated: Gazetteer,
) -> None:
    text = "Drones attacked the Conoco gas field 3 times on Sunday, officials said.\n"
    assert "sy.deir-ez-zor.conoco" in by_place(curated, text, date(2024, 9, 30))


def test_the_attack_there_is_at_the_place_named_just_before(curated: Gazetteer) -> None:
    text = (
        "About 900 US troops serve in Syria, some of them at Shaddadi.\n\n"
        "The last rocket attack there was on Oct. 25, a tracker shows.\n"
    )
    found = by_place(curated, text, date(2024, 11, 13))
    assert found["sy.shaddadi"].event_date == date(2024, 10, 25)


def test_there_of_there_were_is_no_place(curated: Gazetteer) -> None:
    text = (
        "About 900 US troops serve in Syria, some of them at Shaddadi.\n\n"
        "There were rocket attacks elsewhere in the region, a tracker shows.\n"
    )
    assert "sy.shaddadi" not in by_place(curated, text, date(2024, 11, 13))


# --- a strike on men about to launch an attack; a drone strike that killed militants ----


def test_a_strike_on_fighters_about_to_launch_is_near_the_town_of_their_plan(
    curated: Gazetteer,
) -> None:
    text = (
        "US forces killed four militants in a drone strike on Sunday as they were preparing "
        "to launch a rocket attack on a post near Kirkuk, officials said.\n"
    )
    (r,) = reports(curated, text, date(2023, 12, 4))
    assert r.place.place_id == "iq.kirkuk" and r.attack_type == "airstrike"
    assert r.event_date == date(2023, 12, 3)


def test_a_threat_against_a_base_is_still_no_attack_on_it(curated: Gazetteer) -> None:
    # the plan names a site: a strike elsewhere is not placed at the site threatened
    text = (
        "US forces killed four militants in a drone strike on Sunday as they were preparing "
        "to launch a rocket attack on Erbil Air Base, officials said.\n"
    )
    assert "iq.erbil.air-base" not in by_place(curated, text, date(2023, 12, 4))


def test_a_drone_strike_that_killed_militiamen_is_an_air_strike(curated: Gazetteer) -> None:
    text = "A drone strike killed three militiamen in Jurf al-Sakhar on Tuesday.\n"
    (r,) = reports(curated, text, date(2023, 11, 22))
    assert r.attack_type == "airstrike"


# --- the campaign's targets summed up; the US as the object of an attack -----------------


def test_the_attacks_that_have_hit_a_list_of_bases_are_a_summary(curated: Gazetteer) -> None:
    text = (
        "The attacks against American troops have hit Al-Asad Airbase, a base near Baghdad "
        "airport and Harir Air Base, as well as bases inside Syria.\n"
    )
    assert by_place(curated, text, date(2023, 12, 3)) == {}


def test_one_attack_told_in_the_present_perfect_is_still_an_attack(curated: Gazetteer) -> None:
    text = "A drone has hit Harir Air Base, officials said on Sunday.\n"
    assert "iq.erbil.harir" in by_place(curated, text, date(2023, 12, 3))


def test_us_forces_attacked_are_not_the_striker(curated: Gazetteer) -> None:
    text = "An attack against US forces hit Harir Air Base on Sunday, officials said.\n"
    found = by_place(curated, text, date(2023, 12, 3))
    assert found["iq.erbil.harir"].attack_type != "airstrike"


# --- what killed militiamen; a landmark's town; a US drone strike told again ------------


def test_a_drone_strike_that_killed_a_leader_of_a_militia_is_a_us_air_strike(
    curated: Gazetteer,
) -> None:
    text = (
        "US officials acknowledged a drone strike on Thursday in Baghdad that killed a senior "
        "commander of an Iran-aligned militia group.\n"
    )
    (r,) = reports(curated, text, date(2024, 1, 5))
    assert (r.attack_type, r.actor1) == ("airstrike", "United States")


def test_what_killed_militants_told_with_the_us_is_an_air_strike(curated: Gazetteer) -> None:
    text = (
        "Strikes across Iraq on Dec. 26 killed a number of Kataib Hezbollah militants, "
        "the US military said.\n"
    )
    found = by_place(curated, text, date(2024, 1, 5))
    assert found["iq"].attack_type == "airstrike"


def test_an_attack_in_the_town_of_a_landmark_dated_vaguely_is_the_landmark(
    curated: Gazetteer,
) -> None:
    # "the day before" the strikes of the 26th: the Christmas Day drone on Erbil Air Base
    text = (
        "US aircraft struck three militia sites in Iraq on Dec. 26, after militants "
        "attacked a US facility in Erbil.\n"
    )
    found = by_place(curated, text, date(2024, 1, 5))
    assert found["iq.erbil.air-base"].event_date == date(2023, 12, 25)


def test_a_us_strike_in_the_country_does_not_yield_to_an_attack_on_a_us_facility(
    curated: Gazetteer,
) -> None:
    text = (
        "US aircraft struck three militia sites in Iraq on Dec. 26, hours after militants "
        "attacked a US facility in Erbil.\n"
    )
    found = by_place(curated, text, date(2024, 1, 5))
    assert found["iq"].attack_type == "airstrike" and found["iq.erbil"].attack_type != "airstrike"


def test_a_drone_without_an_actor_beside_a_us_strike_at_the_place_is_that_strike(
    curated: Gazetteer,
) -> None:
    text = (
        "A US drone strike on Thursday killed a militia commander in Baghdad.\n\n"
        "Iraqi officials said a drone had targeted a security headquarters in the capital, "
        "Baghdad, on Thursday.\n"
    )
    assert [r.attack_type for r in reports(curated, text, date(2024, 1, 5))] == ["airstrike"]


# --- 'before reaching its target at X'; 'a town, Country' the gazetteer lacks ------------


def test_a_drone_downed_before_reaching_its_target_is_an_attack_on_the_target(
    curated: Gazetteer,
) -> None:
    text = (
        "A one-way drone was shot down on the morning of Nov. 10 before reaching its target "
        "at Al-Tanf Garrison, an official said.\n"
    )
    found = by_place(curated, text, date(2023, 11, 30))
    assert found["sy.homs.al-tanf"].attack_type == "drone"
    assert found["sy.homs.al-tanf"].event_date == date(2023, 11, 10)


def test_a_country_after_a_town_unknown_to_the_gazetteer_is_where_it_happened(
    curated: Gazetteer,
) -> None:
    # "Qasr Zubayda" is a made-up town: only its country is known
    text = "Two US jets struck a weapons depot at Qasr Zubayda, Syria, on Sunday.\n"
    found = by_place(curated, text, date(2023, 11, 13))
    assert found["sy"].attack_type == "airstrike"


def test_countries_listed_with_a_comma_are_still_a_list(curated: Gazetteer) -> None:
    text = "Militias have attacked US troops in Iraq, Syria and Jordan on Sunday.\n"
    assert by_place(curated, text, date(2023, 11, 13)) == {}


def test_a_reply_follows_the_attack_told_in_the_sentence_just_before(
    curated: Gazetteer,
) -> None:
    text = (
        "Militants attacked the Green Village and Al-Asad bases on Nov. 8. Separately, a "
        "drone was shot down on Nov. 10 before reaching Al-Tanf Garrison. Three soldiers were "
        "hurt in the attack on Green Village.\n\n"
        "In response, two US jets struck a depot in Syria.\n"
    )
    found = by_place(curated, text, date(2023, 11, 30))
    assert found["sy"].event_date == date(2023, 11, 8)


def test_a_strike_told_months_earlier_is_not_the_one_said_today(curated: Gazetteer) -> None:
    text = (
        "US forces struck three militia facilities in Iraq, the defense secretary said "
        "Tuesday.\n\n"
        "In November, US aircraft struck a truck in western Iraq used to launch missiles.\n"
    )
    dates = sorted(r.event_date for r in reports(curated, text, date(2024, 1, 23)))
    assert len(dates) == 2 and dates[0].month == 11 and dates[1] == date(2024, 1, 23)


def test_a_count_shared_out_by_country_is_a_tally(curated: Gazetteer) -> None:
    text = (
        "A spokesman said 16 of those attacks had targeted US forces in Iraq and 11 were in "
        "Syria.\n"
    )
    assert by_place(curated, text, date(2023, 10, 31)) == {}


def test_strikes_told_since_last_night_are_the_news_not_history(curated: Gazetteer) -> None:
    text = (
        "Here is what we know since the US launched strikes overnight in Iraq and Syria, "
        "officials said.\n"
    )
    found = by_place(curated, text, date(2024, 2, 3))
    assert {found["iq"].event_date, found["sy"].event_date} == {date(2024, 2, 2)}


def test_an_attack_told_since_strikes_of_long_ago_is_still_history(curated: Gazetteer) -> None:
    text = (
        "It was the first attack on Al-Asad Airbase since the US launched retaliatory strikes "
        "in Iraq and Syria.\n"
    )
    assert "iq" not in by_place(curated, text, date(2024, 2, 3))


@pytest.mark.parametrize(
    "subject", ["The US Army on Tuesday", "U.S. Central Command (CENTCOM) forces", "CENTCOM forces"]
)
def test_a_us_command_or_service_that_struck_makes_an_air_strike(
    curated: Gazetteer, subject: str
) -> None:
    text = f"{subject} struck a militia weapons depot in Syria.\n"
    found = by_place(curated, text, date(2024, 11, 27))
    assert (found["sy"].attack_type, found["sy"].actor1) == ("airstrike", "United States")


# --- a statement's own today; the strike and the attack it answers; a look back ---------


def test_yesterday_in_a_quoted_statement_is_the_day_before_its_today(
    curated: Gazetteer,
) -> None:
    # published Wednesday: the statement of Tuesday says "today" and "yesterday"
    text = (
        "US forces on Tuesday struck a militia weapons depot in Syria.\n\n"
        '"Today, US forces conducted a strike in Syria. It answers an attack against US '
        'forces in Syria yesterday," the command said.\n'
    )
    ex = extract(Document(name="t.txt", text=text, published=date(2024, 11, 27)), curated)
    days = sorted((r.event_date, r.attack_type) for r in ex.reports)
    assert days == [(date(2024, 11, 25), "unknown"), (date(2024, 11, 26), "airstrike")]


def test_us_forces_that_struck_earlier_this_month_are_the_subject(curated: Gazetteer) -> None:
    text = (
        "US forces earlier this month conducted two rounds of strikes against militias in Syria.\n"
    )
    found = by_place(curated, text, date(2024, 11, 27))
    assert (found["sy"].attack_type, found["sy"].actor1) == ("airstrike", "United States")


def test_strikes_told_earlier_this_month_are_not_the_strike_of_the_day(
    curated: Gazetteer,
) -> None:
    text = (
        "US forces on Tuesday struck a militia depot in Syria.\n\n"
        "US forces earlier this month conducted two rounds of strikes against militias in "
        "Syria.\n"
    )
    found = reports(curated, text, date(2024, 11, 27))
    assert sorted(r.time_precision for r in found) == [1, 3]


def test_an_unnamed_facility_located_in_a_country_places_the_attack_there(
    curated: Gazetteer,
) -> None:
    text = (
        "A one-way drone hit a US military facility located in northeastern Jordan on "
        "Sunday, injuring dozens.\n"
    )
    found = by_place(curated, text, date(2024, 1, 29))
    assert found["jo.tower-22"].event_date == date(2024, 1, 28)  # and so the landmark


def test_a_group_located_in_a_country_is_still_no_place(curated: Gazetteer) -> None:
    text = "A drone hit Al-Asad Airbase on Sunday, said a militia located in Syria.\n"
    assert "sy" not in by_place(curated, text, date(2024, 1, 29))


def test_troops_counted_as_victims_in_a_country_are_not_a_generic_plural(
    curated: Gazetteer,
) -> None:
    text = (
        "The May 5 drone strike that wounded three US troops in Jordan was one of those "
        "attacks, officials said.\n"
    )
    found = by_place(curated, text, date(2024, 5, 20))
    assert found["jo"].event_date == date(2024, 5, 5)


def test_the_month_of_may_is_not_the_modal_may(curated: Gazetteer) -> None:
    text = "The May 5 rocket attack on Al-Asad Airbase caused no damage, officials said.\n"
    found = by_place(curated, text, date(2024, 5, 20))
    assert found["iq.anbar.al-asad"].event_date == date(2024, 5, 5)
    assert (
        by_place(curated, "Militias may attack Al-Asad Airbase again.\n", date(2024, 5, 20)) == {}
    )


# --- one barrage; hedged weapons; counts with 'more than'; victims and speakers ---------


def test_rockets_and_ballistic_missiles_at_a_base_on_one_day_are_one_barrage(
    curated: Gazetteer,
) -> None:
    text = (
        "Militants fired ballistic missiles at Al-Asad Airbase on Saturday evening.\n\n"
        "A police source said the base was targeted by 15 rockets, most of them shot down.\n"
    )
    (r,) = reports(curated, text, date(2024, 1, 21))
    assert r.attack_type == "ballistic_missile"


def test_a_weapon_hedged_with_may_have_is_still_the_attack(curated: Gazetteer) -> None:
    text = (
        "A US official said Al-Asad Airbase may have been struck by ballistic missiles on "
        "Saturday.\n"
    )
    found = by_place(curated, text, date(2024, 1, 21))
    assert found["iq.anbar.al-asad"].attack_type == "ballistic_missile"


def test_more_than_a_dozen_projectiles_fired_is_a_count_not_a_threat(
    curated: Gazetteer,
) -> None:
    text = "More than a dozen rockets were fired at Al-Asad Airbase on Saturday.\n"
    assert "iq.anbar.al-asad" in by_place(curated, text, date(2024, 1, 21))
    assert (
        by_place(curated, "More attacks on Al-Asad Airbase will follow.\n", date(2024, 1, 21)) == {}
    )


def test_a_group_whose_member_was_wounded_is_a_victim_not_the_attacker(
    curated: Gazetteer,
) -> None:
    victim = (
        "Rockets hit Al-Asad Airbase on Saturday.\n\nA member of the Iraqi security forces "
        "was also badly injured in the attack.\n"
    )
    speaker = "Rockets hit Al-Asad Airbase on Saturday, an Iraqi police official told AFP.\n"
    for text in (victim, speaker):
        (r,) = reports(curated, text, date(2024, 1, 21))
        assert r.actor1 is None, text


def test_a_number_after_the_article_a_is_not_the_a10_aircraft(curated: Gazetteer) -> None:
    text = (
        "Rockets hit the US Embassy in Baghdad on Friday.\n\n"
        "The Green Zone, a 10-square-kilometre area on the Tigris, houses the embassy.\n"
    )
    assert [r.attack_type for r in reports(curated, text)] == ["rocket"]
    jets = "Two A-10 jets struck militia depots near Abu Kamal on Friday.\n"
    assert [r.attack_type for r in reports(curated, jets)] == ["airstrike"]


def test_a_base_in_a_town_with_its_own_base_is_not_a_site_far_off(curated: Gazetteer) -> None:
    # Tell Baydar lies about 80 km from Shaddadi, in the same province
    text = (
        "Drones struck a US military base in Al-Shaddadi, a television channel reported on "
        "Wednesday.\n\n"
        "On November 5, drones struck the US base at Tell Baydar.\n"
    )
    found = by_place(curated, text, date(2023, 11, 9))
    assert found["sy.hasakah.shaddadi"].event_date <= date(2023, 11, 8)
    assert found["sy.hasakah.tell-baydar"].event_date == date(2023, 11, 5)


def test_the_day_of_a_wire_dateline_dates_no_event(curated: Gazetteer) -> None:
    text = (
        "Washington, Feb 8 (IANS) The US military has launched a strike in Iraq and killed a "
        "commander of a militia linked to the deadly attack on US forces in Jordan in late "
        "January.\n"
    )
    found = by_place(curated, text, date(2024, 2, 8))
    assert found["jo.tower-22"].event_date == date(2024, 1, 28)
    assert all(r.event_date != date(2024, 2, 8) or r.time_precision > 1 for r in found.values())


def test_a_listed_link_ending_with_its_date_is_page_furniture(curated: Gazetteer) -> None:
    text = (
        "A drone targeted the US base at Tell Baydar in northeastern Syria, the group said.\n\n"
        "Related\n\n"
        "US forces shoot down a Turkish drone over northeast Syria 5 October 2023\n"
    )
    found = reports(curated, text, date(2023, 11, 6))
    assert [r.place.place_id for r in found] == ["sy.hasakah.tell-baydar"]
    assert found[0].event_date >= date(2023, 10, 30)


def test_also_on_another_day_at_the_same_base_is_another_attack(curated: Gazetteer) -> None:
    text = (
        "Drones attacked Harir Air Base again on Thursday evening, officials said.\n\n"
        "Also on Wednesday overnight, two drones attacked Harir Air Base without damage.\n"
    )
    days = sorted(r.event_date for r in reports(curated, text, date(2023, 11, 9)))
    assert days == [date(2023, 11, 8), date(2023, 11, 9)]


def test_another_strike_told_near_a_base_attack_does_not_split_that_attack(
    curated: Gazetteer,
) -> None:
    text = (
        "Militants fired a ballistic missile at Al-Asad Airbase last night, officials said.\n\n"
        "That strike followed another unplanned strike by a gunship that was overhead when "
        "militants fired two ballistic missiles at Al-Asad Airbase late Monday evening.\n"
    )
    found = [r for r in reports(curated, text, date(2023, 11, 22)) if r.attack_type != "airstrike"]
    assert len(found) == 1


def test_a_city_someone_travelled_to_is_not_where_an_attack_happened(
    curated: Gazetteer,
) -> None:
    text = (
        "A commander of the Quds Force made a trip to Baghdad to tell the factions to reduce "
        "their attacks, sources said.\n"
    )
    assert by_place(curated, text, date(2024, 6, 22)) == {}


def test_a_series_of_us_airstrikes_across_two_countries_is_a_summary(
    curated: Gazetteer,
) -> None:
    text = "The breach prompted a series of US airstrikes across Iraq and Syria.\n"
    assert by_place(curated, text, date(2024, 6, 22)) == {}


def test_an_article_older_than_a_landmark_never_refers_back_to_it(curated: Gazetteer) -> None:
    # October 2023: Tower 22 (January 2024) had not happened
    text = "Drones targeted US forces near Rukban on the Jordanian border, a monitor said.\n"
    found = by_place(curated, text, date(2023, 10, 25))
    assert "jo.tower-22" not in found


def test_bases_that_have_previously_faced_multiple_attacks_are_history(
    curated: Gazetteer,
) -> None:
    text = (
        "Drones targeted Al-Tanf Garrison on Sunday, a source said.\n\n"
        "Al-Asad Airbase and Harir Air Base have previously faced multiple drone attacks.\n"
    )
    assert set(by_place(curated, text, date(2023, 10, 23))) == {"sy.homs.al-tanf"}


def test_forces_stationing_in_a_country_are_no_attack_there(curated: Gazetteer) -> None:
    text = (
        "Drones targeted Al-Tanf Garrison on Sunday.\n\n"
        "The prime minister denounced attacking the foreign forces stationing in Iraq.\n"
    )
    assert set(by_place(curated, text, date(2023, 10, 23))) == {"sy.homs.al-tanf"}


def test_the_attack_which_occurred_on_a_day_dates_the_attack_just_told(
    curated: Gazetteer,
) -> None:
    text = (
        "Two drones were used in an attack on Al-Asad Airbase, a US official said.\n\n"
        "The attack, which occurred on Wednesday, caused minor injuries.\n"
    )
    found = by_place(curated, text, date(2023, 10, 19))
    assert found["iq.anbar.al-asad"].event_date == date(2023, 10, 18)


def test_the_outlet_that_first_reported_an_attack_corrects_nothing(curated: Gazetteer) -> None:
    text = (
        "Reuters first reported that several US personnel were wounded in a drone attack on "
        "Friday at Rumalyn Landing Zone.\n"
    )
    found = by_place(curated, text, date(2024, 8, 13))
    assert found["sy.hasakah.rumalyn"].event_date == date(2024, 8, 9)
    corrected = "Officials first said the drone hit Rumalyn Landing Zone, then Conoco.\n"
    assert "sy.hasakah.rumalyn" not in by_place(curated, corrected, date(2024, 8, 13))


# --- a claim's day; the attacks named again in the plural; weapons a site stores --------


def test_the_day_of_a_statement_dates_the_targets_it_then_lists(curated: Gazetteer) -> None:
    text = (
        "Iraq's resistance groups announced fresh drone strikes on bases housing American "
        "forces. The group made the announcement in a statement on Thursday. It named the "
        "targets of the attacks as Erbil Air Base and Al-Asad Airbase.\n"
    )
    found = by_place(curated, text, date(2024, 1, 26))
    for pid in ("iq.erbil.air-base", "iq.anbar.al-asad"):
        assert (found[pid].event_date, found[pid].attack_type) == (date(2024, 1, 25), "drone")


def test_weapons_a_site_stores_are_not_the_weapon_of_the_strike_on_it(
    curated: Gazetteer,
) -> None:
    text = (
        "US forces struck three facilities in Iraq on Wednesday. The targets were storage "
        "sites for rockets and one-way attack drones. The strikes hit a site at Jurf "
        "al-Sakhar, officials said.\n"
    )
    found = by_place(curated, text, date(2024, 1, 24))
    assert found["iq.babil.jurf-al-sakhar"].attack_type == "airstrike"


# --- a government that rejects 'any attack'; a headline's kill; a landmark's dead at its site


def test_a_capital_that_rejects_any_attack_is_no_place_of_one(curated: Gazetteer) -> None:
    text = (
        "Rockets hit the US Embassy in Baghdad on Friday.\n\n"
        "The attack came a day after the prime minister said Baghdad rejects any attack on "
        "Iraqi territory.\n"
    )
    assert set(by_place(curated, text)) == {"iq.baghdad.us-embassy"}


def test_a_headline_that_the_us_killed_a_leader_of_a_group_is_a_us_air_strike(
    curated: Gazetteer,
) -> None:
    text = "US says it killed leader of pro-Iran group in Baghdad drone strike\n"
    (r,) = reports(curated, text, date(2024, 2, 8))
    assert (r.attack_type, r.actor1) == ("airstrike", "United States")


def test_an_attack_at_a_landmark_site_with_its_dead_is_the_landmark(curated: Gazetteer) -> None:
    text = (
        "On Wednesday a US strike killed a militia commander in Baghdad.\n\n"
        "In the preceding month, a suicide drone attack at Tower 22 claimed the lives of three "
        "American troops.\n"
    )
    found = by_place(curated, text, date(2024, 2, 8))
    assert found["jo.tower-22"].event_date == date(2024, 1, 28)
