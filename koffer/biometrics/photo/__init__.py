"""Passport-photo checks, crop and export, live guidance and a liveness challenge.

Pure functions and small state machines on numpy images (BGR, 8-bit); no camera objects.
"""

from koffer.biometrics.photo.checks import (
    CheckResult,
    PhotoChecker,
    PhotoCheckOptions,
    PhotoLimits,
    PhotoOverrule,
    PhotoReport,
    check_photo,
    overrule,
)
from koffer.biometrics.photo.export import crop_photo, production_jpeg2000, register_jpeg
from koffer.biometrics.photo.guidance import CaptureTrigger, Guidance, LiveGuide, TriggerState
from koffer.biometrics.photo.inputs import load_photo
from koffer.biometrics.photo.liveness import Gesture, LivenessChallenge, LivenessState

__all__ = [
    "CaptureTrigger",
    "CheckResult",
    "Gesture",
    "Guidance",
    "LiveGuide",
    "LivenessChallenge",
    "LivenessState",
    "PhotoCheckOptions",
    "PhotoChecker",
    "PhotoLimits",
    "PhotoOverrule",
    "PhotoReport",
    "TriggerState",
    "check_photo",
    "crop_photo",
    "load_photo",
    "overrule",
    "production_jpeg2000",
    "register_jpeg",
]
