<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="uk" sourcelanguage="de">
    <context>
        <name>CitizenReview</name>
        <message>
            <source>Bitte prüfen Sie Ihre Angaben</source>
            <translation>Будь ласка, перевірте свої дані</translation>
        </message>
        <message>
            <source>Diese Angaben werden für Ihren Antrag übermittelt:</source>
            <translation>Для вашої заяви буде передано такі дані:</translation>
        </message>
        <message>
            <source>Sprache</source>
            <translation>Мова</translation>
        </message>
        <message>
            <source>Anliegen</source>
            <translation>Звернення</translation>
        </message>
        <message>
            <source>Aktenzeichen</source>
            <translation>Номер справи</translation>
        </message>
        <message>
            <source>Vornamen</source>
            <translation>Імена</translation>
        </message>
        <message>
            <source>Familienname</source>
            <translation>Прізвище</translation>
        </message>
        <message>
            <source>Geburtsdatum</source>
            <translation>Дата народження</translation>
        </message>
        <message>
            <source>Anschrift</source>
            <translation>Адреса</translation>
        </message>
        <message>
            <source>Größe in cm</source>
            <translation>Зріст у см</translation>
        </message>
        <message>
            <source>Augenfarbe</source>
            <translation>Колір очей</translation>
        </message>
        <message>
            <source>Einzugsdatum</source>
            <translation>Дата заселення</translation>
        </message>
        <message>
            <source>Seiten</source>
            <translation>Сторінки</translation>
        </message>
        <message>
            <source>Zweck</source>
            <translation>Мета</translation>
        </message>
        <message>
            <source>Zeugin oder Zeuge</source>
            <translation>Свідок</translation>
        </message>
        <message>
            <source>Wie es weitergeht</source>
            <translation>Що буде далі</translation>
        </message>
        <message>
            <source>Wenn alles richtig ist, unterschreiben Sie. Danach wird der Antrag an das Rathaus übermittelt. Sie erhalten Bescheid, sobald Ihr Dokument fertig ist.</source>
            <translation>Якщо все правильно, ви підписуєте. Після цього заяву буде передано до ратуші. Вам повідомлять, щойно ваш документ буде готовий.</translation>
        </message>
        <message>
            <source>✓ Alles ist richtig</source>
            <translation>✓ Усе правильно</translation>
        </message>
        <message>
            <source>✗ Etwas muss korrigiert werden</source>
            <translation>✗ Щось потрібно виправити</translation>
        </message>
        <message>
            <source>Vielen Dank. Sie haben Ihre Angaben bestätigt.</source>
            <translation>Дякуємо. Ви підтвердили свої дані.</translation>
        </message>
        <message>
            <source>Vielen Dank. Bitte sagen Sie der Mitarbeiterin oder dem Mitarbeiter, was korrigiert werden muss.</source>
            <translation>Дякуємо. Будь ласка, скажіть працівникові або працівниці, що потрібно виправити.</translation>
        </message>
        <message>
            <source>Meldebescheinigung</source>
            <translation>Довідка про реєстрацію</translation>
        </message>
        <message>
            <source>Personalausweis</source>
            <translation>Посвідчення особи</translation>
        </message>
        <message>
            <source>Reisepass</source>
            <translation>Паспорт</translation>
        </message>
        <message>
            <source>Anmeldung einer Wohnung</source>
            <translation>Реєстрація місця проживання</translation>
        </message>
        <message>
            <source>Abmeldung einer Wohnung</source>
            <translation>Зняття з реєстрації місця проживання</translation>
        </message>
        <message>
            <source>Führungszeugnis</source>
            <translation>Довідка про несудимість</translation>
        </message>
        <message>
            <source>Beglaubigung</source>
            <translation>Засвідчення</translation>
        </message>
        <message>
            <source>Lebensbescheinigung</source>
            <translation>Довідка про те, що особа жива</translation>
        </message>
        <message>
            <source>Online-Ausweisfunktion</source>
            <translation>Функція онлайн-посвідчення</translation>
        </message>
        <message>
            <source>Bewohnerparkausweis</source>
            <translation>Дозвіл на паркування для мешканців</translation>
        </message>
        <message>
            <source>Auskunftssperre</source>
            <translation>Заборона на видачу відомостей</translation>
        </message>
    </context>
</TS>
