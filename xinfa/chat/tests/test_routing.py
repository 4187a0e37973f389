"""Routing: queue choice, priority, agent choice by skill/language/capacity, transfer."""

from typing import Any

import pytest

from xinfa.chat.enums import DecisionKind, PresenceStatus, SessionState, Skill
from xinfa.chat.models import ChatSession, RoutingDecision
from xinfa.chat.services import (
    agent_presence_set,
    chat_close,
    chat_enqueue,
    chat_requeue,
    chat_system_user,
    chat_transfer,
    priority_for,
    skill_for,
)
from xinfa.chat.tests.factories import elderly_birth_date, make_agent, start_chat
from xinfa.chat.understanding import TurnReading
from xinfa.core.exceptions import Forbidden, ValidationFailed
from xinfa.customers.enums import CustomerKind, VipTier
from xinfa.customers.tests.factories import CustomerFactory
from xinfa.service.enums import EventKind
from xinfa.service.models import InteractionEvent, Message

pytestmark = pytest.mark.django_db
OTHER = TurnReading(intent="other")


def queued(reading: TurnReading = OTHER, **customer: Any) -> ChatSession:
    started = start_chat(**customer)
    chat_enqueue(system=chat_system_user(), session=started.session, reading=reading, why="test")
    return ChatSession.objects.select_related("interaction").get(pk=started.session.pk)


def test_skill_for_profile_before_intent() -> None:
    corporate = CustomerFactory(kind=CustomerKind.CORPORATE)
    elderly = CustomerFactory(birth_date=elderly_birth_date())
    young = CustomerFactory()
    cards = TurnReading(intent="lost_card")
    assert skill_for(reading=cards, customer=corporate) == (Skill.CORPORATE, "corporate customer")
    assert skill_for(reading=cards, customer=elderly) == (Skill.ELDERLY_CARE, "elderly customer")
    assert skill_for(reading=cards, customer=young) == (Skill.CARDS, "intent lost_card")
    assert skill_for(reading=TurnReading(intent="loan_repayment"), customer=None) == (
        Skill.LOANS,
        "intent loan_repayment",
    )
    assert skill_for(reading=TurnReading(intent="wealth_products"), customer=young)[0] == (
        Skill.WEALTH
    )
    assert skill_for(reading=TurnReading(), customer=None) == (Skill.GENERAL, "intent unknown")


def test_priority_for_elderly_and_vip() -> None:
    assert priority_for(None) == 0
    assert priority_for(CustomerFactory()) == 0
    assert priority_for(CustomerFactory(vip_tier=VipTier.GOLD)) == 1
    assert priority_for(CustomerFactory(birth_date=elderly_birth_date())) == 2
    assert (
        priority_for(CustomerFactory(birth_date=elderly_birth_date(), vip_tier=VipTier.PRIVATE))
        == 3
    )


def test_enqueue_without_agents_reports_positions_elderly_and_vip_first(make_staff: Any) -> None:
    plain = queued()
    vip = queued(vip_tier=VipTier.GOLD)
    later = queued()
    order = list(
        ChatSession.objects.filter(state=SessionState.QUEUED)
        .order_by("-priority", "queued_at")
        .values_list("pk", flat=True)
    )
    assert order == [vip.pk, plain.pk, later.pk]
    from xinfa.chat.services.routing import position_in_queue

    assert [position_in_queue(s) for s in (vip, plain, later)] == [1, 2, 3]


def test_dispatch_assigns_by_skill_language_and_capacity(make_staff: Any) -> None:
    cards_agent = make_agent(make_staff, skills=(Skill.CARDS,), capacity=1)
    cantonese = make_agent(make_staff, skills=(Skill.CARDS,), languages=("cantonese",))
    session = queued(TurnReading(intent="lost_card"))
    assert (session.state, session.agent) == (SessionState.ASSIGNED, cards_agent)
    assert session.interaction.handled_by == cards_agent
    decision = RoutingDecision.objects.get(session=session, kind=DecisionKind.ASSIGNED)
    assert decision.agent == cards_agent
    assert decision.reason == "skill cards, language mandarin; load 0/1"
    # The only mandarin cards agent is full: the next cards chat waits.
    waiting = queued(TurnReading(intent="lost_card"))
    assert (waiting.state, waiting.agent) == (SessionState.QUEUED, None)
    hk = queued(TurnReading(intent="lost_card"), language="cantonese")
    assert hk.agent == cantonese


