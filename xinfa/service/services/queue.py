"""The lobby queue: issue numbers, call the next one to a counter, finish, triage."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from xinfa.accounts.models import Branch
from xinfa.core.exceptions import Forbidden, InvalidTransition, NotFound
from xinfa.core.roles import Capability
from xinfa.customers.enums import VipTier
from xinfa.customers.models import Customer
from xinfa.service.enums import (
    SERVICE_TYPE_PREFIX,
    Channel,
    InteractionStatus,
    Outcome,
    ServiceType,
    TicketStatus,
    TriageTarget,
)
from xinfa.service.models import Counter, Interaction, QueueTicket
from xinfa.service.services.interactions import close_locked_interaction, interaction_open
from xinfa.service.services.rules import (
    clean_choice,
    clean_text,
    ensure_capability,
    ensure_handler_or_supervisor,
    seconds_between,
)

# Bounded retries when another teller takes the same ticket between our read and our update.
CALL_NEXT_ATTEMPTS = 20


def customer_has_priority(customer: Customer | None) -> bool:
    """Priority service: elderly (60 and over), any VIP tier, or recorded accessibility needs."""
    if customer is None:
        return False
    return bool(
        customer.is_elderly or customer.vip_tier != VipTier.NONE or customer.accessibility_needs
    )


def _ensure_own_branch(actor: Any, branch_id: int) -> None:
    actor_branch = getattr(actor, "branch_id", None)
    if actor_branch is not None and actor_branch != branch_id:
        raise Forbidden(_("只能处理本网点的排队"), field="branch_id")


def queue_ticket_issue(
    *,
    actor: Any,
    branch_id: int,
    service_type: str,
    customer_id: int | None = None,
    is_priority: bool | None = None,
) -> QueueTicket:
    """Issue the next number for a branch, day and service type (A001, V012…).

    Priority defaults from the customer: elderly, VIP tier or accessibility needs.

    Raises:
        Forbidden: the actor may not issue numbers, or works at another branch.
        ValidationFailed: unknown service type.
        NotFound: no such branch or customer.
    """
    ensure_capability(actor, Capability.QUEUE_ISSUE)
    service_type = clean_choice(service_type, field="service_type", choices=ServiceType)
    customer = None
    if customer_id is not None:
        customer = Customer.objects.filter(pk=customer_id).first()
        if customer is None:
            raise NotFound(_("客户不存在"), field="customer_id")
    if is_priority is None:
        is_priority = customer_has_priority(customer)
    with transaction.atomic():
        # Locking the branch row serialises numbering within a branch.
        branch = Branch.objects.select_for_update().filter(pk=branch_id).first()
        if branch is None:
            raise NotFound(_("网点不存在"), field="branch_id")
        _ensure_own_branch(actor, branch.pk)
        today = timezone.localdate()
        issued = QueueTicket.objects.filter(
            branch=branch, business_date=today, service_type=service_type
        ).count()
        return QueueTicket.objects.create(
            branch=branch,
            number=f"{SERVICE_TYPE_PREFIX[ServiceType(service_type)]}{issued + 1:03d}",
            service_type=service_type,
            business_date=today,
            customer=customer,
            is_priority=is_priority,
            issued_at=timezone.now(),
            issued_by=actor,
        )


def _claim_next_ticket(counter: Counter, actor: Any) -> QueueTicket | None:
    """Take the first waiting ticket with a compare-and-set, so a ticket is claimed once."""
    waiting = QueueTicket.objects.filter(
        branch_id=counter.branch_id,
        business_date=timezone.localdate(),
        status=TicketStatus.WAITING,
    )
    if counter.service_types:
        waiting = waiting.filter(service_type__in=counter.service_types)
    for _attempt in range(CALL_NEXT_ATTEMPTS):
        candidate = (
            waiting.select_for_update(skip_locked=True)
            .order_by("-is_priority", "issued_at", "pk")
            .first()
        )
        if candidate is None:
            return None
        now = timezone.now()
        claimed = QueueTicket.objects.filter(pk=candidate.pk, status=TicketStatus.WAITING).update(
            status=TicketStatus.CALLED,
            called_at=now,
            counter=counter,
            served_by=actor,
            wait_seconds=seconds_between(candidate.issued_at, now),
        )
        if claimed:
            candidate.refresh_from_db()
            return candidate
    return None


def queue_call_next(*, actor: Any, counter_id: int) -> QueueTicket | None:
    """Call the next ticket to a counter: priority first, then first come, first served,
    only service types the counter handles (empty list = all). Opens a counter interaction.

    Returns None when nobody is waiting.

    Raises:
        Forbidden: the actor may not call numbers, or works at another branch.
        NotFound: no such counter.
        InvalidTransition: the counter is closed or still serving a called ticket.
    """
    ensure_capability(actor, Capability.QUEUE_CALL)
    counter = Counter.objects.filter(pk=counter_id).first() if isinstance(counter_id, int) else None
    if counter is None:
        raise NotFound(_("窗口不存在"), field="counter_id")
    _ensure_own_branch(actor, counter.branch_id)
    if not counter.is_active:
        raise InvalidTransition(_("该窗口已关闭"), field="counter_id")
    with transaction.atomic():
        if QueueTicket.objects.filter(counter=counter, status=TicketStatus.CALLED).exists():
            raise InvalidTransition(
                _("请先办结该窗口正在办理的号，或将其标记为过号"),
                field="counter_id",
            )
        ticket = _claim_next_ticket(counter, actor)
        if ticket is None:
            return None
        interaction = interaction_open(
            actor=actor,
            channel=Channel.COUNTER,
            customer_id=ticket.customer_id,
            subject=f"{ticket.number} {ticket.get_service_type_display()}",
            started_at=ticket.called_at,
            branch_id=counter.branch_id,
        )
        ticket.interaction = interaction
        ticket.save(update_fields=["interaction"])
    return ticket


def _finish_called_ticket(
    *, actor: Any, ticket_id: int, status: str, outcome: str, note: str
) -> QueueTicket:
    ensure_capability(actor, Capability.QUEUE_CALL)
    with transaction.atomic():
        # Lock the interaction before the ticket, in the same order as interaction_close,
        # so the two never deadlock on PostgreSQL.
        link = QueueTicket.objects.filter(pk=ticket_id).values("interaction_id").first()
        if link is None:
            raise NotFound(_("排队号不存在"), field="ticket_id")
        interaction = None
        if link["interaction_id"] is not None:
            interaction = Interaction.objects.select_for_update().get(pk=link["interaction_id"])
        ticket = QueueTicket.objects.select_for_update().get(pk=ticket_id)
        ensure_handler_or_supervisor(actor, ticket.served_by_id, what="ticket")
        if ticket.status != TicketStatus.CALLED:
            raise InvalidTransition(
                _("只有已叫号的排队号才能办结（该号当前为“%(status)s”）")
                % {"status": ticket.get_status_display()},
                field="ticket_id",
            )
        now = timezone.now()
        ticket.status = status
        ticket.completed_at = now
        ticket.handle_seconds = (
            seconds_between(ticket.called_at or now, now) if status == TicketStatus.DONE else None
        )
        ticket.save(update_fields=["status", "completed_at", "handle_seconds"])
        if interaction is not None and interaction.status != InteractionStatus.CLOSED:
            close_locked_interaction(
                actor=actor, interaction=interaction, outcome=outcome, note=note, at=now
            )
    return ticket


def queue_ticket_complete(*, actor: Any, ticket_id: int) -> QueueTicket:
    """Mark a called ticket served, recording its handle time; closes its open interaction as
    resolved (close the interaction first to record another outcome).

    Raises:
        Forbidden: the actor may not call numbers, or did not serve it and does not supervise.
        NotFound: no such ticket.
        InvalidTransition: the ticket is not being served.
    """
    return _finish_called_ticket(
        actor=actor,
        ticket_id=ticket_id,
        status=TicketStatus.DONE,
        outcome=Outcome.RESOLVED,
        note="",
    )


def queue_ticket_no_show(*, actor: Any, ticket_id: int) -> QueueTicket:
    """Mark a called ticket as a no-show; its interaction is closed as unresolved.

    Raises:
        Forbidden: the actor may not call numbers, or did not serve it and does not supervise.
        NotFound: no such ticket.
        InvalidTransition: the ticket is not being served.
    """
    return _finish_called_ticket(
        actor=actor,
        ticket_id=ticket_id,
        status=TicketStatus.NO_SHOW,
        outcome=Outcome.UNRESOLVED,
        note=_("客户过号未到"),
    )


def queue_ticket_triage(*, actor: Any, ticket_id: int, target: str, reason: str) -> QueueTicket:
    """Triage a waiting ticket: to self-service or a specialist it leaves the counter queue;
    to the counter it stays waiting, with the lobby manager's reason recorded.

    Raises:
        Forbidden: the actor may not triage, or works at another branch.
        NotFound: no such ticket.
        ValidationFailed: unknown target, empty or over-long reason.
        InvalidTransition: the ticket is no longer waiting.
    """
    ensure_capability(actor, Capability.QUEUE_ISSUE)
    target = clean_choice(target, field="target", choices=TriageTarget)
    reason = clean_text(reason, field="reason", max_length=300)
    with transaction.atomic():
        ticket = QueueTicket.objects.select_for_update().filter(pk=ticket_id).first()
        if ticket is None:
            raise NotFound(_("排队号不存在"), field="ticket_id")
        _ensure_own_branch(actor, ticket.branch_id)
        if ticket.status != TicketStatus.WAITING:
            raise InvalidTransition(_("只有等候中的排队号才能分流"), field="ticket_id")
        ticket.triage_target = target
        ticket.triage_reason = reason
        if target != TriageTarget.COUNTER:
            ticket.status = TicketStatus.TRIAGED
        ticket.save(update_fields=["triage_target", "triage_reason", "status"])
    return ticket
