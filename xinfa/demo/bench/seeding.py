"""Seed a large bank for the benchmark: customers, interactions and messages in bulk."""

import datetime as dt
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from xinfa.accounts.models import Branch, User
from xinfa.core.roles import Role
from xinfa.customers.enums import CustomerKind, HoldingKind, VipTier
from xinfa.customers.models import Customer, CustomerPreference, Holding
from xinfa.customers.services import customer_name_grams_refresh, customer_number_format
from xinfa.customers.text import search_form  # what Customer.save() fills search_name with
from xinfa.demo.bench.rows import BulkWriter
from xinfa.demo.generator import identity
from xinfa.demo.generator.dialogues import ALL_TOPICS, Turn, render_conversation
from xinfa.service.enums import Channel, InteractionKind, InteractionStatus, Outcome, Speaker
from xinfa.service.models import Interaction, Message

BENCH_PASSWORD = "bench-teller-password"  # noqa: S105 - throw-away benchmark database
_CHANNELS = (Channel.COUNTER, Channel.PHONE, Channel.CHAT, Channel.APP, Channel.VIDEO)
_KINDS = {
    Channel.COUNTER: InteractionKind.VISIT,
    Channel.PHONE: InteractionKind.CALL,
    Channel.CHAT: InteractionKind.CHAT,
    Channel.APP: InteractionKind.CHAT,
    Channel.VIDEO: InteractionKind.CALL,
}
_REGIONS = tuple(code for codes in identity.CITY_REGIONS.values() for code in codes)
_SLOTS = {
    "addr": "王女士",
    "name": "王丽",
    "agent": "李晓明",
    "no": "1001",
    "bank": "心法银行",
    "branch": "心法银行北京朝阳支行",
    "tail": "1234",
    "phone_tail": "5678",
    "amount": "3000",
    "date": "3月2日",
    "place": "商场",
    "payee": "李女士",
    "fee": "2",
    "limit": "10000",
    "new_limit": "30000",
    "product": "稳享添利90天",
    "prisk": "R2",
    "risk": "C3",
    "rate": "2.8",
    "sup": "张主管",
    "company": "北京星火软件有限公司",
    "days": "12",
}


@dataclass(frozen=True)
class BenchData:
    """What the measurements need: who signs in and which keys exist."""

    teller_id: int
    customers: int
    interactions: int
    messages: int


def _conversation_pool(rng: random.Random, size: int = 600) -> list[list[Turn]]:
    pool = []
    for index in range(size):
        topic = ALL_TOPICS[index % len(ALL_TOPICS)]
        channel = topic.channels[index % len(topic.channels)]
        if channel == Channel.EMAIL:
            channel = Channel.PHONE
        pool.append(
            render_conversation(
                rng,
                index,
                topic,
                channel=channel,
                slots=_SLOTS,
                outcome=Outcome.RESOLVED,
                language="mandarin",
                is_sloppy=index % 7 == 0,
                is_young=index % 3 == 0,
            )
        )
    return pool


def _customers(
    rng: random.Random, count: int, branch_id: int, now: dt.datetime
) -> Iterator[dict[str, Any]]:
    names: dict[str, str] = {}
    phones: set[str] = set()
    id_numbers: set[str] = set()
    for pk in range(1, count + 1):
        birth_year = rng.randint(1935, 2006)
        gender = rng.choice("MF")
        name = identity.person_name(rng, birth_year=birth_year, gender=gender)
        phone = identity.mobile_number(rng)
        while phone in phones:
            phone = identity.mobile_number(rng)
        phones.add(phone)
        birth = dt.date(birth_year, rng.randint(1, 12), rng.randint(1, 28))
        region = rng.choice(_REGIONS)
        id_number = identity.id_number(rng, region=region, birth_date=birth, gender=gender)
        while id_number in id_numbers:  # the column is unique
            id_number = identity.id_number(rng, region=region, birth_date=birth, gender=gender)
        id_numbers.add(id_number)
        yield {
            "id": pk,
            "created_at": now,
            "updated_at": now,
            "customer_number": customer_number_format(pk),
            "kind": CustomerKind.INDIVIDUAL,
            "name": name,
            "search_name": names.setdefault(name, search_form(name)[:100]),
            "id_number": id_number,
            "phone": phone,
            "phone_prefix": phone[:3],
            "phone_last4": phone[-4:],
            "birth_date": birth,
            "gender": gender,
            "accessibility_needs": [],
            "vip_tier": VipTier.NONE if rng.random() < 0.8 else VipTier.GOLD,
            "risk_level": f"C{rng.randint(1, 5)}",
            "home_branch_id": branch_id,
        }


