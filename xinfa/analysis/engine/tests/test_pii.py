import importlib
import json
import time
from pathlib import Path

import pytest

from xinfa.analysis.engine.components.pii import RegexPii, find_pii, mask_pii
from xinfa.analysis.engine.components.pii import masking as engine_masking
from xinfa.analysis.engine.components.pii.rules import (
    id15_is_valid,
    id18_check_digit,
    id18_is_valid,
    luhn_check_digit,
    luhn_is_valid,
)
from xinfa.analysis.engine.datasets import DatasetError
from xinfa.analysis.engine.doc import Doc
from xinfa.analysis.engine.tasks.pii import evaluate

DATA = Path(__file__).resolve().parents[2] / "tests" / "data"
ID = "11010519491231002" + id18_check_digit("11010519491231002")  # 11010519491231002X
CARD = "622202123456789" + luhn_check_digit("622202123456789")


def spans(text):
    return [(s.type, text[s.start : s.end], s.masked) for s in find_pii(text)]


def test_checksums():
    assert ID == "11010519491231002X"
    assert id18_is_valid(ID)
    assert id18_is_valid(ID[:17] + "x")
    assert not id18_is_valid("110105194912310021")
    assert not id18_is_valid("110105194902300023")  # 30 February
    assert id15_is_valid("110105491231002")
    assert not id15_is_valid("990105491231002")  # no such province
    assert luhn_is_valid("4111111111111111")
    assert not luhn_is_valid("4111111111111112")


def test_id_number_formats():
    spaced = f"{ID[:6]} {ID[6:14]} {ID[14:]}"
    assert spans(f"身份证{ID}") == [("id_number", ID, "110105********002X")]
    assert spans(f"证件:{ID[:-1]}x。") == [("id_number", ID[:-1] + "x", "110105********002X")]
    assert spans(f"号码{spaced}") == [("id_number", spaced, "110105********002X")]
    assert spans("老证110105491231002") == [("id_number", "110105491231002", "110105*****1002")]


def test_bank_card_formats():
    grouped = " ".join(CARD[i : i + 4] for i in range(0, 16, 4))
    dashed = grouped.replace(" ", "-")
    assert spans(f"卡号{CARD}") == [("bank_card", CARD, f"{CARD[:6]}******{CARD[-4:]}")]
    assert spans(f"卡号{grouped}") == [("bank_card", grouped, f"{CARD[:6]}******{CARD[-4:]}")]
    assert spans(f"卡{dashed}") == [("bank_card", dashed, f"{CARD[:6]}******{CARD[-4:]}")]
    assert spans(f"卡号{CARD[:-1]}{(int(CARD[-1]) + 1) % 10}") == []  # Luhn fails


def test_phone_formats():
    assert spans("打13812345678") == [("mobile", "13812345678", "138****5678")]
    assert spans("电话+86 138-1234-5678吧") == [("mobile", "+86 138-1234-5678", "138****5678")]
    assert spans("138 1234 5678") == [("mobile", "138 1234 5678", "138****5678")]
    assert spans("座机010-62345678转123") == [("landline", "010-62345678转123", "010****5678-123")]
    assert spans("(0755)86001234") == [("landline", "(0755)86001234", "075*****1234")]


def test_email_and_full_width():
    assert spans("邮箱Zhang.San+bank@mail.example.com.cn。") == [
        ("email", "Zhang.San+bank@mail.example.com.cn", "Z***@mail.example.com.cn")
    ]
    full = "１３８１２３４５６７８"
    assert spans(f"手机{full}") == [("mobile", full, "138****5678")]


@pytest.mark.parametrize(
    "text",
    [
        "金额¥12,345.00,到账1000000元",
        "日期2024-05-01 20240501 14:30:59",
        "订单号13812345678",
        "流水号202405011234567890123",
        "编号ABC13812345678",
        "138123456789多了一位",
        "12345678901",
        "热线95588和400-820-8820",
        "身份证110105194912310021校验位错了",
        "验证码384920",
        "13812345678.00元",
    ],
)
def test_hard_negatives(text):
    assert find_pii(text) == []


def test_spoken_chinese_numerals():
    assert spans("手机一三八一二三四五六七八") == [
        ("mobile", "一三八一二三四五六七八", "138****5678")
    ]
    assert spans("幺三九 一二三四 五六七八") == [
        ("mobile", "幺三九 一二三四 五六七八", "139****5678")
    ]
    assert find_pii("二〇二四年五月一日,第一二三条,一五一十") == []


def test_email_wins_over_phone_inside_it():
    assert spans("13812345678@163.com") == [("email", "13812345678@163.com", "1***@163.com")]


def test_mask_pii_replaces_every_span():
    text = f"我叫张三,身份证{ID},手机13812345678,邮箱zs@qq.com"
    assert mask_pii(text) == "我叫张三,身份证110105********002X,手机138****5678,邮箱z***@qq.com"
    assert mask_pii("没有个人信息") == "没有个人信息"
    assert mask_pii("") == ""


def test_component_offsets_index_raw_text():
    doc = RegexPii()(Doc(text=f"卡號：{CARD}"))
    assert [s.to_dict() for s in doc.annotations["pii"]] == [
        {"type": "bank_card", "start": 3, "end": 19, "masked": f"{CARD[:6]}******{CARD[-4:]}"}
    ]


def test_engine_masking_agrees_with_core_masking():
    # Compared only here: the engine itself never imports a Django app.
    core = importlib.import_module("xinfa.core.masking")
    samples = ["13812345678", "010-62345678", "", "12345"]
    for name, values in [
        ("mask_phone", samples),
        ("mask_id_number", [ID, "110105491231002", "", "123"]),
        ("mask_card_number", [CARD, "6222 0212 3456 7890 123", "", "123"]),
        ("mask_email", ["a@b.cn", "zhang.san@qq.com", "", "no-at"]),
    ]:
        for value in values:
            assert getattr(engine_masking, name)(value) == getattr(core, name)(value)


def test_100kb_text_is_not_pathological():
    text = ("1" * 50_000) + ("a@" * 20_000) + ("6222 " * 2_000)
    started = time.perf_counter()
    assert find_pii(text) == []
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize("name", ["pii_generated.jsonl", "pii_handwritten.jsonl"])
def test_eval_sets_precision_and_recall(name):
    report = evaluate(data=DATA / name, model=None)
    assert report.examples >= (1500 if "generated" in name else 150)
    assert report.extra["micro_precision"] >= 0.99
    assert report.extra["micro_recall"] >= 0.99


def test_eval_rejects_bad_entities(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps({"text": "x", "entities": [{"type": "ssn", "start": 0, "end": 1}]}))
    with pytest.raises(DatasetError, match="unknown entity type 'ssn'"):
        evaluate(data=bad, model=None)
