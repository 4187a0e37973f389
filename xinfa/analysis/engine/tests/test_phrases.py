import json
import time
from collections import Counter
from pathlib import Path

import pytest

from xinfa.analysis.engine.cli import run
from xinfa.analysis.engine.components.normalize import normalize_text
from xinfa.analysis.engine.components.phrases import (
    LexiconPhrases,
    check_phrases,
    suggest_rewrites,
)
from xinfa.analysis.engine.components.phrases.lexicon import (
    LexiconError,
    expand_variants,
    load_lexicon,
)
from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.tasks.phrases import evaluate as evaluate_phrases

LABELLED = Path(__file__).resolve().parents[2] / "tests" / "data" / "phrases_labelled.jsonl"


def hits(text):
    result = check_phrases(normalize_text(text))
    return [(hit.category, hit.subcategory, hit.phrase) for hit in result.hits]


def flagged(text):
    return sorted(
        code for code, value in check_phrases(normalize_text(text)).flags.items() if value
    )


def test_lexicon_size_and_rewrites():
    lexicon = load_lexicon()
    real = [entry for entry in lexicon.entries if not entry.is_exception]
    assert len(real) >= 300
    for category in ("forbidden", "negative", "commanding", "guaranteed_return"):
        assert all(e.rewrite for e in real if e.category == category)
    assert all(e.explanation for e in real if e.category == "jargon")
    assert sorted(lexicon.categories["needs_mining"].subcategories) == [
        "how", "what", "what_else", "when", "why",
    ]  # fmt: skip


def test_opening_turn():
    assert hits("您好,我是3号柜员小王,很高兴为您服务。请问您想办理什么业务?") == [
        ("greeting", None, "您好"),
        ("self_introduction", "number", "我是3号"),
        ("self_introduction", "name", "柜员小王"),
        ("greeting", None, "很高兴为您服务"),
        ("politeness", None, "请问"),
        ("open_question", None, "什么"),
        ("needs_mining", "what", "您想办理"),
        ("needs_mining", "what", "办理什么业务"),
    ]


def test_greeting_inside_longer_word_is_not_a_greeting():
    assert flagged("您好像走错窗口了") == []
    assert flagged("你好好想想") == []


def test_guarantee_promise_versus_negated_disclosure():
    assert flagged("这款理财保本保息,稳赚不赔") == ["guaranteed_return"]
    assert flagged("这款理财非保本,我不能保证收益,并不是稳赚不赔") == ["risk_disclosure"]


def test_forbidden_with_exception_context():
    assert flagged("这个我不知道,你问别人去") == ["forbidden"]
    assert flagged("不知道您今天方便来网点吗?") == ["closed_question"]


def test_needs_mining_only_counts_in_questions():
    assert flagged("您什么时候需要用这笔钱?") == ["needs_mining", "open_question"]
    assert flagged("为什么会这样我也说不好") == []


def test_questions_open_and_closed():
    assert flagged("您是想查询余额还是交易明细呢?") == ["closed_question"]
    assert flagged("您能具体说说遇到什么问题了吗?") == ["needs_mining", "open_question"]


def test_suggest_rewrites_for_live_coaching():
    suggestions = suggest_rewrites("你必须先填表,不知道就问别人去。起息日是明天")
    assert [(s.category, s.phrase, s.start, s.end) for s in suggestions] == [
        ("commanding", "你必须", 0, 3),
        ("forbidden", "不知道", 7, 10),
        ("forbidden", "问别人去", 11, 15),
        ("jargon", "起息日", 16, 19),
    ]
    assert suggestions[0].rewrite == "麻烦您需要……"
    assert suggestions[3].explanation == "开始计算利息的那一天"


def test_component_result_and_edge_inputs():
    component = LexiconPhrases()
    empty = component(Doc(text="", annotations={"norm_text": ""})).annotations["phrases"]
    assert empty.hits == ()
    assert set(empty.flags.values()) == {False}
    emoji = component(Doc(text="👍👍", annotations={"norm_text": "👍👍"})).annotations["phrases"]
    assert emoji.to_dict()["hits"] == []
    big = "您好,这款产品保本。" * 10_000
    started = time.perf_counter()
    result = component(Doc(text=big, annotations={"norm_text": big})).annotations["phrases"]
    assert time.perf_counter() - started < 2.0
    assert Counter(hit.category for hit in result.hits) == {
        "greeting": 10_000,
        "guaranteed_return": 10_000,
    }


