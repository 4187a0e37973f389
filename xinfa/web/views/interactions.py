"""The interaction page: conversation, service log, close, transfer and escalate."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xinfa.analysis.engine.pipeline import PipelineError
from xinfa.core.exceptions import DomainError, NotFound
from xinfa.core.permissions import capability_required, user_has_capability
from xinfa.core.roles import Capability
from xinfa.quality.coaching import interaction_coaching
from xinfa.quality.selectors import inspection_for_interaction
from xinfa.service.enums import InteractionStatus
from xinfa.service.selectors import interaction_detail
from xinfa.service.services import (
    interaction_close,
    interaction_escalate,
    interaction_transfer,
    message_add,
    service_log_add,
)
from xinfa.web.forms import (
    SERVICE_ERRORS,
    CloseForm,
    EscalateForm,
    MessageForm,
    ServiceLogForm,
    TransferForm,
    add_domain_error,
)

# Services name the transfer target "to_user_id"; the form field is "to_user".
_FIELD_ALIASES: dict[str | None, str] = {"to_user_id": "to_user", "to_security": "security"}


def _coaching(request: HttpRequest, detail: Any) -> dict[str, Any] | None:
    """Live coaching for an open conversation, or None when the role or state has none.

    The page must still open when the engine cannot be built, so that is shown as a note.
    """
    if detail.interaction.status == InteractionStatus.CLOSED or not user_has_capability(
        request.user, Capability.COACHING_USE
    ):
        return None
    try:
        return interaction_coaching(interaction_id=detail.interaction.pk)
    except (PipelineError, DomainError):
        return {"unavailable": True}


def _render_detail(
    request: HttpRequest, interaction_id: int, *, status: int = 200, **bound: forms.Form
) -> HttpResponse:
    try:
        detail = interaction_detail(actor=request.user, interaction_id=interaction_id)
    except NotFound:
        raise Http404 from None
    can_record = user_has_capability(request.user, Capability.INTERACTION_RECORD)
    can_transfer = user_has_capability(request.user, Capability.INTERACTION_TRANSFER)
    context = {
        "d": detail,
        "can_record": can_record,
        "can_transfer": can_transfer,
        "perms_complaint_create": user_has_capability(request.user, Capability.COMPLAINT_CREATE),
        "message_form": bound.get("message_form") or MessageForm(),
        "log_form": bound.get("log_form") or ServiceLogForm(),
        "close_form": bound.get("close_form") or CloseForm(),
        "transfer_form": bound.get("transfer_form") or TransferForm(actor=request.user),
        "escalate_form": bound.get("escalate_form") or EscalateForm(),
        "failed": next(iter(bound.values()), None),
        "coaching": _coaching(request, detail),
        "inspection": inspection_for_interaction(interaction_id=interaction_id),
    }
    return render(request, "web/interactions/detail.html", context, status=status)


@capability_required(Capability.INTERACTION_VIEW)
def interaction_detail_page(request: HttpRequest, interaction_id: int) -> HttpResponse:
    """Show one interaction with its messages, service log and history."""
    return _render_detail(request, interaction_id)


def _handle(
    request: HttpRequest,
    interaction_id: int,
    form: forms.Form,
    form_name: str,
    action: Any,
    done: str,
) -> HttpResponse:
    """Run one service with the form's data; redirect on success, re-render with errors."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except NotFound as error:
            if error.field == "interaction_id":
                raise Http404 from None
            add_domain_error(form, error)
        except SERVICE_ERRORS as error:
            if isinstance(error, DomainError) and error.field in _FIELD_ALIASES:
                error.field = _FIELD_ALIASES[error.field]
            add_domain_error(form, error)
        else:
            messages.success(request, done)
            return redirect("web:interaction_detail", interaction_id=interaction_id)
    return _render_detail(request, interaction_id, status=400, **{form_name: form})


@capability_required(Capability.INTERACTION_RECORD)
@require_POST
def interaction_message_add_page(request: HttpRequest, interaction_id: int) -> HttpResponse:
    """Append one turn to the conversation."""
    return _handle(
        request,
        interaction_id,
        MessageForm(request.POST),
        "message_form",
        lambda data: message_add(actor=request.user, interaction_id=interaction_id, **data),
        _("已添加消息。"),
    )


@capability_required(Capability.INTERACTION_RECORD)
@require_POST
def interaction_log_add_page(request: HttpRequest, interaction_id: int) -> HttpResponse:
    """Add a need → process → result entry to the service log."""
    return _handle(
        request,
        interaction_id,
        ServiceLogForm(request.POST),
        "log_form",
        lambda data: service_log_add(actor=request.user, interaction_id=interaction_id, **data),
        _("已添加服务日志。"),
    )


@capability_required(Capability.INTERACTION_RECORD)
@require_POST
def interaction_close_page(request: HttpRequest, interaction_id: int) -> HttpResponse:
    """Close the interaction with an outcome."""
    return _handle(
        request,
        interaction_id,
        CloseForm(request.POST),
        "close_form",
        lambda data: interaction_close(actor=request.user, interaction_id=interaction_id, **data),
        _("服务已结束。"),
    )


@capability_required(Capability.INTERACTION_TRANSFER)
@require_POST
def interaction_transfer_page(request: HttpRequest, interaction_id: int) -> HttpResponse:
    """Hand the interaction to a colleague, with a reason."""
    return _handle(
        request,
        interaction_id,
        TransferForm(request.POST, actor=request.user),
        "transfer_form",
        lambda data: interaction_transfer(
            actor=request.user,
            interaction_id=interaction_id,
            to_user_id=data["to_user"].pk,
            reason=data["reason"],
        ),
        _("已转接。"),
    )


@capability_required(Capability.INTERACTION_TRANSFER)
@require_POST
def interaction_escalate_page(request: HttpRequest, interaction_id: int) -> HttpResponse:
    """Escalate to the supervisor, or call security in for aggression."""
    return _handle(
        request,
        interaction_id,
        EscalateForm(request.POST),
        "escalate_form",
        lambda data: interaction_escalate(
            actor=request.user,
            interaction_id=interaction_id,
            reason=data["reason"],
            to_security=data["security"],
        ),
        _("已升级。"),
    )
