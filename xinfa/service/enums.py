from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    COUNTER = "counter", _("柜面")
    LOBBY = "lobby", _("大堂")
    PHONE = "phone", _("电话")
    CHAT = "chat", _("在线客服")
    APP = "app", _("手机银行")
    SMART_COUNTER = "smart_counter", _("智能柜台")
    VIDEO = "video", _("视频客服")
    EMAIL = "email", _("邮件")
    SOCIAL = "social", _("社交媒体")


# Channels where the customer cannot see the staff member: self-introduction is required.
REMOTE_CHANNELS = frozenset(
    {Channel.PHONE, Channel.CHAT, Channel.APP, Channel.VIDEO, Channel.EMAIL, Channel.SOCIAL}
)


class InteractionKind(models.TextChoices):
    VISIT = "visit", _("到访")
    CALL = "call", _("来电")
    CHAT = "chat", _("会话")
    EMAIL = "email", _("邮件往来")


class InteractionStatus(models.TextChoices):
    OPEN = "open", _("进行中")
    WAITING = "waiting", _("等待中")
    ESCALATED = "escalated", _("已升级")
    CLOSED = "closed", _("已结束")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("已解决")
    FOLLOW_UP = "follow_up", _("待跟进")
    REFERRED = "referred", _("已转介")
    ESCALATED = "escalated", _("已升级")
    UNRESOLVED = "unresolved", _("未解决")
    COMPLAINT = "complaint", _("转投诉")


class Speaker(models.TextChoices):
    CUSTOMER = "customer", _("客户")
    AGENT = "agent", _("员工")
    BOT = "bot", _("机器人")
    SYSTEM = "system", _("系统")


class EventKind(models.TextChoices):
    OPENED = "opened", _("开始")
    TRANSFERRED = "transferred", _("转接")
    ESCALATED = "escalated", _("升级")
    SECURITY = "security", _("安保介入")
    CLOSED = "closed", _("结束")
    REOPENED = "reopened", _("重新打开")


class ServiceType(models.TextChoices):
    CASH = "cash", _("现金业务")
    ACCOUNT = "account", _("开户/销户")
    CARD = "card", _("银行卡")
    TRANSFER = "transfer", _("转账汇款")
    WEALTH = "wealth", _("理财")
    LOAN = "loan", _("贷款")
    CORPORATE = "corporate", _("对公业务")
    OTHER = "other", _("其他")


SERVICE_TYPE_PREFIX = {
    ServiceType.CASH: "A",
    ServiceType.ACCOUNT: "B",
    ServiceType.CARD: "C",
    ServiceType.TRANSFER: "D",
    ServiceType.WEALTH: "V",
    ServiceType.LOAN: "L",
    ServiceType.CORPORATE: "E",
    ServiceType.OTHER: "F",
}


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("等候中")
    CALLED = "called", _("已叫号")
    DONE = "done", _("已办结")
    NO_SHOW = "no_show", _("过号")
    TRIAGED = "triaged", _("已分流")


class TriageTarget(models.TextChoices):
    COUNTER = "counter", _("柜台")
    SELF_SERVICE = "self_service", _("自助设备")
    SPECIALIST = "specialist", _("专属经理")
