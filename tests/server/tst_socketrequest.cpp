#include "realtime/SocketRequest.h"

#include <QTest>

using watchium::protocol::Vsn;
using watchium::server::SocketRequest;

// The checks a WebSocket upgrade passes before it becomes a Realtime connection.
class TestSocketRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void check_data();
    void check();
};

void TestSocketRequest::check_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QString>("anonKey");
    QTest::addColumn<int>("vsn"); // -1: refused
    QTest::addColumn<QString>("refusal"); // the start of the reason

    const QString key = QStringLiteral("anon-123");
    QTest::newRow("v2 with key") << QByteArray("/realtime/v1/websocket?apikey=anon-123&vsn=2.0.0")
                                 << key << int(Vsn::V2) << QString();
    QTest::newRow("v1 spelled") << QByteArray("/realtime/v1/websocket?vsn=1.0.0&apikey=anon-123")
                                << key << int(Vsn::V1) << QString();
    // realtime-js before 2.x sent no vsn: Phoenix's default serializer is 1.0.0.
    QTest::newRow("no vsn is v1") << QByteArray("/realtime/v1/websocket?apikey=anon-123") << key
                                  << int(Vsn::V1) << QString();
    QTest::newRow("trailing slash") << QByteArray("/realtime/v1/websocket/?vsn=2.0.0") << QString()
                                    << int(Vsn::V2) << QString();
    QTest::newRow("no key needed")
        << QByteArray("/realtime/v1/websocket?vsn=2.0.0") << QString() << int(Vsn::V2) << QString();
    QTest::newRow("other path") << QByteArray("/realtime/v2/websocket?vsn=2.0.0") << QString() << -1
                                << QStringLiteral("no WebSocket endpoint at /realtime/v2");
    QTest::newRow("root") << QByteArray("/") << QString() << -1
                          << QStringLiteral("no WebSocket endpoint at /");
    QTest::newRow("unknown vsn") << QByteArray("/realtime/v1/websocket?vsn=3.0.0") << QString()
                                 << -1 << QStringLiteral("unsupported serializer vsn");
    QTest::newRow("wrong key") << QByteArray("/realtime/v1/websocket?vsn=2.0.0&apikey=other") << key
                               << -1 << QStringLiteral("invalid apikey");
    QTest::newRow("missing key") << QByteArray("/realtime/v1/websocket?vsn=2.0.0") << key << -1
                                 << QStringLiteral("invalid apikey");
    // The path is checked first: a stranger's path never learns whether a key is needed.
    QTest::newRow("path before key") << QByteArray("/x?apikey=other") << key << -1
                                     << QStringLiteral("no WebSocket endpoint at /x");
    // A close frame's reason has room for 123 bytes: a long path is cut in the reason.
    QTest::newRow("long path") << QByteArray("/" + QByteArray(4000, 'a')) << QString() << -1
                               << QStringLiteral("no WebSocket endpoint at /aaaa");
}

void TestSocketRequest::check()
{
    QFETCH(QByteArray, target);
    QFETCH(QString, anonKey);
    QFETCH(int, vsn);
    QFETCH(QString, refusal);

    const SocketRequest request = SocketRequest::check(target, anonKey);
    QCOMPARE(request.admitted(), vsn >= 0);
    if (vsn >= 0) {
        QVERIFY(request.vsn.has_value());
        QCOMPARE(int(*request.vsn), vsn);
        QVERIFY(request.refusal.isEmpty());
    } else {
        QVERIFY(!request.vsn.has_value());
        QVERIFY2(request.refusal.startsWith(refusal), qPrintable(request.refusal));
        QVERIFY(request.refusal.toUtf8().size() <= 123);
    }
}

QTEST_APPLESS_MAIN(TestSocketRequest)
#include "tst_socketrequest.moc"
