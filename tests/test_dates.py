from datetime import date

import pytest

from geo.dates import find_dateline, find_dates, parse_date_value

FRI = date(2023, 12, 8)  # a Friday


def first(text: str, pub: date | None = FRI):
    found = [m for m in find_dates(text, pub) if not m.since]
    return (found[0].value, found[0].precision) if found else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rockets hit the base on Friday.", (date(2023, 12, 8), 1)),
        ("Rockets hit the base on Friday morning.", (date(2023, 12, 8), 1)),
        ("A drone struck late Sunday.", (date(2023, 12, 3), 1)),
        ("It happened last Friday.", (date(2023, 12, 1), 1)),
        ("A drone struck on Thursday night.", (date(2023, 12, 7), 1)),
        ("Mortars fell overnight.", (date(2023, 12, 7), 1)),
        ("Mortars fell yesterday.", (date(2023, 12, 7), 1)),
        ("The attack on Oct. 17 was the first.", (date(2023, 10, 17), 1)),
        ("The attack on 17 October was the first.", (date(2023, 10, 17), 1)),
        ("A strike on Dec. 30 killed two.", (date(2022, 12, 30), 1)),
        ("A strike on Jan. 28, 2024 killed three.", (date(2024, 1, 28), 1)),
        ("Attacks in mid-October rattled bases.", (date(2023, 10, 15), 2)),
        ("Last month, a drone hit Erbil.", (date(2023, 11, 15), 3)),
        ("Last week, rockets hit Tanf.", (date(2023, 11, 30), 2)),
        ("Earlier this week, rockets hit Tanf.", (date(2023, 12, 6), 2)),
        ("Three days ago a drone hit Erbil.", (date(2023, 12, 5), 1)),
        ("In October, drones hit Harir.", (date(2023, 10, 15), 3)),
        ("2023-11-21 was the day.", (date(2023, 11, 21), 1)),
        # the weekend before publication (a Friday's): its Sunday, known to the week
        ("The attack last weekend in Jordan killed three.", (date(2023, 12, 3), 2)),
        ("Over the weekend, drones hit Harir.", (date(2023, 12, 3), 2)),
        ("US jets struck Syria over the past weekend.", (date(2023, 12, 3), 2)),
        # weeks ago: that many weeks back, known to the week
        ("A week ago, drones hit Harir.", (date(2023, 12, 1), 2)),
        ("Two weeks ago rockets hit Tanf.", (date(2023, 11, 24), 2)),
        # numeric dates: the day first, as outlets outside the US write them ...
        ("On 03/12/2023 a drone hit Erbil.", (date(2023, 12, 3), 1)),
        ("On 21.11.2023 a drone hit Erbil.", (date(2023, 11, 21), 1)),
        # ... unless only the month-first reading is a day, or only it is not in the future
        ("On 11/21/2023 a drone hit Erbil.", (date(2023, 11, 21), 1)),
        ("On 12/05/2023 a drone hit Erbil.", (date(2023, 12, 5), 1)),
    ],
)
def test_resolution_against_publication(text: str, expected: tuple[date, int]) -> None:
    assert first(text) == expected


def test_christmas_across_the_year_boundary() -> None:
    assert first("A drone struck on Christmas Day.", date(2024, 1, 2)) == (date(2023, 12, 25), 1)
    assert first("A drone struck on Christmas Day.", date(2023, 12, 26)) == (date(2023, 12, 25), 1)


def test_new_year_dates_take_the_previous_year_when_after_publication() -> None:
    assert first("On Dec. 29 a rocket fell.", date(2024, 1, 3)) == (date(2023, 12, 29), 1)


def test_since_is_flagged_not_an_event_date() -> None:
    (m,) = find_dates("at least 82 times since October 17", FRI)
    assert m.since and m.value == date(2023, 10, 17)


