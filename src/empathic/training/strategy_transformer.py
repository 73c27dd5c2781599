"""Fine-tune MiniLM-L6 to read the whole recent dialogue and name the next support strategy.

``empathic train strategy-context`` (``train`` extra; a GPU makes it minutes, a CPU hours).
Input: the dialogue newest turn first, each turn as ``user: ...`` or ``agent (Strategy): ...``,
cut at 256 word pieces, so the model sees what was said and which strategies were already
used. Fitted on ESConv train, epoch chosen on valid; exported as int8 ONNX returning the 8
strategy logits. ``StrategyModel`` blends it with the tree model (weight chosen on valid).
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import time
from pathlib import Path

import numpy as np

from empathic.conversation.strategy_model import context_text
from empathic.labels import STRATEGIES

log = logging.getLogger(__name__)
MAX_TOKENS = 256


def examples(split: str, esconv_dir: str | None = None) -> tuple[list[str], np.ndarray]:
    if esconv_dir:  # a copy of ../shared/data/esconv elsewhere (a training machine)
        import os

        os.environ["EMPATHIC_DATA"] = str(Path(esconv_dir).parent)
    from empathic.datasets.esconv import load_esconv, strategy_examples

    pairs = strategy_examples(load_esconv(split))
    return [context_text(h) for h, _ in pairs], np.array([STRATEGIES.index(s) for _, s in pairs])


def train(base_model: str, output_dir: str, epochs: int = 4, batch_size: int = 32, learning_rate: float = 5e-5,
          seed: int = 13, esconv_dir: str | None = None, limit: int | None = None) -> dict:
    import torch
    from torch import nn
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tokenizer = AutoTokenizer.from_pretrained(base_model)

    class Classifier(nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = AutoModel.from_pretrained(base_model).float()  # the copy may be stored in fp16
            self.dropout = nn.Dropout(0.1)
            self.head = nn.Linear(self.encoder.config.hidden_size, len(STRATEGIES))

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
            return self.head(self.dropout(pooled))

    def encode(texts):
        batch = tokenizer(texts, truncation=True, max_length=MAX_TOKENS, padding=True, return_tensors="pt")
        return batch["input_ids"].to(device), batch["attention_mask"].to(device)

    data = {split: examples(split, esconv_dir) for split in ("train", "valid", "test")}
    if limit:  # smoke test
        data = {k: (texts[:limit], labels[:limit]) for k, (texts, labels) in data.items()}
    model = Classifier().to(device)
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate, weight_decay=0.01)
    steps = epochs * math.ceil(len(data["train"][0]) / batch_size)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, learning_rate, total_steps=steps, pct_start=0.1,
                                                   anneal_strategy="linear")

    def logits(split):
        model.eval()
        texts, out = data[split][0], []
        with torch.no_grad(), torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
            for i in range(0, len(texts), 128):
                out.append(model(*encode(texts[i:i + 128])).float().cpu().numpy())
        return np.concatenate(out)

    best, out = {"valid_accuracy": -1.0}, Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    for epoch in range(epochs):
        model.train()
        started = time.time()
        texts, labels = data["train"]
        order = np.random.default_rng(seed + epoch).permutation(len(texts))
        for i in range(0, len(order), batch_size):
            pick = order[i:i + batch_size]
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"):
                loss = nn.functional.cross_entropy(model(*encode([texts[j] for j in pick])),
                                                   torch.tensor(labels[pick], device=device), label_smoothing=0.1)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            schedule.step()
        valid = float((logits("valid").argmax(1) == data["valid"][1]).mean())
        log.info("epoch %d valid accuracy %.4f (%.0fs)", epoch + 1, valid, time.time() - started)
        if valid > best["valid_accuracy"]:
            best = {"valid_accuracy": valid, "epoch": epoch + 1,
                    "test_accuracy": float((logits("test").argmax(1) == data["test"][1]).mean())}
            torch.save(model.state_dict(), out / "strategy_context.pt")
    model.load_state_dict(torch.load(out / "strategy_context.pt", map_location=device))
    model.eval().float().cpu()
    ids = torch.ones(1, 16, dtype=torch.long)
    torch.onnx.export(model, (ids, ids), str(out / "model-fp32.onnx"), input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], dynamic_axes={"input_ids": {0: "n", 1: "t"},
                                                             "attention_mask": {0: "n", 1: "t"}, "logits": {0: "n"}},
                      opset_version=17, dynamo=False)
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(out / "model-fp32.onnx"), str(out / "model.onnx"), weight_type=QuantType.QInt8)
    (out / "model-fp32.onnx").unlink()
    tokenizer.backend_tokenizer.save(str(out / "tokenizer.json"))
    best["max_tokens"] = MAX_TOKENS
    (out / "config.json").write_text(json.dumps(best, indent=2) + "\n")
    return best


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base-model", required=True)
    parser.add_argument("--output-dir", default="src/empathic/models/strategy_context")
    parser.add_argument("--esconv-dir")
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--learning-rate", type=float, default=5e-5)
    parser.add_argument("--limit", type=int, help="first N examples of each split (smoke test)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    print(json.dumps(train(args.base_model, args.output_dir, args.epochs, learning_rate=args.learning_rate,
                           esconv_dir=args.esconv_dir, limit=args.limit), indent=2))


if __name__ == "__main__":
    main()
