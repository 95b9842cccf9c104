"""Every reader fuzzed (Hypothesis, bounded examples): a bad input is warned about or refused
in one line, never an exception of another kind.

Article readers must turn anything into documents or warnings (``read_file_safely`` never
raises on a file given among others); incident readers either read a file or raise
:class:`~geo.errors.InputError`, and what they read can always be written back in every
format.
"""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.dates import find_dateline, find_dates, parse_date_value
from geo.documents import decode_bytes, read_file_safely
from geo.errors import InputError
from geo.export import csv_safe, csv_unsafe, read_incidents, write_incidents
from geo.models import Document

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = [".txt", ".md", ".html", ".json", ".jsonl"]

# JSON values, with the awkward ones: NaN, huge and negative numbers, lone surrogates, NUL,
# line separators, nesting.
_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["\ud800", "a\x00b", "\u2028", "0001-01-01", "9999-12-31", "=1+1"]),
)
json_values = st.recursive(
    _scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_keys = st.sampled_from(["text", "title", "url", "source", "outlet", "published", "x"])
records = st.dictionaries(_keys, json_values, max_size=6)


def _check_documents(docs: list[Document]) -> None:
    for doc in docs:
        assert isinstance(doc, Document)
        for value in (doc.name, doc.text, doc.title, doc.url, doc.outlet, doc.path):
            if value is not None:
                assert isinstance(value, str)
                value.encode("utf-8")  # writable: no lone surrogate
                assert "\x00" not in value


def _read(data: bytes, suffix: str) -> list[Document]:
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / f"fuzz{suffix}"
        f.write_bytes(data)
        return list(read_file_safely(f, published=None, strict=False))


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from(SUFFIXES))
def test_any_bytes_in_any_article_file_never_raise(data: bytes, suffix: str) -> None:
    _check_documents(_read(data, suffix))


@FUZZ
@given(st.lists(records, max_size=4), st.booleans(), st.booleans())
def test_json_and_jsonl_records_of_any_shape_never_raise(
    recs: list[Any], as_lines: bool, ascii_only: bool
) -> None:
    if as_lines:
        data = "\n".join(json.dumps(r, ensure_ascii=ascii_only) for r in recs)
        suffix = ".jsonl"
    else:
        data = json.dumps(recs if len(recs) != 1 else recs[0], ensure_ascii=ascii_only)
        suffix = ".json"
    _check_documents(_read(data.encode("utf-8", "surrogatepass"), suffix))


_yaml_values = st.one_of(
    st.sampled_from(
        ["[a, b]", "{k: v}", "0001-01-01", "2023-12-08 10:00:00+05:00", "&a [1]", "*a",
         "!!python/object:os.system ls", "'quoted'", "|\n  block", "9" * 5000, "~", "yes",
         "[" * 200 + "]" * 200, ""]
    ),
    st.text(max_size=30),
)  # fmt: skip


@FUZZ
@given(st.dictionaries(_keys, _yaml_values, max_size=5), st.text(max_size=200))
def test_front_matter_of_any_content_never_raises(meta: dict[str, str], body: str) -> None:
    lines = "\n".join(f"{k}: {v}" for k, v in meta.items())
    text = f"---\n{lines}\n---\n{body}"
    _check_documents(_read(text.encode("utf-8", "surrogatepass"), ".md"))


@FUZZ
@given(st.binary(max_size=3000), st.booleans())
def test_decode_bytes_never_raises(data: bytes, html: bool) -> None:
    text = decode_bytes(data, html=html)
    assert text is None or isinstance(text, str)


_days = st.one_of(
    st.none(),
    st.dates(),
    st.sampled_from([date.min, date.max, date(1, 1, 7), date(9999, 12, 25)]),
)
_date_words = st.sampled_from(
    ["on Friday", "last week", "99999 days ago", "Dec. 31", "mid-January", "last month",
     "in December", "yesterday", "Christmas", "the eve of 2024", "2023-02-30", "Feb 30, 2024",
     "this week", "earlier this month", "١٢ days ago", "since Monday"]
)  # fmt: skip


@FUZZ
@given(st.lists(st.one_of(_date_words, st.text(max_size=12)), max_size=8), _days)
def test_date_phrases_never_raise(words: list[str], published: date | None) -> None:
    text = " ".join(words)
    for m in find_dates(text, published):
        assert m.value is None or isinstance(m.value, date)
    find_dateline(text)
    assert parse_date_value(text) is None or isinstance(parse_date_value(text), date)


@FUZZ
@given(json_values)
def test_parse_date_value_of_any_value_never_raises(value: Any) -> None:
    got = parse_date_value(value)
    assert got is None or isinstance(got, date)


