"""Domain vocabulary: the enums every layer shares, and the domain error.

Stored in the database by their string value, so renaming a Python member never
changes data on disk.
"""

from __future__ import annotations

import enum


class DomainError(Exception):
    """A request the domain refuses (bad input, missing row, rule broken).

    The message is written for the user: the UI shows it as it is.
    Raising it inside a service aborts the transaction, so nothing is half-written.
    """


class NotFoundError(DomainError):
    """The row a request names does not exist (any more)."""


class StageKind(enum.StrEnum):
    """What reaching a stage means to the playbook.

    The issue's three categories (open / won / closed) are ``category``; the finer kinds
    tell the playbook *which* closed stage it is, so renaming "Rejected" to "No thanks"
    keeps the feedback request working.
    """

    PLANNED = "planned"  # not applied yet (Wishlist): no nudges
    OPEN = "open"  # in the process: the playbook nudges
    WON = "won"  # accepted an offer: nudges stop
    REJECTED = "rejected"  # closed by them: ask for feedback
    GHOSTED = "ghosted"  # closed by silence: where the playbook suggests moving a card
    CLOSED = "closed"  # closed otherwise (withdrawn, position filled …)

    @property
    def category(self) -> str:
        if self in (StageKind.PLANNED, StageKind.OPEN):
            return "open"
        if self is StageKind.WON:
            return "won"
        return "closed"

    @property
    def is_terminal(self) -> bool:
        return self.category != "open"

    @property
    def label(self) -> str:
        return _STAGE_KIND_LABELS[self]


_STAGE_KIND_LABELS = {
    StageKind.PLANNED: "Not applied yet",
    StageKind.OPEN: "In progress",
    StageKind.WON: "Won",
    StageKind.REJECTED: "Rejected",
    StageKind.GHOSTED: "Ghosted",
    StageKind.CLOSED: "Closed",
}


class FollowUpKind(enum.StrEnum):
    THANK_YOU = "thank_you"
    CALL = "call"
    CHECK_IN = "check_in"
    STATUS_INQUIRY = "status_inquiry"
    FEEDBACK_REQUEST = "feedback_request"
    KEEP_IN_TOUCH = "keep_in_touch"
    CUSTOM = "custom"

    @property
    def label(self) -> str:
        return _FOLLOW_UP_KIND_LABELS[self]

    @property
    def is_nudge(self) -> bool:
        """Nudges are the follow-ups that can go unanswered and count towards "ghosted"."""
        return self in (FollowUpKind.CALL, FollowUpKind.CHECK_IN, FollowUpKind.STATUS_INQUIRY)


_FOLLOW_UP_KIND_LABELS = {
    FollowUpKind.THANK_YOU: "Thank-you email",
    FollowUpKind.CALL: "Follow-up call",
    FollowUpKind.CHECK_IN: "Check-in",
    FollowUpKind.STATUS_INQUIRY: "Status inquiry",
    FollowUpKind.FEEDBACK_REQUEST: "Ask for feedback",
    FollowUpKind.KEEP_IN_TOUCH: "Keep in touch",
    FollowUpKind.CUSTOM: "Follow-up",
}


class FollowUpStatus(enum.StrEnum):
    PENDING = "pending"
    DONE = "done"  # the user did it
    DISMISSED = "dismissed"  # the user decided not to
    CANCELLED = "cancelled"  # the playbook withdrew it (application closed, superseded)


class Outcome(enum.StrEnum):
    """How a nudge went, recorded when it is marked done; drives the unanswered count."""

    REPLIED = "replied"
    NO_REPLY = "no_reply"
    NOTE = "note"


def feedback_came_in(kind: FollowUpKind | None, outcome: Outcome | None) -> bool:
    """A rejection's request for feedback was done with "they replied": the feedback is
    in, and the method says to write it down with what to improve (the card editor and
    the Follow-ups panel both open the card at Feedback then)."""
    return kind is FollowUpKind.FEEDBACK_REQUEST and outcome is Outcome.REPLIED


class CreatedBy(enum.StrEnum):
    PLAYBOOK = "playbook"
    USER = "user"


class ContactRole(enum.StrEnum):
    RECRUITER = "recruiter"
    HIRING_MANAGER = "hiring_manager"
    INTERVIEWER = "interviewer"
    REFERRAL = "referral"
    OTHER = "other"


class InterviewKind(enum.StrEnum):
    PHONE = "phone"
    VIDEO = "video"
    ONSITE = "onsite"


class ActivityKind(enum.StrEnum):
    CREATED = "created"
    EDITED = "edited"
    STAGE_CHANGED = "stage_changed"
    ARCHIVED = "archived"
    UNARCHIVED = "unarchived"
    INTERVIEW_LOGGED = "interview_logged"
    FOLLOW_UP_DONE = "follow_up_done"
    FOLLOW_UP_DISMISSED = "follow_up_dismissed"
    FOLLOW_UP_SNOOZED = "follow_up_snoozed"
    FOLLOW_UP_RESCHEDULED = "follow_up_rescheduled"
    CALL_LOGGED = "call_logged"
    EMAIL_SENT = "email_sent"
    REPLY_RECEIVED = "reply_received"
    NOTE = "note"

    @property
    def is_touch(self) -> bool:
        """A contact with the company: restarts the check-in cadence."""
        return self in (
            ActivityKind.CALL_LOGGED,
            ActivityKind.EMAIL_SENT,
            ActivityKind.REPLY_RECEIVED,
            ActivityKind.FOLLOW_UP_DONE,
            ActivityKind.INTERVIEW_LOGGED,
        )
