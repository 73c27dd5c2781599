"""Turn whatever a caller passes as an image into an RGB uint8 array, safely.

Accepted: a path, bytes, or an HxWx3 (or HxW grey, HxWx4 RGBA) uint8 array. JPEG, PNG,
WebP, GIF, BMP and TIFF decode through Pillow in memory; EXIF orientation is applied;
CMYK, palette and grey images are converted to RGB; an animated image gives its first
frame (``empathic.vision.video`` reads moving pictures). Header sizes are checked
before any pixel is decoded, so a decompression bomb is refused in milliseconds.

``max_pixels`` bounds what one call decodes (a conversation turn: ``TURN_MAX_PIXELS``): a
baseline JPEG over it is decoded at 1/2, 1/4 or 1/8 scale by libjpeg (``draft``), never at
full size; other formats, and progressive JPEGs (which libjpeg buffers at full size), are
refused over it. ``load_image_scaled`` says by how much a JPEG was reduced.
"""

from __future__ import annotations

import io
import os
import warnings
from pathlib import Path

import numpy as np

from empathic.errors import InvalidInputError, require
from empathic.media_limits import LARGE_IMAGE_PIXELS, TURN_MAX_PIXELS, decode_slot

__all__ = ["MAX_PIXELS", "TURN_MAX_PIXELS", "load_image", "load_image_scaled", "to_grey"]

MAX_PIXELS = 64_000_000  # a 50-megapixel photo passes; a bomb claiming more is refused unread
MAX_BYTES = 64_000_000


def load_image(image, max_pixels: int = MAX_PIXELS) -> np.ndarray:
    """An (H, W, 3) uint8 RGB array, or ``InvalidInputError`` naming the problem."""
    return load_image_scaled(image, max_pixels)[0]


def load_image_scaled(image, max_pixels: int = MAX_PIXELS) -> tuple[np.ndarray, float]:
    """The RGB array and its size relative to the original (1.0, or 1/2, 1/4, 1/8 for a JPEG
    decoded reduced to fit ``max_pixels``): divide coordinates by it to map back."""
    max_pixels = min(max_pixels, MAX_PIXELS)
    if isinstance(image, np.ndarray):
        return _from_array(image, max_pixels), 1.0
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
    return _decode(image, max_pixels)


def _decode(blob: bytes, max_pixels: int) -> tuple[np.ndarray, float]:
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
            if width * height > max_pixels:
                _reduce(im, max_pixels)
            im.seek(0)  # animated: the first frame
            scale = im.size[0] / width  # before EXIF orientation may swap the sides
            with decode_slot(im.size[0] * im.size[1] > LARGE_IMAGE_PIXELS):
                return _rgb(im, ImageOps), scale
    except InvalidInputError:
        raise
    except Image.DecompressionBombError as exc:
        raise InvalidInputError(f"image refused as a decompression bomb: {exc}") from None
    except Image.UnidentifiedImageError:
        raise InvalidInputError("not a readable image (unknown format or random bytes); send JPEG, PNG or WebP") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise InvalidInputError(f"image could not be decoded (truncated or corrupt): {exc}") from None


def _reduce(im, max_pixels: int) -> None:
    """Have libjpeg decode at the largest of 1/2, 1/4, 1/8 scale that fits; refuse anything else."""
    width, height = im.size
    factor = next((f for f in (2, 4, 8) if -(-width // f) * -(-height // f) <= max_pixels), None)
    progressive = bool(im.info.get("progression"))  # libjpeg buffers every coefficient at full size
    if im.format == "JPEG" and not progressive and factor:
        im.draft(None, (width // factor, height // factor))
    if im.size[0] * im.size[1] > max_pixels:
        raise InvalidInputError(f"image is {width}x{height} pixels; the limit here is {max_pixels / 1e6:g} "
                                "megapixels (only a baseline JPEG is decoded reduced; send a smaller image)")


def _rgb(im, ImageOps) -> np.ndarray:
    """Pillow's pixels (RGB at 4 bytes a pixel) copied out in strips: ``np.asarray(im)`` would
    go through ``tobytes``, which holds the whole image twice more."""
    im.load()
    ImageOps.exif_transpose(im, in_place=True)
    if im.mode != "RGB":
        im = im.convert("RGB")
    width, height = im.size
    rgb = np.empty((height, width, 3), np.uint8)
    rows = max(1, 1_000_000 // width)
    for top in range(0, height, rows):
        rgb[top: top + rows] = np.asarray(im.crop((0, top, width, min(height, top + rows))))
    return rgb


def _from_array(array: np.ndarray, max_pixels: int) -> np.ndarray:
    if array.dtype != np.uint8:
        raise InvalidInputError(f"image array must be uint8, got {array.dtype}")
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (3, 4)):
        raise InvalidInputError(f"image array must be HxWx3 RGB (or HxW grey, HxWx4 RGBA), got shape {array.shape}")
    if array.shape[0] * array.shape[1] > max_pixels:  # before any copy is made
        raise InvalidInputError(f"image is {array.shape[1]}x{array.shape[0]} pixels; the limit is "
                                f"{max_pixels / 1e6:g} megapixels")
    if array.shape[0] == 0 or array.shape[1] == 0:
        raise InvalidInputError("image array has no pixels")
    if array.ndim == 2:
        return np.repeat(array[:, :, None], 3, axis=2)
    return np.ascontiguousarray(array[:, :, :3])


def to_grey(rgb: np.ndarray) -> np.ndarray:
    """ITU-R 601 luma, as OpenCV and Pillow compute it; in strips of rows, so the float64
    temporaries stay near 8 MB instead of 24 bytes a pixel."""
    grey = np.empty(rgb.shape[:2], np.uint8)
    rows = max(1, 1_000_000 // max(1, rgb.shape[1]))
    for top in range(0, rgb.shape[0], rows):
        part = rgb[top: top + rows]
        grey[top: top + rows] = (part[..., 0] * 0.299 + part[..., 1] * 0.587 + part[..., 2] * 0.114).round()
    return grey
