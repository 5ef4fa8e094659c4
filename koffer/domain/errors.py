"""Errors a clerk can act on, each carrying a message key for translation."""

from __future__ import annotations

from typing import Any


class KofferError(Exception):
    """Base of every error Koffer reports to a person.

    Attributes:
        message_key: Key into the message catalogue (``koffer.domain.messages``).
        params: Values substituted into the translated message.
    """

    message_key = "error.generic"

    def __init__(self, detail: str = "", **params: Any) -> None:
        super().__init__(detail or self.message_key)
        self.detail = detail
        self.params = {"detail": detail, **params}


class ValidationError(KofferError):
    """Input that breaks a rule; nothing was stored."""

    message_key = "error.validation"

    def __init__(self, field: str, message_key: str, detail: str = "", **params: Any) -> None:
        super().__init__(detail or f"{field}: {message_key}", field=field, **params)
        self.field = field
        self.message_key = message_key


class InvalidTransition(KofferError):
    """A case was asked to move to a state its current state does not lead to."""

    message_key = "error.invalid_transition"


class WrongPassphrase(KofferError):
    """The passphrase did not unlock the kit store."""

    message_key = "error.wrong_passphrase"


class LockedOut(KofferError):
    """Too many wrong passphrases: this login must wait before the next try."""

    message_key = "error.locked_out"


class StoreCorrupt(KofferError):
    """The kit store's file is damaged; nothing was changed in it."""

    message_key = "error.store_corrupt"


class RecordDamaged(KofferError):
    """One sealed record does not decrypt: altered or damaged on disk. Others are unaffected."""

    message_key = "error.record_damaged"


class ForeignDatabase(KofferError):
    """The file in the data directory is a database, but not a Koffer kit store."""

    message_key = "error.foreign_database"


class DiskFull(KofferError):
    """The disk is full; the last action was not saved, earlier ones are intact."""

    message_key = "error.disk_full"


class OfflineTooLong(KofferError):
    """The kit has not synced for too long and takes no new cases until it does."""

    message_key = "error.offline_too_long"


class StoreLocked(KofferError):
    """The kit store must be unlocked first."""

    message_key = "error.store_locked"


class KitRevoked(KofferError):
    """The town hall revoked this kit; its keys and data have been destroyed."""

    message_key = "error.kit_revoked"


class SyncError(KofferError):
    """The town hall could not be reached or refused a packet; the case stays queued."""

    message_key = "error.sync"
