"""Merging across documents: rules, order-independence, idempotence, no chaining."""

from dataclasses import replace
from datetime import date, timedelta

import pytest
from gazhelpers import tiny_place
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.gazetteer import Gazetteer
from geo.ids import mint_id
from geo.merging import identity, merge_incidents, merge_sources
from geo.models import Place, Source

IQ, SY, BAGHDAD, EMBASSY, ASAD, ERBIL_AB, EUPH = (
    tiny_place(k)
    for k in (
        "iq",
        "sy",
        "iq.baghdad",
        "iq.baghdad.us-embassy",
        "iq.anbar.al-asad",
        "iq.erbil.air-base",
        "sy.deir-ez-zor.mss-euphrates",
    )
)
PLACES = [IQ, SY, BAGHDAD, EMBASSY, ASAD, ERBIL_AB, EUPH]
D0 = date(2023, 12, 8)


def src(
    doc: str, place: Place, day: date | None, kind: str, *, precision: int = 1, start: int = 0, **kw
) -> Source:
    return Source(
        document=doc, title=None, url=None, outlet=doc.split(".")[0], published=D0.isoformat(),
        evidence=f"{kind} at {place.name}", char_start=start, char_end=start + 10, place=place,
        event_date=day.isoformat() if day else None, time_precision=precision, attack_type=kind, **kw,
    )  # fmt: skip


def groups(incidents) -> set[frozenset[tuple[str, int]]]:
    return {frozenset((s.document, s.char_start) for s in i.sources) for i in incidents}


def test_indirect_fire_merges_into_a_dispute(tiny_gaz: Gazetteer) -> None:
    (inc,) = merge_sources(
        [src("a.txt", EMBASSY, D0, "rocket"), src("b.txt", EMBASSY, D0, "mortar")],
        gazetteer=tiny_gaz,
    )
    assert inc.source_count == 2
    assert set(inc.attack_types_reported) == {"rocket", "mortar"}
    assert "disputed" in inc.notes


def test_drone_and_rocket_stay_apart(tiny_gaz: Gazetteer) -> None:
    incs = merge_sources(
        [src("a.txt", ASAD, D0, "rocket"), src("b.txt", ASAD, D0, "drone")], gazetteer=tiny_gaz
    )
    assert sorted(i.attack_type for i in incs) == ["drone", "rocket"]


@pytest.mark.parametrize(("days", "incidents"), [(1, 1), (2, 2)])
def test_one_day_slack_for_time_zones_but_not_two(
    tiny_gaz: Gazetteer, days: int, incidents: int
) -> None:
    pair = [src("a", ASAD, D0, "drone"), src("b", ASAD, D0 + timedelta(days), "drone")]
    assert len(merge_sources(pair, gazetteer=tiny_gaz)) == incidents


def test_week_precision_widens_the_window(tiny_gaz: Gazetteer) -> None:
    got = merge_sources(
        [src("a", ASAD, D0, "drone"), src("b", ASAD, D0 + timedelta(3), "drone", precision=2)],
        gazetteer=tiny_gaz,
    )
    assert len(got) == 1 and got[0].event_date == D0 and got[0].time_precision == 1


def test_vague_report_attaches_when_exactly_one_fits(tiny_gaz: Gazetteer) -> None:
    (inc,) = merge_sources(
        [src("a", ASAD, D0, "rocket"), src("b", IQ, D0, "rocket")], gazetteer=tiny_gaz
    )
    assert inc.place == ASAD and inc.source_count == 2
    two = merge_sources(
        [src("a", ASAD, D0, "rocket"), src("c", EMBASSY, D0, "rocket"), src("b", IQ, D0, "rocket")],
        gazetteer=tiny_gaz,
    )
    assert sorted(i.place.place_id for i in two) == [
        "iq",
        "iq.anbar.al-asad",
        "iq.baghdad.us-embassy",
    ]


def test_city_report_joins_the_site_inside_it(tiny_gaz: Gazetteer) -> None:
    (inc,) = merge_sources(
        [src("a", EMBASSY, D0, "rocket"), src("b", BAGHDAD, D0, "rocket")], gazetteer=tiny_gaz
    )
    assert inc.place == EMBASSY


def test_reports_of_one_document_are_never_merged(tiny_gaz: Gazetteer) -> None:
    incs = merge_sources(
        [src("a", ASAD, D0, "rocket", start=0), src("a", ASAD, D0, "rocket", start=50)],
        gazetteer=tiny_gaz,
    )
    assert len(incs) == 2 and incs[0].event_id != incs[1].event_id


def test_one_sentence_telling_two_days_at_one_place_keeps_both(tiny_gaz: Gazetteer) -> None:
    # "US jets hit a depot near Al-Asad on Oct. 26 and a post near Al-Asad on Nov. 12":
    # same document, span, place and type; only the date words differ.
    a = src("a", ASAD, date(2023, 10, 26), "airstrike", date_phrase="on Oct. 26")
    b = src("a", ASAD, date(2023, 11, 12), "airstrike", date_phrase="on Nov. 12")
    assert identity(a) != identity(b)
    incs = merge_sources([a, b], gazetteer=tiny_gaz)
    assert sorted(i.event_date.isoformat() for i in incs if i.event_date) == [
        "2023-10-26",
        "2023-11-12",
    ]
    # and the same report given twice still counts once
    assert len(merge_sources([a, a, b], gazetteer=tiny_gaz)) == 2


