"""FER2013 (Goodfellow et al. 2013): 48x48 grey faces, 7 expressions, as ``<split>/<class>/*.jpg``.

``pack``/``unpack`` keep the original JPEG bytes in one ``.npz`` (no pickle), so a training
run on another machine gets exactly the same images without the folder tree.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from empathic.datasets.paths import data_dir
from empathic.labels import FER_LABELS

SPLITS = ("train", "public_test", "private_test")


def fer_files(split: str) -> list[tuple[Path, int]]:
    root = data_dir("fer2013") / split
    return [(path, index) for index, label in enumerate(FER_LABELS)
            for path in sorted((root / label).glob("*.jpg"))]


def _decode(blob: bytes) -> np.ndarray:
    from PIL import Image

    with Image.open(io.BytesIO(blob)) as image:
        return np.asarray(image.convert("L").resize((48, 48)), dtype=np.uint8)


def load_fer(split: str) -> tuple[np.ndarray, np.ndarray]:
    """Images (N, 48, 48) uint8 and labels (N,) indexing ``FER_LABELS``."""
    files = fer_files(split)
    images = np.stack([_decode(path.read_bytes()) for path, _ in files])
    return images, np.array([label for _, label in files], dtype=np.int64)


def pack(path: str | Path, splits=("train", "public_test")) -> None:
    arrays = {}
    for split in splits:
        files = fer_files(split)
        blobs = [p.read_bytes() for p, _ in files]
        arrays[f"{split}_bytes"] = np.frombuffer(b"".join(blobs), dtype=np.uint8)
        arrays[f"{split}_ends"] = np.cumsum([len(b) for b in blobs])
        arrays[f"{split}_labels"] = np.array([label for _, label in files], dtype=np.int64)
    np.savez(path, **arrays)


def unpack(path: str | Path, split: str) -> tuple[np.ndarray, np.ndarray]:
    with np.load(path) as packed:
        data, ends, labels = packed[f"{split}_bytes"], packed[f"{split}_ends"], packed[f"{split}_labels"]
    starts = np.concatenate([[0], ends[:-1]])
    images = np.stack([_decode(data[s:e].tobytes()) for s, e in zip(starts, ends)])
    return images, labels
