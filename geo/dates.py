"""Dates in news text, resolved against the publication date (design.md, "Dates in news text").

A weekday is the most recent such day on or before publication ("on Friday" in a Friday
article is that day); "Oct. 7" takes the year that puts it on or before publication;
"mid-October", "last week", "this week" give ACLED precision 2 (known week, midpoint date) and
"last month", "in October", "early January" precision 3 (known month, mid-month). Every
resolution keeps the phrase and the reason, so a person can check it. Without a publication
date, relative phrases stay unresolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from geo._regex import compile_guarded
from geo.errors import UsageError

__all__ = [
    "DateMention",
    "check_published_option",
    "find_dateline",
    "find_dates",
    "parse_date_value",
    "plausible_published",
]

MONTHS: Final[dict[str, int]] = {
    **{m: i for i, m in enumerate(
        ["january", "february", "march", "april", "may", "june", "july", "august",
         "september", "october", "november", "december"], start=1)},
    **{m: i for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"],
        start=1)},
    "sept": 9,
}  # fmt: skip
WEEKDAYS: Final[dict[str, int]] = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_MON = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_PART = r"(?:\s+(?:morning|afternoon|evening|night|overnight))?"
_HOLIDAYS: Final[dict[str, tuple[int, int]]] = {
    "christmas day": (12, 25),
    "christmas eve": (12, 24),
    "christmas": (12, 25),
    "new year's day": (1, 1),
    "new year’s day": (1, 1),
    "new year's eve": (12, 31),
    "new year’s eve": (12, 31),
}

_PATTERNS: Final = compile_guarded(
    r"(?P<iso>\b(?P<iy>20\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b)"
    rf"|(?P<md>\b(?P<mdm>{_MON})\.?\s+(?P<mdd>[0-3]?\d)(?:st|nd|rd|th)?\b(?:,?\s+(?P<mdy>20\d\d)\b)?)"
    rf"|(?P<dm>\b(?P<dmd>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<dmm>{_MON})\b\.?(?:,?\s+(?P<dmy>20\d\d)\b)?)"
    r"|(?P<eve>\b(?:on\s+)?the\s+eve\s+of\s+(?:the\s+new\s+year\s+)?(?P<evey>20\d\d)\b)"
    r"|(?P<hol>\b(?:on\s+)?(?P<holname>Christmas(?:\s+(?:Day|Eve))?|New\s+Year[’']s\s+(?:Day|Eve))\b)"
    rf"|(?P<wd>\b(?P<wdpre>(?:on|late|early|last|this|overnight|since|until)\s+)?(?P<wdname>{_DAY}){_PART}\b)"
    rf"|(?P<mid>\b(?P<midq>mid|early|late)[-\s](?P<midm>{_MON})\b(?:\s+(?P<midy>20\d\d))?)"
    r"|(?P<rel>\b(?:yesterday|today|tonight|overnight|last\s+night|this\s+morning|earlier\s+today"
    r"|(?:earlier\s+|later\s+)?this\s+week|last\s+week|last\s+month|earlier\s+this\s+month"
    r"|(?:last|this\s+past|over\s+the(?:\s+past)?|at\s+the|during\s+the|the\s+past)\s+weekend"
    r"|(?P<ago>\w+)\s+(?P<agou>days?|weeks?)\s+ago)\b)"
    rf"|(?P<my>\b(?P<mym>{_MON})\.?\s+(?P<myy>(?:19|20)\d\d)\b)"
    rf"|(?P<inm>\b(?:in|during|since|through|until|(?P<inml>last|this\s+past))\s+(?:(?P<inmq>early|late)\s+)?(?P<inmm>{_MON})\b(?!\.?\s+[0-3]?\d\b)(?:\s+(?P<inmy>20\d\d)\b)?)"
    # "After October drone attacks", "the November strikes": a month naming attacks (full
    # and capitalised, never "may strike")
    r"|(?P<modm>\b(?-i:(?P<modmm>January|February|March|April|June|July|August|September|"
    r"October|November|December))(?=\s+(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|airstrikes?|"
    r"assaults?|raids?|bombings?|barrages?)\b))",
    re.IGNORECASE,
)
#: A numeric date, "18/01/2024" or "21.11.2023", searched apart and only where a digit, a
#: stop or slash and a digit occur: the big pattern stays as cheap on text without one.
_NUMERIC: Final = compile_guarded(
    r"(?<![\d./])(?P<n1>[0-3]?\d)(?P<nsep>[/.])(?P<n2>[0-3]?\d)(?P=nsep)(?P<ny>20\d\d)\b(?![./]\d)"
)
_NUMERIC_GATE: Final = compile_guarded(r"\d[/.]\d")
# Cheap test that a text may hold a date at all (every pattern contains one of these).
_GATE: Final = compile_guarded(
    r"\d|day|night|week|month|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|christmas|year|"
    r"overnight|morning|ago|weekend",
    re.IGNORECASE,
)
_NUMBER_WORDS: Final = {
    "a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10,
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date phrase in text and what it resolves to.

    Attributes
    ----------
    start, end : int
        Span of the phrase in the text searched.
    phrase : str
        The words as written.
    value : datetime.date or None
        The resolved day (midpoint for precision 2, the 15th for precision 3); None when the
        phrase is relative and there is no publication date.
    precision : int
        ACLED time precision: 1 day, 2 week, 3 month.
    reason : str
        How it was resolved ("weekday Friday, on or before publication 2023-12-08").
    since : bool
        The phrase follows "since" (a tally's start, not an event day).
    """

    start: int
    end: int
    phrase: str
    value: date | None
    precision: int
    reason: str
    since: bool = False


