import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from xinfa.core.exceptions import Forbidden, InvalidTransition, NotFound, ValidationFailed
from xinfa.core.roles import Role
from xinfa.service.enums import Channel, InteractionStatus, Outcome, TicketStatus
from xinfa.service.models import Interaction, QueueTicket
from xinfa.service.services import queue as queue_module
from xinfa.service.services import (
    queue_call_next,
    queue_ticket_complete,
    queue_ticket_issue,
    queue_ticket_no_show,
    queue_ticket_triage,
)
from xinfa.service.tests.factories import (
    BranchFactory,
    CounterFactory,
    QueueTicketFactory,
    ServiceCustomerFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch():
    return BranchFactory()


@pytest.fixture
def lobby(branch):
    return StaffFactory(role=Role.LOBBY_MANAGER, branch=branch)


@pytest.fixture
def teller(branch):
    return StaffFactory(role=Role.TELLER, branch=branch)


def test_queue_ticket_issue_numbers_per_branch_day_and_type(branch, lobby):
    QueueTicketFactory(
        branch=branch, number="A001", business_date=timezone.localdate() - dt.timedelta(days=1)
    )
    numbers = [
        queue_ticket_issue(actor=lobby, branch_id=branch.pk, service_type=kind).number
        for kind in ["cash", "cash", "wealth", "cash", "corporate"]
    ]
    assert numbers == ["A001", "A002", "V001", "A003", "E001"]
    other = BranchFactory()
    other_lobby = StaffFactory(role=Role.LOBBY_MANAGER, branch=other)
    assert queue_ticket_issue(
        actor=other_lobby, branch_id=other.pk, service_type="cash"
    ).number == ("A001")


def test_queue_ticket_issue_records_who_and_when(branch, lobby):
    ticket = queue_ticket_issue(actor=lobby, branch_id=branch.pk, service_type="card")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.issued_by_id, ticket.business_date, ticket.is_priority) == (
        TicketStatus.WAITING,
        lobby.pk,
        timezone.localdate(),
        False,
    )


@pytest.mark.parametrize(
    ("customer_fields", "expected"),
    [
        ({"birth_date": dt.date(1950, 1, 1)}, True),
        ({"vip_tier": "gold"}, True),
        ({"accessibility_needs": ["vision"]}, True),
        ({}, False),
    ],
)
def test_queue_ticket_issue_priority_from_customer(branch, lobby, customer_fields, expected):
    customer = ServiceCustomerFactory(**customer_fields)
    ticket = queue_ticket_issue(
        actor=lobby, branch_id=branch.pk, service_type="cash", customer_id=customer.pk
    )
    assert (ticket.is_priority, ticket.customer_id) == (expected, customer.pk)


def test_queue_ticket_issue_explicit_priority_wins(branch, lobby):
    elderly = ServiceCustomerFactory(birth_date=dt.date(1940, 5, 5))
    ticket = queue_ticket_issue(
        actor=lobby,
        branch_id=branch.pk,
        service_type="cash",
        customer_id=elderly.pk,
        is_priority=False,
    )
    assert ticket.is_priority is False


def test_queue_ticket_issue_refusals(branch, lobby, teller):
    cases = [
        ({"branch_id": branch.pk, "service_type": "pawn"}, ValidationFailed, "service_type"),
        ({"branch_id": 999999, "service_type": "cash"}, NotFound, "branch_id"),
        (
            {"branch_id": branch.pk, "service_type": "cash", "customer_id": 999999},
            NotFound,
            "customer_id",
        ),
        ({"branch_id": BranchFactory().pk, "service_type": "cash"}, Forbidden, "branch_id"),
    ]
    for kwargs, error, field in cases:
        with pytest.raises(error) as caught:
            queue_ticket_issue(actor=lobby, **kwargs)
        assert caught.value.field == field
    with pytest.raises(Forbidden):
        queue_ticket_issue(actor=teller, branch_id=branch.pk, service_type="cash")
    assert QueueTicket.objects.count() == 0


def test_queue_call_next_priority_first_then_fifo(branch, teller, lobby):
    counter = CounterFactory(branch=branch)
    first = queue_ticket_issue(actor=lobby, branch_id=branch.pk, service_type="cash")
    second = queue_ticket_issue(actor=lobby, branch_id=branch.pk, service_type="card")
    vip = queue_ticket_issue(
        actor=lobby, branch_id=branch.pk, service_type="cash", is_priority=True
    )
    order = []
    for _ in range(3):
        ticket = queue_call_next(actor=teller, counter_id=counter.pk)
        order.append(ticket.number)
        queue_ticket_complete(actor=teller, ticket_id=ticket.pk)
    assert order == [vip.number, first.number, second.number]
    assert queue_call_next(actor=teller, counter_id=counter.pk) is None


