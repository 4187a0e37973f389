import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from xinfa.accounts.models import Branch
from xinfa.compliance.models import AccessAction, AccessLog
from xinfa.core.exceptions import Forbidden, NotFound, ValidationFailed
from xinfa.core.roles import Role
from xinfa.customers.models import age_band_for, age_on
from xinfa.customers.selectors import (
    customer_360,
    customer_list,
    customer_preference_list,
    customer_search,
    mask_query,
)
from xinfa.customers.tests.factories import (
    CustomerFactory,
    CustomerPreferenceFactory,
    HoldingFactory,
    LifeEventFactory,
    make_id_number,
)
from xinfa.service.models import Interaction

ID_NUMBER = make_id_number(dt.date(1990, 3, 7), serial=803)


@pytest.fixture
def agent(make_staff):
    return make_staff(Role.AGENT, display_name="王坐席")


@pytest.fixture
def zhang(db):
    return CustomerFactory(
        customer_number="C0000000042",
        name="張偉",
        id_number=ID_NUMBER,
        birth_date=dt.date(1990, 3, 7),
        phone="13812341234",
        email="zhangwei@example.cn",
    )


@pytest.fixture
def others(db):
    return [
        CustomerFactory(customer_number="C0000000043", name="李娜", phone="13900005678"),
        CustomerFactory(customer_number="D0000000001", name="张三丰", phone="13700001234"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("张伟", ["C0000000042"]),  # Simplified input finds the Traditional name
        ("張偉", ["C0000000042"]),
        ("张三", ["D0000000001"]),
        ("C0000000042", ["C0000000042"]),
        ("c00000000", ["C0000000042", "C0000000043"]),
        (ID_NUMBER, ["C0000000042"]),
        (ID_NUMBER[:17], []),  # partial ID numbers are not a search key
        ("13812341234", ["C0000000042"]),
        ("138 1234 1234", ["C0000000042"]),
        ("138****1234", ["C0000000042"]),
        ("*1234", ["C0000000042", "D0000000001"]),
        ("1234", ["C0000000042", "D0000000001"]),
        ("５６７８", ["C0000000043"]),  # full-width digits
        ("王五", []),
    ],
)
def test_customer_search_by_each_key(agent, zhang, others, query, expected) -> None:
    results = customer_search(actor=agent, query=query)
    assert [row.customer_number for row in results] == expected


def test_customer_search_finds_substring_of_name(agent, zhang, others) -> None:
    results = customer_search(actor=agent, query="三丰")
    assert [row.name for row in results] == ["张三丰"]


def test_customer_search_returns_masked_summary(agent, zhang) -> None:
    [row] = customer_search(actor=agent, query="张伟")
    assert row.masked_phone == "138****1234"
    assert row.masked_id_number == f"{ID_NUMBER[:6]}********{ID_NUMBER[-4:]}"
    assert row.name == "張偉"
    assert row.kind == "individual"
    assert row.age_band == age_band_for(age_on(dt.date(1990, 3, 7), timezone.localdate()))
    assert row.is_elderly is False
    assert ID_NUMBER not in repr(row)
    assert "13812341234" not in repr(row)


def test_customer_search_writes_one_masked_audit_row(agent, zhang) -> None:
    customer_search(actor=agent, query="13812341234")
    row = AccessLog.objects.get()
    assert (row.action, row.actor_id, row.customer_id) == (AccessAction.SEARCH, agent.pk, None)
    assert row.detail == {"query": "138****1234", "results": 1}


@pytest.mark.parametrize("query", ["", " ", "张", "a\x00b", "x" * 101])
def test_customer_search_rejects_bad_query(agent, query) -> None:
    with pytest.raises(ValidationFailed) as caught:
        customer_search(actor=agent, query=query)
    assert caught.value.field == "q"
    assert AccessLog.objects.count() == 0


def test_customer_search_denies_role_without_customer_view(make_staff, zhang) -> None:
    with pytest.raises(Forbidden):
        customer_search(actor=make_staff(Role.TRAINER), query="张伟")
    assert AccessLog.objects.count() == 0


