"""CSV cells a spreadsheet would run as formulas, hidden behind spaces or semicolons.

A spreadsheet may skip leading spaces (a no-break space too) before ``=``, and one that
splits at semicolons (the default in many locales) sees ``ok;=1+1`` as two cells, the
second a formula. Every such start is neutralised, and geomap reads its CSV back unchanged.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.cli import main
from geo.export import csv_safe, csv_unsafe, read_incidents

ARTICLE = (
    "---\npublished: 2023-12-08\n---\n"
    "Rockets struck the US Embassy in Baghdad on Friday, officials said.\n"
)
PAYLOADS = [
    " =1+1",
    '\u00a0=HYPERLINK("http://x.example")',
    "\u2003+1",
    "\u200b@SUM(A1)",
    " \t-2",
    "ok;=1+1",
    "ok; =cmd|' /C calc'!A0",
    "a;b;\u00a0@x",
    ";-1",
    "'already quoted;'twice",
]
# After csv_safe, a part that starts (after spaces) with a formula character must start
# with the apostrophe that neutralises it.
_PART_START = re.compile(r"(?:^|(?<=;))(?:[^\S\t\r]|[\u200b-\u200d\u2060\ufeff])*[=+\-@\t\r]")


def _dangerous(cell: str) -> bool:
    return bool(_PART_START.search(cell))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_safe_neutralises_every_part_and_is_reversible(payload: str) -> None:
    assert _dangerous(payload) or payload.startswith("'")
    safe = csv_safe(payload)
    assert not _dangerous(safe)
    assert csv_unsafe(safe) == payload


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("=+-@'\t\r ;a\u00a0\u200b1")), max_size=12))
def test_csv_safe_round_trips_and_leaves_no_formula(cell: str) -> None:
    safe = csv_safe(cell)
    assert csv_unsafe(safe) == cell
    assert not _dangerous(safe)


def _export(tmp_path: Path) -> dict[str, Any]:
    (tmp_path / "a.md").write_text(ARTICLE, encoding="utf-8")
    assert main(["-q", "extract", str(tmp_path / "a.md"), "-o", str(tmp_path / "a.geojson")]) == 0
    return json.loads((tmp_path / "a.geojson").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_csv_from_geojson_input_never_carries_a_formula(tmp_path: Path) -> None:
    data = _export(tmp_path)
    features = []
    for i, payload in enumerate(PAYLOADS):
        feat = json.loads(json.dumps(data["features"][0]))
        props = feat["properties"]
        props["event_id"] = f"acled-X{i}"  # coded events are kept as they are
        for field in ("target", "actor1", "notes", "location", "sub_event_type"):
            props[field] = payload
        props["sources"][0]["title"] = payload
        props["sources"][0]["outlet"] = payload
        features.append(feat)
    src = tmp_path / "hostile.geojson"
    src.write_text(json.dumps({**data, "features": features}), encoding="utf-8")
    out = tmp_path / "out.csv"
    assert main(["-q", "extract", str(src), "-o", str(out)]) == 0

    text = out.read_text(encoding="utf-8")
    cells = [c for row in csv.reader(text.splitlines()) for c in row]
    assert not [c for c in cells if _dangerous(c)]
    # Split at semicolons as a European spreadsheet would: still no part is a formula.
    parts = [p for line in text.splitlines() for p in line.split(";")]
    assert not [p for p in parts if _dangerous(p.lstrip('"'))]

    back, _ = read_incidents(out)
    assert sorted((i.target or "") for i in back) == sorted(PAYLOADS)
    by_id = {i.event_id: i for i in back}
    for i, payload in enumerate(PAYLOADS):
        inc = by_id[f"acled-X{i}"]
        assert (inc.target, inc.actor1, inc.notes, inc.place.name) == (payload,) * 4
        assert inc.sources[0].title == payload and inc.sources[0].outlet == payload
