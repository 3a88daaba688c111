"""People: recruiters, hiring managers, interviewers, referrals, and how they link to cards."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, select, update

from ..core import validation as v
from ..core.changes import Changes, Created
from ..core.types import ContactRole, DomainError
from ..store.database import Database
from ..store.models import Contact, application_contact
from .common import get, live_application
from .playbook_runner import replan_contact

_FIELDS: dict[str, tuple[str, Any]] = {
    "name": ("Name", lambda label, x: v.one_line(label, x, required=True)),
    "title": ("Title", v.one_line),
    "company": ("Company", v.one_line),
    "email": ("Email", v.one_line),
    "phone": ("Phone", v.one_line),
    "linkedin_url": ("LinkedIn URL", v.one_line),
    "notes": ("Notes", v.long_text),
    "keep_in_touch_days": (
        "Keep in touch every (days)",
        lambda label, x: None if x is None else v.whole_number(label, x, low=1, high=3650),
    ),
}


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(_FIELDS)
    if unknown:
        raise DomainError(f"Unknown contact field: {', '.join(sorted(unknown))}.")
    out = {}
    for name, value in fields.items():
        label, check = _FIELDS[name]
        out[name] = check(label, value)
    if out.get("email") and "@" not in out["email"]:
        raise DomainError(f"“{out['email']}” does not look like an email address.")
    return out


def create_contact(
    db: Database,
    name: str,
    *,
    application_id: int | None = None,
    role: ContactRole = ContactRole.OTHER,
    **fields: Any,
) -> Created:
    data = _clean({"name": name, **fields})
    if not isinstance(role, ContactRole):
        raise DomainError("Unknown contact role.")
    with db.write() as tx:
        contact = Contact(**data, created_at=tx.now, updated_at=tx.now)
        tx.session.add(contact)
        tx.session.flush()
        tx.changed.contacts.add(contact.id)
        replan_contact(tx, contact.id)
        if application_id is not None:
            app = live_application(tx, application_id)
            tx.session.execute(
                insert(application_contact).values(
                    application_id=app.id, contact_id=contact.id, role=role
                )
            )
            tx.changed.applications.add(app.id)
    return Created(contact.id, tx.result)


def edit_contact(db: Database, contact_id: int, **fields: Any) -> Changes:
    data = _clean(fields)
    with db.write() as tx:
        contact = get(tx, Contact, contact_id)
        for k, val in data.items():
            setattr(contact, k, val)
        contact.updated_at = tx.now
        tx.changed.contacts.add(contact.id)
        replan_contact(tx, contact.id)
    return tx.result


def link_contact(db: Database, application_id: int, contact_id: int, role: ContactRole) -> Changes:
    """Attach a person to a card with a role (or change the role of an existing link)."""
    if not isinstance(role, ContactRole):
        raise DomainError("Unknown contact role.")
    with db.write() as tx:
        app = live_application(tx, application_id)
        get(tx, Contact, contact_id)
        exists = tx.session.execute(
            select(application_contact.c.role).where(
                application_contact.c.application_id == app.id,
                application_contact.c.contact_id == contact_id,
            )
        ).first()
        if exists is None:
            tx.session.execute(
                insert(application_contact).values(
                    application_id=app.id, contact_id=contact_id, role=role
                )
            )
        else:
            tx.session.execute(
                update(application_contact)
                .where(
                    application_contact.c.application_id == app.id,
                    application_contact.c.contact_id == contact_id,
                )
                .values(role=role)
            )
        tx.changed.applications.add(app.id)
        tx.changed.contacts.add(contact_id)
    return tx.result


def unlink_contact(db: Database, application_id: int, contact_id: int) -> Changes:
    with db.write() as tx:
        app = live_application(tx, application_id)
        tx.session.execute(
            delete(application_contact).where(
                application_contact.c.application_id == app.id,
                application_contact.c.contact_id == contact_id,
            )
        )
        tx.changed.applications.add(app.id)
        tx.changed.contacts.add(contact_id)
    return tx.result


def delete_contact(db: Database, contact_id: int) -> Changes:
    """Remove a person; their links go, follow-ups about them stay (without the name)."""
    with db.write() as tx:
        contact = get(tx, Contact, contact_id)
        tx.session.delete(contact)
        tx.changed.contacts.add(contact_id)
    return tx.result