def _month(name: str) -> int:
    return MONTHS[
        name.lower().rstrip(".")[:4] if name.lower().startswith("sept") else name.lower()[:3]
    ]


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _yearless(m: int, d: int, published: date | None) -> tuple[date | None, str]:
    if published is None:
        return None, "no year and no publication date"
    value = _safe_date(published.year, m, d)
    if value is None:
        return None, "not a real day"
    if value > published:
        value = _safe_date(published.year - 1, m, d)
        return value, f"year {published.year - 1}: {published.year} would fall after publication"
    return value, f"year {published.year}, on or before publication {published.isoformat()}"


def find_dates(text: str, published: date | None) -> list[DateMention]:
    """Find and resolve every date phrase in ``text``.

    Parameters
    ----------
    text : str
        A sentence or paragraph.
    published : datetime.date or None
        The document's publication date.

    Returns
    -------
    list of DateMention
        In text order. Unresolvable relative phrases are kept with ``value=None``.

    Examples
    --------
    >>> [m.value for m in find_dates("Rockets hit the base on Friday.", date(2023, 12, 8))]
    [datetime.date(2023, 12, 8)]
    """
    out: list[DateMention] = []
    if not _GATE.search(text):
        return out
    for m in _PATTERNS.finditer(text):
        try:
            found = _resolve(m, text, published)
        except OverflowError:
            # A publication date at the calendar's edge (0001-01-01, 9999-12-31): the day
            # before or after it does not exist.
            found = DateMention(
                m.start(), m.end(), m.group(), None, 1, "out of the calendar's range"
            )
        if found is not None:
            out.append(found)
    if " and " in text and (more := _more_days(text, out, published)):
        out = sorted(out + more, key=lambda d: d.start)
    if _NUMERIC_GATE.search(text):
        for m in _NUMERIC.finditer(text):
            n1, n2, year = int(m.group("n1")), int(m.group("n2")), int(m.group("ny"))
            value, reason = _numeric(n1, n2, year, published)
            if value is not None:
                since = "since" in text[max(0, m.start() - 7) : m.start()].lower()
                out.append(DateMention(m.start(), m.end(), m.group(), value, 1, reason, since))
        out.sort(key=lambda d: d.start)
    return out


