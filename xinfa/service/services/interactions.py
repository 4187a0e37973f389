"""Writes of an interaction's life: open, messages, service log, close."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.accounts.models import Branch
from xinfa.analysis.tasks import message_analysis_schedule
from xinfa.core.exceptions import InvalidTransition, NotFound
from xinfa.core.roles import Capability
from xinfa.customers.models import Customer
from xinfa.quality.tasks import interaction_inspection_schedule
from xinfa.service.enums import (
    Channel,
    EventKind,
    InteractionKind,
    InteractionStatus,
    Outcome,
    Speaker,
    TicketStatus,
)
from xinfa.service.models import (
    MAX_MESSAGE_LENGTH,
    Interaction,
    InteractionEvent,
    Message,
    QueueTicket,
    ServiceLogEntry,
)
from xinfa.service.services.rules import (
    clean_choice,
    clean_moment,
    clean_text,
    ensure_capability,
    ensure_handler_or_supervisor,
    seconds_between,
)

KIND_FOR_CHANNEL: dict[str, str] = {
    Channel.COUNTER: InteractionKind.VISIT,
    Channel.LOBBY: InteractionKind.VISIT,
    Channel.SMART_COUNTER: InteractionKind.VISIT,
    Channel.PHONE: InteractionKind.CALL,
    Channel.VIDEO: InteractionKind.CALL,
    Channel.CHAT: InteractionKind.CHAT,
    Channel.APP: InteractionKind.CHAT,
    Channel.SOCIAL: InteractionKind.CHAT,
    Channel.EMAIL: InteractionKind.EMAIL,
}
MAX_CLIENT_ID_LENGTH = 64


def kind_for_channel(channel: str) -> str:
    """Return the interaction kind a channel implies (counter → visit, phone → call…)."""
    return KIND_FOR_CHANNEL[channel]


def locked_interaction(interaction_id: int) -> Interaction:
    """Fetch an interaction row locked for update (call inside a transaction).

    Raises:
        NotFound: no interaction has this id.
    """
    try:
        return Interaction.objects.select_for_update().get(pk=interaction_id)
    except (Interaction.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFound(_("服务记录不存在"), field="interaction_id") from exc


def interaction_open(
    *,
    actor: Any,
    channel: str,
    customer_id: int | None = None,
    kind: str | None = None,
    subject: str = "",
    started_at: dt.datetime | None = None,
    branch_id: int | None = None,
) -> Interaction:
    """Open an interaction handled by the actor; the kind follows the channel when not given.

    Raises:
        Forbidden: the actor may not record interactions.
        ValidationFailed: unknown channel or kind, bad subject or start time.
        NotFound: the customer or branch does not exist.
    """
    ensure_capability(actor, Capability.INTERACTION_RECORD)
    channel = clean_choice(channel, field="channel", choices=Channel)
    kind = kind_for_channel(channel) if kind is None else kind
    kind = clean_choice(kind, field="kind", choices=InteractionKind)
    subject = clean_text(subject, field="subject", max_length=200, required=False)
    started_at = clean_moment(started_at, field="started_at")
    if customer_id is not None and not Customer.objects.filter(pk=customer_id).exists():
        raise NotFound(_("客户不存在"), field="customer_id")
    if branch_id is None:
        branch_id = getattr(actor, "branch_id", None)
    elif not Branch.objects.filter(pk=branch_id).exists():
        raise NotFound(_("网点不存在"), field="branch_id")
    with transaction.atomic():
        interaction = Interaction.objects.create(
            customer_id=customer_id,
            channel=channel,
            kind=kind,
            status=InteractionStatus.OPEN,
            handled_by=actor,
            branch_id=branch_id,
            subject=subject,
            started_at=started_at,
        )
        InteractionEvent.objects.create(
            interaction=interaction, kind=EventKind.OPENED, actor=actor, to_user=actor
        )
    return interaction


def message_add(
    *,
    actor: Any,
    interaction_id: int,
    speaker: str,
    text: str,
    sent_at: dt.datetime | None = None,
    client_id: str | None = None,
) -> Message:
    """Append one turn to a conversation; a resend with the same client_id returns the first.

    Raises:
        Forbidden: the actor may not record interactions.
        NotFound: no such interaction.
        ValidationFailed: unknown speaker, empty, over-long or control-character text.
        InvalidTransition: the interaction is closed.
    """
    ensure_capability(actor, Capability.INTERACTION_RECORD)
    speaker = clean_choice(speaker, field="speaker", choices=Speaker)
    text = clean_text(text, field="text", max_length=MAX_MESSAGE_LENGTH)
    sent_at = clean_moment(sent_at, field="sent_at")
    if client_id is not None:
        client_id = clean_text(client_id, field="client_id", max_length=MAX_CLIENT_ID_LENGTH)
    with transaction.atomic():
        # The row lock serialises writers of one conversation, so sequences never collide.
        interaction = locked_interaction(interaction_id)
        if client_id is not None:
            existing = Message.objects.filter(interaction=interaction, client_id=client_id).first()
            if existing is not None:
                return existing
        if interaction.status == InteractionStatus.CLOSED:
            raise InvalidTransition(_("该服务记录已结束，不能再添加消息"), field="text")
        last = Message.objects.filter(interaction=interaction).aggregate(last=Max("sequence"))
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    interaction=interaction,
                    sequence=(last["last"] or 0) + 1,
                    speaker=speaker,
                    author=actor,
                    text=text,
                    sent_at=sent_at,
                    client_id=client_id,
                )
                transaction.on_commit(lambda: message_analysis_schedule(message.pk))
                transaction.on_commit(lambda: interaction_inspection_schedule(interaction.pk))
                return message
        except IntegrityError:
            # A concurrent resend won the race on databases without row locks.
            existing = Message.objects.filter(interaction=interaction, client_id=client_id).first()
            if client_id is None or existing is None:
                raise
            return existing


def service_log_add(
    *, actor: Any, interaction_id: int, need: str, process: str = "", result: str = ""
) -> ServiceLogEntry:
    """Record need → process → result for an interaction (allowed after close, as staff often
    write the log once the customer has left).

    Raises:
        Forbidden: the actor may not record interactions.
        NotFound: no such interaction.
        ValidationFailed: empty need, over-long or control-character text.
    """
    ensure_capability(actor, Capability.INTERACTION_RECORD)
    need = clean_text(need, field="need", max_length=500)
    process = clean_text(process, field="process", max_length=2000, required=False)
    result = clean_text(result, field="result", max_length=500, required=False)
    with transaction.atomic():
        interaction = locked_interaction(interaction_id)
        return ServiceLogEntry.objects.create(
            interaction=interaction, need=need, process=process, result=result, recorded_by=actor
        )


def close_locked_interaction(
    *, actor: Any, interaction: Interaction, outcome: str, note: str, at: dt.datetime
) -> None:
    """Close a locked, open interaction: end time, handle time, outcome, history event."""
    interaction.status = InteractionStatus.CLOSED
    interaction.outcome = outcome
    interaction.ended_at = at
    interaction.handle_seconds = seconds_between(interaction.started_at, at)
    interaction.save(
        update_fields=["status", "outcome", "ended_at", "handle_seconds", "updated_at"]
    )
    InteractionEvent.objects.create(
        interaction=interaction, kind=EventKind.CLOSED, actor=actor, reason=note
    )
    transaction.on_commit(lambda: interaction_inspection_schedule(interaction.pk))


def interaction_close(
    *, actor: Any, interaction_id: int, outcome: str, note: str = ""
) -> Interaction:
    """Close an interaction with an outcome; a called queue ticket behind it is completed too.

    Raises:
        Forbidden: the actor may not record, or neither handles it nor supervises.
        NotFound: no such interaction.
        ValidationFailed: unknown outcome or bad note.
        InvalidTransition: the interaction is already closed.
    """
    ensure_capability(actor, Capability.INTERACTION_RECORD)
    outcome = clean_choice(outcome, field="outcome", choices=Outcome)
    note = clean_text(note, field="note", max_length=500, required=False)
    with transaction.atomic():
        interaction = locked_interaction(interaction_id)
        ensure_handler_or_supervisor(actor, interaction.handled_by_id, what="interaction")
        if interaction.status == InteractionStatus.CLOSED:
            raise InvalidTransition(_("该服务记录已经结束"), field="outcome")
        now = timezone.now()
        close_locked_interaction(
            actor=actor, interaction=interaction, outcome=outcome, note=note, at=now
        )
        ticket = (
            QueueTicket.objects.select_for_update()
            .filter(interaction=interaction, status=TicketStatus.CALLED)
            .first()
        )
        if ticket is not None:
            ticket.status = TicketStatus.DONE
            ticket.completed_at = now
            ticket.handle_seconds = seconds_between(ticket.called_at or now, now)
            ticket.save(update_fields=["status", "completed_at", "handle_seconds"])
    return interaction


def interaction_record(
    *,
    actor: Any,
    customer_id: int,
    channel: str,
    need: str,
    subject: str = "",
    message: str = "",
    speaker: str = Speaker.CUSTOMER,
    process: str = "",
    result: str = "",
    outcome: str = "",
) -> Interaction:
    """Record a whole contact at once: open it, add the first turn and the service log
    entry, and close it when an outcome is given. All or nothing: a refused log entry
    leaves no bare contact behind.

    Raises:
        Forbidden, NotFound, ValidationFailed, InvalidTransition: as the steps it runs.
    """
    with transaction.atomic():
        interaction = interaction_open(
            actor=actor, channel=channel, customer_id=customer_id, subject=subject
        )
        if message:
            message_add(actor=actor, interaction_id=interaction.pk, speaker=speaker, text=message)
        service_log_add(
            actor=actor, interaction_id=interaction.pk, need=need, process=process, result=result
        )
        if outcome:
            interaction = interaction_close(
                actor=actor, interaction_id=interaction.pk, outcome=outcome
            )
    return interaction
