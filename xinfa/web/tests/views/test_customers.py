"""Customer search, the 360 page and its forms."""

import pytest
from django.test import Client

from xinfa.compliance.models import AccessLog
from xinfa.core.roles import Role
from xinfa.service.models import Interaction
from xinfa.web.tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def the_world() -> builders.World:
    return builders.world()


@pytest.fixture
def teller_client(the_world: builders.World) -> Client:
    client = Client()
    client.force_login(the_world.teller)
    return client


def test_search_by_masked_phone_lists_the_customer_masked(teller_client: Client) -> None:
    response = teller_client.get("/customers/", {"q": "138****5678"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "找到 1 位客户" in body
    assert "王秀英" in body
    assert "138****5678" in body
    assert builders.ELDER_PHONE not in body
    assert builders.elder_id_number() not in body
    assert "110101********" in body


def test_search_form_posts_so_full_numbers_stay_out_of_urls(teller_client: Client) -> None:
    page = teller_client.get("/customers/").content.decode()
    response = teller_client.post("/customers/", {"q": builders.ELDER_PHONE})
    body = response.content.decode()
    assert '<form method="post" action="/customers/" role="search">' in page
    assert response.status_code == 200
    assert "找到 1 位客户" in body
    assert "138****5678" in body


def test_search_too_short_shows_the_error_next_to_the_field(teller_client: Client) -> None:
    response = teller_client.get("/customers/", {"q": "王"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_q_error"' in body
    assert "找到" not in body


def test_search_without_matches_says_so(teller_client: Client) -> None:
    body = teller_client.get("/customers/", {"q": "不存在的客户"}).content.decode()
    assert "找到 0 位客户" in body
    assert "没有符合条件的客户" in body


def test_customer_page_shows_habits_first_badges_and_masked_data(
    teller_client: Client, the_world: builders.World
) -> None:
    response = teller_client.get(f"/customers/{the_world.customer.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("上次记录的习惯") < body.index("客户资料")
    assert "说话请放慢语速，面对面沟通" in body
    assert "老年客户" in body
    assert "VIP·金卡" in body
    assert "听力障碍" in body
    assert "622202*********3445" in body
    assert "养老金转入本行卡" in body
    assert f"#{the_world.interaction.pk} 咨询定期存款" in body
    assert builders.ELDER_PHONE not in body
    assert (
        AccessLog.objects.filter(
            actor=the_world.teller, customer=the_world.customer, action="customer.view"
        ).count()
        == 1
    )


def test_unknown_customer_is_a_404(teller_client: Client) -> None:
    response = teller_client.get("/customers/999999/")
    assert response.status_code == 404
    assert "找不到您要的页面或记录" in response.content.decode()


def test_reveal_shows_full_values_once_and_is_audited(
    teller_client: Client, the_world: builders.World
) -> None:
    url = f"/customers/{the_world.customer.pk}/reveal/"
    response = teller_client.post(url, {"reason": "客户办理挂失需核对身份"})
    body = response.content.decode()
    assert response.status_code == 200
    assert builders.ELDER_PHONE in body
    assert builders.elder_id_number() in body
    log = AccessLog.objects.get(action="customer.view_pii")
    assert (log.actor, log.customer, log.reason) == (
        the_world.teller,
        the_world.customer,
        "客户办理挂失需核对身份",
    )
    again = teller_client.get(f"/customers/{the_world.customer.pk}/").content.decode()
    assert builders.ELDER_PHONE not in again


def test_reveal_without_a_reason_shows_the_error(
    teller_client: Client, the_world: builders.World
) -> None:
    response = teller_client.post(f"/customers/{the_world.customer.pk}/reveal/", {"reason": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_reason_error"' in body
    assert builders.ELDER_PHONE not in body
    assert not AccessLog.objects.filter(action="customer.view_pii").exists()


def test_reveal_is_refused_to_an_agent(the_world: builders.World) -> None:
    client = Client()
    client.force_login(builders.staff(Role.AGENT))
    page = client.get(f"/customers/{the_world.customer.pk}/").content.decode()
    response = client.post(f"/customers/{the_world.customer.pk}/reveal/", {"reason": "想看看"})
    assert "查看完整证件号和手机号" not in page
    assert response.status_code == 403
    assert not AccessLog.objects.filter(action="customer.view_pii").exists()


def test_add_preference_then_it_is_shown_at_the_top(
    teller_client: Client, the_world: builders.World
) -> None:
    url = f"/customers/{the_world.customer.pk}/preferences/"
    response = teller_client.post(url, {"category": "回单", "text": "需要大字版回单"})
    assert response.status_code == 302
    page = teller_client.get(response["Location"]).content.decode()
    assert "已记录客户习惯。" in page
    assert page.index("需要大字版回单") < page.index("客户资料")


def test_add_preference_with_an_unknown_category_shows_the_error(
    teller_client: Client, the_world: builders.World
) -> None:
    url = f"/customers/{the_world.customer.pk}/preferences/"
    response = teller_client.post(url, {"category": "胡乱", "text": "x"})
    assert response.status_code == 400
    assert 'id="id_category_error"' in response.content.decode()
    assert the_world.customer.preferences.count() == 1


def test_record_interaction_stores_message_and_log_and_lands_on_the_timeline(
    teller_client: Client, the_world: builders.World
) -> None:
    url = f"/customers/{the_world.customer.pk}/interactions/"
    response = teller_client.post(
        url,
        {
            "channel": "counter",
            "subject": "养老金到账查询",
            "speaker": "customer",
            "message": "我的养老金这个月到了吗？",
            "need": "查询养老金到账",
            "process": "查询账户明细",
            "result": "已到账，告知金额",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/customers/{the_world.customer.pk}/#timeline"
    interaction = Interaction.objects.get(subject="养老金到账查询")
    assert (interaction.customer, interaction.handled_by, interaction.channel) == (
        the_world.customer,
        the_world.teller,
        "counter",
    )
    assert [(m.speaker, m.text) for m in interaction.messages.all()] == [
        ("customer", "我的养老金这个月到了吗？")
    ]
    assert [(e.need, e.process, e.result) for e in interaction.service_log.all()] == [
        ("查询养老金到账", "查询账户明细", "已到账，告知金额")
    ]
    page = teller_client.get(f"/customers/{the_world.customer.pk}/").content.decode()
    assert f"#{interaction.pk} 养老金到账查询" in page


def test_record_interaction_without_a_need_writes_nothing(
    teller_client: Client, the_world: builders.World
) -> None:
    before = Interaction.objects.count()
    url = f"/customers/{the_world.customer.pk}/interactions/"
    response = teller_client.post(
        url,
        {
            "channel": "counter",
            "subject": "咨询",
            "speaker": "customer",
            "message": "你好",
            "need": "",
        },
    )
    assert response.status_code == 400
    assert 'id="id_need_error"' in response.content.decode()
    assert Interaction.objects.count() == before


def test_record_interaction_rolls_back_when_a_service_refuses(
    teller_client: Client, the_world: builders.World
) -> None:
    before = Interaction.objects.count()
    url = f"/customers/{the_world.customer.pk}/interactions/"
    response = teller_client.post(
        url,
        {
            "channel": "counter",
            "subject": "咨询",
            "speaker": "customer",
            "message": "坏字符\x07",
            "need": "咨询",
        },
    )
    assert response.status_code == 400
    assert 'id="id_message_error"' in response.content.decode()
    assert Interaction.objects.count() == before


def test_record_interaction_with_an_outcome_closes_it(
    teller_client: Client, the_world: builders.World
) -> None:
    url = f"/customers/{the_world.customer.pk}/interactions/"
    response = teller_client.post(
        url,
        {
            "channel": "phone",
            "subject": "挂失银行卡",
            "speaker": "customer",
            "message": "",
            "need": "借记卡丢失需挂失",
            "outcome": "resolved",
        },
    )
    interaction = Interaction.objects.get(subject="挂失银行卡")
    assert response.status_code == 302
    assert (interaction.channel, interaction.kind, interaction.status, interaction.outcome) == (
        "phone",
        "call",
        "closed",
        "resolved",
    )
    assert interaction.messages.count() == 0
    assert list(interaction.events.values_list("kind", flat=True)) == ["opened", "closed"]


def test_holding_amounts_are_grouped(teller_client: Client, the_world: builders.World) -> None:
    body = teller_client.get(f"/customers/{the_world.customer.pk}/").content.decode()
    assert "50,000.00 CNY" in body


def test_timeline_pages_back_to_the_oldest_contact(
    teller_client: Client, the_world: builders.World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("xinfa.customers.selectors.TIMELINE_LIMIT", 2)
    for n in range(4):  # five contacts with the world's own
        builders.interaction_for(the_world.customer, the_world.teller, subject=f"第{n}次咨询")
    url = f"/customers/{the_world.customer.pk}/"
    first = teller_client.get(url).content.decode()
    assert "第 1 / 3 页，共 5 条" in first
    assert "第3次咨询" in first
    last = teller_client.get(f"{url}?page=3").content.decode()
    assert f"#{the_world.interaction.pk} " in last  # the oldest contact
    assert "第3次咨询" not in last
    assert "第 3 / 3 页" in teller_client.get(f"{url}?page=99").content.decode()
    assert "第 1 / 3 页" in teller_client.get(f"{url}?page=x").content.decode()
