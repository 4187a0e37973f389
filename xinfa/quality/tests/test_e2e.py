"""End to end in headless Chromium: an inspection with highlighted evidence, a rule tried
on a pasted conversation, the quality trend and the wellbeing panel."""

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest
from django.utils import timezone

from conftest import SCREENSHOTS
from xinfa.core.roles import Role
from xinfa.quality import services
from xinfa.quality.models import Inspection
from xinfa.quality.tests.factories import BAD_CALL, GOOD_CALL, conversation_create
from xinfa.service.models import Interaction
from xinfa.service.tests.factories import StaffFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
DOCS_IMG = Path(__file__).resolve().parents[3] / "docs" / "img"
PASSWORD = "correct-horse-battery"
PASTED = (
    "客户：你好，我想买点理财，有没有保本的？\n"
    "坐席：您好，这款理财保本保收益，稳赚不赔。\n"
    "客户：那我买五万。\n"
    "坐席：好的，再见。"
)


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


def _history(agents) -> Inspection:
    """Four weeks of inspections for two agents; returns the latest bad one."""
    now = timezone.now()
    latest: Inspection | None = None
    for week in range(4):
        for index, agent in enumerate(agents):
            turns = BAD_CALL if (week + index) % 3 == 0 else GOOD_CALL
            interaction = conversation_create(turns, agent=agent)
            Interaction.objects.filter(pk=interaction.pk).update(
                started_at=now - dt.timedelta(days=7 * (3 - week), hours=index)
            )
            inspection = services.interaction_inspect(interaction_id=interaction.pk)
            if turns is BAD_CALL:
                latest = inspection
    assert latest is not None
    Inspection.objects.filter(pk=latest.pk).update(is_hostile=True)
    return latest


def test_inspection_evidence_and_rule_test_in_the_browser(browser_page, live_server) -> None:
    site = live_server.url
    inspector = StaffFactory(role=Role.QA_INSPECTOR, username="qa1", display_name="孙质检")
    agents = [
        StaffFactory(role=Role.AGENT, username=f"agent{i}", display_name=name)
        for i, name in enumerate(["吴坐席", "郑坐席"])
    ]
    inspection = _history(agents)
    page = browser_page

    _sign_in(page, site, inspector.username)
    page.goto(f"{site}/quality/")
    page.wait_for_selector("text=QI-")
    _shot(page, "quality-list")

    page.goto(f"{site}/quality/{inspection.pk}/")
    marks = page.locator("mark.ev.fail")
    assert marks.count() == 3
    assert marks.nth(0).inner_text() == "这是规定"
    page.click("button.rule-link[data-rule='no_negative_commanding']")
    assert page.locator("mark.ev:not(.dim)").all_inner_texts() == ["你必须"]
    _shot(page, "quality-inspection")

    page.select_option("#id_rule_id", "greeting")
    page.select_option("#id_to_outcome", "pass")
    page.fill("#id_reason", "录音开头有问候，转写遗漏")
    page.click("form[action$='/override/'] button[type=submit]")
    page.wait_for_selector("text=已修改规则结果")
    assert page.locator("#score").inner_text() != f"{inspection.score:.1f}"

    page.goto(f"{site}/quality/rubrics/")
    page.fill("#id_conversation", PASTED)
    page.click("button[name=action][value=test]")
    page.wait_for_selector("#test-result")
    assert page.locator("#test-result .badge-critical").count() == 2
    assert page.locator("#test-result mark.ev.fail").all_inner_texts()[-1] == "稳赚不赔"
    _shot(page, "quality-rubric-test")

    page.goto(f"{site}/quality/trend/")
    page.wait_for_selector("svg.chart polyline")
    _shot(page, "quality-trend")
    page.goto(f"{site}/quality/calibration/")
    assert page.locator("td.mono:has-text('greeting')").count() == 1
    _shot(page, "quality-calibration")


def test_wellbeing_panel_for_the_supervisor(browser_page, live_server, settings) -> None:
    settings.QUALITY_WELLBEING_HOSTILE_COUNT = 1
    site = live_server.url
    supervisor = StaffFactory(role=Role.SUPERVISOR, username="boss")
    agent = StaffFactory(role=Role.AGENT, username="tired", display_name="王坐席")
    inspection = services.interaction_inspect(
        interaction_id=conversation_create(BAD_CALL, agent=agent).pk
    )
    Inspection.objects.filter(pk=inspection.pk).update(is_hostile=True)
    page = browser_page
    _sign_in(page, site, supervisor.username)
    page.goto(f"{site}/quality/wellbeing/")
    page.wait_for_selector(".break-card:has-text('王坐席')")
    _shot(page, "quality-wellbeing")
