"""Access to every page: allowed roles see it, other roles get 403, anonymous users sign in."""

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import resolve, reverse
from django.utils import translation

from xinfa.core.roles import Capability, Role, role_has_capability
from xinfa.web.tests import builders

# url name → (args from the world, capability the page needs)
PAGES: dict[str, tuple[Callable[[builders.World], list[int]], str | None]] = {
    "web:home": (lambda w: [], None),
    "web:customer_search": (lambda w: [], Capability.CUSTOMER_VIEW),
    "web:customer_detail": (lambda w: [w.customer.pk], Capability.CUSTOMER_VIEW),
    "web:interaction_detail": (lambda w: [w.interaction.pk], Capability.INTERACTION_VIEW),
    "web:queue_board": (lambda w: [], Capability.QUEUE_VIEW),
    "web:queue_display": (lambda w: [], Capability.QUEUE_VIEW),
    "web:supervisor_overview": (lambda w: [], Capability.SUPERVISOR_OVERVIEW),
}

# POST-only endpoints and the capability each one needs.
ACTIONS: dict[str, tuple[Callable[[builders.World], list[int]], str]] = {
    "web:customer_reveal": (lambda w: [w.customer.pk], Capability.CUSTOMER_VIEW_PII),
    "web:customer_preference_add": (lambda w: [w.customer.pk], Capability.CUSTOMER_EDIT),
    "web:customer_interaction_record": (lambda w: [w.customer.pk], Capability.INTERACTION_RECORD),
    "web:interaction_message_add": (lambda w: [w.interaction.pk], Capability.INTERACTION_RECORD),
    "web:interaction_log_add": (lambda w: [w.interaction.pk], Capability.INTERACTION_RECORD),
    "web:interaction_close": (lambda w: [w.interaction.pk], Capability.INTERACTION_RECORD),
    "web:interaction_transfer": (lambda w: [w.interaction.pk], Capability.INTERACTION_TRANSFER),
    "web:interaction_escalate": (lambda w: [w.interaction.pk], Capability.INTERACTION_TRANSFER),
    "web:queue_issue": (lambda w: [], Capability.QUEUE_ISSUE),
    "web:queue_call_next": (lambda w: [], Capability.QUEUE_CALL),
    "web:queue_complete": (lambda w: [], Capability.QUEUE_CALL),
    "web:queue_triage": (lambda w: [], Capability.QUEUE_ISSUE),
}


@pytest.fixture
def the_world(db: None) -> builders.World:
    return builders.world()


def client_as(role: str) -> Client:
    client = Client()
    client.force_login(builders.staff(role))
    return client


@pytest.mark.parametrize("name", sorted(PAGES))
@pytest.mark.parametrize("role", [role.value for role in Role])
def test_page_access_follows_the_role_matrix(
    the_world: builders.World, name: str, role: str
) -> None:
    args_for, capability = PAGES[name]
    response = client_as(role).get(reverse(name, args=args_for(the_world)))
    allowed = capability is None or role_has_capability(role, capability)
    assert response.status_code == (200 if allowed else 403)
    if not allowed:
        assert "您的角色无权访问此页面" in response.content.decode()


@pytest.mark.parametrize("name", sorted(PAGES) + sorted(ACTIONS))
def test_anonymous_visitors_are_sent_to_sign_in(the_world: builders.World, name: str) -> None:
    args_for = {**PAGES, **ACTIONS}[name][0]
    url = reverse(name, args=args_for(the_world))
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/login/?next={url}"


@pytest.mark.parametrize("name", sorted(ACTIONS))
@pytest.mark.parametrize("role", [Role.TRAINER.value, Role.QA_INSPECTOR.value])
def test_actions_refuse_roles_without_the_capability(
    the_world: builders.World, name: str, role: str
) -> None:
    args_for, capability = ACTIONS[name]
    assert not role_has_capability(role, capability)
    response = client_as(role).post(reverse(name, args=args_for(the_world)), {})
    assert response.status_code == 403


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_actions_answer_get_with_405(the_world: builders.World, name: str) -> None:
    args_for, capability = ACTIONS[name]
    role = next(role for role in Role if role_has_capability(role, capability))
    response = client_as(role).get(reverse(name, args=args_for(the_world)))
    assert response.status_code == 405


def test_every_view_declares_the_capability_listed_here() -> None:
    for name, (_args, capability) in {**PAGES, **ACTIONS}.items():
        args = [1] if "<id:" in str(resolve_pattern(name)) else []
        view = resolve(reverse(name, args=args)).func
        assert getattr(view, "required_capability", None) == capability, name


def resolve_pattern(name: str) -> str:
    from xinfa.web import urls

    short = name.split(":", 1)[1]
    return next(str(p.pattern) for p in urls.urlpatterns if p.name == short)


def test_csrf_is_enforced_on_forms(the_world: builders.World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(the_world.teller)
    url = reverse("web:customer_preference_add", args=[the_world.customer.pk])
    response = client.post(url, {"category": "沟通", "text": "喜欢上午来办理"})
    assert response.status_code == 403
    assert the_world.customer.preferences.count() == 1


@pytest.mark.parametrize(
    ("name", "english"),
    [
        ("web:home", "Teller workspace"),
        ("web:customer_search", "Customer search"),
        ("web:customer_detail", "Habits recorded last time"),
        ("web:interaction_detail", "Service log (need → process → result)"),
        ("web:queue_board", "Now serving at each counter"),
        ("web:queue_display", "Please watch for your number"),
    ],
)
def test_pages_render_in_english_under_en(
    the_world: builders.World, name: str, english: str
) -> None:
    client = Client()
    client.force_login(the_world.teller)
    args_for, _capability = PAGES[name]
    # override() restores the language afterwards, so later tests see Chinese again.
    with translation.override("en"):
        url = reverse(name, args=args_for(the_world))
        response = client.get(url)
    assert url.startswith("/en/")
    body = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in body
    assert english in body
