"""An ID-card case captured on the simulators: camera, fingerprint sensor, signature pad."""

from __future__ import annotations

from datetime import date

import cv2
import numpy as np
import pytest

from koffer.biometrics.fingerprint_encoding import decode_transmitted
from koffer.devices.camera.sim import SimCamera
from koffer.devices.errors import DeviceUnavailable
from koffer.devices.fingerprint.sim import SimFingerprintSensor
from koffer.devices.signature_pad.sim import SimSignaturePad
from koffer.domain.case import CaseState, ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.person import Address, Person
from koffer.storage.store import KitStore
from koffer.workflows import capture
from koffer.workflows.engine import CaseFlow
from koffer.workflows.services import all_services

TODAY = date(2026, 11, 21)
PERSON = Person("Zoë", "Łukasik", date(1944, 4, 4), Address("Am Markt", "1", "45127", "Essen"))


@pytest.fixture
def flow(store: KitStore) -> CaseFlow:
    return CaseFlow(store, all_services(), today=lambda: TODAY)


@pytest.fixture
def camera() -> SimCamera:
    device = SimCamera()
    device.open()
    return device


def _attachments(store: KitStore, case_id: str) -> dict[str, tuple[str, bytes]]:
    with store.unit_of_work() as uow:
        return {kind: (media, uow.attachment(aid)) for aid, kind, media in uow.attachments(case_id)}


def test_a_whole_id_card_capture_on_the_simulators(
    flow: CaseFlow, store: KitStore, camera: SimCamera
) -> None:
    case = flow.open(ServiceKind.ID_CARD, PERSON, {"height_cm": 165})
    sensor = SimFingerprintSensor()
    sensor.open()

    capture.take_photo(flow, case.id, camera)
    capture.take_fingerprints(flow, case.id, sensor)
    signed = capture.take_signature(flow, case.id, SimSignaturePad())

    assert signed.state is CaseState.SIGNED
    files = _attachments(store, case.id)
    photo = cv2.imdecode(np.frombuffer(files["photo"][1], np.uint8), cv2.IMREAD_COLOR)
    assert photo.shape == (1600, 1244, 3)
    assert files["photo_production"][0] == "image/jp2"
    for hand in ("right", "left"):
        media, data = files[f"fingerprint_{hand}"]
        assert decode_transmitted(media, data).ndim == 2
        if media == "image/x-wsq":
            assert len(data) <= 18_000  # TR-03121: WSQ at 0.75 bpp, at most 18 kB a print
    sig = cv2.imdecode(np.frombuffer(files["signature"][1], np.uint8), cv2.IMREAD_UNCHANGED)
    assert sig.shape == (132, 900)
    steps = signed.details["steps"]
    assert steps["fingerprints"]["data"]["fingers"] == {
        "right": "right_index",
        "left": "left_index",
    }
    assert steps["photo"]["data"]["passed"] is True


def test_rule_5_a_failed_photo_is_refused_unless_overruled_and_the_overrule_is_logged(
    flow: CaseFlow, store: KitStore, camera: SimCamera
) -> None:
    case = flow.open(ServiceKind.ID_CARD, PERSON, {})
    camera.subject.roll = 12.0  # a tilted head

    with pytest.raises(ValidationError) as refused:
        capture.take_photo(flow, case.id, camera)
    assert "roll" in refused.value.detail
    assert _attachments(store, case.id) == {}  # nothing recorded

    recorded = capture.take_photo(flow, case.id, camera, overrule=True)
    assert "roll" in recorded.details["steps"]["photo"]["data"]["overruled"]
    with store.unit_of_work() as uow:
        assert "photo.overruled" in [e.event for e in uow.audit_events(case.id)]


def test_a_photo_without_a_face_cannot_be_overruled(flow: CaseFlow, camera: SimCamera) -> None:
    case = flow.open(ServiceKind.ID_CARD, PERSON, {})
    camera.subject.offset_x = 2.0  # the citizen left the frame
    with pytest.raises(ValidationError) as refused:
        capture.take_photo(flow, case.id, camera, overrule=True)
    assert "face_found" in refused.value.detail


def test_an_unplugged_sensor_leaves_the_case_as_it_was(flow: CaseFlow, camera: SimCamera) -> None:
    case = flow.open(ServiceKind.ID_CARD, PERSON, {})
    capture.take_photo(flow, case.id, camera)
    sensor = SimFingerprintSensor()
    sensor.unplug()

    with pytest.raises(DeviceUnavailable):
        capture.take_fingerprints(flow, case.id, sensor)

    assert flow.next_step(case.id).name == "fingerprints"  # type: ignore[union-attr]
    sensor.plug_in()
    sensor.open()
    assert capture.take_fingerprints(flow, case.id, sensor).state is CaseState.CAPTURED
