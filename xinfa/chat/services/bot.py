"""The bot's first line: answer from the FAQ, ask to rephrase, or hand off to a person."""

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.chat.conf import chat_setting
from xinfa.chat.enums import SessionState
from xinfa.chat.events import Event, session_group
from xinfa.chat.models import ChatSession
from xinfa.chat.payloads import message_payload
from xinfa.chat.schedule import is_staffed, next_opening
from xinfa.chat.services.identity import chat_system_user
from xinfa.chat.services.routing import chat_enqueue
from xinfa.chat.understanding import (
    FaqAnswer,
    TurnReading,
    audience_for,
    faq_lookup,
    turn_read,
)
from xinfa.service.enums import Speaker
from xinfa.service.services import message_add

PERSON_INTENTS = frozenset({"fraud_report", "lost_card", "complaint"})
UPSET_EMOTIONS = frozenset({"angry", "fear"})

ANSWER = "answer"
REPHRASE = "rephrase"
HANDOFF = "handoff"


@dataclass(frozen=True)
class BotDecision:
    action: str
    reason: str
    answer: FaqAnswer | None = None


def handoff_reason_for(reading: TurnReading) -> str:
    """Return why this turn needs a person at once, or "" when the bot may try."""
    if reading.asks_for_person:
        return "asked for a person"
    if reading.emotion in UPSET_EMOTIONS and reading.emotion_intensity >= chat_setting(
        "CHAT_UPSET_INTENSITY"
    ):
        return f"upset ({reading.emotion})"
    if reading.customer_type == "agitated" and reading.customer_type_confidence >= chat_setting(
        "CHAT_AGITATED_CONFIDENCE"
    ):
        return "agitated customer"
    if reading.intent in PERSON_INTENTS:
        return f"intent {reading.intent}"
    return ""


def bot_decide(*, reading: TurnReading, answers: list[FaqAnswer], failures: int) -> BotDecision:
    """Choose the bot's move for one customer turn; `failures` counts earlier misses."""
    reason = handoff_reason_for(reading)
    if reason:
        return BotDecision(HANDOFF, reason)
    threshold = float(chat_setting("CHAT_BOT_CONFIDENCE"))
    best = answers[0] if answers else None
    if best is not None and best.score >= threshold and best.answer:
        return BotDecision(ANSWER, f"faq score {best.score:.2f}", best)
    if failures + 1 >= int(chat_setting("CHAT_BOT_MAX_FAILURES")):
        return BotDecision(HANDOFF, "two failed answers")
    return BotDecision(REPHRASE, "no confident answer")


def handoff_text(reading: TurnReading) -> str:
    """What the bot says when it passes the chat on (in or out of staffed hours)."""
    if is_staffed():
        text = _("正在为您转接人工客服，请稍候。")
    else:
        opening = next_opening()
        when = timezone.localtime(opening).strftime("%m-%d %H:%M") if opening else ""
        text = _("现在是非人工服务时间，已为您排队，人工客服将于 %(when)s 起为您服务。") % {
            "when": when
        }
    if reading.intent in {"lost_card", "fraud_report"}:
        text += _("如涉及卡片丢失或资金被盗，可先在手机银行中临时冻结银行卡。")
    return str(text)


def chat_bot_respond(*, session_id: int, text: str) -> list[Event]:
    """Answer a customer turn while the bot serves the chat; hand off when it should.

    Raises:
        Forbidden: the system actor lost its permissions (a configuration error).
    """
    reading = turn_read(text)
    early = handoff_reason_for(reading)
    customer = ChatSession.objects.select_related("customer").get(pk=session_id).customer
    answers = [] if early else faq_lookup(text, audience=audience_for(customer))
    system = chat_system_user()
    with transaction.atomic():
        session = (
            ChatSession.objects.select_for_update(of=("self",))
            .select_related("interaction", "customer")
            .get(pk=session_id)
        )
        if session.state != SessionState.BOT:
            return []
        decision = bot_decide(reading=reading, answers=answers, failures=session.bot_failures)
        if decision.action == ANSWER and decision.answer is not None:
            reply = decision.answer.answer
        elif decision.action == REPHRASE:
            session.bot_failures += 1
            session.save(update_fields=["bot_failures"])
            reply = str(_("抱歉，我没有完全理解您的问题，能换个说法再描述一下吗？"))
        else:
            if decision.reason == "two failed answers":
                session.bot_failures += 1
                session.save(update_fields=["bot_failures"])
            reply = handoff_text(reading)
        message = message_add(
            actor=system, interaction_id=session.interaction_id, speaker=Speaker.BOT, text=reply
        )
    events = [
        Event(
            session_group(session.pk),
            {
                "type": "message",
                "session_id": session.pk,
                "message": message_payload(message),
                "duplicate": False,
            },
        )
    ]
    if decision.action == HANDOFF:
        events += chat_enqueue(system=system, session=session, reading=reading, why=decision.reason)
    return events


def bot_greeting_add(*, session: ChatSession, system: Any) -> Any:
    """Store the bot's first turn of a new chat.

    Raises:
        Forbidden: the system actor lost its permissions (a configuration error).
    """
    text = _("您好，我是智能客服小信，请问有什么可以帮您？如需人工服务，请回复“人工”。")
    return message_add(
        actor=system, interaction_id=session.interaction_id, speaker=Speaker.BOT, text=str(text)
    )
