"""Card payment over ZVT: the German ECR-terminal protocol, over TCP (port 20007).

What is real ZVT (PA00P015, see ``zvt_protocol``): each operation opens a connection, logs
on with Registration (``06 00``: password, config byte, currency) and runs one command:
Authorisation (``06 01``: amount BMP 04, currency BMP 49), Reversal (``06 30``: receipt
number BMP 87), End-of-Day (``06 50``) or Repeat Receipt (``06 20``). Every APDU the
terminal sends is acknowledged with ``80 00 00``: Intermediate Status (``04 FF``),
Status-Information (``04 0F``: result code 27, amount 04, trace 0B, time 0C, date 0D,
terminal id 29, authorisation code 3B, masked card number 22, receipt number 87, card type
8A, card name 8B, totals 60), Print Line (``06 D1``) and Print Text-Block (``06 D3``),
Completion (``06 0F``) and Abort (``06 1E`` with a result code). Unknown commands from the
terminal are refused with ``84 83 00``. A result code other than 00 is a decline
(``PaymentDeclined``; 6C, abort by the customer or the terminal's own timeout, is
``PaymentCancelled``); no answer in time is ``DeviceTimeout``; connection refused or lost
is ``DeviceUnavailable``. An approval counts once its Status-Information arrived (it is
acknowledged at once), even if the connection drops before the Completion.

What is our approximation: ZVT has no lookup of a payment by the ECR's booking text, so
``approved(reference)`` combines the backend's own notes with the terminal's last
transaction. The notes (in memory and, when ``attempts_file`` is set, in a small JSON file
that survives a crash of Koffer; booking texts hashed) say per reference: attempt started
(amount, the last trace number known before it), command acknowledged by the terminal,
settled as paid (trace number, receipt fields but not the card number) or as not charged
(declined, cancelled, refused, never acknowledged). A settled reference is answered from
the notes. For an acknowledged attempt whose answer was lost, the backend asks the
terminal for its last transaction with Repeat Receipt (``06 20``) and takes it when it is
approved, of the noted amount, newer than the noted trace number, not claimed by another
reference, and booked within ``lookup_window_s`` of now. When the last transaction is
older than the attempt, or is the attempt itself but declined, nothing was charged. When
other transactions came after the attempt (ZVT shows only the last one), or the terminal
sends no transaction data for Repeat Receipt (some print the copy themselves),
``PaymentJournalUnavailable`` asks the clerk to check the terminal's receipts instead of
risking a second charge. Without any notes (Koffer restarted without ``attempts_file``)
the last unclaimed approved transaction within the window is taken, whatever its amount:
a best guess. ZVT's date has no year; it is taken from the notebook's clock.

Left out: the serial (RS-232) transport with DLE/STX/CRC, TLV-only terminals that need
``06 00`` with a TLV container, receipts printed by the terminal (the config byte has the
ECR receive them; they come back in ``PaymentApproval.receipt``), tips, pre-authorisation,
refunds and the merchant-card step some terminals require for reversals.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from koffer.devices.base import DeviceInfo, DeviceKind, DeviceState
from koffer.devices.errors import (
    DeviceError,
    DeviceTimeout,
    DeviceUnavailable,
    PaymentCancelled,
    PaymentDeclined,
    PaymentJournalUnavailable,
)
from koffer.devices.payment import zvt_protocol as zvt
from koffer.devices.payment.interface import (
    DayTotals,
    PaymentApproval,
    PaymentRequest,
    PaymentReversal,
)

DEFAULT_PORT = 20007
DEVICE = str(DeviceKind.PAYMENT)


def _now() -> datetime:
    return datetime.now().astimezone()


def _approval_from_note(note: dict[str, Any]) -> PaymentApproval:
    booked = note.get("booked_at")
    fields = {**note, "booked_at": datetime.fromisoformat(booked) if booked else None}
    return PaymentApproval(**fields)


class _Connection:
    """One TCP connection to the terminal, with deadlines that map to device errors."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._deadline = 0.0
        self._waited = 0.0

    def send(self, apdu: zvt.Apdu) -> None:
        try:
            self._sock.sendall(apdu.encode())
        except OSError as error:
            raise DeviceUnavailable(DEVICE, f"connection lost: {error}") from error

    def receive(self, timeout_s: float) -> zvt.Apdu:
        """The next APDU from the terminal, within ``timeout_s``."""
        self._deadline = time.monotonic() + timeout_s
        self._waited = timeout_s
        try:
            return zvt.read_apdu(self._read)
        except zvt.ZvtError as error:
            raise DeviceError(DEVICE, f"ZVT protocol error: {error}") from error

    def _read(self, count: int) -> bytes:
        chunks = bytearray()
        while len(chunks) < count:
            remaining = self._deadline - time.monotonic()
            if remaining <= 0:
                raise self._timeout()
            self._sock.settimeout(remaining)
            try:
                chunk = self._sock.recv(count - len(chunks))
            except TimeoutError as error:
                raise self._timeout() from error
            except OSError as error:
                raise DeviceUnavailable(DEVICE, f"connection lost: {error}") from error
            if not chunk:
                raise DeviceUnavailable(DEVICE, "connection lost: the terminal hung up")
            chunks += chunk
        return bytes(chunks)

    def _timeout(self) -> DeviceTimeout:
        return DeviceTimeout(
            DEVICE,
            f"no answer from the terminal within {self._waited:g} s",
            seconds=self._waited,
        )

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._sock.close()


