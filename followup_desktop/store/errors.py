"""Why a database file could not be opened. Messages are shown to the user as they are."""

from __future__ import annotations


class DatabaseOpenError(Exception):
    """The file was refused and left untouched."""


class NotADatabaseError(DatabaseOpenError):
    pass


class CorruptDatabaseError(DatabaseOpenError):
    pass


class ForeignDatabaseError(DatabaseOpenError):
    pass


class NewerDatabaseError(DatabaseOpenError):
    pass


class MigrationError(DatabaseOpenError):
    pass
