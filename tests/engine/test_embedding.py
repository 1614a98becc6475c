"""The sentence encoder runs all-MiniLM-L6-v2 with numpy alone, with the trained adapters and heads on top."""

from typing import Any

import numpy as np
import pytest

from civicguard.engine.detectors.base import Document
from civicguard.engine.detectors.language import _model
from civicguard.engine.embedding import HEAD_SCALE, SentenceEncoder, WordPiece, _gelu, model_dir, shared_task_encoder
from civicguard.engine.model import Content, Context


@pytest.fixture(scope="module")
def tokenizer():
    return WordPiece(model_dir() / "vocab.txt")


def test_tokenizer_gives_berts_word_pieces(tokenizer):
    # The ids sentence-transformers' own tokenizer gives for the same text (checked against it once, by hand).
    assert tokenizer.encode("Hello, world!") == [101, 7592, 1010, 2088, 999, 102]
    assert tokenizer.encode("Café NAÏVE") == tokenizer.encode("cafe naive")  # lower case, accents stripped


def test_tokenizer_survives_hostile_text(tokenizer):
    ids = tokenizer.encode("\u200b\x00<script>alert(1)</script>" + "𝕳" * 50 + "a" * 5000)
    assert ids[0] == 101 and ids[-1] == 102 and len(ids) <= 128


@pytest.fixture(scope="module")
def base():
    return SentenceEncoder()


def test_gelu_is_the_exact_one_the_model_was_trained_with():
    from scipy.special import erf

    x = np.linspace(-12, 12, 200 * 384, dtype=np.float32).reshape(200, 384)  # more rows than one block
    exact = x * 0.5 * (1.0 + erf(x / np.sqrt(2.0)))
    got = _gelu(x)
    assert got.dtype == np.float32 and got.shape == x.shape
    assert np.abs(got - exact).max() < 2e-6
    assert _gelu(np.zeros((0, 384), dtype=np.float32)).shape == (0, 384)


def test_embeddings_are_unit_length_and_know_meaning(base):
    enc = base
    a = enc.encode(["The bins will be collected on Tuesday.", "Refuse collection is on Tuesday this week.",
                    "I hate all of you."])
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert a[0] @ a[1] > a[0] @ a[2] + 0.3


def test_the_first_blocks_alone_give_a_different_unit_embedding_and_a_seventh_is_refused(base):
    two = SentenceEncoder(layers=2)
    assert len(two.layers) == 2
    text = ["The bins will be collected on Tuesday."]
    shallow = two.encode(text)
    assert np.allclose(np.linalg.norm(shallow, axis=1), 1.0, atol=1e-5)
    assert not np.allclose(shallow, base.encode(text), atol=1e-3)
    with pytest.raises(ValueError, match="6 blocks"):
        SentenceEncoder(layers=7)


def test_batched_and_single_encodings_agree():
    enc = shared_task_encoder().encoder
    texts = ["short", "a much longer sentence about the library opening hours in St Helens town centre"]
    both = enc.encode(texts)
    for i, t in enumerate(texts):
        assert np.allclose(both[i], enc.encode([t])[0], atol=1e-5)


def test_adapters_change_the_base_model(base):
    tuned = shared_task_encoder().encoder
    text = ["Of course human rights should not apply to disabled people."]
    assert not np.allclose(base.encode(text), tuned.encode(text), atol=1e-3)


def test_hateful_head_separates_hate_from_support():
    te = shared_task_encoder()
    z = te.logits(["We should kill every immigrant in this town.", "I really admire the immigrants here."])
    assert z["hateful"][0, 0] > z["hateful"][1, 0]
    assert te.labels["characteristic"][int(np.argmax(te.logits(["Muslims are vile."])["characteristic"][0]))] == \
        "religion_or_belief"
    assert HEAD_SCALE > 0


def _doc(text):
    return Document(Content(text=text), Context(council="st-helens", channel="comment"))


def test_encoder_is_consulted_only_past_the_gate():
    clean = _doc("The library on Victoria Square opens at 9am on Saturday.")
    assert _model.encoder_logits(clean) is None
    hostile = _doc("We should kill every immigrant in this town.")
    assert _model.encoder_logits(hostile) is not None
    assert _model.encoder_probability(hostile, None) > 0.5


def test_scan_batches_memoise_what_single_checks_compute():
    texts = ["The library opens at 9am.", "We should kill every immigrant in this town."]
    memos: list[dict[str, Any]] = [{}, {}]
    _model.prepare_models(texts, memos)
    assert _model.ENCODER_MEMO not in memos[0]
    single = _model.encoder_logits(_doc(texts[1]))
    assert np.allclose(memos[1][_model.ENCODER_MEMO]["hateful"], single["hateful"], atol=1e-4)
