"""Tests of the customer-type component (customer_type.linear.v1) and its train/eval task."""

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest

from xinfa.analysis.engine.cli import CliError
from xinfa.analysis.engine.components.customer_type import (
    COACHING,
    LABELS,
    NO_TEXT_PROBABILITIES,
    CustomerTypeModel,
    CustomerTypeResult,
    LinearCustomerType,
    emotion_vector,
    unreadable_reason,
)
from xinfa.analysis.engine.datasets import DatasetError
from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.pipeline import build_pipeline
from xinfa.analysis.engine.registry import component_spec
from xinfa.analysis.engine.tasks import customer_type as task

GOLDEN = {
    "requesting": [
        "请问你们一年期的定期存款利率是多少？",
        "我想申请一张信用卡，需要准备什么材料",
        "麻烦帮我打印一下近三个月的流水",
    ],
    "confused": [
        "为什么我的卡突然被冻结了？我什么都没做啊",
        "我不太明白这个理财的风险等级是什么意思",
        "我明明还款了，怎么还显示逾期？",
    ],
    "agitated": [
        "我已经等了两个小时了，你们到底有没有人管！",
        "乱扣我的钱，马上给我退回来，不然我就投诉你们",
        "你们这是什么态度？把你们经理叫来！",
    ],
    "other": ["好的，谢谢", "嗯嗯", "再见"],
}


@pytest.fixture(scope="module")
def component() -> LinearCustomerType:
    return task.load_component(None)


def _analyze(component: LinearCustomerType, texts: list[str]) -> list[Doc]:
    prepared = task.prepare(texts, with_emotion=component.model.uses_emotion)
    return component.pipe(prepared.docs)


def _result(doc: Doc) -> CustomerTypeResult:
    return doc.annotations["customer_type"]


def test_component_registered_with_contract_names() -> None:
    spec = component_spec("customer_type.linear.v1")
    assert spec.requires == ("norm_text", "tokens", "emotion")
    assert spec.assigns == ("customer_type",)


def test_component_in_contract_pipeline_after_emotion() -> None:
    pipeline = build_pipeline(
        ["normalize.zh.v1", "segment.jieba.v1", "emotion.linear.v1", "customer_type.linear.v1"]
    )
    doc = pipeline.analyze("排了两个小时的队，你们就开一个窗口，太过分了！")
    assert doc.annotations["customer_type"].label == "agitated"
    assert doc.provenance["customer_type"] == "customer_type.linear.v1"
    assert doc.to_dict()["annotations"]["customer_type"]["display"] == "激动型"


@pytest.mark.parametrize("label", LABELS)
def test_component_golden_samples(component: LinearCustomerType, label: str) -> None:
    docs = _analyze(component, GOLDEN[label])
    assert [_result(doc).label for doc in docs] == [label] * len(GOLDEN[label])
    assert [_result(doc).reason for doc in docs] == [""] * len(GOLDEN[label])


def test_component_reads_traditional_like_simplified(component: LinearCustomerType) -> None:
    traditional, simplified = _analyze(
        component, ["你們這是什麼態度？我要投訴！", "你们这是什么态度？我要投诉！"]
    )
    assert _result(traditional).label == "agitated"
    assert _result(traditional).probabilities == _result(simplified).probabilities


def test_component_result_carries_coaching_hint(component: LinearCustomerType) -> None:
    (doc,) = _analyze(component, ["我已经等了两个小时了，你们到底有没有人管！"])
    result = _result(doc)
    assert (result.display, result.hint) == (
        COACHING["agitated"].display,
        COACHING["agitated"].hint,
    )
    assert result.hint.startswith("先安抚情绪")
    assert result.confidence == max(result.probabilities.values())
    payload = result.to_dict()
    assert sorted(payload) == ["confidence", "display", "hint", "label", "probabilities", "reason"]
    assert json.loads(json.dumps(payload, ensure_ascii=False)) == payload


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no_text"),
        ("   ", "no_text"),
        ("😡😡👍", "no_text"),
        ("[怒]！！", "no_text"),
        ("钱" * 100_000, "too_long"),
    ],
    ids=["empty", "blank", "emoji", "emoticon", "100k"],
)
def test_component_unreadable_input_gets_low_confidence_other(
    component: LinearCustomerType, text: str, reason: str
) -> None:
    # Preprocessing is bypassed: the component alone must give the fixed answer.
    doc = Doc(text=text, annotations={"norm_text": text, "tokens": list(text[:50])})
    result = _result(component(doc))
    assert (result.label, result.reason, result.confidence) == ("other", reason, 0.55)
    assert result.probabilities == dict(NO_TEXT_PROBABILITIES)


def test_component_unreadable_input_through_preprocessing(component: LinearCustomerType) -> None:
    docs = _analyze(component, ["", "😡😡👍", "[怒][怒]"])
    assert [(_result(doc).label, _result(doc).reason) for doc in docs] == [("other", "no_text")] * 3


def test_component_probabilities_sum_to_one(component: LinearCustomerType) -> None:
    texts = ["卡被吞了怎么办", "Hello, 我要换汇 USD", "謝謝", "1234", "？？？为啥", "你好" * 300]
    for doc in _analyze(component, texts):
        probabilities = _result(doc).probabilities
        assert list(probabilities) == list(LABELS)
        assert math.isclose(sum(probabilities.values()), 1.0, abs_tol=1e-9)
        assert all(0.0 <= value <= 1.0 for value in probabilities.values())


