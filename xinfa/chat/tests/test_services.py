"""Identity, session start, messages, receipts, close and survey."""

import datetime as dt

import pytest
from django.core import signing
from django.test import override_settings
from django.utils import timezone, translation

from xinfa.chat.enums import IdentityMethod, SessionState
from xinfa.chat.errors import ChatClosed, RateLimited, Throttled, TooLong
from xinfa.chat.models import ChatSession, ChatSurvey, PhoneVerification
from xinfa.chat.services import (
    app_token_issue,
    chat_close,
    chat_history,
    chat_message_post,
    chat_receipt_record,
    chat_session_for_token,
    chat_session_start,
    chat_survey_submit,
    phone_challenge_start,
)
from xinfa.chat.services.identity import APP_TOKEN_SALT, token_digest
from xinfa.chat.sms import MemorySmsSender
from xinfa.chat.tests.factories import start_chat
from xinfa.core.exceptions import Conflict, Forbidden, InvalidTransition, NotFound, ValidationFailed
from xinfa.customers.tests.factories import CustomerFactory
from xinfa.service.enums import Channel, InteractionStatus, Outcome, Speaker
from xinfa.service.models import Interaction, Message

pytestmark = pytest.mark.django_db
SMS = override_settings(CHAT_SMS_BACKEND="xinfa.chat.sms.MemorySmsSender")


@pytest.fixture(autouse=True)
def _clean_state() -> None:
    from django.core.cache import cache

    cache.clear()
    MemorySmsSender.outbox.clear()


@override_settings(CHAT_INTEGRATION_KEYS=["k-123"])
def test_app_token_issue_signs_customer_and_refuses_unknown_key() -> None:
    customer = CustomerFactory(customer_number="C000123")
    token = app_token_issue(integration_key="k-123", customer_number="C000123")
    assert signing.loads(token, salt=APP_TOKEN_SALT) == {"customer_id": customer.pk}
    with pytest.raises(Forbidden):
        app_token_issue(integration_key="wrong", customer_number="C000123")
    with pytest.raises(NotFound):
        app_token_issue(integration_key="k-123", customer_number="C999")


def test_app_token_issue_is_disabled_without_keys() -> None:
    CustomerFactory(customer_number="C000123")
    with pytest.raises(Forbidden):
        app_token_issue(integration_key="", customer_number="C000123")


def test_chat_session_start_with_app_token_opens_app_interaction_and_greets() -> None:
    customer = CustomerFactory()
    started = start_chat(customer)
    session = ChatSession.objects.get(pk=started.session.pk)
    assert session.state == SessionState.BOT
    assert session.identity_method == IdentityMethod.APP_TOKEN
    assert session.customer == customer
    assert session.token_hash == token_digest(started.token)
    assert started.token not in session.token_hash
    assert session.interaction.channel == Channel.APP
    assert session.interaction.customer == customer
    assert list(
        Message.objects.filter(interaction=session.interaction).values_list("sequence", "speaker")
    ) == [(1, Speaker.BOT)]
    assert chat_session_for_token(started.token) == session


def test_chat_session_start_refuses_forged_and_expired_tokens() -> None:
    customer = CustomerFactory()
    forged = signing.dumps({"customer_id": customer.pk}, salt="other")
    with pytest.raises(ValidationFailed, match="应用令牌无效"):
        chat_session_start(app_token=forged)
    with override_settings(CHAT_APP_TOKEN_SECONDS=-1):
        token = signing.dumps({"customer_id": customer.pk}, salt=APP_TOKEN_SALT)
        with pytest.raises(ValidationFailed, match="已过期"):
            chat_session_start(app_token=token)
    with pytest.raises(ValidationFailed):
        chat_session_start()
    assert ChatSession.objects.count() == 0
    assert Interaction.objects.count() == 0


