"""Your search so far (services.insights): what came of the applications sent, by source."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from followup_desktop.core.clock import ManualClock
from followup_desktop.core.types import ActivityKind
from followup_desktop.services import activity, applications, board, interviews
from followup_desktop.services.insights import NOT_RECORDED, search_so_far
from followup_desktop.store.database import Database


def stage(db: Database, name: str) -> int:
    with db.raw() as con:
        return int(con.execute("SELECT id FROM stage WHERE name = ?", (name,)).fetchone()[0])


def add(db: Database, company: str, source: str, where: str = "Applied") -> int:
    return applications.create_application(
        db, company, "Engineer", source=source, stage_id=stage(db, where)
    ).id


def test_nothing_sent_yet(db: Database) -> None:
    add(db, "Dream Co", "LinkedIn", "Wishlist")  # not sent: not counted
    found = search_so_far(db)
    assert found.overall.sent == 0
    assert found.by_source == []
    assert found.median_days_to_answer is None
    assert found.overall.share(0) == "–"


def test_outcomes_by_source(db: Database, clock: ManualClock) -> None:
    day = dt.timedelta(days=1)
    # Job board: four sent, one heard back (a reply after 6 days), one ghosted.
    sources = ["LinkedIn", "linkedin ", "LinkedIn", "Indeed"]
    boards = [add(db, f"Board {i}", src) for i, src in enumerate(sources)]
    referral = add(db, "Friend Co", "Referral")
    other = add(db, "Quiet Co", "")
    gone = add(db, "Deleted Co", "Referral")
    clock.advance(2 * day)
    # The referral: an interview logged on day 2 (held on day 4), then an accepted offer.
    interviews.log_interview(db, referral, clock.now() + 2 * day)
    board.move_application(db, referral, stage(db, "Accepted"))
    clock.advance(4 * day)
    activity.log_contact(db, boards[0], ActivityKind.REPLY_RECEIVED, "Not now")
    board.move_application(db, boards[1], stage(db, "Ghosted"))
    board.move_application(db, other, stage(db, "Rejected"))  # an answer, without a reply
    applications.set_archived(db, boards[2], True)  # archived: still history
    applications.delete_application(db, gone)

    found = search_so_far(db)
    overall = found.overall
    assert (overall.sent, overall.heard_back, overall.interviewed) == (6, 3, 1)
    assert (overall.accepted, overall.closed) == (1, 2)
    assert overall.share(overall.heard_back) == "50%"
    rows = {r.source: r for r in found.by_source}
    # Most sent first ("LinkedIn": three, written two ways, shown the most frequent way).
    assert [r.source for r in found.by_source] == ["LinkedIn", NOT_RECORDED, "Indeed", "Referral"]
    linkedin = rows["LinkedIn"]
    assert (linkedin.sent, linkedin.heard_back, linkedin.closed) == (3, 1, 1)
    assert (rows["Referral"].sent, rows["Referral"].interviewed) == (1, 1)
    assert rows["Referral"].share(1) == "100%"
    assert (rows[NOT_RECORDED].heard_back, rows[NOT_RECORDED].closed) == (1, 1)
    # Answers after 2 days (the interview logged) and 6 (the reply): the median is 4.
    assert found.median_days_to_answer == 4.0


HOSTILE = "<b>Friends</b> & family"


def test_the_view_menu_shows_the_search_so_far(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel, QMenu

    from followup_desktop.ui.insights_dialog import NOTHING_YET, InsightsDialog

    monkeypatch.setattr(InsightsDialog, "exec", lambda self: 0)
    view_menu = window.findChild(QMenu, "menu-view")
    act = next(a for a in view_menu.actions() if a.objectName() == "action-insights")
    act.trigger()
    dialog = window.insights_dialog
    assert dialog.summary.text() == NOTHING_YET
    assert not dialog.table.isVisibleTo(dialog)

    db = window.bridge.db
    a = add(db, "Acme", HOSTILE)
    add(db, "Globex", "")
    add(db, "Initech", "")
    interviews.log_interview(db, a, db.clock.now())
    act.trigger()
    dialog = window.insights_dialog
    assert dialog.summary.text().startswith(
        "3 applications sent · 1 heard back (33%) · 1 interviewed (33%)."
    )
    assert "Set each card's Source" in dialog.summary.text()  # two of three unknown
    table = dialog.table
    cells = [
        [table.item(r, c).text() for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]
    assert cells == [
        ["All sources", "3", "1 (33%)", "1 (33%)", "0", "0"],
        [NOT_RECORDED, "2", "0", "0", "0", "0"],
        [HOSTILE, "1", "1 (100%)", "1 (100%)", "0", "0"],
    ]
    for label in dialog.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
