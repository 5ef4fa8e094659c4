"""Shared helpers for workflow tests."""

from datetime import date

from koffer.domain.person import Address, Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.workflows.registration_certificate import RegistrationCertificateService


def new_case(store: KitStore) -> str:
    """Open a registration-certificate case for a fixed citizen and return its id."""
    person = Person(
        "Erika", "Mustermann", date(1964, 8, 12), Address("Heidestraße", "17", "51147", "Köln")
    )
    service = RegistrationCertificateService(store, MunicipalSettings())
    return service.open_case(person, date(2026, 11, 21)).case_id
