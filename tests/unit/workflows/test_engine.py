"""The workflow engine on the ID-card service: steps, skips, states, fees, resuming drafts."""

from __future__ import annotations

import io
from datetime import date

import cv2
import numpy as np
import pytest
from pypdf import PdfReader

from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.domain.case import CaseState, ServiceKind
from koffer.domain.errors import ValidationError
from koffer.domain.person import Address, Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.workflows import receipts
from koffer.workflows.engine import Attachment, CaseFlow, StepState
from koffer.workflows.services import all_services, id_card
from tests.conftest import CLERK, PASSPHRASE, TEST_KDF

TODAY = date(2026, 11, 21)
ADDRESS = Address("Lindenstraße", "12a", "45127", "Essen")
ADULT = Person("Zoë", "Ñúñez-Müller", date(1941, 3, 2), ADDRESS)
CHILD = Person("Ida", "Weber", date(2021, 5, 1), ADDRESS)  # 5 years old
PHOTO = Attachment("photo", "image/jpeg", b"\xff\xd8photo")
PHOTO_JPEG = Attachment(
    "photo", "image/jpeg", cv2.imencode(".jpg", np.full((160, 124, 3), 200, np.uint8))[1].tobytes()
)
PRINTS = (
    Attachment("fingerprint_left", "image/png", b"left"),
    Attachment("fingerprint_right", "image/png", b"right"),
)


@pytest.fixture
def flow(store: KitStore) -> CaseFlow:
    return CaseFlow(store, all_services(), today=lambda: TODAY)


def _states(flow: CaseFlow, case_id: str) -> dict[str, str]:
    return {p.step.name: f"{p.state}{':' + p.reason_key if p.reason_key else ''}"
            for p in flow.plan(case_id)}  # fmt: skip


def test_an_adult_id_card_goes_from_draft_to_queued_step_by_step(
    flow: CaseFlow, store: KitStore
) -> None:
    case = flow.open(ServiceKind.ID_CARD, ADULT, {"height_cm": 168, "eye_colour": "grün"})
    assert flow.next_step(case.id).name == "photo"  # type: ignore[union-attr]

    assert flow.record(case.id, "photo", {"overrule": []}, [PHOTO]).state is CaseState.DRAFT
    assert flow.record(case.id, "fingerprints", {}, PRINTS).state is CaseState.CAPTURED
    assert flow.record(case.id, "signature", {}, []).state is CaseState.SIGNED
    terminal = SimPaymentTerminal()
    assert flow.pay(case.id, terminal).state is CaseState.PAID
    flow.record(case.id, "summary", {"printed": True})
    flow.queue(case.id)

    with store.unit_of_work() as uow:
        stored = uow.case(case.id)
        (paid,) = uow.payments(case.id)
        kinds = sorted(kind for _id, kind, _media in uow.attachments(case.id))
        events = [e.event for e in uow.audit_events(case.id)]
    assert stored.state is CaseState.QUEUED
    assert paid["amount_cents"] == 4600 + 600  # rule 1: 46.00 EUR from 2026-02-07 + photo
    assert kinds == ["fingerprint_left", "fingerprint_right", "photo"]
    assert events[:4] == ["case.created", "step.photo", "step.fingerprints", "case.captured"]
    assert flow.next_step(case.id) is None


def test_rule_3_a_child_of_five_gives_no_prints_no_signature_and_needs_a_custodian(
    flow: CaseFlow,
) -> None:
    with pytest.raises(ValidationError) as refused:
        flow.open(ServiceKind.ID_CARD, CHILD, {})
    assert refused.value.message_key == "error.custodian_required"

    case = flow.open(
        ServiceKind.ID_CARD, CHILD, {"applicant": "custodian", "representative": "Eva Weber"}
    )
    assert _states(flow, case.id) == {
        "photo": "pending",
        "fingerprints": "skipped:step.skip.under_6",
        "signature": "skipped:step.skip.under_10",
        "payment": "pending",
        "summary": "pending",
    }
    assert case.details["eid_on"] is False  # rule 3: eID off under 16
    with pytest.raises(ValidationError) as skipped:
        flow.record(case.id, "fingerprints", {}, PRINTS)
    assert skipped.value.message_key == "step.skip.under_6"
    assert flow.record(case.id, "photo", {}, [PHOTO]).state is CaseState.SIGNED
    assert flow.fee(case.id).total_cents == 2760 + 600  # under 24


def test_rule_4_a_medical_exemption_skips_the_prints_and_cannot_sign_needs_a_witness(
    flow: CaseFlow,
) -> None:
    with pytest.raises(ValidationError) as refused:
        flow.open(ServiceKind.ID_CARD, ADULT, {"cannot_sign": True})
    assert refused.value.field == "witness"

    case = flow.open(
        ServiceKind.ID_CARD,
        ADULT,
        {"medical_fingerprint_exemption": True, "cannot_sign": True, "witness": "Pfleger Jan"},
    )
    states = _states(flow, case.id)
    assert states["fingerprints"] == "skipped:step.skip.medical_exemption"
    assert states["signature"] == "skipped:step.skip.cannot_sign"


