"""The table of attack types (geo/attack_types.py): complete, consistent, and the one place to add a type."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any, get_args

import pytest
from test_render import _contrast, blob

from geo import acled, lexicon, models, render
from geo.attack_types import ATTACK_TYPE_TABLE, ROWS, SHAPES, AttackTypeRow, check_keys, check_table
from geo.errors import SchemaError

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent

#: ACLED's sub-event types (ACLED codebook, 2023 edition), by event type.
ACLED_SUB_EVENT_TYPES = {
    "Battles": {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
    },
    "Explosions/Remote violence": {
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    },
    "Violence against civilians": {"Sexual violence", "Attack", "Abduction/forced disappearance"},
    "Protests": {
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    },
    "Riots": {"Violent demonstration", "Mob violence"},
    "Strategic developments": {
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    },
}
ACLED_NAMES = set().union(*ACLED_SUB_EVENT_TYPES.values())


def test_the_literal_names_the_tables_types_in_its_order() -> None:
    assert get_args(models.AttackType) == models.ATTACK_TYPES == tuple(ROWS)
    # design.md's names, in the order the legends list them
    order = "rocket mortar artillery ballistic_missile cruise_missile drone airstrike ied"
    assert (*order.split(), "small_arms", "unknown") == models.ATTACK_TYPES


@pytest.mark.parametrize("row", ATTACK_TYPE_TABLE, ids=lambda r: r.name)
def test_every_row_fills_every_column(row: AttackTypeRow) -> None:
    assert row.name and row.label and row.family and row.sub_event_type
    assert row.shape in SHAPES and SHAPES[row.shape].startswith("M")
    assert row.colour.startswith("#") and len(row.colour) == 7
    assert row.noun or row.name == "unknown"  # "an attack": the one type with no weapon
    assert row.terms and row.name in lexicon.WEAPON_TERMS


@pytest.mark.parametrize("row", ATTACK_TYPE_TABLE, ids=lambda r: r.name)
def test_sub_event_types_are_acleds_own_names(row: AttackTypeRow) -> None:
    assert row.sub_event_type in ACLED_SUB_EVENT_TYPES["Explosions/Remote violence"] | {
        "Armed clash"
    }
    event_type, _ = acled.EVENT_TYPES[row.sub_event_type]
    assert row.sub_event_type in ACLED_SUB_EVENT_TYPES[event_type]


def test_acled_event_types_hold_only_acleds_names() -> None:
    assert set(acled.EVENT_TYPES) <= ACLED_NAMES
    for sub, (event_type, _) in acled.EVENT_TYPES.items():
        assert sub in ACLED_SUB_EVENT_TYPES[event_type]


def test_the_table_is_consistent() -> None:
    assert len({r.severity for r in ATTACK_TYPE_TABLE}) == len(ATTACK_TYPE_TABLE)
    assert len({r.colour for r in ATTACK_TYPE_TABLE}) == len(ATTACK_TYPE_TABLE)
    assert len({r.shape for r in ATTACK_TYPE_TABLE}) == len(ATTACK_TYPE_TABLE)
    assert len({r.label for r in ATTACK_TYPE_TABLE}) == len(ATTACK_TYPE_TABLE)
    assert {r.name for r in ATTACK_TYPE_TABLE if r.family != r.name} == models.INDIRECT_FIRE
    assert {models.type_family(t) for t in models.INDIRECT_FIRE} == {"indirect_fire"}


@pytest.mark.parametrize("ground", list(render.LAND_COLOURS))
@pytest.mark.parametrize("row", ATTACK_TYPE_TABLE, ids=lambda r: r.name)
def test_every_colour_holds_3_to_1_on_the_maps_land(row: AttackTypeRow, ground: str) -> None:
    assert _contrast(row.colour, render.LAND_COLOURS[ground]) >= 3.0


def test_what_other_modules_say_is_the_tables() -> None:
    assert {r.name: r.severity for r in ATTACK_TYPE_TABLE} == lexicon.SEVERITY
    assert list(lexicon.SEVERITY.values()) == sorted(lexicon.SEVERITY.values())
    assert {r.name: (r.colour, r.label, r.shape) for r in ATTACK_TYPE_TABLE} == render.TYPE_STYLE
    assert {r.name: r.sub_event_type for r in ATTACK_TYPE_TABLE} == models.SUB_EVENT_TYPES
    assert set(acled.WEAPON_WORDS) <= set(ROWS)
    assert set(acled.SHELLING_TYPES) == {
        "cruise_missile",
        "ballistic_missile",
        "mortar",
        "rocket",
        "artillery",
    }


def test_the_map_script_keeps_no_copy_of_the_shapes() -> None:
    js = (ROOT / "geo" / "_map" / "geomap.js").read_text(encoding="utf-8")
    for path in SHAPES.values():
        assert path not in js


def _row(**kw: Any) -> AttackTypeRow:
    base: dict[str, Any] = {
        "name": "grenade",
        "label": "Grenade",
        "family": "grenade",
        "sub_event_type": "Grenade",
        "severity": 10,
        "colour": "#6a3d9a",
        "shape": "square",
        "noun": "grenade",
    }
    return AttackTypeRow(**(base | kw))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "rocket"}, "'rocket' twice"),
        ({"name": "Hand grenade"}, "bad name"),
        ({"label": ""}, "needs a label"),
        ({"colour": "purple"}, "is not #rrggbb"),
        ({"colour": "#6A3D9A"}, "is not #rrggbb"),
        ({"shape": "blob"}, "not in SHAPES"),
        ({"severity": 4}, "share a severity"),
        ({"family": "explosive"}, "family 'explosive'"),  # a family of one must be its name
        ({"family": "rocket"}, "family 'rocket'"),  # another type is not a family
    ],
)
def test_a_bad_row_is_refused_by_name(change: dict[str, Any], message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        check_table((*ATTACK_TYPE_TABLE, _row(**change)))


def test_keys_are_checked_against_the_table() -> None:
    check_keys(lexicon.WEAPON_TERMS, "terms", required=True)
    with pytest.raises(SchemaError, match="terms: grenade not in the attack type table"):
        check_keys({**lexicon.WEAPON_TERMS, "grenade": ()}, "terms", required=True)
    missing = {k: v for k, v in lexicon.WEAPON_TERMS.items() if k != "drone"}
    with pytest.raises(SchemaError, match="no entry for drone"):
        check_keys(missing, "terms", required=True)
    check_keys(missing, "words", required=False)


# --- The recipe: one more row, and the type reaches every part of geomap ------------------
# A child Python adds a row to the table before anything else of geomap is imported: the
# same as the row written in geo/attack_types.py, and the product table of this process is
# never touched. The rest is geomap's own code, run as the product runs it.

_ADD_ROW = """
import json, sys
import geo.attack_types as at

