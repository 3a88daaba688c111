"""Item data roles of the board's models (documented for automation in the README)."""

from __future__ import annotations

from PySide6.QtCore import Qt

#: int: the application's database id.
ApplicationIdRole = Qt.ItemDataRole.UserRole + 1
#: CardRecord: everything the delegate paints.
CardRole = Qt.ItemDataRole.UserRole + 2
#: int: the stage (column) id.
StageIdRole = Qt.ItemDataRole.UserRole + 3
#: int: a follow-up's database id (due panel).
FollowUpIdRole = Qt.ItemDataRole.UserRole + 4

#: The custom MIME type a dragged card carries: JSON {"ids": [...], "stage": id}.
CARD_MIME = "application/x-followup-card-ids"
