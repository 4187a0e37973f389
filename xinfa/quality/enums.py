from django.db import models
from django.utils.translation import gettext_lazy as _


class RuleOutcomeKind(models.TextChoices):
    PASS = "pass", _("通过")
    FAIL = "fail", _("未通过")
    NOT_APPLICABLE = "not_applicable", _("不适用")
    BONUS = "bonus", _("加分")


class RunStatus(models.TextChoices):
    RUNNING = "running", _("进行中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("已中断")


class SampleReason(models.TextChoices):
    CRITICAL = "critical", _("严重违规")
    LOW_SCORE = "low_score", _("低分")
    ANGRY_CUSTOMER = "angry_customer", _("客户情绪激动")
    RANDOM = "random", _("随机抽检")


class AppealStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    UPHELD = "upheld", _("申诉成立")
    REJECTED = "rejected", _("申诉驳回")
