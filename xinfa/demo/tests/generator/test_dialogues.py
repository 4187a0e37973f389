import random
import re

import pytest

from xinfa.demo.generator.dialogues import ALL_TOPICS, render_conversation, topic_suits
from xinfa.service.enums import Channel, Outcome, Speaker

SLOTS = {
    "addr": "王阿姨",
    "name": "王秀英",
    "agent": "李晓明",
    "no": "1001",
    "bank": "心法银行",
    "branch": "心法银行成都武侯支行",
    "tail": "1234",
    "phone_tail": "5678",
    "amount": "500",
    "date": "3月2日",
    "place": "商场",
    "payee": "李女士",
    "fee": "2",
    "limit": "5000",
    "new_limit": "30000",
    "product": "稳享添利90天",
    "prisk": "R2",
    "risk": "C2",
    "rate": "2.8",
    "sup": "张主管",
    "company": "成都蜀味餐饮管理有限公司",
    "days": "12",
}


@pytest.mark.parametrize("topic", ALL_TOPICS, ids=lambda topic: topic.key)
def test_every_topic_renders_on_every_channel_and_path(topic) -> None:
    for channel in topic.channels:
        for path in range(12):
            turns = render_conversation(
                random.Random(path),
                path,
                topic,
                channel=channel,
                slots=SLOTS,
                outcome=Outcome.RESOLVED,
                language="cantonese",
                is_sloppy=False,
                is_young=True,
            )
            assert turns[0].text
            assert {turn.speaker for turn in turns} == {Speaker.AGENT, Speaker.CUSTOMER}
            for turn in turns:
                assert not re.search(r"[{}]", turn.text), turn.text


def test_remote_greeting_introduces_the_agent_with_employee_number() -> None:
    topic = ALL_TOPICS[0]
    turns = render_conversation(
        random.Random(1),
        0,
        topic,
        channel=Channel.PHONE,
        slots=SLOTS,
        outcome=Outcome.RESOLVED,
        language="mandarin",
        is_sloppy=False,
        is_young=False,
    )
    assert turns[0].speaker == Speaker.AGENT
    assert "工号1001" in turns[0].text
    assert turns[-1].speaker == Speaker.AGENT
    assert "再见" in turns[-1].text


def test_escalated_conversation_ends_with_the_supervisor() -> None:
    topic = next(t for t in ALL_TOPICS if t.key == "queue_complaint")
    turns = render_conversation(
        random.Random(2),
        1,
        topic,
        channel=Channel.COUNTER,
        slots=SLOTS,
        outcome=Outcome.COMPLAINT,
        language="mandarin",
        is_sloppy=False,
        is_young=False,
    )
    assert turns[-1].by_supervisor is True
    assert "张主管" in turns[-1].text
    assert turns[-3].speaker == Speaker.CUSTOMER


def test_email_thread_is_letter_then_signed_reply() -> None:
    topic = next(t for t in ALL_TOPICS if t.key == "transfer_missing")
    turns = render_conversation(
        random.Random(3),
        0,
        topic,
        channel=Channel.EMAIL,
        slots=SLOTS,
        outcome=Outcome.RESOLVED,
        language="mandarin",
        is_sloppy=False,
        is_young=False,
    )
    assert turns[0].speaker == Speaker.CUSTOMER
    assert turns[0].text.startswith("您好：")
    assert turns[1].text.startswith("尊敬的王阿姨：")
    assert turns[1].text.endswith("心法银行客户服务中心")


def test_topic_suits_audiences() -> None:
    fraud = next(t for t in ALL_TOPICS if t.key == "fraud_warning")
    payroll = next(t for t in ALL_TOPICS if t.key == "corporate_payroll")
    assert topic_suits(fraud, is_corporate=False, age=78, is_wealthy=False) is True
    assert topic_suits(fraud, is_corporate=False, age=30, is_wealthy=False) is False
    assert topic_suits(payroll, is_corporate=True, age=None, is_wealthy=False) is True
    assert topic_suits(payroll, is_corporate=False, age=40, is_wealthy=True) is False


def test_careful_agents_restate_the_need_and_sloppy_ones_do_not() -> None:
    topic = next(t for t in ALL_TOPICS if t.key == "lost_card")

    def render(*, path: int, is_sloppy: bool) -> list[str]:
        turns = render_conversation(
            random.Random(4),
            path,
            topic,
            channel=Channel.COUNTER,
            slots=SLOTS,
            outcome=Outcome.RESOLVED,
            language="mandarin",
            is_sloppy=is_sloppy,
            is_young=False,
        )
        return [turn.text for turn in turns]

    careful = render(path=0, is_sloppy=False)
    assert (
        careful[2] == "我跟您确认一下：您的银行卡丢了，想先挂失冻结，保证卡里的钱安全，是这样吗？"
    )
    assert careful[3] == "对，是的。"
    assert not any(text.startswith("我跟您确认一下") for text in render(path=0, is_sloppy=True))