@FUZZ
@given(st.text(max_size=40))
def test_csv_unsafe_undoes_csv_safe(cell: str) -> None:
    assert csv_unsafe(csv_safe(cell)) == cell


# --------------------------------------------------------------------------- incident files


def _good_export() -> dict[str, Any]:
    from geo.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        (d / "a.md").write_text(
            "---\npublished: 2023-12-08\n---\n"
            "Rockets struck the US Embassy in Baghdad on Friday, officials said.\n",
            encoding="utf-8",
        )
        assert main(["-q", "extract", str(d / "a.md"), "-o", str(d / "a.geojson")]) == 0
        return json.loads((d / "a.geojson").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


GOOD = _good_export()
_FEATURE = GOOD["features"][0]
_PATHS = (
    [("properties", k) for k in _FEATURE["properties"]]
    + [("source", k) for k in _FEATURE["properties"]["sources"][0]]
    + [("place", k) for k in _FEATURE["properties"]["sources"][0]["place"]]
    + [("geometry", "coordinates"), ("geometry", "type"), ("feature", "type")]
)


def _container(feat: dict[str, Any], where: str) -> Any:
    """The dict a change goes into; something else when an earlier change replaced it."""
    if where == "feature":
        return feat
    if where in ("properties", "geometry"):
        return feat.get(where)
    sources = feat["properties"].get("sources") if isinstance(feat["properties"], dict) else None
    src = sources[0] if isinstance(sources, list) and sources else None
    if where == "source" or not isinstance(src, dict):
        return src
    return src.get("place")


def _spoiled(changes: list[tuple[tuple[str, str], Any]]) -> dict[str, Any]:
    data = json.loads(json.dumps(GOOD))
    feat = data["features"][0]
    for (where, key), value in changes:
        target = _container(feat, where)
        if isinstance(target, dict):
            target[key] = value
    return data


def _read_and_write_back(f: Path, out: Path) -> None:
    try:
        incidents, tallies = read_incidents(f)
    except InputError:
        return  # refused in one line: the expected way to fail
    from geo.export import tallies_from_dicts

    try:
        kept = tallies_from_dicts(tallies)
    except InputError:
        return
    for name in ("o.geojson", "o.csv", "o.jsonl", "o.gpkg"):
        written = write_incidents(incidents, out / name, tallies=kept, force=True)
        text = written.read_bytes()
        assert b"NaN" not in text and b"Infinity" not in text
        again, _ = read_incidents(written)
        assert [i.to_record() for i in again] == [i.to_record() for i in incidents]


@FUZZ
@given(
    st.lists(st.tuples(st.sampled_from(_PATHS), json_values), min_size=1, max_size=3),
    st.booleans(),
)
def test_incident_geojson_with_any_field_values_is_read_or_refused(
    changes: list[tuple[tuple[str, str], Any]], ascii_only: bool
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        f = d / "in.geojson"
        # ASCII: lone surrogates as \ud800 escapes; else as raw (invalid UTF-8) bytes.
        text = json.dumps(_spoiled(changes), ensure_ascii=ascii_only)
        f.write_bytes(text.encode("utf-8", "surrogatepass"))
        _read_and_write_back(f, d)


@FUZZ
@given(
    st.lists(st.tuples(st.sampled_from(_PATHS), json_values), min_size=1, max_size=3),
    st.sampled_from([".csv", ".jsonl"]),
)
def test_incident_csv_and_jsonl_with_any_field_values_are_read_or_refused(
    changes: list[tuple[tuple[str, str], Any]], suffix: str
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        good = d / "good.geojson"
        good.write_text(json.dumps(GOOD), encoding="utf-8")
        (inc,), _ = read_incidents(good)
        write_incidents([inc], d / f"base{suffix}")
        base = (d / f"base{suffix}").read_text(encoding="utf-8")
        # Put each bad value, as JSON text, where the first field of its name appears.
        for (_, key), value in changes:
            try:
                shown = json.dumps(value, ensure_ascii=False)
            except ValueError:
                continue
            if suffix == ".jsonl":
                base = base.replace(f'"{key}": ', f'"{key}": {shown}, "_{key}": ', 1)
            else:
                base = base.replace(",", "," + shown.replace(",", ";") + ",", 1)
        f = d / f"in{suffix}"
        f.write_bytes(base.encode("utf-8", "surrogatepass"))
        _read_and_write_back(f, d)


@FUZZ
@given(st.binary(max_size=2000), st.sampled_from([".geojson", ".json", ".csv", ".jsonl", ".gpkg"]))
def test_any_bytes_as_an_incident_file_are_read_or_refused(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        f = d / f"in{suffix}"
        f.write_bytes(data)
        _read_and_write_back(f, d)
