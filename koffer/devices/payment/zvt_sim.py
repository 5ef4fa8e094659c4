"""Our ZVT terminal simulator: a TCP server that speaks the terminal side of ZVT.

Real: the bytes. It uses the same framing and field code as the backend
(``zvt_protocol``) and follows the sequences of PA00P015: every command is acknowledged
with ``80 00 00``; Registration ends with a Completion carrying the terminal id;
Authorisation sends Intermediate Status (``04 FF``) when the config byte asks for it, then
Status-Information (``04 0F``), the receipt (``06 D1`` lines, or one ``06 D3`` text block
when the config byte's print-type bit is set) when the ECR prints, and Completion
(``06 0F``); a decline is Status-Information with the result code followed by Abort
(``06 1E`` + result code). Each of these waits for the ECR's acknowledgement. A wrong
password is refused with ``84 83 00``, as is any command the simulator does not know.
Repeat Receipt (``06 20``) repeats the last transaction's Status-Information (with its
original time and date) and receipt, or aborts with 83 when there is none; Reversal
(``06 30``) reverses a payment of the day by receipt number; End-of-Day (``06 50``)
reports the batch's total (BMP 04) and individual totals (BMP 60), then starts a new
batch with receipt numbers from 1.

Simulated: everything behind the protocol. No card is read, no host is asked, the PIN is
never entered; cards are girocards with a made-up masked number (card type 8A = 5 is this
simulator's choice), authorisation codes are random digits, and a payment is approved
unless a fault knob says otherwise. A terminal that cannot deliver its Status-Information
may reverse the payment on its own (the spec leaves it to the terminal's configuration);
this simulator keeps it, which is the case Koffer must handle.

Fault knobs (each applies to the next payment, then resets, except ``decline``):
``decline(code)`` answers with that result code until ``approve()``; ``hang_next``
acknowledges the command and then never answers; ``cancel_next`` has the customer press
"Abbruch" (Abort with result code 6C); ``drop_after_approval_next`` books the payment and
then closes the connection before the Status-Information goes out (the lost answer).
"""

from __future__ import annotations

import contextlib
import random
import socket
import socketserver
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType

from koffer.devices.payment import zvt_protocol as zvt


@dataclass
class JournalEntry:
    """One transaction of the terminal's current batch."""

    kind: str  # "payment" or "reversal"
    trace_number: int
    receipt_number: int
    amount_cents: int
    currency: str
    authorisation_code: str
    card_number: str
    booked_at: datetime
    reversed: bool = False


class _HungUp(Exception):
    """The ECR closed the connection."""


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    simulator: ZvtTerminalSimulator


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        with contextlib.suppress(_HungUp, OSError, zvt.ZvtError):
            _Session(self.server.simulator, self.request).serve()


