"""The one resolver chain, containment, "most precise" and distance (geo.places)."""

import ast
import math

import pytest
from gazhelpers import ROOT, tiny_place

from geo import unresolved
from geo.gazetteer import Gazetteer
from geo.models import Place
from geo.places import (
    EARTH_RADIUS_KM,
    ancestors,
    contains,
    haversine_km,
    most_precise,
    place_like_spans,
    resolve_name,
)

# A GeoNames-like town with no parent chain, as the world tier gives one (made up).
TOWN = Place("geonames:1", "Town", "city", 34.0, 43.0, 1, "IQ", tier="world")


def test_the_chain_tries_curated_then_world(tiny_gaz: Gazetteer) -> None:
    curated = resolve_name("Baghdad", tiny_gaz)
    assert curated is not None and curated.tier == "curated"
    assert curated.place.place_id == "iq.baghdad"
    world = resolve_name("Mosul", tiny_gaz)
    assert world is not None and world.tier == "world" and world.place.country == "IQ"
    assert resolve_name("Mosul", tiny_gaz, world=False) is None
    # the world tier answers only within the countries asked for
    assert resolve_name("Mosul", tiny_gaz, countries={"JO"}) is None


def test_a_name_of_several_places_resolves_to_the_most_precise(tiny_gaz: Gazetteer) -> None:
    tiny_gaz.with_user_places([], [("Erbil", "iq.gov.erbil")])
    res = resolve_name("Erbil", tiny_gaz)
    assert res is not None and res.place.place_id == "iq.erbil"
    assert "also names iq.gov.erbil, chose the most precise" in res.reason
    city, province = tiny_place("iq.erbil"), tiny_place("iq.gov.erbil")
    assert most_precise([province, city]) is city
    # a tie goes to the smaller id, whatever the order
    a, b = tiny_place("iq.baghdad"), tiny_place("iq.erbil")
    assert most_precise([b, a]) is a and most_precise([a, b]) is a
    with pytest.raises(ValueError):
        most_precise([])


def test_ancestors_follow_the_parent_chain_and_end_in_the_country(tiny_gaz: Gazetteer) -> None:
    embassy = tiny_place("iq.baghdad.us-embassy")
    assert ancestors(embassy, tiny_gaz) == ("iq.baghdad", "iq.gov.baghdad", "iq")
    # without a gazetteer only the place's own parent is known, and its country
    assert ancestors(embassy) == ("iq.baghdad", "iq")
    # a place of another tier, with a curated parent, gets the parent's chain
    inside = Place("user:x", "X", "base", 33.3, 44.4, 1, "IQ", parent_id="iq.baghdad")
    assert ancestors(inside, tiny_gaz) == ("iq.baghdad", "iq.gov.baghdad", "iq")
    assert ancestors(TOWN, tiny_gaz) == ("iq",)
    assert ancestors(tiny_place("iq"), tiny_gaz) == ()


def test_containment(tiny_gaz: Gazetteer) -> None:
    embassy, baghdad = tiny_place("iq.baghdad.us-embassy"), tiny_place("iq.baghdad")
    iraq, syria = tiny_place("iq"), tiny_place("sy")
    assert contains(baghdad, embassy, tiny_gaz) and contains(iraq, embassy, tiny_gaz)
    assert not contains(embassy, baghdad, tiny_gaz)
    assert contains(embassy, embassy) and not contains(syria, embassy, tiny_gaz)
    assert not contains(tiny_place("iq.erbil"), embassy, tiny_gaz)
    # a country holds a town of the world tier; the gazetteer's id-based form answers only
    # for places it holds, so extraction (which asks by id) never sees that pair
    assert contains(iraq, TOWN) and contains(iraq, TOWN, tiny_gaz)
    assert tiny_gaz.contains("iq", "iq.baghdad.us-embassy")
    assert not tiny_gaz.contains("iq", TOWN.place_id)
    assert tiny_gaz.contains(TOWN.place_id, TOWN.place_id)


def test_curated_containment_is_the_parent_chain_plus_the_country(curated: Gazetteer) -> None:
    # Over the whole curated gazetteer: a place is inside each of its ancestors and its
    # country, and inside nothing else.
    for inner in curated.places.values():
        outers = {o for o in curated.places if curated.contains(o, inner.place_id)}
        expected = {inner.place_id, *curated.ancestors(inner.place_id)}
        if inner.kind != "country":
            expected.add(inner.country.lower())
        assert outers == expected, inner.place_id


def test_haversine_km() -> None:
    assert haversine_km(33.0, 44.0, 33.0, 44.0) == 0.0
    one_degree = EARTH_RADIUS_KM * math.pi / 180
    assert haversine_km(33.0, 44.0, 34.0, 44.0) == pytest.approx(one_degree)
    # along a parallel a degree of longitude is shorter by the cosine of the latitude
    assert haversine_km(60.0, 10.0, 60.0, 11.0) == pytest.approx(one_degree / 2, rel=1e-4)
    assert haversine_km(0.0, 0.0, 0.0, 180.0) == pytest.approx(EARTH_RADIUS_KM * math.pi)
    a, b = tiny_place("iq.baghdad.us-embassy"), tiny_place("iq.erbil.air-base")
    assert haversine_km(a.lat, a.lon, b.lat, b.lon) == haversine_km(b.lat, b.lon, a.lat, a.lon)


def test_place_like_spans() -> None:
    text = "Rockets fell near the Qaim crossing on Monday, and in Tal Tamr, said The Wire."
    spans = place_like_spans(text)
    assert [name for name, _, _ in spans] == ["Qaim", "Tal Tamr"]
    assert all(text[a:b] == name for name, a, b in spans)
    assert place_like_spans(text, 30) == [spans[1]]
    # the curation loop reads the same spans
    assert unresolved.place_like_spans is place_like_spans
    assert unresolved.place_like_mentions(text) == ["Qaim", "Tal Tamr"]


def test_extraction_never_asks_the_online_tier() -> None:
    # Extraction's calls of the chain pass no geocoder, and nothing of it imports one.
    calls = []
    for path in sorted((ROOT / "geo" / "extraction").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "geo.geocode", path.name
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "resolve_name":
                calls.append(path.name)
                assert len(node.args) <= 2, path.name
                assert "online" not in {k.arg for k in node.keywords}, path.name
    assert calls == ["places.py"]
