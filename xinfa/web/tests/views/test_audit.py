"""The access-log page: audit roles only, filters, paging, refused filters list nothing."""

import datetime as dt
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone

from xinfa.compliance.services import audit_record
from xinfa.core.roles import Capability, Role, role_has_capability
from xinfa.web.tests import builders

pytestmark = pytest.mark.django_db


def _client(role: str) -> Client:
    client = Client()
    client.force_login(builders.staff(role))
    return client


@pytest.fixture
def reads():
    world = builders.world()
    other = builders.staff(Role.AGENT, "agent_wang")
    audit_record(actor=world.teller, action="customer.view", customer_id=world.customer.pk)
    audit_record(
        actor=world.teller,
        action="customer.view_pii",
        customer_id=world.customer.pk,
        reason="核对身份",
    )
    # The log is append-only (no update), so the old row is written with the clock set back.
    forty_days_ago = timezone.now() - dt.timedelta(days=40)
    with mock.patch("django.utils.timezone.now", return_value=forty_days_ago):
        audit_record(actor=other, action="customer.search", reason="查找来电客户")
    return world


@pytest.mark.parametrize("role", [role.value for role in Role])
def test_page_follows_the_role_matrix(role) -> None:
    response = _client(role).get("/access-log/")
    expected = 200 if role_has_capability(role, Capability.AUDIT_VIEW) else 403
    assert response.status_code == expected
    if expected == 200:
        assert 'href="/access-log/"' in response.content.decode()  # in the menu


def test_filters_narrow_the_log(reads) -> None:
    client = _client(Role.COMPLIANCE)
    everything = client.get("/access-log/").content.decode()
    assert everything.count("<tr>") == 4  # header + three reads
    number = reads.customer.customer_number
    by_customer = client.get(f"/access-log/?customer_number={number}").content.decode()
    assert "核对身份" in by_customer
    assert "查找来电客户" not in by_customer
    pii = client.get("/access-log/?action=customer.view_pii").content.decode()
    assert pii.count("<tr>") == 2
    by_staff = client.get("/access-log/?actor=agent_wang").content.decode()
    assert "查找来电客户" in by_staff
    assert "核对身份" not in by_staff
    today = timezone.localdate().isoformat()
    recent = client.get(f"/access-log/?since={today}").content.decode()
    assert "核对身份" in recent
    assert "查找来电客户" not in recent


def test_a_refused_filter_lists_nothing(reads) -> None:
    body = _client(Role.COMPLIANCE).get("/access-log/?since=2026-12-05&until=2026-12-01")
    page = body.content.decode()
    assert body.status_code == 200
    assert "截止日期不能早于起始日期" in page
    assert "筛选条件有误" in page
    assert "核对身份" not in page


def test_the_log_pages_and_the_workspace_links_to_it(reads, monkeypatch) -> None:
    monkeypatch.setattr("xinfa.core.pagination.WEB_PAGE_SIZE", 2)
    client = _client(Role.COMPLIANCE)
    second = client.get("/access-log/?page=2").content.decode()
    assert "第 2 / 2 页，共 3 条" in second
    assert "查找来电客户" in second
    assert 'href="/access-log/"' in client.get("/").content.decode()
