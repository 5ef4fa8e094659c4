"""Device errors a clerk can act on; each names the device and carries a message key."""

from __future__ import annotations

from typing import Any

from koffer.domain.errors import KofferError


class DeviceError(KofferError):
    """A device could not do what was asked; the case is untouched and the step can be retried."""

    message_key = "device.failed"

    def __init__(self, device: str = "", detail: str = "", **params: Any) -> None:
        super().__init__(detail or type(self).__name__, device=device, reason=detail, **params)
        self.device = device


class DeviceUnavailable(DeviceError):
    """Unplugged, switched off, or its daemon is not running."""

    message_key = "device.unavailable"


class DeviceTimeout(DeviceError):
    """The device did not answer in time."""

    message_key = "device.timeout"


class PaperOut(DeviceError):
    """Printer or scanner feeder is empty."""

    message_key = "device.paper_out"


class PaperJam(DeviceError):
    """Paper is stuck in the printer or scanner."""

    message_key = "device.paper_jam"


class PrinterOffline(DeviceError):
    """The printer queue is stopped or the printer is off."""

    message_key = "device.offline"


class CoverOpen(DeviceError):
    """The scanner's lid or feeder cover is open."""

    message_key = "device.cover_open"


class CardRemoved(DeviceError):
    """The ID card left the change terminal during an operation."""

    message_key = "device.card_removed"


class NoCard(DeviceError):
    """No card in the change terminal."""

    message_key = "device.no_card"


class PaymentDeclined(DeviceError):
    """The payment terminal declined the card."""

    message_key = "device.declined"


class BackendNotAvailable(DeviceError):
    """The configured backend cannot be used on this machine."""

    message_key = "device.not_configured"


# --- change terminal (eID card) ---


class WrongPin(DeviceError):
    """The eID PIN was wrong; ``tries_left`` tries remain before it is suspended or blocked."""

    message_key = "device.eid.wrong_pin"

    def __init__(self, device: str = "", detail: str = "", tries_left: int = 0) -> None:
        super().__init__(device, detail, tries_left=tries_left)
        self.tries_left = tries_left


class PinSuspended(WrongPin):
    """One PIN try is left and it needs PACE with the CAN first (card answered 63C1)."""

    message_key = "device.eid.pin_suspended"

    def __init__(self, device: str = "", detail: str = "") -> None:
        super().__init__(device, detail, tries_left=1)


class PinBlocked(DeviceError):
    """The PIN is blocked (63C0 / 6983): the PUK or a new PIN after an identity check helps."""

    message_key = "device.eid.pin_blocked"


class WrongCan(DeviceError):
    """The card access number did not match the card."""

    message_key = "device.eid.wrong_can"


class WrongPuk(DeviceError):
    """The PUK did not match the card."""

    message_key = "device.eid.wrong_puk"


class PukUsedUp(DeviceError):
    """The PUK has reset the PIN ten times and cannot do it again."""

    message_key = "device.eid.puk_used_up"


class NotAuthorised(DeviceError):
    """The terminal lacks the authorisation for this card operation (6982, failed TA)."""

    message_key = "device.eid.not_authorised"


class EidDeactivated(DeviceError):
    """The eID function of the card is switched off (6283)."""

    message_key = "device.eid.deactivated"


class CardProtocolError(DeviceError):
    """The card answered outside the protocol (unexpected status, broken secure messaging)."""

    message_key = "device.eid.protocol"


class AddressWriteInterrupted(CardRemoved):
    """The card left the terminal (or the link broke) while the new address was written.

    The card commits DG17 and DG18 together, so it holds the old address or the new one,
    never a mix; which one is known only when it is read again. Writing again is safe.
    """

    message_key = "device.eid.write_interrupted"


# --- signature pad ---


class SignatureCancelled(DeviceError):
    """The clerk broke off the signing before the citizen confirmed."""

    message_key = "device.signature_pad.cancelled"


# --- payment ---
class PaymentCancelled(PaymentDeclined):
    """The customer (or the terminal's own timeout) cancelled the payment at the terminal."""

    message_key = "device.payment.cancelled"


class PaymentJournalUnavailable(DeviceError):
    """The terminal cannot tell whether an interrupted payment went through: check by hand."""

    message_key = "device.payment.journal_unavailable"
