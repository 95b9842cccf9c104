"""The named rules of extraction: what each keeps or drops, and at which stage.

Every decision ``geomap explain`` prints names one of these rules, and every rule here is
used by the reading (a test checks both ways). A rule is a pattern of news language, never
a phrase of one article; its ``summary`` says in a line what it decides, and the decision
itself carries the words of the sentence that triggered it.

docs/extraction-rules.md is :func:`rules_table`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["RULES", "STAGES", "Rule", "rules_table"]

#: The stages in reading order (:mod:`geo.extraction` describes each).
STAGES: Final = (
    "segmentation",
    "cues",
    "places",
    "dating",
    "report",
    "completion",
    "consolidation",
)


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule of reading.

    Attributes
    ----------
    code : str
        A short stable name, printed in brackets by ``geomap explain``.
    stage : str
        One of :data:`STAGES`.
    keeps : bool
        True for a rule that makes or completes a report, False for one that drops.
    summary : str
        What the rule decides, in one line an analyst reads.
    """

    code: str
    stage: str
    keeps: bool
    summary: str


def _rule(code: str, stage: str, keeps: bool, summary: str) -> Rule:
    rule = Rule(code, stage, keeps, summary)
    assert stage in STAGES, stage
    assert code not in RULES, code
    RULES[code] = rule
    return rule


#: Every rule by its code, in reading order.
RULES: Final[dict[str, Rule]] = {}

