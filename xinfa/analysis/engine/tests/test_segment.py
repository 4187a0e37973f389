import logging

import jieba
import pytest
import rjieba

from xinfa.analysis.engine.components import segment
from xinfa.analysis.engine.components.segment import (
    BANKING_DICT,
    JiebaSegmenter,
    UserDictionaryError,
    read_user_dictionary,
    tokenize,
)
from xinfa.analysis.engine.doc import Doc


def test_banking_dictionary_has_enough_terms():
    entries = read_user_dictionary(BANKING_DICT)
    words = [word for word, _, _ in entries]
    assert len(words) == len(set(words))
    assert len(words) >= 200
    assert all(frequency > 0 for _, frequency, _ in entries)


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
    assert not rjieba.has_word("智能柜台")
    assert "智能柜台" not in jieba.dt.FREQ


@pytest.fixture(scope="module")
def python_jieba():
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(str(BANKING_DICT))
    return tokenizer


@pytest.mark.parametrize(
    "text",
    [
        "请问信用卡账单日是每月几号？我上个月的分期手续费好像多扣了",
        "My top-up was reverted by the app. How much is the limit for top-ups?",
        "此书质量不好,买回来一看书中出现断页146-179页",
        "离九寨沟沟口有1.5km，参考http://t.cn/A6PqCXpD 缺点：1.usb接口在左边",
        "#全国确诊新型肺炎病例# //@某某: 转发微博 [怒][泪] 100%不会再来了",
        "理财产品R2风险等级，年化收益率3.5%，可以用手机银行App买吗",
    ],
)
def test_tokens_match_python_jieba(python_jieba, text):
    expected = [token for token in python_jieba.lcut(text) if not token.isspace()]
    assert tokenize(text) == expected


def test_user_dictionary_lines_are_read_with_frequency_and_tag(tmp_path):
    path = tmp_path / "dict.txt"
    path.write_text("大额存单 30000 n\n\n结息 500\n", encoding="utf-8")
    assert read_user_dictionary(path) == [("大额存单", 30000, "n"), ("结息", 500, "")]
    for bad in ("结息 many n", "结息 ² n", "结息 0"):
        path.write_text(bad + "\n", encoding="utf-8")
        with pytest.raises(UserDictionaryError, match=r"dict\.txt:1: frequency"):
            read_user_dictionary(path)


def test_component_reads_norm_text():
    doc = Doc(text="信用卡還款", annotations={"norm_text": "信用卡还款"})
    assert JiebaSegmenter()(doc).tokens == ["信用卡", "还款"]