#: The day of the event a span starts from: "since the start of the war on Oct. 7", "since
#: the war began on October 7" (a look back, not an event day).
_SINCE_EVENT: Final = compile_guarded(
    r"\bsince\s+(?:the\s+)?(?:start|beginning|outbreak|onset|eruption)\s+of\b[^.;]{0,60}?"
    r"\b(?:on|in)\s+$|\bsince\s+[^.;]{0,50}?\b(?:began|started|erupted|broke\s+out|flared\s+up)"
    r"\s+(?:on|in)\s+$",
    re.I,
)


def _resolve(m: re.Match[str], text: str, published: date | None) -> DateMention | None:
    """Resolve one match of :data:`_PATTERNS`; None when it is not a date after all."""
    phrase = m.group()
    before = text[max(0, m.start() - 7) : m.start()].lower()
    since = (
        "since" in before
        or phrase.lower().startswith("since")
        or (
            "since" in text[max(0, m.start() - 100) : m.start()].lower()
            and bool(_SINCE_EVENT.search(text, max(0, m.start() - 100), m.start()))
        )
    )
    value: date | None = None
    precision = 1
    reason = ""
    if m.group("iso"):
        value = _safe_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        reason = "ISO date"
    elif m.group("md") or m.group("dm"):
        mon = m.group("mdm") or m.group("dmm")
        day = int(m.group("mdd") or m.group("dmd"))
        year = m.group("mdy") or m.group("dmy")
        if mon[0].islower() and mon.lower() in {"may", "march"}:
            return None  # the verbs "may" and "march", not months
        if year:
            value, reason = _safe_date(int(year), _month(mon), day), "explicit date"
        else:
            value, reason = _yearless(_month(mon), day, published)
    elif m.group("eve"):
        value = _safe_date(int(m.group("evey")) - 1, 12, 31)
        reason = "the eve of a new year: 31 December of the year before"
    elif m.group("hol"):
        mon, day = _HOLIDAYS[re.sub(r"\s+", " ", m.group("holname").lower())]
        value, reason = _yearless(mon, day, published)
        reason = f"{m.group('holname')}: {reason}"
    elif m.group("wd"):
        pre = (m.group("wdpre") or "").strip().lower()
        wd = WEEKDAYS[m.group("wdname").lower()]
        if pre == "since":
            since = True
        if published is None:
            value, reason = None, f"weekday {m.group('wdname')} without a publication date"
        else:
            back = (published.weekday() - wd) % 7
            if pre == "last" and back == 0:
                back = 7
            value = published - timedelta(days=back)
            reason = (
                f"weekday {m.group('wdname')}: most recent on or before publication "
                f"{published.isoformat()}"
            )
    elif m.group("mid"):
        q = m.group("midq").lower()
        mon = _month(m.group("midm"))
        year = m.group("midy")
        day = {"mid": 15, "early": 5, "late": 25}[q]
        if year:
            value, reason = _safe_date(int(year), mon, day), "explicit month"
        else:
            value, reason = _yearless(mon, day, published)
        precision = 2 if q == "mid" else 3
        reason = f"{q}-month: {reason}"
    elif m.group("rel"):
        value, precision, reason = _relative(
            m.group("rel").lower(),
            m.group("ago"),
            published,
            week=(m.group("agou") or "").lower().startswith("w"),
        )
    elif m.group("my"):
        precision = 3
        value, reason = (
            _safe_date(int(m.group("myy")), _month(m.group("mym")), 15),
            "month and year",
        )
    elif m.group("modm"):
        precision = 3
        value, reason = _yearless(_month(m.group("modmm")), 15, published)
        reason = f"month only, naming the attacks: {reason}"
    elif m.group("inm"):
        mon = _month(m.group("inmm"))
        year = m.group("inmy")
        precision = 3
        if year:
            value, reason = _safe_date(int(year), mon, 15), "month and year"
        else:
            day = {"early": 5, "late": 25}.get((m.group("inmq") or "").lower(), 15)
            value, reason = _yearless(mon, day, published)
            reason = f"month only: {reason}"
            if (
                m.group("inml")
                and value is not None
                and published is not None
                and (value.year, value.month) == (published.year, published.month)
            ):
                # "last October", said in October: the October of a year before
                value = _safe_date(value.year - 1, mon, day)
                reason = f"'last' {m.group('inmm')}: the one of the year before"
        if phrase.lower().startswith(("since", "until", "through")):
            since = phrase.lower().startswith("since")
    if value is None and published is not None and not reason:
        return None
    return DateMention(m.start(), m.end(), phrase, value, precision, reason, since)