@dataclass
class _Outcome:
    """What the terminal reported for one command."""

    status: zvt.StatusInformation | None = None
    abort_code: int | None = None
    completion: dict[int, bytes] = field(default_factory=dict)
    receipt: list[str] = field(default_factory=list)
    intermediate: list[int] = field(default_factory=list)

    @property
    def approved(self) -> bool:
        return self.abort_code is None and self.status is not None and self.status.result_code == 0

    @property
    def result_code(self) -> int:
        if self.abort_code is not None and self.abort_code != zvt.RESULT_SUCCESS:
            return self.abort_code
        if self.status is not None and self.status.result_code:
            return self.status.result_code
        return zvt.RESULT_SYSTEM_ERROR


class _Attempts:
    """The backend's notes on payments: in flight, settled, and trace numbers claimed.

    Kept in memory and, with a path, in a JSON file that survives a crash of Koffer. The
    booking texts are stored hashed; a settled payment keeps what the receipt needs except
    the card number.
    """

    keep = 500

    def __init__(self, path: Path | None) -> None:
        self._path = path
        self.pending: dict[str, dict[str, Any]] = {}
        self.settled: dict[str, dict[str, Any]] = {}
        self.claimed: list[int] = []
        self.last_trace: int | None = None
        if path is not None and path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            self.pending = dict(data.get("pending", {}))
            self.settled = dict(data.get("settled", {}))
            self.claimed = [int(trace) for trace in data.get("claimed", [])]
            self.last_trace = data.get("last_trace")

    @staticmethod
    def key(reference: str) -> str:
        return hashlib.sha256(reference.encode("utf-8")).hexdigest()[:32]

    def start(self, request: PaymentRequest, now: datetime) -> None:
        key = self.key(request.reference)
        self.settled.pop(key, None)
        self.pending[key] = {
            "amount_cents": request.amount_cents,
            "started": now.isoformat(),
            "acknowledged": False,
            "trace_before": self.last_trace,
        }
        self._save()

    def attempt(self, reference: str) -> dict[str, Any] | None:
        return self.pending.get(self.key(reference))

    def acknowledged(self, reference: str) -> None:
        self.pending[self.key(reference)]["acknowledged"] = True
        self._save()

    def saw(self, trace_number: int) -> None:
        if trace_number:
            self.last_trace = trace_number
            self._save()

    def paid(self, reference: str, approval: PaymentApproval) -> None:
        key = self.key(reference)
        self.pending.pop(key, None)
        note = asdict(approval)
        note["booked_at"] = approval.booked_at.isoformat() if approval.booked_at else None
        note["card"] = approval.card.split(" ****")[0]
        del note["receipt"]
        self.settled[key] = {"charged": True, "approval": note}
        self.claimed = [*self.claimed, approval.trace_number][-self.keep :]
        self.last_trace = approval.trace_number
        self._trim_and_save()

    def not_charged(self, reference: str) -> None:
        key = self.key(reference)
        self.pending.pop(key, None)
        self.settled[key] = {"charged": False}
        self._trim_and_save()

    def reversed(self, receipt_number: int, trace_number: int) -> None:
        """A reversal of the latest payment with this receipt number: it is not charged."""
        for key in reversed(self.settled):
            note = self.settled[key]
            if note["charged"] and note["approval"]["receipt_number"] == receipt_number:
                self.settled[key] = {"charged": False}
                break
        self.claimed = [*self.claimed, trace_number][-self.keep :]
        self.last_trace = trace_number
        self._save()

    def settlement(self, reference: str) -> dict[str, Any] | None:
        return self.settled.get(self.key(reference))

    def _trim_and_save(self) -> None:
        while len(self.settled) > self.keep:
            del self.settled[next(iter(self.settled))]
        self._save()

    def _save(self) -> None:
        if self._path is None:
            return
        data = {
            "pending": self.pending,
            "settled": self.settled,
            "claimed": self.claimed,
            "last_trace": self.last_trace,
        }
        temporary = self._path.with_name(self._path.name + ".tmp")
        temporary.write_text(json.dumps(data), encoding="utf-8")
        temporary.replace(self._path)


