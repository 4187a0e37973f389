"""Lobby queue history: tickets with wait and handle times, and triage with reasons."""

import datetime as dt
import random
from collections import defaultdict

from xinfa.accounts.models import Branch, User
from xinfa.core.roles import Role
from xinfa.demo.generator.bank import DemoBank
from xinfa.service.enums import SERVICE_TYPE_PREFIX, ServiceType, TicketStatus, TriageTarget
from xinfa.service.models import Counter, Interaction, QueueTicket

# Minutes a customer typically waits when issued a ticket at this hour (peaks mid-morning).
_WAIT_BY_HOUR = {9: 6, 10: 16, 11: 20, 12: 9, 13: 8, 14: 14, 15: 17, 16: 10}
_HANDLE_MINUTES = {
    ServiceType.CASH: (2, 6),
    ServiceType.ACCOUNT: (8, 20),
    ServiceType.CARD: (4, 12),
    ServiceType.TRANSFER: (3, 9),
    ServiceType.WEALTH: (10, 30),
    ServiceType.LOAN: (10, 35),
    ServiceType.CORPORATE: (8, 25),
    ServiceType.OTHER: (3, 12),
}
_WALK_IN_TYPES = (
    (ServiceType.CASH, 30),
    (ServiceType.CARD, 15),
    (ServiceType.TRANSFER, 15),
    (ServiceType.ACCOUNT, 8),
    (ServiceType.WEALTH, 8),
    (ServiceType.LOAN, 5),
    (ServiceType.CORPORATE, 9),
    (ServiceType.OTHER, 10),
)
_TRIAGE = (
    (TriageTarget.SELF_SERVICE, "小额取款，引导至自助取款机办理"),
    (TriageTarget.SELF_SERVICE, "缴纳水电燃气费，引导至智能柜台"),
    (TriageTarget.SELF_SERVICE, "打印账户流水，引导至自助终端"),
    (TriageTarget.SELF_SERVICE, "手机银行可办理的转账，现场指导客户用手机完成"),
    (TriageTarget.SPECIALIST, "大额理财咨询，转理财经理"),
    (TriageTarget.SPECIALIST, "房贷咨询，转客户经理"),
    (TriageTarget.COUNTER, "智能柜台不支持外币业务，转人工窗口"),
    (TriageTarget.COUNTER, "高龄客户操作自助设备困难，转人工窗口优先办理"),
)


class TicketBook:
    """Collects tickets for every branch and day, then numbers them in issue order."""

    def __init__(self, rng: random.Random, bank: DemoBank) -> None:
        self.rng = rng
        self.bank = bank
        self.tickets: dict[tuple[int, dt.date], list[QueueTicket]] = defaultdict(list)

    def _counter_for(self, branch: Branch, service_type: str) -> Counter:
        counters = self.bank.counters[branch.pk]
        fitting = [c for c in counters if service_type in c.service_types]
        return self.rng.choice(fitting or counters)

    def _wait_seconds(self, at: dt.datetime, *, priority: bool) -> int:
        minutes = _WAIT_BY_HOUR.get(at.hour, 8) * self.rng.uniform(0.3, 1.7)
        return int(minutes * (0.3 if priority else 1.0) * 60) + self.rng.randint(0, 59)

    def add_for_interaction(
        self, interaction: Interaction, *, service_type: str, priority: bool
    ) -> None:
        """Record the ticket a counter visit was served under."""
        if interaction.branch_id not in self.bank.counters:
            return
        branch = interaction.branch
        if branch is None:  # not reached: the branch id was found among the counters
            return
        wait = self._wait_seconds(interaction.started_at, priority=priority)
        closed = interaction.ended_at is not None
        self.tickets[(branch.pk, interaction.started_at.date())].append(
            QueueTicket(
                branch=branch,
                service_type=service_type,
                customer_id=interaction.customer_id,
                is_priority=priority,
                status=TicketStatus.DONE if closed else TicketStatus.CALLED,
                issued_at=interaction.started_at - dt.timedelta(seconds=wait),
                issued_by=self._lobby(branch),
                called_at=interaction.started_at,
                completed_at=interaction.ended_at,
                counter=self._counter_for(branch, service_type),
                served_by=interaction.handled_by,
                wait_seconds=wait,
                handle_seconds=interaction.handle_seconds,
                interaction=interaction,
            )
        )

    def _lobby(self, branch: Branch) -> User | None:
        staff = self.bank.staff(branch, Role.LOBBY_MANAGER)
        return staff[0] if staff else None

    def fill_day(
        self, branch: Branch, day: dt.date, *, count: int, now: dt.datetime, tz: dt.tzinfo
    ) -> None:
        """Add walk-in tickets with no recorded conversation: served, missed or triaged."""
        rng = self.rng
        tellers = self.bank.staff(branch, Role.TELLER)
        types, weights = zip(*_WALK_IN_TYPES, strict=True)
        for _ in range(count):
            issued = dt.datetime.combine(day, dt.time(9), tz) + dt.timedelta(
                seconds=rng.randrange(8 * 3600)
            )
            if issued >= now:
                continue
            service_type = rng.choices(types, weights=weights)[0]
            ticket = QueueTicket(
                branch=branch,
                service_type=service_type,
                issued_at=issued,
                issued_by=self._lobby(branch),
                is_priority=rng.random() < 0.08,
            )
            roll = rng.random()
            if roll < 0.15:
                ticket.status = TicketStatus.TRIAGED
                ticket.triage_target, ticket.triage_reason = rng.choice(_TRIAGE)
            else:
                wait = self._wait_seconds(issued, priority=ticket.is_priority)
                called = issued + dt.timedelta(seconds=wait)
                if called >= now:
                    ticket.status = TicketStatus.WAITING  # still in the lobby right now
                elif roll < 0.21:
                    ticket.status, ticket.called_at = TicketStatus.NO_SHOW, called
                else:
                    low, high = _HANDLE_MINUTES[service_type]
                    handle = rng.randint(low * 60, high * 60)
                    done = called + dt.timedelta(seconds=handle)
                    ticket.called_at, ticket.wait_seconds = called, wait
                    ticket.counter = self._counter_for(branch, service_type)
                    ticket.served_by = rng.choice(tellers)
                    if done >= now:
                        ticket.status = TicketStatus.CALLED
                    else:
                        ticket.status, ticket.completed_at, ticket.handle_seconds = (
                            TicketStatus.DONE,
                            done,
                            handle,
                        )
            self.tickets[(branch.pk, day)].append(ticket)

    def numbered(self) -> list[QueueTicket]:
        """Return every ticket, numbered per branch, day and service prefix in issue order."""
        result: list[QueueTicket] = []
        for (_, day), tickets in sorted(
            self.tickets.items(), key=lambda item: (item[0][1], item[0][0])
        ):
            sequence: dict[str, int] = defaultdict(int)
            for ticket in sorted(tickets, key=lambda t: t.issued_at):
                prefix = SERVICE_TYPE_PREFIX[ServiceType(ticket.service_type)]
                sequence[prefix] += 1
                ticket.number = f"{prefix}{sequence[prefix]:03d}"
                ticket.business_date = day
                result.append(ticket)
        return result
