from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintStatus(models.TextChoices):
    ACCEPTED = "accepted", _("已受理")
    INVESTIGATING = "investigating", _("调查中")
    RESPONDED = "responded", _("已处理答复")
    FOLLOWED_UP = "followed_up", _("已回访")
    CLOSED = "closed", _("已结案")
    ESCALATED = "escalated", _("已升级")
    REOPENED = "reopened", _("已重开")
    REVIEW_REQUESTED = "review_requested", _("申请复核")


class ComplaintCategory(models.TextChoices):
    PRODUCT = "product", _("产品")
    FEE = "fee", _("收费")
    SERVICE_ATTITUDE = "service_attitude", _("服务态度")
    PROCESS_WAITING = "process_waiting", _("流程/等候")
    SYSTEM_OUTAGE = "system_outage", _("系统/故障")
    MIS_SELLING = "mis_selling", _("误导销售")
    PRIVACY = "privacy", _("隐私/数据")
    FRAUD = "fraud", _("欺诈")
    OTHER = "other", _("其他")


class Severity(models.TextChoices):
    LOW = "low", _("一般")
    MEDIUM = "medium", _("较重")
    HIGH = "high", _("严重")
    CRITICAL = "critical", _("重大")


class RootCause(models.TextChoices):
    PRODUCT_DEFECT = "product_defect", _("产品缺陷")
    COMMUNICATION = "communication", _("沟通不当")
    PROCESS = "process", _("流程问题")
    STAFF_ATTITUDE = "staff_attitude", _("员工态度")
    SYSTEM = "system", _("系统原因")
    CUSTOMER_MISUNDERSTANDING = "customer_misunderstanding", _("客户误解")


class RemedyKind(models.TextChoices):
    APOLOGY = "apology", _("致歉")
    EXPLANATION = "explanation", _("解释说明")
    FEE_REFUND = "fee_refund", _("退还费用")
    COMPENSATION = "compensation", _("经济补偿")
    PROCESS_FIX = "process_fix", _("流程整改")


class ClockKind(models.TextChoices):
    FIRST_CONTACT = "first_contact", _("首次联系")
    DECISION = "decision", _("处理决定")
    REVIEW = "review", _("复核")


class ClockBasis(models.TextChoices):
    CALENDAR = "calendar", _("自然日")
    BUSINESS = "business", _("工作日")


class AlertLevel(models.TextChoices):
    NEAR_BREACH = "near_breach", _("即将超时")
    BREACH = "breach", _("已超时")
