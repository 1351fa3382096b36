#include "domain/MediaIdentity.h"
#include "domain/MediaMatch.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace watchium;

Q_DECLARE_METATYPE(watchium::MediaIdentity)

class TestMediaMatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void compare_data();
    void compare();
    void parse_data();
    void parse();
    void roomRow();
};

namespace {

MediaIdentity media(const QString &name, qint64 size, double duration)
{
    return {name, size, duration};
}

using D = MediaMatch::Difference;

} // namespace

void TestMediaMatch::compare_data()
{
    QTest::addColumn<MediaIdentity>("mine");
    QTest::addColumn<MediaIdentity>("host");
    QTest::addColumn<int>("differences");
    const auto ep = media(QStringLiteral("ep01.mkv"), 1000, 1442.0);
    QTest::newRow("same") << ep << ep << 0;
    QTest::newRow("duration-within-1s") << media("ep01.mkv", 1000, 1442.9) << ep << 0;
    QTest::newRow("duration-exactly-1s") << media("ep01.mkv", 1000, 1443.0) << ep << 0;
    QTest::newRow("duration-over-1s") << media("ep01.mkv", 1000, 1443.1) << ep << int(D::Duration);
    QTest::newRow("duration-shorter") << media("ep01.mkv", 1000, 1420.0) << ep << int(D::Duration);
    QTest::newRow("name-case-only") << media("EP01.MKV", 1000, 1442.0) << ep << 0;
    QTest::newRow("name-nfd-vs-nfc") << media(QString::fromUtf8("cafe\xcc\x81.mkv"), 5, 10.0)
                                     << media(QString::fromUtf8("caf\xc3\xa9.mkv"), 5, 10.0) << 0;
    QTest::newRow("name-differs") << media("ep02.mkv", 1000, 1442.0) << ep << int(D::Name);
    QTest::newRow("size-differs") << media("ep01.mkv", 999, 1442.0) << ep << int(D::Size);
    QTest::newRow("all-differ") << media("x.mp4", 1, 10.0) << ep
                                << int(D::Name | D::Size | D::Duration);
    QTest::newRow("unknown-name-not-compared") << media({}, 1000, 1442.0) << ep << 0;
    QTest::newRow("unknown-size-not-compared") << media("ep01.mkv", -1, 1442.0) << ep << 0;
    QTest::newRow("unknown-duration-not-compared") << media("ep01.mkv", 1000, 0.0) << ep << 0;
    QTest::newRow("stream-vs-file-by-duration") << media({}, -1, 1500.0) << ep << int(D::Duration);
    QTest::newRow("nothing-known") << MediaIdentity() << ep << 0;
}

void TestMediaMatch::compare()
{
    QFETCH(MediaIdentity, mine);
    QFETCH(MediaIdentity, host);
    QFETCH(int, differences);
    QCOMPARE(int(MediaMatch::compare(mine, host)), differences);
    // The rule is symmetric: who is the host does not change what differs.
    QCOMPARE(int(MediaMatch::compare(host, mine)), differences);
}

void TestMediaMatch::parse_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("error"); // empty: accepted
    QTest::newRow("full") << QByteArray(R"({"name":"ep01.mkv","size":123,"duration":1442.5})")
                          << QString();
    QTest::newRow("duration-only") << QByteArray(R"({"duration":30})") << QString();
    QTest::newRow("empty-object") << QByteArray("{}") << "must carry";
    QTest::newRow("zero-duration-only") << QByteArray(R"({"duration":0})") << "must carry";
    QTest::newRow("not-object") << QByteArray("[1]") << "must be an object";
    QTest::newRow("name-number") << QByteArray(R"({"name":5})") << "name: must be a string";
    QTest::newRow("name-empty") << QByteArray(R"({"name":""})") << "name: must be 1 to 255";
    QTest::newRow("name-256") << (R"({"name":")" + QByteArray(256, 'a') + R"("})")
                              << "name: must be 1 to 255";
    QTest::newRow("name-255") << (R"({"name":")" + QByteArray(255, 'a') + R"("})") << QString();
    QTest::newRow("name-slash") << QByteArray(R"({"name":"/home/ann/ep01.mkv"})")
                                << "name: must be a file name without a folder";
    QTest::newRow("name-backslash") << QByteArray(R"({"name":"C:\\Users\\ep01.mkv"})")
                                    << "name: must be a file name without a folder";
    QTest::newRow("name-dotdot") << QByteArray(R"({"name":".."})")
                                 << "name: must be a file name without a folder";
    QTest::newRow("name-control") << QByteArray(R"({"name":"ep\u0007.mkv"})")
                                  << "name: must not contain control characters";
    QTest::newRow("name-bidi") << QByteArray(R"({"name":"ep\u202e.mkv"})")
                               << "name: must not contain control characters";
    QTest::newRow("size-negative") << QByteArray(R"({"size":-1})") << "size: must be a whole";
    QTest::newRow("size-fraction") << QByteArray(R"({"size":1.5})") << "size: must be a whole";
    QTest::newRow("size-string") << QByteArray(R"({"size":"12"})") << "size: must be a whole";
    QTest::newRow("size-2^53") << QByteArray(R"({"size":9007199254740992})") << QString();
    QTest::newRow("size-over-2^53")
        << QByteArray(R"({"size":9007199254740994})") << "size: must be a whole";
    QTest::newRow("duration-negative")
        << QByteArray(R"({"duration":-3})") << "duration: must be a number";
    QTest::newRow("duration-over-max")
        << QByteArray(R"({"duration":604801})") << "duration: must be a number";
    QTest::newRow("duration-string")
        << QByteArray(R"({"duration":"24:02"})") << "duration: must be a number";
}

void TestMediaMatch::parse()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, error);
    const QJsonDocument doc = QJsonDocument::fromJson(json);
    const QJsonValue value = doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(doc.array());
    MediaIdentity m;
    const QString problem = MediaIdentity::parse(value, &m);
    if (error.isEmpty()) {
        QCOMPARE(problem, QString());
        // What was accepted goes out again as it came in.
        MediaIdentity again;
        QCOMPARE(MediaIdentity::parse(m.toJson(), &again), QString());
        QCOMPARE(again, m);
    } else {
        QVERIFY2(problem.startsWith(error), qPrintable(problem));
    }
}

void TestMediaMatch::roomRow()
{
    const QJsonObject row {{"room_id", "abc"},
                           {"media_name", "ep01.mkv"},
                           {"media_size", 42},
                           {"media_duration", 12.5}};
    QCOMPARE(MediaIdentity::fromRoomRow(row), media("ep01.mkv", 42, 12.5));
    const QJsonObject none {{"media_name", QJsonValue::Null},
                            {"media_size", QJsonValue::Null},
                            {"media_duration", QJsonValue::Null}};
    QVERIFY(MediaIdentity::fromRoomRow(none).isEmpty());
    // A hostile server's path is not taken as a name.
    QVERIFY(MediaIdentity::fromRoomRow(QJsonObject {{"media_name", "/etc/passwd"}}).isEmpty());
}

QTEST_APPLESS_MAIN(TestMediaMatch)
#include "tst_mediamatch.moc"
