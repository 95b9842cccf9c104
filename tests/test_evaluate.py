"""The judge's rules (geo.evaluate.score_features) on small hand-built gold and features."""

from __future__ import annotations

from typing import Any

import pytest

from geo.evaluate import (
    document_stem,
    gold_fits,
    normalize_attack_type,
    predictions,
    score_features,
)

# Two made-up points 1 degree of latitude apart in no particular place (about 111 km).
LAT, LON = 34.0, 42.0
KM_PER_DEG_LAT = 111.19


def feature(
    *docs: str | dict[str, Any],
    day: str | None = "2024-01-10",
    lat: float | None = LAT,
    lon: float | None = LON,
    kind: str = "rocket",
    reported: tuple[str, ...] = (),
    country: str = "IQ",
    **props: Any,
) -> dict[str, Any]:
    """A GeoJSON feature shaped like geomap's export; a doc may be a source dict."""
    sources = [d if isinstance(d, dict) else {"document": d} for d in docs]
    geometry = {"type": "Point", "coordinates": [lon, lat]} if lat is not None else None
    return {
        "type": "Feature",
        "geometry": geometry,
        "properties": {
            "event_date": day,
            "attack_type": kind,
            "attack_types_reported": list(reported or (kind,)),
            "country": country,
            "location": "Somewhere",
            "sources": sources,
            **props,
        },
    }


def gold(article: str = "a.txt", **fields: Any) -> dict[str, Any]:
    rec: dict[str, Any] = {
        "article": article,
        "date": "2024-01-10",
        "date_precision": "day",
        "lat": LAT,
        "lon": LON,
        "country": "IQ",
        "attack_type": "rocket",
        "event_id": f"ev-{article}",
        "count": 1,
    }
    rec.update(fields)
    return rec


def test_a_count_two_gold_takes_two_pairs_and_a_third_is_false() -> None:
    g = [gold(count=2)]
    two = score_features([feature("a.txt"), feature("a.txt")], g)
    assert (two.matched_gold, two.true_positives, two.false_positives) == (1, 2, 0)
    assert two.recall == 1.0 and two.precision == 1.0
    three = score_features([feature("a.txt")] * 3, g)
    assert (three.true_positives, three.false_positives) == (2, 1)
    assert three.precision == pytest.approx(2 / 3)
    # count 1: the second pair is a false positive
    one = score_features([feature("a.txt"), feature("a.txt")], [gold()])
    assert (one.true_positives, one.false_positives) == (1, 1)


def test_matching_is_maximum_not_greedy() -> None:
    # Gold 0 fits both pairs (unknown type); gold 1 fits only the first (rocket).
    # Greedy would give pair 0 to gold 0 and leave gold 1 out.
    g = [gold(attack_type="unknown", event_id="e0"), gold(event_id="e1")]
    s = score_features([feature("a.txt", kind="rocket"), feature("a.txt", kind="drone")], g)
    assert s.matched_gold == 2 and s.false_positives == 0


def test_a_pair_matching_only_doubtful_gold_is_neutral() -> None:
    doubtful = [gold(attack_type="drone")]
    s = score_features(
        [feature("a.txt"), feature("a.txt", kind="drone")], [gold()], doubtful=doubtful
    )
    assert (s.true_positives, s.neutral, s.false_positives) == (1, 1, 0)
    assert s.precision == 1.0
    # Gold wins over doubtful when a pair fits both.
    both = score_features([feature("a.txt")], [gold()], doubtful=[gold()])
    assert (both.true_positives, both.neutral) == (1, 0)


