import datetime as dt
import io
import json
from zoneinfo import ZoneInfo

import pytest

from xinfa.analysis.engine.speakers import SPEAKER_ALIASES, SPEAKERS
from xinfa.compliance.models import AccessLog
from xinfa.core.exceptions import Forbidden, ValidationFailed
from xinfa.core.importing import RejectedRow
from xinfa.core.roles import Role
from xinfa.service.enums import EventKind, InteractionStatus, Speaker
from xinfa.service.models import Interaction, InteractionEvent, Message
from xinfa.service.services import transcript_import
from xinfa.service.tests.factories import ServiceCustomerFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor():
    return StaffFactory(role=Role.SUPERVISOR)


@pytest.fixture
def customer():
    return ServiceCustomerFactory(customer_number="C000001")


@pytest.fixture
def agent():
    return StaffFactory(role=Role.AGENT, username="zhangmin", employee_number="E1001")


AT_2 = "2026-11-20T09:30:02+08:00"
AT_15 = "2026-11-20T09:30:15+08:00"
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _transcript(ref="CALL-1", **overrides):
    record = {
        "external_ref": ref,
        "customer_number": "C000001",
        "channel": "phone",
        "started_at": "2026-11-20T09:30:00+08:00",
        "ended_at": "2026-11-20T09:34:10+08:00",
        "agent": "zhangmin",
        "turns": [
            {
                "speaker": "agent",
                "text": "您好，工号1001为您服务。",
                "at": "2026-11-20T09:30:02+08:00",
            },
            {
                "speaker": "customer",
                "text": "我的信用卡账单有问题。",
                "at": "2026-11-20T09:30:15+08:00",
            },
            {"speaker": "agent", "text": "请您别着急，我帮您查一下。"},
        ],
    }
    record.update(overrides)
    return record


def _json(records):
    # backslashreplace writes half a surrogate pair as the JSON escape a client would send.
    return json.dumps(records, ensure_ascii=False).encode("utf-8", "backslashreplace")


def test_transcript_import_json_creates_interactions_and_turns(supervisor, customer, agent):
    report = transcript_import(
        actor=supervisor,
        content=_json([_transcript(), _transcript("CALL-2")]),
        filename="calls.json",
    )
    assert (report.total, report.created, report.duplicates, report.rejected) == (2, 2, 0, [])
    call = Interaction.objects.get(external_ref="CALL-1")
    assert (call.customer_id, call.handled_by_id, call.channel, call.kind, call.status) == (
        customer.pk,
        agent.pk,
        "phone",
        "call",
        InteractionStatus.CLOSED,
    )
    assert call.handle_seconds == 250
    assert call.branch_id == agent.branch_id
    turns = list(call.messages.order_by("sequence").values_list("sequence", "speaker", "text"))
    assert turns == [
        (1, "agent", "您好，工号1001为您服务。"),
        (2, "customer", "我的信用卡账单有问题。"),
        (3, "agent", "请您别着急，我帮您查一下。"),
    ]
    third = call.messages.get(sequence=3)
    assert third.sent_at == call.started_at  # no `at`: the call's start
    assert [e.kind for e in InteractionEvent.objects.filter(interaction=call)] == [
        EventKind.OPENED,
        EventKind.CLOSED,
    ]
    log = AccessLog.objects.get(action="customer.import")
    assert log.detail == {
        "file": "calls.json",
        "total": 2,
        "created": 2,
        "updated": 0,
        "duplicates": 0,
        "rejected": 0,
    }


def test_transcript_import_reimport_counts_duplicates(supervisor, customer, agent):
    content = _json([_transcript(), _transcript("CALL-2")])
    transcript_import(actor=supervisor, content=content, filename="calls.json")
    report = transcript_import(actor=supervisor, content=content, filename="calls.json")
    assert (report.total, report.created, report.duplicates) == (2, 0, 2)
    assert Interaction.objects.count() == 2
    assert Message.objects.count() == 6


def test_transcript_import_same_ref_twice_in_one_file(supervisor, customer, agent):
    report = transcript_import(
        actor=supervisor, content=_json([_transcript(), _transcript()]), filename="c.json"
    )
    assert (report.created, report.duplicates) == (1, 1)


def test_transcript_import_single_object_and_agent_by_employee_number(supervisor, agent):
    record = _transcript(customer_number="", agent="E1001")
    report = transcript_import(actor=supervisor, content=_json(record), filename="one.json")
    assert report.created == 1
    call = Interaction.objects.get()
    assert (call.customer_id, call.handled_by_id) == (None, agent.pk)


