import numpy as np

from xinfa.analysis.engine import features
from xinfa.analysis.engine.features import (
    FeatureConfig,
    TextFeaturizer,
    char_ngrams,
    word_ngrams,
)


def test_char_ngrams_lists_every_gram_and_strips_mentions() -> None:
    assert char_ngrams("Ab好", 1, 2) == ["a", "b", "好", "ab", "b好"]
    assert char_ngrams("@张三: 好", 1, 1, strip_mentions=True) == [" ", " ", "好"]


def test_word_ngrams_skips_blank_tokens() -> None:
    assert word_ngrams(["我", " ", "要", "退款"], 1, 2) == ["我", "要", "退款", "我 要", "要 退款"]


def test_featurizer_normalises_each_block_and_round_trips() -> None:
    texts, tokens = (
        ["我要退款", "查询余额", "我要查询"],
        [["我", "要", "退款"], ["查询", "余额"], []],
    )
    featurizer = TextFeaturizer(FeatureConfig(char_bits=10, word_bits=8, min_df=1)).fit(
        texts, tokens
    )

    matrix = featurizer.transform(texts, tokens)
    char_block = matrix[:, : 2**10].toarray()
    word_block = matrix[:, 2**10 :].toarray()
    meta, arrays = featurizer.to_arrays()
    again = TextFeaturizer.from_arrays(meta, arrays).transform(texts, tokens)

    assert matrix.shape == (3, 2**10 + 2**8)
    assert np.round((char_block**2).sum(axis=1), 5).tolist() == [1.0, 1.0, 1.0]
    assert np.round((word_block**2).sum(axis=1), 5).tolist() == [1.0, 1.0, 0.0]
    assert abs(again - matrix).max() == 0


def test_featurizer_min_df_zeroes_rare_features() -> None:
    featurizer = TextFeaturizer(FeatureConfig(char_bits=10, word_bits=8, min_df=2))
    featurizer.fit(["好好", "好坏"], [[], []])

    assert featurizer.transform(["坏"], [[]]).nnz == 0
    assert featurizer.transform(["好"], [[]]).nnz == 1


def test_featurizers_with_same_ngrams_share_counts_without_side_effects() -> None:
    texts, tokens = ["我要退款", "退款退款"], [["我", "要", "退款"], ["退款", "退款"]]
    first = TextFeaturizer(FeatureConfig(char_bits=10, word_bits=8)).fit(texts, tokens)
    second = TextFeaturizer(FeatureConfig(char_bits=10, word_bits=8, min_df=2)).fit(texts, tokens)

    one = first.transform(texts, tokens)
    two = second.transform(texts, tokens)

    assert abs(first.transform(texts, tokens) - one).max() == 0
    assert abs(second.transform(texts, tokens) - two).max() == 0
    assert two.nnz < one.nnz


def test_featurizers_share_the_char_block_when_only_word_settings_differ() -> None:
    texts, tokens = ["我要退款", "退款"], [["我", "要", "退款"], ["退款"]]
    words_only = [["我要", "退款"], ["退款"]]
    wide = TextFeaturizer(FeatureConfig(char_bits=10, word_bits=8, word_max=2)).fit(texts, tokens)
    narrow = TextFeaturizer(FeatureConfig(char_bits=10, word_bits=8, word_max=1))
    narrow.fit(texts, words_only)
    features.clear_count_cache()
    expected = narrow.transform(texts, words_only)
    features.clear_count_cache()

    wide.transform(texts, tokens)  # caches this batch's char block
    shared = narrow.transform(texts, words_only)

    assert abs(shared - expected).max() == 0
    assert shared.shape == (2, 2**10 + 2**8)


def test_binary_tf_weighs_presence_not_count() -> None:
    texts, tokens = (["好好好坏", "好坏"], [["好", "好", "好", "坏"], ["好", "坏"]])
    config = FeatureConfig(char_max=1, word_max=1, char_bits=8, word_bits=8)
    binary = TextFeaturizer(FeatureConfig(**{**config.to_dict(), "binary_tf": True}))
    counted = TextFeaturizer(config)

    repeated, once = binary.fit(texts, tokens).transform(texts, tokens).toarray()
    counted_repeated, counted_once = counted.fit(texts, tokens).transform(texts, tokens).toarray()
    meta, arrays = binary.to_arrays()

    assert np.allclose(repeated, once)
    assert not np.allclose(counted_repeated, counted_once)
    assert TextFeaturizer.from_arrays(meta, arrays).config.binary_tf is True
    assert FeatureConfig.from_dict({"char_bits": 8}).binary_tf is False  # older model files
