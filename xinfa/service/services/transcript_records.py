"""Validation of one imported transcript into a record ready to store."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from xinfa.analysis.engine.speakers import canonical_speaker_name
from xinfa.core.dates import date_range_message, is_date_in_range
from xinfa.core.validators import has_control_characters
from xinfa.customers.models import Customer
from xinfa.service.enums import Channel, Speaker
from xinfa.service.models import MAX_MESSAGE_LENGTH, Interaction
from xinfa.service.services.interactions import kind_for_channel
from xinfa.service.services.rules import seconds_between

MAX_TURNS = 2000
MAX_REF_LENGTH = 64


class TranscriptRejected(Exception):
    """One transcript is refused; the report gets its row, field and reason."""

    def __init__(self, row: int, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.row = row
        self.field = field_name
        self.reason = reason


@dataclass(frozen=True)
class Turn:
    speaker: str
    text: str
    at: dt.datetime


@dataclass(frozen=True)
class TranscriptRecord:
    external_ref: str
    customer_id: int | None
    channel: str
    kind: str
    started_at: dt.datetime
    ended_at: dt.datetime
    agent_id: int | None
    branch_id: int | None
    turns: list[Turn]

    @property
    def handle_seconds(self) -> int:
        return seconds_between(self.started_at, self.ended_at)


def _text_value(item: dict[str, Any], name: str) -> str:
    value = item.get(name)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ValueError(_("必须是文本"))
    return str(value).strip()


@dataclass
class TranscriptResolver:
    """Customers, agents and already-imported refs looked up once for the whole file."""

    customers: dict[str, int] = field(default_factory=dict)
    agents: dict[str, tuple[int, int | None]] = field(default_factory=dict)
    existing_refs: set[str] = field(default_factory=set)

    @classmethod
    def for_raw(cls, items: Iterable[Any]) -> "TranscriptResolver":
        """Collect every number, agent and ref the file names, and look them up in 3 queries."""
        numbers: set[str] = set()
        agents: set[str] = set()
        refs: set[str] = set()
        for item in items:
            if not isinstance(item, dict):
                continue
            for name, bucket in (
                ("customer_number", numbers),
                ("agent", agents),
                ("external_ref", refs),
            ):
                try:
                    value = _text_value(item, name)
                except ValueError:
                    continue
                if value:
                    bucket.add(value)
        resolver = cls()
        if numbers:
            resolver.customers = dict(
                Customer.objects.filter(customer_number__in=numbers).values_list(
                    "customer_number", "pk"
                )
            )
        if agents:
            staff = get_user_model().objects.filter(
                Q(username__in=agents) | Q(employee_number__in=agents), is_active=True
            )
            for user in staff.only("pk", "username", "employee_number", "branch_id"):
                if user.employee_number:
                    resolver.agents.setdefault(user.employee_number, (user.pk, user.branch_id))
                resolver.agents[user.username] = (user.pk, user.branch_id)
        if refs:
            found = Interaction.objects.filter(external_ref__in=refs).values_list(
                "external_ref", flat=True
            )
            resolver.existing_refs = {ref for ref in found if ref is not None}
        return resolver


def _moment(value: Any, *, row: int, field_name: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise TranscriptRejected(row, field_name, _("必须是 ISO 8601 格式的日期时间"))
    try:
        moment = parse_datetime(value.strip())
    except ValueError:
        moment = None
    if moment is None:
        raise TranscriptRejected(
            row, field_name, _("“%(value)s”不是有效的日期时间") % {"value": value[:40]}
        )
    if not is_date_in_range(moment):
        raise TranscriptRejected(row, field_name, date_range_message())
    return timezone.make_aware(moment) if timezone.is_naive(moment) else moment


def _clean_free_text(value: Any, *, row: int, field_name: str, max_length: int) -> str:
    if not isinstance(value, str):
        raise TranscriptRejected(row, field_name, _("必须是文本"))
    text = value.strip()
    if not text:
        raise TranscriptRejected(row, field_name, _("必填"))
    if len(text) > max_length:
        raise TranscriptRejected(row, field_name, _("超过 %(max)s 个字符") % {"max": max_length})
    if has_control_characters(text):
        raise TranscriptRejected(row, field_name, _("包含控制字符"))
    return text


def _turns(
    raw: Any, *, row: int, turn_rows: list[int] | None, started_at: dt.datetime
) -> list[Turn]:
    if not isinstance(raw, list) or not raw:
        raise TranscriptRejected(row, "turns", _("至少需要一条对话"))
    if len(raw) > MAX_TURNS:
        raise TranscriptRejected(row, "turns", _("对话超过 %(max)s 条") % {"max": MAX_TURNS})
    turns = []
    for index, item in enumerate(raw):
        at_row = turn_rows[index] if turn_rows else row
        prefix = "" if turn_rows else f"turns[{index}]."
        if not isinstance(item, dict):
            raise TranscriptRejected(at_row, f"turns[{index}]", _("必须是对象"))
        speaker = canonical_speaker_name(item.get("speaker"))
        if speaker is None:
            allowed = ", ".join(Speaker.values)
            raise TranscriptRejected(
                at_row, f"{prefix}speaker", _("必须是以下之一：%(allowed)s") % {"allowed": allowed}
            )
        text = _clean_free_text(
            item.get("text"),
            row=at_row,
            field_name=f"{prefix}text",
            max_length=MAX_MESSAGE_LENGTH,
        )
        at = _moment(item.get("at"), row=at_row, field_name=f"{prefix}at")
        turns.append(Turn(speaker=speaker, text=text, at=at or started_at))
    return turns


def _header(item: dict[str, Any], row: int) -> dict[str, str]:
    values = {}
    for name in ("external_ref", "customer_number", "channel", "agent"):
        try:
            values[name] = _text_value(item, name)
        except ValueError as exc:
            raise TranscriptRejected(row, name, str(exc)) from exc
    ref = values["external_ref"]
    if not ref:
        raise TranscriptRejected(row, "external_ref", _("必填"))
    if len(ref) > MAX_REF_LENGTH or any(ord(char) < 32 for char in ref):
        raise TranscriptRejected(row, "external_ref", _("最多 64 个可打印字符"))
    return values


def parse_transcript(
    item: Any, *, row: int, turn_rows: list[int] | None, resolver: TranscriptResolver
) -> TranscriptRecord:
    """Validate one raw transcript (a dict) into a record.

    Raises:
        TranscriptRejected: a field is missing or wrong; names the row, field and reason.
    """
    if not isinstance(item, dict):
        raise TranscriptRejected(row, "record", _("必须是 JSON 对象"))
    if "_conflict" in item:
        conflict_row, name = item["_conflict"]
        raise TranscriptRejected(conflict_row, name, _("与该通话记录的第一行不一致"))
    values = _header(item, row)
    channel = values["channel"] or Channel.PHONE
    if channel not in Channel.values:
        raise TranscriptRejected(
            row, "channel", _("“%(channel)s”不是已知的渠道") % {"channel": channel[:20]}
        )
    customer_id = None
    if values["customer_number"]:
        customer_id = resolver.customers.get(values["customer_number"])
        if customer_id is None:
            raise TranscriptRejected(row, "customer_number", _("没有此客户号的客户"))
    agent_id = branch_id = None
    if values["agent"]:
        if values["agent"] not in resolver.agents:
            raise TranscriptRejected(row, "agent", _("没有使用此用户名的在职员工"))
        agent_id, branch_id = resolver.agents[values["agent"]]
    started_at = _moment(item.get("started_at"), row=row, field_name="started_at")
    if started_at is None:
        raise TranscriptRejected(row, "started_at", _("必填"))
    ended_at = _moment(item.get("ended_at"), row=row, field_name="ended_at")
    turns = _turns(item.get("turns"), row=row, turn_rows=turn_rows, started_at=started_at)
    if ended_at is None:
        ended_at = max(turn.at for turn in turns)
    if ended_at < started_at:
        raise TranscriptRejected(row, "ended_at", _("早于开始时间"))
    return TranscriptRecord(
        external_ref=values["external_ref"],
        customer_id=customer_id,
        channel=channel,
        kind=kind_for_channel(channel),
        started_at=started_at,
        ended_at=ended_at,
        agent_id=agent_id,
        branch_id=branch_id,
        turns=turns,
    )