# --- segmentation
NO_CONTENT = _rule(
    "no-content", "segmentation", False, "a page of furniture only (menus, share buttons)"
)
QUESTION = _rule("question", "segmentation", False, "a question reports nothing")
# --- cues
NO_CUE = _rule("no-cue", "cues", False, "no attack or weapon word in the place's clause")
OWN_AIRCRAFT = _rule(
    "own-aircraft",
    "report",
    False,
    "a US drone in the air with no word of a strike is an aircraft, not an attack",
)
IRREALIS = _rule("irrealis", "cues", False, "a threat, a plan, a hypothesis ('vowed to strike')")
# --- places
OUT_OF_THEATRE = _rule("out-of-theatre", "places", False, "a place outside Iraq, Syria and Jordan")
LONGER_NAME = _rule("longer-name", "places", False, "part of a longer name of another place")
SHORT_NAME = _rule(
    "short-name", "places", False, "a short name with no kind word or earlier full mention"
)
DATELINE = _rule(
    "dateline", "places", False, "the city a story was filed from ('BAGHDAD (Reuters) -')"
)
NOT_TARGET = _rule(
    "not-target", "places", False, "a launch point, a government, a reference or a speaker"
)
COUNTRY_MODIFIER = _rule(
    "country-modifier", "places", False, "a country used as a modifier ('US officials')"
)
NEAR_COUNTRY = _rule(
    "near-country", "places", False, "'near Syria': a direction, not where it happened"
)
COUNTRY_NOT_LOCATIVE = _rule(
    "country-not-locative", "places", False, "a country that is not where ('Iraq said')"
)
COUNTRIES_LISTED = _rule(
    "countries-listed", "places", False, "'in Iraq and Syria': not known where"
)
CONTAINER = _rule("container", "places", False, "a place around another named in the sentence")
REFERENCE_TOWN = _rule(
    "reference-town", "places", False, "a town named as a reference point for a site"
)
NEAR_REFERENCE = _rule(
    "near-reference",
    "places",
    False,
    "what the attack's place is near ('a camp in X near the Y garrison'): a reference",
)
NO_PLACE = _rule("no-place", "places", False, "an attack word, but no place where it happened")
SUPERSEDED = _rule(
    "superseded", "places", False, "a first version the report corrects ('initially said')"
)
BACKGROUND = _rule("background", "places", False, "a place after a word of background ('since')")
MILITIA_VICTIMS = _rule(
    "militia-victims",
    "report",
    False,
    "an attack with no told weapon and no US part whose victims are militiamen",
)
OTHER_FORCE = _rule(
    "other-force", "places", False, "a base of another force (Peshmerga, Iraqi army, PMF)"
)
GENERIC = _rule(
    "generic", "places", False, "a trend or generic plural ('attacks on bases in Iraq')"
)
HABITUAL = _rule("habitual", "places", False, "habitual wording ('repeatedly', 'previous attacks')")
TALLY = _rule("tally", "places", False, "a count or summary of attacks, not one attack")
# --- dating
OLD_YEAR = _rule("old-year", "dating", False, "a year two or more before publication: history")
LOOK_BACK = _rule("look-back", "dating", False, "'the first ... since ...': a look back")
FUTURE = _rule("future", "dating", False, "dated after publication: a plan or a threat")
OLD_DATE = _rule("old-date", "dating", False, "dated long before publication: history")
# --- report
REPORT = _rule("report", "report", True, "an attack word and a place in one clause: a report")
SEPARATE_DAYS = _rule(
    "separate-days", "report", True, "'two separate attacks, one on ... the other on ...'"
)
DUAL_ATTACK = _rule(
    "dual-attack", "report", True, "'a dual rocket and drone attack': one per weapon"
)
# --- completion (a later sentence completes a report)
PLACE_LATER = _rule(
    "place-later", "completion", True, "an attack told without a place, placed later"
)
ACTOR_LATER = _rule(
    "actor-later", "completion", True, "who claimed or was blamed, told in a later sentence"
)
NO_CLAIM_LATER = _rule(
    "no-claim-later", "completion", True, "'no group has claimed it', told later"
)
US_STRIKE_LATER = _rule(
    "us-strike-later", "completion", True, "the US says it carried out the strike"
)
WEAPON_LATER = _rule("weapon-later", "completion", True, "the weapon, told in the next sentence")
DAY_LATER = _rule("day-later", "completion", True, "'the attack occurred on Wednesday'")
DATED_REFERENCE = _rule(
    "dated-reference",
    "completion",
    True,
    "'the February 3 strikes' dates the strikes just told without a day of their own",
)
REPLY_DAY = _rule(
    "reply-day",
    "completion",
    True,
    "'In response, ...' told without a day: after the attack just told, known to the week",
)
WITNESSED_DAY = _rule("witnessed-day", "completion", True, "what was heard there on a day dates it")
# --- consolidation (one article's reports become one per incident)
TOWN_BASE = _rule(
    "town-base", "consolidation", True, "'a base in' a town is the town's own base, if it has one"
)
STRIKE_ACTOR = _rule(
    "strike-actor",
    "consolidation",
    False,
    "a group named beside an air strike is its target, not the one who struck",
)
DEFENDER_ACTOR = _rule(
    "defender-actor",
    "consolidation",
    False,
    "the US or the coalition beside a rocket or drone attack is the side attacked",
)
OTHER_STATE = _rule(
    "other-state",
    "consolidation",
    False,
    "an attack by another state (Iran, Turkey, Israel...): not this campaign",
)
BEFORE_CAMPAIGN = _rule(
    "before-campaign",
    "consolidation",
    False,
    "an attack before the campaign began (17 October 2023): another campaign's",
)
LANDMARK = _rule(
    "landmark",
    "consolidation",
    True,
    "a back-reference to a landmark attack (gazetteer/events.csv) by country and toll, "
    "or with no place by its weapon and dead",
)
LANDMARK_AT_SITE = _rule(
    "landmark-at-site",
    "consolidation",
    True,
    "an attack at a landmark's site dated only vaguely ('earlier this month') is the landmark",
)
SAME_INCIDENT = _rule("same-incident", "consolidation", True, "the same attack told again")
TOLD_TOGETHER = _rule(
    "told-together",
    "consolidation",
    True,
    "places listed in one sentence share the day another sentence gives one of them",
)
SAME_ATTACK_NEARBY = _rule(
    "same-attack-nearby", "consolidation", True, "'the attack' told again at a site next to it"
)
YIELDS_TO_PRECISE = _rule(
    "yields-to-precise", "consolidation", False, "a vaguer place of an attack told more precisely"
)


def rules_table() -> str:
    """Return the rules as a Markdown table, in reading order (docs/extraction-rules.md).

    Returns
    -------
    str
        One row per rule: code, stage, whether it keeps or drops, and its summary.
    """
    rows = [
        "| rule | stage | decides | what it decides |",
        "|---|---|---|---|",
    ]
    for r in sorted(RULES.values(), key=lambda r: STAGES.index(r.stage)):
        rows.append(f"| `{r.code}` | {r.stage} | {'keeps' if r.keeps else 'drops'} | {r.summary} |")
    return "\n".join(rows) + "\n"
