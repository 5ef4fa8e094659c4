"""Golden tests: parking permit, good-conduct request confirmation, address sticker and the
extended registration certificate state what they must; QR codes decode to the status page."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import cv2
from pypdf import PdfReader

from koffer.documents import (
    address_sticker,
    conduct_confirmation,
    page,
    parking_permit,
    registration_certificate,
)
from koffer.domain.person import Address, Person
from tests.conftest import require_real

LETTERHEAD = page.Letterhead("Bürgerbüro Musterstadt", "Stadt Musterstadt")
STATUS = "https://musterstadt.example/status"
REFERENCE = "K-2026-AAAA-BBBB"
DAY = date(2026, 11, 21)
PERSON = Person("Zoë Łucja", "C\u0306avuşoğlu-Müller", date(1990, 3, 2),
                Address("Lindenstraße", "12a", "45127", "Essen"), birth_place="Łódź")  # fmt: skip


def _text(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def _poppler(pdf: bytes, tmp_path: Path) -> tuple[str, str]:
    """The text pdftotext extracts and the QR code on the page rendered by pdftoppm."""
    if shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None:
        require_real("pdftoppm and pdftotext (poppler-utils)")
    (tmp_path / "doc.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", "doc.pdf", "doc"],
                   cwd=tmp_path, check=True, timeout=60)  # fmt: skip
    text = subprocess.run(["pdftotext", "doc.pdf", "-"], cwd=tmp_path, capture_output=True,
                          text=True, check=True, timeout=60).stdout  # fmt: skip
    image = cv2.imread(str(tmp_path / "doc.png"))
    qr, _points, _code = cv2.QRCodeDetector().detectAndDecode(image)
    return " ".join(text.split()), str(qr)  # a wrapped value reads as one


def _permit() -> bytes:
    return parking_permit.render(
        parking_permit.ParkingPermit("A", "Altstadt", "E-AB 1234", DAY, date(2027, 11, 20),
                                     REFERENCE, "Musterstadt", DAY,
                                     page.status_link(STATUS, REFERENCE)),
        LETTERHEAD,
    )  # fmt: skip


def test_parking_permit_names_zone_plate_and_period(tmp_path: Path) -> None:
    text, qr = _poppler(_permit(), tmp_path)
    for expected in ("Bewohnerparkausweis", "E-AB 1234", "Zone A – Altstadt", "Gültig vom",
                     "21.11.2026", "20.11.2027", REFERENCE, "Windschutzscheibe"):  # fmt: skip
        assert expected in text, expected
    assert qr == f"{STATUS}?ref={REFERENCE}"


def _conduct(kind: str = "OE", **extra: object) -> bytes:
    values: dict[str, object] = {
        "purpose": "Tätigkeit in der Kinder- und Jugendhilfe",
        "recipient_authority": "Stadt Musterstadt, Jugendamt, Rathausplatz 1, 12345 Musterstadt",
        "inspection_court": "", "european": False,
    } | extra  # fmt: skip
    return conduct_confirmation.render(
        conduct_confirmation.ConductConfirmation(
            PERSON, kind, str(values["purpose"]), str(values["recipient_authority"]),
            str(values["inspection_court"]), bool(values["european"]), 1300, REFERENCE,
            "Musterstadt", DAY, page.status_link(STATUS, REFERENCE)),
        LETTERHEAD,
    )  # fmt: skip


def test_conduct_confirmation_states_belegart_reference_and_fee(tmp_path: Path) -> None:
    text, qr = _poppler(_conduct(), tmp_path)
    for expected in ("Antrag auf ein Führungszeugnis", "C\u0306avuşoğlu-Müller", "02.03.1990",
                     "OE – erweitertes Führungszeugnis zur Vorlage bei einer Behörde",
                     "Kinder- und Jugendhilfe", "Jugendamt, Rathausplatz 1", "13,00 EUR",
                     REFERENCE, "Bundesamt für Justiz"):  # fmt: skip
        assert expected in text, expected
    assert qr == f"{STATUS}?ref={REFERENCE}"
    court = " ".join(
        _text(_conduct("P", recipient_authority="", inspection_court="Steele")).split()
    )
    assert "an das Amtsgericht Steele" in court
    private = " ".join(_text(_conduct("N", recipient_authority="", european=True)).split())
    assert "N – Führungszeugnis für private Zwecke (Europäisches" in private


def test_address_sticker_fits_its_label() -> None:
    pdf = address_sticker.render(["LINDENALLEE 3A", "53111 BONN"])
    reader = PdfReader(io.BytesIO(pdf))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (176, 82)  # 62 x 29 mm
    lines = [line for line in reader.pages[0].extract_text().split("\n") if line]
    assert lines == ["LINDENALLEE 3A", "53111 BONN"]
    long_street = address_sticker.render(["STRASSE DES 17. JUNI 135 HINTERHAUS", "10623 BERLIN"])
    assert "HINTERHAUS" in PdfReader(io.BytesIO(long_street)).pages[0].extract_text()


def test_extended_certificate_with_secondary_residence(tmp_path: Path) -> None:
    pdf = registration_certificate.render(
        registration_certificate.RegistrationCertificate(
            PERSON, REFERENCE, DAY, "Musterstadt", 900, page.status_link(STATUS, REFERENCE),
            extended=True, extra_rows=(("Geburtsort", "Łódź"), ("Staatsangehörigkeit", "deutsch")),
            secondary_addresses=(Address("Am Deich", "2", "25980", "Sylt"),),
        ),
        LETTERHEAD,
    )  # fmt: skip
    text, qr = _poppler(pdf, tmp_path)
    expected_texts = ("erweiterte Meldebescheinigung nach § 18 Absatz 2", "Łódź", "deutsch",
                      "C\u0306avuşoğlu-Müller", "Anschrift (Nebenwohnung)",
                      "Am Deich 2, 25980 Sylt")  # fmt: skip
    for expected in expected_texts:
        assert expected in text, expected
    assert qr == f"{STATUS}?ref={REFERENCE}"
