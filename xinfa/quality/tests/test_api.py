import pytest
from rest_framework.test import APIClient

from xinfa.core.roles import Capability, Role, role_has_capability
from xinfa.knowledge.services import knowledge_seed
from xinfa.quality import services
from xinfa.quality.models import Appeal, Inspection, RubricVersion, RuleOverride
from xinfa.quality.tests.factories import BAD_CALL, GOOD_CALL, agent_create, conversation_create
from xinfa.service.tests.factories import StaffFactory

pytestmark = pytest.mark.django_db
ROLES = [role.value for role in Role]
MINIMAL = (
    "id: mini\nversion: 1\nname: 迷你\npass_score: 60\nrules:\n  - id: greeting\n"
    "    name: 问候\n    weight: 10\n    expect: {speaker: agent, label: phrases.greeting}\n"
)


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def inspection():
    return services.interaction_inspect(interaction_id=conversation_create(BAD_CALL).pk)


# (method, url template, payload, capability or tuple of alternatives, success status)
ENDPOINTS = [
    (
        "get",
        "/api/v1/quality/inspections/",
        None,
        (Capability.QUALITY_REVIEW, Capability.QUALITY_APPEAL),
        200,
    ),
    (
        "post",
        "/api/v1/quality/inspections/{i}/overrides/",
        {"rule_id": "greeting", "to_outcome": "pass", "reason": "复听有问候"},
        Capability.QUALITY_REVIEW,
        201,
    ),
    ("post", "/api/v1/quality/samples/", {"size": 1}, Capability.QUALITY_REVIEW, 201),
    (
        "get",
        "/api/v1/quality/rubrics/",
        None,
        (Capability.QUALITY_REVIEW, Capability.QUALITY_MANAGE),
        200,
    ),
    ("post", "/api/v1/quality/rubrics/", {"yaml": MINIMAL}, Capability.QUALITY_MANAGE, 201),
    (
        "post",
        "/api/v1/quality/rubrics/test/",
        {"conversation": "坐席：您好"},
        (Capability.QUALITY_REVIEW, Capability.QUALITY_MANAGE),
        200,
    ),
    ("get", "/api/v1/quality/calibration/", None, Capability.QUALITY_REVIEW, 200),
    ("get", "/api/v1/quality/wellbeing/", None, Capability.SUPERVISOR_OVERVIEW, 200),
    (
        "get",
        "/api/v1/quality/trend/",
        None,
        (Capability.QUALITY_REVIEW, Capability.QUALITY_APPEAL),
        200,
    ),
    ("get", "/api/v1/interactions/{c}/coaching/", None, Capability.COACHING_USE, 200),
    (
        "post",
        "/api/v1/interactions/{c}/draft-check/",
        {"text": "您好"},
        Capability.COACHING_USE,
        200,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "payload", "capability", "success"), ENDPOINTS)
def test_role_matrix(inspection, role, method, url, payload, capability, success) -> None:
    wanted = capability if isinstance(capability, tuple) else (capability,)
    allowed = any(role_has_capability(role, name) for name in wanted)
    path = url.format(i=inspection.pk, c=inspection.interaction_id)
    before = (RuleOverride.objects.count(), RubricVersion.objects.count())
    response = getattr(_client(StaffFactory(role=role)), method)(path, payload, format="json")
    assert response.status_code == (success if allowed else 403), response.content
    if not allowed:
        assert response.json()["errors"][0]["code"] == "permission_denied"
        assert (RuleOverride.objects.count(), RubricVersion.objects.count()) == before


def test_anonymous_gets_401(anonymous_client) -> None:
    assert anonymous_client.get("/api/v1/quality/inspections/").status_code == 401


def test_inspection_list_agent_sees_own_only() -> None:
    agent = agent_create()
    own = services.interaction_inspect(interaction_id=conversation_create(BAD_CALL, agent=agent).pk)
    services.interaction_inspect(interaction_id=conversation_create(GOOD_CALL).pk)
    body = _client(agent).get("/api/v1/quality/inspections/").json()
    assert [row["id"] for row in body["results"]] == [own.pk]
    assert body["results"][0]["critical_failures"] == []
    inspector = StaffFactory(role=Role.QA_INSPECTOR)
    assert _client(inspector).get("/api/v1/quality/inspections/").json()["count"] == 2
    other = Inspection.objects.exclude(pk=own.pk).get()
    response = _client(agent).get(f"/api/v1/quality/inspections/{other.pk}/")
    assert response.status_code == 404


def test_inspection_detail_has_evidence_segments(inspection) -> None:
    inspector = StaffFactory(role=Role.QA_INSPECTOR)
    body = _client(inspector).get(f"/api/v1/quality/inspections/{inspection.pk}/").json()
    turn = body["turns"][1]
    assert turn["speaker"] == "agent"
    marked = [(seg["text"], seg["rules"]) for seg in turn["segments"] if seg["rules"]]
    assert marked == [
        ("这是规定", ["no_forbidden_phrases"]),
        ("不知道", ["no_forbidden_phrases"]),
        ("你必须", ["no_negative_commanding"]),
    ]
    assert (
        "".join(seg["text"] for seg in turn["segments"]) == "这是规定,我不知道,你必须自己去网点查。"
    )


