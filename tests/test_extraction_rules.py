"""The named rules of extraction: each is used, each decision names one, the docs list them."""

import re
from pathlib import Path

from geo.explain import explain
from geo.extraction import rules as R
from geo.gazetteer import Gazetteer
from geo.models import Document

ROOT = Path(__file__).resolve().parents[1]


def test_every_registered_rule_is_used_by_the_reading() -> None:
    source = "".join(p.read_text() for p in (ROOT / "geo" / "extraction").glob("*.py"))
    used = set(re.findall(r"\bR\.([A-Z_]+)\b", source))
    named = {name for name, v in vars(R).items() if isinstance(v, R.Rule)}
    assert named == used
    assert {v.code for name, v in vars(R).items() if isinstance(v, R.Rule)} == set(R.RULES)


def test_the_docs_list_every_rule() -> None:
    page = (ROOT / "docs" / "extraction-rules.md").read_text()
    assert page.endswith(R.rules_table()), R.rules_table()


def test_each_decision_names_a_rule_that_keeps_or_drops_as_it_says(curated: Gazetteer) -> None:
    text = (
        "A drone struck Al-Asad Air Base on Tuesday, officials said.\n\n"
        "Militias vowed to attack Erbil air base next.\n\n"
        "Attacks on bases in Iraq have grown since October.\n"
    )
    doc = Document(name="t.txt", text=text, published=None)
    expl = explain(doc, curated)
    decisions = [d for s in expl.sentences for d in s.decisions]
    codes = {d.rule for d in decisions}
    assert {"report", "irrealis", "generic"} <= codes
    for d in decisions:
        assert d.kept == R.RULES[d.rule].keeps


def test_explain_json_gives_each_decision_its_stage(curated: Gazetteer) -> None:
    doc = Document(name="t.txt", text="Militias vowed to attack Erbil air base.\n", published=None)
    (sentence,) = explain(doc, curated).to_dict()["sentences"]
    (d,) = sentence["decisions"]
    assert (d["rule"], d["stage"], d["kept"]) == ("irrealis", "cues", False)
    assert d["rule_summary"] == R.IRREALIS.summary
