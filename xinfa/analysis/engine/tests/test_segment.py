import jieba

from xinfa.analysis.engine.components import segment
from xinfa.analysis.engine.components.segment import BANKING_DICT, JiebaSegmenter, tokenize
from xinfa.analysis.engine.doc import Doc


def test_banking_dictionary_has_enough_terms():
    lines = BANKING_DICT.read_text(encoding="utf-8").splitlines()
    words = [line.split()[0] for line in lines]
    assert len(words) == len(set(words))
    assert len(words) >= 200
    assert all(int(line.split()[1]) > 0 for line in lines)


def test_tokenize_keeps_banking_terms_whole():
    assert tokenize("我的信用卡年费和手续费怎么收,手机银行显示逾期了,要去智能柜台挂失补卡") == [
        "我", "的", "信用卡", "年费", "和", "手续费", "怎么", "收", ",", "手机银行", "显示",
        "逾期", "了", ",", "要", "去", "智能柜台", "挂失", "补卡",
    ]  # fmt: skip


def test_tokenize_terms_with_latin_letters():
    assert tokenize("U盾丢了,短信验证码收不到") == ["U盾", "丢", "了", ",", "短信验证码", "收不到"]


def test_tokenize_drops_whitespace_and_handles_empty():
    assert tokenize("") == []
    assert tokenize("大额存单  结息") == ["大额存单", "结息"]


def test_segmenter_uses_a_private_tokenizer():
    tokenize("征信")
    assert segment._tokenizer is not None
    assert segment._tokenizer is not jieba.dt
    assert "智能柜台" not in jieba.dt.FREQ


def test_component_reads_norm_text():
    doc = Doc(text="信用卡還款", annotations={"norm_text": "信用卡还款"})
    assert JiebaSegmenter()(doc).tokens == ["信用卡", "还款"]