def test_override_errors_are_json_with_field(inspection) -> None:
    inspector = StaffFactory(role=Role.QA_INSPECTOR)
    url = f"/api/v1/quality/inspections/{inspection.pk}/overrides/"
    response = _client(inspector).post(
        url, {"rule_id": "nope", "to_outcome": "pass", "reason": "x"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": "rule_id", "code": "invalid", "reason": "该质检结果中没有规则“nope”"}]
    }
    response = _client(inspector).post(url, {"rule_id": "greeting"}, format="json")
    assert {e["field"] for e in response.json()["errors"]} == {"to_outcome", "reason"}
    missing = _client(inspector).post(
        "/api/v1/quality/inspections/999/overrides/",
        {"rule_id": "a", "to_outcome": "pass", "reason": "x"},
        format="json",
    )
    assert missing.status_code == 404


def test_appeal_open_and_decide_through_the_api() -> None:
    agent = agent_create()
    inspection = services.interaction_inspect(
        interaction_id=conversation_create(BAD_CALL, agent=agent).pk
    )
    opened = _client(agent).post(
        f"/api/v1/quality/inspections/{inspection.pk}/appeals/",
        {"reason": "客户情绪已安抚"},
        format="json",
    )
    assert opened.status_code == 201
    other = _client(agent_create()).post(
        f"/api/v1/quality/inspections/{inspection.pk}/appeals/", {"reason": "x"}, format="json"
    )
    assert other.status_code == 403
    inspector = StaffFactory(role=Role.QA_INSPECTOR)
    decided = _client(inspector).post(
        f"/api/v1/quality/appeals/{opened.json()['id']}/decision/",
        {"status": "rejected", "note": "录音未见安抚"},
        format="json",
    )
    assert decided.json()["status"] == "rejected"
    assert Appeal.objects.get().decided_by == inspector
    listed = _client(agent).get("/api/v1/quality/appeals/").json()
    assert [row["status"] for row in listed["results"]] == ["rejected"]


def test_rubric_import_error_names_the_yaml_path() -> None:
    manager = StaffFactory(role=Role.QA_INSPECTOR)
    bad = MINIMAL.replace("phrases.greeting", "phrases.nope")
    response = _client(manager).post("/api/v1/quality/rubrics/", {"yaml": bad}, format="json")
    assert response.status_code == 400
    error = response.json()["errors"][0]
    assert error["field"] == "yaml.rules[0].expect.label"
    assert error["reason"].startswith("未知的标签“phrases.nope”；已有的 phrases 标签：")
    assert RubricVersion.objects.count() == 0


def test_rubric_import_error_speaks_english_when_asked() -> None:
    manager = StaffFactory(role=Role.QA_INSPECTOR)
    bad = MINIMAL.replace("phrases.greeting", "phrases.nope")
    response = _client(manager).post(
        "/api/v1/quality/rubrics/", {"yaml": bad}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["reason"].startswith(
        "Unknown label “phrases.nope”; known phrases labels: "
    )


def test_rubric_export_and_activate() -> None:
    manager = StaffFactory(role=Role.QA_INSPECTOR)
    created = _client(manager).post("/api/v1/quality/rubrics/", {"yaml": MINIMAL}, format="json")
    version_id = created.json()["id"]
    exported = _client(manager).get(f"/api/v1/quality/rubric-versions/{version_id}/yaml/")
    assert exported["Content-Type"] == "application/x-yaml; charset=utf-8"
    assert exported.content.decode() == RubricVersion.objects.get(pk=version_id).yaml
    second = (
        _client(manager)
        .post("/api/v1/quality/rubrics/", {"yaml": exported.content.decode()}, format="json")
        .json()
    )
    assert (second["version"], second["is_active"]) == (2, False)
    activated = _client(manager).post(f"/api/v1/quality/rubric-versions/{second['id']}/activate/")
    assert activated.json()["is_active"] is True


def test_rubric_test_uses_the_default_rubric_without_yaml() -> None:
    inspector = StaffFactory(role=Role.QA_INSPECTOR)
    response = _client(inspector).post(
        "/api/v1/quality/rubrics/test/",
        {
            "conversation": "客户：我的卡丢了\n坐席：这是规定，你必须去网点。",
            "channel": "phone",
        },
        format="json",
    )
    body = response.json()
    assert body["rubric"] == {"id": "bank_service_default", "version": 1}
    outcomes = {rule["rule_id"]: rule["outcome"] for rule in body["rule_results"]}
    assert (outcomes["no_forbidden_phrases"], outcomes["greeting"]) == ("fail", "fail")
    assert Inspection.objects.count() == 0


def test_coaching_and_draft_check() -> None:
    knowledge_seed()
    interaction = conversation_create(
        [("agent", "您好，我是客服工号1023。"), ("customer", "我的银行卡丢了怎么办？")],
        closed=False,
    )
    agent = agent_create()
    coaching = _client(agent).get(f"/api/v1/interactions/{interaction.pk}/coaching/").json()
    assert (coaching["turn"], coaching["interaction_id"]) == (1, interaction.pk)
    assert coaching["knowledge"][0]["question"] == "银行卡丢了怎么办？"
    assert [q["sub"] for q in coaching["needs_questions"]][:2] == ["what", "why"]
    assert coaching["scripts"] == []
    draft = (
        _client(agent)
        .post(
            f"/api/v1/interactions/{interaction.pk}/draft-check/",
            {"text": "你必须先挂失，卡号6222020200112233445发我"},
            format="json",
        )
        .json()
    )
    kinds = [finding["kind"] for finding in draft["findings"]]
    assert draft["ok"] is False
    assert "commanding" in kinds
    empty = _client(agent).post(
        f"/api/v1/interactions/{interaction.pk}/draft-check/", {"text": ""}, format="json"
    )
    assert empty.json()["errors"][0]["field"] == "text"
    missing = _client(agent).get("/api/v1/interactions/99999/coaching/")
    assert missing.status_code == 404
