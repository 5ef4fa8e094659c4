"""Rendering one document: the ID-card application summary, against bare ReportLab.

The figure: ``id_card_summary.render`` with the embedded DejaVu font, the photo and the QR
code (median of ``REPETITIONS``). The baseline, measured in the same run: a bare ReportLab
canvas drawing the same lines in a standard PDF font, no image, no QR code. Target (services
issue): one document in at most 100 ms.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from datetime import date

import cv2
import numpy as np
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from koffer.documents import id_card_summary, page
from koffer.domain.fees import FeeBreakdown, LineItem
from koffer.domain.person import Address, Person

REPETITIONS = 20
PERSON = Person(
    "Zoë Łucja", "Ñúñez-Müller", date(1941, 3, 2), Address("Lindenstraße", "12a", "45127", "Essen")
)
FEE = FeeBreakdown((LineItem("fee.id_card", 4600), LineItem("fee.authority_photo", 600)))
DETAILS: dict[str, object] = {"document": "id_card", "height_cm": 168, "eye_colour": "grün",
                              "eid_on": True, "applicant": "holder"}  # fmt: skip


def _summary(photo: bytes) -> bytes:
    return id_card_summary.render(
        id_card_summary.IdCardSummary(
            PERSON, "K-2026-AAAA-BBBB", DETAILS, FEE, "Essen", date(2026, 11, 21),
            photo_jpeg=photo, status_link="https://essen.example/status?ref=K-2026-AAAA-BBBB",
        ),
        page.Letterhead("Bürgerbüro Essen", "Stadt Essen"),
    )  # fmt: skip


def _bare() -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    y = 780.0
    for line in ("Antrag auf einen Personalausweis", PERSON.surname, PERSON.given_names,
                 "02.03.1941", PERSON.address.one_line(), "52,00 EUR"):  # fmt: skip
        canvas.drawString(70, y, line)
        y -= 20
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _median_ms(action: object) -> float:
    times = []
    for _ in range(REPETITIONS):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def run() -> list[tuple[str, str, float, str, float, str]]:
    photo = cv2.imencode(".jpg", np.full((1600, 1244, 3), 200, np.uint8))[1].tobytes()
    _summary(photo)  # font registration happens once per process
    return [
        (
            "documents: ID-card summary",
            "summary, font+photo+QR",
            _median_ms(lambda: _summary(photo)),
            "bare ReportLab page",
            _median_ms(_bare),
            "ms",
        )
    ]


if __name__ == "__main__":
    (row,) = run()
    print(f"{row[0]}: {row[2]:.1f} ms ({row[1]}) vs {row[4]:.1f} ms ({row[3]}); target <= 100 ms "
          + ("met" if row[2] <= 100 else "NOT met"))  # fmt: skip
    sys.exit(0)
