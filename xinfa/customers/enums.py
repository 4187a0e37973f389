from django.db import models
from django.utils.translation import gettext_lazy as _


class CustomerKind(models.TextChoices):
    INDIVIDUAL = "individual", _("个人")
    CORPORATE = "corporate", _("对公")


class VipTier(models.TextChoices):
    NONE = "none", _("普通")
    GOLD = "gold", _("金卡")
    PLATINUM = "platinum", _("白金")
    DIAMOND = "diamond", _("钻石")
    PRIVATE = "private", _("私人银行")


class RiskLevel(models.TextChoices):
    C1 = "C1", _("C1 保守型")
    C2 = "C2", _("C2 稳健型")
    C3 = "C3", _("C3 平衡型")
    C4 = "C4", _("C4 成长型")
    C5 = "C5", _("C5 进取型")


class AgeBand(models.TextChoices):
    UNKNOWN = "unknown", _("未知")
    YOUTH = "youth", _("青年（18岁以下）")
    YOUNG = "young", _("青年（18–35）")
    MIDDLE = "middle", _("中年（36–59）")
    SENIOR = "senior", _("老年（60–74）")
    ELDERLY = "elderly", _("高龄（75岁及以上）")


class Language(models.TextChoices):
    MANDARIN = "mandarin", _("普通话")
    CANTONESE = "cantonese", _("粤语")
    MINNAN = "minnan", _("闽南语")
    SHANGHAINESE = "wu", _("吴语/上海话")
    SICHUANESE = "sichuanese", _("四川话")
    ENGLISH = "english", _("英语")
    SIGN = "sign", _("手语")


class Accessibility(models.TextChoices):
    HEARING = "hearing", _("听力障碍")
    VISION = "vision", _("视力障碍")
    MOBILITY = "mobility", _("行动不便")
    COGNITIVE = "cognitive", _("认知障碍")
    LITERACY = "literacy", _("读写困难")


class LifeEventKind(models.TextChoices):
    MARRIAGE = "marriage", _("结婚")
    CHILD = "child", _("子女出生")
    EDUCATION = "education", _("子女升学/留学")
    HOME = "home", _("购房")
    JOB = "job", _("工作变动")
    RETIREMENT = "retirement", _("退休")
    RELOCATION = "relocation", _("迁居")
    BEREAVEMENT = "bereavement", _("亲属离世")
    ILLNESS = "illness", _("重大疾病")
    BUSINESS = "business", _("创业/企业变更")


class HoldingKind(models.TextChoices):
    ACCOUNT = "account", _("账户")
    DEBIT_CARD = "debit_card", _("借记卡")
    CREDIT_CARD = "credit_card", _("信用卡")
    DEPOSIT = "deposit", _("定期存款")
    LOAN = "loan", _("贷款")
    WEALTH = "wealth", _("理财产品")
    FUND = "fund", _("基金")
    INSURANCE = "insurance", _("代销保险")
