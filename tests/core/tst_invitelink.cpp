#include "client/InviteLink.h"

#include <QTest>

using watchium::InviteLink;

class TestInviteLink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void roundTrip_data();
    void roundTrip();
    void serverUrl();
    void fingerprint_data();
    void fingerprint();
};

void TestInviteLink::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("roomId");
    QTest::addColumn<QString>("key");

    QTest::newRow("private") << "watchium://192.168.1.5:8787/abc-123?key=K3y" << true
                             << "192.168.1.5" << 8787 << "abc-123"
                             << "K3y";
    QTest::newRow("public_no_key")
        << "watchium://example.org:9000/room1" << true << "example.org" << 9000 << "room1"
        << "";
    QTest::newRow("blanks_around") << "  watchium://h:1/r?key=k \n"
                                   << true << "h" << 1 << "r"
                                   << "k";
    QTest::newRow("upper_scheme") << "WATCHIUM://h:2/r" << true << "h" << 2 << "r"
                                  << "";
    QTest::newRow("trailing_slash") << "watchium://h:3/r/" << true << "h" << 3 << "r"
                                    << "";
    QTest::newRow("encoded_key") << "watchium://h:4/r?key=a%2Bb%3D" << true << "h" << 4 << "r"
                                 << "a+b=";
    QTest::newRow("ipv6") << "watchium://[::1]:8787/r" << true << "::1" << 8787 << "r"
                          << "";
    // Found by fuzz/fuzz_invite_link: the zone id came back from toString() as other text.
    QTest::newRow("ipv6_zone_id") << "watchium://[fe80::1%25eth0]:8787/r" << false << "" << 0 << ""
                                  << "";
    QTest::newRow("ipv6_zone_id_non_ascii")
        << QString::fromUtf8("watchium://[::%25\xc3\xa9]:8/r") << false << "" << 0 << ""
        << "";
    QTest::newRow("http_scheme") << "http://h:1/r" << false << "" << 0 << ""
                                 << "";
    QTest::newRow("no_port") << "watchium://h/r" << false << "" << 0 << ""
                             << "";
    QTest::newRow("no_room") << "watchium://h:1/" << false << "" << 0 << ""
                             << "";
    QTest::newRow("nested_path") << "watchium://h:1/a/b" << false << "" << 0 << ""
                                 << "";
    QTest::newRow("empty") << "" << false << "" << 0 << ""
                           << "";
    QTest::newRow("garbage") << "not a link" << false << "" << 0 << ""
                             << "";
}

void TestInviteLink::parse()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const auto link = InviteLink::parse(text);
    QCOMPARE(link.has_value(), valid);
    if (!valid)
        return;
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, roomId);
    QFETCH(QString, key);
    QCOMPARE(link->host, host);
    QCOMPARE(int(link->port), port);
    QCOMPARE(link->roomId, roomId);
    QCOMPARE(link->accessKey, key);
}

void TestInviteLink::roundTrip_data()
{
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("roomId");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("text");

    QTest::newRow("with_key") << "10.0.0.2" << 8787 << "r1"
                              << "abc"
                              << "watchium://10.0.0.2:8787/r1?key=abc";
    QTest::newRow("no_key") << "host" << 1234 << "r2"
                            << ""
                            << "watchium://host:1234/r2";
    QTest::newRow("special_key") << "host" << 1 << "r3"
                                 << "a+b/c=&d"
                                 << "";
}

void TestInviteLink::roundTrip()
{
    QFETCH(QString, host);
    QFETCH(int, port);
    QFETCH(QString, roomId);
    QFETCH(QString, key);
    QFETCH(QString, text);
    InviteLink link;
    link.host = host;
    link.port = quint16(port);
    link.roomId = roomId;
    link.accessKey = key;
    if (!text.isEmpty())
        QCOMPARE(link.toString(), text);
    const auto parsed = InviteLink::parse(link.toString());
    QVERIFY(parsed.has_value());
    QCOMPARE(*parsed, link);
}

void TestInviteLink::serverUrl()
{
    const InviteLink link = InviteLink::forRoom(QUrl(QStringLiteral("http://127.0.0.1:4000")),
                                                QStringLiteral("r"), QStringLiteral("k"));
    QCOMPARE(link.toString(), QStringLiteral("watchium://127.0.0.1:4000/r?key=k"));
    QCOMPARE(link.serverUrl(), QUrl(QStringLiteral("http://127.0.0.1:4000")));
}

void TestInviteLink::fingerprint_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QByteArray>("sha256"); // the pin; empty: none
    QTest::addColumn<QString>("server");

    const QByteArray sha(32, '\xab');
    const QString fp = QString::fromLatin1(
        sha.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    QTest::newRow("pinned") << "watchium://10.0.0.2:8787/r?key=k&tls=1&fp=" + fp << true << sha
                            << "https://10.0.0.2:8787";
    // A pin means TLS even when the link forgets to say so: never a downgrade to http.
    QTest::newRow("pinWithoutTls")
        << "watchium://10.0.0.2:8787/r?fp=" + fp << true << sha << "https://10.0.0.2:8787";
    QTest::newRow("tlsNoPin") << "watchium://h:1/r?tls=1" << true << QByteArray() << "https://h:1";
    QTest::newRow("plain") << "watchium://h:1/r" << true << QByteArray() << "http://h:1";
    QTest::newRow("truncatedPin") << "watchium://h:1/r?tls=1&fp=" + fp.left(40) << false
                                  << QByteArray() << "";
    QTest::newRow("emptyPin") << "watchium://h:1/r?tls=1&fp=" << false << QByteArray() << "";
    QTest::newRow("sha1Pin") << "watchium://h:1/r?fp=" + QString(40, QLatin1Char('a')) << false
                             << QByteArray() << "";
}

void TestInviteLink::fingerprint()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QByteArray, sha256);
    QFETCH(QString, server);
    const auto link = InviteLink::parse(text);
    QCOMPARE(link.has_value(), valid);
    if (!valid)
        return;
    QCOMPARE(link->pin.sha256(), sha256);
    QCOMPARE(link->serverUrl(), QUrl(server));
    QCOMPARE(InviteLink::parse(link->toString()), link);

    const InviteLink made =
        InviteLink::forRoom(link->serverUrl(), QStringLiteral("r"), {}, link->pin);
    QCOMPARE(made.secure, server.startsWith(QLatin1String("https")));
    QCOMPARE(made.pin, link->pin);
}

QTEST_APPLESS_MAIN(TestInviteLink)
#include "tst_invitelink.moc"
