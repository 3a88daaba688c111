"""Persistence: SQLAlchemy models, the database file (open, verify, migrate, back up)."""
