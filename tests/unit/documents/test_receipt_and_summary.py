"""Golden tests: the receipt and the ID-card summary state what they must, and the QR code
on each page decodes to the town's status lookup for the case."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import cv2
from pypdf import PdfReader

from koffer.devices.camera.sim import SimCamera
from koffer.documents import id_card_summary, page, receipt
from koffer.domain.fees import FeeBreakdown, LineItem
from koffer.domain.person import Address, Person
from tests.conftest import require_real

LETTERHEAD = page.Letterhead("Bürgerbüro Musterstadt", "Stadt Musterstadt")
STATUS = "https://musterstadt.example/status"
REFERENCE = "K-2026-AAAA-BBBB"
FEE = FeeBreakdown((LineItem("fee.id_card", 4600), LineItem("fee.authority_photo", 600)))
# A name with a combining sequence (DIN 91379: C + combining breve has no precomposed
# letter) must come out of the PDF exactly as it went in.
PERSON = Person(
    "Zoë Łucja",
    "C\u0306avuşoğlu-Müller",
    date(1941, 3, 2),
    Address("Lindenstraße", "12a", "45127", "Essen"),
)


def _receipt() -> bytes:
    return receipt.render(
        receipt.Receipt(REFERENCE, "Personalausweis", FEE, date(2026, 11, 21),
                        "girocard **** 4711", "SIM00001", 17, "123456", "Musterstadt",
                        page.status_link(STATUS, REFERENCE)),
        LETTERHEAD,
    )  # fmt: skip


def _photo() -> bytes:
    camera = SimCamera()
    camera.open()
    ok, jpeg = cv2.imencode(".jpg", camera.capture().image)
    camera.close()
    assert ok
    return jpeg.tobytes()


def _summary(**details: object) -> bytes:
    base: dict[str, object] = {
        "document": "id_card", "height_cm": 168, "eye_colour": "grün", "eid_on": True,
        "applicant": "holder",
    }  # fmt: skip
    return id_card_summary.render(
        id_card_summary.IdCardSummary(
            PERSON, REFERENCE, base | details, FEE, "Musterstadt", date(2026, 11, 21),
            photo_jpeg=_photo(), left_out=["step.skip.medical_exemption"],
            status_link=page.status_link(STATUS, REFERENCE),
        ),
        LETTERHEAD,
    )  # fmt: skip


def _text(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def _qr(pdf: bytes, tmp_path: Path) -> str:
    if shutil.which("pdftoppm") is None:
        require_real("pdftoppm (poppler-utils)")
    (tmp_path / "doc.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-singlefile", "doc.pdf", "doc"],
        cwd=tmp_path, check=True, timeout=60,
    )  # fmt: skip
    image = cv2.imread(str(tmp_path / "doc.png"))
    text, _points, _code = cv2.QRCodeDetector().detectAndDecode(image)
    return str(text)


def test_receipt_itemises_the_fee_and_names_the_payment(tmp_path: Path) -> None:
    pdf = _receipt()
    text = _text(pdf)
    expected = ["Quittung", "Personalausweis (ab 24 Jahren)", "46,00 EUR", "6,00 EUR",
                "52,00 EUR", "girocard **** 4711", "123456", REFERENCE, "21.11.2026"]  # fmt: skip
    assert [e for e in expected if e not in text] == []
    assert _qr(pdf, tmp_path) == f"{STATUS}?ref={REFERENCE}"


def test_summary_shows_the_recorded_data_the_photo_and_what_is_left_out(tmp_path: Path) -> None:
    pdf = _summary()
    text = _text(pdf)
    for expected in ("Antrag auf einen Personalausweis", "Zoë Łucja", "168 cm", "grün",
                     "eingeschaltet", "Lindenstraße 12a, 45127 Essen", "52,00 EUR",
                     "Entfällt: Fingerabdrücke aus medizinischen Gründen"):  # fmt: skip
        assert expected in text, expected
    images = PdfReader(io.BytesIO(pdf)).pages[0].images
    assert len(images) == 1  # the photo
    assert _qr(pdf, tmp_path) == f"{STATUS}?ref={REFERENCE}"


def test_a_name_with_a_combining_sequence_extracts_exactly(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        require_real("pdftotext (poppler-utils)")
    (tmp_path / "s.pdf").write_bytes(_summary())
    out = subprocess.run(["pdftotext", "s.pdf", "-"], cwd=tmp_path, capture_output=True,
                         text=True, check=True, timeout=60).stdout  # fmt: skip
    assert "C\u0306avuşoğlu-Müller" in out


def test_a_witness_signs_when_the_holder_cannot() -> None:
    text = _text(_summary(cannot_sign=True, witness="Pfleger Jan Kaya"))
    assert "Unterschrift Zeugin/Zeuge (Pfleger Jan Kaya)" in text


def test_without_a_status_page_the_code_holds_the_reference() -> None:
    assert page.status_link("", REFERENCE) == f"KOFFER:{REFERENCE}"
    assert (
        page.status_link("https://x.example/s?lang=de", "K-1")
        == "https://x.example/s?lang=de&ref=K-1"
    )
