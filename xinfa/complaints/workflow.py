"""The complaint state machine as data: which status may follow which."""

from xinfa.complaints.enums import ComplaintStatus as S

TRANSITIONS: dict[str, frozenset[str]] = {
    S.ACCEPTED: frozenset({S.INVESTIGATING, S.ESCALATED}),
    S.INVESTIGATING: frozenset({S.RESPONDED, S.ESCALATED}),
    S.ESCALATED: frozenset({S.INVESTIGATING, S.RESPONDED}),
    S.RESPONDED: frozenset({S.FOLLOWED_UP, S.ESCALATED, S.REVIEW_REQUESTED, S.REOPENED}),
    S.FOLLOWED_UP: frozenset({S.CLOSED, S.REOPENED, S.ESCALATED}),
    S.CLOSED: frozenset({S.REOPENED, S.REVIEW_REQUESTED}),
    S.REOPENED: frozenset({S.INVESTIGATING, S.ESCALATED}),
    S.REVIEW_REQUESTED: frozenset({S.INVESTIGATING, S.ESCALATED}),
}

OPEN_STATUSES = frozenset(set(TRANSITIONS) - {S.CLOSED})
# Statuses in which the investigation may be recorded and remedies proposed.
INVESTIGATION_STATUSES = frozenset({S.INVESTIGATING, S.ESCALATED})


def can_transition(current: str, target: str) -> bool:
    return target in TRANSITIONS.get(current, frozenset())
