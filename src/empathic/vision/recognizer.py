"""``FaceEmotionRecognizer``: expressions of every face in an image, as ``FaceReading`` s.

The shipped model (``models/face``) reads a 48x48 grey crop over the seven FER2013 labels;
it averages the crop and its mirror image inside the graph. Evidence comes from occlusion:
each face region in turn is greyed out and the drop of the main label's probability is
its weight. Images are processed in memory only; nothing about identity, age, gender or
race is inferred.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path

import numpy as np

from empathic.errors import InvalidInputError, require
from empathic.labels import FACE_CIRCUMPLEX, circumplex_point
from empathic.reading import EmotionReading, Evidence
from empathic.runtime import onnx_session
from empathic.vision.detector import Box, FaceDetector
from empathic.vision.images import MAX_PIXELS, load_image_scaled, to_grey

SIZE = 48
# rows of the 48x48 crop occluded to weigh each region
REGIONS = {"brows and eyes": (6, 22), "nose and cheeks": (20, 32), "mouth and jaw": (30, 46)}
MIN_CROP = 8


@dataclass(frozen=True)
class FaceReading:
    """One face: where it is (pixels of the input image) and what it expresses."""

    box: Box
    reading: EmotionReading

    def to_dict(self) -> dict:
        return {"box": self.box.to_dict(), "reading": self.reading.to_dict()}


def default_model_dir() -> Path:
    return Path(str(resources.files("empathic") / "models" / "face"))


class FaceEmotionRecognizer:
    """``recognize(image)`` finds faces (OpenCV Haar cascade) and reads each one;
    ``recognize(image, detect=False)`` reads the whole image as one face crop. ``max_pixels``
    bounds the decoded size: a larger JPEG is decoded reduced (boxes map back to the original),
    other formats over it are refused."""

    def __init__(self, model_dir: str | Path | None = None, *, explain: bool = True, margin: float = 0.1,
                 detector: FaceDetector | None = None, threads: int | None = None, max_pixels: int = MAX_PIXELS):
        self.model_dir = Path(model_dir) if model_dir else default_model_dir()
        self.max_pixels = max_pixels
        self.explain, self.margin, self.threads = explain, margin, threads
        self._detector = detector
        self._session = None
        self._lock = threading.Lock()

    def load(self) -> "FaceEmotionRecognizer":
        with self._lock:
            if self._session is None:
                config = json.loads((self.model_dir / "config.json").read_text())
                self.labels = tuple(config["labels"])
                self.temperature = float(config["temperature"])
                self._session = onnx_session(self.model_dir / "model.onnx", self.threads)
        return self

    @property
    def detector(self) -> FaceDetector:
        if self._detector is None:
            self._detector = FaceDetector()
        return self._detector

    # public API ------------------------------------------------------------
    def recognize(self, image, detect: bool = True) -> list[FaceReading]:
        """One ``FaceReading`` per face, largest first; ``[]`` when no face is found."""
        rgb, scale = load_image_scaled(image, self.max_pixels)
        faces = self.recognize_grey(to_grey(rgb), detect)
        if scale == 1.0:
            return faces
        return [replace(f, box=replace(f.box, x=round(f.box.x / scale), y=round(f.box.y / scale),
                                       width=round(f.box.width / scale), height=round(f.box.height / scale)))
                for f in faces]

    def recognize_grey(self, grey: np.ndarray, detect: bool = True) -> list[FaceReading]:
        height, width = grey.shape
        if detect:
            boxes = self.detector.detect(grey)
        else:
            if min(height, width) < MIN_CROP:
                raise InvalidInputError(f"image is {width}x{height}; a face crop needs at least {MIN_CROP} pixels a side")
            boxes = [Box(0, 0, width, height)]
        if not boxes:
            return []
        crops = np.stack([self._crop(grey, box, margin=self.margin if detect else 0.0) for box in boxes])
        return [FaceReading(box, reading) for box, reading in zip(boxes, self.read_crops(crops))]

    def probabilities(self, crops: np.ndarray, batch_size: int = 256) -> np.ndarray:
        """Calibrated class probabilities for (N, 48, 48) uint8 crops."""
        session = self.load()._session
        raw = np.concatenate([session.run(None, {"pixels": crops[i:i + batch_size, None].astype(np.float32)})[0]
                              for i in range(0, len(crops), batch_size)])
        return self._calibrate(raw)

    def read_crops(self, crops: np.ndarray) -> list[EmotionReading]:
        probabilities = self.probabilities(crops)
        readings = []
        for crop, p in zip(crops, probabilities):
            top = int(p.argmax())
            evidence = self._region_evidence(crop, top, float(p[top])) if self.explain else ()
            scores = {label: round(float(v), 4) for label, v in zip(self.labels, p)}
            valence, arousal = circumplex_point(scores, FACE_CIRCUMPLEX)
            labels = [self.labels[i] for i in np.argsort(-p) if p[i] >= 0.3] or [self.labels[top]]
            readings.append(EmotionReading("face", scores, labels, self.labels[top], round(valence, 4),
                                           round(arousal, 4), round(float(p[top]), 4), evidence))
        return readings

    # internals -------------------------------------------------------------
    def _calibrate(self, probabilities: np.ndarray) -> np.ndarray:
        z = np.log(np.clip(probabilities, 1e-9, 1.0)) / self.temperature
        z = np.exp(z - z.max(axis=1, keepdims=True))
        return z / z.sum(axis=1, keepdims=True)

    def _crop(self, grey: np.ndarray, box: Box, margin: float) -> np.ndarray:
        cv2 = require("cv2", "vision", "opencv-python-headless")
        dx, dy = round(box.width * margin), round(box.height * margin)
        x0, y0 = max(0, box.x - dx), max(0, box.y - dy)
        x1, y1 = min(grey.shape[1], box.x + box.width + dx), min(grey.shape[0], box.y + box.height + dy)
        crop = grey[y0:y1, x0:x1]
        shrinking = crop.shape[0] > SIZE
        return cv2.resize(crop, (SIZE, SIZE), interpolation=cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR)

    def _region_evidence(self, crop: np.ndarray, top: int, p_top: float) -> tuple[Evidence, ...]:
        occluded = np.repeat(crop[None], len(REGIONS), axis=0)
        for i, (start, stop) in enumerate(REGIONS.values()):
            occluded[i, start:stop] = int(crop.mean())
        dropped = self.probabilities(occluded)[:, top]
        label = self.labels[top]
        evidence = [Evidence("region", name, round(max(0.0, p_top - float(p)), 4),
                             f"greying out the {name} lowers '{label}' from {p_top:.2f} to {float(p):.2f}")
                    for name, p in zip(REGIONS, dropped)]
        return tuple(sorted(evidence, key=lambda e: -e.weight))
