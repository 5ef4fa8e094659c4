"""A virtual German ID card at APDU level, answering as the chip does (DOMAIN.md §3).

The same object serves the in-process simulator (``sim.py``) and, through vpcd, the real
PC/SC stack (``vpcd.py``). It implements the eID application's file system, PACE with real
cryptography, secure messaging, a simplified terminal authentication (see
``terminal_auth``), the PIN retry counter with the CAN rule, PUK resets capped at 10, the
DG17/DG18 writes of the change terminal and eID activation. Not modelled: chip
authentication (the PACE keys stay in force after terminal authentication), CV certificate
chains, restricted identification, the eSign application and extended-length APDUs.

Writing the address is atomic as a card's file system shows it: a new address never sits
half on the chip. The change terminal sends DG17 and DG18 as one ISO 7816-4 command chain of
UPDATE BINARY commands (CLA bit b5 set on all but the last). The card collects the chain in a
shadow buffer that belongs to the powered session and commits every file of it in one step
when the last command arrives, as a card operating system does with its anti-tearing backup
buffer. A card lifted off the terminal mid-chain loses the buffer with the power and keeps
the old address; a refused or foreign command in the chain drops it too. ISO 7816-4 defines
chaining for one command; letting one chain span both files is this card's simplification of
the transaction a real terminal would otherwise have to repair by writing again.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field

from koffer.devices.change_terminal import status
from koffer.devices.change_terminal.address import (
    PlaceOfResidence,
    Residence,
    encode_dg17,
    encode_dg18,
)
from koffer.devices.change_terminal.apdu import CommandApdu
from koffer.devices.change_terminal.card_pace import CardPace, PaceStepError
from koffer.devices.change_terminal.interface import ApduResponse
from koffer.devices.change_terminal.pace import PACE_OID, PasswordKind, card_access
from koffer.devices.change_terminal.secure_messaging import (
    SecureMessaging,
    SecureMessagingError,
)
from koffer.devices.change_terminal.terminal_auth import (
    TerminalCredential,
    TerminalRight,
    TrustedTerminal,
    signed_message,
)
from koffer.devices.change_terminal.tlv import find, tlv

EID_AID = bytes.fromhex("E80704007F00070302")
EF_CARD_ACCESS = 0x011C
EF_CARD_SECURITY = 0x011D
EF_DG17 = 0x0111
EF_DG18 = 0x0112
ATR = bytes.fromhex("3B8A80018031F873F741E082900075")
CARD_ACCESS = card_access()
# Stand-in for EF.CardSecurity: a ContentInfo naming signedData (1.2.840.113549.1.7.2) with
# the PACE info inside; the real file is signed by the document signer, which is out of scope.
CARD_SECURITY = tlv(0x30, tlv(0x06, bytes.fromhex("2A864886F70D010702")) + tlv(0xA0, CARD_ACCESS))

INS_DEACTIVATE = 0x04
INS_MSE = 0x22
INS_RESET_RETRY_COUNTER = 0x2C
INS_ACTIVATE = 0x44
INS_EXTERNAL_AUTHENTICATE = 0x82
INS_GET_CHALLENGE = 0x84
INS_GENERAL_AUTHENTICATE = 0x86
INS_SELECT = 0xA4
INS_READ_BINARY = 0xB0
INS_UPDATE_BINARY = 0xD6
CLA_CHAINING = 0x10  # ISO 7816-4: more commands of this chain follow

MSE_SET_AT_PACE = (0xC1, 0xA4)
MSE_SET_AT_TA = (0x81, 0xA4)
RRC_NEW_PIN = (0x02, 0x03)
RRC_RESET = (0x03, 0x03)
EID_FUNCTION = (0x10, 0x03)

PIN_TRIES = 3
PUK_USES = 10
PIN_DIGITS = 6
CHALLENGE_LENGTH = 8
_WRITE_RIGHTS = {EF_DG17: TerminalRight.WRITE_DG17, EF_DG18: TerminalRight.WRITE_DG18}


def _sw(sw: int, data: bytes = b"") -> ApduResponse:
    return ApduResponse(data, sw)


@dataclass
class _Session:
    """What the card forgets when it loses power."""

    sm: SecureMessaging | None = None
    next_sm: SecureMessaging | None = None
    authenticated_with: PasswordKind | None = None
    id_picc: bytes = b""
    pin_resumed: bool = False
    pace_run: CardPace | None = None
    pace_refusal: int = status.SW_CONDITIONS_NOT_SATISFIED
    ta_terminal: TrustedTerminal | None = None
    ta_requested: TerminalRight = TerminalRight.NONE
    challenge: bytes = b""
    ta_done: bool = False
    rights: TerminalRight = TerminalRight.NONE
    # Files written by an open UPDATE BINARY chain, committed together by its last command.
    staged: dict[int, bytes] = field(default_factory=dict)
    chaining: bool = False


def _default_terminals() -> list[TrustedTerminal]:
    return [TerminalCredential.training().trusted()]


@dataclass
class VirtualIdCard:
    """The chip of a German ID card, as much as the change terminal needs of it.

    Attributes:
        can: Card access number (6 digits, printed on the card; no retry counter).
        pin: eID PIN (6 digits; 5 while ``transport_pin``).
        puk: PUK (10 digits), good for ``puk_uses_left`` resets.
        transport_pin: Whether ``pin`` is still the transport PIN from the PIN letter.
        pin_retries: PIN retry counter: 3, 2, 1 (suspended), 0 (blocked).
        puk_uses_left: PIN resets the PUK still allows.
        eid_active: Whether the online eID function is switched on.
        residence: Initial DG17 content.
        municipality_key: Initial official municipality key for DG18 (8 digits).
        trusted_terminals: Terminals whose signature the card accepts, with their rights.
        files: Elementary files by FID; built from the fields above when left empty.
    """

    can: str = "123456"
    pin: str = "123456"
    puk: str = "1234567890"
    transport_pin: bool = False
    pin_retries: int = PIN_TRIES
    puk_uses_left: int = PUK_USES
    eid_active: bool = True
    residence: Residence = field(
        default_factory=lambda: PlaceOfResidence("Heidestraße 17", "Köln", "51147")
    )
    municipality_key: str = "05315000"
    trusted_terminals: list[TrustedTerminal] = field(default_factory=_default_terminals)
    files: dict[int, bytes] = field(default_factory=dict)
    selected_application: bytes = b""
    selected_file: int | None = None
    _session: _Session = field(default_factory=_Session, init=False, repr=False)

    def __post_init__(self) -> None:
        self.files.setdefault(EF_CARD_ACCESS, CARD_ACCESS)
        self.files.setdefault(EF_CARD_SECURITY, CARD_SECURITY)
        self.files.setdefault(EF_DG17, encode_dg17(self.residence))
        self.files.setdefault(EF_DG18, encode_dg18(self.municipality_key))

    # ------------------------------------------------------------------ power and SM

    def power_cycle(self) -> None:
        """Lose power: the session ends (secure messaging, authentications, CAN resumption).

        An open write chain ends too; the files keep what was last committed.
        """
        self._session = _Session()
        self.selected_application = b""
        self.selected_file = None

    @property
    def secure_messaging_active(self) -> bool:
        """Whether a PACE channel is open."""
        return self._session.sm is not None

    @property
    def granted_rights(self) -> TerminalRight:
        """Rights of the terminal authenticated in this session."""
        return self._session.rights

    def _drop_secure_messaging(self) -> None:
        # ISO 7816-4: a plain or broken command ends secure messaging and what hangs on it,
        # including the CAN's enabling of the third PIN try (TR-03127 §3.3.3).
        self._session = _Session()

    def process(self, apdu: bytes) -> ApduResponse:
        """Answer one command APDU."""
        try:
            command = CommandApdu.parse(apdu)
        except ValueError:
            return _sw(status.SW_WRONG_LENGTH)
        if command.cla & ~0x1C & 0xFF:
            return _sw(status.SW_CLA_NOT_SUPPORTED)
        session = self._session
        if command.cla & 0x0C:
            channel = session.sm
            if channel is None:
                return _sw(status.SW_SM_DATA_WRONG)
            try:
                inner = channel.unprotect_command(command)
            except SecureMessagingError:
                self._drop_secure_messaging()
                return _sw(status.SW_SM_DATA_WRONG)
            response = channel.protect_response(self._dispatch(inner))
        else:
            if session.sm is not None:
                self._drop_secure_messaging()
            response = self._dispatch(command)
        if self._session.next_sm is not None:
            self._session.sm, self._session.next_sm = self._session.next_sm, None
        return response

    @property
    def write_pending(self) -> bool:
        """Whether an UPDATE BINARY chain is open (its files are not committed yet)."""
        return self._session.chaining

    def _dispatch(self, command: CommandApdu) -> ApduResponse:  # noqa: PLR0911
        ins, p1p2 = command.ins, (command.p1, command.p2)
        # General Authenticate chains its PACE steps too; only an open write chain is special.
        if self._session.chaining and ins != INS_UPDATE_BINARY:
            self._abort_chain()
            return _sw(status.SW_LAST_COMMAND_EXPECTED)
        if ins == INS_SELECT:
            return self._select(command)
        if ins == INS_READ_BINARY:
            return self._read_binary(command)
        if ins == INS_UPDATE_BINARY:
            return self._update_binary(command)
        if ins == INS_MSE:
            if p1p2 == MSE_SET_AT_PACE:
                return self._mse_pace(command.data)
            if p1p2 == MSE_SET_AT_TA:
                return self._mse_ta(command.data)
            return _sw(status.SW_INCORRECT_P1P2)
        if ins == INS_GENERAL_AUTHENTICATE:
            return self._general_authenticate(command.data)
        if ins == INS_GET_CHALLENGE:
            return self._get_challenge(command)
        if ins == INS_EXTERNAL_AUTHENTICATE:
            return self._external_authenticate(command.data)
        if ins == INS_RESET_RETRY_COUNTER:
            return self._reset_retry_counter(command)
        if ins in (INS_ACTIVATE, INS_DEACTIVATE):
            return self._switch_eid(command, activate=ins == INS_ACTIVATE)
        return _sw(status.SW_INS_NOT_SUPPORTED)

    # ------------------------------------------------------------------ files

    def _select(self, command: CommandApdu) -> ApduResponse:
        if command.p1 == 0x04:
            if command.data == EID_AID:
                self.selected_application = command.data
                self.selected_file = None
                return _sw(status.SW_OK)
            return _sw(status.SW_FILE_NOT_FOUND)
        if command.p1 == 0x02 and len(command.data) == 2:
            fid = int.from_bytes(command.data, "big")
            if fid not in self.files:
                return _sw(status.SW_FILE_NOT_FOUND)
            self.selected_file = fid
            return _sw(status.SW_OK)
        return _sw(status.SW_WRONG_P1P2)

    def _target(self, command: CommandApdu) -> tuple[int, int]:
        if command.p1 & 0x80:  # short file identifier in P1, offset in P2
            return 0x0100 | (command.p1 & 0x1F), command.p2
        fid = self.selected_file if self.selected_file is not None else -1
        return fid, ((command.p1 & 0x7F) << 8) | command.p2

    def _may_read(self, fid: int) -> int:
        """The status word that refuses reading ``fid``, or 0 when reading is allowed."""
        if fid == EF_CARD_ACCESS:
            return 0
        if fid == EF_CARD_SECURITY:  # PACE + terminal authentication (TR-03127 table 3)
            return 0 if self._session.ta_done else status.SW_SECURITY_NOT_SATISFIED
        if self.selected_application != EID_AID:
            return status.SW_FILE_NOT_FOUND
        return 0 if self._terminal_may() else status.SW_SECURITY_NOT_SATISFIED

    def _read_binary(self, command: CommandApdu) -> ApduResponse:
        fid, offset = self._target(command)
        content = self.files.get(fid)
        if content is None:
            return _sw(status.SW_FILE_NOT_FOUND)
        refusal = self._may_read(fid)
        if refusal:
            return _sw(refusal)
        self.selected_file = fid
        if offset > len(content):
            return _sw(status.SW_WRONG_P1P2)
        return _sw(status.SW_OK, content[offset : offset + command.expected_length])

    def _update_binary(self, command: CommandApdu) -> ApduResponse:
        """Write DG17/DG18 (rule 13: only with the terminal's write right, 6982 otherwise).

        A command with the chaining bit is staged; the chain's last command commits every
        staged file at once (see the module docstring). A real EF has a fixed size; here
        writing at an offset truncates the file there, so that a shorter address does not
        leave the tail of the old one behind.
        """
        refusal = self._stage(command)
        if refusal:
            self._abort_chain()
            return _sw(refusal)
        session = self._session
        if command.cla & CLA_CHAINING:
            session.chaining = True
            return _sw(status.SW_OK)
        self.files.update(session.staged)  # the commit: one step, all files of the chain
        session.staged = {}
        session.chaining = False
        return _sw(status.SW_OK)

    def _stage(self, command: CommandApdu) -> int:
        """Put one command's data into the chain's shadow copy; return a refusing SW or 0."""
        fid, offset = self._target(command)
        session = self._session
        content = session.staged.get(fid, self.files.get(fid))
        if content is None:
            return status.SW_FILE_NOT_FOUND
        right = _WRITE_RIGHTS.get(fid)
        if right is None or not self._terminal_may(right):
            return status.SW_SECURITY_NOT_SATISFIED
        if self.selected_application != EID_AID:
            return status.SW_FILE_NOT_FOUND
        if offset > len(content):
            return status.SW_WRONG_P1P2
        self.selected_file = fid
        session.staged[fid] = content[:offset] + command.data
        return 0

    def _abort_chain(self) -> None:
        self._session.staged = {}
        self._session.chaining = False

    def _terminal_may(self, right: TerminalRight = TerminalRight.NONE) -> bool:
        """Whether an authenticated terminal holds ``right`` in this secure channel.

        After PACE with the CAN the terminal also needs "CAN allowed".
        """
        session = self._session
        if session.sm is None or not session.ta_done:
            return False
        if (
            session.authenticated_with == PasswordKind.CAN
            and TerminalRight.CAN_ALLOWED not in session.rights
        ):
            return False
        return right in session.rights

    # ------------------------------------------------------------------ PACE

    def _secret(self, kind: PasswordKind) -> str:
        return {PasswordKind.CAN: self.can, PasswordKind.PIN: self.pin, PasswordKind.PUK: self.puk}[
            kind
        ]

    def _mse_pace(self, data: bytes) -> ApduResponse:  # noqa: PLR0911 - one SW per outcome
        try:
            protocol = find(data, 0x80)
            reference = find(data, 0x83)
        except ValueError:
            return _sw(status.SW_WRONG_DATA)
        if protocol != PACE_OID or reference is None or len(reference) != 1:
            return _sw(status.SW_WRONG_DATA)
        try:
            kind = PasswordKind(reference[0])
        except ValueError:
            return _sw(status.SW_WRONG_DATA)
        session = self._session
        session.pace_run = None
        session.authenticated_with = None
        session.ta_done = False
        session.rights = TerminalRight.NONE
        if kind == PasswordKind.PIN:
            if self.pin_retries <= 0:
                session.pace_refusal = status.SW_BLOCKED
                return _sw(status.SW_RETRIES_BASE)
            if self.pin_retries == 1 and not session.pin_resumed:
                session.pace_refusal = status.SW_CONDITIONS_NOT_SATISFIED
                return _sw(status.SW_RETRIES_BASE | 1)
        session.pace_run = CardPace(kind, self._secret(kind))
        if kind == PasswordKind.PIN:
            if self.pin_retries < PIN_TRIES:
                return _sw(status.SW_RETRIES_BASE | self.pin_retries)
            if not self.eid_active:
                return _sw(status.SW_DEACTIVATED)
        return _sw(status.SW_OK)

    def _general_authenticate(self, data: bytes) -> ApduResponse:
        session = self._session
        run = session.pace_run
        if run is None:
            return _sw(session.pace_refusal)
        try:
            dynamic = find(data, 0x7C)
        except ValueError:
            dynamic = None
        if dynamic is None:
            session.pace_run = None
            return _sw(status.SW_WRONG_DATA)
        try:
            answer = run.step(dynamic)
        except PaceStepError:
            session.pace_run = None
            return _sw(status.SW_WRONG_DATA)
        if run.password_wrong:
            session.pace_run = None
            if run.kind == PasswordKind.PIN:
                self.pin_retries -= 1
                return _sw(status.SW_RETRIES_BASE | self.pin_retries)
            return _sw(status.SW_AUTHENTICATION_FAILED)
        if run.result is not None:
            session.pace_run = None
            session.next_sm = SecureMessaging(run.result.ks_enc, run.result.ks_mac)
            session.authenticated_with = run.kind
            session.id_picc = run.result.id_picc
            if run.kind == PasswordKind.CAN:
                session.pin_resumed = True
            elif run.kind == PasswordKind.PIN:
                self.pin_retries = PIN_TRIES
        return _sw(status.SW_OK, tlv(0x7C, answer))

    # ------------------------------------------------------------------ terminal authentication

    def _mse_ta(self, data: bytes) -> ApduResponse:
        session = self._session
        if session.sm is None or session.authenticated_with is None:
            return _sw(status.SW_SECURITY_NOT_SATISFIED)
        try:
            name_bytes = find(data, 0x83)
            chat = find(data, 0x7F4C)
            rights_byte = find(chat, 0x53) if chat is not None else None
        except ValueError:
            return _sw(status.SW_WRONG_DATA)
        if name_bytes is None or not rights_byte:
            return _sw(status.SW_WRONG_DATA)
        name = name_bytes.decode("utf-8", errors="replace")
        terminal = next((t for t in self.trusted_terminals if t.name == name), None)
        if terminal is None:
            return _sw(status.SW_REFERENCE_NOT_FOUND)
        session.ta_terminal = terminal
        session.ta_requested = TerminalRight.from_byte(rights_byte[0])
        session.challenge = b""
        session.ta_done = False
        session.rights = TerminalRight.NONE
        return _sw(status.SW_OK)

    def _get_challenge(self, command: CommandApdu) -> ApduResponse:
        if command.expected_length != CHALLENGE_LENGTH:
            return _sw(status.SW_WRONG_LENGTH)
        self._session.challenge = secrets.token_bytes(CHALLENGE_LENGTH)
        return _sw(status.SW_OK, self._session.challenge)

    def _external_authenticate(self, signature: bytes) -> ApduResponse:
        session = self._session
        terminal, challenge = session.ta_terminal, session.challenge
        session.challenge = b""
        if terminal is None or not challenge or session.sm is None:
            return _sw(status.SW_CONDITIONS_NOT_SATISFIED)
        message = signed_message(session.id_picc, challenge, terminal.name, session.ta_requested)
        if not terminal.verify(signature, message):
            return _sw(status.SW_AUTHENTICATION_FAILED)
        session.ta_done = True
        session.rights = session.ta_requested & terminal.rights
        return _sw(status.SW_OK)

    # ------------------------------------------------------------------ PIN management

    def _reset_retry_counter(self, command: CommandApdu) -> ApduResponse:  # noqa: PLR0911
        session = self._session
        p1p2 = (command.p1, command.p2)
        if p1p2 == RRC_NEW_PIN:
            by_terminal = self._terminal_may(TerminalRight.PIN_MANAGEMENT)
            by_citizen = session.sm is not None and session.authenticated_with == PasswordKind.PIN
            if not (by_terminal or by_citizen):
                return _sw(status.SW_SECURITY_NOT_SATISFIED)
            if by_citizen and not by_terminal and not self.eid_active:
                return _sw(status.SW_DEACTIVATED)
            new_pin = command.data.decode("ascii", errors="replace")
            if len(new_pin) != PIN_DIGITS or not new_pin.isdigit():
                return _sw(status.SW_WRONG_DATA)
            self.pin = new_pin
            self.transport_pin = False
            self.pin_retries = PIN_TRIES
            return _sw(status.SW_OK)
        if p1p2 == RRC_RESET:
            if session.sm is None or session.authenticated_with != PasswordKind.PUK:
                return _sw(status.SW_SECURITY_NOT_SATISFIED)
            if self.puk_uses_left <= 0:
                return _sw(status.SW_BLOCKED)
            self.puk_uses_left -= 1
            self.pin_retries = PIN_TRIES
            return _sw(status.SW_OK)
        return _sw(status.SW_INCORRECT_P1P2)

    def _switch_eid(self, command: CommandApdu, *, activate: bool) -> ApduResponse:
        if (command.p1, command.p2) != EID_FUNCTION:
            return _sw(status.SW_INCORRECT_P1P2)
        if not self._terminal_may(TerminalRight.PIN_MANAGEMENT):
            return _sw(status.SW_SECURITY_NOT_SATISFIED)
        self.eid_active = activate
        return _sw(status.SW_OK)


__all__ = [
    "ATR",
    "CARD_ACCESS",
    "EF_CARD_ACCESS",
    "EF_CARD_SECURITY",
    "EF_DG17",
    "EF_DG18",
    "EID_AID",
    "VirtualIdCard",
]
