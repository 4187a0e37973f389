"""Complaint import: row-by-row report, atomic accepted rows, idempotent re-import."""

import pytest
from django.core.management import call_command

from xinfa.complaints.importing import complaint_import_file
from xinfa.complaints.models import Complaint
from xinfa.complaints.tests.factories import CustomerFactory, StaffFactory
from xinfa.core.exceptions import ValidationFailed
from xinfa.core.roles import Role

pytestmark = pytest.mark.django_db

CSV = (
    "工单号,客户号,渠道,投诉内容,争议金额,发生时间\n"
    "W-1,C00000001,phone,信用卡年费被重复扣收两次,600,2026-11-01 10:00\n"
    "W-2,C99999999,phone,客户号不存在的投诉记录,,\n"
    "W-3,C00000001,pigeon,渠道写错的一行投诉,,\n"
    "W-4,C00000001,counter,柜台排队两个小时没人管,,2026-13-01\n"
    ",C00000001,counter,没有工单号,,\n"
)


def test_import_reports_each_bad_row_and_is_idempotent() -> None:
    teller = StaffFactory(role=Role.TELLER)
    CustomerFactory(customer_number="C00000001")
    report = complaint_import_file(actor=teller, content=CSV.encode(), filename="t.csv")
    assert report.created == 1
    assert [(r.row, r.field, r.reason) for r in report.rejected] == [
        (3, "customer_number", "没有此客户号的客户"),
        (4, "channel", "未知的渠道“pigeon”"),
        (5, "occurred_at", "不是有效的日期时间（格式 YYYY-MM-DD HH:MM）"),
        (6, "external_ref", "必填"),
    ]
    complaint = Complaint.objects.get()
    assert (complaint.external_ref, complaint.category, complaint.severity) == (
        "W-1",
        "fee",
        "medium",
    )
    again = complaint_import_file(actor=teller, content=CSV.encode(), filename="t.csv")
    assert (again.created, again.duplicates) == (0, 1)
    assert Complaint.objects.count() == 1


def test_import_refuses_invalid_utf8() -> None:
    with pytest.raises(
        ValidationFailed, match=r"^文件不是有效的 UTF-8 编码（第 2 字节），请另存为 UTF-8 CSV$"
    ):
        complaint_import_file(
            actor=StaffFactory(role=Role.TELLER), content="投诉".encode("gbk"), filename="t.csv"
        )


def test_clock_command_prints_new_alerts(capsys) -> None:
    call_command("complaint_clocks")
    assert capsys.readouterr().out.strip() == "0 new alert(s)"
