"""The playbook's knobs. Every default the method uses is a user setting, kept in the database
(so it travels with the data) and validated here, Qt-free."""

from __future__ import annotations

import dataclasses
from typing import Any, Self

from .types import DomainError
from .validation import whole_number

_LIMITS: dict[str, tuple[int, int]] = {
    "thank_you_due_hours": (1, 24 * 14),
    "thank_you_escalate_hours": (1, 24 * 30),
    "call_after_days": (1, 60),
    "check_in_every_days": (3, 90),
    "max_unanswered_nudges": (1, 10),
    "feedback_after_days": (0, 30),
    "nudge_hour": (0, 23),
}


class _Stored:
    """JSON round trip and validated updates shared by the settings records."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}  # type: ignore[arg-type]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Self:
        """Build from stored values; unknown keys (from a newer version) are ignored."""
        known = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        return cls(**{k: v for k, v in data.items() if k in known})

    def replace(self, **changes: Any) -> Self:
        unknown = set(changes) - {f.name for f in dataclasses.fields(self)}  # type: ignore[arg-type]
        if unknown:
            raise DomainError(f"Unknown setting: {', '.join(sorted(unknown))}.")
        return dataclasses.replace(self, **changes)  # type: ignore[type-var]


@dataclasses.dataclass(frozen=True, slots=True)
class PlaybookSettings(_Stored):
    thank_you_due_hours: int = 24  # after the interview ends
    thank_you_escalate_hours: int = 48
    call_after_days: int = 7  # after the interview, if they have not replied
    check_in_every_days: int = 14  # while the application is open
    max_unanswered_nudges: int = 2  # then stop nudging and suggest Ghosted
    feedback_after_days: int = 1  # after a rejection
    nudge_hour: int = 10  # local hour at which day-based follow-ups fall due
    business_days_only: bool = True  # day-based follow-ups skip Saturday and Sunday

    def __post_init__(self) -> None:
        for name, (low, high) in _LIMITS.items():
            whole_number(_LABELS[name], getattr(self, name), low=low, high=high)
        if not isinstance(self.business_days_only, bool):
            raise DomainError("'Business days only' must be on or off.")
        if self.thank_you_escalate_hours < self.thank_you_due_hours:
            raise DomainError("The thank-you escalation cannot come before it is due.")


_LABELS = {
    "thank_you_due_hours": "Thank-you due (hours after the interview)",
    "thank_you_escalate_hours": "Thank-you escalation (hours after the interview)",
    "call_after_days": "Follow-up call (days after the interview)",
    "check_in_every_days": "Check-in interval (days)",
    "max_unanswered_nudges": "Unanswered follow-ups before suggesting Ghosted",
    "feedback_after_days": "Feedback request (days after a rejection)",
    "nudge_hour": "Hour of day follow-ups fall due",
}


ADAPTER_CHOICES = ("auto", "freedesktop", "tray", "plyer", "in-app")


@dataclasses.dataclass(frozen=True, slots=True)
class NotifySettings(_Stored):
    """How alerts reach the user: quiet hours (local, e.g. 21:00–08:00) and which way."""

    quiet_enabled: bool = False
    quiet_start: str = "21:00"
    quiet_end: str = "08:00"
    adapter: str = (
        "auto"  # or one of ADAPTER_CHOICES to force it (in-app is always the last resort)
    )

    def __post_init__(self) -> None:
        import datetime as dt

        for label, value in (
            ("Quiet hours start", self.quiet_start),
            ("Quiet hours end", self.quiet_end),
        ):
            try:
                dt.time.fromisoformat(value)
            except (TypeError, ValueError) as exc:
                raise DomainError(f"{label} must be a time like 21:00.") from exc
        if self.adapter not in ADAPTER_CHOICES:
            raise DomainError(f"Unknown notification method “{self.adapter}”.")
        if not isinstance(self.quiet_enabled, bool):
            raise DomainError("Quiet hours must be on or off.")
