"""Reads of interactions: filtered lists and the full detail of one contact."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from xinfa.compliance.services import audit_record
from xinfa.core.exceptions import NotFound, ValidationFailed
from xinfa.core.roles import Capability
from xinfa.service.enums import Channel, InteractionStatus, Outcome
from xinfa.service.models import (
    Interaction,
    InteractionEvent,
    Message,
    QueueTicket,
    ServiceLogEntry,
)
from xinfa.service.services.rules import ensure_capability


@dataclass(frozen=True)
class CustomerSummary:
    """What any staff member may see of the customer: no full phone or ID number."""

    id: int
    customer_number: str
    name: str
    kind: str
    masked_phone: str
    masked_id_number: str
    vip_tier: str
    age_band: str
    is_elderly: bool
    accessibility_needs: list[str]
    risk_level: str


@dataclass(frozen=True)
class InteractionDetail:
    interaction: Interaction
    customer: CustomerSummary | None
    messages: list[Message]
    service_log: list[ServiceLogEntry]
    events: list[InteractionEvent]
    ticket: QueueTicket | None


def interaction_list(
    *,
    actor: Any,
    customer_id: int | None = None,
    channel: str | None = None,
    status: str | None = None,
    outcome: str | None = None,
    handled_by_id: int | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[Interaction]:
    """Return interactions newest first, with customer, handler and branch joined in.

    `since` is inclusive and `until` exclusive, both on the start time.

    Raises:
        Forbidden: the actor may not view interactions.
        ValidationFailed: unknown channel, status or outcome.
    """
    ensure_capability(actor, Capability.INTERACTION_VIEW)
    rows = Interaction.objects.select_related("customer", "handled_by", "branch").order_by(
        "-started_at", "-pk"
    )
    if channel is not None:
        if channel not in Channel.values:
            raise ValidationFailed(
                _("“%(channel)s”不是已知的渠道") % {"channel": channel}, field="channel"
            )
        rows = rows.filter(channel=channel)
    if status is not None:
        if status not in InteractionStatus.values:
            raise ValidationFailed(
                _("“%(status)s”不是已知的状态") % {"status": status}, field="status"
            )
        rows = rows.filter(status=status)
    if outcome is not None:
        if outcome not in Outcome.values:
            raise ValidationFailed(
                _("“%(outcome)s”不是已知的结果") % {"outcome": outcome}, field="outcome"
            )
        rows = rows.filter(outcome=outcome)
    if customer_id is not None:
        rows = rows.filter(customer_id=customer_id)
    if handled_by_id is not None:
        rows = rows.filter(handled_by_id=handled_by_id)
    if since is not None:
        rows = rows.filter(started_at__gte=since)
    if until is not None:
        rows = rows.filter(started_at__lt=until)
    return rows


def customer_summary_for(customer: Any) -> CustomerSummary:
    """Build the masked summary of a customer row."""
    return CustomerSummary(
        id=customer.pk,
        customer_number=customer.customer_number,
        name=customer.name,
        kind=customer.kind,
        masked_phone=customer.masked_phone,
        masked_id_number=customer.masked_id_number,
        vip_tier=customer.vip_tier,
        age_band=customer.age_band,
        is_elderly=customer.is_elderly,
        accessibility_needs=list(customer.accessibility_needs or []),
        risk_level=customer.risk_level,
    )


def interaction_detail(*, actor: Any, interaction_id: int) -> InteractionDetail:
    """Return one interaction with its messages in order, service log, history and ticket.

    Reading a customer's interaction is recorded in the access log.

    Raises:
        Forbidden: the actor may not view interactions.
        NotFound: no such interaction.
    """
    ensure_capability(actor, Capability.INTERACTION_VIEW)
    interaction = (
        Interaction.objects.select_related("customer", "handled_by", "branch", "ticket__counter")
        .filter(pk=interaction_id)
        .first()
    )
    if interaction is None:
        raise NotFound(_("服务记录不存在"), field="interaction_id")
    try:
        ticket: QueueTicket | None = interaction.ticket
    except QueueTicket.DoesNotExist:
        ticket = None
    detail = InteractionDetail(
        interaction=interaction,
        customer=customer_summary_for(interaction.customer) if interaction.customer else None,
        messages=list(interaction.messages.select_related("author").order_by("sequence")),
        service_log=list(
            interaction.service_log.select_related("recorded_by").order_by("created_at", "pk")
        ),
        events=list(
            interaction.events.select_related("actor", "from_user", "to_user").order_by("at", "pk")
        ),
        ticket=ticket,
    )
    if interaction.customer_id is not None:
        audit_record(
            actor=actor,
            action="interaction.view",
            customer_id=interaction.customer_id,
            interaction_id=interaction.pk,
        )
    return detail


def message_list(*, actor: Any, interaction_id: int, after: int | None = None) -> QuerySet[Message]:
    """Return a conversation's turns in order, optionally only those after a sequence number.

    The first read (no `after`) of a customer's conversation is recorded in the access log;
    polling for newer turns continues that read and is not logged again.

    Raises:
        Forbidden: the actor may not view interactions.
        NotFound: no such interaction.
    """
    ensure_capability(actor, Capability.INTERACTION_VIEW)
    row = Interaction.objects.filter(pk=interaction_id).values("pk", "customer_id").first()
    if row is None:
        raise NotFound(_("服务记录不存在"), field="interaction_id")
    if after is None and row["customer_id"] is not None:
        audit_record(
            actor=actor,
            action="interaction.view",
            customer_id=row["customer_id"],
            interaction_id=row["pk"],
        )
    messages = Message.objects.filter(interaction_id=interaction_id).order_by("sequence")
    if after is not None:
        messages = messages.filter(sequence__gt=after)
    return messages
