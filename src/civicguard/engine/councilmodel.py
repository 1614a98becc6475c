"""The council heads: what a council's own posts and comments mean, trained on ``data/council``'s train split.

The public benchmarks are tweets; a council's text is disclosures in comments, replies about a resident's case,
staff posts about colleagues and parties. These heads read it through the hashed word and character n-grams of
:mod:`civicguard.engine.textmodel` (the words, misspelt or not, and their pairs), weighted by this model's own IDF.

Why n-grams and not the sentence encoder's embedding beside them (tried, 2026-12-06, on the council set's
validation split, average precision): with the whole train split the embedding of all-MiniLM-L6-v2 added nothing
on most heads (safeguarding 0.871 with n-grams alone, 0.807 with the six-layer embedding beside them; criticism
0.792 and 0.781; political 0.958 and 0.977) and costs about 12 ms a text on this machine, which would take
`civicguard scan` below Presidio's throughput. Its first two layers alone (4 ms a text) helped defamation (0.478 to
0.736) and safeguarding (0.908): the next step, with a gate so that only texts that may be of a category pay for it.
A static table of word-piece vectors distilled from the encoder was weaker still.

Heads: one binary logistic head per category of the set (its calibrated probability at the validation split's
rate, and the decision point chosen on validation), one softmax head over the nine protected characteristics and
one over the kinds of safeguarding risk, which name what a finding is about.

A head's *confidence* is its probability measured against its decision point: ``sigmoid(logit(p) - logit(t))``,
so 0.5 means "at the point chosen on validation", and a pack's rule threshold (0.5 by default) moves the
operating point per rule without retraining.

Misses: a head reads the text whole, so one worrying sentence in a long cheerful post is weighed with the rest.
Taking the largest score over the sentences was tried (with the embedding): on validation it caught 4 more of 51
safeguarding items and raised false alarms from 17 to 71, since the decision points were chosen on whole texts;
training on sentences is the way to do it. Texts under `MIN_WORDS` words are left to the patterns.

Figures: ``bench/results/eval-test.md``, section "council".
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy import sparse

from civicguard.engine.model import Detection
from civicguard.engine.textmodel import N_FEATURES, best_sentence, logit, prepare, shared_counts, sigmoid, weigh

if TYPE_CHECKING:  # pragma: no cover
    from civicguard.engine.detectors.base import Document

MODEL_PATH = Path(__file__).with_name("models") / "council.npz"
ENCODER_PATH = Path(__file__).with_name("models") / "council-encoder.npz"
COUNCIL_MEMO = "councilmodel.scores"  # the memo key of a text's council-head scores


@dataclass
class Scores:
    """One text's council-head readings: each binary head's confidence (0.5 = its decision point), and the softmax
    heads' most likely label with its probability."""

    confidence: dict[str, float]
    characteristic: tuple[str, float]
    safeguarding_kind: tuple[str, float]


def features(texts: Sequence[str], idf: np.ndarray) -> sparse.csr_matrix:
    """What the heads read: the texts' hashed word and character n-grams, weighted by `idf` (training and checks)."""
    return weigh(shared_counts([prepare(t) for t in texts]), idf)


