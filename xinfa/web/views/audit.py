"""The access log for compliance: who read which customer's data, when and why."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from xinfa.compliance.selectors import access_log_list
from xinfa.core.pagination import web_page
from xinfa.core.permissions import capability_required
from xinfa.core.roles import Capability
from xinfa.web.forms import AccessLogFilterForm


@capability_required(Capability.AUDIT_VIEW)
def access_log_page(request: HttpRequest) -> HttpResponse:
    """Filter and page through the whole access log. A refused filter lists nothing, so a
    mistyped date never passes for "no reads"."""
    form = AccessLogFilterForm(request.GET or None)
    rows = access_log_list()
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            rows = access_log_list(
                customer_number=data["customer_number"].strip(),
                actor_username=data["actor"].strip(),
                action=data["action"],
                since=data["since"],
                until=data["until"],
            )
        else:
            rows = rows.none()
    return render(
        request, "web/audit/access_log.html", {"form": form, "page": web_page(request, rows)}
    )
