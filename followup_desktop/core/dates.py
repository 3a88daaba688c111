"""Days and months in words, in English like the rest of the app, whatever the locale.

``strftime``'s %a/%A/%b/%B follow the C library's locale, and Qt sets that from the
environment when the application starts (QCoreApplication calls setlocale on Unix): on a
German desktop a badge read "Di 9:00" beside "Tomorrow 10:00", and a thank-you email
"We spoke on Dienstag". Writing the words out also keeps the badges (painted for every new
card) from calling strftime, which imports the ``time`` module on every call.
"""

from __future__ import annotations

import datetime as dt

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def weekday(day: dt.date, *, short: bool = False) -> str:
    name = WEEKDAYS[day.weekday()]
    return name[:3] if short else name


def month(day: dt.date, *, short: bool = False) -> str:
    name = MONTHS[day.month - 1]
    return name[:3] if short else name


def hhmm(when: dt.datetime) -> str:
    return f"{when.hour:02d}:{when.minute:02d}"


def short_date(day: dt.date) -> str:
    """A day as "Tue 1 Dec 2026"."""
    return f"{weekday(day, short=True)} {day.day} {month(day, short=True)} {day.year}"


def long_date(day: dt.date) -> str:
    """A day as "Tuesday 1 December" (in a sentence of a draft)."""
    return f"{weekday(day)} {day.day} {month(day)}"