def test_a_false_positive_fitting_an_out_of_scope_record_is_a_distractor() -> None:
    oos = [{"article": "a.txt", "date": "2024-01-20", "place": "a ship at sea", "what": "x"}]
    feats = [
        feature("a.txt", day="2024-01-21", kind="drone"),  # one day off the out-of-scope event
        feature("a.txt", day="2024-01-25", kind="drone"),  # unrelated false positive
        feature("b.txt", day="2024-01-20", kind="drone"),  # other document
    ]
    s = score_features(feats, [gold()], out_of_scope=oos)
    assert (s.false_positives, s.distractors) == (3, 1)
    assert [p.event_date.isoformat() for p in s.distractor_pairs if p.event_date] == ["2024-01-21"]
    # A distractor that fits doubtful gold is neutral, not a distractor.
    doubtful = [gold(date="2024-01-21", attack_type="drone")]
    s2 = score_features(feats[:1], [], doubtful=doubtful, out_of_scope=oos)
    assert (s2.neutral, s2.distractors) == (1, 0)


@pytest.mark.parametrize(
    ("precision", "day", "fits"),
    [
        ("day", "2024-01-11", True),
        ("day", "2024-01-12", False),
        ("week", "2024-01-16", True),
        ("week", "2024-01-03", True),
        ("week", "2024-01-18", False),
        ("month", "2024-01-17", True),
        ("week", None, False),
    ],
)
def test_date_slack(precision: str, day: str | None, fits: bool) -> None:
    g = gold(date_precision=precision)
    (pr,) = predictions([feature("a.txt", day=day)])
    assert gold_fits(g, pr) is fits


def test_exact_date_counts_only_the_same_day_among_matched() -> None:
    g = [gold(article="a.txt", date_precision="week"), gold(article="b.txt")]
    s = score_features([feature("a.txt", day="2024-01-14"), feature("b.txt")], g)
    assert s.matched_gold == 2 and s.date_exact == 1
    # the one matched on another day is listed with the pair that carried that day
    ((wrong, pair),) = s.wrong_dates
    assert wrong["article"] == "a.txt" and pair.event_date.isoformat() == "2024-01-14"


def test_gold_without_point_fits_any_point_of_its_country() -> None:
    g = gold(lat=None, lon=None, country="SY")
    far = {"lat": 36.0, "lon": 40.0}
    (in_sy,) = predictions([feature("a.txt", country="SY", **far)])
    (in_iq,) = predictions([feature("a.txt", country="IQ", **far)])
    (no_country,) = predictions([feature("a.txt", country="", **far)])
    (by_name,) = predictions([feature("a.txt", country="Syria", **far)])
    assert gold_fits(g, in_sy) and gold_fits(g, no_country) and gold_fits(g, by_name)
    assert not gold_fits(g, in_iq)
    # Without a gold point, any matched point counts as right.
    assert score_features([feature("a.txt", country="SY", **far)], [g]).point_5km == 1


def test_gold_point_25_km_to_match_and_5_km_to_be_exact() -> None:
    near = feature("a.txt", lat=LAT + 4 / KM_PER_DEG_LAT)
    mid = feature("b.txt", lat=LAT + 20 / KM_PER_DEG_LAT)
    far = feature("c.txt", lat=LAT + 30 / KM_PER_DEG_LAT)
    nowhere = feature("d.txt", lat=None)
    g = [gold("a.txt"), gold("b.txt"), gold("c.txt"), gold("d.txt")]
    s = score_features([near, mid, far, nowhere], g)
    assert s.matched_gold == 2 and s.point_5km == 1
    assert sorted(d["article"] for d in s.missed) == ["c.txt", "d.txt"]


def test_place_ids_are_placed_through_the_mapping() -> None:
    g = gold(lat=None, lon=None, place_id="xx.base", country="IQ")
    (pr,) = predictions([feature("a.txt", lat=LAT + 1)])
    assert gold_fits(g, pr)  # no point known: same country is enough
    assert not gold_fits(g, pr, places={"xx.base": (LAT, LON)})
    assert gold_fits(g, pr, places={"xx.base": (LAT + 1, LON)})


