"""Logging an interview from its calendar invitation (.ics), without Qt."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from followup_desktop.core.clock import ManualClock
from followup_desktop.core.types import ContactRole, DomainError, FollowUpKind, InterviewKind
from followup_desktop.services import applications, contacts, invites, queries
from followup_desktop.services.board_view import load_stages
from followup_desktop.store.database import Database
from followup_desktop.store.models import Contact, Interview

# As Google Calendar sends it: UTC times, a folded description, a room, the candidate.
GOOGLE = """BEGIN:VCALENDAR\r
PRODID:-//Google Inc//Google Calendar 70.9054//EN\r
VERSION:2.0\r
METHOD:REQUEST\r
BEGIN:VEVENT\r
DTSTART:20261103T130000Z\r
DTEND:20261103T134500Z\r
ORGANIZER;CN=Rita Recruiter:mailto:rita@hooli.example\r
ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;CN=Ada Lovelace;X-NUM-GUESTS=0:mailto:\r
 ada@hooli.example\r
ATTENDEE;CUTYPE=INDIVIDUAL;CN=rita@hooli.example:mailto:RITA@hooli.example\r
ATTENDEE;CUTYPE=ROOM;CN=Room 4:mailto:room4@resource.example\r
ATTENDEE;CN=me@mail.example:mailto:me@mail.example\r
SUMMARY:Interview: Backend Engineer\\, round 2\r
DESCRIPTION:Join with Google Meet: https://meet.google.com/abc-defg-hij\\nSee y\r
 ou there\r
