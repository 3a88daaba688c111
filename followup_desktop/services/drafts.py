"""Drafting a follow-up's message, and the user's own templates (one settings row).

The default templates are text files in ``resources/templates`` (one per follow-up kind);
an edited template is stored in the database, so it travels with the data, and resetting
it removes the stored copy. Drafting reads the follow-up, its application, the person it
is for and the interview it follows, and fills the template in (``core.drafts``).
"""

from __future__ import annotations

import dataclasses
import functools
import json
from typing import Any

from sqlalchemy import select

from ..core import drafts, validation
from ..core.changes import Changes
from ..core.clock import Clock
from ..core.types import DomainError, FollowUpKind
from ..paths import resource
from ..store.database import Database
from ..store.models import (
    Application,
    Contact,
    FollowUp,
    Interview,
    Setting,
    Stage,
    application_contact,
)
from .settings import store_setting

DRAFTS_KEY = "drafts"


@dataclasses.dataclass(frozen=True, slots=True)
class DraftSettings:
    """The user's name for signing drafts, and the templates they edited (by kind). The
    user's own email address tells an invitation's preview which attendee is them."""

    my_name: str = ""
    templates: dict[str, str] = dataclasses.field(default_factory=dict)
    my_email: str = ""

    def template(self, kind: FollowUpKind) -> str:
        return self.templates.get(kind.value) or default_template(kind)


@functools.cache
def default_template(kind: FollowUpKind) -> str:
    """The template the app ships for ``kind`` (a missing file is a broken install). Read
    once: Settings compares the template being typed with it at every keystroke."""
    path = resource(f"templates/{FollowUpKind(kind).value}.txt")
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DomainError(f"The draft template {path} is missing: reinstall the app.") from exc


def draft_settings(db: Database) -> DraftSettings:
    with db.read() as s:
        row = s.get(Setting, DRAFTS_KEY)
        raw = row.value if row is not None else "{}"
    try:
        data = json.loads(raw)
        templates = {
            k: v
            for k, v in dict(data.get("templates", {})).items()
            if isinstance(v, str) and k in {kind.value for kind in drafts.TEMPLATE_KINDS}
        }
        name, email = data.get("my_name", ""), data.get("my_email", "")
        return DraftSettings(
            name if isinstance(name, str) else "",
            templates,
            email if isinstance(email, str) else "",
        )
    except (ValueError, TypeError, AttributeError):
        return DraftSettings()  # unreadable: the defaults, and the next save replaces it


def update_draft_settings(
    db: Database,
    *,
    my_name: str | None = None,
    templates: dict[str, str] | None = None,
    my_email: str | None = None,
) -> Changes:
    """Store the signing name and templates; a template equal to the default, or blank,
    is not stored (the kind follows the shipped template again). Unknown kinds, a
    template over ``TEMPLATE_MAX`` characters or one using a placeholder that does not
    exist are refused with the reason, and nothing changes."""
    current = draft_settings(db)
    name = current.my_name if my_name is None else validation.one_line("Your name", my_name)
    email = current.my_email if my_email is None else validation.one_line("Your email", my_email)
    if email and "@" not in email:
        raise DomainError(f"\u201c{email}\u201d does not look like an email address.")
    stored = dict(current.templates)
    for key, text in (templates or {}).items():
        try:
            kind = FollowUpKind(key)
        except ValueError:
            raise DomainError(f"There is no follow-up kind {key!r}.") from None
        if kind not in drafts.TEMPLATE_KINDS:
            raise DomainError(f"{kind.label} follow-ups have no template.")
        if not isinstance(text, str):
            raise DomainError(f"The {kind.label} template must be text.")
        if len(text) > drafts.TEMPLATE_MAX:
            raise DomainError(
                f"The {kind.label} template is longer than {drafts.TEMPLATE_MAX:,} characters."
            )
        unknown = sorted(drafts.placeholders_in(text) - set(drafts.PLACEHOLDERS))
        if unknown:
            names = ", ".join(f"${n}" for n in unknown)
            raise DomainError(
                f"The {kind.label} template uses {names}, which the app cannot fill in"
                " (write $$ for a dollar sign)."
            )
        if not text.strip() or text == default_template(kind):
            stored.pop(kind.value, None)
        else:
            stored[kind.value] = text
    values: dict[str, Any] = {"my_name": name or "", "my_email": email, "templates": stored}
    with db.write() as tx:
        store_setting(tx, DRAFTS_KEY, values)
    return tx.result


def draft_for(db: Database, follow_up_id: int, clock: Clock) -> drafts.Draft:
    """The message for a follow-up, filled in from what the database knows."""
    settings = draft_settings(db)
    with db.read() as s:
        fu = s.get(FollowUp, follow_up_id)
        if fu is None:
            raise DomainError("That follow-up no longer exists.")
        app = s.get(Application, fu.application_id) if fu.application_id is not None else None
        if app is not None and app.deleted_at is not None:
            raise DomainError("That application was deleted.")
        interview = s.get(Interview, fu.interview_id) if fu.interview_id is not None else None
        person = s.get(Contact, fu.contact_id) if fu.contact_id is not None else None
        if person is None and interview is not None and len(interview.interviewers) == 1:
            person = interview.interviewers[0]
        if person is None and app is not None:
            person = _main_contact(s, app.id)
        if interview is None and app is not None and fu.kind != FollowUpKind.CUSTOM:
            # A call or a check-in follows the latest interview that has happened.
            interview = s.scalars(
                select(Interview)
                .where(Interview.application_id == app.id, Interview.starts_at <= clock.now())
                .order_by(Interview.starts_at.desc())
                .limit(1)
            ).first()
        stage = s.get(Stage, app.stage_id) if app is not None else None
        facts = drafts.DraftFacts(
            kind=fu.kind,
            title=fu.title,
            company=app.company if app is not None else (person.company if person else ""),
            role=app.role if app is not None else "",
            stage=stage.name if stage is not None else "",
            applied_at=app.created_at if app is not None else None,
            person=person.name if person is not None else "",
            email=person.email if person is not None else "",
            phone=person.phone if person is not None else "",
            interview_at=interview.starts_at if interview is not None else None,
            points=interview.points_discussed if interview is not None else "",
            questions=interview.questions_asked if interview is not None else "",
            my_name=settings.my_name,
        )
    return drafts.render(settings.template(fu.kind), facts, clock.now(), clock.tz)


#: Whom a message about an application goes to when the follow-up names nobody: the
#: recruiter first, then the hiring manager, an interviewer, a referral.
_ROLE_ORDER = ("recruiter", "hiring_manager", "interviewer", "referral")


def _main_contact(s: Any, app_id: int) -> Contact | None:
    rows = s.execute(
        select(Contact, application_contact.c.role)
        .join(application_contact, application_contact.c.contact_id == Contact.id)
        .where(application_contact.c.application_id == app_id)
        .order_by(Contact.name)
    ).all()
    ranked = sorted(
        rows,
        key=lambda r: _ROLE_ORDER.index(str(r[1])) if str(r[1]) in _ROLE_ORDER else 99,
    )
    return ranked[0][0] if ranked else None
