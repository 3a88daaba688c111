"""CSV import (Qt-free): our own export comes back, foreign spreadsheets map by header,
bad rows are skipped with their line, and a file that cannot be used changes nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import BERLIN
from sqlalchemy import func, select

from followup_desktop.core.clock import ManualClock
from followup_desktop.core.types import DomainError, FollowUpStatus
from followup_desktop.services import applications, board, board_view, csv_import, csv_read
from followup_desktop.services.export import export_csv
from followup_desktop.store.database import Database, open_database
from followup_desktop.store.models import (
    Activity,
    Application,
    Contact,
    FollowUp,
    application_contact,
)


def _write(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _read(path: Path, clock: ManualClock) -> csv_read.ImportFile:
    return csv_read.read_csv(path, BERLIN, clock.now())


def _stages(db: Database) -> dict[str, int]:
    return {s.name: s.id for s in board_view.load_stages(db)}


def _live(db: Database, ids: tuple[int, ...]) -> int:
    with db.read() as s:
        return len(
            s.scalars(
                select(Application.id).where(
                    Application.id.in_(ids), Application.deleted_at.is_(None)
                )
            ).all()
        )


def _count(db: Database) -> int:
    with db.read() as s:
        return int(s.scalar(select(func.count()).select_from(Application)) or 0)


def test_our_own_export_comes_back(db: Database, clock: ManualClock, tmp_path: Path) -> None:
    evil = '=HYPERLINK("http://evil.example","click")'
    stages = _stages(db)
    a = applications.create_application(
        db,
        evil,
        "Engineer",
        stage_id=stages["Applied"],
        location="Zürich",
        tags="python, remote",
        notes="line 1\nline 2 😀",
    ).id
    b = applications.create_application(db, "Globex", "SRE", stage_id=stages["Offer"]).id
    applications.set_archived(db, b, True)
    board.move_application(db, a, stages["Interviewing"])
    out = tmp_path / "apps.csv"
    export_csv(db, out)

    fresh = open_database(tmp_path / "other" / "f.sqlite3", clock)
    try:
        got = _read(out, clock)
        assert got.skipped == ()
        assert got.warnings == ()
        assert got.ignored == ()  # every export column is read or worked out again
        assert (got.encoding, got.delimiter) == ("UTF-8", ",")
        first, second = sorted(got.rows, key=lambda r: r.fields["role"])
        assert first.fields["company"] == evil  # the formula guard is taken off again
        assert first.fields["notes"] == "line 1\nline 2 😀"
        assert (first.fields["location"], first.fields["tags"]) == ("Zürich", "python, remote")
        assert (first.stage, first.archived) == ("Interviewing", False)
        assert (second.stage, second.archived) == ("Offer", True)
        assert first.applied_at == clock.now().replace(microsecond=0)
        fresh_stages = _stages(fresh)
        done = csv_import.import_rows(fresh, got.rows, fresh_stages["Wishlist"], "apps.csv")
        assert len(done.ids) == 2
        cards = board_view.load_cards(fresh)
        on_board = {c.company for c in cards.values() if not c.archived}
        assert on_board == {evil}
        assert board.card_ids(fresh, fresh_stages["Interviewing"]) == [done.ids[0]]
        with fresh.read() as s:
            globex = s.scalars(select(Application).where(Application.company == "Globex")).one()
            assert globex.archived
            assert globex.stage_id == fresh_stages["Offer"]
            summaries = list(s.scalars(select(Activity.summary)))
        assert "Imported from apps.csv into Interviewing" in summaries
    finally:
        fresh.close()


def test_a_foreign_spreadsheet_maps_by_header(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    # Excel in Germany: semicolons, Windows-1252, day-first dates, its own column names.
    text = (
        "Employer;Job title;Status;Date applied;Recruiter email;Notes\r\n"
        "Müller AG;Backend Developer;interviewing;25/09/2026;a@b.de;Nice team\r\n"
        "Initech;Analyst;Phone screen;01/10/2026;;\r\n"
        "Hooli;Engineer;;;;\r\n"
        "Pied Piper;CTO;Thinking about it;;;\r\n"
    )
    got = _read(_write(tmp_path, text, "cp1252"), clock)
    assert (got.encoding, got.delimiter, got.day_first) == ("Windows-1252", ";", True)
    assert dict(got.columns) == {
        "Employer": "company",
        "Job title": "role",
        "Status": "stage",
        "Date applied": "applied",
        "Notes": "notes",
    }
    assert got.ignored == ("Recruiter email",)
    muller, initech, _hooli, _piper = got.rows
    assert muller.fields["company"] == "Müller AG"
    assert muller.applied_at == dt.datetime(2026, 9, 25, 10, tzinfo=dt.UTC)  # noon in Berlin
    assert initech.applied_at == dt.datetime(2026, 10, 1, 10, tzinfo=dt.UTC)
    stages = _stages(db)
    done = csv_import.import_rows(db, got.rows, stages["Applied"], "in.csv")
    # "interviewing": any case; "Phone screen": what it usually means.
    assert board.card_ids(db, stages["Interviewing"]) == list(done.ids[:2])
    # No stage, and one nothing fits, go where the person chose.
    assert board.card_ids(db, stages["Applied"]) == list(done.ids[2:])


@pytest.mark.parametrize(
    ("status", "stage"),
    [
        ("OFFER", "Offer"),
        ("Offer accepted", "Accepted"),
        ("Offer declined", "Withdrawn"),
        ("Not selected", "Rejected"),
        ("No response yet", "Ghosted"),
        ("Technical interview", "Interviewing"),
        ("Screening call", "Interviewing"),
        ("Not applied yet", "Wishlist"),
        ("Submitted", "Applied"),
        ("Waiting to hear back", "Applied"),
        ("Thinking about it", None),
        ("", None),
    ],
)
def test_statuses_find_the_stage_they_usually_mean(
    db: Database, status: str, stage: str | None
) -> None:
    choices = [(s.id, s.name, s.kind) for s in board_view.load_stages(db)]
    expected = None if stage is None else _stages(db)[stage]
    assert csv_import.match_stage(status, choices) == expected


def test_renamed_stages_are_found_by_kind(db: Database) -> None:
    choices = [(1, "Idea", "planned"), (2, "Talking", "open"), (3, "No thanks", "rejected")]
    assert csv_import.match_stage("Rejected", choices) == 3
    assert csv_import.match_stage("Saved", choices) == 1
    assert csv_import.match_stage("Phone screen", choices) is None  # no kind says which
    assert csv_import.match_stage("talking", choices) == 2


def test_excels_separator_line_is_obeyed_and_lines_still_count(
    clock: ManualClock, tmp_path: Path
) -> None:
    text = "sep=|\nCompany|Role|Notes\nA, Inc.|B; C|x\n|no company|\n"
    got = _read(_write(tmp_path, text), clock)
    assert got.delimiter == "|"
    assert [(r.line, r.fields["company"], r.fields["role"]) for r in got.rows] == [
        (3, "A, Inc.", "B; C")
    ]
    assert [p.line for p in got.skipped] == [4]


def test_month_first_when_the_column_says_so(clock: ManualClock, tmp_path: Path) -> None:
    text = "Company,Role,Applied\nA,B,03/25/2026\nC,D,04/01/2026\n"
    got = _read(_write(tmp_path, text), clock)
    assert got.day_first is False
    assert [r.applied_at.date() for r in got.rows if r.applied_at] == [
        dt.date(2026, 3, 25),
        dt.date(2026, 4, 1),
    ]


def test_unreadable_and_future_dates_are_left_out_with_a_warning(
    clock: ManualClock, tmp_path: Path
) -> None:
    text = "Company,Role,Date applied\nA,B,last tuesday\nC,D,2027-01-05\nE,F,2026-10-01T08:30:00Z\n"
    got = _read(_write(tmp_path, text), clock)
    assert [r.applied_at for r in got.rows] == [
        None,
        None,
        dt.datetime(2026, 10, 1, 8, 30, tzinfo=dt.UTC),
    ]
    assert [(w.line, w.message) for w in got.warnings] == [
        (2, "'last tuesday' is not a date I can read; left out."),
        (3, "2027-01-05 is in the future; left out."),
    ]


def test_bad_rows_are_skipped_with_their_line_and_the_rest_import(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    text = (
        "company,role,notes\n"
        'Acme,Engineer,"two\nlines"\n'  # lines 2-3
        ",Orphan role,\n"  # line 4: no company
        "\n"  # line 5: blank, ignored
        f"Globex,{'x' * 600},\n"  # line 6: too long
        "Initech,  Analyst  \n"  # line 7: a short row; spaces trimmed
    )
    got = _read(_write(tmp_path, text), clock)
    assert [(p.line, p.message) for p in got.skipped] == [
        (4, "Company cannot be empty."),
        (6, "Role is too long (600 characters; at most 500)."),
    ]
    assert [(r.line, r.fields["company"], r.fields["role"]) for r in got.rows] == [
        (2, "Acme", "Engineer"),
        (7, "Initech", "Analyst"),
    ]
    assert got.rows[0].fields["notes"] == "two\nlines"


def test_a_long_pasted_description_fits(clock: ManualClock, tmp_path: Path) -> None:
    long = "x" * 300_000  # past the csv module's default 128 KiB cell limit
    got = _read(_write(tmp_path, f'Company,Role,Description\nA,B,"{long}"\n'), clock)
    assert got.rows[0].fields["description"] == long


def test_duplicates_of_the_board_and_within_the_file(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    applications.create_application(db, "ACME", "engineer")
    text = "Company,Role\nAcme,Engineer\nGlobex,SRE\nglobex,sre\nInitech,Analyst\n"
    got = _read(_write(tmp_path, text), clock)
    assert csv_import.find_duplicates(db, got.rows) == {
        2: "Already on the board",
        4: "Same as line 3",
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "in.csv is empty."),
        (b"  \r\n\r\n", "in.csv is empty."),
        (b"PK\x03\x04\x00\x00binary", "in.csv is not a text file"),
        (b"Company,Title-ish,Notes\nA,B,C\n", "in.csv needs a Role column in its first row"),
        (b"Name,Where\nA,B\n", "needs a Company and a Role column"),
        (b"Company,Role\n\n,\n", "in.csv has its column names but no applications below them."),
    ],
)
def test_a_file_that_cannot_be_used_says_why(
    clock: ManualClock, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    with pytest.raises(DomainError, match=message.replace(".", r"\.")):
        _read(path, clock)


def test_a_huge_or_missing_file_is_refused(
    clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, "Company,Role\nA,B\n")
    monkeypatch.setattr(csv_read, "MAX_BYTES", 10)
    with pytest.raises(DomainError, match="Is it the right file"):
        _read(path, clock)
    with pytest.raises(DomainError, match=r"Cannot read gone\.csv"):
        _read(tmp_path / "gone.csv", clock)


def test_imported_cards_get_follow_ups_from_their_dates(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    text = "Company,Role,Status,Applied\nAcme,Engineer,Applied,2026-09-01\nOld,Job,Applied,\n"
    got = _read(_write(tmp_path, text), clock)
    stages = _stages(db)
    ids = csv_import.import_rows(db, got.rows, stages["Applied"], "in.csv").ids
    with db.read() as s:
        due = dict(
            s.execute(
                select(FollowUp.application_id, FollowUp.due_at).where(
                    FollowUp.status == FollowUpStatus.PENDING
                )
            ).all()
        )
    # Applied seven weeks ago: the check-in is already due; applied today: it is ahead.
    assert due[ids[0]] < clock.now() < due[ids[1]]


def test_overdue_follow_ups_can_start_from_today_and_the_playbook_keeps_them(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    text = "Company,Role,Status,Applied\nAcme,Engineer,Applied,2026-09-01\n"
    got = _read(_write(tmp_path, text), clock)
    stages = _stages(db)
    (app_id,) = csv_import.import_rows(
        db, got.rows, stages["Applied"], "in.csv", catch_up_from_today=True
    ).ids
    applications.edit_application(db, app_id, company="Acme Corp")  # the playbook re-plans

    with db.read() as s:
        (fu,) = s.scalars(select(FollowUp).where(FollowUp.application_id == app_id)).all()
        # Thursday 09:00 UTC = 11:00 in Berlin, past the 10:00 nudge hour: tomorrow 10:00.
        assert fu.due_at == dt.datetime(2026, 10, 23, 8, tzinfo=dt.UTC)
        assert fu.rescheduled
        assert fu.next_alert_at == fu.due_at
    (card,) = board_view.load_cards(db).values()
    assert card.next_due == fu.due_at


def test_undo_and_redo_of_an_import(db: Database, clock: ManualClock, tmp_path: Path) -> None:
    got = _read(_write(tmp_path, "Company,Role\nA,B\nC,D\nE,F\n"), clock)
    stages = _stages(db)
    ids = csv_import.import_rows(db, got.rows, stages["Applied"], "in.csv").ids
    assert _live(db, ids) == 3
    changes = csv_import.discard_imported(db, ids)
    assert set(changes.applications) == set(ids)
    assert _live(db, ids) == 0
    assert board.card_ids(db, stages["Applied"]) == []
    csv_import.restore_imported(db, ids)
    assert board.card_ids(db, stages["Applied"]) == list(ids)  # back in file order
    assert _count(db) == 3


def _people(db: Database) -> list[tuple[str, str, str, list[tuple[str, str]]]]:
    """Every contact: name, email, company, and the (company, role) of each linked card."""
    with db.read() as s:
        out = []
        for c in s.scalars(select(Contact).order_by(Contact.id)):
            links = s.execute(
                select(Application.company, application_contact.c.role)
                .join(application_contact, application_contact.c.application_id == Application.id)
                .where(application_contact.c.contact_id == c.id)
                .order_by(Application.id)
            ).all()
            out.append((c.name, c.email, c.company, [(a, str(r)) for a, r in links]))
        return out


def test_the_people_a_sheet_names_become_linked_contacts(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    from followup_desktop.services import contacts

    contacts.create_contact(db, "Sam Known", email="SAM@globex.example")
    text = (
        "Company,Role,Recruiter,Recruiter email,Phone\n"
        "Acme,Engineer,Jo Smith,jo@acme.example,+49 30 1234\n"
        "Acme,SRE,Jo Smith,jo@acme.example,\n"  # the same person, one contact
        "Globex,Analyst,Sam K.,sam@globex.example,\n"  # known by email: linked, not copied
        "Initech,Dev,Pat,not-an-email,\n"
        "Hooli,PM,,,\n"
    )
    got = _read(_write(tmp_path, text), clock)
    assert [(w.line, w.message) for w in got.warnings] == [
        (5, "'not-an-email' is not an email address; left out.")
    ]
    done = csv_import.import_rows(db, got.rows, _stages(db)["Applied"], "in.csv")
    assert len(done.people) == 2  # Jo and Pat are new
    assert _people(db) == [
        ("Sam Known", "SAM@globex.example", "", [("Globex", "recruiter")]),
        ("Jo Smith", "jo@acme.example", "Acme", [("Acme", "recruiter"), ("Acme", "recruiter")]),
        ("Pat", "", "Initech", [("Initech", "recruiter")]),
    ]
    # Undo takes the new people away (the known one stays, unlinked); redo links again.
    csv_import.discard_imported(db, done.ids, done.people, done.links)
    assert _people(db) == [("Sam Known", "SAM@globex.example", "", [])]
    back = csv_import.restore_imported(db, done.ids, got.rows)
    assert len(back.people) == 2
    assert [p[0] for p in _people(db)] == ["Sam Known", "Jo Smith", "Pat"]
    assert _people(db)[0][3] == [("Globex", "recruiter")]


def test_undo_keeps_a_person_linked_to_another_card_since(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    from followup_desktop.core.types import ContactRole
    from followup_desktop.services import contacts

    got = _read(_write(tmp_path, "Company,Role,Contact\nAcme,Engineer,Jo\n"), clock)
    done = csv_import.import_rows(db, got.rows, _stages(db)["Applied"], "in.csv")
    other = applications.create_application(db, "Globex", "SRE").id
    contacts.link_contact(db, other, done.people[0], ContactRole.REFERRAL)
    csv_import.discard_imported(db, done.ids, done.people, done.links)
    assert _people(db) == [("Jo", "", "Acme", [("Globex", "referral")])]


def test_an_email_column_without_a_person_column_is_not_read(
    clock: ManualClock, tmp_path: Path
) -> None:
    got = _read(_write(tmp_path, "Company,Role,Email\nA,B,a@b.example\n"), clock)
    assert dict(got.columns) == {"Company": "company", "Role": "role"}
    assert got.ignored == ("Email",)
    assert got.rows[0].contact is None


def test_a_stage_gone_before_the_import_changes_nothing(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    got = _read(_write(tmp_path, "Company,Role\nA,B\n"), clock)
    with pytest.raises(DomainError, match="no longer exists"):
        csv_import.import_rows(db, got.rows, 9999, "in.csv")
    with pytest.raises(DomainError, match="Nothing to import"):
        csv_import.import_rows(db, [], _stages(db)["Applied"], "in.csv")
    with pytest.raises(DomainError, match="no longer exists"):
        csv_import.import_rows(db, got.rows, _stages(db)["Applied"], "in.csv", stage_for={"": 9999})
    assert _count(db) == 0


def test_a_stage_chosen_for_a_status_wins(db: Database, clock: ManualClock, tmp_path: Path) -> None:
    """The preview's choice per status the board has no stage for; statuses the board
    knows and rows without a status are placed as before."""
    text = "Company,Role,Status\nA,R,Take-home\nB,R,Interviewing\nC,R,\nD,R,Take-home\n"
    got = _read(_write(tmp_path, text), clock)
    stages = _stages(db)
    csv_import.import_rows(
        db, got.rows, stages["Applied"], "in.csv", stage_for={"Take-home": stages["Offer"]}
    )
    names = {sid: name for name, sid in stages.items()}
    with db.read() as s:
        placed = dict(s.execute(select(Application.company, Application.stage_id)).all())
    assert {c: names[sid] for c, sid in placed.items()} == {
        "A": "Offer",
        "B": "Interviewing",
        "C": "Applied",
        "D": "Offer",
    }