UID:abc@google.com\r
END:VEVENT\r
END:VCALENDAR\r
"""

# As Outlook sends it: a Windows zone name defined in the file, and a place.
OUTLOOK = """BEGIN:VCALENDAR
METHOD:REQUEST
VERSION:2.0
BEGIN:VTIMEZONE
TZID:W. Europe Standard Time
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
DTSTART;TZID=W. Europe Standard Time:20261023T150000
DURATION:PT90M
ORGANIZER;CN="Bob Boss":mailto:bob@initech.example
LOCATION:Initech HQ\\, Room 12
SUMMARY:Onsite
END:VEVENT
END:VCALENDAR
"""


def _file(tmp_path: Path, text: str | bytes, name: str = "invite.ics") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


def test_a_google_invitation(tmp_path: Path, clock: ManualClock) -> None:
    got = invites.read_invite(_file(tmp_path, GOOGLE), clock.tz)
    assert got.title == "Interview: Backend Engineer, round 2"
    assert got.starts_at == dt.datetime(2026, 11, 3, 13, 0, tzinfo=dt.UTC)
    assert got.minutes == 45
    assert got.kind is InterviewKind.VIDEO  # the Meet link
    assert [p.label for p in got.people] == [
        "Rita Recruiter <rita@hooli.example> (organizer)",
        "Ada Lovelace <ada@hooli.example>",
        "me@mail.example",  # no room, and Rita once
    ]


def test_an_outlook_invitation_with_a_windows_zone(tmp_path: Path, clock: ManualClock) -> None:
    got = invites.read_invite(_file(tmp_path, OUTLOOK), clock.tz)
    # 15:00 in Berlin summer time on 23 October (the Sunday after, the clocks go back).
    assert got.starts_at == dt.datetime(2026, 10, 23, 13, 0, tzinfo=dt.UTC)
    assert got.minutes == 90
    assert got.location == "Initech HQ, Room 12"
    assert got.kind is InterviewKind.ONSITE
    assert [p.label for p in got.people] == ["Bob Boss <bob@initech.example> (organizer)"]


def test_an_unreadable_end_means_an_hour(tmp_path: Path, clock: ManualClock) -> None:
    for text in (
        GOOGLE.replace("DTEND:20261103T134500Z", "DTEND:garbage"),
        GOOGLE.replace("DTEND:20261103T134500Z", "DTEND:20261103T120000Z"),  # before the start
    ):
        assert invites.read_invite(_file(tmp_path, text), clock.tz).minutes == 60


def test_a_floating_time_is_the_users_own(tmp_path: Path, clock: ManualClock) -> None:
    text = OUTLOOK.replace("DTSTART;TZID=W. Europe Standard Time:", "DTSTART:")
    got = invites.read_invite(_file(tmp_path, text), clock.tz)  # the user is in Berlin
    assert got.starts_at == dt.datetime(2026, 10, 23, 13, 0, tzinfo=dt.UTC)
    assert got.kind is InterviewKind.ONSITE


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not a calendar at all", "is not a calendar invitation"),
        (b"\x00\x01\x02", "is not a calendar invitation"),
        ("BEGIN:VCALENDAR\nVERSION:2.0\nEND:VCALENDAR\n", "has no meeting in it"),
        (GOOGLE.replace("METHOD:REQUEST", "METHOD:CANCEL"), "cancels the meeting"),
        (
            GOOGLE.replace("DTSTART:20261103T130000Z", "DTSTART;VALUE=DATE:20261103").replace(
                "DTEND:20261103T134500Z\r\n", ""
            ),
            "is an all-day event",
        ),
        (GOOGLE.replace("DTSTART:20261103T130000Z", "DTSTART:2026-11-XX"), "cannot be read"),
    ],
)
def test_what_is_not_an_invitation_is_refused(
    tmp_path: Path, clock: ManualClock, content: str | bytes, message: str
) -> None:
    with pytest.raises(DomainError, match=message):
        invites.read_invite(_file(tmp_path, content), clock.tz)


def test_a_missing_or_huge_file_is_refused(tmp_path: Path, clock: ManualClock) -> None:
    with pytest.raises(DomainError, match="cannot be read"):
        invites.read_invite(tmp_path / "gone.ics", clock.tz)
    big = _file(tmp_path, "X" * (invites.INVITE_MAX_BYTES + 1), "big.ics")
    with pytest.raises(DomainError, match="too big"):
        invites.read_invite(big, clock.tz)


def test_logging_it_adds_the_interviewers_and_their_thank_yous(
    db: Database, tmp_path: Path, clock: ManualClock
) -> None:
    stage = next(s.id for s in load_stages(db) if s.name == "Interviewing")
    app = applications.create_application(db, "Hooli", "Backend Engineer", stage_id=stage).id
    known = contacts.create_contact(
        db, "Rita R.", email="Rita@Hooli.example", application_id=app, role=ContactRole.RECRUITER
    ).id
    got = invites.read_invite(_file(tmp_path, GOOGLE), clock.tz)
    chosen = [p for p in got.people if p.email != "me@mail.example"]
    done = invites.log_interview_from_invite(db, app, got, chosen)
    with db.read() as s:
        interview = s.get(Interview, done.id)
        assert interview is not None
        assert interview.starts_at == got.starts_at
        assert interview.duration_minutes == 45
        assert interview.kind is InterviewKind.VIDEO
        assert interview.notes == "From the invitation “Interview: Backend Engineer, round 2”"
        assert sorted(c.name for c in interview.interviewers) == ["Ada Lovelace", "Rita R."]
        assert s.scalars(select(Contact.id).where(Contact.name == "Rita Recruiter")).all() == []
        # A new person works where the card is (as one added by hand or imported would).
        ada = s.scalars(select(Contact).where(Contact.name == "Ada Lovelace")).one()
        assert ada.company == "Hooli"
    detail = queries.application_detail(db, app)
    assert detail is not None
    roles = {c.name: c.role for c in detail.contacts}
    assert roles == {"Rita R.": ContactRole.RECRUITER, "Ada Lovelace": ContactRole.INTERVIEWER}
    thanks = [f for f in detail.follow_ups if f.kind == FollowUpKind.THANK_YOU]
    assert sorted(f.title for f in thanks) == [
        "Send a thank-you email to Ada Lovelace",
        "Send a thank-you email to Rita R.",
    ]
    assert known in {c.id for c in detail.contacts}


def test_the_editor_logs_an_invitation_after_the_person_ticks_who(
    window, tmp_path: Path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """Interviews › From invitation…: the preview shows when and who (markup in the
    invitation stays characters); the person unticks themselves; the thank-yous follow."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    from followup_desktop.services import drafts as draft_service
    from followup_desktop.ui.invite_dialog import InviteDialog

    draft_service.update_draft_settings(window.bridge.db, my_name="Grace Hopper")
    stages = {s.name: s.id for s in window.board.stages}
    app_id = window.add_card({"company": "Hooli", "role": "SRE", "stage_id": stages["Applied"]})
    window.open_card(app_id)
    editor = window._editors[app_id]
    text = GOOGLE.replace("CN=me@mail.example", "CN=Grace Hopper").replace(
        "SUMMARY:Interview: Backend Engineer\\, round 2", "SUMMARY:<b>Round 2</b>"
    )
    seen: list[InviteDialog] = []

    def review(dialog: InviteDialog) -> bool:
        seen.append(dialog)
        return True

    editor.review_invite = review
    assert editor.log_from_invitation(str(_file(tmp_path, text)))
    (dialog,) = seen
    shown = {label.text(): label for label in dialog.findChildren(QLabel)}
    assert shown["<b>Round 2</b>"].textFormat() == Qt.TextFormat.PlainText
    assert "Tue 3 Nov 2026, 14:00–14:45 (45 min, your time)" in shown
    ticked = [p.email for p in dialog.chosen()]
    assert ticked == ["rita@hooli.example", "ada@hooli.example"]  # not Grace herself
    assert editor.interviews.rowCount() == 1
    thanks = [f.title for f in editor.detail.follow_ups if f.kind == FollowUpKind.THANK_YOU]
    assert sorted(thanks) == [
        "Send a thank-you email to Ada Lovelace",
        "Send a thank-you email to Rita Recruiter",
    ]
    # A file that is no invitation: said in the notice, nothing logged, no preview.
    assert not editor.log_from_invitation(str(_file(tmp_path, "nope", "bad.ics")))
    assert len(seen) == 1
    assert "bad.ics is not a calendar invitation" in window.toast.label.text()
    assert editor.interviews.rowCount() == 1
    editor.close()


