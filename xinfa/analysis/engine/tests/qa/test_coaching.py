"""Live coaching after a customer turn, and the draft-reply check."""

from xinfa.analysis.engine.qa import check_draft, coach_turn
from xinfa.analysis.engine.qa.coaching import (
    ELDERLY_TEXT,
    EMPATHY_SUGGESTION,
    RISK_DISCLOSURE_TEXT,
    _own_trend,
)
from xinfa.analysis.engine.tests.qa.helpers import conversation, rules_pipeline


class FakeKnowledge:
    def __init__(self) -> None:
        self.queries: list[tuple[str, int]] = []

    def search(self, text: str, k: int) -> list[dict]:
        self.queries.append((text, k))
        return [
            {
                "id": "faq-7",
                "question": "理财产品的收益怎么算",
                "answer": "按净值计算",
                "score": 0.91,
            }
        ]


WEALTH = conversation(
    "a:您好，请问有什么可以帮您？",
    "c:我想买点理财，这个基金收益率多少？急死我了，钱放着不动。",
    customer={"is_elderly": True},
)


def test_coach_turn_for_an_upset_elderly_wealth_customer():
    knowledge = FakeKnowledge()
    coaching = coach_turn(WEALTH, knowledge=knowledge, pipeline=rules_pipeline())
    assert coaching.turn == 1
    assert coaching.is_upset is True
    assert knowledge.queries == [("我想买点理财,这个基金收益率多少?急死我了,钱放着不动。", 3)]
    assert coaching.knowledge == [
        {"id": "faq-7", "question": "理财产品的收益怎么算", "answer": "按净值计算", "score": 0.91}
    ]
    assert coaching.disclosures == [
        {"code": "risk_disclosure", "text": RISK_DISCLOSURE_TEXT},
        {"code": "elderly_plain_language", "text": ELDERLY_TEXT},
    ]
    assert coaching.approach[0].startswith("先安抚情绪、表达理解")
    assert [item["sub"] for item in coaching.needs_questions] == [
        "what", "why", "how", "what_else", "when",
    ]  # fmt: skip
    assert coaching.needs_questions[4] == {
        "sub": "when", "name": "问时间(什么时候)", "example": "这笔钱您大概什么时候要用？",
    }  # fmt: skip
    assert coaching.to_dict()["disclosures"][0]["code"] == "risk_disclosure"


def test_coach_turn_drops_asked_questions_and_given_disclosure():
    conv = conversation(
        "a:您好，请问您这笔钱什么时候要用呢？为什么想买理财呢？",
        "c:半年后买房用。",
        "a:理财非存款，产品有风险，投资需谨慎。",
        "c:好的，那收益大概多少？",
    )
    coaching = coach_turn(conv, pipeline=rules_pipeline())
    assert coaching.turn == 3
    assert coaching.is_upset is False
    assert [item["sub"] for item in coaching.needs_questions] == ["what", "how", "what_else"]
    assert coaching.disclosures == []
    assert coaching.knowledge == []


def test_coach_turn_reads_emotion_type_and_trend_from_annotations():
    conv = conversation("c:你好", "a:您好", "c:怎么还没到账")
    conv.turns[0].annotations = {
        "emotion": {"label": "neutral", "probabilities": {"neutral": 0.9, "angry": 0.05}}
    }
    conv.turns[1].annotations = {}
    conv.turns[2].annotations = {
        "emotion": {
            "label": "angry",
            "intensity": 0.8,
            "probabilities": {"angry": 0.7, "fear": 0.2},
        },
        "customer_type": {
            "label": "agitated",
            "display": "激动型",
            "hint": "先安抚",
            "confidence": 0.8,
        },
    }
    coaching = coach_turn(conv, pipeline=rules_pipeline())
    assert coaching.emotion == {"label": "angry", "display": "愤怒/不满", "intensity": 0.8,
                                "probability": 0.7}  # fmt: skip
    assert coaching.emotion_trend == {
        "direction": "rising", "negativity": [0.05, 0.9], "change": 0.85, "peak_turn": 1,
    }  # fmt: skip
    assert coaching.customer_type == {"label": "agitated", "display": "激动型", "hint": "先安抚"}
    assert coaching.is_upset is True
    assert coaching.approach[0].startswith("先安抚情绪")


def test_coach_turn_without_customer_turn():
    coaching = coach_turn(conversation("a:您好"))
    assert (coaching.turn, coaching.emotion, coaching.disclosures) == (-1, None, [])


def test_check_draft_finds_phrasing_jargon_pii_and_mis_selling():
    draft = "你必须先做风险测评，这个产品保本，年化收益率4%，卡号6222021234567894"
    check = check_draft(draft, WEALTH, pipeline=rules_pipeline())
    assert check.ok is False
    found = [(f.kind, f.severity, f.text, f.suggestion) for f in check.findings]
    assert found == [
        ("missing_empathy", "warn", "", EMPATHY_SUGGESTION),
        ("commanding", "warn", "你必须", "麻烦您需要……"),
        ("mis_selling", "block", "保本", "本产品为非保本产品，请关注风险等级"),
        ("jargon", "warn", "年化收益率", "年化收益率：把收益折算成存一整年的收益比例"),
        ("pii", "block", "622202******7894", "622202******7894"),
    ]
    assert (check.findings[4].start, check.findings[4].end) == (27, 43)
    assert "6222021234567894" not in str(check.to_dict())


def test_check_draft_is_ok_for_a_good_reply():
    draft = "非常理解您的心情，我先帮您看看适合您的产品。理财非存款，产品有风险。"
    check = check_draft(draft, WEALTH, pipeline=rules_pipeline())
    assert (check.ok, check.findings) == (True, [])


def test_check_draft_jargon_is_only_a_note_for_other_customers():
    check = check_draft("这款产品的年化收益率是3%。", conversation("a:您好", "c:收益多少？"))
    assert check.ok is True
    assert [(f.kind, f.severity) for f in check.findings] == [("jargon", "info")]
    assert check_draft("", conversation()).to_dict() == {
        "ok": True,
        "norm_text": "",
        "findings": [],
    }


def test_own_trend_rule_matches_the_emotion_component():
    scores = [0.1, 0.2, 0.9, 0.8]
    assert _own_trend(scores) == {
        "direction": "rising", "negativity": scores, "change": 0.5333, "peak_turn": 2,
    }  # fmt: skip
    assert _own_trend([0.5])["direction"] == "steady"
    assert _own_trend([0.9, 0.1])["direction"] == "easing"


def test_coach_turn_leaves_out_faq_hits_scored_as_unrelated():
    class MixedKnowledge:
        def search(self, text: str, k: int) -> list[dict]:
            return [
                {"id": "1", "question": "银行卡被盗刷了怎么办？", "answer": "先冻结", "score": 0.4},
                {"id": "2", "question": "信用卡年费怎么收取？", "answer": "首年免", "score": 0.05},
            ]

    conv = conversation("c:我的卡被盗刷了五千元，我要投诉！")
    coaching = coach_turn(conv, knowledge=MixedKnowledge(), pipeline=rules_pipeline())
    assert [item["id"] for item in coaching.knowledge] == ["1"]