def test_queue_call_next_only_service_types_of_the_counter(branch, teller, lobby):
    counter = CounterFactory(branch=branch, service_types=["wealth"])
    queue_ticket_issue(actor=lobby, branch_id=branch.pk, service_type="cash", is_priority=True)
    wealth = queue_ticket_issue(actor=lobby, branch_id=branch.pk, service_type="wealth")
    assert queue_call_next(actor=teller, counter_id=counter.pk).pk == wealth.pk
    queue_ticket_complete(actor=teller, ticket_id=wealth.pk)
    assert queue_call_next(actor=teller, counter_id=counter.pk) is None


def test_queue_call_next_records_wait_and_opens_counter_interaction(branch, teller):
    customer = ServiceCustomerFactory()
    counter = CounterFactory(branch=branch)
    issued = timezone.now() - dt.timedelta(seconds=420)
    waiting = QueueTicketFactory(
        branch=branch, number="A007", issued_at=issued, customer=customer, service_type="cash"
    )
    ticket = queue_call_next(actor=teller, counter_id=counter.pk)
    ticket.refresh_from_db()
    assert ticket.pk == waiting.pk
    assert (ticket.status, ticket.counter_id, ticket.served_by_id) == (
        TicketStatus.CALLED,
        counter.pk,
        teller.pk,
    )
    assert ticket.wait_seconds == int((ticket.called_at - issued).total_seconds())
    assert 420 <= ticket.wait_seconds <= 425
    interaction = Interaction.objects.get(pk=ticket.interaction_id)
    assert (interaction.channel, interaction.kind, interaction.customer_id) == (
        Channel.COUNTER,
        "visit",
        customer.pk,
    )
    assert (interaction.handled_by_id, interaction.branch_id, interaction.subject) == (
        teller.pk,
        branch.pk,
        "A007 现金业务",
    )
    assert interaction.started_at == ticket.called_at


def test_queue_call_next_ignores_other_days_and_branches(branch, teller):
    counter = CounterFactory(branch=branch)
    QueueTicketFactory(branch=branch, business_date=timezone.localdate() - dt.timedelta(days=1))
    QueueTicketFactory(branch=BranchFactory())
    assert queue_call_next(actor=teller, counter_id=counter.pk) is None


def test_queue_call_next_refusals(branch, teller):
    counter = CounterFactory(branch=branch)
    QueueTicketFactory(branch=branch, number="A001")
    QueueTicketFactory(branch=branch, number="A002")
    with pytest.raises(NotFound):
        queue_call_next(actor=teller, counter_id=999999)
    with pytest.raises(Forbidden):
        queue_call_next(actor=StaffFactory(role=Role.AGENT, branch=branch), counter_id=counter.pk)
    with pytest.raises(Forbidden):
        queue_call_next(actor=StaffFactory(role=Role.TELLER), counter_id=counter.pk)
    closed = CounterFactory(branch=branch, is_active=False)
    with pytest.raises(InvalidTransition):
        queue_call_next(actor=teller, counter_id=closed.pk)
    assert QueueTicket.objects.filter(status=TicketStatus.WAITING).count() == 2
    queue_call_next(actor=teller, counter_id=counter.pk)
    with pytest.raises(InvalidTransition):  # still serving A001
        queue_call_next(actor=teller, counter_id=counter.pk)
    assert QueueTicket.objects.filter(status=TicketStatus.WAITING).count() == 1


def test_queue_call_next_two_tellers_racing_never_share_a_ticket(branch):
    """Teller 2 claims the ticket after teller 1 read it but before teller 1 updated it."""
    first = QueueTicketFactory(branch=branch, number="A001")
    second = QueueTicketFactory(branch=branch, number="A002")
    teller1, teller2 = (StaffFactory(role=Role.TELLER, branch=branch) for _ in range(2))
    counter1, counter2 = CounterFactory(branch=branch), CounterFactory(branch=branch)
    real_seconds_between = queue_module.seconds_between
    results = {}
    raced = []

    def interleave(start, end):
        if not raced:
            raced.append(True)
            results["teller2"] = queue_call_next(actor=teller2, counter_id=counter2.pk)
        return real_seconds_between(start, end)

    with mock.patch.object(queue_module, "seconds_between", side_effect=interleave):
        results["teller1"] = queue_call_next(actor=teller1, counter_id=counter1.pk)
    assert results["teller2"].pk == first.pk
    assert results["teller1"].pk == second.pk
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.served_by_id, first.counter_id) == (teller2.pk, counter2.pk)
    assert (second.served_by_id, second.counter_id) == (teller1.pk, counter1.pk)
    assert Interaction.objects.count() == 2


