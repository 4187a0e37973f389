import json

import pytest

from xinfa.analysis.engine import bench
from xinfa.analysis.engine.pipeline import build_pipeline


def test_sample_turns_is_reproducible() -> None:
    first = bench.sample_turns(20, seed=3)

    assert first == bench.sample_turns(20, seed=3)
    assert len(first) == 20
    assert all(isinstance(text, str) and len(text) <= 200 for text in first)


def test_percentile_picks_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]

    assert bench._percentile(values, 0.5) == 51.0
    assert bench._percentile(values, 0.99) == 99.0
    assert bench._percentile([4.0], 0.99) == 4.0


def test_cnsenti_label_maps_counts() -> None:
    assert bench._cnsenti_label({"怒": 1, "恶": 1, "乐": 1}) == "angry"
    assert bench._cnsenti_label({"惧": 2, "好": 1}) == "fear"
    assert bench._cnsenti_label({"words": 3}) == "neutral"


def test_measure_pipeline_reports_every_component() -> None:
    pipeline = build_pipeline(["normalize.zh.v1", "segment.jieba.v1", "emotion.linear.v1"])

    report = bench.measure_pipeline(pipeline, ["你好", "为什么扣我钱！！"] * 20)

    assert report["turns"] == 40
    assert list(report["batch_cpu_ms_per_1000_turns_by_component"]) == [
        "normalize.zh.v1",
        "segment.jieba.v1",
        "emotion.linear.v1",
    ]
    assert report["single_p50_ms"] <= report["single_p99_ms"]
    assert report["single_cpu_p50_ms"] <= report["single_cpu_p99_ms"]
    assert report["mean_chars_per_turn"] == 5.0
    assert report["batch_turns_per_second"] > 0


def test_run_bench_prints_json_without_peers(capsys: pytest.CaptureFixture[str]) -> None:
    report = bench.run_bench(texts=30, as_json=True, peers=False)

    printed = json.loads(capsys.readouterr().out)
    assert printed == report
    assert printed["turns"] == 30
    assert "peers" not in printed
    assert printed["components"][:2] == ["normalize.zh.v1", "segment.jieba.v1"]
