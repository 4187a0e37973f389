import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from xinfa.accounts.models import Branch
from xinfa.customers.enums import HoldingKind
from xinfa.customers.models import Customer, Holding
from xinfa.demo.bench.rows import BulkWriter


@pytest.mark.django_db
def test_bulk_writer_rows_read_back_through_the_orm() -> None:
    branch = Branch.objects.create(code="B1", name="测试网点")
    at = dt.datetime(2026, 1, 2, 9, 30, 15, tzinfo=dt.UTC)

    written = BulkWriter().write(
        Customer,
        [
            {
                "id": 9001,
                "created_at": at,
                "updated_at": at,
                "customer_number": "C0000009001",
                "name": "王秀英",
                "search_name": "王秀英",
                "phone": "13812345678",
                "phone_prefix": "138",
                "phone_last4": "5678",
                "birth_date": dt.date(1950, 3, 4),
                "accessibility_needs": ["hearing"],
                "home_branch_id": branch.pk,
            },
        ],
    )
    BulkWriter().write(
        Holding,
        [
            {
                "id": 9101,
                "created_at": at,
                "updated_at": at,
                "customer_id": 9001,
                "kind": HoldingKind.DEPOSIT,
                "product_name": "定期",
                "amount": Decimal("12345.67"),
            },
        ],
    )

    assert written == 1
    customer = Customer.objects.get(customer_number="C0000009001")
    assert (customer.pk, customer.name, customer.created_at) == (9001, "王秀英", at)
    assert customer.birth_date == dt.date(1950, 3, 4)
    assert customer.accessibility_needs == ["hearing"]
    assert customer.vip_tier == "none"  # a field the row leaves out takes the model default
    assert customer.consent_recording is True
    assert Customer.objects.filter(phone_prefix="138", phone_last4="5678").count() == 1
    assert Holding.objects.get(pk=9101).amount == Decimal("12345.67")


@pytest.mark.django_db
def test_bulk_writer_refuses_a_row_missing_a_required_value() -> None:
    # Callers write inside a transaction; the failed batch leaves nothing behind.
    with (
        pytest.raises(ValueError, match=r"Holding\.customer_id has no default"),
        transaction.atomic(),
    ):
        BulkWriter().write(
            Holding,
            [
                {
                    "id": 1,
                    "created_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                    "updated_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                    "kind": HoldingKind.DEPOSIT,
                }
            ],
        )
    assert Holding.objects.count() == 0
