"""The interaction page and its forms."""

from types import SimpleNamespace

import pytest
from django.test import Client

from xinfa.accounts.models import User
from xinfa.analysis.engine.pipeline import PipelineError
from xinfa.compliance.models import AccessLog
from xinfa.core.roles import Role
from xinfa.service.models import Interaction, InteractionEvent
from xinfa.web.tests import builders
from xinfa.web.views import interactions as interactions_views

pytestmark = pytest.mark.django_db


@pytest.fixture
def the_world() -> builders.World:
    return builders.world()


@pytest.fixture
def teller_client(the_world: builders.World) -> Client:
    client = Client()
    client.force_login(the_world.teller)
    return client


def url(world: builders.World, action: str = "") -> str:
    return f"/interactions/{world.interaction.pk}/{action}"


def test_page_shows_conversation_log_and_customer(
    teller_client: Client, the_world: builders.World
) -> None:
    response = teller_client.get(url(the_world))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<div class="turn customer">' in body
    assert "我想问一下定期存款到期怎么办" in body
    assert "定期存款到期续存" in body
    assert "客户选择续存" in body
    assert "王秀英" in body
    assert "138****5678" in body
    assert builders.ELDER_PHONE not in body


def test_customer_link_carries_the_interaction_into_the_access_log(
    teller_client: Client, the_world: builders.World
) -> None:
    page = teller_client.get(url(the_world)).content.decode()
    link = f"/customers/{the_world.customer.pk}/?interaction={the_world.interaction.pk}"
    teller_client.get(link)
    teller_client.get(f"/customers/{the_world.customer.pk}/?interaction=abc")
    views = AccessLog.objects.filter(action="customer.view").order_by("pk")
    assert f'href="{link}"' in page
    assert list(views.values_list("interaction_id", flat=True)) == [the_world.interaction.pk, None]


def test_unknown_interaction_is_a_404(teller_client: Client) -> None:
    assert teller_client.get("/interactions/999999/").status_code == 404


def test_add_message_appends_a_turn(teller_client: Client, the_world: builders.World) -> None:
    response = teller_client.post(
        url(the_world, "messages/"), {"speaker": "agent", "text": "您好，到期后可以自动转存。"}
    )
    assert response.status_code == 302
    assert [(m.sequence, m.speaker) for m in the_world.interaction.messages.all()] == [
        (1, "customer"),
        (2, "agent"),
    ]
    page = teller_client.get(response["Location"]).content.decode()
    assert '<div class="turn agent">' in page
    assert "已添加消息。" in page


def test_empty_message_shows_the_error(teller_client: Client, the_world: builders.World) -> None:
    response = teller_client.post(url(the_world, "messages/"), {"speaker": "agent", "text": ""})
    assert response.status_code == 400
    assert 'id="id_text_error"' in response.content.decode()
    assert the_world.interaction.messages.count() == 1


def test_add_service_log_entry(teller_client: Client, the_world: builders.World) -> None:
    response = teller_client.post(
        url(the_world, "log/"),
        {"need": "修改预留手机号", "process": "核对身份证件", "result": "已修改"},
    )
    assert response.status_code == 302
    assert list(the_world.interaction.service_log.values_list("need", flat=True)) == [
        "定期存款到期续存",
        "修改预留手机号",
    ]


def test_close_with_an_outcome_then_closing_again_is_refused(
    teller_client: Client, the_world: builders.World
) -> None:
    first = teller_client.post(url(the_world, "close/"), {"outcome": "resolved", "note": ""})
    the_world.interaction.refresh_from_db()
    second = teller_client.post(url(the_world, "close/"), {"outcome": "resolved"})
    assert first.status_code == 302
    assert (the_world.interaction.status, the_world.interaction.outcome) == ("closed", "resolved")
    assert second.status_code == 400
    assert "<strong>操作未完成：</strong> 该服务记录已经结束" in second.content.decode()


def test_message_on_a_closed_interaction_is_refused_next_to_the_field(
    teller_client: Client, the_world: builders.World
) -> None:
    teller_client.post(url(the_world, "close/"), {"outcome": "resolved"})
    response = teller_client.post(url(the_world, "messages/"), {"speaker": "agent", "text": "在吗"})
    assert response.status_code == 400
    assert (
        "<strong>操作未完成：</strong> 该服务记录已结束，不能再添加消息"
        in response.content.decode()
    )
    assert the_world.interaction.messages.count() == 1


