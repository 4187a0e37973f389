import csv
import json
from pathlib import Path

import numpy as np
import pytest

from xinfa.analysis.engine import cli
from xinfa.analysis.engine.components.intent import (
    FALLBACK_LABEL,
    IntentResult,
    LinearIntent,
    clean_tokens,
    detect_script,
)
from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.features import preprocess_texts
from xinfa.analysis.engine.pipeline import DEFAULT_MODEL_DIR, Pipeline, build_pipeline
from xinfa.analysis.engine.tasks import intent as intent_task

HOLDOUT = Path(__file__).resolve().parents[2] / "tests" / "data" / "intent_zh_holdout.csv"
TRAINING = Path(__file__).resolve().parents[1] / "resources" / "intents" / "zh_banking_intents.csv"

ENGLISH_ROWS = [
    ("I lost my card yesterday", "lost_card"),
    ("my card was stolen on the bus", "lost_card"),
    ("I can't find my debit card anywhere", "lost_card"),
    ("please block my lost card", "lost_card"),
    ("someone stole my wallet with my card", "lost_card"),
    ("card missing, what do I do", "lost_card"),
    ("how do I change my pin", "change_pin"),
    ("I want a new pin number", "change_pin"),
    ("can I reset the pin of my card", "change_pin"),
    ("where do I update my pin", "change_pin"),
    ("forgot my pin, need to change it", "change_pin"),
    ("change pin code please", "change_pin"),
    ("what is the exchange rate today", "exchange_rate"),
    ("how much is one dollar in euros", "exchange_rate"),
    ("which exchange rate do you use", "exchange_rate"),
    ("is the currency exchange rate fair", "exchange_rate"),
    ("tell me the euro exchange rate", "exchange_rate"),
    ("current rate for pounds to dollars", "exchange_rate"),
]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline(["normalize.zh.v1", "segment.jieba.v1", "intent.linear.v1"])


@pytest.fixture(scope="module")
def english_model() -> LinearIntent:
    norm, tokens = preprocess_texts([text for text, _ in ENGLISH_ROWS])
    return LinearIntent(seed=7).fit(norm, tokens, [label for _, label in ENGLISH_ROWS])


def _write_csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["text", "label"])
        writer.writerows(rows)
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("银行卡丢了，快帮我挂失", "lost_card"),
        ("我的密码忘记了", "password_pin"),
        ("转账三天了还没到账", "transfer_failed"),
        ("为什么乱扣我的钱", "fee_dispute"),
        ("信用卡额度能提高吗", "credit_card_bill_limit"),
        ("房贷可以提前还吗", "loan_repayment"),
        ("有什么理财推荐", "wealth_products"),
        ("三年定期利率是多少", "deposits"),
        ("我想开个户", "account_open_close"),
        ("手机银行登录不了", "mobile_banking_help"),
        ("我被骗子骗了钱", "fraud_report"),
        ("我要投诉你们的柜员", "complaint"),
        ("转人工", "human_agent"),
        ("谢谢", "other"),
        ("我的卡被盜刷了，怎麼辦", "fraud_report"),
    ],
)
def test_shipped_model_golden_questions(pipeline: Pipeline, text: str, expected: str) -> None:
    result = pipeline.analyze(text).annotations["intent"]
    assert result.label == expected
    assert result.is_fallback is False


def test_result_shape_and_provenance(pipeline: Pipeline) -> None:
    doc = pipeline.analyze("信用卡账单什么时候出")
    data = doc.to_dict()["annotations"]["intent"]
    assert data["label"] == "credit_card_bill_limit"
    assert data["top"][0]["label"] == "credit_card_bill_limit"
    assert len(data["top"]) == 3
    probabilities = [item["probability"] for item in data["top"]]
    assert probabilities == sorted(probabilities, reverse=True)
    assert data["confidence"] == probabilities[0]
    assert doc.provenance["intent"] == "intent.linear.v1"


def test_shipped_model_holdout_accuracy() -> None:
    report = intent_task.evaluate(data=HOLDOUT, model=None)
    assert report.examples == 165
    assert report.accuracy >= 0.9
    assert report.macro_f1 >= 0.9