def test_transcript_import_jsonl_reports_bad_lines(supervisor, customer, agent):
    lines = [
        json.dumps(_transcript("L-1"), ensure_ascii=False),
        "{not json",
        "",
        "[" * 100_000,
        json.dumps(_transcript("L-2", channel="pager"), ensure_ascii=False),
        json.dumps(_transcript("L-3", started_at=None), ensure_ascii=False),
    ]
    report = transcript_import(
        actor=supervisor, content="\n".join(lines).encode(), filename="calls.jsonl"
    )
    assert (report.total, report.created) == (5, 1)
    assert [(r.row, r.field) for r in report.rejected] == [
        (2, "file"),
        (4, "file"),
        (5, "channel"),
        (6, "started_at"),
    ]
    assert list(Interaction.objects.values_list("external_ref", flat=True)) == ["L-1"]


RANGE = "日期须在 1900-01-01 至 2199-12-31 之间"


@pytest.mark.parametrize(
    ("overrides", "field", "reason"),
    [
        ({"external_ref": ""}, "external_ref", "必填"),
        ({"external_ref": "r" * 65}, "external_ref", "最多 64 个可打印字符"),
        ({"customer_number": "NOPE"}, "customer_number", "没有此客户号的客户"),
        ({"agent": "ghost"}, "agent", "没有使用此用户名的在职员工"),
        (
            {"started_at": "2026-13-45 99:00"},
            "started_at",
            "“2026-13-45 99:00”不是有效的日期时间",
        ),
        ({"ended_at": "2026-11-20T09:00:00+08:00"}, "ended_at", "早于开始时间"),
        # Year 1 overflowed turning into UTC (a 500); year 9999 was stored.
        ({"started_at": "0001-01-01 00:00:00"}, "started_at", RANGE),
        ({"started_at": "9999-12-31 23:59:59"}, "started_at", RANGE),
        ({"turns": []}, "turns", "至少需要一条对话"),
        (
            {"turns": [{"speaker": "alien", "text": "hi"}]},
            "turns[0].speaker",
            "必须是以下之一：customer, agent, bot, system",
        ),
        (
            {"turns": [{"speaker": "agent", "text": "x" * 5001}]},
            "turns[0].text",
            "超过 5000 个字符",
        ),
        (
            {"turns": [{"speaker": "agent", "text": "a\u0001b"}]},
            "turns[0].text",
            "包含控制字符",
        ),
        (
            # Half a surrogate pair (a JSON \ud800 escape) cannot be stored as UTF-8.
            {"turns": [{"speaker": "agent", "text": "a\ud800b"}]},
            "turns[0].text",
            "包含控制字符",
        ),
        ({"turns": [{"speaker": "agent", "text": 5}]}, "turns[0].text", "必须是文本"),
        ({"turns": ["hello"]}, "turns[0]", "必须是对象"),
        ({"customer_number": ["C1"]}, "customer_number", "必须是文本"),
    ],
)
def test_transcript_import_rejects_bad_records(
    supervisor, customer, agent, overrides, field, reason
):
    content = _json([_transcript("OK-1"), _transcript("BAD-1", **overrides)])
    report = transcript_import(actor=supervisor, content=content, filename="calls.json")
    assert report.created == 1
    assert report.rejected == [RejectedRow(2, field, reason)]
    assert list(Interaction.objects.values_list("external_ref", flat=True)) == ["OK-1"]


def test_transcript_import_accepts_chinese_speaker_names_and_naive_times(supervisor):
    record = _transcript(
        customer_number="",
        agent="",
        started_at="2026-11-20 10:00:00",
        ended_at=None,
        turns=[
            {"speaker": "客户", "text": "你好", "at": "2026-11-20 10:00:30"},
            {"speaker": "坐席", "text": "您好", "at": "2026-11-20 10:01:00"},
            {"speaker": " 用户 ", "text": "我要挂失", "at": "2026-11-20 10:01:00"},
            {"speaker": "Staff", "text": "好的", "at": "2026-11-20 10:01:00"},
            {"speaker": "柜员", "text": "已办好", "at": "2026-11-20 10:01:00"},
        ],
    )
    transcript_import(actor=supervisor, content=_json([record]), filename="c.json")
    call = Interaction.objects.get()
    assert call.started_at == dt.datetime(2026, 11, 20, 10, 0, 0, tzinfo=SHANGHAI)
    assert call.handle_seconds == 60
    speakers = list(call.messages.order_by("id").values_list("speaker", flat=True))
    assert speakers == ["customer", "agent", "customer", "agent", "agent"]


CSV_HEADER = "external_ref,customer_number,channel,started_at,speaker,text,at\n"


