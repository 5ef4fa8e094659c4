"""The services of the kit as data for the workflow engine."""

from __future__ import annotations

from koffer.domain.case import ServiceKind
from koffer.domain.fees import MunicipalFees
from koffer.workflows.engine import Service
from koffer.workflows.services import (
    certification,
    conduct,
    eid,
    id_card,
    information_block,
    life_certificate,
    parking_permit,
    passport,
    registration_certificate,
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
        eid.service(),
        registration_certificate.service(fees),
        parking_permit.service(fees),
        information_block.service(),
    ]
    return {service.kind: service for service in services}
