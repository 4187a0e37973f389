import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from xinfa.compliance.models import AccessAction, AccessLog
from xinfa.core.exceptions import Forbidden, NotFound, ValidationFailed
from xinfa.core.roles import Role
from xinfa.customers.models import Customer
from xinfa.customers.services import (
    customer_create,
    customer_holding_add,
    customer_life_event_add,
    customer_preference_add,
    customer_preference_deactivate,
    customer_reveal_pii,
    customer_update,
)
from xinfa.customers.tests.factories import CustomerFactory, make_id_number

VALID_ID = "11010519491231002X"


@pytest.fixture
def teller(make_staff):
    return make_staff(Role.TELLER)


def test_customer_create_generates_number_and_derives_fields(teller) -> None:
    customer = customer_create(
        actor=teller, name="张伟", id_number="11010519491231002x", phone="+86 138-1234-5678"
    )
    assert customer.customer_number == "C0000000001"
    assert customer.id_number == VALID_ID
    assert customer.phone == "13812345678"
    assert (customer.phone_prefix, customer.phone_last4) == ("138", "5678")
    assert customer.birth_date == dt.date(1949, 12, 31)
    second = customer_create(actor=teller, name="李娜")
    assert second.customer_number == "C0000000002"
    row = AccessLog.objects.get(customer=customer)
    assert (row.action, row.detail) == (
        AccessAction.CREATE,
        {"fields": ["id_number", "name", "phone"]},
    )


@pytest.mark.parametrize("name", ["張偉", "陳小明😀", "欧阳娜娜", "Zhang Wei", "𠮷野家"])
def test_customer_create_keeps_traditional_and_emoji_names_intact(teller, name) -> None:
    customer = customer_create(actor=teller, name=name)
    customer.refresh_from_db()
    assert customer.name == name


def test_customer_create_stores_simplified_search_name(teller) -> None:
    customer = customer_create(actor=teller, name="張偉")
    assert customer.search_name == "张伟"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"id_number": "110105194912310021"}, "id_number"),  # wrong check digit
        ({"id_number": "11010519491331002X"}, "id_number"),  # month 13
        ({"phone": "12345"}, "phone"),
        ({"phone": "2381234567a"}, "phone"),
        ({"name": "张\x00伟"}, "name"),
        ({"name": "张伟\x07"}, "name"),
        ({"name": "张\u200b伟"}, "name"),
        ({"name": "\u202e伟张"}, "name"),
        ({"name": "张" * 101}, "name"),
        ({"name": ""}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"customer_number": "C 01"}, "customer_number"),
        ({"customer_number": "C" * 21}, "customer_number"),
        ({"notes": "bad\x00note"}, "notes"),
        ({"vip_tier": "bronze"}, "vip_tier"),
        ({"risk_level": "C9"}, "risk_level"),
        ({"accessibility_needs": ["flying"]}, "accessibility_needs"),
        ({"birth_date": dt.date(2099, 1, 1)}, "birth_date"),
        ({"id_number": VALID_ID, "birth_date": dt.date(1950, 1, 1)}, "birth_date"),
    ],
)
def test_customer_create_rejects_invalid_fields(teller, fields, field) -> None:
    values = {"name": "张伟", **fields}
    with pytest.raises(ValidationError) as caught:
        customer_create(actor=teller, **values)
    assert field in caught.value.message_dict
    assert Customer.objects.count() == 0
    assert AccessLog.objects.count() == 0


def test_customer_create_rejects_unknown_field(teller) -> None:
    with pytest.raises(ValidationFailed) as caught:
        customer_create(actor=teller, name="张伟", phone_last4="1234")
    assert caught.value.field == "phone_last4"


def test_customer_create_rejects_duplicate_id_number(teller) -> None:
    CustomerFactory(id_number=VALID_ID, birth_date=dt.date(1949, 12, 31))
    with pytest.raises(ValidationError) as caught:
        customer_create(actor=teller, name="张伟", id_number=VALID_ID)
    assert caught.value.message_dict["id_number"] == ["该身份证号已属于另一位客户"]
    assert Customer.objects.count() == 1


