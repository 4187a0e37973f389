"""Each role's workspace at / shows that role's work, with honest notes for missing modules."""

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from xinfa.accounts.models import User
from xinfa.compliance.services import audit_record
from xinfa.core.roles import Role
from xinfa.web.tests import builders

pytestmark = pytest.mark.django_db


def home_as(user: User) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_teller_can_call_the_next_number_and_sees_recent_work() -> None:
    world = builders.world()
    body = home_as(world.teller)
    assert "柜员工作台 · 李柜员" in body
    assert 'action="/queue/call/"' in body
    assert "呼叫下一位" in body
    assert f"#{world.interaction.pk} 咨询定期存款" in body


def test_lobby_manager_issues_and_triages() -> None:
    builders.world()
    body = home_as(builders.staff(Role.LOBBY_MANAGER))
    assert 'action="/queue/issue/"' in body
    assert 'action="/queue/triage/"' in body
    assert "A001" in body


def test_agent_sees_open_interactions_only_of_their_own() -> None:
    world = builders.world()
    agent = builders.staff(Role.AGENT, display_name="赵坐席")
    builders.interaction_for(world.customer, agent, subject="信用卡账单疑问", channel="phone")
    body = home_as(agent)
    assert "我进行中的服务（1）" in body
    assert "信用卡账单疑问" in body
    assert "咨询定期存款" not in body


def test_relationship_manager_sees_their_book_and_follow_ups() -> None:
    manager = builders.staff(Role.RELATIONSHIP_MANAGER, display_name="孙经理")
    customer = builders.elderly_customer(manager=manager)
    interaction = builders.interaction_for(customer, manager, subject="理财到期回访")
    interaction.status, interaction.outcome = "closed", "follow_up"
    interaction.save()
    body = home_as(manager)
    assert "我管户的客户（1）" in body
    assert "王秀英" in body
    assert "理财到期回访" in body


def test_supervisor_sees_todays_figures_and_escalations() -> None:
    builders.world()
    body = home_as(builders.staff(Role.SUPERVISOR))
    assert "升级到我的服务" in body
    assert 'href="/supervisor/"' in body
    assert '<a href="/complaints/">投诉</a>' in body


def test_chat_staff_get_the_live_chat_console() -> None:
    agent_body = home_as(builders.staff(Role.AGENT))
    supervisor_body = home_as(builders.staff(Role.SUPERVISOR))
    teller_body = home_as(builders.staff(Role.TELLER))
    assert '<a href="/chat/workspace/">在线客服</a>' in agent_body
    assert '<a class="button" href="/chat/workspace/">打开在线客服工作台</a>' in agent_body
    assert 'href="/chat/supervise/"' in supervisor_body
    assert "/chat/" not in teller_body


def test_navigation_shows_only_what_the_role_may_open() -> None:
    body = home_as(builders.staff(Role.TRAINER))
    assert '<a href="/queue/">排队看板</a>' in body
    assert 'href="/customers/"' not in body
    assert 'href="/complaints/"' not in body
    assert 'href="/supervisor/"' not in body


def test_compliance_sees_the_access_log() -> None:
    world = builders.world()
    audit_record(
        actor=world.teller,
        action="customer.view_pii",
        customer_id=world.customer.pk,
        reason="核对身份",
    )
    body = home_as(builders.staff(Role.COMPLIANCE))
    assert "最近的客户数据访问" in body
    assert "查看完整敏感信息" in body
    assert "核对身份" in body


@pytest.mark.parametrize(
    ("role", "note"),
    [
        (Role.TRAINER, "将随培训模块上线"),
        (Role.ADMIN, "管理后台"),
        (Role.TRAINER, 'href="/complaints/cases/"'),
        (Role.COMPLIANCE, 'href="/complaints/report/"'),
        (Role.AGENT, 'href="/complaints/new/"'),
    ],
)
def test_roles_without_their_module_get_an_honest_note(role: str, note: str) -> None:
    assert note in home_as(builders.staff(role))


def test_qa_inspector_is_sent_to_the_quality_module_when_it_exists() -> None:
    body = home_as(builders.staff(Role.QA_INSPECTOR))
    try:
        quality_url = reverse("quality:list")
    except NoReverseMatch:
        assert "将随质检模块上线" in body
    else:
        assert f'<a class="button" href="{quality_url}">质检结果与复核</a>' in body
        assert "将随质检模块上线" not in body


def test_teller_without_any_branch_gets_a_note_not_an_error() -> None:
    from xinfa.accounts.models import User

    teller = User.objects.create_user(
        username="lonely", password=builders.PASSWORD, role=Role.TELLER
    )
    assert "还没有分配网点" in home_as(teller)