#: More days of the month just told: "On November 9 and 11", "on Oct. 19, 20 and 22".
_MORE_DAYS: Final = compile_guarded(
    r"(?:\s*,\s*(?:and\s+)?|\s+and\s+)(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\b"
    r"(?=\s*(?:,|\.|;|:|\)|$|and\b|the\b|a\b|an\b|[A-Z]))"
)


def _more_days(text: str, found: list[DateMention], published: date | None) -> list[DateMention]:
    """Return the other days of a list that names its month once ("November 9 and 11")."""
    out: list[DateMention] = []
    for d in found:
        if d.value is None or d.precision != 1 or not d.phrase[:1].isalpha():
            continue
        if not d.phrase.rstrip(".")[-1:].isdigit():
            continue  # only "November 9", not "9 November" or a weekday
        pos = d.end
        while (m := _MORE_DAYS.match(text, pos)) is not None:
            day = _safe_date(d.value.year, d.value.month, int(m.group("d")))
            if day is None or (published is not None and day > published):
                break
            out.append(
                DateMention(
                    m.start("d"), m.end(), m.group("d"), day, 1,
                    f"{m.group('d')!r} listed after {d.phrase!r}: {day.isoformat()}", d.since,
                )
            )  # fmt: skip
            pos = m.end()
    return out


def _numeric(a: int, b: int, year: int, published: date | None) -> tuple[date | None, str]:
    """Resolve "18/01/2024" or "01.18.2024": day first, unless only month first is a date.

    News outside the US writes the day first. When both readings are dates, one on or
    before publication wins (an event is reported after it happens), and of two such the
    nearer to publication (news tells what just happened); else the day first.
    """
    day_first, month_first = _safe_date(year, b, a), _safe_date(year, a, b)
    readings = [d for d in (day_first, month_first) if d is not None]
    if published is not None:
        pub = published
        past = sorted((d for d in readings if d <= pub), key=lambda d: pub - d)
        readings = past or readings
    if not readings:
        return None, ""
    value = readings[0]
    if value == day_first:
        return value, "numeric date, day first"
    return value, "numeric date, month first"


