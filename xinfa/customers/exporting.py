"""Export customers to Excel with personal data masked, audited with the row count."""

import io
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from openpyxl import Workbook

from xinfa.compliance.models import AccessAction
from xinfa.compliance.services import audit_record
from xinfa.core.exceptions import Forbidden, ValidationFailed
from xinfa.core.permissions import user_has_capability
from xinfa.core.roles import Capability
from xinfa.core.spreadsheets import safe_cell
from xinfa.customers.models import Customer
from xinfa.customers.records import profile_of
from xinfa.customers.selectors import customer_query_filter, mask_query

MAX_EXPORT_ROWS = 50_000
EXPORT_HEADERS = (
    "客户号",
    "姓名/名称",
    "客户类型",
    "手机号（脱敏）",
    "身份证号（脱敏）",
    "邮箱（脱敏）",
    "年龄段",
    "长者客户",
    "VIP等级",
    "风险等级",
    "风险测评日期",
    "偏好渠道",
    "语言/方言",
    "开户网点",
    "客户经理",
    "同意营销联系",
)


def _row(customer: Customer) -> list[object]:
    profile = profile_of(customer)
    values: list[object] = [
        customer.customer_number,
        customer.name,
        profile.kind_label,
        customer.masked_phone,
        customer.masked_id_number,
        profile.masked_email,
        profile.age_band_label,
        "是" if customer.is_elderly else "否",
        profile.vip_tier_label,
        customer.risk_level,
        customer.risk_assessed_on,
        profile.preferred_channel_label,
        profile.language_label,
        profile.home_branch_name,
        profile.assigned_manager_name,
        "是" if customer.consent_marketing else "否",
    ]
    return [safe_cell(value) for value in values]


def customer_export_xlsx(
    *, actor: Any, customer_ids: list[int] | None = None, query: str = ""
) -> bytes:
    """Write the chosen customers (by ids, by search query, or all) to an .xlsx workbook.

    ID numbers, phones and e-mails are always masked, whatever the actor's role.

    Raises:
        Forbidden: the actor's role lacks customer.export.
        ValidationFailed: the query is malformed (field ``q``) or too many rows would be
            exported (field ``customer_ids``).
    """
    if not user_has_capability(actor, Capability.CUSTOMER_EXPORT):
        raise Forbidden(_("您的角色不能导出客户数据"))
    condition = Q()
    if customer_ids is not None:
        condition &= Q(pk__in=list(customer_ids))
    if query.strip():
        condition &= customer_query_filter(query)
    rows = (
        Customer.objects.filter(condition)
        .select_related("assigned_manager", "home_branch")
        .order_by("customer_number")
    )
    customers = list(rows[: MAX_EXPORT_ROWS + 1])
    if len(customers) > MAX_EXPORT_ROWS:
        raise ValidationFailed(
            _("一次最多导出%(max)s位客户，请缩小范围") % {"max": MAX_EXPORT_ROWS},
            field="customer_ids",
        )
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("客户")
    sheet.append(list(EXPORT_HEADERS))
    for customer in customers:
        sheet.append(_row(customer))
    buffer = io.BytesIO()
    workbook.save(buffer)
    audit_record(
        actor=actor,
        action=AccessAction.EXPORT,
        detail={
            "count": len(customers),
            "query": mask_query(query.strip()),
            "by_ids": customer_ids is not None,
        },
    )
    return buffer.getvalue()
