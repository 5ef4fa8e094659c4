"""The clerk's words for services, case and outbox states, device kinds, and times.

Looked up when called, so they follow the translator installed at that moment.
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QCoreApplication

from koffer.domain.case import CaseState, ServiceKind


def service_names() -> dict[ServiceKind, str]:
    """Every service as the clerk calls it."""
    return {
        ServiceKind.REGISTRATION_CERTIFICATE: QCoreApplication.translate(
            "Labels", "Meldebescheinigung"
        ),
        ServiceKind.ID_CARD: QCoreApplication.translate("Labels", "Personalausweis"),
        ServiceKind.PASSPORT: QCoreApplication.translate("Labels", "Reisepass"),
        ServiceKind.REGISTRATION: QCoreApplication.translate("Labels", "Anmeldung"),
        ServiceKind.DEREGISTRATION: QCoreApplication.translate("Labels", "Abmeldung"),
        ServiceKind.CONDUCT_CERTIFICATE: QCoreApplication.translate("Labels", "Führungszeugnis"),
        ServiceKind.CERTIFICATION: QCoreApplication.translate("Labels", "Beglaubigung"),
        ServiceKind.LIFE_CERTIFICATE: QCoreApplication.translate("Labels", "Lebensbescheinigung"),
        ServiceKind.EID: QCoreApplication.translate("Labels", "Online-Ausweis (eID)"),
        ServiceKind.PARKING_PERMIT: QCoreApplication.translate("Labels", "Bewohnerparkausweis"),
        ServiceKind.INFORMATION_BLOCK: QCoreApplication.translate("Labels", "Auskunftssperre"),
    }


def service_name(kind: ServiceKind) -> str:
    """The service as the clerk calls it."""
    return service_names().get(kind, str(kind))


def state_name(state: CaseState) -> str:
    """The case state as the clerk calls it."""
    names = {
        CaseState.DRAFT: QCoreApplication.translate("Labels", "Entwurf"),
        CaseState.CAPTURED: QCoreApplication.translate("Labels", "Erfasst"),
        CaseState.SIGNED: QCoreApplication.translate("Labels", "Unterschrieben"),
        CaseState.PAID: QCoreApplication.translate("Labels", "Bezahlt"),
        CaseState.QUEUED: QCoreApplication.translate("Labels", "Wartet auf Übermittlung"),
        CaseState.DELIVERED: QCoreApplication.translate("Labels", "Übermittelt"),
        CaseState.ACKNOWLEDGED: QCoreApplication.translate("Labels", "Vom Rathaus bestätigt"),
        CaseState.DONE: QCoreApplication.translate("Labels", "Erledigt"),
        CaseState.REJECTED: QCoreApplication.translate("Labels", "Abgelehnt"),
    }
    return names.get(state, str(state))


def outbox_state_name(state: str) -> str:
    """An outbox entry's state, with a mark so that it does not rest on colour."""
    names = {
        "pending": QCoreApplication.translate("Labels", "○ Wartet"),
        "failed": QCoreApplication.translate("Labels", "✗ Fehlgeschlagen, neuer Versuch geplant"),
        "dead": QCoreApplication.translate("Labels", "✗ Aufgegeben"),
        "delivered": QCoreApplication.translate("Labels", "✓ Übermittelt"),
        "acknowledged": QCoreApplication.translate("Labels", "✓ Vom Rathaus bestätigt"),
    }
    return names.get(state, state)


def device_name(kind: str) -> str:
    """A device kind (``DeviceKind`` value) as the clerk calls it."""
    names = {
        "camera": QCoreApplication.translate("Labels", "Kamera"),
        "fingerprint": QCoreApplication.translate("Labels", "Fingerabdruckleser"),
        "scanner": QCoreApplication.translate("Labels", "Scanner"),
        "printer": QCoreApplication.translate("Labels", "Drucker"),
        "change_terminal": QCoreApplication.translate("Labels", "Änderungsterminal"),
        "signature_pad": QCoreApplication.translate("Labels", "Unterschriftenpad"),
        "payment": QCoreApplication.translate("Labels", "Kartenterminal"),
    }
    return names.get(kind, kind)


def device_state_name(state: str) -> str:
    """A device state (``DeviceState`` value) with its mark."""
    names = {
        "ready": QCoreApplication.translate("Labels", "✓ bereit"),
        "unavailable": QCoreApplication.translate("Labels", "✗ nicht verfügbar"),
        "fault": QCoreApplication.translate("Labels", "✗ Störung"),
    }
    return names.get(state, state)


def check_name(name: str) -> str:
    """A kit-check line's name (``device.printer``, ``store``, ``disk`` ...)."""
    kind, _, rest = name.partition(".")
    if kind == "device":
        return device_name(rest)
    if kind == "usb":
        return QCoreApplication.translate("Labels", "USB: {0}").format(device_name(rest))
    names = {
        "store": QCoreApplication.translate("Labels", "Datenspeicher"),
        "outbox": QCoreApplication.translate("Labels", "Warteschlange"),
        "disk": QCoreApplication.translate("Labels", "Speicherplatz"),
    }
    return names.get(name, name)


def local_time(moment: datetime, now: datetime | None = None) -> str:
    """A UTC time (naive or aware) in local time: only the clock time when it is today."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    local = aware.astimezone()
    today = (now or datetime.now().astimezone()).date()
    return local.strftime("%H:%M" if local.date() == today else "%d.%m.%Y %H:%M")