def _relative(
    phrase: str, ago: str | None, published: date | None, *, week: bool = False
) -> tuple[date | None, int, str]:
    phrase = re.sub(r"\s+", " ", phrase)
    if published is None:
        return None, 1, f"{phrase!r} needs a publication date"
    pub = published.isoformat()
    if ago is not None:
        digits = ago.isascii() and ago.isdigit() and len(ago) <= 5
        n = _NUMBER_WORDS.get(ago.lower()) or (int(ago) if digits else None)
        if n is None:
            return None, 1, f"{phrase!r}: unreadable number"
        if week:
            # "a week ago": about that many weeks back, known to the week
            return published - timedelta(days=7 * n), 2, f"{n} week(s) before publication {pub}"
        return published - timedelta(days=n), 1, f"{n} days before publication {pub}"
    if phrase in {"today", "tonight", "this morning", "earlier today"}:
        return published, 1, f"{phrase!r} = publication day {pub}"
    if phrase in {"yesterday", "last night", "overnight"}:
        return published - timedelta(days=1), 1, f"{phrase!r} = day before publication {pub}"
    if phrase.endswith("this week"):
        monday = published - timedelta(days=published.weekday())
        mid = monday + (published - monday) / 2
        return mid, 2, f"{phrase!r}: midpoint of {monday.isoformat()}..{pub}"
    if phrase == "last week":
        monday = published - timedelta(days=published.weekday() + 7)
        return (
            monday + timedelta(days=3),
            2,
            f"'last week': midpoint of the week of {monday.isoformat()}",
        )
    if phrase.endswith("weekend"):
        # the weekend before publication (this one once it has begun, unless "last"):
        # its Sunday, the middle of Saturday and Sunday, known to the week
        saturday = published - timedelta(days=(published.weekday() - 5) % 7)
        if ("last" in phrase or "past" in phrase) and published - saturday < timedelta(days=2):
            saturday -= timedelta(days=7)
        sunday = min(saturday + timedelta(days=1), published)
        return sunday, 2, f"{phrase!r}: the weekend of {saturday.isoformat()}, its Sunday"
    if phrase == "earlier this month":
        first = published.replace(day=1)
        mid = first + (published - first) / 2
        return mid, 3, f"'earlier this month': midpoint of {first.isoformat()}..{pub}"
    if phrase == "last month":
        first = published.replace(day=1) - timedelta(days=1)
        return first.replace(day=15), 3, f"'last month': mid-month of {first:%Y-%m}"
    return None, 1, f"{phrase!r} not understood"


_DATELINE: Final = compile_guarded(
    rf"(?P<md>\b(?P<mdm>{_MON})\.?\s+(?P<mdd>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<mdy>20\d\d)\b)"
    rf"|(?P<dm>\b(?P<dmd>[0-3]?\d)\s+(?P<dmm>{_MON})\.?,?\s+(?P<dmy>20\d\d)\b)"
    r"|(?P<iso>\b(?P<iy>20\d\d)-(?P<im>[01]\d)-(?P<id>[0-3]\d)\b)",
    re.IGNORECASE,
)


def find_dateline(text: str, *, window: int = 600) -> tuple[date, str] | None:
    """Find a publication date written near the top of an article.

    Looks at the first ``window`` characters for a full date with a year ("Dec. 8, 2023",
    "8 December 2023", "2023-12-08"), as bylines, datelines and "Published" lines give it.

    Returns
    -------
    (date, phrase) or None
    """
    for m in _DATELINE.finditer(text[:window]):
        if m.group("iso"):
            d = _safe_date(int(m.group("iy")), int(m.group("im")), int(m.group("id")))
        elif m.group("md"):
            d = _safe_date(int(m.group("mdy")), _month(m.group("mdm")), int(m.group("mdd")))
        else:
            d = _safe_date(int(m.group("dmy")), _month(m.group("dmm")), int(m.group("dmd")))
        if d is not None:
            return d, m.group()
    return None


#: Publication dates outside these years are taken for errors (``0001-01-01`` is a
#: placeholder some systems write), warned about and ignored.
PLAUSIBLE_YEARS: Final = (1800, 2200)


def plausible_published(day: date) -> bool:
    """Whether ``day`` can be a news article's publication date (:data:`PLAUSIBLE_YEARS`)."""
    return PLAUSIBLE_YEARS[0] <= day.year <= PLAUSIBLE_YEARS[1]


def check_published_option(day: date | None) -> None:
    """Refuse a ``--published`` date that cannot be a publication date.

    Raises
    ------
    UsageError
        ``day`` is outside :data:`PLAUSIBLE_YEARS`.
    """
    if day is not None and not plausible_published(day):
        low, high = PLAUSIBLE_YEARS
        raise UsageError(f"--published {day.isoformat()} is out of range (years {low} to {high})")


def parse_date_value(value: object) -> date | None:
    """Read a date from metadata: a date, a datetime, ISO text, or "Dec. 8, 2023".

    Returns None when the value holds no recognisable date.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    s = value.strip()
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        pass
    try:
        return datetime.fromisoformat(s.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    found = find_dateline(s, window=len(s))
    return found[0] if found else None
