import factory

from xinfa.core.tests.factories import ModelFactory
from xinfa.knowledge.enums import Audience, ScriptKind
from xinfa.knowledge.models import FaqEntry, Script


class FaqEntryFactory(ModelFactory[FaqEntry]):
    class Meta:
        model = FaqEntry

    question = factory.Sequence(lambda n: f"测试问题{n}？")
    answer = "测试答案。"
    audience = Audience.GENERAL
    category = "cards"


class ScriptFactory(ModelFactory[Script]):
    class Meta:
        model = Script

    kind = ScriptKind.RISK_DISCLOSURE
    title = factory.Sequence(lambda n: f"话术{n}")
    text = "理财非存款，产品有风险，投资须谨慎。"
