"""Pre-filled forms: what the kit already knows about a person, minus what is blocked.

A form for a new case starts from the person's record (names, date of birth, address...).
While the person has an information block (BMG §51), the blocked data is left blank and the
citizen states it afresh; a blank field looks the same whether or not a block exists
(rule 10).
"""

from __future__ import annotations

from datetime import date

from koffer.domain import information_block
from koffer.domain.person import Person


def prefilled_form(person: Person, on: date) -> dict[str, str]:
    """The form values for ``person`` on ``on``: every known field the rules allow."""
    address = person.address
    values = {
        "given_names": person.given_names,
        "surname": person.surname,
        "doctoral_degree": person.doctoral_degree,
        "birth_date": person.birth_date.isoformat(),
        "birth_place": person.birth_place,
        "street": address.street,
        "house_number": address.house_number,
        "postcode": address.postcode,
        "city": address.city,
    }
    return information_block.prefill(values, person.information_block, on)
