from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionState(models.TextChoices):
    BOT = "bot", _("机器人接待")
    QUEUED = "queued", _("排队中")
    ASSIGNED = "assigned", _("人工服务中")
    CLOSED = "closed", _("已结束")


class IdentityMethod(models.TextChoices):
    APP_TOKEN = "app_token", _("手机银行登录")
    PHONE = "phone", _("手机号验证")


class Skill(models.TextChoices):
    GENERAL = "general", _("综合")
    CARDS = "cards", _("银行卡")
    LOANS = "loans", _("贷款")
    WEALTH = "wealth", _("理财")
    CORPORATE = "corporate", _("对公")
    ELDERLY_CARE = "elderly_care", _("适老服务")


class PresenceStatus(models.TextChoices):
    ONLINE = "online", _("在线")
    AWAY = "away", _("暂离")
    OFFLINE = "offline", _("离线")


class DecisionKind(models.TextChoices):
    QUEUED = "queued", _("进入队列")
    ASSIGNED = "assigned", _("分配坐席")
    TRANSFERRED = "transferred", _("转接")
    REQUEUED = "requeued", _("退回队列")