def test_dispatch_falls_back_to_general_agent_and_serves_elderly_first(make_staff: Any) -> None:
    plain = queued()
    elderly = queued(birth_date=elderly_birth_date())
    assert elderly.queue == Skill.ELDERLY_CARE
    general = make_agent(make_staff, skills=(Skill.GENERAL,), capacity=1, status="offline")
    _, events = agent_presence_set(actor=general, status=PresenceStatus.ONLINE)
    elderly.refresh_from_db()
    plain.refresh_from_db()
    assert (elderly.state, elderly.agent) == (SessionState.ASSIGNED, general)
    assert plain.state == SessionState.QUEUED
    decision = RoutingDecision.objects.get(session=elderly, kind=DecisionKind.ASSIGNED)
    assert decision.reason.startswith("no free elderly_care agent; general agent")
    kinds = [e.frame["type"] for e in events]
    assert kinds == ["state", "assigned", "queue", "queue_snapshot"]
    # Closing the elderly chat frees the seat for the plain one.
    chat_close(session_id=elderly.pk, actor=general)
    plain.refresh_from_db()
    assert plain.agent == general


def test_transfer_keeps_history_and_records_decision(make_staff: Any) -> None:
    first = make_agent(make_staff)
    colleague = make_agent(make_staff, status="offline")
    session = queued()
    assert session.agent == first
    transferred = chat_transfer(
        actor=first, session_id=session.pk, to_user_id=colleague.pk, reason="需要信用卡专席"
    )
    session.refresh_from_db()
    assert session.agent == colleague
    assert session.interaction.handled_by == colleague
    assert [e.frame["type"] for e in transferred] == ["state", "assigned"]
    state, assigned = (e.frame for e in transferred)
    assert "reason" not in state  # the chat's group includes the customer: no internal notes
    assert assigned["session"]["handover"] == {
        "by": {"id": first.pk, "display_name": first.display_name or first.username},
        "reason": "需要信用卡专席",
    }
    assert Message.objects.filter(interaction=session.interaction).count() == 1
    event = InteractionEvent.objects.filter(
        interaction=session.interaction, kind=EventKind.TRANSFERRED
    ).last()
    assert event is not None
    assert (event.from_user, event.to_user) == (first, colleague)
    assert (
        RoutingDecision.objects.filter(session=session, kind=DecisionKind.TRANSFERRED).count() == 1
    )
    outsider = make_agent(make_staff)
    with pytest.raises(Forbidden):
        chat_transfer(actor=outsider, session_id=session.pk, to_user_id=outsider.pk, reason="x")
    with pytest.raises(ValidationFailed):  # a crafted frame cannot hand the chat to the bot
        chat_transfer(
            actor=colleague, session_id=session.pk, to_user_id=chat_system_user().pk, reason="x"
        )
    session.refresh_from_db()
    assert session.agent == colleague


def test_requeue_returns_chat_to_system_and_queue(make_staff: Any) -> None:
    agent = make_agent(make_staff, capacity=1)
    session = queued()
    agent.chat_presence.status = PresenceStatus.AWAY
    agent.chat_presence.save()
    chat_requeue(actor=agent, session_id=session.pk, reason="下班交接")
    session.refresh_from_db()
    assert (session.state, session.agent) == (SessionState.QUEUED, None)
    assert session.interaction.handled_by == chat_system_user()


def test_agent_presence_set_profile_needs_a_supervisor(make_staff: Any) -> None:
    agent = make_staff("agent")
    supervisor = make_staff("supervisor")
    teller_qa = make_staff("qa_inspector")
    presence, _ = agent_presence_set(actor=agent, status="online")
    assert (presence.status, presence.skills, presence.languages, presence.capacity) == (
        "online",
        ["general"],
        ["mandarin"],
        3,
    )
    with pytest.raises(Forbidden):
        agent_presence_set(actor=agent, status="online", skills=["cards"])
    with pytest.raises(Forbidden):
        agent_presence_set(actor=teller_qa, status="online")
    presence, _ = agent_presence_set(
        actor=supervisor,
        user_id=agent.pk,
        status="away",
        skills=["cards", "loans"],
        languages=["english"],
        capacity=5,
    )
    assert (presence.status, presence.skills, presence.languages, presence.capacity) == (
        "away",
        ["cards", "loans"],
        ["english"],
        5,
    )
    with pytest.raises(ValidationFailed):
        agent_presence_set(actor=supervisor, user_id=agent.pk, status="online", skills=["magic"])
    with pytest.raises(ValidationFailed):
        agent_presence_set(actor=supervisor, user_id=agent.pk, status="online", capacity=0)


def test_customer_leaving_the_queue_moves_the_next_one_up() -> None:
    first = queued()
    second = queued()
    events = chat_close(session_id=first.pk)
    frames = [e.frame for e in events if e.frame["type"] == "queue"]
    assert frames == [
        {"type": "queue", "session_id": second.pk, "queue": "general", "position": 1, "waiting": 1}
    ]
    first.refresh_from_db()
    assert first.interaction.outcome == "unresolved"
