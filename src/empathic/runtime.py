"""Inference runtimes (ONNX Runtime, CTranslate2), configured the same way for every shipped model."""

from __future__ import annotations

import os
from pathlib import Path

from empathic.errors import ModelNotFoundError


def default_threads(threads: int | None = None) -> int:
    """``threads`` if given, else ``$EMPATHIC_THREADS``, else the CPU count up to 4."""
    return threads or int(os.environ.get("EMPATHIC_THREADS", "0")) or min(os.cpu_count() or 1, 4)


def onnx_session(model_path: str | Path, threads: int | None = None):
    """A CPU session with ``threads`` intra-op threads (default ``$EMPATHIC_THREADS`` or up to 4)."""
    import onnxruntime

    if not Path(model_path).is_file():
        raise ModelNotFoundError(f"model file missing: {model_path}")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = default_threads(threads)
    options.inter_op_num_threads = 1
    return onnxruntime.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
