"""Months of interactions across every channel, with messages, service log and events."""

import datetime as dt
import itertools
import random
from dataclasses import dataclass, field

from xinfa.accounts.models import Branch, User
from xinfa.core.roles import Role
from xinfa.customers.enums import VipTier
from xinfa.demo.generator.bank import DemoBank
from xinfa.demo.generator.customers import CustomerProfile
from xinfa.demo.generator.dialogues import (
    ALL_TOPICS,
    IN_PERSON,
    Turn,
    render_conversation,
    topic_suits,
)
from xinfa.demo.generator.dialogues.model import Topic
from xinfa.service.enums import Channel, InteractionKind

KIND_BY_CHANNEL: dict[str, InteractionKind] = {
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
# How strongly each kind of customer reaches for each channel.
_AFFINITY: dict[str, dict[str, int]] = {
    "elderly": {
        Channel.COUNTER: 10,
        Channel.LOBBY: 5,
        Channel.PHONE: 6,
        Channel.SMART_COUNTER: 2,
        Channel.VIDEO: 1,
    },
    "young": {
        Channel.APP: 8,
        Channel.CHAT: 8,
        Channel.SOCIAL: 3,
        Channel.PHONE: 3,
        Channel.COUNTER: 3,
        Channel.EMAIL: 1,
        Channel.SMART_COUNTER: 2,
        Channel.VIDEO: 2,
    },
    "middle": {
        Channel.COUNTER: 6,
        Channel.PHONE: 6,
        Channel.APP: 5,
        Channel.CHAT: 4,
        Channel.EMAIL: 2,
        Channel.VIDEO: 2,
        Channel.LOBBY: 2,
        Channel.SMART_COUNTER: 2,
        Channel.SOCIAL: 1,
    },
    "corporate": {Channel.COUNTER: 8, Channel.PHONE: 4, Channel.EMAIL: 4},
}
_PLACES = ("商场", "地铁上", "菜市场", "公交车上", "健身房", "出租车上")
_PAYEES = ("王强", "房东刘先生", "李女士", "装修公司", "我女儿", "老家的哥哥")
_SURNAME_STAFF = "王李张刘陈杨赵周吴孙"


@dataclass
class Planned:
    """One interaction decided but not yet written."""

    profile: CustomerProfile
    topic: Topic
    channel: str
    branch: Branch
    handler: User
    supervisor: User | None
    started_at: dt.datetime
    outcome: str
    handle_seconds: int
    path: int = 0
    turns: list[Turn] = field(default_factory=list)


def _segment(profile: CustomerProfile) -> str:
    if profile.is_corporate:
        return "corporate"
    if profile.is_elderly:
        return "elderly"
    return "young" if (profile.age or 0) < 36 else "middle"


def _slots(
    rng: random.Random,
    profile: CustomerProfile,
    handler: User,
    supervisor: User | None,
    branch: Branch,
    day: dt.date,
) -> dict[str, str]:
    product = rng.choice(profile.products or ["稳享添利90天"])
    return {
        "addr": profile.address,
        "name": profile.name,
        "agent": handler.display_name,
        "no": handler.employee_number,
        "bank": "心法银行",
        "branch": branch.name,
        "tail": profile.card_tail or profile.phone_tail,
        "phone_tail": profile.phone_tail,
        "amount": str(rng.choice((200, 500, 1000, 3000, 5000, 8000, 20000))),
        "date": f"{(day - dt.timedelta(days=rng.randint(1, 6))):%m月%d日}".lstrip("0"),
        "place": rng.choice(_PLACES),
        "payee": rng.choice(_PAYEES),
        "fee": rng.choice(("2", "3", "5")),
        "limit": str(rng.choice((5000, 10000, 20000))),
        "new_limit": str(rng.choice((30000, 50000, 80000))),
        "product": product,
        "prisk": rng.choice(("R2", "R3", "R4")),
        "risk": profile.risk_level or "C2",
        "rate": rng.choice(("2.3", "2.8", "3.1", "3.6")),
        "sup": supervisor.display_name if supervisor else rng.choice(_SURNAME_STAFF) + "经理",
        "company": profile.name,
        "days": str(rng.randint(3, 40)),
    }


class Planner:
    """Decides who contacts the bank, when, through which channel and about what."""

    def __init__(self, rng: random.Random, bank: DemoBank, profiles: list[CustomerProfile]) -> None:
        self.rng = rng
        self.bank = bank
        self.profiles = profiles
        # A few customers contact the bank far more often than the rest, as in life.
        self.cum_weights = list(itertools.accumulate(rng.paretovariate(1.6) for _ in profiles))
        self.topics = {
            id(p): [
                t
                for t in ALL_TOPICS
                if topic_suits(
                    t, is_corporate=p.is_corporate, age=p.age, is_wealthy=p.vip_tier != VipTier.NONE
                )
            ]
            for p in profiles
        }

    def plan(self, day: dt.date, tz: dt.tzinfo, now: dt.datetime) -> Planned | None:
        rng = self.rng
        profile = rng.choices(self.profiles, cum_weights=self.cum_weights)[0]
        topics = self.topics[id(profile)]
        topic = rng.choices(topics, weights=[t.weight for t in topics])[0]
        affinity = _AFFINITY[_segment(profile)]
        channels = [c for c in topic.channels if c in affinity] or list(topic.channels)
        channel = rng.choices(channels, weights=[affinity.get(c, 1) for c in channels])[0]
        branch, handler = self._staff_for(channel, topic, profile)
        open_hour, close_hour = (9, 17) if channel in IN_PERSON else (8, 22)
        started = dt.datetime.combine(day, dt.time(open_hour), tz) + dt.timedelta(
            seconds=rng.randrange((close_hour - open_hour) * 3600)
        )
        if started >= now:
            return None
        low, high = topic.handle_minutes
        seconds = rng.randint(low * 60, high * 60)
        if channel == Channel.EMAIL:
            seconds = rng.randint(2 * 3600, 26 * 3600)
        outcome = rng.choices(
            [o for o, _ in topic.outcomes], weights=[w for _, w in topic.outcomes]
        )[0]
        supervisors = self.bank.staff(branch, Role.SUPERVISOR)
        supervisor = supervisors[0] if supervisors else None
        planned = Planned(
            profile, topic, channel, branch, handler, supervisor, started, outcome, seconds
        )
        planned.path = rng.randrange(12)
        planned.turns = render_conversation(
            rng,
            planned.path,
            topic,
            channel=channel,
            slots=_slots(rng, profile, handler, supervisor, branch, day),
            outcome=outcome,
            language=profile.language,
            is_sloppy=int(handler.employee_number) % 5 == 0,  # not pk: must not vary by DB
            is_young=_segment(profile) == "young",
        )
        return planned

    def _staff_for(
        self, channel: str, topic: Topic, profile: CustomerProfile
    ) -> tuple[Branch, User]:
        if channel not in IN_PERSON:
            centre = self.bank.contact_centre
            return centre, self.rng.choice(self.bank.staff(centre, Role.AGENT))
        branch = (
            profile.branch
            if self.rng.random() < 0.9
            else self.rng.choice(self.bank.physical_branches)
        )
        role = Role.TELLER
        if channel in (Channel.LOBBY, Channel.SMART_COUNTER):
            role = Role.LOBBY_MANAGER
        elif topic.key == "wealth_product" and self.rng.random() < 0.7:
            role = Role.WEALTH_MANAGER
        elif profile.is_corporate and self.rng.random() < 0.3:
            role = Role.RELATIONSHIP_MANAGER
        return branch, self.rng.choice(self.bank.staff(branch, role))