def test_training_set_size_and_labels() -> None:
    lines = TRAINING.read_text(encoding="utf-8").splitlines()[1:]
    labels = [line.rsplit(",", 1)[1] for line in lines]
    counts = {label: labels.count(label) for label in set(labels)}
    assert len(counts) == 15
    assert min(counts.values()) >= 40
    assert len(lines) >= 600


@pytest.mark.parametrize("text", ["", "   ", "😡😡😡", "？？？！！"])
def test_empty_or_letterless_text_falls_back(pipeline: Pipeline, text: str) -> None:
    result = pipeline.analyze(text).annotations["intent"]
    assert result.label == FALLBACK_LABEL
    assert result.confidence == 0.0
    assert result.is_fallback is True
    assert len(result.top) == 3


@pytest.mark.parametrize(
    "text", ["火星上的外星人喜欢吃什么", "推荐一部好看的电影", "帮我规划一下去云南的行程"]
)
def test_off_topic_question_is_other(pipeline: Pipeline, text: str) -> None:
    # Written apart from the "other" training lines: chit-chat must not become a bank intent.
    result = pipeline.analyze(text).annotations["intent"]
    assert result.label == FALLBACK_LABEL


def test_threshold_is_read_from_the_model_file(tmp_path: Path, english_model: LinearIntent) -> None:
    saved_threshold = english_model.threshold_
    english_model.threshold_ = 1.01  # above any probability: every answer falls back
    path = english_model.save(tmp_path / "strict")
    english_model.threshold_ = saved_threshold
    strict = LinearIntent.load(path)
    assert strict.threshold_ == 1.01
    norm, tokens = preprocess_texts(["what is the exchange rate"])
    assert strict.predict(norm, tokens)[0].label == FALLBACK_LABEL


def test_huge_text_gets_a_result(pipeline: Pipeline) -> None:
    # Annotations are preset: segmenting 100 kB is the segmenter's cost, not this component's.
    model = pipeline.steps[-1].instance
    text = "我的卡丢了" * 20_000
    doc = Doc(
        text=text,
        annotations={"norm_text": text, "tokens": ["我", "的", "卡", "丢", "了"] * 20_000},
    )
    assert model(doc).annotations["intent"].label == "lost_card"


def test_english_training_works(english_model: LinearIntent) -> None:
    assert english_model.script_ == "latin"
    norm, tokens = preprocess_texts(
        ["someone has stolen my card", "I need to change my PIN", "dollar exchange rate?"]
    )
    labels = [result.label for result in english_model.predict(norm, tokens)]
    assert labels == ["lost_card", "change_pin", "exchange_rate"]


def test_save_load_round_trip_keeps_probabilities(
    tmp_path: Path, english_model: LinearIntent
) -> None:
    norm, tokens = preprocess_texts(["my card is lost", "pin change", "rate"])
    loaded = LinearIntent.load(english_model.save(tmp_path / "model"))
    np.testing.assert_allclose(
        loaded.predict_proba(norm, tokens), english_model.predict_proba(norm, tokens), rtol=1e-5
    )
    assert loaded.classes_ == ["change_pin", "exchange_rate", "lost_card"]


def test_balanced_class_weights_give_a_rare_intent_its_due(tmp_path: Path) -> None:
    # Two exchange-rate questions against six of each other intent.
    rows = [row for row in ENGLISH_ROWS if row[1] != "exchange_rate"] + [
        row for row in ENGLISH_ROWS if row[1] == "exchange_rate"
    ][:2]
    norm, tokens = preprocess_texts([text for text, _ in rows])
    labels = [label for _, label in rows]
    balanced = LinearIntent(seed=7).fit(norm, tokens, labels)
    unweighted = LinearIntent(class_weight=None, seed=7).fit(norm, tokens, labels)
    queries = ["what rate do you use for my card", "which rate", "euro rate today"]
    query_norm, query_tokens = preprocess_texts(queries)
    rare = balanced.classes_.index("exchange_rate")

    def rare_margin(model: LinearIntent) -> np.ndarray:
        # Log-probability gaps over the softmax scale are the SVM's own score gaps.
        log_probs = np.log(model.predict_proba(query_norm, query_tokens)) / model.scale_
        return log_probs[:, rare] - np.delete(log_probs, rare, axis=1).max(axis=1)

    assert np.all(rare_margin(balanced) > rare_margin(unweighted))
    assert LinearIntent.load(balanced.save(tmp_path / "b")).class_weight == "balanced"
    assert LinearIntent.load(unweighted.save(tmp_path / "u")).class_weight is None


