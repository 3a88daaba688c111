"""Reading a spreadsheet (CSV) into checked rows, before anything is written: what the
import preview shows and services/csv_import.py adds.

What a demanding user's spreadsheet looks like decided the rules:
- Columns are found by their header, in any order and under common names ("Employer",
  "Job title", "Status", "Date applied", "Recruiter"…); columns we do not know are listed,
  not guessed.
- UTF-8 (with or without the BOM Excel writes), else Windows-1252; comma, semicolon (what
  Excel writes where the decimal mark is a comma), tab, or what a "sep=" first line says.
- A bad row (no company, a 600-character role) is skipped with its line number; the others
  still import. An unreadable date or email is left out with a warning (the row imports).
- Our export's formula guard (a leading apostrophe before = + - @) is taken off again.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from collections.abc import Iterable
from pathlib import Path

from ..core.types import ContactRole, DomainError
from ..core.validation import LONG_TEXT_MAX, SHORT_TEXT_MAX
from .applications import clean_fields

#: Bigger than any job search; a larger file is almost certainly the wrong file.
MAX_BYTES = 50 * 1024 * 1024

#: Header names (lower case, punctuation as spaces) → the field they fill.
_HEADERS: dict[str, tuple[str, ...]] = {
    "company": ("company", "company name", "employer", "organisation", "organization", "org"),
    "role": ("role", "position", "job title", "title", "job", "position title", "job role"),
    "stage": ("stage", "status", "state", "column", "pipeline stage"),
    "url": ("url", "link", "job url", "job link", "posting", "job posting", "posting url"),
    "location": ("location", "city", "place", "where", "office"),
    "salary": ("salary", "pay", "compensation", "salary range"),
    "source": ("source", "found via", "found on", "channel", "via"),
    "tags": ("tags", "tag", "labels", "label"),
    "notes": ("notes", "note", "comments", "comment"),
    "description": ("description", "job description"),
    "feedback": ("feedback",),
    "lessons": ("lessons", "lessons learned", "what to improve"),
    "applied": (
        "created utc",
        "date applied",
        "applied",
        "applied on",
        "application date",
        "date added",
        "date",
        "created",
    ),
    "entered": ("stage entered utc", "stage entered", "in stage since", "status date"),
    "archived": ("archived",),
    "contact": (
        "contact",
        "contact person",
        "contact name",
        "point of contact",
        "recruiter",
        "recruiter name",
        "hiring manager",
        "referral",
        "referred by",
        "referrer",
    ),
    "contact_email": ("contact email", "recruiter email", "email", "e mail", "email address"),
    "contact_phone": ("contact phone", "recruiter phone", "phone", "phone number"),
}
#: The role a person column gives its people (anything else: "other").
_CONTACT_ROLES = {
    "recruiter": ContactRole.RECRUITER,
    "recruiter name": ContactRole.RECRUITER,
    "hiring manager": ContactRole.HIRING_MANAGER,
    "referral": ContactRole.REFERRAL,
    "referred by": ContactRole.REFERRAL,
    "referrer": ContactRole.REFERRAL,
}
_BY_HEADER = {name: field for field, names in _HEADERS.items() for name in names}
#: Columns of our own export that are worked out again rather than read back.
_DERIVED = {"position", "next follow up", "next follow up due utc"}
_TEXT_FIELDS = (
    "company",
    "role",
    "url",
    "location",
    "salary",
    "source",
    "tags",
    "notes",
    "description",
    "feedback",
    "lessons",
)
_ONE_LINE = {"company", "role", "url", "location", "salary", "source", "tags"}
_FORMULA_GUARD = re.compile(r"^'(?=[=+\-@\t\r])")
_TRUE = {"yes", "y", "true", "1", "x", "archived"}
_FALSE = {"no", "n", "false", "0", ""}


@dataclasses.dataclass(frozen=True)
class Row:
    """One application to import, checked; ``line`` is where it starts in the file."""

    line: int
    fields: dict[str, str]
    stage: str  # as written in the file ("" = none)
    applied_at: dt.datetime | None
    entered_at: dt.datetime | None
    archived: bool
    contact: Person | None = None


@dataclasses.dataclass(frozen=True)
class Person:
    """Someone a row names (a recruiter, a referral): made a contact linked to the card."""

    name: str
    role: ContactRole
    email: str = ""
    phone: str = ""


@dataclasses.dataclass(frozen=True)
class Problem:
    line: int
    message: str


@dataclasses.dataclass(frozen=True)
class ImportFile:
    """What a file holds, before anything is written."""

    name: str
    rows: tuple[Row, ...]
    skipped: tuple[Problem, ...]  # rows that will not be imported, and why
    warnings: tuple[Problem, ...]  # rows imported with something left out
    columns: tuple[tuple[str, str], ...]  # (header in the file, field it fills)
    ignored: tuple[str, ...]  # headers we do not import
    encoding: str
    delimiter: str
    day_first: bool | None  # how d/m/y dates were read (None: the file had none)


def norm_header(header: str) -> str:
    """A header (or status) compared loosely: lower case, punctuation as single spaces."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", header.casefold()).split())


