"""Write the planned interactions, their messages, service log, events and queue tickets."""

import datetime as dt
import random
from dataclasses import dataclass
from typing import TypeVar

from django.db import models

from xinfa.customers.enums import VipTier
from xinfa.demo.generator.bank import DemoBank
from xinfa.demo.generator.conversations import KIND_BY_CHANNEL, Planned, Planner
from xinfa.demo.generator.customers import CustomerProfile
from xinfa.demo.generator.queue import TicketBook
from xinfa.service.enums import Channel, EventKind, InteractionStatus, Outcome, Speaker
from xinfa.service.models import (
    Interaction,
    InteractionEvent,
    Message,
    QueueTicket,
    ServiceLogEntry,
)

BATCH = 500
M = TypeVar("M", bound=models.Model)
_RESULT_FOR_ESCALATION: dict[str, str] = {
    Outcome.ESCALATED: "客户情绪激动，已转值班主管处理",
    Outcome.COMPLAINT: "已按投诉受理，24小时内首次联系客户",
}


@dataclass
class HistoryCounts:
    interactions: int = 0
    messages: int = 0
    tickets: int = 0


def write_history(
    rng: random.Random,
    bank: DemoBank,
    profiles: list[CustomerProfile],
    *,
    start: dt.date,
    end: dt.date,
    per_day: int,
    now: dt.datetime,
    progress: object = None,
) -> HistoryCounts:
    """Create interactions day by day from `start` to `end` (inclusive), and the lobby queues.

    Raises:
        IntegrityError: rows from an earlier seed are in the way (seed an empty database).
        ValueError: `now` is naive.
    """
    tz = now.tzinfo
    if tz is None:
        raise ValueError("now must be timezone-aware")
    planner = Planner(rng, bank, profiles)
    book = TicketBook(rng, bank)
    counts = HistoryCounts()
    pending: list[Planned] = []
    day = start
    while day <= end:
        weekend = day.weekday() >= 5
        expected = per_day * (0.6 if weekend else 1.0)
        for _ in range(max(0, round(rng.gauss(expected, expected * 0.2)))):
            planned = planner.plan(day, tz, now)
            if planned is not None:
                pending.append(planned)
        for branch in bank.physical_branches:
            book.fill_day(
                branch,
                day,
                count=rng.randint(15, 30) if weekend else rng.randint(30, 55),
                now=now,
                tz=tz,
            )
        if len(pending) >= BATCH or day == end:
            _flush(rng, pending, book, now, counts)
            if progress is not None:
                progress.update(len(pending))  # type: ignore[attr-defined]
            pending = []
        day += dt.timedelta(days=1)
    tickets = book.numbered()
    for index in range(0, len(tickets), BATCH):
        QueueTicket.objects.bulk_create(tickets[index : index + BATCH])
    counts.tickets = len(tickets)
    return counts


def _status(planned: Planned, now: dt.datetime) -> str:
    if now - planned.started_at < dt.timedelta(minutes=20):
        return InteractionStatus.OPEN
    if planned.outcome in (
        Outcome.ESCALATED,
        Outcome.COMPLAINT,
    ) and now - planned.started_at < dt.timedelta(days=2):
        return InteractionStatus.ESCALATED
    return InteractionStatus.CLOSED


def _insert(manager: models.Manager[M], rows: list[M]) -> None:
    for index in range(0, len(rows), 2000):
        manager.bulk_create(rows[index : index + 2000])


def _flush(
    rng: random.Random,
    pending: list[Planned],
    book: TicketBook,
    now: dt.datetime,
    counts: HistoryCounts,
) -> None:
    interactions = []
    for planned in pending:
        status = _status(planned, now)
        is_open = status == InteractionStatus.OPEN
        ended = (
            None if is_open else planned.started_at + dt.timedelta(seconds=planned.handle_seconds)
        )
        interactions.append(
            Interaction(
                customer_id=planned.profile.pk,
                channel=planned.channel,
                kind=KIND_BY_CHANNEL[planned.channel],
                status=status,
                handled_by=planned.handler,
                branch=planned.branch,
                subject=rng.choice(planned.topic.subjects),
                started_at=planned.started_at,
                ended_at=ended,
                outcome="" if is_open else planned.outcome,
                handle_seconds=None if is_open else planned.handle_seconds,
                created_at=planned.started_at,
                updated_at=ended or planned.started_at,
            )
        )
    Interaction.objects.bulk_create(interactions)
    messages, logs, events = [], [], []
    for planned, interaction in zip(pending, interactions, strict=True):
        turns = planned.turns if interaction.ended_at else planned.turns[:3]  # still talking
        span = planned.handle_seconds
        if interaction.ended_at is None:  # no message may lie in the future
            span = min(span, int((now - planned.started_at).total_seconds()))
        for index, turn in enumerate(turns):
            author = planned.supervisor if turn.by_supervisor else planned.handler
            messages.append(
                Message(
                    interaction=interaction,
                    sequence=index + 1,
                    speaker=turn.speaker,
                    author=author if turn.speaker == Speaker.AGENT else None,
                    text=turn.text,
                    sent_at=planned.started_at
                    + dt.timedelta(seconds=span * index // max(len(turns), 1)),
                )
            )
        events.append(
            InteractionEvent(
                interaction=interaction,
                kind=EventKind.OPENED,
                actor=planned.handler,
                at=planned.started_at,
            )
        )
        if planned.channel == Channel.COUNTER:
            profile = planned.profile
            priority = (
                bool(profile.accessibility)
                or (profile.age or 0) >= 75
                or profile.vip_tier in (VipTier.DIAMOND, VipTier.PRIVATE)
            )
            book.add_for_interaction(
                interaction, service_type=planned.topic.service_type, priority=priority
            )
        if interaction.ended_at is None:
            continue
        escalated = planned.outcome in (Outcome.ESCALATED, Outcome.COMPLAINT)
        if escalated:
            events.append(
                InteractionEvent(
                    interaction=interaction,
                    kind=EventKind.ESCALATED,
                    actor=planned.handler,
                    from_user=planned.handler,
                    to_user=planned.supervisor,
                    reason="客户情绪激动，要求找负责人",
                    at=planned.started_at + dt.timedelta(seconds=span // 2),
                )
            )
        if interaction.status == InteractionStatus.CLOSED:
            events.append(
                InteractionEvent(
                    interaction=interaction,
                    kind=EventKind.CLOSED,
                    actor=planned.handler,
                    at=interaction.ended_at,
                )
            )
        topic = planned.topic
        logs.append(
            ServiceLogEntry(
                interaction=interaction,
                need=topic.needs[planned.path % len(topic.needs)],
                process=topic.processes[planned.path % len(topic.processes)],
                result=_RESULT_FOR_ESCALATION.get(planned.outcome)
                or topic.results[planned.path % len(topic.results)],
                recorded_by=planned.handler,
                created_at=interaction.ended_at,
                updated_at=interaction.ended_at,
            )
        )
    _insert(Message.objects, messages)
    _insert(ServiceLogEntry.objects, logs)
    _insert(InteractionEvent.objects, events)
    counts.interactions += len(interactions)
    counts.messages += len(messages)
