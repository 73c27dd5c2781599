"""Spoken replies: text to speech with hibari's bundled voice (Apache-2.0, offline).

The reply's tone sets the delivery: more energy speaks faster and a little higher, more
warmth at low energy slower and a little lower. Pitch is shifted by scaling the model's own
f0 track before hibari's vocoder runs, so the voice stays natural (no resampling).
"""

from __future__ import annotations

import io
import threading
import unicodedata
import wave

import numpy as np

from empathic.errors import InvalidInputError, require

MAX_CHARS = 2_000


def delivery(tone) -> tuple[float, float]:
    """(speaking-rate factor, pitch shift in semitones) for a ``Tone``."""
    energy = getattr(tone, "energy", 0.5)
    warmth = getattr(tone, "warmth", 0.5)
    rate = 1.0 + 0.3 * (energy - 0.5) - 0.1 * max(0.0, warmth - 0.6) * (energy < 0.5)
    semitones = 3.0 * (energy - 0.5) - 1.0 * max(0.0, warmth - 0.6) * (energy < 0.5)
    return round(float(np.clip(rate, 0.8, 1.2)), 3), round(float(np.clip(semitones, -2.0, 2.0)), 2)


class SpeechSynthesizer:
    def __init__(self, threads: int = 1):
        hibari = require("hibari", "voice", "hibari-tts")
        self._tts = hibari.Hibari(voice="heart", threads=threads)  # the bundled voice; others would download
        self.sample_rate = hibari.SAMPLE_RATE
        self._lock = threading.Lock()

    def speak(self, text: str, tone=None, seed: int = 0) -> np.ndarray:
        """Float32 mono samples at ``sample_rate`` (24 kHz)."""
        if not isinstance(text, str) or not text.strip():
            raise InvalidInputError("nothing to say: text is empty")
        if len(text) > MAX_CHARS:
            raise InvalidInputError(f"text is {len(text)} characters; speech is limited to {MAX_CHARS}")
        from hibari import dsp

        # NFKC folds look-alikes hibari's normaliser cannot parse (superscript digits, ligatures)
        text = "".join(c for c in unicodedata.normalize("NFKC", text) if c.isprintable() or c in "\n\t")
        rate, semitones = delivery(tone)
        rng = np.random.default_rng(seed)
        parts = []
        with self._lock:
            try:
                sentences = self._tts.phonemize(text)
            except (ValueError, KeyError, IndexError, TypeError) as exc:
                raise InvalidInputError(f"text could not be turned into speech ({type(exc).__name__})") from None
            for phonemes in sentences:
                ids = self._tts.ids(phonemes)
                if len(ids) < 3:
                    continue
                out = self._tts.sess.run(None, {"ids": np.asarray([ids], np.int64),
                                                "speed": np.asarray([rate], np.float32)})
                lh, th, ln, lr, phi, f0 = (o[0] for o in out)
                parts.append(dsp.synth(lh, th, ln, lr, phi, f0 * 2 ** (semitones / 12), rng))
        if not parts:
            raise InvalidInputError("text has nothing that can be spoken (no words or numbers)")
        return np.concatenate(parts).astype(np.float32)

    def wav_bytes(self, text: str, tone=None) -> bytes:
        samples = self.speak(text, tone)
        buffer = io.BytesIO()
        with wave.open(buffer, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(self.sample_rate)
            w.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
        return buffer.getvalue()
