<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="de">
    <context>
        <name>CameraPage</name>
        <message>
            <source>Lichtbild aufnehmen</source>
            <translation>Take photo</translation>
        </message>
        <message>
            <source>Kamera aus</source>
            <translation>Camera off</translation>
        </message>
        <message>
            <source>Stand der Aufnahme</source>
            <translation>Capture state</translation>
        </message>
        <message>
            <source>Hinweise zur Aufnahme</source>
            <translation>Hints for the photo</translation>
        </message>
        <message>
            <source>Jetzt &amp;aufnehmen</source>
            <translation>Take &amp;now</translation>
        </message>
        <message>
            <source>Jetzt aufnehmen</source>
            <translation>Take now</translation>
        </message>
        <message>
            <source>Kamera &amp;starten</source>
            <translation>&amp;Start camera</translation>
        </message>
        <message>
            <source>Kamera starten</source>
            <translation>Start camera</translation>
        </message>
        <message>
            <source>Aufgenommenes Lichtbild</source>
            <translation>Photo taken</translation>
        </message>
        <message>
            <source>Ergebnis der Prüfung</source>
            <translation>Check result</translation>
        </message>
        <message>
            <source>Was zu tun ist</source>
            <translation>What to do</translation>
        </message>
        <message>
            <source>Prüfungen des Lichtbilds</source>
            <translation>Photo checks</translation>
        </message>
        <message>
            <source>Prüfung</source>
            <translation>Check</translation>
        </message>
        <message>
            <source>Messwert</source>
            <translation>Measured</translation>
        </message>
        <message>
            <source>Grenze</source>
            <translation>Limit</translation>
        </message>
        <message>
            <source>Ergebnis</source>
            <translation>Result</translation>
        </message>
        <message>
            <source>Hinweis</source>
            <translation>Hint</translation>
        </message>
        <message>
            <source>Lichtbild trotz Mängeln ü&amp;bernehmen</source>
            <translation>Accept photo &amp;despite the flaws</translation>
        </message>
        <message>
            <source>Lichtbild trotz Mängeln übernehmen</source>
            <translation>Accept photo despite the flaws</translation>
        </message>
        <message>
            <source>Lichtbild &amp;übernehmen</source>
            <translation>&amp;Accept photo</translation>
        </message>
        <message>
            <source>Lichtbild übernehmen</source>
            <translation>Accept photo</translation>
        </message>
        <message>
            <source>&amp;Neu aufnehmen</source>
            <translation>&amp;Retake</translation>
        </message>
        <message>
            <source>Neu aufnehmen</source>
            <translation>Retake</translation>
        </message>
        <message>
            <source>Kamera startet …</source>
            <translation>Camera starting …</translation>
        </message>
        <message>
            <source>Lichtbild wird aufgenommen und geprüft …</source>
            <translation>Taking and checking the photo …</translation>
        </message>
        <message>
            <source>Keine automatische Aufnahme: bitte „Jetzt aufnehmen“ drücken.</source>
            <translation>No automatic capture: please press "Take now".</translation>
        </message>
        <message>
            <source>Alles in Ordnung – Lichtbild wird aufgenommen.</source>
            <translation>All fine – taking the photo.</translation>
        </message>
        <message>
            <source>Alles in Ordnung – bitte still halten …</source>
            <translation>All fine – please hold still …</translation>
        </message>
        <message>
            <source>Kein Gesicht im Bild.</source>
            <translation>No face in the picture.</translation>
        </message>
        <message>
            <source>Bitte die Hinweise beachten.</source>
            <translation>Please follow the hints.</translation>
        </message>
        <message>
            <source>automatisch</source>
            <translation>automatic</translation>
        </message>
        <message>
            <source>von Hand</source>
            <translation>by hand</translation>
        </message>
        <message>
            <source>✓ Alle {0} Prüfungen bestanden (Aufnahme {1}).</source>
            <translation>✓ All {0} checks passed (capture {1}).</translation>
        </message>
        <message>
            <source>✗ {0} von {1} Prüfungen nicht bestanden: {2}.</source>
            <translation>✗ {0} of {1} checks failed: {2}.</translation>
        </message>
        <message>
            <source>Dieses Lichtbild kann nicht übernommen werden.</source>
            <translation>This photo cannot be accepted.</translation>
        </message>
        <message>
            <source>✓ bestanden</source>
            <translation>✓ passed</translation>
        </message>
        <message>
            <source>✗ nicht bestanden</source>
            <translation>✗ failed</translation>
        </message>
        <message>
            <source>Lichtbild trotz Mängeln übernehmen?</source>
            <translation>Accept the photo despite the flaws?</translation>
        </message>
        <message>
            <source>Das Lichtbild besteht diese Prüfungen nicht:
{0}

Trotzdem übernehmen? Die Entscheidung wird mit den nicht bestandenen Prüfungen im Vorgang vermerkt.</source>
            <translation>The photo fails these checks:
{0}

