"""The card editor: every field of an application, its people, interviews, follow-ups and
timeline. Field edits are saved as one undoable command; the rest (logging an interview,
finishing a follow-up) are immediate service calls, refreshed from the change signal."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QActionGroup,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core import snooze
from ..core.changes import Changes
from ..core.clock import Clock, local_day
from ..core.links import web_address
from ..core.types import (
    ActivityKind,
    FollowUpStatus,
    Outcome,
    feedback_came_in,
)
from ..services import activity, applications, board_view, contacts, followups, interviews, queries
from ..services.applications import FIELD_LABELS, find_similar
from .bridge import DataBridge
from .commands import EditCard
from .file_drops import INVITE_SUFFIXES, dropped_file
from .forms import (
    KIND_LABELS,
    ROLE_LABELS,
    ContactDialog,
    FollowUpDialog,
    InterviewDialog,
    LogDialog,
    WhenDialog,
    ask_yes,
    day_edit,
    menu_text,
    plain_label,
    plain_tip,
    read_day,
    set_day,
    snooze_menu,
)
from .links import open_web_page
from .timefmt import local

log = logging.getLogger("followup.ui")

ONE_LINE = ("company", "role", "url", "location", "salary", "source", "tags", "document_path")
MULTI_LINE = ("notes", "description", "feedback", "lessons")
STATUS_LABELS = {
    FollowUpStatus.PENDING: "To do",
    FollowUpStatus.DONE: "Done",
    FollowUpStatus.DISMISSED: "Skipped",
    FollowUpStatus.CANCELLED: "Withdrawn",
}


def _table(headers: list[str], name: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.verticalHeader().hide()
    t.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    t.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    t.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    t.setWordWrap(True)
    return t


def _item(text: str, data: Any = None) -> QTableWidgetItem:
    # QTableWidgetItem text is drawn as plain text by the default delegate.
    item = QTableWidgetItem(text)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


class CardEditor(QDialog):
    #: (application id, stage id): the user chose another stage. The window moves the card
    #: as its Move to menu does (asking first for a closing stage; undoable), and the
    #: editor shows the stage the card is in once that is done.
    stageRequested = Signal(int, int)

    def __init__(
        self,
        bridge: DataBridge,
        clock: Clock,
        app_id: int,
        undo_stack: QUndoStack,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card-editor")
        self.bridge = bridge
        self.clock = clock
        self.app_id = app_id
        self.undo_stack = undo_stack
        self._loaded: dict[str, Any] = {}
        self._highlight: int | None = None
        self.detail: queries.ApplicationDetail | None = None
        self.draft_dialog: QDialog | None = None  # the open draft, for tests and focus
        #: Closed for good (its deletion is pending): the card opens in a new editor.
        self.closed = False
        #: Asks (question, detail) before a step that cannot be undone; tests answer it.
        self.confirm: Callable[[str, str], bool] = self._confirm_dialog
        self.tabs = QTabWidget()
        self.tabs.setObjectName("editor-tabs")
        self.tabs.addTab(self._details_tab(), "&Details")
        self.tabs.addTab(self._people_tab(), "&People")
        self.tabs.addTab(self._interviews_tab(), "&Interviews")
        self.tabs.addTab(self._follow_ups_tab(), "&Follow-ups")
        self.tabs.addTab(self._timeline_tab(), "&Timeline")
        self.save_button = QPushButton("Save")
        self.save_button.setObjectName("editor-save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        # Why Save was refused, beside it (the window's notice, behind this one, said it
        # too far away); it goes once the card is saved.
        self.save_error = plain_label("")
        self.save_error.setObjectName("editor-save-error")
        self.save_error.setStyleSheet("color: #c62828;")
        self.save_error.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.save_error, 1)
        bottom.addStretch(1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.tabs)
        lay.addLayout(bottom)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.resize(760, 640)
        self.setAcceptDrops(True)  # an interview invitation (.ics)
        bridge.changed.connect(self._on_changed)
        self.reload()

    # --- tabs -----------------------------------------------------------------------------
    def _details_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        # The card's stage, first: the editor showed every field but where the card is.
        # A button with a menu, not a combo box: a combo box acts on each arrow key and on
        # the mouse wheel passing over it, and every step would have moved the card.
        self.stage = QPushButton()
        self.stage.setObjectName("editor-stage")  # (its text and tip: _show_stage)
        self.stage_menu = QMenu(self.stage)
        self._stage_group = QActionGroup(self.stage_menu)  # one stage: drawn as radio marks
        self.stage.setMenu(self.stage_menu)
        stage_row = QHBoxLayout()
        stage_row.addWidget(self.stage)
        stage_row.addStretch(1)
        label = QLabel("&Stage")
        label.setBuddy(self.stage)  # Alt+S opens its menu
        form.addRow(label, stage_row)
        self.fields: dict[str, QLineEdit | QPlainTextEdit] = {}
        for name in ONE_LINE:
            edit = QLineEdit()
            edit.setObjectName(f"field-{name}")
            self.fields[name] = edit
            if name == "document_path":
                browse = QPushButton("Browse…")
                browse.clicked.connect(self._browse)
                row = QHBoxLayout()
                row.addWidget(edit, 1)
                row.addWidget(browse)
                form.addRow(FIELD_LABELS[name], row)
            elif name == "url":
                self.open_url = QPushButton("Open")
                self.open_url.setObjectName("editor-open-url")
                self.open_url.clicked.connect(self._open_posting)
                edit.textChanged.connect(self._url_changed)
                self._url_changed("")
                row = QHBoxLayout()
                row.addWidget(edit, 1)
                row.addWidget(self.open_url)
                form.addRow(FIELD_LABELS[name], row)
            else:
                form.addRow(FIELD_LABELS[name], edit)
            if name == "role":
                self.duplicate = QLabel()
                self.duplicate.setObjectName("editor-duplicate")
                self.duplicate.setTextFormat(Qt.TextFormat.PlainText)
                self.duplicate.setStyleSheet("color: #b26a00;")
                self.duplicate.hide()
                form.addRow("", self.duplicate)
                self._day_rows(form)
        for name in MULTI_LINE:
            text = QPlainTextEdit()
            text.setObjectName(f"field-{name}")
            text.setTabChangesFocus(True)
            text.setMinimumHeight(60)
            self.fields[name] = text
            if name == "feedback":
                self.feedback_hint = QLabel(
                    "They replied to your request for feedback: note what they said, and"
                    " under Lessons learned what you will do differently next time."
                )
                self.feedback_hint.setObjectName("editor-feedback-hint")
                self.feedback_hint.setTextFormat(Qt.TextFormat.PlainText)
                self.feedback_hint.setWordWrap(True)
                self.feedback_hint.hide()
                form.addRow("", self.feedback_hint)
            form.addRow(FIELD_LABELS[name], text)
        self.fields["company"].textChanged.connect(self._check_duplicate)
        self.fields["role"].textChanged.connect(self._check_duplicate)
        return page

    def _day_rows(self, form: QFormLayout) -> None:
        """When it was applied for and since when it is in its stage: a card added days
        after the application went out is dated here, and its check-ins and days in stage
        count from then. A card that never changed stage keeps both days together."""
        self.days: dict[str, QDateEdit] = {}
        for name, tip in (
            ("applied_on", "When you sent it: set as the card leaves the Wishlist"),
            ("in_stage_since", "Days in stage and check-ins count from this day"),
        ):
            edit = day_edit(f"field-{name}")
            edit.setToolTip(tip)
            self.days[name] = edit
            form.addRow(FIELD_LABELS[name], edit)
        self.days["applied_on"].dateChanged.connect(self._applied_on_changed)

    def _applied_on_changed(self) -> None:
        loaded = self._loaded.get("applied_on")
        since = self.days["in_stage_since"]
        if loaded is not None and loaded == self._loaded.get("in_stage_since") == read_day(since):
            since.setDate(self.days["applied_on"].date())

    def _people_tab(self) -> QWidget:
        page = QWidget()
        self.people = _table(["Name", "Role", "Email", "Phone"], "editor-people")
        add = QPushButton("New person…")
        add.setObjectName("editor-add-person")
        add.clicked.connect(self.add_person)
        link = QToolButton()
        link.setText("Link existing")
        link.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.link_menu = QMenu(link)
        self.link_menu.aboutToShow.connect(self._fill_link_menu)
        link.setMenu(self.link_menu)
        edit = QPushButton("Edit…")
        edit.setObjectName("editor-edit-person")
        edit.clicked.connect(self.edit_person)
        unlink = QPushButton("Unlink")
        unlink.setObjectName("editor-unlink-person")
        unlink.clicked.connect(self.unlink_person)
        self._enable_with_row(self.people, [edit, unlink])
        return self._with_buttons(page, self.people, [add, link, edit, unlink])

    def _interviews_tab(self) -> QWidget:
        page = QWidget()
        self.interviews = _table(["When", "Round", "Kind", "With"], "editor-interviews")
        add = QPushButton("Log interview…")
        add.setObjectName("editor-add-interview")
        add.clicked.connect(self.add_interview)
        invite = QPushButton("From invitation…")
        invite.setObjectName("editor-invite")
        invite.setToolTip(
            "Log an interview from its calendar invitation (.ics): its time and the people on it"
        )
        invite.clicked.connect(lambda: self.log_from_invitation())
        edit = QPushButton("Edit…")
        edit.setObjectName("editor-edit-interview")
        edit.clicked.connect(self.edit_interview)
        delete = QPushButton("Delete…")
        delete.setObjectName("editor-delete-interview")
        delete.clicked.connect(self.delete_interview)
        self._enable_with_row(self.interviews, [edit, delete])
        return self._with_buttons(page, self.interviews, [add, invite, edit, delete])

    @staticmethod
    def _enable_with_row(table: QTableWidget, buttons: Sequence[QWidget]) -> None:
        """``buttons`` act on the selected row: pressable only while one is selected (an
        empty list offered Edit and Delete that did nothing)."""

        def follow() -> None:
            selected = bool(table.selectedItems())
            for button in buttons:
                button.setEnabled(selected)

        table.itemSelectionChanged.connect(follow)
        follow()

    def _follow_ups_tab(self) -> QWidget:
        page = QWidget()
        self.follow_ups = _table(["Status", "Due", "Follow-up"], "editor-follow-ups")
        done = QToolButton()
        done.setObjectName("editor-done")
        done.setText("Done")
        done.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(done)
        menu.addAction("Done — they replied", lambda: self.complete(Outcome.REPLIED))
        menu.addAction("Done — no reply yet", lambda: self.complete(Outcome.NO_REPLY))
        menu.addAction("Done", lambda: self.complete(None))
        done.setMenu(menu)
        snooze_button = QToolButton()
        snooze_button.setObjectName("editor-snooze")
        snooze_button.setText("Snooze")
        snooze_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        snooze_button.setMenu(
            snooze_menu(snooze_button, self.clock.tz, self.clock.now, self.snooze_until)
        )
        resched = QPushButton("Reschedule…")
        resched.setObjectName("editor-reschedule")
        resched.clicked.connect(self.reschedule)
        skip = QPushButton("Skip")
        skip.setObjectName("editor-skip")
        skip.clicked.connect(self.skip)
        reopen = QPushButton("Reopen")
        reopen.setObjectName("editor-reopen")
        reopen.clicked.connect(self.reopen)
        add = QPushButton("Add…")
        add.setObjectName("editor-add-follow-up")
        add.clicked.connect(self.add_follow_up)
        draft = QPushButton("D&raft…")
        draft.setObjectName("editor-draft")
        draft.setToolTip("The message this follow-up asks for, filled in (double-click a row)")
        draft.clicked.connect(self.draft_message)
        self.follow_ups.itemDoubleClicked.connect(lambda _item: self.draft_message())
        # What each button can do depends on the selected row: a to-do can be drafted,
        # done, snoozed, rescheduled or skipped; a finished one reopened.
        self._for_pending: list[QWidget] = [draft, done, snooze_button, resched, skip]
        self._for_finished: list[QWidget] = [reopen]
        self.follow_ups.itemSelectionChanged.connect(self._follow_up_buttons)
        self._follow_up_buttons()
        return self._with_buttons(
            page, self.follow_ups, [draft, done, snooze_button, resched, skip, reopen, add]
        )

    def _follow_up_buttons(self) -> None:
        fid = self._selected(self.follow_ups) if self.follow_ups.selectedItems() else None
        fu = next((f for f in self.detail.follow_ups if f.id == fid), None) if self.detail else None
        pending = fu is not None and fu.status is FollowUpStatus.PENDING
        for button in self._for_pending:
            button.setEnabled(pending)
        for button in self._for_finished:
            button.setEnabled(fu is not None and not pending)

    def _timeline_tab(self) -> QWidget:
        page = QWidget()
        self.timeline = _table(["When", "What"], "editor-timeline")
        buttons = []
        for label, kind in (
            ("Log call…", ActivityKind.CALL_LOGGED),
            ("Log email…", ActivityKind.EMAIL_SENT),
            ("They replied…", ActivityKind.REPLY_RECEIVED),
            ("Add note…", ActivityKind.NOTE),
        ):
            b = QPushButton(label)
            b.clicked.connect(lambda _c=False, k=kind, t=label: self.log(k, t.rstrip("…")))
            buttons.append(b)
        return self._with_buttons(page, self.timeline, buttons)

    @staticmethod
    def _with_buttons(page: QWidget, table: QTableWidget, buttons: Sequence[QWidget]) -> QWidget:
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        lay = QVBoxLayout(page)
        lay.addWidget(table, 1)
        lay.addLayout(row)
        return page

    # --- loading --------------------------------------------------------------------------
    def _on_changed(self, changes: Changes) -> None:
        if (
            self.app_id in changes.applications
            or self.app_id in changes.activity
            or changes.contacts
            or changes.stages
        ):
            self.reload(keep_edits=True)

    def reload(self, *, keep_edits: bool = False) -> None:
        detail = queries.application_detail(self.bridge.db, self.app_id)
        if detail is None:
            self.close()
            return
        self.detail = detail
        app = detail.app
        self.setWindowTitle(f"{app.company} — {app.role}")
        dirty = keep_edits and self.dirty_fields()
        if not dirty:
            for name, edit in self.fields.items():
                value = getattr(app, name)
                if isinstance(edit, QLineEdit):
                    edit.setText(value)
                    edit.setCursorPosition(0)
                else:
                    edit.setPlainText(value)
            today = local_day(self.clock.now(), self.clock.tz)
            days = {
                "applied_on": local_day(app.created_at, self.clock.tz),
                "in_stage_since": local_day(app.stage_entered_at, self.clock.tz),
            }
            self._loaded = {}  # (not mirroring one day into the other while filling in)
            for name, day in days.items():
                set_day(self.days[name], day, today)
            self._loaded = {name: getattr(app, name) for name in self.fields} | days
        self._show_stage()
        tz = self.clock.tz
        self._fill(
            self.people,
            [((c.name, ROLE_LABELS[c.role], c.email, c.phone), c.id) for c in detail.contacts],
        )
        self._fill(
            self.interviews,
            [
                (
                    (
                        local(i.starts_at, tz) + f" ({i.duration_minutes} min)",
                        str(i.round),
                        KIND_LABELS[i.kind],
                        ", ".join(p.name for p in i.interviewers),
                    ),
                    i.id,
                )
                for i in detail.interviews
            ],
        )
        now = self.clock.now()
        self._fill(
            self.follow_ups,
            [
                (
                    (
                        STATUS_LABELS[f.status]
                        + (
                            " (overdue)"
                            if f.status is FollowUpStatus.PENDING and f.due_at <= now
                            else ""
                        ),
                        local(max(f.due_at, f.snoozed_until) if f.snoozed_until else f.due_at, tz),
                        f.title + (f" — {f.outcome_note}" if f.outcome_note else ""),
                    ),
                    f.id,
                )
                for f in detail.follow_ups
            ],
        )
        self._fill(
            self.timeline,
            [
                (
                    (
                        local(a.at, tz),
                        a.kind.value.replace("_", " ").capitalize()
                        + (f": {a.summary}" if a.summary else ""),
                    ),
                    a.id,
                )
                for a in detail.activity
            ],
        )
        if self._highlight is not None:
            self.highlight_follow_up(self._highlight)
        self._follow_up_buttons()  # the selected one may be done now

    @staticmethod
    def _fill(table: QTableWidget, rows: list[tuple[tuple[str, ...], int]]) -> None:
        current = (
            table.currentItem().data(Qt.ItemDataRole.UserRole) if table.currentItem() else None
        )
        table.setRowCount(len(rows))
        for r, (cells, key) in enumerate(rows):
            for c, text in enumerate(cells):
                table.setItem(r, c, _item(text, key))
            if key == current:
                table.selectRow(r)
        table.resizeRowsToContents()

    def show_interview(self, interview_id: int) -> None:
        """The Interviews tab, that interview selected (from the Follow-ups panel)."""
        self._show_row(2, self.interviews, interview_id)

    def highlight_follow_up(self, fu_id: int) -> None:
        self._highlight = fu_id
        self._show_row(3, self.follow_ups, fu_id)

    def _show_row(self, tab: int, table: QTableWidget, row_id: int) -> None:
        """Tab ``tab`` open at the row of ``table`` that stands for ``row_id``."""
        self.tabs.setCurrentIndex(tab)
        for r in range(table.rowCount()):
            item = table.item(r, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == row_id:
                table.selectRow(r)
                table.scrollToItem(item)
                return

    # --- details --------------------------------------------------------------------------
    def current_values(self) -> dict[str, Any]:
        """Text fields as typed, days as dates."""
        values: dict[str, Any] = {
            name: (edit.text() if isinstance(edit, QLineEdit) else edit.toPlainText())
            for name, edit in self.fields.items()
        }
        return values | {name: read_day(edit) for name, edit in self.days.items()}

    def dirty_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.current_values().items() if self._loaded.get(k) != v}

    def save(self) -> bool:
        after = self.dirty_fields()
        if not after:
            self.save_error.hide()  # (the refused change was taken back)
            return True
        before = {k: self._loaded[k] for k in after}
        cmd = EditCard(
            self.bridge,
            self.app_id,
            before,
            after,
            f"Edited {after.get('company') or self._loaded['company']}",
        )
        refused: list[str] = []

        def note(message: str) -> None:
            refused.append(message)

        self.bridge.failed.connect(note)
        try:
            self.undo_stack.push(cmd)
        finally:
            self.bridge.failed.disconnect(note)
        self.save_error.setText(refused[-1] if refused else "")
        self.save_error.setVisible(bool(refused))
        if cmd.ok:
            self.reload()
        return cmd.ok

    def _show_stage(self) -> None:
        """The card's stage on the button; in its menu every stage in board order (hidden
        ones too, as the card menu's Move to lists them), the card's own checked. An
        archived card is moved only once restored."""
        assert self.detail is not None
        app = self.detail.app
        menu = self.stage_menu
        menu.clear()
        group = self._stage_group
        for st in board_view.load_stages(self.bridge.db):
            act = menu.addAction(menu_text(f"{st.name} (hidden)" if st.hidden else st.name))
            act.setCheckable(True)
            group.addAction(act)
            act.setChecked(st.id == app.stage_id)
            act.triggered.connect(lambda _c=False, sid=st.id: self._stage_chosen(sid))
            if st.id == app.stage_id:
                self.stage.setText(menu_text(st.name))
        self.stage.setEnabled(not app.archived)
        self.stage.setToolTip(
            "Restore the card to move it"
            if app.archived
            else "Move the card to another stage, at the top of its column (Ctrl+Z undoes it)"
        )

    def _stage_chosen(self, stage_id: int) -> None:
        if self.detail is None or stage_id == self.detail.app.stage_id:
            self._show_stage()  # (its check mark back where it was)
            return
        self.stageRequested.emit(self.app_id, stage_id)
        if not self.closed and self.detail is not None:
            # The stage the card is in now: the new one if it moved, the old one if the
            # move waits for a Yes (the answer's move shows here when it lands) or failed.
            self._show_stage()

    def _check_duplicate(self) -> None:
        values = self.current_values()
        dupes = find_similar(
            self.bridge.db, values["company"], values["role"], exclude_id=self.app_id
        )
        self.duplicate.setText(
            ""
            if not dupes
            else "Already applied? Another application has this company and role."
            if len(dupes) == 1
            else f"Already applied? {len(dupes)} other applications have this company and role."
        )
        self.duplicate.setVisible(bool(dupes))

    def _url_changed(self, text: str) -> None:
        address = web_address(text)
        self.open_url.setEnabled(address is not None)
        self.open_url.setToolTip(
            plain_tip(f"Open {address} in your web browser")
            if address
            else "Only a web address (https://…) can be opened"
        )

    def _open_posting(self) -> None:
        field = self.fields["url"]
        assert isinstance(field, QLineEdit)
        open_web_page(self.bridge, field.text())

    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Résumé or document")
        if path:
            field = self.fields["document_path"]
            assert isinstance(field, QLineEdit)
            field.setText(path)

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        dirty = bool(self.dirty_fields()) and self.isVisible()
        if dirty and getattr(self.parentWidget(), "unattended", False):
            # Logout or shutdown: a question would hold them up with nobody to answer it
            # (until the system killed the app, edits and all). What was typed is saved
            # when it can be.
            if not self.save():
                log.warning("edits to application %s not saved at quit: refused", self.app_id)
        elif dirty:
            box = QMessageBox(
                QMessageBox.Icon.Question, "Unsaved changes", "Save your changes?", parent=self
            )
            box.setStandardButtons(
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel
            )
            answer = box.exec()
            if answer == QMessageBox.StandardButton.Cancel or (
                answer == QMessageBox.StandardButton.Save and not self.save()
            ):
                event.ignore()
                return
        self.bridge.changed.disconnect(self._on_changed)
        self.closed = True  # (deleted at the next turn of the event loop, not now)
        super().closeEvent(event)

    # --- people -----------------------------------------------------------------------------
    def _selected(self, table: QTableWidget) -> int | None:
        item = table.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def add_person(self) -> None:
        dialog = ContactDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.bridge.call(
                contacts.create_contact,
                application_id=self.app_id,
                role=dialog.chosen_role(),
                **dialog.values(),
            )

    def _fill_link_menu(self) -> None:
        self.link_menu.clear()
        linked = {c.id for c in self.detail.contacts} if self.detail else set()
        people = queries.contact_choices(self.bridge.db, exclude=linked)
        if not people:
            self.link_menu.addAction("Nobody else yet").setEnabled(False)
        for c in people:
            sub = self.link_menu.addMenu(
                menu_text(f"{c.name} — {c.detail}" if c.detail else c.name)
            )
            for role, label in ROLE_LABELS.items():
                sub.addAction(
                    label,
                    lambda cid=c.id, r=role: self._link(cid, r),  # type: ignore[misc]
                )

    def _link(self, contact_id: int, role: object) -> None:
        self.bridge.call(contacts.link_contact, self.app_id, contact_id, role)

    def edit_person(self) -> None:
        cid = self._selected(self.people)
        if cid is None or self.detail is None:
            return
        c = next(x for x in self.detail.contacts if x.id == cid)
        dialog = ContactDialog(
            self,
            values={
                "name": c.name,
                "title": c.title,
                "email": c.email,
                "phone": c.phone,
                "linkedin_url": c.linkedin_url,
                "notes": c.notes,
                "keep_in_touch_days": c.keep_in_touch_days,
            },
            role=c.role,
        )
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        if accepted and self.bridge.call(contacts.edit_contact, cid, **dialog.values()) is not None:
            self.bridge.call(contacts.link_contact, self.app_id, cid, dialog.chosen_role())

    def unlink_person(self) -> None:
        cid = self._selected(self.people)
        if cid is not None:
            self.bridge.call(contacts.unlink_contact, self.app_id, cid)

    # --- interviews -------------------------------------------------------------------------
    def _people_choices(self) -> list[tuple[int, str]]:
        return [(c.id, c.name) for c in self.detail.contacts] if self.detail else []

    def add_interview(self) -> None:
        start = self.clock.now().astimezone(self.clock.tz).replace(
            minute=0, second=0, microsecond=0
        ) + dt.timedelta(hours=1)
        dialog = InterviewDialog(self.clock.tz, start, self._people_choices(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            values = dialog.values()
            self.bridge.call(
                interviews.log_interview, self.app_id, values.pop("starts_at"), **values
            )

    def log_from_invitation(self, path: str | None = None) -> bool:
        """Log an interview from its invitation file: read it (a file that is not one is
        refused with the reason, nothing written), show what it says, log what is ticked."""
        from ..core.types import DomainError
        from ..services import drafts, invites
        from .invite_dialog import InviteDialog

        self.tabs.setCurrentIndex(2)  # where the interview will be listed
        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                "Interview invitation",
                "",
                f"Calendar invitations ({' '.join('*' + x for x in INVITE_SUFFIXES)})"
                ";;All files (*)",
            )
            if not path:
                return False
        try:
            invite = invites.read_invite(Path(path), self.clock.tz)
        except DomainError as exc:
            self.bridge.failed.emit(str(exc))
            return False
        me = drafts.draft_settings(self.bridge.db)
        dialog = InviteDialog(invite, self.clock.tz, me.my_name, me.my_email, self)
        if not self.review_invite(dialog):
            return False
        done = self.bridge.call(
            invites.log_interview_from_invite,
            self.app_id,
            invite,
            dialog.chosen(),
            kind=dialog.chosen_kind(),
        )
        return done is not None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_invite(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """An invitation dropped on the editor (outside its text fields) is logged here."""
        path = self._dropped_invite(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        QTimer.singleShot(0, lambda: self.log_from_invitation(path))  # after the drag

    @staticmethod
    def _dropped_invite(event: QDragEnterEvent | QDropEvent) -> str | None:
        return dropped_file(event, INVITE_SUFFIXES)

    @staticmethod
    def review_invite(dialog: QDialog) -> bool:
        """Show the invitation's preview (tests answer it instead)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def edit_interview(self) -> None:
        iid = self._selected(self.interviews)
        if iid is None or self.detail is None:
            return
        i = next(x for x in self.detail.interviews if x.id == iid)
        dialog = InterviewDialog(
            self.clock.tz,
            i.starts_at,
            self._people_choices(),
            self,
            values={
                "starts_at": i.starts_at,
                "duration_minutes": i.duration_minutes,
                "kind": i.kind,
                "round": i.round,
                "interviewer_ids": [p.id for p in i.interviewers],
                "points_discussed": i.points_discussed,
                "questions_asked": i.questions_asked,
                "notes": i.notes,
            },
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            values = dialog.values()
            if values["round"] is None:
                values["round"] = i.round
            self.bridge.call(interviews.edit_interview, iid, **values)

    def delete_interview(self) -> None:
        """Asks first: the interview's notes go, and the thank-yous and the call the
        playbook planned for it are withdrawn (there is no undo for it)."""
        iid = self._selected(self.interviews)
        item = self.interviews.currentItem()
        first = self.interviews.item(item.row(), 0) if item is not None else None
        if iid is None or first is None:
            return
        when = first.text()
        question = f"Delete the interview of {when}?"
        detail = "Its notes go, and the thank-you emails and the call planned for it are withdrawn."
        if self.confirm(question, detail):
            self.bridge.call(interviews.delete_interview, iid)

    def _confirm_dialog(self, question: str, detail: str) -> bool:
        return ask_yes(self, "Delete interview", question, detail, cancel_by_default=True)

    # --- follow-ups -------------------------------------------------------------------------
    def draft_message(self) -> None:
        """Open the draft of the selected follow-up's email (or call script)."""
        from .draft_dialog import open_draft

        fid = self._selected(self.follow_ups)
        if fid is None or self.detail is None:
            return
        fu = next((f for f in self.detail.follow_ups if f.id == fid), None)
        title = fu.title if fu is not None else ""
        self.draft_dialog = open_draft(
            self, self.bridge, self.clock, fid, self.detail.app.company, title
        )

    def complete(self, outcome: Outcome | None) -> None:
        fid = self._selected(self.follow_ups)
        if fid is None or self.detail is None:
            return
        kind = next((f.kind for f in self.detail.follow_ups if f.id == fid), None)
        done = self.bridge.call(followups.complete_follow_up, fid, outcome=outcome)
        if done is not None and feedback_came_in(kind, outcome):
            self.ask_for_feedback()

    def ask_for_feedback(self) -> None:
        """The method's last step: when a rejection's feedback comes in, write it down with
        what to improve, while it is fresh (the Details tab, at the Feedback field)."""
        self.tabs.setCurrentIndex(0)
        self.feedback_hint.show()
        self.fields["feedback"].setFocus()

    def snooze_until(self, until: dt.datetime) -> None:
        """Snooze the selected follow-up (the Snooze menu's choice, see forms.snooze_menu)."""
        fid = self._selected(self.follow_ups)
        if fid is not None:
            self.bridge.call(followups.snooze_follow_up, fid, until)

    def reschedule(self) -> None:
        fid = self._selected(self.follow_ups)
        if fid is None or self.detail is None:
            return
        fu = next(f for f in self.detail.follow_ups if f.id == fid)
        dialog = WhenDialog("Reschedule", self.clock.tz, fu.due_at, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.bridge.call(followups.reschedule_follow_up, fid, dialog.value())

    def skip(self) -> None:
        fid = self._selected(self.follow_ups)
        if fid is not None:
            self.bridge.call(followups.dismiss_follow_up, fid)

    def reopen(self) -> None:
        fid = self._selected(self.follow_ups)
        if fid is not None:
            self.bridge.call(followups.reopen_follow_up, fid)

    def add_follow_up(self) -> None:
        dialog = FollowUpDialog(
            self.clock.tz, snooze.tomorrow_at(self.clock.now(), self.clock.tz), self
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            v = dialog.values()
            self.bridge.call(
                followups.add_follow_up, self.app_id, v["title"], v["due_at"], details=v["details"]
            )

    # --- timeline ---------------------------------------------------------------------------
    def log(self, kind: ActivityKind, title: str) -> None:
        dialog = LogDialog(title, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.bridge.call(activity.log_contact, self.app_id, kind, dialog.value())


__all__ = ["CardEditor", "applications"]
