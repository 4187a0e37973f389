import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from xinfa.compliance.models import AccessAction, AccessLog
from xinfa.core.exceptions import Forbidden
from xinfa.core.roles import Role
from xinfa.customers.exporting import EXPORT_HEADERS, customer_export_xlsx
from xinfa.customers.tests.factories import CustomerFactory, make_id_number

ID_NUMBER = make_id_number(dt.date(1960, 5, 1), serial=101)


def _rows(content: bytes) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


@pytest.fixture
def customers(db):
    return [
        CustomerFactory(
            customer_number="E1",
            name="张伟",
            id_number=ID_NUMBER,
            birth_date=dt.date(1960, 5, 1),
            phone="13812341234",
            email="zw@example.cn",
            vip_tier="gold",
        ),
        CustomerFactory(customer_number="E2", name='=HYPERLINK("x")', phone="13900001111"),
    ]


@pytest.mark.parametrize("role", [Role.COMPLIANCE, Role.SUPERVISOR])
def test_customer_export_masks_pii_and_audits(make_staff, customers, role) -> None:
    actor = make_staff(role)
    rows = _rows(customer_export_xlsx(actor=actor))
    assert rows[0] == EXPORT_HEADERS
    first = rows[1]
    assert first[:6] == (
        "E1",
        "张伟",
        "个人",
        "138****1234",
        f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}",
        "z***@example.cn",
    )
    assert first[8] == "金卡"
    flat = repr(rows)
    assert ID_NUMBER not in flat
    assert "13812341234" not in flat
    assert "zw@example.cn" not in flat
    assert rows[2][1] == '\'=HYPERLINK("x")'  # formula neutralised
    log = AccessLog.objects.get()
    assert (log.action, log.actor_id, log.detail) == (
        AccessAction.EXPORT,
        actor.pk,
        {"count": 2, "query": "", "by_ids": False},
    )


def test_customer_export_by_ids_and_query(make_staff, customers) -> None:
    actor = make_staff(Role.COMPLIANCE)
    rows = _rows(customer_export_xlsx(actor=actor, customer_ids=[customers[1].pk]))
    assert [row[0] for row in rows[1:]] == ["E2"]
    rows = _rows(customer_export_xlsx(actor=actor, query="13812341234"))
    assert [row[0] for row in rows[1:]] == ["E1"]
    assert list(AccessLog.objects.order_by("pk").values_list("detail", flat=True)) == [
        {"count": 1, "query": "", "by_ids": True},
        {"count": 1, "query": "138****1234", "by_ids": False},
    ]


@pytest.mark.parametrize("role", [Role.AGENT, Role.TELLER, Role.ADMIN, Role.QA_INSPECTOR])
def test_customer_export_denied_roles_write_nothing(make_staff, customers, role) -> None:
    with pytest.raises(Forbidden):
        customer_export_xlsx(actor=make_staff(role))
    assert AccessLog.objects.count() == 0
