"""Decoding is bounded: hostile audio and images are refused (or reduced) before they can cost
gigabytes, and ordinary media decodes exactly as before. Peak memory is measured in a fresh
subprocess (VmHWM from /proc), so one test's high-water mark cannot hide another's."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

import empathic
from empathic.errors import InvalidInputError
from empathic.media_limits import TURN_MAX_PIXELS, decode_slot

sf = pytest.importorskip("soundfile")
Image = pytest.importorskip("PIL.Image")
signal = pytest.importorskip("scipy.signal")

PROBE = r"""
import json, re, sys
def mb(key):
    return int(re.search(key + r":\s+(\d+)", open("/proc/self/status").read()).group(1)) / 1024
import numpy, scipy.signal, soundfile, PIL.Image, PIL.ImageOps, PIL.PngImagePlugin, PIL.JpegImagePlugin
from empathic.errors import InvalidInputError
from empathic.voice.audio import load_audio
from empathic.vision.images import load_image_scaled
kind, path, cap = sys.argv[1], sys.argv[2], int(sys.argv[3])
before, result = mb("VmRSS"), {}
try:
    if kind == "audio":
        result["shape"] = list(load_audio(path).shape)
    else:
        rgb, result["scale"] = load_image_scaled(path, cap)
        result["shape"] = list(rgb.shape)
except InvalidInputError as exc:
    result["error"] = str(exc)
result["grown_mb"] = mb("VmHWM") - before
print(json.dumps(result))
"""


def decode_elsewhere(kind: str, path: Path, max_pixels: int = TURN_MAX_PIXELS) -> dict:
    """Decode in a fresh interpreter; its result or error, and how far its peak RSS rose."""
    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc (Linux)")
    source = str(Path(empathic.__file__).resolve().parents[1])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", PROBE, kind, str(path), str(max_pixels)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def write_flac(path: Path, seconds: int, rate: int, channels: int, tail_tone: bool = False) -> Path:
    """Silence (a few hundred KB however long), written a second at a time."""
    with sf.SoundFile(path, "w", rate, channels, format="FLAC") as f:
        block = np.zeros((rate, channels), np.int16)
        for _ in range(seconds - tail_tone):
            f.write(block)
        if tail_tone:
            tone = (8000 * np.sin(2 * np.pi * 1000 * np.arange(rate) / rate)).astype(np.int16)
            f.write(np.repeat(tone[:, None], channels, axis=1))
    return path


def claim_length(blob: bytes, frames: int) -> bytes:
    """The same FLAC with STREAMINFO's total-samples field rewritten (0 means "unknown", as an
    encoder writing to a pipe leaves it)."""
    assert blob[:4] == b"fLaC"
    word = int.from_bytes(blob[18:26], "big") & ~((1 << 36) - 1) | frames
    return blob[:18] + word.to_bytes(8, "big") + blob[26:]


def speech_like(seconds: float, rate: int) -> np.ndarray:
    """Stereo: a gliding, amplitude-modulated harmonic voice plus hiss, as float32 frames x 2."""
    t = np.arange(int(seconds * rate)) / rate
    pitch = 140 + 60 * np.sin(2 * np.pi * 0.4 * t)
    phase = 2 * np.pi * np.cumsum(pitch) / rate
    voice = sum(np.sin(k * phase) / k for k in range(1, 8)) * 0.2 * (0.55 + 0.45 * np.sin(2 * np.pi * 4 * t))
    hiss = np.random.default_rng(0).normal(0, 0.01, (len(t), 2))
    return (np.stack([voice, 0.6 * voice], axis=1) + hiss).astype(np.float32)


# --- audio -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def flac_bomb(tmp_path_factory):
    """The issue's file: 599 s x 192 kHz x 8 channels (3.7 GB as float32) in under 1 MB."""
    path = write_flac(tmp_path_factory.mktemp("bomb") / "bomb.flac", 599, 192_000, 8)
    assert path.stat().st_size < 1_500_000
    return path


def test_flac_bomb_is_refused_by_its_rate_without_decoding(flac_bomb):
    result = decode_elsewhere("audio", flac_bomb)
    assert result.get("error") == "audio is 192000 Hz; the limit is 48000 Hz (resample it first)"
    assert result["grown_mb"] < 300  # the old loader grew by 5.4 GB here


def test_streaming_keeps_the_same_caps(flac_bomb):
    from empathic.voice.audio import stream_audio

    with pytest.raises(InvalidInputError, match="192000 Hz; the limit is 48000 Hz"):
        next(stream_audio(flac_bomb))


def test_too_many_samples_at_an_allowed_rate_are_refused(tmp_path):
    path = write_flac(tmp_path / "wide.flac", 599, 48_000, 8)
    result = decode_elsewhere("audio", path)
    assert "599 s on 8 channels" in result["error"] and "the limit is 57600000" in result["error"]
    assert result["grown_mb"] < 300


