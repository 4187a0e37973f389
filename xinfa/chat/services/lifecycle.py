"""The rest of a chat's life: presence, transfer, requeue, whispers, close and survey."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.chat.conf import chat_setting
from xinfa.chat.enums import DecisionKind, PresenceStatus, SessionState, Skill
from xinfa.chat.errors import ChatClosed
from xinfa.chat.events import Event, session_group, staff_session_group
from xinfa.chat.models import AgentPresence, ChatSession, ChatSurvey, ChatWhisper, RoutingDecision
from xinfa.chat.payloads import whisper_payload
from xinfa.chat.services.identity import chat_system_user
from xinfa.chat.services.routing import assignment_events, chat_dispatch
from xinfa.chat.services.sessions import ensure_staff_on_session
from xinfa.core.exceptions import (
    Conflict,
    Forbidden,
    InvalidTransition,
    NotFound,
    ValidationFailed,
)
from xinfa.core.roles import Capability, role_has_capability
from xinfa.customers.enums import Language
from xinfa.service.enums import Outcome
from xinfa.service.services import interaction_close, interaction_transfer
from xinfa.service.services.rules import clean_choice, clean_text, ensure_capability

SURVEY_MIN, SURVEY_MAX = 1, 5


def _locked_session(session_id: int) -> ChatSession:
    session = (
        ChatSession.objects.select_for_update(of=("self",))
        .select_related("interaction", "customer", "agent")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise NotFound(_("会话不存在"), field="session_id")
    return session


def agent_presence_set(
    *,
    actor: Any,
    status: str,
    user_id: int | None = None,
    skills: list[str] | None = None,
    languages: list[str] | None = None,
    capacity: int | None = None,
) -> tuple[AgentPresence, list[Event]]:
    """Set a staff member's chat presence; skills, languages and capacity are a supervisor's.

    Raises:
        Forbidden: the actor cannot chat, or changes someone else / routing profile without
            supervising.
        ValidationFailed: unknown status, skill, language or a capacity outside 1–20.
    """
    ensure_capability(actor, Capability.INTERACTION_RECORD)
    status = clean_choice(status, field="status", choices=PresenceStatus)
    target_id = actor.pk if user_id is None else user_id
    changes_profile = skills is not None or languages is not None or capacity is not None
    if (target_id != actor.pk or changes_profile) and not role_has_capability(
        actor.role, Capability.SUPERVISOR_OVERVIEW
    ):
        raise Forbidden(_("只有主管可以更改其他坐席的状态或路由配置"))
    target = get_user_model().objects.people().filter(pk=target_id).first()
    if target is None or not role_has_capability(target.role, Capability.INTERACTION_RECORD):
        raise ValidationFailed(_("该员工不能接待在线会话"), field="user_id")
    for value in skills or []:
        clean_choice(value, field="skills", choices=Skill)
    for value in languages or []:
        clean_choice(value, field="languages", choices=Language)
    if capacity is not None and (isinstance(capacity, bool) or not 1 <= int(capacity) <= 20):
        raise ValidationFailed(_("同时接待数须在 1 至 20 之间"), field="capacity")
    with transaction.atomic():
        presence, _created = AgentPresence.objects.select_for_update().get_or_create(
            user=target,
            defaults={
                "skills": [Skill.GENERAL],
                "languages": ["mandarin"],
                "capacity": chat_setting("CHAT_DEFAULT_CAPACITY"),
            },
        )
        presence.status = status
        presence.skills = presence.skills if skills is None else list(dict.fromkeys(skills))
        presence.languages = (
            presence.languages if languages is None else list(dict.fromkeys(languages))
        )
        presence.capacity = presence.capacity if capacity is None else int(capacity)
        presence.save()
    events = chat_dispatch(system=chat_system_user()) if status == PresenceStatus.ONLINE else []
    return presence, events


def chat_transfer(*, actor: Any, session_id: int, to_user_id: int, reason: str) -> list[Event]:
    """Hand a live chat, history included, to a colleague or a supervisor.

    Raises:
        Forbidden: the actor neither serves the chat nor supervises, or may not transfer.
        NotFound / ValidationFailed: bad target or reason (see interaction_transfer).
        ChatClosed: the chat is closed.
    """
    with transaction.atomic():
        session = _locked_session(session_id)
        ensure_staff_on_session(actor, session)
        if session.state == SessionState.CLOSED:
            raise ChatClosed(_("会话已结束"), field="session_id")
        interaction = interaction_transfer(
            actor=actor,
            interaction_id=session.interaction_id,
            to_user_id=to_user_id,
            reason=reason,
        )
        session.agent = interaction.handled_by
        session.state = SessionState.ASSIGNED
        session.assigned_at = timezone.now()
        session.save(update_fields=["agent", "state", "assigned_at"])
        note = f"transfer by {actor.pk}: {reason.strip()}"[:300]
        RoutingDecision.objects.create(
            session=session,
            kind=DecisionKind.TRANSFERRED,
            queue=session.queue or Skill.GENERAL,
            agent=session.agent,
            reason=note,
        )
    return assignment_events(session, reason=note)


def chat_requeue(*, actor: Any, session_id: int, reason: str) -> list[Event]:
    """Give a chat back to the queue (its history stays) for another agent to take.

    Raises:
        Forbidden: the actor neither serves the chat nor supervises.
        InvalidTransition: the chat is not with an agent.
    """
    reason = clean_text(reason, field="reason", max_length=200)
    system = chat_system_user()
    with transaction.atomic():
        session = _locked_session(session_id)
        ensure_staff_on_session(actor, session)
        if session.state != SessionState.ASSIGNED:
            raise InvalidTransition(_("只有坐席正在接待的会话可以退回队列"), field="session_id")
        interaction_transfer(
            actor=actor,
            interaction_id=session.interaction_id,
            to_user_id=system.pk,
            reason=reason,
            to_service_account=True,
        )
        session.state, session.agent = SessionState.QUEUED, None
        session.save(update_fields=["state", "agent"])
        RoutingDecision.objects.create(
            session=session,
            kind=DecisionKind.REQUEUED,
            queue=session.queue or Skill.GENERAL,
            reason=f"requeued by {actor.pk}: {reason}"[:300],
        )
    frame = {
        "type": "state",
        "session_id": session.pk,
        "state": SessionState.QUEUED,
        "queue": session.queue,
        "agent": None,
        "reason": reason,
    }
    return [Event(session_group(session.pk), frame), *chat_dispatch(system=system)]


def chat_whisper_add(*, actor: Any, session_id: int, text: Any) -> tuple[ChatWhisper, list[Event]]:
    """Leave a supervisor's note for the agent; only staff in the chat receive it.

    Raises:
        Forbidden: the actor does not supervise.
        ValidationFailed: empty, over-long or control-character text.
        ChatClosed: the chat is closed.
    """
    ensure_capability(actor, Capability.SUPERVISOR_OVERVIEW)
    text = clean_text(text, field="text", max_length=int(chat_setting("CHAT_MAX_TEXT_LENGTH")))
    session = ChatSession.objects.filter(pk=session_id).first()
    if session is None:
        raise NotFound(_("会话不存在"), field="session_id")
    if session.state == SessionState.CLOSED:
        raise ChatClosed(_("会话已结束"), field="session_id")
    whisper = ChatWhisper.objects.create(session=session, author=actor, text=text)
    frame = {"type": "whisper", "session_id": session.pk, "whisper": whisper_payload(whisper)}
    return whisper, [Event(staff_session_group(session.pk), frame)]


def chat_close(
    *, session_id: int, actor: Any = None, outcome: str = Outcome.RESOLVED, note: str = ""
) -> list[Event]:
    """End a chat (staff, or the customer when actor is None) and offer the survey.

    Raises:
        Forbidden: a staff actor neither serves the chat nor supervises.
        ValidationFailed: unknown outcome or bad note.
        ChatClosed: already closed.
    """
    outcome = clean_choice(outcome, field="outcome", choices=Outcome)
    with transaction.atomic():
        session = _locked_session(session_id)
        if actor is not None:
            ensure_staff_on_session(actor, session)
        if session.state == SessionState.CLOSED:
            raise ChatClosed(_("会话已经结束"), field="session_id")
        if actor is None:
            # The customer left: recorded under whoever holds the chat, with a note saying so.
            actor = session.interaction.handled_by or chat_system_user()
            if session.state == SessionState.QUEUED:
                outcome = Outcome.UNRESOLVED
            note = "customer ended the chat"
        # Closing frees an agent's seat or a place in the queue: the others move up.
        frees_capacity = session.state in (SessionState.ASSIGNED, SessionState.QUEUED)
        interaction_close(
            actor=actor, interaction_id=session.interaction_id, outcome=outcome, note=note
        )
        session.state = SessionState.CLOSED
        session.closed_at = timezone.now()
        session.save(update_fields=["state", "closed_at"])
    frame = {
        "type": "closed",
        "session_id": session.pk,
        "outcome": outcome,
        "survey": {
            "min": SURVEY_MIN,
            "max": SURVEY_MAX,
            "url": f"/api/v1/chat/sessions/{session.pk}/survey/",
        },
    }
    events = [Event(session_group(session.pk), frame)]
    if frees_capacity:
        events += chat_dispatch(system=chat_system_user())
    return events


def chat_survey_submit(*, session: ChatSession, score: Any, comment: Any = "") -> ChatSurvey:
    """Store the customer's CSAT (1–5) and comment for a closed chat, once.

    Raises:
        ValidationFailed: score not an integer 1–5, bad comment.
        InvalidTransition: the chat is still open.
        Conflict: a survey was already given.
    """
    if (
        isinstance(score, bool)
        or not isinstance(score, int)
        or not SURVEY_MIN <= score <= SURVEY_MAX
    ):
        raise ValidationFailed(_("评分须为 1 至 5 的整数"), field="score")
    comment = clean_text(comment, field="comment", max_length=500, required=False)
    if session.state != SessionState.CLOSED:
        raise InvalidTransition(_("会话结束后才能评价"), field="score")
    try:
        with transaction.atomic():
            return ChatSurvey.objects.create(
                interaction_id=session.interaction_id,
                session=session,
                score=score,
                comment=comment,
            )
    except IntegrityError as exc:
        raise Conflict(_("本次会话已评价过"), field="score") from exc
