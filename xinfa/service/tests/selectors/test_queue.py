import datetime as dt

import pytest
from django.utils import timezone

from xinfa.core.exceptions import NotFound, ValidationFailed
from xinfa.service.enums import TicketStatus
from xinfa.service.selectors import (
    CounterServing,
    ServiceTypeQueue,
    counter_list,
    queue_board,
    queue_ticket_list,
)
from xinfa.service.tests.factories import BranchFactory, CounterFactory, QueueTicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def branch():
    return BranchFactory()


def test_queue_board_estimates_from_todays_handle_times(branch, django_assert_num_queries):
    now = timezone.now()
    cash1 = CounterFactory(branch=branch, code="1号", service_types=["cash"])
    CounterFactory(branch=branch, code="2号", service_types=[])  # handles every type
    CounterFactory(branch=branch, code="9号", is_active=False)
    for number, seconds in (("A001", 200), ("A002", 400)):
        QueueTicketFactory(
            branch=branch,
            number=number,
            status=TicketStatus.DONE,
            handle_seconds=seconds,
            called_at=now - dt.timedelta(minutes=9),
        )
    serving = QueueTicketFactory(
        branch=branch,
        number="A003",
        status=TicketStatus.CALLED,
        counter=cash1,
        called_at=now - dt.timedelta(minutes=1),
    )
    for number, priority in (("A004", False), ("A005", True), ("A006", False)):
        QueueTicketFactory(branch=branch, number=number, is_priority=priority)
    QueueTicketFactory(branch=branch, number="V001", service_type="wealth")
    with django_assert_num_queries(6):
        board = queue_board(branch_id=branch.pk)
    assert board.total_waiting == 4
    assert board.service_types == [
        # 3 waiting over 2 counters → 2 rounds × average 300 s of 2 served tickets
        ServiceTypeQueue(
            service_type="cash",
            label="现金业务",
            waiting=3,
            priority_waiting=1,
            next_numbers=["A005", "A004", "A006"],
            counters=2,
            handled_count=2,
            average_handle_seconds=300,
            estimated_wait_seconds=600,
        ),
        ServiceTypeQueue(
            service_type="wealth",
            label="理财",
            waiting=1,
            priority_waiting=0,
            next_numbers=["V001"],
            counters=1,
            handled_count=0,
            average_handle_seconds=300,
            estimated_wait_seconds=300,
        ),
    ]
    assert board.now_serving[0] == CounterServing(
        counter_id=cash1.pk,
        counter_code="1号",
        ticket_id=serving.pk,
        number="A003",
        service_type="cash",
        called_at=serving.called_at,
    )
    assert [line.counter_code for line in board.now_serving] == ["1号", "2号"]
    assert [t.number for t in board.recently_called] == ["A003", "A002", "A001"]


def test_queue_board_type_without_counter_counts_every_ticket(branch):
    CounterFactory(branch=branch, service_types=["cash"])
    for index in range(3):
        QueueTicketFactory(branch=branch, number=f"L00{index}", service_type="loan")
    (line,) = queue_board(branch_id=branch.pk).service_types
    assert (line.counters, line.estimated_wait_seconds) == (0, 900)


def test_queue_board_other_day_and_unknown_branch(branch):
    QueueTicketFactory(branch=branch)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert queue_board(branch_id=branch.pk, business_date=tomorrow).total_waiting == 0
    with pytest.raises(NotFound):
        queue_board(branch_id=424242)


def test_queue_ticket_list_and_counter_list(branch, django_assert_num_queries):
    first = QueueTicketFactory(branch=branch, number="A001")
    second = QueueTicketFactory(branch=branch, number="A002", status=TicketStatus.NO_SHOW)
    with django_assert_num_queries(2):
        rows = list(queue_ticket_list(branch_id=branch.pk))
        [str(row.counter) for row in rows]
    assert rows == [first, second]
    assert list(queue_ticket_list(branch_id=branch.pk, status="no_show")) == [second]
    with pytest.raises(ValidationFailed):
        queue_ticket_list(branch_id=branch.pk, status="lost")
    counter = CounterFactory(branch=branch, code="A窗")
    assert list(counter_list(branch_id=branch.pk)) == [counter]
    with pytest.raises(NotFound):
        counter_list(branch_id=99999)
