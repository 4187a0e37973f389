import time

from xinfa.analysis.engine.components.normalize import (
    ChineseNormalizer,
    find_signals,
    normalize_text,
)
from xinfa.analysis.engine.doc import Doc


def test_normalize_traditional_becomes_simplified():
    assert (
        normalize_text("銀行客服服務心得與技巧，還剩1頁未讀")
        == "银行客服服务心得与技巧,还剩1页未读"
    )


def test_normalize_full_width_becomes_half_width():
    assert normalize_text("ＡＴＭ機１２３號：（請）！") == "ATM机123号:(请)!"


def test_normalize_whitespace_and_zero_width():
    assert (
        normalize_text("  我要\u200b挂失\t\n\n信用卡\u3000\u3000 谢谢\ufeff ")
        == "我要挂失 信用卡 谢谢"
    )


def test_normalize_keeps_emoji_zwj_sequence_and_drops_stray_zwj():
    assert normalize_text("好\u200d的👨\u200d👩\u200d👧") == "好的👨\u200d👩\u200d👧"


def test_normalize_marks_half_a_surrogate_pair_and_keeps_offsets():
    # Only a JSON escape can produce one; OpenCC could not encode it.
    assert normalize_text("卡\ud800號\udc00") == "卡\ufffd号\ufffd"


def test_normalize_empty_and_blank_inputs():
    assert normalize_text("") == ""
    assert normalize_text(" \n\t\u3000") == ""


def test_signals_emoticons_and_emoji_with_hints():
    norm = normalize_text("又扣年費[怒][怒]😡 算了[淚]👍🏻 [图片]")
    assert norm == "又扣年费[怒][怒]😡 算了[泪]👍🏻 [图片]"
    found = [(s.kind, s.text, s.start, s.end, s.hint) for s in find_signals(norm)]
    assert found == [
        ("emoticon", "[怒]", 4, 7, "angry"),
        ("emoticon", "[怒]", 7, 10, "angry"),
        ("emoji", "😡", 10, 11, "angry"),
        ("emoticon", "[泪]", 14, 17, "sad"),
        ("emoji", "👍🏻", 17, 19, "happy"),
    ]


def test_signals_unknown_emoticon_has_no_hint():
    assert [s.to_dict() for s in find_signals("[小黄人]")] == [
        {"kind": "emoticon", "text": "[小黄人]", "start": 0, "end": 5, "hint": None}
    ]


def test_component_emoji_only_doc():
    doc = ChineseNormalizer()(Doc(text="😭😭😭"))
    assert doc.norm_text == "😭😭😭"
    assert [s.hint for s in doc.annotations["signals"]] == ["sad", "sad", "sad"]
    assert doc.text == "😭😭😭"


def test_component_pipe_matches_call():
    texts = ["您好，請問信用卡年費怎麼收？", "", "ｏｋ"]
    piped = ChineseNormalizer().pipe([Doc(text=t) for t in texts])
    assert [d.norm_text for d in piped] == ["您好,请问信用卡年费怎么收?", "", "ok"]


def test_normalize_100kb_text_is_fast():
    text = "我的信用卡被盜刷了[怒]😡，ＡＢＣ\u200b　" * 5000
    started = time.perf_counter()
    norm = normalize_text(text)
    signals = find_signals(norm)
    assert time.perf_counter() - started < 1.0
    assert norm.startswith("我的信用卡被盗刷了[怒]😡,ABC 我的")
    assert len(signals) == 10000
