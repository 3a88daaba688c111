"""Persistence: SQLAlchemy models, the database file (open, verify, migrate, back up)."""

#: The database file's name inside the data folder.
DB_FILENAME = "followup.sqlite3"

#: A follow-up's effective due time: the snooze end when it is later than the due time.
#: Shared by the ix_follow_up_owed index (models.py) and the board's plain-SQL read
#: (services/board_view.py); queries._EFFECTIVE_DUE builds the same expression.
EFFECTIVE_DUE_SQL = "(CASE WHEN snoozed_until > due_at THEN snoozed_until ELSE due_at END)"
