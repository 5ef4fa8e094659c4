<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ru" sourcelanguage="de">
    <context>
        <name>CitizenReview</name>
        <message>
            <source>Bitte prüfen Sie Ihre Angaben</source>
            <translation>Пожалуйста, проверьте свои данные</translation>
        </message>
        <message>
            <source>Diese Angaben werden für Ihren Antrag übermittelt:</source>
            <translation>Для вашего заявления будут переданы следующие данные:</translation>
        </message>
        <message>
            <source>Sprache</source>
            <translation>Язык</translation>
        </message>
        <message>
            <source>Anliegen</source>
            <translation>Обращение</translation>
        </message>
        <message>
            <source>Aktenzeichen</source>
            <translation>Номер дела</translation>
        </message>
        <message>
            <source>Vornamen</source>
            <translation>Имена</translation>
        </message>
        <message>
            <source>Familienname</source>
            <translation>Фамилия</translation>
        </message>
        <message>
            <source>Geburtsdatum</source>
            <translation>Дата рождения</translation>
        </message>
        <message>
            <source>Anschrift</source>
            <translation>Адрес</translation>
        </message>
        <message>
            <source>Größe in cm</source>
            <translation>Рост в см</translation>
        </message>
        <message>
            <source>Augenfarbe</source>
            <translation>Цвет глаз</translation>
        </message>
        <message>
            <source>Einzugsdatum</source>
            <translation>Дата заселения</translation>
        </message>
        <message>
            <source>Seiten</source>
            <translation>Страницы</translation>
        </message>
        <message>
            <source>Zweck</source>
            <translation>Цель</translation>
        </message>
        <message>
            <source>Zeugin oder Zeuge</source>
            <translation>Свидетель</translation>
        </message>
        <message>
            <source>Wie es weitergeht</source>
            <translation>Что будет дальше</translation>
        </message>
        <message>
            <source>Wenn alles richtig ist, unterschreiben Sie. Danach wird der Antrag an das Rathaus übermittelt. Sie erhalten Bescheid, sobald Ihr Dokument fertig ist.</source>
            <translation>Если всё верно, вы подписываете. После этого заявление передаётся в ратушу. Вам сообщат, как только ваш документ будет готов.</translation>
        </message>
        <message>
            <source>✓ Alles ist richtig</source>
            <translation>✓ Всё верно</translation>
        </message>
        <message>
            <source>✗ Etwas muss korrigiert werden</source>
            <translation>✗ Нужно что-то исправить</translation>
        </message>
        <message>
            <source>Vielen Dank. Sie haben Ihre Angaben bestätigt.</source>
            <translation>Спасибо. Вы подтвердили свои данные.</translation>
        </message>
        <message>
            <source>Vielen Dank. Bitte sagen Sie der Mitarbeiterin oder dem Mitarbeiter, was korrigiert werden muss.</source>
            <translation>Спасибо. Пожалуйста, скажите сотруднику или сотруднице, что нужно исправить.</translation>
        </message>
        <message>
            <source>Meldebescheinigung</source>
            <translation>Справка о регистрации</translation>
        </message>
        <message>
            <source>Personalausweis</source>
            <translation>Удостоверение личности</translation>
        </message>
        <message>
            <source>Reisepass</source>
            <translation>Загранпаспорт</translation>
        </message>
        <message>
            <source>Anmeldung einer Wohnung</source>
            <translation>Регистрация по месту жительства</translation>
        </message>
        <message>
            <source>Abmeldung einer Wohnung</source>
            <translation>Снятие с регистрации</translation>
        </message>
        <message>
            <source>Führungszeugnis</source>
            <translation>Справка об отсутствии судимости</translation>
        </message>
        <message>
            <source>Beglaubigung</source>
            <translation>Заверение</translation>
        </message>
        <message>
            <source>Lebensbescheinigung</source>
            <translation>Справка о том, что лицо живо</translation>
        </message>
        <message>
            <source>Online-Ausweisfunktion</source>
            <translation>Функция онлайн-удостоверения</translation>
        </message>
        <message>
            <source>Bewohnerparkausweis</source>
            <translation>Разрешение на парковку для жителей</translation>
        </message>
        <message>
            <source>Auskunftssperre</source>
            <translation>Запрет на выдачу сведений</translation>
        </message>
    </context>
</TS>
