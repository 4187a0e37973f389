import pytest

from xinfa.core.roles import Capability, Role, role_has_capability
from xinfa.quality import services
from xinfa.quality.models import Appeal, RubricVersion, RuleOverride
from xinfa.quality.tests.factories import BAD_CALL, agent_create, conversation_create
from xinfa.service.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
ROLES = [role.value for role in Role]
PAGES = [
    ("/quality/", Capability.INTERACTION_VIEW),
    ("/quality/rubrics/", Capability.QUALITY_REVIEW),
    ("/quality/calibration/", Capability.QUALITY_REVIEW),
    ("/quality/trend/", Capability.INTERACTION_VIEW),
    ("/quality/wellbeing/", Capability.SUPERVISOR_OVERVIEW),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "capability"), PAGES)
def test_pages_by_role(client, role, url, capability) -> None:
    services.interaction_inspect(interaction_id=conversation_create(BAD_CALL).pk)
    client.force_login(StaffFactory(role=role))
    response = client.get(url)
    assert response.status_code == (200 if role_has_capability(role, capability) else 403)


def test_detail_page_highlights_evidence_and_takes_an_override(client) -> None:
    inspection = services.interaction_inspect(interaction_id=conversation_create(BAD_CALL).pk)
    client.force_login(StaffFactory(role=Role.QA_INSPECTOR))
    page = client.get(f"/quality/{inspection.pk}/").content.decode()
    assert '<mark class="ev fail" data-rules="no_forbidden_phrases"' in page
    assert "人工修改规则结果" in page
    response = client.post(
        f"/quality/{inspection.pk}/override/",
        {"rule_id": "greeting", "to_outcome": "pass", "reason": "有问候"},
    )
    assert response.status_code == 302
    assert RuleOverride.objects.get().to_outcome == "pass"
    bad = client.post(
        f"/quality/{inspection.pk}/override/",
        {"rule_id": "greeting", "to_outcome": "pass", "reason": ""},
    )
    assert "reason: 请填写理由" in client.get(bad["Location"]).content.decode()


def test_agent_appeals_from_the_detail_page(client) -> None:
    agent = agent_create()
    inspection = services.interaction_inspect(
        interaction_id=conversation_create(BAD_CALL, agent=agent).pk
    )
    client.force_login(agent)
    assert "提交申诉" in client.get(f"/quality/{inspection.pk}/").content.decode()
    client.post(f"/quality/{inspection.pk}/appeal/", {"reason": "已安抚客户"})
    assert Appeal.objects.get().agent == agent


def test_rubric_page_shows_yaml_errors_and_tests_a_conversation(client) -> None:
    client.force_login(StaffFactory(role=Role.QA_INSPECTOR))
    services.rubric_default_ensure()
    yaml_text = RubricVersion.objects.get().yaml
    bad = yaml_text.replace("label: phrases.greeting", "label: phrases.hello", 1)
    page = client.post("/quality/rubrics/", {"yaml": bad, "action": "save"}).content.decode()
    assert "yaml.rules[0].expect.label: 未知的标签“phrases.hello”" in page
    assert RubricVersion.objects.count() == 1
    tested = client.post(
        "/quality/rubrics/",
        {
            "yaml": yaml_text,
            "action": "test",
            "channel": "phone",
            "conversation": "客户：你好\n坐席：这是规定。",
        },
    ).content.decode()
    assert 'id="test-result"' in tested
    assert '<mark class="ev fail" data-rules="no_forbidden_phrases"' in tested
    saved = client.post(
        "/quality/rubrics/", {"yaml": yaml_text, "action": "save", "slug": "default"}
    )
    assert saved.status_code == 302
    assert RubricVersion.objects.count() == 2


def test_sample_draw_from_the_list_page(client) -> None:
    services.interaction_inspect(interaction_id=conversation_create(BAD_CALL).pk)
    client.force_login(StaffFactory(role=Role.SUPERVISOR))
    response = client.post("/quality/samples/")
    assert response["Location"] == "/quality/?sampled=1"
    assert "低分" in client.get("/quality/?sampled=1").content.decode()


def test_rubric_page_try_out_placeholder_follows_the_language(client) -> None:
    client.force_login(StaffFactory(role=Role.QA_INSPECTOR))
    chinese = client.get("/quality/rubrics/").content.decode()
    english = client.get("/en/quality/rubrics/").content.decode()
    assert 'placeholder="客户：……\n坐席：……"' in chinese
    assert 'placeholder="Customer: …\nAgent: …"' in english


def test_list_page_pages_through_every_inspection(client, monkeypatch) -> None:
    monkeypatch.setattr("xinfa.core.pagination.WEB_PAGE_SIZE", 2)
    ids = [
        services.interaction_inspect(interaction_id=conversation_create(BAD_CALL).pk).pk
        for _ in range(3)
    ]
    client.force_login(StaffFactory(role=Role.QA_INSPECTOR))
    first = client.get("/quality/?passed=0").content.decode()
    second = client.get("/quality/?passed=0&page=2").content.decode()
    assert "第 1 / 2 页，共 3 条" in first
    assert 'href="?passed=0&amp;page=2" rel="next"' in first
    assert "第 2 / 2 页，共 3 条" in second
    assert all(f"QI-{pk}<" in first + second for pk in ids)
    english = client.get("/en/quality/?page=2", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Page 2 of 2, 3 in all" in english
