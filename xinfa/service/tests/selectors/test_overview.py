import datetime as dt

import pytest
from django.utils import timezone

from xinfa.core.roles import Role
from xinfa.service.enums import EventKind, InteractionStatus, TicketStatus
from xinfa.service.models import InteractionEvent
from xinfa.service.selectors import (
    AgentFigures,
    Average,
    ChannelFigures,
    ServiceTypeFigures,
    supervisor_overview,
)
from xinfa.service.services.rules import day_bounds
from xinfa.service.tests.factories import (
    BranchFactory,
    InteractionFactory,
    QueueTicketFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def day_data():
    """One branch's day: tickets, calls and escalations, plus noise from elsewhere."""
    branch = BranchFactory()
    today = timezone.localdate()
    start, _end = day_bounds(today)
    morning = start + dt.timedelta(hours=1)
    yesterday = start - dt.timedelta(hours=2)
    agent1 = StaffFactory(role=Role.AGENT, branch=branch, display_name="甲")
    agent2 = StaffFactory(role=Role.AGENT, branch=branch, display_name="乙")
    ticket = {"branch": branch, "business_date": today}
    QueueTicketFactory(
        number="A001", status=TicketStatus.DONE, wait_seconds=60, handle_seconds=200, **ticket
    )
    QueueTicketFactory(
        number="A002", status=TicketStatus.DONE, wait_seconds=120, handle_seconds=400, **ticket
    )
    QueueTicketFactory(number="A003", **ticket)
    QueueTicketFactory(
        number="V001", service_type="wealth", status=TicketStatus.CALLED, wait_seconds=30, **ticket
    )
    QueueTicketFactory(
        branch=branch,
        number="A001",
        status=TicketStatus.DONE,
        wait_seconds=999,
        handle_seconds=999,
        business_date=today - dt.timedelta(days=1),
    )
    QueueTicketFactory(number="A001", wait_seconds=999)  # another branch
    closed = {"handled_by": agent1, "status": InteractionStatus.CLOSED, "started_at": morning}
    InteractionFactory(handle_seconds=100, **closed)
    InteractionFactory(handle_seconds=300, **closed)
    chat = InteractionFactory(handled_by=agent2, channel="chat", kind="chat", started_at=morning)
    InteractionFactory(handled_by=agent2, channel="counter", kind="visit", started_at=yesterday)
    InteractionFactory(started_at=morning)  # another branch
    InteractionEvent.objects.create(interaction=chat, kind=EventKind.ESCALATED, actor=agent2)
    InteractionEvent.objects.create(interaction=chat, kind=EventKind.SECURITY, actor=agent2)
    old = InteractionEvent.objects.create(interaction=chat, kind=EventKind.ESCALATED, actor=agent2)
    InteractionEvent.objects.filter(pk=old.pk).update(at=yesterday)
    return branch, agent1, agent2


def test_supervisor_overview_exact_figures(day_data, django_assert_num_queries):
    branch, agent1, agent2 = day_data
    with django_assert_num_queries(9):
        overview = supervisor_overview(branch_id=branch.pk)
    assert overview.queue_waiting == 1
    assert overview.ticket_wait == Average(count=3, total_seconds=210)
    assert overview.ticket_wait.seconds == 70.0
    assert overview.ticket_handle == Average(count=2, total_seconds=600)
    assert overview.interaction_handle == Average(count=2, total_seconds=400)
    assert overview.service_types == [
        ServiceTypeFigures(
            "cash", "现金业务", issued=3, waiting=1, wait=Average(2, 180), handle=Average(2, 600)
        ),
        ServiceTypeFigures(
            "wealth", "理财", issued=1, waiting=0, wait=Average(1, 30), handle=Average(0, 0)
        ),
    ]
    assert overview.channels == [
        ChannelFigures("counter", "柜面", started=0, open_now=1, handle=Average(0, 0)),
        ChannelFigures("phone", "电话", started=2, open_now=0, handle=Average(2, 400)),
        ChannelFigures("chat", "在线客服", started=1, open_now=1, handle=Average(0, 0)),
    ]
    assert overview.open_interactions == 2
    assert (overview.escalations, overview.security_calls) == (1, 1)
    assert [e.kind for e in overview.recent_escalations] == ["security", "escalated"]
    assert overview.agents == [
        AgentFigures(agent1.pk, "甲", interactions=2, closed=2, handle=Average(2, 400)),
        AgentFigures(agent2.pk, "乙", interactions=1, closed=0, handle=Average(0, 0)),
    ]
    assert Average(0, 0).seconds is None


def test_supervisor_overview_all_branches_and_other_day(day_data):
    overview = supervisor_overview()
    assert overview.ticket_wait == Average(count=4, total_seconds=1209)
    assert sum(line.started for line in overview.channels) == 4
    tomorrow = supervisor_overview(day=timezone.localdate() + dt.timedelta(days=1))
    assert (tomorrow.queue_waiting, tomorrow.ticket_wait, tomorrow.escalations) == (
        0,
        Average(0, 0),
        0,
    )
    assert tomorrow.open_interactions == 3  # open now, whatever the day


def test_bot_handled_chats_count_per_channel_but_not_as_an_agent() -> None:
    from xinfa.chat.services.identity import chat_system_user

    person = StaffFactory(role=Role.AGENT, display_name="丙")
    started = timezone.now()
    InteractionFactory(
        handled_by=chat_system_user(), channel="chat", kind="chat", started_at=started
    )
    InteractionFactory(handled_by=person, channel="chat", kind="chat", started_at=started)

    overview = supervisor_overview()

    assert [figures.user_id for figures in overview.agents] == [person.pk]
    assert sum(figures.started for figures in overview.channels if figures.channel == "chat") == 2