def test_no_chaining_through_near_matches(tiny_gaz: Gazetteer) -> None:
    # day 0 ~ day 1 ~ day 2, but day 0 and day 2 are not the same event
    days = [src(f"d{i}", ASAD, D0 + timedelta(i), "drone") for i in range(3)]
    incs = merge_sources(days, gazetteer=tiny_gaz)
    # Two of the three reports merge (a day apart), the third stays alone: not one, not three.
    assert sorted(i.source_count for i in incs) == [1, 2]
    for inc in incs:
        ds = [s.date for s in inc.sources]
        assert max(ds) - min(ds) <= timedelta(1)


def test_lowest_casualties_and_strongest_claim(tiny_gaz: Gazetteer) -> None:
    (inc,) = merge_sources(
        [
            src(
                "a", ERBIL_AB, D0, "drone", injuries=3, actor1="Iran-backed militias", claimed=False
            ),
            src(
                "b",
                ERBIL_AB,
                D0,
                "drone",
                injuries=5,
                fatalities=0,
                actor1="Kataib Hezbollah",
                claimed=True,
            ),
        ],
        gazetteer=tiny_gaz,
    )
    assert (inc.injuries, inc.fatalities) == (3, 0)
    assert (inc.actor1, inc.claimed) == ("Kataib Hezbollah", True)


def test_a_report_that_finds_it_unclaimed_keeps_claimed_false(tiny_gaz: Gazetteer) -> None:
    # the contract: false also when no group has claimed it and no actor is named
    (inc,) = merge_sources(
        [src("a", EMBASSY, D0, "rocket", claimed=False), src("b", EMBASSY, D0, "rocket")],
        gazetteer=tiny_gaz,
    )
    assert (inc.actor1, inc.claimed) == (None, False)


def test_event_ids_are_minted_from_the_founding_report(tiny_gaz: Gazetteer) -> None:
    (inc,) = merge_sources([src("a", EMBASSY, D0, "mortar")], gazetteer=tiny_gaz)
    assert inc.event_id == mint_id(inc.sources)
    assert inc.event_id.startswith("gm-") and len(inc.event_id) == 15
    (again,) = merge_sources([src("a", EMBASSY, D0, "mortar")], gazetteer=tiny_gaz)
    assert again.event_id == inc.event_id


def test_adding_a_source_keeps_the_incident(tiny_gaz: Gazetteer) -> None:
    before = merge_sources(
        [src("a", EMBASSY, D0, "rocket"), src("x", ASAD, D0, "drone")], gazetteer=tiny_gaz
    )
    later = replace(src("b", EMBASSY, D0, "mortar"), published="2023-12-09")
    after = merge_sources([*[s for i in before for s in i.sources], later], gazetteer=tiny_gaz)
    assert [i.event_id for i in before] == [i.event_id for i in after]
    assert sorted(i.source_count for i in after) == [1, 2]


def test_a_later_report_refining_place_and_date_keeps_the_id(tiny_gaz: Gazetteer) -> None:
    # first only "Baghdad, this week"; a day later an outlet names the embassy and the day
    vague = src("a", BAGHDAD, D0 - timedelta(1), "rocket", precision=2)
    (first,) = merge_sources([vague], gazetteer=tiny_gaz)
    precise = replace(src("b", EMBASSY, D0, "rocket"), published="2023-12-09")
    (refined,) = merge_sources([vague, precise], gazetteer=tiny_gaz)
    assert refined.place.place_id == EMBASSY.place_id and refined.event_date == D0
    assert refined.event_id == first.event_id


sources_strategy = st.lists(
    st.builds(
        src,
        doc=st.sampled_from(["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]),
        place=st.sampled_from(PLACES),
        day=st.one_of(st.none(), st.integers(0, 6).map(lambda n: D0 + timedelta(n))),
        kind=st.sampled_from(["rocket", "mortar", "drone", "unknown", "airstrike"]),
        precision=st.sampled_from([1, 1, 2, 3]),
        start=st.integers(0, 3).map(lambda n: n * 100),
    ),
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(sources_strategy, st.randoms(use_true_random=False))
def test_order_independent_and_idempotent(sources, rnd) -> None:
    first = merge_sources(sources)
    shuffled = list(sources)
    rnd.shuffle(shuffled)
    second = merge_sources(shuffled)
    assert [i.to_record() for i in first] == [i.to_record() for i in second]
    again = merge_incidents(first)
    assert [i.to_record() for i in again] == [i.to_record() for i in first]
    # nothing lost: every distinct source is in exactly one incident
    kept = [identity(s) for i in first for s in i.sources]
    assert sorted(kept) == sorted({identity(s) for s in sources})


@settings(max_examples=200, deadline=None)
@given(sources_strategy)
def test_no_incident_mixes_incompatible_reports(sources) -> None:
    from geo.models import type_family

    for inc in merge_sources(sources):
        docs = [s.document for s in inc.sources]
        assert len(docs) == len(set(docs))
        typed = {type_family(s.attack_type) for s in inc.sources if s.attack_type != "unknown"}
        assert len(typed) <= 1
        dated = [s for s in inc.sources if s.date]
        for a in dated:
            for b in dated:
                slack = {1: 1, 2: 4, 3: 16}[max(a.time_precision, b.time_precision)]
                assert abs((a.date - b.date).days) <= slack
