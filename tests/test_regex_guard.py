"""The first-character guard finds exactly what the plain pattern finds."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import geo
from geo._regex import compile_guarded, first_chars

DEVSET = Path(__file__).parent / "data" / "devset"


@pytest.mark.parametrize(
    ("pattern", "flags", "expected"),
    [
        (r"\b(?:fired|shelled)\b", 0, {"f", "s"}),
        (r"\b(?:fired|shelled)\b", re.I, {"f", "F", "s", "S"}),
        (r"(?:the\s+)?base", 0, {"t", "b"}),  # an optional part: what follows may start it
        (r"[0-9]+ rockets", 0, set("0123456789")),
        (r"(?i:drone)|Rocket", 0, {"d", "D", "R"}),  # flags scoped to a group
        (r"a{2,}", 0, {"a"}),
    ],
)
def test_first_chars_of_patterns_read_with_certainty(pattern, flags, expected):
    assert first_chars(pattern, flags) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        r"\w+ attack",  # a category: too many to list
        r"[^.]+",  # a negated set
        r"(?<!km )from",  # a lookbehind first
        r"(?:x)?",  # can match the empty string
        r"(?:|rockets)",  # an empty alternative
        r".rocket",  # any character first
    ],
)
def test_first_chars_unknown_gives_no_guard(pattern):
    assert first_chars(pattern) is None
    assert compile_guarded(pattern).pattern == pattern


def test_inline_global_flags_stay_first():
    p = compile_guarded(r"(?i)\bmortars?\b")
    assert p.pattern == r"(?i)\bmortars?\b"
    assert p.search("two MORTARS fell")


def test_guard_is_a_lookahead_of_the_first_characters():
    p = compile_guarded(r"\b(?:rockets?|mortars?)\b", re.I)
    assert p.pattern.startswith("(?=[MRmr])")
    assert [m.group() for m in p.finditer("Rockets and a mortar hit; armor did not")] == [
        "Rockets",
        "mortar",
    ]


def test_guard_respects_case_folding_of_special_letters():
    # under re.I, the Kelvin sign folds to k and the long s to s: the guard must agree
    plain = re.compile(r"\b(?:kataib|saraya)\b", re.I)
    guarded = compile_guarded(plain.pattern, re.I)
    for text in ("\u212aataib claimed it", "\u017faraya fired", "KATAIB and Saraya"):
        assert [m.span() for m in guarded.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]


def _project_patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for info in pkgutil.walk_packages(geo.__path__, "geo."):
        if info.name.endswith(("__main__", ".cli")):
            continue
        mod = importlib.import_module(info.name)
        for name, value in vars(mod).items():
            if isinstance(value, re.Pattern) and str(value.pattern).startswith("(?=["):
                out.append((f"{info.name}.{name}", value))
    return out


PATTERNS = _project_patterns()


def _unguarded(guarded: re.Pattern[str]) -> str:
    """The pattern as written, without its ``(?=[...])(?:...)`` wrapping."""
    return guarded.pattern[guarded.pattern.index("])(?:") + 5 : -1]


def test_the_extraction_patterns_are_guarded():
    names = {n for n, _ in PATTERNS}
    assert {"geo.lexicon.CLAIM", "geo.lexicon.NOT_TARGET_BEFORE", "geo.lexicon.HABITUAL"} <= names


@pytest.mark.parametrize(("name", "guarded"), PATTERNS, ids=[n for n, _ in PATTERNS])
def test_each_guarded_pattern_matches_like_the_plain_one_on_the_devset(name, guarded):
    plain = re.compile(_unguarded(guarded), guarded.flags)
    for path in sorted(DEVSET.iterdir()):
        text = path.read_text(encoding="utf-8")
        assert [m.span() for m in guarded.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ], (name, path.name)


_ALPHABET = st.sampled_from(list("aeiklmnorstdfhbc AEKRSTD0123456789-.,'\u212a\u017f\u0130"))


@settings(max_examples=300, deadline=None)
@given(text=st.text(_ALPHABET, max_size=60), pick=st.integers(min_value=0))
def test_guarded_equals_plain_on_any_text(text, pick):
    name, guarded = PATTERNS[pick % len(PATTERNS)]
    plain = re.compile(_unguarded(guarded), guarded.flags)
    assert [m.span() for m in guarded.finditer(text)] == [m.span() for m in plain.finditer(text)]
    for pos in range(0, len(text) + 1, 7):
        g, p = guarded.match(text, pos), plain.match(text, pos)
        assert (g and g.span()) == (p and p.span()), name
