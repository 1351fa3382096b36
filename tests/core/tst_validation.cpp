#include "domain/Validation.h"

#include <QJsonDocument>
#include <QTest>

using namespace watchium::validation;

class TestValidation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roomId_data();
    void roomId();
    void accessKey_data();
    void accessKey();
    void httpUrl_data();
    void httpUrl();
    void text_data();
    void text();
    void integer_data();
    void integer();
    void firstErrorWins();
};

void TestValidation::roomId_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::newRow("seed-example") << "abc123def4" << true;
    QTest::newRow("too-short") << "abc123" << false;
    QTest::newRow("too-long") << "abc123def45" << false;
    QTest::newRow("uppercase") << "ABC123DEF4" << false;
    QTest::newRow("sql") << "a'; drop--" << false;
    QTest::newRow("unicode") << QString::fromUtf8("abc123def\xc3\xa9") << false;
}

void TestValidation::roomId()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    QCOMPARE(isRoomId(value), valid);
}

void TestValidation::accessKey_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::newRow("six-digits") << "012345" << true;
    QTest::newRow("five-digits") << "12345" << false;
    QTest::newRow("letters") << "12345a" << false;
    QTest::newRow("arabic-indic") << QString::fromUtf8("\xd9\xa1\xd9\xa2\xd9\xa3\xd9\xa4\xd9\xa5\xd9\xa6")
                                  << false;
}

void TestValidation::accessKey()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    QCOMPARE(isAccessKey(value), valid);
}

void TestValidation::httpUrl_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("valid");
    QTest::newRow("https") << "https://example.com/video.mp4" << true;
    QTest::newRow("http-port") << "http://127.0.0.1:8080/v.mkv" << true;
    QTest::newRow("file") << "file:///etc/passwd" << false;
    QTest::newRow("javascript") << "javascript:alert(1)" << false;
    QTest::newRow("no-host") << "http:///path" << false;
    QTest::newRow("newline") << "https://example.com/\nx" << false;
    QTest::newRow("too-long") << QStringLiteral("https://e.com/") + QString(kUrlMax, QLatin1Char('a'))
                              << false;
}

void TestValidation::httpUrl()
{
    QFETCH(QString, value);
    QFETCH(bool, valid);
    QCOMPARE(isHttpUrl(value), valid);
}

void TestValidation::text_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("lineBreaks");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("value");
    QTest::newRow("trimmed") << QByteArray(R"({"t":"  hi  "})") << false << true << "hi";
    QTest::newRow("missing") << QByteArray(R"({})") << false << false << QString();
    QTest::newRow("null") << QByteArray(R"({"t":null})") << false << false << QString();
    QTest::newRow("blank") << QByteArray(R"({"t":"   "})") << false << false << QString();
    QTest::newRow("number") << QByteArray(R"({"t":5})") << false << false << QString();
    QTest::newRow("max") << QByteArray(R"({"t":")") + QByteArray(10, 'x') + R"("})" << false
                         << true << QString(10, QLatin1Char('x'));
    QTest::newRow("over-max") << QByteArray(R"({"t":")") + QByteArray(11, 'x') + R"("})"
                              << false << false << QString();
    QTest::newRow("newline-refused") << QByteArray(R"({"t":"a\nb"})") << false << false
                                     << QString();
    QTest::newRow("newline-allowed") << QByteArray(R"({"t":"a\nb"})") << true << true << "a\nb";
    QTest::newRow("nul") << QByteArray(R"({"t":"a\u0000b"})") << true << false << QString();
    QTest::newRow("bidi-override") << QByteArray(R"({"t":"a\u202eb"})") << true << false
                                   << QString();
}

void TestValidation::text()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, lineBreaks);
    QFETCH(bool, ok);
    QFETCH(QString, value);
    Fields f(QJsonDocument::fromJson(json).object());
    QCOMPARE(f.text(QStringLiteral("t"), 10, false, lineBreaks), value);
    QCOMPARE(f.ok(), ok);
    if (!ok)
        QVERIFY(f.errorMessage().startsWith(QLatin1String("t: ")));
}

void TestValidation::integer_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<bool>("ok");
    QTest::newRow("one") << QByteArray(R"({"n":1})") << true;
    QTest::newRow("zero") << QByteArray(R"({"n":0})") << false;
    QTest::newRow("fraction") << QByteArray(R"({"n":1.5})") << false;
    QTest::newRow("string") << QByteArray(R"({"n":"1"})") << false;
    QTest::newRow("huge") << QByteArray(R"({"n":1e300})") << false;
}

void TestValidation::integer()
{
    QFETCH(QByteArray, json);
    QFETCH(bool, ok);
    Fields f(QJsonDocument::fromJson(json).object());
    const auto n = f.integer(QStringLiteral("n"), 1, kEpisodeMax);
    QCOMPARE(f.ok(), ok);
    QCOMPARE(n.has_value(), ok);
}

void TestValidation::firstErrorWins()
{
    Fields f(QJsonObject{{QStringLiteral("a"), 1}});
    f.text(QStringLiteral("a"), 5);
    f.text(QStringLiteral("b"), 5);
    QCOMPARE(f.errorField(), QStringLiteral("a"));
}

QTEST_APPLESS_MAIN(TestValidation)
#include "tst_validation.moc"
