import json
from pathlib import Path

import pytest

from xinfa.analysis.engine.batch import analyze_file
from xinfa.analysis.engine.cli import CliError, run
from xinfa.analysis.engine.defaults import DEFAULT_TURN_PIPELINE, available_turn_pipeline
from xinfa.analysis.engine.pipeline import Pipeline, build_pipeline

CONVERSATION_TURNS = [
    {"speaker": "customer", "text": "请问信用卡账单日是几号？"},
    {"speaker": "agent", "text": "您好，账单日是每月5号。"},
    {"speaker": "customer", "text": "又多扣了我两百块！！太过分了，我要投诉！"},
]
CONVERSATION = {"id": "c1", "turns": CONVERSATION_TURNS}


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline(available_turn_pipeline())


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_default_pipeline_lists_every_contract_component_in_order() -> None:
    assert DEFAULT_TURN_PIPELINE == [
        "normalize.zh.v1",
        "segment.jieba.v1",
        "pii.regex.v1",
        "phrases.lexicon.v1",
        "emotion.linear.v1",
        "sentiment.linear.v1",
        "intent.linear.v1",
        "customer_type.linear.v1",
    ]
    assert available_turn_pipeline(["emotion.linear.v1", "normalize.zh.v1"]) == ["normalize.zh.v1"]


def test_analyze_csv_masks_pii_and_keeps_running_trend(tmp_path: Path, pipeline: Pipeline) -> None:
    source = tmp_path / "in.csv"
    source.write_text(
        "id,conversation_id,speaker,text\n"
        "1,a,customer,我的手机号13812345678\n"
        "2,a,customer,你们太过分了！！我要投诉！\n"
        "3,,customer,谢谢\n",
        encoding="utf-8",
    )
    target = tmp_path / "out" / "result.jsonl"

    count = analyze_file(source, target, input_format=None, pipeline=pipeline)
    rows = _lines(target)

    assert count == 3
    assert [row["id"] for row in rows] == ["1", "2", "3"]
    assert "13812345678" not in target.read_text(encoding="utf-8")
    assert rows[0]["text"].startswith("我的手机号138")
    assert "norm_text" not in rows[0]["annotations"]
    assert rows[1]["annotations"]["emotion"]["label"] == "angry"
    assert rows[1]["emotion_trend"]["direction"] == "rising"
    assert len(rows[1]["emotion_trend"]["negativity"]) == 2
    assert "emotion_trend" not in rows[2]
    assert rows[1]["provenance"]["emotion"] == "emotion.linear.v1"


def test_analyze_jsonl_conversations_and_single_texts(tmp_path: Path, pipeline: Pipeline) -> None:
    source = tmp_path / "in.jsonl"
    lines = [json.dumps(CONVERSATION, ensure_ascii=False), "", '{"id": 7, "text": "好的"}']
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"

    assert analyze_file(source, target, input_format="jsonl", pipeline=pipeline) == 2
    conversation, single = _lines(target)

    assert conversation["id"] == "c1"
    assert [turn["speaker"] for turn in conversation["turns"]] == ["customer", "agent", "customer"]
    assert conversation["emotion_trend"]["direction"] == "rising"
    assert len(conversation["emotion_trend"]["negativity"]) == 2
    assert single["id"] == 7
    assert single["annotations"]["sentiment"]["label"] == "positive"


def test_analyze_reads_export_speaker_names(tmp_path: Path, pipeline: Pipeline) -> None:
    source = tmp_path / "in.jsonl"
    texts = [turn["text"] for turn in CONVERSATION_TURNS]
    renamed = [
        {"speaker": name, "text": text}
        for name, text in zip(["客户", " 坐席 ", "Customer"], texts, strict=True)
    ]
    source.write_text(json.dumps({"id": "c2", "turns": renamed}, ensure_ascii=False) + "\n")
    target = tmp_path / "out.jsonl"

    analyze_file(source, target, input_format="jsonl", pipeline=pipeline)
    (conversation,) = _lines(target)

    assert [turn["speaker"] for turn in conversation["turns"]] == ["customer", "agent", "customer"]
    # The agent's turn stays out of the customer's trend.
    assert len(conversation["emotion_trend"]["negativity"]) == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.csv", b"id,body\n1,hello\n", "missing column text"),
        ("b.csv", b"text\nok\n\xff\xfe bad\n", "line 3 is not valid UTF-8"),
        ("c.jsonl", b'{"text": "ok"}\n{"text": \n', "line 2 is not valid JSON"),
        ("d.jsonl", b'{"text": "ok"}\n[1, 2]\n', "line 2 is not a JSON object"),
        ("e.jsonl", b'{"turns": [{"speaker": "agent"}]}\n', "line 1: every turn needs a text"),
        ("f.txt", b"text\n", "pass --format csv|jsonl"),
        ("g.csv", b"speaker,text\ncustomer,ok\nalien,hi\n", "line 3: unknown speaker 'alien'"),
        ("h.jsonl", b'{"turns": [{"speaker": 3, "text": "x"}]}\n', "line 1: unknown speaker 3"),
        ("i.jsonl", b'{"text": "ok"}\n{"text": "\\ud800x"}\n', "line 2 holds a .u escape of half"),
        (
            "j.jsonl",
            b'{"text": "a"}\n' + b"[" * 100_000 + b"\n",
            "line 2 is JSON nested too deeply",
        ),
    ],
)
def test_analyze_bad_files_fail_with_line_and_write_nothing(
    tmp_path: Path, pipeline: Pipeline, name: str, content: bytes, message: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    target = tmp_path / "out" / "r.jsonl"
    target.parent.mkdir()

    with pytest.raises(CliError, match=message):
        analyze_file(source, target, input_format=None, pipeline=pipeline)
    assert list((tmp_path / "out").iterdir()) == []


def test_cli_analyze_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good, bad = tmp_path / "good.jsonl", tmp_path / "bad.jsonl"
    good.write_text('{"text": "你好"}\n', encoding="utf-8")
    bad.write_text("not json\n", encoding="utf-8")

    assert run(["analyze", "--input", str(good), "--output", str(tmp_path / "o.jsonl")]) == 0
    assert run(["analyze", "--input", str(bad), "--output", str(tmp_path / "p.jsonl")]) == 2
    assert "bad.jsonl: line 1 is not valid JSON" in capsys.readouterr().err
    assert not (tmp_path / "p.jsonl").exists()
    assert len(_lines(tmp_path / "o.jsonl")) == 1