def test_customer_create_rejects_duplicate_customer_number(teller) -> None:
    CustomerFactory(customer_number="C0000000007")
    with pytest.raises(ValidationError) as caught:
        customer_create(actor=teller, name="张伟", customer_number="C0000000007")
    assert "customer_number" in caught.value.message_dict


def test_customer_create_dates_risk_level_today(teller) -> None:
    customer = customer_create(actor=teller, name="张伟", risk_level="C3")
    assert customer.risk_assessed_on == timezone.localdate()


def test_customer_update_changes_fields_and_audits_names_only(teller) -> None:
    customer = CustomerFactory(name="张伟", phone="13900000001")
    updated = customer_update(
        actor=teller, customer_id=customer.pk, name="張偉", phone="13812345678", vip_tier="gold"
    )
    updated.refresh_from_db()
    assert (updated.name, updated.search_name, updated.phone_last4, updated.vip_tier) == (
        "張偉",
        "张伟",
        "5678",
        "gold",
    )
    row = AccessLog.objects.get(action=AccessAction.UPDATE)
    assert row.detail == {"fields": ["name", "phone", "vip_tier"]}
    assert "13812345678" not in str(row.detail)


def test_customer_update_without_change_writes_no_audit(teller) -> None:
    customer = CustomerFactory(name="张伟")
    customer_update(actor=teller, customer_id=customer.pk, name="张伟")
    assert AccessLog.objects.count() == 0


def test_customer_update_new_risk_level_is_dated_today(teller) -> None:
    customer = CustomerFactory(risk_level="C2", risk_assessed_on=dt.date(2020, 1, 1))
    updated = customer_update(actor=teller, customer_id=customer.pk, risk_level="C4")
    assert updated.risk_assessed_on == timezone.localdate()


def test_customer_update_invalid_changes_nothing(teller) -> None:
    customer = CustomerFactory(name="张伟", phone="13900000001")
    with pytest.raises(ValidationError):
        customer_update(actor=teller, customer_id=customer.pk, name="王五", phone="123")
    customer.refresh_from_db()
    assert (customer.name, customer.phone) == ("张伟", "13900000001")


def test_customer_update_missing_customer(teller) -> None:
    with pytest.raises(NotFound):
        customer_update(actor=teller, customer_id=999, name="王五")


def test_customer_reveal_pii_returns_full_values_and_audits(teller) -> None:
    customer = CustomerFactory(
        id_number=VALID_ID,
        birth_date=dt.date(1949, 12, 31),
        phone="13812345678",
        email="zhang@example.cn",
    )
    values = customer_reveal_pii(actor=teller, customer_id=customer.pk, reason=" 核实身份 ")
    assert values == {"id_number": VALID_ID, "phone": "13812345678", "email": "zhang@example.cn"}
    row = AccessLog.objects.get()
    assert (row.action, row.customer_id, row.reason, row.actor_id) == (
        AccessAction.VIEW_PII,
        customer.pk,
        "核实身份",
        teller.pk,
    )


@pytest.mark.parametrize(
    "role",
    [Role.AGENT, Role.LOBBY_MANAGER, Role.QA_INSPECTOR, Role.SUPERVISOR, Role.TRAINER, Role.ADMIN],
)
def test_customer_reveal_pii_denied_roles_write_no_row(make_staff, role) -> None:
    customer = CustomerFactory()
    with pytest.raises(Forbidden):
        customer_reveal_pii(actor=make_staff(role), customer_id=customer.pk, reason="核实身份")
    assert AccessLog.objects.count() == 0


