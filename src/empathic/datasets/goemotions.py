"""GoEmotions (Demszky et al. 2020): Reddit comments, 28 labels, multi-label."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from empathic.datasets.paths import data_dir
from empathic.labels import GOEMOTIONS_LABELS


@dataclass(frozen=True)
class MultiLabelSplit:
    texts: list[str]
    targets: np.ndarray  # (n, 28) of 0/1


def load_goemotions(split: str) -> MultiLabelSplit:
    """Load ``train``, ``dev`` or ``test`` as texts and a 0/1 target matrix."""
    folder = data_dir("goemotions")
    names = (folder / "emotions.txt").read_text().split()
    if tuple(names) != GOEMOTIONS_LABELS:
        raise ValueError("goemotions/emotions.txt does not list the expected 28 labels")
    texts, rows = [], []
    with open(folder / f"{split}.tsv", encoding="utf-8") as f:
        for line in f:
            text, ids, _ = line.rstrip("\n").split("\t")
            target = np.zeros(len(names), dtype=np.float32)
            target[[int(i) for i in ids.split(",")]] = 1.0
            texts.append(text)
            rows.append(target)
    return MultiLabelSplit(texts, np.stack(rows))