def _decode(data: bytes) -> tuple[str, str]:
    for encoding, label in (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252")):
        try:
            return data.decode(encoding), label
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1"), "Latin-1"


def _delimiter(text: str) -> str:
    sample = text[:8192]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        return max((",", ";", "\t"), key=first.count)


_SEP_HINT = re.compile(r"^sep=([,;\t|])\r?\n")
_SLASHED = re.compile(r"^\s*(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\s*$")


def _day_first(values: Iterable[str]) -> bool | None:
    """Whether d/m/y (True) or m/d/y (False) dates are meant, from the whole column: any
    first part over 12 settles it one way, any second part over 12 the other; a column of
    only ambiguous dates is read day first (most of the world), and the preview says so."""
    seen = False
    for value in values:
        m = _SLASHED.match(value)
        if not m:
            continue
        seen = True
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 >= b:
            return True
        if b > 12 >= a:
            return False
    return True if seen else None


def parse_date(text: str, tz: dt.tzinfo, day_first: bool | None) -> dt.datetime | None:
    """A date or date-time from a cell, in UTC; None for an empty cell. A date without a
    time is that day's noon in ``tz``; a time without an offset is local time."""
    text = text.strip()
    if not text:
        return None
    m = _SLASHED.match(text)
    if m:
        a, b, year = (int(g) for g in m.groups())
        day, month = (a, b) if day_first is not False else (b, a)
        value = dt.datetime(year, month, day, 12, tzinfo=tz)
    else:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if len(text) <= 10:  # a bare date
            parsed = parsed.replace(hour=12)
        value = parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=tz)
    return value.astimezone(dt.UTC)


