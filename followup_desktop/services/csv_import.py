"""Import applications from a spreadsheet (CSV): how a person moves an existing job search
into the app, and how our own export comes back in.

Reading is separate from writing so the window can show what will happen first:
:func:`read_csv` turns a file into checked rows (no database), :func:`find_duplicates` marks
the rows already on the board, and :func:`import_rows` adds the chosen rows in one
transaction. Nothing is written for a file that cannot be read.

What a demanding user's spreadsheet looks like decided the rules:
- Columns are found by their header, in any order and under common names ("Employer",
  "Job title", "Status", "Date applied"…); columns we do not know are listed, not guessed.
- UTF-8 (with or without the BOM Excel writes), else Windows-1252; comma, semicolon (what
  Excel writes where the decimal mark is a comma) or tab separated.
- A bad row (no company, a 600-character role) is skipped with its line number; the others
  still import. An unreadable date is ignored with a warning (the row still imports).
- Our export's formula guard (a leading apostrophe before = + - @) is taken off again.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import selectinload

from ..core.changes import Changes
from ..core.playbook import day_based_due
from ..core.types import ActivityKind, ContactRole, DomainError, FollowUpStatus, StageKind
from ..core.validation import LONG_TEXT_MAX, SHORT_TEXT_MAX
from ..store.database import Database, Transaction
from ..store.models import Application, Contact, FollowUp, Stage, application_contact
from .applications import clean_fields
from .board import append_cards, take_out
from .common import log_activity
from .playbook_runner import replan, settings_for

#: Bigger than any job search; a larger file is almost certainly the wrong file.
MAX_BYTES = 50 * 1024 * 1024

#: Ids per statement when reading an import back (SQLite binds at most 32,766 values).
_CHUNK = 500

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


@dataclasses.dataclass(frozen=True)
class Imported:
    ids: tuple[int, ...]
    changes: Changes
    people: tuple[int, ...] = ()  # contacts the import made (undo removes them again)
    links: tuple[tuple[int, int], ...] = ()  # (application, contact) links it made


def _norm(header: str) -> str:
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
        name = _norm(raw)
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


def _key(company: str, role: str) -> tuple[str, str]:
    return company.strip().casefold(), role.strip().casefold()


def find_duplicates(db: Database, rows: Sequence[Row]) -> dict[int, str]:
    """Lines of ``rows`` whose company and role (case-insensitive) are already a live
    application, or appeared on an earlier line of the same file, each with which."""
    with db.read() as s:
        existing = {
            _key(c, r)
            for c, r in s.execute(
                select(Application.company, Application.role).where(
                    Application.deleted_at.is_(None)
                )
            )
        }
    first_line: dict[tuple[str, str], int] = {}
    out: dict[int, str] = {}
    for row in rows:
        key = _key(row.fields["company"], row.fields["role"])
        if key in existing:
            out[row.line] = "Already on the board"
        elif key in first_line:
            out[row.line] = f"Same as line {first_line[key]}"
        else:
            first_line[key] = row.line
    return out


#: What spreadsheets call their statuses → the board's stage: a default stage's name when
#: the board has a stage of that name, else the first stage of the kind. First match wins
#: ("Offer declined" is the candidate withdrawing, not an offer; "Not applied" is planned).
_STATUS_WORDS: tuple[tuple[tuple[str, ...], str | None, StageKind | None], ...] = (
    (("offer accepted", "accepted", "hired", "signed"), "Accepted", StageKind.WON),
    (
        ("offer declined", "declined offer", "withdrawn", "withdrew", "position filled"),
        "Withdrawn",
        StageKind.CLOSED,
    ),
    (
        ("not selected", "unsuccessful", "turned down", "rejected", "rejection", "declined"),
        "Rejected",
        StageKind.REJECTED,
    ),
    (("ghosted", "no response", "no reply", "no answer"), "Ghosted", StageKind.GHOSTED),
    (("offer",), "Offer", None),
    (
        ("interview", "screen", "onsite", "on site", "final round", "assessment", "take home"),
        "Interviewing",
        None,
    ),
    (
        ("wishlist", "saved", "interested", "to apply", "bookmarked", "not applied"),
        "Wishlist",
        StageKind.PLANNED,
    ),
    (
        ("applied", "submitted", "application sent", "in review", "under review", "waiting"),
        "Applied",
        None,
    ),
)


def match_stage(status: str, stages: Sequence[tuple[int, str, str]]) -> int | None:
    """The stage a status names: its own name (any case), else what the words usually
    mean ("Phone screen" → Interviewing, "No response" → Ghosted, "Offer accepted" → the
    won stage). ``stages`` are (id, name, kind) in board order; None when nothing fits."""
    wanted = " ".join(status.casefold().split())
    if not wanted:
        return None
    for sid, stage_name, _ in stages:
        if stage_name.casefold() == wanted:
            return sid
    words = _norm(wanted)
    for phrases, name, kind in _STATUS_WORDS:
        if not any(re.search(rf"\b{re.escape(p)}", words) for p in phrases):
            continue
        by_name = [sid for sid, n, _ in stages if name and n.casefold() == name.casefold()]
        by_kind = [sid for sid, _, k in stages if kind and k == kind.value]
        found = by_name or by_kind
        return found[0] if found else None
    return None


def import_rows(
    db: Database,
    rows: Sequence[Row],
    default_stage_id: int,
    source: str,
    *,
    catch_up_from_today: bool = False,
) -> Imported:
    """Add ``rows`` in one transaction, in file order at the end of their columns. A row's
    stage is matched by name (case-insensitive); no stage, or one the board does not have,
    means ``default_stage_id``. The playbook plans each card's follow-ups from its dates,
    and each timeline starts with "Imported from <source>".

    ``catch_up_from_today``: a follow-up the dates make overdue (a check-in due weeks
    before the app knew of the application, which may well have happened) is planned for
    the next nudge hour instead, as if the person had rescheduled it: a spreadsheet of
    last month's applications does not open as a wall of red badges."""
    if not rows:
        raise DomainError("Nothing to import.")
    with db.write() as tx:
        stages = {st.id: st for st in tx.session.scalars(select(Stage).order_by(Stage.position))}
        choices = [(st.id, st.name, st.kind.value) for st in stages.values()]
        matched_for: dict[str, int | None] = {}
        fallback = stages.get(default_stage_id)
        if fallback is None:
            raise DomainError("That stage no longer exists; nothing was imported.")
        placed: list[tuple[Application, Stage]] = []
        for row in rows:
            if row.stage not in matched_for:  # a handful of distinct statuses
                matched_for[row.stage] = match_stage(row.stage, choices)
            matched = matched_for[row.stage]
            stage = fallback if matched is None else stages[matched]
            created = min(row.applied_at or tx.now, tx.now)
            entered = max(row.entered_at or created, created)
            app = Application(
                **row.fields,
                stage=stage,
                created_at=created,
                updated_at=tx.now,
                stage_entered_at=min(entered, tx.now),
                archived=row.archived,
                unanswered_nudges=0,
                ghost_suggested=False,
            )
            placed.append((app, stage))
        tx.session.add_all([app for app, _ in placed])
        tx.session.flush()  # one batched INSERT for all of them (a flush per row: 3x slower)
        append_cards(tx, [(app.id, stage.id) for app, stage in placed if not app.archived])
        for app, stage in placed:
            summary = f"Imported from {source} into {stage.name}"
            log_activity(tx, app.id, ActivityKind.CREATED, summary)
            tx.changed.applications.add(app.id)
            if not app.archived:  # archived cards stay silent, as when archived by hand
                replan(tx, app.id)
        ids = [app.id for app, _ in placed]
        people, links = _add_people(
            tx, [(app, row) for (app, _), row in zip(placed, rows, strict=True)]
        )
        if catch_up_from_today:
            _catch_up(tx, ids)
    return Imported(tuple(ids), tx.result, people, links)


