import datetime as dt

import pytest
from django.utils import timezone

from xinfa.compliance.models import AccessLog
from xinfa.core.exceptions import Forbidden, NotFound, ValidationFailed
from xinfa.core.roles import Role
from xinfa.service.enums import EventKind, TicketStatus
from xinfa.service.models import InteractionEvent, ServiceLogEntry
from xinfa.service.selectors import (
    interaction_detail,
    interaction_list,
    interaction_timeline_for_customer,
    message_list,
)
from xinfa.service.tests.factories import (
    InteractionFactory,
    MessageFactory,
    QueueTicketFactory,
    ServiceCustomerFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer():
    return StaffFactory(role=Role.QA_INSPECTOR)


def _touch(rows):
    return [(r.customer.name if r.customer else "", str(r.handled_by), str(r.branch)) for r in rows]


@pytest.mark.parametrize("size", [3, 12])
def test_interaction_list_query_count_is_constant(viewer, size, django_assert_num_queries):
    for _ in range(size):
        InteractionFactory(customer=ServiceCustomerFactory())
    with django_assert_num_queries(1):
        rows = list(interaction_list(actor=viewer))
        touched = _touch(rows)
    assert len(touched) == size


def test_interaction_list_filters(viewer):
    now = timezone.now()
    customer = ServiceCustomerFactory()
    first = InteractionFactory(customer=customer, started_at=now - dt.timedelta(hours=5))
    second = InteractionFactory(channel="email", kind="email", started_at=now)
    assert list(interaction_list(actor=viewer)) == [second, first]
    assert list(interaction_list(actor=viewer, customer_id=customer.pk)) == [first]
    assert list(interaction_list(actor=viewer, channel="email")) == [second]
    assert list(interaction_list(actor=viewer, handled_by_id=first.handled_by_id)) == [first]
    assert list(interaction_list(actor=viewer, status="closed")) == []
    assert list(interaction_list(actor=viewer, until=now - dt.timedelta(hours=1))) == [first]
    assert list(interaction_list(actor=viewer, since=now)) == [second]


def test_interaction_list_refusals(viewer):
    with pytest.raises(ValidationFailed):
        interaction_list(actor=viewer, channel="fax")
    with pytest.raises(ValidationFailed):
        interaction_list(actor=viewer, status="lost")
    with pytest.raises(Forbidden):
        interaction_list(actor=StaffFactory(role=Role.TRAINER))


@pytest.mark.parametrize("size", [1, 8])
def test_interaction_detail_query_count_is_constant(viewer, size, django_assert_num_queries):
    interaction = InteractionFactory(customer=ServiceCustomerFactory())
    for sequence in range(1, size + 1):
        MessageFactory(interaction=interaction, sequence=sequence)
        ServiceLogEntry.objects.create(
            interaction=interaction, need=f"需求{sequence}", recorded_by=interaction.handled_by
        )
        InteractionEvent.objects.create(
            interaction=interaction, kind=EventKind.OPENED, actor=interaction.handled_by
        )
    QueueTicketFactory(interaction=interaction, status=TicketStatus.CALLED)
    # interaction+ticket, messages, service log, events, audit insert
    with django_assert_num_queries(5):
        detail = interaction_detail(actor=viewer, interaction_id=interaction.pk)
        [str(m.author) for m in detail.messages]
        [str(e.actor) for e in detail.events]
        [str(s.recorded_by) for s in detail.service_log]
        str(detail.ticket.counter)
    assert (len(detail.messages), len(detail.service_log), len(detail.events)) == (size, size, size)


def test_interaction_detail_content_and_audit(viewer):
    customer = ServiceCustomerFactory(
        phone="13900001111", vip_tier="gold", accessibility_needs=["hearing"]
    )
    interaction = InteractionFactory(customer=customer)
    MessageFactory(interaction=interaction, sequence=2, text="二")
    MessageFactory(interaction=interaction, sequence=1, text="一")
    detail = interaction_detail(actor=viewer, interaction_id=interaction.pk)
    assert [m.text for m in detail.messages] == ["一", "二"]
    assert detail.customer.masked_phone == "139****1111"
    assert (detail.customer.vip_tier, detail.customer.accessibility_needs) == ("gold", ["hearing"])
    assert (detail.customer.age_band, detail.customer.is_elderly) == ("middle", False)
    assert detail.ticket is None
    log = AccessLog.objects.get()
    assert (log.action, log.customer_id, log.interaction_id) == (
        "interaction.view",
        customer.pk,
        interaction.pk,
    )


def test_interaction_detail_without_customer_is_not_audited(viewer):
    interaction = InteractionFactory()
    detail = interaction_detail(actor=viewer, interaction_id=interaction.pk)
    assert detail.customer is None
    assert AccessLog.objects.count() == 0


def test_interaction_detail_refusals(viewer):
    with pytest.raises(NotFound):
        interaction_detail(actor=viewer, interaction_id=31337)
    interaction = InteractionFactory(customer=ServiceCustomerFactory())
    with pytest.raises(Forbidden):
        interaction_detail(actor=StaffFactory(role=Role.ADMIN), interaction_id=interaction.pk)
    assert AccessLog.objects.count() == 0


def test_message_list_after_and_refusals(viewer):
    interaction = InteractionFactory()
    for sequence in (1, 2, 3):
        MessageFactory(interaction=interaction, sequence=sequence)
    assert [
        m.sequence for m in message_list(actor=viewer, interaction_id=interaction.pk, after=2)
    ] == [3]
    with pytest.raises(NotFound):
        message_list(actor=viewer, interaction_id=4040)


def test_interaction_timeline_for_customer_still_works():
    customer = ServiceCustomerFactory()
    interaction = InteractionFactory(customer=customer, subject="开户")
    entries = interaction_timeline_for_customer(customer_id=customer.pk)
    assert [(e.interaction_id, e.channel_label, e.subject) for e in entries] == [
        (interaction.pk, "电话", "开户")
    ]
