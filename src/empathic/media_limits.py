"""Caps on what a decode may cost, and one large decode at a time.

A compressed file says little about its decoded size: 930 KB of FLAC can claim 599 s at
192 kHz on 8 channels (3.7 GB as float32), 200 KB of PNG 8000x8000 pixels. Audio is read in
blocks, so memory follows the 16 kHz mono output, and these caps bound the work; images are
checked from their header. ``decode_slot`` lets one large decode run at a time per process so
concurrent requests add up their small decodes, never their large ones.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

MIN_AUDIO_RATE = 1_000
MAX_AUDIO_RATE = 48_000  # what browsers and phones record; speech carries nothing the 16 kHz model uses above it
MAX_AUDIO_CHANNELS = 8  # 7.1 surround; every channel is decoded before the downmix
MAX_DECODED_SAMPLES = 600 * 48_000 * 2  # frames x channels: ten minutes of 48 kHz stereo
LARGE_AUDIO_SECONDS = 60  # longer recordings wait for the large-decode slot

TURN_MAX_PIXELS = 16_000_000  # a 16 Mpx phone photo; faces are searched at 1024 px on the long side anyway
LARGE_IMAGE_PIXELS = 4_000_000  # larger images wait for the large-decode slot

_large_decode = threading.Lock()


@contextmanager
def decode_slot(large: bool) -> Iterator[None]:
    """Hold the process-wide large-decode lock while a large decode runs; small ones pass.
    Held only for the decode itself, never across a generator's yield or model inference."""
    if not large:
        yield
        return
    with _large_decode:
        yield