class _Session:
    """One ECR connection."""

    def __init__(self, simulator: ZvtTerminalSimulator, sock: socket.socket) -> None:
        self.sim = simulator
        self.sock = sock
        self.config = 0

    # --- wire --------------------------------------------------------------------------

    def _read(self, count: int) -> bytes:
        data = bytearray()
        while len(data) < count:
            chunk = self.sock.recv(count - len(data))
            if not chunk:
                raise _HungUp
            data += chunk
        return bytes(data)

    def receive(self) -> zvt.Apdu:
        apdu = zvt.read_apdu(self._read)
        self.sim.record(apdu)
        return apdu

    def send(self, apdu: zvt.Apdu) -> None:
        self.sock.sendall(apdu.encode())

    def send_and_wait(self, apdu: zvt.Apdu) -> None:
        """Send a PT-to-ECR command and wait for the ECR's ``80 00 00``."""
        self.send(apdu)
        answer = self.receive()
        if answer.control != zvt.ACK:
            raise _HungUp  # the ECR broke the protocol: end the session as a terminal would

    # --- commands ----------------------------------------------------------------------

    def serve(self) -> None:
        handlers: dict[tuple[int, int], Callable[[zvt.Apdu], None]] = {
            zvt.REGISTRATION: self.registration,
            zvt.AUTHORISATION: self.authorisation,
            zvt.REPEAT_RECEIPT: self.repeat_receipt,
            zvt.REVERSAL: self.reversal,
            zvt.END_OF_DAY: self.end_of_day,
            zvt.LOG_OFF: self.acknowledge,
            zvt.ECR_ABORT: self.acknowledge,  # nothing running that could be aborted
        }
        while True:
            apdu = self.receive()
            handler = handlers.get(apdu.control)
            if handler is None:
                self.send(zvt.negative_ack(0x83))
            else:
                handler(apdu)

    def acknowledge(self, _apdu: zvt.Apdu) -> None:
        self.send(zvt.ack())

    def _password_ok(self, data: bytes) -> bool:
        if data[:3] != zvt.password_bcd(self.sim.password):
            self.send(zvt.negative_ack(0x83))
            return False
        return True

    def registration(self, apdu: zvt.Apdu) -> None:
        if not self._password_ok(apdu.data):
            return
        self.config = apdu.data[3] if len(apdu.data) > 3 else 0
        self.send(zvt.ack())
        completion = zvt.encode_bmps(
            [
                (zvt.BMP_PAYMENT_TYPE, b"\x00"),  # status byte: ready
                (zvt.BMP_TERMINAL_ID, bytes.fromhex(self.sim.terminal_id)),
                (zvt.BMP_CURRENCY, apdu.data[4:6] or zvt.currency_bcd("EUR")),
            ]
        )
        self.send_and_wait(zvt.Apdu(*zvt.COMPLETION, completion))

    def _intermediate(self, status: int) -> None:
        if self.config & zvt.CONFIG_INTERMEDIATE_STATUS:
            self.send_and_wait(zvt.Apdu(*zvt.INTERMEDIATE_STATUS, bytes((status, 0x00))))

    def _finish(self, status: zvt.StatusInformation, when: datetime, receipt: list[str]) -> None:
        self.send_and_wait(zvt.encode_status_information(status, when))
        if self.config & zvt.CONFIG_ECR_PRINTS_PAYMENT and receipt:
            if self.config & zvt.CONFIG_TEXT_BLOCKS:
                self.send_and_wait(zvt.print_text_block(receipt))
            else:
                for number, line in enumerate(receipt, start=1):
                    self.send_and_wait(zvt.print_line(line, 0xFF if number == len(receipt) else 0))
        self.send_and_wait(zvt.Apdu(*zvt.COMPLETION))

    def _abort(self, code: int) -> None:
        self.send_and_wait(zvt.Apdu(*zvt.ABORT, bytes((code,))))

    def authorisation(self, apdu: zvt.Apdu) -> None:
        fields = zvt.parse_bmps(apdu.data)
        amount = zvt.from_bcd(fields.get(zvt.BMP_AMOUNT, b"\x00"))
        currency = zvt.currency_name(fields.get(zvt.BMP_CURRENCY, zvt.currency_bcd("EUR")))
        self.send(zvt.ack())
        fault = self.sim.take_fault()
        if fault == "hang":
            while True:  # the terminal is stuck: read (and ignore) until the ECR hangs up
                self.receive()
        self._intermediate(0x0A)  # insert card
        self._intermediate(0x0C)  # enter PIN
        self.sim.wait()
        if fault == "cancel":
            self._abort(zvt.RESULT_ABORTED)
            return
        if self.sim.decline_code is not None:
            code = self.sim.decline_code
            trace = self.sim.next_trace()
            status = zvt.StatusInformation(
                code,
                amount_cents=amount,
                currency=currency,
                trace_number=trace,
                terminal_id=self.sim.terminal_id,
            )
            self.send_and_wait(zvt.encode_status_information(status, self.sim.now()))
            self._abort(code)
            return
        entry = self.sim.book(amount, currency)
        if fault == "drop":
            self.sock.shutdown(socket.SHUT_RDWR)
            raise _HungUp
        self._finish(self.sim.status_of(entry), entry.booked_at, self.sim.receipt_of(entry))

    def repeat_receipt(self, apdu: zvt.Apdu) -> None:
        if not self._password_ok(apdu.data):
            return
        self.send(zvt.ack())
        entry = self.sim.last()
        if entry is None:
            self._abort(0x83)  # nothing to repeat
            return
        self._finish(self.sim.status_of(entry), entry.booked_at, self.sim.receipt_of(entry))

    def reversal(self, apdu: zvt.Apdu) -> None:
        if not self._password_ok(apdu.data):
            return
        receipt = zvt.from_bcd(zvt.parse_bmps(apdu.data[3:]).get(zvt.BMP_RECEIPT, b"\x00\x00"))
        self.send(zvt.ack())
        self._intermediate(0x17)  # please wait
        entry, code = self.sim.reverse(receipt)
        if entry is None:
            when = self.sim.now()
            status = zvt.StatusInformation(code, terminal_id=self.sim.terminal_id)
            self.send_and_wait(zvt.encode_status_information(status, when))
            self._abort(code)
            return
        self._finish(self.sim.status_of(entry), entry.booked_at, self.sim.receipt_of(entry))

    def end_of_day(self, apdu: zvt.Apdu) -> None:
        if not self._password_ok(apdu.data):
            return
        self.send(zvt.ack())
        self._intermediate(0x17)
        totals, amount, trace = self.sim.close_batch()
        status = zvt.StatusInformation(
            zvt.RESULT_SUCCESS,
            amount_cents=amount,
            trace_number=trace,
            terminal_id=self.sim.terminal_id,
            totals=totals,
        )
        lines = [
            "Kassenschnitt",
            f"Terminal-ID {self.sim.terminal_id}",
            f"Belege {totals.first_receipt}-{totals.last_receipt}",
            f"Anzahl {totals.count}",
            f"Summe EUR {amount // 100},{amount % 100:02d}",
        ]
        receipt = lines if self.config & zvt.CONFIG_ECR_PRINTS_ADMIN else []
        self._finish(status, self.sim.now(), receipt)


