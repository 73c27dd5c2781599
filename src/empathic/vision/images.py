"""Turn whatever a caller passes as an image into an RGB uint8 array, safely.

Accepted: a path, bytes, or an HxWx3 (or HxW grey, HxWx4 RGBA) uint8 array. JPEG, PNG,
WebP, GIF, BMP and TIFF decode through Pillow in memory; EXIF orientation is applied;
CMYK, palette and grey images are converted to RGB; an animated image gives its first
frame (``empathic.vision.video`` reads moving pictures). Header sizes are checked
before any pixel is decoded, so a decompression bomb is refused in milliseconds.
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

import numpy as np

from empathic.errors import InvalidInputError, require

MAX_PIXELS = 64_000_000  # a 50-megapixel photo passes; a bomb claiming more is refused unread
MAX_BYTES = 64_000_000


def load_image(image) -> np.ndarray:
    """An (H, W, 3) uint8 RGB array, or ``InvalidInputError`` naming the problem."""
    if isinstance(image, np.ndarray):
        return _from_array(image)
    if isinstance(image, (str, os.PathLike)):
        path = Path(image)
        if not path.is_file():
            raise InvalidInputError(f"image file not found: {path}")
        if path.stat().st_size > MAX_BYTES:
            raise InvalidInputError(f"image file is {path.stat().st_size} bytes; the limit is {MAX_BYTES}")
        image = path.read_bytes()
    if isinstance(image, (bytearray, memoryview)):
        image = bytes(image)
    if not isinstance(image, bytes):
        raise InvalidInputError(f"image must be a path, bytes or a numpy array, got {type(image).__name__}")
    if not image:
        raise InvalidInputError("image is empty (0 bytes)")
    if len(image) > MAX_BYTES:
        raise InvalidInputError(f"image is {len(image)} bytes; the limit is {MAX_BYTES}")
    return _decode(image)


def _decode(blob: bytes) -> np.ndarray:
    Image = require("PIL.Image", "vision", "pillow")
    ImageOps = require("PIL.ImageOps", "vision", "pillow")
    try:
        with warnings.catch_warnings():  # sizes are checked below, with a clearer message than Pillow's
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(blob))
        with opened as im:
            width, height = im.size
            if width * height > MAX_PIXELS:
                raise InvalidInputError(f"image is {width}x{height} pixels; the limit is {MAX_PIXELS // 1_000_000} "
                                        "megapixels (decompression bomb or oversized photo)")
            im.seek(0)  # animated: the first frame
            im = ImageOps.exif_transpose(im)
            rgb = im.convert("RGB")
            rgb.load()
            return np.asarray(rgb, dtype=np.uint8)
    except InvalidInputError:
        raise
    except Image.DecompressionBombError as exc:
        raise InvalidInputError(f"image refused as a decompression bomb: {exc}") from None
    except Image.UnidentifiedImageError:
        raise InvalidInputError("not a readable image (unknown format or random bytes); send JPEG, PNG or WebP") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise InvalidInputError(f"image could not be decoded (truncated or corrupt): {exc}") from None


def _from_array(array: np.ndarray) -> np.ndarray:
    if array.dtype != np.uint8:
        raise InvalidInputError(f"image array must be uint8, got {array.dtype}")
    if array.ndim == 2:
        array = np.repeat(array[:, :, None], 3, axis=2)
    if array.ndim != 3 or array.shape[2] not in (3, 4):
        raise InvalidInputError(f"image array must be HxWx3 RGB (or HxW grey, HxWx4 RGBA), got shape {array.shape}")
    if array.shape[0] * array.shape[1] > MAX_PIXELS:
        raise InvalidInputError(f"image is {array.shape[1]}x{array.shape[0]} pixels; the limit is "
                                f"{MAX_PIXELS // 1_000_000} megapixels")
    if array.shape[0] == 0 or array.shape[1] == 0:
        raise InvalidInputError("image array has no pixels")
    return np.ascontiguousarray(array[:, :, :3])


def to_grey(rgb: np.ndarray) -> np.ndarray:
    """ITU-R 601 luma, as OpenCV and Pillow compute it."""
    return (rgb[..., 0] * 0.299 + rgb[..., 1] * 0.587 + rgb[..., 2] * 0.114).round().astype(np.uint8)