def test_relative_phrases_stay_unresolved_without_publication() -> None:
    (m,) = find_dates("Rockets hit the base on Friday.", None)
    assert m.value is None and "publication" in m.reason


def test_explicit_dates_resolve_without_publication() -> None:
    assert first("A strike on Jan. 28, 2024 killed three.", None) == (date(2024, 1, 28), 1)


def test_the_verb_may_is_not_a_month() -> None:
    assert find_dates("it may 5 times be said", FRI) == []


def test_reason_says_how() -> None:
    (m,) = find_dates("on Friday", FRI)
    assert "Friday" in m.reason and "2023-12-08" in m.reason


def test_dateline_and_metadata_values() -> None:
    assert find_dateline("BAGHDAD, Dec. 8, 2023 (Tigris Wire) - Rockets") == (
        date(2023, 12, 8),
        "Dec. 8, 2023",
    )
    assert find_dateline("Published 8 December 2023") == (date(2023, 12, 8), "8 December 2023")
    assert find_dateline("no date here") is None
    assert parse_date_value("2024-01-29T10:00:00Z") == date(2024, 1, 29)
    assert parse_date_value("January 29, 2024") == date(2024, 1, 29)
    assert parse_date_value("soon") is None


@pytest.mark.parametrize(
    ("phrase", "published", "value"),
    [
        ("The group halted its attacks last February.", date(2024, 8, 30), date(2024, 2, 15)),
        ("Drones hit the base last October.", date(2024, 8, 30), date(2023, 10, 15)),
        # said in October: the October before
        ("Drones hit the base last October.", date(2024, 10, 20), date(2023, 10, 15)),
        ("Rockets fell this past February.", date(2024, 8, 30), date(2024, 2, 15)),
    ],
)
def test_last_month_name_is_that_month_known_to_the_month(
    phrase: str, published: date, value: date
) -> None:
    (m,) = find_dates(phrase, published)
    assert (m.value, m.precision) == (value, 3)


@pytest.mark.parametrize("text", ["version 1.2.2024.5", "build 10.12.2023.1", "ratio 3/4/2023/5"])
def test_numbers_with_more_parts_are_not_dates(text: str) -> None:
    assert find_dates(text, FRI) == []


def test_last_weekend_said_at_the_weekend_is_the_one_before() -> None:
    sunday = date(2023, 12, 10)
    assert first("Drones hit Harir last weekend.", sunday) == (date(2023, 12, 3), 2)
    assert first("Drones hit Harir over the weekend.", sunday) == (sunday, 2)


def test_a_list_of_days_under_one_month_names_each_day() -> None:
    found = [
        (m.phrase, m.value) for m in find_dates("On November 9 and 11, drones hit Harir.", FRI)
    ]
    assert found == [("November 9", date(2023, 11, 9)), ("11", date(2023, 11, 11))]


@pytest.mark.parametrize(
    "text", ["On November 9 and 11 people were hurt.", "On 9 November and 11 more were hurt."]
)
def test_a_number_after_a_date_that_counts_something_is_no_day(text: str) -> None:
    assert [m.phrase for m in find_dates(text, FRI)] in (["November 9"], ["9 November"])


@pytest.mark.parametrize(
    ("text", "month"),
    [
        ("After October drone attacks on two bases, troops were treated.", 10),
        ("The November strikes hit depots.", 11),
        ("Militants launched December rocket barrages at the base.", 12),
    ],
)
def test_a_month_naming_the_attacks_dates_them_to_the_month(text: str, month: int) -> None:
    (m,) = find_dates(text, date(2024, 1, 23))
    assert (m.value.month, m.precision) == (month, 3) and m.value <= date(2024, 1, 23)


@pytest.mark.parametrize(
    "text",
    ["Militias may strike again soon.", "In a statement, officials said March attendance fell."],
)
def test_a_month_word_that_names_no_attacks_is_no_date(text: str) -> None:
    assert find_dates(text, date(2024, 1, 23)) == []
