"""The shipped text model: loads offline, reads disguised words, and moves probabilities to a base rate."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicguard.engine.textmodel import Head, batch_logits, calibrated, prepare, shared_model, stack_inputs


def test_shipped_model_has_every_head():
    model = shared_model()
    assert set(model.heads) == {"offensive", "hateful", "characteristic", "complaint"}
    assert model.meta["seed"] and "heads_report" in model.meta


@pytest.mark.parametrize(("text", "seen"),
                         [("f**k off", "fuck off"), ("ѕһіt", "shit"), ("see www.x.org @bob", "httpurl"),
                          ("who invited this f*g?", "this fag?"), ("weak a*s music", "weak ass music"),
                          ("my n*gga", "my nigga"), ("so retar*ed", "so retarded")])
def test_the_model_sees_through_disguises(text, seen):
    assert seen in prepare(text)


@pytest.mark.parametrize("text", ["s*n", "a*b*c", "Dr. H*", "x*"])
def test_masks_nothing_listed_fits_are_left_alone(text):
    assert prepare(text) == text.lower()


def test_offensive_text_scores_higher_than_clean_text():
    z = shared_model().logits(["you are a fucking idiot", "the library opens at nine"])["offensive"][:, 0]
    # Logits at the training data's own base rate (Davidson: 83% offensive), so compare, not sign.
    assert z[0] > z[1] + 3


def test_characteristic_head_names_the_group():
    model = shared_model()
    head = model.heads["characteristic"]
    row = model.logits(["muslims are a disease and should be banned"])["characteristic"][0]
    assert head.labels[int(np.argmax(row))] == "religion_or_belief"


def test_base_rate_moves_the_probability_by_bayes_rule():
    head = Head("h", ("h",), "binary", None, np.zeros(1), ("logit",), np.array([1.0]), 0.0, prior=0.8)  # type: ignore[arg-type]
    at_training_rate = calibrated(head, stack_inputs(0.0, [], []))
    lower = calibrated(head, stack_inputs(0.0, [], []), base_rate=0.2)
    assert at_training_rate == 0.5
    # Prior odds 4:1 -> 1:4, so odds 1 become 1/16.
    assert abs(lower - 1 / 17) < 1e-9


def test_batch_scores_match_one_at_a_time():
    texts = ["you absolute idiot", "the library opens at nine", ""]
    batch = batch_logits(texts)
    for text, row in zip(texts, batch, strict=True):
        single = shared_model().logits([text])
        assert all(np.allclose(row[h], single[h][0]) for h in single)


def _sklearn_counts(texts):
    from sklearn.feature_extraction.text import HashingVectorizer

    from civicguard.engine.textmodel import _TOKEN_PATTERN, CHAR_FEATURES, WORD_FEATURES

    word = HashingVectorizer(analyzer="word", ngram_range=(1, 2), n_features=WORD_FEATURES, alternate_sign=False,
                             norm=None, token_pattern=_TOKEN_PATTERN, lowercase=False)
    char = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 5), n_features=CHAR_FEATURES, alternate_sign=False,
                             norm=None, lowercase=False)
    return word.transform(texts), char.transform(texts)


HASH_CASES = ["", " ", "a", "ab", "abc defgh", "you  f**k  off\tnow\n\nplease", "ça va ? 😂😂 #hashtag @atuser",
              "rt atuser: httpurl the bins weren't collected", "ｆｕｌｌ width and ΕΛΛΗΝΙΚΆ", "x" * 300,
              "don't can't it's o'clock", "a b c d e f g", "\u200bzero\u200bwidth"]


def test_features_are_hashed_exactly_as_scikit_learn_hashes_them():
    from civicguard.engine.textmodel import counts, prepare

    texts = HASH_CASES + [prepare(t) for t in HASH_CASES]
    for ours, theirs in zip(counts(texts), _sklearn_counts(texts), strict=True):
        assert ours.shape == theirs.shape and (ours != theirs).nnz == 0


@given(st.text(max_size=120))
@settings(max_examples=200, deadline=None)
def test_any_text_hashes_as_scikit_learn_does(text):
    from civicguard.engine.textmodel import counts

    if any(0xD800 <= ord(c) <= 0xDFFF for c in text):
        return  # scikit-learn cannot encode a lone surrogate; ours replaces it (next test)
    for ours, theirs in zip(counts([text]), _sklearn_counts([text]), strict=True):
        assert (ours != theirs).nnz == 0


def test_a_lone_surrogate_is_hashed_not_a_crash():
    from civicguard.engine.textmodel import counts

    word, char = counts(["bad \udc80 text"])
    assert word.shape[0] == 1 and word.nnz > 0 and char.nnz > 0
