"""Follow-ups to a calendar file (.ics): what a calendar app reads back (Qt-free core), and
the window's File menu action."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from icalendar import Calendar

from followup_desktop.core.clock import ManualClock
from followup_desktop.services import applications, contacts, followups, queries
from followup_desktop.services.calendar_export import (
    EVENT_LENGTH,
    export_calendar,
    follow_ups_calendar,
    uid_of,
)
from followup_desktop.store.database import Database

HOSTILE = 'Acme, Inc; "=cmd" <b>\\n'


def applied(db: Database) -> int:
    with db.raw() as con:
        return int(con.execute("SELECT id FROM stage WHERE name = 'Applied'").fetchone()[0])


def events(data: bytes) -> dict[str, dict[str, object]]:
    cal = Calendar.from_ical(data)
    return {
        str(e["uid"]): {
            "summary": str(e["summary"]),
            "start": e.decoded("dtstart"),
            "end": e.decoded("dtend"),
            "description": str(e["description"]),
            "alarms": len(e.subcomponents),
        }
        for e in cal.walk("VEVENT")
    }


def test_every_follow_up_to_do_is_an_event(db: Database, clock: ManualClock) -> None:
    now = clock.now()
    a = applications.create_application(db, HOSTILE, "Engineer", stage_id=applied(db)).id
    (check_in,) = queries.pending_follow_ups(db, a)
    late = followups.add_follow_up(db, a, "Send the portfolio", now - dt.timedelta(days=2)).id
    snoozed = followups.add_follow_up(db, a, "Call Acme", now + dt.timedelta(hours=2)).id
    followups.snooze_follow_up(db, snoozed, now + dt.timedelta(days=1))
    done = followups.add_follow_up(db, a, "Already done", now + dt.timedelta(hours=3)).id
    followups.complete_follow_up(db, done)
    far = followups.add_follow_up(db, a, "Next year", now + dt.timedelta(days=365)).id
    gone = applications.create_application(db, "Archived Co", "Dev", stage_id=applied(db)).id
    applications.set_archived(db, gone, True)
    contacts.create_contact(db, "Dana Recruiter", keep_in_touch_days=30)

    data, count = follow_ups_calendar(db, now)
    found = events(data)
    assert count == len(found)
    assert uid_of(done) not in found
    assert uid_of(far) not in found
    for fu in queries.pending_follow_ups(db, gone):
        assert uid_of(fu.id) not in found  # an archived card's follow-ups are silenced

    ev = found[uid_of(check_in.id)]
    assert ev["start"] == check_in.due_at.replace(tzinfo=dt.UTC)
    assert ev["end"] - ev["start"] == EVENT_LENGTH  # type: ignore[operator]
    assert ev["description"].startswith(HOSTILE + " — Engineer")  # type: ignore[union-attr]
    assert ev["alarms"] == 0
    # Overdue: at the next quarter hour, said so; snoozed: at the snooze's end.
    assert found[uid_of(late)]["start"] == now.replace(minute=15)
    assert found[uid_of(late)]["summary"] == f"Send the portfolio · {HOSTILE} (overdue)"
    assert found[uid_of(snoozed)]["start"] == now + dt.timedelta(days=1)
    # A person's stay-in-touch reminder is there too, under the person's name.
    mine = [e for e in found.values() if "Dana Recruiter" in str(e["summary"])]
    assert len(mine) == 1

    # The same follow-ups again later: the same UIDs (a calendar updates, not doubles).
    again, _ = follow_ups_calendar(db, now + dt.timedelta(minutes=1))
    assert set(events(again)) == set(found)


def test_export_writes_the_file_whole(db: Database, clock: ManualClock, tmp_path: Path) -> None:
    applications.create_application(db, "Acme", "Engineer", stage_id=applied(db))
    out = tmp_path / "follow-ups.ics"
    assert export_calendar(db, out, clock.now()) == 1
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert not (tmp_path / "follow-ups.ics.part").exists()


def test_the_file_menu_exports_follow_ups(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window.export_calendar(str(tmp_path / "none.ics"))  # nothing planned: no file, a word
    assert window.toast.label.text() == "No follow-up is planned in the next four months."
    assert not (tmp_path / "none.ics").exists()
    window.add_card({"company": "Acme", "role": "Engineer", "stage_id": applied(window.bridge.db)})
    out = tmp_path / "f.ics"
    window.export_calendar(str(out))
    assert window.toast.label.text() == f"Exported 1 follow-up to {out}"
    assert len(events(out.read_bytes())) == 1
    file_menu = window.findChild(type(window.menuBar().actions()[0].menu()), "menu-file")
    names = [a.objectName() for a in file_menu.actions()]
    assert "action-export-calendar" in names
    window.export_calendar(str(tmp_path / "missing" / "f.ics"))
    assert window.toast.label.text().startswith("Could not export")
