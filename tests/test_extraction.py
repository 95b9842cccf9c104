"""Extraction on sentences written for these tests (facts of the 2023-24 campaign)."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.extraction import extract, segment
from geo.gazetteer import Gazetteer
from geo.models import Document

PUB = date(2023, 12, 8)  # a Friday


def run(gaz: Gazetteer, text: str, published: date | None = PUB):
    return extract(Document(name="t.txt", text=text, published=published), gaz)


def one(gaz: Gazetteer, text: str, published: date | None = PUB):
    ex = run(gaz, text, published)
    assert len(ex.reports) == 1, [r.reason for r in ex.reports]
    return ex.reports[0]


def test_basic_report_fields(tiny_gaz: Gazetteer) -> None:
    r = one(tiny_gaz, "Two Katyusha rockets struck Ain al-Asad air base on Friday, officials said.")
    assert r.place.place_id == "iq.anbar.al-asad"
    assert r.attack_type == "rocket"
    assert r.event_date == PUB and r.time_precision == 1
    assert r.date_phrase == "on Friday"
    assert r.evidence[0].text == r.document.text[r.evidence[0].char_start : r.evidence[0].char_end]
    assert "rocket" in r.reason and "Friday" in r.reason


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        (
            "A multi-mortar attack targeted the US Embassy in Baghdad on Friday, officials said.",
            "mortar",
        ),
        ("A one-way attack drone hit Erbil Air Base on Friday, officials said.", "drone"),
        ("Suicide drones were launched at Erbil airport on Friday, officials said.", "drone"),
        (
            "A close-range ballistic missile struck Al-Asad Air Base on Friday, the Pentagon said.",
            "ballistic_missile",
        ),
        (
            "An AC-130 gunship struck a militia vehicle near Erbil on Friday, the Pentagon said.",
            "airstrike",
        ),
    ],
)
def test_weapon_wording(tiny_gaz: Gazetteer, sentence: str, kind: str) -> None:
    assert one(tiny_gaz, sentence).attack_type == kind


@pytest.mark.parametrize(
    "sentence",
    [
        "Militia leaders vowed to strike Al-Asad Air Base again if Washington does not withdraw.",
        "Iran-backed groups are ready to attack US bases in Iraq, a commander warned.",
        "US forces have come under attack at least 82 times in Iraq and Syria since October 17.",
        "The Senate voted against a resolution to remove US troops from Syria on Thursday.",
        "Attacks on US interests have increased since Hamas' attack on Israel on October 7.",
        "Drone and rocket attacks on bases in Iraq and Syria have escalated once more.",
        "The Prime Minister of Iraq condemned the attacks on Friday.",
        "The US consulate general in Erbil did not immediately respond to a request for comment.",
        "The January 2020 drone strike in Baghdad killed Qassem Soleimani.",
    ],
)
def test_not_incidents(tiny_gaz: Gazetteer, sentence: str) -> None:
    assert run(tiny_gaz, sentence).reports == ()


def test_tally_is_kept_apart(tiny_gaz: Gazetteer) -> None:
    ex = run(
        tiny_gaz,
        "As of Friday, US forces have come under attack at least 82 times in Iraq and Syria since October 17.",
    )
    assert ex.reports == ()
    (t,) = ex.tallies
    assert (t.count, t.qualifier, t.since) == (82, "at least", date(2023, 10, 17))
    assert ex.document.text[t.char_start : t.char_end] == t.evidence


def test_launched_from_is_not_the_target(tiny_gaz: Gazetteer) -> None:
    r = one(
        tiny_gaz, "A drone launched from Iraq struck Tower 22 in Jordan on Sunday, officials said."
    )
    assert r.place.place_id == "jo.tower-22"
    assert r.event_date == date(2023, 12, 3)


def test_container_places_yield_to_the_site(tiny_gaz: Gazetteer) -> None:
    r = one(tiny_gaz, "Rockets struck Al-Asad Air Base in Anbar, Iraq, on Friday, officials said.")
    assert r.place.place_id == "iq.anbar.al-asad"


def test_several_incidents_in_one_sentence(tiny_gaz: Gazetteer) -> None:
    ex = run(
        tiny_gaz,
        "The attacks on Friday included rocket attacks on Al-Asad Air Base in Iraq and MSS Euphrates "
        "in Syria, as well as a one-way drone attack on Al-Asad.",
    )
    got = sorted((r.place.place_id, r.attack_type) for r in ex.reports)
    assert got == [
        ("iq.anbar.al-asad", "drone"),
        ("iq.anbar.al-asad", "rocket"),
        ("sy.deir-ez-zor.mss-euphrates", "rocket"),
    ]


def test_told_three_times_is_one_report(tiny_gaz: Gazetteer) -> None:
    text = (
        "The US Embassy in Baghdad came under rocket fire on Friday.\n\n"
        "Officials said two rockets landed near the American embassy in Baghdad early Friday.\n\n"
        "A spokesperson said the rocket attack on the US Embassy in Baghdad caused no casualties.\n"
    )
    r = one(tiny_gaz, text)
    assert len(r.evidence) == 3
    assert (r.fatalities, r.injuries) == (0, 0)


def test_country_only_report_yields_to_the_named_site(tiny_gaz: Gazetteer) -> None:
    text = (
        "Hours later, US forces came under attack twice in Iraq in rocket attacks.\n\n"
        "The attacks on Friday included rocket attacks on Al-Asad Air Base.\n"
    )
    ex = run(tiny_gaz, text)
    assert [r.place.place_id for r in ex.reports] == ["iq.anbar.al-asad"]


def test_country_only_report_stands_alone(tiny_gaz: Gazetteer) -> None:
    r = one(tiny_gaz, "A drone attack targeted US forces in Syria on Friday, officials said.")
    assert r.place.place_id == "sy" and r.geo_precision == 4


@pytest.mark.parametrize(
    ("sentence", "actor", "claimed"),
    [
        (
            "The Islamic Resistance in Iraq claimed responsibility for a drone attack on Erbil Air Base on Friday.",
            "Islamic Resistance in Iraq",
            True,
        ),
        (
            "Rockets struck Al-Asad Air Base on Friday in an attack believed to be carried out by Kataib Hezbollah.",
            "Kataib Hezbollah",
            False,
        ),
        (
            "Rockets were fired at the US Embassy in Baghdad on Friday by suspected Iran-backed militias.",
            "Iran-backed militias",
            False,
        ),
        ("Rockets struck Al-Asad Air Base on Friday, officials said.", None, None),
    ],
)
def test_actor_and_claim(
    tiny_gaz: Gazetteer, sentence: str, actor: str | None, claimed: bool | None
) -> None:
    r = one(tiny_gaz, sentence)
    assert (r.actor1, r.claimed) == (actor, claimed)


def test_did_not_claim_is_not_an_actor(tiny_gaz: Gazetteer) -> None:
    text = (
        "A multi-mortar attack hit the US Embassy in Baghdad on Friday.\n\n"
        "Kataib Sayyid al-Shuhada did not claim responsibility for the attack.\n"
    )
    r = one(tiny_gaz, text)
    assert r.actor1 is None and r.claimed is None


def test_claim_in_following_sentence(tiny_gaz: Gazetteer) -> None:
    text = (
        "A one-way drone struck Tower 22 in Jordan on Sunday, killing three US soldiers and wounding "
        "more than 40. The Islamic Resistance in Iraq claimed responsibility."
    )
    r = one(tiny_gaz, text, date(2024, 1, 29))
    assert r.event_date == date(2024, 1, 28)
    assert (r.fatalities, r.injuries) == (3, 40)
    assert (r.actor1, r.claimed) == ("Islamic Resistance in Iraq", True)


@pytest.mark.parametrize(
    ("sentence", "fatalities", "injuries"),
    [
        ("A drone hit Erbil Air Base on Friday; there were no casualties.", 0, 0),
        ("A drone hit Erbil Air Base on Friday, injuring three US service members.", None, 3),
        ("A drone hit Erbil Air Base on Friday and three US soldiers were killed.", 3, None),
        (
            "A drone hit Erbil Air Base on Friday and several personnel suffered minor traumatic brain injuries.",
            None,
            None,
        ),
    ],
)
def test_casualties(
    tiny_gaz: Gazetteer, sentence: str, fatalities: int | None, injuries: int | None
) -> None:
    r = one(tiny_gaz, sentence)
    assert (r.fatalities, r.injuries) == (fatalities, injuries)


def test_intercepted(tiny_gaz: Gazetteer) -> None:
    r = one(
        tiny_gaz, "Coalition air defenses shot down a drone approaching Erbil Air Base on Friday."
    )
    assert r.intercepted and r.attack_type == "drone"


def test_us_strike_has_the_united_states_as_actor(tiny_gaz: Gazetteer) -> None:
    r = one(
        tiny_gaz,
        "US forces conducted precision strikes on facilities used by Kataib Hezbollah near Erbil on Friday.",
    )
    assert r.attack_type == "airstrike" and r.actor1 == "United States"
    assert r.target is not None and "Kataib Hezbollah" in r.target


def test_short_alias_needs_context(tiny_gaz: Gazetteer) -> None:
    assert (
        run(tiny_gaz, "Rockets were fired across the Euphrates on Friday, witnesses said.").reports
        == ()
    )
    r = one(tiny_gaz, "Rockets hit the Euphrates base on Friday, officials said.")
    assert r.place.place_id == "sy.deir-ez-zor.mss-euphrates"


def test_undated_without_publication_stays_null(tiny_gaz: Gazetteer) -> None:
    ex = run(tiny_gaz, "Rockets struck Al-Asad Air Base on Friday, officials said.", published=None)
    (r,) = ex.reports
    assert r.event_date is None
    assert any("no date" in w for w in ex.warnings)


def test_future_and_old_dates_are_not_incidents(tiny_gaz: Gazetteer) -> None:
    assert (
        run(tiny_gaz, "Rockets struck Al-Asad Air Base on Jan. 5, 2020, officials said.").reports
        == ()
    )


def test_page_clutter_is_never_evidence(tiny_gaz: Gazetteer) -> None:
    text = "SUBSCRIBE\nSkip to Content\nShare\n0\nRockets Hit Al-Asad Air Base Friday\nRockets struck Al-Asad Air Base on Friday, officials said.\nRead More\n"
    sentences = [text[s.start : s.end] for s in segment(text)]
    assert sentences == ["Rockets struck Al-Asad Air Base on Friday, officials said."]


def test_segment_keeps_abbreviations_inside_sentences() -> None:
    text = "The U.S. embassy was hit on Dec. 8 by rockets, Brig. Gen. Pat Ryder said. A second attack followed."
    sentences = [text[s.start : s.end] for s in segment(text)]
    assert len(sentences) == 2 and sentences[0].endswith("Ryder said.")


ARTICLE = (
    "A one-way attack drone struck Erbil Air Base on Christmas Day, wounding three US service members.\n\n"
    "US forces struck three facilities used by Kataib Hezbollah in Iraq hours later.\n\n"
    "Militias have attacked US forces at least 103 times since October 17, officials said.\n"
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cut=st.integers(0, len(ARTICLE)),
    junk=st.binary(max_size=64),
    doubled=st.booleans(),
    text=st.text(max_size=300),
    shuffle=st.randoms(use_true_random=False),
)
def test_never_raises_and_offsets_point_into_text(
    tiny_gaz, cut, junk, doubled, text, shuffle
) -> None:
    base = ARTICLE[:cut] + junk.decode("latin-1") + ARTICLE[cut:]
    if doubled:
        base += base
    lines = base.split("\n")
    shuffle.shuffle(lines)
    for candidate in ("\n".join(lines), text, text + ARTICLE):
        ex = run(tiny_gaz, candidate, date(2024, 1, 2))
        for r in ex.reports:
            for ev in r.evidence:
                assert candidate[ev.char_start : ev.char_end] == ev.text
        for t in ex.tallies:
            assert candidate[t.char_start : t.char_end] == t.evidence


def test_seeds_match_gold(seeds_dir, curated) -> None:
    """The two seed articles give exactly the gold incidents (judged by the shared scorer)."""
    import importlib.util
    import json

    from gazhelpers import SHARED

    from geo.export import geojson_text
    from geo.pipeline import run as pipeline_run

    result = pipeline_run([seeds_dir], gazetteer=curated, published=date(2023, 12, 8))
    spec = importlib.util.spec_from_file_location("score", SHARED / "tools" / "score_incidents.py")
    score = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(score)
    pred = score.predictions(json.loads(geojson_text(result.incidents, result.tallies)))
    gold = score.load_jsonl(SHARED / "seeds_gold.jsonl")
    doubtful = score.load_jsonl(SHARED / "seeds_doubtful.jsonl")
    r = score.score(pred, gold, doubtful, [])
    assert r["recall"] == 1.0 and r["precision"] == 1.0, (r["missed"], r["false_pos"])
    assert r["merged_ok"] == r["multi_doc_events"] == 1
    embassy = [
        i
        for i in result.incidents
        if i.place.place_id == "iq.baghdad.us-embassy" and i.event_date == date(2023, 12, 8)
    ]
    assert len(embassy) == 1 and embassy[0].source_count == 2
    assert set(embassy[0].attack_types_reported) == {"rocket", "mortar"}
    asad = sorted(i.attack_type for i in result.incidents if i.place.place_id == "iq.anbar.al-asad")
    assert asad == ["drone", "rocket"]
    counts = sorted(t.count for t in result.tallies)
    assert counts == [78, 82]


# --- rules learnt from the development set -------------------------------------------------


def test_the_base_refers_to_the_site_named_before(tiny_gaz: Gazetteer) -> None:
    text = (
        "Rockets struck Al-Asad Air Base on Friday, officials said.\n\n"
        "On Sunday, two armed drones targeted the same base without causing damage.\n"
    )
    got = sorted(
        (r.place.place_id, r.attack_type, r.event_date) for r in run(tiny_gaz, text).reports
    )
    assert got == [
        ("iq.anbar.al-asad", "drone", date(2023, 12, 3)),
        ("iq.anbar.al-asad", "rocket", date(2023, 12, 8)),
    ]


def test_a_barrage_is_typed_by_its_most_severe_weapon(tiny_gaz: Gazetteer) -> None:
    r = one(
        tiny_gaz,
        "Militants fired ballistic missiles and rockets at Al-Asad Air Base on Saturday evening.",
    )
    assert r.attack_type == "ballistic_missile"


def test_the_date_after_each_place_in_a_list(tiny_gaz: Gazetteer) -> None:
    text = "US aircraft hit a depot near Erbil on Nov. 12 and a safe house near Baghdad on Dec. 1."
    got = sorted((r.place.place_id, r.event_date) for r in run(tiny_gaz, text).reports)
    assert got == [("iq.baghdad", date(2023, 12, 1)), ("iq.erbil", date(2023, 11, 12))]


@pytest.mark.parametrize(
    ("follow", "day"),
    [
        ("The same day, a drone struck Erbil Air Base.", date(2023, 12, 3)),
        ("The next day, a drone struck Erbil Air Base.", date(2023, 12, 4)),
    ],
)
def test_days_relative_to_the_narrative(tiny_gaz: Gazetteer, follow: str, day: date) -> None:
    text = f"Rockets struck Al-Asad Air Base on Sunday, officials said.\n\n{follow}\n"
    reports = {r.place.place_id: r for r in run(tiny_gaz, text).reports}
    assert reports["iq.erbil.air-base"].event_date == day


def test_n_days_after_counts_back(tiny_gaz: Gazetteer) -> None:
    text = (
        "A US drone strike killed a commander in Baghdad on Wednesday night.\n\n"
        "The strike came ten days after a drone attack killed three US soldiers at Tower 22 in Jordan.\n"
    )
    reports = {r.place.place_id: r for r in run(tiny_gaz, text, date(2024, 2, 8)).reports}
    assert reports["jo.tower-22"].event_date == date(2024, 1, 28)
    assert (
        reports["iq.baghdad"].attack_type == "airstrike"  # a US drone strike is a US airstrike
        and reports["iq.baghdad"].actor1 == "United States"
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Harir air base, north-east of Erbil, has also been targeted several times.",
        "Why strike Erbil Air Base now, when previous responses were all in Syria?",
        "Previous attacks had caused injuries, including a drone strike on Erbil Air Base.",
        "A ceremony marked the anniversary of the 2020 US strike at Baghdad airport.",
        "Kirkuk has seen few attacks on US forces compared with Anbar.",
        "The strikes hit weapons depots in eastern Syria and militia sites inside Iraq.",
        "The attack was carried out by groups operating in Syria and Iraq.",
        "Neither Baghdad nor the regional government confirmed the attack.",
    ],
)
def test_more_non_incidents(tiny_gaz: Gazetteer, sentence: str) -> None:
    assert run(tiny_gaz, sentence).reports == ()


def test_a_town_beside_a_site_is_a_reference_point(tiny_gaz: Gazetteer) -> None:
    r = one(tiny_gaz, "A drone hit Erbil Air Base, just outside Erbil, on Friday, officials said.")
    assert r.place.place_id == "iq.erbil.air-base"


def test_us_forces_struck_is_an_airstrike_by_the_united_states(tiny_gaz: Gazetteer) -> None:
    r = one(
        tiny_gaz, "US forces struck three facilities in Iraq used by Kataib Hezbollah on Friday."
    )
    assert (r.place.place_id, r.attack_type, r.actor1) == ("iq", "airstrike", "United States")


def test_country_as_modifier_or_list_is_not_a_place(tiny_gaz: Gazetteer) -> None:
    r = one(tiny_gaz, "Rockets struck Al-Asad Air Base on Friday, a US official said.")
    assert r.place.place_id == "iq.anbar.al-asad"
    assert (
        run(
            tiny_gaz,
            "Troops were attacked three more times in a mix of rocket and drone attacks in Iraq and Syria.",
        ).reports
        == ()
    )


@pytest.mark.parametrize(
    "denial",
    [
        "Kataib Sayyid al-Shuhada vowed more operations but stopped short of claiming the attack.",
        "Kataib Sayyid al-Shuhada declined to claim the attack.",
        "Kataib Sayyid al-Shuhada did not claim responsibility for the attack.",
    ],
)
def test_withheld_claims_name_no_actor(tiny_gaz: Gazetteer, denial: str) -> None:
    r = one(
        tiny_gaz, f"A multi-mortar attack hit the US Embassy in Baghdad on Friday.\n\n{denial}\n"
    )
    assert r.actor1 is None and r.claimed is None


def test_world_tier_for_a_town_the_gazetteer_lacks(tiny_gaz: Gazetteer) -> None:
    r = one(
        tiny_gaz, "Rockets struck positions near Mosul in northern Iraq on Friday, officials said."
    )
    assert (
        r.place.tier == "world"
        and r.place.country == "IQ"
        and r.place.place_id.startswith("geonames:")
    )
    assert "world gazetteer" in r.place_reason
    # a town in a country the article never names is not guessed
    assert (
        run(tiny_gaz, "Rockets struck a market near Mosul on Friday, officials said.").reports == ()
    )


def test_the_base_after_a_short_name_of_a_site_named_in_full(tiny_gaz: Gazetteer) -> None:
    text = (
        "Two drones targeted Al-Asad Air Base on Tuesday, a US official said. "
        "Iraqi officials condemned the attack. The government promised an inquiry. "
        "Parliament debated the matter on Wednesday. Militia leaders did not comment. "
        "Analysts called it one of the heaviest weeks for Al-Asad so far. "
        "In November, the base was hit by a close-range ballistic missile, the official added."
    )
    got = {(r.place.place_id, r.attack_type, r.time_precision) for r in run(tiny_gaz, text).reports}
    assert ("iq.anbar.al-asad", "ballistic_missile", 3) in got  # "the base" = Al-Asad
    assert ("iq.anbar.al-asad", "drone", 1) in got


def test_an_attack_named_after_a_strike_takes_its_own_weapon(tiny_gaz: Gazetteer) -> None:
    text = (
        "The Pentagon said the airstrikes answered a string of militia attacks on US troops, "
        "including Monday's attack on Al-Asad in which a close-range ballistic missile was used."
    )
    r = one(tiny_gaz, text)
    assert (r.place.place_id, r.attack_type) == ("iq.anbar.al-asad", "ballistic_missile")
    assert r.event_date == date(2023, 12, 4)


def test_one_verb_many_targets_far_apart(curated: Gazetteer) -> None:
    text = (
        "US warplanes struck an ammunition store used by the militias near Abu Kamal on Nov. 8, "
        "a command post of Kataib Hezbollah near Al-Qaim on Nov. 9, and a militia headquarters "
        "near Mayadin on Nov. 10, the Pentagon said."
    )
    got = {(r.place.place_id, r.attack_type, r.event_date) for r in run(curated, text).reports}
    assert got == {
        ("sy.abu-kamal", "airstrike", date(2023, 11, 8)),
        ("iq.al-qaim", "airstrike", date(2023, 11, 9)),
        ("sy.mayadin", "airstrike", date(2023, 11, 10)),
    }
    # who spoke, and from where, is not one more target
    text = (
        "US warplanes struck an ammunition store used by the militias near Abu Kamal on Nov. 8 "
        "in a long night of operations across the border region, and a spokesman in Baghdad "
        "later said more would follow."
    )
    assert {r.place.place_id for r in run(curated, text).reports} == {"sy.abu-kamal"}
