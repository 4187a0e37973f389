from pathlib import Path

import pytest

from xinfa.analysis.engine.components.sentiment import EMPTY_RESULT, LinearSentiment
from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.modelio import ModelFileError
from xinfa.analysis.engine.pipeline import Pipeline, build_pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline(["normalize.zh.v1", "segment.jieba.v1", "sentiment.linear.v1"])


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("柜员态度很好，业务办得又快又专业，点赞", "positive"),
        ("手续费乱收，客服推来推去，太失望了", "negative"),
        ("這家銀行的服務真的很差勁，再也不來了", "negative"),
        ("APP很好用，转账秒到，推荐", "positive"),
    ],
)
def test_sentiment_predicts_golden_turns(pipeline: Pipeline, text: str, label: str) -> None:
    result = pipeline.analyze(text).annotations["sentiment"]

    assert result.label == label
    assert result.probability >= 0.5
    expected_positive = result.probability if label == "positive" else 1 - result.probability
    assert result.positive == pytest.approx(expected_positive, abs=1e-4)


@pytest.mark.parametrize("text", ["", "!!!", "👍👍", "　"])
def test_sentiment_without_words_is_undecided(pipeline: Pipeline, text: str) -> None:
    result = pipeline.analyze(text).annotations["sentiment"]

    assert result == EMPTY_RESULT
    assert result.to_dict() == {"label": "positive", "probability": 0.5, "positive": 0.5}


def test_sentiment_batch_equals_one_at_a_time_and_survives_huge_text(pipeline: Pipeline) -> None:
    texts = ["很满意", "差评", "好" * 100_000]
    batch = pipeline.pipe([Doc(text=text) for text in texts])

    assert [d.annotations["sentiment"] for d in batch] == [
        pipeline.analyze(text).annotations["sentiment"] for text in texts
    ]


def test_sentiment_create_refuses_missing_model(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match="not found"):
        LinearSentiment.create(model_dir=tmp_path)