def test_transfer_to_a_colleague_with_a_reason(
    teller_client: Client, the_world: builders.World
) -> None:
    colleague = builders.staff(Role.TELLER, "teller_zhou")
    response = teller_client.post(
        url(the_world, "transfer/"), {"to_user": colleague.pk, "reason": "客户需办理外汇业务"}
    )
    the_world.interaction.refresh_from_db()
    event = InteractionEvent.objects.get(interaction=the_world.interaction, kind="transferred")
    assert response.status_code == 302
    assert the_world.interaction.handled_by == colleague
    assert (event.from_user, event.to_user, event.reason) == (
        the_world.teller,
        colleague,
        "客户需办理外汇业务",
    )


def test_transfer_offers_only_colleagues_who_can_handle_it(
    teller_client: Client, the_world: builders.World
) -> None:
    colleague = builders.staff(Role.TELLER, "teller_zhou")
    trainer = builders.staff(Role.TRAINER, "trainer_he")
    body = teller_client.get(url(the_world)).content.decode()
    assert f'<option value="{colleague.pk}">teller_zhou · 柜员</option>' in body
    assert f'value="{trainer.pk}"' not in body
    assert f'<option value="{the_world.teller.pk}">' not in body


def test_transfer_without_a_reason_shows_the_error(
    teller_client: Client, the_world: builders.World
) -> None:
    colleague = builders.staff(Role.TELLER, "teller_zhou")
    response = teller_client.post(url(the_world, "transfer/"), {"to_user": colleague.pk})
    assert response.status_code == 400
    assert 'id="id_reason_error"' in response.content.decode()
    assert Interaction.objects.get(pk=the_world.interaction.pk).handled_by == the_world.teller


def test_escalate_goes_to_the_branch_supervisor(
    teller_client: Client, the_world: builders.World
) -> None:
    supervisor = builders.staff(Role.SUPERVISOR, "sup_chen")
    response = teller_client.post(url(the_world, "escalate/"), {"reason": "客户要求见主管"})
    the_world.interaction.refresh_from_db()
    assert response.status_code == 302
    assert (the_world.interaction.status, the_world.interaction.handled_by) == (
        "escalated",
        supervisor,
    )


def test_escalate_without_a_supervisor_explains_why(
    teller_client: Client, the_world: builders.World
) -> None:
    response = teller_client.post(url(the_world, "escalate/"), {"reason": "客户要求见主管"})
    assert response.status_code == 400
    assert "<strong>操作未完成：</strong> 没有可升级到的在岗主管" in response.content.decode()
    assert User.objects.filter(role=Role.SUPERVISOR).count() == 0
    assert Interaction.objects.get(pk=the_world.interaction.pk).status == "open"


def test_qa_inspector_reads_but_sees_no_forms(the_world: builders.World) -> None:
    client = Client()
    client.force_login(builders.staff(Role.QA_INSPECTOR))
    body = client.get(url(the_world)).content.decode()
    assert "我想问一下定期存款到期怎么办" in body
    assert "添加消息" not in body
    assert "结束服务" not in body


def test_open_interaction_shows_live_coaching_to_front_line_staff(
    teller_client: Client, the_world: builders.World
) -> None:
    body = teller_client.get(url(the_world)).content.decode()
    assert '<h2 id="coach-title">实时辅导</h2>' in body
    assert 'data-testid="coaching-emotion"' in body
    assert "老年客户：放慢语速" in body  # the elderly-customer disclosure


def test_coaching_is_not_shown_to_qa_or_on_closed_interactions(
    teller_client: Client, the_world: builders.World
) -> None:
    qa = Client()
    qa.force_login(builders.staff(Role.QA_INSPECTOR))
    teller_client.post(url(the_world, "close/"), {"outcome": "resolved"})
    assert "实时辅导" not in qa.get(url(the_world)).content.decode()
    assert "实时辅导" not in teller_client.get(url(the_world)).content.decode()


def test_page_still_opens_when_the_engine_cannot_coach(
    teller_client: Client, the_world: builders.World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*, interaction_id: int) -> None:
        raise PipelineError("no model files")

    monkeypatch.setattr(interactions_views, "interaction_coaching", broken)
    response = teller_client.get(url(the_world))
    assert response.status_code == 200
    assert "分析引擎暂不可用" in response.content.decode()


def test_inspection_result_links_to_the_quality_page(
    teller_client: Client, the_world: builders.World, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = SimpleNamespace(pk=7, score=86.4, passed=False, has_critical=True, is_final=False)
    monkeypatch.setattr(
        interactions_views, "inspection_for_interaction", lambda *, interaction_id: found
    )
    body = teller_client.get(url(the_world)).content.decode()
    assert '<span class="ticket-number">86</span> 分' in body
    assert "不合格" in body
    assert "严重违规" in body
    assert 'href="/quality/7/"' in body
    assert "结束后会按完整对话重新评分" in body
