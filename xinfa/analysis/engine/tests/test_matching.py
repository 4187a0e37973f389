import csv
import itertools
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import skops.io as sio
from sklearn.linear_model import LogisticRegression

from xinfa.analysis.engine import cli
from xinfa.analysis.engine.components.matching import (
    FaqEntry,
    FaqIndex,
    QuestionMatcher,
    RankedCandidate,
    training_shortfall,
)
from xinfa.analysis.engine.modelio import ModelFileError, load_model, save_model
from xinfa.analysis.engine.pipeline import DEFAULT_MODEL_DIR

GROUPS = [
    ["信用卡额度怎么提高", "如何提升信用卡额度", "信用卡能不能提额"],
    ["忘记密码怎么办", "密码忘了怎么重置", "银行卡密码记不起来了"],
    ["贷款怎么提前还款", "可以提前还贷吗", "提前还清贷款怎么操作"],
    ["转账没有到账", "转出去的钱对方没收到", "汇款一直没到账"],
    ["怎么开通手机银行", "手机银行在哪里开通", "如何注册手机银行"],
    ["定期存款利率多少", "存定期利息是多少", "定期的利率是多少"],
    ["银行卡丢了怎么挂失", "卡丢了要挂失", "如何挂失银行卡"],
    ["年费怎么收", "为什么扣了年费", "年费是多少钱"],
]

KB = [
    FaqEntry("limit", "如何提高信用卡额度", "在手机银行申请提额。"),
    FaqEntry("password", "忘记银行卡密码怎么办", "携带身份证到柜台重置。"),
    FaqEntry("prepay", "贷款可以提前还款吗", "可以，需提前预约。"),
    FaqEntry("transfer", "转账后对方没有收到钱怎么办", "请先查询转账状态。"),
    FaqEntry("mobile", "怎么开通手机银行", "下载应用后注册。"),
    FaqEntry("deposit", "定期存款的利率是多少", "以网点公告为准。"),
    FaqEntry("lost", "银行卡丢失如何挂失", "拨打客服电话挂失。"),
    FaqEntry("fee", "信用卡年费怎么收取", "首年免年费。"),
]


def _pairs() -> list[tuple[str, str, int]]:
    rows = [(a, b, 1) for group in GROUPS for a, b in itertools.combinations(group, 2)]
    for first, second in itertools.combinations(range(len(GROUPS)), 2):
        rows.append((GROUPS[first][0], GROUPS[second][1], 0))
    return rows


def _write_pairs(path: Path, rows: list[tuple[str, str, int]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["text_a", "text_b", "label"])
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def tiny_matcher() -> QuestionMatcher:
    rows = _pairs()
    return QuestionMatcher(iterations=30, seed=3).fit(
        [a for a, _, _ in rows], [b for _, b, _ in rows], [label for _, _, label in rows]
    )


@pytest.fixture(scope="module")
def shipped() -> QuestionMatcher:
    return QuestionMatcher.create(model_dir=DEFAULT_MODEL_DIR)


@pytest.fixture(scope="module")
def index(shipped: QuestionMatcher) -> FaqIndex:
    return FaqIndex(shipped).build(KB)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("信用卡额度能不能提升", "limit"),
        ("银行卡密码忘记了", "password"),
        ("房贷能提前还吗", "prepay"),
        ("钱转过去了对方说没收到", "transfer"),
        ("卡丢了，怎么挂失", "lost"),
    ],
)
def test_index_ranks_the_paraphrase_first(index: FaqIndex, query: str, expected: str) -> None:
    hits = index.search(query, k=3)
    assert hits[0].id == expected
    assert hits[0].score > hits[1].score
    assert hits[0].answer == next(entry.answer for entry in KB if entry.id == expected)


def test_rank_candidate_list_puts_paraphrase_above_unrelated(shipped: QuestionMatcher) -> None:
    candidates = ["今天天气怎么样", "如何提高信用卡额度", "网点几点开门"]
    ranked = shipped.rank("信用卡怎么提额", candidates, k=2)
    assert [item.index for item in ranked] == [1, ranked[1].index]
    assert ranked[0].text == "如何提高信用卡额度"
    assert isinstance(ranked[0], RankedCandidate)


def test_rank_accepts_an_index(shipped: QuestionMatcher, index: FaqIndex) -> None:
    hits = shipped.rank("怎么开通手机银行呢", index, k=1)  # an index ranks its own hits
    assert [hit.id for hit in hits] == ["mobile"]


@pytest.mark.parametrize("query", ["", "   ", "😀😀😀", "？？！"])
def test_bad_queries_give_no_hits(index: FaqIndex, shipped: QuestionMatcher, query: str) -> None:
    assert index.search(query, k=3) == []
    assert shipped.rank(query, ["如何提高信用卡额度"], k=3) == []


def test_huge_query_gets_a_defined_result(index: FaqIndex) -> None:
    hits = index.search("信用卡额度" * 20_000, k=3)
    assert len(hits) == 3
    assert all(0.0 <= hit.score <= 1.0 for hit in hits)


def test_empty_index_and_duplicate_ids(shipped: QuestionMatcher) -> None:
    assert FaqIndex(shipped).build([]).search("密码忘了", k=3) == []
    with pytest.raises(ValueError, match="unique"):
        FaqIndex(shipped).build([FaqEntry("a", "一"), FaqEntry("a", "二")])