class ZvtTerminalSimulator:
    """A ZVT payment terminal on 127.0.0.1 (``port=0`` picks a free port, see ``.port``)."""

    def __init__(
        self,
        port: int = 0,
        *,
        password: str = zvt.DEFAULT_PASSWORD,
        terminal_id: str = "52500001",
        seconds_per_payment: float = 0.0,
        seed: int = 0,
    ) -> None:
        self.password = password
        self.terminal_id = terminal_id
        self.seconds_per_payment = seconds_per_payment
        self.decline_code: int | None = None
        self.hang_next = False
        self.cancel_next = False
        self.drop_after_approval_next = False
        self.received: list[zvt.Apdu] = []
        self._random = random.Random(seed)  # noqa: S311 - simulation, not security
        self._lock = threading.Lock()
        self._trace = 0
        self._receipt = 0
        self._charges = 0
        self._batch: list[JournalEntry] = []
        self._last: JournalEntry | None = None
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.simulator = self
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The TCP port the simulator listens on."""
        return int(self._server.server_address[1])

    def start(self) -> ZvtTerminalSimulator:
        """Serve in a background thread."""
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop listening (connections in progress end with the process or their ECR)."""
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> ZvtTerminalSimulator:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # --- knobs and what the tests look at ----------------------------------------------

    def decline(self, result_code: int = zvt.RESULT_DECLINED) -> None:
        """Answer every payment with this result code until ``approve()``."""
        self.decline_code = result_code

    def approve(self) -> None:
        """Approve payments again."""
        self.decline_code = None

    @property
    def charges(self) -> int:
        """How many payments were approved (what the citizens' banks will see)."""
        return self._charges

    @property
    def journal(self) -> list[JournalEntry]:
        """The current batch."""
        with self._lock:
            return list(self._batch)

    # --- used by the sessions ----------------------------------------------------------

    def record(self, apdu: zvt.Apdu) -> None:
        with self._lock:
            self.received.append(apdu)

    def take_fault(self) -> str:
        with self._lock:
            for name, knob in (
                ("hang", "hang_next"),
                ("cancel", "cancel_next"),
                ("drop", "drop_after_approval_next"),
            ):
                if getattr(self, knob):
                    setattr(self, knob, False)
                    return name
        return ""

    def wait(self) -> None:
        if self.seconds_per_payment:
            threading.Event().wait(self.seconds_per_payment)

    @staticmethod
    def now() -> datetime:
        return datetime.now().astimezone().replace(microsecond=0)

    def next_trace(self) -> int:
        with self._lock:
            self._trace = self._trace % 999999 + 1
            return self._trace

    def book(self, amount: int, currency: str) -> JournalEntry:
        trace = self.next_trace()
        with self._lock:
            self._receipt = self._receipt % 9999 + 1
            self._charges += 1
            last4 = f"{self._random.randrange(10**4):04d}"
            entry = JournalEntry(
                "payment",
                trace,
                self._receipt,
                amount,
                currency,
                f"{self._random.randrange(10**6):06d}",
                f"672559******{last4}",
                self.now(),
            )
            self._batch.append(entry)
            self._last = entry
            return entry

    def last(self) -> JournalEntry | None:
        with self._lock:
            return self._last

    def reverse(self, receipt_number: int) -> tuple[JournalEntry | None, int]:
        trace = self.next_trace()
        with self._lock:
            for entry in self._batch:
                if entry.kind == "payment" and entry.receipt_number == receipt_number:
                    if entry.reversed:
                        return None, zvt.RESULT_ALREADY_REVERSED
                    entry.reversed = True
                    reversal = JournalEntry(
                        "reversal",
                        trace,
                        receipt_number,
                        entry.amount_cents,
                        entry.currency,
                        entry.authorisation_code,
                        entry.card_number,
                        self.now(),
                    )
                    self._batch.append(reversal)
                    self._last = reversal
                    return reversal, zvt.RESULT_SUCCESS
        return None, zvt.RESULT_REVERSAL_NOT_POSSIBLE

    def close_batch(self) -> tuple[zvt.DayTotals, int, int]:
        trace = self.next_trace()
        with self._lock:
            kept = [e for e in self._batch if e.kind == "payment" and not e.reversed]
            receipts = [e.receipt_number for e in self._batch if e.kind == "payment"]
            amount = sum(e.amount_cents for e in kept)
            empty = (0, 0)
            groups = ((len(kept), amount), *([empty] * (len(zvt.TOTAL_GROUPS) - 1)))
            totals = zvt.DayTotals(min(receipts, default=0), max(receipts, default=0), groups)
            self._batch.clear()
            self._receipt = 0
            return totals, amount, trace

    def status_of(self, entry: JournalEntry) -> zvt.StatusInformation:
        return zvt.StatusInformation(
            zvt.RESULT_SUCCESS,
            amount_cents=entry.amount_cents,
            currency=entry.currency,
            trace_number=entry.trace_number,
            receipt_number=entry.receipt_number,
            card_number=entry.card_number,
            card_type=5,
            card_name="girocard",
            terminal_id=self.terminal_id,
            authorisation_code=entry.authorisation_code,
        )

    def receipt_of(self, entry: JournalEntry) -> list[str]:
        title = "Zahlung" if entry.kind == "payment" else "Storno"
        euros = f"{entry.amount_cents // 100},{entry.amount_cents % 100:02d}"
        return [
            f"{title} girocard",
            f"Terminal-ID {self.terminal_id}",
            f"Trace-Nr. {entry.trace_number}  Beleg-Nr. {entry.receipt_number}",
            f"Karte {entry.card_number}",
            f"Autorisierung {entry.authorisation_code}",
            f"Betrag {entry.currency} {euros}",
            "Zahlung erfolgt" if entry.kind == "payment" else "Storno erfolgt",
        ]
