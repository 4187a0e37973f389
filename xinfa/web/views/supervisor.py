"""The supervisor's overview of today: queues, wait and handle times, channels, escalations."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xinfa.core.permissions import capability_required
from xinfa.core.roles import Capability
from xinfa.service.selectors import supervisor_overview
from xinfa.web.forms import OverviewForm


@capability_required(Capability.SUPERVISOR_OVERVIEW)
def supervisor_overview_page(request: HttpRequest) -> HttpResponse:
    """Show one day's figures for a branch (the user's own by default, or all branches)."""
    own = getattr(request.user, "branch_id", None)
    form = OverviewForm(request.GET or None, initial={"branch": own or ""})
    branch_id, day = own, None
    if form.is_bound and form.is_valid():
        branch = form.cleaned_data["branch"]
        branch_id = branch.pk if branch else None
        day = form.cleaned_data["day"]
    overview = supervisor_overview(branch_id=branch_id, day=day)
    context = {"form": form, "o": overview, "branch_name": _branch_name(form, branch_id)}
    return render(request, "web/supervisor/overview.html", context)


def _branch_name(form: OverviewForm, branch_id: int | None) -> str:
    if branch_id is None:
        return ""
    branch = form.fields["branch"].queryset.filter(pk=branch_id).first()  # type: ignore[attr-defined]
    return branch.name if branch else ""
