"""The "what happens next" sheet for a case, in the citizen's language."""

from __future__ import annotations

from koffer.documents import next_steps, page
from koffer.domain.errors import ValidationError
from koffer.settings import MunicipalSettings
from koffer.workflows.engine import CaseFlow

LANGUAGES = next_steps.LANGUAGES


def next_steps_pdf(
    flow: CaseFlow, case_id: str, municipality: MunicipalSettings, language: str = "de"
) -> bytes:
    """Render the sheet for the case's service in ``language`` (de, en, tr, uk, ru, ar).

    It names the service, the case reference and what follows, and no personal data, so it
    suits every case, a person with an information block included.

    Raises:
        ValidationError: ``error.validation`` for a language the kit has no sheet in.
    """
    if language not in LANGUAGES:
        raise ValidationError("language", "error.validation", detail=language)
    with flow.store.unit_of_work() as uow:
        case = uow.case(case_id)
    return next_steps.render(
        next_steps.NextStepsSheet(
            str(case.service),
            language,
            case.reference,
            flow.today(),
            page.status_link(municipality.status_url, case.reference),
        ),
        page.Letterhead(municipality.office, f"Stadt {municipality.name}"),
    )