Accept it anyway? The decision is recorded in the case together with the failed checks.</translation>
        </message>
        <message>
            <source>&amp;Ja, übernehmen</source>
            <translation>&amp;Yes, accept</translation>
        </message>
        <message>
            <source>&amp;Nein</source>
            <translation>&amp;No</translation>
        </message>
        <message>
            <source>Übernahme bestätigen</source>
            <translation>Confirm acceptance</translation>
        </message>
    </context>
    <context>
        <name>CaseStepDialog</name>
        <message>
            <source>Zusammenfassung</source>
            <translation>Summary</translation>
        </message>
        <message>
            <source>Fehlermeldung</source>
            <translation>Error message</translation>
        </message>
        <message>
            <source>Ergebnis</source>
            <translation>Result</translation>
        </message>
        <message>
            <source>Schließen</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>Schritte</source>
            <translation>Steps</translation>
        </message>
        <message>
            <source>&amp;Erneut versuchen</source>
            <translation>&amp;Try again</translation>
        </message>
        <message>
            <source>Erneut versuchen</source>
            <translation>Try again</translation>
        </message>
        <message>
            <source>Quittung erneut &amp;drucken</source>
            <translation>Print receipt &amp;again</translation>
        </message>
        <message>
            <source>&amp;Schließen</source>
            <translation>&amp;Close</translation>
        </message>
    </context>
    <context>
        <name>CaseTableModel</name>
        <message>
            <source>Aktenzeichen</source>
            <translation>Reference</translation>
        </message>
        <message>
            <source>Bürgerin / Bürger</source>
            <translation>Citizen</translation>
        </message>
        <message>
            <source>Dienstleistung</source>
            <translation>Service</translation>
        </message>
        <message>
            <source>Stand</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Rathaus</source>
            <translation>Town hall</translation>
        </message>
        <message>
            <source>Angelegt</source>
            <translation>Created</translation>
        </message>
        <message>
            <source>Eingegangen</source>
            <translation>Received</translation>
        </message>
        <message>
            <source>Abgelehnt</source>
            <translation>Rejected</translation>
        </message>
    </context>
    <context>
        <name>CasesPage</name>
        <message>
            <source>Vorgänge</source>
            <translation>Cases</translation>
        </message>
        <message>
            <source>Angemeldet</source>
            <translation>Signed in</translation>
        </message>
        <message>
            <source>&amp;Neue Meldebescheinigung</source>
            <translation>&amp;New registration certificate</translation>
        </message>
        <message>
            <source>Neue Meldebescheinigung</source>
            <translation>New registration certificate</translation>
        </message>
        <message>
            <source>Eine Meldebescheinigung ausstellen (Strg+N)</source>
            <translation>Issue a registration certificate (Ctrl+N)</translation>
        </message>
        <message>
            <source>Neuer Personal&amp;ausweis</source>
            <translation>New &amp;ID card</translation>
        </message>
        <message>
            <source>Neuer Personalausweis</source>
            <translation>New ID card</translation>
        </message>
        <message>
            <source>Einen Personalausweis beantragen (Strg+P)</source>
            <translation>Apply for an ID card (Ctrl+P)</translation>
        </message>
        <message>
            <source>Neue An&amp;meldung</source>
            <translation>New re&amp;gistration</translation>
        </message>
        <message>
            <source>Neue Anmeldung</source>
            <translation>New registration</translation>
        </message>
        <message>
            <source>Eine Anmeldung aufnehmen (Strg+M)</source>
            <translation>Register a residence (Ctrl+M)</translation>
        </message>
        <message>
            <source>S&amp;perren</source>
            <translation>&amp;Lock</translation>
        </message>
        <message>
            <source>Koffer sperren</source>
            <translation>Lock the kit</translation>
        </message>
        <message>
            <source>Koffer sperren (Strg+L)</source>
            <translation>Lock the kit (Ctrl+L)</translation>
        </message>
        <message>
            <source>Name oder Aktenzeichen</source>
            <translation>Name or reference</translation>
        </message>
        <message>
            <source>Suche nach Name oder Aktenzeichen</source>
            <translation>Search by name or reference</translation>
        </message>
        <message>
            <source>Filter Dienstleistung</source>
            <translation>Service filter</translation>
        </message>
        <message>
            <source>Alle Dienstleistungen</source>
            <translation>All services</translation>
        </message>
        <message>
            <source>Filter Stand</source>
            <translation>State filter</translation>
        </message>
        <message>
            <source>Jeder Stand</source>
            <translation>Any state</translation>
        </message>
        <message>
            <source>Filter Datum</source>
            <translation>Date filter</translation>
        </message>
        <message>
            <source>Jedes Datum</source>
            <translation>Any date</translation>
        </message>
        <message>
            <source>Heute</source>
            <translation>Today</translation>
        </message>
        <message>
            <source>Letzte 7 Tage</source>
            <translation>Last 7 days</translation>
        </message>
        <message>
            <source>Letzte 30 Tage</source>
            <translation>Last 30 days</translation>
        </message>
        <message>
            <source>S&amp;uche:</source>
            <translation>Sea&amp;rch:</translation>
        </message>
        <message>
            <source>Anzahl der gezeigten Vorgänge</source>
            <translation>Number of cases shown</translation>
        </message>
        <message>
            <source>Bürgeransi&amp;cht</source>
            <translation>Citizen &amp;view</translation>
        </message>
        <message>
            <source>Bürgeransicht öffnen</source>
            <translation>Open citizen view</translation>
        </message>
        <message>
            <source>Die Angaben des gewählten Vorgangs der Bürgerin oder dem Bürger zeigen (F9)</source>
            <translation>Show the chosen case's details to the citizen (F9)</translation>
        </message>
        <message>
            <source>{0} von {1}</source>
            <translation>{0} of {1}</translation>
        </message>
        <message>
            <source>Noch keine Vorgänge. Beginnen Sie mit „Neue Meldebescheinigung“ (Strg+N).</source>
            <translation>No cases yet. Start with "New registration certificate" (Ctrl+N).</translation>
        </message>
        <message>
            <source>Angemeldet: {0}</source>
            <translation>Signed in: {0}</translation>
        </message>
    </context>
    <context>
        <name>CertificateDialog</name>
        <message>
            <source>Neue Meldebescheinigung</source>
            <translation>New registration certificate</translation>
        </message>
        <message>
            <source>Fehlermeldung</source>
            <translation>Error message</translation>
        </message>
        <message>
            <source>Ergebnis</source>
            <translation>Result</translation>
        </message>
        <message>
            <source>&amp;Ausstellen</source>
            <translation>&amp;Issue</translation>
        </message>
        <message>
            <source>Ausstellen</source>
            <translation>Issue</translation>
        </message>
        <message>
            <source>Abbrechen</source>
            <translation>Cancel</translation>
        </message>
        <message>
            <source>Vornamen</source>
            <translation>Given names</translation>
        </message>
        <message>
            <source>Familienname</source>
            <translation>Surname</translation>
        </message>
        <message>
            <source>Geburtsdatum</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>Straße</source>
            <translation>Street</translation>
        </message>
        <message>
            <source>Hausnummer</source>
            <translation>House number</translation>
        </message>
        <message>
            <source>Postleitzahl</source>
            <translation>Postcode</translation>
        </message>
        <message>
            <source>Ort</source>
            <translation>Town</translation>
        </message>
        <message>
            <source>Bürgerin / Bürger</source>
            <translation>Citizen</translation>
        </message>
        <message>
            <source>&amp;Vornamen:</source>
            <translation>&amp;Given names:</translation>
        </message>
        <message>
            <source>&amp;Familienname:</source>
            <translation>&amp;Surname:</translation>
        </message>
        <message>
            <source>TT.MM.JJJJ</source>
            <translation>DD.MM.YYYY</translation>
        </message>
        <message>
            <source>&amp;Geburtsdatum:</source>
            <translation>Date of &amp;birth:</translation>
        </message>
        <message>
            <source>&amp;Nr.:</source>
            <translation>&amp;No.:</translation>
        </message>
        <message>
            <source>S&amp;traße:</source>
            <translation>S&amp;treet:</translation>
        </message>
        <message>
            <source>&amp;Ort:</source>
            <translation>&amp;Town:</translation>
        </message>
        <message>
            <source>&amp;PLZ:</source>
            <translation>&amp;Postcode:</translation>
        </message>
        <message>
            <source>Name</source>
            <translation>Name</translation>
        </message>
        <message>
            <source>Drucker</source>
            <translation>Printer</translation>
        </message>
        <message>
            <source>Kartenterminal</source>
            <translation>Card terminal</translation>
        </message>
        <message>
            <source>Vorgang anlegen</source>
            <translation>Open case</translation>
        </message>
        <message>
            <source>Gebühr am Kartenterminal kassieren ({0})</source>
            <translation>Collect the fee at the card terminal ({0})</translation>
        </message>
        <message>
            <source>Bescheinigung erstellen</source>
            <translation>Create certificate</translation>
        </message>
        <message>
            <source>Drucken</source>
            <translation>Print</translation>
        </message>
        <message>
            <source>Zur Übermittlung ans Rathaus vormerken</source>
            <translation>Queue for the town hall</translation>
        </message>
        <message>
            <source>Ablauf</source>
            <translation>Progress</translation>
        </message>
        <message>
            <source>Bürgeransicht öffnen</source>
            <translation>Open citizen view</translation>
        </message>
        <message>
            <source>Bürgeransi&amp;cht</source>
            <translation>Citizen &amp;view</translation>
        </message>
        <message>
            <source>Die Angaben der Bürgerin oder dem Bürger auf dem zweiten Bildschirm zeigen</source>
            <translation>Show the details to the citizen on the second screen</translation>
        </message>
        <message>
            <source>Meldebescheinigung {0}</source>
            <translation>Registration certificate {0}</translation>
        </message>
        <message>
            <source>Erneut &amp;drucken</source>
            <translation>Print &amp;again</translation>
        </message>
        <message>
            <source>&amp;Erneut versuchen</source>
            <translation>&amp;Try again</translation>
        </message>
        <message>
            <source>Schließen</source>
            <translation>Close</translation>
        </message>
        <message>
            <source>&amp;Schließen</source>
            <translation>&amp;Close</translation>
        </message>
        <message>
            <source>Die Meldebescheinigung {0} ist gedruckt und wird ans Rathaus übermittelt.</source>
            <translation>Registration certificate {0} is printed and will be sent to the town hall.</translation>
        </message>
    </context>
    <context>
        <name>CertificationDialog</name>
        <message>
            <source>Neue Beglaubigung</source>
            <translation>New certification</translation>
        </message>
        <message>
            <source>&amp;Beglaubigung anlegen</source>
            <translation>Create &amp;certification</translation>
        </message>
        <message>
            <source>Beglaubigung anlegen</source>
            <translation>Create certification</translation>
        </message>
        <message>
            <source>Original scannen</source>
            <translation>Scan the original</translation>
        </message>
        <message>
            <source>Gebühr bezahlen</source>
            <translation>Pay the fee</translation>
        </message>
        <message>
            <source>Beglaubigungsvermerk drucken</source>
            <translation>Print the certification note</translation>
        </message>
        <message>
            <source>Zur Übermittlung ans Rathaus vormerken</source>
            <translation>Queue for the town hall</translation>
        </message>
        <message>
            <source>Angaben zur Beglaubigung</source>
            <translation>Certification details</translation>
        </message>
        <message>
            <source>Bezeichnung des Dokuments</source>
            <translation>Document title</translation>
        </message>
        <message>
            <source>Seitenzahl</source>
            <translation>Number of pages</translation>
        </message>
        <message>
            <source>Nur zur Vorlage bei</source>
            <translation>For presentation to</translation>
        </message>
        <message>
            <source>Identität festgestellt durch</source>
            <translation>Identity established by</translation>
        </message>
        <message>
            <source>Art der Beglaubigung</source>
            <translation>Kind of certification</translation>
        </message>
        <message>
            <source>Scanner</source>
            <translation>Scanner</translation>
        </message>
        <message>
            <source>Drucker</source>
            <translation>Printer</translation>
        </message>
        <message>
            <source>Kartenterminal</source>
            <translation>Card terminal</translation>
        </message>
        <message>
            <source>Stand des Scans</source>
            <translation>Scan state</translation>
        </message>
        <message>
            <source>Seite &amp;scannen</source>
            <translation>&amp;Scan page</translation>
        </message>
        <message>
            <source>Seite scannen</source>
            <translation>Scan page</translation>
        </message>
        <message>
            <source>Beglaubigungsvermerk</source>
            <translation>Certification note</translation>
        </message>
        <message>
            <source>Stand des Drucks</source>
            <translation>Print state</translation>
        </message>
        <message>
            <source>Vermerk &amp;drucken</source>
            <translation>&amp;Print note</translation>
        </message>
        <message>
            <source>Bitte Seite {0} von {1} des Originals auf das Scannerglas legen.</source>
            <translation>Please lay page {0} of {1} of the original on the scanner glass.</translation>
        </message>
        <message>
            <source>Scanner läuft …</source>
            <translation>Scanning …</translation>
        </message>
        <message>
            <source>✓ Seite {0} von {1} übernommen.</source>
            <translation>✓ Page {0} of {1} taken.</translation>
        </message>
        <message>
            <source>Die Seiten werden gespeichert …</source>
            <translation>Saving the pages …</translation>
        </message>
        <message>
            <source>Beglaubigung {0}</source>
            <translation>Certification {0}</translation>
        </message>
        <message>
            <source>Seite {0} von {1} gescannt: Zuschnitt prüfen und übernehmen.</source>
            <translation>Page {0} of {1} scanned: check the crop and take it.</translation>
        </message>
        <message>
            <source>Bitte das unterschriebene Original in den Drucker legen: der Vermerk wird unten auf die Seite mit der Unterschrift gedruckt.</source>
            <translation>Please put the signed original into the printer: the note is printed at the bottom of the page with the signature.</translation>
        </message>
        <message>
            <source>Die Kopie wird gedruckt, der Vermerk steht auf ihrer letzten Seite. Danach unterschreiben und siegeln.</source>
            <translation>The copy is printed with the note on its last page. Then sign and seal it.</translation>
        </message>
        <message>
            <source>Erneut &amp;drucken</source>
            <translation>Print &amp;again</translation>
        </message>
        <message>
            <source>Vermerk erneut drucken</source>
            <translation>Print the note again</translation>
        </message>
        <message>
            <source>Lücken</source>
            <translation>gaps</translation>
        </message>
        <message>
            <source>Radierungen</source>
            <translation>erasures</translation>
        </message>
        <message>
            <source>Änderungen oder Zusätze</source>
            <translation>alterations or additions</translation>
        </message>
        <message>
            <source>getrennte Seiten</source>
            <translation>separated pages</translation>
        </message>
        <message>
            <source>Beglaubigung {0} ist vollständig:</source>
            <translation>Certification {0} is complete:</translation>
        </message>
        <message>
            <source>✓ Original gescannt: {0} Seite(n)</source>
            <translation>✓ Original scanned: {0} page(s)</translation>
        </message>
        <message>
            <source>✓ Gebühr bezahlt: {0}</source>
            <translation>✓ Fee paid: {0}</translation>
        </message>
        <message>
            <source>✓ Vermerk auf das Original gedruckt</source>
            <translation>✓ Note printed onto the original</translation>
        </message>
        <message>
            <source>✓ Beglaubigte Kopie gedruckt</source>
            <translation>✓ Certified copy printed</translation>
        </message>
        <message>
            <source>Bitte den Vermerk unterschreiben und siegeln.</source>
            <translation>Please sign and seal the note.</translation>
        </message>
        <message>
            <source>Beglaubigung {0} ist aufgenommen und wartet auf die Übermittlung.</source>
            <translation>Certification {0} is recorded and waits to be sent.</translation>
        </message>
    </context>
    <context>
        <name>CertificationForm</name>
        <message>
            <source>Angaben zur Beglaubigung</source>
            <translation>Certification details</translation>
        </message>
        <message>
            <source>Hinweis zur Eingabe</source>
            <translation>Note on the entry</translation>
        </message>
        <message>
            <source>Bürgerin / Bürger</source>
            <translation>Citizen</translation>
        </message>
        <message>
            <source>&amp;Vornamen:</source>
            <translation>&amp;Given names:</translation>
        </message>
        <message>
            <source>&amp;Familienname:</source>
            <translation>&amp;Surname:</translation>
        </message>
        <message>
            <source>&amp;Geburtsdatum:</source>
            <translation>Date of &amp;birth:</translation>
        </message>
        <message>
            <source>S&amp;traße:</source>
            <translation>S&amp;treet:</translation>
        </message>
        <message>
            <source>Nr.:</source>
            <translation>No.:</translation>
        </message>
        <message>
            <source>P&amp;LZ:</source>
            <translation>Post&amp;code:</translation>
        </message>
        <message>
            <source>Ort:</source>
            <translation>Town:</translation>
        </message>
        <message>
            <source>Was wird beglaubigt?</source>
            <translation>What is certified?</translation>
        </message>
        <message>
            <source>Art der Beglaubigung</source>
            <translation>Kind of certification</translation>
        </message>
        <message>
            <source>Kopie (Abschrift) eines Dokuments</source>
            <translation>Copy of a document</translation>
        </message>
        <message>
            <source>Unterschrift</source>
            <translation>Signature</translation>
        </message>
        <message>
            <source>&amp;Art:</source>
            <translation>&amp;Kind:</translation>
        </message>
        <message>
            <source>Genaue Bezeichnung des Dokuments</source>
            <translation>Exact title of the document</translation>
        </message>
        <message>
            <source>z. B. Zeugnis der Gesamtschule Essen-Holsterhausen vom 1. Juli 2025</source>
            <translation>e.g. Zeugnis der Gesamtschule Essen-Holsterhausen vom 1. Juli 2025</translation>
        </message>
        <message>
            <source>&amp;Dokument:</source>
            <translation>&amp;Document:</translation>
        </message>
        <message>
            <source>Seitenzahl des Originals</source>
            <translation>Pages of the original</translation>
        </message>
        <message>
            <source>&amp;Seiten:</source>
            <translation>&amp;Pages:</translation>
        </message>
        <message>
            <source>Personenstandsurkunde (Geburts-, Ehe-, Sterbeurkunde)</source>
            <translation>Civil-status certificate (birth, marriage, death)</translation>
        </message>
        <message>
            <source>Personenstandsurkunde</source>
            <translation>Civil-status certificate</translation>
        </message>
        <message>
            <source>Original von einer Behörde ausgestellt</source>
            <translation>Original issued by an authority</translation>
        </message>
        <message>
            <source>Nur zur Vorlage bei</source>
            <translation>For presentation to</translation>
        </message>
        <message>
            <source>z. B. der Agentur für Arbeit Essen</source>
            <translation>e.g. der Agentur für Arbeit Essen</translation>
        </message>
        <message>
            <source>&amp;Nur zur Vorlage bei:</source>
            <translation>F&amp;or presentation to:</translation>
        </message>
        <message>
            <source>Prüfung des Originals (§ 33 Abs. 2 VwVfG)</source>
            <translation>Checks of the original (VwVfG §33(2))</translation>
        </message>
        <message>
            <source>Bitte jede Prüfung am Original bestätigen. Was nicht bestätigt ist, gilt als Mangel: dann wird nicht beglaubigt.</source>
            <translation>Please confirm each check on the original. What is not confirmed counts as a defect: then nothing is certified.</translation>
        </message>
        <message>
            <source>Ohne Lücken</source>
            <translation>No gaps</translation>
        </message>
        <message>
            <source>Ohne Radierungen</source>
            <translation>No erasures</translation>
        </message>
        <message>
            <source>Ohne Änderungen oder Zusätze</source>
            <translation>No alterations or additions</translation>
        </message>
        <message>
            <source>Seiten vollständig und nicht getrennt</source>
            <translation>Pages complete and not separated</translation>
        </message>
        <message>
            <source>Unterschrift (§ 34 VwVfG)</source>
            <translation>Signature (VwVfG §34)</translation>
        </message>
        <message>
            <source>Über der Unterschrift steht Text</source>
            <translation>There is text above the signature</translation>
        </message>
        <message>
            <source>Notarielle Beglaubigung vorgeschrieben (§ 129 BGB, z. B. Grundstücksvertrag)</source>
            <translation>Notarial certification required (BGB §129, e.g. a land sale)</translation>
        </message>
        <message>
            <source>Unterschrift früher geleistet, hier anerkannt</source>
            <translation>Signed before, acknowledged here</translation>
        </message>
        <message>
            <source>Identität festgestellt durch</source>
            <translation>Identity established by</translation>
        </message>
        <message>
            <source>Personalausweis</source>
            <translation>ID card</translation>
        </message>
        <message>
            <source>Reisepass</source>
            <translation>Passport</translation>
        </message>
        <message>
            <source>Aufenthaltstitel</source>
            <translation>Residence permit</translation>
        </message>
        <message>
            <source>persönlich bekannt</source>
            <translation>known personally</translation>
        </message>
        <message>
            <source>&amp;Identität festgestellt durch:</source>
            <translation>&amp;Identity established by:</translation>
        </message>
    </context>
    <context>
        <name>ChangeTerminalPage</name>
        <message>
            <source>Änderungsterminal</source>
            <translation>Change terminal</translation>
        </message>
        <message>
            <source>Stand am Änderungsterminal</source>
            <translation>Change terminal state</translation>
        </message>
        <message>
            <source>&amp;Erneut versuchen</source>
            <translation>&amp;Try again</translation>
        </message>
        <message>
            <source>Erneut versuchen</source>
            <translation>Try again</translation>
        </message>
        <message>
            <source>Warten auf die Karte</source>
            <translation>Waiting for the card</translation>
        </message>
        <message>
            <source>Den Ausweis mit der Vorderseite nach oben flach auflegen.</source>
            <translation>Lay the ID card flat, front side up.</translation>
        </message>
        <message>
            <source>Zugangsnummer (CAN)</source>
            <translation>Card access number (CAN)</translation>
        </message>
        <message>
            <source>&amp;Zugangsnummer (CAN):</source>
            <translation>&amp;Card access number (CAN):</translation>
        </message>
        <message>
            <source>6 Ziffern, vorne auf dem Ausweis unten rechts. Noch {0} Ziffern.</source>
            <translation>6 digits, on the front of the ID card, bottom right. {0} digits to go.</translation>
        </message>
        <message>
            <source>Hinweis zur Zugangsnummer</source>
            <translation>Card access number hint</translation>
        </message>
        <message>
            <source>Fehler bei der Zugangsnummer</source>
            <translation>Card access number error</translation>
        </message>
        <message>
            <source>&amp;Weiter</source>
            <translation>&amp;Next</translation>
        </message>
        <message>
            <source>Zugangsnummer bestätigen</source>
            <translation>Confirm card access number</translation>
        </message>
        <message>
            <source>Fortschritt</source>
            <translation>Progress</translation>
        </message>
        <message>
            <source>Schritt %v von %m</source>
            <translation>Step %v of %m</translation>
        </message>
        <message>
            <source>Schritte am Chip</source>
            <translation>Steps on the chip</translation>
        </message>
        <message>
            <source>Ergebnis am Chip</source>
            <translation>Result on the chip</translation>
        </message>
        <message>
            <source>Bitte den Ausweis auf das Änderungsterminal legen.</source>
            <translation>Please put the ID card on the change terminal.</translation>
        </message>
        <message>
            <source>Ausweis erkannt. Bitte die Zugangsnummer eingeben.</source>
            <translation>ID card recognised. Please enter the card access number.</translation>
        </message>
        <message>
            <source>Bitte den Ausweis liegen lassen …</source>
            <translation>Please leave the ID card in place …</translation>
        </message>
        <message>
            <source>✓ Fertig. Der Ausweis kann abgenommen werden.</source>
            <translation>✓ Done. The ID card can be taken off.</translation>
        </message>
        <message>
            <source>✗ Nicht abgeschlossen.</source>
            <translation>✗ Not finished.</translation>
        </message>
        <message>
            <source>6 Ziffern eingegeben.</source>
            <translation>6 digits entered.</translation>
        </message>
    </context>
    <context>
        <name>CitizenReview</name>
        <message>
            <source>Bitte prüfen Sie Ihre Angaben</source>
            <translation>Please check your details</translation>
        </message>
        <message>
            <source>Diese Angaben werden für Ihren Antrag übermittelt:</source>
            <translation>These details will be submitted for your application:</translation>
        </message>
        <message>
            <source>Sprache</source>
            <translation>Language</translation>
        </message>
        <message>
            <source>Anliegen</source>
            <translation>Request</translation>
        </message>
        <message>
            <source>Aktenzeichen</source>
            <translation>Reference</translation>
        </message>
        <message>
            <source>Vornamen</source>
            <translation>Given names</translation>
        </message>
        <message>
            <source>Familienname</source>
            <translation>Surname</translation>
        </message>
        <message>
            <source>Geburtsdatum</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>Anschrift</source>
            <translation>Address</translation>
        </message>
        <message>
            <source>Größe in cm</source>
            <translation>Height in cm</translation>
        </message>
        <message>
            <source>Augenfarbe</source>
            <translation>Eye colour</translation>
        </message>
        <message>
            <source>Einzugsdatum</source>
            <translation>Move-in date</translation>
        </message>
        <message>
            <source>Seiten</source>
            <translation>Pages</translation>
        </message>
        <message>
            <source>Zweck</source>
            <translation>Purpose</translation>
        </message>
        <message>
            <source>Zeugin oder Zeuge</source>
            <translation>Witness</translation>
        </message>
        <message>
            <source>Wie es weitergeht</source>
            <translation>What happens next</translation>
        </message>
        <message>
            <source>Wenn alles richtig ist, unterschreiben Sie. Danach wird der Antrag an das Rathaus übermittelt. Sie erhalten Bescheid, sobald Ihr Dokument fertig ist.</source>
            <translation>If everything is correct, you sign. The application is then sent to the town hall. You will be told as soon as your document is ready.</translation>
        </message>
        <message>
            <source>✓ Alles ist richtig</source>
            <translation>✓ Everything is correct</translation>
        </message>
        <message>
            <source>✗ Etwas muss korrigiert werden</source>
            <translation>✗ Something must be corrected</translation>
        </message>
        <message>
            <source>Vielen Dank. Sie haben Ihre Angaben bestätigt.</source>
            <translation>Thank you. You have confirmed your details.</translation>
        </message>
        <message>
            <source>Vielen Dank. Bitte sagen Sie der Mitarbeiterin oder dem Mitarbeiter, was korrigiert werden muss.</source>
            <translation>Thank you. Please tell the clerk what needs to be corrected.</translation>
        </message>
        <message>
            <source>Meldebescheinigung</source>
            <translation>Registration certificate</translation>
        </message>
        <message>
            <source>Personalausweis</source>
            <translation>ID card</translation>
        </message>
        <message>
            <source>Reisepass</source>
            <translation>Passport</translation>
        </message>
        <message>
            <source>Anmeldung einer Wohnung</source>
            <translation>Registration of a dwelling</translation>
        </message>
        <message>
            <source>Abmeldung einer Wohnung</source>
            <translation>Deregistration of a dwelling</translation>
        </message>
        <message>
            <source>Führungszeugnis</source>
            <translation>Certificate of conduct</translation>
        </message>
        <message>
            <source>Beglaubigung</source>
            <translation>Certification</translation>
        </message>
        <message>
            <source>Lebensbescheinigung</source>
            <translation>Life certificate</translation>
        </message>
        <message>
            <source>Online-Ausweisfunktion</source>
            <translation>Online ID function</translation>
        </message>
        <message>
            <source>Bewohnerparkausweis</source>
            <translation>Residents' parking permit</translation>
        </message>
        <message>
            <source>Auskunftssperre</source>
            <translation>Information block</translation>
        </message>
    </context>
    <context>
        <name>CropView</name>
        <message>
            <source>Scan mit Zuschnitt</source>
            <translation>Scan with crop</translation>
        </message>
        <message>
            <source>oben links</source>
            <translation>top left</translation>
        </message>
        <message>
            <source>oben rechts</source>
            <translation>top right</translation>
        </message>
        <message>
            <source>unten rechts</source>
            <translation>bottom right</translation>
        </message>
        <message>
            <source>unten links</source>
            <translation>bottom left</translation>
        </message>
        <message>
            <source>Ecke {0} ({1}): {2} % von links, {3} % von oben</source>
            <translation>Corner {0} ({1}): {2} % from the left, {3} % from the top</translation>
        </message>
        <message>
            <source>Gewählt: Ecke {0}. Tasten 1 bis 4 wählen, Pfeiltasten verschieben.</source>
            <translation>Chosen: corner {0}. Keys 1 to 4 choose, the arrow keys move.</translation>
        </message>
        <message>
            <source>Noch kein Scan</source>
            <translation>No scan yet</translation>
        </message>
    </context>
    <context>
        <name>DashboardPage</name>
        <message>
            <source>Übersicht</source>
            <translation>Overview</translation>
        </message>
        <message>
            <source>Neue Meldebescheinigung</source>
            <translation>New registration certificate</translation>
        </message>
        <message>
            <source>Eine Meldebescheinigung ausstellen (Strg+N)</source>
            <translation>Issue a registration certificate (Ctrl+N)</translation>
        </message>
        <message>
            <source>Neuer Personalausweis</source>
            <translation>New ID card</translation>
        </message>
        <message>
            <source>Einen Personalausweis beantragen (Strg+P)</source>
            <translation>Apply for an ID card (Ctrl+P)</translation>
        </message>
        <message>
            <source>Heute</source>
            <translation>Today</translation>
        </message>
        <message>
            <source>Termine und Sprechtage heute</source>
            <translation>Today's appointments and service-point days</translation>
        </message>
        <message>
            <source>Vorgänge heute</source>
            <translation>Cases today</translation>
        </message>
        <message>
            <source>Offene Vorgänge</source>
            <translation>Unfinished cases</translation>
        </message>
        <message>
            <source>Offene Vorgänge zum Fortsetzen</source>
            <translation>Unfinished cases to resume</translation>
        </message>
        <message>
            <source>&amp;Fortsetzen</source>
            <translation>&amp;Resume</translation>
        </message>
        <message>
            <source>Vorgang fortsetzen</source>
            <translation>Resume case</translation>
        </message>
        <message>
            <source>Den gewählten Vorgang in der Liste öffnen</source>
            <translation>Open the chosen case in the list</translation>
        </message>
        <message>
            <source>&amp;Bürgeransicht</source>
            <translation>Citizen &amp;view</translation>
        </message>
        <message>
            <source>Bürgeransicht öffnen</source>
            <translation>Open citizen view</translation>
        </message>
        <message>
            <source>Die Angaben des gewählten Vorgangs der Bürgerin oder dem Bürger zeigen</source>
            <translation>Show the chosen case's details to the citizen</translation>
        </message>
        <message>
            <source>Übermittlung</source>
            <translation>Transmission</translation>
        </message>
        <message>
            <source>Verbindung zum Rathaus</source>
            <translation>Connection to the town hall</translation>
        </message>
        <message>
            <source>Warteschlange</source>
            <translation>Queue</translation>
        </message>
        <message>
            <source>Letzte Synchronisation</source>
            <translation>Last synchronisation</translation>
        </message>
        <message>
            <source>Jetzt &amp;synchronisieren</source>
            <translation>&amp;Synchronise now</translation>
        </message>
        <message>
            <source>Jetzt synchronisieren</source>
            <translation>Synchronise now</translation>
        </message>
        <message>
            <source>&amp;Warteschlange ansehen</source>
            <translation>View &amp;queue</translation>
        </message>
        <message>
            <source>Warteschlange ansehen</source>
            <translation>View queue</translation>
        </message>
        <message>
            <source>Geräte</source>
            <translation>Devices</translation>
        </message>
        <message>
            <source>Geräte &amp;prüfen</source>
            <translation>Check &amp;devices</translation>
        </message>
        <message>
            <source>Geräte erneut prüfen</source>
            <translation>Check the devices again</translation>
        </message>
        <message>
            <source>Der Plan des Rathauses wird bei der nächsten Synchronisation geholt.</source>
            <translation>The town hall's plan is fetched at the next synchronisation.</translation>
        </message>
        <message>
            <source>Plan vom Rathaus, Stand {0}</source>
            <translation>Plan from the town hall, as of {0}</translation>
        </message>
        <message>
            <source>Heute angelegte Vorgänge: {0}</source>
            <translation>Cases created today: {0}</translation>
        </message>
        <message>
            <source>Keine offenen Vorgänge.</source>
            <translation>No unfinished cases.</translation>
        </message>
        <message>
            <source>Warten auf das Rathaus: {0}</source>
            <translation>Waiting for the town hall: {0}</translation>
        </message>
        <message>
            <source> (davon {0} nach einem Fehler)</source>
            <translation> ({0} of them after an error)</translation>
        </message>
        <message>
            <source>; aufgegeben: {0}</source>
            <translation>; given up: {0}</translation>
        </message>
        <message>
            <source>Termin</source>
            <translation>Appointment</translation>
        </message>
        <message>
            <source>Sprechtag</source>
            <translation>Service-point day</translation>
        </message>
        <message>
            <source>Für heute ist nichts geplant.</source>
            <translation>Nothing is planned for today.</translation>
        </message>
        <message>
            <source>Noch nie synchronisiert</source>
            <translation>Never synchronised</translation>
        </message>
        <message>
            <source>Zuletzt synchronisiert: {0}</source>
            <translation>Last synchronised: {0}</translation>
        </message>
        <message>
            <source>○ Noch nicht verbunden</source>
            <translation>○ Not connected yet</translation>
        </message>
        <message>
            <source>● Online</source>
            <translation>● Online</translation>
        </message>
        <message>
            <source>✗ Offline</source>
            <translation>✗ Offline</translation>
        </message>
        <message>
            <source>● Synchronisiere …</source>
            <translation>● Synchronising …</translation>
        </message>
    </context>
    <context>
        <name>DeviceBar</name>
        <message>
            <source>Geräte</source>
            <translation>Devices</translation>
        </message>
        <message>
            <source>? wird geprüft</source>
            <translation>? being checked</translation>
        </message>
    </context>
    <context>
        <name>FingerprintPage</name>
        <message>
            <source>Fingerabdrücke</source>
            <translation>Fingerprints</translation>
        </message>
        <message>
            <source>Noch nicht begonnen.</source>
            <translation>Not started yet.</translation>
        </message>
        <message>
            <source>Aufzulegender Finger</source>
            <translation>Finger to place</translation>
        </message>
        <message>
            <source>Versuch</source>
            <translation>Attempt</translation>
        </message>
        <message>
            <source>Qualität %v von 100</source>
            <translation>Quality %v of 100</translation>
        </message>
        <message>
            <source>Qualität des letzten Abdrucks</source>
            <translation>Quality of the last print</translation>
        </message>
        <message>
            <source>Bewertung der Qualität</source>
            <translation>Quality rating</translation>
        </message>
        <message>
            <source>Ersatzfinger</source>
            <translation>Replacement finger</translation>
        </message>
        <message>
            <source>Verlauf der Erfassung</source>
            <translation>Capture history</translation>
        </message>
        <message>
            <source>Warnung doppelter Finger</source>
            <translation>Duplicate finger warning</translation>
        </message>
        <message>
            <source>Geprüft: es sind zwei &amp;verschiedene Finger (Abdrücke neu erfassen)</source>
            <translation>Checked: these are two &amp;different fingers (capture the prints again)</translation>
        </message>
        <message>
            <source>Geprüft: zwei verschiedene Finger</source>
            <translation>Checked: two different fingers</translation>
        </message>
        <message>
            <source>Befreiung</source>
            <translation>Exemption</translation>
        </message>
        <message>
            <source>Erfassung &amp;starten</source>
            <translation>&amp;Start capture</translation>
        </message>
        <message>
            <source>Erfassung starten</source>
            <translation>Start capture</translation>
        </message>
        <message>
            <source>Zeichenerklärung</source>
            <translation>Legend</translation>
        </message>
        <message>
            <source>rechter Daumen</source>
            <translation>right thumb</translation>
        </message>
        <message>
            <source>linker Daumen</source>
            <translation>left thumb</translation>
        </message>
        <message>
            <source>rechter Zeigefinger</source>
            <translation>right index finger</translation>
        </message>
        <message>
            <source>linker Zeigefinger</source>
            <translation>left index finger</translation>
        </message>
        <message>
            <source>rechter Mittelfinger</source>
            <translation>right middle finger</translation>
        </message>
        <message>
            <source>linker Mittelfinger</source>
            <translation>left middle finger</translation>
        </message>
        <message>
            <source>rechter Ringfinger</source>
            <translation>right ring finger</translation>
        </message>
        <message>
            <source>linker Ringfinger</source>
            <translation>left ring finger</translation>
        </message>
        <message>
            <source>rechter kleiner Finger</source>
            <translation>right little finger</translation>
        </message>
        <message>
            <source>linker kleiner Finger</source>
            <translation>left little finger</translation>
        </message>
        <message>
            <source>Sensor wird vorbereitet …</source>
            <translation>Preparing the sensor …</translation>
        </message>
        <message>
            <source>Bitte auflegen: {0}</source>
            <translation>Please place: {0}</translation>
        </message>
        <message>
            <source>Versuch {0} von {1}</source>
            <translation>Attempt {0} of {1}</translation>
        </message>
        <message>
            <source>{0}, Versuch {1}: {2}</source>
            <translation>{0}, attempt {1}: {2}</translation>
        </message>
        <message>
            <source>ausreichend</source>
            <translation>sufficient</translation>
        </message>
        <message>
            <source>zu gering</source>
            <translation>too low</translation>
        </message>
        <message>
            <source>Qualität {0} – {1} (Mindestwert für diesen Finger: {2})</source>
            <translation>Quality {0} – {1} (minimum for this finger: {2})</translation>
        </message>
        <message>
            <source>{0}, Versuch {1}: Qualität {2} ({3})</source>
            <translation>{0}, attempt {1}: quality {2} ({3})</translation>
        </message>
        <message>
            <source>Ersatzfinger: {0} ({1} reichte nicht aus).</source>
            <translation>Replacement finger: {0} ({1} was not good enough).</translation>
        </message>
        <message>
            <source>{0} (Qualität {1})</source>
            <translation>{0} (quality {1})</translation>
        </message>
        <message>
            <source>Fingerabdrücke erfasst: {0}.</source>
            <translation>Fingerprints captured: {0}.</translation>
        </message>
        <message>
            <source>Erneut &amp;erfassen</source>
            <translation>Capture &amp;again</translation>
        </message>
        <message>
            <source>Erneut erfassen</source>
            <translation>Capture again</translation>
        </message>
        <message>
            <source>Erfassung unterbrochen.</source>
            <translation>Capture interrupted.</translation>
        </message>
        <message>
            <source>Keine Fingerabdrücke.</source>
            <translation>No fingerprints.</translation>
        </message>
    </context>
    <context>
        <name>FormFields</name>
        <message>
            <source>Vornamen</source>
            <translation>Given names</translation>
        </message>
        <message>
            <source>Familienname</source>
            <translation>Surname</translation>
        </message>
        <message>
            <source>Geburtsdatum</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>Straße</source>
            <translation>Street</translation>
        </message>
        <message>
            <source>Hausnummer</source>
            <translation>House number</translation>
        </message>
        <message>
            <source>Postleitzahl</source>
            <translation>Postcode</translation>
        </message>
        <message>
            <source>Ort</source>
            <translation>Town</translation>
        </message>
    </context>
    <context>
        <name>HandDiagram</name>
        <message>
            <source>Handskizze</source>
            <translation>Hand diagram</translation>
        </message>
        <message>
            <source>wird erfasst</source>
            <translation>being captured</translation>
        </message>
        <message>
            <source>erfasst</source>
            <translation>captured</translation>
        </message>
        <message>
            <source>erfasst, unter Mindestqualität</source>
            <translation>captured, below minimum quality</translation>
        </message>
        <message>
            <source>nicht ausreichend, ersetzt</source>
            <translation>not sufficient, replaced</translation>
        </message>
        <message>
            <source>übersprungen</source>
            <translation>skipped</translation>
        </message>
        <message>
            <source>, Qualität {0}</source>
            <translation>, quality {0}</translation>
        </message>
        <message>
            <source>Noch kein Finger erfasst</source>
            <translation>No finger captured yet</translation>
        </message>
        <message>
            <source>unter Mindestwert</source>
            <translation>below minimum</translation>
        </message>
        <message>
            <source>ersetzt</source>
            <translation>replaced</translation>
        </message>
        <message>
            <source>entfällt</source>
            <translation>not needed</translation>
        </message>
        <message>
            <source>Linke Hand</source>
            <translation>Left hand</translation>
        </message>
        <message>
            <source>Rechte Hand</source>
            <translation>Right hand</translation>
        </message>
    </context>
    <context>
        <name>IdCardDialog</name>
        <message>
            <source>Neuer Personalausweis</source>
            <translation>New ID card</translation>
        </message>
        <message>
            <source>&amp;Antrag anlegen</source>
            <translation>&amp;Create application</translation>
        </message>
        <message>
            <source>Antrag anlegen</source>
            <translation>Create application</translation>
        </message>
        <message>
            <source>Antragstellende Person</source>
            <translation>Applicant</translation>
        </message>
        <message>
            <source>Vornamen</source>
            <translation>Given names</translation>
        </message>
        <message>
            <source>Familienname</source>
            <translation>Surname</translation>
        </message>
        <message>
            <source>Geburtsdatum</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>Straße</source>
            <translation>Street</translation>
        </message>
        <message>
            <source>Hausnummer</source>
            <translation>House number</translation>
        </message>
        <message>
            <source>Postleitzahl</source>
            <translation>Postcode</translation>
        </message>
        <message>
            <source>Ort</source>
            <translation>Town</translation>
        </message>
        <message>
            <source>Größe in cm</source>
            <translation>Height in cm</translation>
        </message>
        <message>
            <source>Augenfarbe</source>
            <translation>Eye colour</translation>
        </message>
        <message>
            <source>Fingerabdrücke dauerhaft nicht möglich (ärztlich)</source>
            <translation>Fingerprints permanently impossible (medical)</translation>
        </message>
        <message>
            <source>Kann nicht unterschreiben</source>
            <translation>Cannot sign</translation>
        </message>
        <message>
            <source>Zeugin oder Zeuge</source>
            <translation>Witness</translation>
        </message>
        <message>
            <source>&amp;Vornamen</source>
            <translation>&amp;Given names</translation>
        </message>
        <message>
            <source>&amp;Familienname</source>
            <translation>&amp;Surname</translation>
        </message>
        <message>
            <source>&amp;Geburtsdatum</source>
            <translation>Date of &amp;birth</translation>
        </message>
        <message>
            <source>&amp;Straße</source>
            <translation>S&amp;treet</translation>
        </message>
        <message>
            <source>&amp;Hausnummer</source>
            <translation>&amp;House number</translation>
        </message>
        <message>
            <source>&amp;PLZ</source>
            <translation>&amp;Postcode</translation>
        </message>
        <message>
            <source>&amp;Ort</source>
            <translation>&amp;Town</translation>
        </message>
        <message>
            <source>Grö&amp;ße (cm)</source>
            <translation>Hei&amp;ght (cm)</translation>
        </message>
        <message>
            <source>&amp;Augenfarbe</source>
            <translation>&amp;Eye colour</translation>
        </message>
        <message>
            <source>&amp;Zeuge</source>
            <translation>&amp;Witness</translation>
        </message>
        <message>
            <source>Warteschlange</source>
            <translation>Queue</translation>
        </message>
        <message>
            <source>Personalausweis {0}</source>
            <translation>ID card {0}</translation>
        </message>
        <message>
            <source>Antrag {0} ist aufgenommen und wartet auf die Übermittlung.</source>
            <translation>Application {0} is recorded and waits for transmission.</translation>
        </message>
        <message>
            <source>Antrag {0} ist vollständig:</source>
            <translation>Application {0} is complete:</translation>
        </message>
        <message>
            <source>✓ Lichtbild: alle Prüfungen bestanden</source>
            <translation>✓ Photo: all checks passed</translation>
        </message>
        <message>
            <source>✓ Lichtbild: übernommen trotz {0}</source>
            <translation>✓ Photo: accepted despite {0}</translation>
        </message>
        <message>
            <source>✓ Fingerabdrücke: {0}</source>
            <translation>✓ Fingerprints: {0}</translation>
        </message>
        <message>
            <source>– Fingerabdrücke entfallen: {0}</source>
            <translation>– Fingerprints not needed: {0}</translation>
        </message>
        <message>
            <source>✓ Unterschrift aufgenommen</source>
            <translation>✓ Signature taken</translation>
        </message>
        <message>
            <source>– Unterschrift entfällt: {0}</source>
            <translation>– Signature not needed: {0}</translation>
        </message>
        <message>
            <source>✓ Gebühr bezahlt: {0}</source>
            <translation>✓ Fee paid: {0}</translation>
        </message>
        <message>
            <source>✓ Antrag gedruckt und zur Übermittlung vorgemerkt</source>
            <translation>✓ Application printed and queued for transmission</translation>
        </message>
    </context>
    <context>
        <name>KitCheckPage</name>
        <message>
            <source>Kit-Prüfung</source>
            <translation>Kit check</translation>
        </message>
        <message>
            <source>Prüft vor dem Einsatz alle Geräte, den Datenspeicher, die Warteschlange und den freien Speicherplatz (wie „koffer doctor“).</source>
            <translation>Checks every device, the data store, the queue and the free disk space before a visit (like "koffer doctor").</translation>
        </message>
        <message>
            <source>Prüfung &amp;starten</source>
            <translation>&amp;Start check</translation>
        </message>
        <message>
            <source>Kit-Prüfung starten</source>
            <translation>Start the kit check</translation>
        </message>
        <message>
            <source>Prüfung läuft</source>
            <translation>Check running</translation>
        </message>
        <message>
            <source>Ergebnis der Kit-Prüfung</source>
            <translation>Kit check result</translation>
        </message>
        <message>
            <source>Fehlermeldung</source>
            <translation>Error message</translation>
        </message>
        <message>
            <source>Ergebnisse der Kit-Prüfung</source>
            <translation>Kit check results</translation>
        </message>
        <message>
            <source>Stand</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Prüfung</source>
            <translation>Check</translation>
        </message>
        <message>
            <source>Befund</source>
            <translation>Finding</translation>
        </message>
        <message>
            <source>Prüfung läuft …</source>
            <translation>Check running …</translation>
        </message>
        <message>
            <source>✓ in Ordnung</source>
            <translation>✓ fine</translation>
        </message>
        <message>
            <source>✗ nicht bereit</source>
            <translation>✗ not ready</translation>
        </message>
        <message>
            <source>✓ Der Koffer ist einsatzbereit.</source>
            <translation>✓ The kit is ready for a visit.</translation>
        </message>
        <message>
            <source>✗ Der Koffer ist nicht einsatzbereit: bitte die markierten Punkte prüfen.</source>
            <translation>✗ The kit is not ready for a visit: please check the marked lines.</translation>
        </message>
    </context>
    <context>
        <name>Labels</name>
        <message>
            <source>Meldebescheinigung</source>
            <translation>Registration certificate</translation>
        </message>
        <message>
            <source>Personalausweis</source>
            <translation>ID card</translation>
        </message>
        <message>
            <source>Reisepass</source>
            <translation>Passport</translation>
        </message>
        <message>
            <source>Anmeldung</source>
            <translation>Registration</translation>
        </message>
        <message>
            <source>Abmeldung</source>
            <translation>Deregistration</translation>
        </message>
        <message>
            <source>Führungszeugnis</source>
            <translation>Certificate of conduct</translation>
        </message>
        <message>
            <source>Beglaubigung</source>
            <translation>Certification</translation>
        </message>
        <message>
            <source>Lebensbescheinigung</source>
            <translation>Life certificate</translation>
        </message>
        <message>
            <source>Online-Ausweis (eID)</source>
            <translation>Online ID (eID)</translation>
        </message>
        <message>
            <source>Bewohnerparkausweis</source>
            <translation>Residents' parking permit</translation>
        </message>
        <message>
            <source>Auskunftssperre</source>
            <translation>Information block</translation>
        </message>
        <message>
            <source>Entwurf</source>
            <translation>Draft</translation>
        </message>
        <message>
            <source>Erfasst</source>
            <translation>Captured</translation>
        </message>
        <message>
            <source>Unterschrieben</source>
            <translation>Signed</translation>
        </message>
        <message>
            <source>Bezahlt</source>
            <translation>Paid</translation>
        </message>
        <message>
            <source>Wartet auf Übermittlung</source>
            <translation>Waiting for transmission</translation>
        </message>
        <message>
            <source>Übermittelt</source>
            <translation>Transmitted</translation>
        </message>
        <message>
            <source>Vom Rathaus bestätigt</source>
            <translation>Confirmed by the town hall</translation>
        </message>
        <message>
            <source>Erledigt</source>
            <translation>Done</translation>
        </message>
        <message>
            <source>Abgelehnt</source>
            <translation>Rejected</translation>
        </message>
        <message>
            <source>○ Wartet</source>
            <translation>○ Waiting</translation>
        </message>
        <message>
            <source>✗ Fehlgeschlagen, neuer Versuch geplant</source>
            <translation>✗ Failed, next attempt planned</translation>
        </message>
        <message>
            <source>✗ Aufgegeben</source>
            <translation>✗ Given up</translation>
        </message>
        <message>
            <source>✓ Übermittelt</source>
            <translation>✓ Transmitted</translation>
        </message>
        <message>
            <source>✓ Vom Rathaus bestätigt</source>
            <translation>✓ Confirmed by the town hall</translation>
        </message>
        <message>
            <source>Kamera</source>
            <translation>Camera</translation>
        </message>
        <message>
            <source>Fingerabdruckleser</source>
            <translation>Fingerprint reader</translation>
        </message>
        <message>
            <source>Scanner</source>
            <translation>Scanner</translation>
        </message>
        <message>
            <source>Drucker</source>
            <translation>Printer</translation>
        </message>
        <message>
            <source>Änderungsterminal</source>
            <translation>Change terminal</translation>
        </message>
        <message>
            <source>Unterschriftenpad</source>
            <translation>Signature pad</translation>
        </message>
        <message>
            <source>Kartenterminal</source>
            <translation>Card terminal</translation>
        </message>
        <message>
            <source>✓ bereit</source>
            <translation>✓ ready</translation>
        </message>
        <message>
            <source>✗ nicht verfügbar</source>
            <translation>✗ unavailable</translation>
        </message>
        <message>
            <source>✗ Störung</source>
            <translation>✗ fault</translation>
        </message>
        <message>
            <source>USB: {0}</source>
            <translation>USB: {0}</translation>
        </message>
        <message>
            <source>Datenspeicher</source>
            <translation>Data store</translation>
        </message>
        <message>
            <source>Warteschlange</source>
            <translation>Queue</translation>
        </message>
        <message>
            <source>Speicherplatz</source>
            <translation>Disk space</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <source>Bereiche</source>
            <translation>Screens</translation>
        </message>
        <message>
            <source>Ü&amp;bersicht</source>
            <translation>&amp;Overview</translation>
        </message>
        <message>
            <source>&amp;Vorgänge</source>
            <translation>&amp;Cases</translation>
        </message>
        <message>
            <source>Über&amp;mittlung</source>
            <translation>&amp;Transmission</translation>
        </message>
        <message>
            <source>&amp;Einstellungen</source>
            <translation>&amp;Settings</translation>
        </message>
        <message>
            <source>&amp;Kit-Prüfung</source>
            <translation>&amp;Kit check</translation>
        </message>
        <message>
            <source>Antwort der Bürgerin oder des Bürgers</source>
            <translation>The citizen's answer</translation>
        </message>
        <message>
            <source>&amp;Neue Meldebescheinigung …</source>
            <translation>&amp;New registration certificate …</translation>
        </message>
        <message>
            <source>Neuer &amp;Personalausweis …</source>
            <translation>New &amp;ID card …</translation>
        </message>
        <message>
            <source>Ctrl+P</source>
            <translation>Ctrl+P</translation>
        </message>
        <message>
            <source>Neue &amp;Anmeldung …</source>
            <translation>New re&amp;gistration …</translation>
        </message>
        <message>
            <source>Ctrl+M</source>
            <translation>Ctrl+M</translation>
        </message>
        <message>
            <source>Neue Be&amp;glaubigung …</source>
            <translation>New &amp;certification …</translation>
        </message>
        <message>
            <source>Ctrl+B</source>
            <translation>Ctrl+B</translation>
        </message>
        <message>
            <source>&amp;Synchronisieren</source>
            <translation>&amp;Synchronise</translation>
        </message>
        <message>
            <source>F5</source>
            <translation>F5</translation>
        </message>
        <message>
            <source>S&amp;perren</source>
            <translation>&amp;Lock</translation>
        </message>
        <message>
            <source>Ctrl+L</source>
            <translation>Ctrl+L</translation>
        </message>
        <message>
            <source>&amp;Beenden</source>
            <translation>&amp;Quit</translation>
        </message>
        <message>
            <source>&amp;Koffer</source>
            <translation>&amp;Kit</translation>
        </message>
        <message>
            <source>&amp;Bürgeransicht …</source>
            <translation>Citizen &amp;view …</translation>
        </message>
        <message>
            <source>F9</source>
            <translation>F9</translation>
        </message>
        <message>
            <source>&amp;Ansicht</source>
            <translation>&amp;View</translation>
        </message>
        <message>
            <source>Bürgeransicht {0}: ○ wartet auf Antwort</source>
            <translation>Citizen view {0}: ○ waiting for the answer</translation>
        </message>
        <message>
            <source>Bürgeransicht {0}: ✓ bestätigt</source>
            <translation>Citizen view {0}: ✓ confirmed</translation>
        </message>
        <message>
            <source>Bürgeransicht {0}: ✗ Korrektur gewünscht</source>
            <translation>Citizen view {0}: ✗ correction requested</translation>
        </message>
        <message>
            <source>Übermittelt: {0}; nicht übermittelt: {1}.</source>
            <translation>Transmitted: {0}; not transmitted: {1}.</translation>
        </message>
        <message>
            <source>Plan nicht geholt: {0}</source>
            <translation>Plan not fetched: {0}</translation>
        </message>
        <message>
            <source>Nicht übermittelt: {0}</source>
            <translation>Not transmitted: {0}</translation>
        </message>
        <message>
            <source>Bitte warten, bis der laufende Schritt abgeschlossen ist.</source>
            <translation>Please wait until the running step has finished.</translation>
        </message>
    </context>
    <context>
        <name>OutboxModel</name>
        <message>
            <source>Aktenzeichen</source>
            <translation>Reference</translation>
        </message>
        <message>
            <source>Dienstleistung</source>
            <translation>Service</translation>
        </message>
        <message>
            <source>Stand</source>
            <translation>State</translation>
        </message>
        <message>
            <source>Versuche</source>
            <translation>Attempts</translation>
        </message>
        <message>
            <source>Nächster Versuch</source>
            <translation>Next attempt</translation>
        </message>
        <message>
            <source>Letzter Fehler</source>
            <translation>Last error</translation>
        </message>
    </context>
    <context>
        <name>PaymentPage</name>
        <message>
            <source>Gebühr bezahlen</source>
            <translation>Pay the fee</translation>
        </message>
        <message>
            <source>Gebühr</source>
            <translation>Fee</translation>
        </message>
        <message>
            <source>Zu zahlen</source>
            <translation>To pay</translation>
        </message>
        <message>
            <source>Stand am Kartenterminal</source>
            <translation>Card terminal state</translation>
        </message>
        <message>
            <source>Zahlungsbeleg</source>
            <translation>Payment slip</translation>
        </message>
        <message>
            <source>Quittung</source>
            <translation>Receipt</translation>
        </message>
        <message>
            <source>Zahlung am Terminal &amp;starten</source>
            <translation>&amp;Start payment at the terminal</translation>
        </message>
        <message>
            <source>Zahlung starten</source>
            <translation>Start payment</translation>
        </message>
        <message>
            <source>Bereit: bitte die Karte bereithalten.</source>
            <translation>Ready: please have the card at hand.</translation>
        </message>
        <message>
            <source>Summe</source>
            <translation>Total</translation>
        </message>
        <message>
            <source>Zahlung läuft: bitte die Karte ans Terminal halten oder einstecken …</source>
            <translation>Payment running: please hold the card to the terminal or insert it …</translation>
        </message>
        <message>
            <source>✓ Zahlung genehmigt.</source>
            <translation>✓ Payment approved.</translation>
        </message>
        <message>
            <source>Betrag {0}
