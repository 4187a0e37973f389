"""Handing an interaction on: transfer to a colleague, escalation to a supervisor or security."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from xinfa.core.exceptions import Conflict, InvalidTransition, NotFound, ValidationFailed
from xinfa.core.roles import Capability, Role, role_has_capability
from xinfa.service.enums import EventKind, InteractionStatus
from xinfa.service.models import Interaction, InteractionEvent
from xinfa.service.services.interactions import locked_interaction
from xinfa.service.services.rules import (
    clean_text,
    ensure_capability,
    ensure_handler_or_supervisor,
)


def _open_interaction_for_handover(actor: Any, interaction_id: int) -> Interaction:
    interaction = locked_interaction(interaction_id)
    ensure_handler_or_supervisor(actor, interaction.handled_by_id, what="interaction")
    if interaction.status == InteractionStatus.CLOSED:
        raise InvalidTransition(_("该服务记录已结束"), field="interaction_id")
    return interaction


def interaction_transfer(
    *,
    actor: Any,
    interaction_id: int,
    to_user_id: int,
    reason: str,
    to_service_account: bool = False,
) -> Interaction:
    """Hand an open interaction to another staff member who can handle interactions.

    Only the chat system itself hands a conversation back to its service account
    (`to_service_account=True`, when a chat returns to the queue); people never do.

    Raises:
        Forbidden: the actor may not transfer, or neither handles it nor supervises.
        NotFound: no such interaction or staff member.
        ValidationFailed: empty reason; the target is inactive, a service account, cannot
            handle interactions, or already handles it.
        InvalidTransition: the interaction is closed.
    """
    ensure_capability(actor, Capability.INTERACTION_TRANSFER)
    reason = clean_text(reason, field="reason", max_length=500)
    user_model = get_user_model()
    try:
        target = user_model.objects.get(pk=to_user_id)
    except (user_model.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_("员工不存在"), field="to_user_id") from exc
    if not target.is_active or not role_has_capability(target.role, Capability.INTERACTION_RECORD):
        raise ValidationFailed(_("该员工不能处理服务记录"), field="to_user_id")
    if target.is_service_account and not to_service_account:
        raise ValidationFailed(_("系统账号不能接手服务记录"), field="to_user_id")
    with transaction.atomic():
        interaction = _open_interaction_for_handover(actor, interaction_id)
        if interaction.handled_by_id == target.pk:
            raise ValidationFailed(_("该员工已在处理此服务记录"), field="to_user_id")
        previous = interaction.handled_by_id
        interaction.handled_by = target
        interaction.save(update_fields=["handled_by", "updated_at"])
        InteractionEvent.objects.create(
            interaction=interaction,
            kind=EventKind.TRANSFERRED,
            actor=actor,
            from_user_id=previous,
            to_user=target,
            reason=reason,
        )
    return interaction


def escalation_supervisor_for(interaction: Interaction, actor: Any) -> Any | None:
    """Return who an escalation goes to: the handler's team supervisor, the actor's, or else
    an active supervisor of the interaction's branch."""
    user_model = get_user_model()
    for person in (interaction.handled_by, actor):
        team = getattr(person, "team", None)
        supervisor = getattr(team, "supervisor", None)
        if supervisor is not None and supervisor.is_active:
            return supervisor
    branch_id = interaction.branch_id or getattr(actor, "branch_id", None)
    if branch_id is None:
        return None
    return (
        user_model.objects.filter(role=Role.SUPERVISOR, is_active=True, branch_id=branch_id)
        .order_by("pk")
        .first()
    )


def interaction_escalate(
    *, actor: Any, interaction_id: int, reason: str, to_security: bool = False
) -> Interaction:
    """Escalate to the team's supervisor, who takes the interaction over; or, for aggression,
    call security in while the handler stays with the customer.

    Raises:
        Forbidden: the actor may not escalate, or neither handles it nor supervises.
        NotFound: no such interaction.
        ValidationFailed: empty or over-long reason.
        InvalidTransition: the interaction is closed, or already with the supervisor.
        Conflict: no active supervisor can be found for the team or branch.
    """
    ensure_capability(actor, Capability.INTERACTION_TRANSFER)
    reason = clean_text(reason, field="reason", max_length=500)
    with transaction.atomic():
        interaction = _open_interaction_for_handover(actor, interaction_id)
        interaction = Interaction.objects.select_related("handled_by__team__supervisor").get(
            pk=interaction.pk
        )
        previous = interaction.handled_by_id
        if to_security:
            interaction.status = InteractionStatus.ESCALATED
            interaction.save(update_fields=["status", "updated_at"])
            InteractionEvent.objects.create(
                interaction=interaction,
                kind=EventKind.SECURITY,
                actor=actor,
                from_user_id=previous,
                reason=reason,
            )
            return interaction
        supervisor = escalation_supervisor_for(interaction, actor)
        if supervisor is None:
            raise Conflict(_("没有可升级到的在岗主管"), field="interaction_id")
        if previous == supervisor.pk:
            raise InvalidTransition(_("主管已在处理此服务记录"), field="interaction_id")
        interaction.status = InteractionStatus.ESCALATED
        interaction.handled_by = supervisor
        interaction.save(update_fields=["status", "handled_by", "updated_at"])
        InteractionEvent.objects.create(
            interaction=interaction,
            kind=EventKind.ESCALATED,
            actor=actor,
            from_user_id=previous,
            to_user=supervisor,
            reason=reason,
        )
    return interaction
