"""Domain error reasons follow the language the API client asks for."""

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy
from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from xinfa.core.exceptions import InvalidTransition, api_exception_handler
from xinfa.core.roles import Role

UNKNOWN = "/api/v1/complaints/999999/"


def test_domain_error_message_is_a_str_in_the_active_language() -> None:
    error = InvalidTransition(gettext_lazy("该服务记录已结束"), field="interaction_id")
    with translation.override("en"):
        assert error.message == "The interaction is closed"
        assert type(error.message) is str
        response = api_exception_handler(error, {})
    assert response is not None
    assert response.status_code == 409
    assert response.data == {
        "errors": [
            {
                "field": "interaction_id",
                "reason": "The interaction is closed",
                "code": "invalid_transition",
            }
        ]
    }
    with translation.override("zh-hans"):
        assert str(error) == "该服务记录已结束"


@pytest.mark.parametrize(
    ("headers", "cookies", "reason", "language"),
    [
        ({}, {}, "投诉 999999 不存在", "zh-hans"),
        ({"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}, {}, "Complaint 999999 does not exist", "en"),
        ({"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}, {}, "投诉 999999 不存在", "zh-hans"),
        ({}, {settings.LANGUAGE_COOKIE_NAME: "en"}, "Complaint 999999 does not exist", "en"),
    ],
)
def test_api_reason_follows_cookie_then_accept_language(
    make_staff, headers, cookies, reason, language
) -> None:
    client = APIClient()
    client.force_authenticate(make_staff(Role.SUPERVISOR))
    client.cookies.load(cookies)
    with translation.override(settings.LANGUAGE_CODE):
        response = client.get(UNKNOWN, **headers)
    assert response.status_code == 404
    assert response.json()["errors"][0]["reason"] == reason
    assert response["Content-Language"] == language
    assert "Accept-Language" in response["Vary"]


def test_a_refused_value_with_half_a_surrogate_pair_still_renders() -> None:
    refused = exceptions.ValidationError({"kind": ['"\ud800" is not a valid choice.']})
    response = api_exception_handler(refused, {})
    assert response is not None
    assert response.status_code == 400
    assert response.data["errors"][0]["reason"] == '"\ufffd" is not a valid choice.'
    assert "\ufffd".encode() in JSONRenderer().render(response.data)


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ({}, "您的角色没有“查看客户完整证件号与电话（审计）”权限"),
        (
            {"HTTP_ACCEPT_LANGUAGE": "en"},
            "Your role lacks the “View full ID and phone numbers (audited)” permission",
        ),
    ],
)
def test_a_permission_refusal_names_the_capability_in_the_request_language(
    make_staff, headers, reason
) -> None:
    client = APIClient()
    client.force_authenticate(make_staff(Role.TRAINER))
    with translation.override(settings.LANGUAGE_CODE):
        response = client.post("/api/v1/customers/1/reveal/", {"reason": "办理挂失"}, **headers)
    assert response.status_code == 403
    assert response.json()["errors"][0]["reason"] == reason
