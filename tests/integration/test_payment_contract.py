"""One contract for every payment backend: the in-process simulator, and the ZVT backend
talking over TCP on 127.0.0.1 to our ZVT terminal simulator (always runs, nothing skipped).
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from koffer.devices.errors import (
    DeviceError,
    DeviceTimeout,
    DeviceUnavailable,
    PaymentCancelled,
    PaymentDeclined,
    PaymentJournalUnavailable,
)
from koffer.devices.payment import zvt_protocol as zvt
from koffer.devices.payment.interface import PaymentRequest, PaymentTerminal
from koffer.devices.payment.sim import SimPaymentTerminal
from koffer.devices.payment.zvt import ZvtPaymentTerminal
from koffer.devices.payment.zvt_sim import ZvtTerminalSimulator
from koffer.domain.messages import describe
from koffer.domain.person import Person
from koffer.settings import MunicipalSettings
from koffer.storage.store import KitStore
from koffer.workflows.registration_certificate import RegistrationCertificateService

TIMEOUT_S = 0.3


@dataclass
class Backend:
    terminal: PaymentTerminal
    decline: Callable[[int], None]
    hang: Callable[[], None]
    cancel: Callable[[], None]
    lose_answer: Callable[[], None]
    unplug: Callable[[], None]
    plug_in: Callable[[], None]
    charges: Callable[[], int]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _sim() -> Iterator[Backend]:
    terminal = SimPaymentTerminal()
    terminal.timeout_s = TIMEOUT_S

    def hang() -> None:
        terminal.hang_next = True

    def cancel() -> None:
        terminal.cancel_next = True

    def lose() -> None:
        terminal.lose_answer = True

    yield Backend(
        terminal,
        terminal.decline,
        hang,
        cancel,
        lose,
        terminal.unplug,
        terminal.plug_in,
        lambda: terminal.charges,
    )


def _zvt_backend(port: int, **options: object) -> ZvtPaymentTerminal:
    return ZvtPaymentTerminal(
        "127.0.0.1",
        port,
        password="123456",
        connect_timeout_s=1.0,
        ack_timeout_s=1.0,
        payment_timeout_s=TIMEOUT_S,
        **options,  # type: ignore[arg-type]
    )


def _zvt() -> Iterator[Backend]:
    with ZvtTerminalSimulator(password="123456") as simulator:
        terminal = _zvt_backend(simulator.port)
        dead_port = _free_port()

        def hang() -> None:
            simulator.hang_next = True

        def cancel() -> None:
            simulator.cancel_next = True

        def lose() -> None:
            simulator.drop_after_approval_next = True

        def unplug() -> None:
            terminal.port = dead_port

        def plug_in() -> None:
            terminal.port = simulator.port

        yield Backend(
            terminal,
            simulator.decline,
            hang,
            cancel,
            lose,
            unplug,
            plug_in,
            lambda: simulator.charges,
        )


@pytest.fixture(params=["sim", "zvt"])
def backend(request: pytest.FixtureRequest) -> Iterator[Backend]:
    yield from {"sim": _sim, "zvt": _zvt}[request.param]()


def test_approval_reports_amount_trace_and_receipt_fields(backend: Backend) -> None:
    before = datetime.now().astimezone()
    first = backend.terminal.pay(PaymentRequest(900, "K-2026-AAAA-AAAA"))
    second = backend.terminal.pay(PaymentRequest(1250, "K-2026-BBBB-BBBB"))

    assert (first.amount_cents, first.currency) == (900, "EUR")
    assert second.amount_cents == 1250
    assert re.fullmatch(r"\d{6}", first.authorisation_code)
    assert re.fullmatch(r"girocard \*\*\*\* \d{4}", first.card)
    assert first.terminal_id
    assert 0 < first.trace_number < second.trace_number
    assert (first.receipt_number, second.receipt_number) == (1, 2)
    assert first.booked_at is not None
    assert abs(first.booked_at - before) < timedelta(minutes=1)
    assert backend.charges() == 2


def test_decline_is_reported_with_its_reason(backend: Backend) -> None:
    backend.decline(zvt.RESULT_DECLINED)
    with pytest.raises(PaymentDeclined) as caught:
        backend.terminal.pay(PaymentRequest(900, "K-1"))
    error = caught.value
    assert not isinstance(error, PaymentCancelled)
    assert error.params["reason"] == "payment.result.declined"
    assert error.params["result_code"] == 0x05
    assert describe(error, "en") == "The payment was declined: card declined."
    assert describe(error, "de") == "Die Zahlung wurde abgelehnt: Karte abgelehnt."

    backend.decline(zvt.RESULT_CARD_NOT_READABLE)
    with pytest.raises(PaymentDeclined) as caught:
        backend.terminal.pay(PaymentRequest(900, "K-1"))
    assert caught.value.params["result_code"] == 0x64
    assert describe(caught.value, "de") == "Die Zahlung wurde abgelehnt: Karte nicht lesbar."
    assert backend.charges() == 0


def test_a_terminal_that_does_not_answer_times_out(backend: Backend) -> None:
    backend.hang()
    with pytest.raises(DeviceTimeout) as caught:
        backend.terminal.pay(PaymentRequest(900, "K-1"))
    assert caught.value.params["device"] == "payment"
    assert caught.value.params["seconds"] == TIMEOUT_S
    assert caught.value.params["reason"] == f"no answer from the terminal within {TIMEOUT_S:g} s"
    assert describe(caught.value, "en").startswith("No answer in time: card terminal.")
    assert backend.charges() == 0

    approval = backend.terminal.pay(PaymentRequest(900, "K-2"))  # the terminal is back
    assert approval.amount_cents == 900


def test_customer_cancel_is_a_cancelled_payment(backend: Backend) -> None:
    backend.cancel()
    with pytest.raises(PaymentCancelled) as caught:
        backend.terminal.pay(PaymentRequest(900, "K-1"))
    assert isinstance(caught.value, PaymentDeclined)
    assert caught.value.params["result_code"] == 0x6C
    assert caught.value.params["reason"] == "payment.result.aborted"
    assert describe(caught.value, "de").startswith(
        "Die Zahlung wurde am Kartenterminal abgebrochen"
    )
    assert backend.charges() == 0
    assert backend.terminal.approved("K-1") is None


def test_a_lost_answer_is_found_by_reference_and_not_charged_twice(backend: Backend) -> None:
    backend.terminal.pay(PaymentRequest(500, "K-EARLIER"))
    backend.lose_answer()
    with pytest.raises(DeviceUnavailable) as caught:
        backend.terminal.pay(PaymentRequest(900, "K-LOST"))
    assert caught.value.params["reason"].startswith("connection lost")
    assert backend.charges() == 2

    found = backend.terminal.approved("K-LOST")

    assert found is not None
    assert found.amount_cents == 900
    assert found.receipt_number == 2
    assert backend.terminal.approved("K-LOST") == found
    assert backend.terminal.approved("K-EARLIER") is not None
    assert backend.terminal.approved("K-NEVER-PAID") is None
    assert backend.charges() == 2


def test_an_attempt_that_never_reached_the_terminal_is_not_found(backend: Backend) -> None:
    backend.unplug()
    with pytest.raises(DeviceUnavailable):
        backend.terminal.pay(PaymentRequest(900, "K-1"))
    assert backend.terminal.info().state == "unavailable"
    backend.plug_in()

    assert backend.terminal.approved("K-1") is None
    backend.terminal.pay(PaymentRequest(900, "K-1"))
    assert backend.charges() == 1


def test_reversal_takes_a_payment_back_once(backend: Backend) -> None:
    approval = backend.terminal.pay(PaymentRequest(900, "K-1"))

    reversal = backend.terminal.reverse(approval.receipt_number)

    assert (reversal.amount_cents, reversal.receipt_number) == (900, approval.receipt_number)
    assert reversal.trace_number > approval.trace_number
    assert backend.terminal.approved("K-1") is None
    with pytest.raises(PaymentDeclined) as again:
        backend.terminal.reverse(approval.receipt_number)
    assert again.value.params["result_code"] == zvt.RESULT_ALREADY_REVERSED
    assert describe(again.value, "en") == "The payment was declined: payment already reversed."
    with pytest.raises(PaymentDeclined) as unknown:
        backend.terminal.reverse(99)
    assert unknown.value.params["result_code"] == zvt.RESULT_REVERSAL_NOT_POSSIBLE


def test_end_of_day_totals_leave_out_reversed_payments(backend: Backend) -> None:
    first = backend.terminal.pay(PaymentRequest(900, "K-1"))
    backend.terminal.pay(PaymentRequest(1200, "K-2"))
    backend.terminal.pay(PaymentRequest(350, "K-3"))
    backend.terminal.reverse(first.receipt_number)

    totals = backend.terminal.end_of_day()

    assert (totals.count, totals.amount_cents) == (2, 1550)
    assert (totals.first_receipt, totals.last_receipt) == (1, 3)
    assert backend.terminal.pay(PaymentRequest(100, "K-4")).receipt_number == 1
    empty = backend.terminal.end_of_day()
    assert (empty.count, empty.amount_cents) == (1, 100)


def test_terminal_reports_ready(backend: Backend) -> None:
    info = backend.terminal.info()
    assert info.state == "ready"
    assert info.kind == "payment"


def test_the_fee_workflow_charges_once_across_a_lost_answer(
    backend: Backend, store: KitStore, citizen: Person
) -> None:
    service = RegistrationCertificateService(store, MunicipalSettings())
    opened = service.open_case(citizen, date(2026, 11, 21))
    backend.lose_answer()
    with pytest.raises(DeviceUnavailable):
        service.collect_fee(opened.case_id, backend.terminal)

    service.collect_fee(opened.case_id, backend.terminal)  # the clerk retries

    assert backend.charges() == 1
    with store.unit_of_work() as uow:
        (paid,) = uow.payments(opened.case_id)
    assert paid["amount_cents"] == service.fee_cents


# --- ZVT only: the bytes, and the approximations documented in koffer.devices.payment.zvt


@pytest.fixture
def simulator() -> Iterator[ZvtTerminalSimulator]:
    with ZvtTerminalSimulator(password="123456") as running:
        yield running


def test_zvt_backend_sends_the_specified_bytes(simulator: ZvtTerminalSimulator) -> None:
    _zvt_backend(simulator.port, config=0xBA).pay(PaymentRequest(900, "K-1"))
    deadline = time.monotonic() + 2
    while len(simulator.received) < 9 and time.monotonic() < deadline:
        time.sleep(0.01)  # the last acknowledgement may still be on its way
    received = [apdu.encode().hex(" ").upper() for apdu in simulator.received]
    assert received[0] == "06 00 06 12 34 56 BA 09 78"  # registration
    assert received[1] == "80 00 00"  # completion acknowledged
    assert received[2] == "06 01 0A 04 00 00 00 00 09 00 49 09 78"  # authorisation
    # two intermediate statuses, the status information, one text block, the completion
    assert received[3:] == ["80 00 00"] * 5


def test_zvt_receipt_arrives_as_lines_or_as_a_text_block(simulator: ZvtTerminalSimulator) -> None:
    lines = _zvt_backend(simulator.port).pay(PaymentRequest(900, "K-1")).receipt
    block = _zvt_backend(simulator.port, config=0xBA).pay(PaymentRequest(900, "K-2")).receipt
    assert lines[0] == block[0] == "Zahlung girocard"
    assert "Betrag EUR 9,00" in lines
    assert "Betrag EUR 9,00" in block


def test_zvt_wrong_password_is_refused(simulator: ZvtTerminalSimulator) -> None:
    terminal = ZvtPaymentTerminal("127.0.0.1", simulator.port, password="000000")
    with pytest.raises(DeviceError) as caught:
        terminal.pay(PaymentRequest(900, "K-1"))
    assert caught.value.params["result_code"] == 0x83
    assert simulator.charges == 0
    assert terminal.info().state == "unavailable"


def test_zvt_connection_refused_is_unavailable() -> None:
    terminal = _zvt_backend(_free_port())
    with pytest.raises(DeviceUnavailable) as caught:
        terminal.pay(PaymentRequest(900, "K-1"))
    assert caught.value.params["reason"].startswith("cannot connect to 127.0.0.1:")


def test_zvt_lost_answer_is_found_after_a_restart_with_an_attempts_file(
    simulator: ZvtTerminalSimulator, tmp_path: Path
) -> None:
    attempts = tmp_path / "zvt-attempts.json"
    _zvt_backend(simulator.port, attempts_file=attempts).pay(PaymentRequest(500, "K-OTHER"))
    simulator.drop_after_approval_next = True
    with pytest.raises(DeviceUnavailable):
        _zvt_backend(simulator.port, attempts_file=attempts).pay(PaymentRequest(900, "K-1"))

    restarted = _zvt_backend(simulator.port, attempts_file=attempts)  # Koffer crashed

    found = restarted.approved("K-1")
    assert found is not None
    assert found.amount_cents == 900
    assert found.card == "girocard **** " + simulator.journal[1].card_number[-4:]
    # paid before the crash, recorded nowhere else: answered from the notes
    other = restarted.approved("K-OTHER")
    assert other is not None
    assert (other.amount_cents, other.trace_number, other.card) == (500, 1, "girocard")
    assert simulator.charges == 2
    assert "K-1" not in attempts.read_text(encoding="utf-8")  # booking texts are hashed


def test_zvt_lookup_checks_amount_and_time(simulator: ZvtTerminalSimulator) -> None:
    terminal = _zvt_backend(simulator.port)
    simulator.drop_after_approval_next = True
    with pytest.raises(DeviceUnavailable):
        terminal.pay(PaymentRequest(900, "K-1"))

    later = _zvt_backend(
        simulator.port, clock=lambda: datetime.now().astimezone() + timedelta(hours=1)
    )
    assert later.approved("K-1") is None  # no notes, booking too old: not taken
    other = _zvt_backend(simulator.port)
    other.pay(PaymentRequest(700, "K-2"))
    simulator.drop_after_approval_next = True
    with pytest.raises(DeviceUnavailable):
        other.pay(PaymentRequest(800, "K-3"))
    # the last transaction is 8.00, not 9.00, and it hides whatever came before
    with pytest.raises(PaymentJournalUnavailable) as caught:
        terminal.approved("K-1")
    assert "trace 3" in caught.value.params["reason"]
    found = other.approved("K-3")
    assert found is not None
    assert found.amount_cents == 800


def test_zvt_an_attempt_older_than_the_last_transaction_was_not_charged(
    simulator: ZvtTerminalSimulator,
) -> None:
    terminal = _zvt_backend(simulator.port)
    terminal.pay(PaymentRequest(500, "K-1"))
    simulator.hang_next = True
    with pytest.raises(DeviceTimeout):
        terminal.pay(PaymentRequest(900, "K-2"))  # acknowledged, then nothing was booked
    assert terminal.approved("K-2") is None
    assert terminal.pay(PaymentRequest(900, "K-2")).amount_cents == 900


def test_zvt_lookup_without_journal_data_asks_the_clerk(simulator: ZvtTerminalSimulator) -> None:
    simulator.hang_next = True
    terminal = _zvt_backend(simulator.port)
    with pytest.raises(DeviceTimeout):
        terminal.pay(PaymentRequest(900, "K-1"))
    with pytest.raises(PaymentJournalUnavailable) as caught:
        terminal.approved("K-1")  # the terminal has no transaction to repeat
    assert caught.value.params["reason"] == "function not possible (ZVT 83)"
    assert "check the card terminal's last receipt" in describe(caught.value, "en")


# --- ZVT backend against scripted terminal bytes (what a real terminal may send) ------


class ScriptedTerminal:
    """Plays a byte script on 127.0.0.1: ``("expect", hex)``, ``("send", hex)``, ``("close",)``."""

    def __init__(self, script: list[tuple[str, ...]]) -> None:
        self.script = script
        self.errors: list[str] = []
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self._listener.getsockname()[1])
        self._thread = threading.Thread(target=self._play, daemon=True)
        self._thread.start()

    def _play(self) -> None:
        connection, _ = self._listener.accept()
        connection.settimeout(2)
        with connection:
            for step in self.script:
                if step[0] == "send":
                    connection.sendall(bytes.fromhex(step[1]))
                elif step[0] == "expect":
                    wanted = bytes.fromhex(step[1])
                    got = b""
                    while len(got) < len(wanted):
                        chunk = connection.recv(len(wanted) - len(got))
                        if not chunk:
                            break
                        got += chunk
                    if got != wanted:
                        self.errors.append(f"expected {wanted.hex(' ')}, got {got.hex(' ')}")
                        return
                else:
                    return

    def finish(self) -> list[str]:
        self._thread.join(timeout=2)
        self._listener.close()
        return self.errors


# Status-Information of an approved 9.00 EUR payment (fields as in PA00P015 3.1.1): result,
# amount, trace 42, time, date, masked card number, terminal id, authorisation code, EUR,
# receipt 7, card type, card name "girocard", payment type, VU number.
STATUS_APPROVED = (
    "04 0F 52 27 00 04 00 00 00 00 09 00 0B 00 00 42 0C 14 30 15 0D 11 21"
    " 22 F0 F8 67 25 59 EE EE EE 12 34 29 52 50 00 01 3B 31 32 33 34 35 36 00 00 49 09 78"
    " 87 00 07 8A 05 8B F0 F8 67 69 72 6F 63 61 72 64 19 40"
    " 2A 31 32 33 34 35 36 37 38 39 30 31 32 33 34 35"
)

LOG_ON = [
    ("expect", "06 00 06 12 34 56 3E 09 78"),
    ("send", "80 00 00"),
    ("send", "06 0F 0A 19 00 29 52 50 00 99 49 09 78"),
    ("expect", "80 00 00"),
]


def test_zvt_backend_parses_a_real_terminals_sequence() -> None:
    terminal = ScriptedTerminal(
        [
            *LOG_ON,
            ("expect", "06 01 0A 04 00 00 00 00 09 00 49 09 78"),
            ("send", "80 00 00"),
            ("send", "04 FF 02 0A 05"),  # insert card, 5 s
            ("expect", "80 00 00"),
            ("send", "06 E0 02 F1 41"),  # a display command this ECR does not implement
            ("expect", "84 83 00"),
            ("send", STATUS_APPROVED),
            ("expect", "80 00 00"),
            ("send", "06 D1 08 00 5A 61 68 6C 75 6E 67"),  # "Zahlung"
            ("expect", "80 00 00"),
            ("send", "06 D1 0A FF 44 61 6E 6B 65 20 20 20 20"),  # "Danke", padded
            ("expect", "80 00 00"),
            ("send", "06 0F 00"),
            ("expect", "80 00 00"),
        ]
    )
    backend = _zvt_backend(terminal.port)
    approval = backend.pay(PaymentRequest(900, "K-1"))
    assert terminal.finish() == []
    assert approval.amount_cents == 900
    assert approval.trace_number == 42
    assert approval.receipt_number == 7
    assert approval.authorisation_code == "123456"
    assert approval.card == "girocard **** 1234"
    assert approval.terminal_id == "52500001"
    assert approval.receipt == ("Zahlung", "Danke")
    assert backend.terminal_id == "52500099"


def test_zvt_approval_stands_when_only_the_completion_is_lost() -> None:
    terminal = ScriptedTerminal(
        [
            *LOG_ON,
            ("expect", "06 01 0A 04 00 00 00 00 09 00 49 09 78"),
            ("send", "80 00 00"),
            ("send", STATUS_APPROVED),
            ("expect", "80 00 00"),
            ("close",),
        ]
    )
    approval = _zvt_backend(terminal.port).pay(PaymentRequest(900, "K-1"))
    assert terminal.finish() == []
    assert approval.trace_number == 42


def test_zvt_decline_as_status_then_abort() -> None:
    terminal = ScriptedTerminal(
        [
            *LOG_ON,
            ("expect", "06 01 0A 04 00 00 00 00 09 00 49 09 78"),
            ("send", "80 00 00"),
            ("send", "04 0F 09 27 6E 04 00 00 00 00 09 00"),  # card on the blocked list
            ("expect", "80 00 00"),
            ("send", "06 1E 01 6E"),
            ("expect", "80 00 00"),
        ]
    )
    with pytest.raises(PaymentDeclined) as caught:
        _zvt_backend(terminal.port).pay(PaymentRequest(900, "K-1"))
    assert terminal.finish() == []
    assert caught.value.params["result_code"] == 0x6E
    assert caught.value.params["reason"] == "card on the blocked list (ZVT 6E)"


def test_zvt_garbage_is_a_protocol_error_not_a_crash() -> None:
    terminal = ScriptedTerminal(
        [
            *LOG_ON,
            ("expect", "06 01 0A 04 00 00 00 00 09 00 49 09 78"),
            ("send", "80 00 00"),
            ("send", "04 0F 03 04 00 09"),
        ]  # amount cut short
    )
    with pytest.raises(DeviceError) as caught:
        _zvt_backend(terminal.port).pay(PaymentRequest(900, "K-1"))
    terminal.finish()
    assert type(caught.value) is DeviceError
    assert caught.value.params["reason"].startswith("ZVT protocol error")