def test_the_header_length_bounds_the_decode(tmp_path):
    from empathic.voice.audio import load_audio, stream_audio

    long = write_flac(tmp_path / "long.flac", 700, 16_000, 1).read_bytes()
    # libsndfile stops where the header says the data ends, so a small claim cannot hide a long decode
    assert load_audio(claim_length(long, 10 * 16_000)).shape == (160_000,)
    for reader in (load_audio, lambda blob: next(stream_audio(blob))):
        with pytest.raises(InvalidInputError, match="does not state its length"):
            reader(claim_length(long, 0))


def test_ten_minutes_of_48k_stereo_decode_with_bounded_memory(tmp_path):
    path = write_flac(tmp_path / "ten.flac", 600, 48_000, 2, tail_tone=True)
    result = decode_elsewhere("audio", path)
    assert result["shape"] == [600 * 16_000]
    assert result["grown_mb"] < 300  # 38 MB of output; the old loader grew by 690 MB
    from empathic.voice.audio import load_audio, stream_audio

    samples = load_audio(path)
    assert np.abs(samples[-15_000:]).max() > 0.2 and np.abs(samples[:-17_000]).max() == 0  # the tone is in place
    windows = list(stream_audio(path, window_seconds=45))
    assert [start for start, _ in windows] == [45.0 * i for i in range(14)]
    assert np.array_equal(np.concatenate([w for _, w in windows]), samples)


def test_blocks_resample_like_the_whole_file(tmp_path):
    from empathic.voice.audio import load_audio

    frames = speech_like(30, 44_100)
    buffer = io.BytesIO()
    sf.write(buffer, frames, 44_100, format="WAV", subtype="FLOAT")
    reference = np.clip(signal.resample_poly(frames.mean(axis=1), 160, 441), -1, 1).astype(np.float32)
    for decoded in (load_audio(buffer.getvalue()), load_audio((frames, 44_100))):
        assert decoded.shape == (480_000,) == reference.shape
        assert np.abs(decoded - reference).max() < 1e-5  # no seams at the one-second block edges
        assert np.corrcoef(decoded, reference)[0, 1] > 0.9999