@pytest.mark.parametrize(
    ("gold_type", "kinds", "fits", "exact"),
    [
        ("rocket", ("mortar",), True, False),
        ("mortar", ("artillery",), True, False),
        ("one-way drone", ("drone",), True, True),
        ("UAV", ("drone",), True, True),
        ("drone", ("rocket",), False, False),
        ("ballistic missile", ("ballistic_missile",), True, True),
        ("unknown", ("airstrike",), True, True),
        ("drone", ("unknown",), True, False),
        ("drone", ("rocket", "drone"), True, False),  # disputed: fits, feature's type is rocket
    ],
)
def test_attack_types(gold_type: str, kinds: tuple[str, ...], fits: bool, exact: bool) -> None:
    feat = feature("a.txt", kind=kinds[0], reported=kinds)
    s = score_features([feat], [gold(attack_type=gold_type)])
    assert s.matched_gold == int(fits)
    assert s.type_exact == int(exact)


def test_a_feature_holding_two_gold_events_is_over_merged() -> None:
    g = [gold("a.txt", event_id="e1"), gold("b.txt", event_id="e2")]
    merged = score_features([feature("a.txt", "b.txt")], g)
    assert merged.matched_gold == 2 and merged.over_merged_features == 1
    apart = score_features([feature("a.txt"), feature("b.txt")], g)
    assert apart.over_merged_features == 0


def test_a_multi_document_event_should_be_one_feature() -> None:
    g = [gold("a.txt", event_id="e"), gold("b.txt", event_id="e"), gold("c.txt", event_id="f")]
    one = score_features([feature("a.txt", "b.txt"), feature("c.txt")], g)
    assert (one.multi_doc_events, one.merged_events, one.over_merged_features) == (1, 1, 0)
    split = score_features([feature("a.txt"), feature("b.txt"), feature("c.txt")], g)
    assert (split.multi_doc_events, split.merged_events) == (1, 0)


def test_fields_are_compared_as_each_source_reported_them() -> None:
    # The feature says 0 injured (the lowest figure); only b.txt said so, a.txt said nothing.
    feat = feature(
        {"document": "dir/a.txt", "injuries": None, "fatalities": 1, "claimed": True},
        {"document": "b.txt", "injuries": 0, "fatalities": 2, "claimed": None},
        injuries=0,
        fatalities=1,
        claimed=True,
    )
    g = [
        gold("a.txt", event_id="e", injuries=0, fatalities=1, claimed=None),
        gold("b.txt", event_id="e", injuries=0, fatalities=1, claimed=True),
    ]
    s = score_features([feat], g)
    assert s.matched_gold == 2
    assert (s.fields["injuries"].right, s.fields["injuries"].judged) == (1, 2)
    assert (s.fields["fatalities"].right, s.fields["fatalities"].judged) == (1, 2)
    # claimed is judged only where the gold states it (b.txt), and b.txt said nothing.
    assert (s.fields["claimed"].right, s.fields["claimed"].judged) == (0, 1)


def test_a_document_told_twice_in_one_feature_is_one_pair() -> None:
    feat = feature({"document": "a.txt", "injuries": 3}, {"document": "a.txt", "injuries": 5})
    (pr,) = predictions([feat])
    assert pr.document == "a" and pr.injuries == 3
    s = score_features([feat], [gold(count=2, injuries=3)])
    assert (s.true_positives, s.fields["injuries"].right) == (1, 1)


def test_empty_inputs_score_zero_without_dividing_by_zero() -> None:
    s = score_features([], [])
    assert (s.precision, s.recall, s.f1) == (0.0, 0.0, 0.0)
    assert s.to_dict()["fields"]["claimed"] == {"right": 0, "judged": 0}


def test_names() -> None:
    assert normalize_attack_type("One-way drone") == "drone"
    assert normalize_attack_type("Air strike") == "airstrike"
    assert normalize_attack_type("small arms") == "small_arms"
    assert normalize_attack_type(None) == "unknown"
    assert document_stem("some/dir/07_x.txt") == "07_x"
    assert document_stem("13_digest.jsonl#2") == "13_digest#2"
    assert document_stem("no_extension") == "no_extension"
