"""Turning untrusted input (files from a camera, a cloud photographer, a USB stick) into images.

Dimensions are read from the header before anything is decoded, so a 20000x20000 file or a
decompression bomb is refused without allocating it; every decoding failure becomes a
:class:`ValidationError` with a message key, never a crash.
"""

from __future__ import annotations

import io
import warnings

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageCms, UnidentifiedImageError

from koffer.domain.errors import ValidationError

MIN_SIDE = 64
"""Below this nothing can be judged (a thumbnail, a 1x1 tracking pixel)."""
MAX_PIXELS = 40_000_000
"""Above this the file is not from a portrait camera; refusing it bounds memory and time."""


def validate_image(image: object) -> None:
    """Refuse anything that is not an 8-bit BGR image of sensible size.

    Raises:
        ValidationError: ``photo.error.not_an_image``, ``photo.error.not_colour``,
            ``photo.error.too_small`` or ``photo.error.too_large``.
    """
    if not isinstance(image, np.ndarray) or image.dtype != np.uint8:
        raise ValidationError("photo", "photo.error.not_an_image")
    if image.ndim == 2 or (image.ndim == 3 and image.shape[2] == 1):
        raise ValidationError("photo", "photo.error.not_colour")
    if image.ndim != 3 or image.shape[2] != 3:
        raise ValidationError("photo", "photo.error.not_an_image")
    height, width = image.shape[:2]
    _check_size(width, height)


def _check_size(width: int, height: int) -> None:
    if min(width, height) < MIN_SIDE:
        raise ValidationError("photo", "photo.error.too_small", width=width, height=height)
    if width * height > MAX_PIXELS:
        raise ValidationError("photo", "photo.error.too_large", width=width, height=height)


def load_photo(data: bytes) -> NDArray[np.uint8]:
    """Decode a photo file into a BGR array in sRGB.

    CMYK and palette images are converted; an embedded colour profile other than sRGB is
    converted to sRGB. Greyscale is refused: the register copy must be 24-bit colour.

    Raises:
        ValidationError: Not an image, damaged/truncated, greyscale, too small or too large.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            picture = Image.open(io.BytesIO(data))
            _check_size(*picture.size)
            picture.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ValidationError("photo", "photo.error.too_large") from exc
    except UnidentifiedImageError as exc:
        raise ValidationError("photo", "photo.error.not_an_image") from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ValidationError("photo", "photo.error.damaged") from exc
    if picture.mode in {"1", "L", "LA", "I", "I;16", "F"}:
        raise ValidationError("photo", "photo.error.not_colour")
    converted = _to_srgb(picture)
    rgb = np.asarray(converted.convert("RGB"), np.uint8)
    return np.ascontiguousarray(rgb[:, :, ::-1])


def _to_srgb(picture: Image.Image) -> Image.Image:
    profile = picture.info.get("icc_profile")
    if not profile or picture.mode not in {"RGB", "CMYK"}:
        return picture
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        if "srgb" in ImageCms.getProfileDescription(source).lower().replace(" ", ""):
            return picture
        srgb = ImageCms.createProfile("sRGB")
        converted = ImageCms.profileToProfile(picture, source, srgb, outputMode="RGB")
    except (ImageCms.PyCMSError, OSError):
        return picture  # an unreadable profile: keep the pixels as they are
    return converted if converted is not None else picture
