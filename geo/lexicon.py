"""Cue lexicons for incident extraction: weapons, event verbs, claims, casualties, clutter.

Curated like the gazetteer: each pattern is a reviewed decision about news wording. Order
matters where noted (more specific patterns first). Everything is compiled once at import.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "CASUALTY_ZERO",
    "CLAIM",
    "CLUTTER",
    "EVENT",
    "GENERIC_ACTOR",
    "INTERCEPT",
    "NUMBER_WORDS",
    "SUSPECT",
    "US_ACTOR",
    "WEAPONS",
]

_I = re.IGNORECASE

#: (pattern, attack type). Searched together; an earlier, longer match wins.
WEAPONS: Final[tuple[tuple[str, str], ...]] = (
    (r"(?:close|short|medium)[- ]range\s+ballistic\s+missiles?|ballistic\s+missiles?|"
     r"\bCRBMs?\b|\bSRBMs?\b", "ballistic_missile"),
    (r"cruise\s+missiles?|land[- ]attack\s+missiles?", "cruise_missile"),
    (r"(?:AC-130[A-Z]?|F-1[56][A-Z]?|F/A-18|B-1B?|B-52|A-10|MQ-9|MQ-1)s?\b"
     r"(?:\s+(?:gunships?|bombers?|fighter\s+jets?|jets?|aircraft|Reapers?|drones?))?|"
     r"\bgunships?\b|\bwarplanes?\b|fighter\s+jets?|\bbombers?\b|\bair\s?strikes?\b|"
     r"\bair\s+raids?\b|precision\s+strikes?|retaliatory\s+strikes?|self-defen[cs]e\s+strikes?|"
     r"(?:US|U\.S\.|American|United\s+States)\s+(?:military\s+|forces?\s+|warplanes?\s+)?strikes?",
     "airstrike"),
    (r"(?:one[- ]way\s+(?:attack\s+)?|suicide\s+|kamikaze\s+|explosive[- ]laden\s+|"
     r"attack\s+|armed\s+|loitering\s+)?(?:drones?|UAVs?|unmanned\s+aerial\s+(?:vehicles?|systems?)|"
     r"\bUAS\b)", "drone"),
    (r"(?:Katyusha\s+|multi(?:ple)?[- ]?|\d+mm\s+|107mm\s+|122mm\s+|Grad\s+)?rockets?(?:\s+salvos?)?|"
     r"\bKatyushas?\b|multi-rocket", "rocket"),
    (r"multi[- ]?mortars?|mortars?(?:\s+(?:rounds?|shells?|bombs?))?", "mortar"),
    (r"\bartillery\b|\bshelling\b|\bshelled\b|\bhowitzers?\b", "artillery"),
    (r"\bIEDs?\b|improvised\s+explosive\s+devices?|roadside\s+bombs?|car\s+bombs?|"
     r"explosive\s+devices?|\blandmines?\b", "ied"),
    (r"small[- ]arms(?:\s+fire)?|\bgunfire\b|\bgunmen\b|machine[- ]guns?|\bsniper\b", "small_arms"),
    (r"\bmissiles?\b|\bprojectiles?\b", "unknown"),
)  # fmt: skip
WEAPON: Final = re.compile("|".join(f"(?P<w{i}>{p})" for i, (p, _) in enumerate(WEAPONS)), _I)
WEAPON_TYPES: Final = {f"w{i}": t for i, (_, t) in enumerate(WEAPONS)}

#: Words saying that something happened (needed when no weapon is named).
EVENT: Final = re.compile(
    r"\b(?:attack(?:ed|s|ing)?|assault(?:ed)?|struck|strikes?|hit|targeted|targeting|fired|launched|"
    r"landed|impacted|exploded|came\s+under|come\s+under|comes\s+under|coming\s+under|"
    r"shot\s+down|intercepted|downed|killed|wounded|injured|bombed|bombarded|raided|"
    r"salvos?|barrage)\b",
    _I,
)
#: Words before a cue that make it a threat, a plan, a hypothetical: not an event.
IRREALIS: Final = re.compile(
    r"\b(?:vow(?:s|ed|ing)?|threat(?:s|en|ens|ened|ening)?|ready\s+to|will|would|could|might|may|"
    r"plan(?:s|ned|ning)?\s+to|warn(?:s|ed|ing)?|prepar(?:e|es|ed|ing)\s+to|intend(?:s|ed)?\s+to|"
    r"seek(?:s|ing)?\s+to|tr(?:y|ies|ying)\s+to|if|unless|more|further|future|deter(?:s|red)?|"
    r"prevent(?:s|ed|ing)?|avoid(?:s|ed|ing)?|stop(?:ping)?|respond\s+to|retaliat(?:e|ion)\s+for)\b",
    _I,
)
#: A clause of background: the cue follows one of these words.
BACKGROUND: Final = re.compile(
    r"\b(?:since|ever\s+since|in\s+20[01]\d|in\s+2020|in\s+2021|in\s+2022)\b", _I
)
#: Strong clause boundaries: a cue does not reach a place across them.
BOUNDARY: Final = re.compile(
    r"\s+(?:after|before|since|while|because|although|though|amid|whereas|just\s+days\s+after|"
    r"days\s+after|weeks\s+after|in\s+response\s+to|in\s+retaliation\s+for)\s+|\s*[;–—]\s*|\s+-\s+",
    _I,
)
#: Words before a place that make it something other than where the attack happened.
NOT_TARGET_BEFORE: Final = re.compile(
    r"(?:\bfrom(?:\s+inside|\s+within)?|\b(?:government|prime\s+minister|president|minister|"
    r"parliament|people|state|ambassador|embassy|foreign\s+ministry|premier|leaders?|ministry)\s+of)"
    r"\s+(?:the\s+)?$",
    _I,
)
NOT_TARGET_AFTER: Final = re.compile(
    r"^[’']s?\s+(?:government|prime\s+minister|premier|president|parliament|foreign|officials?|"
    r"leaders?|sovereignty|ministry|security\s+forces|army|military)\b",
    _I,
)
#: A plural, generic target before a country ("bases in Iraq and Syria"): a trend, not an event.
GENERIC_TARGET_BEFORE: Final = re.compile(
    r"\b(?:bases|facilities|installations|positions|interests|sites|targets|troops|forces)\s+"
    r"(?:housing\s+\S+\s+\S+\s+)?(?:in|across|throughout|around)\s+(?:the\s+)?"
    r"(?:[\w-]+\s+(?:and|or)\s+)?$",
    _I,
)
TREND: Final = re.compile(
    r"\b(?:escalat\w*|increas\w*|resum\w*|continu\w*|surg\w*|spik\w*|ramp\w*|intensif\w*|"
    r"decreas\w*|declin\w*|drop\w*|paus\w*|lull|trend\w*|wave|campaign|series)\b",
    _I,
)

CLAIM: Final = re.compile(
    r"\b(?:claimed(?:\s+responsibility)?|claiming(?:\s+responsibility)?|took\s+responsibility|"
    r"said\s+(?:it|they)\s+(?:had\s+)?(?:carried\s+out|launched|targeted|attacked|struck)|"
    r"announced\s+(?:it|they)\s+(?:had\s+)?(?:carried\s+out|launched|targeted|attacked|struck))\b",
    _I,
)
CLAIM_NEGATED: Final = re.compile(
    r"\b(?:did\s+not|didn[’']t|has\s+not|have\s+not|hasn[’']t|haven[’']t|no\s+(?:group|one|"
    r"organi[sz]ation|faction)(?:\s+\w+)?|nobody|not\s+immediately|denied|without)\b[^.]{0,40}$",
    _I,
)
SUSPECT: Final = re.compile(
    r"\b(?:suspected|believed|blamed|blames|accused|attributed|likely|thought\s+to|presumed|"
    r"alleged(?:ly)?|reportedly)\b",
    _I,
)
US_ACTOR: Final = re.compile(
    r"\b(?:US|U\.S\.|United\s+States|American|Pentagon|CENTCOM|Central\s+Command|"
    r"Defen[cs]e\s+Department|Department\s+of\s+Defen[cs]e|Austin|Biden)\b"
)
GENERIC_ACTOR: Final = re.compile(
    r"\bIran(?:ian)?[- ](?:backed|aligned|linked|allied|supported|sponsored|affiliated)\s+"
    r"(?:Iraqi\s+|Shiite\s+|Shia\s+)?(?:militias?|militia\s+groups?|groups?|militants|fighters|"
    r"proxies|factions?|forces|armed\s+groups?)\b",
    _I,
)
INTERCEPT: Final = re.compile(
    r"\b(?:shot\s+down|intercepted|downed|destroyed\s+(?:in\s+(?:mid-?)?air|before)|"
    r"engaged\s+and\s+destroyed|air\s+defen[cs]es?\s+(?:engaged|downed|intercepted))\b",
    _I,
)

NUMBER_WORDS: Final[dict[str, int]] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "a dozen": 12, "dozen": 12, "single": 1, "several": 0, "dozens": 0,
}  # fmt: skip
_NUM: Final = (
    r"(?:\d{1,3}(?:,\d{3})+|\d{1,4}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|twenty|thirty|forty|fifty|a\s+dozen|several|dozens\s+of|more\s+than\s+\d+|"
    r"at\s+least\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten))"
)
_WHO: Final = (
    r"(?:(?:US|U\.S\.|American|coalition|Iraqi|Syrian|Kurdish|SDF|militia|Jordanian)\s+)?"
    r"(?:service\s?members?|soldiers?|troops?|personnel|people|militants?|fighters?|members?|"
    r"civilians?|reservists?|sailors?|airmen|marines?|contractors?|guards?|persons?|individuals?|"
    r"staff|others?|Americans?)"
)
KILLED: Final = re.compile(
    rf"\b(?P<n1>{_NUM})\s+(?:\w+\s+){{0,3}}?{_WHO}\s+(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+)?"
    rf"(?:killed|dead|died)\b|\b(?:killing|killed)\s+(?P<n2>{_NUM})\b(?!\s+(?:times|attacks))",
    _I,
)
INJURED: Final = re.compile(
    rf"\b(?P<n1>{_NUM})\s+(?:\w+\s+){{0,3}}?{_WHO}\s+(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+)?"
    rf"(?:\w+\s+)?(?:injured|wounded|hurt|evaluated|treated)\b"
    rf"|\b(?:injuring|wounding|injured|wounded)\s+(?P<n2>{_NUM})\b(?!\s+(?:times|attacks))"
    rf"|\b(?P<n3>{_NUM})\s+(?:\w+\s+){{0,3}}?{_WHO}\s+(?:suffered|sustained|received)\b",
    _I,
)
INJURY_VAGUE: Final = re.compile(
    r"\b(?:traumatic\s+brain\s+injur(?:y|ies)|minor\s+injur(?:y|ies)|were\s+(?:lightly\s+)?"
    r"(?:injured|wounded|hurt))\b",
    _I,
)
CASUALTY_ZERO: Final = re.compile(
    r"\b(?:no\s+(?:immediate\s+)?(?:reports?\s+of\s+)?(?:casualties|injuries|injured|deaths|fatalities|"
    r"one\s+was\s+(?:hurt|injured|killed|wounded))|without\s+(?:causing\s+)?(?:any\s+)?"
    r"(?:casualties|injuries)|(?:did\s+not|didn[’']t)\s+(?:cause|result\s+in)\s+(?:any\s+)?"
    r"(?:casualties|injuries|damage)|caused\s+no\s+(?:casualties|injuries)|no\s+(?:US\s+|U\.S\.\s+"
    r"|American\s+|coalition\s+)?(?:personnel|troops|service\s?members|soldiers|one)\s+"
    r"(?:were|was)\s+(?:hurt|injured|killed|wounded)|no\s+(?:one|personnel)\s+(?:was|were)\s+"
    r"(?:hurt|injured|harmed))",
    _I,
)

TALLY: Final = re.compile(
    r"(?P<qual>\bat\s+least|\bmore\s+than|\bover|\bnearly|\balmost|\babout|\bsome|\broughly|"
    r"\bapproximately|\bupwards\s+of)?\s*\b(?P<n>\d{1,3}(?:,\d{3})+|\d{1,4})\s+(?:separate\s+|different\s+|total\s+|"
    r"such\s+|known\s+)?(?:times|attacks|incidents|assaults)\b",
    _I,
)

#: Lines of page furniture: never evidence.
CLUTTER: Final = re.compile(
    r"^\s*(?:skip\s+to|subscribe|sign\s+up|log\s*in|sign\s+in|donate|read\s+more|related|"
    r"share\b|total\b|shares?\b|advertisement|jump\s+to|article\s+topic|menu\b|home\b|"
    r"follow\s+us|newsletter|comments?\b|be\s+part\s+of|please\s+keep|if\s+you\s+would\s+like|"
    r"click\s+here|©|\(c\)|copyright|all\s+rights\s+reserved|photo:|image:|credit:|"
    r"more\s+from|recommended|trending|most\s+read|watch:|listen:|getty\s+images)",
    _I,
)
CLUTTER_ANYWHERE: Final = re.compile(
    r"(?:all\s+rights\s+reserved|contributed\s+(?:to\s+this\s+)?report(?:ing)?|"
    r"community\s+guidelines|committed\s+to\s+providing\s+a\s+forum|share\s+a\s+story\s+idea|"
    r"™|cookies?\s+(?:policy|settings)|privacy\s+policy|terms\s+of\s+(?:use|service))",
    _I,
)
KIND_WORDS: Final = re.compile(
    r"\b(?:bases?|air\s?bases?|airbase|airfield|airport|garrison|site|outpost|facility|"
    r"facilities|field|camp|compound|landing\s+zone|LZ|MSS|embassy|consulate|complex|"
    r"installation|station|patrol\s+base)\b",
    _I,
)
