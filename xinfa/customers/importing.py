"""Import customers from a CSV or XLSX file, row by row, without creating duplicates."""

import copy
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from xinfa.accounts.models import Branch, User
from xinfa.compliance.models import AccessAction
from xinfa.compliance.services import audit_record
from xinfa.core.dates import date_range_message, is_date_in_range
from xinfa.core.exceptions import Forbidden, ValidationFailed
from xinfa.core.importing import ImportReport, read_tabular
from xinfa.core.permissions import user_has_capability
from xinfa.core.roles import Capability
from xinfa.customers.enums import (
    Accessibility,
    CustomerKind,
    Language,
    RiskLevel,
    VipTier,
)
from xinfa.customers.models import Customer
from xinfa.customers.services import (
    CUSTOMER_NUMBER_PREFIX,
    customer_check_consistency,
    customer_fields_normalise,
    customer_number_format,
    customer_number_next,
)

# Header (Chinese label or English field name, compared case-folded) → model field.
HEADER_ALIASES: dict[str, str] = {
    "客户号": "customer_number",
    "客户编号": "customer_number",
    "姓名": "name",
    "名称": "name",
    "客户名称": "name",
    "姓名/名称": "name",
    "客户类型": "kind",
    "类型": "kind",
    "身份证号": "id_number",
    "身份证号码": "id_number",
    "证件号码": "id_number",
    "统一社会信用代码": "credit_code",
    "手机号": "phone",
    "手机号码": "phone",
    "电话": "phone",
    "联系电话": "phone",
    "邮箱": "email",
    "电子邮箱": "email",
    "出生日期": "birth_date",
    "性别": "gender",
    "vip等级": "vip_tier",
    "客户等级": "vip_tier",
    "风险等级": "risk_level",
    "风险承受能力": "risk_level",
    "风险测评日期": "risk_assessed_on",
    "偏好渠道": "preferred_channel",
    "语言": "language",
    "语言/方言": "language",
    "方言": "language",
    "无障碍需求": "accessibility_needs",
    "开户网点": "home_branch",
    "网点": "home_branch",
    "客户经理": "assigned_manager",
    "同意营销联系": "consent_marketing",
    "同意数据共享": "consent_data_sharing",
    "同意录音录像": "consent_recording",
    "备注": "notes",
}
FIELD_NAMES = frozenset(HEADER_ALIASES.values())
_TRUE = {"是", "y", "yes", "true", "1", "同意"}
_FALSE = {"否", "n", "no", "false", "0", "不同意"}
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y-%m-%d %H:%M:%S")
_GENDERS = {"男": "M", "女": "F", "m": "M", "f": "F"}
_LIST_SPLIT = re.compile(r"[,，、;；\s]+")
_NUMBER_CHUNK = 500