Genehmigungsnummer {1}
Terminal {2}, Beleg-Nr. {3}</source>
            <translation>Amount {0}
Approval code {1}
Terminal {2}, receipt no. {3}</translation>
        </message>
        <message>
            <source>Quittung wird gedruckt …</source>
            <translation>Printing the receipt …</translation>
        </message>
        <message>
            <source>✓ Quittung gedruckt.</source>
            <translation>✓ Receipt printed.</translation>
        </message>
        <message>
            <source>✗ Quittung nicht gedruckt: {0}</source>
            <translation>✗ Receipt not printed: {0}</translation>
        </message>
        <message>
            <source>✗ Nicht bezahlt: {0}</source>
            <translation>✗ Not paid: {0}</translation>
        </message>
        <message>
            <source>Zahlung &amp;erneut starten</source>
            <translation>&amp;Restart payment</translation>
        </message>
        <message>
            <source>Zahlung erneut starten</source>
            <translation>Restart payment</translation>
        </message>
    </context>
    <context>
        <name>PreviewView</name>
        <message>
            <source>Kamerabild</source>
            <translation>Camera picture</translation>
        </message>
        <message>
            <source>Kamera aus</source>
            <translation>Camera off</translation>
        </message>
    </context>
    <context>
        <name>RegistrationDialog</name>
        <message>
            <source>Neue Anmeldung</source>
            <translation>New registration</translation>
        </message>
        <message>
            <source>&amp;Anmeldung anlegen</source>
            <translation>Create &amp;registration</translation>
        </message>
        <message>
            <source>Anmeldung anlegen</source>
            <translation>Create registration</translation>
        </message>
        <message>
            <source>Straße ({0})</source>
            <translation>Street ({0})</translation>
        </message>
        <message>
            <source>Hausnummer ({0})</source>
            <translation>House number ({0})</translation>
        </message>
        <message>
            <source>Postleitzahl ({0})</source>
            <translation>Postcode ({0})</translation>
        </message>
        <message>
            <source>Ort ({0})</source>
            <translation>Town ({0})</translation>
        </message>
        <message>
            <source>Straße:</source>
            <translation>Street:</translation>
        </message>
        <message>
            <source>Nr.:</source>
            <translation>No.:</translation>
        </message>
        <message>
            <source>PLZ:</source>
            <translation>Postcode:</translation>
        </message>
        <message>
            <source>Ort:</source>
            <translation>Town:</translation>
        </message>
        <message>
            <source>Meldeschein</source>
            <translation>Registration form</translation>
        </message>
        <message>
            <source>Anmeldende Person</source>
            <translation>Person registering</translation>
        </message>
        <message>
            <source>Vornamen</source>
            <translation>Given names</translation>
        </message>
        <message>
            <source>Familienname</source>
            <translation>Surname</translation>
        </message>
        <message>
            <source>Geburtsdatum</source>
            <translation>Date of birth</translation>
        </message>
        <message>
            <source>&amp;Vornamen:</source>
            <translation>&amp;Given names:</translation>
        </message>
        <message>
            <source>&amp;Familienname:</source>
            <translation>&amp;Surname:</translation>
        </message>
        <message>
            <source>&amp;Geburtsdatum:</source>
            <translation>Date of &amp;birth:</translation>
        </message>
        <message>
            <source>Zieht mit ein (gleiches Einzugsdatum)</source>
            <translation>Moving in too (same move-in date)</translation>
        </message>
        <message>
            <source>Familienmitglied zieht mit ein</source>
            <translation>A family member moves in too</translation>
        </message>
        <message>
            <source>Vornamen des Familienmitglieds</source>
            <translation>Family member's given names</translation>
        </message>
        <message>
            <source>Familienname des Familienmitglieds</source>
            <translation>Family member's surname</translation>
        </message>
        <message>
            <source>Geburtsdatum des Familienmitglieds</source>
            <translation>Family member's date of birth</translation>
        </message>
        <message>
            <source>Vornamen:</source>
            <translation>Given names:</translation>
        </message>
        <message>
            <source>Familienname:</source>
            <translation>Surname:</translation>
        </message>
        <message>
            <source>Geburtsdatum:</source>
            <translation>Date of birth:</translation>
        </message>
        <message>
            <source>Neue Wohnung</source>
            <translation>New dwelling</translation>
        </message>
        <message>
            <source>neue Wohnung</source>
            <translation>new dwelling</translation>
        </message>
        <message>
            <source>Art der Wohnung</source>
            <translation>Kind of residence</translation>
        </message>
        <message>
            <source>Hauptwohnung</source>
            <translation>Main residence</translation>
        </message>
        <message>
            <source>Nebenwohnung</source>
            <translation>Secondary residence</translation>
        </message>
        <message>
            <source>Wohnungs&amp;art:</source>
            <translation>&amp;Kind of residence:</translation>
        </message>
        <message>
            <source>Einzugsdatum</source>
            <translation>Move-in date</translation>
        </message>
        <message>
            <source>&amp;Einzugsdatum:</source>
            <translation>&amp;Move-in date:</translation>
        </message>
        <message>
            <source>Bisherige Wohnung</source>
            <translation>Previous dwelling</translation>
        </message>
        <message>
            <source>bisherige Wohnung</source>
            <translation>previous dwelling</translation>
        </message>
        <message>
            <source>Wohnungsgeberbestätigung</source>
            <translation>Landlord confirmation</translation>
        </message>
        <message>
            <source>Name des Wohnungsgebers</source>
            <translation>Landlord's name</translation>
        </message>
        <message>
            <source>&amp;Wohnungsgeber:</source>
            <translation>&amp;Landlord:</translation>
        </message>
        <message>
            <source>Wohnungsgeber</source>
            <translation>landlord</translation>
        </message>
        <message>
            <source>Eigentümer, falls nicht Wohnungsgeber</source>
            <translation>Owner, if not the landlord</translation>
        </message>
        <message>
            <source>Eige&amp;ntümer:</source>
            <translation>&amp;Owner:</translation>
        </message>
        <message>
            <source>Einzugsdatum laut Bestätigung</source>
            <translation>Move-in date on the confirmation</translation>
        </message>
        <message>
            <source>Einzug laut Bestätigung:</source>
            <translation>Move-in on the confirmation:</translation>
        </message>
        <message>
            <source>Bestätigung nennt die neue Wohnung</source>
            <translation>The confirmation names the new dwelling</translation>
        </message>
        <message>
            <source>Einziehende Personen laut Bestätigung, durch Komma getrennt</source>
            <translation>People moving in according to the confirmation, separated by commas</translation>
        </message>
        <message>
            <source>Vornamen Familienname, …</source>
            <translation>Given names Surname, …</translation>
        </message>
        <message>
            <source>Einziehende &amp;Personen:</source>
            <translation>&amp;People moving in:</translation>
        </message>
        <message>
            <source>Familienmitglied</source>
            <translation>Family member</translation>
        </message>
        <message>
            <source>Anschrift des Wohnungsgebers</source>
            <translation>Landlord's address</translation>
        </message>
        <message>
            <source>Wohnung laut Bestätigung</source>
            <translation>Dwelling on the confirmation</translation>
        </message>
        <message>
            <source>Einziehende Personen</source>
            <translation>People moving in</translation>
        </message>
        <message>
            <source>Drucker</source>
            <translation>Printer</translation>
        </message>
        <message>
            <source>Scanner</source>
            <translation>Scanner</translation>
        </message>
        <message>
            <source>Unterschriftenpad</source>
            <translation>Signature pad</translation>
        </message>
        <message>
            <source>Wohnungsgeberbestätigung scannen</source>
            <translation>Scan the landlord confirmation</translation>
        </message>
        <message>
            <source>Bitte die unterschriebene Wohnungsgeberbestätigung auf das Scannerglas legen und scannen.</source>
            <translation>Please place the signed landlord confirmation on the scanner glass and scan it.</translation>
        </message>
        <message>
            <source>Stand des Scans</source>
            <translation>Scan state</translation>
        </message>
        <message>
            <source>&amp;Scannen</source>
            <translation>&amp;Scan</translation>
        </message>
        <message>
            <source>Unterschrift</source>
            <translation>Signature</translation>
        </message>
        <message>
            <source>Meldebestätigung drucken</source>
            <translation>Print the registration confirmation</translation>
        </message>
        <message>
            <source>Zur Übermittlung ans Rathaus vormerken</source>
            <translation>Queue for the town hall</translation>
        </message>
        <message>
            <source>Anmeldung {0}</source>
            <translation>Registration {0}</translation>
        </message>
        <message>
            <source>✓ Gescannt: {0} Seite(n).</source>
            <translation>✓ Scanned: {0} page(s).</translation>
        </message>
        <message>
            <source>Erneut &amp;drucken</source>
            <translation>Print &amp;again</translation>
        </message>
        <message>
            <source>Anmeldung {0} ist vollständig:</source>
            <translation>Registration {0} is complete:</translation>
        </message>
        <message>
            <source>✓ Wohnungsgeberbestätigung gescannt</source>
            <translation>✓ Landlord confirmation scanned</translation>
        </message>
        <message>
            <source>✓ Unterschrift aufgenommen</source>
            <translation>✓ Signature taken</translation>
        </message>
        <message>
            <source>✓ Meldebestätigung gedruckt</source>
            <translation>✓ Registration confirmation printed</translation>
        </message>
        <message>
            <source>Hinweis: {0} Tage nach Ablauf der Meldefrist angemeldet.</source>
            <translation>Note: registered {0} days after the deadline.</translation>
        </message>
        <message>
            <source>Anmeldung {0} ist aufgenommen und wartet auf die Übermittlung.</source>
            <translation>Registration {0} is recorded and waits to be sent.</translation>
        </message>
    </context>
    <context>
        <name>ScanPage</name>
        <message>
            <source>Scan zuschneiden</source>
            <translation>Crop the scan</translation>
        </message>
        <message>
            <source>Zugeschnittene Seite</source>
            <translation>Cropped page</translation>
        </message>
        <message>
            <source>Bitte die Seite scannen.</source>
            <translation>Please scan the page.</translation>
        </message>
        <message>
            <source>Stand des Scans</source>
            <translation>Scan state</translation>
        </message>
        <message>
            <source>Ecken mit der Maus ziehen oder: Tasten 1–4 wählen eine Ecke, Pfeiltasten verschieben sie (mit Umschalt in großen Schritten).</source>
            <translation>Drag the corners with the mouse, or: keys 1–4 choose a corner, the arrow keys move it (with Shift in large steps).</translation>
        </message>
        <message>
            <source>&amp;Automatisch zuschneiden</source>
            <translation>&amp;Crop automatically</translation>
        </message>
        <message>
            <source>Automatisch zuschneiden</source>
            <translation>Crop automatically</translation>
        </message>
        <message>
            <source>&amp;Ganze Seite</source>
            <translation>&amp;Whole page</translation>
        </message>
        <message>
            <source>Ganze Seite</source>
            <translation>Whole page</translation>
        </message>
        <message>
            <source>&amp;Neu scannen</source>
            <translation>&amp;Scan again</translation>
        </message>
        <message>
            <source>Neu scannen</source>
            <translation>Scan again</translation>
        </message>
        <message>
            <source>Seite ü&amp;bernehmen</source>
            <translation>&amp;Accept page</translation>
        </message>
        <message>
            <source>Seite übernehmen</source>
            <translation>Accept page</translation>
        </message>
        <message>
            <source>Fehlermeldung</source>
            <translation>Error message</translation>
        </message>
        <message>
            <source>Seite erkannt und zugeschnitten – bitte prüfen.</source>
            <translation>Page recognised and cropped – please check.</translation>
        </message>
        <message>
            <source>Der Scan ist bereits die ganze Seite.</source>
            <translation>The scan is the whole page already.</translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <source>Einstellungen</source>
            <translation>Settings</translation>
        </message>
        <message>
            <source>Textgröße und Kontrast gelten sofort; Geräte und Sprache ab dem nächsten Start des Koffers.</source>
            <translation>Text size and contrast apply at once; devices and language from the next start of the kit.</translation>
        </message>
        <message>
            <source>Fehlermeldung</source>
            <translation>Error message</translation>
        </message>
        <message>
            <source>Ergebnis</source>
            <translation>Result</translation>
        </message>
        <message>
            <source>&amp;Speichern</source>
            <translation>&amp;Save</translation>
        </message>
        <message>
            <source>Einstellungen speichern</source>
            <translation>Save settings</translation>
        </message>
        <message>
            <source>Geräte</source>
            <translation>Devices</translation>
        </message>
        <message>
            <source>Simulator</source>
            <translation>Simulator</translation>
        </message>
        <message>
            <source>Anbindung: {0}</source>
            <translation>Backend: {0}</translation>
        </message>
        <message>
            <source>Druckerwarteschlange</source>
            <translation>Printer queue</translation>
        </message>
        <message>
            <source>Standard-Warteschlange von CUPS</source>
            <translation>CUPS's default queue</translation>
        </message>
        <message>
            <source>Warteschlangen &amp;abrufen</source>
            <translation>&amp;Fetch queues</translation>
        </message>
        <message>
            <source>CUPS-Warteschlangen abrufen</source>
            <translation>Fetch CUPS queues</translation>
        </message>
        <message>
            <source>Drucker-&amp;Warteschlange:</source>
            <translation>Printer &amp;queue:</translation>
        </message>
        <message>
            <source>Bildschirm</source>
            <translation>Screen</translation>
        </message>
        <message>
            <source>Sprache der Sachbearbeitung</source>
            <translation>Clerk's language</translation>
        </message>
        <message>
            <source>Textgröße</source>
            <translation>Text size</translation>
        </message>
        <message>
            <source>&amp;Hoher Kontrast (weiß auf schwarz)</source>
            <translation>&amp;High contrast (white on black)</translation>
        </message>
        <message>
            <source>Hoher Kontrast</source>
            <translation>High contrast</translation>
        </message>
        <message>
            <source>S&amp;prache:</source>
            <translation>&amp;Language:</translation>
        </message>
        <message>
            <source>&amp;Textgröße:</source>
            <translation>&amp;Text size:</translation>
        </message>
        <message>
            <source>Gespeichert in {0}</source>
            <translation>Saved in {0}</translation>
        </message>
        <message>
            <source>{0} (nicht gefunden)</source>
            <translation>{0} (not found)</translation>
        </message>
        <message>
            <source>{0} Warteschlangen gefunden.</source>
            <translation>{0} queues found.</translation>
        </message>
    </context>
    <context>
        <name>SignaturePadWidget</name>
        <message>
            <source>Unterschriftsfeld</source>
            <translation>Signature box</translation>
        </message>
        <message>
            <source>Mit Maus, Finger oder Stift unterschreiben; Entf löscht.</source>
            <translation>Sign with the mouse, a finger or the pen; Del clears.</translation>
        </message>
        <message>
            <source>Hier unterschreiben</source>
            <translation>Sign here</translation>
        </message>
    </context>
    <context>
        <name>SignaturePage</name>
        <message>
            <source>Unterschrift</source>
            <translation>Signature</translation>
        </message>
        <message>
            <source>Bitte im Feld unterschreiben – mit der Maus, dem Finger oder dem Stift – oder auf dem Unterschriftenpad.</source>
            <translation>Please sign in the box – with the mouse, a finger or the pen – or on the signature pad.</translation>
        </message>
        <message>
            <source>Stand der Unterschrift</source>
            <translation>Signature state</translation>
        </message>
        <message>
            <source>&amp;Löschen</source>
            <translation>&amp;Clear</translation>
        </message>
        <message>
            <source>Unterschrift löschen</source>
            <translation>Clear signature</translation>
        </message>
        <message>
            <source>Am &amp;Unterschriftenpad</source>
            <translation>On the signature &amp;pad</translation>
        </message>
        <message>
            <source>Am Unterschriftenpad unterschreiben</source>
            <translation>Sign on the signature pad</translation>
        </message>
        <message>
            <source>Unterschrift ü&amp;bernehmen</source>
            <translation>&amp;Accept signature</translation>
        </message>
        <message>
            <source>Unterschrift übernehmen</source>
            <translation>Accept signature</translation>
        </message>
        <message>
            <source>Unterschrift wird übernommen …</source>
            <translation>Accepting the signature …</translation>
        </message>
        <message>
            <source>Bitte auf dem Unterschriftenpad unterschreiben …</source>
            <translation>Please sign on the signature pad …</translation>
        </message>
        <message>
            <source>Unterschrift vom Pad – bitte prüfen und übernehmen.</source>
            <translation>Signature from the pad – please check and accept.</translation>
        </message>
    </context>
    <context>
        <name>StepList</name>
        <message>
            <source>offen</source>
            <translation>open</translation>
        </message>
        <message>
            <source>läuft</source>
            <translation>running</translation>
        </message>
        <message>
            <source>erledigt</source>
            <translation>done</translation>
        </message>
        <message>
            <source>fehlgeschlagen</source>
            <translation>failed</translation>
        </message>
        <message>
            <source>entfällt</source>
            <translation>not needed</translation>
        </message>
    </context>
    <context>
        <name>SyncIndicator</name>
        <message>
            <source>Verbindung zum Rathaus</source>
            <translation>Connection to the town hall</translation>
        </message>
        <message>
            <source>Warteschlange</source>
            <translation>Queue</translation>
        </message>
        <message>
            <source>Letzte Synchronisation</source>
            <translation>Last synchronisation</translation>
        </message>
        <message>
            <source>&amp;Synchronisieren</source>
            <translation>&amp;Synchronise</translation>
        </message>
        <message>
            <source>Jetzt synchronisieren</source>
            <translation>Synchronise now</translation>
        </message>
        <message>
            <source>Wartende Vorgänge jetzt ans Rathaus übermitteln</source>
            <translation>Send waiting cases to the town hall now</translation>
        </message>
        <message>
            <source>Warteschlange: {0} ({1} mit Fehler)</source>
            <translation>Queue: {0} ({1} with errors)</translation>
        </message>
        <message>
            <source>Warteschlange: {0}</source>
            <translation>Queue: {0}</translation>
        </message>
        <message>
            <source>○ Noch nicht verbunden</source>
            <translation>○ Not connected yet</translation>
        </message>
        <message>
            <source>● Synchronisiere …</source>
            <translation>● Synchronising …</translation>
        </message>
        <message>
            <source>● Online</source>
            <translation>● Online</translation>
        </message>
        <message>
            <source>● Offline</source>
            <translation>● Offline</translation>
        </message>
        <message>
            <source>Noch nie synchronisiert</source>
            <translation>Never synchronised</translation>
        </message>
        <message>
            <source>Zuletzt synchronisiert: {0}</source>
            <translation>Last synchronised: {0}</translation>
        </message>
    </context>
    <context>
        <name>SyncPage</name>
        <message>
            <source>Übermittlung ans Rathaus</source>
            <translation>Transmission to the town hall</translation>
        </message>
        <message>
            <source>Stand der Übermittlung</source>
            <translation>Transmission state</translation>
        </message>
        <message>
            <source>Jetzt &amp;synchronisieren</source>
            <translation>&amp;Synchronise now</translation>
        </message>
        <message>
            <source>Jetzt synchronisieren</source>
            <translation>Synchronise now</translation>
        </message>
        <message>
            <source>Wartende Vorgänge jetzt ans Rathaus übermitteln (F5)</source>
            <translation>Send waiting cases to the town hall now (F5)</translation>
        </message>
        <message>
            <source>&amp;Aktualisieren</source>
            <translation>&amp;Refresh</translation>
        </message>
        <message>
            <source>Warteschlange neu lesen</source>
            <translation>Read the queue again</translation>
        </message>
        <message>
            <source>Warteschlange</source>
            <translation>Queue</translation>
        </message>
        <message>
            <source>Die Warteschlange ist leer.</source>
            <translation>The queue is empty.</translation>
        </message>
        <message>
            <source>Synchronisiere …</source>
            <translation>Synchronising …</translation>
        </message>
    </context>
    <context>
        <name>UnlockPage</name>
        <message>
            <source>Anmeldename</source>
            <translation>Login</translation>
        </message>
        <message>
            <source>Passphrase</source>
            <translation>Passphrase</translation>
        </message>
        <message>
            <source>Passphrase wiederholen</source>
            <translation>Repeat passphrase</translation>
        </message>
        <message>
            <source>&amp;Anmeldename:</source>
            <translation>&amp;Login:</translation>
        </message>
        <message>
            <source>&amp;Passphrase:</source>
            <translation>&amp;Passphrase:</translation>
        </message>
        <message>
            <source>Passphrase &amp;wiederholen:</source>
            <translation>&amp;Repeat passphrase:</translation>
        </message>
        <message>
            <source>Fehlermeldung</source>
            <translation>Error message</translation>
        </message>
        <message>
            <source>Bitte warten</source>
            <translation>Please wait</translation>
        </message>
        <message>
            <source>Status</source>
            <translation>Status</translation>
        </message>
        <message>
            <source>Erster Start: Koffer einrichten</source>
            <translation>First start: set up the kit</translation>
        </message>
        <message>
            <source>In diesem Koffer ist noch niemand angemeldet. Legen Sie Ihre Anmeldung an. Die Passphrase schützt alle Daten im Koffer; sie muss mindestens {0} Zeichen lang sein und kann nicht wiederhergestellt werden.</source>
            <translation>Nobody has been enrolled on this kit yet. Create your login. The passphrase protects all data in the kit; it must be at least {0} characters long and cannot be recovered.</translation>
        </message>
        <message>
            <source>Koffer &amp;einrichten</source>
            <translation>&amp;Set up kit</translation>
        </message>
        <message>
            <source>Koffer einrichten</source>
            <translation>Set up kit</translation>
        </message>
        <message>
            <source>Koffer entsperren</source>
            <translation>Unlock the kit</translation>
        </message>
        <message>
            <source>Bitte melden Sie sich mit Ihrer Passphrase an.</source>
            <translation>Please sign in with your passphrase.</translation>
        </message>
        <message>
            <source>&amp;Entsperren</source>
            <translation>&amp;Unlock</translation>
        </message>
        <message>
            <source>Entsperren</source>
            <translation>Unlock</translation>
        </message>
        <message>
            <source>Koffer wird geöffnet …</source>
            <translation>Opening the kit …</translation>
        </message>
        <message>
            <source>Bitte einen Anmeldenamen eingeben.</source>
            <translation>Please enter a login.</translation>
        </message>
        <message>
            <source>Bitte die Passphrase eingeben.</source>
            <translation>Please enter the passphrase.</translation>
        </message>
        <message>
            <source>Die beiden Passphrasen stimmen nicht überein.</source>
            <translation>The two passphrases do not match.</translation>
        </message>
        <message>
            <source>Koffer wird eingerichtet …</source>
            <translation>Setting up the kit …</translation>
        </message>
        <message>
            <source>Passphrase wird geprüft …</source>
            <translation>Checking the passphrase …</translation>
        </message>
    </context>
</TS>
