"""Decode audio from a path, bytes or (samples, sample_rate) into 16 kHz mono float32.

WAV, FLAC and OGG (Vorbis/Opus) decode through libsndfile (``soundfile``) at any sample
rate and channel count; channels are averaged and the signal resampled to 16 kHz.
``stream_audio`` reads a long file in windows so memory stays flat.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from empathic.errors import InvalidInputError, require

RATE = 16_000
MAX_SECONDS_IN_MEMORY = 600  # longer recordings go through stream_audio


def _soundfile():
    return require("soundfile", "voice", "soundfile")


def _to_mono_16k(samples: np.ndarray, rate: int) -> np.ndarray:
    samples = np.asarray(samples)
    if samples.ndim == 2:
        samples = samples.mean(axis=1)
    if samples.ndim != 1:
        raise InvalidInputError(f"audio samples must be 1-D (mono) or 2-D (frames x channels), got shape {samples.shape}")
    if samples.dtype.kind == "i":
        samples = samples / float(np.iinfo(samples.dtype).max)
    elif samples.dtype.kind != "f":
        raise InvalidInputError(f"audio samples must be integers or floats, got {samples.dtype}")
    samples = np.nan_to_num(samples.astype(np.float32), nan=0.0, posinf=1.0, neginf=-1.0)
    if rate != RATE:
        signal = require("scipy.signal", "voice", "scipy")
        divisor = np.gcd(int(rate), RATE)
        samples = signal.resample_poly(samples, RATE // divisor, int(rate) // divisor).astype(np.float32)
    return np.clip(samples, -1.0, 1.0)


def _source(audio):
    if isinstance(audio, (str, os.PathLike)):
        path = Path(audio)
        if not path.is_file():
            raise InvalidInputError(f"audio file not found: {path}")
        if path.stat().st_size == 0:
            raise InvalidInputError(f"audio file is empty: {path}")
        return str(path)
    if isinstance(audio, (bytes, bytearray, memoryview)):
        if not len(audio):
            raise InvalidInputError("audio is empty (0 bytes)")
        return io.BytesIO(bytes(audio))
    raise InvalidInputError(f"audio must be a path, bytes or (samples, sample_rate), got {type(audio).__name__}")


def _open(audio):
    sf = _soundfile()
    try:
        return sf.SoundFile(_source(audio))
    except InvalidInputError:
        raise
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        raise InvalidInputError(f"not a readable audio file (WAV, FLAC or OGG expected): {exc}") from None


def load_audio(audio) -> np.ndarray:
    """The whole recording as 16 kHz mono float32 in [-1, 1]."""
    if isinstance(audio, tuple):
        if len(audio) != 2 or not isinstance(audio[1], (int, np.integer)) or not 1000 <= audio[1] <= 384_000:
            raise InvalidInputError("audio tuple must be (samples, sample_rate) with a rate of 1000-384000 Hz")
        if len(audio[0]) == 0:
            raise InvalidInputError("audio has no samples")
        if len(audio[0]) / audio[1] > MAX_SECONDS_IN_MEMORY:
            raise InvalidInputError(f"audio longer than {MAX_SECONDS_IN_MEMORY} s; use stream_audio or analyse a file")
        return _to_mono_16k(audio[0], int(audio[1]))
    with _open(audio) as f:
        if f.frames == 0:
            raise InvalidInputError("audio has no samples")
        if f.frames / f.samplerate > MAX_SECONDS_IN_MEMORY:
            raise InvalidInputError(f"audio is {f.frames / f.samplerate:.0f} s; recordings over "
                                    f"{MAX_SECONDS_IN_MEMORY} s are analysed in windows (VoiceEmotionRecognizer.stream)")
        try:
            samples = f.read(dtype="float32", always_2d=True)
        except Exception as exc:  # libsndfile reports truncated data in several ways
            raise InvalidInputError(f"audio could not be decoded (truncated or corrupt): {exc}") from None
        return _to_mono_16k(samples, f.samplerate)


def duration_seconds(audio) -> float:
    if isinstance(audio, tuple):
        return len(audio[0]) / float(audio[1])
    with _open(audio) as f:
        return f.frames / f.samplerate


def stream_audio(audio, window_seconds: float = 30.0) -> Iterator[tuple[float, np.ndarray]]:
    """(start time, 16 kHz mono window) pairs over a file of any length."""
    with _open(audio) as f:
        block = int(window_seconds * f.samplerate)
        start = 0
        for chunk in f.blocks(blocksize=block, dtype="float32", always_2d=True):
            yield start / f.samplerate, _to_mono_16k(chunk, f.samplerate)
            start += len(chunk)