def test_detect_script_and_clean_tokens() -> None:
    assert detect_script(["我的卡丢了", "密码"]) == "cjk"
    assert detect_script(["my card", "pin"]) == "latin"
    assert detect_script(["123", "!!"]) == "cjk"
    assert clean_tokens(["Cards", " ", "，", "charged", "挂失"]) == ["card", "charg", "挂失"]


def test_fit_rejects_a_single_label() -> None:
    with pytest.raises(ValueError, match="at least two"):
        LinearIntent().fit(["a", "b"], [["a"], ["b"]], ["x", "x"])


@pytest.mark.parametrize("per_intent", [6, 1])
def test_two_intents_train_and_predict(tmp_path: Path, per_intent: int) -> None:
    # A two-class SVM has a single weight row; the model must still score both intents,
    # whether the temperature comes from cross-validation (6 each) or the training fit (1).
    rows = [
        row
        for intent in ("lost_card", "change_pin")
        for row in [row for row in ENGLISH_ROWS if row[1] == intent][:per_intent]
    ]
    norm, tokens = preprocess_texts([text for text, _ in rows])
    model = LinearIntent(seed=7).fit(norm, tokens, [label for _, label in rows])
    query_norm, query_tokens = preprocess_texts(["I lost my card", "change my pin"])
    probs = model.predict_proba(query_norm, query_tokens)
    assert probs.shape == (2, 2)
    np.testing.assert_allclose(probs.sum(axis=1), 1.0, rtol=1e-6)
    assert [result.label for result in model.predict(query_norm, query_tokens)] == [
        "lost_card",
        "change_pin",
    ]
    loaded = LinearIntent.load(model.save(tmp_path / "two"))
    np.testing.assert_allclose(loaded.predict_proba(query_norm, query_tokens), probs, rtol=1e-5)


def test_intent_result_to_dict() -> None:
    result = IntentResult("a", 0.71234, (("a", 0.71234), ("b", 0.2), ("c", 0.08766)), False)
    assert result.to_dict() == {
        "label": "a",
        "confidence": 0.7123,
        "top": [
            {"label": "a", "probability": 0.7123},
            {"label": "b", "probability": 0.2},
            {"label": "c", "probability": 0.0877},
        ],
        "is_fallback": False,
    }


def test_cli_train_eval_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write_csv(tmp_path / "train.csv", ENGLISH_ROWS)
    assert cli.run(["train", "intent", "--data", str(data), "--out", str(tmp_path / "m")]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["examples"] == 18
    assert summary["intents"] == 3
    assert (tmp_path / "m.npz").is_file()
    args = ["eval", "intent", "--data", str(data), "--model", str(tmp_path / "m"), "--json"]
    assert cli.run(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["examples"] == 18
    assert report["accuracy"] == 1.0


def test_cli_eval_unknown_label_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write_csv(tmp_path / "bad.csv", [("我的卡丢了", "no_such_intent")])
    assert cli.run(["eval", "intent", "--data", str(data)]) == 2
    assert "unknown label(s) no_such_intent" in capsys.readouterr().err


def test_cli_eval_missing_model_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["eval", "intent", "--data", str(HOLDOUT), "--model", str(tmp_path / "none")]
    assert cli.run(args) == 2
    assert "intent model not found" in capsys.readouterr().err


def test_component_reads_norm_text_and_tokens() -> None:
    model = LinearIntent.create(model_dir=DEFAULT_MODEL_DIR)
    doc = Doc(text="raw", annotations={"norm_text": "转人工", "tokens": ["转", "人工"]})
    assert model(doc).annotations["intent"].label == "human_agent"
