"""Customer search and the customer 360 page, with its forms."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from xinfa.core.exceptions import DomainError, NotFound
from xinfa.core.permissions import capability_required, user_has_capability
from xinfa.core.roles import Capability
from xinfa.customers.selectors import customer_360, customer_search
from xinfa.customers.services import customer_preference_add, customer_reveal_pii
from xinfa.service.services import interaction_record
from xinfa.web.forms import (
    SERVICE_ERRORS,
    CustomerSearchForm,
    PreferenceForm,
    RecordInteractionForm,
    RevealPiiForm,
    ServedInteractionForm,
    add_domain_error,
)


@capability_required(Capability.CUSTOMER_VIEW)
@require_http_methods(["GET", "POST"])
def customer_search_page(request: HttpRequest) -> HttpResponse:
    """List customers matching a name, customer number or masked phone (results masked)."""
    results = None
    # The page's own form posts, so full ID or phone numbers never land in URLs and server
    # logs; ?q= still works for masked numbers and names typed into the address bar.
    form = CustomerSearchForm(request.POST if request.method == "POST" else (request.GET or None))
    if form.is_valid():
        try:
            results = customer_search(actor=request.user, query=form.cleaned_data["q"])
        except SERVICE_ERRORS as error:
            add_domain_error(form, error)
    return render(request, "web/customers/search.html", {"form": form, "results": results})


def _render_360(
    request: HttpRequest, customer_id: int, *, status: int = 200, **forms: Any
) -> HttpResponse:
    served = ServedInteractionForm(request.GET)
    interaction_id = served.cleaned_data["interaction"] if served.is_valid() else None
    try:
        view = customer_360(
            actor=request.user,
            customer_id=customer_id,
            interaction_id=interaction_id,
            timeline_page=_page_number(request.GET.get("page")),
        )
    except NotFound:
        raise Http404 from None
    context = {
        "c": view,
        "page": view.timeline_page,
        "can_reveal": user_has_capability(request.user, Capability.CUSTOMER_VIEW_PII),
        "can_record": user_has_capability(request.user, Capability.INTERACTION_RECORD),
        "can_edit": user_has_capability(request.user, Capability.CUSTOMER_EDIT),
        "reveal_form": forms.get("reveal_form") or RevealPiiForm(),
        "preference_form": forms.get("preference_form") or PreferenceForm(),
        "record_form": forms.get("record_form") or RecordInteractionForm(),
        "revealed": forms.get("revealed"),
        "failed": next((form for form in forms.values() if hasattr(form, "errors")), None),
    }
    return render(request, "web/customers/detail.html", context, status=status)


def _page_number(raw: str | None) -> int:
    """?page= of the timeline; anything but a plain number is the first page."""
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) < 10 else 1


@capability_required(Capability.CUSTOMER_VIEW)
def customer_detail_page(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Show one customer's 360 view; the read is audited by the selector."""
    return _render_360(request, customer_id)


@capability_required(Capability.CUSTOMER_VIEW_PII)
@require_POST
def customer_reveal_page(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Show the full ID number and phone once, after an audited reason is given."""
    form = RevealPiiForm(request.POST)
    if form.is_valid():
        try:
            revealed = customer_reveal_pii(
                actor=request.user, customer_id=customer_id, reason=form.cleaned_data["reason"]
            )
        except NotFound:
            raise Http404 from None
        except SERVICE_ERRORS as error:
            add_domain_error(form, error)
        else:
            return _render_360(request, customer_id, revealed=revealed)
    return _render_360(request, customer_id, status=400, reveal_form=form)


@capability_required(Capability.CUSTOMER_EDIT)
@require_POST
def customer_preference_add_page(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Record a habit the customer expressed, to be shown first next time."""
    form = PreferenceForm(request.POST)
    if form.is_valid():
        try:
            customer_preference_add(
                actor=request.user, customer_id=customer_id, **form.cleaned_data
            )
        except NotFound:
            raise Http404 from None
        except SERVICE_ERRORS as error:
            add_domain_error(form, error)
        else:
            messages.success(request, _("已记录客户习惯。"))
            return redirect("web:customer_detail", customer_id=customer_id)
    return _render_360(request, customer_id, status=400, preference_form=form)


@capability_required(Capability.INTERACTION_RECORD)
@require_POST
def customer_interaction_record_page(request: HttpRequest, customer_id: int) -> HttpResponse:
    """Record a contact from the customer page: first message and service log, all or nothing."""
    form = RecordInteractionForm(request.POST)
    if form.is_valid():
        try:
            interaction = interaction_record(
                actor=request.user, customer_id=customer_id, **form.cleaned_data
            )
        except NotFound as error:
            if error.field == "customer_id":
                raise Http404 from None
            add_domain_error(form, error)
        except SERVICE_ERRORS as error:
            if isinstance(error, DomainError) and error.field == "text":
                error.field = "message"
            add_domain_error(form, error)
        else:
            messages.success(request, _("已记录服务 #%(id)s。") % {"id": interaction.pk})
            url = reverse("web:customer_detail", args=[customer_id])
            return redirect(f"{url}#timeline")
    return _render_360(request, customer_id, status=400, record_form=form)
