"""Message catalogue for texts shown outside Qt (CLI, logs meant for clerks).

German is the source language; English is complete. Qt screens translate through Qt Linguist
and use the same keys as their source strings' context.
"""

from __future__ import annotations

from typing import Any

from koffer.domain.errors import KofferError

CATALOGUE: dict[str, dict[str, str]] = {
    "error.generic": {
        "de": "Ein Fehler ist aufgetreten.",
        "en": "An error occurred.",
    },
    "error.validation": {
        "de": "Eingabe ungültig: {field}.",
        "en": "Invalid input: {field}.",
    },
    "error.required": {
        "de": "Pflichtfeld fehlt: {field}.",
        "en": "Required field missing: {field}.",
    },
    "error.too_long": {
        "de": "{field} ist zu lang (höchstens {limit} Zeichen).",
        "en": "{field} is too long (at most {limit} characters).",
    },
    "error.invalid_characters": {
        "de": "{field} enthält Zeichen, die nicht zulässig sind: {chars}",
        "en": "{field} contains characters that are not allowed: {chars}",
    },
    "error.date_in_future": {
        "de": "{field} liegt in der Zukunft.",
        "en": "{field} lies in the future.",
    },
    "error.invalid_transition": {
        "de": "Der Vorgang kann nicht von „{current}“ nach „{target}“ wechseln.",
        "en": "The case cannot move from '{current}' to '{target}'.",
    },
    "error.wrong_passphrase": {
        "de": "Die Passphrase ist falsch.",
        "en": "The passphrase is wrong.",
    },
    "error.passphrase_too_short": {
        "de": "Die Passphrase muss mindestens {minimum} Zeichen lang sein.",
        "en": "The passphrase must be at least {minimum} characters long.",
    },
    "error.store_locked": {
        "de": "Der Koffer ist gesperrt. Bitte zuerst anmelden.",
        "en": "The kit is locked. Please unlock it first.",
    },
    "error.not_found": {
        "de": "Der Datensatz wurde nicht gefunden.",
        "en": "The record was not found.",
    },
    "error.sync": {
        "de": "Übertragung ans Rathaus fehlgeschlagen: {reason}. Der Vorgang bleibt in der "
        "Warteschlange.",
        "en": "Transfer to the town hall failed: {reason}. The case stays queued.",
    },
    "device.unavailable": {
        "de": "{device} ist nicht erreichbar. Bitte Kabel und Stromversorgung prüfen.",
        "en": "{device} is not reachable. Please check the cable and power.",
    },
    "device.timeout": {
        "de": "{device} antwortet nicht rechtzeitig. Bitte erneut versuchen.",
        "en": "{device} did not answer in time. Please try again.",
    },
    "device.paper_out": {
        "de": "Der Drucker hat kein Papier. Papier einlegen und erneut drucken.",
        "en": "The printer is out of paper. Load paper and print again.",
    },
    "device.paper_jam": {
        "de": "Papierstau im {device}. Papier entfernen und erneut versuchen.",
        "en": "Paper jam in the {device}. Remove the paper and try again.",
    },
    "device.offline": {
        "de": "Der Drucker ist offline. Einschalten und erneut drucken.",
        "en": "The printer is offline. Switch it on and print again.",
    },
    "device.cover_open": {
        "de": "Die Abdeckung des Scanners ist offen. Schließen und erneut scannen.",
        "en": "The scanner cover is open. Close it and scan again.",
    },
    "device.card_removed": {
        "de": "Die Karte wurde zu früh entfernt. Bitte wieder auflegen.",
        "en": "The card was removed too early. Please put it back.",
    },
    "device.no_card": {
        "de": "Keine Karte im Änderungsterminal.",
        "en": "No card in the change terminal.",
    },
    "device.declined": {
        "de": "Die Zahlung wurde abgelehnt: {reason}.",
        "en": "The payment was declined: {reason}.",
    },
    "device.not_configured": {
        "de": "Für {device} ist das Backend „{backend}“ nicht verfügbar.",
        "en": "Backend '{backend}' is not available for {device}.",
    },
    "device.failed": {
        "de": "{device}: {reason}",
        "en": "{device}: {reason}",
    },
}

DEFAULT_LANGUAGE = "de"


def translate(key: str, language: str = DEFAULT_LANGUAGE, **params: Any) -> str:
    """Return the message for ``key`` in ``language`` (German when missing).

    Args:
        key: Catalogue key.
        language: ISO 639-1 code.
        **params: Values for the message's placeholders.

    Returns:
        The formatted message; the key itself when the catalogue lacks it.
    """
    entry = CATALOGUE.get(key)
    if entry is None:
        return key
    text = entry.get(language) or entry[DEFAULT_LANGUAGE]
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text


def describe(error: KofferError, language: str = DEFAULT_LANGUAGE) -> str:
    """Return the translated message for a Koffer error."""
    return translate(error.message_key, language, **error.params)
