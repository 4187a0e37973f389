"""Live chat pages: role guards, the customer panel, the service log before close."""

from typing import Any

import pytest
from django.test import Client

from xinfa.chat.tests.factories import make_agent, start_chat
from xinfa.chat.views import canned_replies
from xinfa.core.roles import Role
from xinfa.service.models import ServiceLogEntry

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_widget_is_public_and_embeddable(client: Client) -> None:
    response = client.get("/chat/widget/")
    assert response.status_code == 200
    assert "X-Frame-Options" not in response.headers
    body = response.content.decode()
    assert 'id="phone-form"' in body
    assert "/static/chat/widget-app.js" in body


def test_embed_snippet_and_scripts_are_served_as_static_files() -> None:
    from django.contrib.staticfiles import finders

    for name in ("widget.js", "widget-app.js", "workspace.js", "supervise.js", "common.js"):
        assert finders.find(f"chat/{name}") is not None, name


@pytest.mark.parametrize(
    ("role", "workspace", "supervise"),
    [
        (Role.AGENT, 200, 403),
        (Role.SUPERVISOR, 200, 200),
        (Role.TELLER, 403, 403),
        (Role.QA_INSPECTOR, 403, 403),
        (Role.ADMIN, 403, 403),
    ],
)
def test_staff_pages_follow_roles(
    make_staff: Any, role: str, workspace: int, supervise: int
) -> None:
    client = _client(make_staff(role))
    assert client.get("/chat/workspace/").status_code == workspace
    assert client.get("/chat/supervise/").status_code == supervise


def test_anonymous_staff_pages_redirect_to_sign_in(client: Client) -> None:
    for url in ("/chat/workspace/", "/chat/supervise/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/login/")


def test_navigation_shows_live_chat_to_agents_only(make_staff: Any) -> None:
    assert 'href="/chat/workspace/"' in _client(make_staff(Role.AGENT)).get("/").content.decode()
    assert 'href="/chat/workspace/"' not in (
        _client(make_staff(Role.TELLER)).get("/").content.decode()
    )


def test_workspace_lists_canned_replies_and_colleagues(make_staff: Any) -> None:
    agent = make_staff(Role.AGENT, username="agent_wang")
    make_staff(Role.SUPERVISOR, username="boss_zhao")
    make_staff(Role.TELLER, username="teller_li")
    body = _client(agent).get("/chat/workspace/").content.decode()
    assert "boss_zhao" in body
    assert "teller_li" not in body
    assert canned_replies()[0]["title"] in body


def test_customer_panel_shows_masked_summary_to_the_chat_agent(make_staff: Any) -> None:
    started = start_chat(name="王秀英", phone="13812345678")
    session = started.session
    agent = make_agent(make_staff)
    session.agent = agent
    session.save(update_fields=["agent"])
    response = _client(agent).get(f"/chat/workspace/sessions/{session.pk}/customer/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "王秀英" in body
    assert "138****5678" in body
    assert "13812345678" not in body


def test_customer_panel_refuses_an_agent_of_another_chat(make_staff: Any) -> None:
    session = start_chat(name="李四").session
    other = make_agent(make_staff)
    response = _client(other).get(f"/chat/workspace/sessions/{session.pk}/customer/")
    assert response.status_code == 403
    assert _client(other).get("/chat/workspace/sessions/999999/customer/").status_code == 404


def test_service_log_is_written_for_the_chat(make_staff: Any) -> None:
    session = start_chat(name="张三").session
    agent = make_agent(make_staff)
    session.agent = agent
    session.save(update_fields=["agent"])
    client = _client(agent)
    response = client.post(
        f"/chat/workspace/sessions/{session.pk}/service-log/",
        {"need": "挂失借记卡", "process": "核实身份后办理临时挂失", "result": "已挂失"},
    )
    assert response.status_code == 201
    entry = ServiceLogEntry.objects.get(interaction_id=session.interaction_id)
    assert (entry.need, entry.process, entry.result) == (
        "挂失借记卡",
        "核实身份后办理临时挂失",
        "已挂失",
    )
    refused = client.post(f"/chat/workspace/sessions/{session.pk}/service-log/", {"need": ""})
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "need"
    assert ServiceLogEntry.objects.filter(interaction_id=session.interaction_id).count() == 1


def test_pages_render_under_the_english_prefix(make_staff: Any) -> None:
    client = _client(make_staff(Role.SUPERVISOR))
    for url in ("/en/chat/widget/", "/en/chat/workspace/", "/en/chat/supervise/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Content-Language"] == "en"
