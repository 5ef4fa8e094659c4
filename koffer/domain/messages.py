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
    "error.already_initialised": {
        "de": "Dieser Koffer ist bereits eingerichtet. Bitte mit einem Anmeldenamen entsperren.",
        "en": "This kit is already set up. Please unlock it with a login.",
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
    "error.locked_out": {
        "de": "Zu viele falsche Passphrasen. Bitte in {seconds} Sekunden erneut versuchen.",
        "en": "Too many wrong passphrases. Please try again in {seconds} seconds.",
    },
    "error.login_taken": {
        "de": "Diesen Anmeldenamen gibt es schon.",
        "en": "This login exists already.",
    },
    "error.store_corrupt": {
        "de": "Die Datenbank des Koffers ist beschädigt ({detail}). Es wurde nichts "
        "verändert; bitte die IT verständigen.",
        "en": "The kit's database is damaged ({detail}). Nothing was changed; please contact IT.",
    },
    "error.record_damaged": {
        "de": "Ein Datensatz lässt sich nicht entschlüsseln ({detail}): Er wurde verändert oder "
        "ist beschädigt. Alle anderen Daten sind lesbar; bitte die IT verständigen.",
        "en": "A record cannot be decrypted ({detail}): it was altered or is damaged. All other "
        "data is readable; please contact IT.",
    },
    "error.foreign_database": {
        "de": "Im Datenverzeichnis liegt eine fremde Datenbank ({detail}). Sie wird nicht "
        "angerührt; bitte ein anderes Verzeichnis wählen.",
        "en": "The data directory holds a foreign database ({detail}). It is left "
        "untouched; please choose another directory.",
    },
    "error.disk_full": {
        "de": "Der Datenträger ist voll. Der letzte Schritt wurde nicht gespeichert, alles "
        "Frühere ist erhalten. Bitte Platz schaffen und erneut versuchen.",
        "en": "The disk is full. The last step was not saved; everything before it is "
        "intact. Please free some space and try again.",
    },
    "error.offline_too_long": {
        "de": "Der Koffer war {days} Tage nicht mit dem Rathaus verbunden (erlaubt: "
        "{limit}). Neue Vorgänge erst nach einer Synchronisierung.",
        "en": "The kit has not reached the town hall for {days} days (allowed: {limit}). "
        "New cases only after a synchronisation.",
    },
    "error.store_locked": {
        "de": "Der Koffer ist gesperrt. Bitte zuerst anmelden.",
        "en": "The kit is locked. Please unlock it first.",
    },
    "error.passphrases_differ": {
        "de": "Die beiden Passphrasen stimmen nicht überein.",
        "en": "The two passphrases differ.",
    },
    "error.scenario": {
        "de": "Szenario ungültig: {detail}",
        "en": "Invalid scenario: {detail}",
    },
    "error.unknown_step": {
        "de": "Diesen Schritt gibt es für diese Dienstleistung nicht ({detail}).",
        "en": "This service has no such step ({detail}).",
    },
    "error.unknown_service": {
        "de": "Diese Dienstleistung bietet der Koffer nicht an ({detail}).",
        "en": "The kit does not offer this service ({detail}).",
    },
    "error.steps_missing": {
        "de": "Es fehlen noch Schritte: {detail}.",
        "en": "Steps still missing: {detail}.",
    },
    "service.id_card": {"de": "Personalausweis", "en": "ID card"},
    "step.photo": {"de": "Lichtbild", "en": "Photo"},
    "step.fingerprints": {"de": "Fingerabdrücke", "en": "Fingerprints"},
    "step.signature": {"de": "Unterschrift", "en": "Signature"},
    "step.payment": {"de": "Gebühr bezahlen", "en": "Pay the fee"},
    "step.summary": {"de": "Antrag ausdrucken", "en": "Print the application"},
    "step.skip.under_6": {
        "de": "Keine Fingerabdrücke unter 6 Jahren.",
        "en": "No fingerprints under 6.",
    },
    "step.skip.medical_exemption": {
        "de": "Fingerabdrücke aus medizinischen Gründen dauerhaft nicht möglich.",
        "en": "Fingerprints permanently impossible for medical reasons.",
    },
    "step.skip.temporary_document": {
        "de": "Der vorläufige Ausweis hat keinen Chip: keine Fingerabdrücke.",
        "en": "The temporary ID card has no chip: no fingerprints.",
    },
    "step.skip.under_10": {
        "de": "Keine Unterschrift unter 10 Jahren.",
        "en": "No signature under 10.",
    },
    "step.skip.cannot_sign": {
        "de": "Die Person kann nicht unterschreiben; eine Zeugin oder ein Zeuge bestätigt.",
        "en": "The person cannot sign; a witness confirms.",
    },
    "error.not_paid": {
        "de": "Für diesen Vorgang ist noch nichts bezahlt.",
        "en": "Nothing has been paid for this case yet.",
    },
    "service.registration_certificate": {
        "de": "Meldebescheinigung",
        "en": "Registration certificate",
    },
    "error.move_in_future": {
        "de": "Das Einzugsdatum liegt in der Zukunft: anmelden kann man sich erst nach dem "
        "Einzug (§ 17 Abs. 1 BMG).",
        "en": "The move-in date lies in the future: one registers after moving in (BMG §17(1)).",
    },
    "error.care_home_not_yet": {
        "de": "Wer noch an einer Wohnung gemeldet ist, meldet sich im Heim erst nach drei "
        "Monaten an (§ 32 BMG), also ab {from_date}.",
        "en": "Someone still registered at a dwelling registers at the care home only after "
        "three months (BMG §32), i.e. from {from_date}.",
    },
    "error.family_move_in_differs": {
        "de": "Familienmitglieder mit anderem Einzugsdatum brauchen einen eigenen Meldeschein "
        "(§ 23 Abs. 4 BMG).",
        "en": "Family members with a different move-in date need a form of their own (BMG §23(4)).",
    },
    "error.landlord_confirmation_missing": {
        "de": "Die Wohnungsgeberbestätigung fehlt (§ 19 BMG).",
        "en": "The landlord confirmation is missing (BMG §19).",
    },
    "error.landlord_confirmation_mismatch": {
        "de": "Die Wohnungsgeberbestätigung passt nicht zur Anmeldung: {field}.",
        "en": "The landlord confirmation does not match the registration: {field}.",
    },
    "error.landlord_occupant_missing": {
        "de": "In der Wohnungsgeberbestätigung fehlt: {detail}.",
        "en": "The landlord confirmation does not name: {detail}.",
    },
    "error.certification_civil_status": {
        "de": "Personenstandsurkunden beglaubigt nur das Standesamt.",
        "en": "Civil-status certificates are certified by the registry office only.",
    },
    "error.certification_defects": {
        "de": "Nicht beglaubigungsfähig (§ 33 Abs. 2 VwVfG): {detail}.",
        "en": "Cannot be certified (VwVfG §33(2)): {detail}.",
    },
    "error.certification_notary": {
        "de": "Diese Unterschrift muss ein Notar beglaubigen (§ 129 BGB).",
        "en": "This signature must be certified by a notary (BGB §129).",
    },
    "error.certification_blank_signature": {
        "de": "Eine Unterschrift ohne Text wird nicht beglaubigt (§ 34 Abs. 1 VwVfG).",
        "en": "A signature under no text is not certified (VwVfG §34(1)).",
    },
    "error.certification_presented_to": {
        "de": "Bitte angeben, bei welcher Stelle die Kopie vorgelegt wird (nur zur Vorlage bei).",
        "en": "Please name the body the copy is for (for presentation to ... only).",
    },
    "error.certification_signature_presented_to": {
        "de": "Bitte angeben, bei welcher Stelle das unterschriebene Schriftstück vorgelegt "
        "wird: Unterschriften werden nur zur Vorlage dort beglaubigt (§ 34 VwVfG).",
        "en": "Please name the body the signed document is for: signatures are certified for "
        "presentation there only (VwVfG §34).",
    },
    "error.certification_page_count": {
        "de": "Das Original hat {pages} Seite(n), gescannt sind {scanned}: bitte jede Seite "
        "scannen.",
        "en": "The original has {pages} page(s) and {scanned} were scanned: please scan every "
        "page.",
    },
    "service.passport": {"de": "Reisepass", "en": "Passport"},
    "service.life_certificate": {"de": "Lebensbescheinigung", "en": "Life certificate"},
    "step.scan_form": {"de": "Formular scannen", "en": "Scan the form"},
    "step.life_confirmation": {
        "de": "Bestätigung aufdrucken",
        "en": "Print the confirmation",
    },
    "fee.life_certificate": {"de": "Lebensbescheinigung", "en": "Life certificate"},
    "service.registration": {"de": "Anmeldung", "en": "Registration of residence"},
    "service.deregistration": {"de": "Abmeldung", "en": "Deregistration"},
    "service.conduct_certificate": {"de": "Führungszeugnis", "en": "Certificate of good conduct"},
    "service.certification": {"de": "Beglaubigung", "en": "Certification"},
    "step.landlord_confirmation": {
        "de": "Wohnungsgeberbestätigung scannen",
        "en": "Scan the landlord confirmation",
    },
    "step.registration_confirmation": {
        "de": "Meldebestätigung drucken",
        "en": "Print the registration confirmation",
    },
    "step.deregistration_confirmation": {
        "de": "Abmeldebestätigung drucken",
        "en": "Print the deregistration confirmation",
    },
    "step.written_request": {
        "de": "Schriftliche Aufforderung scannen",
        "en": "Scan the written request",
    },
    "step.identity_checked": {"de": "Identität geprüft", "en": "Identity checked"},
    "step.conduct_confirmation": {
        "de": "Antragsbestätigung drucken",
        "en": "Print the confirmation",
    },
    "step.scan_original": {"de": "Vorlage scannen", "en": "Scan the original"},
    "step.certification_note": {
        "de": "Beglaubigungsvermerk drucken",
        "en": "Print the certification note",
    },
    "step.skip.not_extended": {
        "de": "Nur beim erweiterten Führungszeugnis nötig.",
        "en": "Only needed for an extended certificate.",
    },
    # --- services: eID, certificate, parking, information block, next steps ---
    "service.eid": {"de": "Online-Ausweis / Chip", "en": "Online ID / card chip"},
    "service.parking_permit": {"de": "Bewohnerparkausweis", "en": "Resident parking permit"},
    "service.information_block": {"de": "Auskunftssperre", "en": "Information block"},
    "step.card_operation": {"de": "Am Änderungsterminal", "en": "On the change terminal"},
    "step.address_sticker": {"de": "Adressaufkleber drucken", "en": "Print the address sticker"},
    "step.registration_certificate": {
        "de": "Meldebescheinigung drucken",
        "en": "Print the registration certificate",
    },
    "step.vehicle_registration": {
        "de": "Zulassungsbescheinigung Teil I scannen",
        "en": "Scan the vehicle registration certificate",
    },
    "step.use_confirmation": {
        "de": "Nutzungsbestätigung des Halters scannen",
        "en": "Scan the keeper's confirmation of use",
    },
    "step.parking_permit": {"de": "Parkausweis drucken", "en": "Print the parking permit"},
    "step.next_steps": {"de": "Hinweisblatt drucken", "en": "Print the next-steps sheet"},
    "step.skip.read_only": {
        "de": "Nur Lesen: keine Änderung am Ausweis.",
        "en": "Reading only: nothing on the card changes.",
    },
    "step.skip.no_address_change": {
        "de": "Nur bei einer Adressänderung.",
        "en": "Only for an address change.",
    },
    "step.skip.free": {"de": "Gebührenfrei.", "en": "Free of charge."},
    "step.skip.keeper_is_applicant": {
        "de": "Das Fahrzeug ist auf die antragstellende Person zugelassen.",
        "en": "The vehicle is registered to the applicant.",
    },
    "error.can_format": {
        "de": "Die Zugangsnummer (CAN) hat sechs Ziffern; sie steht vorne auf dem Ausweis.",
        "en": "The card access number (CAN) has six digits; it is on the front of the card.",
    },
    "error.pin_format": {
        "de": "Die neue PIN muss aus sechs Ziffern bestehen.",
        "en": "The new PIN must have six digits.",
    },
    "error.eid_under_16": {
        "de": "Der Online-Ausweis wird erst ab {minimum} Jahren eingeschaltet.",
        "en": "The online ID is switched on only from age {minimum}.",
    },
    "error.municipality_key_format": {
        "de": "Der amtliche Gemeindeschlüssel hat acht Ziffern.",
        "en": "The official municipality key has eight digits.",
    },
    "error.information_refused": {
        "de": "Diese Auskunft kann hier nicht erteilt werden. Bitte wenden Sie sich "
        "persönlich an die Meldebehörde.",
        "en": "This information cannot be given here. Please contact the registration "
        "office in person.",
    },
    "error.block_grounds_missing": {
        "de": "Für die Auskunftssperre müssen Gründe genannt und glaubhaft gemacht sein "
        "(§ 51 Absatz 1 BMG).",
        "en": "An information block needs grounds, stated and shown credibly (BMG §51(1)).",
    },
    "error.plate_format": {
        "de": "Kein gültiges deutsches Kennzeichen: {detail}. Beispiel: K-AB 1234.",
        "en": "Not a valid German registration number: {detail}. Example: K-AB 1234.",
    },
    "error.parking_zone_unknown": {
        "de": "Diese Parkzone gibt es nicht: {detail}.",
        "en": "There is no such parking zone: {detail}.",
    },
    "error.parking_not_resident": {
        "de": "Die Hauptwohnung liegt nicht in Zone {zone}; ein Bewohnerparkausweis ist "
        "nur für die eigene Zone möglich.",
        "en": "The main residence is not in zone {zone}; a resident permit is only "
        "issued for one's own zone.",
    },
    "error.parking_vehicle_too_heavy": {
        "de": "Bewohnerparkausweise gibt es nur für Fahrzeuge bis {limit} kg.",
        "en": "Resident permits are only issued for vehicles up to {limit} kg.",
    },
    "error.kit_revoked": {
        "de": "Das Rathaus hat diesen Koffer gesperrt. Alle Schlüssel und Daten darauf wurden "
        "gelöscht; bitte die IT verständigen.",
        "en": "The town hall has revoked this kit. Every key and all data on it were "
        "destroyed; please contact IT.",
    },
    "error.signature_empty": {
        "de": "Keine Unterschrift erkannt. Bitte noch einmal unterschreiben.",
        "en": "No signature found. Please sign again.",
    },
    "error.photo_failed": {
        "de": "Das Lichtbild erfüllt nicht alle Anforderungen: {detail}. Bitte neu aufnehmen "
        "oder begründet übergehen.",
        "en": "The photo does not meet every requirement: {detail}. Please take it again or "
        "overrule with a reason.",
    },
    "error.fingerprints_incomplete": {
        "de": "Nicht für beide Hände ein brauchbarer Fingerabdruck: {detail}.",
        "en": "No usable fingerprint for both hands: {detail}.",
    },
    "error.fingerprints_duplicate": {
        "de": "Die beiden Abdrücke sehen aus wie derselbe Finger. Bitte prüfen und bestätigen.",
        "en": "The two prints look like the same finger. Please check and confirm.",
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
    "sync.unreachable": {
        "de": "das Rathaus ist nicht erreichbar (keine Verbindung)",
        "en": "the town hall cannot be reached (no connection)",
    },
    "sync.timeout": {
        "de": "das Rathaus antwortet nicht rechtzeitig",
        "en": "the town hall did not answer in time",
    },
    "sync.refused": {
        "de": "das Rathaus kennt diesen Koffer nicht oder hat ihn gesperrt",
        "en": "the town hall does not know this kit or has revoked it",
    },
    "sync.rejected": {
        "de": "das Rathaus hat die Sendung abgelehnt",
        "en": "the town hall refused the packet",
    },
    "sync.server_error": {
        "de": "Störung beim Rathaus",
        "en": "the town hall has a fault",
    },
    "sync.no_status": {
        "de": "das Rathaus hat keinen Stand gemeldet",
        "en": "the town hall reported no status",
    },
    "device.unavailable": {
        "de": "Gerät nicht erreichbar: {device}. Bitte Kabel und Stromversorgung prüfen.",
        "en": "Device not reachable: {device}. Please check the cable and power.",
    },
    "device.timeout": {
        "de": "Keine Antwort in der erwarteten Zeit: {device}. Bitte erneut versuchen.",
        "en": "No answer in time: {device}. Please try again.",
    },
    "device.paper_out": {
        "de": "Der Drucker hat kein Papier. Papier einlegen und erneut drucken.",
        "en": "The printer is out of paper. Load paper and print again.",
    },
    "device.paper_jam": {
        "de": "Papierstau ({device}). Papier entfernen und erneut versuchen.",
        "en": "Paper jam ({device}). Remove the paper and try again.",
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
        "de": "Gerät {device}: Anbindung „{backend}“ nicht verfügbar.",
        "en": "Device {device}: backend '{backend}' is not available.",
    },
    "device.failed": {
        "de": "{device}: {reason}",
        "en": "{device}: {reason}",
    },
    # --- domain rules ---
    "error.invalid_date": {
        "de": "{field} ist kein gültiges Datum (JJJJ-MM-TT, unbekannte Teile als XX).",
        "en": "{field} is not a valid date (YYYY-MM-DD, unknown parts as XX).",
    },
    "error.validity_too_long": {
        "de": "Die Gültigkeit darf höchstens bis {limit} reichen.",
        "en": "The validity may not go beyond {limit}.",
    },
    "error.custodian_required": {
        "de": "Unter {minimum} Jahren stellt nur eine sorgeberechtigte Person den Antrag.",
        "en": "Under {minimum}, only a custodian may apply.",
    },
    "error.no_proxy": {
        "de": "Eine Vertretung ist hier nicht zulässig; die Person muss selbst beantragen.",
        "en": "No proxy is allowed here; the person must apply in person.",
    },
    "error.too_young": {
        "de": "Antrag erst ab {minimum} Jahren möglich.",
        "en": "Applications only from the age of {minimum}.",
    },
    "error.deregistration_new_dwelling": {
        "de": "Keine Abmeldung bei Bezug einer neuen Wohnung im Inland: dort anmelden.",
        "en": "No deregistration when moving to a new dwelling in Germany: register there.",
    },
    "error.deregistration_too_early": {
        "de": "Abmeldung frühestens eine Woche vor dem Auszug möglich (ab {earliest}).",
        "en": "Deregistration at the earliest one week before moving out (from {earliest}).",
    },
    "error.conduct_written_request_missing": {
        "de": "Für ein erweitertes Führungszeugnis fehlt die schriftliche Aufforderung.",
        "en": "An extended certificate of good conduct needs the written request.",
    },
    "error.conduct_recipient_missing": {
        "de": "Für ein Führungszeugnis zur Vorlage bei einer Behörde fehlt deren Anschrift.",
        "en": "A certificate of good conduct for an authority needs that authority's address.",
    },
    "error.no_fee_table": {
        "de": "Für den {date} ist keine Gebührentabelle hinterlegt.",
        "en": "There is no fee table for {date}.",
    },
    "error.fee_option_not_applicable": {
        "de": "{field} ist für dieses Dokument nicht möglich.",
        "en": "{field} is not available for this document.",
    },
    "error.fee_not_configured": {
        "de": "Für diese Leistung ist keine Gebühr eingerichtet ({item}). Bitte die "
        "Einstellungen der Stadt prüfen.",
        "en": "No fee is set up for this service ({item}). Please check the town's settings.",
    },
    "fee.id_card": {
        "de": "Personalausweis (ab 24 Jahren)",
        "en": "ID card (aged 24 or over)",
    },
    "fee.id_card_reduced": {
        "de": "Personalausweis (unter 24 Jahren)",
        "en": "ID card (under 24)",
    },
    "fee.temporary_id_card": {
        "de": "Vorläufiger Personalausweis",
        "en": "Temporary ID card",
    },
    "fee.replacement_id_card": {
        "de": "Ersatz-Personalausweis",
        "en": "Replacement ID card",
    },
    "fee.id_card_surcharge": {
        "de": "Zuschlag außerhalb der Dienstzeit / nicht zuständige Behörde",
        "en": "Surcharge outside office hours / non-competent authority",
    },
    "fee.address_change": {
        "de": "Änderung der Anschrift (gebührenfrei)",
        "en": "Change of address (free of charge)",
    },
    "fee.passport": {
        "de": "Reisepass (ab 24 Jahren)",
        "en": "Passport (aged 24 or over)",
    },
    "fee.passport_reduced": {
        "de": "Reisepass (unter 24 Jahren)",
        "en": "Passport (under 24)",
    },
    "fee.temporary_passport": {
        "de": "Vorläufiger Reisepass",
        "en": "Temporary passport",
    },
    "fee.passport_48_pages": {
        "de": "Zuschlag Reisepass mit 48 Seiten",
        "en": "Supplement for a 48-page passport",
    },
    "fee.passport_express": {
        "de": "Zuschlag Expressverfahren",
        "en": "Supplement for the express procedure",
    },
    "fee.passport_doubled": {
        "de": "Verdoppelung außerhalb der Dienstzeit / nicht zuständige Behörde",
        "en": "Doubling outside office hours / non-competent authority",
    },
    "fee.postal_delivery": {
        "de": "Versand per Post",
        "en": "Delivery by post",
    },
    "fee.authority_photo": {
        "de": "Lichtbild durch die Behörde",
        "en": "Photo taken by the authority",
    },
    "fee.conduct_certificate": {
        "de": "Führungszeugnis",
        "en": "Certificate of good conduct",
    },
    "fee.conduct_certificate_european": {
        "de": "Europäisches Führungszeugnis",
        "en": "European certificate of good conduct",
    },
    "fee.registration_certificate": {
        "de": "Meldebescheinigung",
        "en": "Registration certificate",
    },
    "fee.registration_certificate_extended": {
        "de": "Erweiterte Meldebescheinigung",
        "en": "Extended registration certificate",
    },
    "fee.parking_permit": {
        "de": "Bewohnerparkausweis",
        "en": "Resident parking permit",
    },
    "fee.certification": {
        "de": "Beglaubigung ({quantity} Seiten)",
        "en": "Certification ({quantity} pages)",
    },
    # --- change terminal ---
    "device.eid.wrong_pin": {
        "de": "Falsche PIN. Noch {tries_left} Versuch(e).",
        "en": "Wrong PIN. {tries_left} try/tries left.",
    },
    "device.eid.pin_suspended": {
        "de": "PIN vorübergehend gesperrt: erst die Zugangsnummer (CAN) eingeben, dann die PIN.",
        "en": "PIN suspended: enter the card access number (CAN) first, then the PIN.",
    },
    "device.eid.pin_blocked": {
        "de": "Die PIN ist gesperrt. Entsperren mit der PUK oder neue PIN setzen.",
        "en": "The PIN is blocked. Unblock it with the PUK or set a new PIN.",
    },
    "device.eid.wrong_can": {
        "de": "Die Zugangsnummer (CAN) passt nicht zur Karte.",
        "en": "The card access number (CAN) does not match the card.",
    },
    "device.eid.wrong_puk": {
        "de": "Die PUK passt nicht zur Karte.",
        "en": "The PUK does not match the card.",
    },
    "device.eid.puk_used_up": {
        "de": "Die PUK wurde bereits zehnmal verwendet und ist verbraucht.",
        "en": "The PUK has been used ten times and is used up.",
    },
    "device.eid.not_authorised": {
        "de": "Das Terminal ist für diesen Vorgang auf der Karte nicht berechtigt.",
        "en": "The terminal is not authorised for this operation on the card.",
    },
    "device.eid.deactivated": {
        "de": "Die Online-Ausweisfunktion der Karte ist ausgeschaltet.",
        "en": "The card's online ID function is switched off.",
    },
    "device.eid.protocol": {
        "de": "Die Karte antwortet nicht wie erwartet: {reason}",
        "en": "The card did not answer as expected: {reason}",
    },
    # --- device layer: interrupted address write, signature pad ---
    "device.eid.write_interrupted": {
        "de": "Die Karte wurde während des Schreibens der Anschrift entfernt. Auf dem Chip steht "
        "die alte oder schon die neue Anschrift, nie eine Mischung. Karte wieder auflegen und "
        "die Anschrift erneut schreiben.",
        "en": "The card was removed while the address was being written. The chip holds the old "
        "or the new address, never a mix. Put the card back and write the address again.",
    },
    "device.signature_pad.cancelled": {
        "de": "Die Unterschrift wurde abgebrochen. Bitte erneut unterschreiben lassen.",
        "en": "The signature was cancelled. Please ask for it again.",
    },
    # --- fingerprints ---
    "fingerprint.under_age": {
        "de": "Unter 6 Jahren werden keine Fingerabdrücke genommen.",
        "en": "No fingerprints are taken under the age of 6.",
    },
    "fingerprint.medical_exemption": {
        "de": "Keine Fingerabdrücke: Abnahme aus medizinischen Gründen dauerhaft unmöglich.",
        "en": "No fingerprints: capture is permanently impossible for medical reasons.",
    },
    "fingerprint.incomplete": {
        "de": "Es fehlt noch ein Fingerabdruck.",
        "en": "A fingerprint is still missing.",
    },
    "fingerprint.replaced": {
        "de": "Ersatzfinger verwendet, weil der Zeigefinger nicht ausreichte.",
        "en": "A replacement finger was used because the index finger was not sufficient.",
    },
    "fingerprint.below_threshold": {
        "de": "Kein Finger dieser Hand erreicht die Mindestqualität; der beste Abdruck wird "
        "verwendet.",
        "en": "No finger of this hand reaches the minimum quality; the best print is used.",
    },
    "fingerprint.no_usable_finger": {
        "de": "An dieser Hand konnte kein Finger erfasst werden.",
        "en": "No finger of this hand could be captured.",
    },
    "fingerprint.missing": {
        "de": "Finger fehlt.",
        "en": "Finger missing.",
    },
    "fingerprint.injured": {
        "de": "Finger verletzt.",
        "en": "Finger injured.",
    },
    "fingerprint.duplicate_suspected": {
        "de": "Beide Abdrücke scheinen vom selben Finger zu stammen. Bitte prüfen.",
        "en": "Both prints seem to come from the same finger. Please check.",
    },
    "fingerprint.duplicate_overruled": {
        "de": "Hinweis auf doppelten Finger von der Sachbearbeitung übergangen.",
        "en": "Duplicate-finger warning overruled by the clerk.",
    },
    "fingerprint.quality.unsupported": {
        "de": "Qualität nicht bestimmbar (Bildformat oder Auflösung nicht unterstützt).",
        "en": "Quality cannot be computed (image format or resolution not supported).",
    },
    "fingerprint.quality.no_finger": {
        "de": "Auf dem Bild ist kein Finger zu erkennen.",
        "en": "No finger can be seen on the image.",
    },
    "fingerprint.retry": {
        "de": "Bitte den Finger erneut und mittig auflegen ({reason}).",
        "en": "Please place the finger again, centred ({reason}).",
    },
    # --- payment ---
    "device.payment.cancelled": {
        "de": "Die Zahlung wurde am Kartenterminal abgebrochen: {reason}.",
        "en": "The payment was cancelled at the card terminal: {reason}.",
    },
    "device.payment.journal_unavailable": {
        "de": "Ob die letzte Zahlung gebucht wurde, ist unklar. Bitte den letzten Beleg am "
        "Kartenterminal prüfen: {reason}",
        "en": "It is unclear whether the last payment was booked. Please check the card "
        "terminal's last receipt: {reason}",
    },
    "payment.result.declined": {"de": "Karte abgelehnt", "en": "card declined"},
    "payment.result.card_not_readable": {
        "de": "Karte nicht lesbar",
        "en": "card not readable",
    },
    "payment.result.aborted": {
        "de": "Abbruch durch Kundin/Kunden oder Zeitüberschreitung am Terminal",
        "en": "cancelled by the customer or timed out at the terminal",
    },
    "payment.result.card_expired": {"de": "Karte abgelaufen", "en": "card expired"},
    "payment.result.already_reversed": {
        "de": "Zahlung bereits storniert",
        "en": "payment already reversed",
    },
    "payment.result.reversal_not_possible": {
        "de": "Storno nicht möglich",
        "en": "reversal not possible",
    },
    # --- town hall ---
    "sync.revoked": {
        "de": "das Rathaus hat diesen Koffer gesperrt; er darf nicht mehr übertragen",
        "en": "the town hall has revoked this kit; it may no longer transfer anything",
    },
    # --- town hall: mutual TLS and uploads ---
    "sync.untrusted_server": {
        "de": "die Gegenstelle weist sich nicht als unser Rathaus aus (Zertifikat unbekannt); "
        "es wurde nichts gesendet",
        "en": "the other side does not prove to be our town hall (unknown certificate); "
        "nothing was sent",
    },
    "sync.certificate_refused": {
        "de": "das Rathaus lehnt das Zertifikat dieses Koffers ab (fehlt, abgelaufen oder "
        "unbekannt)",
        "en": "the town hall refuses this kit's certificate (missing, expired or unknown)",
    },
    # --- photo ---
    "photo.reason.ok": {"de": "in Ordnung", "en": "fine"},
    "photo.reason.not_measurable": {
        "de": "nicht messbar, bitte selbst prüfen",
        "en": "not measurable, please check yourself",
    },
    "photo.reason.no_face": {"de": "Kein Gesicht erkannt.", "en": "No face found."},
    "photo.reason.several_faces": {
        "de": "{count} Gesichter im Bild: bitte nur die antragstellende Person.",
        "en": "{count} faces in the picture: only the applicant, please.",
    },
    "photo.reason.upscaled": {
        "de": "Auflösung zu gering ({width}x{height}, nötig {need_width}x{need_height}); "
        "das Bild dürfte nicht vergrößert werden.",
        "en": "Resolution too low ({width}x{height}, need {need_width}x{need_height}); "
        "the picture must not be enlarged.",
    },
    "photo.reason.tilt_left": {
        "de": "Kopf bitte {degrees}° zur linken Schulter neigen (von der Person aus).",
        "en": "Please tilt the head {degrees}° towards the left shoulder (the person's left).",
    },
    "photo.reason.tilt_right": {
        "de": "Kopf bitte {degrees}° zur rechten Schulter neigen (von der Person aus).",
        "en": "Please tilt the head {degrees}° towards the right shoulder (the person's right).",
    },
    "photo.reason.turn_left": {
        "de": "Kopf bitte {degrees}° nach links drehen (von der Person aus).",
        "en": "Please turn the head {degrees}° to the left (the person's left).",
    },
    "photo.reason.turn_right": {
        "de": "Kopf bitte {degrees}° nach rechts drehen (von der Person aus).",
        "en": "Please turn the head {degrees}° to the right (the person's right).",
    },
    "photo.reason.chin_up": {
        "de": "Kinn bitte etwa {degrees}° anheben.",
        "en": "Please raise the chin by about {degrees}°.",
    },
    "photo.reason.chin_down": {
        "de": "Kinn bitte etwa {degrees}° senken.",
        "en": "Please lower the chin by about {degrees}°.",
    },
    "photo.reason.move_closer": {
        "de": "Bitte etwa {cm} cm näher an die Kamera.",
        "en": "Please move about {cm} cm closer to the camera.",
    },
    "photo.reason.move_back": {
        "de": "Bitte etwa {cm} cm weiter von der Kamera weg.",
        "en": "Please move about {cm} cm away from the camera.",
    },
    "photo.reason.head_narrow": {
        "de": "Kopf im Verhältnis zur Bildbreite zu schmal.",
        "en": "Head too narrow for the image width.",
    },
    "photo.reason.head_wide": {
        "de": "Kopf im Verhältnis zur Bildbreite zu breit (Frisur, Kopfbedeckung?).",
        "en": "Head too wide for the image width (hair, headwear?).",
    },
    "photo.reason.camera_higher": {
        "de": "Augen zu weit oben: Kamera etwa {cm} cm höher stellen.",
        "en": "Eyes too high in the picture: raise the camera by about {cm} cm.",
    },
    "photo.reason.camera_lower": {
        "de": "Augen zu weit unten: Kamera etwa {cm} cm tiefer stellen.",
        "en": "Eyes too low in the picture: lower the camera by about {cm} cm.",
    },
    "photo.reason.move_left": {
        "de": "Bitte etwa {cm} cm nach links rücken (von der Person aus).",
        "en": "Please move about {cm} cm to the left (the person's left).",
    },
    "photo.reason.move_right": {
        "de": "Bitte etwa {cm} cm nach rechts rücken (von der Person aus).",
        "en": "Please move about {cm} cm to the right (the person's right).",
    },
    "photo.reason.eyes_too_close": {
        "de": "Augenabstand {pixels} Pixel, mindestens {limit} nötig: bitte näher heran.",
        "en": "Eye distance {pixels} pixels, at least {limit} needed: please move closer.",
    },
    "photo.reason.too_dark": {"de": "Gesicht zu dunkel.", "en": "Face too dark."},
    "photo.reason.too_bright": {
        "de": "Gesicht zu hell oder überstrahlt.",
        "en": "Face too bright or burnt out.",
    },
    "photo.reason.low_contrast": {
        "de": "Zu wenig Kontrast (flaches Licht, beschlagenes Objektiv?).",
        "en": "Too little contrast (flat light, fogged lens?).",
    },
    "photo.reason.high_contrast": {"de": "Zu harter Kontrast.", "en": "Contrast too harsh."},
    "photo.reason.blurred": {
        "de": "Bild unscharf: Schärfe prüfen, bitte still halten.",
        "en": "Picture blurred: check the focus, please hold still.",
    },
    "photo.reason.shadow_on_face": {
        "de": "Schatten im Gesicht: Licht von vorn oder beidseitig.",
        "en": "Shadow on the face: light from the front or both sides.",
    },
    "photo.reason.background_not_uniform": {
        "de": "Hintergrund nicht einheitlich (Schatten, Gegenstände).",
        "en": "Background not uniform (shadows, objects).",
    },
    "photo.reason.background_too_dark": {
        "de": "Hintergrund zu dunkel: hellen, einfarbigen Hintergrund verwenden.",
        "en": "Background too dark: use a light, plain background.",
    },
    "photo.reason.eyes_closed": {
        "de": "Augen geschlossen: bitte die Augen öffnen.",
        "en": "Eyes closed: please open the eyes.",
    },
    "photo.hint.hold_still": {"de": "Bitte still halten …", "en": "Please hold still …"},
    "photo.hint.ready": {"de": "Aufnahme wird ausgelöst.", "en": "Taking the photo."},
    "photo.hint.timed_out": {
        "de": "Automatische Aufnahme nicht möglich: bitte von Hand auslösen.",
        "en": "Automatic capture not possible: please take the photo manually.",
    },
    "photo.check.face_found": {"de": "Gesicht", "en": "face"},
    "photo.check.single_face": {"de": "nur eine Person", "en": "one person only"},
    "photo.check.resolution": {"de": "Auflösung", "en": "resolution"},
    "photo.check.roll": {"de": "Kopfneigung", "en": "head tilt"},
    "photo.check.yaw": {"de": "Kopfdrehung", "en": "head turn"},
    "photo.check.pitch": {"de": "Kopfnicken", "en": "head nod"},
    "photo.check.face_height": {"de": "Gesichtshöhe", "en": "face height"},
    "photo.check.head_height": {"de": "Kopfhöhe", "en": "head height"},
    "photo.check.head_width": {"de": "Kopfbreite", "en": "head width"},
    "photo.check.vertical_position": {"de": "Augenhöhe im Bild", "en": "eye height"},
    "photo.check.horizontal_centre": {"de": "seitliche Lage", "en": "horizontal position"},
    "photo.check.eye_distance": {"de": "Augenabstand", "en": "eye distance"},
    "photo.check.exposure": {"de": "Belichtung", "en": "exposure"},
    "photo.check.contrast": {"de": "Kontrast", "en": "contrast"},
    "photo.check.sharpness": {"de": "Schärfe", "en": "sharpness"},
    "photo.check.face_shadow": {"de": "Schatten im Gesicht", "en": "shadow on the face"},
    "photo.check.background_uniformity": {
        "de": "einheitlicher Hintergrund",
        "en": "uniform background",
    },
    "photo.check.background_brightness": {"de": "heller Hintergrund", "en": "light background"},
    "photo.check.eyes_open": {"de": "Augen offen", "en": "eyes open"},
    "photo.error.not_an_image": {
        "de": "Die Datei ist kein lesbares Bild.",
        "en": "The file is not a readable image.",
    },
    "photo.error.damaged": {
        "de": "Die Bilddatei ist beschädigt oder unvollständig.",
        "en": "The image file is damaged or incomplete.",
    },
    "photo.error.not_colour": {
        "de": "Das Lichtbild muss farbig sein (24 Bit).",
        "en": "The photo must be in colour (24 bit).",
    },
    "photo.error.too_small": {
        "de": "Das Bild ist zu klein ({width}x{height}).",
        "en": "The image is too small ({width}x{height}).",
    },
    "photo.error.too_large": {
        "de": "Das Bild ist zu groß für ein Passbild.",
        "en": "The image is too large for a passport photo.",
    },
    "photo.error.no_face": {
        "de": "Ohne erkanntes Gesicht kann kein Lichtbild erstellt werden.",
        "en": "Without a detected face no photo can be produced.",
    },
    "photo.error.wrong_size": {
        "de": "Das Lichtbild muss 1244x1600 Pixel groß sein.",
        "en": "The photo must be 1244x1600 pixels.",
    },
    "photo.error.would_upscale": {
        "de": "Das Lichtbild müsste vergrößert werden; das ist nicht zulässig.",
        "en": "The photo would have to be enlarged, which is not allowed.",
    },
    "photo.error.no_operator": {
        "de": "Wer die Prüfung übergeht, muss angegeben sein.",
        "en": "Who overrules the check must be recorded.",
    },
    "photo.error.nothing_to_overrule": {
        "de": "Alle Prüfungen sind bestanden; nichts zu übergehen.",
        "en": "Every check passed; nothing to overrule.",
    },
    "photo.error.cannot_overrule": {
        "de": "Diese Prüfungen können nicht übergangen werden: {checks}.",
        "en": "These checks cannot be overruled: {checks}.",
    },
    "photo.liveness.blink": {"de": "Bitte einmal blinzeln.", "en": "Please blink once."},
    "photo.liveness.turn": {
        "de": "Bitte den Kopf kurz zur Seite drehen und zurück.",
        "en": "Please turn the head briefly to the side and back.",
    },
    "photo.liveness.passed": {"de": "Lebenderkennung bestanden.", "en": "Liveness check passed."},
    "photo.liveness.failed": {
        "de": "Lebenderkennung nicht bestanden: bitte die Sachbearbeitung rufen.",
        "en": "Liveness check failed: please call the clerk.",
    },
    # --- capture pages (scan crop) ---
    "error.scan_crop_invalid": {
        "de": "Die Ecken umschließen keine Seite. Bitte die Ecken neu setzen.",
        "en": "The corners do not enclose a page. Please place the corners again.",
    },
    # --- clerk app screens (dashboard, sync page, settings, kit check) ---
    "sync.failed": {
        "de": "Die Übermittlung ist fehlgeschlagen.",
        "en": "The transmission failed.",
    },
    "error.settings_file": {
        "de": "Die Einstellungsdatei ist fehlerhaft und wurde nicht verändert: {detail}",
        "en": "The settings file is malformed and was left unchanged: {detail}",
    },
    "error.settings_invalid": {
        "de": "Die Einstellungen sind ungültig, der Koffer kann nicht starten: {detail}",
        "en": "The settings are invalid; the kit cannot start: {detail}",
    },
    "error.settings_not_saved": {
        "de": "Die Einstellungen konnten nicht gespeichert werden: {detail}",
        "en": "The settings could not be saved: {detail}",
    },
    "error.kit_check_failed": {
        "de": "Die Kit-Prüfung hat nicht geantwortet: {detail}",
        "en": "The kit check did not answer: {detail}",
    },
}

# Names of fields and devices as the clerk knows them; messages name these, not code names.
LABELS: dict[str, dict[str, str]] = {
    "field.given_names": {"de": "Vornamen", "en": "given names"},
    "field.surname": {"de": "Familienname", "en": "surname"},
    "field.birth_date": {"de": "Geburtsdatum", "en": "date of birth"},
    "field.street": {"de": "Straße", "en": "street"},
    "field.house_number": {"de": "Hausnummer", "en": "house number"},
    "field.postcode": {"de": "Postleitzahl", "en": "postcode"},
    "field.city": {"de": "Ort", "en": "town"},
    "field.citizen": {"de": "Name der Bürgerin / des Bürgers", "en": "citizen's name"},
    "field.login": {"de": "Anmeldename", "en": "login"},
    "field.passphrase": {"de": "Passphrase", "en": "passphrase"},
    "device.camera": {"de": "Kamera", "en": "camera"},
    "device.fingerprint": {"de": "Fingerabdruckscanner", "en": "fingerprint sensor"},
    "device.scanner": {"de": "Dokumentenscanner", "en": "document scanner"},
    "device.printer": {"de": "Drucker", "en": "printer"},
    "device.change_terminal": {"de": "Änderungsterminal", "en": "change terminal"},
    "device.signature_pad": {"de": "Unterschriftenpad", "en": "signature pad"},
    "device.payment": {"de": "Kartenterminal", "en": "card terminal"},
}

DEFAULT_LANGUAGE = "de"


def label(kind: str, name: str, language: str = DEFAULT_LANGUAGE) -> str:
    """Return the clerk's word for a field or device (``kind`` "field" or "device")."""
    entry = LABELS.get(f"{kind}.{name}")
    if entry is None:
        return name
    return entry.get(language) or entry[DEFAULT_LANGUAGE]


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
    for kind in ("field", "device"):
        if isinstance(params.get(kind), str):
            params[kind] = label(kind, params[kind], language)
    reason = params.get("reason")
    if isinstance(reason, str) and reason in CATALOGUE:
        params["reason"] = translate(reason, language)
    try:
        return text.format(**params)
    except (KeyError, IndexError):
        return text


def describe(error: KofferError, language: str = DEFAULT_LANGUAGE) -> str:
    """Return the translated message for a Koffer error."""
    return translate(error.message_key, language, **error.params)