def test_customer_search_runs_two_queries(agent, zhang, others, django_assert_num_queries) -> None:
    with django_assert_num_queries(2):  # the search, the audit row
        customer_search(actor=agent, query="C000")


def test_customer_search_respects_limit(agent, db) -> None:
    for index in range(5):
        CustomerFactory(customer_number=f"L{index:04d}")
    assert len(customer_search(actor=agent, query="L0", limit=3)) == 3


def test_mask_query_masks_id_and_phone() -> None:
    assert mask_query("13812341234") == "138****1234"
    assert mask_query(f"查 {ID_NUMBER}") == f"查 {ID_NUMBER[:6]}********{ID_NUMBER[-4:]}"
    assert mask_query("张伟") == "张伟"


def _interaction(customer, staff, days_ago: int, subject: str) -> Interaction:
    return Interaction.objects.create(
        customer=customer,
        channel="phone",
        kind="call",
        handled_by=staff,
        subject=subject,
        started_at=timezone.now() - dt.timedelta(days=days_ago),
    )


def test_customer_360_assembles_masked_profile(agent, zhang) -> None:
    manager = agent
    branch = Branch.objects.create(code="310", name="上海分行营业部")
    zhang.assigned_manager = manager
    zhang.home_branch = branch
    zhang.accessibility_needs = ["hearing", "mobility"]
    zhang.vip_tier = "gold"
    zhang.risk_level = "C3"
    zhang.risk_assessed_on = timezone.localdate() - dt.timedelta(days=400)
    zhang.preferred_channel = "counter"
    zhang.language = "cantonese"
    zhang.consent_marketing = True
    zhang.save()
    old = CustomerPreferenceFactory(customer=zhang, text="喜欢上午办理")
    new = CustomerPreferenceFactory(customer=zhang, text="需要大字版单据", recorded_by=agent)
    CustomerPreferenceFactory(customer=zhang, text="已失效", is_active=False)
    LifeEventFactory(customer=zhang, kind="retirement")
    HoldingFactory(customer=zhang, account_number="6222020200001234567")
    HoldingFactory(customer=zhang, is_active=False, kind="deposit")
    _interaction(zhang, agent, 3, "挂失")
    _interaction(zhang, agent, 1, "咨询理财")

    view = customer_360(actor=agent, customer_id=zhang.pk, reason="来电", interaction_id=77)

    assert view.summary.customer_number == "C0000000042"
    assert view.summary.masked_phone == "138****1234"
    profile = view.profile
    assert profile.masked_email == "z***@example.cn"
    assert [need.label for need in profile.accessibility_needs] == ["听力障碍", "行动不便"]
    assert (profile.vip_tier_label, profile.risk_level_label) == ("金卡", "C3 平衡型")
    assert profile.is_risk_assessment_due is True
    assert (profile.preferred_channel_label, profile.language_label) == ("柜面", "粤语")
    assert (profile.assigned_manager_name, profile.home_branch_name) == ("王坐席", "上海分行营业部")
    assert (profile.consent_marketing, profile.consent_recording) == (True, True)
    assert [entry.id for entry in view.preferences] == [new.pk, old.pk]
    assert view.preferences[0].recorded_by == "王坐席"
    assert [event.kind_label for event in view.life_events] == ["退休"]
    assert view.holdings[0].masked_account_number == "622202*********4567"
    assert [holding.is_active for holding in view.holdings] == [True, False]
    assert [entry.subject for entry in view.timeline] == ["咨询理财", "挂失"]
    assert (
        view.counts.interactions,
        view.counts.preferences,
        view.counts.life_events,
        view.counts.holdings,
    ) == (2, 2, 1, 1)
    assert ID_NUMBER not in repr(view)
    assert "13812341234" not in repr(view)
    row = AccessLog.objects.get()
    assert (row.action, row.customer_id, row.reason, row.interaction_id) == (
        AccessAction.VIEW,
        zhang.pk,
        "来电",
        77,
    )


