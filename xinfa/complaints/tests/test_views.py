"""Complaint pages: role guards, intake form, actions with errors shown, report, cases."""

import pytest
from django.test import Client

from xinfa.complaints import services
from xinfa.complaints.models import Complaint
from xinfa.complaints.tests.factories import CustomerFactory, StaffFactory
from xinfa.core.roles import ROLE_CAPABILITIES, Capability, Role

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def complaint():
    return services.complaint_accept(
        actor=StaffFactory(role=Role.TELLER),
        customer_id=CustomerFactory().pk,
        channel="counter",
        description="大堂排队两个小时，柜员态度很差，要求道歉",
    )


PAGES = [
    ("/complaints/", Capability.COMPLAINT_VIEW),
    ("/complaints/{id}/", Capability.COMPLAINT_VIEW),
    ("/complaints/report/", Capability.COMPLAINT_REPORT),
    ("/complaints/cases/", Capability.CASE_LIBRARY),
]


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize(("url", "capability"), PAGES)
def test_pages_follow_the_role_matrix(complaint, role, url, capability) -> None:
    response = _client(StaffFactory(role=role)).get(url.format(id=complaint.pk))
    expected = 200 if capability in ROLE_CAPABILITIES[role] else 403
    assert response.status_code == expected


def test_anonymous_is_sent_to_sign_in(complaint) -> None:
    response = Client().get("/complaints/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_intake_form_accepts_and_redirects() -> None:
    customer = CustomerFactory()
    client = _client(StaffFactory(role=Role.TELLER))
    page = client.get(f"/complaints/new/?customer={customer.pk}")
    assert page.status_code == 200
    response = client.post(
        "/complaints/new/",
        {
            "customer": customer.pk,
            "channel": "counter",
            "description": "存折取款被多收了手续费，柜员解释不清",
            "customer_request": "退还手续费",
        },
    )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/complaints/{complaint.pk}/"
    assert complaint.category == "fee"


def test_illegal_action_shows_the_reason_and_changes_nothing(complaint) -> None:
    client = _client(StaffFactory(role=Role.SUPERVISOR))
    response = client.post(
        f"/complaints/{complaint.pk}/clock/",
        {"action": "extend", "kind": "decision", "extra_days": 50, "reason": "需外部协查"},
    )
    assert response.status_code == 400
    assert "处理决定时限合计不能超过 60 天（申请 65 天）" in response.content.decode()
    assert complaint.clocks.get(kind="decision").extensions.count() == 0


def test_action_without_the_right_is_forbidden(complaint) -> None:
    response = _client(StaffFactory(role=Role.TELLER)).post(
        f"/complaints/{complaint.pk}/first_contact/", {"note": "已联系"}
    )
    assert response.status_code == 403
    complaint.refresh_from_db()
    assert complaint.first_contact_at is None


def test_action_needs_csrf(complaint) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(StaffFactory(role=Role.AGENT))
    response = client.post(f"/complaints/{complaint.pk}/first_contact/", {"note": "已联系客户"})
    assert response.status_code == 403


def test_report_page_draws_charts_and_exports(complaint) -> None:
    client = _client(StaffFactory(role=Role.SUPERVISOR))
    page = client.get("/complaints/report/").content.decode()
    assert page.count('<svg class="chart"') == 4  # root cause empty until investigated
    excel = client.get("/complaints/report/?export=xlsx")
    assert excel["Content-Type"].startswith("application/vnd.openxmlformats")


def test_interaction_page_offers_to_open_a_complaint_with_evidence() -> None:
    from xinfa.service.services import interaction_open

    agent = StaffFactory(role=Role.AGENT)
    customer = CustomerFactory()
    interaction = interaction_open(actor=agent, channel="phone", customer_id=customer.pk)
    page = _client(agent).get(f"/interactions/{interaction.pk}/").content.decode()
    assert f"/complaints/new/?customer={customer.pk}&amp;interaction={interaction.pk}" in page
    qa_page = (
        _client(StaffFactory(role=Role.QA_INSPECTOR))
        .get(f"/interactions/{interaction.pk}/")
        .content.decode()
    )
    assert "/complaints/new/" not in qa_page


def test_list_pages_through_every_complaint_keeping_the_filter(monkeypatch) -> None:
    monkeypatch.setattr("xinfa.core.pagination.WEB_PAGE_SIZE", 2)
    teller = StaffFactory(role=Role.TELLER)
    numbers = [
        services.complaint_accept(
            actor=teller,
            customer_id=CustomerFactory().pk,
            channel="counter",
            description=f"第{n}次投诉：柜员态度很差，要求道歉",
        ).number
        for n in range(5)
    ]
    client = _client(teller)
    first = client.get("/complaints/?open=1").content.decode()
    last = client.get("/complaints/?open=1&page=3").content.decode()
    assert "第 1 / 3 页，共 5 条" in first
    assert 'href="?open=1&amp;page=2" rel="next"' in first
    assert "第 3 / 3 页，共 5 条" in last
    shown = [number for number in numbers if number in first + last]
    assert len(shown) == 3  # two on page 1, one on page 3
    assert "page=" not in client.get("/complaints/?open=0").content.decode()  # no pager
