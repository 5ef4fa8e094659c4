"""The services of the kit as data for the workflow engine."""

from __future__ import annotations

from koffer.domain.case import ServiceKind
from koffer.domain.fees import MunicipalFees
from koffer.workflows.engine import Service
from koffer.workflows.services import (
    certification,
    conduct,
    id_card,
    life_certificate,
    passport,
    residence,
)


def all_services(municipal: MunicipalFees | None = None) -> dict[ServiceKind, Service]:
    """Every service the engine runs, with the town's fee policy."""
    fees = municipal or MunicipalFees()
    services = [
        id_card.service(fees),
        passport.service(fees),
        residence.registration(),
        residence.deregistration(),
        conduct.service(),
        certification.service(fees),
        life_certificate.service(fees.life_certificate_cents),
    ]
    return {service.kind: service for service in services}