def read_csv(path: Path, tz: dt.tzinfo, now: dt.datetime) -> ImportFile:
    """Read and check ``path``. Raises DomainError when the file as a whole cannot be used
    (unreadable, empty, too big, no Company or Role column); single bad rows are skipped."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DomainError(
                f"{path.name} is {size / 1024 / 1024:.0f} MB; a list of applications is far"
                " smaller. Is it the right file?"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise DomainError(f"Cannot read {path.name}: {exc.strerror or exc}.") from exc
    if b"\x00" in data[:4096]:
        raise DomainError(f"{path.name} is not a text file (a spreadsheet saved as CSV is).")
    text, encoding = _decode(data)
    if not text.strip():
        raise DomainError(f"{path.name} is empty.")
    source = io.StringIO(text, newline="")
    hint = _SEP_HINT.match(text)
    if hint:  # Excel's "sep=;" first line says the separator outright
        delimiter = hint.group(1)
        source.readline()
    else:
        delimiter = _delimiter(text)
    # A pasted job description may pass the csv module's 128 KiB cell limit; allow what
    # the notes field itself allows.
    csv.field_size_limit(max(csv.field_size_limit(), LONG_TEXT_MAX))
    records = csv.reader(source, delimiter=delimiter)
    try:
        header = next(records)
    except csv.Error as exc:
        raise DomainError(f"{path.name} is not a CSV file I can read ({exc}).") from exc
    except StopIteration:
        raise DomainError(f"{path.name} is empty.") from None
    skipped_lines = 1 if hint else 0  # the reader counts from after the hint
    columns: dict[int, str] = {}
    contact_role = ContactRole.OTHER
    used: list[tuple[str, str]] = []
    ignored: list[str] = []
    for i, raw in enumerate(header):
        name = norm_header(raw)
        field = _BY_HEADER.get(name)
        if field is not None and field not in columns.values():
            columns[i] = field
            used.append((raw.strip(), field))
            if field == "contact":
                contact_role = _CONTACT_ROLES.get(name, ContactRole.OTHER)
        elif raw.strip() and name not in _DERIVED:
            ignored.append(raw.strip())
    if "contact" not in columns.values():  # an email or phone of nobody in particular
        for i, field in list(columns.items()):
            if field in ("contact_email", "contact_phone"):
                del columns[i]
                ignored.append(header[i].strip())
                used = [(h, f) for h, f in used if f != field]
    missing = [f.title() for f in ("company", "role") if f not in columns.values()]
    if missing:
        found = ", ".join(h.strip() for h in header if h.strip()) or "none"
        raise DomainError(
            f"{path.name} needs a {' and a '.join(missing)} column in its first row"
            f" (columns found: {found})."
        )

    cells: list[tuple[int, dict[str, str]]] = []
    line = records.line_num + skipped_lines + 1
    try:
        for record in records:
            start, line = line, records.line_num + skipped_lines + 1
            if not any(c.strip() for c in record):
                continue
            values = {
                field: _FORMULA_GUARD.sub("", record[i]) if i < len(record) else ""
                for i, field in columns.items()
            }
            cells.append((start, values))
    except csv.Error as exc:
        raise DomainError(f"{path.name}, line {line}: {exc}.") from exc
    if not cells:
        raise DomainError(f"{path.name} has its column names but no applications below them.")
    date_columns = [c for c in ("applied", "entered") if c in columns.values()]
    day_first = _day_first(v[c] for _, v in cells for c in date_columns)

    rows: list[Row] = []
    skipped: list[Problem] = []
    warnings: list[Problem] = []
    for start, values in cells:
        texts = {f: values.get(f, "") for f in _TEXT_FIELDS if f in values}
        for f in _ONE_LINE & texts.keys():
            texts[f] = " ".join(texts[f].split())  # a cell's line breaks, as spaces
        try:
            fields = clean_fields(texts)
        except DomainError as exc:
            skipped.append(Problem(start, str(exc)))
            continue
        dates: dict[str, dt.datetime | None] = {}
        for c in date_columns:
            try:
                when = parse_date(values[c], tz, day_first)
            except (ValueError, OverflowError):
                warnings.append(
                    Problem(start, f"{values[c].strip()!r} is not a date I can read; left out.")
                )
                when = None
            if when is not None and when > now:
                warnings.append(Problem(start, f"{values[c].strip()} is in the future; left out."))
                when = None
            dates[c] = when
        flag = values.get("archived", "").strip().casefold()
        if flag not in _TRUE | _FALSE:
            warnings.append(Problem(start, f"Archived {flag!r} is not yes or no; read as no."))
        person = _person(values, contact_role, start, warnings)
        rows.append(
            Row(
                line=start,
                fields=fields,
                stage=" ".join(values.get("stage", "").split()),
                applied_at=dates.get("applied"),
                entered_at=dates.get("entered"),
                archived=flag in _TRUE,
                contact=person,
            )
        )
    return ImportFile(
        name=path.name,
        rows=tuple(rows),
        skipped=tuple(skipped),
        warnings=tuple(warnings),
        columns=tuple(used),
        ignored=tuple(ignored),
        encoding=encoding,
        delimiter=delimiter,
        day_first=day_first,
    )


def _person(
    values: dict[str, str], role: ContactRole, line: int, warnings: list[Problem]
) -> Person | None:
    """The row's person, if it names one; a bad email or phone is left out with a warning
    (the card still imports)."""
    name = " ".join(values.get("contact", "").split())
    if not name:
        return None
    if len(name) > SHORT_TEXT_MAX:
        warnings.append(Problem(line, "The contact's name is too long; left out."))
        return None
    email = values.get("contact_email", "").strip()
    if email and (
        "@" not in email or len(email) > SHORT_TEXT_MAX or any(c.isspace() for c in email)
    ):
        warnings.append(Problem(line, f"{email!r} is not an email address; left out."))
        email = ""
    phone = " ".join(values.get("contact_phone", "").split())
    if len(phone) > SHORT_TEXT_MAX:
        phone = ""
    return Person(name, role, email, phone)
