"""The services of the kit as data for the workflow engine."""

from __future__ import annotations

from koffer.domain.case import ServiceKind
from koffer.domain.fees import MunicipalFees
from koffer.workflows.engine import Service
from koffer.workflows.services import id_card


def all_services(municipal: MunicipalFees | None = None) -> dict[ServiceKind, Service]:
    """Every service the engine runs, with the town's fee policy."""
    return {ServiceKind.ID_CARD: id_card.service(municipal or MunicipalFees())}
