"""End to end in headless Chromium: a teller finds a customer and records a visit.

Screenshots go to artifacts/screenshots/ (ignored by git). docs/img/ holds the same pages
taken against `manage.py demo_seed` data, plus the English customer page from this test.
"""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from xinfa.core.roles import Role
from xinfa.web.tests import builders

SHOTS = Path(__file__).resolve().parents[4] / "artifacts" / "screenshots"

pytestmark = pytest.mark.e2e


@pytest.fixture
def site(live_server: Any) -> str:
    return str(live_server.url)


@pytest.fixture
def page(browser_page: Page) -> Page:
    """The shared headless Chromium page (root conftest: 1366×768, fails in CI without it)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    return browser_page


def shot(page: Page, name: str, *, full_page: bool = True) -> None:
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def sign_in(page: Page, site: str, username: str) -> None:
    page.goto(f"{site}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", builders.PASSWORD)
    page.click("button[type=submit].big")
    page.wait_for_url(f"{site}/")


def test_teller_records_a_visit_that_lands_on_the_timeline(page: Page, site: str) -> None:
    world = builders.world()
    p = page
    p.goto(f"{site}/login/")
    shot(p, "01-login", full_page=False)
    sign_in(p, site, "teller_li")
    assert "柜员工作台 · 李柜员" in (p.text_content("h1") or "")
    shot(p, "02-teller-workspace")

    p.fill("#ws_q", "138****5678")
    p.click("form[role=search] button")
    p.wait_for_selector("text=找到 1 位客户")
    row = p.locator("table tbody tr")
    assert row.count() == 1
    assert "138****5678" in row.inner_text()
    assert builders.ELDER_PHONE not in p.content()
    shot(p, "03-customer-search")

    p.click("text=王秀英")
    p.wait_for_selector("#prefs-title")
    assert "说话请放慢语速" in p.inner_text(".card.highlight")
    shot(p, "04-customer-360")

    form = "#record-form"
    p.select_option(f"{form} #id_channel", "counter")
    p.fill(f"{form} #id_subject", "养老金到账查询")
    p.fill(f"{form} #id_message", "我的养老金这个月到了吗？")
    p.fill(f"{form} #id_need", "查询养老金到账")
    p.fill(f"{form} #id_process", "查询账户明细并告知")
    p.fill(f"{form} #id_result", "已到账，客户满意")
    p.click(f"{form} button[type=submit]")
    p.wait_for_selector("text=已记录服务")
    timeline = p.inner_text("#timeline")
    assert "养老金到账查询" in timeline
    assert "咨询定期存款" in timeline
    shot(p, "05-recorded-on-timeline")

    p.click("#timeline >> text=养老金到账查询")
    p.wait_for_selector(".conversation")
    assert "我的养老金这个月到了吗？" in p.inner_text(".turn.customer")
    assert "查询养老金到账" in p.inner_text("ol.servicelog")
    shot(p, "06-interaction")
    assert world.customer.interactions.count() == 2


def test_queue_supervisor_and_english_pages_render(page: Page, site: str) -> None:
    world = builders.world()
    builders.waiting_ticket("V001", "wealth", is_priority=True)
    builders.waiting_ticket("A002")
    builders.staff(Role.LOBBY_MANAGER, "lobby_wu", display_name="吴大堂")
    builders.staff(Role.SUPERVISOR, "sup_chen", display_name="陈主管")
    p = page

    sign_in(p, site, "teller_li")
    p.click("text=呼叫下一位")
    p.wait_for_selector("[data-testid=current-ticket]")
    assert p.inner_text("[data-testid=current-ticket]") == "V001"
    p.click("form[action='/logout/'] button")

    sign_in(p, site, "lobby_wu")
    shot(p, "07-lobby-workspace")
    p.goto(f"{site}/queue/")
    assert p.inner_text("[data-testid=total-waiting]") == "2"
    shot(p, "08-queue-board")
    p.goto(f"{site}/queue/display/")
    assert "V001" in p.inner_text(".serving")
    shot(p, "09-queue-display", full_page=False)
    p.goto(f"{site}/")
    p.click("form[action='/logout/'] button")

    sign_in(p, site, "sup_chen")
    p.goto(f"{site}/supervisor/")
    assert p.inner_text("[data-testid=queue-waiting]") == "2"
    shot(p, "10-supervisor-overview")

    p.goto(f"{site}/customers/{world.customer.pk}/")
    p.click("button[name=language][value=en]")
    p.wait_for_url(f"{site}/en/customers/{world.customer.pk}/")
    assert p.get_attribute("html", "lang") == "en"
    assert "Habits recorded last time" in p.inner_text("#prefs-title")
    shot(p, "11-customer-360-english")


def test_rubric_page_explains_a_bad_rubric_in_chinese(page: Page, site: str) -> None:
    builders.staff(Role.QA_INSPECTOR, "qa_zhou", display_name="周质检")
    p = page
    sign_in(p, site, "qa_zhou")
    p.goto(f"{site}/quality/rubrics/")
    yaml_text = p.input_value("#id_yaml")
    p.fill("#id_yaml", yaml_text.replace("label: phrases.greeting", "label: phrases.hello", 1))
    p.click("button[name=action][value=save]")
    p.wait_for_selector("text=未知的标签")
    errors = p.inner_text("#rubric-form")
    assert "yaml.rules[0].expect.label: 未知的标签“phrases.hello”" in errors
    assert "unknown label" not in errors
    shot(p, "12-rubric-error")


def test_compliance_filters_the_access_log(page: Page, site: str) -> None:
    world = builders.world()
    builders.staff(Role.COMPLIANCE, "compliance_he", display_name="何合规")
    p = page
    sign_in(p, site, world.teller.username)
    p.goto(f"{site}/customers/{world.customer.pk}/")  # one audited read
    p.context.clear_cookies()
    sign_in(p, site, "compliance_he")
    p.click("text=查看全部访问记录")
    p.wait_for_url(f"{site}/access-log/")
    p.fill("#id_actor", world.teller.username)
    p.select_option("#id_action", "customer.view")
    p.click("form.filters button[type=submit]")
    p.wait_for_selector("table.table tbody tr td a")
    rows = p.locator("table.table tbody tr")
    assert rows.count() == 1
    assert world.customer.customer_number in rows.first.inner_text()
    assert p.input_value("#id_actor") == world.teller.username  # filters stay filled
    shot(p, "13-access-log")
    p.fill("#id_since", "2026-12-05")
    p.fill("#id_until", "2026-12-01")
    p.click("form.filters button[type=submit]")
    p.wait_for_selector("text=截止日期不能早于起始日期")
    assert "筛选条件有误" in p.inner_text("table.table")
