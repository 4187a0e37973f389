"""Importing call transcripts from JSON, JSONL, CSV or XLSX files.

JSON holds a list of transcripts (or one object); JSONL one transcript per line; CSV/XLSX one
row per turn, grouped by `external_ref`. Each transcript is validated on its own; accepted
ones are committed together, rejected ones are reported with row, field and reason.
Report row numbers: JSON → position in the list (1-based); JSONL → line; CSV → sheet row.
"""

import json
from pathlib import PurePath
from typing import Any

from django.db import connection, transaction
from django.utils.translation import gettext as _

from xinfa.compliance.services import audit_record
from xinfa.core.exceptions import ValidationFailed
from xinfa.core.importing import MAX_IMPORT_BYTES, ImportReport, read_tabular
from xinfa.core.roles import Capability
from xinfa.service.enums import EventKind, InteractionStatus
from xinfa.service.models import Interaction, InteractionEvent, Message
from xinfa.service.services.rules import ensure_capability
from xinfa.service.services.transcript_records import (
    TranscriptRecord,
    TranscriptRejected,
    TranscriptResolver,
    parse_transcript,
)

JSON_SUFFIXES = frozenset({".json"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
TABULAR_SUFFIXES = frozenset({".csv", ".xlsx", ".xlsm"})
BATCH_SIZE = 500
RECORD_FIELDS = ("external_ref", "customer_number", "channel", "started_at", "ended_at", "agent")

# (report row, raw transcript, sheet row of each turn or None)
RawTranscript = tuple[int, Any, list[int] | None]


def _decode(content: bytes) -> str:
    if not content:
        raise ValidationFailed(_("文件为空"), field="file")
    if len(content) > MAX_IMPORT_BYTES:
        raise ValidationFailed(_("文件超过 20 MB"), field="file")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed(
            _("文件不是有效的 UTF-8 编码（第 %(byte)s 字节），请另存为 UTF-8")
            % {"byte": exc.start},
            field="file",
        ) from exc
    if "\x00" in text:
        raise ValidationFailed(_("文件包含 NUL 字节"), field="file")
    return text


def _from_json(content: bytes) -> list[RawTranscript]:
    try:
        data = json.loads(_decode(content))
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            _("不是有效的 JSON：%(error)s（第 %(line)s 行，第 %(column)s 列）")
            % {"error": exc.msg, "line": exc.lineno, "column": exc.colno},
            field="file",
        ) from exc
    except RecursionError as exc:
        raise ValidationFailed(_("JSON 嵌套层级过深"), field="file") from exc
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ValidationFailed(_("应为通话记录的列表"), field="file")
    return [(index, item, None) for index, item in enumerate(data, start=1)]


def _from_jsonl(content: bytes, report: ImportReport) -> list[RawTranscript]:
    raw: list[RawTranscript] = []
    for number, line in enumerate(_decode(content).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw.append((number, json.loads(line), None))
        except RecursionError:
            report.total += 1
            report.reject(number, "file", _("JSON 嵌套层级过深"))
        except json.JSONDecodeError as exc:
            report.total += 1
            report.reject(
                number,
                "file",
                _("不是有效的 JSON：%(error)s（第 %(column)s 列）")
                % {"error": exc.msg, "column": exc.colno},
            )
    return raw


def _from_rows(rows: list[dict[str, str]], report: ImportReport) -> list[RawTranscript]:
    """Group turn rows by external_ref, keeping the order of first appearance."""
    groups: dict[str, tuple[int, dict[str, Any], list[int]]] = {}
    for index, row in enumerate(rows, start=2):
        ref = row.get("external_ref", "")
        if not ref:
            report.total += 1
            report.reject(index, "external_ref", _("必填"))
            continue
        if ref not in groups:
            header = {name: row.get(name, "") for name in RECORD_FIELDS}
            groups[ref] = (index, {**header, "turns": []}, [])
        _first_row, record, turn_rows = groups[ref]
        for name in ("customer_number", "channel", "started_at"):
            if row.get(name, "") != record[name]:
                record.setdefault("_conflict", (index, name))
        record["turns"].append(
            {"speaker": row.get("speaker", ""), "text": row.get("text", ""), "at": row.get("at")}
        )
        turn_rows.append(index)
    return [(row, record, turn_rows) for row, record, turn_rows in groups.values()]


def _raw_transcripts(content: bytes, filename: str, report: ImportReport) -> list[RawTranscript]:
    suffix = PurePath(filename or "").suffix.lower()
    if suffix in JSON_SUFFIXES:
        return _from_json(content)
    if suffix in JSONL_SUFFIXES:
        return _from_jsonl(content, report)
    if suffix in TABULAR_SUFFIXES:
        return _from_rows(read_tabular(content, filename), report)
    raise ValidationFailed(_("只能导入 .json、.jsonl、.csv 和 .xlsx 文件"), field="file")


def _accepted(raw: list[RawTranscript], report: ImportReport) -> list[TranscriptRecord]:
    resolver = TranscriptResolver.for_raw(item for _row, item, _turn_rows in raw)
    seen: set[str] = set()
    accepted: list[TranscriptRecord] = []
    for row, item, turn_rows in raw:
        report.total += 1
        try:
            record = parse_transcript(item, row=row, turn_rows=turn_rows, resolver=resolver)
        except TranscriptRejected as exc:
            report.reject(exc.row, exc.field, exc.reason)
            continue
        if record.external_ref in seen or record.external_ref in resolver.existing_refs:
            report.duplicates += 1
            continue
        seen.add(record.external_ref)
        accepted.append(record)
    return accepted


def _interaction_of(record: TranscriptRecord) -> Interaction:
    return Interaction(
        customer_id=record.customer_id,
        channel=record.channel,
        kind=record.kind,
        status=InteractionStatus.CLOSED,
        handled_by_id=record.agent_id,
        branch_id=record.branch_id,
        started_at=record.started_at,
        ended_at=record.ended_at,
        handle_seconds=record.handle_seconds,
        external_ref=record.external_ref,
    )


def _store(records: list[TranscriptRecord], *, actor: Any, filename: str) -> int:
    note = (_("导入自文件：%(name)s") % {"name": PurePath(filename).name})[:500]
    interactions = [_interaction_of(record) for record in records]
    if connection.features.can_return_rows_from_bulk_insert:
        Interaction.objects.bulk_create(interactions, batch_size=BATCH_SIZE)
    else:  # the primary keys are needed for the turns below
        for interaction in interactions:
            interaction.save()
    messages: list[Message] = []
    events: list[InteractionEvent] = []
    for record, interaction in zip(records, interactions, strict=True):
        events.append(
            InteractionEvent(
                interaction=interaction,
                kind=EventKind.OPENED,
                actor=actor,
                to_user_id=record.agent_id,
                reason=note,
            )
        )
        events.append(
            InteractionEvent(
                interaction=interaction, kind=EventKind.CLOSED, actor=actor, reason=note
            )
        )
        messages.extend(
            Message(
                interaction=interaction,
                sequence=sequence,
                speaker=turn.speaker,
                author_id=record.agent_id if turn.speaker == "agent" else None,
                text=turn.text,
                sent_at=turn.at,
            )
            for sequence, turn in enumerate(record.turns, start=1)
        )
    InteractionEvent.objects.bulk_create(events, batch_size=BATCH_SIZE)
    Message.objects.bulk_create(messages, batch_size=BATCH_SIZE)
    return len(interactions)


def transcript_import(*, actor: Any, content: bytes, filename: str) -> ImportReport:
    """Import call transcripts; re-importing a file creates no new rows (external_ref).

    Raises:
        Forbidden: the actor may not import.
        ValidationFailed: the file is empty, too large, not UTF-8, contains NUL bytes, is not
            valid JSON, or has an unsupported extension.
    """
    ensure_capability(actor, Capability.CUSTOMER_IMPORT)
    if not isinstance(content, bytes | bytearray):
        raise ValidationFailed(_("上传的内容必须是文件"), field="file")
    report = ImportReport()
    raw = _raw_transcripts(bytes(content), filename, report)
    accepted = _accepted(raw, report)
    with transaction.atomic():
        report.created = _store(accepted, actor=actor, filename=filename)
        audit_record(
            actor=actor,
            action="customer.import",
            reason="transcripts",
            detail={
                "file": PurePath(filename).name[:100],
                **{key: value for key, value in report.to_dict().items() if key != "rejected"},
                "rejected": len(report.rejected),
            },
        )
    return report
