"""Drafts of the messages the follow-up method asks for (Qt-free, pure).

Each kind of follow-up has a template: a thank-you email that names the points discussed
in the interview, a call script, a check-in, a status inquiry, a feedback request after a
rejection, a keep-in-touch note. A template is plain text: its first line may be
``Subject: …``; ``$company``, ``$first_name``, ``$points`` and the other names in
``PLACEHOLDERS`` are filled in from the application, the person and the interview. What
the app cannot know (why the person fits, a line about the interviewer) is left as a
``[bracketed]`` prompt to replace, never invented. An unknown ``$name`` (a typo in an
edited template) is left as typed, so a mistake shows instead of failing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import string
from urllib.parse import quote

from .dates import long_date, weekday
from .types import FollowUpKind

#: The placeholders a template can use, with what each becomes (shown in Settings).
PLACEHOLDERS: dict[str, str] = {
    "company": "the company",
    "role": "the role",
    "name": "the person's full name",
    "first_name": "the person's first name (\u201cthere\u201d when nobody is named)",
    "email": "the person's email address",
    "phone": "the person's phone number",
    "interview_when": "when the interview was: yesterday, on Tuesday 1 December…",
    "points": "the interview's points discussed",
    "questions": "the questions you asked in the interview",
    "applied_on": "the day you applied",
    "stage": "the card's stage",
    "title": "the follow-up's title",
    "my_name": "your name, as set in Settings",
}

#: Kinds with a template, in the order Settings lists them.
TEMPLATE_KINDS: tuple[FollowUpKind, ...] = (
    FollowUpKind.THANK_YOU,
    FollowUpKind.CALL,
    FollowUpKind.CHECK_IN,
    FollowUpKind.STATUS_INQUIRY,
    FollowUpKind.FEEDBACK_REQUEST,
    FollowUpKind.KEEP_IN_TOUCH,
    FollowUpKind.CUSTOM,
)

#: Longest template accepted (a template is a message, not a document).
TEMPLATE_MAX = 20_000

_SUBJECT = re.compile(r"\s*subject\s*:\s*(.*)", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u2013]|\d+[.)])\s*")


@dataclasses.dataclass(frozen=True, slots=True)
class DraftFacts:
    """What a draft may mention, read from the database by the drafts service."""

    kind: FollowUpKind
    title: str
    company: str = ""
    role: str = ""
    stage: str = ""
    applied_at: dt.datetime | None = None
    person: str = ""
    email: str = ""
    phone: str = ""
    interview_at: dt.datetime | None = None
    points: str = ""
    questions: str = ""
    my_name: str = ""


@dataclasses.dataclass(frozen=True, slots=True)
class Draft:
    kind: FollowUpKind
    to: str
    subject: str
    body: str

    @property
    def is_email(self) -> bool:
        """A call is made, not sent: its draft is a script."""
        return self.kind != FollowUpKind.CALL


def mailto(to: str, subject: str, body: str) -> str:
    """A mailto: link (RFC 6068) that opens the person's email app on this message: every
    reserved character escaped, line breaks as CRLF."""
    address = quote(to.strip(), safe="@")
    lines = "\r\n".join(body.replace("\r\n", "\n").split("\n"))
    return f"mailto:{address}?subject={quote(subject, safe='')}&body={quote(lines, safe='')}"


def spoken_list(text: str) -> str:
    """Notes typed one per line (with or without bullets) as a phrase: "a, b and c"."""
    items = [_BULLET.sub("", line).strip().rstrip(".;,") for line in text.splitlines()]
    items = [i for i in items if i]
    if len(items) <= 1:
        return items[0] if items else ""
    return ", ".join(items[:-1]) + " and " + items[-1]


def when_phrase(when: dt.datetime | None, now: dt.datetime, tz: dt.tzinfo) -> str:
    """How a message says when something happened, in the person's time zone."""
    if when is None:
        return "recently"
    day, today = when.astimezone(tz).date(), now.astimezone(tz).date()
    if day == today:
        return "today"
    if day == today - dt.timedelta(days=1):
        return "yesterday"
    if today - dt.timedelta(days=6) <= day < today:
        return f"on {weekday(day)}"
    return f"on {long_date(day)}"


def values(facts: DraftFacts, now: dt.datetime, tz: dt.tzinfo) -> dict[str, str]:
    """Each placeholder's text for ``facts``; what is unknown becomes a [prompt]."""
    name = " ".join(facts.person.split())
    applied = facts.applied_at.astimezone(tz).date() if facts.applied_at else None
    return {
        "company": facts.company or "[company]",
        "role": facts.role or "[role]",
        "name": name or "[name]",
        "first_name": name.split(" ")[0] if name else "there",
        "email": facts.email,
        "phone": facts.phone or "[phone number]",
        "interview_when": when_phrase(facts.interview_at, now, tz),
        "points": spoken_list(facts.points) or "[a specific point from the interview]",
        "questions": spoken_list(facts.questions) or "[a question you asked]",
        "applied_on": long_date(applied) if applied else "[date]",
        "stage": facts.stage,
        "title": facts.title,
        "my_name": " ".join(facts.my_name.split()) or "[your name]",
    }


def render(template: str, facts: DraftFacts, now: dt.datetime, tz: dt.tzinfo) -> Draft:
    """Fill ``template`` in. Its first non-blank line is the subject when it starts with
    "Subject:"; the rest is the body (surrounding blank lines dropped)."""
    filled = string.Template(template).safe_substitute(values(facts, now, tz))
    lines = filled.replace("\r\n", "\n").split("\n")
    subject = ""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and (match := _SUBJECT.fullmatch(lines[first])):
        subject = " ".join(match.group(1).split())
        lines = lines[first + 1 :]
    body = "\n".join(line.rstrip() for line in lines).strip("\n")
    return Draft(facts.kind, facts.email, subject, body)


def placeholders_in(template: str) -> set[str]:
    """The $names a template uses (for a warning about ones that do not exist)."""
    found: set[str] = set()
    for match in string.Template.pattern.finditer(template):
        name = match.group("named") or match.group("braced")
        if name:
            found.add(name)
    return found
