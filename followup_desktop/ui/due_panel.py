"""The Follow-ups dock: what is overdue, due today and coming up, with Done and Snooze.

It is also where alerts always land: whatever the desktop notifier can or cannot do,
a due follow-up is listed here until it is done.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRectF,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..core.changes import Changes
from ..core.clock import Clock
from ..core.types import InterviewKind, Outcome, feedback_came_in
from ..services.panel_rows import FollowUpRow, InterviewRow
from .bridge import DataBridge
from .card_delegate import BADGE_COLOURS
from .forms import plain_tip, snooze_menu, widget_shortcut
from .roles import ApplicationIdRole, FollowUpIdRole
from .timefmt import Badge, badge_for, local

if TYPE_CHECKING:
    from ..services.queries import Progress

HORIZON = dt.timedelta(days=7)
#: A list nobody can work through is noise: show the soonest, say how many more there are.
MAX_ROWS = 200
#: Reloads are coalesced and kept off the path of a drop (the board repaints first).
REFRESH_DELAY_MS = 120
WEEK = dt.timedelta(days=7)


@dataclasses.dataclass(frozen=True)
class _Header:
    text: str
    #: A line of its own (nothing due), not the heading of a group: not bold.
    note: bool = False
    #: The badge its follow-ups wear on the cards (Overdue red, Today amber): the heading
    #: shows a dot of that colour, so the panel and the board read alike.
    badge: Badge | None = None
    #: The interviews' heading: a dot of its own colour (the headings line up).
    interviews: bool = False


#: What the panel says when nothing is due: the method's "keep a positive attitude". On
#: two lines, as tall as a follow-up's row: on one, the panel's width cut it to "you
#: are u…" on the first run.
NOTHING_DUE = "Nothing due in the next 7 days:\nyou are up to date."


_BADGES = {"Overdue": Badge.OVERDUE, "Today": Badge.TODAY, "Coming up": Badge.UPCOMING}
#: The upcoming badge is an outline on the cards: a ring here (the headings line up).
_RING = QColor("#9e9e9e")
#: The interviews' heading: blue, a colour no badge wears.
_INTERVIEW_BLUE = QColor("#1e88e5")
_DOTS: dict[Badge | None, QPixmap] = {}


def _dot(badge: Badge | None) -> QPixmap:
    """A round dot in the colour of ``badge`` on the cards (a ring for upcoming ones,
    outlined there; blue for the interviews, ``None``), made once."""
    if badge not in _DOTS:
        size = 10
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if badge is None or badge in BADGE_COLOURS:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_INTERVIEW_BLUE if badge is None else BADGE_COLOURS[badge][0])
            painter.drawEllipse(0, 0, size, size)
        else:
            painter.setPen(QPen(_RING, 1.5))
            painter.drawEllipse(QRectF(1, 1, size - 2, size - 2))
        painter.end()
        _DOTS[badge] = pix
    return _DOTS[badge]


_KIND_WORDS = {
    InterviewKind.PHONE: "phone",
    InterviewKind.VIDEO: "video",
    InterviewKind.ONSITE: "on site",
}


def _interview_text(iv: InterviewRow, now: dt.datetime, tz: dt.tzinfo) -> str:
    """ "Wayne Enterprises — round 2, video" over "Tomorrow 15:00" ("Now, until 16:00"
    while it is on)."""
    what = f"{iv.company} — round {iv.round}, {_KIND_WORDS.get(iv.kind, iv.kind.value)}"
    if iv.starts_at <= now:
        when = f"Now, until {iv.ends_at.astimezone(tz):%H:%M}"
    else:
        when = badge_for(iv.starts_at, now, tz)[1]
    return f"{what}\n{when}"


class DueModel(QAbstractListModel):
    def __init__(self, clock: Clock, parent: Any = None) -> None:
        super().__init__(parent)
        self.clock = clock
        self.rows: list[FollowUpRow | InterviewRow | _Header] = []
        #: Follow-ups overdue or due today (also those past the rows shown).
        self.due_now = 0
        #: Each row's text as shown, worked out when the rows are set (not per paint).
        self.texts: list[str] = []
        # Fixed heights (one line for a header, two for a follow-up), measured once.
        line = QFontMetrics(QApplication.font()).height()
        self._header_size = QSize(40, line + 8)
        self._row_size = QSize(40, 2 * line + 8)

    def set_rows(
        self,
        items: list[FollowUpRow],
        more: int = 0,
        totals: dict[str, int] | None = None,
        interviews: Sequence[InterviewRow] = (),
    ) -> None:
        """``totals``: how many each group holds in all when the list was cut (``more``),
        so a header says "Overdue (4,643)" rather than the 200 shown. ``interviews``: those
        of the week ahead, listed first (what the person prepares for)."""
        now = self.clock.now()
        tz = self.clock.tz
        # Each follow-up's badge is worked out once: it picks the group and is the text.
        groups: dict[str, list[tuple[FollowUpRow, str]]] = {
            "Overdue": [],
            "Today": [],
            "Coming up": [],
        }
        for it in items:
            badge, when = badge_for(it.due, now, tz)
            key = {Badge.OVERDUE: "Overdue", Badge.TODAY: "Today"}.get(badge, "Coming up")
            # What to do first, then when and for whom: titles mostly name the company
            # already ("Check in with Acme about…"), and "Acme — Send a thank-you…" was
            # cut before the one thing that told two thank-yous apart, the person.
            # Plain text for QListView's default delegate (never rich text).
            for_whom = f"{when} · {it.company}" if it.company else when
            groups[key].append((it, f"{it.title}\n{for_whom}"))
        rows: list[FollowUpRow | InterviewRow | _Header] = []
        texts: list[str] = []

        def add(row: FollowUpRow | InterviewRow | _Header, text: str) -> None:
            rows.append(row)
            texts.append(text)

        if interviews:
            add(_Header(heading := f"Interviews ({len(interviews)})", interviews=True), heading)
            for iv in interviews:
                add(iv, _interview_text(iv, now, tz))

        # What is due now (the tray's "Due now (n)"): all of it, not just the rows shown.
        self.due_now = sum(
            max(len(groups[name]), (totals or {}).get(name, 0)) for name in ("Overdue", "Today")
        )
        for name, members in groups.items():
            if members:
                total = max(len(members), (totals or {}).get(name, 0))
                add(_Header(heading := f"{name} ({total:,})", badge=_BADGES.get(name)), heading)
                for it, text in members:
                    add(it, text)
        if more:
            add(
                _Header(
                    tail := f"… and {more} more\n(search the board or use “Overdue only”)",
                    note=True,
                ),
                tail,
            )
        if not rows:
            add(_Header(NOTHING_DUE, note=True), NOTHING_DUE)
        if [type(r) for r in rows] != [type(r) for r in self.rows]:
            self.beginResetModel()
            self.rows, self.texts = rows, texts
            self.endResetModel()
            return
        # The same shape (the usual case: a drop seldom touches the soonest 200): only the
        # rows that changed are repainted. A reset re-laid out and repainted the whole
        # list, ~11 ms at 10,000 cards, 120 ms after every drop.
        changed = [
            i
            for i, (new, old, text, shown) in enumerate(
                zip(rows, self.rows, texts, self.texts, strict=True)
            )
            if new != old or text != shown
        ]
        self.rows, self.texts = rows, texts
        for i in changed:
            index = self.index(i)
            self.dataChanged.emit(index, index)

    def _tip(self, row: FollowUpRow) -> str:
        whose = " — ".join(part for part in (row.company, row.role) if part)
        due = f"Due {local(row.due, self.clock.tz)}"
        return "\n".join(part for part in (row.title, whose, due) if part)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if isinstance(self.rows[index.row()], _Header):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.SizeHintRole:
            return (
                self._header_size if isinstance(row, _Header) and not row.note else self._row_size
            )
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.texts[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole of what a narrow panel cuts
            if isinstance(row, InterviewRow):
                return plain_tip(self.texts[index.row()].replace("\n", " — ", 1))
            return plain_tip(self._tip(row)) if not isinstance(row, _Header) else None
        if isinstance(row, _Header):
            if role == Qt.ItemDataRole.DecorationRole and row.badge is not None:
                return _dot(row.badge)
            if role == Qt.ItemDataRole.DecorationRole and row.interviews:
                return _dot(None)
            if role == Qt.ItemDataRole.FontRole:
                f = QFont()
                f.setBold(not row.note)
                f.setItalic(row.note)
                return f
            return None
        if role == FollowUpIdRole:
            return row.id if isinstance(row, FollowUpRow) else None
        if role == ApplicationIdRole:
            return row.application_id
        return None


class DuePanel(QDockWidget):
    openRequested = Signal(int, object)  # application id, follow-up id
    feedbackReceived = Signal(int)  # application id: a feedback request was answered
    dueNowChanged = Signal(int)  # after a reload: how many are overdue or due today
    completed = Signal(object, str)  # follow-up ids marked done, and what to call them
    interviewOpenRequested = Signal(int, int)  # application id, interview id

    def __init__(self, bridge: DataBridge, clock: Clock, parent: QWidget | None = None) -> None:
        super().__init__("Follow-ups", parent)
        self.setObjectName("due-panel")
        self.bridge = bridge
        self.clock = clock
        self.model = DueModel(clock, self)
        self.view = QListView()
        self.view.setObjectName("due-list")
        self.view.setAccessibleName("Follow-ups due")
        self.view.setModel(self.model)
        # Rows have fixed heights (SizeHintRole) and a narrow width hint, so long titles are
        # elided to the panel's width instead of laid out (or scrolled) at full length.
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.setAlternatingRowColors(True)
        # Several at once (Shift/Ctrl+click, Ctrl+A): back from a week away, the overdue
        # ones are snoozed or done together, not one by one.
        self.view.setSelectionMode(QListView.SelectionMode.ExtendedSelection)
        self.view.doubleClicked.connect(self._open)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        for keys in ("Menu", "Shift+F10"):  # the menu of the row with the focus, not the mouse's
            widget_shortcut(keys, self.view, self._menu_for_current)
        self.view.activated.connect(self._open)
        self.done = QPushButton("Done")
        self.done.setObjectName("due-done")
        done_menu = QMenu(self.done)
        done_menu.addAction("Done — they &replied", lambda: self._complete(Outcome.REPLIED))
        done_menu.addAction("Done — &no reply yet", lambda: self._complete(Outcome.NO_REPLY))
        done_menu.addAction("&Done", lambda: self._complete(None))
        self.done.setMenu(done_menu)
        self.snooze = QToolButton()
        self.snooze.setObjectName("due-snooze")
        self.snooze.setText("Snooze")
        self.snooze.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.snooze.setMenu(snooze_menu(self.snooze, clock.tz, clock.now, self._snooze))
        # Tool buttons, sized to their text: four push buttons made the dock 45 px wider
        # than the board could spare (a column then slid partly out of view).
        self.draft = QToolButton()
        self.draft.setText("Draft…")
        self.draft.setObjectName("due-draft")
        self.draft.setToolTip("The message the selected follow-up asks for, filled in")
        self.draft.clicked.connect(self.draft_message)
        self.draft_dialog: QDialog | None = None
        self.open_button = open_button = QToolButton()
        open_button.setText("Open")
        open_button.setObjectName("due-open")
        open_button.setToolTip("Open the selected follow-up's card")
        open_button.clicked.connect(lambda: self._open(self.view.currentIndex()))
        buttons = QHBoxLayout()
        buttons.addWidget(self.done)
        buttons.addWidget(self.snooze)
        buttons.addWidget(self.draft)
        buttons.addStretch(1)
        buttons.addWidget(open_button)
        self.progress = QLabel()
        self.progress.setObjectName("due-progress")
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        self.progress.setWordWrap(True)
        self.progress.setToolTip("What you did in the last 7 days")
        self.progress.hide()
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.progress)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)
        self.setWidget(body)
        self.setMinimumWidth(280)
        self.view.selectionModel().currentChanged.connect(lambda *_: self._enable())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.reload)
        self._interview_over = QTimer(self)
        self._interview_over.setSingleShot(True)
        self._interview_over.timeout.connect(self.reload)
        bridge.changed.connect(self._on_changed)
        self._enable()
        self._timer.start()  # first fill just after the window has painted

    def _on_changed(self, changes: Changes) -> None:
        # A card's company/role or archive state shows here too, but only cards that have
        # follow-ups matter; a plain reorder (no follow-up touched) changes nothing here.
        if (
            changes.follow_ups
            or changes.interviews
            or changes.settings
            or (changes.applications and not changes.stage_cards)
        ):
            self._timer.start()

    def flush(self) -> None:
        """Apply a pending refresh now (tests, and before the window closes)."""
        if self._timer.isActive():
            self._timer.stop()
            self.reload()

    def stop(self) -> None:
        self._timer.stop()
        self._interview_over.stop()

    def _schedule_past(self, interviews: Sequence[InterviewRow]) -> None:
        """Reload when the first interview listed is over (nothing else changes then)."""
        self._interview_over.stop()
        if interviews:
            left = min(iv.ends_at for iv in interviews) - self.clock.now()
            ms = int(left.total_seconds() * 1000) + 1000
            self._interview_over.start(max(1000, min(ms, 6 * 3600 * 1000)))

    def reload(self) -> None:
        self._timer.stop()
        current = self.current_follow_up()
        until = self.clock.now() + HORIZON
        from ..services import queries  # SQLAlchemy: the panel fills in after the first paint

        rows = queries.upcoming_follow_ups(self.bridge.db, until, limit=MAX_ROWS + 1)
        interviews = queries.upcoming_interviews(self.bridge.db, self.clock.now(), until)
        more = 0
        totals: dict[str, int] = {}
        if len(rows) > MAX_ROWS:
            now = self.clock.now()
            # The same boundaries as badge_for: due by now, or by the end of today (local).
            tomorrow = dt.datetime.combine(
                now.astimezone(self.clock.tz).date() + dt.timedelta(days=1),
                dt.time(),
                tzinfo=self.clock.tz,
            )
            overdue, by_tonight, everything = queries.count_owed_by(
                self.bridge.db, [now + dt.timedelta(microseconds=1), tomorrow, until]
            )
            more = everything - MAX_ROWS
            totals = {
                "Overdue": overdue,
                "Today": by_tonight - overdue,
                "Coming up": everything - by_tonight,
            }
            rows = rows[:MAX_ROWS]
        before = self.model.due_now
        self.model.set_rows(rows, more, totals, interviews)
        self._schedule_past(interviews)
        if self.model.due_now != before:
            self.dueNowChanged.emit(self.model.due_now)
        self._show_progress(
            queries.progress_since(self.bridge.db, self.clock.now() - WEEK, self.clock.now())
        )
        if current is not None:
            self.select_follow_up(current)
        self._enable()

    def _show_progress(self, done: Progress) -> None:
        """The method's fifth step: show progress. Only what happened, never a target
        missed; nothing at all after a quiet week."""
        parts = [  # no-break spaces: a line breaks between items, never inside one
            f"{n} {word if n == 1 else plural}".replace(" ", "\u00a0")
            for n, word, plural in (
                (done.applied, "application sent", "applications sent"),
                (done.interviews, "interview", "interviews"),
                (done.follow_ups_done, "follow-up done", "follow-ups done"),
            )
            if n
        ]
        self.progress.setText("Last 7 days: " + " · ".join(parts) if parts else "")
        self.progress.setVisible(bool(parts))

    def current_row(self) -> FollowUpRow | None:
        """The selected follow-up (None for nothing, or a heading)."""
        idx = self.view.currentIndex()
        row = self.model.rows[idx.row()] if idx.isValid() else None
        return row if isinstance(row, FollowUpRow) else None

    def current_follow_up(self) -> int | None:
        row = self.current_row()
        return row.id if row is not None else None

    def select_follow_up(self, fu_id: int) -> bool:
        for row in range(self.model.rowCount()):
            idx = self.model.index(row)
            if idx.data(FollowUpIdRole) == fu_id:
                self.view.setCurrentIndex(idx)
                return True
        return False

    def row_menu(self) -> QMenu:
        """What the buttons under the list do, on the rows chosen (right-click or the Menu
        key on a row)."""
        menu = QMenu(self)
        menu.setObjectName("due-menu")
        menu.addActions(self.done.menu().actions())
        snooze = menu.addMenu("&Snooze")
        snooze.addActions(self.snooze.menu().actions())
        menu.addSeparator()
        draft = menu.addAction("Dr&aft…", self.draft_message)
        draft.setEnabled(self.draft.isEnabled())
        menu.addAction("&Open card", lambda: self._open(self.view.currentIndex()))
        return menu

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if not index.isValid() or not isinstance(self.model.rows[index.row()], FollowUpRow):
            return
        if not self.view.selectionModel().isSelected(index):  # as a file manager does
            self.view.setCurrentIndex(index)
        self.row_menu().exec(self.view.viewport().mapToGlobal(pos))

    def _menu_for_current(self) -> None:
        index = self.view.currentIndex()
        if index.isValid():
            self._context_menu(self.view.visualRect(index).center())

    def chosen_rows(self) -> list[FollowUpRow]:
        """What Done and Snooze act on: the selected follow-ups in list order, or the
        current one when nothing is selected."""
        rows = [
            row
            for idx in sorted(self.view.selectionModel().selectedIndexes(), key=lambda i: i.row())
            if isinstance(row := self.model.rows[idx.row()], FollowUpRow)
        ]
        current = self.current_row()
        return rows or ([current] if current is not None else [])

    def _enable(self) -> None:
        one = self.current_follow_up() is not None
        n = len(self.chosen_rows())
        self.done.setEnabled(bool(n))
        self.snooze.setEnabled(bool(n))
        # (The count goes in the tips, not the labels: a longer label widened the dock and
        # pushed the board's last column out of view while rows were being picked.)
        these = f"the {n} selected follow-ups" if n > 1 else "the selected follow-up"
        self.done.setToolTip(f"Mark {these} done")
        self.snooze.setToolTip(f"Snooze {these}")
        self.draft.setEnabled(one and n <= 1)  # a message is written to one person
        # (It did nothing with nothing selected; an interview's row opens its card too.)
        self.open_button.setEnabled(self.view.currentIndex().data(ApplicationIdRole) is not None)

    def _complete(self, outcome: Outcome | None) -> None:
        rows = self.chosen_rows()
        if not rows:
            return
        from ..services import followups

        ids = [r.id for r in rows]
        done = self.bridge.call(followups.complete_follow_ups, ids, outcome=outcome)
        row = rows[0]
        if done is not None:
            self.completed.emit(ids, row.title if len(rows) == 1 else f"{len(rows)} follow-ups")
        if (
            done is not None
            and len(rows) == 1
            and feedback_came_in(row.kind, outcome)
            and row.application_id is not None
        ):
            self.feedbackReceived.emit(row.application_id)

    def draft_message(self) -> None:
        row = self.current_row()
        if row is None:
            return
        from .draft_dialog import open_draft

        self.draft_dialog = open_draft(
            self, self.bridge, self.clock, row.id, row.company, row.title
        )

    def _snooze(self, until: dt.datetime) -> None:
        rows = self.chosen_rows()
        if rows:
            from ..services import followups

            self.bridge.call(followups.snooze_follow_ups, [r.id for r in rows], until)

    def _open(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        row = self.model.rows[index.row()]
        if isinstance(row, InterviewRow):  # its card, at the interview
            self.interviewOpenRequested.emit(row.application_id, row.id)
            return
        app = index.data(ApplicationIdRole)
        if app is not None:
            self.openRequested.emit(int(app), index.data(FollowUpIdRole))
