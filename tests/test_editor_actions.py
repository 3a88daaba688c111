"""The card editor's buttons, driven as a user would (dialogs answered by the test)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QToolButton

from followup_desktop.core.types import ActivityKind, ContactRole, FollowUpKind, FollowUpStatus
from followup_desktop.services import queries
from followup_desktop.ui import forms
from followup_desktop.ui.main_window import MainWindow


@pytest.fixture
def editor(window: MainWindow, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    stages = {s.name: s.id for s in window.board.stages}
    app_id = window.add_card(
        {"company": "Acme", "role": "Engineer", "stage_id": stages["Interviewing"]}
    )
    assert app_id is not None
    window.open_card(app_id)
    ed = window._editors[app_id]
    yield ed
    ed.close()


def answer(monkeypatch: pytest.MonkeyPatch, cls: type, fill) -> None:  # type: ignore[no-untyped-def]
    """Make ``cls`` dialogs accept at once, after ``fill(dialog)`` typed into them."""

    def exec_(self) -> int:  # type: ignore[no-untyped-def]
        fill(self)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(cls, "exec", exec_)


def rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def test_people_interviews_follow_ups_and_timeline(
    editor, window: MainWindow, clock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # People: add Jane as an interviewer, with a stay-in-touch cadence.
    def person(d: forms.ContactDialog) -> None:
        d.name.setText("Jane <b>Doe</b>")
        d.role.setCurrentIndex(d.role.findData(ContactRole.INTERVIEWER))
        d.keep.setValue(30)

    answer(monkeypatch, forms.ContactDialog, person)
    editor.add_person()
    assert rows(editor.people)[0][:2] == ["Jane <b>Doe</b>", "Interviewer"]
    jane = editor.detail.contacts[0].id

    # Interviews: log one with Jane; her thank-you appears.
    def interview(d: forms.InterviewDialog) -> None:
        for i in range(d.people.count()):
            d.people.item(i).setCheckState(Qt.CheckState.Checked)

    answer(monkeypatch, forms.InterviewDialog, interview)
    editor.add_interview()
    assert rows(editor.interviews)[0][3] == "Jane <b>Doe</b>"
    titles = [r[2] for r in rows(editor.follow_ups)]
    assert "Send a thank-you email to Jane <b>Doe</b>" in titles

    # Follow-ups: snooze the thank-you, then mark it done.
    fu = next(f for f in editor.detail.follow_ups if f.kind is FollowUpKind.THANK_YOU)
    editor.highlight_follow_up(fu.id)
    snooze_menu = editor.findChild(QToolButton, "editor-snooze").menu()
    next(a for a in snooze_menu.actions() if a.text() == "Tomorrow 9:00").trigger()
    snoozed = next(f for f in editor.detail.follow_ups if f.id == fu.id)
    assert snoozed.snoozed_until is not None
    editor.highlight_follow_up(fu.id)
    editor.complete(None)
    done = next(f for f in editor.detail.follow_ups if f.id == fu.id)
    assert done.status is FollowUpStatus.DONE

    # Add one of my own.
    def own(d: forms.FollowUpDialog) -> None:
        d.title.setText("Send portfolio")

    answer(monkeypatch, forms.FollowUpDialog, own)
    editor.add_follow_up()
    assert any(r[2] == "Send portfolio" for r in rows(editor.follow_ups))

    # Timeline: log a call with the log dialog.
    answer(monkeypatch, forms.LogDialog, lambda d: d.text.setPlainText("Spoke to the recruiter"))
    editor.log(ActivityKind.CALL_LOGGED, "Log call")
    assert any("Spoke to the recruiter" in r[1] for r in rows(editor.timeline))

    # Editing Jane keeps her cadence: her reminder is still planned.
    answer(monkeypatch, forms.ContactDialog, lambda d: d.title.setText("Staff engineer"))
    editor.people.selectRow(0)
    editor.edit_person()
    upcoming = queries.upcoming_follow_ups(window.bridge.db, clock.now() + dt.timedelta(days=90))
    assert [r.title for r in upcoming if r.kind is FollowUpKind.KEEP_IN_TOUCH] == [
        "Keep in touch with Jane <b>Doe</b>"
    ]
    assert editor.detail.contacts[0].id == jane


def test_already_applied_warnings_in_quick_add_and_the_editor(
    editor, window: MainWindow, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """The quick-add dialog and the editor warn while the company and role match a card
    you have (case and Unicode case rules aside), naming how many."""
    from followup_desktop.ui.quick_add import QuickAddDialog

    dialog = QuickAddDialog(window.bridge.db, window.board.stages, None, window)
    qtbot.addWidget(dialog)
    dialog.company.setText(" ACME ")
    dialog.role.setText("engineer")
    assert dialog.warning.isVisibleTo(dialog)
    assert dialog.warning.text() == (
        "Already applied? You have an application for this company and role."
    )
    window.add_card({"company": "acme", "role": "ENGINEER"})
    dialog.role.setText("Engineer")
    assert "You have 2 applications" in dialog.warning.text()
    dialog.role.setText("Designer")
    assert not dialog.warning.isVisibleTo(dialog)
    # The editor of the first Acme card: one other card matches.
    editor.tabs.setCurrentIndex(0)
    editor._check_duplicate()
    assert editor.duplicate.isVisibleTo(editor)
    assert editor.duplicate.text() == (
        "Already applied? Another application has this company and role."
    )


def test_dating_a_card_in_the_editor_and_in_quick_add(
    editor, window: MainWindow, qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """A card added days after the application went out is dated in the editor: a card
    that never changed stage moves both days together, the board counts days in stage
    from then, and Undo puts both back. Quick add takes the day too."""
    from PySide6.QtCore import QDate

    from followup_desktop.ui.quick_add import QuickAddDialog

    app_id = editor.app_id
    applied, since = editor.days["applied_on"], editor.days["in_stage_since"]
    today = QDate(2026, 10, 22)  # the test clock's day in Berlin
    assert applied.date() == since.date() == today
    assert applied.maximumDate() == today  # no future days on offer
    applied.setDate(QDate(2026, 10, 12))
    assert since.date() == QDate(2026, 10, 12)  # it never left its stage: together
    assert editor.save()
    assert window.board.store[app_id].stage_entered_at.date() == dt.date(2026, 10, 12)
    since.setDate(QDate(2026, 10, 20))  # moved on the board late: only this one
    applied.setDate(QDate(2026, 10, 11))
    assert since.date() == QDate(2026, 10, 20)
    assert editor.save()
    window.undo_stack.undo()
    assert (applied.date(), since.date()) == (QDate(2026, 10, 12), QDate(2026, 10, 12))
    window.undo_stack.undo()
    assert (applied.date(), since.date()) == (today, today)
    assert window.board.store[app_id].stage_entered_at.date() == dt.date(2026, 10, 22)
    # A day the service refuses leaves a message and the fields as typed.
    since.setDate(QDate(2026, 10, 1))
    assert not editor.save()
    assert "cannot be before the day it was applied" in window.toast.label.text()
    since.setDate(today)

    dialog = QuickAddDialog(window.bridge.db, window.board.stages, None, window)
    qtbot.addWidget(dialog)
    dialog.company.setText("Globex")
    dialog.role.setText("Engineer")
    # "Add application" starts on the first open stage; on the Wishlist nothing was sent
    # yet: no day to give.
    assert dialog.stage.currentText() == "Applied"
    assert dialog.applied_on.isEnabled()
    dialog.stage.setCurrentIndex(dialog.stage.findText("Wishlist"))
    assert not dialog.applied_on.isEnabled()
    dialog.stage.setCurrentIndex(dialog.stage.findText("Applied"))
    assert "applied_on" not in dialog.fields()  # today: nothing to say
    dialog.applied_on.setDate(QDate(2026, 10, 17))
    new = window.add_card(dialog.fields())
    assert new is not None
    assert window.board.store[new].stage_entered_at.date() == dt.date(2026, 10, 17)


def test_quick_add_offers_hidden_stages_only_when_asked_for(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A card added to a hidden stage vanished on the spot."""
    from followup_desktop.services import stages
    from followup_desktop.ui.quick_add import QuickAddDialog

    offer = next(st.id for st in window.board.stages if st.name == "Offer")
    window.bridge.call(stages.edit_stage, offer, hidden=True)
    listed = QuickAddDialog(window.bridge.db, window.board.stages, None, window)
    qtbot.addWidget(listed)
    names = [listed.stage.itemText(i) for i in range(listed.stage.count())]
    assert "Offer" not in names
    assert "Applied" in names
    asked = QuickAddDialog(window.bridge.db, window.board.stages, offer, window)
    qtbot.addWidget(asked)
    assert asked.stage.currentText() == "Offer"


