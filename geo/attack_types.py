"""The attack types: one table, one row per type, that every other module reads.

A row says everything geomap needs about a type: its name (design.md's enum), the label the
map shows, its family (reports differing only inside a family describe one incident), the
ACLED sub-event type it exports as, its severity (a barrage is typed by its most severe
weapon), the colour and marker shape of the map, and how running text names the weapon.
The marker shapes' SVG geometry lives here too (:data:`SHAPES`), and travels to the map's
script in its data blob.

Derived from the table: :data:`geo.models.ATTACK_TYPES`, :data:`geo.models.SUB_EVENT_TYPES`,
:func:`geo.models.type_family`, :data:`geo.lexicon.SEVERITY`, :data:`geo.render.TYPE_STYLE`
and the ACLED notes (:mod:`geo.acled`). The lexicon's weapon words stay in
:data:`geo.lexicon.WEAPON_TERMS`, checked against the table when it is imported
(:func:`check_keys`). docs/architecture.md says how to add a type.

>>> ROWS["ied"].label, ROWS["ied"].sub_event_type
('IED', 'Remote explosive/landmine/IED')
>>> [r.name for r in ATTACK_TYPE_TABLE if r.family == "indirect_fire"]
['rocket', 'mortar', 'artillery']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from geo.errors import SchemaError

__all__ = [
    "ATTACK_TYPE_TABLE",
    "ROWS",
    "SHAPES",
    "AttackTypeRow",
    "check_keys",
    "check_table",
]

#: Marker shapes in a 20x20 box (SVG path data), by name; the map draws them in a
#: ``-1 -1 22 22`` view box. ``circle`` is also the map's neutral shape (the precision key).
SHAPES: Final[dict[str, str]] = {
    "circle": "M10 2a8 8 0 1 1-.01 0Z",
    "triangle": "M10 1.5 18.8 17.5H1.2Z",
    "triangle_down": "M1.2 2.5H18.8L10 18.5Z",
    "pentagon": "M10 1.5 18.6 7.8 15.3 17.8H4.7L1.4 7.8Z",
    "diamond": "M10 .8 19.2 10 10 19.2.8 10Z",
    "arrow": "M1 10 19 2.5 14 10 19 17.5Z",
    "cross": "M7 1.5H13V7H18.5V13H13V18.5H7V13H1.5V7H7Z",
    "star": "M10 .8 12.7 6.9 19.3 7.5 14.3 11.9 15.8 18.4 10 15 4.2 18.4 5.7 11.9.7 7.5 7.3 6.9Z",
    "square": "M2.5 2.5H17.5V17.5H2.5Z",
    "hexagon": "M5.4 2H14.6L19.2 10 14.6 18H5.4L.8 10Z",
}


@dataclass(frozen=True, slots=True)
class AttackTypeRow:
    """One attack type and everything geomap says about it.

    Attributes
    ----------
    name : str
        The type as records, files and the command line spell it (``"ballistic_missile"``).
    label : str
        What the map's legend, layers and popups call it (``"Ballistic missile"``).
    family : str
        ``"indirect_fire"`` for rocket, mortar and artillery; otherwise the name itself.
    sub_event_type : str
        ACLED's sub-event type for an attack of this type (an intercepted one is
        ``"Disrupted weapons use"`` whatever its type).
    severity : int
        Rank among weapons named together, 0 the most severe: a barrage of "ballistic
        missiles and rockets" is one incident typed by its most severe weapon.
    colour : str
        The map's colour, ``#rrggbb``; it holds 3:1 against the map's light land.
    shape : str
        The marker's shape, a key of :data:`SHAPES`.
    noun : str
        The weapon in running text (ACLED notes: "a rocket attack", "an IED attack"); empty
        when no weapon is known.
    terms : bool
        Whether :data:`geo.lexicon.WEAPON_TERMS` must hold words for it (a type only read
        from coded data, never found in text, may have none).
    """

    name: str
    label: str
    family: str
    sub_event_type: str
    severity: int
    colour: str
    shape: str
    noun: str
    terms: bool = True


_IF: Final = "indirect_fire"
_SHELLING: Final = "Shelling/artillery/missile attack"
_AIR: Final = "Air/drone strike"

#: The attack types of design.md, in the order legends list them.
ATTACK_TYPE_TABLE: Final[tuple[AttackTypeRow, ...]] = (
    # name, label, family, ACLED sub-event type, severity, colour, shape, noun
    AttackTypeRow("rocket", "Rocket", _IF, _SHELLING, 4, "#d62728", "triangle", "rocket"),
    AttackTypeRow("mortar", "Mortar", _IF, _SHELLING, 5, "#c05600", "triangle_down", "mortar"),
    AttackTypeRow("artillery", "Artillery", _IF, _SHELLING, 6, "#8c564b", "pentagon", "artillery"),
    AttackTypeRow(
        "ballistic_missile", "Ballistic missile", "ballistic_missile", _SHELLING, 0, "#9467bd",
        "diamond", "ballistic missile",
    ),
    AttackTypeRow(
        "cruise_missile", "Cruise missile", "cruise_missile", _SHELLING, 1, "#c1379b", "arrow",
        "cruise missile",
    ),
    AttackTypeRow("drone", "Drone", "drone", _AIR, 3, "#1f77b4", "cross", "drone"),
    AttackTypeRow("airstrike", "Airstrike", "airstrike", _AIR, 2, "#23852b", "star", "airstrike"),
    AttackTypeRow(
        "ied", "IED", "ied", "Remote explosive/landmine/IED", 7, "#525252", "square", "IED"
    ),
    AttackTypeRow(
        "small_arms", "Small arms", "small_arms", "Armed clash", 8, "#7a7a00", "hexagon",
        "small arms",
    ),
    AttackTypeRow("unknown", "Unknown", "unknown", _SHELLING, 9, "#00808c", "circle", ""),
)  # fmt: skip


def check_table(rows: Iterable[AttackTypeRow]) -> dict[str, AttackTypeRow]:
    """Check a table of attack types and return its rows by name.

    Parameters
    ----------
    rows : iterable of AttackTypeRow

    Returns
    -------
    dict
        Name -> row, in the table's order.

    Raises
    ------
    SchemaError
        Two rows share a name or a severity, a name is not lower-case ``a-z_``, a row has an
        empty label or sub-event type, a colour is not ``#rrggbb``, a shape is not one of
        :data:`SHAPES`, or a family is neither the row's name nor one another row names.
    """
    by_name: dict[str, AttackTypeRow] = {}
    for r in rows:
        if r.name in by_name:
            raise SchemaError(f"attack type table: {r.name!r} twice")
        if not r.name or r.name.strip("abcdefghijklmnopqrstuvwxyz_"):
            raise SchemaError(f"attack type table: bad name {r.name!r} (a-z and _ only)")
        if not r.label or not r.sub_event_type:
            raise SchemaError(f"attack type table: {r.name!r} needs a label and a sub-event type")
        if len(r.colour) != 7 or r.colour[0] != "#" or r.colour[1:].strip("0123456789abcdef"):
            raise SchemaError(f"attack type table: {r.name!r} colour {r.colour!r} is not #rrggbb")
        if r.shape not in SHAPES:
            raise SchemaError(f"attack type table: {r.name!r} shape {r.shape!r} not in SHAPES")
        by_name[r.name] = r
    severities = [r.severity for r in by_name.values()]
    if len(set(severities)) != len(severities):
        raise SchemaError("attack type table: two types share a severity")
    families = {r.family for r in by_name.values()}
    for r in by_name.values():
        shared = sum(1 for o in by_name.values() if o.family == r.family) > 1
        if r.family != r.name and (not shared or r.family in by_name):
            raise SchemaError(
                f"attack type table: {r.name!r} family {r.family!r} is neither its own name "
                f"nor a family of several types ({', '.join(sorted(families))})"
            )
    return by_name


def check_keys(mapping: Iterable[str], what: str, *, required: bool) -> None:
    """Check that a mapping keyed by attack type matches the table.

    Parameters
    ----------
    mapping : iterable of str
        The keys (a dict keyed by attack type).
    what : str
        Its name, for the message (``"geo.lexicon.WEAPON_TERMS"``).
    required : bool
        True when every row with ``terms`` set must have a key.

    Raises
    ------
    SchemaError
        A key is not an attack type of the table, or (``required``) a type lacks one.
    """
    keys = set(mapping)
    extra = sorted(keys - set(ROWS))
    if extra:
        raise SchemaError(f"{what}: {', '.join(extra)} not in the attack type table")
    missing = [r.name for r in ROWS.values() if required and r.terms and r.name not in keys]
    if missing:
        raise SchemaError(
            f"{what}: no entry for {', '.join(missing)} (or mark the row terms=False in "
            "geo/attack_types.py)"
        )


#: The table's rows by name (checked at import: a bad row fails there, not at run time).
ROWS: Final[dict[str, AttackTypeRow]] = check_table(ATTACK_TYPE_TABLE)