def test_queue_ticket_complete_records_handle_time_and_closes(branch, teller):
    counter = CounterFactory(branch=branch)
    QueueTicketFactory(branch=branch)
    ticket = queue_call_next(actor=teller, counter_id=counter.pk)
    QueueTicket.objects.filter(pk=ticket.pk).update(
        called_at=timezone.now() - dt.timedelta(seconds=240)
    )
    done = queue_ticket_complete(actor=teller, ticket_id=ticket.pk)
    assert done.status == TicketStatus.DONE
    assert 240 <= done.handle_seconds <= 245
    interaction = Interaction.objects.get(pk=ticket.interaction_id)
    assert (interaction.status, interaction.outcome) == (InteractionStatus.CLOSED, Outcome.RESOLVED)


def test_queue_ticket_complete_keeps_an_outcome_already_recorded(branch, teller):
    from xinfa.service.services import interaction_close

    counter = CounterFactory(branch=branch)
    QueueTicketFactory(branch=branch)
    ticket = queue_call_next(actor=teller, counter_id=counter.pk)
    interaction_close(actor=teller, interaction_id=ticket.interaction_id, outcome="referred")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.DONE
    with pytest.raises(InvalidTransition):
        queue_ticket_complete(actor=teller, ticket_id=ticket.pk)
    assert Interaction.objects.get(pk=ticket.interaction_id).outcome == Outcome.REFERRED


def test_queue_ticket_complete_refusals(branch, teller):
    waiting = QueueTicketFactory(branch=branch)
    with pytest.raises(InvalidTransition):
        queue_ticket_complete(actor=teller, ticket_id=waiting.pk)
    with pytest.raises(NotFound):
        queue_ticket_complete(actor=teller, ticket_id=999999)
    counter = CounterFactory(branch=branch)
    ticket = queue_call_next(actor=teller, counter_id=counter.pk)
    with pytest.raises(Forbidden):
        queue_ticket_complete(
            actor=StaffFactory(role=Role.TELLER, branch=branch), ticket_id=ticket.pk
        )
    with pytest.raises(Forbidden):
        queue_ticket_complete(
            actor=StaffFactory(role=Role.AGENT, branch=branch), ticket_id=ticket.pk
        )
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.CALLED


def test_queue_ticket_no_show_closes_as_unresolved(branch, teller):
    counter = CounterFactory(branch=branch)
    QueueTicketFactory(branch=branch)
    ticket = queue_call_next(actor=teller, counter_id=counter.pk)
    result = queue_ticket_no_show(actor=teller, ticket_id=ticket.pk)
    assert (result.status, result.handle_seconds) == (TicketStatus.NO_SHOW, None)
    interaction = Interaction.objects.get(pk=ticket.interaction_id)
    assert (interaction.status, interaction.outcome) == (
        InteractionStatus.CLOSED,
        Outcome.UNRESOLVED,
    )
    with pytest.raises(InvalidTransition):
        queue_ticket_no_show(actor=teller, ticket_id=ticket.pk)


def test_queue_ticket_triage_to_self_service_leaves_queue(branch, lobby):
    ticket = QueueTicketFactory(branch=branch)
    result = queue_ticket_triage(
        actor=lobby, ticket_id=ticket.pk, target="self_service", reason="查询余额可用智能柜台"
    )
    result.refresh_from_db()
    assert (result.status, result.triage_target, result.triage_reason) == (
        TicketStatus.TRIAGED,
        "self_service",
        "查询余额可用智能柜台",
    )


def test_queue_ticket_triage_to_counter_stays_waiting(branch, lobby):
    ticket = QueueTicketFactory(branch=branch)
    result = queue_ticket_triage(
        actor=lobby, ticket_id=ticket.pk, target="counter", reason="需本人柜面签字"
    )
    assert (result.status, result.triage_target) == (TicketStatus.WAITING, "counter")


def test_queue_ticket_triage_refusals(branch, lobby, teller):
    ticket = QueueTicketFactory(branch=branch)
    cases = [
        ({"target": "specialist", "reason": " "}, ValidationFailed),
        ({"target": "atm", "reason": "x"}, ValidationFailed),
        ({"target": "specialist", "reason": "r" * 301}, ValidationFailed),
    ]
    for kwargs, error in cases:
        with pytest.raises(error):
            queue_ticket_triage(actor=lobby, ticket_id=ticket.pk, **kwargs)
    with pytest.raises(Forbidden):
        queue_ticket_triage(actor=teller, ticket_id=ticket.pk, target="specialist", reason="x")
    with pytest.raises(NotFound):
        queue_ticket_triage(actor=lobby, ticket_id=999999, target="specialist", reason="x")
    called = QueueTicketFactory(branch=branch, status=TicketStatus.CALLED)
    with pytest.raises(InvalidTransition):
        queue_ticket_triage(actor=lobby, ticket_id=called.pk, target="specialist", reason="x")
    ticket.refresh_from_db()
    assert (ticket.status, ticket.triage_target) == (TicketStatus.WAITING, "")
