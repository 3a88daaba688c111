"""Persistence: SQLAlchemy models, the database file (open, verify, migrate, back up)."""

#: The database file's name inside the data folder.
DB_FILENAME = "followup.sqlite3"
