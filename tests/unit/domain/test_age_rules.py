from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koffer.domain import age_rules
from koffer.domain.age_rules import (
    Applicant,
    ConductCertificateKind,
    ConductCertificateRequest,
    IdentityDocument,
)
from koffer.domain.errors import ValidationError


def test_age_increments_on_the_birthday() -> None:
    born = date(2002, 3, 5)
    assert age_rules.age_on(born, date(2026, 3, 4)) == 23
    assert age_rules.age_on(born, date(2026, 3, 5)) == 24
    assert age_rules.age_on(born, born) == 0


def test_born_on_29_february_is_a_year_older_from_1_march_in_common_years() -> None:
    born = date(2000, 2, 29)
    assert age_rules.age_on(born, date(2001, 2, 28)) == 0
    assert age_rules.age_on(born, date(2001, 3, 1)) == 1
    assert age_rules.age_on(born, date(2024, 2, 28)) == 23
    assert age_rules.age_on(born, date(2024, 2, 29)) == 24


def test_age_before_birth_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        age_rules.age_on(date(2020, 1, 2), date(2020, 1, 1))
    assert caught.value.message_key == "error.date_in_future"


@given(st.dates(max_value=date(2100, 1, 1)), st.integers(min_value=1, max_value=120))
def test_age_grows_by_one_on_each_birthday(born: date, years: int) -> None:
    try:
        birthday = born.replace(year=born.year + years)
    except ValueError:  # 29 February in a common year: one year older from 1 March
        birthday = date(born.year + years, 3, 1)
    assert age_rules.age_on(born, birthday) == years
    assert age_rules.age_on(born, birthday - timedelta(days=1)) == years - 1


# --- rule 2: validity -------------------------------------------------------------------


def test_rule_2_id_card_and_passport_valid_6_years_under_24_else_10() -> None:
    applied, issued = date(2026, 3, 4), date(2026, 3, 20)
    young = date(2002, 3, 5)  # 23 on the day of application, 24 when issued
    old = date(2002, 3, 4)  # 24 on the day of application
    for document in (IdentityDocument.ID_CARD, IdentityDocument.PASSPORT):
        assert age_rules.validity_end(document, young, applied, issued) == date(2032, 3, 20)
        assert age_rules.validity_end(document, old, applied, issued) == date(2036, 3, 20)


def test_rule_2_temporary_and_replacement_documents_have_short_maxima() -> None:
    born, applied, issued = date(1960, 1, 1), date(2026, 5, 31), date(2026, 5, 31)
    end = age_rules.validity_end
    assert end(IdentityDocument.TEMPORARY_ID_CARD, born, applied, issued) == date(2026, 8, 31)
    assert end(IdentityDocument.REPLACEMENT_ID_CARD, born, applied, issued) == date(2029, 5, 31)
    assert end(IdentityDocument.TEMPORARY_PASSPORT, born, applied, issued) == date(2027, 5, 31)


def test_rule_2_temporary_id_card_longer_than_3_months_is_refused() -> None:
    born, issued = date(1960, 1, 1), date(2026, 11, 30)
    ok = age_rules.check_validity(
        IdentityDocument.TEMPORARY_ID_CARD, born, issued, issued, date(2027, 2, 28)
    )
    assert ok == date(2027, 2, 28)
    with pytest.raises(ValidationError) as caught:
        age_rules.check_validity(
            IdentityDocument.TEMPORARY_ID_CARD, born, issued, issued, date(2027, 3, 1)
        )
    assert caught.value.message_key == "error.validity_too_long"
    assert caught.value.params["limit"] == "2027-02-28"


def test_rule_2_temporary_passport_longer_than_a_year_is_refused() -> None:
    born, issued = date(1990, 6, 1), date(2026, 6, 1)
    with pytest.raises(ValidationError):
        age_rules.check_validity(
            IdentityDocument.TEMPORARY_PASSPORT, born, issued, issued, date(2027, 6, 2)
        )


def test_validity_ending_before_issue_is_refused() -> None:
    issued = date(2026, 6, 1)
    with pytest.raises(ValidationError):
        age_rules.check_validity(
            IdentityDocument.ID_CARD, date(1990, 1, 1), issued, issued, date(2026, 5, 1)
        )


def test_validity_from_29_february_ends_on_28_february() -> None:
    issued = date(2028, 2, 29)
    end = age_rules.validity_end(IdentityDocument.ID_CARD, date(1950, 1, 1), issued, issued)
    assert end == date(2038, 2, 28)


# --- rule 3: age limits -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "fingerprints", "signature", "eid_on", "custodian_applies"),
    [
        (0, False, False, False, True),
        (5, False, False, False, True),
        (6, True, False, False, True),
        (9, True, False, False, True),
        (10, True, True, False, True),
        (15, True, True, False, True),
        (16, True, True, True, False),
        (80, True, True, True, False),
    ],
)
def test_rule_3_biometrics_eid_and_applicant_by_age(
    age: int, fingerprints: bool, signature: bool, eid_on: bool, custodian_applies: bool
) -> None:
    applied = date(2026, 6, 15)
    born = date(2026 - age, 6, 15)  # birthday today: exactly ``age``
    needs = age_rules.requirements(born, applied)
    assert needs.age == age
    assert needs.fingerprints is fingerprints
    assert needs.signature is signature
    assert needs.eid_on is eid_on
    assert needs.custodian_applies is custodian_applies


def test_rule_3_no_fingerprints_the_day_before_the_6th_birthday() -> None:
    needs = age_rules.requirements(date(2020, 6, 15), date(2026, 6, 14))
    assert needs.age == 5
    assert not needs.fingerprints


