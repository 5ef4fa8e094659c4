"""The eID protocol from the terminal's side: what the workflows call on a change terminal.

An :class:`EidSession` drives any :class:`ChangeTerminal` backend (simulator or PC/SC):
PACE with CAN, PIN or PUK, secure messaging for everything after it, the (simplified)
terminal authentication, reading and writing the place of residence (DG17/DG18), PIN
management and switching the eID function. Status words become the device errors of
``koffer.devices.errors``.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import TracebackType

from koffer.devices.base import DeviceKind
from koffer.devices.change_terminal import status
from koffer.devices.change_terminal.address import (
    NoPlaceInfo,
    Residence,
    address_sticker,
    decode_dg17,
    decode_dg18,
    encode_dg17,
    encode_dg18,
    municipality_key_of,
)
from koffer.devices.change_terminal.apdu import CommandApdu
from koffer.devices.change_terminal.card import EID_AID
from koffer.devices.change_terminal.interface import ApduResponse, ChangeTerminal
from koffer.devices.change_terminal.pace import PACE_OID, PasswordKind
from koffer.devices.change_terminal.secure_messaging import (
    SecureMessaging,
    SecureMessagingError,
)
from koffer.devices.change_terminal.terminal_auth import (
    TerminalCredential,
    TerminalRight,
    signed_message,
)
from koffer.devices.change_terminal.terminal_pace import (
    PaceBroken,
    PaceRefused,
    authenticate,
    mse_set_at,
)
from koffer.devices.change_terminal.tlv import tlv
from koffer.devices.errors import (
    AddressWriteInterrupted,
    CardProtocolError,
    CardRemoved,
    DeviceError,
    DeviceUnavailable,
    EidDeactivated,
    NotAuthorised,
    PinBlocked,
    PinSuspended,
    PukUsedUp,
    WrongCan,
    WrongPin,
    WrongPuk,
)

_DEVICE = str(DeviceKind.CHANGE_TERMINAL)
SFI_DG17 = 0x11
SFI_DG18 = 0x12
SFI_CARD_ACCESS = 0x1C
CHUNK = 200  # fits a short APDU with secure-messaging overhead both ways
CLA_CHAINING = 0x10  # ISO 7816-4 command chaining: more commands of this chain follow
PIN_DIGITS = 6


@dataclass(frozen=True)
class ResidenceRecord:
    """What the chip holds about where its holder lives."""

    residence: Residence
    municipality_id: str  # 14 BCD digits, see address.py; "" without an address in Germany

    @property
    def municipality_key(self) -> str:
        """The 8-digit official municipality key."""
        return municipality_key_of(self.municipality_id)


def sticker_lines(residence: Residence) -> list[str]:
    """The text of the address sticker for the back of the card."""
    return address_sticker(residence)


class EidSession:
    """One card on one change terminal, from connect to disconnect."""

    def __init__(self, terminal: ChangeTerminal) -> None:
        self.terminal = terminal
        self._sm: SecureMessaging | None = None
        self._id_picc = b""
        self._can_done = False
        self.authenticated_with: PasswordKind | None = None
        self.rights = TerminalRight.NONE

    # ------------------------------------------------------------------ connection

    def open(self) -> None:
        """Power the card, select the eID application and check it offers our PACE.

        Raises:
            CardProtocolError: Not a German ID card with PACE over brainpoolP256r1/AES-128.
        """
        self.terminal.connect()
        self._reset()
        self._expect(self.terminal.transmit(CommandApdu(0, 0xA4, 0x04, 0x0C, EID_AID).to_bytes()))
        card_access = self._read(SFI_CARD_ACCESS)
        if PACE_OID not in card_access:
            raise CardProtocolError(_DEVICE, "EF.CardAccess offers no supported PACE protocol")

    def close(self) -> None:
        """Power the card down; the card forgets the session."""
        self._reset()
        self.terminal.disconnect()

    def __enter__(self) -> EidSession:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def _reset(self) -> None:
        self._sm = None
        self._id_picc = b""
        self._can_done = False
        self.authenticated_with = None
        self.rights = TerminalRight.NONE

    # ------------------------------------------------------------------ transport

    def transmit(self, command: CommandApdu) -> ApduResponse:
        """Send one command, under secure messaging once PACE has established it.

        Workflows use the named operations; this is for diagnostics and tests.

        Raises:
            CardProtocolError: Secure messaging broke (the channel is then closed).
        """
        channel = self._sm
        if channel is None:
            return self.terminal.transmit(command.to_bytes())
        response = self.terminal.transmit(channel.protect_command(command))
        if (
            response.sw in (status.SW_SM_DATA_MISSING, status.SW_SM_DATA_WRONG)
            and not response.data
        ):
            self._sm = None
            raise CardProtocolError(_DEVICE, f"card rejected secure messaging ({response.sw:04X})")
        try:
            return channel.unprotect_response(response)
        except SecureMessagingError as exc:
            self._sm = None
            raise CardProtocolError(_DEVICE, str(exc)) from exc

    def _expect(self, response: ApduResponse, *, deactivated_ok: bool = False) -> ApduResponse:
        """Return ``response`` if it is 9000; raise the matching device error otherwise."""
        sw = response.sw
        if sw == status.SW_OK or (deactivated_ok and sw == status.SW_DEACTIVATED):
            return response
        raise _error_for(sw)

    def _read(self, sfi: int) -> bytes:
        content = b""
        command = CommandApdu(0, 0xB0, 0x80 | sfi, 0, le=CHUNK)
        while True:
            chunk = self._expect(self.transmit(command)).data
            content += chunk
            if len(chunk) < CHUNK:
                return content
            offset = len(content)
            command = CommandApdu(0, 0xB0, offset >> 8, offset & 0xFF, le=CHUNK)

    def _write(self, files: list[tuple[int, bytes]]) -> None:
        """Write ``(sfi, content)`` pairs as one UPDATE BINARY command chain.

        The card commits the files together on the chain's last command (see ``card.py``),
        so a card taken away mid-way keeps what it had.

        Raises:
            AddressWriteInterrupted: The card left, or the link broke, during the chain.
            NotAuthorised: The card refused a command (it then dropped the whole chain).
        """
        commands: list[CommandApdu] = []
        for sfi, content in files:
            offset = 0
            while True:
                chunk = content[offset : offset + CHUNK]
                if offset == 0:
                    commands.append(CommandApdu(CLA_CHAINING, 0xD6, 0x80 | sfi, 0, chunk))
                else:
                    commands.append(
                        CommandApdu(CLA_CHAINING, 0xD6, offset >> 8, offset & 0xFF, chunk)
                    )
                offset += len(chunk)
                if offset >= len(content):
                    break
        last = commands[-1]
        commands[-1] = CommandApdu(0, last.ins, last.p1, last.p2, last.data)
        for number, command in enumerate(commands, 1):
            try:
                response = self.transmit(command)
            except (CardRemoved, DeviceUnavailable, CardProtocolError) as exc:
                # The card lost power (or the channel) with the chain open: it kept the old
                # content, unless this was the last command and only its answer got lost.
                self._reset()
                raise AddressWriteInterrupted(
                    _DEVICE, f"after {number - 1} of {len(commands)} commands: {exc.detail}"
                ) from exc
            self._expect(response)

    # ------------------------------------------------------------------ PACE

    @property
    def secure_messaging_active(self) -> bool:
        """Whether PACE has set up secure messaging."""
        return self._sm is not None

    def pace(self, kind: PasswordKind, secret: str) -> None:
        """Run PACE with the CAN, the PIN or the PUK.

        Raises:
            WrongCan: The CAN did not match.
            WrongPin: The PIN did not match; ``tries_left`` tells how many remain.
            PinSuspended: One try left and no PACE with the CAN in this session yet, or the
                second wrong PIN just suspended it.
            PinBlocked: No PIN tries left.
            WrongPuk: The PUK did not match.
            CardProtocolError: The card broke the protocol.
        """
        mse = self.transmit(mse_set_at(kind))
        if kind == PasswordKind.PIN:
            tries = status.retries(mse.sw)
            if tries == 0:
                raise PinBlocked(_DEVICE, "PIN blocked")
            if tries == 1 and not self._can_done:
                raise PinSuspended(_DEVICE, "PIN suspended: PACE with the CAN first")
            if tries is None and mse.sw not in (status.SW_OK, status.SW_DEACTIVATED):
                raise _error_for(mse.sw)
        else:
            self._expect(mse)
        self.authenticated_with = None
        self.rights = TerminalRight.NONE
        try:
            channel = authenticate(self.transmit, secret)
        except PaceRefused as exc:
            raise _pace_error(kind, exc.sw) from exc
        except PaceBroken as exc:
            raise CardProtocolError(_DEVICE, str(exc)) from exc
        self._sm = channel.secure_messaging
        self._id_picc = channel.id_picc
        self.authenticated_with = kind
        if kind == PasswordKind.CAN:
            self._can_done = True

    # ------------------------------------------------------------------ terminal authentication

    def authenticate_terminal(self, credential: TerminalCredential) -> TerminalRight:
        """Prove the terminal's authorisation to the card (simplified TA, see terminal_auth).

        Returns:
            The rights asked for; the card grants those it allows this terminal.

        Raises:
            NotAuthorised: No PACE yet, unknown terminal, or the signature was rejected.
        """
        if self._sm is None:
            raise NotAuthorised(_DEVICE, "terminal authentication needs PACE first")
        data = tlv(0x83, credential.name.encode("utf-8")) + tlv(
            0x7F4C, tlv(0x53, credential.rights.to_byte())
        )
        mse = self.transmit(CommandApdu(0, 0x22, 0x81, 0xA4, data))
        if mse.sw == status.SW_REFERENCE_NOT_FOUND:
            raise NotAuthorised(_DEVICE, f"card does not know terminal {credential.name}")
        self._expect(mse)
        challenge = self._expect(self.transmit(CommandApdu(0, 0x84, 0, 0, le=8))).data
        signature = credential.sign(
            signed_message(self._id_picc, challenge, credential.name, credential.rights)
        )
        response = self.transmit(CommandApdu(0, 0x82, 0, 0, signature))
        if response.sw != status.SW_OK:
            raise NotAuthorised(_DEVICE, f"terminal authentication failed ({response.sw:04X})")
        self.rights = credential.rights
        return credential.rights

    # ------------------------------------------------------------------ data groups

    def read_address(self) -> ResidenceRecord:
        """Read DG17 and DG18 (needs PACE and terminal authentication).

        Raises:
            NotAuthorised: The card refused (6982).
            CardProtocolError: The data groups cannot be decoded.
        """
        dg17 = self._read(SFI_DG17)
        dg18 = self._read(SFI_DG18)
        try:
            return ResidenceRecord(decode_dg17(dg17), decode_dg18(dg18))
        except (ValueError, KeyError) as exc:
            raise CardProtocolError(_DEVICE, f"unreadable data group: {exc}") from exc

    def write_address(self, residence: Residence, municipality_key: str = "") -> list[str]:
        """Write the new place of residence and municipality key; return the sticker text.

        Both data groups go in one transaction, so the card holds the old address or the new
        one, never a mix. After :class:`AddressWriteInterrupted` the session is closed: lay
        the card on again, open a new session and write again (a repeated write is harmless).

        Args:
            residence: The new DG17 content.
            municipality_key: The 8-digit official municipality key for DG18; empty (and
                only then) for :class:`NoPlaceInfo`, which leaves DG18 empty.

        Raises:
            ValueError: ``municipality_key`` is not 8 digits, or not empty with noPlaceInfo.
            NotAuthorised: The terminal lacks the write right (rule 13: 6982). The sticker
                must only be printed when this returns.
            AddressWriteInterrupted: The card was taken away (or the link broke) during the
                write; the clerk lays it on again and repeats the write.
        """
        if isinstance(residence, NoPlaceInfo) != (not municipality_key):
            raise ValueError("a municipality key goes with an address in Germany, and only then")
        dg18 = encode_dg18(municipality_key)
        needed = TerminalRight.WRITE_DG17 | TerminalRight.WRITE_DG18
        if needed & self.rights != needed:
            # Checked before the first write so that a terminal without both rights changes
            # nothing; the card enforces the same rule on its own (rule 13).
            raise NotAuthorised(_DEVICE, "terminal lacks the DG17/DG18 write rights")
        self._write([(SFI_DG17, encode_dg17(residence)), (SFI_DG18, dg18)])
        return sticker_lines(residence)

    # ------------------------------------------------------------------ PIN and eID function

    def change_pin(self, new_pin: str) -> None:
        """Set a new 6-digit PIN (after PACE with the PIN, or as an authorised terminal).

        Raises:
            ValueError: ``new_pin`` is not six digits.
            NotAuthorised: Neither PIN-PACE nor the PIN-management right.
            EidDeactivated: The citizen's own PIN change while the eID is switched off.
        """
        if len(new_pin) != PIN_DIGITS or not new_pin.isdigit():
            raise ValueError("a PIN has six digits")
        self._expect(self.transmit(CommandApdu(0, 0x2C, 0x02, 0x03, new_pin.encode("ascii"))))

    def reset_pin_with_puk(self, puk: str) -> None:
        """Run PACE with the PUK and reset the PIN retry counter to 3.

        Raises:
            WrongPuk: The PUK did not match.
            PukUsedUp: The PUK has been used ten times.
        """
        self.pace(PasswordKind.PUK, puk)
        response = self.transmit(CommandApdu(0, 0x2C, 0x03, 0x03))
        if response.sw == status.SW_BLOCKED:
            raise PukUsedUp(_DEVICE, "PUK used ten times")
        self._expect(response)

    def activate_eid(self) -> None:
        """Switch the online eID function on (needs the PIN-management right)."""
        self._expect(self.transmit(CommandApdu(0, 0x44, 0x10, 0x03)))

    def deactivate_eid(self) -> None:
        """Switch the online eID function off (needs the PIN-management right)."""
        self._expect(self.transmit(CommandApdu(0, 0x04, 0x10, 0x03)))


def _pace_error(kind: PasswordKind, sw: int) -> DeviceError:
    if kind == PasswordKind.PIN:
        tries = status.retries(sw)
        if tries == 0 or sw == status.SW_BLOCKED:
            return PinBlocked(_DEVICE, "PIN blocked")
        if tries == 1 or sw == status.SW_CONDITIONS_NOT_SATISFIED:
            return PinSuspended(_DEVICE, "wrong PIN; PIN suspended")
        if tries is not None:
            return WrongPin(_DEVICE, "wrong PIN", tries_left=tries)
    if sw == status.SW_AUTHENTICATION_FAILED:
        if kind == PasswordKind.CAN:
            return WrongCan(_DEVICE, "wrong CAN")
        if kind == PasswordKind.PUK:
            return WrongPuk(_DEVICE, "wrong PUK")
    return _error_for(sw)


def _error_for(sw: int) -> DeviceError:
    if sw == status.SW_SECURITY_NOT_SATISFIED:
        return NotAuthorised(_DEVICE, "security status not satisfied (6982)")
    if sw == status.SW_DEACTIVATED:
        return EidDeactivated(_DEVICE, "eID function deactivated (6283)")
    if sw == status.SW_BLOCKED:
        return PinBlocked(_DEVICE, "blocked (6983)")
    return CardProtocolError(_DEVICE, f"unexpected status {sw:04X}")
