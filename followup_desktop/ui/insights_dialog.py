"""View › Your search so far: what came of the applications sent, overall and by source
(services.insights). Counts of what happened, never a target; plain text throughout (a
source is typed by the user, and a table item never reads markup)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..services.insights import NOT_RECORDED, Insights, Outcomes
from .forms import plain_label

NOTHING_YET = (
    "Nothing sent yet. The applications you send are counted here — what came of them, "
    "and which sources (the card's Source: a job board, a referral…) bring answers."
)
HEADERS = ("Source", "Sent", "Heard back", "Interviewed", "Accepted", "Closed")
FOOTNOTE = (
    "Heard back: an interview, a reply you logged, an accepted offer or a rejection. "
    "Closed: rejected, ghosted or withdrawn. Archived applications count; the Wishlist "
    "does not."
)


def _cells(o: Outcomes) -> tuple[str, ...]:
    def with_share(n: int) -> str:
        return f"{n} ({o.share(n)})" if n else "0"

    return (
        o.source,
        str(o.sent),
        with_share(o.heard_back),
        with_share(o.interviewed),
        str(o.accepted),
        str(o.closed),
    )


def summary(found: Insights) -> str:
    o = found.overall
    parts = [
        f"{o.sent} application{'' if o.sent == 1 else 's'} sent",
        f"{o.heard_back} heard back ({o.share(o.heard_back)})",
        f"{o.interviewed} interviewed ({o.share(o.interviewed)})",
    ]
    if o.accepted:
        parts.append(f"{o.accepted} accepted")
    text = " · ".join(parts) + "."
    days = found.median_days_to_answer
    if days is not None:
        text += (
            f"\nThose that answered did so {round(days)} day{'' if round(days) == 1 else 's'}"
            " after you applied (the median): a measure of when silence is still normal."
        )
    unknown = next((r.sent for r in found.by_source if r.source == NOT_RECORDED), 0)
    if unknown and unknown * 2 >= o.sent:
        text += "\nSet each card's Source (Details tab) to see which sources bring answers."
    return text


class InsightsDialog(QDialog):
    def __init__(self, found: Insights, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insights-dialog")
        self.setWindowTitle("Your search so far")
        sent = found.overall.sent
        self.summary = plain_label(summary(found) if sent else NOTHING_YET)
        self.summary.setObjectName("insights-summary")
        rows = [found.overall, *found.by_source] if sent else []
        self.table = QTableWidget(len(rows), len(HEADERS))
        self.table.setObjectName("insights-table")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)  # to read, not pick
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(HEADERS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        for row, outcome in enumerate(rows):
            for column, text in enumerate(_cells(outcome)):
                item = QTableWidgetItem(text)  # (drawn as plain text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if row == 0:  # the overall line
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self.table.setVisible(bool(rows))
        note = plain_label(FOOTNOTE)
        note.setEnabled(False)  # the palette's quieter text
        note.setVisible(bool(rows))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addWidget(note)
        lay.addWidget(buttons)
        self.resize(720, 420)