def test_component_call_equals_pipe(component: LinearCustomerType) -> None:
    docs = task.prepare(["我想办理房贷提前还款"], with_emotion=component.model.uses_emotion).docs
    single = component(docs[0]).annotations["customer_type"]
    assert single == component.pipe(docs)[0].annotations["customer_type"]
    assert single.label == "requesting"


def test_unreadable_reason_keeps_digits_and_words() -> None:
    assert [unreadable_reason(text) for text in ("6222", "ok", "【】", "a" * 20_001)] == [
        "",
        "",
        "no_text",
        "too_long",
    ]


def test_emotion_vector_reads_dict_and_refuses_missing() -> None:
    emotion = {"label": "angry", "probabilities": {"angry": 0.7, "neutral": 0.3}, "intensity": 0.8}
    vector = emotion_vector(emotion)
    assert vector is not None
    assert vector.tolist() == [0.3, 0.0, 0.7, 0.0, 0.0, 0.0, 0.8]
    assert emotion_vector(None) is None
    assert emotion_vector({"label": "angry"}) is None


def test_model_stacks_emotion_and_falls_back_without_it() -> None:
    texts = ["利率多少", "怎么回事", "气死了", "好的"] * 3
    tokens = [list(text) for text in texts]
    labels = ["requesting", "confused", "agitated", "other"] * 3
    emotion = np.tile(np.eye(7)[[0, 3, 2, 1]], (3, 1))
    model = CustomerTypeModel(folds=3).fit(texts, tokens, labels, emotion)
    assert model.uses_emotion
    stacked = model.predict_proba(texts[:4], tokens[:4], emotion[:4])
    fallback = model.predict_proba(texts[:4], tokens[:4], np.full((4, 7), np.nan))
    assert np.allclose(fallback, np.exp(model.text_log_proba(texts[:4], tokens[:4])))
    assert [LABELS[i] for i in stacked.argmax(axis=1)] == labels[:4]
    assert np.allclose(stacked.sum(axis=1), 1.0)


def _write(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["text", "label"])
        writer.writerows(rows)
    return path


TINY = [
    ("请问定期利率多少", "requesting"),
    ("我要办一张信用卡", "requesting"),
    ("帮我查一下余额", "requesting"),
    ("为什么我的卡冻结了", "confused"),
    ("这个收益是什么意思", "confused"),
    ("我不明白怎么扣钱了", "confused"),
    ("你们太过分了我要投诉", "agitated"),
    ("等了两小时气死我了", "agitated"),
    ("马上给我退钱", "agitated"),
    ("好的谢谢", "other"),
    ("嗯嗯", "other"),
    ("再见", "其他"),  # Chinese label names are accepted
]


def test_train_then_evaluate_round_trip(tmp_path: Path) -> None:
    data = _write(tmp_path / "tiny.csv", TINY)
    summary = task.train(data=[data], dev=None, out=tmp_path / "tiny", seed=1)
    assert summary["examples"] == 12
    assert summary["per_label"] == {"requesting": 3, "confused": 3, "agitated": 3, "other": 3}
    assert summary["cross_validation"]["text"]["folds"] == 3
    assert summary["model"] == str(tmp_path / "tiny.npz")
    report = task.evaluate(data=data, model=tmp_path / "tiny.npz")
    assert (report.task, report.examples) == ("customer-type", 12)
    assert [int(row["support"]) for row in report.per_class.values()] == [3, 3, 3, 3]
    assert report.extra["uses_emotion"] == summary["uses_emotion"]
    # The report must agree with the saved model applied directly to the same texts.
    model = CustomerTypeModel.load(tmp_path / "tiny.npz")
    texts = [text for text, _label in TINY]
    prepared = task.prepare(texts, with_emotion=model.uses_emotion)
    rows = model.predict_proba(prepared.norm_texts, prepared.tokens, prepared.emotion)
    gold = [task.LABEL_MAP.get(label, label) for _text, label in TINY]
    hits = [LABELS[index] == label for index, label in zip(rows.argmax(axis=1), gold, strict=True)]
    assert report.accuracy == sum(hits) / 12


def test_train_is_deterministic(tmp_path: Path) -> None:
    data = _write(tmp_path / "tiny.csv", TINY)
    first = CustomerTypeModel.load(
        Path(task.train(data=[data], dev=None, out=tmp_path / "a", seed=3)["model"])
    )
    second = CustomerTypeModel.load(
        Path(task.train(data=[data], dev=None, out=tmp_path / "b", seed=3)["model"])
    )
    assert np.array_equal(first.coef_, second.coef_)
    assert np.array_equal(first.intercept_, second.intercept_)
    assert first.uses_emotion == second.uses_emotion


def test_train_refuses_unknown_label_and_missing_type(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="unknown label"):
        task.train(
            data=[_write(tmp_path / "bad.csv", [("你好", "happy")])],
            dev=None,
            out=tmp_path / "m",
            seed=1,
        )
    with pytest.raises(CliError, match="no example of: confused, agitated, other"):
        task.train(
            data=[_write(tmp_path / "one.csv", [("利率多少", "requesting")])],
            dev=None,
            out=tmp_path / "m",
            seed=1,
        )


def test_evaluate_refuses_missing_model(tmp_path: Path) -> None:
    data = _write(tmp_path / "tiny.csv", TINY)
    with pytest.raises(CliError, match="model file not found"):
        task.evaluate(data=data, model=tmp_path / "absent.npz")