@SMS
def test_phone_challenge_sends_code_and_stores_only_hashes() -> None:
    customer = CustomerFactory(phone="13812345678")
    verification, lifetime = phone_challenge_start(phone="138 1234 5678")
    assert lifetime == 300
    [(phone, text)] = MemorySmsSender.outbox
    code = text.split("验证码为 ")[1][:6]
    assert text == f"【心法银行】您的在线客服验证码为 {code}，5分钟内有效。"
    assert phone == "13812345678"
    row = PhoneVerification.objects.get()
    assert row.masked_phone == "138****5678"
    assert "13812345678" not in row.phone_digest
    assert code not in row.code_hash
    assert row.customer == customer
    started = chat_session_start(verification_id=verification.public_id, code=code)
    assert started.session.identity_method == IdentityMethod.PHONE
    assert started.session.customer == customer
    assert started.session.interaction.channel == Channel.CHAT
    # A verified code cannot be used twice.
    with pytest.raises(ValidationFailed, match="验证记录不存在"):
        chat_session_start(verification_id=verification.public_id, code=code)


@SMS
def test_phone_challenge_allows_five_attempts_then_refuses() -> None:
    verification, _ = phone_challenge_start(phone="13900000001")
    code = MemorySmsSender.outbox[0][1].split("验证码为 ")[1][:6]
    wrong = "000000" if code != "000000" else "111111"
    for left in (4, 3, 2, 1, 0):
        with pytest.raises(ValidationFailed, match=f"还可尝试 {left} 次"):
            chat_session_start(verification_id=verification.public_id, code=wrong)
    with pytest.raises(ValidationFailed, match="尝试次数过多"):
        chat_session_start(verification_id=verification.public_id, code=code)
    assert PhoneVerification.objects.get().attempts == 5
    assert ChatSession.objects.count() == 0


@SMS
def test_phone_challenge_expires_after_five_minutes_and_throttles_resend() -> None:
    verification, _ = phone_challenge_start(phone="13900000002")
    code = MemorySmsSender.outbox[0][1].split("验证码为 ")[1][:6]
    with pytest.raises(Throttled):
        phone_challenge_start(phone="13900000002")
    PhoneVerification.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(ValidationFailed, match="已过期"):
        chat_session_start(verification_id=verification.public_id, code=code)
    with pytest.raises(ValidationFailed, match="11 位中国大陆手机号"):
        phone_challenge_start(phone="12345")
    assert len(MemorySmsSender.outbox) == 1


def test_console_sms_sender_masks_the_number(caplog: pytest.LogCaptureFixture) -> None:
    from xinfa.chat.sms import ConsoleSmsSender

    ConsoleSmsSender().send(phone="13812345678", text="验证码 123456")
    assert "138****5678" in caplog.text
    assert "13812345678" not in caplog.text


def test_chat_message_post_is_idempotent_on_client_id_and_ordered() -> None:
    started = start_chat()
    first = chat_message_post(session_id=started.session.pk, text="你好", client_id="c1")
    again = chat_message_post(session_id=started.session.pk, text="你好", client_id="c1")
    second = chat_message_post(session_id=started.session.pk, text="在吗", client_id="c2")
    assert (first.duplicate, again.duplicate, second.duplicate) == (False, True, False)
    assert again.message.pk == first.message.pk
    assert again.events == []
    assert (first.message.sequence, second.message.sequence) == (2, 3)
    assert first.needs_bot is True
    assert first.events[0].frame["message"]["client_id"] == "c1"
    history = chat_history(session=started.session, after=1)
    assert [(m["sequence"], m["text"]) for m in history] == [(2, "你好"), (3, "在吗")]


def test_chat_message_post_refuses_bad_input_without_writing() -> None:
    started = start_chat()
    session_id = started.session.pk
    with pytest.raises(TooLong):
        chat_message_post(session_id=session_id, text="长" * 2001, client_id="c1")
    with pytest.raises(ValidationFailed):
        chat_message_post(session_id=session_id, text="   ", client_id="c2")
    with pytest.raises(ValidationFailed):
        chat_message_post(session_id=session_id, text="hi", client_id="")
    with pytest.raises(ValidationFailed):
        chat_message_post(session_id=session_id, text="bad\x00", client_id="c3")
    with pytest.raises(ValidationFailed):
        # Half a surrogate pair, as a JSON frame's \ud800 escape gives: cannot be stored.
        chat_message_post(session_id=session_id, text="bad\ud800", client_id="c5")
    with pytest.raises(NotFound):
        chat_message_post(session_id=999999, text="hi", client_id="c4")
    assert Message.objects.filter(interaction=started.session.interaction).count() == 1


