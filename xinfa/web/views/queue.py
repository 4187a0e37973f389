"""The lobby queue: board, big-screen display, issue, call next, complete and triage."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinfa.accounts.models import Branch
from xinfa.core.permissions import capability_required, user_has_capability
from xinfa.core.roles import Capability
from xinfa.service.enums import TicketStatus
from xinfa.service.selectors import queue_board, queue_ticket_list
from xinfa.service.services import (
    queue_call_next,
    queue_ticket_complete,
    queue_ticket_issue,
    queue_ticket_no_show,
    queue_ticket_triage,
)
from xinfa.web.forms import (
    SERVICE_ERRORS,
    BranchForm,
    CallNextForm,
    CompleteTicketForm,
    IssueTicketForm,
    TriageForm,
    add_domain_error,
)

DISPLAY_REFRESH_SECONDS = 10


def branch_for(request: HttpRequest) -> Branch:
    """Return the branch named by ?branch= (or the posted one), else the user's own branch.

    Raises:
        Http404: the branch does not exist, or there is no branch at all.
    """
    raw = request.POST.get("branch") or request.GET.get("branch")
    if raw:
        form = BranchForm({"branch": raw})
        if not form.is_valid():
            raise Http404
        return form.cleaned_data["branch"]
    branch = getattr(request.user, "branch", None) or Branch.objects.order_by("code").first()
    if branch is None:
        raise Http404
    return branch


def queue_context(request: HttpRequest, branch: Branch, **bound: forms.Form) -> dict[str, Any]:
    """Build what the board and the teller / lobby workspaces show for one branch."""
    user = request.user
    can_issue = user_has_capability(user, Capability.QUEUE_ISSUE)
    waiting = list(queue_ticket_list(branch_id=branch.pk, status=TicketStatus.WAITING))
    called = queue_ticket_list(branch_id=branch.pk, status=TicketStatus.CALLED)
    failed_triage = bound.get("triage_form")
    triage_forms = []
    for ticket in waiting if can_issue else []:
        prefix = f"t{ticket.pk}"
        is_failed = failed_triage is not None and failed_triage.prefix == prefix
        triage_forms.append(
            (
                ticket,
                failed_triage
                if is_failed
                else TriageForm(initial={"ticket_id": ticket.pk}, prefix=prefix),
            )
        )
    return {
        "branch": branch,
        "board": queue_board(branch_id=branch.pk),
        "branch_form": BranchForm(initial={"branch": branch.pk}),
        "can_issue": can_issue,
        "can_call": user_has_capability(user, Capability.QUEUE_CALL),
        "issue_form": bound.get("issue_form") or IssueTicketForm(),
        "call_form": bound.get("call_form") or CallNextForm(branch_id=branch.pk),
        "complete_failed": bound.get("complete_form"),
        "triage_failed": failed_triage,
        "waiting": waiting,
        "triage_forms": triage_forms,
        "serving": called.filter(served_by_id=user.pk).first(),
        "failed": next(iter(bound.values()), None),
    }


def _render_board(
    request: HttpRequest, branch: Branch, *, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    return render(
        request, "web/queue/board.html", queue_context(request, branch, **bound), status=status
    )


@capability_required(Capability.QUEUE_VIEW)
def queue_board_page(request: HttpRequest) -> HttpResponse:
    """Show waiting per service type, who is served where, and the lobby's actions."""
    return _render_board(request, branch_for(request))


@capability_required(Capability.QUEUE_VIEW)
def queue_display_page(request: HttpRequest) -> HttpResponse:
    """The lobby's big screen: numbers being called and waiting counts, refreshed often."""
    branch = branch_for(request)
    board = queue_board(branch_id=branch.pk)
    context = {
        "branch": branch,
        "board": board,
        "serving_any": any(line.ticket_id for line in board.now_serving),
        "refresh_seconds": DISPLAY_REFRESH_SECONDS,
    }
    return render(request, "web/queue/display.html", context)


def _back(request: HttpRequest, branch: Branch) -> HttpResponse:
    """Return to the page the form was on (workspace or board), never to another site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(f"{reverse('web:queue_board')}?branch={branch.pk}")


def _run(
    request: HttpRequest,
    branch: Branch,
    form: forms.Form,
    form_name: str,
    action: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """Run one queue service; on success flash its message and go back, else show the error."""
    if form.is_valid():
        try:
            done = action(form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            return _back(request, branch)
    return _render_board(request, branch, status=400, **{form_name: form})


@capability_required(Capability.QUEUE_ISSUE)
@require_POST
def queue_issue_page(request: HttpRequest) -> HttpResponse:
    """Issue a queue number for a service type (priority defaults from the customer)."""
    branch = branch_for(request)

    def issue(data: dict[str, Any]) -> str:
        ticket = queue_ticket_issue(
            actor=request.user,
            branch_id=branch.pk,
            service_type=data["service_type"],
            is_priority=True if data["is_priority"] else None,
        )
        return _("已取号：%(number)s（%(type)s）") % {
            "number": ticket.number,
            "type": ticket.get_service_type_display(),
        }

    return _run(request, branch, IssueTicketForm(request.POST), "issue_form", issue)


@capability_required(Capability.QUEUE_CALL)
@require_POST
def queue_call_next_page(request: HttpRequest) -> HttpResponse:
    """Call the next waiting number to the chosen counter."""
    branch = branch_for(request)

    def call(data: dict[str, Any]) -> str:
        ticket = queue_call_next(actor=request.user, counter_id=data["counter"].pk)
        if ticket is None:
            return _("当前没有等候的客户。")
        return _("请 %(number)s 号到 %(counter)s 办理。") % {
            "number": ticket.number,
            "counter": data["counter"].code,
        }

    return _run(request, branch, CallNextForm(request.POST, branch_id=branch.pk), "call_form", call)


@capability_required(Capability.QUEUE_CALL)
@require_POST
def queue_complete_page(request: HttpRequest) -> HttpResponse:
    """Finish the ticket being served: done, or a no-show when the customer did not come."""
    branch = branch_for(request)
    no_show = request.POST.get("no_show") == "1"

    def finish(data: dict[str, Any]) -> str:
        service = queue_ticket_no_show if no_show else queue_ticket_complete
        ticket = service(actor=request.user, ticket_id=data["ticket_id"])
        if no_show:
            return _("%(number)s 号已记为过号。") % {"number": ticket.number}
        return _("%(number)s 号已办结。") % {"number": ticket.number}

    return _run(request, branch, CompleteTicketForm(request.POST), "complete_form", finish)


@capability_required(Capability.QUEUE_ISSUE)
@require_POST
def queue_triage_page(request: HttpRequest) -> HttpResponse:
    """Send a waiting customer to the counter, self-service or a specialist, with a reason."""
    branch = branch_for(request)
    prefix = request.POST.get("prefix", "")
    form = TriageForm(request.POST, prefix=prefix or None)

    def triage(data: dict[str, Any]) -> str:
        ticket = queue_ticket_triage(
            actor=request.user,
            ticket_id=data["ticket_id"],
            target=data["target"],
            reason=data["reason"],
        )
        return _("%(number)s 号已分流至%(target)s。") % {
            "number": ticket.number,
            "target": ticket.get_triage_target_display(),
        }

    return _run(request, branch, form, "triage_form", triage)