class RowError(Exception):
    def __init__(self, field_name: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field_name
        self.reason = reason


@dataclass
class _Lookups:
    """Existing rows the file refers to, fetched in bulk before the row loop."""

    by_number: dict[str, Customer] = field(default_factory=dict)
    by_id_number: dict[str, Customer] = field(default_factory=dict)
    branches: dict[str, Branch] = field(default_factory=dict)
    managers: dict[str, User] = field(default_factory=dict)
    file_numbers: set[str] = field(default_factory=set)
    next_sequence: int = 1


def _header_key(header: str) -> str | None:
    text = unicodedata.normalize("NFKC", header).strip().strip("*").casefold()
    text = re.sub(r"[(（].*?[)）]", "", text).strip()
    if text in FIELD_NAMES:
        return text
    return HEADER_ALIASES.get(text)


def _choice(value: str, choices: Any, field_name: str) -> str:
    folded = value.casefold()
    for code, label in choices.choices:
        label_text = str(label)
        if folded in (code.casefold(), label_text.casefold()) or folded in label_text.split():
            return str(code)
    allowed = "、".join(str(label) for _code, label in choices.choices)
    raise RowError(
        field_name,
        _("无效的取值“%(value)s”，可选：%(allowed)s") % {"value": value, "allowed": allowed},
    )


def _date(value: str, field_name: str) -> dt.date:
    for pattern in _DATE_FORMATS:
        try:
            day = dt.datetime.strptime(value, pattern).date()  # noqa: DTZ007 (a date only)
        except ValueError:
            continue
        if not is_date_in_range(day):
            raise RowError(field_name, date_range_message())
        return day
    raise RowError(field_name, _("日期格式不正确：“%(value)s”，应为 YYYY-MM-DD") % {"value": value})


def _boolean(value: str, field_name: str) -> bool:
    folded = value.casefold()
    if folded in _TRUE:
        return True
    if folded in _FALSE:
        return False
    raise RowError(field_name, _("应填“是”或“否”，而不是“%(value)s”") % {"value": value})


def _accessibility(value: str) -> list[str]:
    return [
        _choice(part, Accessibility, "accessibility_needs")
        for part in _LIST_SPLIT.split(value)
        if part
    ]


def _parse_row(row: dict[str, str], lookups: _Lookups) -> dict[str, Any]:
    """Turn one row's cells into customer fields; empty cells are left out."""
    values: dict[str, Any] = {}
    for key, value in row.items():
        if value == "":
            continue
        if key == "kind":
            values[key] = _choice(value, CustomerKind, key)
        elif key == "vip_tier":
            values[key] = _choice(value, VipTier, key)
        elif key == "risk_level":
            values[key] = _choice(value.upper() if len(value) == 2 else value, RiskLevel, key)
        elif key == "language":
            values[key] = _choice(value, Language, key)
        elif key == "gender":
            if value.casefold() not in _GENDERS:
                raise RowError(key, _("性别应为“男”或“女”，而不是“%(value)s”") % {"value": value})
            values[key] = _GENDERS[value.casefold()]
        elif key in ("birth_date", "risk_assessed_on"):
            values[key] = _date(value, key)
        elif key.startswith("consent_"):
            values[key] = _boolean(value, key)
        elif key == "accessibility_needs":
            values[key] = _accessibility(value)
        elif key == "home_branch":
            if value not in lookups.branches:
                raise RowError(key, _("网点机构号不存在：%(value)s") % {"value": value})
            values[key] = lookups.branches[value]
        elif key == "assigned_manager":
            if value not in lookups.managers:
                raise RowError(key, _("客户经理不存在：%(value)s") % {"value": value})
            values[key] = lookups.managers[value]
        elif key in ("customer_number", "id_number"):
            values[key] = value.upper()
        else:
            values[key] = value
    return values


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), _NUMBER_CHUNK):
        yield values[start : start + _NUMBER_CHUNK]


def _load_lookups(rows: list[dict[str, str]]) -> _Lookups:
    lookups = _Lookups()
    numbers = sorted({row.get("customer_number", "").upper() for row in rows} - {""})
    lookups.file_numbers = set(numbers)
    id_numbers = sorted({row.get("id_number", "").upper() for row in rows} - {""})
    for chunk in _chunks(numbers):
        for customer in Customer.objects.filter(customer_number__in=chunk):
            lookups.by_number[customer.customer_number] = customer
    for chunk in _chunks(id_numbers):
        for customer in Customer.objects.filter(id_number__in=chunk):
            lookups.by_id_number[customer.id_number] = customer
    codes = {row.get("home_branch", "") for row in rows} - {""}
    lookups.branches = {branch.code: branch for branch in Branch.objects.filter(code__in=codes)}
    names = {row.get("assigned_manager", "") for row in rows} - {""}
    for user in User.objects.filter(username__in=names):
        lookups.managers[user.username] = user
    for user in User.objects.filter(employee_number__in=names):
        lookups.managers.setdefault(user.employee_number, user)
    lookups.next_sequence = int(customer_number_next()[len(CUSTOMER_NUMBER_PREFIX) :])
    return lookups


