"""Absolute dates: publication dates from metadata and datelines. Never invents a date from the clock."""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime

import dateparser

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\s*$")
_ABSOLUTE_SETTINGS = {
    "PARSERS": ["custom-formats", "absolute-time"],
    "REQUIRE_PARTS": ["day", "month", "year"],
    "PREFER_DAY_OF_MONTH": "first",
    "DATE_ORDER": "DMY",
}
_WEEKDAYS = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_MONTHS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
#: A line that is nothing but a date: "Thursday, 15 December 2016", "14 December, 2016", "Dec. 13, 2016".
DATELINE = re.compile(
    rf"^\s*(?:{_WEEKDAYS},?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS},?\s+\d{{4}}"
    rf"|{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\s*$",
    re.IGNORECASE,
)


def parse_absolute_date(text: str) -> str | None:
    """Return `text` as YYYY-MM-DD when it names one calendar day on its own, else None.

    Relative expressions ("yesterday", "on Tuesday") give None here: without a reference date they mean nothing.
    """
    text = text.strip()
    if not text or len(text) > 64:
        return None
    m = _ISO.match(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    if not re.search(r"\d{4}", text):
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            parsed = dateparser.parse(text, settings=_ABSOLUTE_SETTINGS)
        except (ValueError, OverflowError, TypeError):
            return None
    if not isinstance(parsed, datetime) or not 1800 <= parsed.year <= 2200:
        return None
    return parsed.date().isoformat()


def parse_dateline(line: str) -> str | None:
    """The date of a line that holds only a date, such as a scraped page's dateline; else None."""
    return parse_absolute_date(line) if DATELINE.match(line) else None