def test_follow_up_buttons_follow_the_selected_row(editor, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Nothing selected, nothing to press; a to-do can be done (not reopened), a done
    one reopened (not done again)."""
    from PySide6.QtWidgets import QAbstractButton

    def enabled() -> dict[str, bool]:
        names = ("draft", "done", "snooze", "reschedule", "skip", "reopen")
        found = {n: editor.findChild(QAbstractButton, f"editor-{n}") for n in names}
        return {n: b.isEnabled() for n, b in found.items()}

    editor.tabs.setCurrentIndex(3)
    editor.follow_ups.clearSelection()
    assert not any(enabled().values())
    editor.follow_ups.selectRow(0)
    assert enabled() == {
        "draft": True, "done": True, "snooze": True, "reschedule": True, "skip": True,
        "reopen": False,
    }  # fmt: skip
    fid = editor._selected(editor.follow_ups)
    editor.complete(None)
    row = next(
        r
        for r in range(editor.follow_ups.rowCount())
        if editor.follow_ups.item(r, 0).data(Qt.ItemDataRole.UserRole) == fid
    )
    editor.follow_ups.selectRow(row)
    assert enabled() == {
        "draft": False, "done": False, "snooze": False, "reschedule": False, "skip": False,
        "reopen": True,
    }  # fmt: skip


def test_row_buttons_need_a_row_and_deleting_an_interview_asks(
    editor, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """People's Edit and Unlink, and Interviews' Edit and Delete, act on the selected row:
    with none they cannot be pressed. Deleting an interview (no undo: it withdraws its
    thank-yous) asks first, naming it; Cancel keeps it and its follow-ups."""
    from PySide6.QtWidgets import QAbstractButton

    def enabled(*names: str) -> list[bool]:
        return [editor.findChild(QAbstractButton, f"editor-{n}").isEnabled() for n in names]

    assert enabled("edit-person", "unlink-person", "edit-interview", "delete-interview") == [
        False, False, False, False,
    ]  # fmt: skip
    answer(monkeypatch, forms.ContactDialog, lambda d: d.name.setText("Jane"))
    editor.add_person()
    editor.people.clearSelection()
    assert enabled("edit-person", "unlink-person") == [False, False]
    editor.people.selectRow(0)
    assert enabled("edit-person", "unlink-person") == [True, True]

    def interview(d: forms.InterviewDialog) -> None:
        for i in range(d.people.count()):
            d.people.item(i).setCheckState(Qt.CheckState.Checked)

    answer(monkeypatch, forms.InterviewDialog, interview)
    editor.add_interview()
    editor.interviews.clearSelection()
    assert enabled("edit-interview", "delete-interview") == [False, False]
    editor.interviews.selectRow(0)
    assert enabled("edit-interview", "delete-interview") == [True, True]

    asked: list[tuple[str, str]] = []
    editor.confirm = lambda q, d: asked.append((q, d)) or False
    editor.delete_interview()
    when = editor.interviews.item(0, 0).text()
    assert [q for q, _ in asked] == [f"Delete the interview of {when}?"]
    assert len(editor.detail.interviews) == 1
    assert any(f.kind is FollowUpKind.THANK_YOU for f in editor.detail.follow_ups)

    editor.confirm = lambda q, d: True
    editor.delete_interview()
    assert editor.detail.interviews == []
    assert rows(editor.interviews) == []
    assert not any(
        f.kind is FollowUpKind.THANK_YOU and f.status is FollowUpStatus.PENDING
        for f in editor.detail.follow_ups
    )
    assert enabled("edit-interview", "delete-interview") == [False, False]


def test_link_existing_tells_people_of_one_name_apart(
    editor, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Two people called María García (one per application, the usual way people come
    in) read apart in Link existing: by their company, else the applications they are
    on, else their email. A name with "&" shows the "&" (not a shortcut letter)."""
    from followup_desktop.services import contacts

    stages = {s.name: s.id for s in window.board.stages}
    globex = window.add_card({"company": "Globex", "role": "SRE", "stage_id": stages["Applied"]})
    initech = window.add_card({"company": "Initech", "role": "PM", "stage_id": stages["Applied"]})
    assert globex is not None
    assert initech is not None
    for app_id in (globex, initech):
        window.bridge.call(contacts.create_contact, application_id=app_id, name="María García")
    window.bridge.call(contacts.create_contact, name="Sam", company="Procter & Gamble")
    window.bridge.call(contacts.create_contact, name="Kim", email="kim@example.com")
    editor._fill_link_menu()
    labels = [a.text() for a in editor.link_menu.actions()]
    assert labels == [
        "Kim — kim@example.com",
        "María García — Globex",
        "María García — Initech",
        "Sam — Procter && Gamble",  # && is how a menu shows one "&"
    ]


def test_a_refused_save_says_why_in_the_editor(editor, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Save refused (an empty company): the reason shows beside Save, in the editor,
    not only in the window's notice behind it; the typing stays; a good save clears it."""
    editor.fields["company"].setText("")
    assert not editor.save()
    assert editor.save_error.isVisibleTo(editor)
    assert editor.save_error.text() == "Company cannot be empty."
    assert editor.save_error.textFormat() == Qt.TextFormat.PlainText
    assert editor.fields["company"].text() == ""
    editor.fields["company"].setText("Acme Labs")
    assert editor.save()
    assert not editor.save_error.isVisibleTo(editor)
    assert window.board.store[editor.app_id].company == "Acme Labs"


def test_quitting_on_a_signal_saves_an_open_edit_without_asking(
    window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Logout or shutdown (SIGTERM) with an edit open: nobody is there to answer "Save
    your changes?", which held the quit until the system killed the app. The edit is
    saved; one the service refuses is dropped (logged), and the quit still goes on."""
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def no_questions(self) -> int:  # type: ignore[no-untyped-def]
        asked.append(self.text())
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", no_questions)
    stages = {s.name: s.id for s in window.board.stages}
    app_id = window.add_card({"company": "Acme", "role": "Eng", "stage_id": stages["Applied"]})
    assert app_id is not None
    window.unattended = True
    editor = window.open_card(app_id)
    editor.fields["company"].setText("Acme Labs")
    assert editor.close()
    assert window.board.store[app_id].company == "Acme Labs"
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # (the closed editor)
    editor = window.open_card(app_id)
    editor.fields["company"].setText("")  # refused
    assert editor.close()
    assert window.board.store[app_id].company == "Acme Labs"
    assert asked == []


def test_a_card_reopened_as_its_editor_closes_gets_a_new_editor(window: MainWindow) -> None:
    """An editor closed is deleted at the next turn of the event loop: opening the card
    before then (a notification's Open, say) gave back the closed one, no longer
    listening for changes. It gets a new editor, which stays the card's one after the
    old one's deletion."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    stages = {s.name: s.id for s in window.board.stages}
    app_id = window.add_card({"company": "Acme", "role": "Eng", "stage_id": stages["Applied"]})
    assert app_id is not None
    first = window.open_card(app_id)
    assert first.close()
    second = window.open_card(app_id)
    assert second is not first
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window._editors[app_id] is second
    assert window.open_card(app_id) is second
    assert second.close()


def test_the_editor_shows_the_stage_and_moves_the_card(
    editor, window: MainWindow, db, qtbot
) -> None:  # type: ignore[no-untyped-def]
    stages = {s.name: s.id for s in window.board.stages}
    button = editor.stage

    def shown() -> str:
        checked = [a.text() for a in editor.stage_menu.actions() if a.isChecked()]
        assert checked == [button.text()]  # the button and its menu agree
        return button.text()

    assert shown() == "Interviewing"
    assert [a.text() for a in editor.stage_menu.actions()] == [s.name for s in window.board.stages]

    def choose(name: str) -> None:
        next(a for a in editor.stage_menu.actions() if a.text() == name).trigger()

    app_id = editor.app_id
    choose("Offer")
    assert window.board.store[app_id].stage_id == stages["Offer"]
    assert window.board.frames[stages["Offer"]].view.column_model().ids()[0] == app_id
    assert shown() == "Offer"
    assert queries.application_detail(db, app_id).stage_name == "Offer"

    window.undo()  # one step, as a drop is
    assert window.board.store[app_id].stage_id == stages["Interviewing"]
    assert shown() == "Interviewing"

    # A closing stage asks first (after the pick, as after a drop); No changes nothing and
    # the editor shows the stage the card is still in.
    asked: list[str] = []
    window.confirm = lambda q, d: asked.append(q) is not None and False
    choose("Rejected")
    assert shown() == "Interviewing"
    qtbot.waitUntil(lambda: bool(asked))
    assert window.board.store[app_id].stage_id == stages["Interviewing"]
    assert shown() == "Interviewing"
    window.confirm = lambda q, d: True
    choose("Rejected")
    qtbot.waitUntil(lambda: window.board.store[app_id].stage_id == stages["Rejected"])
    assert shown() == "Rejected"
    titles = [f.title for f in editor.detail.follow_ups]
    assert any("feedback" in t.lower() for t in titles)  # the playbook ran


def test_the_editor_stage_list_follows_stage_edits_and_archiving(
    editor, window: MainWindow, db
) -> None:  # type: ignore[no-untyped-def]
    from followup_desktop.core.types import StageKind
    from followup_desktop.services import stages as stage_service

    window.bridge.call(stage_service.add_stage, "Phone <b>screen</b>", kind=StageKind.OPEN)
    texts = [a.text() for a in editor.stage_menu.actions()]
    assert "Phone <b>screen</b>" in texts  # (a menu shows plain text)
    assert editor.stage.text() == "Interviewing"
    window.archive_cards([editor.app_id])
    assert not editor.stage.isEnabled()  # restored first, then moved


def test_the_card_menu_logs_an_interview_and_drafts_the_next_follow_up(
    window: MainWindow, clock, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The method's steps from the card itself: Log interview… (the thank-yous appear)
    and Draft the next follow-up… (the one the card's badge shows, snoozes counted)."""
    from followup_desktop.services import contacts, followups

    stages = {s.name: s.id for s in window.board.stages}
    app_id = window.add_card(
        {"company": "Acme", "role": "Engineer", "stage_id": stages["Wishlist"]}
    )
    assert app_id is not None
    window.bridge.call(
        contacts.create_contact,
        application_id=app_id,
        role=ContactRole.INTERVIEWER,
        name="Jane Doe",
    )
    menu = window.card_menu(app_id)
    named = {act.objectName(): act for act in menu.actions() if act.objectName()}
    assert not named["card-menu-draft"].isEnabled()  # nothing planned yet

    def interview(d: forms.InterviewDialog) -> None:
        for i in range(d.people.count()):
            d.people.item(i).setCheckState(Qt.CheckState.Checked)

    answer(monkeypatch, forms.InterviewDialog, interview)
    named["card-menu-interview"].trigger()
    editor = window._editors[app_id]
    assert [r[3] for r in rows(editor.interviews)] == ["Jane Doe"]
    pending = queries.pending_follow_ups(window.bridge.db, app_id)
    assert any(f.kind is FollowUpKind.THANK_YOU for f in pending)
    editor.close()

    # The soonest by due time is snoozed past another: the other is drafted.
    first, second = sorted(pending, key=lambda f: f.due_at)[:2]
    window.bridge.call(followups.snooze_follow_up, first.id, second.due_at + dt.timedelta(hours=1))
    menu = window.card_menu(app_id)
    draft = next(act for act in menu.actions() if act.objectName() == "card-menu-draft")
    assert draft.isEnabled()
    draft.trigger()
    editor = window._editors[app_id]
    assert editor.draft_dialog is not None
    assert editor._selected(editor.follow_ups) == second.id
    editor.draft_dialog.close()
    editor.close()
    # An archived card: neither.
    window.archive_cards([app_id])
    window.act_archived.setChecked(True)
    menu = window.card_menu(app_id)
    named = {act.objectName(): act for act in menu.actions() if act.objectName()}
    assert not named["card-menu-interview"].isEnabled()
    assert not named["card-menu-draft"].isEnabled()


def test_quitting_with_an_unsaved_edit_asks_and_cancel_keeps_the_app_open(
    editor, window: MainWindow, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """Tray › Quit asked "Save your changes?" and quit whatever the answer, Cancel too,
    losing what was typed. Cancel now keeps the editor and the app open; so does a
    restore asked for meanwhile (its helper is not even started)."""
    import subprocess

    from PySide6.QtWidgets import QMessageBox

    editor.fields["notes"].setPlainText("typed, not saved")
    asked: list[str] = []

    def cancel(self) -> int:  # type: ignore[no-untyped-def]
        asked.append(self.text())
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", cancel)
    assert not window.quit_app()
    assert asked == ["Save your changes?"]
    assert not window.quitting
    assert editor.isVisible()
    started: list[list[str]] = []
    monkeypatch.setattr(subprocess, "Popen", lambda command, **kw: started.append(command))
    window.restart_restoring(window.bridge.db.path.with_name("copy.sqlite3"))
    assert started == []
    assert not window.quitting
    assert "Nothing was restored" in window.toast.label.text()
    assert editor.fields["notes"].toPlainText() == "typed, not saved"


def test_feedback_and_lessons_are_read_back_together(window: MainWindow, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """View › Feedback and lessons… lists what every card taught (plain text), newest
    first, and opens a card from there; with none yet it says how to get some."""
    from PySide6.QtWidgets import QLabel

    from followup_desktop.services import applications
    from followup_desktop.ui.lessons_dialog import NOTHING_YET, LessonsDialog

    shown: list[LessonsDialog] = []
    monkeypatch.setattr(LessonsDialog, "exec", lambda self: shown.append(self) or 0)
    window.findChild(type(window.act_lessons), "action-lessons").trigger()
    (empty,) = shown
    assert empty.table.isHidden()
    assert any(label.text() == NOTHING_YET for label in empty.findChildren(QLabel))
    acme = window.add_card({"company": "Acme", "role": "Engineer"})
    assert acme is not None
    window.bridge.call(
        applications.edit_application,
        acme,
        feedback="<b>More</b> system design",
        lessons="Practise whiteboarding",
    )
    window.show_lessons()
    dialog = shown[-1]
    assert rows(dialog.table) == [
        [
            "Acme\nEngineer\nWishlist · 22 Oct 2026",
            "<b>More</b> system design",
            "Practise whiteboarding",
        ]
    ]
    assert not dialog.open_button.isEnabled()
    dialog.table.selectRow(0)
    dialog.open_button.click()
    assert acme in window._editors
    window._editors[acme].close()