class CouncilModel:
    def __init__(self, arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
        self.meta = meta
        self.idf = arrays["idf"].astype(np.float32)
        self.outputs: list[str] = list(meta["outputs"])  # every column: binary heads, then softmax labels
        k = len(self.outputs)
        self.w_ngram = sparse.csr_matrix((arrays["w_ngram.data"].astype(np.float32), arrays["w_ngram.indices"],
                                          arrays["w_ngram.indptr"]), shape=(N_FEATURES, k))
        self.bias = arrays["bias"].astype(np.float64)
        self.binary: dict[str, dict[str, float]] = meta["binary"]  # name -> platt_a, platt_b, decision
        self.softmax: dict[str, list[str]] = meta["softmax"]  # head -> its labels (columns "head:label")
        self._col = {name: i for i, name in enumerate(self.outputs)}

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> CouncilModel:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        meta = json.loads(bytes(arrays.pop("meta")).decode())
        return cls(arrays, meta)

    def features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return features(texts, self.idf)

    def column(self, name: str) -> int:
        """The logit column of a head (a binary head's name, or ``"<softmax head>:<label>"``)."""
        return self._col[name]

    def logits(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, len(self.outputs)))
        z = np.asarray((self.features(texts) @ self.w_ngram).toarray(), dtype=np.float64)
        return z + self.bias

    def probabilities(self, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """Each binary head's Platt-calibrated probability for each text (before the shift to its decision point):
        what the calibration section of `civicguard eval` sets beside the truth."""
        z = self.logits(texts)
        return {name: 1.0 / (1.0 + np.exp(-(cal["platt_a"] * z[:, self._col[name]] + cal["platt_b"])))
                for name, cal in self.binary.items()}

    def scores_of(self, z: np.ndarray) -> Scores:
        conf = {}
        for name, cal in self.binary.items():
            p = sigmoid(cal["platt_a"] * float(z[self._col[name]]) + cal["platt_b"])
            conf[name] = sigmoid(logit(p) - logit(cal["decision"]))
        picked = []
        for head in ("characteristic", "safeguarding_kind"):
            labels = self.softmax[head]
            cols = np.array([self._col[f"{head}:{lab}"] for lab in labels])
            row = z[cols] - z[cols].max()
            e = np.exp(row) / np.exp(row).sum()
            best = int(e.argmax())
            picked.append((labels[best], float(e[best])))
        return Scores(conf, picked[0], picked[1])

    def scores(self, texts: Sequence[str]) -> list[Scores]:
        return [self.scores_of(row) for row in self.logits(texts)]

    def best_sentence(self, text: str, head: str) -> tuple[int, int]:
        """The span of the sentence this head scores highest (the whole text when it is one sentence)."""
        return best_sentence(text, lambda parts: self.logits(parts)[:, self.column(head)])


class CouncilEncoder:
    """The council heads' second reading: the sentence encoder fine-tuned on the council set's train split
    (``engine/models/council-encoder.npz``, written by :mod:`civicguard.training.council_encoder`).

    It runs the first blocks of the encoder only (the file says how many) and still costs a few milliseconds a
    text where the n-grams cost a tenth of one, so it reads a text only when, for some category whose encoder
    reading validation chose to trust, the n-gram head's confidence reaches that category's gate (each chosen on
    validation to let through 97% of the category's positives). Where it has read a text, the trusted categories
    take its reading (or, where the file says "either", the larger of both readings: recall first), and the kind of
    safeguarding risk and the characteristic come from it."""

    def __init__(self, path: Path = ENCODER_PATH) -> None:
        from civicguard.engine.embedding import TaskEncoder

        self.task = TaskEncoder(path)
        meta = self.task.meta
        self.gates: dict[str, float] = {c: float(g) for c, g in meta["gates"].items()}  # trusted category -> gate
        self.binary: dict[str, dict[str, Any]] = meta["binary"]  # name -> platt_a, platt_b, decision, use
        self.labels: dict[str, tuple[str, ...]] = self.task.labels

    def opens(self, scores: Scores) -> bool:
        return any(scores.confidence.get(c, 0.0) >= g for c, g in self.gates.items())

    def _confidence(self, name: str, logit_value: float) -> float:
        """A category logit as a confidence: Platt-calibrated on validation, 0.5 at the decision point there."""
        cal = self.binary[name]
        p = sigmoid(cal["platt_a"] * logit_value + cal["platt_b"])
        return sigmoid(logit(p) - logit(cal["decision"]))

    def _pick(self, head: str, logits: np.ndarray) -> tuple[str, float]:
        """A softmax head's most likely label and its probability."""
        e = np.exp(logits - logits.max())
        e /= e.sum()
        return self.labels[head][int(e.argmax())], float(e.max())

    def read(self, texts: Sequence[str], category: str) -> list[tuple[float, tuple[str, float]]]:
        """For every text, whatever the gates: the encoder's confidence in `category` (calibrated on validation, 0.5
        at its decision point there) and the characteristic it names with its probability. For a detector that
        gates the encoder itself (discrimination reads it only for a text that names a group of people)."""
        if not texts:
            return []
        j = self.labels["category"].index(category)
        z = self.task.logits([prepare(t) for t in texts])
        return [(self._confidence(category, float(z["category"][row, j])),
                 self._pick("characteristic", z["characteristic"][row])) for row in range(len(texts))]

    def refine(self, texts: Sequence[str], scores: list[Scores]) -> None:
        """Replace, in place, the n-gram readings of the texts past the gate with the encoder's where validation
        chose it."""
        todo = [i for i, s in enumerate(scores) if self.opens(s)]
        if not todo:
            return
        z = self.task.logits([prepare(texts[i]) for i in todo])
        for row, i in enumerate(todo):
            conf = dict(scores[i].confidence)
            for j, name in enumerate(self.labels["category"]):
                cal = self.binary.get(name)
                if cal is None or not cal["use"] or name not in conf:
                    continue
                read = self._confidence(name, float(z["category"][row, j]))
                conf[name] = max(conf[name], read) if cal.get("either") else read
            scores[i] = Scores(conf, self._pick("characteristic", z["characteristic"][row]),
                               self._pick("safeguarding_kind", z["safeguarding_kind"][row]))


@lru_cache(maxsize=1)
def shared_council_encoder() -> CouncilEncoder | None:
    """The council encoder, loaded once per process (None when its file is not installed)."""
    return CouncilEncoder() if ENCODER_PATH.is_file() else None


class CouncilReader:
    """Both readings of the council heads: the n-gram heads for every text, the encoder past its gate."""

    def __init__(self, model: CouncilModel, encoder: CouncilEncoder | None) -> None:
        self.model = model
        self.encoder = encoder

    def scores(self, texts: Sequence[str]) -> list[Scores]:
        out = self.model.scores(texts)
        if self.encoder is not None:
            self.encoder.refine(texts, out)
        return out


@lru_cache(maxsize=1)
def shared_council_model() -> CouncilModel:
    """The council heads, loaded once per process."""
    return CouncilModel.load()


def shared_reader() -> CouncilReader:
    return CouncilReader(shared_council_model(), shared_council_encoder())


def warm_council_heads() -> None:
    """Load both readings and run each once, so a check's first text pays no loading time."""
    reader = shared_reader()
    reader.model.scores(["warm up"])
    if reader.encoder is not None:
        reader.encoder.task.logits(["warm up"])


def doc_scores(doc: Document) -> Scores:
    """The council heads' readings of one checked text, worked out once per check and shared by every detector."""
    return doc.memo(COUNCIL_MEMO, lambda: shared_reader().scores([doc.text])[0])


def prepare_scores(texts: Sequence[str], memos: Sequence[dict[str, Any]]) -> None:
    """The council heads' readings for every text of a batch not yet scored, in one pass."""
    todo = [i for i, memo in enumerate(memos) if COUNCIL_MEMO not in memo]
    if todo:
        for i, s in zip(todo, shared_reader().scores([texts[i] for i in todo]), strict=True):
            memos[i][COUNCIL_MEMO] = s


REPORT_FLOOR = 0.25  # a model-only detection below this confidence is not reported at all
# A head reports on its own only from this many words: in a handful of words a linear head over n-grams has too
# little to go on ("Kids hitting the ball in the park" read as abuse, "My boss told a joke" as criticism),
# and short texts are where the patterns are surest.
MIN_WORDS = 12
_WORD = re.compile(r"\S+")  # words as a reader counts them ("I'm" is one)
KIND_WORDS = {
    "neglect": "neglect", "physical_abuse": "physical abuse", "sexual_abuse": "sexual abuse",
    "emotional_abuse": "emotional abuse or coercive control", "child_sexual_exploitation": "child sexual exploitation",
    "child_criminal_exploitation": "child criminal exploitation (county lines)", "missing_child": "a missing child",
    "domestic_abuse": "domestic abuse", "financial_abuse": "financial abuse of an adult at risk",
    "self_harm_suicide": "a risk of self-harm or suicide",
    "looked_after_child_identified": "a child in care or care leaver identified",
}


SPAN = "\0span"  # an attribute given this value is filled with the words of the detection's sentence


def with_council_head(doc: Document, found: list[Detection], head: str, label: str, explanation: str,
                      attributes: dict[str, str] | None = None) -> list[Detection]:
    """A detector's own detections read together with the council head.

    `attributes` fill the rule's message placeholders (``{target}``, ``{kind}``...) for the model's detection;
    one given the value `SPAN` is filled with the words of its sentence.

    For a text of at least `MIN_WORDS` words where none of them reaches "more likely than not" (0.5) and the
    head's confidence reaches `REPORT_FLOOR`: one more detection over the sentence the head scores highest,
    carrying the head's confidence; the rule's threshold then decides as it does for every detection. Either
    reading suffices: the patterns know listed wording, the head knows council text.
    """
    model = shared_council_model()
    if head not in model.binary:
        return found
    if len(_WORD.findall(doc.text)) < MIN_WORDS:
        return found
    conf = doc_scores(doc).confidence[head]
    if conf < REPORT_FLOOR or any(d.confidence >= 0.5 for d in found):
        return found
    start, end = model.best_sentence(doc.text, head)
    if start >= end:
        return found
    words = doc.text[start:end]
    words = words if len(words) <= 80 else words[:77].rstrip() + "..."
    filled = {k: (words if v == SPAN else v) for k, v in (attributes or {}).items()}
    return [*found, Detection(start, end, round(conf, 3), label,
                              f"{explanation} (council model, confidence {conf:.2f}; no listed wording)",
                              {**filled, "model_confidence": str(round(conf, 3))}, model_only=True)]
