"""Plain builders of the rows the UI tests need (the web app has no models of its own)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from xinfa.accounts.models import Branch, User
from xinfa.core.roles import Role
from xinfa.core.validators import id_number_check_char
from xinfa.customers.models import Customer, CustomerPreference, Holding, LifeEvent
from xinfa.service.enums import Channel, InteractionKind, ServiceType, Speaker
from xinfa.service.models import Counter, Interaction, Message, QueueTicket, ServiceLogEntry

PASSWORD = "correct-horse-battery"
ELDER_PHONE = "13812345678"
ELDER_ID_FIRST17 = "11010119450101123"


def elder_id_number() -> str:
    """A valid resident ID number (born 1945-01-01) for the elderly test customer."""
    return ELDER_ID_FIRST17 + id_number_check_char(ELDER_ID_FIRST17)


def branch_main() -> Branch:
    branch, _ = Branch.objects.get_or_create(code="001", defaults={"name": "总行营业部"})
    return branch


def staff(role: str, username: str | None = None, **extra: Any) -> User:
    """Create a signed-in-able staff member of a role at the main branch."""
    extra.setdefault("branch", branch_main())
    return User.objects.create_user(
        username=username or f"{role}_{User.objects.count() + 1}",
        password=PASSWORD,
        role=role,
        **extra,
    )


def elderly_customer(manager: User | None = None) -> Customer:
    """王秀英: elderly, gold VIP, hard of hearing, with a habit, a life event and a holding."""
    customer = Customer.objects.create(
        customer_number="C00000001",
        name="王秀英",
        phone=ELDER_PHONE,
        id_number=elder_id_number(),
        birth_date=dt.date(1945, 1, 1),
        gender="F",
        vip_tier="gold",
        risk_level="C1",
        accessibility_needs=["hearing"],
        assigned_manager=manager,
        home_branch=branch_main(),
    )
    CustomerPreference.objects.create(
        customer=customer, category="沟通", text="说话请放慢语速，面对面沟通"
    )
    LifeEvent.objects.create(customer=customer, kind="retirement", note="养老金转入本行卡")
    Holding.objects.create(
        customer=customer,
        kind="deposit",
        product_name="三年期定期存款",
        account_number="6222020200112233445",
        amount="50000.00",
    )
    return customer


def interaction_for(
    customer: Customer | None,
    handler: User,
    *,
    subject: str = "咨询定期存款",
    channel: str = Channel.COUNTER,
) -> Interaction:
    """An open interaction with one customer turn and one service-log entry."""
    interaction = Interaction.objects.create(
        customer=customer,
        channel=channel,
        kind=InteractionKind.VISIT,
        handled_by=handler,
        branch=handler.branch,
        subject=subject,
        started_at=timezone.now(),
    )
    Message.objects.create(
        interaction=interaction,
        sequence=1,
        speaker=Speaker.CUSTOMER,
        text="我想问一下定期存款到期怎么办",
        sent_at=timezone.now(),
    )
    ServiceLogEntry.objects.create(
        interaction=interaction,
        need="定期存款到期续存",
        process="说明自动转存规则",
        result="客户选择续存",
        recorded_by=handler,
    )
    return interaction


def counter(code: str = "1号窗口") -> Counter:
    return Counter.objects.create(branch=branch_main(), code=code, service_types=[])


def waiting_ticket(
    number: str = "A001", service_type: str = ServiceType.CASH, *, is_priority: bool = False
) -> QueueTicket:
    return QueueTicket.objects.create(
        branch=branch_main(),
        number=number,
        service_type=service_type,
        business_date=timezone.localdate(),
        is_priority=is_priority,
        issued_at=timezone.now(),
    )


@dataclass
class World:
    """One branch with a customer, an interaction, a counter and a waiting ticket."""

    teller: User
    customer: Customer
    interaction: Interaction
    counter: Counter
    ticket: QueueTicket


def world() -> World:
    teller = staff(Role.TELLER, "teller_li", display_name="李柜员")
    customer = elderly_customer()
    return World(
        teller=teller,
        customer=customer,
        interaction=interaction_for(customer, teller),
        counter=counter(),
        ticket=waiting_ticket(),
    )
