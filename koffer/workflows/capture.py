"""Capture steps: a device takes it, the biometric checks judge it, the engine records it.

Each function runs one step of a case on the engine (:class:`~koffer.workflows.engine.CaseFlow`):

- :func:`take_photo`: a still from the camera, the ICAO/TR-03121 checks, the 1244x1600 crop,
  the sRGB register JPEG and the 622x800 JPEG 2000. A photo that fails a check is recorded
  only when the clerk overrules (the failed checks go into the step and the audit log); a
  photo that cannot be overruled (no face, would need enlarging) is refused.
- :func:`take_fingerprints`: the TR-03121 capture sequence on the sensor (3 attempts, best
  kept, replacement fingers, duplicate warning), the prints as WSQ.
- :func:`take_signature`: the pad's strokes as the 900x132 JPEG.

A device fault or a refused capture raises before anything is recorded: the case stays as
it was and the clerk can try again.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from koffer.biometrics import signature
from koffer.biometrics.fingerprint_capture import capture_fingerprints
from koffer.biometrics.fingerprint_encoding import encode_for_transmission
from koffer.biometrics.photo.checks import PhotoCheckOptions, check_photo
from koffer.biometrics.photo.export import crop_photo, production_jpeg2000, register_jpeg
from koffer.devices.camera.interface import Camera
from koffer.devices.errors import DeviceUnavailable
from koffer.devices.fingerprint.interface import Finger, FingerprintSensor
from koffer.devices.signature_pad.interface import SignaturePad
from koffer.domain import age_rules
from koffer.domain.case import Case
from koffer.domain.errors import ValidationError
from koffer.domain.person import Person
from koffer.workflows.engine import Attachment, CaseFlow


class _SensorLost(Exception):
    """Carries DeviceUnavailable past the capture sequence, which retries device errors."""

    def __init__(self, error: DeviceUnavailable) -> None:
        super().__init__(str(error))
        self.error = error


UNOVERRULABLE = frozenset({"face_found", "single_face", "resolution"})


def take_photo(flow: CaseFlow, case_id: str, camera: Camera, *, overrule: bool = False) -> Case:
    """Take, check and record the photo step.

    Raises:
        ValidationError: ``error.photo_failed`` naming the failed checks when they are not
            overruled (or cannot be); nothing is recorded then.
        DeviceError: When the camera fails.
    """
    case, person = _case_and_person(flow, case_id)
    under_10 = age_rules.age_on(person.birth_date, flow.today()) < 10
    still = camera.capture().image
    report = check_photo(still, PhotoCheckOptions(child_under_10=under_10))
    failed = sorted(report.failed_names)
    if failed and (not overrule or UNOVERRULABLE & set(failed)):
        raise ValidationError("photo", "error.photo_failed", detail=", ".join(failed))
    photo = crop_photo(still, report)
    data = {
        "passed": report.passed,
        "overruled": failed,  # the checks the clerk overruled, recorded with the step
        "checks": {c.name: c.value for c in report.checks},
    }
    case = flow.record(
        case_id,
        "photo",
        data,
        [
            Attachment("photo", "image/jpeg", register_jpeg(photo)),
            Attachment("photo_production", "image/jp2", production_jpeg2000(photo)),
        ],
    )
    if failed:
        with flow.store.unit_of_work() as uow:
            uow.audit("photo.overruled", case_id)
    return case


def take_fingerprints(
    flow: CaseFlow,
    case_id: str,
    sensor: FingerprintSensor,
    *,
    overrule_duplicate: bool = False,
) -> Case:
    """Run the capture sequence on the sensor and record the two prints.

    Raises:
        ValidationError: ``error.fingerprints_incomplete`` when a hand has no usable print,
            ``error.fingerprints_duplicate`` when the two look alike and the clerk has not
            confirmed they differ.
        DeviceUnavailable: When the sensor was unplugged during the sequence.
    """
    case, person = _case_and_person(flow, case_id)
    age = age_rules.age_on(person.birth_date, flow.today())

    def take(code: str) -> NDArray[np.uint8]:
        try:
            return sensor.capture(Finger(code)).image
        except DeviceUnavailable as exc:  # not a poor print: stop the whole sequence
            raise _SensorLost(exc) from exc

    try:
        result = capture_fingerprints(
            take,
            age,
            permanent_medical_exemption=bool(case.details.get("medical_fingerprint_exemption")),
        )
    except _SensorLost as lost:
        raise lost.error from lost
    if result.duplicate_suspected and overrule_duplicate:
        result = result.overrule_duplicate()
    if not result.complete:
        raise ValidationError("fingerprints", "error.fingerprints_incomplete",
                              detail=", ".join(result.reasons))  # fmt: skip
    if not result.accepted:
        raise ValidationError("fingerprints", "error.fingerprints_duplicate")
    attachments = []
    for hand in result.hands:
        assert hand.image is not None  # noqa: S101 - complete() guarantees it
        media_type, encoded = encode_for_transmission(hand.image)
        attachments.append(Attachment(f"fingerprint_{hand.hand}", media_type, encoded))
    data = {
        "fingers": {str(h.hand): h.finger for h in result.hands},
        "scores": {str(h.hand): h.score for h in result.hands},
        "attempts": {str(h.hand): h.attempts for h in result.hands},
        "warnings": list(result.warnings),
    }
    return flow.record(case_id, "fingerprints", data, attachments)


def take_signature(flow: CaseFlow, case_id: str, pad: SignaturePad) -> Case:
    """Take the signature on the pad and record it as the 900x132 JPEG.

    Raises:
        ValidationError: ``error.signature_empty`` when nothing was signed.
    """
    signed = pad.capture()
    strokes = [[(p.x, p.y, p.pressure) for p in stroke] for stroke in signed.strokes]
    image = signature.from_strokes(strokes, signed.width, signed.height)
    return flow.record(case_id, "signature", {}, [Attachment("signature", "image/jpeg", image)])


def _case_and_person(flow: CaseFlow, case_id: str) -> tuple[Case, Person]:
    with flow.store.unit_of_work() as uow:
        case = uow.case(case_id)
        return case, uow.person(case.person_id)
