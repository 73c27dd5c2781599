"""The peer for ``empathic eval turns``: Pipecat's Smart Turn v3.2, loaded from an installed
``pipecat-ai`` wheel at evaluation time only (``pip install --no-deps pipecat-ai==1.14.0``).

Nothing of it ships with empathic. Its int8 ONNX model and its numpy Whisper feature extractor
are used as pipecat's ``LocalSmartTurnAnalyzerV3`` uses them: the last 8 s of 16 kHz audio,
zero-padded at the front, normalised log-mel (80 x 800), sigmoid output = P(turn complete).
Smart Turn v3.2 is (c) Daily, BSD 2-Clause licence (see the wheel's LICENSE).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np

from empathic.errors import MissingDependencyError

RATE, SECONDS = 16_000, 8
MODEL = "smart-turn-v3.2-cpu.onnx"


def _smart_turn_folder() -> Path:
    """pipecat's smart_turn folder in the installed wheel (found without importing pipecat)."""
    spec = importlib.util.find_spec("pipecat")
    if spec is None or not spec.submodule_search_locations:
        raise MissingDependencyError("pipecat-ai", "pipecat")
    folder = Path(next(iter(spec.submodule_search_locations))) / "audio" / "turn" / "smart_turn"
    if not (folder / "data" / MODEL).is_file():
        raise MissingDependencyError("pipecat-ai", "pipecat")
    return folder


class SmartTurn:
    name = "Smart Turn v3.2 (pipecat-ai, BSD-2)"

    def __init__(self, threads: int = 1):
        import onnxruntime as ort

        folder = _smart_turn_folder()
        # the feature module is numpy-only; loading it by path skips pipecat's package import
        # (which pulls in its whole runtime)
        spec = importlib.util.spec_from_file_location("_pipecat_whisper_features", folder / "_whisper_features.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self._features = module.compute_whisper_log_mel_features
        options = ort.SessionOptions()
        options.intra_op_num_threads, options.inter_op_num_threads = threads, 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        self._session = ort.InferenceSession(str(folder / "data" / MODEL), sess_options=options,
                                             providers=["CPUExecutionProvider"])

    def probability(self, samples: np.ndarray, transcript=None) -> float:
        audio = np.asarray(samples, np.float32)[-RATE * SECONDS:]
        audio = np.pad(audio, (RATE * SECONDS - len(audio), 0))
        mel = self._features(audio, do_normalize=True)[None].astype(np.float32)
        return float(np.asarray(self._session.run(None, {"input_features": mel})[0]).ravel()[0])


def load_peer():
    """The Smart Turn peer, or (None, why) when pipecat-ai is not installed."""
    try:
        return SmartTurn(), None
    except MissingDependencyError:
        return None, "Smart Turn v3.2 skipped: pipecat-ai is not installed (pip install --no-deps pipecat-ai==1.14.0)"
    except Exception as exc:  # noqa: BLE001  a broken install is reported, not fatal to our figures
        return None, f"Smart Turn v3.2 skipped: {type(exc).__name__}: {exc}"
