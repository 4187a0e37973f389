from pathlib import Path

import pytest

from xinfa.analysis.engine.components.emotion import (
    EMPTY_RESULT,
    EmotionResult,
    emotion_trend,
    signal_strength,
)
from xinfa.analysis.engine.datasets import load_text_dataset
from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.modelio import ModelFileError
from xinfa.analysis.engine.pipeline import Pipeline, build_pipeline
from xinfa.analysis.engine.tasks import emotion as emotion_task

LABELS = ["neutral", "happy", "angry", "fear", "sad", "surprise"]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline(["normalize.zh.v1", "segment.jieba.v1", "emotion.linear.v1"])


def _result(**probabilities: float) -> EmotionResult:
    full = {name: probabilities.get(name, 0.0) for name in LABELS}
    label = max(full, key=full.__getitem__)
    return EmotionResult(label, full, 0.0, full[label])


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("你们银行太差劲了！排队两个小时没人管，气死我了！", "angry"),
        ("谢谢你们，服务特别周到，我非常满意！", "happy"),
        ("我的卡被盗刷了，好害怕钱追不回来，怎么办啊", "fear"),
        ("请问信用卡账单日是每月几号？", "neutral"),
        ("真没想到这么快就到账了", "surprise"),
        ("唉，贷款又没批下来，心好累", "sad"),
    ],
)
def test_emotion_predicts_golden_bank_turns(pipeline: Pipeline, text: str, label: str) -> None:
    result = pipeline.analyze(text).annotations["emotion"]

    assert result.label == label
    assert set(result.probabilities) == set(LABELS)
    assert sum(result.probabilities.values()) == pytest.approx(1.0, abs=1e-3)
    assert result.confidence == result.probabilities[label]
    assert 0.0 <= result.intensity <= 1.0


def test_emotion_intensity_grows_with_exclamations(pipeline: Pipeline) -> None:
    calm = pipeline.analyze("为什么又扣我钱？太过分了").annotations["emotion"]
    loud = pipeline.analyze("为什么又扣我钱？太过分了！！！[怒]").annotations["emotion"]

    assert calm.label == loud.label == "angry"
    assert loud.intensity > calm.intensity


# [图片] is what the chat stores for an image the customer sent: no words to read.
@pytest.mark.parametrize(
    "text", ["", "   ", "😡😡😡", "？！。。。", "……", "[图片]", "[语音] [图片]"]
)
def test_emotion_without_words_is_low_confidence_neutral(pipeline: Pipeline, text: str) -> None:
    assert pipeline.analyze(text).annotations["emotion"] == EMPTY_RESULT
    assert EMPTY_RESULT.label == "neutral"
    assert EMPTY_RESULT.confidence == 0.1667


def test_emotion_handles_huge_and_mixed_script_text(pipeline: Pipeline) -> None:
    huge = pipeline.analyze("我很生气" * 25_000).annotations["emotion"]
    mixed = pipeline.analyze("ATM吞卡了 card stuck!!! 怎麼辦").annotations["emotion"]

    assert huge.label == "angry"
    assert sum(mixed.probabilities.values()) == pytest.approx(1.0, abs=1e-3)


def test_emotion_batch_equals_one_at_a_time(pipeline: Pipeline) -> None:
    texts = ["太感谢了", "为什么还没到账？？", ""]
    batch = pipeline.pipe([Doc(text=text) for text in texts])

    assert [d.annotations["emotion"] for d in batch] == [
        pipeline.analyze(text).annotations["emotion"] for text in texts
    ]


def test_signal_strength_counts_marks_and_emoticons() -> None:
    assert signal_strength("好的") == 0.0
    assert signal_strength("为什么!!") == pytest.approx(0.2)
    assert signal_strength("什么?!!!![怒][怒][怒]") == pytest.approx(0.5)


def test_emotion_trend_rising_easing_steady() -> None:
    calm, angry, furious = _result(neutral=1.0), _result(angry=0.6, neutral=0.4), _result(angry=0.9)

    rising = emotion_trend([calm, calm, angry, furious], window=2)
    easing = emotion_trend([furious, angry, calm, calm], window=2)
    steady = emotion_trend([angry, angry, angry])

    assert rising.to_dict() == {
        "direction": "rising",
        "negativity": [0.0, 0.0, 0.6, 0.9],
        "change": 0.75,
        "peak_turn": 3,
    }
    assert (easing.direction, easing.change, easing.peak_turn) == ("easing", -0.75, 0)
    assert (steady.direction, steady.change) == ("steady", 0.0)


def test_emotion_trend_short_and_invalid_input() -> None:
    assert emotion_trend([]).to_dict() == {
        "direction": "steady",
        "negativity": [],
        "change": 0.0,
        "peak_turn": None,
    }
    assert emotion_trend([_result(sad=1.0)]).negativity == (1.0,)
    with pytest.raises(ValueError, match="window"):
        emotion_trend([], window=0)


def test_emotion_create_refuses_missing_model(tmp_path: Path) -> None:
    from xinfa.analysis.engine.components.emotion import LinearEmotion

    with pytest.raises(ModelFileError, match="not found"):
        LinearEmotion.create(model_dir=tmp_path)
    assert emotion_task.MODEL_FILE == "emotion.npz"


BANK_DATA = Path(__file__).resolve().parents[2] / "tests" / "data"


def test_shipped_emotion_model_reads_bank_turns_written_apart() -> None:
    report = emotion_task.evaluate(data=BANK_DATA / "emotion_bank_holdout.csv", model=None)

    assert report.examples == 238
    assert report.macro_f1 >= 0.88
    assert min(row["f1-score"] for row in report.per_class.values()) >= 0.8


def test_bank_turn_holdout_shares_no_text_with_training() -> None:
    def texts(name: str) -> set[str]:
        dataset = load_text_dataset(BANK_DATA / name, allowed_labels=LABELS)
        return set(dataset.texts)

    training, holdout = texts("emotion_bank.csv"), texts("emotion_bank_holdout.csv")
    assert len(training) == 720
    assert len(holdout) == 238
    assert not training & holdout


def test_placeholder_beside_words_keeps_the_words(pipeline: Pipeline) -> None:
    assert pipeline.analyze("[图片]太气人了！又扣我钱").annotations["emotion"].label == "angry"
