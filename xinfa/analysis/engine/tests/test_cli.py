import csv
import json
from pathlib import Path

import pytest

from xinfa.analysis.engine.cli import run
from xinfa.analysis.engine.components import segment

ROWS = [
    ("太生气了，投诉你们", "angry"),
    ("气死我了，什么破服务", "anger"),
    ("谢谢，非常满意", "happy"),
    ("服务很好，点赞", "like"),
    ("好担心卡被盗刷", "anxious"),
    ("害怕钱追不回来", "fear"),
    ("请问网点几点开门", "neutral"),
    ("账单日是几号", "neutral"),
    ("唉，心情低落", "sadness"),
    ("好难过，钱没了", "sad"),
    ("哇，竟然到账了", "surprise"),
    ("没想到这么快", "surprise"),
]


def _write_csv(path: Path, rows: list[tuple[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["id", "text", "label"])
        writer.writerows((index, text, label) for index, (text, label) in enumerate(rows))
    return path


def test_cli_train_then_eval_emotion_round_trip(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _write_csv(tmp_path / "train.csv", ROWS * 3)
    model = tmp_path / "emotion.npz"

    assert run(["train", "emotion", "--data", str(data), "--out", str(model), "--seed", "7"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert run(["eval", "emotion", "--data", str(data), "--model", str(model), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)

    assert summary["examples"] == 36
    assert summary["label_counts"] == {
        "angry": 6,
        "fear": 6,
        "happy": 6,
        "neutral": 6,
        "sad": 6,
        "surprise": 6,
    }
    assert summary["out"] == str(model)
    assert report["examples"] == 36
    assert report["accuracy"] == 1.0
    assert report["macro_f1"] == 1.0


def test_cli_train_sentiment_with_dev_drops_dev_copies_and_scores_dev(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [("很好很满意", "positive"), ("太差了", "negative"), ("推荐", "1"), ("失望", "0")]
    data = _write_csv(tmp_path / "s.csv", [*rows * 4, ("一般般", "negative")])
    dev = _write_csv(tmp_path / "dev.csv", [("一般般", "negative"), ("很满意", "positive")])
    argv = [
        "train",
        "sentiment",
        "--data",
        str(data),
        "--dev",
        str(dev),
        "--out",
        str(tmp_path / "s"),
    ]

    assert run(argv) == 0
    summary = json.loads(capsys.readouterr().out)

    assert summary["out"] == str(tmp_path / "s.npz")
    assert summary["examples"] == 16
    assert summary["dropped_dev_duplicates"] == 1
    assert summary["dev"] == {"accuracy": 0.5, "macro_f1": 0.3333333333333333}


def test_cli_train_with_one_label_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _write_csv(tmp_path / "one.csv", [("好", "positive")])

    assert run(["train", "sentiment", "--data", str(data), "--out", str(tmp_path / "m")]) == 2
    assert "need at least two labels" in capsys.readouterr().err


def test_cli_eval_unknown_label_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write_csv(tmp_path / "bad.csv", [("好", "joy")])

    assert run(["eval", "emotion", "--data", str(data)]) == 2
    assert "unknown label(s) joy" in capsys.readouterr().err


def test_cli_eval_missing_model_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write_csv(tmp_path / "d.csv", [("好", "happy")])

    assert run(["eval", "emotion", "--data", str(data), "--model", str(tmp_path / "x.npz")]) == 2
    assert "model file not found" in capsys.readouterr().err


def test_cli_with_a_malformed_banking_dictionary_exits_2_naming_the_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "banking_dict.txt"
    broken.write_text("大额存单 30000 n\n结息 n\n", encoding="utf-8")
    monkeypatch.setattr(segment, "BANKING_DICT", broken)
    monkeypatch.setattr(segment, "_tokenizer", None)
    data = _write_csv(tmp_path / "dev.csv", [("这条文本只在词典损坏的测试里出现", "neutral")])
    assert run(["eval", "emotion", "--data", str(data)]) == 2
    assert f"{broken}:2: frequency must be a positive integer" in capsys.readouterr().err


@pytest.mark.parametrize("count", ["0", "-5", "²", "many"])
def test_bench_refuses_a_text_count_below_one(
    count: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        run(["bench", "--texts", count])
    assert raised.value.code == 2
    assert "--texts: must be a whole number of at least 1" in capsys.readouterr().err
