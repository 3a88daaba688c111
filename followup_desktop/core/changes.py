"""What a write changed: the one payload every view and the notifier refresh from.

Anki's ``OpChanges`` idea: a service returns this, the database broadcasts it after the
commit, and each listener refreshes only what it names. Ids only, never loose dicts.
"""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True, slots=True)
class Changes:
    #: Applications created or edited (fields, stage, position, archive state …).
    applications: frozenset[int] = frozenset()
    #: Stages whose list of cards (membership or order) changed.
    stage_cards: frozenset[int] = frozenset()
    #: The stage list itself (names, order, kinds, visibility) changed.
    stages: bool = False
    #: Exact card placements a move made, in the order applied: (application id, stage id,
    #: final index). Lets a view replay a move instead of re-reading whole columns; empty
    #: when the change is not a pure move (then ``stage_cards`` says what to re-read).
    placements: tuple[tuple[int, int, int], ...] = ()
    follow_ups: frozenset[int] = frozenset()
    contacts: frozenset[int] = frozenset()
    interviews: frozenset[int] = frozenset()
    #: Applications whose activity timeline grew.
    activity: frozenset[int] = frozenset()
    settings: bool = False

    @property
    def empty(self) -> bool:
        return self == Changes()

    def __or__(self, other: Changes) -> Changes:
        return Changes(
            applications=self.applications | other.applications,
            stage_cards=self.stage_cards | other.stage_cards,
            stages=self.stages or other.stages,
            placements=self.placements + other.placements,
            follow_ups=self.follow_ups | other.follow_ups,
            contacts=self.contacts | other.contacts,
            interviews=self.interviews | other.interviews,
            activity=self.activity | other.activity,
            settings=self.settings or other.settings,
        )


@dataclasses.dataclass(slots=True)
class ChangeRecorder:
    """Mutable collector used inside one transaction; frozen into :class:`Changes` at commit."""

    applications: set[int] = dataclasses.field(default_factory=set)
    stage_cards: set[int] = dataclasses.field(default_factory=set)
    stages: bool = False
    placements: list[tuple[int, int, int]] = dataclasses.field(default_factory=list)
    #: Set when something re-arranged cards other than by recorded placements.
    unplaced: bool = False
    follow_ups: set[int] = dataclasses.field(default_factory=set)
    contacts: set[int] = dataclasses.field(default_factory=set)
    interviews: set[int] = dataclasses.field(default_factory=set)
    activity: set[int] = dataclasses.field(default_factory=set)
    settings: bool = False

    def freeze(self) -> Changes:
        return Changes(
            applications=frozenset(self.applications),
            stage_cards=frozenset(self.stage_cards),
            stages=self.stages,
            placements=() if self.unplaced else tuple(self.placements),
            follow_ups=frozenset(self.follow_ups),
            contacts=frozenset(self.contacts),
            interviews=frozenset(self.interviews),
            activity=frozenset(self.activity),
            settings=self.settings,
        )


@dataclasses.dataclass(frozen=True, slots=True)
class Created:
    """A service result for something new: its id and what changed."""

    id: int
    changes: Changes
