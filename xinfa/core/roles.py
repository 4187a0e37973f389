"""Staff roles and the capabilities each one holds.

A capability is a named right ("customer.view"); views and API endpoints declare
the capability they need, never a list of roles, so the matrix lives here only.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    TELLER = "teller", _("柜员")
    LOBBY_MANAGER = "lobby_manager", _("大堂经理")
    AGENT = "agent", _("客服坐席")
    RELATIONSHIP_MANAGER = "relationship_manager", _("客户经理")
    WEALTH_MANAGER = "wealth_manager", _("理财经理")
    QA_INSPECTOR = "qa_inspector", _("质检员")
    SUPERVISOR = "supervisor", _("主管")
    COMPLIANCE = "compliance", _("合规")
    TRAINER = "trainer", _("培训师")
    ADMIN = "admin", _("管理员")


class Capability(models.TextChoices):
    CUSTOMER_VIEW = "customer.view", _("查看客户（脱敏）")
    CUSTOMER_VIEW_PII = "customer.view_pii", _("查看客户完整证件号与电话（审计）")
    CUSTOMER_EDIT = "customer.edit", _("新建和修改客户")
    CUSTOMER_EXPORT = "customer.export", _("导出客户数据")
    CUSTOMER_IMPORT = "customer.import", _("导入客户与通话记录")
    INTERACTION_VIEW = "interaction.view", _("查看服务记录")
    INTERACTION_RECORD = "interaction.record", _("记录服务与消息")
    INTERACTION_TRANSFER = "interaction.transfer", _("转接与升级")
    QUEUE_ISSUE = "queue.issue", _("取号与分流")
    QUEUE_CALL = "queue.call", _("叫号办理")
    QUEUE_VIEW = "queue.view", _("查看排队看板")
    SUPERVISOR_OVERVIEW = "supervisor.overview", _("主管总览")
    AUDIT_VIEW = "audit.view", _("查看访问审计")
    QUALITY_REVIEW = "quality.review", _("质检复核")
    QUALITY_MANAGE = "quality.manage", _("维护质检标准")
    QUALITY_APPEAL = "quality.appeal", _("对质检结果申诉")
    COACHING_USE = "coaching.use", _("实时辅导与话术检查")
    TRAINING_MANAGE = "training.manage", _("培训管理")
    ADMINISTER = "admin.manage", _("系统管理")
    COMPLAINT_CREATE = "complaint.create", _("受理投诉")
    COMPLAINT_VIEW = "complaint.view", _("查看投诉")
    COMPLAINT_HANDLE = "complaint.handle", _("调查与答复投诉")
    COMPLAINT_APPROVE = "complaint.approve", _("审批延期与补偿")
    COMPLAINT_REPORT = "complaint.report", _("投诉报表")
    CASE_LIBRARY = "case.view", _("查看案例库")


_FRONT_LINE = {
    Capability.COMPLAINT_CREATE,
    Capability.COMPLAINT_VIEW,
    Capability.CUSTOMER_VIEW,
    Capability.CUSTOMER_EDIT,
    Capability.INTERACTION_VIEW,
    Capability.INTERACTION_RECORD,
    Capability.INTERACTION_TRANSFER,
    Capability.QUEUE_VIEW,
}

ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.TELLER: frozenset(_FRONT_LINE | {Capability.QUEUE_CALL, Capability.CUSTOMER_VIEW_PII}),
    Role.LOBBY_MANAGER: frozenset(_FRONT_LINE | {Capability.QUEUE_ISSUE, Capability.QUEUE_CALL}),
    Role.AGENT: frozenset(_FRONT_LINE | {Capability.COMPLAINT_HANDLE}),
    Role.RELATIONSHIP_MANAGER: frozenset(_FRONT_LINE | {Capability.CUSTOMER_VIEW_PII}),
    Role.WEALTH_MANAGER: frozenset(_FRONT_LINE | {Capability.CUSTOMER_VIEW_PII}),
    Role.QA_INSPECTOR: frozenset(
        {
            Capability.CUSTOMER_VIEW,
            Capability.INTERACTION_VIEW,
            Capability.QUALITY_REVIEW,
            Capability.COMPLAINT_VIEW,
            Capability.CASE_LIBRARY,
        }
    ),
    Role.SUPERVISOR: frozenset(
        _FRONT_LINE
        | {
            Capability.SUPERVISOR_OVERVIEW,
            Capability.QUEUE_ISSUE,
            Capability.QUEUE_CALL,
            Capability.CUSTOMER_IMPORT,
            Capability.CUSTOMER_EXPORT,
            Capability.QUALITY_REVIEW,
            Capability.COMPLAINT_HANDLE,
            Capability.COMPLAINT_APPROVE,
            Capability.COMPLAINT_REPORT,
            Capability.CASE_LIBRARY,
        }
    ),
    Role.COMPLIANCE: frozenset(
        {
            Capability.CUSTOMER_VIEW,
            Capability.CUSTOMER_VIEW_PII,
            Capability.CUSTOMER_EXPORT,
            Capability.INTERACTION_VIEW,
            Capability.AUDIT_VIEW,
            Capability.COMPLAINT_VIEW,
            Capability.COMPLAINT_REPORT,
            Capability.CASE_LIBRARY,
        }
    ),
    Role.TRAINER: frozenset(
        {Capability.TRAINING_MANAGE, Capability.QUEUE_VIEW, Capability.CASE_LIBRARY}
    ),
    Role.ADMIN: frozenset(
        {
            Capability.ADMINISTER,
            Capability.CUSTOMER_IMPORT,
            Capability.AUDIT_VIEW,
            Capability.QUEUE_VIEW,
            Capability.SUPERVISOR_OVERVIEW,
            Capability.COMPLAINT_REPORT,
        }
    ),
}


# Quality inspection and live coaching: rubric editing for QA, supervisors and admins; live
# coaching and appeals (against one's own inspections) for the staff who serve customers.
_QUALITY_CAPABILITIES: dict[str, frozenset[str]] = {
    Role.TELLER: frozenset({Capability.COACHING_USE, Capability.QUALITY_APPEAL}),
    Role.LOBBY_MANAGER: frozenset({Capability.COACHING_USE, Capability.QUALITY_APPEAL}),
    Role.AGENT: frozenset({Capability.COACHING_USE, Capability.QUALITY_APPEAL}),
    Role.RELATIONSHIP_MANAGER: frozenset({Capability.COACHING_USE, Capability.QUALITY_APPEAL}),
    Role.WEALTH_MANAGER: frozenset({Capability.COACHING_USE, Capability.QUALITY_APPEAL}),
    Role.QA_INSPECTOR: frozenset({Capability.QUALITY_MANAGE}),
    Role.SUPERVISOR: frozenset({Capability.QUALITY_MANAGE, Capability.COACHING_USE}),
    Role.ADMIN: frozenset({Capability.QUALITY_MANAGE}),
}
for _role, _extra in _QUALITY_CAPABILITIES.items():
    ROLE_CAPABILITIES[_role] = ROLE_CAPABILITIES[_role] | _extra


def role_has_capability(role: str, capability: str) -> bool:
    """Return whether a role holds a capability."""
    return capability in ROLE_CAPABILITIES.get(role, frozenset())
