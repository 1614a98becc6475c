"""The trained text model: hashed word and character n-grams, TF-IDF weighted, with one linear head per task.

One artefact (``engine/models/language.npz``, built by :mod:`civicguard.training.language` from the public
``train`` splits, provenance in ``engine/models/PROVENANCE.md``) holds every head, so a check builds the features
of a text once and every detector reads its score from the per-check memo:

* ``offensive``      binary   offensive or hateful language vs neither (Davidson et al.)
* ``hateful``        binary   hateful vs non-hateful statements about a group (HateCheck)
* ``characteristic`` softmax  which protected characteristic a hostile text is about (HateCheck + MLMA)
* ``complaint``      binary   a complaint vs any other message (X-CI complaints)

Where training chose it on validation (the offensive head), a binary head was fitted on n-grams scaled by their
naive Bayes log-count ratios; the scaling is folded into the stored coefficients, so every head is scored the same
way here. A head's raw score is a logit. Detectors do not act on it directly: each binary head also has a
*stacker*, a small logistic regression fitted on out-of-fold training predictions that combines the logit with the
rule-based detectors' evidence (lexicon weights), so the result is a calibrated probability (``calibrated``). The
features used by a stacker are named in the artefact and computed by :func:`stack_inputs`, the same function at
training and at check time.

Inference needs numpy, scipy and mmh3 (the features are hashed exactly as scikit-learn's ``HashingVectorizer``
hashes them at training, without importing scikit-learn); nothing is downloaded.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import mmh3
import numpy as np
from scipy import sparse

from civicguard.engine.detectors.language.discrimination_lexicon import load_lexicon as load_discrimination_lexicon
from civicguard.engine.detectors.language.offensive_lexicon import load_lexicon as load_offensive_lexicon
from civicguard.engine.normalise import deobfuscate

if TYPE_CHECKING:  # pragma: no cover
    from civicguard.engine.detectors.base import Document

MODEL_PATH = Path(__file__).with_name("models") / "language.npz"
WORD_FEATURES = 2**17
CHAR_FEATURES = 2**17
N_FEATURES = WORD_FEATURES + CHAR_FEATURES
_URL = re.compile(r"https?://\S+|www\.\S+")
_MENTION = re.compile(r"@\w+")
_TOKEN_PATTERN = r"[a-z0-9*#_']+"


_MASKED = re.compile(r"(?<![a-z0-9])[a-z][a-z]*[*#_][a-z*#_]*[a-z*#_]")


@lru_cache(maxsize=1)
def _mask_forms() -> dict[tuple[int, str], list[tuple[str, float]]]:
    """Every listed spelling of the offensive lexicon and of the slurs, by (length, first letter), with its
    weight: what a masked word can stand for."""
    forms: dict[tuple[int, str], list[tuple[str, float]]] = {}
    for shape, entries in load_offensive_lexicon().by_shape.items():
        forms.setdefault(shape, []).extend((form, term.weight) for form, term in entries)
    # Every single-word slur spelling, three-letter ones too (the slur detector itself only unmasks four or
    # more letters; here the guess only feeds the model's view).
    for form, slur in load_discrimination_lexicon().slur_exact.items():
        forms.setdefault((len(form), form[0]), []).append((form, slur.weight))
    return forms


def _unmask(match: re.Match[str]) -> str:
    """A masked word (``f**k``, ``b*tch``, ``f*g``) read as the listed spelling of the same shape, the
    strongest if several fit; left as it is when none fits, or when only one letter shows and several do."""
    token = match.group().rstrip("_#")
    if not token or "*" not in token and "#" not in token and "_" not in token:
        return match.group()
    fits = {form: weight for form, weight in _mask_forms().get((len(token), token[0]), ())
            if all(t == f or t in "*#_" for t, f in zip(token, form, strict=True))}
    shown = sum(1 for c in token if c.isalpha())
    if not fits or (shown < 2 and len(fits) > 1):
        return match.group()
    return max(fits.items(), key=lambda kv: (kv[1], kv[0]))[0]


def prepare(text: str) -> str:
    """The text a head sees: links and @-mentions replaced by placeholders, then de-obfuscated and folded
    (so ``sh1t`` and ``ѕһіt`` read as ``shit``, as the lexicon detectors see them), and masked words read as the
    listed word they stand for, so the model sees through the same disguises as the lexicon."""
    text = _URL.sub(" httpurl ", text)
    text = _MENTION.sub(" atuser ", text)
    view = deobfuscate(text).text
    return _MASKED.sub(_unmask, view) if ("*" in view or "#" in view or "_" in view) else view


_TOKENS = re.compile(_TOKEN_PATTERN)
_SPACES = re.compile(r"\s\s+")
_INT32_MIN = -(2**31)


def word_ngrams(text: str) -> list[str]:
    """The word unigrams and bigrams of a prepared text (scikit-learn's word analyser, ``ngram_range=(1, 2)``)."""
    tokens = _TOKENS.findall(text)
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def char_ngrams(text: str) -> list[str]:
    """Character 2- to 5-grams inside word boundaries, each word padded with a space (scikit-learn's
    ``char_wb`` analyser); a word shorter than n gives its padded self once."""
    out: list[str] = []
    add = out.append
    for word in _SPACES.sub(" ", text).split():
        padded = f" {word} "
        length = len(padded)
        for n in range(2, 6):
            offset = 0
            add(padded[:n])
            while offset + n < length:
                offset += 1
                add(padded[offset:offset + n])
            if offset == 0:
                break
    return out


def _encodable(text: str) -> str:
    """The text with any lone surrogate replaced (the hash takes UTF-8, and a lone surrogate has none)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return text


def hashed(features: Sequence[list[str]], n_features: int) -> sparse.csr_matrix:
    """Counts of hashed features, one row per text: each feature's signed 32-bit MurmurHash3 (seed 0) of its
    UTF-8, absolute value modulo `n_features`, exactly as scikit-learn's ``HashingVectorizer`` with
    ``alternate_sign=False`` and ``norm=None`` (a test holds the two equal), without importing scikit-learn on
    the check path."""
    murmur = mmh3.hash
    indptr = [0]
    indices: list[int] = []
    add = indices.append
    for row in features:
        for f in row:
            h = murmur(f, 0, True)
            add(abs(h) % n_features if h != _INT32_MIN else (2**31 - 1 - (n_features - 1)) % n_features)
        indptr.append(len(indices))
    x = sparse.csr_matrix((np.ones(len(indices)), np.asarray(indices, dtype=np.int32),
                           np.asarray(indptr, dtype=np.int32)), shape=(len(features), n_features))
    x.sum_duplicates()
    return x


def counts(prepared: Sequence[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Raw n-gram counts of already prepared texts: the word block and the character block."""
    texts = [_encodable(t) for t in prepared]
    return (hashed([word_ngrams(t) for t in texts], WORD_FEATURES),
            hashed([char_ngrams(t) for t in texts], CHAR_FEATURES))


_COUNTS_KEPT = 4096  # prepared texts whose counts are kept (a scan's batch and the next, with room to spare)
_COUNTS: OrderedDict[str, tuple[sparse.csr_matrix, sparse.csr_matrix]] = OrderedDict()
_COUNTS_LOCK = threading.Lock()


def shared_counts(prepared: Sequence[str]) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """`counts`, each text's kept for the next model that reads the same text: the n-gram heads here and the
    council heads (engine/councilmodel.py) hash the same n-grams, and hashing is most of their cost."""
    with _COUNTS_LOCK:
        missing = list(dict.fromkeys(t for t in prepared if t not in _COUNTS))
    if missing:
        word, char = counts(missing)
        with _COUNTS_LOCK:
            for i, text in enumerate(missing):
                _COUNTS[text] = (word[i], char[i])
            while len(_COUNTS) > _COUNTS_KEPT:
                _COUNTS.popitem(last=False)
    with _COUNTS_LOCK:
        rows = [_COUNTS.get(t) for t in prepared]
    if any(r is None for r in rows):  # pushed out by another thread meanwhile: count them here
        return counts(prepared)
    kept = [r for r in rows if r is not None]
    return (sparse.vstack([r[0] for r in kept], format="csr"), sparse.vstack([r[1] for r in kept], format="csr"))


def _weigh_block(raw: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    x = sparse.csr_matrix(raw, dtype=np.float32, copy=True)
    x.data = (1.0 + np.log(x.data)) * idf[x.indices]
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    norms = np.sqrt(np.bincount(rows, weights=x.data.astype(np.float64) ** 2, minlength=x.shape[0]))
    norms[norms == 0] = 1.0
    x.data /= norms[rows].astype(np.float32)
    return x


def weigh_blocks(blocks: tuple[sparse.csr_matrix, sparse.csr_matrix],
                 idf: np.ndarray) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Sub-linear TF times IDF, each block scaled to unit length."""
    word, char = blocks
    return _weigh_block(word, idf[:WORD_FEATURES]), _weigh_block(char, idf[WORD_FEATURES:])


def weigh(blocks: tuple[sparse.csr_matrix, sparse.csr_matrix], idf: np.ndarray) -> sparse.csr_matrix:
    """The weighted blocks side by side (what the heads were fitted on)."""
    return sparse.hstack(weigh_blocks(blocks, idf), format="csr")


@dataclass
class Head:
    name: str
    labels: tuple[str, ...]
    kind: str  # "binary" or "softmax"
    coef: sparse.csr_matrix  # (k, N_FEATURES); k = 1 for binary
    intercept: np.ndarray
    stack_features: tuple[str, ...] = ()
    stack_coef: np.ndarray = field(default_factory=lambda: np.zeros(0))
    stack_intercept: float = 0.0
    prior: float = 0.5  # share of positives in the training data (the base rate the stacker learned)

    def logits(self, x: sparse.csr_matrix) -> np.ndarray:
        return np.asarray((x @ self.coef.T).toarray(), dtype=np.float64) + self.intercept


@dataclass
class TextModel:
    idf: np.ndarray
    heads: dict[str, Head]
    meta: dict[str, Any]

    @property
    def _dense(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, dict[str, slice]]:
        """Every head's weights as one dense matrix (about 10 MB): a sparse row times a dense matrix is what makes
        a single check cost a fraction of a millisecond."""
        cached = self.__dict__.get("_dense_cache")
        if cached is None:
            parts, spans, at = [], {}, 0
            for name, head in self.heads.items():
                parts.append(head.coef.T.toarray())
                spans[name] = slice(at, at + head.coef.shape[0])
                at += head.coef.shape[0]
            w = np.ascontiguousarray(np.hstack(parts), dtype=np.float32)
            bias = np.concatenate([h.intercept for h in self.heads.values()])
            cached = (w[:WORD_FEATURES], w[WORD_FEATURES:], bias, spans)
            self.__dict__["_dense_cache"] = cached
        return cached

    def logits(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        word, char = weigh_blocks(shared_counts([prepare(t) for t in texts]), self.idf)
        w_word, w_char, bias, spans = self._dense
        z = np.asarray(word @ w_word, dtype=np.float64) + np.asarray(char @ w_char, dtype=np.float64) + bias
        return {name: z[:, sl] for name, sl in spans.items()}

    def save(self, path: Path) -> None:
        arrays: dict[str, np.ndarray] = {"idf": self.idf.astype(np.float16)}
        heads_meta = {}
        for name, h in self.heads.items():
            coef = sparse.csr_matrix(h.coef)
            arrays[f"{name}.data"] = coef.data.astype(np.float16)
            arrays[f"{name}.indices"] = coef.indices.astype(np.int32)
            arrays[f"{name}.indptr"] = coef.indptr.astype(np.int32)
            arrays[f"{name}.intercept"] = h.intercept.astype(np.float64)
            arrays[f"{name}.stack_coef"] = h.stack_coef.astype(np.float64)
            heads_meta[name] = {"labels": list(h.labels), "kind": h.kind, "stack_features": list(h.stack_features),
                                "stack_intercept": h.stack_intercept, "prior": h.prior}
        arrays["meta"] = np.frombuffer(json.dumps({**self.meta, "heads": heads_meta}).encode(), dtype=np.uint8)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> TextModel:
        with np.load(path, allow_pickle=False) as npz:
            meta = json.loads(bytes(npz["meta"]).decode())
            heads = {}
            for name, hm in meta.pop("heads").items():
                k = len(hm["labels"]) if hm["kind"] == "softmax" else 1
                coef = sparse.csr_matrix(
                    (npz[f"{name}.data"].astype(np.float32), npz[f"{name}.indices"], npz[f"{name}.indptr"]),
                    shape=(k, N_FEATURES),
                )
                heads[name] = Head(name, tuple(hm["labels"]), hm["kind"], coef, npz[f"{name}.intercept"],
                                   tuple(hm["stack_features"]), npz[f"{name}.stack_coef"],
                                   float(hm["stack_intercept"]), float(hm.get("prior", 0.5)))
            return cls(npz["idf"].astype(np.float32), heads, meta)


@lru_cache(maxsize=1)
def shared_model() -> TextModel:
    """The shipped model, loaded once per process."""
    return TextModel.load(MODEL_PATH)


_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")


def best_sentence(text: str, score: Callable[[list[str]], np.ndarray]) -> tuple[int, int]:
    """The span of the sentence of `text` that `score` (sentences -> one score each) rates highest, trimmed of white
    space; the whole text when it is one sentence. What a model-only detection covers."""
    spans = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]
    if len(spans) <= 1:
        start, end = 0, len(text)
    else:
        start, end = spans[int(np.asarray(score([text[a:b] for a, b in spans])).argmax())]
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def probabilities(head: Head, logits: np.ndarray) -> dict[str, float]:
    """The head's own (uncalibrated) probabilities for one row of logits."""
    row = np.asarray(logits).ravel()
    if head.kind == "binary":
        return {head.labels[0]: sigmoid(float(row[0]))}
    z = row - row.max()
    e = np.exp(z)
    p = e / e.sum()
    return {lab: float(v) for lab, v in zip(head.labels, p, strict=True)}


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def calibrated(head: Head, inputs: dict[str, float], base_rate: float | None = None) -> float:
    """The stacker's probability from the named inputs (the head's logit and the rule detectors' evidence).

    The stacker learned the base rate of its training data (Davidson's tweets are 83% offensive; a council's
    traffic is not). With `base_rate` the probability is moved to that prior by Bayes' rule (the odds are
    multiplied by the ratio of prior odds), so the same evidence reads as a probability for the council's own
    traffic. Without it, the probability holds at the training data's rate (what the reliability table checks).
    """
    z = head.stack_intercept + sum(
        float(c) * inputs[name] for name, c in zip(head.stack_features, head.stack_coef, strict=True)
    )
    if base_rate is not None:
        z += logit(base_rate) - logit(head.prior)
    return sigmoid(z)


TEXTMODEL_MEMO = "textmodel.logits"  # the memo key of a text's n-gram head logits


def batch_logits(texts: Sequence[str]) -> list[dict[str, np.ndarray]]:
    """Every head's logits for many texts in one pass, one dict per text (the shape `doc_logits` memoises)."""
    if not texts:
        return []
    scored = shared_model().logits(texts)
    return [{name: z[i] for name, z in scored.items()} for i in range(len(texts))]


def doc_logits(doc: Document) -> dict[str, np.ndarray]:
    """Every head's logits for one checked text, computed once per check and shared between detectors."""
    return doc.memo(TEXTMODEL_MEMO, lambda: {k: v[0] for k, v in shared_model().logits([doc.text]).items()})


def stack_inputs(logit: float, offensive_weights: Sequence[float], discrimination_weights: Sequence[float]) -> dict[
        str, float]:
    """The stackers' input features: the head's logit plus the lexicon detectors' strongest weights and counts."""
    return {
        "logit": float(logit),
        "offensive_lexicon": max(offensive_weights, default=0.0),
        "discrimination_lexicon": max(discrimination_weights, default=0.0),
        "offensive_hits": float(min(3, sum(1 for w in offensive_weights if w >= 0.5))),
    }