def _drop_file(target, path: Path, pos) -> bool:  # type: ignore[no-untyped-def]
    """Drag-enter then drop a file on ``target`` (as a file manager would)."""
    from PySide6.QtCore import QMimeData, Qt, QUrl
    from PySide6.QtGui import QDragEnterEvent, QDropEvent
    from PySide6.QtWidgets import QApplication

    payload = QMimeData()
    payload.setUrls([QUrl.fromLocalFile(str(path))])
    args = (
        Qt.DropAction.CopyAction,
        payload,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    enter = QDragEnterEvent(pos.toPoint(), *args)
    QApplication.sendEvent(target, enter)
    if not enter.isAccepted():
        return False
    QApplication.sendEvent(target, QDropEvent(pos, *args))
    return True


def test_an_invitation_dropped_on_a_card_or_its_editor_is_logged_for_it(
    window, tmp_path: Path, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPointF

    from followup_desktop.ui.board_widget import column_object_name
    from followup_desktop.ui.column_view import ColumnView

    stages = {s.name: s.id for s in window.board.stages}
    ids = [
        window.add_card({"company": name, "role": "SRE", "stage_id": stages["Applied"]})
        for name in ("Acme", "Hooli")
    ]
    view = window.findChild(ColumnView, column_object_name(stages["Applied"]))
    second = view.visualRect(view.model().index(1, 0)).center()  # Hooli
    path = _file(tmp_path, GOOGLE)
    answered: list[object] = []

    def review(dialog) -> bool:  # type: ignore[no-untyped-def]
        answered.append(dialog)
        return True

    from followup_desktop.ui.editor import CardEditor

    monkeypatch.setattr(CardEditor, "review_invite", staticmethod(review))
    assert _drop_file(view.viewport(), path, QPointF(second))
    qtbot.waitUntil(lambda: ids[1] in window._editors and len(answered) == 1)
    hooli = window._editors[ids[1]]
    qtbot.waitUntil(lambda: hooli.interviews.rowCount() == 1)
    assert hooli.tabs.currentIndex() == 2
    assert ids[0] not in window._editors  # Acme was not touched
    # Below the cards: nothing to log it for, and the notice says where to drop it.
    empty = QPointF(second.x(), view.viewport().height() - 5)
    assert _drop_file(view.viewport(), path, empty)
    assert window.toast.label.text() == "Drop the invitation on the card of its application."
    # On the editor itself (a second round, say).
    assert _drop_file(hooli, path, QPointF(hooli.rect().center()))
    qtbot.waitUntil(lambda: hooli.interviews.rowCount() == 2)
    assert not _drop_file(hooli, tmp_path / "notes.txt", QPointF(5, 5))
    for editor in list(window._editors.values()):
        editor.close()


def test_the_preview_unticks_the_user_by_their_email(qapp, tmp_path: Path, clock) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.ui.invite_dialog import InviteDialog

    got = invites.read_invite(_file(tmp_path, GOOGLE), clock.tz)
    dialog = InviteDialog(got, clock.tz, "", " ME@mail.example ")
    assert [p.email for p in dialog.chosen()] == ["rita@hooli.example", "ada@hooli.example"]
    everyone = InviteDialog(got, clock.tz)
    assert len(everyone.chosen()) == 3
    dialog.deleteLater()
    everyone.deleteLater()