class ZvtPaymentTerminal:
    """A girocard / credit card terminal driven over ZVT on TCP/IP."""

    kind = DeviceKind.PAYMENT

    def __init__(
        self,
        host: str,
        port: int = DEFAULT_PORT,
        password: str = zvt.DEFAULT_PASSWORD,
        currency: str = "EUR",
        *,
        config: int = zvt.DEFAULT_CONFIG,
        connect_timeout_s: float = 5.0,
        ack_timeout_s: float = 5.0,
        payment_timeout_s: float = 180.0,
        lookup_window_s: float = 900.0,
        attempts_file: Path | None = None,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        zvt.password_bcd(password)  # fail early on a malformed password
        zvt.currency_bcd(currency)
        self.host = host
        self.port = port
        self.currency = currency
        self._password = password
        self._config = config
        self.connect_timeout_s = connect_timeout_s
        self.ack_timeout_s = ack_timeout_s
        self.payment_timeout_s = payment_timeout_s
        self.lookup_window_s = lookup_window_s
        self._clock = clock
        self._lock = threading.Lock()
        self._attempts = _Attempts(attempts_file)
        self._approvals: dict[str, PaymentApproval] = {}
        self.terminal_id = ""

    # --- the PaymentTerminal interface -------------------------------------------------

    def pay(self, request: PaymentRequest) -> PaymentApproval:
        """Authorise ``request`` on the terminal (card, PIN), raising on decline or fault."""
        command = zvt.authorisation(request.amount_cents, request.currency)
        with self._lock:
            self._attempts.start(request, self._clock())
            try:
                outcome = self._command(
                    command, lambda: self._attempts.acknowledged(request.reference)
                )
            except DeviceError as error:
                if error.params.get("refused"):  # the terminal refused the command itself
                    self._attempts.not_charged(request.reference)
                raise
            if not outcome.approved or outcome.status is None:
                if outcome.status is not None:
                    self._attempts.saw(outcome.status.trace_number)
                self._attempts.not_charged(request.reference)
                raise self._declined(outcome.result_code)
            approval = self._approval(outcome.status, outcome.receipt, request.currency)
            self._approvals[request.reference] = approval
            self._attempts.paid(request.reference, approval)
            return approval

    def approved(self, reference: str) -> PaymentApproval | None:
        """The approved payment for this booking text, found as described in the module doc."""
        with self._lock:
            if reference in self._approvals:
                return self._approvals[reference]
            settled = self._attempts.settlement(reference)
            if settled is not None:
                return _approval_from_note(settled["approval"]) if settled["charged"] else None
            attempt = self._attempts.attempt(reference)
            if attempt is not None and not attempt["acknowledged"]:
                self._attempts.not_charged(reference)
                return None  # the terminal never took the command: nothing was charged
            status, receipt = self._last_transaction()
            if self._is_ours(status, attempt):
                approval = self._approval(status, receipt, status.currency or self.currency)
                self._approvals[reference] = approval
                self._attempts.paid(reference, approval)
                return approval
            if attempt is None:
                return None  # no notes at all (a restart without attempts file): best guess
            before = attempt["trace_before"]
            if before is not None and (
                status.trace_number <= before
                or (status.trace_number == before + 1 and status.result_code != 0)
            ):
                self._attempts.not_charged(reference)
                return None  # nothing after what we knew, or our attempt failed
            raise PaymentJournalUnavailable(
                DEVICE,
                f"the terminal's last transaction (trace {status.trace_number}) is not this "
                "payment, and ZVT cannot look further back",
            )

    def reverse(self, receipt_number: int) -> PaymentReversal:
        """Reverse (Storno) today's payment with this receipt number."""
        with self._lock:
            outcome = self._command(zvt.reversal(self._password, receipt_number))
            if not outcome.approved or outcome.status is None:
                raise self._declined(outcome.result_code)
            status = outcome.status
            self._attempts.reversed(receipt_number, status.trace_number)
            for reference, approval in list(self._approvals.items()):
                if approval.receipt_number == receipt_number:
                    del self._approvals[reference]
            return PaymentReversal(status.amount_cents, receipt_number, status.trace_number)

    def end_of_day(self) -> DayTotals:
        """Close the terminal's batch (``06 50``) and return its totals."""
        with self._lock:
            outcome = self._command(zvt.end_of_day(self._password))
            if not outcome.approved or outcome.status is None:
                raise self._declined(outcome.result_code)
            status = outcome.status
            totals = status.totals
            return DayTotals(
                totals.count if totals else 0,
                status.amount_cents,
                totals.first_receipt if totals else 0,
                totals.last_receipt if totals else 0,
                tuple(outcome.receipt),
            )

    def info(self) -> DeviceInfo:
        """Log on to the terminal and report whether it answers."""
        with self._lock:
            try:
                connection = self._open()
            except DeviceError as error:
                return DeviceInfo(
                    self.kind, "zvt", self._model(), DeviceState.UNAVAILABLE, error.detail
                )
            connection.close()
        return DeviceInfo(
            self.kind, "zvt", self._model(), DeviceState.READY, f"terminal {self.terminal_id}"
        )

    # --- protocol steps ----------------------------------------------------------------

    def _model(self) -> str:
        return f"ZVT terminal at {self.host}:{self.port}"

    def _open(self) -> _Connection:
        """Connect and log on with Registration; the terminal answers with its id."""
        try:
            sock = socket.create_connection((self.host, self.port), self.connect_timeout_s)
        except TimeoutError as error:
            raise DeviceTimeout(
                DEVICE,
                f"no connection to {self.host}:{self.port} within {self.connect_timeout_s:g} s",
                seconds=self.connect_timeout_s,
            ) from error
        except OSError as error:
            raise DeviceUnavailable(
                DEVICE, f"cannot connect to {self.host}:{self.port}: {error.strerror or error}"
            ) from error
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connection = _Connection(sock)
        try:
            self._log_on(connection)
        except BaseException:
            connection.close()
            raise
        return connection

    def _log_on(self, connection: _Connection) -> None:
        command = zvt.registration(self._password, self._config, self.currency)
        outcome = self._exchange(connection, command, self.ack_timeout_s)
        if outcome.abort_code not in (None, zvt.RESULT_SUCCESS):
            raise DeviceError(DEVICE, f"log-on refused: {zvt.result_reason(outcome.result_code)}")
        terminal_id = outcome.completion.get(zvt.BMP_TERMINAL_ID)
        if terminal_id:
            self.terminal_id = terminal_id.hex()

    def _command(
        self, command: zvt.Apdu, on_acknowledged: Callable[[], None] | None = None
    ) -> _Outcome:
        connection = self._open()
        try:
            return self._exchange(connection, command, self.payment_timeout_s, on_acknowledged)
        except DeviceTimeout:
            with contextlib.suppress(DeviceError):  # ask the terminal to give up (06 B0)
                connection.send(zvt.Apdu(*zvt.ECR_ABORT))
            raise
        finally:
            connection.close()

    def _exchange(
        self,
        connection: _Connection,
        command: zvt.Apdu,
        timeout_s: float,
        on_acknowledged: Callable[[], None] | None = None,
    ) -> _Outcome:
        """Send ``command``, then serve the terminal until Completion or Abort."""
        connection.send(command)
        answer = connection.receive(self.ack_timeout_s)
        if answer.is_negative_ack:
            reason = zvt.result_reason(answer.instr)
            raise DeviceError(
                DEVICE,
                f"the terminal refused command {command.cls:02X} {command.instr:02X}: {reason}",
                result_code=answer.instr,
                refused=True,
            )
        if answer.control not in (zvt.ACK, (zvt.NEGATIVE_ACK_CLASS, 0x00)):
            raise DeviceError(DEVICE, f"ZVT protocol error: unexpected {answer.encode().hex()}")
        if on_acknowledged is not None:
            on_acknowledged()
        outcome = _Outcome()
        while True:
            try:
                message = connection.receive(timeout_s)
            except DeviceUnavailable:
                if outcome.approved:
                    return outcome  # approved and acknowledged; only the Completion was lost
                raise
            done = self._take(message, outcome)
            connection.send(zvt.ack() if done is not None else zvt.negative_ack(0x83))
            if done:
                return outcome

    @staticmethod
    def _take(message: zvt.Apdu, outcome: _Outcome) -> bool | None:
        """File one APDU from the terminal into ``outcome``; True when the command is over.

        None for a command this backend does not know: it is refused with ``84 83 00``
        (function not possible), as the spec asks of an ECR.
        """
        control = message.control
        if control == zvt.INTERMEDIATE_STATUS:
            outcome.intermediate.append(message.data[0] if message.data else 0)
        elif control == zvt.STATUS_INFORMATION:
            try:
                outcome.status = zvt.parse_status_information(message.data)
            except zvt.ZvtError as error:
                raise DeviceError(DEVICE, f"ZVT protocol error: {error}") from error
        elif control == zvt.PRINT_LINE:
            outcome.receipt.append(message.data[1:].decode("cp437").rstrip())
        elif control == zvt.PRINT_TEXT_BLOCK:
            outcome.receipt.extend(zvt.text_block_lines(message))
        elif control == zvt.COMPLETION:
            outcome.completion = zvt.parse_bmps(message.data)
            return True
        elif control == zvt.ABORT:
            outcome.abort_code = message.data[0] if message.data else zvt.RESULT_SYSTEM_ERROR
            return True
        else:
            return None
        return False

    def _approval(
        self, status: zvt.StatusInformation, receipt: list[str], currency: str
    ) -> PaymentApproval:
        return PaymentApproval(
            amount_cents=status.amount_cents,
            currency=status.currency or currency,
            authorisation_code=status.authorisation_code,
            card=status.card(),
            terminal_id=status.terminal_id or self.terminal_id,
            trace_number=status.trace_number,
            receipt_number=status.receipt_number,
            booked_at=status.booked_at(self._clock()),
            receipt=tuple(receipt),
        )

    def _last_transaction(self) -> tuple[zvt.StatusInformation, list[str]]:
        """The terminal's last transaction, from Repeat Receipt (``06 20``)."""
        outcome = self._command(zvt.repeat_receipt(self._password))
        if outcome.status is None or outcome.abort_code not in (None, zvt.RESULT_SUCCESS):
            detail = (
                zvt.result_reason(outcome.abort_code)
                if outcome.abort_code is not None
                else "the terminal sent no data of its last transaction"
            )
            raise PaymentJournalUnavailable(DEVICE, detail)
        self._attempts.saw(outcome.status.trace_number)
        return outcome.status, outcome.receipt

    def _is_ours(self, status: zvt.StatusInformation, attempt: dict[str, Any] | None) -> bool:
        if (
            status.result_code != zvt.RESULT_SUCCESS
            or status.trace_number in self._attempts.claimed
        ):
            return False
        if attempt is not None:
            before = attempt["trace_before"]
            if status.amount_cents != attempt["amount_cents"]:
                return False
            if before is not None and 0 < status.trace_number <= before:
                return False
        now = self._clock()
        booked = status.booked_at(now)
        if booked is None:
            return False
        return abs((now - booked).total_seconds()) <= self.lookup_window_s

    @staticmethod
    def _declined(code: int) -> PaymentDeclined:
        reason = zvt.result_reason(code)
        if code == zvt.RESULT_ABORTED:
            return PaymentCancelled(DEVICE, reason, result_code=code)
        return PaymentDeclined(DEVICE, reason, result_code=code)