def test_chat_message_post_stores_html_as_plain_text() -> None:
    started = start_chat()
    posted = chat_message_post(
        session_id=started.session.pk, text="<script>alert(1)</script>", client_id="x"
    )
    assert Message.objects.get(pk=posted.message.pk).text == "<script>alert(1)</script>"


@override_settings(CHAT_RATE_PER_SECOND=0.1)  # no refill while the test runs
def test_chat_message_post_rate_limit_refuses_flood_then_recovers() -> None:
    started = start_chat()
    session_id = started.session.pk
    accepted = 0
    refused = []
    for index in range(15):
        try:
            chat_message_post(session_id=session_id, text=f"m{index}", client_id=f"f{index}")
            accepted += 1
        except RateLimited as exc:
            refused.append(exc)
    assert accepted == 10
    assert len(refused) == 5
    assert 0 < refused[0].retry_after <= 10
    from django.core.cache import cache

    key = f"chat:bucket:session:{session_id}:customer"
    tokens, stamp = cache.get(key)
    cache.set(key, (tokens, stamp - 10.0))  # ten seconds later: a token is back
    chat_message_post(session_id=session_id, text="again", client_id="later")
    stored = Message.objects.filter(interaction=started.session.interaction)
    assert stored.count() == 12  # greeting + 10 + 1; refused ones were never stored


def test_chat_close_by_customer_then_survey_once() -> None:
    started = start_chat()
    events = chat_close(session_id=started.session.pk)
    assert events[0].frame["type"] == "closed"
    assert events[0].frame["survey"]["url"] == f"/api/v1/chat/sessions/{started.session.pk}/survey/"
    session = ChatSession.objects.get(pk=started.session.pk)
    assert session.state == SessionState.CLOSED
    assert session.interaction.status == InteractionStatus.CLOSED
    assert session.interaction.outcome == Outcome.RESOLVED
    with pytest.raises(ChatClosed):
        chat_message_post(session_id=session.pk, text="还在吗", client_id="late")
    with pytest.raises(ValidationFailed):
        chat_survey_submit(session=session, score=6)
    survey = chat_survey_submit(session=session, score=4, comment="<b>好</b>")
    assert (survey.score, survey.comment, survey.interaction_id) == (
        4,
        "<b>好</b>",
        session.interaction_id,
    )
    with pytest.raises(Conflict):
        chat_survey_submit(session=session, score=5)
    assert ChatSurvey.objects.count() == 1


def test_chat_survey_refused_while_open() -> None:
    started = start_chat()
    with pytest.raises(InvalidTransition):
        chat_survey_submit(session=started.session, score=5)
    assert ChatSurvey.objects.count() == 0


def test_chat_receipt_record_only_moves_forward() -> None:
    started = start_chat()
    session_id = started.session.pk
    assert chat_receipt_record(session_id=session_id, by="customer", kind="read", sequence=3)
    assert chat_receipt_record(session_id=session_id, by="customer", kind="read", sequence=2) == []
    assert ChatSession.objects.get(pk=session_id).customer_read_sequence == 3
    with pytest.raises(ValidationFailed):
        chat_receipt_record(session_id=session_id, by="customer", kind="seen", sequence=4)
    with pytest.raises(ValidationFailed):
        chat_receipt_record(session_id=session_id, by="customer", kind="read", sequence="4")


@SMS
@override_settings(CHAT_CODE_SECONDS=600)
def test_phone_challenge_sms_states_the_configured_lifetime_in_the_asked_language() -> None:
    with translation.override("en"):
        _verification, lifetime = phone_challenge_start(phone="13812345678")
    [(_phone, text)] = MemorySmsSender.outbox
    code = text.split("code is ")[1][:6]
    assert lifetime == 600
    assert text == f"[Xinfa Bank] Your online service code is {code}, valid for 10 minutes."
