"""Bot decisions (pure) and the bot's turn in a chat (engine and FAQ mocked)."""

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from xinfa.chat.enums import SessionState, Skill
from xinfa.chat.models import ChatSession, RoutingDecision
from xinfa.chat.services import bot_decide, chat_bot_respond, handoff_reason_for
from xinfa.chat.services.bot import ANSWER, HANDOFF, REPHRASE
from xinfa.chat.tests.factories import start_chat
from xinfa.chat.understanding import FaqAnswer, TurnReading
from xinfa.service.enums import Speaker
from xinfa.service.models import Message

FAQ = [
    FaqAnswer(question="信用卡年费怎么收", answer="首年免年费，刷卡满6次免次年年费。", score=0.82)
]
WEAK = [FaqAnswer(question="开户需要什么", answer="带身份证。", score=0.31)]
ALWAYS_OPEN = {day: ("00:00", "23:59") for day in range(7)}
NEVER_OPEN: dict[int, tuple[str, str]] = {}


@pytest.mark.parametrize(
    ("reading", "reason"),
    [
        (TurnReading(intent="human_agent", asks_for_person=True), "asked for a person"),
        (TurnReading(emotion="angry", emotion_intensity=0.8), "upset (angry)"),
        (TurnReading(emotion="fear", emotion_intensity=0.7), "upset (fear)"),
        (TurnReading(emotion="angry", emotion_intensity=0.5), ""),
        (TurnReading(customer_type="agitated", customer_type_confidence=0.9), "agitated customer"),
        (TurnReading(customer_type="agitated", customer_type_confidence=0.4), ""),
        (TurnReading(intent="fraud_report"), "intent fraud_report"),
        (TurnReading(intent="lost_card"), "intent lost_card"),
        (TurnReading(intent="complaint"), "intent complaint"),
        (TurnReading(intent="fee_dispute"), ""),
    ],
)
def test_handoff_reason_for(reading: TurnReading, reason: str) -> None:
    assert handoff_reason_for(reading) == reason


def test_bot_decide_answers_above_threshold_rephrases_then_hands_off() -> None:
    calm = TurnReading(intent="fee_dispute")
    answer = bot_decide(reading=calm, answers=FAQ, failures=0)
    assert (answer.action, answer.reason, answer.answer) == (ANSWER, "faq score 0.82", FAQ[0])
    assert bot_decide(reading=calm, answers=WEAK, failures=0).action == REPHRASE
    assert bot_decide(reading=calm, answers=[], failures=0).action == REPHRASE
    second = bot_decide(reading=calm, answers=WEAK, failures=1)
    assert (second.action, second.reason) == (HANDOFF, "two failed answers")
    urgent = bot_decide(reading=TurnReading(intent="lost_card"), answers=FAQ, failures=0)
    assert (urgent.action, urgent.reason) == (HANDOFF, "intent lost_card")