def test_labelled_set_precision_and_recall_per_category():
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 150
    true_pos, false_pos, false_neg = Counter(), Counter(), Counter()
    for row in rows:
        result = check_phrases(normalize_text(row["text"]))
        predicted = {code for code, value in result.flags.items() if value}
        gold = set(row["categories"])
        true_pos.update(predicted & gold)
        false_pos.update(predicted - gold)
        false_neg.update(gold - predicted)
    for code in sorted(set(true_pos) | set(false_neg)):
        precision = true_pos[code] / (true_pos[code] + false_pos[code] or 1)
        recall = true_pos[code] / (true_pos[code] + false_neg[code] or 1)
        print(f"{code:<20} precision={precision:.3f} recall={recall:.3f}")  # noqa: T201
        assert precision >= 0.95, code
        assert recall >= 0.95, code
    assert len(true_pos) == 15


@pytest.mark.parametrize("category", ["forbidden", "negative", "commanding", "jargon"])
def test_every_coached_category_has_entries(category):
    lexicon = load_lexicon()
    assert sum(e.category == category and not e.is_exception for e in lexicon.entries) >= 25


def test_traditional_and_full_width_agent_text():
    assert flagged("您好，請問您想辦理什麼業務？") == [
        "greeting", "needs_mining", "open_question", "politeness",
    ]  # fmt: skip
    assert flagged("這款理財保本保息！稳赚不赔") == ["guaranteed_return"]


def test_variant_syntax_expands_optional_and_alternative_parts():
    assert expand_variants("不归我(们)管") == ["不归我管", "不归我们管"]
    assert expand_variants("[你|您]自己去(问)") == [
        "你自己去",
        "你自己去问",
        "您自己去",
        "您自己去问",
    ]
    assert expand_variants("跟我(说|讲)没用") == ["跟我没用", "跟我说没用", "跟我讲没用"]
    assert expand_variants("不知道") == ["不知道"]


@pytest.mark.parametrize(
    "spec", ["不归(我", "x]", "[你|]看", "(说|)没用", "(a)(b)(c)(d)(e)(f)(g)(h)(i)"]
)
def test_variant_syntax_rejects_malformed_phrases(spec):
    with pytest.raises(LexiconError):
        expand_variants(spec)


def test_eval_phrases_reports_per_category_figures(tmp_path, capsys):
    data = tmp_path / "turns.jsonl"
    rows = [
        {"text": "您好，很高兴为您服务", "categories": ["greeting"]},
        {"text": "这款产品保本保息", "categories": ["guaranteed_return"]},
        {"text": "好的", "categories": ["farewell"]},  # a miss the report must show
    ]
    data.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")

    assert run(["eval", "phrases", "--data", str(data), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["examples"] == 3
    assert report["accuracy"] == pytest.approx(2 / 3)
    assert report["per_class"]["greeting"]["recall"] == 1.0
    assert report["per_class"]["farewell"]["recall"] == 0.0
    assert report["extra"]["first_errors"] == [
        {"text": "好的", "missed": ["farewell"], "extra": []}
    ]


def test_eval_phrases_unknown_category_exits_2(tmp_path, capsys):
    data = tmp_path / "turns.jsonl"
    data.write_text('{"text": "您好", "categories": ["greting"]}\n', encoding="utf-8")

    assert run(["eval", "phrases", "--data", str(data)]) == 2
    assert "unknown categories greting" in capsys.readouterr().err


DATA = LABELLED.parent


@pytest.mark.parametrize(
    ("name", "macro_f1", "micro_precision"),
    [
        # Written apart from the lexicons; their misses guided the 2026-11-23 additions
        # (the dev set's in the first round, the test set's in the second).
        ("phrases_dev_apart.jsonl", 0.94, 0.93),
        ("phrases_test_apart.jsonl", 0.93, 0.93),
        # A third writer's set, only ever scored: the honest figure.
        ("phrases_final_apart.jsonl", 0.78, 0.85),
    ],
)
def test_phrase_checks_on_turns_written_apart(name, macro_f1, micro_precision):
    report = evaluate_phrases(data=DATA / name)

    assert report.examples >= 200
    assert report.macro_f1 >= macro_f1
    assert report.extra["micro_precision"] >= micro_precision
    # A taboo flag lands on an agent's score: it must be right when raised.
    assert report.per_class["forbidden"]["precision"] >= 0.95


def test_unpunctuated_transcript_still_finds_the_question():
    # Speech-to-text output often has no punctuation; 请问 still opens a question.
    assert flagged("您好请问您想办理什么业务") == [
        "greeting", "needs_mining", "open_question", "politeness",
    ]  # fmt: skip


def test_statement_ending_in_ne_is_not_a_question():
    assert flagged("正在帮您查着呢") == []
    assert flagged("您看这两款哪个合适呢") == ["open_question"]


def test_traditional_zhe_particle_reads_as_simplified():
    assert flagged("您別著急，我幫您看看") == ["empathy"]
