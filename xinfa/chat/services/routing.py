"""Routing: which queue a chat waits in, which agent takes it, and where others stand."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from xinfa.chat.conf import chat_setting
from xinfa.chat.enums import DecisionKind, PresenceStatus, SessionState, Skill
from xinfa.chat.events import STAFF_GROUP, Event, agent_group, session_group
from xinfa.chat.models import AgentPresence, ChatSession, RoutingDecision
from xinfa.chat.payloads import person_payload, session_payload
from xinfa.chat.understanding import TurnReading
from xinfa.customers.enums import CustomerKind, VipTier
from xinfa.service.services import interaction_transfer

INTENT_SKILLS: dict[str, str] = {
    "lost_card": Skill.CARDS,
    "credit_card_bill_limit": Skill.CARDS,
    "password_pin": Skill.CARDS,
    "fraud_report": Skill.CARDS,
    "loan_repayment": Skill.LOANS,
    "wealth_products": Skill.WEALTH,
    "deposits": Skill.WEALTH,
}
ELDERLY_PRIORITY = 2
VIP_PRIORITY = 1


def skill_for(*, reading: TurnReading, customer: Any) -> tuple[str, str]:
    """Pick the queue for a chat: the profile first (corporate, elderly), then the intent."""
    if customer is not None and customer.kind == CustomerKind.CORPORATE:
        return Skill.CORPORATE, "corporate customer"
    if customer is not None and customer.is_elderly:
        return Skill.ELDERLY_CARE, "elderly customer"
    skill = INTENT_SKILLS.get(reading.intent)
    if skill is not None:
        return skill, f"intent {reading.intent}"
    return Skill.GENERAL, f"intent {reading.intent or 'unknown'}"


def priority_for(customer: Any) -> int:
    """Elderly customers first, then VIPs (both: highest)."""
    if customer is None:
        return 0
    priority = ELDERLY_PRIORITY if customer.is_elderly else 0
    if customer.vip_tier and customer.vip_tier != VipTier.NONE:
        priority += VIP_PRIORITY
    return priority


def waiting_sessions() -> list[ChatSession]:
    """Queued chats in service order: highest priority, then longest waiting."""
    return list(
        ChatSession.objects.filter(state=SessionState.QUEUED)
        .select_related("interaction", "customer")
        .order_by("-priority", "queued_at", "pk")
    )


def position_in_queue(session: ChatSession) -> int | None:
    """Return a queued chat's place in its queue (1 = next), None when not waiting."""
    if session.state != SessionState.QUEUED:
        return None
    ahead = ChatSession.objects.filter(
        Q(priority__gt=session.priority)
        | Q(priority=session.priority, queued_at__lt=session.queued_at)
        | Q(priority=session.priority, queued_at=session.queued_at, pk__lt=session.pk),
        state=SessionState.QUEUED,
        queue=session.queue,
        language=session.language,
    ).count()
    return ahead + 1


@dataclass
class _Candidate:
    presence: AgentPresence
    load: int