def test_rule_3_only_custodians_apply_under_16() -> None:
    born, applied = date(2011, 1, 1), date(2026, 12, 31)  # 15
    assert age_rules.check_applicant(born, applied, Applicant.CUSTODIAN) is Applicant.CUSTODIAN
    for applicant in (Applicant.HOLDER, Applicant.PROXY, Applicant.AUTHORISED_REPRESENTATIVE):
        with pytest.raises(ValidationError) as caught:
            age_rules.check_applicant(born, applied, applicant)
        assert caught.value.message_key == "error.custodian_required"


def test_from_16_the_holder_applies_and_representatives_only_for_those_unable_to_act() -> None:
    born, applied = date(1930, 1, 1), date(2026, 6, 1)
    assert age_rules.check_applicant(born, applied, Applicant.HOLDER) is Applicant.HOLDER
    poa = Applicant.AUTHORISED_REPRESENTATIVE
    assert age_rules.check_applicant(born, applied, poa, holder_unable_to_act=True) is poa
    with pytest.raises(ValidationError) as caught:
        age_rules.check_applicant(born, applied, poa)
    assert caught.value.message_key == "error.no_proxy"
    with pytest.raises(ValidationError):
        age_rules.check_applicant(born, applied, Applicant.PROXY, holder_unable_to_act=True)


# --- rule 8: registration deadlines -----------------------------------------------------


def test_rule_8_anmeldung_deadline_is_move_in_plus_14_days() -> None:
    assert age_rules.registration_deadline(date(2026, 3, 2)) == date(2026, 3, 16)
    assert age_rules.registration_deadline(date(2026, 12, 25)) == date(2027, 1, 8)


def test_rule_8_abmeldung_not_earlier_than_one_week_before_leaving() -> None:
    leaving = date(2026, 7, 15)
    age_rules.check_deregistration(leaving, date(2026, 7, 8), new_domestic_dwelling=False)
    age_rules.check_deregistration(leaving, date(2026, 7, 20), new_domestic_dwelling=False)
    with pytest.raises(ValidationError) as caught:
        age_rules.check_deregistration(leaving, date(2026, 7, 7), new_domestic_dwelling=False)
    assert caught.value.message_key == "error.deregistration_too_early"
    assert caught.value.params["earliest"] == "2026-07-08"


def test_rule_8_abmeldung_only_without_a_new_domestic_dwelling() -> None:
    with pytest.raises(ValidationError) as caught:
        age_rules.check_deregistration(
            date(2026, 7, 15), date(2026, 7, 15), new_domestic_dwelling=True
        )
    assert caught.value.message_key == "error.deregistration_new_dwelling"


def test_abmeldung_deadline_is_two_weeks_after_leaving() -> None:
    assert age_rules.deregistration_deadline(date(2026, 7, 15)) == date(2026, 7, 29)


# --- rule 11: Führungszeugnis -----------------------------------------------------------


def _request(**changes: object) -> ConductCertificateRequest:
    values: dict[str, object] = {
        "kind": ConductCertificateKind.N,
        "birth_date": date(1990, 1, 1),
        "applied_on": date(2026, 6, 1),
    }
    values.update(changes)
    return ConductCertificateRequest(**values)  # type: ignore[arg-type]


def test_rule_11_applicant_must_be_14() -> None:
    assert age_rules.check_conduct_request(_request(birth_date=date(2012, 6, 1)))
    with pytest.raises(ValidationError) as caught:
        age_rules.check_conduct_request(_request(birth_date=date(2012, 6, 2)))
    assert caught.value.message_key == "error.too_young"
    assert caught.value.params["minimum"] == 14


def test_rule_11_no_proxy_but_a_legal_representative() -> None:
    age_rules.check_conduct_request(_request(applicant=Applicant.LEGAL_GUARDIAN))
    for applicant in (Applicant.PROXY, Applicant.AUTHORISED_REPRESENTATIVE):
        with pytest.raises(ValidationError) as caught:
            age_rules.check_conduct_request(_request(applicant=applicant))
        assert caught.value.message_key == "error.no_proxy"


@pytest.mark.parametrize("kind", [ConductCertificateKind.NE, ConductCertificateKind.OE])
def test_rule_11_extended_certificates_need_the_written_request(
    kind: ConductCertificateKind,
) -> None:
    with pytest.raises(ValidationError) as caught:
        age_rules.check_conduct_request(_request(kind=kind, recipient_authority="Jugendamt X"))
    assert caught.value.message_key == "error.conduct_written_request_missing"
    age_rules.check_conduct_request(
        _request(kind=kind, written_request_seen=True, recipient_authority="Jugendamt X")
    )


@pytest.mark.parametrize("kind", [ConductCertificateKind.O, ConductCertificateKind.OE])
def test_rule_11_certificates_for_an_authority_need_its_address(
    kind: ConductCertificateKind,
) -> None:
    with pytest.raises(ValidationError) as caught:
        age_rules.check_conduct_request(
            _request(kind=kind, written_request_seen=True, recipient_authority="  ")
        )
    assert caught.value.message_key == "error.conduct_recipient_missing"


def test_rule_11_private_kinds_need_no_recipient_and_p_needs_a_court() -> None:
    age_rules.check_conduct_request(_request(kind=ConductCertificateKind.N))
    with pytest.raises(ValidationError) as caught:
        age_rules.check_conduct_request(_request(kind=ConductCertificateKind.P))
    assert caught.value.field == "inspection_court"
    age_rules.check_conduct_request(
        _request(kind=ConductCertificateKind.P, inspection_court="Amtsgericht Musterstadt")
    )
