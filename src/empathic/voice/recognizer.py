"""``VoiceEmotionRecognizer``: emotion from how people sound, utterance by utterance.

Speech is found by voice activity (``vad.SpeechDetector``); each utterance is described by
Whisper encoder states, prosody and cepstral statistics (``features``) and read by a
logistic regression over the eight RAVDESS labels (``models/voice``). With a
``SpeakerBaseline`` of at least ten earlier utterances from the same speaker, the model that
reads features relative to the speaker's own average is used instead (0.76 vs 0.71
unweighted accuracy on held-out RAVDESS actors), and the evidence compares pitch, loudness,
rate and voice quality with that speaker's usual, otherwise with the training speakers'.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from empathic.labels import VOICE_CIRCUMPLEX, circumplex_point
from empathic.reading import EmotionReading, Evidence
from empathic.voice.audio import RATE, load_audio, stream_audio
from empathic.voice.features import clip_features
from empathic.voice.vad import Segment, SpeechDetector

EMBEDDING = 768
# (feature, human name, unit) for the evidence, in the order they are worded
DESCRIBED = (("pitch_median_semitones", "pitch", "semitones"), ("pitch_range_semitones", "pitch range", "semitones"),
             ("loudness_mean_db", "loudness", "dB"), ("speaking_rate_per_s", "speaking rate", "peaks/s"),
             ("periodicity", "voice steadiness", ""))


def default_model_dir() -> Path:
    return Path(str(resources.files("empathic") / "models" / "voice"))


@dataclass
class SpeakerBaseline:
    """Running average of one speaker's utterance features (kept per session, in memory)."""

    count: int = 0
    total: np.ndarray | None = None

    def add(self, features: np.ndarray) -> None:
        self.total = features.astype(np.float64) if self.total is None else self.total + features
        self.count += 1

    @property
    def mean(self) -> np.ndarray | None:
        return None if self.total is None else self.total / self.count


@dataclass(frozen=True)
class Utterance:
    start: float
    end: float
    reading: EmotionReading
    transcript: str | None = None
    words: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"start": round(self.start, 2), "end": round(self.end, 2), "reading": self.reading.to_dict(),
                **({"transcript": self.transcript, "words": self.words} if self.transcript is not None else {})}


@dataclass(frozen=True)
class VoiceAnalysis:
    duration: float
    utterances: list[Utterance]
    reading: EmotionReading  # the whole clip: utterance readings weighted by duration

    @property
    def transcript(self) -> str:
        return " ".join(u.transcript for u in self.utterances if u.transcript).strip()

    def to_dict(self) -> dict:
        return {"duration": round(self.duration, 2), "transcript": self.transcript,
                "utterances": [u.to_dict() for u in self.utterances], "reading": self.reading.to_dict()}