def test_the_fee_is_taken_only_after_capture_and_signature(flow: CaseFlow) -> None:
    case = flow.open(ServiceKind.ID_CARD, ADULT, {})
    flow.record(case.id, "photo", {}, [PHOTO])
    terminal = SimPaymentTerminal()

    with pytest.raises(ValidationError) as early:
        flow.pay(case.id, terminal)

    assert early.value.detail == "fingerprints, signature"
    assert terminal.charges == 0
    with pytest.raises(ValidationError):
        flow.queue(case.id)


def test_a_draft_resumes_after_a_restart_and_a_retaken_photo_replaces_the_first(
    flow: CaseFlow, store: KitStore, tmp_path: object
) -> None:
    case = flow.open(ServiceKind.ID_CARD, ADULT, {})
    flow.record(case.id, "photo", {}, [PHOTO])
    flow.record(case.id, "photo", {"retaken": True}, [Attachment("photo", "image/jpeg", b"new")])
    store.close()

    reopened = KitStore(store.data_dir, TEST_KDF)
    reopened.unlock(CLERK, PASSPHRASE)
    resumed = CaseFlow(reopened, all_services(), today=lambda: TODAY)
    assert resumed.next_step(case.id).name == "fingerprints"  # type: ignore[union-attr]
    with reopened.unit_of_work() as uow:
        photos = [a for a in uow.attachments(case.id) if a[1] == "photo"]
        assert len(photos) == 1
        assert uow.attachment(photos[0][0]) == b"new"
        assert uow.case(case.id).details["steps"]["photo"]["data"] == {"retaken": True}
    reopened.close()


@pytest.mark.parametrize(
    ("details", "field"),
    [
        ({"applicant": "proxy", "representative": "Nachbar"}, "applicant"),
        ({"applicant": "legal_guardian", "representative": "Betreuerin"}, "applicant"),
        ({"height_cm": 20}, "height_cm"),
        ({"eye_colour": "x" * 20}, "eye_colour"),
        ({"document": "passport"}, "document"),
    ],
)
def test_bad_applications_are_refused_naming_the_field_and_nothing_is_stored(
    flow: CaseFlow, store: KitStore, details: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        flow.open(ServiceKind.ID_CARD, ADULT, details)
    assert refused.value.field == field
    with store.unit_of_work() as uow:
        assert uow.cases() == []


def test_a_guardian_applies_for_a_holder_who_cannot_act(flow: CaseFlow) -> None:
    case = flow.open(
        ServiceKind.ID_CARD,
        ADULT,
        {"applicant": "legal_guardian", "representative": "Betreuerin Kaya",
         "holder_unable_to_act": True},
    )  # fmt: skip
    assert case.details["applicant"] == "legal_guardian"
    assert _states(flow, case.id)["fingerprints"] == "pending"
    assert all(p.state is StepState.PENDING for p in flow.plan(case.id))


def test_the_summary_and_receipt_are_rendered_from_the_case(
    flow: CaseFlow, store: KitStore
) -> None:
    details = {"height_cm": 168, "eye_colour": "grün", "medical_fingerprint_exemption": True}
    case = flow.open(ServiceKind.ID_CARD, ADULT, details)
    flow.record(case.id, "photo", {}, [PHOTO_JPEG])
    flow.record(case.id, "signature", {}, [])
    flow.pay(case.id, SimPaymentTerminal())
    municipality = MunicipalSettings(name="Essen", status_url="https://essen.example/status")

    summary = PdfReader(io.BytesIO(id_card.summary_pdf(flow, case.id, municipality)))
    paid = PdfReader(io.BytesIO(receipts.receipt_pdf(store, case.id, flow.fee(case.id),
                                                     municipality)))  # fmt: skip

    text = summary.pages[0].extract_text()
    assert "Ñúñez-Müller" in text
    assert "Entfällt: Fingerabdrücke aus medizinischen Gründen" in text
    assert len(summary.pages[0].images) == 1
    receipt_text = paid.pages[0].extract_text()
    assert "52,00 EUR" in receipt_text
    assert case.reference in receipt_text
    with store.unit_of_work() as uow:
        assert "receipt_pdf" in [kind for _id, kind, _media in uow.attachments(case.id)]


def test_no_receipt_before_payment(flow: CaseFlow, store: KitStore) -> None:
    case = flow.open(ServiceKind.ID_CARD, ADULT, {})
    with pytest.raises(ValidationError) as error:
        receipts.receipt_pdf(store, case.id, flow.fee(case.id), MunicipalSettings())
    assert error.value.message_key == "error.not_paid"