def test_customer_360_query_count_is_constant(agent, zhang, django_assert_num_queries) -> None:
    # customer+manager+branch, preferences, life events, holdings, timeline, count, audit
    # (an indexed count query is far cheaper than a COUNT join for a customer with many contacts)
    with django_assert_num_queries(7):
        customer_360(actor=agent, customer_id=zhang.pk)
    for index in range(5):
        CustomerPreferenceFactory(customer=zhang, recorded_by=agent)
        LifeEventFactory(customer=zhang)
        HoldingFactory(customer=zhang)
        _interaction(zhang, agent, index, f"第{index}次")
    with django_assert_num_queries(7):
        view = customer_360(actor=agent, customer_id=zhang.pk)
    assert (view.counts.interactions, len(view.preferences), len(view.holdings)) == (5, 5, 5)


def test_customer_360_missing_customer(agent) -> None:
    with pytest.raises(NotFound):
        customer_360(actor=agent, customer_id=404)
    assert AccessLog.objects.count() == 0


def test_customer_360_elderly_flag_from_birth_date(agent, db) -> None:
    today = timezone.localdate()
    customer = CustomerFactory(id_number="", birth_date=dt.date(today.year - 80, 1, 1))
    view = customer_360(actor=agent, customer_id=customer.pk)
    assert (view.summary.age_band, view.summary.is_elderly) == ("elderly", True)
    assert view.profile.age_band_label == "高龄（75岁及以上）"


def test_customer_list_filters(agent, db) -> None:
    today = timezone.localdate()
    branch = Branch.objects.create(code="320", name="南京分行")
    old = CustomerFactory(
        customer_number="A1",
        birth_date=dt.date(today.year - 70, 1, 1),
        vip_tier="gold",
        home_branch=branch,
    )
    young = CustomerFactory(
        customer_number="A2",
        birth_date=dt.date(today.year - 30, 1, 1),
        risk_level="C4",
        kind="corporate",
    )
    unknown = CustomerFactory(customer_number="A3", birth_date=None, id_number="")

    def numbers(**filters: Any) -> list[str]:
        return [row.customer_number for row in customer_list(actor=agent, **filters)]

    assert numbers() == [old.customer_number, young.customer_number, unknown.customer_number]
    assert numbers(elderly=True) == ["A1"]
    assert numbers(elderly=False) == ["A2", "A3"]
    assert numbers(vip_tier="gold") == ["A1"]
    assert numbers(risk_level="C4", kind="corporate") == ["A2"]
    assert numbers(branch_id=branch.pk) == ["A1"]
    young.assigned_manager = agent
    young.save(update_fields=["assigned_manager"])
    assert numbers(assigned_manager_id=agent.pk) == ["A2"]
    assert numbers(query="A2") == ["A2"]
    assert AccessLog.objects.filter(action=AccessAction.SEARCH).count() == 8


def test_customer_preference_list_newest_first(agent, zhang) -> None:
    first = CustomerPreferenceFactory(customer=zhang)
    second = CustomerPreferenceFactory(customer=zhang)
    entries = customer_preference_list(actor=agent, customer_id=zhang.pk)
    assert [entry.id for entry in entries] == [second.pk, first.pk]
    with pytest.raises(NotFound):
        customer_preference_list(actor=agent, customer_id=999)


def test_name_search_index_follows_renames_and_bulk_writes(agent) -> None:
    from xinfa.customers.models import Customer, CustomerNameGram
    from xinfa.customers.services import customer_name_grams_refresh, customer_update

    renamed = CustomerFactory(name="欧阳娜娜")
    assert set(
        CustomerNameGram.objects.filter(customer=renamed).values_list("gram", flat=True)
    ) == {"欧阳", "阳娜", "娜娜"}
    customer_update(actor=agent, customer_id=renamed.pk, name="司马懿")
    assert [s.id for s in customer_search(actor=agent, query="司马")] == [renamed.pk]
    assert customer_search(actor=agent, query="欧阳") == []
    bulk = Customer.objects.bulk_create(
        [Customer(customer_number="B0001", name="诸葛亮", search_name="诸葛亮")]
    )[0]
    assert customer_search(actor=agent, query="诸葛") == []  # bulk writes skip save()
    assert customer_name_grams_refresh(customer_ids=[bulk.pk]) == 2
    assert [s.id for s in customer_search(actor=agent, query="葛亮")] == [bulk.pk]
