"""The schema, as typed SQLAlchemy 2 models.

Changing anything here that alters the database means: bump ``SCHEMA_VERSION`` in
``store/migrations.py``, add a migration step, and commit a fixture of the old schema
(``tests/fixtures/make_fixture.py``).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from ..core.types import (
    ActivityKind,
    ContactRole,
    CreatedBy,
    FollowUpKind,
    FollowUpStatus,
    InterviewKind,
    Outcome,
    StageKind,
)
from . import EFFECTIVE_DUE_SQL
from .columns import UTCDateTime, str_enum


class Base(DeclarativeBase):
    type_annotation_map = {dt.datetime: UTCDateTime()}  # noqa: RUF012 - SQLAlchemy's API


class Stage(Base):
    __tablename__ = "stage"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[StageKind] = mapped_column(str_enum(StageKind))
    wip_limit: Mapped[int | None] = mapped_column(Integer, default=None)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_stage_name", "name", unique=True),
        CheckConstraint("wip_limit IS NULL OR wip_limit > 0", name="ck_stage_wip_positive"),
    )


application_contact = Table(
    "application_contact",
    Base.metadata,
    Column("application_id", ForeignKey("application.id", ondelete="CASCADE"), primary_key=True),
    Column("contact_id", ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
    Column("role", str_enum(ContactRole), nullable=False),
)

interview_interviewer = Table(
    "interview_interviewer",
    Base.metadata,
    Column("interview_id", ForeignKey("interview.id", ondelete="CASCADE"), primary_key=True),
    Column("contact_id", ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True),
)


class Application(Base):
    __tablename__ = "application"

    id: Mapped[int] = mapped_column(primary_key=True)
    company: Mapped[str] = mapped_column(String(500))
    role: Mapped[str] = mapped_column(String(500))
    url: Mapped[str] = mapped_column(String(500), default="")
    location: Mapped[str] = mapped_column(String(500), default="")
    salary: Mapped[str] = mapped_column(String(500), default="")
    source: Mapped[str] = mapped_column(String(500), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[str] = mapped_column(String(2000), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    document_path: Mapped[str] = mapped_column(String(4096), default="")
    feedback: Mapped[str] = mapped_column(Text, default="")  # what they said when it closed
    lessons: Mapped[str] = mapped_column(Text, default="")  # what to improve next time
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="RESTRICT"))
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    stage_entered_at: Mapped[dt.datetime]
    archived: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Soft delete, so Delete can be undone; the row is purged later.
    deleted_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    #: Maintained by the playbook: nudges marked "no reply" since their last reply.
    unanswered_nudges: Mapped[int] = mapped_column(Integer, default=0)
    ghost_suggested: Mapped[bool] = mapped_column(Boolean, default=False)

    stage: Mapped[Stage] = relationship()
    interviews: Mapped[list[Interview]] = relationship(
        back_populates="application", order_by="Interview.starts_at"
    )
    follow_ups: Mapped[list[FollowUp]] = relationship(back_populates="application")

    __table_args__ = (
        # Schema 1.1: "already applied?" looks up company+role case-insensitively.
        Index("ix_application_company_role", func.lower(text("company")), func.lower(text("role"))),
    )


class CardOrder(Base):
    """Where each live card sits on the board: a sort key per card within its stage.

    Only cards on the board have a row (archived and deleted ones do not), in a narrow table
    of its own (~20 bytes a row, no rowid). Since schema 3.0 the keys are sparse: cards are
    ``ORDER_GAP`` apart, a card dropped between two others takes the midpoint, and a column
    is renumbered only when two neighbours have no integer left between them (after ~32
    drops into the same gap). A drop is then one insert and one delete, where dense
    positions 0..n-1 (schema 2.x) shifted every later card of two columns: 2.5 ms of the
    move service at 10,000 cards, now ~0.1 ms. A card's index on the board is its rank,
    read through the unique (stage, position) index. ``stage_id`` mirrors
    ``application.stage_id``; only services/board.py writes either for a live card.
    """

    __tablename__ = "card_order"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), primary_key=True
    )
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="RESTRICT"))
    position: Mapped[int] = mapped_column(Integer)

    __table_args__ = (
        Index("ux_card_order_stage_position", "stage_id", "position", unique=True),
        {"sqlite_with_rowid": False},
    )


class Contact(Base):
    __tablename__ = "contact"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    title: Mapped[str] = mapped_column(String(500), default="")
    company: Mapped[str] = mapped_column(String(500), default="")
    email: Mapped[str] = mapped_column(String(500), default="")
    phone: Mapped[str] = mapped_column(String(500), default="")
    linkedin_url: Mapped[str] = mapped_column(String(500), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    #: Stay-in-touch cadence in days; NULL = no reminders for this person.
    keep_in_touch_days: Mapped[int | None] = mapped_column(Integer, default=None)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]


class Interview(Base):
    __tablename__ = "interview"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    starts_at: Mapped[dt.datetime]
    duration_minutes: Mapped[int] = mapped_column(Integer, default=60)
    kind: Mapped[InterviewKind] = mapped_column(str_enum(InterviewKind))
    round: Mapped[int] = mapped_column(Integer, default=1)
    points_discussed: Mapped[str] = mapped_column(Text, default="")
    questions_asked: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime]

    application: Mapped[Application] = relationship(back_populates="interviews")
    interviewers: Mapped[list[Contact]] = relationship(
        secondary=interview_interviewer, order_by=Contact.name
    )

    __table_args__ = (CheckConstraint("duration_minutes > 0", name="ck_interview_duration"),)

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


class FollowUp(Base):
    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    interview_id: Mapped[int | None] = mapped_column(
        ForeignKey("interview.id", ondelete="SET NULL")
    )
    kind: Mapped[FollowUpKind] = mapped_column(str_enum(FollowUpKind))
    title: Mapped[str] = mapped_column(String(500))
    details: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[FollowUpStatus] = mapped_column(
        str_enum(FollowUpStatus), default=FollowUpStatus.PENDING
    )
    due_at: Mapped[dt.datetime]
    escalate_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    snoozed_until: Mapped[dt.datetime | None] = mapped_column(default=None)
    notified_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    escalation_notified_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    #: When the notifier must next speak about this row; NULL = never. Maintained on flush
    #: (store/alerts.py) so ``next_due`` is one MIN() over an index.
    next_alert_at: Mapped[dt.datetime | None] = mapped_column(default=None, index=True)
    done_at: Mapped[dt.datetime | None] = mapped_column(default=None)
    outcome: Mapped[Outcome | None] = mapped_column(str_enum(Outcome), default=None)
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    created_by: Mapped[CreatedBy] = mapped_column(str_enum(CreatedBy))
    #: Stable identity of a playbook follow-up; the unique index makes duplicates impossible.
    playbook_key: Mapped[str | None] = mapped_column(String(200), default=None)
    #: The user moved the due date: the playbook no longer re-times it.
    rescheduled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]

    application: Mapped[Application | None] = relationship(back_populates="follow_ups")
    contact: Mapped[Contact | None] = relationship()

    __table_args__ = (
        UniqueConstraint("playbook_key", name="uq_follow_up_playbook_key"),
        CheckConstraint(
            "application_id IS NOT NULL OR contact_id IS NOT NULL", name="ck_follow_up_owner"
        ),
        Index("ix_follow_up_due", "status", "due_at"),
        # Schema 1.1: the board's "next follow-up per card" aggregate reads pending rows per app.
        Index("ix_follow_up_application_status", "application_id", "status"),
        # Schema 3.0: the Follow-ups panel lists pending rows by *effective* due time (a
        # snooze postpones it) and counts the rest; application_id makes the count
        # index-only. Without it every refresh sorted all pending rows: 40 ms at 10,000
        # cards, after every drop. queries._EFFECTIVE_DUE must stay the same expression,
        # or SQLite will not use the index (a test checks the query plan).
        Index("ix_follow_up_owed", "status", text(EFFECTIVE_DUE_SQL), "application_id"),
    )


class Activity(Base):
    """Append-only timeline. Services only ever insert rows here."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("application.id", ondelete="CASCADE")
    )
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact.id", ondelete="SET NULL"))
    follow_up_id: Mapped[int | None] = mapped_column(
        ForeignKey("follow_up.id", ondelete="SET NULL")
    )
    at: Mapped[dt.datetime]
    kind: Mapped[ActivityKind] = mapped_column(str_enum(ActivityKind))
    summary: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_activity_application", "application_id", "at"),)


class Setting(Base):
    """Key/value user settings; values are JSON text (never pickles)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def table_of(model: type[Base]) -> Table:
    """The Core table behind a model, typed (for prebuilt hot-path statements)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table
