"""Factories for the service desk (customers are created directly, read-only elsewhere)."""

import datetime as dt

import factory
from django.utils import timezone

from xinfa.accounts.models import Branch, Team, User
from xinfa.core.roles import Role
from xinfa.core.tests.factories import ModelFactory
from xinfa.customers.models import Customer
from xinfa.service.enums import Channel, InteractionKind, ServiceType, Speaker
from xinfa.service.models import Counter, Interaction, Message, QueueTicket


class BranchFactory(ModelFactory[Branch]):
    class Meta:
        model = Branch
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"S{n:03d}")
    name = factory.Sequence(lambda n: f"测试支行{n}")


class StaffFactory(ModelFactory[User]):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"staff{n}")
    display_name = factory.Sequence(lambda n: f"员工{n}")
    role = Role.TELLER
    branch = factory.SubFactory(BranchFactory)
    password = factory.django.Password("correct-horse-battery")


class TeamFactory(ModelFactory[Team]):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"团队{n}")
    branch = factory.SubFactory(BranchFactory)


class ServiceCustomerFactory(ModelFactory[Customer]):
    class Meta:
        model = Customer

    customer_number = factory.Sequence(lambda n: f"SV{n:08d}")
    name = factory.Sequence(lambda n: f"服务客户{n}")
    birth_date = dt.date(1985, 6, 15)
    phone = factory.Sequence(lambda n: f"138{n:08d}")


class InteractionFactory(ModelFactory[Interaction]):
    class Meta:
        model = Interaction

    channel = Channel.PHONE
    kind = InteractionKind.CALL
    handled_by = factory.SubFactory(StaffFactory, role=Role.AGENT)
    branch = factory.SelfAttribute("handled_by.branch")
    started_at = factory.LazyFunction(timezone.now)


class MessageFactory(ModelFactory[Message]):
    class Meta:
        model = Message

    interaction = factory.SubFactory(InteractionFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    speaker = Speaker.CUSTOMER
    text = "您好，我想查询一下账户余额。"
    sent_at = factory.LazyFunction(timezone.now)


class CounterFactory(ModelFactory[Counter]):
    class Meta:
        model = Counter

    branch = factory.SubFactory(BranchFactory)
    code = factory.Sequence(lambda n: f"{n + 1}号窗口")
    service_types = factory.LazyFunction(list)


class QueueTicketFactory(ModelFactory[QueueTicket]):
    class Meta:
        model = QueueTicket

    branch = factory.SubFactory(BranchFactory)
    number = factory.Sequence(lambda n: f"A{n + 1:03d}")
    service_type = ServiceType.CASH
    business_date = factory.LazyFunction(timezone.localdate)
    issued_at = factory.LazyFunction(timezone.now)