def _interactions(
    rng: random.Random, count: int, customers: int, teller_id: int, branch_id: int, now: dt.datetime
) -> Iterator[dict[str, Any]]:
    # Heavy-tailed: a few customers have hundreds of contacts, most have none or one.
    cum_weights = list(itertools.accumulate(rng.paretovariate(1.2) for _ in range(customers)))
    owners = rng.choices(range(1, customers + 1), cum_weights=cum_weights, k=count)
    for pk, customer_id in enumerate(owners, start=1):
        channel = _CHANNELS[pk % len(_CHANNELS)]
        started = now - dt.timedelta(seconds=rng.randrange(365 * 86400))
        yield {
            "id": pk,
            "created_at": started,
            "updated_at": started,
            "customer_id": customer_id,
            "channel": channel,
            "kind": _KINDS[channel],
            "status": InteractionStatus.CLOSED,
            "handled_by_id": teller_id,
            "branch_id": branch_id,
            "subject": "服务记录",
            "started_at": started,
            "ended_at": started + dt.timedelta(minutes=8),
            "outcome": Outcome.RESOLVED,
            "handle_seconds": 480,
            "external_ref": None,
        }


def _messages(
    pool: list[list[Turn]], interactions: int, messages: int, teller_id: int, now: dt.datetime
) -> Iterator[dict[str, Any]]:
    base, extra = divmod(messages, interactions)
    pk = 0
    for interaction_id in range(1, interactions + 1):
        turns = pool[interaction_id % len(pool)]
        for sequence in range(1, base + (1 if interaction_id <= extra else 0) + 1):
            pk += 1
            turn = turns[(sequence - 1) % len(turns)]
            yield {
                "id": pk,
                "interaction_id": interaction_id,
                "sequence": sequence,
                "speaker": turn.speaker,
                "author_id": teller_id if turn.speaker == Speaker.AGENT else None,
                "text": turn.text,
                "sent_at": now,
                "client_id": None,
            }


def seed_bench(*, customers: int, messages: int, seed: int = 1) -> BenchData:
    """Create one teller, `customers` customers and `messages` messages in ~messages/10 chats.

    Raises:
        ValueError: fewer than one customer or message was asked for.
        django.db.DatabaseError: the database is not empty (seed a fresh one).
    """
    if customers < 1 or messages < 1:
        raise ValueError("customers and messages must be at least 1")
    rng = random.Random(seed)  # noqa: S311 - reproducible benchmark data
    now = timezone.now()
    interactions = max(1, messages // 10)
    writer = BulkWriter()
    with transaction.atomic():
        branch = Branch.objects.create(code="BENCH", name="基准测试网点", city="北京")
        teller = User.objects.create_user(
            username="bench_teller", password=BENCH_PASSWORD, role=Role.TELLER, branch=branch
        )
        writer.write(Customer, _customers(rng, customers, branch.pk, now))
        customer_name_grams_refresh()  # the bulk writer bypasses save()
        writer.write(
            Holding,
            (
                {
                    "id": pk,
                    "created_at": now,
                    "updated_at": now,
                    "customer_id": pk,
                    "kind": HoldingKind.DEBIT_CARD,
                    "product_name": "借记卡",
                    "account_number": identity.card_number(
                        rng, bin_prefix=identity.DEBIT_CARD_BIN, length=19
                    ),
                }
                for pk in range(1, customers + 1)
            ),
        )
        writer.write(
            CustomerPreference,
            (
                {
                    "id": pk,
                    "created_at": now,
                    "updated_at": now,
                    "customer_id": pk * 3 - 2,
                    "category": "渠道习惯",
                    "text": "习惯在柜台办理",
                    "is_active": True,
                }
                for pk in range(1, (customers + 2) // 3 + 1)
            ),
        )
        writer.write(
            Interaction, _interactions(rng, interactions, customers, teller.pk, branch.pk, now)
        )
        writer.write(
            Message, _messages(_conversation_pool(rng), interactions, messages, teller.pk, now)
        )
        _reset_sequences()
    _analyze()
    return BenchData(
        teller_id=teller.pk, customers=customers, interactions=interactions, messages=messages
    )


def _reset_sequences() -> None:
    """Point PostgreSQL's id sequences past the explicit ids written (SQLite needs nothing)."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), [Customer, Holding, CustomerPreference, Interaction, Message]
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _analyze() -> None:
    """Refresh planner statistics, as autovacuum (PostgreSQL) or PRAGMA optimize would."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