def _free_agents() -> list[_Candidate]:
    presences = (
        AgentPresence.objects.select_for_update()
        .filter(status=PresenceStatus.ONLINE, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    )
    loads = dict(
        ChatSession.objects.filter(state=SessionState.ASSIGNED, agent__isnull=False)
        .values_list("agent_id")
        .annotate(load=Count("pk"))
        .values_list("agent_id", "load")
    )
    out = []
    for presence in presences:
        load = loads.get(presence.user_id, 0)
        if load < presence.capacity:
            out.append(_Candidate(presence, load))
    return out


def _pick(session: ChatSession, candidates: list[_Candidate]) -> tuple[_Candidate, str] | None:
    speaks = [c for c in candidates if session.language in (c.presence.languages or ["mandarin"])]
    skilled = [c for c in speaks if session.queue in (c.presence.skills or [])]
    reason = f"skill {session.queue}, language {session.language}"
    if not skilled and session.queue != Skill.GENERAL:
        skilled = [c for c in speaks if Skill.GENERAL in (c.presence.skills or [])]
        reason = f"no free {session.queue} agent; general agent, language {session.language}"
    if not skilled:
        return None
    epoch = timezone.now().replace(year=2000)
    best = min(
        skilled,
        key=lambda c: (
            c.load / c.presence.capacity,
            c.presence.last_assigned_at or epoch,
            c.presence.pk,
        ),
    )
    return best, f"{reason}; load {best.load}/{best.presence.capacity}"


def _assign(*, system: Any, session: ChatSession, candidate: _Candidate, reason: str) -> None:
    user = candidate.presence.user
    interaction_transfer(
        actor=system, interaction_id=session.interaction_id, to_user_id=user.pk, reason=reason
    )
    now = timezone.now()
    session.state = SessionState.ASSIGNED
    session.agent = user
    session.assigned_at = now
    session.save(update_fields=["state", "agent", "assigned_at"])
    candidate.presence.last_assigned_at = now
    candidate.presence.save(update_fields=["last_assigned_at"])
    candidate.load += 1
    RoutingDecision.objects.create(
        session=session, kind=DecisionKind.ASSIGNED, queue=session.queue, agent=user, reason=reason
    )


def chat_dispatch(*, system: Any) -> list[Event]:
    """Give waiting chats to free agents, then tell everyone still waiting where they stand.

    Raises:
        Forbidden: the system actor lost its permissions (a configuration error).
    """
    events: list[Event] = []
    with transaction.atomic():
        candidates = _free_agents()
        waiting = waiting_sessions()
        still_waiting = []
        for session in waiting:
            picked = _pick(session, candidates) if candidates else None
            if picked is None:
                still_waiting.append(session)
                continue
            candidate, reason = picked
            _assign(system=system, session=session, candidate=candidate, reason=reason)
            candidates = [c for c in candidates if c.load < c.presence.capacity]
            events.extend(assignment_events(session, reason=reason))
    events.extend(position_events(still_waiting))
    return events


def assignment_events(session: ChatSession, *, reason: str) -> list[Event]:
    """Frames announcing a chat's (new) agent to the chat and to that agent."""
    state = {
        "type": "state",
        "session_id": session.pk,
        "state": session.state,
        "queue": session.queue,
        "agent": person_payload(session.agent),
    }
    events = [Event(session_group(session.pk), state)]
    if session.agent_id is not None:
        events.append(
            Event(
                agent_group(session.agent_id),
                {
                    "type": "assigned",
                    "session": session_payload(session, for_staff=True),
                    "reason": reason,  # routing notes stay with staff, not in the chat's group
                },
            )
        )
    return events


def position_events(waiting: list[ChatSession]) -> list[Event]:
    """`queue` frames for every waiting chat (in service order) and one snapshot for staff."""
    now = timezone.now()
    places: dict[int, int] = {}
    counters: dict[tuple[str, str], int] = {}
    oldest: dict[tuple[str, str], float] = {}
    for session in waiting:
        key = (session.queue, session.language)
        counters[key] = counters.get(key, 0) + 1
        places[session.pk] = counters[key]
        if session.queued_at is not None:
            waited = (now - session.queued_at).total_seconds()
            oldest[key] = max(oldest.get(key, 0.0), waited)
    events = [
        Event(
            session_group(session.pk),
            {
                "type": "queue",
                "session_id": session.pk,
                "queue": session.queue,
                "position": places[session.pk],
                "waiting": counters[(session.queue, session.language)],
            },
        )
        for session in waiting
    ]
    snapshot = [
        {
            "queue": queue,
            "language": language,
            "waiting": count,
            "oldest_wait_seconds": int(oldest.get((queue, language), 0)),
        }
        for (queue, language), count in sorted(counters.items())
    ]
    events.append(Event(STAFF_GROUP, {"type": "queue_snapshot", "queues": snapshot}))
    return events


def chat_enqueue(
    *, system: Any, session: ChatSession, reading: TurnReading, why: str
) -> list[Event]:
    """Put a bot chat in the queue for a person, record why, and try to assign it at once.

    Raises:
        Forbidden: the system actor lost its permissions (a configuration error).
    """
    queue, skill_reason = skill_for(reading=reading, customer=session.customer)
    with transaction.atomic():
        session.state = SessionState.QUEUED
        session.queue = queue
        session.priority = priority_for(session.customer)
        session.queued_at = timezone.now()
        session.handoff_reason = why[:40]
        session.save(update_fields=["state", "queue", "priority", "queued_at", "handoff_reason"])
        RoutingDecision.objects.create(
            session=session,
            kind=DecisionKind.QUEUED,
            queue=queue,
            reason=f"hand-off: {why}; {skill_reason}; priority {session.priority}",
            position=position_in_queue(session),
        )
    events = [
        Event(
            session_group(session.pk),
            {
                "type": "state",
                "session_id": session.pk,
                "state": SessionState.QUEUED,
                "queue": queue,
                "agent": None,
                "reason": why,
            },
        )
    ]
    return events + chat_dispatch(system=system)


def default_capacity() -> int:
    return int(chat_setting("CHAT_DEFAULT_CAPACITY"))
