"""Cue lexicons for incident extraction: weapons, event verbs, claims, casualties, clutter.

Curated like the gazetteer: each pattern is a reviewed decision about news wording. Order
matters where noted (more specific patterns first). Everything is compiled once at import.
"""

from __future__ import annotations

import re
from typing import Final

from geo._regex import compile_guarded
from geo.attack_types import ROWS, check_keys

__all__ = [
    "CASUALTY_ZERO",
    "CLAIM",
    "CLUTTER",
    "EVENT_TERMS",
    "GENERIC_ACTOR",
    "INTERCEPT",
    "NUMBER_WORDS",
    "RECENT_AFTER",
    "SUSPECT",
    "US_ACTOR",
    "WEAPON_TERMS",
]

_I = re.IGNORECASE

#: Weapon words and the attack type they mean. Matched on normalised tokens (so "multi-rocket",
#: "AC-130" and "U.S. strikes" need no variants); the longest match wins ("US drone strike"
#: is an airstrike, "drone" alone a drone). A plural is added for each term.
WEAPON_TERMS: Final[dict[str, tuple[str, ...]]] = {
    "ballistic_missile": (
        "ballistic missile", "close range ballistic missile", "short range ballistic missile",
        "medium range ballistic missile", "CRBM", "SRBM",
    ),
    "cruise_missile": ("cruise missile", "land attack cruise missile"),
    "airstrike": (
        "airstrike", "air strike", "air raid", "air assault", "aerial assault", "warplane", "fighter jet", "fighter aircraft",
        "bomber", "gunship", "AC-130", "AC-130J", "AC-130 gunship", "AC-130J gunship", "F-15",
        "F-15E", "F-16", "F/A-18", "B-1", "B-1B", "B-1 bomber", "B-1B bomber", "B-52", "A-10",
        "precision strike", "retaliatory strike", "aircraft", "US aircraft", "American aircraft",
        "self-defense strike", "self-defence strike", "US strike", "U.S. military strike",
        "US military strike", "American strike", "United States strike", "US airstrike",
        "US air strike", "strike aircraft", "US drone strike", "American drone strike",
        "U.S. drone strike", "US drone strikes", "US UAV strike",
    ),
    "drone": (
        "drone", "one-way drone", "one-way attack drone", "OWA drone", "OWA UAV",
        "attack drone", "suicide drone", "kamikaze drone", "explosive-laden drone",
        "explosives-laden drone", "bomb-laden drone", "armed drone", "loitering munition",
        "UAV", "one-way UAV", "unmanned aerial vehicle", "unmanned aerial system", "UAS",
        "drone attack", "drone strike", "MQ-9", "MQ-9 Reaper", "Reaper drone",
        "robotic aircraft", "kamikaze aircraft", "drone squadron", "squadron of drones",
    ),
    "rocket": (
        "rocket", "Katyusha", "Katyusha rocket", "multi-rocket", "multiple rocket",
        "rocket salvo", "rocket fire", "107mm rocket", "122mm rocket", "Grad rocket",
        "rocket attack",
    ),
    "mortar": (
        "mortar", "mortar round", "mortar shell", "mortar bomb", "mortar fire", "multi-mortar",
        "mortar attack",
    ),
    "artillery": ("artillery", "artillery shell", "artillery fire", "shelling", "shelled", "howitzer"),
    "ied": (
        "IED", "improvised explosive device", "roadside bomb", "car bomb", "explosive device",
        "landmine", "land mine", "sticky bomb",
    ),
    "small_arms": ("small arms", "small-arms fire", "small arms fire", "gunfire", "gunmen", "machine gun", "sniper"),
    "unknown": ("missile", "projectile"),
}  # fmt: skip
check_keys(WEAPON_TERMS, "geo.lexicon.WEAPON_TERMS", required=True)
#: Words saying that something happened (needed when no weapon is named).
EVENT_TERMS: Final[tuple[str, ...]] = (
    "attack", "attacks", "attacked", "attacking", "assault", "assaulted", "struck", "strike",
    "strikes", "hit", "hits", "targeted", "targeting", "fired", "launched", "landed",
    "impacted", "exploded", "came under", "come under", "comes under", "coming under",
    "shot down", "intercepted", "downed", "killed", "wounded", "injured", "bombed",
    "bombarded", "raided", "salvo", "salvos", "barrage", "main target", "primary target",
    "intended target",
    # an explosion told at a place ("an explosion at a coalition base at Baghdad airport")
    "explosion at", "explosions at", "blast at", "blasts at", "explosion hit", "explosions hit",
    "explosion rocked", "explosions rocked", "blast rocked", "explosion struck",
)  # fmt: skip
#: Words before a cue that make it a threat, a plan, a hypothetical: not an event.
IRREALIS: Final = compile_guarded(
    # the modal "may", not the month ("the May 5 drone strike")
    # "may have been struck by ballistic missiles": it happened, its weapon hedged
    r"\b(?:vow(?:s|ed|ing)?|threat(?:s|en|ens|ened|ening)?|ready\s+to|will|would|"
    r"(?:could|might|(?-i:may))(?!\s+(?:well\s+|also\s+)?have\b)|"
    r"promis(?:e|es|ed|ing)|pledg(?:e|es|ed|ing)|"
    r"plan(?:s|ned|ning)?\s+to|warn(?:s|ed|ing)?|prepar(?:e|es|ed|ing)\s+to|intend(?:s|ed)?\s+to|"
    r"seek(?:s|ing)?\s+to|tr(?:y|ies|ying)\s+to|about\s+to|if|unless|"
    # "combatants attempting to launch drones" (the men a strike hit), but not "the drones
    # were intercepted while attempting to strike" (an attack that failed)
    r"(?:militants|fighters|combatants|individuals|men|members|cell|team)\s+(?:who\s+were\s+)?"
    r"attempting\s+to|"
    # "more attacks" to come, not "more than a dozen projectiles were fired"
    r"more(?!\s+than)|further|future|deter(?:s|red)?|"
    # "Baghdad rejects any attack on Iraqi territory": no attack in particular
    r"any(?=\s*$)|"
    r"prevent(?:s|ed|ing)?|avoid(?:s|ed|ing)?|stop(?:ping)?)\b",
    _I,
)
#: A version of events the report then corrects ("Amman initially said the attack was in
#: Syria", "first reports placed it at the airport"): not where the attack happened.
SUPERSEDED: Final = compile_guarded(
    # not "Reuters first reported that ...": the outlet that had the story first
    r"\b(?:initially|originally|at\s+first|first)\s+(?:said|reported|claimed|stated|announced|"
    r"placed|blamed)\b(?<!first reported)(?<!first reported that)|\b(?:initial|first|early|earlier)\s+reports\s+(?:said|placed|put|suggested)\b",
    _I,
)
#: A clause of background: the cue follows one of these words.
BACKGROUND: Final = compile_guarded(
    r"\b(?:since|ever\s+since|anniversary|"
    r"in\s+past\s+years|in\s+previous\s+years|years\s+ago|last\s+year|in\s+the\s+past|"
    r"history|historically|(?:previous|prior|earlier|past)\s+(?:attacks|strikes|incidents))\b",
    _I,
)
#: A summary of events told before ("In total, seven facilities were struck").
SUMMARY: Final = compile_guarded(r"\b(?:in\s+total|in\s+all|altogether|overall|all\s+told)\b", _I)
#: Days relative to the narrative ("the same day", "the next day", "ten days after a ...").
SAME_DAY: Final = compile_guarded(
    r"\b(?:(?:that|the)\s+same\s+day|that\s+day|hours\s+later|later\s+that\s+day|"
    r"later\s+the\s+same\s+day|(?P<next>the\s+next\s+day|the\s+following\s+day|a\s+day\s+later)|"
    r"(?P<prev>the\s+day\s+before|the\s+previous\s+day|a\s+day\s+earlier))\b",
    _I,
)
DAYS_AFTER: Final = compile_guarded(
    r"\b(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen)\s+"
    r"(?P<unit>days?|weeks?)\s+after\s+(?:a|an|the)\b",
    _I,
)
#: "Three days earlier, rockets had hit ...", "a week before,": that far before the last date.
DAYS_EARLIER: Final = compile_guarded(
    r"\b(?P<n>\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen)\s+"
    r"(?P<unit>days?|weeks?)\s+(?:earlier|before(?=\s*[,;.]))",
    _I,
)
#: A bare year ("the 2020 US strike"); two or more years before publication means background.
YEAR: Final = compile_guarded(r"\b(?:19|20)\d\d\b")
#: Habitual or repeated events ("has been targeted several times"): not one incident.
HABITUAL: Final = compile_guarded(
    r"\b(?:several|many|multiple|numerous|dozens\s+of|countless)\s+times|\brepeatedly\b|"
    # "have previously faced multiple drone attacks": many attacks of the past
    r"\b(?:has|have|had)\s+(?:previously|already|long|also)\s+(?:been\s+)?\w+\s+"
    r"(?:multiple|many|numerous|several|dozens\s+of|repeated|frequent)\b|"
    r"\bregularly\b|\bfrequently\b|\boften\b|\bevery\s+(?:few\s+)?(?:days?|weeks?)\b|"
    r"\beach\s+time\b|\bin\s+past\s+years\b|\byears?\s+ago\b|"
    # "near-daily attacks", "day-to-day assaults" (not "Daily Sabah reported")
    r"\b(?:near|nearly|almost)[- ]daily\b|\bday-to-day\b|\bdaily\s+(?:attacks|strikes|assaults)\b|"
    # "has responded over the last month with airstrikes": a span of many, not one (but "the
    # latest in a series of attacks over the last months" is one attack of the series)
    r"\b(?:has|have)\s+(?:been\s+)?\w+\s+(?:[\w-]+\s+){0,8}?over\s+the\s+(?:last|past)\s+"
    r"(?:few\s+|several\s+|two\s+|three\s+)?(?:weeks?|months?|years?)\b|"
    r"\b(?:continuous|constant|ongoing|persistent)\b|"
    # "have mostly targeted bases", "mainly with drones": a pattern over attacks; but
    # "an alliance of mainly Iran-backed militias" describes a group, not the attacks
    r"\b(?:mainly|mostly|largely|primarily|chiefly)\s+(?:at|against|on|in|with|from|"
    r"using|via|near|around|through|targets?|hits?|uses?|\w+ed|\w+ing)\b|"
    r"\b(?:few|fewer|no|most|many)\s+(?:\w+\s+)?attacks\b|"
    r"\b(?:frequent|regular|repeated|constant|common|favou?rite|recurring)\s+target\b|"
    # "militias have been attacking US interests": an ongoing campaign, not one attack
    r"\b(?:have|has|had)\s+been\s+(?:attacking|targeting|striking|shelling|firing|launching|"
    r"hitting|bombing)\b",
    _I,
)
#: Strong clause boundaries: a cue does not reach a place across them.
BOUNDARY: Final = compile_guarded(
    # not "shot down before reaching its target at X": the same attack, and its target
    r"\s+(?:(?:after|before)(?!\s+(?:midnight|dawn|daybreak|noon|sunrise|sunset|dusk|\d|"
    r"(?:it\s+)?(?:reach(?:ing|ed)|hitting|hit|striking|struck|impact(?:ing|ed))\b))|"
    r"since|while(?!\s+\w+ing\b)|because|although|though|amid|whereas|just\s+days\s+after|"
    r"days\s+after|weeks\s+after|(?:in|as\s+a)\s+(?:response|reaction|reply)\s+to|"
    r"in\s+retaliation\s+for|followed|answered|"
    r"avenged|responded\s+to|blamed\s+for|responsible\s+for|accused\s+of|"
    r"behind(?=\s+(?:a|an|the|several|many|dozens|scores)\b))\s+|\s*;\s*|"
    # a dash, but not one that opens a name: "an outpost — known as Tower 22 —"
    r"\s*[–—](?!\s*(?:known\s+as|also\s+known|called|named|dubbed|nicknamed)\b)\s*|\s+-\s+",
    _I,
)
#: A day just past told right after an attack word: "since the US launched strikes overnight
#: in Iraq and Syria" tells the strikes of last night, not the campaign's history.
RECENT_AFTER: Final = compile_guarded(
    r"\s+(?:[\w-]+\s+){0,3}?(?:overnight|last\s+night|yesterday|today|this\s+morning|"
    r"on\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:late|early)\s+(?:Mon|Tues|Wednes|Thurs|"
    r"Fri|Satur|Sun)day)\b"
)
#: Words before a place that make it something other than where the attack happened.
NOT_TARGET_BEFORE: Final = compile_guarded(
    # "launched from Iraq": a launch point; but "a few kilometres from the base": near it
    r"(?:"
    # "the commander in charge of Kataib Hezbollah's operations in Syria": a role
    r"(?:[’']s|\bits|\btheir|\bhis)\s+(?:\w+\s+)?operations\s+(?:in|inside|across)|"
    r"\bfrom(?<!km from)(?<!kilometres from)(?<!kilometers from)(?<!miles from)"
    r"(?<!metres from)(?<!meters from)(?:\s+inside|\s+within)?|\b(?:government|prime\s+minister|president|minister|"
    r"parliament|people|state|ambassador|embassy|foreign\s+ministry|premier|leaders?|ministry)\s+of|"
    r"\b(?:operating|based|active|present|stationed|stationing|deployed|headquartered|withdraw\w*|leave|"
    r"located|situated|"
    r"leaving|remain\w*|housed)\s+(?:\w+\s+)?in|"
    r"\b(?:north|south|east|west|northeast|northwest|southeast|southwest|north-east|north-west|"
    r"south-east|south-west|outskirts|kilometres|kilometers|km|miles)\s+of|"
    r"\bborders?\s+(?:of|with|between)(?:\s+[\w-]+,?)*?(?:\s+and)?|"
    # "a drone attack in Jordan, just across the border into Syria": a reference
    r"\bacross\s+the\s+border\s+(?:from|in|into|to|with)|"
    # "the Quds Force commander made a trip to Baghdad to tell the factions to reduce
    # their attacks": where someone went, not where an attack happened
    r"\b(?:trip|trips|visit|visits|visited|visiting|travel(?:l?ed|l?ing|s)?|flew|went|arrived|"
    r"returned)\s+(?:back\s+)?(?:to|in)|"
    # "Kataib Hezbollah, an Iran-backed militia group in Iraq,": where a group is, told of it
    r",\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:group|militia|faction|coalition|alliance|"
    r"umbrella|movement)\s+(?:[\w-]+\s+)?(?:in|of)|"
    # "launched from a location near X", "fired from an area outside X": a launch point
    r"\b(?:launched|fired|shot|flown|sent)\s+from\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:near|in|outside|around|close\s+to))"
    r"\s+(?:the\s+)?(?:(?:north|south|east|west)(?:ern)?\s+|(?:north|south)-?(?:east|west)(?:ern)?\s+)?"
    r"(?:city\s+of\s+|(?:Iraqi\s+|Syrian\s+|Jordanian\s+)?capital(?:\s+city)?,?\s+|"
    # "northeast of the Kurdistan region's capital city of Erbil"
    r"(?:[\w-]+\s+){1,2}?[\w-]+[’']s\s+capital(?:\s+city)?(?:\s+of)?,?\s+)?$",
    _I,
)
NOT_TARGET_AFTER: Final = compile_guarded(
    r"^(?:[’']s?\s+(?:government|prime\s+minister|premier|president|parliament|foreign|officials?|"
    r"leaders?|sovereignty|ministry|security\s+forces|army|military)\b|"
    r"\s+(?:(?:had|has|have)\s+)?(?:(?:initially|originally|first|later|also|quickly|swiftly|"
    r"earlier|then|strongly)\s+)?(?:nor|said|says|confirmed|confirms|denied|denies|condemned|"
    r"condemns|urged|urges|demanded|demands|accused|accuses|announced|announces|warned|warns|"
    r"rejects|rejected|"
    r"insisted|called|blamed|wants|has\s+(?:said|called|asked|denied)|"
    # "a group in Iraq claimed Sunday that it ...": the speaker (not "claimed two lives")
    r"claimed\s+(?:(?:on\s+|late\s+|early\s+)?(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\s+)?"
    r"(?:that|responsibility|it|they|to)|"
    r"and\s+the\s+(?:regional|Kurdistan|federal)|considered|considers|described|denounced|rejected|protested|"
    r"summoned|decried|labell?ed|(?:FM\s+|AM\s+)?(?:television|TV|channel|newspaper|radio)|news\s+agency|"
    # "according to an Al-Mayadeen correspondent": an outlet named after a town
    r"(?:correspondents?|reporters?|journalists?|crews?)|"
    r"broadcaster|(?:local\s+)?time|\d{1,3}\s+(?:media|news|network|outlet|channel|TV)|"
    r"(?:media|news)\s+(?:outlet|network|agency|site)))\b",
    _I,
)
#: A word placing the country as a location ("in Syria", "across Iraq and Syria").
LOCATIVE_BEFORE: Final = compile_guarded(
    r"\b(?:in|inside|into|across|throughout|within|at|on|against|over|near|around|to)\s+(?:the\s+)?"
    # "in Iraq and Syria", "at Maysulun, Syria", "at Qasr al-Hayr, Syria"
    r"(?:[\w-]+\s+and\s+|(?:[\w'’-]+\s+){0,2}[\w'’-]+,\s+)?(?:(?:north|south|east|west|northern|southern|eastern|western|"
    r"north-?eastern|north-?western|south-?eastern|south-?western|northeast|northwest|southeast|"
    r"southwest|central)\s+)?$",
    _I,
)
#: Weapons ordered by severity: a coordinated barrage ("ballistic missiles and rockets") is
#: one incident, typed by its most severe weapon (the table's column, geo/attack_types.py).
SEVERITY: Final[dict[str, int]] = {
    r.name: r.severity for r in sorted(ROWS.values(), key=lambda r: r.severity)
}
#: The US as the subject right before an event verb ("US forces struck", "American jets hit").
US_SUBJECT: Final = compile_guarded(
    # "the attacks against US forces have hit ...": the US as the object is no subject
    r"(?<!against )(?<!against the )(?<!on )(?<!at )(?<!targeting )(?<!targeted )"
    r"(?<!toward )(?<!towards )(?<!attacked )"
    r"(?:\b(?:US|U\.S\.|American|United\s+States(?:\s+\((?:US|U\.S\.)\))?)|\bCENTCOM)\s+(?:(?:military|forces|aircraft|warplanes|jets|"
    r"fighter\s+jets|bombers|troops|Army|Air\s+Force|Navy|Central\s+Command(?:\s+\(CENTCOM\))?(?:\s+forces)?)\s+)?(?:(?!(?:[Aa]n?|[Tt]he|following|after|before|amid|against|over|since|and|or|as|to|for|with|of|in|on)\s)\w+\s+|(?:on|late|early|overnight)\s+\w+\s+|"
    # "the United States carried out strikes", "US forces conducted necessary and
    # proportionate strikes"
    # "American forces on Tuesday carried out", "US forces earlier this month conducted"
    r"(?:(?:on|late|early|overnight)\s+\w+\s+|(?:earlier|later)\s+this\s+(?:week|month)\s+|"
    r"last\s+(?:week|month)\s+)?"
    r"(?:(?:has|have|had|also|then|later|again)\s+){0,2}(?:carried\s+out|conducted|launched|staged|"
    r"executed)\s+(?:[\w-]+\s+){0,3}?)?$"
)
#: How many characters before a strike word :data:`US_SUBJECT` is looked for: "US forces
#: earlier this month conducted two rounds of strikes".
US_SUBJECT_REACH: Final = 80
#: Anaphora for a site named earlier ("the base", "the same air base", "the embassy").
ANAPHORA: Final = compile_guarded(
    r"\bthe\s+(?:same\s+)?(?:(?:US|U\.S\.|American|coalition|military|air)\s+)?(?P<kind>base|"
    r"airbase|air\s+base|garrison|outpost|compound|embassy|consulate|airport|airfield|facility|"
    r"installation)\b",
    _I,
)
#: Words before a short alias that make it the object of an attack ("attack on Al-Asad").
ATTACKED_BEFORE: Final = compile_guarded(
    r"\b(?:attacks?|strikes?|struck|fired|fire|hit|targeted|targeting|launched|barrage)\s+"
    r"(?:on|at|against|toward|towards)?\s*$",
    _I,
)
#: A noun right after a country name makes the name a modifier ("US officials", "Iraq war").
MODIFIED_NOUN: Final = compile_guarded(
    r"\s*-\w|\s+and\s+coalition\b|\s+(?:officials?|forces|troops|military|government|embassy|"
    r"consulate|personnel|service\s?members?|soldiers|defen[cs]e|army|navy|air\s+force|"
    r"president|secretary|envoy|ambassador|intelligence|strikes?|airstrikes?|drones?|warplanes?|"
    r"jets|bases?|citizens|contractors|war|authorities|spokes(?:man|woman|person)|diplomats?|"
    r"interests|administration|lawmakers|senators?|navy|marines|sailors|coalition|partners|"
    r"statement|commander|commanders|central\s+command|department|policy|sanctions)\b",
    _I,
)
#: A plural, generic target before a country ("bases in Iraq and Syria"): a trend, not an event.
GENERIC_TARGET_BEFORE: Final = compile_guarded(
    # "16 of the attacks were in Iraq and 11 were in Syria": a count's share of a country
    r"\b\d{1,4}\s+(?:of\s+(?:them|those|these)\s+)?(?:were|was|have\s+been|had\s+been|took\s+place)\s+"
    r"(?:in|inside|across)\s+(?:the\s+)?$|"
    r"\b(?:bases|facilities|installations|positions|interests|sites|targets|troops|forces|depots|"
    r"camps|outposts|headquarters|warehouses)\s+"
    r"(?:housing\s+\S+\s+\S+\s+)?(?:in|inside|within|across|throughout|around)\s+(?:the\s+)?"
    # "bases in Deir ez-Zor and al-Hasakah": the list's later names are generic too
    r"(?:(?:[\w-]+\s+){1,3}(?:and|or)\s+)?(?:(?:north|south|east|west)(?:ern)?\s+|"
    r"(?:north|south)-?(?:east|west)(?:ern)?\s+)?(?:al-|el-)?$",
    _I,
)
TREND: Final = compile_guarded(
    r"\b(?:escalat\w*|increas\w*|resum\w*|continu\w*|surg\w*|spik\w*|ramp\w*|intensif\w*|"
    r"decreas\w*|declin\w*|drop\w*|paus\w*|lull|trend\w*|wave|campaign|series)\b",
    _I,
)

