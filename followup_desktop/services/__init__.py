"""The one write path. Every change to the data is one function here, one transaction,
returning :class:`~followup_desktop.core.changes.Changes` (or ``Created``). A
:class:`~followup_desktop.core.types.DomainError` aborts the transaction: nothing is
half-written. Qt-free."""
