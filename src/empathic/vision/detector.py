"""Face detection with the Haar cascades that ship inside opencv-python-headless (offline).

Large frames are searched at a reduced size (longest side ``search_size``) and the boxes
mapped back, so a 50-megapixel photo costs about what a 1-megapixel one does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from empathic.errors import require

CASCADES = {"default": "haarcascade_frontalface_default.xml", "alt2": "haarcascade_frontalface_alt2.xml"}


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    width: int
    height: int
    score: float = 1.0  # the cascade's last-stage weight, squashed to (0, 1)

    def to_dict(self) -> dict:
        return {"x": self.x, "y": self.y, "width": self.width, "height": self.height, "score": round(self.score, 3)}

    def iou(self, other: "Box") -> float:
        x1, y1 = max(self.x, other.x), max(self.y, other.y)
        x2 = min(self.x + self.width, other.x + other.width)
        y2 = min(self.y + self.height, other.y + other.height)
        inter = max(0, x2 - x1) * max(0, y2 - y1)
        union = self.width * self.height + other.width * other.height - inter
        return inter / union if union else 0.0


class FaceDetector:
    def __init__(self, cascade: str = "default", min_neighbors: int = 5, search_size: int = 1024,
                 min_face: int = 24):
        self._cv2 = require("cv2", "vision", "opencv-python-headless")
        path = self._cv2.data.haarcascades + CASCADES[cascade]
        self._cascade = self._cv2.CascadeClassifier(path)
        if self._cascade.empty():
            raise RuntimeError(f"OpenCV could not load its cascade {path}")
        self.min_neighbors, self.search_size, self.min_face = min_neighbors, search_size, min_face

    def detect(self, grey: np.ndarray) -> list[Box]:
        """Faces in an (H, W) uint8 image, largest first."""
        height, width = grey.shape
        scale = min(1.0, self.search_size / max(height, width))
        small = grey if scale == 1.0 else self._cv2.resize(
            grey, (max(1, round(width * scale)), max(1, round(height * scale))), interpolation=self._cv2.INTER_AREA)
        if min(small.shape) < self.min_face:
            return []
        small = self._cv2.equalizeHist(small)
        found, _, weights = self._cascade.detectMultiScale3(
            small, scaleFactor=1.1, minNeighbors=self.min_neighbors, minSize=(self.min_face, self.min_face),
            outputRejectLevels=True)
        boxes = [Box(round(x / scale), round(y / scale), round(w / scale), round(h / scale),
                     float(1 / (1 + np.exp(-float(s) / 2))))
                 for (x, y, w, h), s in zip(np.reshape(found, (-1, 4)), np.ravel(weights))]
        return sorted(boxes, key=lambda b: -b.width * b.height)
