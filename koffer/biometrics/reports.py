"""Reports of the biometric checks for testers.

What ``koffer photo check`` and ``koffer fingerprint quality`` print, as JSON.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np

from koffer.biometrics.fingerprint_quality import FingerprintQuality, fingerprint_quality
from koffer.biometrics.photo.checks import PhotoCheckOptions, PhotoReport, check_photo
from koffer.biometrics.photo.inputs import load_photo
from koffer.domain.errors import ValidationError
from koffer.domain.messages import translate

MAX_FILE_BYTES = 64 * 1024 * 1024


def photo_report(data: bytes, *, child_under_10: bool = False) -> PhotoReport:
    """Check a photo file's bytes (any format Pillow reads).

    Raises:
        ValidationError: Not an image, damaged, greyscale, too small or too large.
    """
    return check_photo(load_photo(data), PhotoCheckOptions(child_under_10=child_under_10))


def photo_json(report: PhotoReport, language: str = "de") -> dict[str, Any]:
    """``passed``, the ``checks`` (name, passed, value, limit, reason) and the face box."""
    box = None
    if report.head is not None:
        head = report.head
        box = {
            "x": round(head.centre_x - head.width / 2),
            "y": round(head.crown_y),
            "width": round(head.width),
            "height": round(head.chin_y - head.crown_y),
        }
    return {
        "passed": report.passed,
        "faces": report.faces,
        "size": {"width": report.size[0], "height": report.size[1]},
        "face_box": box,
        "checks": [
            {
                "name": c.name,
                "passed": c.passed,
                "value": c.value,
                "limit": {"low": c.low, "high": c.high},
                "reason": translate(c.reason, language, **c.params),
                "reason_key": c.reason,
            }
            for c in report.checks
        ],
    }


def fingerprint_report(data: bytes, dpi: int = 500) -> FingerprintQuality:
    """Score a fingerprint image file (8-bit grey, or colour converted to grey).

    Raises:
        ValidationError: When the bytes are not an image.
    """
    if len(data) > MAX_FILE_BYTES:
        raise ValidationError("image", "error.validation", detail="file too large")
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    if image is None:
        raise ValidationError("image", "error.validation", detail="not an image")
    return fingerprint_quality(np.asarray(image, np.uint8), dpi)


def fingerprint_json(quality: FingerprintQuality, language: str = "de") -> dict[str, Any]:
    """The score, whether it could be computed, the features and the reason."""
    return {
        "score": quality.score,
        "computed": quality.computed,
        "features": dict(quality.features),
        "reason": translate(quality.reason, language) if quality.reason else "",
        "reason_key": quality.reason,
    }