CLAIM: Final = compile_guarded(
    # "claiming that the strikes killed one": an assertion, not a claim of responsibility
    r"\b(?:claim(?:ed|ing)(?!\s+that\s+(?!(?:it|they|its|their)\b))(?:\s+responsibility)?|"
    r"took\s+responsibility|"
    # "said in a statement that it had", "announced early Sunday that it had launched"
    r"(?:said|announced)\s+(?:in\s+a\s+statement\s+)?(?:(?:early|late|on)\s+)?"
    r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|tonight|yesterday)?\s*(?:that\s+)?"
    r"(?:it|they)\s+(?:had\s+)?(?:carried\s+out|launched|targeted|attacked|struck)|"
    # "said in a statement that its fighters had struck", "announcing that its fighters
    # attacked": the group tells what its own fighters did
    r"(?:said|announced|stated|saying|announcing|stating)\s+(?:\w+\s+){0,4}?(?:that\s+)?"
    r"(?:(?:its|their|resistance)\s+(?:\w+\s+)?(?:fighters|members|forces|mujahideen|units|operatives)|"
    r"the\s+(?:fighters|members|mujahideen)\s+of(?:\s+the)?(?:\s+[\w-]+){1,5}?)\s+"
    r"(?:had\s+|have\s+)?(?:carried\s+out|launched|targeted|attacked|struck|fired|hit|sent))\b",
    _I,
)
#: Words that deny or withhold a claim ("stopped short of claiming", "declined to claim").
CLAIM_DENIAL: Final = (
    r"(?:did\s+not|didn[’']t|does\s+not|doesn[’']t|has\s+not|have\s+not|hasn[’']t|haven[’']t|"
    r"denied|denies|stopped\s+short\s+of|stopping\s+short\s+of|fell\s+short\s+of|"
    r"declined\s+to|refused\s+to|would\s+not|wouldn[’']t|not\s+immediately|never)"
)
#: The report says no one has claimed the attack ("No group has yet claimed responsibility",
#: "there was no claim of responsibility", "the attack has not been claimed").
NO_CLAIM: Final = compile_guarded(
    r"\b(?:no\s+(?:group|one|party|organi[sz]ation|faction|militia)(?:\s+\w+)?\s+(?:has\s+|have\s+|had\s+)?"
    r"(?:yet\s+|immediately\s+|so\s+far\s+)?(?:claimed|taken\s+responsibility|took\s+responsibility)|"
    r"nobody\s+(?:has\s+|had\s+)?(?:yet\s+|immediately\s+)?claimed|"
    r"no\s+(?:immediate\s+)?claims?\s+(?:of|for)\s+(?:responsibility|the\s+(?:attack|strike))|"
    r"no\s+immediate\s+claim|(?:has|have|had|was|were)\s+not\s+(?:yet\s+|immediately\s+)?(?:been\s+)?claimed|"
    r"(?:went|gone)\s+unclaimed|unclaimed)\b",
    _I,
)
CLAIM_NEGATED: Final = compile_guarded(
    r"\b(?:stopped\s+short\s+of|stopping\s+short\s+of|fell\s+short\s+of|declined\s+to|"
    r"refused\s+to|would\s+not|wouldn[’']t|"
    r"did\s+not|didn[’']t|has\s+not|have\s+not|hasn[’']t|haven[’']t|no\s+(?:group|one|party|"
    r"organi[sz]ation|faction|militia)(?:\s+\w+)?|nobody|not\s+immediately|denied|without)\b[^.]{0,40}$",
    _I,
)
SUSPECT: Final = compile_guarded(
    r"\b(?:suspected|believed|blamed|blames|accused|attributed|likely|thought\s+to|presumed|"
    r"alleged(?:ly)?|reportedly)\b",
    _I,
)
US_ACTOR: Final = compile_guarded(
    r"\b(?:US|U\.S\.|United\s+States|American|Pentagon|CENTCOM|Central\s+Command|"
    r"Defen[cs]e\s+Department|Department\s+of\s+Defen[cs]e|Austin|Biden)(?!\w)"
)
GENERIC_ACTOR: Final = compile_guarded(
    r"(?:\bIran(?:ian)?[- ](?:backed|aligned|linked|allied|supported|sponsored|affiliated)|"
    r"\bpro-Iran(?:ian)?)\s+"
    r"(?:Iraqi\s+|Shiite\s+|Shia\s+)?(?:militias?|militia\s+groups?|groups?|militants|fighters|"
    r"proxies|factions?|forces|armed\s+groups?)\b",
    _I,
)
INTERCEPT: Final = compile_guarded(
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
    r"(?:service\s?members?|servicem[ae]n|servicewom[ae]n|soldiers?|troops?|personnel|people|militants?|fighters?|members?|"
    r"civilians?|reservists?|sailors?|airmen|marines?|contractors?|guards?|persons?|individuals?|"
    r"staff|others?|Americans?)"
)
KILLED: Final = compile_guarded(
    # "one of three soldiers killed": the whole figure
    rf"\bone\s+of\s+(?:the\s+)?(?P<n3>{_NUM})\s+(?:\w+\s+){{0,3}}?{_WHO}\s+(?:who\s+(?:were|was)\s+)?"
    rf"(?:killed|dead|died)\b"
    # "killed a commander and another member": two
    r"|\b(?:killing|killed)\s+(?:a|an|one)\s+(?:[\w-]+\s+){0,3}?(?:and|as\s+well\s+as)\s+"
    r"(?P<pair>another|a\s+second)\b"
    rf"|\b(?P<n1>{_NUM})\s+(?:[\w.-]+\s+){{0,3}}?{_WHO}\s+(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+)?"
    rf"(?:killed|dead|died|martyred)\b|\b(?:killing|killed)\s+(?P<n2>{_NUM})\b(?!\s+(?:times|attacks))"
    rf"|\bthe\s+(?:\w+\s+)?(?:killing|deaths?)\s+of\s+(?P<n4>{_NUM})\b(?!\s+(?:times|attacks))"
    # "claimed the lives of three American troops", "took the lives of three soldiers"
    rf"|\b(?:claim(?:ed|ing|s)|took|taking|cost)\s+the\s+lives\s+of\s+(?P<n6>{_NUM})\b"
    # "three members of the Kataib Hezbollah militia were killed"
    rf"|\b(?P<n5>{_NUM})\s+{_WHO}\s+of\s+(?:[\w'’-]+\s+){{1,6}}?(?:were\s+|was\s+|have\s+been\s+)?"
    rf"(?:killed|dead|died|martyred)\b",
    _I,
)
INJURED: Final = compile_guarded(
    # "one of three US troops injured": the whole figure
    rf"\bone\s+of\s+(?:the\s+)?(?P<n4>{_NUM})\s+(?:\w+\s+){{0,3}}?{_WHO}\s+(?:who\s+(?:were|was)\s+)?"
    rf"(?:injured|wounded|hurt)\b"
    # ("one of the troops injured" says only that some were)
    rf"|\b(?P<n1>{_NUM})(?!\s+of\b)\s+(?:[\w.-]+\s+){{0,3}}?{_WHO}"
    # "18 people, including civilians, were injured"
    rf"(?:,\s+including\s+[\w\s]{{1,30}}?,)?\s+(?:were\s+|was\s+|have\s+been\s+|had\s+been\s+)?"
    rf"(?:(?!and\b|or\b|but\b)\w+\s+)?(?:injured|wounded|hurt|evaluated|treated)\b"
    rf"|\b(?:injuring|wounding|injured|wounded)\s+(?P<n2>{_NUM})\b(?!\s+(?:times|attacks))"
    rf"|\b(?P<n3>{_NUM})\s+(?:\w+\s+){{0,3}}?{_WHO}\s+(?:suffered|sustained|received)\b"
    rf"|\b(?P<n5>{_NUM})\s+{_WHO}\s+of\s+(?:[\w'’-]+\s+){{1,6}}?(?:were\s+|was\s+|have\s+been\s+)?"
    rf"(?:injured|wounded|hurt)\b"
    # "the eight injured personnel were treated": the figure before the adjective
    rf"|\b(?P<n6>{_NUM})\s+(?:injured|wounded)\s+(?:[\w.-]+\s+){{0,2}}?{_WHO}\b",
    _I,
)
#: "four U.S. service members and one contractor were injured": the two figures add up.
CASUALTY_PAIR: Final = compile_guarded(
    rf"\b(?P<a>{_NUM})\s+(?:[\w.-]+\s+){{0,2}}?{_WHO}\s+and\s+(?P<b>{_NUM})\s+(?:[\w.-]+\s+){{0,2}}?"
    rf"{_WHO}\s+(?:were|have\s+been|had\s+been)\s+(?:\w+\s+)?(?:(?P<k>killed)|injured|wounded|hurt)\b",
    _I,
)
#: "initially reported no casualties, but ...": a first report the article then corrects.
ZERO_AT_FIRST: Final = compile_guarded(
    r"\b(?:initially|at\s+first|originally|first)\s+(?:\w+\s+){0,2}?(?:reported|said|showed|"
    r"indicated)\s+(?:that\s+)?(?:there\s+(?:were|was)\s+)?no\s+(?:casualties|injuries|one)\b",
    _I,
)
#: "Two were killed, and 24 were wounded": figures with no noun, of the people told of.
CASUALTY_ELLIPTIC: Final = compile_guarded(
    rf"(?:^|,|\band)\s*(?P<n>{_NUM})\s+(?:more\s+|others\s+)?(?:were|have\s+been|had\s+been)\s+"
    rf"(?:\w+\s+)?(?:(?P<k>killed|dead)|injured|wounded|hurt)\b",
    _I,
)
#: "left one soldier in critical condition and wounded two others": three hurt.
INJURED_AND_OTHERS: Final = compile_guarded(
    rf"\b(?P<a>{_NUM})\s+(?:[\w.-]+\s+){{0,3}}?{_WHO}\s+(?:in\s+(?:critical|serious|grave)\s+"
    rf"condition|(?:was|were)\s+(?:critically|seriously|severely|badly)\s+(?:injured|wounded|hurt))"
    rf"\s*,?\s+and\s+(?:wounded|injured|hurt|wounding|injuring)\s+(?P<b>{_NUM})\s+others\b",
    _I,
)
INJURY_VAGUE: Final = compile_guarded(
    r"\b(?:traumatic\s+brain\s+injur(?:y|ies)|minor\s+injur(?:y|ies)|were\s+(?:lightly\s+)?"
    r"(?:injured|wounded|hurt))\b",
    _I,
)
CASUALTY_ZERO: Final = compile_guarded(
    r"\b(?:no\s+(?:immediate\s+)?(?:reports?\s+of\s+)?(?:(?:material\s+)?damage\s+(?:or|and)\s+)?"
    r"(?:casualties|injuries|injured|deaths|fatalities|"
    r"one\s+was\s+(?:hurt|injured|killed|wounded))|without\s+(?:causing\s+)?(?:any\s+)?"
    r"(?:(?:reported|immediate)\s+)?(?:casualties|injuries|human\s+losses|loss\s+of\s+life)|"
    r"(?:did\s+not|didn[’']t)\s+(?:cause|result\s+in)\s+(?:any\s+)?"
    r"(?:(?:reported|immediate|serious)\s+)?(?:casualties|injuries|damage)|"
    r"caused\s+no\s+(?:(?:material\s+)?damage\s+or\s+)?(?:casualties|injuries)|no\s+(?:US\s+|U\.S\.\s+"
    r"|American\s+|coalition\s+)?(?:personnel|troops|service\s?members|soldiers|one)\s+"
    r"(?:were|was)\s+(?:hurt|injured|killed|wounded)|no\s+(?:one|personnel)\s+(?:was|were)\s+"
    r"(?:hurt|injured|harmed))",
    _I,
)