_Made = tuple[tuple[int, ...], tuple[tuple[int, int], ...]]


def _add_people(tx: Transaction, cards: Sequence[tuple[Application, Row]]) -> _Made:
    """Link each card to the person its row names: someone already known by that email,
    the same name (or email) met earlier in the file, or a new contact. Returns the new
    contacts' ids and the links made. People made here have no stay-in-touch cadence:
    nothing reminds of them until the person sets one."""
    named = [(app, row.contact) for app, row in cards if row.contact is not None]
    if not named:
        return (), ()
    emails = sorted({p.email.casefold() for _, p in named if p.email})
    known: dict[tuple[str, str], Contact] = {}
    for at in range(0, len(emails), _CHUNK):
        for found in tx.session.scalars(
            select(Contact).where(func.lower(Contact.email).in_(emails[at : at + _CHUNK]))
        ):
            known.setdefault(("", found.email.casefold()), found)
    created: list[Contact] = []
    links: list[tuple[int, Contact, ContactRole]] = []
    for app, person in named:
        key = ("", person.email.casefold()) if person.email else (person.name.casefold(), "")
        contact = known.get(key)
        if contact is None:
            contact = Contact(
                name=person.name,
                email=person.email,
                phone=person.phone,
                company=app.company,
                created_at=tx.now,
                updated_at=tx.now,
            )
            known[key] = contact
            created.append(contact)
        links.append((app.id, contact, person.role))
    tx.session.add_all(created)
    tx.session.flush()
    tx.session.execute(
        insert(application_contact),
        [{"application_id": a, "contact_id": c.id, "role": r} for a, c, r in links],
    )
    tx.changed.contacts.update(c.id for _, c, _ in links)
    return tuple(c.id for c in created), tuple((a, c.id) for a, c, _ in links)


