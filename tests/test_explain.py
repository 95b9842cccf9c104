"""``geomap explain``: what each attack sentence yielded and which rule kept or dropped it.

The article below is written for these tests (facts of the 2023-24 campaign, our words).
"""

import json
from datetime import date
from pathlib import Path

import pytest

from geo.cli import main
from geo.explain import explain, format_explanation, safe_text
from geo.gazetteer import Gazetteer
from geo.models import Document

PUB = date(2023, 12, 8)  # a Friday

ARTICLE = (
    "Two rockets struck Al-Asad Air Base on Friday, officials said.\n\n"
    "The militia vowed it would attack Erbil Air Base next.\n\n"
    "Rockets were launched from Iraq toward Tower 22 on Friday, the Pentagon said.\n\n"
    "The weather in Baghdad was mild this week, residents said.\n"
)


def _doc(text: str = ARTICLE) -> Document:
    return Document(name="wire.md", text=text, published=PUB)


def test_each_attack_sentence_says_what_became_of_it(tiny_gaz: Gazetteer) -> None:
    expl = explain(_doc(), tiny_gaz)
    by_index = {s.index: s for s in expl.sentences}
    # The weather sentence has no attack word: not shown.
    assert sorted(by_index) == [0, 1, 2]
    first = by_index[0]
    assert first.cues == (("rockets", "rocket"), ("struck", "unknown"))
    assert first.places == (("Asad Air Base", "iq.anbar.al-asad"),)  # the match starts after "Al-"
    assert [(d.rule, d.kept) for d in first.decisions] == [("report", True)]
    threat = by_index[1]
    assert [(d.rule, d.kept) for d in threat.decisions] == [("irrealis", False)]
    launch = {d.subject: d.rule for d in by_index[2].decisions}
    assert launch["'Iraq' (iq)"] == "not-target"  # "launched from Iraq"
    assert any(d.rule == "report" and "jo.tower-22" in d.subject for d in by_index[2].decisions)
    # The reports are exactly extraction's.
    assert sorted(r.place.place_id for r in expl.reports) == ["iq.anbar.al-asad", "jo.tower-22"]


def test_text_output_reads_as_sentences_and_reports(tiny_gaz: Gazetteer) -> None:
    out = format_explanation(explain(_doc(), tiny_gaz))
    assert out.splitlines()[0] == "wire.md: published 2023-12-08; 2 report(s), 0 tall(y/ies)"
    assert "[2] The militia vowed it would attack Erbil Air Base next." in out
    assert "dropped 'Erbil Air Base' (iq.erbil.air-base): 'attack' is a threat" in out
    assert "reports:" in out and "rocket at Al-Asad Airbase [iq.anbar.al-asad]" in out


def test_an_article_without_incidents_says_so(tiny_gaz: Gazetteer) -> None:
    out = format_explanation(
        explain(_doc("The weather in Baghdad was mild this week.\n"), tiny_gaz)
    )
    assert "no sentence has an attack or weapon word" in out
    assert "reports: none" in out


def test_terminal_escapes_in_article_text_are_shown_not_sent(tiny_gaz: Gazetteer) -> None:
    text = (
        "Rockets struck Al-Asad Air Base on Friday \x1b[2J\x1b]0;owned\x07 officials said \u202e.\n"
    )
    out = format_explanation(explain(_doc(text), tiny_gaz))
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "\\x1b[2J" in out and "\\u202e" in out
    assert (
        safe_text("Arbil \u0623\u0631\u0628\u064a\u0644") == "Arbil \u0623\u0631\u0628\u064a\u0644"
    )


@pytest.fixture(autouse=True)
def _tiny_gazetteer(monkeypatch: pytest.MonkeyPatch, tiny_gaz_dir: Path) -> None:
    monkeypatch.setenv("GEOMAP_GAZETTEER", str(tiny_gaz_dir))


def test_cli_explain_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "wire.md"
    f.write_text("---\npublished: 2023-12-08\n---\n" + ARTICLE, encoding="utf-8")
    assert main(["explain", str(f)]) == 0
    out = capsys.readouterr().out
    assert "[irrealis]" in out and "[not-target]" in out
    assert main(["explain", str(f), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"] == "wire.md" and data["published"] == "2023-12-08"
    assert {r["place_id"] for r in data["reports"]} == {"iq.anbar.al-asad", "jo.tower-22"}
    rules = [d["rule"] for s in data["sentences"] for d in s["decisions"]]
    assert "irrealis" in rules


def test_cli_explain_bad_inputs_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["explain", str(tmp_path / "missing.md")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"geomap: error: no such file: {tmp_path / 'missing.md'}"]
    assert main(["explain", str(tmp_path)]) == 2
    assert "reads one file, not a directory" in capsys.readouterr().err