TALLY: Final = compile_guarded(
    r"\b(?P<n>\d{1,3}(?:,\d{3})+|\d{1,4})\s+(?:separate\s+|different\s+|total\s+|such\s+|"
    r"known\s+)?(?:times|attacks|incidents|assaults)\b",
    _I,
)
TALLY_QUALIFIER: Final = compile_guarded(
    r"\b(?P<qual>at\s+least|more\s+than|over|nearly|almost|about|some|roughly|approximately|"
    r"upwards\s+of)\s+$",
    _I,
)

#: Lines of page furniture: never evidence.
CLUTTER: Final = compile_guarded(
    r"^\s*(?:skip\s+to|subscribe|sign\s+up|log\s*in|sign\s+in|donate|read\s+more|related|"
    r"share\b|total\b|shares?\b|advertisement|jump\s+to|article\s+topic|menu\b|home\b|"
    r"follow\s+us|newsletter|comments?\b|be\s+part\s+of|please\s+keep|if\s+you\s+would\s+like|"
    r"click\s+here|©|\(c\)|copyright|all\s+rights\s+reserved|photo:|image:|credit:|"
    r"more\s+from|recommended|trending|most\s+read|watch:|listen:|getty\s+images)",
    _I,
)
CLUTTER_ANYWHERE: Final = compile_guarded(
    r"(?:all\s+rights\s+reserved|contributed\s+(?:to\s+this\s+)?report(?:ing)?|"
    r"community\s+guidelines|committed\s+to\s+providing\s+a\s+forum|share\s+a\s+story\s+idea|"
    r"™|cookies?\s+(?:policy|settings)|privacy\s+policy|terms\s+of\s+(?:use|service)|"
    # a promotion for a newsletter ("... newsletter keeps you informed", "Sign up here")
    r"\bnewsletters?\b[^.]{0,60}\b(?:keeps?\s+you|sign\s+up|subscribe|delivered|inbox)\b|"
    r"\bsign\s+up\s+(?:here|now|for\s+(?:our|the))\b)",
    _I,
)
KIND_WORDS: Final = compile_guarded(
    r"\b(?:bases?|air\s?bases?|airbase|airfield|airport|garrison|site|outpost|facility|"
    r"facilities|field|camp|compound|landing\s+zone|LZ|MSS|embassy|consulate|complex|"
    r"installation|station|patrol\s+base)\b",
    _I,
)
