<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ar" sourcelanguage="de">
    <context>
        <name>CitizenReview</name>
        <message>
            <source>Bitte prüfen Sie Ihre Angaben</source>
            <translation>يرجى التحقق من بياناتك</translation>
        </message>
        <message>
            <source>Diese Angaben werden für Ihren Antrag übermittelt:</source>
            <translation>سيتم إرسال هذه البيانات مع طلبك:</translation>
        </message>
        <message>
            <source>Sprache</source>
            <translation>اللغة</translation>
        </message>
        <message>
            <source>Anliegen</source>
            <translation>الطلب</translation>
        </message>
        <message>
            <source>Aktenzeichen</source>
            <translation>رقم الملف</translation>
        </message>
        <message>
            <source>Vornamen</source>
            <translation>الأسماء الأولى</translation>
        </message>
        <message>
            <source>Familienname</source>
            <translation>اسم العائلة</translation>
        </message>
        <message>
            <source>Geburtsdatum</source>
            <translation>تاريخ الميلاد</translation>
        </message>
        <message>
            <source>Anschrift</source>
            <translation>العنوان</translation>
        </message>
        <message>
            <source>Größe in cm</source>
            <translation>الطول بالسنتيمتر</translation>
        </message>
        <message>
            <source>Augenfarbe</source>
            <translation>لون العينين</translation>
        </message>
        <message>
            <source>Einzugsdatum</source>
            <translation>تاريخ الانتقال</translation>
        </message>
        <message>
            <source>Seiten</source>
            <translation>الصفحات</translation>
        </message>
        <message>
            <source>Zweck</source>
            <translation>الغرض</translation>
        </message>
        <message>
            <source>Zeugin oder Zeuge</source>
            <translation>الشاهد أو الشاهدة</translation>
        </message>
        <message>
            <source>Wie es weitergeht</source>
            <translation>ماذا يحدث بعد ذلك</translation>
        </message>
        <message>
            <source>Wenn alles richtig ist, unterschreiben Sie. Danach wird der Antrag an das Rathaus übermittelt. Sie erhalten Bescheid, sobald Ihr Dokument fertig ist.</source>
            <translation>إذا كان كل شيء صحيحًا، فإنك توقّع. بعد ذلك يُرسل الطلب إلى البلدية. ستُبلَّغ عندما تصبح وثيقتك جاهزة.</translation>
        </message>
        <message>
            <source>✓ Alles ist richtig</source>
            <translation>✓ كل شيء صحيح</translation>
        </message>
        <message>
            <source>✗ Etwas muss korrigiert werden</source>
            <translation>✗ يجب تصحيح شيء ما</translation>
        </message>
        <message>
            <source>Vielen Dank. Sie haben Ihre Angaben bestätigt.</source>
            <translation>شكرًا لك. لقد أكدت بياناتك.</translation>
        </message>
        <message>
            <source>Vielen Dank. Bitte sagen Sie der Mitarbeiterin oder dem Mitarbeiter, was korrigiert werden muss.</source>
            <translation>شكرًا لك. يرجى إخبار الموظف أو الموظفة بما يجب تصحيحه.</translation>
        </message>
        <message>
            <source>Meldebescheinigung</source>
            <translation>شهادة تسجيل السكن</translation>
        </message>
        <message>
            <source>Personalausweis</source>
            <translation>بطاقة الهوية</translation>
        </message>
        <message>
            <source>Reisepass</source>
            <translation>جواز السفر</translation>
        </message>
        <message>
            <source>Anmeldung einer Wohnung</source>
            <translation>تسجيل السكن</translation>
        </message>
        <message>
            <source>Abmeldung einer Wohnung</source>
            <translation>إلغاء تسجيل السكن</translation>
        </message>
        <message>
            <source>Führungszeugnis</source>
            <translation>شهادة حسن السيرة والسلوك</translation>
        </message>
        <message>
            <source>Beglaubigung</source>
            <translation>تصديق</translation>
        </message>
        <message>
            <source>Lebensbescheinigung</source>
            <translation>شهادة حياة</translation>
        </message>
        <message>
            <source>Online-Ausweisfunktion</source>
            <translation>وظيفة الهوية الإلكترونية</translation>
        </message>
        <message>
            <source>Bewohnerparkausweis</source>
            <translation>تصريح وقوف للسكان</translation>
        </message>
        <message>
            <source>Auskunftssperre</source>
            <translation>حظر الإفصاح عن البيانات</translation>
        </message>
    </context>
</TS>