def test_transcript_import_csv_groups_turns_by_ref(supervisor, customer):
    content = (
        "\ufeff"
        + CSV_HEADER
        + "R1,C000001,phone,2026-11-20 09:00:00,agent,您好,2026-11-20 09:00:05\n"
        + "R2,,chat,2026-11-20 11:00:00,customer,在吗,2026-11-20 11:00:01\n"
        + "R1,C000001,phone,2026-11-20 09:00:00,customer,我要挂失,2026-11-20 09:00:20\n"
    ).encode()
    report = transcript_import(actor=supervisor, content=content, filename="turns.csv")
    assert (report.total, report.created, report.rejected) == (2, 2, [])
    first = Interaction.objects.get(external_ref="R1")
    assert list(first.messages.order_by("sequence").values_list("speaker", "text")) == [
        ("agent", "您好"),
        ("customer", "我要挂失"),
    ]
    assert first.handle_seconds == 20
    assert Interaction.objects.get(external_ref="R2").kind == "chat"


def test_transcript_import_csv_reports_sheet_rows(supervisor, customer):
    content = (
        CSV_HEADER
        + "R1,C000001,phone,2026-11-20 09:00:00,agent,您好,\n"
        + ",C000001,phone,2026-11-20 09:00:00,agent,no ref,\n"
        + "R2,C000001,phone,2026-11-20 09:00:00,agent,,\n"
        + "R3,C000001,phone,2026-11-20 09:00:00,agent,ok,\n"
        + "R3,C999999,phone,2026-11-20 09:00:00,agent,other customer,\n"
    ).encode()
    report = transcript_import(actor=supervisor, content=content, filename="turns.csv")
    assert (report.total, report.created) == (4, 1)
    assert [(r.row, r.field, r.reason) for r in report.rejected] == [
        (3, "external_ref", "必填"),
        (4, "text", "必填"),
        (6, "customer_number", "与该通话记录的第一行不一致"),
    ]


def test_transcript_import_xlsx(supervisor, customer):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(CSV_HEADER.strip().split(","))
    sheet.append(["X1", "C000001", "phone", "2026-11-20 09:00:00", "agent", "您好", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = transcript_import(actor=supervisor, content=buffer.getvalue(), filename="t.xlsx")
    assert (report.created, report.rejected) == (1, [])


@pytest.mark.parametrize(
    ("content", "filename", "reason"),
    [
        (b"", "a.json", "文件为空"),
        (b"\xff\xfe\x00bad", "a.json", "文件不是有效的 UTF-8 编码（第 0 字节），请另存为 UTF-8"),
        (b'[{"a": "\x00"}]', "a.json", "文件包含 NUL 字节"),
        (
            b"[{",
            "a.json",
            "不是有效的 JSON：Expecting property name enclosed in double quotes"
            "（第 1 行，第 3 列）",
        ),
        (b'"text"', "a.json", "应为通话记录的列表"),
        (b"[" * 100_000, "a.json", "JSON 嵌套层级过深"),
        (b"[]", "a.txt", "只能导入 .json、.jsonl、.csv 和 .xlsx 文件"),
        (b"\xc3\x28", "a.csv", "文件不是有效的 UTF-8 编码（第 0 字节），请另存为 UTF-8 CSV"),
    ],
)
def test_transcript_import_refuses_unreadable_files(supervisor, content, filename, reason):
    with pytest.raises(ValidationFailed) as caught:
        transcript_import(actor=supervisor, content=content, filename=filename)
    assert (caught.value.field, caught.value.message) == ("file", reason)
    assert Interaction.objects.count() == 0


def test_transcript_import_is_atomic(supervisor, customer, agent, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Message.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        transcript_import(
            actor=supervisor,
            content=_json([_transcript(), _transcript("CALL-2")]),
            filename="calls.json",
        )
    assert Interaction.objects.count() == 0
    assert InteractionEvent.objects.count() == 0


@pytest.mark.parametrize("role", [Role.AGENT, Role.TELLER, Role.QA_INSPECTOR, Role.COMPLIANCE])
def test_transcript_import_refuses_roles_without_import(role, customer):
    with pytest.raises(Forbidden):
        transcript_import(
            actor=StaffFactory(role=role), content=_json([_transcript()]), filename="c.json"
        )
    assert Interaction.objects.count() == 0


def test_engine_speaker_table_yields_exactly_the_stored_speakers():
    # Imported turns store what the engine's table yields; a new speaker needs both.
    assert set(Speaker.values) == set(SPEAKERS) == set(SPEAKER_ALIASES.values())