@pytest.fixture
def bot_world(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    world: dict[str, object] = {"reading": TurnReading(intent="other"), "answers": []}
    monkeypatch.setattr("xinfa.chat.services.bot.turn_read", lambda text: world["reading"])
    monkeypatch.setattr(
        "xinfa.chat.services.bot.faq_lookup", lambda text, audience=None: world["answers"]
    )
    return world


@pytest.mark.django_db
@override_settings(CHAT_STAFFED_HOURS=ALWAYS_OPEN)
def test_chat_bot_respond_answers_from_faq_as_bot_turn(bot_world: dict[str, object]) -> None:
    bot_world["answers"] = FAQ
    started = start_chat()
    events = chat_bot_respond(session_id=started.session.pk, text="信用卡年费")
    [event] = events
    assert event.frame["message"]["speaker"] == Speaker.BOT
    assert event.frame["message"]["text"] == FAQ[0].answer
    session = ChatSession.objects.get(pk=started.session.pk)
    assert (session.state, session.bot_failures) == (SessionState.BOT, 0)


@pytest.mark.django_db
@override_settings(CHAT_STAFFED_HOURS=ALWAYS_OPEN)
def test_chat_bot_respond_hands_off_after_two_failures(bot_world: dict[str, object]) -> None:
    bot_world["answers"] = WEAK
    started = start_chat()
    first = chat_bot_respond(session_id=started.session.pk, text="那个东西怎么弄")
    assert "换个说法" in first[0].frame["message"]["text"]
    second = chat_bot_respond(session_id=started.session.pk, text="就是那个")
    assert "转接人工" in second[0].frame["message"]["text"]
    session = ChatSession.objects.get(pk=started.session.pk)
    assert (session.state, session.queue, session.bot_failures) == (
        SessionState.QUEUED,
        Skill.GENERAL,
        2,
    )
    assert session.handoff_reason == "two failed answers"
    decision = RoutingDecision.objects.get(session=session)
    assert decision.reason == "hand-off: two failed answers; intent other; priority 0"
    assert decision.position == 1
    speakers = list(
        Message.objects.filter(interaction=session.interaction).values_list("speaker", flat=True)
    )
    assert speakers == [Speaker.BOT, Speaker.BOT, Speaker.BOT]
    queue_frames = [e.frame for e in second if e.frame["type"] == "queue"]
    assert queue_frames == [
        {"type": "queue", "session_id": session.pk, "queue": "general", "position": 1, "waiting": 1}
    ]


@pytest.mark.django_db
@override_settings(CHAT_STAFFED_HOURS=NEVER_OPEN)
def test_chat_bot_respond_out_of_hours_queues_and_says_so(bot_world: dict[str, object]) -> None:
    bot_world["reading"] = TurnReading(intent="lost_card")
    started = start_chat()
    events = chat_bot_respond(session_id=started.session.pk, text="卡丢了")
    text = events[0].frame["message"]["text"]
    assert "非人工服务时间" in text
    assert "临时冻结" in text
    session = ChatSession.objects.get(pk=started.session.pk)
    assert (session.state, session.queue) == (SessionState.QUEUED, Skill.CARDS)


@pytest.mark.django_db
def test_chat_bot_respond_is_silent_once_queued(bot_world: dict[str, object]) -> None:
    started = start_chat()
    ChatSession.objects.filter(pk=started.session.pk).update(state=SessionState.QUEUED)
    assert chat_bot_respond(session_id=started.session.pk, text="还要等多久") == []


@pytest.mark.django_db
def test_chat_bot_respond_with_the_real_engine_hands_off_on_request() -> None:
    started = start_chat()
    chat_bot_respond(session_id=started.session.pk, text="我要转人工")
    session = ChatSession.objects.get(pk=started.session.pk)
    assert (session.state, session.handoff_reason) == (SessionState.QUEUED, "asked for a person")


def test_staffed_hours_schedule() -> None:
    from xinfa.chat.schedule import is_staffed, next_opening

    zone = timezone.get_current_timezone()
    monday_noon = dt.datetime(2026, 11, 23, 12, 0, tzinfo=zone)
    monday_night = dt.datetime(2026, 11, 23, 21, 0, tzinfo=zone)
    assert is_staffed(monday_noon) is True
    assert is_staffed(monday_night) is False
    assert next_opening(monday_night) == dt.datetime(2026, 11, 24, 8, 30, tzinfo=zone)


@pytest.mark.django_db
@override_settings(CHAT_STAFFED_HOURS=ALWAYS_OPEN)
def test_chat_bot_respond_with_real_engine_and_knowledge_base() -> None:
    from django.core.management import call_command

    from xinfa.chat.understanding import faq_lookup

    call_command("knowledge_seed")
    best = faq_lookup("信用卡年费怎么收")[0]
    assert best.question == "信用卡年费怎么收？"
    assert best.score >= 0.6  # above the bot's confidence threshold (CHAT_BOT_CONFIDENCE)
    started = start_chat()
    [event] = chat_bot_respond(session_id=started.session.pk, text="信用卡年费怎么收")
    assert event.frame["message"]["speaker"] == Speaker.BOT
    assert event.frame["message"]["text"] == best.answer
    assert ChatSession.objects.get(pk=started.session.pk).state == SessionState.BOT