def _catch_up(tx: Transaction, ids: Sequence[int]) -> None:
    settings = settings_for(tx)
    due = day_based_due(tx.now, 0, settings, tx.tz)
    if due <= tx.now:
        due = day_based_due(tx.now, 1, settings, tx.tz)
    for at in range(0, len(ids), _CHUNK):
        late = tx.session.scalars(
            select(FollowUp).where(
                FollowUp.application_id.in_(list(ids[at : at + _CHUNK])),
                FollowUp.status == FollowUpStatus.PENDING,
                FollowUp.due_at < tx.now,
            )
        )
        for fu in late:
            if fu.escalate_at is not None:
                fu.escalate_at = fu.escalate_at + (due - fu.due_at)
            fu.due_at = due
            fu.rescheduled = True
            fu.updated_at = tx.now
            tx.changed.follow_ups.add(fu.id)


def _imported(tx: Transaction, ids: Sequence[int], deleted: bool) -> list[Application]:
    """The applications of an import, with their follow-ups loaded in the same read (a lazy
    load per card flushed the session each time: seconds for a big import). Asked in
    chunks: SQLite limits how many values one statement may bind."""
    out: list[Application] = []
    for at in range(0, len(ids), _CHUNK):
        out.extend(
            tx.session.scalars(
                select(Application)
                .options(selectinload(Application.follow_ups))
                .where(
                    Application.id.in_(list(ids[at : at + _CHUNK])),
                    Application.deleted_at.is_not(None)
                    if deleted
                    else Application.deleted_at.is_(None),
                )
            )
        )
    out.sort(key=lambda app: app.id)
    return out


def discard_imported(
    db: Database,
    ids: Sequence[int],
    people: Sequence[int] = (),
    links: Sequence[tuple[int, int]] = (),
) -> Changes:
    """Undo an import: the cards go (softly, like Delete) in one transaction, with the
    links to people it made and the people it made — unless the person has since been
    linked to another card."""
    with db.write() as tx:
        apps = _imported(tx, ids, deleted=False)
        for app in apps:
            if not app.archived:
                take_out(tx, app.id)
        with tx.session.no_autoflush:
            for app in apps:
                app.deleted_at = tx.now
                app.updated_at = tx.now
                tx.changed.applications.add(app.id)
                tx.changed.follow_ups.update(f.id for f in app.follow_ups)
        if links:
            tx.driver.executemany(
                "DELETE FROM application_contact WHERE application_id = ? AND contact_id = ?",
                list(links),
            )
            tx.changed.contacts.update(c for _, c in links)
        if people:
            imported = set(ids)
            kept = {
                c
                for c, a in tx.session.execute(
                    select(
                        application_contact.c.contact_id, application_contact.c.application_id
                    ).where(application_contact.c.contact_id.in_(list(people)))
                )
                if a not in imported
            }
            gone = [c for c in people if c not in kept]
            for at in range(0, len(gone), _CHUNK):
                tx.session.execute(
                    delete(Contact).where(Contact.id.in_(gone[at : at + _CHUNK])),
                    execution_options={"synchronize_session": False},
                )
            tx.changed.contacts.update(gone)
    return tx.result


def restore_imported(db: Database, ids: Sequence[int], rows: Sequence[Row] = ()) -> Imported:
    """Redo an import after its undo: the same cards come back, in file order, and their
    people are linked again (``rows``: the import's rows, in the order of ``ids``)."""
    with db.write() as tx:
        apps = _imported(tx, ids, deleted=True)
        with tx.session.no_autoflush:
            for app in apps:
                app.deleted_at = None
                app.updated_at = tx.now
                tx.changed.applications.add(app.id)
                tx.changed.follow_ups.update(f.id for f in app.follow_ups)
        live = [app for app in apps if not app.archived]
        append_cards(tx, [(app.id, app.stage_id) for app in live])
        for app in live:
            replan(tx, app.id)
        row_of = dict(zip(ids, rows, strict=False))
        people, links = _add_people(tx, [(app, row_of[app.id]) for app in apps if app.id in row_of])
    return Imported(tuple(ids), tx.result, people, links)
