"""Drafts in the window: from the card editor's follow-ups to a message on the clipboard or
in the email app, and the templates in Settings."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QUrl, QUrlQuery
from PySide6.QtGui import QDesktopServices, QGuiApplication, QTextCursor
from PySide6.QtWidgets import QLabel

from followup_desktop.core.types import ContactRole, FollowUpKind
from followup_desktop.services import contacts, interviews, queries
from followup_desktop.services.drafts import default_template, draft_settings
from followup_desktop.services.followups import complete_follow_up
from followup_desktop.services.settings import playbook_settings
from followup_desktop.ui.draft_dialog import DraftDialog
from followup_desktop.ui.main_window import MainWindow
from followup_desktop.ui.settings_dialog import SettingsDialog


@pytest.fixture
def interviewed(window: MainWindow, clock):  # type: ignore[no-untyped-def]
    """A card at <b>Hooli</b> with a logged interview, its editor open on Follow-ups."""
    stages = {s.name: s.id for s in window.board.stages}
    app_id = window.add_card(
        {"company": "<b>Hooli</b>", "role": "SRE", "stage_id": stages["Interviewing"]}
    )
    assert app_id is not None
    db = window.bridge.db
    ada = contacts.create_contact(
        db,
        "Ada Lovelace",
        application_id=app_id,
        role=ContactRole.INTERVIEWER,
        email="ada@h.example",
    ).id
    interviews.log_interview(
        db,
        app_id,
        clock.now() - dt.timedelta(hours=3),
        interviewer_ids=[ada],
        points_discussed="Kafka & <i>Flink</i>\nthe on-call rota",
    )
    window.open_card(app_id)
    editor = window._editors[app_id]
    editor.tabs.setCurrentIndex(3)
    yield editor
    editor.close()


def _select(editor, kind: FollowUpKind) -> None:  # type: ignore[no-untyped-def]
    fu = next(f for f in editor.detail.follow_ups if f.kind == kind)
    editor.highlight_follow_up(fu.id)


def test_a_thank_you_draft_from_the_editor_to_clipboard_and_email(
    interviewed, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    _select(interviewed, FollowUpKind.THANK_YOU)
    interviewed.findChild(type(interviewed.save_button), "editor-draft").click()
    dialog = interviewed.draft_dialog
    assert isinstance(dialog, DraftDialog)
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Draft email"
    assert dialog.to.text() == "ada@h.example"
    assert dialog.subject.text() == "Thank you for the SRE interview"
    body = dialog.body.toPlainText()
    assert body.startswith("Hi Ada,\n\nThank you for taking the time to talk with me today")
    assert "about the SRE role at <b>Hooli</b>." in body  # markup stays characters
    assert "our conversation about Kafka & <i>Flink</i> and the on-call rota." in body
    assert dialog.hint.isVisible()  # "[one or two sentences…]" and "[your name]" are left
    # The person edits, then copies or opens their email app with what the fields hold.
    dialog.subject.setText("Thanks, Ada")
    dialog.copy()
    assert QGuiApplication.clipboard().text() == body  # the subject has its own field
    assert dialog.copy_button.text() == "Copied"
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    dialog.open_in_mail()
    (url,) = opened
    assert url.scheme() == "mailto"
    assert url.path() == "ada@h.example"
    query = QUrlQuery(url)
    decoded = QUrl.ComponentFormattingOption.FullyDecoded
    assert query.queryItemValue("subject", decoded) == "Thanks, Ada"
    assert query.queryItemValue("body", decoded) == body.replace("\n", "\r\n")
    dialog.close()


def test_a_call_is_a_script_and_a_missing_email_app_is_said(
    interviewed, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    _select(interviewed, FollowUpKind.CALL)
    interviewed.draft_message()
    dialog = interviewed.draft_dialog
    assert dialog.windowTitle() == "Call script"
    # Headed as from the Follow-ups panel ("company — title", not "company: title").
    assert (
        dialog.findChild(QLabel).text() == "<b>Hooli</b> — Call <b>Hooli</b> to follow up"
        " on your interview"
    )
    assert not dialog.mail_button.isVisibleTo(dialog)
    assert not dialog.subject.isVisibleTo(dialog)
    assert "I enjoyed talking about Kafka & <i>Flink</i> and the on-call rota." in dialog.text()
    dialog.close()
    _select(interviewed, FollowUpKind.THANK_YOU)
    interviewed.draft_message()
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    interviewed.draft_dialog.open_in_mail()
    assert "No email app answered" in interviewed.draft_dialog.hint.text()
    interviewed.draft_dialog.close()


def test_templates_and_name_are_edited_in_settings(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(window.bridge, window)
    qtbot.addWidget(dialog)
    tab = dialog.drafts
    assert not tab.reset.isEnabled()  # the shipped template is showing
    tab.my_name.setText("Grace Hopper")
    tab.my_email.setText("grace@navy.example")
    tab.editor.setPlainText("Subject: Cheers\nThanks, $first_name!")
    assert tab.reset.isEnabled()
    tab.kind.setCurrentIndex(tab.kind.findData("check_in"))  # switching keeps the edit
    assert tab.editor.toPlainText() == default_template(FollowUpKind.CHECK_IN)
    tab.kind.setCurrentIndex(tab.kind.findData("thank_you"))
    assert tab.editor.toPlainText() == "Subject: Cheers\nThanks, $first_name!"
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)
    tab.insert.menu().actions()[0].trigger()  # $company, at the cursor
    assert tab.editor.toPlainText().endswith("$first_name!$company")
    tab.editor.setPlainText("Subject: Cheers\nThanks, $first_name!")
    dialog.save()
    saved = draft_settings(window.bridge.db)
    assert saved.my_name == "Grace Hopper"
    assert saved.my_email == "grace@navy.example"
    assert saved.templates == {"thank_you": "Subject: Cheers\nThanks, $first_name!"}
    # Restoring the original stores nothing for that kind again.
    again = SettingsDialog(window.bridge, window)
    qtbot.addWidget(again)
    assert again.drafts.editor.toPlainText() == "Subject: Cheers\nThanks, $first_name!"
    again.drafts.reset.click()
    again.save()
    assert draft_settings(window.bridge.db).templates == {}


def test_a_mistyped_placeholder_is_refused_and_nothing_is_saved(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(window.bridge, window)
    qtbot.addWidget(dialog)
    dialog.check_in.setValue(21)
    dialog.drafts.editor.setPlainText("Hi $frist_name")
    dialog.tabs.setCurrentIndex(0)
    dialog.save()
    assert "$frist_name" in window.toast.label.text()
    assert dialog.tabs.currentWidget() is dialog.drafts
    assert draft_settings(window.bridge.db).templates == {}
    assert playbook_settings(window.bridge.db).check_in_every_days == 14


def test_draft_from_the_follow_ups_panel_then_mark_it_done(interviewed, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    """Where a person deals with what is due: select it in the panel, Draft…, send, and
    "Sent — mark done" finishes the follow-up (and it leaves the panel)."""
    thanks = next(f for f in interviewed.detail.follow_ups if f.kind == FollowUpKind.THANK_YOU)
    window.due.flush()
    assert not window.due.draft.isEnabled()
    assert not window.due.open_button.isEnabled()  # nothing selected: nothing to open
    assert window.due.select_follow_up(thanks.id)
    assert window.due.draft.isEnabled()
    assert window.due.open_button.isEnabled()
    window.due.draft.click()
    dialog = window.due.draft_dialog
    assert isinstance(dialog, DraftDialog)
    assert dialog.findChild(QLabel).text() == "<b>Hooli</b> — " + thanks.title
    assert dialog.subject.text() == "Thank you for the SRE interview"
    assert dialog.done_button.isVisibleTo(dialog)
    assert dialog.done_button.text() == "Sent — mark &done"
    dialog.done_button.click()
    assert not dialog.isVisible()
    window.due.flush()
    assert not window.due.select_follow_up(thanks.id)
    status = {
        f.id: f.status for f in queries.pending_follow_ups(window.bridge.db, thanks.application_id)
    }
    assert thanks.id not in status
    # Done elsewhere meanwhile: the draft stays open and the notice says why.
    call = next(f for f in interviewed.detail.follow_ups if f.kind == FollowUpKind.CALL)
    window.due.flush()
    interviewed.highlight_follow_up(call.id)
    interviewed.draft_message()
    later = interviewed.draft_dialog
    complete_follow_up(window.bridge.db, call.id)
    later.done_button.menu().actions()[1].trigger()  # "No answer"
    assert later.isVisible()
    assert window.toast.isVisible()
    later.close()


def test_a_notifications_draft_button_opens_the_card_and_its_draft(
    interviewed, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    call = next(f for f in interviewed.detail.follow_ups if f.kind == FollowUpKind.CALL)
    interviewed.tabs.setCurrentIndex(0)
    interviewed.hide()
    window.draft_follow_up(call.application_id, call.id)
    editor = window._editors[call.application_id]
    assert editor.isVisible()
    assert editor.tabs.currentIndex() == 3
    dialog = editor.draft_dialog
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Call script"
    dialog.close()


def test_draft_follow_up_opens_a_card_that_was_not_open(window: MainWindow) -> None:
    stages = {s.name: s.id for s in window.board.stages}
    app_id = window.add_card(
        {"company": "Initech", "role": "Analyst", "stage_id": stages["Applied"]}
    )
    assert app_id is not None
    (check_in,) = queries.pending_follow_ups(window.bridge.db, app_id)
    assert app_id not in window._editors
    window.draft_follow_up(app_id, check_in.id)
    editor = window._editors[app_id]
    assert editor.draft_dialog.subject.text() == "Checking in on the Analyst role"
    editor.close()


def test_the_follow_ups_panel_shows_the_last_weeks_progress(window: MainWindow, clock) -> None:  # type: ignore[no-untyped-def]
    window.due.flush()
    assert not window.due.progress.isVisibleTo(window.due)  # nothing yet: no line at all
    stages = {s.name: s.id for s in window.board.stages}
    app_id = window.add_card({"company": "Acme", "role": "SRE", "stage_id": stages["Applied"]})
    assert app_id is not None
    interviews.log_interview(window.bridge.db, app_id, clock.now() - dt.timedelta(hours=1))
    window.due.flush()
    assert window.due.progress.isVisibleTo(window.due)
    shown = window.due.progress.text().replace("\u00a0", " ")
    assert shown == "Last 7 days: 1 application sent · 1 interview"


def test_an_answered_feedback_request_asks_for_what_to_improve(window: MainWindow, clock) -> None:  # type: ignore[no-untyped-def]
    """Rejected → feedback request; "Done — they replied" (in the panel or the editor)
    opens the card at its Feedback field, with a line saying what to write where."""
    from followup_desktop.core.types import Outcome

    stages = {s.name: s.id for s in window.board.stages}
    ids = [
        window.add_card({"company": name, "role": "SRE", "stage_id": stages["Applied"]})
        for name in ("Globex", "Initech", "Hooli")
    ]
    for app_id in ids:
        assert app_id is not None
        assert window.move_cards([app_id], stages["Rejected"], -1)
    clock.advance(dt.timedelta(days=2))
    asks = {
        app_id: next(
            f.id
            for f in queries.pending_follow_ups(window.bridge.db, app_id)
            if f.kind == FollowUpKind.FEEDBACK_REQUEST
        )
        for app_id in ids
    }
    # From the Follow-ups panel.
    window.due.flush()
    assert window.due.select_follow_up(asks[ids[0]])
    window.due._complete(Outcome.REPLIED)
    editor = window._editors[ids[0]]
    assert editor.tabs.currentIndex() == 0
    assert editor.feedback_hint.isVisibleTo(editor)
    assert editor.fields["feedback"].hasFocus() or not editor.isActiveWindow()
    editor.close()
    # From the editor; "no reply yet" does not ask.
    window.open_card(ids[1], asks[ids[1]])
    other = window._editors[ids[1]]
    other.complete(Outcome.REPLIED)
    assert other.tabs.currentIndex() == 0
    assert other.feedback_hint.isVisibleTo(other)
    other.close()
    window.open_card(ids[2], asks[ids[2]])
    third = window._editors[ids[2]]
    third.complete(Outcome.NO_REPLY)
    assert third.tabs.currentIndex() == 3
    assert not third.feedback_hint.isVisibleTo(third)
    third.close()


def test_what_mark_done_records_for_a_sent_nudge_and_a_call(
    interviewed, window: MainWindow
) -> None:  # type: ignore[no-untyped-def]
    """A sent check-in waits for its answer ("no reply yet": it counts towards suggesting
    Ghosted until a reply is logged); a call says whether they answered."""
    from followup_desktop.core.types import Outcome
    from followup_desktop.store.models import FollowUp

    db = window.bridge.db
    outcomes = {}
    for kind, pick in (
        (FollowUpKind.STATUS_INQUIRY, None),
        (FollowUpKind.CALL, "We spoke"),
        (FollowUpKind.THANK_YOU, None),
    ):
        interviewed.reload()
        fu = next(f for f in interviewed.detail.follow_ups if f.kind == kind)
        interviewed.highlight_follow_up(fu.id)
        interviewed.draft_message()
        dialog = interviewed.draft_dialog
        if pick is None:
            dialog.done_button.click()
        else:
            menu = dialog.done_button.menu()
            next(a for a in menu.actions() if a.text() == pick).trigger()
        with db.read() as s:
            row = s.get(FollowUp, fu.id)
            outcomes[kind] = row.outcome if row is not None else "gone"
    assert outcomes == {
        FollowUpKind.STATUS_INQUIRY: Outcome.NO_REPLY,
        FollowUpKind.CALL: Outcome.REPLIED,
        FollowUpKind.THANK_YOU: None,
    }
