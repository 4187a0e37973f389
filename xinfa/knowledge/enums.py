from django.db import models
from django.utils.translation import gettext_lazy as _


class Audience(models.TextChoices):
    GENERAL = "general", _("通用")
    ELDERLY = "elderly", _("老年客户")
    YOUNG = "young", _("年轻客户")
    CORPORATE = "corporate", _("对公客户")
    HIGH_NET_WORTH = "high_net_worth", _("高净值客户")


class ScriptKind(models.TextChoices):
    STANDARD_SCRIPT = "standard_script", _("标准话术")
    RISK_DISCLOSURE = "risk_disclosure", _("风险揭示")
    PHRASE_REWRITE = "phrase_rewrite", _("话术改写")
