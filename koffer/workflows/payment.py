"""The payment step of any service: a fee is charged once, even across crashes and retries.

Before the terminal is asked to charge, the case records the attempt (amount and booking
text) in its own transaction. When an attempt's answer was lost, the retry first asks the
terminal's journal whether that booking was approved, and records it instead of charging
again. A case that has a payment is never charged again.
"""

from __future__ import annotations

from dataclasses import replace

from koffer.devices.payment.interface import PaymentApproval, PaymentRequest, PaymentTerminal
from koffer.domain.case import CaseState, can_move
from koffer.storage.store import KitStore

PENDING = "payment_pending"


def collect(store: KitStore, case_id: str, amount_cents: int, terminal: PaymentTerminal) -> bool:
    """Charge ``amount_cents`` for a case unless it is paid already; True when charged now.

    The case moves to PAID. A device fault leaves the attempt recorded, so retrying is safe.
    """
    with store.unit_of_work() as uow:
        case = uow.case(case_id)
        if uow.payments(case_id) or amount_cents == 0:
            return False  # paid already, or nothing to pay: a later step moves the case on
        request = PaymentRequest(amount_cents, case.reference)
        earlier = case.details.get(PENDING)
        if earlier is None:
            uow.save_case(case.with_details(**{PENDING: amount_cents}))
            uow.audit("payment.started", case_id)
    approval = terminal.approved(request.reference) if earlier is not None else None
    charged = approval is None
    if approval is None:
        approval = terminal.pay(request)
    _record(store, case_id, approval)
    return charged


def _record(store: KitStore, case_id: str, approval: PaymentApproval) -> None:
    with store.unit_of_work() as uow:
        uow.add_payment(
            case_id,
            amount_cents=approval.amount_cents,
            currency=approval.currency,
            authorisation_code=approval.authorisation_code,
            terminal_id=approval.terminal_id,
            trace_number=approval.trace_number,
        )
        case = uow.case(case_id)
        details = {key: value for key, value in case.details.items() if key != PENDING}
        if can_move(case.state, CaseState.PAID):
            case = case.moved_to(CaseState.PAID)
        uow.save_case(replace(case, details=details))
