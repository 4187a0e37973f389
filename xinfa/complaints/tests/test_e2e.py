"""End to end in headless Chromium: a complaint goes through the four steps in the browser."""

import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from conftest import SCREENSHOTS
from xinfa.complaints import services
from xinfa.complaints.models import Complaint
from xinfa.complaints.tests.factories import CustomerFactory, StaffFactory
from xinfa.core.roles import Role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DOCS_IMG = Path(__file__).resolve().parents[3] / "docs" / "img"
PASSWORD = "correct-horse-battery"


def _sign_in(page, site: str, username: str) -> None:
    page.goto(f"{site}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit].big")
    page.wait_for_url(f"{site}/")


def _shot(page, name: str) -> None:
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    # Refreshing the committed screenshots is a deliberate act, not a side effect of testing.
    if os.environ.get("XINFA_UPDATE_DOCS_IMG") == "1":
        shutil.copyfile(path, DOCS_IMG / f"{name}.png")


def test_complaint_four_steps_in_the_browser(browser_page, live_server) -> None:
    site = live_server.url
    teller = StaffFactory(role=Role.TELLER, username="teller1", display_name="周柜员")
    agent = StaffFactory(role=Role.AGENT, username="agent1", display_name="吴坐席")
    investigator = StaffFactory(role=Role.SUPERVISOR, username="boss", display_name="郑主管")
    customer = CustomerFactory(name="陈秀英")
    page = browser_page

    _sign_in(page, site, teller.username)
    page.goto(f"{site}/complaints/new/?customer={customer.pk}")
    page.select_option("#id_channel", "counter")
    page.fill("#id_description", "在网点排队两个半小时无人解释，柜员态度冷淡，还多收了20元手续费。")
    page.fill("#id_customer_request", "道歉并退还手续费")
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("text=投诉已受理")
    complaint = Complaint.objects.get()
    assert complaint.status == "accepted"
    _shot(page, "complaint-accepted")

    page.context.clear_cookies()
    _sign_in(page, site, agent.username)
    page.goto(f"{site}/complaints/{complaint.pk}/")
    page.click("summary:has-text('记录首次联系')")
    page.fill("form[action$='/first_contact/'] #id_note", "已致电客户致歉，告知三个工作日内答复")
    page.click("form[action$='/first_contact/'] button[type=submit]")
    page.wait_for_selector("text=已完成")
    page.click("summary:has-text('指派调查')")
    page.select_option("form[action$='/investigate/'] #id_investigator", str(investigator.pk))
    page.click("form[action$='/investigate/'] button[type=submit]")
    page.wait_for_selector(".badge-status:has-text('调查中')")

    page.context.clear_cookies()
    _sign_in(page, site, investigator.username)
    page.goto(f"{site}/complaints/{complaint.pk}/")
    page.click("summary:has-text('调查结论')")
    page.select_option("form[action$='/findings/'] #id_root_cause", "staff_attitude")
    page.fill(
        "form[action$='/findings/'] #id_findings",
        "调阅录像：高峰期仅开两个窗口，柜员未解释等候原因。",
    )
    page.click("form[action$='/findings/'] button[type=submit]")
    page.wait_for_selector("text=已完成")
    page.click("summary:has-text('补救措施')")
    page.select_option("form[action$='/remedy/'] #id_kind", "fee_refund")
    page.fill("form[action$='/remedy/'] #id_amount", "20")
    page.click("form[action$='/remedy/'] button[type=submit]")
    page.wait_for_selector("text=已完成")
    page.click("summary:has-text('答复客户')")
    page.fill(
        "form[action$='/respond/'] #id_decision", "向客户致歉，退还手续费20元，增开高峰弹性窗口。"
    )
    page.click("form[action$='/respond/'] button[type=submit]")
    page.wait_for_selector("text=答复函")
    complaint.refresh_from_db()
    assert complaint.status == "responded"
    assert complaint.clocks.get(kind="first_contact").is_met_on_time is True
    _shot(page, "complaint-responded")

    call_command("complaint_clocks")
    page.goto(f"{site}/complaints/report/")
    page.wait_for_selector("svg.chart")
    _shot(page, "complaint-report")


def test_follow_up_before_response_shows_the_reason(browser_page, live_server) -> None:
    site = live_server.url
    teller = StaffFactory(role=Role.TELLER, username="teller2")
    agent = StaffFactory(role=Role.AGENT, username="agent2")
    complaint = services.complaint_accept(
        actor=teller,
        customer_id=CustomerFactory().pk,
        channel="phone",
        description="电话银行转人工等了四十分钟",
    )
    page = browser_page
    _sign_in(page, site, agent.username)
    page.goto(f"{site}/complaints/{complaint.pk}/")
    assert page.locator("summary:has-text('回访')").count() == 0  # not offered before response
    page.goto(f"{site}/complaints/")
    assert page.locator(f"text={complaint.number}").count() == 1
    _shot(page, "complaint-list")
