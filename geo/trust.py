"""How far an incident can be trusted: from a group's claim alone to an analyst's review.

Each incident is in one state, the first that holds of these:

``reviewed``
    An analyst's correction touched it (:mod:`geo.corrections`).
``confirmed``
    Officially confirmed: a report's sentence names a US or Iraqi government body as the
    one that says so (CENTCOM, the Pentagon, the Department of Defense, the White House,
    the coalition's task force; Iraq's Security Media Cell, Joint Operations Command,
    government, military or ministries), with a verb of saying ("said", "confirmed",
    "announced", "according to"), and no denial in the sentence ("denied", "could not
    confirm", "no reports of").
``claimed``
    Claimed only: every report is a group's claim, a message of a Telegram channel or a
    sentence where the claim comes before the attack ("the Islamic Resistance said it
    struck ...", "KH claimed a drone attack on ...").
``corroborated``
    Told by two or more independent outlets. Wire copies of one story count once: reports
    whose sentences are nearly the same words (half their word triples shared), or that
    credit the same agency (AFP, Reuters, AP...), or come from one outlet, are one source.
``one_outlet``
    Anything else: one outlet (or one story) tells it.

The rules read only the evidence sentences kept with each source, so they are cheap and a
person can check them; they are also shallow (a claim retold by an outlet as fact, an
anonymous official, a statement that an attack did *not* happen in other words). The state
is derived, never stored: every run computes it again from the sources and corrections.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from geo.models import Incident, Source

__all__ = ["TRUST_LABELS", "TRUST_STATES", "independent_sources", "is_official", "trust_state"]

#: The states, from the least to the most trusted.
TRUST_STATES: Final[tuple[str, ...]] = (
    "claimed",
    "one_outlet",
    "corroborated",
    "confirmed",
    "reviewed",
)
#: What the map and notes call each state.
TRUST_LABELS: Final[dict[str, str]] = {
    "claimed": "claimed only",
    "one_outlet": "one outlet",
    "corroborated": "corroborated by independent outlets",
    "confirmed": "officially confirmed",
    "reviewed": "reviewed by an analyst",
}

_US = (
    r"(?:U\.?\s?S\.?|United States|American)\s+(?:Central\s+Command|Department\s+of\s+"
    r"(?:Defen[cs]e|State)|Defen[cs]e\s+Department|State\s+Department|military|"
    r"Secretary\s+of\s+Defen[cs]e|Defen[cs]e\s+Secretary|government|embassy)"
    r"|CENTCOM|Central\s+Command|Pentagon|Department\s+of\s+Defen[cs]e|White\s+House"
    r"|Combined\s+Joint\s+Task\s+Force|CJTF-OIR|Operation\s+Inherent\s+Resolve"
    r"|(?:Defen[cs]e|Pentagon)\s+(?:Secretary|press\s+secretary|spokes(?:man|woman|person))"
)
_IQ = (
    r"(?:Iraq's|Iraqi|Iraq)\s+(?:Security\s+Media\s+Cell|Joint\s+Operations\s+Command|"
    r"government|military|army|armed\s+forces|security\s+forces|Interior\s+Ministry|"
    r"Defen[cs]e\s+Ministry|Ministry\s+of\s+(?:Defen[cs]e|Interior)|Counter-Terrorism\s+Service|"
    r"prime\s+minister|Prime\s+Minister's\s+office|National\s+Security\s+Council)"
    r"|Security\s+Media\s+Cell|Joint\s+Operations\s+Command"
)
_BODY = rf"(?:{_US}|{_IQ})"
_SAYS = (
    r"said|says|confirmed|confirms|announced|announces|stated|states|reported|reports|"
    r"acknowledged|told|added|wrote|posted"
)
_OFFICIAL: Final = re.compile(
    rf"(?:according\s+to|statement\s+(?:from|by)|confirmed\s+by)\s+(?:the\s+|a\s+)?{_BODY}"
    rf"|{_BODY}[^.;]{{0,80}}?\b(?:{_SAYS})\b",
    re.IGNORECASE,
)
_DENIAL: Final = re.compile(
    r"\b(?:denied|denies|deny|could\s+not\s+(?:confirm|verify)|did\s+not\s+confirm|"
    r"unable\s+to\s+confirm|would\s+not\s+confirm|no\s+(?:reports?|indication|evidence)\s+of|"
    r"not\s+(?:been\s+)?(?:confirmed|verified))\b",
    re.IGNORECASE,
)
_CLAIM: Final = re.compile(
    r"\b(?:claim(?:ed|s|ing)?|said\s+(?:it|they)|says\s+(?:it|they)|announced|"
    r"in\s+a\s+statement)\b",
    re.IGNORECASE,
)
_ATTACK: Final = re.compile(
    r"\b(?:rockets?|mortars?|drones?|missiles?|strikes?|struck|attack(?:s|ed)?|shell(?:s|ed|ing)?|"
    r"IEDs?|explosi\w+|bomb\w*|fired|targeted|hit)\b",
    re.IGNORECASE,
)
_WIRE: Final = re.compile(
    r"\b(AFP|Agence France-Presse|Reuters|Associated Press|AP|Anadolu|Xinhua)\b"
)
_WORD: Final = re.compile(r"\w+")
_WIRE_NAME: Final = {"Agence France-Presse": "AFP", "Associated Press": "AP"}


def _sentences(s: Source) -> list[str]:
    return [s.evidence, *(e.text for e in s.more_evidence)]


def is_official(s: Source) -> bool:
    """Tell whether a report's sentence gives a US or Iraqi government body as its source."""
    return any(_OFFICIAL.search(t) and not _DENIAL.search(t) for t in _sentences(s))


def _claim_only(s: Source) -> bool:
    if s.document.startswith("tg:"):
        return True
    if s.claimed is not True:
        return False
    claim = _CLAIM.search(s.evidence)
    if claim is None:
        return False
    attack = _ATTACK.search(s.evidence)
    return attack is None or claim.start() < attack.start()


def _triples(text: str) -> set[tuple[str, ...]]:
    words = [w.casefold() for w in _WORD.findall(text)]
    return {tuple(words[i : i + 3]) for i in range(max(0, len(words) - 2))} or {tuple(words)}


def independent_sources(sources: Sequence[Source]) -> int:
    """Count the independent sources among reports: wire copies and one outlet count once."""
    n = len(sources)
    parent = list(range(n))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        parent[root(i)] = root(j)

    outlets: dict[str, int] = {}
    wires: dict[str, int] = {}
    shingles = [_triples(s.evidence) for s in sources]
    for i, s in enumerate(sources):
        who = (s.outlet or s.document).casefold()
        if who in outlets:
            join(i, outlets[who])
        outlets.setdefault(who, i)
        for m in _WIRE.finditer(" ".join(filter(None, (s.evidence, s.title)))):
            agency = _WIRE_NAME.get(m.group(1), m.group(1))
            if agency in wires:
                join(i, wires[agency])
            wires.setdefault(agency, i)
        for j in range(i):
            a, b = shingles[i], shingles[j]
            if a and b and len(a & b) * 2 >= min(len(a), len(b)):
                join(i, j)
    return len({root(i) for i in range(n)})


def trust_state(incident: Incident) -> str:
    """Return the incident's trust state (one of :data:`TRUST_STATES`; see the module)."""
    if incident.corrections:
        return "reviewed"
    sources = incident.sources
    if any(is_official(s) for s in sources):
        return "confirmed"
    if all(_claim_only(s) for s in sources):
        return "claimed"
    if independent_sources(sources) >= 2:
        return "corroborated"
    return "one_outlet"
