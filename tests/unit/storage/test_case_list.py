"""The case list: names decrypted once per session, search by name or reference."""

from __future__ import annotations

import unicodedata
from datetime import date

from sqlalchemy import text

from koffer.domain.person import Address, Person
from koffer.settings import MunicipalSettings
from koffer.storage import repository
from koffer.storage.store import KitStore
from koffer.workflows.registration_certificate import RegistrationCertificateService
from tests.conftest import CLERK, PASSPHRASE


def _open(store: KitStore, given: str, surname: str) -> str:
    person = Person(given, surname, date(1950, 5, 5), Address("Weg", "1", "12345", "Ort"))
    service = RegistrationCertificateService(store, MunicipalSettings())
    return service.open_case(person, date(2026, 11, 21)).reference


def test_search_finds_names_in_any_case_and_normal_form(store: KitStore) -> None:
    _open(store, "Zoë", "Ñúñez-Müller")
    other = _open(store, "Hans", "Schmidt")
    with store.unit_of_work() as uow:
        assert [c.citizen for c in uow.cases("MÜLLER")] == ["Zoë Ñúñez-Müller"]
        nfd = unicodedata.normalize("NFD", "zoë")
        assert [c.citizen for c in uow.cases(nfd)] == ["Zoë Ñúñez-Müller"]
        assert [c.reference for c in uow.cases(other[-4:].lower())] == [other]
        assert len(uow.cases()) == 2
        assert uow.cases("nobody") == []


def test_names_are_forgotten_when_the_store_locks(store: KitStore) -> None:
    _open(store, "Zoë", "Ñúñez-Müller")
    with store.unit_of_work() as uow:
        uow.cases()
    assert store._names  # decrypted while unlocked
    store.lock()
    assert store._names == {}
    store.unlock(CLERK, PASSPHRASE)
    with store.unit_of_work() as uow:
        assert uow.cases()[0].citizen == "Zoë Ñúñez-Müller"


def test_addresses_are_rows_of_their_own_and_person_reads_the_latest_main(
    store: KitStore, citizen: Person
) -> None:
    moved = Address("Am Markt", "3", "45127", "Essen")
    with store.unit_of_work() as uow:
        person_id = uow.add_person(citizen)
        uow.add_address(person_id, moved, "main")
        uow.add_address(person_id, citizen.address, "secondary")
    with store.unit_of_work() as uow:
        assert uow.person(person_id).address == moved
        assert [kind for kind, _ in uow.addresses(person_id)] == ["main", "main", "secondary"]
        sealed = uow.session.execute(text("SELECT sealed FROM address")).scalars().all()
    assert all(b"Markt" not in blob and b"45127" not in blob for blob in sealed)


def test_the_first_list_after_unlock_and_a_later_one_name_every_citizen(
    store: KitStore,
) -> None:
    _open(store, "Zoë", "Ñúñez-Müller")
    store.lock()
    store.unlock(CLERK, PASSPHRASE)
    with store.unit_of_work() as uow:  # no names known: they come with the cases
        assert [c.citizen for c in uow.cases()] == ["Zoë Ñúñez-Müller"]
    _open(store, "Hans", "Schmidt")
    with store.unit_of_work() as uow:  # one name known, the new one read by id
        assert sorted(c.citizen for c in uow.cases()) == ["Hans Schmidt", "Zoë Ñúñez-Müller"]


def test_the_case_list_reads_its_covering_index_and_never_sorts(store: KitStore) -> None:
    _open(store, "Zoë", "Ñúñez-Müller")
    with store.unit_of_work() as uow:
        for query in (repository._CASE_LIST, repository._CASE_LIST_NAMED):
            plan = " ".join(
                row[3] for row in uow.session.execute(text("EXPLAIN QUERY PLAN " + query))
            )
            assert "COVERING INDEX ix_case_list" in plan
            assert "TEMP B-TREE" not in plan
