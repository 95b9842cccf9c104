"""A vague report that could be one of several incidents joins none of them.

Outlets often tell an attack loosely ("early November", "new attacks on the base") where
other outlets told two attacks at that place a day apart, or a rocket and a drone attack on
the same day. Joining the loose report to one of them is a guess, and a wrong guess mixes
two real events in one map feature; so it stays on its own, and says why in its sources.
"""

from datetime import date, timedelta

from gazhelpers import tiny_place

from geo.gazetteer import Gazetteer
from geo.merging import merge_sources
from geo.models import Place, Source

IQ, ASAD = tiny_place("iq"), tiny_place("iq.anbar.al-asad")
D0 = date(2023, 11, 8)
D1 = D0 + timedelta(days=1)


def src(
    doc: str, place: Place, day: date, kind: str, *, precision: int = 1, start: int = 0
) -> Source:
    return Source(
        document=doc, title=None, url=None, outlet=doc, published=D1.isoformat(),
        evidence=f"{kind} at {place.name}", char_start=start, char_end=start + 10, place=place,
        event_date=day.isoformat(), time_precision=precision, attack_type=kind,
    )  # fmt: skip


def docs_of(incidents) -> list[set[str]]:
    return sorted(({s.document for s in i.sources} for i in incidents), key=sorted)


# two drone attacks on Al-Asad a day apart, both told by one outlet
TWO_DAYS = [src("wire", ASAD, D0, "drone"), src("wire", ASAD, D1, "drone", start=50)]
# a rocket and a drone attack on Al-Asad the same day, both told by one outlet
TWO_WEAPONS = [src("wire", ASAD, D0, "rocket"), src("wire", ASAD, D0, "drone", start=50)]


def test_a_report_known_to_the_month_joins_neither_of_two_days(tiny_gaz: Gazetteer) -> None:
    early_month = src("weekly", ASAD, date(2023, 11, 5), "drone", precision=3)
    incs = merge_sources([*TWO_DAYS, early_month], gazetteer=tiny_gaz)
    assert docs_of(incs) == [{"weekly"}, {"wire"}, {"wire"}]


def test_a_report_of_no_stated_weapon_joins_neither_of_two_weapons(tiny_gaz: Gazetteer) -> None:
    new_attacks = src("daily", ASAD, D0, "unknown")
    incs = merge_sources([*TWO_WEAPONS, new_attacks], gazetteer=tiny_gaz)
    assert docs_of(incs) == [{"daily"}, {"wire"}, {"wire"}]


def test_a_report_as_precise_as_they_are_joins_the_nearest_day(tiny_gaz: Gazetteer) -> None:
    second_day = src("daily", ASAD, D1, "drone")
    incs = merge_sources([*TWO_DAYS, second_day], gazetteer=tiny_gaz)
    (joined,) = [i for i in incs if i.source_count == 2]
    assert joined.event_date == D1


def test_a_stated_weapon_picks_its_incident_among_two_weapons(tiny_gaz: Gazetteer) -> None:
    rockets = src("daily", ASAD, D0, "rocket")
    incs = merge_sources([*TWO_WEAPONS, rockets], gazetteer=tiny_gaz)
    (joined,) = [i for i in incs if i.source_count == 2]
    assert joined.attack_type == "rocket"


def test_the_choice_does_not_depend_on_the_order_of_reports(tiny_gaz: Gazetteer) -> None:
    reports = [*TWO_WEAPONS, src("daily", ASAD, D0, "unknown")]
    forward = merge_sources(reports, gazetteer=tiny_gaz)
    backward = merge_sources(reversed(reports), gazetteer=tiny_gaz)
    assert [i.to_record() for i in forward] == [i.to_record() for i in backward]


def test_a_country_report_does_not_join_an_incident_vaguer_than_itself(
    tiny_gaz: Gazetteer,
) -> None:
    # the base's only incident is an attack of no stated weapon, known to the week: a drone
    # attack "in Iraq" on a given day is not pinned down by it
    loose = src("daily", ASAD, D0, "unknown", precision=2)
    country = src("agency", IQ, D0, "drone")
    assert docs_of(merge_sources([loose, country], gazetteer=tiny_gaz)) == [{"agency"}, {"daily"}]
    # a precise incident there does pin it down
    precise = src("daily", ASAD, D0, "drone")
    (inc,) = merge_sources([precise, country], gazetteer=tiny_gaz)
    assert inc.place == ASAD and inc.source_count == 2
