"""Realistic, deterministic sample data: for "Try with sample data", screenshots and
benchmarks. Everything goes through the real services with a clock that walks forward, so
the playbook's follow-ups, the timeline and stage ages look like a real search."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Callable

from sqlalchemy import select

from ..core.clock import ManualClock
from ..core.types import ActivityKind, ContactRole, DomainError, InterviewKind, Outcome
from ..store.database import Database
from ..store.models import Stage
from . import activity, applications, board, contacts, followups, interviews, queries

COMPANIES = (
    "Acme Robotics",
    "Globex",
    "Initech",
    "Umbrella Health",
    "Stark Industries",
    "Wayne Enterprises",
    "Hooli",
    "Pied Piper",
    "Vandelay Imports",
    "Soylent Foods",
    "Cyberdyne Systems",
    "Tyrell Corp",
    "Wonka Labs",
    "Aperture Science",
    "Black Mesa",
    "Monarch Solutions",
    "Oscorp",
    "Gringotts Bank",
    "Nakatomi Trading",
    "Massive Dynamic",
    "Blue Sun",
    "Weyland-Yutani",
    "Dunder Mifflin",
    "Prestige Worldwide",
    "Sirius Cybernetics",
    "Bluth Company",
    "Kraken Analytics",
    "Zorg Industries",
)
ROLES = (
    "Backend Engineer",
    "Senior Python Developer",
    "Data Engineer",
    "Platform Engineer",
    "Site Reliability Engineer",
    "Full-Stack Developer",
    "Engineering Manager",
    "ML Engineer",
    "Developer Advocate",
    "QA Automation Engineer",
    "Product Engineer",
    "Security Engineer",
)
PEOPLE = (
    "Jane Doe",
    "Raj Patel",
    "María García",
    "Chen Wei",
    "Amara Okafor",
    "Lukas Schmidt",
    "Aiko Tanaka",
    "Omar Haddad",
    "Sofia Rossi",
    "Noah Williams",
    "Fatima Zahra",
    "Ivan Petrov",
)
SUFFIXES = ("Labs", "Group", "Digital", "Health", "Cloud", "Studios", "Systems", "Capital")
SOURCES = ("LinkedIn", "Company site", "Referral", "Recruiter", "Job board", "Meetup")
LOCATIONS = ("Remote", "Berlin", "London", "Amsterdam", "Hybrid — Paris", "New York", "Lisbon")

#: How a real search spreads out: most cards applied or waiting, fewer interviewing, a few offers.
STAGE_WEIGHTS = {
    "Wishlist": 14,
    "Applied": 34,
    "Interviewing": 16,
    "Offer": 3,
    "Accepted": 1,
    "Rejected": 18,
    "Ghosted": 10,
    "Withdrawn": 4,
}


def generate(
    db: Database,
    clock: ManualClock,
    count: int = 40,
    *,
    seed: int = 7,
    days: int = 60,
    progress: Callable[[int], None] | None = None,
) -> list[int]:
    """Add ``count`` applications spread over the ``days`` before the clock's current time.
    Returns their ids. The clock ends where it started."""
    rng = random.Random(seed)
    end = clock.now()
    with db.read() as s:
        stages = {st.name: st.id for st in s.scalars(select(Stage))}
    names = [n for n in STAGE_WEIGHTS if n in stages] or list(stages)
    weights = [STAGE_WEIGHTS.get(n, 1) for n in names]
    starts = sorted(
        end - dt.timedelta(minutes=rng.randint(60, days * 24 * 60)) for _ in range(count)
    )
    ids: list[int] = []
    for n, start in enumerate(starts):
        clock.set(start)
        target = rng.choices(names, weights)[0]
        company = COMPANIES[n % len(COMPANIES)]
        if n >= len(COMPANIES):
            company += " " + SUFFIXES[(n // len(COMPANIES) - 1) % len(SUFFIXES)]
            if n >= len(COMPANIES) * (len(SUFFIXES) + 1):
                company += f" {n}"
        app = applications.create_application(
            db,
            company,
            rng.choice(ROLES),
            stage_id=stages.get("Wishlist"),
            location=rng.choice(LOCATIONS),
            source=rng.choice(SOURCES),
            tags=", ".join(
                rng.sample(("python", "remote", "startup", "fintech", "health", "ai"), 2)
            ),
            url=f"https://jobs.example.com/{n}",
        ).id
        ids.append(app)
        if target != "Wishlist" and "Applied" in stages:
            clock.advance(dt.timedelta(hours=rng.randint(2, 48)))
            board.move_application(db, app, stages["Applied"], 0)
        if target in ("Interviewing", "Offer", "Accepted", "Rejected") and rng.random() < 0.8:
            _interview(db, clock, rng, app, stages, end)
        if target == "Ghosted" or (target == "Applied" and rng.random() < 0.2):
            _go_quiet(db, clock, rng, app, end)
        if target not in ("Wishlist", "Applied") and clock.now() < end:
            clock.set(min(end, clock.now() + dt.timedelta(days=rng.randint(1, 5))))
            board.move_application(db, app, stages[target], 0)
        if progress:
            progress(n + 1)
    _catch_up(db, clock, rng, end)
    clock.set(end)
    return ids


def _catch_up(db: Database, clock: ManualClock, rng: random.Random, end: dt.datetime) -> None:
    """A real user has dealt with most of what fell due more than a couple of days ago:
    thank-yous sent, calls made (some unanswered). Leaves a realistic few overdue."""
    for _ in range(6):
        stale = [
            r
            for r in queries.upcoming_follow_ups(db, end - dt.timedelta(days=2))
            if rng.random() < 0.9
        ]
        if not stale:
            return
        for row in stale:
            clock.set(max(clock.now(), min(end, row.due + dt.timedelta(hours=rng.randint(1, 30)))))
            outcome = rng.choice((Outcome.NO_REPLY, Outcome.REPLIED)) if row.kind.is_nudge else None
            with contextlib.suppress(DomainError):  # done already by an earlier step
                followups.complete_follow_up(db, row.id, outcome=outcome)


def _interview(
    db: Database,
    clock: ManualClock,
    rng: random.Random,
    app: int,
    stages: dict[str, int],
    end: dt.datetime,
) -> None:
    name = rng.choice(PEOPLE)
    who = contacts.create_contact(
        db,
        name,
        application_id=app,
        role=ContactRole.RECRUITER,
        email=f"{name.split()[0].lower()}@example.com",
    ).id
    clock.set(min(end, clock.now() + dt.timedelta(days=rng.randint(2, 10))))
    if "Interviewing" in stages:
        board.move_application(db, app, stages["Interviewing"], 0)
    panel = [who]
    if rng.random() < 0.6:
        panel.append(
            contacts.create_contact(
                db,
                # Not the recruiter's name again: two thank-yous "to Lukas Schmidt" for one
                # interview read as a duplicate, not as two people of one name.
                rng.choice([p for p in PEOPLE if p != name]),
                application_id=app,
                role=ContactRole.INTERVIEWER,
            ).id
        )
    local_day = (clock.now() + dt.timedelta(days=rng.randint(1, 6))).astimezone(clock.tz)
    starts = local_day.replace(
        hour=rng.choice((10, 11, 14, 15, 16)), minute=0, second=0, microsecond=0
    )
    interviews.log_interview(
        db,
        app,
        starts,
        kind=rng.choice(list(InterviewKind)),
        interviewer_ids=panel,
        points_discussed=(
            "- the size of the platform team\n- their on-call rota\n- the migration to Postgres"
        ),
        questions_asked="How do you measure success in the first 90 days?",
    )
    after = starts + dt.timedelta(hours=rng.randint(5, 30))
    if after < end and rng.random() < 0.75:
        clock.set(max(clock.now(), after))
        for fu in queries.pending_follow_ups(db, app):
            if fu.kind.value == "thank_you":
                followups.complete_follow_up(db, fu.id, note="Sent")


def _go_quiet(
    db: Database, clock: ManualClock, rng: random.Random, app: int, end: dt.datetime
) -> None:
    for _ in range(2):
        pending = [f for f in queries.pending_follow_ups(db, app) if f.kind.is_nudge]
        if not pending or pending[0].due_at >= end:
            return
        clock.set(max(clock.now(), pending[0].due_at + dt.timedelta(hours=2)))
        if rng.random() < 0.3:
            activity.log_contact(db, app, ActivityKind.EMAIL_SENT, "Sent a short check-in email")
        followups.complete_follow_up(db, pending[0].id, outcome=Outcome.NO_REPLY)


def generate_bulk(db: Database, count: int, *, seed: int = 7, days: int = 90) -> None:
    """Thousands of applications quickly (benchmarks): rows are inserted in bulk, then the
    real playbook plans every card in one transaction, so follow-ups are what a user would
    have. Stage ages, interviews and overdue items are spread like ``generate``."""
    from sqlalchemy import insert

    from ..store.migrations import ORDER_GAP
    from ..store.models import Application, CardOrder, Interview, table_of
    from .playbook_runner import replan

    rng = random.Random(seed)
    with db.read() as s:
        stages = {st.name: st.id for st in s.scalars(select(Stage))}
    names = [n for n in STAGE_WEIGHTS if n in stages] or list(stages)
    weights = [STAGE_WEIGHTS.get(n, 1) for n in names]
    now = db.clock.now()
    positions: dict[int, int] = {}
    apps: list[dict[str, object]] = []
    places: list[int] = []
    interview_rows = []
    for n in range(count):
        sid = stages[rng.choices(names, weights)[0]]
        entered = now - dt.timedelta(minutes=rng.randint(30, days * 24 * 60))
        pos = positions.get(sid, 0)
        positions[sid] = pos + 1
        company = f"{COMPANIES[n % len(COMPANIES)]} {SUFFIXES[n % len(SUFFIXES)]} {n}"
        places.append((pos + 1) * ORDER_GAP)
        apps.append(
            {
                "company": company,
                "role": rng.choice(ROLES),
                "location": rng.choice(LOCATIONS),
                "source": rng.choice(SOURCES),
                "tags": ", ".join(rng.sample(("python", "remote", "startup", "fintech", "ai"), 2)),
                "url": f"https://jobs.example.com/{n}",
                "stage_id": sid,
                "created_at": entered - dt.timedelta(days=rng.randint(0, 10)),
                "updated_at": entered,
                "stage_entered_at": entered,
            }
        )
    with db.write() as tx:
        conn = tx.session.connection()
        conn.execute(insert(table_of(Application)), apps)
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM application ORDER BY id")]
        conn.execute(
            insert(table_of(CardOrder)),
            [
                {"application_id": app_id, "stage_id": a["stage_id"], "position": key}
                for app_id, a, key in zip(ids, apps, places, strict=True)
            ],
        )
        kinds = {
            r[0]: r[1]
            for r in conn.exec_driver_sql(
                "SELECT a.id, s.name FROM application a JOIN stage s ON s.id = a.stage_id"
            )
        }
        for app_id in ids:
            if kinds[app_id] in ("Interviewing", "Offer", "Rejected") and rng.random() < 0.8:
                start = now + dt.timedelta(hours=rng.randint(-24 * 20, 24 * 7))
                interview_rows.append(
                    {
                        "application_id": app_id,
                        "starts_at": start,
                        "duration_minutes": 60,
                        "kind": rng.choice(list(InterviewKind)),
                        "round": 1,
                        "created_at": now,
                    }
                )
        if interview_rows:
            conn.execute(insert(table_of(Interview)), interview_rows)
        for app_id in ids:
            replan(tx, app_id)
        tx.changed.stages = True
