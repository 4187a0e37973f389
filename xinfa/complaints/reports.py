"""Complaint reports: by dimension and month, clock on-time rates, timings, repeat customers."""

import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth
from openpyxl import Workbook

from xinfa.complaints.enums import ClockKind, ComplaintCategory, RootCause
from xinfa.complaints.models import Complaint, ComplaintClock
from xinfa.core.masking import mask_name
from xinfa.core.spreadsheets import safe_cell
from xinfa.service.enums import Channel


@dataclass
class ClockRate:
    kind: str
    met: int
    on_time: int

    @property
    def label(self) -> str:
        return str(ClockKind(self.kind).label)

    @property
    def rate(self) -> float | None:
        return round(self.on_time / self.met, 4) if self.met else None


@dataclass
class ComplaintReport:
    since: dt.date
    until: dt.date
    total: int
    by_category: list[tuple[str, str, int]] = field(default_factory=list)
    by_branch: list[tuple[str, int]] = field(default_factory=list)
    by_channel: list[tuple[str, str, int]] = field(default_factory=list)
    by_root_cause: list[tuple[str, str, int]] = field(default_factory=list)
    by_month: list[tuple[str, int]] = field(default_factory=list)
    clock_rates: list[ClockRate] = field(default_factory=list)
    average_hours_to_first_contact: float | None = None
    average_hours_to_decision: float | None = None
    repeat_complainants: list[tuple[str, str, int]] = field(default_factory=list)


def _labelled(
    rows: Iterable[Mapping[str, object]], key: str, choices: type[models.Choices]
) -> list[tuple[str, str, int]]:
    labels: dict[object, str] = dict(choices.choices)
    return [(str(r[key]), str(labels.get(r[key], r[key] or "—")), int(str(r["n"]))) for r in rows]


def _hours(value: dt.timedelta | None) -> float | None:
    return round(value.total_seconds() / 3600, 2) if value is not None else None


def complaint_report(
    *, since: dt.date, until: dt.date, branch_id: int | None = None
) -> ComplaintReport:
    """Compute the complaint report over acceptance dates [since, until]."""
    rows = Complaint.objects.filter(accepted_at__date__gte=since, accepted_at__date__lte=until)
    if branch_id:
        rows = rows.filter(branch_id=branch_id)
    count = Count("id")
    report = ComplaintReport(since=since, until=until, total=rows.count())
    report.by_category = _labelled(
        list(rows.values("category").annotate(n=count).order_by("-n")),
        "category",
        ComplaintCategory,
    )
    report.by_channel = _labelled(
        list(rows.values("channel").annotate(n=count).order_by("-n")), "channel", Channel
    )
    report.by_root_cause = _labelled(
        list(rows.exclude(root_cause="").values("root_cause").annotate(n=count).order_by("-n")),
        "root_cause",
        RootCause,
    )
    report.by_branch = [
        (r["branch__name"] or "—", r["n"])
        for r in rows.values("branch__name").annotate(n=count).order_by("-n")
    ]
    report.by_month = [
        (r["month"].strftime("%Y-%m"), r["n"])
        for r in rows.annotate(month=TruncMonth("accepted_at"))
        .values("month")
        .annotate(n=count)
        .order_by("month")
    ]
    clocks = ComplaintClock.objects.filter(complaint__in=rows, met_at__isnull=False)
    for kind in ClockKind.values:
        stats = clocks.filter(kind=kind).aggregate(
            met=Count("id"), on_time=Count("id", filter=Q(is_met_on_time=True))
        )
        report.clock_rates.append(ClockRate(kind, stats["met"], stats["on_time"]))
    duration = DurationField()
    report.average_hours_to_first_contact = _hours(
        rows.filter(first_contact_at__isnull=False).aggregate(
            v=Avg(ExpressionWrapper(F("first_contact_at") - F("accepted_at"), duration))
        )["v"]
    )
    report.average_hours_to_decision = _hours(
        rows.filter(responded_at__isnull=False).aggregate(
            v=Avg(ExpressionWrapper(F("responded_at") - F("accepted_at"), duration))
        )["v"]
    )
    report.repeat_complainants = [
        (r["customer__customer_number"], mask_name(r["customer__name"]), r["n"])
        for r in rows.values("customer__customer_number", "customer__name")
        .annotate(n=count)
        .filter(n__gte=2)
        .order_by("-n")[:50]
    ]
    return report


def complaint_report_xlsx(report: ComplaintReport) -> bytes:
    """Write the report as an Excel workbook, one sheet per dimension."""
    workbook = Workbook()
    summary = workbook.worksheets[0]  # the one a new workbook opens on (`active` may be None)
    summary.title = "汇总"
    summary.append(["期间", f"{report.since} 至 {report.until}"])
    summary.append(["投诉总数", report.total])
    summary.append(["平均首次联系时长（小时）", report.average_hours_to_first_contact])
    summary.append(["平均处理决定时长（小时）", report.average_hours_to_decision])
    for rate in report.clock_rates:
        summary.append([f"按时率 {rate.kind}", rate.rate, f"{rate.on_time}/{rate.met}"])
    sheets: list[tuple[str, list[str], Sequence[tuple[object, ...]]]] = [
        ("按类别", ["类别代码", "类别", "数量"], report.by_category),
        ("按网点", ["网点", "数量"], report.by_branch),
        ("按渠道", ["渠道代码", "渠道", "数量"], report.by_channel),
        ("按根因", ["根因代码", "根因", "数量"], report.by_root_cause),
        ("按月份", ["月份", "数量"], report.by_month),
        ("重复投诉客户", ["客户号", "姓名", "投诉次数"], report.repeat_complainants),
    ]
    for title, header, data in sheets:
        sheet = workbook.create_sheet(title)
        sheet.append(header)
        for row in data:
            sheet.append([safe_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
