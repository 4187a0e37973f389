"""Importing complaints from a CSV / Excel file, validated row by row."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.dateparse import parse_datetime
from django.utils.timezone import get_current_timezone, is_naive, make_aware
from django.utils.translation import gettext as _

from xinfa.complaints.models import Complaint
from xinfa.complaints.services.intake import complaint_accept
from xinfa.core.dates import date_range_message, is_date_in_range
from xinfa.core.exceptions import DomainError
from xinfa.core.importing import ImportReport, read_tabular
from xinfa.customers.models import Customer

# Accepted headers: English field names or the Chinese column titles banks use.
COLUMNS = {
    "external_ref": ("external_ref", "外部编号", "工单号"),
    "customer_number": ("customer_number", "客户号"),
    "channel": ("channel", "渠道"),
    "description": ("description", "事件经过", "投诉内容"),
    "customer_request": ("customer_request", "客户诉求"),
    "category": ("category", "类别"),
    "severity": ("severity", "严重程度"),
    "amount_in_dispute": ("amount_in_dispute", "争议金额"),
    "occurred_at": ("occurred_at", "发生时间"),
    "place": ("place", "地点"),
}
REQUIRED = ("external_ref", "customer_number", "channel", "description")


def _value(row: dict[str, str], field: str) -> str:
    return next((row[name] for name in COLUMNS[field] if row.get(name)), "")


def _when(text: str) -> dt.datetime | None:
    if not text:
        return None
    moment = parse_datetime(text.replace("/", "-"))
    if moment is None:
        raise ValueError(_("不是有效的日期时间（格式 YYYY-MM-DD HH:MM）"))
    if not is_date_in_range(moment):
        raise ValueError(date_range_message())
    return make_aware(moment, get_current_timezone()) if is_naive(moment) else moment


def complaint_import_file(*, actor: Any, content: bytes, filename: str) -> ImportReport:
    """Import complaints; rejected rows are reported, accepted ones committed together.

    Raises:
        ValidationFailed: the file as a whole cannot be read.
    """
    rows = read_tabular(content, filename)
    report = ImportReport(total=len(rows))
    customers = dict(
        Customer.objects.filter(
            customer_number__in=[_value(r, "customer_number") for r in rows]
        ).values_list("customer_number", "pk")
    )
    seen: set[str] = set()
    with transaction.atomic():
        for number, row in enumerate(rows, start=2):
            missing = next((f for f in REQUIRED if not _value(row, f)), None)
            if missing:
                report.reject(number, missing, _("必填"))
                continue
            ref = _value(row, "external_ref")[:64]
            if ref in seen or Complaint.objects.filter(external_ref=ref).exists():
                report.duplicates += 1
                continue
            customer_id = customers.get(_value(row, "customer_number"))
            if customer_id is None:
                report.reject(number, "customer_number", _("没有此客户号的客户"))
                continue
            try:
                occurred_at = _when(_value(row, "occurred_at"))
            except ValueError as exc:
                report.reject(number, "occurred_at", str(exc))
                continue
            try:
                with transaction.atomic():
                    complaint = complaint_accept(
                        actor=actor,
                        customer_id=customer_id,
                        channel=_value(row, "channel"),
                        description=_value(row, "description"),
                        customer_request=_value(row, "customer_request"),
                        category=_value(row, "category") or None,
                        severity=_value(row, "severity") or None,
                        amount_in_dispute=_value(row, "amount_in_dispute") or None,
                        occurred_at=occurred_at,
                        place=_value(row, "place"),
                    )
                    complaint.external_ref = ref
                    complaint.save(update_fields=["external_ref"])
            except DomainError as exc:
                report.reject(number, exc.field or "row", exc.message)
                continue
            seen.add(ref)
            report.created += 1
    return report