def _map_headers(raw_rows: list[dict[str, str]]) -> list[dict[str, str]]:
    if not raw_rows:
        raise ValidationFailed(_("文件中没有数据行"), field="file")
    mapping = {header: key for header in raw_rows[0] if (key := _header_key(header))}
    if "name" not in mapping.values():
        raise ValidationFailed(_("缺少必需的列：姓名（name）"), field="file")
    return [
        {mapping[header]: value for header, value in raw.items() if header in mapping}
        for raw in raw_rows
    ]


def _match(values: dict[str, Any], lookups: _Lookups) -> Customer | None:
    by_number = lookups.by_number.get(values.get("customer_number", ""))
    by_id = lookups.by_id_number.get(values.get("id_number", ""))
    if by_number and by_id and by_number.pk != by_id.pk:
        raise RowError("id_number", _("该身份证号已属于另一位客户"))
    return by_number or by_id


def _generate_number(lookups: _Lookups) -> str:
    """Next generated number that neither the database nor this file uses."""
    while True:
        number = customer_number_format(lookups.next_sequence)
        lookups.next_sequence += 1
        if number not in lookups.by_number and number not in lookups.file_numbers:
            return number


def _apply_row(values: dict[str, Any], lookups: _Lookups, report: ImportReport) -> None:
    """Create, update or skip one parsed row; raises ValidationError or RowError."""
    values = customer_fields_normalise(values)
    target = _match(values, lookups)
    if target is not None:
        changed = {key: value for key, value in values.items() if getattr(target, key) != value}
        if not changed:
            report.duplicates += 1
            return
        # Work on a copy so a rejected row leaves the cached customer untouched.
        customer = copy.copy(target)
        for key, value in changed.items():
            setattr(customer, key, value)
    else:
        customer = Customer(**values)
        if not customer.customer_number:
            customer.customer_number = _generate_number(lookups)
    # The bulk-loaded lookups already hold every customer this file's numbers and ID
    # numbers refer to, so per-row uniqueness queries are skipped; a race still ends in
    # IntegrityError below.
    customer_check_consistency(customer, exclude_pk=customer.pk, check_duplicate_id=False)
    customer.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            customer.save()
    except IntegrityError as exc:
        raise RowError("customer_number", _("客户号或身份证号与已有客户冲突")) from exc
    if target is not None:
        report.updated += 1
    else:
        report.created += 1
    lookups.by_number[customer.customer_number] = customer
    if customer.id_number:
        lookups.by_id_number[customer.id_number] = customer


def _reject_validation(report: ImportReport, row_number: int, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field_name, messages in error.message_dict.items():
            for message in messages:
                report.reject(row_number, field_name, message)
    else:
        for message in error.messages:
            report.reject(row_number, "non_field_errors", message)


def customer_import_file(*, actor: Any, content: bytes, filename: str) -> ImportReport:
    """Import customers from CSV or XLSX; good rows are committed together, bad rows reported.

    Rows match existing customers by customer number, else by ID number: a match with
    changes is updated, a match without changes counts as a duplicate. Empty cells keep
    the stored value. Headers may be Chinese labels (客户号, 姓名…) or field names.

    Raises:
        Forbidden: the actor's role lacks customer.import.
        ValidationFailed: the file as a whole cannot be read (field ``file``).
    """
    if not user_has_capability(actor, Capability.CUSTOMER_IMPORT):
        raise Forbidden(_("您的角色不能导入客户"))
    rows = _map_headers(read_tabular(content, filename))
    report = ImportReport()
    with transaction.atomic():
        lookups = _load_lookups(rows)
        for row_number, row in enumerate(rows, start=2):
            if not any(row.values()):
                continue
            report.total += 1
            try:
                with transaction.atomic():
                    _apply_row(_parse_row(row, lookups), lookups, report)
            except RowError as error:
                report.reject(row_number, error.field, error.reason)
            except ValidationError as error:
                _reject_validation(report, row_number, error)
            except ValidationFailed as error:
                report.reject(row_number, error.field or "non_field_errors", error.message)
        audit_record(
            actor=actor,
            action=AccessAction.IMPORT,
            detail={
                "filename": PurePath(filename or "").name[:100],
                **{key: value for key, value in report.to_dict().items() if key != "rejected"},
                "rejected": len(report.rejected),
            },
        )
    return report