def test_hit_to_dict(index: FaqIndex) -> None:
    data = index.search("怎么开通手机银行", k=1)[0].to_dict()
    assert sorted(data) == ["answer", "id", "is_match", "question", "retrieval_score", "score"]
    assert data["id"] == "mobile"
    assert data["is_match"] is True


def test_pair_scores_are_symmetric(shipped: QuestionMatcher) -> None:
    first = shipped.predict_proba(["忘记密码怎么办", "贷款利率"], ["密码忘了咋整", "存款利率"])
    second = shipped.predict_proba(["密码忘了咋整", "存款利率"], ["忘记密码怎么办", "贷款利率"])
    np.testing.assert_allclose(first, second, rtol=1e-6)
    assert first[0] > first[1]


def test_tiny_matcher_learns_and_round_trips(tmp_path: Path, tiny_matcher: QuestionMatcher) -> None:
    a, b = ["怎样提高信用卡额度", "怎样提高信用卡额度"], ["信用卡能不能提额", "银行卡丢了怎么挂失"]
    scores = tiny_matcher.predict_proba(a, b)
    assert scores[0] > scores[1]
    loaded = QuestionMatcher.load(tiny_matcher.save(tmp_path / "tiny"))
    np.testing.assert_allclose(loaded.predict_proba(a, b), scores, rtol=1e-6)
    assert loaded.threshold_ == tiny_matcher.threshold_


class Intruder:
    """A type no model file may contain."""


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (lambda: sio.dumps(Intruder()), "untrusted types"),
        (lambda: sio.dumps(LogisticRegression().fit([[0.0], [1.0]], [0, 1])), "LogisticRegression"),
    ],
)
def test_load_refuses_a_foreign_booster(
    tmp_path: Path, tiny_matcher: QuestionMatcher, payload: Any, message: str
) -> None:
    meta, arrays = load_model(tiny_matcher.save(tmp_path / "good"), kind="match")
    arrays["booster_skops"] = np.frombuffer(payload(), dtype=np.uint8)
    bad = save_model(tmp_path / "bad", meta=meta, arrays=arrays)
    with pytest.raises(ModelFileError, match=message):
        QuestionMatcher.load(bad)


def test_fit_rejects_one_label() -> None:
    with pytest.raises(ValueError, match="both labels"):
        QuestionMatcher().fit(["a", "b"], ["c", "d"], [1, 1])


def test_fit_rejects_a_label_too_rare_to_cross_validate() -> None:
    with pytest.raises(ValueError, match=r"at least 2 pairs of each \(found 2 labelled 0, 1"):
        QuestionMatcher().fit(["a", "b", "c"], ["d", "e", "f"], [0, 0, 1])


def test_training_shortfall_checks_each_source() -> None:
    labels, sources = [0, 0, 1, 1, 0, 1, 1], [0, 0, 0, 0, 1, 1, 1]
    assert training_shortfall(labels) is None
    message = training_shortfall(labels, sources, ["bank", "alipay"])
    assert message is not None
    assert message.startswith("source alipay: ")
    assert training_shortfall([*labels, 0], [*sources, 1], ["bank", "alipay"]) is None


def test_cli_train_with_too_few_pairs_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _write_pairs(tmp_path / "few.csv", [("你好", "您好", 1), ("开户", "销户", 0)])
    args = ["train", "match", "--data", str(data), "--out", str(tmp_path / "m")]
    assert cli.run(args) == 2
    assert "few.csv: pair training needs both labels 0 and 1" in capsys.readouterr().err
    assert not (tmp_path / "m.npz").exists()


def test_cli_train_eval_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write_pairs(tmp_path / "pairs.csv", _pairs())
    args = ["train", "match", "--data", str(data), "--out", str(tmp_path / "m")]
    assert cli.run(args) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["pairs"] == 52
    assert summary["positive_share"] == round(24 / 52, 4)
    args = ["eval", "match", "--data", str(data), "--model", str(tmp_path / "m"), "--json"]
    assert cli.run(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["examples"] == 52
    assert report["extra"]["majority_baseline_accuracy"] == round(28 / 52, 4)
    assert report["accuracy"] >= 0.9


def test_cli_eval_bad_label_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "bad.csv"
    data.write_text("text_a,text_b,label\n问一,问二,yes\n", encoding="utf-8")
    assert cli.run(["eval", "match", "--data", str(data)]) == 2
    assert "label must be 0 or 1" in capsys.readouterr().err


def test_cli_eval_missing_model_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = _write_pairs(tmp_path / "pairs.csv", _pairs()[:4])
    assert cli.run(["eval", "match", "--data", str(data), "--model", str(tmp_path / "x")]) == 2
    assert "match model not found" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/data/bq_corpus/train.csv", "bq_corpus"),
        ("/data/bq_corpus/dev.csv", "bq_corpus"),
        ("/data/afqmc/Validation.csv", "afqmc"),
        ("/bank/faq_pairs_2025.csv", "faq_pairs_2025"),
    ],
)
def test_train_and_dev_files_of_one_data_set_are_one_source(path: str, expected: str) -> None:
    from xinfa.analysis.engine.tasks.match import source_name

    assert source_name(Path(path)) == expected
