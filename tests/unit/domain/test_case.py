from datetime import UTC, datetime

import pytest

from koffer.domain.case import Case, CaseState, ServiceKind, can_move, new_reference
from koffer.domain.errors import InvalidTransition


def _case(state: CaseState) -> Case:
    return Case(
        "id",
        "K-2026-AAAA-AAAA",
        ServiceKind.REGISTRATION_CERTIFICATE,
        state,
        "p",
        datetime(2026, 11, 21, tzinfo=UTC).replace(tzinfo=None),  # naive UTC, as stored
    )


def test_states_only_move_forward() -> None:
    assert can_move(CaseState.DRAFT, CaseState.PAID)
    assert can_move(CaseState.PAID, CaseState.QUEUED)
    assert not can_move(CaseState.QUEUED, CaseState.DRAFT)
    assert not can_move(CaseState.QUEUED, CaseState.QUEUED)


def test_any_open_case_can_be_rejected_but_terminal_states_are_final() -> None:
    assert can_move(CaseState.DELIVERED, CaseState.REJECTED)
    assert not can_move(CaseState.DONE, CaseState.REJECTED)
    assert not can_move(CaseState.REJECTED, CaseState.DONE)


def test_invalid_transition_names_both_states() -> None:
    with pytest.raises(InvalidTransition) as caught:
        _case(CaseState.QUEUED).moved_to(CaseState.DRAFT)
    assert caught.value.params["current"] == "queued"
    assert caught.value.params["target"] == "draft"


def test_with_details_merges_and_keeps_the_original() -> None:
    case = _case(CaseState.DRAFT).with_details(a=1)
    updated = case.with_details(b=2)
    assert updated.details == {"a": 1, "b": 2}
    assert case.details == {"a": 1}


def test_references_are_unambiguous_when_read_aloud() -> None:
    references = {new_reference(2026) for _ in range(200)}
    assert len(references) == 200
    for reference in references:
        assert reference.startswith("K-2026-")
        assert not set(reference[7:].replace("-", "")) & set("O0I1B8S5Z2")