class VoiceEmotionRecognizer:
    def __init__(self, model_dir: str | Path | None = None, *, encoder=None, detector: SpeechDetector | None = None):
        self.model_dir = Path(model_dir) if model_dir else default_model_dir()
        self._encoder, self._detector = encoder, detector
        self._params = None
        self._lock = threading.Lock()

    def load(self) -> "VoiceEmotionRecognizer":
        with self._lock:
            if self._params is None:
                config = json.loads((self.model_dir / "config.json").read_text())
                self.labels, self.prosody_names = tuple(config["labels"]), tuple(config["prosody_names"])
                self.temperature, self.baseline_clips = float(config["temperature"]), int(config["baseline_clips"])
                with np.load(self.model_dir / "voice.npz") as saved:
                    self._params = {k: saved[k] for k in saved.files}
                if self._encoder is None:
                    from empathic.voice.features import WhisperEncoder

                    self._encoder = WhisperEncoder.shared()
                if self._detector is None:
                    self._detector = SpeechDetector()
        return self

    @property
    def encoder(self):
        return self.load()._encoder

    # public API ------------------------------------------------------------------
    def recognize(self, audio, baseline: SpeakerBaseline | None = None) -> EmotionReading:
        """One reading for the whole clip (path, bytes or (samples, sample_rate))."""
        return self.analyze(audio, baseline).reading

    def analyze(self, audio, baseline: SpeakerBaseline | None = None, transcriber=None) -> VoiceAnalysis:
        """Utterances with their readings (and transcripts, given a ``Transcriber``), plus the clip's reading."""
        samples = load_audio(audio)
        utterances = list(self._utterances(samples, 0.0, baseline, transcriber))
        return VoiceAnalysis(len(samples) / RATE, utterances, self._combine(utterances, samples))

    def stream(self, audio, baseline: SpeakerBaseline | None = None, transcriber=None,
               window_seconds: float = 30.0) -> Iterator[Utterance]:
        """Utterances of a recording of any length, read window by window (memory stays flat).
        Speech running past a window's end is carried into the next window, not cut."""
        self.load()
        carry, carry_start = np.zeros(0, dtype=np.float32), 0.0
        for start, window in stream_audio(audio, window_seconds):
            samples = np.concatenate([carry, window]) if len(carry) else window
            offset = carry_start if len(carry) else start
            segments = self._detector.segments(samples, offset)
            end = offset + len(samples) / RATE
            if segments and end - segments[-1].end < 0.3 and len(samples) / RATE < 3 * window_seconds:
                last = segments.pop()  # may continue in the next window
                cut = int((last.start - offset) * RATE)
                carry, carry_start = samples[cut:], last.start
            else:
                carry = np.zeros(0, dtype=np.float32)
            yield from self._read_segments(samples, offset, segments, baseline, transcriber)
        if len(carry):
            yield from self._utterances(carry, carry_start, baseline, transcriber)

    def read_utterance(self, samples: np.ndarray, baseline: SpeakerBaseline | None = None) -> EmotionReading:
        """Reading of one utterance already cut out (16 kHz mono float32), without VAD."""
        self.load()
        return self._read(self.features(samples), samples, baseline)

    def features(self, samples: np.ndarray) -> np.ndarray:
        return clip_features(samples, self.encoder)

    # internals -------------------------------------------------------------------
    def _utterances(self, samples, offset, baseline, transcriber) -> Iterator[Utterance]:
        self.load()
        segments = self._detector.segments(samples, offset)
        yield from self._read_segments(samples, offset, segments, baseline, transcriber)

    def _read_segments(self, samples, offset, segments: list[Segment], baseline, transcriber) -> Iterator[Utterance]:
        for segment in segments:
            piece = samples[int((segment.start - offset) * RATE):int((segment.end - offset) * RATE)]
            if len(piece) < RATE // 10:
                continue
            features = self.features(piece)
            reading = self._read(features, piece, baseline)
            text, words = None, []
            if transcriber is not None:
                text, words = transcriber.transcribe_samples(piece, offset=segment.start)
            if baseline is not None:
                baseline.add(features)
            yield Utterance(segment.start, segment.end, reading, text, words)

    def _probabilities(self, features: np.ndarray, baseline: SpeakerBaseline | None) -> tuple[np.ndarray, bool]:
        use_baseline = baseline is not None and baseline.count >= self.baseline_clips
        prefix = "baseline_" if use_baseline else "plain_"
        x = features - baseline.mean if use_baseline else features
        p = self._params
        z = ((x - p[prefix + "mean"]) / p[prefix + "scale"]) @ p[prefix + "coef"].T + p[prefix + "intercept"]
        z = (z - z.max()) / self.temperature
        e = np.exp(z)
        return e / e.sum(), use_baseline

    def _read(self, features: np.ndarray, piece: np.ndarray, baseline) -> EmotionReading:
        probabilities, used_baseline = self._probabilities(features, baseline)
        prosody = features[EMBEDDING:EMBEDDING + len(self.prosody_names)]
        evidence = self._evidence(prosody, baseline if used_baseline else None)
        confidence = float(probabilities.max())
        clipped = float(np.mean(np.abs(piece) >= 0.999))
        if clipped > 0.01:
            evidence.append(Evidence("cue", "clipping", round(clipped, 3),
                                     f"{clipped:.0%} of samples are clipped; loudness and quality readings are less reliable"))
            confidence *= 0.8
        return self._reading(probabilities, confidence, evidence)

    def _reading(self, probabilities, confidence, evidence) -> EmotionReading:
        scores = {label: round(float(v), 4) for label, v in zip(self.labels, probabilities)}
        top = self.labels[int(np.argmax(probabilities))]
        valence, arousal = circumplex_point(scores, VOICE_CIRCUMPLEX)
        labels = [lab for lab in sorted(scores, key=scores.get, reverse=True) if scores[lab] >= 0.3] or [top]
        return EmotionReading("voice", scores, labels, top, round(valence, 4), round(arousal, 4),
                              round(confidence, 4), tuple(evidence))

    def _evidence(self, prosody: np.ndarray, baseline: SpeakerBaseline | None) -> list[Evidence]:
        values = dict(zip(self.prosody_names, prosody))
        if baseline is not None:
            reference = dict(zip(self.prosody_names, baseline.mean[EMBEDDING:EMBEDDING + len(self.prosody_names)]))
            whose = "this speaker's usual"
        else:
            reference = dict(zip(self.prosody_names, self._params["prosody_mean"]))
            whose = "typical speech"
        spread = dict(zip(self.prosody_names, self._params["prosody_std"]))
        evidence = []
        for name, human, unit in DESCRIBED:
            difference = float(values[name] - reference[name])
            z = difference / float(spread[name])
            direction = "higher" if difference > 0 else "lower"
            if name == "pitch_median_semitones":
                shown = f"{100 * 2 ** (values[name] / 12):.0f} Hz"
            elif unit:
                shown = f"{values[name]:.1f} {unit}"
            else:
                shown = f"{values[name]:.2f}"
            evidence.append(Evidence("acoustic", human, round(min(abs(z), 3.0) / 3.0, 3),
                                     f"{human} {shown}, {direction} than {whose} ({difference:+.1f}{' ' + unit if unit else ''})"))
        return sorted(evidence, key=lambda e: -e.weight)

    def _combine(self, utterances: list[Utterance], samples: np.ndarray) -> EmotionReading:
        if not utterances:
            loud = float(np.sqrt(np.mean(samples ** 2))) if len(samples) else 0.0
            detail = "no speech was detected" + (" (the clip is silent)" if loud < 1e-3 else " (sound, but no voice)")
            probabilities = np.zeros(len(self.labels))
            probabilities[self.labels.index("neutral")] = 1.0
            return self._reading(probabilities, 0.0, [Evidence("cue", "no speech", 1.0, detail)])
        weights = np.array([u.end - u.start for u in utterances])
        probabilities = np.array([[u.reading.scores[k] for k in self.labels] for u in utterances])
        mean = weights @ probabilities / weights.sum()
        confidence = float(weights @ np.array([u.reading.confidence for u in utterances]) / weights.sum())
        longest = max(utterances, key=lambda u: u.end - u.start)
        return self._reading(mean, confidence, list(longest.reading.evidence))

