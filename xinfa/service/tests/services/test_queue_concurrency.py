"""Real concurrent call-next on PostgreSQL (row locks with SKIP LOCKED plus compare-and-set).

SQLite's in-memory test database cannot serve several writing threads; there the race is
covered deterministically in test_queue.py.
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from xinfa.core.roles import Role
from xinfa.service.enums import TicketStatus
from xinfa.service.models import Interaction, QueueTicket
from xinfa.service.services import queue_call_next
from xinfa.service.tests.factories import (
    BranchFactory,
    CounterFactory,
    QueueTicketFactory,
    StaffFactory,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.services,
    pytest.mark.skipif(
        not os.environ.get("XINFA_TEST_DATABASE_URL"), reason="needs XINFA_TEST_DATABASE_URL"
    ),
]

TELLERS = 6


def test_queue_call_next_concurrent_tellers_get_distinct_tickets():
    branch = BranchFactory()
    tickets = [QueueTicketFactory(branch=branch, number=f"A{i:03d}") for i in range(1, 5)]
    pairs = [
        (StaffFactory(role=Role.TELLER, branch=branch), CounterFactory(branch=branch))
        for _ in range(TELLERS)
    ]
    barrier = threading.Barrier(TELLERS)

    def call(pair):
        teller, counter = pair
        try:
            barrier.wait(timeout=10)
            ticket = queue_call_next(actor=teller, counter_id=counter.pk)
            return ticket.pk if ticket else None
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=TELLERS) as pool:
        results = list(pool.map(call, pairs))
    called = sorted(pk for pk in results if pk is not None)
    assert called == sorted(ticket.pk for ticket in tickets)
    assert results.count(None) == TELLERS - len(tickets)
    assert QueueTicket.objects.filter(status=TicketStatus.CALLED).count() == len(tickets)
    assert Interaction.objects.count() == len(tickets)
