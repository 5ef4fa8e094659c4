import io
from datetime import date

from pypdf import PdfReader

from koffer.documents import page
from koffer.documents import registration_certificate as document
from koffer.domain.person import Person


def _render(citizen: Person) -> bytes:
    return document.render(
        document.RegistrationCertificate(
            citizen, "K-2026-AAAA-BBBB", date(2026, 11, 21), "Musterstadt", 900
        ),
        page.Letterhead("Bürgerbüro Musterstadt", "Stadt Musterstadt"),
    )


def test_certificate_states_the_registered_data(citizen: Person) -> None:
    reader = PdfReader(io.BytesIO(_render(citizen)))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in (
        "Meldebescheinigung",
        "§ 18 Absatz 1",
        "Ñúñez-Müller",
        "Zoë Łucja",
        "02.03.1941",
        "Lindenstraße 12a, 45127 Essen",
        "9,00 EUR",
        "K-2026-AAAA-BBBB",
        "21.11.2026",
    ):
        assert expected in text, expected


def test_certificate_embeds_a_font_covering_din_91379(citizen: Person) -> None:
    reader = PdfReader(io.BytesIO(_render(citizen)))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = {str(fonts[key].get_object()["/BaseFont"]) for key in fonts}
    assert any("DejaVuSans" in name for name in names)
    assert not any(name.endswith(("Helvetica", "Times-Roman")) for name in names)


def test_certificate_is_reproducible(citizen: Person) -> None:
    assert _render(citizen) == _render(citizen)