@pytest.mark.parametrize("rate", [8_000, 11_025, 22_050, 24_000, 32_000, 47_999, 48_000])
def test_every_rate_matches_resampling_at_once(rate):
    from empathic.voice.audio import load_audio

    frames = speech_like(2.5, rate)
    divisor = np.gcd(rate, 16_000)
    reference = np.clip(signal.resample_poly(frames.mean(axis=1), 16_000 // divisor, rate // divisor), -1, 1)
    decoded = load_audio((frames, rate))
    assert decoded.shape == reference.shape and np.abs(decoded - reference).max() < 1e-5


@pytest.mark.parametrize("audio, message", [
    ((np.zeros(1000, np.float32), 96_000), "96000 Hz; the limit is 48000 Hz"),
    ((np.zeros(1000, np.float32), 384_000), "384000 Hz"),
    ((np.zeros(1000, np.float32), 500), "sample_rate is 500 Hz"),
    ((np.zeros((1000, 16), np.float32), 16_000), "16 channels; the limit is 8"),
    ((np.zeros((2, 48_000), np.float32), 48_000), "48000 channels"),  # channels first: refused, not averaged
    ((np.broadcast_to(np.zeros((1, 8), np.int16), (7_300_000, 8)), 48_000), "152 s on 8 channels"),
    ((np.zeros((1000, 0), np.float32), 16_000), "no channels"),
])
def test_sample_arrays_are_bounded_too(audio, message):
    from empathic.voice.audio import load_audio

    with pytest.raises(InvalidInputError, match=message):
        load_audio(audio)


# --- images -------------------------------------------------------------------------------

def save(array_or_image, path: Path, fmt: str, **kwargs) -> Path:
    image = array_or_image if isinstance(array_or_image, Image.Image) else Image.fromarray(array_or_image)
    image.save(path, fmt, **kwargs)
    return path


def test_png_bomb_is_refused_from_its_header(tmp_path):
    path = save(Image.new("RGB", (8000, 8000), (90, 90, 90)), tmp_path / "bomb.png", "PNG")
    assert path.stat().st_size < 300_000
    result = decode_elsewhere("image", path)
    assert result["error"].startswith("image is 8000x8000 pixels; the limit here is 16 megapixels")
    assert result["grown_mb"] < 300  # the old path (decode and grey) grew by 1.2 GB


def test_progressive_jpeg_over_the_cap_is_refused(tmp_path):
    # libjpeg keeps every coefficient of a progressive JPEG at full size, reduced decode or not
    path = save(Image.new("RGB", (8000, 8000), (90, 90, 90)), tmp_path / "p.jpg", "JPEG", progressive=True)
    result = decode_elsewhere("image", path)
    assert "8000x8000" in result["error"] and "baseline JPEG" in result["error"]


def test_large_jpeg_is_decoded_reduced_with_bounded_memory(tmp_path):
    path = save(Image.new("RGB", (8000, 8000), (90, 90, 90)), tmp_path / "big.jpg", "JPEG", quality=85)
    result = decode_elsewhere("image", path)
    assert result["shape"] == [4000, 4000, 3] and result["scale"] == 0.5
    assert result["grown_mb"] < 300  # full size, as before: 1.2 GB with the grey conversion


def test_normal_photos_decode_exactly_as_before():
    from empathic.vision.images import load_image_scaled, to_grey

    rng = np.random.default_rng(3)
    pixels = rng.integers(0, 256, (301, 457, 3), dtype=np.uint8)
    for fmt in ("PNG", "WEBP", "BMP", "TIFF"):
        buffer = io.BytesIO()
        Image.fromarray(pixels).save(buffer, fmt, **({"lossless": True} if fmt == "WEBP" else {}))
        rgb, scale = load_image_scaled(buffer.getvalue(), TURN_MAX_PIXELS)
        assert scale == 1.0 and np.array_equal(rgb, pixels), fmt
    grey = to_grey(pixels)  # computed in strips: must equal the one-shot formula
    assert np.array_equal(grey, (pixels[..., 0] * 0.299 + pixels[..., 1] * 0.587
                                 + pixels[..., 2] * 0.114).round().astype(np.uint8))


@pytest.fixture(scope="module")
def face():
    pytest.importorskip("cv2")
    from empathic.vision.recognizer import FaceEmotionRecognizer

    return FaceEmotionRecognizer().load()


def test_faces_in_a_reduced_jpeg_are_still_found(face, shared_data, tmp_path):
    from empathic.datasets.fer import load_fer
    from empathic.labels import FER_LABELS
    from empathic.vision.images import load_image_scaled, to_grey

    images, labels = load_fer("private_test")
    happy = images[labels == FER_LABELS.index("happy")][:40]
    small = np.full((480, 640), 100, np.uint8)
    crop = next(c for c in happy if face.recognize_grey(_paste(small.copy(), c, 120, 200, 160)))
    photo = _paste(np.full((4000, 6000), 90, np.uint8), crop, 1400, 2400, 1200)  # 24 Mpx
    path = save(np.repeat(photo[:, :, None], 3, axis=2), tmp_path / "photo.jpg", "JPEG", quality=90)

    rgb, scale = load_image_scaled(path, TURN_MAX_PIXELS)
    assert rgb.shape == (2000, 3000, 3) and scale == 0.5
    (reduced,) = face.recognize_grey(to_grey(rgb))
    (full,) = face.recognize(path)  # full size, as the recognizer reads it today
    box = reduced.box
    mapped = np.array([box.x, box.y, box.width, box.height]) / scale
    assert np.abs(mapped - [full.box.x, full.box.y, full.box.width, full.box.height]).max() < 0.05 * full.box.width
    assert abs(full.box.x - 2400) < 300 and full.box.width > 900
    assert reduced.reading.top == full.reading.top


def _paste(canvas: np.ndarray, crop: np.ndarray, y: int, x: int, size: int) -> np.ndarray:
    import cv2

    canvas[y:y + size, x:x + size] = cv2.resize(crop, (size, size))
    return canvas


# --- one large decode at a time ----------------------------------------------------------

def _run_while_slot_is_taken(load, large, small) -> None:
    """With the large-decode slot held (another large decode running), a small input decodes
    and a large one waits; it finishes once the slot is free."""
    done: dict = {}
    threads = {name: threading.Thread(target=lambda n=name, x=item: done.__setitem__(n, load(x)), daemon=True)
               for name, item in (("large", large), ("small", small))}
    with decode_slot(True):
        for thread in threads.values():
            thread.start()
        threads["small"].join(30)
        threads["large"].join(1.0)
        assert "small" in done and "large" not in done
    threads["large"].join(30)
    assert "large" in done


def test_large_audio_decodes_one_at_a_time(tmp_path):
    from empathic.voice.audio import load_audio

    _run_while_slot_is_taken(load_audio, write_flac(tmp_path / "90s.flac", 90, 16_000, 1),
                             write_flac(tmp_path / "5s.flac", 5, 16_000, 1))


def test_large_images_decode_one_at_a_time(tmp_path):
    from empathic.vision.images import load_image

    large = save(Image.new("RGB", (2500, 2000), (1, 2, 3)), tmp_path / "5mpx.png", "PNG")
    small = save(Image.new("RGB", (640, 480), (1, 2, 3)), tmp_path / "small.png", "PNG")
    _run_while_slot_is_taken(load_image, large, small)
