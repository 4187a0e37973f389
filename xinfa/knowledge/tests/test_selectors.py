import pytest
from django.core.cache import cache

from xinfa.knowledge.selectors import (
    KnowledgeSearch,
    knowledge_search,
    knowledge_version,
    script_list,
)
from xinfa.knowledge.services import knowledge_seed
from xinfa.knowledge.tests.factories import FaqEntryFactory, ScriptFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def test_knowledge_search_finds_the_matching_question() -> None:
    knowledge_seed()
    hits = knowledge_search(text="我的银行卡丢了，怎么办", k=3)
    assert len(hits) == 3
    assert hits[0]["question"] == "银行卡丢了怎么办？"
    assert set(hits[0]) >= {"id", "question", "answer", "score", "audience"}


def test_knowledge_search_keeps_the_audience_and_general_entries() -> None:
    knowledge_seed()
    hits = knowledge_search(text="老年人买理财要注意什么", k=5, audience="young")
    assert {hit["audience"] for hit in hits} <= {"young", "general"}
    assert "老年人买理财要注意什么？" not in [hit["question"] for hit in hits]
    elderly = knowledge_search(text="老年人买理财要注意什么", k=1, audience="elderly")
    assert elderly[0]["question"] == "老年人买理财要注意什么？"


def test_knowledge_search_rebuilds_when_entries_change() -> None:
    entry = FaqEntryFactory(question="外币现钞怎么兑换？", answer="到网点办理。")
    before = knowledge_version()
    assert knowledge_search(text="外币现钞兑换", k=1)[0]["id"] == entry.pk
    entry.is_active = False
    entry.save()
    assert knowledge_version() != before
    assert knowledge_search(text="外币现钞兑换", k=1) == []


def test_knowledge_search_edge_cases() -> None:
    FaqEntryFactory()
    assert knowledge_search(text="   ", k=3) == []
    assert knowledge_search(text="问题", k=0) == []
    with pytest.raises(ValueError, match="unknown audience"):
        knowledge_search(text="问题", audience="martians")
    assert KnowledgeSearch().search("测试问题", 1)[0]["answer"] == "测试答案。"


def test_script_list_filters_kind_and_audience() -> None:
    general = ScriptFactory(audience="general")
    elderly = ScriptFactory(audience="elderly")
    ScriptFactory(audience="corporate")
    ScriptFactory(kind="standard_script")
    assert script_list(kind="risk_disclosure", audience="elderly") == [general, elderly]
