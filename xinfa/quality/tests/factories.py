"""Factories for quality tests: conversations with turns, rubric versions, inspections."""

import factory
from django.utils import timezone

from xinfa.accounts.models import User
from xinfa.core.roles import Role
from xinfa.core.tests.factories import ModelFactory
from xinfa.quality.models import Rubric, RubricVersion
from xinfa.service.enums import InteractionStatus
from xinfa.service.models import Interaction, Message
from xinfa.service.tests.factories import InteractionFactory, StaffFactory

GOOD_CALL = [
    ("agent", "您好，我是客服工号1023的小李，很高兴为您服务，请问有什么可以帮您？"),
    ("customer", "我想问一下信用卡年费怎么收。"),
    ("agent", "您想了解信用卡年费的收取标准，对吗？请问您办的是哪种卡？"),
    ("customer", "普通金卡。"),
    ("agent", "谢谢您，金卡当年刷卡满六次可以免次年年费。还有其他需要帮您的吗？"),
    ("customer", "没有了，谢谢。"),
    ("agent", "感谢您的来电，祝您生活愉快，再见。"),
]
BAD_CALL = [
    ("customer", "我的转账三天了还没到账，你们搞什么？"),
    ("agent", "这是规定，我不知道，你必须自己去网点查。"),
    ("customer", "什么破银行！"),
]


class RubricFactory(ModelFactory[Rubric]):
    class Meta:
        model = Rubric
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"rubric-{n}")
    name = "测试标准"


class RubricVersionFactory(ModelFactory[RubricVersion]):
    class Meta:
        model = RubricVersion

    rubric = factory.SubFactory(RubricFactory)
    version = 1
    is_active = True


def conversation_create(
    turns: list[tuple[str, str]],
    *,
    agent=None,
    closed: bool = True,
    channel: str = "phone",
    customer=None,
) -> Interaction:
    """An interaction with the given turns, closed by default (no hooks run)."""
    extra = {"handled_by": agent} if agent is not None else {}
    interaction = InteractionFactory(
        channel=channel,
        customer=customer,
        status=InteractionStatus.CLOSED if closed else InteractionStatus.OPEN,
        ended_at=timezone.now() if closed else None,
        **extra,
    )
    Message.objects.bulk_create(
        Message(
            interaction=interaction,
            sequence=i + 1,
            speaker=speaker,
            text=text,
            sent_at=timezone.now(),
        )
        for i, (speaker, text) in enumerate(turns)
    )
    return interaction


def agent_create(**extra) -> User:
    return StaffFactory(role=Role.AGENT, **extra)
