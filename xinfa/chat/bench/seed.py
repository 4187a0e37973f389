"""Seed chats for the load benchmark: N customers each in a chat already with an agent.

Run inside the target deployment's settings: `python -m xinfa.chat.bench.seed N OUT.json`.
Rows are bulk-inserted (the benchmark measures messaging, not session start).
"""

import json
import secrets
import sys
from pathlib import Path

import django


def seed(count: int) -> list[dict[str, object]]:
    """Create `count` assigned app chats and return [{session_id, token}]."""
    from django.db import transaction
    from django.utils import timezone

    from xinfa.accounts.models import User
    from xinfa.chat.enums import IdentityMethod, PresenceStatus, SessionState, Skill
    from xinfa.chat.models import AgentPresence, ChatSession
    from xinfa.chat.services.identity import token_digest
    from xinfa.customers.models import Customer
    from xinfa.service.enums import Channel, InteractionKind, InteractionStatus
    from xinfa.service.models import Interaction

    now = timezone.now()
    with transaction.atomic():
        agent = User.objects.create_user(
            username=f"bench-agent-{secrets.token_hex(3)}", password=None, role="agent"
        )
        AgentPresence.objects.create(
            user=agent,
            status=PresenceStatus.OFFLINE,
            skills=[Skill.GENERAL],
            languages=["mandarin"],
            capacity=20,
        )
        stamp = secrets.token_hex(3)
        customers = Customer.objects.bulk_create(
            Customer(customer_number=f"B{stamp}{index:06d}", name=f"压测客户{index}")
            for index in range(count)
        )
        interactions = Interaction.objects.bulk_create(
            Interaction(
                customer=customer,
                channel=Channel.APP,
                kind=InteractionKind.CHAT,
                status=InteractionStatus.OPEN,
                handled_by=agent,
                started_at=now,
            )
            for customer in customers
        )
        tokens = [secrets.token_urlsafe(32) for _ in range(count)]
        sessions = ChatSession.objects.bulk_create(
            ChatSession(
                interaction=interaction,
                customer=customer,
                token_hash=token_digest(token),
                identity_method=IdentityMethod.APP_TOKEN,
                state=SessionState.ASSIGNED,
                queue=Skill.GENERAL,
                agent=agent,
                assigned_at=now,
            )
            for interaction, customer, token in zip(interactions, customers, tokens, strict=True)
        )
    if sessions[0].pk is None:  # databases that do not return keys from bulk inserts
        by_hash = dict(ChatSession.objects.filter(agent=agent).values_list("token_hash", "pk"))
        return [{"session_id": by_hash[token_digest(t)], "token": t} for t in tokens]
    return [{"session_id": s.pk, "token": t} for s, t in zip(sessions, tokens, strict=True)]


def verify(session_ids: list[int]) -> dict[str, int]:
    """Count stored turns per chat and check that sequences run 1..n without gaps."""
    from django.db.models import Count, Max

    from xinfa.service.models import Message

    rows = (
        Message.objects.filter(interaction__chat_session__in=session_ids)
        .values("interaction_id")
        .annotate(total=Count("pk"), top=Max("sequence"))
    )
    gaps = sum(1 for row in rows if row["total"] != row["top"])
    total = sum(row["total"] for row in rows)
    client_ids = (
        Message.objects.filter(interaction__chat_session__in=session_ids, client_id__isnull=False)
        .values("interaction_id", "client_id")
        .distinct()
        .count()
    )
    return {"messages": total, "chats_with_gaps": gaps, "distinct_client_ids": client_ids}


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "verify":
        ids = json.loads(Path(sys.argv[2]).read_text())
        print(json.dumps(verify([row["session_id"] for row in ids])))  # noqa: T201
    else:
        Path(sys.argv[2]).write_text(json.dumps(seed(int(sys.argv[1]))))
