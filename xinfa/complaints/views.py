"""Complaint pages: list, intake, the complaint page with its actions, report, case library."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from xinfa.complaints import forms as complaint_forms
from xinfa.complaints import selectors, services
from xinfa.complaints.charts import bar_chart_svg
from xinfa.complaints.enums import ComplaintStatus
from xinfa.complaints.reports import complaint_report, complaint_report_xlsx
from xinfa.complaints.services.clocks import holidays_all
from xinfa.core.exceptions import DomainError, NotFound
from xinfa.core.pagination import web_page
from xinfa.core.permissions import capability_required, user_has_capability
from xinfa.core.roles import Capability
from xinfa.customers.models import Customer

S = ComplaintStatus


@capability_required(Capability.COMPLAINT_VIEW)
def complaint_list_page(request: HttpRequest) -> HttpResponse:
    form = complaint_forms.FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    is_open = {"1": True, "0": False}.get(data.get("open", ""))
    rows = selectors.complaint_list(
        status=data.get("status") or None,
        category=data.get("category") or None,
        is_open=is_open,
        query=data.get("q", ""),
    )
    page = web_page(request, rows)
    now = timezone.now()
    holidays = holidays_all()
    table = [
        (c, [selectors.clock_state(clock, now=now, holidays=holidays) for clock in c.clocks.all()])
        for c in page
    ]
    return render(
        request,
        "complaints/list.html",
        {
            "form": form,
            "table": table,
            "page": page,
            "board": selectors.complaint_clock_board(now=now),
        },
    )


@capability_required(Capability.COMPLAINT_CREATE)
def complaint_new_page(request: HttpRequest) -> HttpResponse:
    initial = {
        "customer": request.GET.get("customer"),
        "interaction": request.GET.get("interaction"),
    }
    form = complaint_forms.IntakeForm(request.POST or None, initial=initial)
    customer_id = request.POST.get("customer") or request.GET.get("customer") or ""
    customer = Customer.objects.filter(pk=customer_id).first() if customer_id.isdigit() else None
    if customer is None:
        raise Http404("customer")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_accept(
                actor=request.user,
                customer_id=data["customer"],
                channel=data["channel"],
                description=data["description"],
                customer_request=data["customer_request"],
                category=data["category"] or None,
                severity=data["severity"] or None,
                occurred_at=data["occurred_at"],
                place=data["place"],
                staff_involved_ids=[user.pk for user in data["staff_involved"]],
                amount_in_dispute=data["amount_in_dispute"],
                interaction_id=data["interaction"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request, _("投诉已受理，编号 %(number)s") % {"number": complaint.number}
            )
            return redirect("complaints:detail", complaint_id=complaint.pk)
    return render(request, "complaints/new.html", {"form": form, "customer": customer})


@dataclass(frozen=True)
class Action:
    label: Any
    form: type[forms.Form]
    capability: str
    statuses: frozenset[str]
    run: Callable[[Any, int, dict[str, Any]], Any]


ACTIONS: dict[str, Action] = {
    "first_contact": Action(
        _("记录首次联系"),
        complaint_forms.NoteForm,
        Capability.COMPLAINT_HANDLE,
        frozenset(set(S.values) - {S.CLOSED}),
        lambda u, c, d: services.complaint_first_contact_record(
            actor=u, complaint_id=c, note=d["note"]
        ),
    ),
    "investigate": Action(
        _("指派调查"),
        complaint_forms.InvestigateForm,
        Capability.COMPLAINT_HANDLE,
        frozenset({S.ACCEPTED, S.ESCALATED, S.REOPENED, S.REVIEW_REQUESTED}),
        lambda u, c, d: services.complaint_investigation_start(
            actor=u, complaint_id=c, investigator_id=d["investigator"].pk, note=d["note"]
        ),
    ),
    "findings": Action(
        _("调查结论"),
        complaint_forms.FindingsForm,
        Capability.COMPLAINT_HANDLE,
        frozenset({S.INVESTIGATING, S.ESCALATED}),
        lambda u, c, d: services.complaint_findings_record(actor=u, complaint_id=c, **d),
    ),
    "remedy": Action(
        _("补救措施"),
        complaint_forms.RemedyForm,
        Capability.COMPLAINT_HANDLE,
        frozenset({S.INVESTIGATING, S.ESCALATED}),
        lambda u, c, d: services.complaint_remedy_add(actor=u, complaint_id=c, **d),
    ),
    "respond": Action(
        _("答复客户"),
        complaint_forms.RespondForm,
        Capability.COMPLAINT_HANDLE,
        frozenset({S.INVESTIGATING, S.ESCALATED}),
        lambda u, c, d: services.complaint_respond(actor=u, complaint_id=c, **d),
    ),
    "follow_up": Action(
        _("回访"),
        complaint_forms.FollowUpForm,
        Capability.COMPLAINT_HANDLE,
        frozenset({S.RESPONDED}),
        lambda u, c, d: services.complaint_follow_up_record(actor=u, complaint_id=c, **d),
    ),
    "close": Action(
        _("结案"),
        complaint_forms.NoteForm,
        Capability.COMPLAINT_HANDLE,
        frozenset({S.FOLLOWED_UP}),
        lambda u, c, d: services.complaint_close(actor=u, complaint_id=c, **d),
    ),
    "escalate": Action(
        _("升级"),
        complaint_forms.ReasonForm,
        Capability.COMPLAINT_CREATE,
        frozenset(
            {
                S.ACCEPTED,
                S.INVESTIGATING,
                S.RESPONDED,
                S.FOLLOWED_UP,
                S.REOPENED,
                S.REVIEW_REQUESTED,
            }
        ),
        lambda u, c, d: services.complaint_escalate(actor=u, complaint_id=c, **d),
    ),
    "reopen": Action(
        _("重新打开"),
        complaint_forms.ReasonForm,
        Capability.COMPLAINT_HANDLE,
        frozenset({S.RESPONDED, S.FOLLOWED_UP, S.CLOSED}),
        lambda u, c, d: services.complaint_reopen(actor=u, complaint_id=c, **d),
    ),
    "review": Action(
        _("申请复核"),
        complaint_forms.ReasonForm,
        Capability.COMPLAINT_CREATE,
        frozenset({S.RESPONDED, S.CLOSED}),
        lambda u, c, d: services.complaint_review_request(actor=u, complaint_id=c, **d),
    ),
    "clock": Action(
        _("时限"),
        complaint_forms.ClockForm,
        Capability.COMPLAINT_HANDLE,
        frozenset(set(S.values) - {S.CLOSED}),
        lambda u, c, d: _clock(u, c, d),
    ),
    "case": Action(
        _("生成案例"),
        complaint_forms.CaseForm,
        Capability.COMPLAINT_HANDLE,
        frozenset({S.CLOSED}),
        lambda u, c, d: services.complaint_case_create(actor=u, complaint_id=c, **d),
    ),
}


def _clock(actor: Any, complaint_id: int, data: dict[str, Any]) -> Any:
    return services.complaint_clock_change(
        actor=actor,
        complaint_id=complaint_id,
        action=data["action"],
        kind=data["kind"],
        reason=data["reason"] or "",
        extra_days=data["extra_days"],
    )


def _detail_context(
    request: HttpRequest, complaint_id: int, failed: tuple[str, forms.Form] | None = None
) -> dict[str, Any]:
    try:
        detail = selectors.complaint_detail(complaint_id=complaint_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    status = detail.complaint.status
    actions = [
        (name, action.label, failed[1] if failed and failed[0] == name else action.form())
        for name, action in ACTIONS.items()
        if status in action.statuses
        and user_has_capability(request.user, action.capability)
        and not (name == "first_contact" and detail.complaint.first_contact_at is not None)
    ]
    unapproved = [
        remedy
        for remedy in detail.remedies
        if remedy.kind == "compensation" and remedy.approved_by_id is None
    ]
    return {
        "detail": detail,
        "c": detail.complaint,
        "actions": actions,
        "can_approve": user_has_capability(request.user, Capability.COMPLAINT_APPROVE),
        "unapproved": unapproved,
        "failed_action": failed[0] if failed else "",
    }


@capability_required(Capability.COMPLAINT_VIEW)
def complaint_detail_page(request: HttpRequest, complaint_id: int) -> HttpResponse:
    return render(request, "complaints/detail.html", _detail_context(request, complaint_id))


@require_POST
@capability_required(Capability.COMPLAINT_VIEW)
def complaint_action(request: HttpRequest, complaint_id: int, action: str) -> HttpResponse:
    spec = ACTIONS.get(action)
    if spec is None:
        raise Http404(action)
    if not user_has_capability(request.user, spec.capability):
        return render(request, "403.html", status=403)
    form = spec.form(request.POST)
    if form.is_valid():
        try:
            spec.run(request.user, complaint_id, form.cleaned_data)
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已完成：%(action)s") % {"action": spec.label})
            return redirect("complaints:detail", complaint_id=complaint_id)
    context = _detail_context(request, complaint_id, failed=(action, form))
    return render(request, "complaints/detail.html", context, status=400)


@require_POST
@capability_required(Capability.COMPLAINT_APPROVE)
def remedy_approve(request: HttpRequest, complaint_id: int, remedy_id: int) -> HttpResponse:
    try:
        services.complaint_remedy_approve(actor=request.user, remedy_id=remedy_id)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("补偿已审批"))
    return redirect("complaints:detail", complaint_id=complaint_id)


@capability_required(Capability.COMPLAINT_REPORT)
def complaint_report_page(request: HttpRequest) -> HttpResponse:
    until = timezone.localdate()
    since = until - dt.timedelta(
        days=int(request.GET.get("days", "90") or 90)
        if str(request.GET.get("days", "90")).isdigit()
        else 90
    )
    report = complaint_report(since=since, until=until)
    if request.GET.get("export") == "xlsx":
        response = HttpResponse(
            complaint_report_xlsx(report),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="complaints-{since}-{until}.xlsx"'
        return response
    charts = {
        "category": bar_chart_svg([(label, n) for _, label, n in report.by_category]),
        "month": bar_chart_svg(report.by_month),
        "channel": bar_chart_svg([(label, n) for _, label, n in report.by_channel]),
        "root_cause": bar_chart_svg([(label, n) for _, label, n in report.by_root_cause]),
        "branch": bar_chart_svg(report.by_branch),
    }
    return render(request, "complaints/report.html", {"report": report, "charts": charts})


@capability_required(Capability.CASE_LIBRARY)
def case_library_page(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    cases = selectors.case_search(query=query)[:100]
    return render(request, "complaints/cases.html", {"cases": cases, "q": query})
