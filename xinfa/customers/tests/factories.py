"""Factories for customers and what they hold."""

import datetime as dt
from decimal import Decimal

import factory

from xinfa.core.tests.factories import ModelFactory
from xinfa.core.validators import id_number_check_char
from xinfa.customers.enums import HoldingKind, LifeEventKind
from xinfa.customers.models import Customer, CustomerPreference, Holding, LifeEvent


def make_id_number(birth: dt.date, serial: int = 123, region: str = "110101") -> str:
    """Return a valid GB 11643 ID number for a birth date and a three-digit serial."""
    first17 = f"{region}{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + id_number_check_char(first17)


class CustomerFactory(ModelFactory[Customer]):
    class Meta:
        model = Customer

    customer_number = factory.Sequence(lambda n: f"T{n:09d}")
    name = factory.Sequence(lambda n: f"测试客户{n}")
    birth_date = dt.date(1985, 6, 15)
    id_number = factory.Sequence(lambda n: make_id_number(dt.date(1985, 6, 15), serial=n))
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    email = factory.Sequence(lambda n: f"customer{n}@example.cn")


class CustomerPreferenceFactory(ModelFactory[CustomerPreference]):
    class Meta:
        model = CustomerPreference

    customer = factory.SubFactory(CustomerFactory)
    category = "服务"
    text = "喜欢靠窗的三号窗口"


class LifeEventFactory(ModelFactory[LifeEvent]):
    class Meta:
        model = LifeEvent

    customer = factory.SubFactory(CustomerFactory)
    kind = LifeEventKind.RETIREMENT
    occurred_on = dt.date(2025, 3, 1)


class HoldingFactory(ModelFactory[Holding]):
    class Meta:
        model = Holding

    customer = factory.SubFactory(CustomerFactory)
    kind = HoldingKind.DEBIT_CARD
    product_name = "借记卡"
    account_number = factory.Sequence(lambda n: f"6222020200{n:09d}")
    amount = Decimal("1000.00")