@pytest.mark.parametrize(
    "role", [Role.TELLER, Role.RELATIONSHIP_MANAGER, Role.WEALTH_MANAGER, Role.COMPLIANCE]
)
def test_customer_reveal_pii_allowed_roles(make_staff, role) -> None:
    customer = CustomerFactory(phone="13812345678")
    values = customer_reveal_pii(actor=make_staff(role), customer_id=customer.pk, reason="回访")
    assert values["phone"] == "13812345678"
    assert AccessLog.objects.filter(action=AccessAction.VIEW_PII).count() == 1


@pytest.mark.parametrize("reason", ["", " ", "x", " 查 "])
def test_customer_reveal_pii_requires_reason(teller, reason) -> None:
    customer = CustomerFactory()
    with pytest.raises(ValidationFailed) as caught:
        customer_reveal_pii(actor=teller, customer_id=customer.pk, reason=reason)
    assert caught.value.field == "reason"
    assert AccessLog.objects.count() == 0


def test_customer_reveal_pii_missing_customer(teller) -> None:
    with pytest.raises(NotFound):
        customer_reveal_pii(actor=teller, customer_id=12345, reason="核实身份")


def test_customer_preference_add_and_deactivate(teller) -> None:
    customer = CustomerFactory()
    preference = customer_preference_add(
        actor=teller, customer_id=customer.pk, category="沟通", text=" 不喜欢电话营销 "
    )
    assert (preference.text, preference.recorded_by, preference.is_active) == (
        "不喜欢电话营销",
        teller,
        True,
    )
    customer_preference_deactivate(actor=teller, preference_id=preference.pk)
    preference.refresh_from_db()
    assert preference.is_active is False


@pytest.mark.parametrize(
    ("category", "text", "field"),
    [
        ("沟通", "", "text"),
        ("", "内容", "category"),
        ("沟通", "a\x00b", "text"),
        ("沟通", "长" * 301, "text"),
    ],
)
def test_customer_preference_add_rejects_bad_input(teller, category, text, field) -> None:
    customer = CustomerFactory()
    with pytest.raises(ValidationError) as caught:
        customer_preference_add(actor=teller, customer_id=customer.pk, category=category, text=text)
    assert field in caught.value.message_dict
    assert customer.preferences.count() == 0


def test_customer_life_event_add(teller) -> None:
    customer = CustomerFactory()
    event = customer_life_event_add(
        actor=teller, customer_id=customer.pk, kind="retirement", occurred_on=dt.date(2026, 1, 1)
    )
    assert (event.customer_id, event.kind, event.occurred_on) == (
        customer.pk,
        "retirement",
        dt.date(2026, 1, 1),
    )
    with pytest.raises(ValidationError) as caught:
        customer_life_event_add(actor=teller, customer_id=customer.pk, kind="lottery")
    assert "kind" in caught.value.message_dict


def test_customer_holding_add_validates_and_stores(teller) -> None:
    customer = CustomerFactory()
    holding = customer_holding_add(
        actor=teller,
        customer_id=customer.pk,
        kind="debit_card",
        product_name="借记卡",
        account_number="6222 0202 0000 1234 567",
        amount="1500.50",
        currency="cny",
    )
    assert (holding.account_number, holding.amount, holding.currency) == (
        "6222020200001234567",
        Decimal("1500.50"),
        "CNY",
    )
    assert holding.masked_account_number == "622202*********4567"
    with pytest.raises(ValidationError) as caught:
        customer_holding_add(
            actor=teller, customer_id=customer.pk, kind="fund", product_name="基金", amount="abc"
        )
    assert "amount" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        customer_holding_add(
            actor=teller,
            customer_id=customer.pk,
            kind="deposit",
            product_name="定期",
            opened_on=dt.date(2026, 1, 1),
            matures_on=dt.date(2025, 1, 1),
        )
    assert "matures_on" in caught.value.message_dict
    assert customer.holdings.count() == 1


def test_make_id_number_is_valid() -> None:
    from xinfa.core.validators import is_valid_id_number

    assert is_valid_id_number(make_id_number(dt.date(1990, 3, 7), serial=803))
