"""The board's context menus: a card's (right-click or the Menu key on a card) and a
column's (its header or its empty space). Built here from what the window offers; every
item calls one of the window's actions (moves, sorts and deletes stay undoable there)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMenu

from ..core.links import web_address
from ..core.types import StageKind
from ..services import board_view
from .forms import menu_text
from .links import open_web_page

if TYPE_CHECKING:
    from .main_window import MainWindow

#: Each sort order's letter in the menu (two of them start with N).
_SORT_LETTERS = {"next_follow_up": "N", "company": "C", "longest_in_stage": "L", "newest": "w"}


def card_menu(win: MainWindow, app_id: int) -> QMenu:
    """A card's menu (right-click, the Menu key): move, sort its column, edit, log an
    interview, draft the next follow-up, open the posting, archive, delete — each with
    its letter, so the keyboard picks it in one press."""
    rec = win.board.store.get(app_id)
    menu = QMenu(win)
    menu.setObjectName("card-menu")
    view = win.board.current_view()
    ids = view.selected_ids() if view else []
    if app_id not in ids:
        ids = [app_id]
    ghosted = next((st for st in win.board.stages if st.kind == StageKind.GHOSTED.value), None)
    if rec is not None and rec.ghost_suggested and ghosted is not None:
        # The playbook's suggestion, one click away — but only ever the user's decision.
        act = menu.addAction(
            menu_text(f"Move to {ghosted.name} ({rec.unanswered_nudges} follow-ups unanswered)")
        )
        act.setObjectName("card-menu-ghosted")
        act.triggered.connect(lambda _c=False, sid=ghosted.id: win.request_move(ids, sid, 0))
        menu.addSeparator()
    move_to = menu.addMenu("&Move to")
    for st in win.board.stages:
        act = move_to.addAction(menu_text(st.name))
        act.setEnabled(rec is not None and not rec.archived and st.id != rec.stage_id)
        act.triggered.connect(lambda _c=False, sid=st.id: win.request_move(ids, sid, 0))
    if rec is not None and not rec.archived:
        _add_sort_menu(win, menu, "&Sort this column", rec.stage_id)
    menu.addAction("&Edit…", lambda: win.open_card(app_id))
    # The method's steps, from the card: log the interview (the playbook plans the
    # thank-yous), write the message the next follow-up asks for.
    live = rec is not None and not rec.archived
    interview = menu.addAction("Log &interview…", lambda: win.open_card(app_id).add_interview())
    interview.setObjectName("card-menu-interview")
    interview.setEnabled(live)
    draft = menu.addAction("&Draft the next follow-up…", lambda: win.draft_next(app_id))
    draft.setObjectName("card-menu-draft")
    draft.setEnabled(live and bool(rec and rec.next_title))
    url = board_view.posting_url(win.bridge.db, app_id)
    posting = menu.addAction("Open job &posting", lambda: open_web_page(win.bridge, url))
    posting.setObjectName("card-menu-posting")
    posting.setEnabled(web_address(url) is not None)
    if rec is not None and rec.archived:
        from ..services import applications

        menu.addAction(
            "&Restore from archive",
            lambda: win.bridge.call(applications.set_archived, app_id, False),
        )
    else:
        menu.addAction("&Archive", lambda: win.archive_cards(ids))
    menu.addAction("De&lete", lambda: win.delete_cards(ids))
    return menu


def column_menu(win: MainWindow, stage_id: int) -> QMenu:
    """A column's menu (its header, or its empty space): add here, sort, fold."""
    menu = QMenu(win)
    menu.setObjectName("column-menu")
    add = menu.addAction("&Add application here…", lambda: win.quick_add(stage_id))
    add.setObjectName("column-menu-add")
    _add_sort_menu(win, menu, "&Sort by", stage_id)
    frame = win.board.frames.get(stage_id)
    if frame is not None:
        fold = menu.addAction(
            "&Expand column" if frame.collapsed else "&Collapse column", frame.collapse.toggle
        )
        fold.setObjectName("column-menu-fold")
    return menu


def _add_sort_menu(win: MainWindow, menu: QMenu, title: str, stage_id: int) -> None:
    """A submenu sorting the column once, in each order the board knows (undoable)."""
    from ..services.board import SORTS

    sub = menu.addMenu(title)
    sub.setObjectName("sort-menu")
    view = win.board.view_for(stage_id)
    sub.setEnabled(view is not None and view.column_model().count() > 1)
    for key, label in SORTS.items():
        letter = _SORT_LETTERS[key]
        act = sub.addAction(label.replace(letter, "&" + letter, 1))
        act.setObjectName(f"sort-{key}")
        act.triggered.connect(lambda _c=False, k=key: win.sort_column(stage_id, k))
