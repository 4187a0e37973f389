"""Live chat pages: the customer widget, the agent workspace and the supervisor's view.

The pages are shells; the conversation itself runs over the WebSocket protocol in
docs/live-chat.md. Server-rendered fragments here (customer panel, service log) are plain
Django templates, so every value is auto-escaped.
"""

import json
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET, require_POST

from xinfa.chat import services
from xinfa.chat.models import ChatSession
from xinfa.core.exceptions import DomainError
from xinfa.core.permissions import AuthenticatedHttpRequest
from xinfa.core.roles import Role
from xinfa.service.enums import Outcome
from xinfa.service.services import service_log_add

CANNED_REPLIES = Path(__file__).resolve().parent / "data" / "canned_replies.json"
CHAT_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR})
OPEN_COMPLAINTS_SHOWN = 5
RECENT_INTERACTIONS_SHOWN = 5


def chat_role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., Any]]:
    """Sign-in and one of the given roles (403 otherwise): these pages are for chat staff."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., Any]:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_active or request.user.role not in roles:
                raise PermissionDenied("live chat staff only")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def canned_replies() -> list[dict[str, str]]:
    """Standard scripts from the knowledge base when there are any, else the bundled list."""
    try:
        from xinfa.knowledge.enums import ScriptKind
        from xinfa.knowledge.selectors import script_list
    except ImportError:  # knowledge module not installed in this deployment
        scripts = []
    else:
        scripts = [
            {"title": row.title, "text": row.text}
            for row in script_list(kind=ScriptKind.STANDARD_SCRIPT)
        ]
    if scripts:
        return scripts
    return list(json.loads(CANNED_REPLIES.read_text(encoding="utf-8")))


@require_GET
@xframe_options_exempt  # the bank's site shows this page in an iframe (static/chat/widget.js)
def widget_page(request: HttpRequest) -> HttpResponse:
    """The customer's chat: phone check, conversation, survey. No staff sign-in."""
    return render(request, "chat/widget.html", {"embedded": request.GET.get("embed") == "1"})


@require_GET
@chat_role_required(*CHAT_ROLES)
def workspace_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The agent's live chat screen (chats, conversation, customer, coaching, actions)."""
    colleagues = (
        get_user_model()
        .objects.people()  # the bot's own service account takes no transfers
        .filter(role__in=CHAT_ROLES)
        .exclude(pk=request.user.pk)
        .order_by("role", "username")
    )
    return render(
        request,
        "chat/workspace.html",
        {
            "colleagues": colleagues,
            "outcomes": Outcome.choices,
            "canned": canned_replies(),
        },
    )


@require_GET
@chat_role_required(Role.SUPERVISOR)
def supervise_page(request: HttpRequest) -> HttpResponse:
    """The supervisor's list of live chats: watch one read-only, whisper to its agent."""
    return render(request, "chat/supervise.html")


def _staff_session(request: HttpRequest, session_id: int) -> ChatSession:
    session = (
        ChatSession.objects.select_related("interaction", "customer", "agent")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise Http404("no such chat")
    try:
        services.ensure_staff_on_session(request.user, session)
    except DomainError as exc:
        raise PermissionDenied(str(exc)) from exc
    return session


@require_GET
@chat_role_required(*CHAT_ROLES)
def customer_panel(request: HttpRequest, session_id: int) -> HttpResponse:
    """Fragment: the chat customer's 360 summary (masked) and open complaints."""
    from xinfa.complaints.selectors import complaint_list
    from xinfa.customers.selectors import customer_360

    session = _staff_session(request, session_id)
    context: dict[str, Any] = {"session": session, "view": None, "complaints": []}
    if session.customer_id is not None:
        context["view"] = customer_360(
            actor=request.user,
            customer_id=session.customer_id,
            reason="live chat",
            interaction_id=session.interaction_id,
        )
        context["recent"] = context["view"].timeline[:RECENT_INTERACTIONS_SHOWN]
        context["complaints"] = list(
            complaint_list(customer_id=session.customer_id, is_open=True)[:OPEN_COMPLAINTS_SHOWN]
        )
    return render(request, "chat/_customer_panel.html", context)


@require_POST
@chat_role_required(*CHAT_ROLES)
def service_log_page(request: HttpRequest, session_id: int) -> JsonResponse:
    """Record need → process → result for the chat before it is closed (JSON answer)."""
    session = _staff_session(request, session_id)
    try:
        entry = service_log_add(
            actor=request.user,
            interaction_id=session.interaction_id,
            need=request.POST.get("need", ""),
            process=request.POST.get("process", ""),
            result=request.POST.get("result", ""),
        )
    except DomainError as exc:
        return JsonResponse(
            {"errors": [{"field": exc.field or "", "reason": exc.message, "code": exc.code}]},
            status=exc.status_code,
        )
    return JsonResponse({"id": entry.pk, "interaction_id": session.interaction_id}, status=201)
