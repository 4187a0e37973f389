from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.svm import LinearSVC

from xinfa.analysis.engine.features import FeatureConfig
from xinfa.analysis.engine.linear import LinearTextClassifier, nb_log_ratio
from xinfa.analysis.engine.tasks import emotion, sentiment
from xinfa.analysis.engine.tasks.sentiment import file_weight

TEXTS = ["很好很满意", "服务很好", "满意点赞", "太差了", "很差劲", "差评退款", "好评", "差"] * 3
TOKENS = [list(text) for text in TEXTS]
LABELS = ["positive"] * 3 + ["negative"] * 3 + ["positive", "negative"]
LABELS = LABELS * 3
SMALL = FeatureConfig(char_bits=10, word_bits=8, min_df=1)


def test_nb_log_ratio_is_smoothed_log_ratio_of_normalised_sums() -> None:
    matrix = sp.csr_matrix(np.array([[1.0, 0.0], [1.0, 1.0], [0.0, 2.0]]))
    ratio = nb_log_ratio(matrix, np.array([True, True, False]))

    # members: sums (2, 1) + 1 -> (3, 2) / 5; rest: (0, 2) + 1 -> (1, 3) / 4
    assert ratio.dtype == np.float32
    assert np.allclose(ratio, [np.log(0.6 / 0.25), np.log(0.4 / 0.75)], atol=1e-6)


def test_nb_svm_weights_fold_into_one_linear_model(tmp_path: Path) -> None:
    model = LinearTextClassifier(features=SMALL, c=0.3, nb_scale=True)
    model.fit(TEXTS, TOKENS, LABELS)
    matrix = model.featurizer_.transform(TEXTS, TOKENS)
    ratio = nb_log_ratio(matrix, np.asarray(LABELS) == "positive")
    svm = LinearSVC(C=0.3, class_weight="balanced", random_state=42)
    svm.fit(matrix @ sp.diags(ratio), np.asarray(LABELS) == "positive")
    explicit = svm.decision_function(matrix @ sp.diags(ratio))

    scores = model.scores(TEXTS, TOKENS)
    path = model.save(tmp_path / "m.npz", kind="sentiment")
    loaded, meta = LinearTextClassifier.load(path, kind="sentiment")

    assert model.classes_ == ["negative", "positive"]
    assert np.allclose(scores[:, 1], explicit, atol=1e-4)
    assert np.allclose(scores[:, 0], -explicit, atol=1e-4)
    assert model.predict(TEXTS, TOKENS) == LABELS
    assert meta["params"]["nb_scale"] is True
    assert loaded.nb_scale is True
    assert loaded.predict(TEXTS, TOKENS) == LABELS


def test_sentiment_file_weight_up_weights_chnsenticorp_only() -> None:
    assert file_weight(Path("/data/chnsenticorp/train.csv")) == 3.0
    assert file_weight(Path("/data/ChnSentiCorp_extra.csv")) == 3.0
    assert file_weight(Path("/data/waimai_10k/train.csv")) == 1.0


def test_emotion_file_weight_up_weights_the_bank_turn_files_only() -> None:
    assert emotion.file_weight(Path("xinfa/analysis/tests/data/emotion_bank.csv")) == 3.0
    assert emotion.file_weight(Path("/data/smp2020_ewect_usual/train.csv")) == 1.0
    assert emotion.file_weight(Path("/data/bank_questions_neutral_train.csv")) == 1.0


# Out of the domain "快" is good and "慢" bad; in it ("电脑" reviews) the other way round.
# Single characters only, so no n-gram can learn the domain x word interaction.
UNIGRAMS = FeatureConfig(char_max=1, word_max=1, char_bits=10, word_bits=8, min_df=1)
GENERAL = [("外卖快", "positive"), ("外卖慢", "negative")] * 30
IN_DOMAIN = [("电脑快", "negative"), ("电脑慢", "positive")] * 6


def _fit_domains(expert_share: float) -> LinearTextClassifier:
    texts = [text for text, _ in GENERAL + IN_DOMAIN]
    labels = [label for _, label in GENERAL + IN_DOMAIN]
    model = LinearTextClassifier(features=UNIGRAMS, c=1.0, expert_share=expert_share)
    domain = np.array([False] * len(GENERAL) + [True] * len(IN_DOMAIN))
    return model.fit(texts, [list(text) for text in texts], labels, in_domain=domain)


def test_in_domain_expert_answers_domain_texts_and_leaves_others_alone(tmp_path: Path) -> None:
    probes = ["电脑快", "电脑慢", "外卖快", "外卖慢"]
    tokens = [list(text) for text in probes]
    plain = _fit_domains(expert_share=0.0)
    gated = _fit_domains(expert_share=0.9)
    loaded, meta = LinearTextClassifier.load(
        gated.save(tmp_path / "m.npz", kind="sentiment"), kind="sentiment"
    )

    assert plain.expert_ is None
    assert plain.predict(probes, tokens) == ["positive", "negative", "positive", "negative"]
    assert gated.expert_ is not None
    assert gated.predict(probes, tokens) == ["negative", "positive", "positive", "negative"]
    assert meta["has_expert"] is True
    assert loaded.expert_ is not None
    assert loaded.expert_share == 0.9
    assert np.allclose(
        loaded.predict_proba(probes, tokens), gated.predict_proba(probes, tokens), atol=1e-2
    )


def test_expert_is_skipped_when_the_domain_rows_cannot_train_one() -> None:
    texts = [text for text, _ in GENERAL]
    labels = [label for _, label in GENERAL]
    model = LinearTextClassifier(features=UNIGRAMS, expert_share=0.5)
    only_positive = np.array([label == "positive" for label in labels])
    everything = np.ones(len(labels), dtype=bool)
    tokens = [list(text) for text in texts]

    assert model.fit(texts, tokens, labels, in_domain=only_positive).expert_ is None
    assert model.fit(texts, tokens, labels, in_domain=everything).expert_ is None
    assert model.fit(texts, tokens, labels).expert_ is None


def test_sentiment_expert_learns_from_chnsenticorp_files_only() -> None:
    assert sentiment.in_domain(Path("/data/chnsenticorp/train.csv"))
    assert not sentiment.in_domain(Path("/data/waimai_10k/train.csv"))
