from pathlib import Path

import pytest

from xinfa.analysis.engine.datasets import (
    DatasetError,
    contains_lone_surrogate,
    read_csv_rows,
    read_jsonl,
)


def test_a_csv_field_over_the_parser_limit_is_a_dataset_error(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    path.write_text("text,label\nok,neutral\n" + "a" * 200_000 + ",angry\n", encoding="utf-8")
    with pytest.raises(DatasetError, match=r"big.csv: line 3: bad CSV \(field larger"):
        read_csv_rows(path, ["text", "label"])


def test_jsonl_refuses_half_a_surrogate_pair_but_reads_a_whole_one(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text('{"text": "\\ud83d\\ude00 ok"}\n', encoding="utf-8")
    assert read_jsonl(good) == [{"text": "😀 ok"}]

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{"entities": [{"type": "\\udc00"}]}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match=r"bad.jsonl: line 2 holds a \\u escape of half"):
        read_jsonl(bad)


def test_contains_lone_surrogate_walks_nested_values() -> None:
    assert contains_lone_surrogate({"a": [1, {"b": "x\ud800"}]})
    assert contains_lone_surrogate({"\udfff": 1})
    assert not contains_lone_surrogate({"a": ["😀", 2, None], "b": "好"})
