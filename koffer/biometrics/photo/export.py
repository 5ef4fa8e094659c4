"""The two copies of a passed photo: register JPEG (1244x1600, sRGB) and production JPEG 2000.

PAuswV/PassV and TR-03121: live capture 1244x1600 px, never enlarged; the register copy is
24-bit sRGB JPEG, the copy for the document producer 622x800 JPEG 2000.
"""

from __future__ import annotations

import io

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageCms

from koffer.biometrics.photo.checks import PhotoReport
from koffer.biometrics.photo.geometry import PHOTO_HEIGHT, PHOTO_WIDTH
from koffer.domain.errors import ValidationError

BgrImage = NDArray[np.uint8]
PRODUCTION_SIZE = (622, 800)


def crop_photo(image: BgrImage, report: PhotoReport) -> BgrImage:
    """Cut the report's crop out of ``image`` and scale it down to 1244x1600.

    Raises:
        ValidationError: No face was found, or the crop would have to be enlarged.
    """
    crop = report.crop
    if crop is None:
        raise ValidationError("photo", "photo.error.no_face")
    if crop.h < PHOTO_HEIGHT - 0.5:
        raise ValidationError("photo", "photo.error.would_upscale")
    # Resample the exact (sub-pixel) rectangle so the geometry the checks judged is kept.
    factor = PHOTO_HEIGHT / crop.h
    matrix = np.array([[factor, 0, -crop.x * factor], [0, factor, -crop.y * factor]], np.float64)
    if factor < 0.8:
        x0, y0 = int(crop.x), int(crop.y)
        x1 = min(image.shape[1], int(np.ceil(crop.x + crop.w)) + 1)
        y1 = min(image.shape[0], int(np.ceil(crop.y + crop.h)) + 1)
        region = cv2.resize(image[y0:y1, x0:x1], None, fx=factor, fy=factor,
                            interpolation=cv2.INTER_AREA)  # fmt: skip
        matrix = np.array(
            [[1, 0, -(crop.x - x0) * factor], [0, 1, -(crop.y - y0) * factor]], np.float64
        )
        source = region
    else:
        source = image
    photo = cv2.warpAffine(source, matrix, (PHOTO_WIDTH, PHOTO_HEIGHT), flags=cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_REPLICATE)  # fmt: skip
    return np.asarray(photo, np.uint8)


def _pillow(photo: BgrImage) -> Image.Image:
    if photo.ndim != 3 or photo.shape[2] != 3 or photo.dtype != np.uint8:
        raise ValidationError("photo", "photo.error.not_colour")
    return Image.fromarray(np.ascontiguousarray(photo[:, :, ::-1]), "RGB")


def register_jpeg(photo: BgrImage, quality: int = 92) -> bytes:
    """Encode the register copy: 24-bit JPEG with an embedded sRGB profile."""
    if photo.shape[:2] != (PHOTO_HEIGHT, PHOTO_WIDTH):
        raise ValidationError("photo", "photo.error.wrong_size")
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    _pillow(photo).save(out, "JPEG", quality=quality, icc_profile=icc, subsampling=0)
    return out.getvalue()


def production_jpeg2000(photo: BgrImage, compression_ratio: float = 20.0) -> bytes:
    """Encode the production copy: 622x800 JPEG 2000 (JP2 container)."""
    picture = _pillow(photo).resize(PRODUCTION_SIZE, Image.Resampling.LANCZOS)
    out = io.BytesIO()
    picture.save(out, "JPEG2000", quality_mode="rates", quality_layers=[compression_ratio],
                 irreversible=True)  # fmt: skip
    return out.getvalue()
