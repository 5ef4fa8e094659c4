<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr" sourcelanguage="de">
    <context>
        <name>CitizenReview</name>
        <message>
            <source>Bitte prüfen Sie Ihre Angaben</source>
            <translation>Lütfen bilgilerinizi kontrol edin</translation>
        </message>
        <message>
            <source>Diese Angaben werden für Ihren Antrag übermittelt:</source>
            <translation>Başvurunuz için şu bilgiler iletilecek:</translation>
        </message>
        <message>
            <source>Sprache</source>
            <translation>Dil</translation>
        </message>
        <message>
            <source>Anliegen</source>
            <translation>Talep</translation>
        </message>
        <message>
            <source>Aktenzeichen</source>
            <translation>Dosya numarası</translation>
        </message>
        <message>
            <source>Vornamen</source>
            <translation>Adlar</translation>
        </message>
        <message>
            <source>Familienname</source>
            <translation>Soyadı</translation>
        </message>
        <message>
            <source>Geburtsdatum</source>
            <translation>Doğum tarihi</translation>
        </message>
        <message>
            <source>Anschrift</source>
            <translation>Adres</translation>
        </message>
        <message>
            <source>Größe in cm</source>
            <translation>Boy (cm)</translation>
        </message>
        <message>
            <source>Augenfarbe</source>
            <translation>Göz rengi</translation>
        </message>
        <message>
            <source>Einzugsdatum</source>
            <translation>Taşınma tarihi</translation>
        </message>
        <message>
            <source>Seiten</source>
            <translation>Sayfa</translation>
        </message>
        <message>
            <source>Zweck</source>
            <translation>Amaç</translation>
        </message>
        <message>
            <source>Zeugin oder Zeuge</source>
            <translation>Tanık</translation>
        </message>
        <message>
            <source>Wie es weitergeht</source>
            <translation>Bundan sonra ne olacak</translation>
        </message>
        <message>
            <source>Wenn alles richtig ist, unterschreiben Sie. Danach wird der Antrag an das Rathaus übermittelt. Sie erhalten Bescheid, sobald Ihr Dokument fertig ist.</source>
            <translation>Her şey doğruysa imzalarsınız. Ardından başvuru belediyeye iletilir. Belgeniz hazır olduğunda size haber verilir.</translation>
        </message>
        <message>
            <source>✓ Alles ist richtig</source>
            <translation>✓ Her şey doğru</translation>
        </message>
        <message>
            <source>✗ Etwas muss korrigiert werden</source>
            <translation>✗ Bir şeyin düzeltilmesi gerekiyor</translation>
        </message>
        <message>
            <source>Vielen Dank. Sie haben Ihre Angaben bestätigt.</source>
            <translation>Teşekkürler. Bilgilerinizi onayladınız.</translation>
        </message>
        <message>
            <source>Vielen Dank. Bitte sagen Sie der Mitarbeiterin oder dem Mitarbeiter, was korrigiert werden muss.</source>
            <translation>Teşekkürler. Lütfen görevliye neyin düzeltilmesi gerektiğini söyleyin.</translation>
        </message>
        <message>
            <source>Meldebescheinigung</source>
            <translation>İkamet belgesi</translation>
        </message>
        <message>
            <source>Personalausweis</source>
            <translation>Kimlik kartı</translation>
        </message>
        <message>
            <source>Reisepass</source>
            <translation>Pasaport</translation>
        </message>
        <message>
            <source>Anmeldung einer Wohnung</source>
            <translation>Konut kaydı</translation>
        </message>
        <message>
            <source>Abmeldung einer Wohnung</source>
            <translation>Konut kaydının silinmesi</translation>
        </message>
        <message>
            <source>Führungszeugnis</source>
            <translation>Adli sicil belgesi</translation>
        </message>
        <message>
            <source>Beglaubigung</source>
            <translation>Onaylı suret</translation>
        </message>
        <message>
            <source>Lebensbescheinigung</source>
            <translation>Yaşam belgesi</translation>
        </message>
        <message>
            <source>Online-Ausweisfunktion</source>
            <translation>Çevrimiçi kimlik işlevi</translation>
        </message>
        <message>
            <source>Bewohnerparkausweis</source>
            <translation>Sakin park kartı</translation>
        </message>
        <message>
            <source>Auskunftssperre</source>
            <translation>Bilgi verme yasağı</translation>
        </message>
    </context>
</TS>
