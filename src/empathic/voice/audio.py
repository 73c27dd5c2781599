"""Decode audio from a path, bytes or (samples, sample_rate) into 16 kHz mono float32.

WAV, FLAC and OGG (Vorbis/Opus) decode through libsndfile (``soundfile``) at 1-48 kHz on up
to 8 channels. The source is read in one-second blocks, each averaged to mono and resampled
to 16 kHz as it arrives, so memory follows the 16 kHz output, not the source: a small FLAC
claiming 192 kHz on 8 channels cannot expand to gigabytes (caps in ``empathic.media_limits``).
``stream_audio`` reads a long file in windows so memory stays flat.
"""

from __future__ import annotations

import io
import math
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from empathic.errors import InvalidInputError, require
from empathic.media_limits import (LARGE_AUDIO_SECONDS, MAX_AUDIO_CHANNELS, MAX_AUDIO_RATE, MAX_DECODED_SAMPLES,
                                   MIN_AUDIO_RATE, decode_slot)

RATE = 16_000
MAX_SECONDS_IN_MEMORY = 600  # longer recordings go through stream_audio
BLOCK_SECONDS = 1.0
UNKNOWN_LENGTH = 2**62  # libsndfile reports SF_COUNT_MAX frames when a header gives no length


class _Resampler:
    """``resample_poly`` to 16 kHz over a signal that arrives in blocks. Each stretch is filtered
    with ``pad`` frames of real signal on both sides and the padded output trimmed, so the
    result equals resampling the whole signal at once (to float rounding), with no seams."""

    def __init__(self, rate: int):
        divisor = math.gcd(rate, RATE)
        self.up, self.down = RATE // divisor, rate // divisor
        self.buffer, self.left = np.zeros(0, np.float32), 0  # left: frames already emitted, kept as context
        if self.up == self.down:
            return
        signal = require("scipy.signal", "voice", "scipy")
        half = 10 * max(self.up, self.down)  # scipy's default filter, designed once instead of per block
        taps = signal.firwin(2 * half + 1, 1.0 / max(self.up, self.down), window=("kaiser", 5.0))
        self.taps = taps.astype(np.float32)  # float32 like the signal, as resample_poly makes it
        self._resample = signal.resample_poly
        reach = -(-half // self.up) + 1  # input frames the filter sees either side of an output sample
        self.pad = self.down * -(-reach // self.down)  # a multiple of `down` keeps each stretch on the output grid

    def push(self, mono: np.ndarray) -> np.ndarray:
        if self.up == self.down:
            return mono
        self.buffer = np.concatenate([self.buffer, mono])
        n = (len(self.buffer) - self.left - self.pad) // self.down * self.down
        if n <= 0:
            return np.zeros(0, np.float32)
        out = self._filter(self.buffer[: self.left + n + self.pad], n)
        cut = max(0, self.left + n - self.pad)
        self.buffer, self.left = self.buffer[cut:], self.left + n - cut
        return out

    def finish(self) -> np.ndarray:
        if self.up == self.down or len(self.buffer) == self.left:
            return np.zeros(0, np.float32)
        return self._filter(self.buffer, None)

    def _filter(self, stretch: np.ndarray, n: int | None) -> np.ndarray:
        out = self._resample(stretch, self.up, self.down, window=self.taps).astype(np.float32, copy=False)
        start = self.left * self.up // self.down
        return out[start:] if n is None else out[start: start + n * self.up // self.down]


def _soundfile():
    return require("soundfile", "voice", "soundfile")


def _mono(block: np.ndarray) -> np.ndarray:
    if block.ndim == 2:
        block = block.mean(axis=1)
    if block.dtype.kind == "i":
        block = block / float(np.iinfo(block.dtype).max)
    return np.nan_to_num(block.astype(np.float32, copy=False), nan=0.0, posinf=1.0, neginf=-1.0)


def _to_16k(blocks: Iterable[np.ndarray], rate: int) -> Iterator[np.ndarray]:
    """16 kHz mono pieces of a signal given as (frames x channels or mono) blocks at ``rate``."""
    resampler = _Resampler(rate)
    for block in blocks:
        yield resampler.push(_mono(block))
    yield resampler.finish()


def _collect(pieces: Iterable[np.ndarray], expected: int) -> np.ndarray:
    """The pieces written into one array of the expected 16 kHz length (no list, no second copy);
    a file cut short gives fewer."""
    out, filled = np.empty(expected, np.float32), 0
    for piece in pieces:
        out[filled: filled + len(piece)] = piece
        filled += len(piece)
    out = out if filled == expected else out[:filled].copy()
    return np.clip(out, -1.0, 1.0, out=out)


def _check_shape(rate: int, channels: int) -> None:
    if rate > MAX_AUDIO_RATE:
        raise InvalidInputError(f"audio is {rate} Hz; the limit is {MAX_AUDIO_RATE} Hz (resample it first)")
    if rate < MIN_AUDIO_RATE:
        raise InvalidInputError(f"audio sample_rate is {rate} Hz; at least {MIN_AUDIO_RATE} Hz is needed")
    if channels > MAX_AUDIO_CHANNELS:
        raise InvalidInputError(f"audio has {channels} channels; the limit is {MAX_AUDIO_CHANNELS}")
    if channels < 1:
        raise InvalidInputError("audio has no channels")


def _check_size(frames: int, rate: int, channels: int) -> None:
    seconds = frames / rate
    if seconds > MAX_SECONDS_IN_MEMORY:
        raise InvalidInputError(f"audio is {seconds:.0f} s; recordings over {MAX_SECONDS_IN_MEMORY} s are "
                                "analysed in windows (VoiceEmotionRecognizer.stream)")
    if frames * channels > MAX_DECODED_SAMPLES:
        raise InvalidInputError(f"audio is {seconds:.0f} s on {channels} channels ({frames * channels} samples to "
                                f"decode); the limit is {MAX_DECODED_SAMPLES} (ten minutes of 48 kHz stereo)")


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
        f = sf.SoundFile(_source(audio))
    except InvalidInputError:
        raise
    except (sf.LibsndfileError, RuntimeError, TypeError) as exc:
        raise InvalidInputError(f"not a readable audio file (WAV, FLAC or OGG expected): {exc}") from None
    try:
        _check_shape(f.samplerate, f.channels)
        if f.frames >= UNKNOWN_LENGTH:  # libsndfile then fails at the end of the data, losing the last second
            raise InvalidInputError("audio file does not state its length (a FLAC written to a pipe?); "
                                    "re-encode it to a file")
    except InvalidInputError:
        f.close()
        raise
    return f


def _file_blocks(f) -> Iterator[np.ndarray]:
    """float32 (frames x channels) blocks, one second each, until the data ends. libsndfile never
    reads past the frame count in the header (a FLAC or Ogg that under-states it is cut there),
    so checking the header bounds the work."""
    buffer = np.empty((max(1, int(f.samplerate * BLOCK_SECONDS)), f.channels), np.float32)
    while True:
        try:
            block = f.read(dtype="float32", always_2d=True, out=buffer)
        except Exception as exc:  # libsndfile reports corrupt data in several ways
            raise InvalidInputError(f"audio could not be decoded (truncated or corrupt): {exc}") from None
        if not len(block):
            return
        yield block


def load_audio(audio) -> np.ndarray:
    """The whole recording as 16 kHz mono float32 in [-1, 1]."""
    if isinstance(audio, tuple):
        return _load_samples(audio)
    with _open(audio) as f:
        if f.frames == 0:
            raise InvalidInputError("audio has no samples")
        _check_size(f.frames, f.samplerate, f.channels)
        with decode_slot(f.frames / f.samplerate > LARGE_AUDIO_SECONDS):
            expected = math.ceil(f.frames * RATE / f.samplerate)
            samples = _collect(_to_16k(_file_blocks(f), f.samplerate), expected)
        if not len(samples):
            raise InvalidInputError("audio has no samples")
        return samples


def _load_samples(audio: tuple) -> np.ndarray:
    if len(audio) != 2 or not isinstance(audio[1], (int, np.integer)):
        raise InvalidInputError("audio tuple must be (samples, sample_rate) with an integer sample_rate")
    samples, rate = np.asarray(audio[0]), int(audio[1])
    if samples.ndim not in (1, 2):
        raise InvalidInputError(f"audio samples must be 1-D (mono) or 2-D (frames x channels), "
                                f"got shape {samples.shape}")
    if samples.dtype.kind not in "if":
        raise InvalidInputError(f"audio samples must be integers or floats, got {samples.dtype}")
    channels = 1 if samples.ndim == 1 else samples.shape[1]
    _check_shape(rate, channels)
    if len(samples) == 0:
        raise InvalidInputError("audio has no samples")
    _check_size(len(samples), rate, channels)
    step = int(rate * BLOCK_SECONDS)
    blocks = (samples[i: i + step] for i in range(0, len(samples), step))
    with decode_slot(len(samples) / rate > LARGE_AUDIO_SECONDS):
        return _collect(_to_16k(blocks, rate), math.ceil(len(samples) * RATE / rate))


def duration_seconds(audio) -> float:
    if isinstance(audio, tuple):
        return len(audio[0]) / float(audio[1])
    with _open(audio) as f:
        return f.frames / f.samplerate


def stream_audio(audio, window_seconds: float = 30.0) -> Iterator[tuple[float, np.ndarray]]:
    """(start time, 16 kHz mono window) pairs over a file of any length (same rate and channel caps)."""
    size = max(1, int(window_seconds * RATE))
    with _open(audio) as f:
        pending, held, start = [], 0, 0
        for piece in _to_16k(_file_blocks(f), f.samplerate):
            pending.append(piece)
            held += len(piece)
            while held >= size:
                joined = np.concatenate(pending)
                yield start / RATE, np.clip(joined[:size], -1.0, 1.0)
                pending, held, start = [joined[size:]], held - size, start + size
        if held:
            yield start / RATE, np.clip(np.concatenate(pending), -1.0, 1.0)