at.SHAPES["bar"] = "M1.5 7H18.5V13H1.5Z"
row = at.AttackTypeRow(
    "grenade", "Grenade", "grenade", "Grenade", 10, "#6a3d9a", "bar", "grenade", terms=TERMS
)
at.ATTACK_TYPE_TABLE = (*at.ATTACK_TYPE_TABLE, row)
at.ROWS = at.check_table(at.ATTACK_TYPE_TABLE)
"""

_USE_IT = """
import csv, io, tempfile
from pathlib import Path
from browser import mapdata
from geo import lexicon, models
from geo.acled import read_acled, write_acled_csv
from geo.render import map_html, render_map

text = "A grenade was thrown at a patrol of US forces at Al-Asad airbase."
src = mapdata.source("g1", mapdata.AL_ASAD, mapdata.START, "grenade", text)
inc = mapdata.incident(mapdata.AL_ASAD, mapdata.START, "grenade", (src,), actor1="Some group")
buf = io.StringIO()
write_acled_csv([inc], buf)
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "acled.csv"
    path.write_text(buf.getvalue(), encoding="utf-8", newline="")
    back = read_acled(path)
json.dump(
    {
        "types": models.ATTACK_TYPES,
        "family": models.type_family("grenade"),
        "severity": lexicon.SEVERITY,
        "sub_event_type": inc.sub_event_type,
        "acled": next(csv.DictReader(io.StringIO(buf.getvalue()))),
        "read_back": [back[0].attack_type, back[0].sources[0].reason],
        "html": map_html(render_map([inc])),
    },
    sys.stdout,
)
"""


def _child(code: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(ROOT), str(TESTS), *filter(None, [env.get("PYTHONPATH")])]
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        cwd=TESTS,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def with_grenade() -> dict[str, Any]:
    proc = _child(_ADD_ROW.replace("TERMS", "False") + _USE_IT)
    assert proc.returncode == 0, proc.stderr
    out: dict[str, Any] = json.loads(proc.stdout)
    return out


def test_a_new_row_is_an_attack_type_with_its_severity(with_grenade: dict[str, Any]) -> None:
    assert with_grenade["types"] == [*models.ATTACK_TYPES, "grenade"]
    assert with_grenade["family"] == "grenade"
    assert with_grenade["severity"]["grenade"] == 10
    assert with_grenade["severity"] == {**lexicon.SEVERITY, "grenade": 10}


def test_a_new_row_reaches_the_map(with_grenade: dict[str, Any]) -> None:
    html = with_grenade["html"]
    data = blob(html)
    k = data["types"].index("grenade")
    assert data["t"] == [k]
    assert data["labels"][k] == "Grenade"
    assert data["colours"][k] == "#6a3d9a"
    assert data["shapes"][k] == "bar"
    assert data["paths"]["bar"] == "M1.5 7H18.5V13H1.5Z"
    assert data["fam"][k] == "grenade"
    # the layer control names the layer with its swatch, in the row's shape and colour
    # (a JSON string in the page's script, so its quotes are escaped)
    assert r"d=\"M1.5 7H18.5V13H1.5Z\" fill=\"#6a3d9a\"" in html
    assert 'Grenade (1)": geomap_layer_' in html


def test_a_new_row_reaches_the_acled_export_and_back(with_grenade: dict[str, Any]) -> None:
    assert with_grenade["sub_event_type"] == "Grenade"
    row = with_grenade["acled"]
    assert row["sub_event_type"] == "Grenade"
    assert row["event_type"] == "Explosions/Remote violence"
    assert row["disorder_type"] == "Political violence"
    assert row["notes"].startswith("On 17 October 2023, a grenade attack by Some group")
    # read back: the one type exported as "Grenade"
    assert with_grenade["read_back"] == ["grenade", "ACLED Grenade"]


def test_a_row_that_needs_lexicon_terms_fails_at_import_without_them() -> None:
    proc = _child(_ADD_ROW.replace("TERMS", "True") + "import geo.lexicon\n")
    assert proc.returncode == 1
    assert "SchemaError: geo.lexicon.WEAPON_TERMS: no entry for grenade" in proc.stderr
