"""The home page: one workspace per role with the work that role starts its day with."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from xinfa.compliance.selectors import access_log_list
from xinfa.core.permissions import AuthenticatedHttpRequest
from xinfa.core.roles import Role
from xinfa.customers.selectors import customer_list
from xinfa.service.enums import InteractionStatus, Outcome
from xinfa.service.selectors import interaction_list, supervisor_overview
from xinfa.web.forms import CustomerSearchForm
from xinfa.web.views.queue import branch_for, queue_context

RECENT = 10
MY_CUSTOMERS = 20
ACCESS_LOG_ROWS = 15


def _queue_or_note(request: HttpRequest) -> dict[str, Any]:
    try:
        return queue_context(request, branch_for(request))
    except Http404:
        return {"no_branch": True}


def _teller(request: HttpRequest) -> dict[str, Any]:
    context = _queue_or_note(request)
    context["recent"] = list(
        interaction_list(actor=request.user, handled_by_id=request.user.pk)[:RECENT]
    )
    return context


def _lobby_manager(request: HttpRequest) -> dict[str, Any]:
    return _queue_or_note(request)


def _agent(request: HttpRequest) -> dict[str, Any]:
    mine = interaction_list(actor=request.user, handled_by_id=request.user.pk)
    return {
        "open_interactions": list(mine.exclude(status=InteractionStatus.CLOSED)),
        "recent": list(mine.filter(status=InteractionStatus.CLOSED)[:RECENT]),
    }


def _manager(request: HttpRequest) -> dict[str, Any]:
    customers = customer_list(actor=request.user, assigned_manager_id=request.user.pk)
    mine = interaction_list(actor=request.user, handled_by_id=request.user.pk)
    follow_ups = interaction_list(
        actor=request.user, handled_by_id=request.user.pk, outcome=Outcome.FOLLOW_UP
    )
    return {
        "my_customers": list(customers[:MY_CUSTOMERS]),
        "my_customer_count": customers.count(),
        "follow_ups": list(follow_ups[:RECENT]),
        "open_interactions": list(mine.exclude(status=InteractionStatus.CLOSED)),
    }


def _supervisor(request: HttpRequest) -> dict[str, Any]:
    branch_id = getattr(request.user, "branch_id", None)
    return {
        "o": supervisor_overview(branch_id=branch_id),
        "escalated": list(
            interaction_list(
                actor=request.user,
                handled_by_id=request.user.pk,
                status=InteractionStatus.ESCALATED,
            )
        ),
    }


def _qa_inspector(request: HttpRequest) -> dict[str, Any]:
    return {
        "recent": list(
            interaction_list(actor=request.user, status=InteractionStatus.CLOSED)[:RECENT]
        )
    }


def _audit(request: HttpRequest) -> dict[str, Any]:
    return {"access_log": list(access_log_list()[:ACCESS_LOG_ROWS])}


def _nothing(request: HttpRequest) -> dict[str, Any]:
    return {}


WORKSPACES: dict[str, tuple[str, Callable[[HttpRequest], dict[str, Any]]]] = {
    Role.TELLER: ("teller", _teller),
    Role.LOBBY_MANAGER: ("lobby_manager", _lobby_manager),
    Role.AGENT: ("agent", _agent),
    Role.RELATIONSHIP_MANAGER: ("manager", _manager),
    Role.WEALTH_MANAGER: ("manager", _manager),
    Role.SUPERVISOR: ("supervisor", _supervisor),
    Role.QA_INSPECTOR: ("qa_inspector", _qa_inspector),
    Role.COMPLIANCE: ("compliance", _audit),
    Role.ADMIN: ("admin", _audit),
    Role.TRAINER: ("trainer", _nothing),
}


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Show the signed-in user's workspace, chosen by role."""
    name, build = WORKSPACES.get(request.user.role, ("trainer", _nothing))
    context = build(request)
    search_form = CustomerSearchForm(auto_id="ws_%s")
    search_form.fields["q"].widget.attrs.pop("autofocus", None)
    context["search_form"] = search_form
    context["workspace"] = f"web/workspace/{name}.html"
    return render(request, "web/workspace/home.html", context)
