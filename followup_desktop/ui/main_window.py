"""The main window: toolbar, board, due panel, status bar, undo stack.

Modules that need SQLAlchemy (commands, services, dialogs) are imported where they are
used: the window and its board paint before SQLAlchemy is loaded (start-up time).

Wiring only: gestures from the board become undoable commands; every view refreshes from
``DataBridge.changed``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QPoint, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from .. import APP_NAME, memory
from ..core.clock import Clock
from ..core.types import StageKind
from . import board_menus
from .board_widget import BoardWidget
from .bridge import DataBridge
from .due_panel import DuePanel
from .file_drops import INVITE_SUFFIXES, SHEET_SUFFIXES, dropped_file
from .forms import ask_yes, menu_text, widget_shortcut
from .roles import ApplicationIdRole
from .shortcuts import ShortcutsDialog
from .stack_tips import StackTips
from .status_counts import StatusCounts
from .toast import Toast

if TYPE_CHECKING:  # the editor module loads when a card is first opened
    from .editor import CardEditor

log = logging.getLogger("followup.ui")

#: Stages whose arrival deserves a "are you sure?": they end the process and trigger the
#: playbook (feedback request) or stop every nudge.
CONFIRM_KINDS = {StageKind.REJECTED.value, StageKind.CLOSED.value}

Confirm = Callable[[str, str], bool]


class MainWindow(QMainWindow):
    def __init__(
        self, bridge: DataBridge, clock: Clock, settings: QSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main-window")
        self.setWindowTitle(APP_NAME)
        self.bridge = bridge
        self.clock = clock
        self.settings = settings
        self._settled = False
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setObjectName("undo-stack")
        #: Asked before a move into a Rejected/Withdrawn-like stage; tests replace it.
        self.confirm: Confirm = self._confirm_dialog
        #: Shows the import preview and says whether to go ahead; tests replace it.
        self.review_import: Callable[[QDialog], bool] = lambda dialog: (
            dialog.exec() == QDialog.DialogCode.Accepted
        )
        self._editors: dict[int, CardEditor] = {}
        #: Set by the app when a system tray exists: closing then hides to the tray.
        self.tray: Any = None
        self.quitting = False
        #: Quitting on a signal (logout, shutdown): nobody is there to answer a question.
        self.unattended = False

        self.board = BoardWidget(bridge, clock.now, clock.tz, settings, self)
        self.board.moveRequested.connect(self.request_move)
        self.board.openRequested.connect(self.open_card)
        self.board.quickAddRequested.connect(self.quick_add)
        self.board.deleteRequested.connect(self.delete_cards)
        self.board.contextMenuRequested.connect(self._card_menu)
        self.board.columnMenuRequested.connect(self._column_menu)
        # Status counts walk every card: coalesced, so a burst of changes costs one pass.
        self._status_timer = QTimer(self)
        self._status_timer.setSingleShot(True)
        self._status_timer.setInterval(100)
        self._status_timer.timeout.connect(self._update_status)
        self.board.countsChanged.connect(self._on_counts_changed)

        self.empty = self._build_empty_state()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.board)
        self.stack.addWidget(self.empty)
        self.setCentralWidget(self.stack)

        self.due = DuePanel(bridge, clock, self)
        self.due.openRequested.connect(self.open_card)
        self.due.feedbackReceived.connect(self.record_feedback)
        self.due.completed.connect(self._offer_reopen)
        self.due.interviewOpenRequested.connect(
            lambda app_id, iid: self.open_card(app_id).show_interview(iid)
        )
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.due)

        self.toast = Toast(self.statusBar())
        self.toast.undoClicked.connect(self.undo)
        #: The undo stack's index when the notice offering Undo was shown (see _stack_moved).
        self._notice_at: int | None = None
        self._notice_follows = False  # a push whose own notice comes right after it
        self.undo_stack.indexChanged.connect(self._stack_moved)
        bridge.failed.connect(lambda msg: self.toast.show_message(msg, error=True))

        self._build_actions()
        self._build_toolbar()
        self._build_menus()
        self.counts = StatusCounts(self.act_overdue, self.act_quiet)
        self.status = self.counts.text
        self.statusBar().addPermanentWidget(self.counts)
        self._update_status()
        self._restore_geometry()
        self.setAcceptDrops(True)  # a spreadsheet dropped on the window is imported

    # --- construction ------------------------------------------------------------------------
    def _build_empty_state(self) -> QWidget:
        page = QWidget()
        page.setObjectName("empty-state")
        title = QLabel("Your job search starts here")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        text = QLabel(
            "Add the jobs you are applying for. Followup Desktop keeps them on a board and tells "
            "you when to follow up: a thank-you within a day of each interview, a call a week "
            "later, a check-in every couple of weeks — so no application goes cold.\n\n"
            "Press Ctrl+N (or N on the board) to add one, or bring in the spreadsheet you have "
            "been keeping (saved as CSV); drag cards between stages as things move."
        )
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setFixedWidth(560)  # a fixed width lets the wrapped label compute its height
        text.setMinimumHeight(text.heightForWidth(560))  # (a centred item is not asked)
        button = QPushButton("Add your first application")
        button.setObjectName("empty-add")
        button.clicked.connect(lambda: self.quick_add(None))
        from_csv = QPushButton("Import from a spreadsheet (CSV)…")
        from_csv.setObjectName("empty-import")
        from_csv.clicked.connect(lambda: self.import_csv())
        sample = QPushButton("Try with sample data")
        sample.setObjectName("empty-sample")
        sample.setToolTip("Opens a second window on a separate folder of made-up applications")
        sample.clicked.connect(self.try_sample_data)
        lay = QVBoxLayout(page)
        lay.addStretch(1)
        for w in (title, text, button, from_csv, sample):
            lay.addWidget(w, 0, Qt.AlignmentFlag.AlignHCenter)
        lay.addStretch(2)
        return page

    def _action(
        self,
        name: str,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.act_add = self._action(
            "action-add",
            "&Add application",
            lambda: self.quick_add(None),
            QKeySequence.StandardKey.New,
        )
        self.act_undo = self._stack_action("action-undo", "&Undo", self.undo)
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_redo = self._stack_action("action-redo", "&Redo", self.redo)
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        stack = self.undo_stack
        stack.canUndoChanged.connect(self.act_undo.setEnabled)
        stack.canRedoChanged.connect(self.act_redo.setEnabled)
        self.act_overdue = QAction("Overdue only", self)
        self.act_overdue.setObjectName("action-overdue-only")
        self.act_overdue.setCheckable(True)
        self.act_overdue.toggled.connect(self.board.set_overdue_only)
        self.act_quiet = QAction("Gone quiet only", self)
        self.act_quiet.setObjectName("action-quiet-only")
        self.act_quiet.setCheckable(True)
        self.act_quiet.toggled.connect(self.board.set_quiet_only)
        self.act_archived = QAction("Show archived", self)
        self.act_archived.setObjectName("action-show-archived")
        self.act_archived.setCheckable(True)
        self.act_archived.toggled.connect(self.board.set_show_archived)
        self.act_shortcuts = self._action(
            "action-shortcuts", "Keyboard shortcuts", self.show_shortcuts
        )
        QShortcut(QKeySequence("?"), self, self.show_shortcuts)
        QShortcut(QKeySequence("/"), self, self.focus_search)
        QShortcut(QKeySequence.StandardKey.Find, self, self.focus_search)
        self.act_stages = self._action("action-edit-stages", "Edit stages…", self.edit_stages)
        self.act_lessons = self._action(
            "action-lessons", "Feedback and &lessons…", self.show_lessons
        )
        self.act_insights = self._action(
            "action-insights", "Your &search so far…", self.show_insights
        )
        self.act_import = self._action("action-import", "Import CSV…", self.import_csv)
        self.act_export = self._action("action-export", "Export CSV…", self.export_csv)
        self.act_export_calendar = self._action(
            "action-export-calendar", "Export follow-ups to calendar (.ics)…", self.export_calendar
        )
        self.act_settings = self._action(
            "action-settings", "Settings…", self.edit_settings, QKeySequence.StandardKey.Preferences
        )
        self.act_due = self.due.toggleViewAction()
        self.act_due.setObjectName("action-due-panel")
        self.act_due.setText("Follow-ups panel")
        # Keys for what was only a toolbar button (toolbar buttons take no focus: without
        # them a person with a keyboard could not import, export or change a setting).
        self.act_import.setShortcut(QKeySequence("Ctrl+I"))
        self.act_export.setShortcut(QKeySequence("Ctrl+E"))
        self.act_overdue.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.act_archived.setShortcut(QKeySequence("Ctrl+Shift+A"))
        self.act_quiet.setShortcut(QKeySequence("Ctrl+Shift+G"))
        self.act_due.setShortcut(QKeySequence("F9"))
        if self.act_settings.shortcut().isEmpty():  # the platform has no Preferences key
            self.act_settings.setShortcut(QKeySequence("Ctrl+,"))
        self.act_find = self._action("action-find", "&Find", self.focus_search)
        self.act_quit = self._action(
            "action-quit", "&Quit", self.quit_app, QKeySequence.StandardKey.Quit
        )
        self.act_about = self._action("action-about", f"&About {APP_NAME}", self.show_about)
        self.act_shortcuts.setText("&Keyboard shortcuts")
        self.act_shortcuts.setShortcut(QKeySequence.StandardKey.HelpContents)  # F1

    def _stack_action(self, name: str, text: str, slot: Callable[[], None]) -> QAction:
        """Undo/Redo keep a fixed label and tooltip; what they would undo is shown when the
        tooltip is asked for (ui/stack_tips.py). (QUndoStack's own actions rename
        themselves on every move, which re-lays out and repaints the toolbar per drop.)"""
        action = self._action(name, text, slot)
        action.setEnabled(False)
        return action

    def _build_toolbar(self) -> None:
        bar = QToolBar("Main")
        bar.setObjectName("toolbar")
        bar.setMovable(False)
        bar.addAction(self.act_add)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Search company, role, people, tags, notes  ( / )")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search applications")
        self.search.setMaximumWidth(420)
        # In a narrow window the tool bar squeezed the box to a few letters; the buttons
        # after it go to the bar's » menu first (the box is what "/" and Ctrl+F are for).
        self.search.setMinimumWidth(self.search.fontMetrics().horizontalAdvance("x") * 30)
        self.search.textChanged.connect(self.board.set_search)
        self.search.returnPressed.connect(self._search_to_board)
        widget_shortcut("Escape", self.search, self._clear_search)
        bar.addWidget(self.search)
        bar.addAction(self.act_overdue)
        bar.addAction(self.act_archived)
        self.stage_button = QToolButton()
        self.stage_button.setObjectName("stage-filter")
        self.stage_button.setText("Stages")
        self.stage_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.stage_menu = QMenu(self.stage_button)
        self.stage_menu.aboutToShow.connect(lambda: self._fill_stage_menu())
        self.stage_button.setMenu(self.stage_menu)
        bar.addWidget(self.stage_button)
        bar.addSeparator()
        bar.addAction(self.act_undo)
        bar.addAction(self.act_redo)
        self.stack_tips = StackTips(self.undo_stack, self)
        for action, verb in ((self.act_undo, "Undo"), (self.act_redo, "Redo")):
            self.stack_tips.watch(bar.widgetForAction(action), verb)
        bar.addSeparator()
        bar.addAction(self.act_due)
        bar.addAction(self.act_import)
        bar.addAction(self.act_export)
        bar.addAction(self.act_settings)
        self.addToolBar(bar)

    def _build_menus(self) -> None:
        """The menu bar: every toolbar action again, reachable with Alt and a letter, with
        its key shown beside it (the conventional place to find both)."""
        bar = self.menuBar()
        bar.setObjectName("menu-bar")
        layout: tuple[tuple[str, str, tuple[QAction | None, ...]], ...] = (
            ("&File", "menu-file", (self.act_add, self.act_import, self.act_export,
                                    self.act_export_calendar, None, self.act_quit)),
            ("&Edit", "menu-edit", (self.act_undo, self.act_redo, None, self.act_find, None,
                                    self.act_settings)),
            ("&View", "menu-view", (self.act_overdue, self.act_quiet, self.act_archived,
                                    self.act_due, None,
                                    self.act_insights, self.act_lessons)),
            ("&Help", "menu-help", (self.act_shortcuts, self.act_about)),
        )  # fmt: skip
        for title, name, actions in layout:
            menu = bar.addMenu(title)
            menu.setObjectName(name)
            for action in actions:
                if action is None:
                    menu.addSeparator()
                else:
                    menu.addAction(action)
            if name == "menu-view":
                columns = menu.addMenu("&Columns")
                columns.setObjectName("menu-columns")
                columns.aboutToShow.connect(lambda m=columns: self._fill_stage_menu(m))

    def _fill_stage_menu(self, menu: QMenu | None = None) -> None:
        """Show or hide each stage's column, and the stage editor (the toolbar's Stages
        button and View › Columns)."""
        menu = self.stage_menu if menu is None else menu
        menu.clear()
        for st in self.board.stages:
            act = menu.addAction(menu_text(st.name))
            act.setCheckable(True)
            act.setChecked(not st.hidden)
            act.toggled.connect(lambda on, sid=st.id: self._show_stage(sid, on))
        menu.addSeparator()
        menu.addAction(self.act_stages)

    def close_editors(self) -> bool:
        """Close every open card editor, each asking about edits not saved yet; False when
        the person chose Cancel in one (it stays open, and so does the app)."""
        for editor in list(self._editors.values()):
            if not editor.closed and editor.isVisible() and not editor.close():
                return False
        return True

    def quit_app(self) -> bool:
        """Quit for good (closing the window only hides it while there is a tray icon),
        once the open editors are closed: Cancel on "Save your changes?" used to quit all
        the same, losing what was typed. Whether the app is quitting."""
        if not self.close_editors():
            return False
        self.quitting = True
        self.close()
        app = QApplication.instance()
        if app is not None:
            app.quit()
        return True

    def tell(self, message: str, *, error: bool = False) -> None:
        """Something to say at start-up, after a restart the person asked for: a notice,
        or a message box for a failure (a notice goes before it is read)."""
        if not error:
            self.toast.show_message(message, stay=True)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, message, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)
        self.message_box = box  # (tests close it)
        box.open()

    def restart_restoring(self, copy: Path) -> None:
        """Put the copy ``copy`` back: a helper process waits for this one to quit (the
        database is closed and the folder let go), restores it, then starts the app again
        (see __main__.restore_main)."""
        from .. import autostart

        if not self.close_editors():  # (before the helper starts: it would wait in vain)
            self.toast.show_message("Nothing was restored: a card is still open.", error=True)
            return
        try:
            autostart.start_detached(
                self.bridge.db.path.parent, "--restore", str(copy), "--then-start"
            )
        except OSError as exc:
            self.toast.show_message(f"Could not restart to restore: {exc}", error=True)
            return
        log.info("restarting to restore %s", copy)
        self.quit_app()

    def show_about(self) -> None:
        from .. import __version__

        box = QMessageBox(
            QMessageBox.Icon.Information,
            f"About {APP_NAME}",
            f"{APP_NAME} {__version__}\n\nFollow up on every job application: a board of "
            "your applications and the follow-ups the method asks for, kept on this "
            f"computer only.\n\nYour data: {self.bridge.db.path}",
            parent=self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.exec()

    # --- state ----------------------------------------------------------------------------
    def _on_counts_changed(self) -> None:
        self.stack.setCurrentWidget(self.board if self.board.store else self.empty)
        self._status_timer.start()

    def _update_status(self) -> None:
        self._status_timer.stop()
        self.stack.setCurrentWidget(self.board if self.board.store else self.empty)
        self.counts.show_counts(self.board.counts())

    def _first_size(self) -> QSize:
        """1280 × 800, or nine tenths of the screen where that does not fit."""
        room = self.screen().availableGeometry().size()
        return QSize(min(1280, room.width() * 9 // 10), min(800, room.height() * 9 // 10))

    def _restore_geometry(self) -> None:
        geo = self.settings.value("window/geometry")
        state = self.settings.value("window/state")
        if not (isinstance(geo, QByteArray) and self.restoreGeometry(geo)):
            # First run, or a size kept from a screen this one cannot hold (a larger
            # monitor, a smaller scale): Qt refuses that, and the window came up at its
            # smallest (a strip of the board on a laptop undocked from a monitor).
            self.resize(self._first_size())
        if isinstance(state, QByteArray):
            self.restoreState(state)

    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> str | None:
        return dropped_file(event, SHEET_SUFFIXES + INVITE_SUFFIXES)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        """A CSV file dropped anywhere on the window (a file manager, a download bar) goes
        to the import preview, as if chosen with Import CSV…; an interview invitation
        dropped on a card is logged for that card (Interviews › From invitation…)."""
        path = self._dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        if not path.lower().endswith(INVITE_SUFFIXES):
            QTimer.singleShot(0, lambda: self.import_csv(path))  # not inside the drag's loop
            return
        app_id = self._card_at(event.position().toPoint())
        if app_id is None:
            self.toast.show_message(
                "Drop the invitation on the card of its application.", error=True
            )
            return
        QTimer.singleShot(0, lambda: self.invitation_for(app_id, path))

    def _card_at(self, pos: QPoint) -> int | None:
        """The card under ``pos`` (window coordinates), if any."""
        from .column_view import column_view_of

        widget = column_view_of(self.childAt(pos))
        if widget is None:
            return None
        index = widget.indexAt(widget.viewport().mapFrom(self, pos))
        return int(index.data(ApplicationIdRole)) if index.isValid() else None

    def invitation_for(self, app_id: int, path: str) -> bool:
        """The card, at its interviews, logging the invitation at ``path``."""
        return self.open_card(app_id).log_from_invitation(path)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.tray is not None and not self.quitting:
            # Keep running in the tray so follow-ups still pop up; say so the first time.
            event.ignore()
            self.hide()
            if not self.settings.value("tray/told", False, type=bool):
                self.tray.icon.showMessage(
                    APP_NAME, "Still running in the tray, so you get your follow-up reminders."
                )
                self.settings.setValue("tray/told", True)
            return
        self.due.stop()
        self._status_timer.stop()
        self.toast.hide()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        super().closeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._settled:
            # Once the window is up, what it built (widgets' wrappers, Qt's Python types,
            # modules) lives as long as the window (see followup_desktop.memory).
            self._settled = True
            QTimer.singleShot(0, memory.settle)

    # --- search ---------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _show_new_card(self, app_id: int) -> None:
        """Select a card just added or imported. A search or a filter that hides
        it is cleared: a new card that does not show looks as if it was not added."""
        if self.board.select_card(app_id):
            return
        if self.board.filtering():
            self.clear_filters()
            self.board.select_card(app_id)

    def clear_filters(self) -> None:
        """The search and every filter off: the whole board shows."""
        self.search.clear()
        self.act_overdue.setChecked(False)
        self.act_quiet.setChecked(False)

    def _clear_search(self) -> None:
        self.search.clear()
        self._search_to_board()

    def _search_to_board(self) -> None:
        for view in self.board.column_views():
            if view.model().rowCount():
                view.setFocus(Qt.FocusReason.OtherFocusReason)
                view.setCurrentIndex(view.model().index(0, 0))
                return

    # --- operations -----------------------------------------------------------------------
    def _show_stage(self, stage_id: int, shown: bool) -> None:
        from ..services import stages as stage_service

        self.bridge.call(stage_service.edit_stage, stage_id, hidden=not shown)

    def _origin(self, ids: Sequence[int]) -> list[tuple[int, int, int]] | None:
        out = []
        for cid in ids:
            place = self.board.place_of(cid)
            if place is None:
                return None
            out.append((cid, *place))
        return out

    def request_move(self, ids: list[int], stage_id: int, index: int) -> None:
        """A drop, a keyboard move or a menu choice. Moves into a closing stage ask first
        (after the drag has finished, never inside it)."""
        stage = self.board.stage(stage_id)
        if stage is None:
            self.toast.show_message("That stage no longer exists.", error=True)
            return
        crossing = any(
            self.board.store[i].stage_id != stage_id for i in ids if i in self.board.store
        )
        if crossing and stage.kind in CONFIRM_KINDS:
            QTimer.singleShot(0, lambda: self._confirm_then_move(ids, stage_id, index))
            return
        self.move_cards(ids, stage_id, index)

    def _confirm_then_move(self, ids: list[int], stage_id: int, index: int) -> None:
        stage = self.board.stage(stage_id)
        if stage is None:
            return
        names = ", ".join(self.board.store[i].company for i in ids if i in self.board.store)
        question = f"Move {names} to {stage.name}?"
        detail = "Follow-ups the playbook planned will stop." + (
            " You will get a reminder to ask for feedback."
            if stage.kind == StageKind.REJECTED.value
            else ""
        )
        if self.confirm(question, detail):
            self.move_cards(ids, stage_id, index)

    def move_cards(self, ids: list[int], stage_id: int, index: int) -> bool:
        origin = self._origin(ids)
        stage = self.board.stage(stage_id)
        if origin is None or stage is None:
            self.toast.show_message("Those cards cannot be moved (archived or gone).", error=True)
            return False
        same_place = all(s == stage_id for _, s, _ in origin)
        what = self.board.store[ids[0]].company if len(ids) == 1 else f"{len(ids)} cards"
        text = f"Reordered {what}" if same_place else f"Moved {what} to {stage.name}"
        from .commands import MoveCards

        entered = {i: self.board.store[i].stage_entered_at for i in ids}
        cmd = MoveCards(
            self.bridge, ids, stage_id, None if index < 0 else index, origin, text, entered
        )
        # Into a folded column it stays folded (folded to keep it out of the way, as
        # closing stages are): the card that takes the moved one's place is selected.
        folded = self.board.is_collapsed(stage_id)
        leaving = self.board.where_cards_leave(ids) if folded else None
        self._push(cmd, with_notice=not same_place)
        if not cmd.ok:
            return False
        if leaving is not None:
            self.board.select_row(*leaving)
        elif not folded:
            self.board.select_cards(ids)
        if not same_place:
            self._undo_notice(text)
        return True

    def undo(self) -> None:
        """Undo the last step and select the cards it brought back (a card moved back
        to where it was, an archived one on the board again)."""
        stack = self.undo_stack
        if stack.canUndo():
            self._step(stack.command(stack.index() - 1), stack.undo, undone=True)

    def redo(self) -> None:
        stack = self.undo_stack
        if stack.canRedo():
            self._step(stack.command(stack.index()), stack.redo, undone=False)

    def _step(self, command: QUndoCommand, step: Callable[[], None], *, undone: bool) -> None:
        # The board's commands (ui/commands.py, imported late: it loads the services)
        # say which cards they show, and whether their service call went through.
        shown = getattr(command, "shown_cards", None)
        step()
        if shown is None or not getattr(command, "ok", False):  # refused: the error says why
            return
        cards = shown(undone=undone)
        if cards:
            self.board.select_cards(cards)  # (a card not on the board is left alone)

    def _push(self, command: QUndoCommand, *, with_notice: bool) -> None:
        """Push ``command``; ``with_notice``: an Undo notice for it follows at once (the
        one up now is replaced, not hidden first: see _stack_moved)."""
        self._notice_follows = with_notice
        try:
            self.undo_stack.push(command)
        finally:
            self._notice_follows = False

    def _undo_notice(self, text: str) -> None:
        self.toast.show_message(text, undoable=True)
        self._notice_at = self.undo_stack.index()

    def _stack_moved(self, index: int) -> None:
        """The notice's Undo undoes the top of the stack: once that is no longer what the
        notice names (Ctrl+Z undid it, or an edit or a reorder came on top), the notice
        goes — it offered to undo a move that was already undone, and clicking it undid
        the step before."""
        if self._notice_follows or self._notice_at is None or index == self._notice_at:
            return
        self._notice_at = None
        if self.toast.isVisible() and self.toast.undo.isVisible():
            self.toast.hide()

    def _offer_reopen(self, ids: list[int], what: str) -> None:
        """Done from the panel, with a way back: a Done clicked on the wrong row took it
        out of the list at once, and only the card's Follow-ups tab could reopen it."""
        from ..services import followups

        self.toast.show_message(
            f"Done: {what}",
            action=("Reopen", lambda: self.bridge.call(followups.reopen_follow_ups, ids)),
        )

    def quick_add(self, stage_id: int | None) -> None:
        from .quick_add import QuickAddDialog

        dialog = QuickAddDialog(self.bridge.db, self.board.stages, stage_id, self)
        if dialog.exec() != QuickAddDialog.DialogCode.Accepted:
            return
        self.add_card(dialog.fields())

    def add_card(self, fields: dict[str, object]) -> int | None:
        from .commands import AddCard

        cmd = AddCard(self.bridge, dict(fields), f"Added {fields.get('company', '')}")
        self.undo_stack.push(cmd)
        if cmd.app_id is not None:
            self._show_new_card(cmd.app_id)
        return cmd.app_id

    def archive_cards(self, ids: Sequence[int]) -> None:
        from .commands import ArchiveCards

        self._take_off_board(ids, ArchiveCards, "Archived")

    def delete_cards(self, ids: Sequence[int]) -> None:
        from .commands import DeleteCards

        self._take_off_board(ids, DeleteCards, "Deleted")

    def _take_off_board(self, ids: Sequence[int], command: type, verb: str) -> None:
        """Archive or delete as one undoable step, with an Undo notice when it was done."""
        origin = self._origin(ids)
        if origin is None:
            return
        what = self.board.store[ids[0]].company if len(ids) == 1 else f"{len(ids)} cards"
        # In the column being worked through, the card that takes the first one's place
        # is selected after (the last card, when they were at the end), as a mail list
        # does: Delete, Delete… goes on down the column. Left to Qt, the card above kept
        # the focus ring, unselected, and a second Delete did nothing.
        leaving = self.board.where_cards_leave(ids)
        cmd = command(self.bridge, origin, f"{verb} {what}")
        self._push(cmd, with_notice=True)
        if cmd.ok:  # refused: the error is up, and there is nothing to undo
            self._undo_notice(f"{verb} {what}")
            if leaving is not None:
                self.board.select_row(*leaving)

    def _forget_editor(self, app_id: int, editor: object) -> None:
        """A deleted editor leaves the list, unless the card has a newer one by now."""
        if self._editors.get(app_id) is editor:
            del self._editors[app_id]

    def open_card(self, app_id: int, follow_up_id: int | None = None) -> CardEditor:
        """Show the card's editor (the one already open, or a new one); returns it."""
        from .editor import CardEditor

        editor = self._editors.get(app_id)
        if editor is not None and editor.closed:  # (closed this turn, deleted at the next)
            editor = None
        if editor is None:
            editor = CardEditor(self.bridge, self.clock, app_id, self.undo_stack, self)
            editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            editor.destroyed.connect(lambda _=None, a=app_id, e=editor: self._forget_editor(a, e))
            editor.stageRequested.connect(lambda a, sid: self.request_move([a], sid, 0))
            self._editors[app_id] = editor
        if follow_up_id is not None:
            editor.highlight_follow_up(follow_up_id)
        editor.show()
        editor.raise_()
        editor.activateWindow()
        return editor

    def record_feedback(self, app_id: int) -> None:
        """A rejection's feedback came in (marked "they replied" in the Follow-ups panel):
        the card, at its Feedback field."""
        self.open_card(app_id).ask_for_feedback()

    def draft_next(self, app_id: int) -> None:
        """The card, at the follow-up its badge shows (the soonest due, snoozes counted),
        with that follow-up's draft open."""
        from ..services import queries

        soonest = queries.next_follow_up_id(self.bridge.db, app_id)
        if soonest is None:
            self.toast.show_message("This card has no follow-up planned.", error=True)
            return
        self.draft_follow_up(app_id, soonest)

    def draft_follow_up(self, app_id: int, follow_up_id: int) -> None:
        """The card, at the follow-up, with its draft open (a notification's Draft…)."""
        self.open_card(app_id, follow_up_id).draft_message()

    def show_lessons(self) -> None:
        """The feedback and lessons written on every card, together (ui/lessons_dialog)."""
        from ..services import queries
        from .lessons_dialog import LessonsDialog

        dialog = LessonsDialog(
            queries.lessons_learned(self.bridge.db), self.clock, self.open_card, self
        )
        self.lessons_dialog = dialog  # (tests answer it)
        dialog.exec()

    def show_insights(self) -> None:
        """What came of the applications sent, overall and by source (ui/insights_dialog)."""
        from ..services.insights import search_so_far
        from .insights_dialog import InsightsDialog

        dialog = InsightsDialog(search_so_far(self.bridge.db), self)
        self.insights_dialog = dialog  # (tests answer it)
        dialog.exec()

    def edit_stages(self) -> None:
        from .stage_editor import StageEditor

        StageEditor(self.bridge, self).exec()

    def try_sample_data(self) -> None:
        """Sample data goes into its own folder and opens in its own window: the user's
        real (empty) board stays untouched."""
        import subprocess

        from .. import autostart, paths
        from ..demo import create_demo

        target = (
            paths.demo_dir()
            if self.bridge.db.path.parent == paths.data_dir()
            else (self.bridge.db.path.parent.with_name(self.bridge.db.path.parent.name + "-demo"))
        )
        try:
            if not (target / "followup.sqlite3").exists():
                create_demo(target, 40)
        except (RuntimeError, OSError) as exc:
            self.toast.show_message(f"Could not create sample data: {exc}", error=True)
            return
        subprocess.Popen([*autostart.launch_command(), "--data-dir", str(target)])
        self.toast.show_message(f"Sample data opens in a new window (folder: {target}).")

    def export_csv(self, path: str | None = None) -> None:
        """Every application to a CSV file (formulas neutralised)."""
        from PySide6.QtWidgets import QFileDialog

        from ..services.export import export_csv

        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export applications", str(Path.home() / "applications.csv"), "CSV (*.csv)"
            )
            if not path:
                return
        try:
            n = export_csv(self.bridge.db, Path(path))
        except OSError as exc:
            self.toast.show_message(f"Could not export: {exc.strerror or exc}", error=True)
            return
        self.toast.show_message(f"Exported {n} applications to {path}")

    def export_calendar(self, path: str | None = None) -> None:
        """The follow-ups still to do, to an .ics file a calendar app imports."""
        from PySide6.QtWidgets import QFileDialog

        from ..services import queries
        from ..services.calendar_export import HORIZON, export_calendar

        if not queries.count_upcoming(self.bridge.db, self.clock.now() + HORIZON):
            self.toast.show_message("No follow-up is planned in the next four months.")
            return
        if path is None:
            path, _ = QFileDialog.getSaveFileName(
                self,
                "Export follow-ups to a calendar",
                str(Path.home() / "follow-ups.ics"),
                "iCalendar (*.ics)",
            )
            if not path:
                return
        try:
            n = export_calendar(self.bridge.db, Path(path), self.clock.now())
        except OSError as exc:
            self.toast.show_message(f"Could not export: {exc.strerror or exc}", error=True)
            return
        self.toast.show_message(f"Exported {n} follow-up{'' if n == 1 else 's'} to {path}")

    def import_csv(self, path: str | None = None) -> int:
        """Applications from a CSV file: read and checked, shown for review
        (``review_import``), then imported as one undoable step. Returns how many."""
        from PySide6.QtWidgets import QApplication, QFileDialog

        from ..core.types import DomainError
        from ..services import csv_import, csv_read
        from .commands import ImportCards
        from .import_dialog import ImportDialog

        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self,
                "Import applications",
                str(Path.home()),
                f"Spreadsheets saved as CSV ({' '.join('*' + x for x in SHEET_SUFFIXES)})"
                ";;All files (*)",
            )
            if not path:
                return 0
        try:
            found = csv_read.read_csv(Path(path), self.clock.tz, self.clock.now())
        except DomainError as exc:
            self.toast.show_message(str(exc), error=True)
            return 0
        duplicates = csv_import.find_duplicates(self.bridge.db, found.rows)
        dialog = ImportDialog(found, duplicates, self.board.stages, self.clock.tz, self)
        if not self.review_import(dialog):
            return 0
        rows = dialog.rows_to_import()
        n = len(rows)
        text = f"Imported {n:,} application{'s' if n != 1 else ''} from {found.name}"
        cmd = ImportCards(
            self.bridge,
            rows,
            dialog.default_stage_id(),
            found.name,
            text,
            catch_up_from_today=dialog.catch_up.isChecked(),
            stage_for=dialog.stage_choices(),
        )
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._push(cmd, with_notice=True)
        finally:
            QApplication.restoreOverrideCursor()
        if not cmd.ids:
            return 0
        self._show_new_card(cmd.ids[0])
        self._undo_notice(text)
        return len(cmd.ids)

    def edit_settings(self) -> None:
        from .settings_dialog import SettingsDialog

        SettingsDialog(self.bridge, self, restore=self.restart_restoring).exec()

    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).exec()

    def _card_menu(self, app_id: int, pos: QPoint) -> None:
        self.card_menu(app_id).exec(pos)

    def card_menu(self, app_id: int) -> QMenu:
        return board_menus.card_menu(self, app_id)

    def _column_menu(self, stage_id: int, pos: QPoint) -> None:
        self.column_menu(stage_id).exec(pos)

    def column_menu(self, stage_id: int) -> QMenu:
        return board_menus.column_menu(self, stage_id)

    def sort_column(self, stage_id: int, by: str) -> None:
        """Sort a column once, as one undoable step with an Undo notice."""
        from ..services.board import SORTS
        from .commands import SortColumn

        stage = self.board.stage(stage_id)
        if stage is None:
            return
        if self.board.filtering():
            self.clear_filters()  # sorted while a search hides cards, they moved unseen
        label = SORTS[by]
        text = f"Sorted {stage.name}: {label[:1].lower()}{label[1:]}"
        cmd = SortColumn(self.bridge, stage_id, by, text)
        self._push(cmd, with_notice=True)
        if not cmd.ok:
            return
        if cmd.unchanged:
            self.toast.show_message(f"{stage.name} was in that order already.")
        else:
            self._undo_notice(text)

    def _confirm_dialog(self, question: str, detail: str) -> bool:
        return ask_yes(self, APP_NAME, question, detail)

    def now(self) -> dt.datetime:
        return self.clock.now()

    # --- alerts ---------------------------------------------------------------------------
    def bring_to_front(self) -> None:
        """From the tray, another launch or a notification click: visible, raised, focused."""
        if self.isMinimized():
            self.showNormal()
        self.show()
        self.raise_()
        self.activateWindow()

    def show_alert(self, alert: Any, on_open: Callable[[], None]) -> None:
        """The in-app way to show an alert (always works): a notice with an Open button."""
        self.toast.show_message(f"{alert.title}: {alert.body}", action=("Open", on_open))

    def show_due(self) -> None:
        self.bring_to_front()
        self.due.show()
        self.due.raise_()
        self.due.flush()
