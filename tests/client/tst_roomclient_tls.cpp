// RoomClient over https and wss: a real server behind server::TlsSession (TlsProxy), certificates
// made by openssl, trusted through a CA file, SSL_CERT_FILE / SSL_CERT_DIR, or a pinned
// fingerprint; and every way that trust can be missing refused with a clear error.
#include "client/ChannelSocket.h"
#include "RoomClientTestKit.h"
#include "TestCertificates.h"
#include "tls/SelfSignedCertificate.h"
#include "TlsTestServer.h"

#include <QDir>
#include <QRandomGenerator>

using namespace watchium;
using namespace watchium::test;
using State = RoomClient::ConnectionState;

class TstRoomClientTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void trusted_data();
    void trusted();
    void refused_data();
    void refused();
    void socketPin_data();
    void socketPin();

private:
    // Puts `certificate`/`key` behind the proxy (a fresh one, on a new port).
    void serve(const QString &certificate, const QString &key);
    QByteArray sha256Of(const QString &which);

    TestCertificates m_certs;
    QTemporaryDir m_appData;
    server::SelfSignedCertificate m_room; // what the app makes for a room it hosts
    std::unique_ptr<TlsTestServer> m_server;
};

void TstRoomClientTls::initTestCase()
{
    QVERIFY2(m_certs.makeCa(QStringLiteral("root")), qPrintable(m_certs.error()));
    QVERIFY2(m_certs.makeSigned(QStringLiteral("site"), QStringLiteral("root")),
             qPrintable(m_certs.error()));
    QVERIFY(QDir().mkpath(m_certs.path(QStringLiteral("certdir"))));
    QVERIFY(m_certs.concatenate(QStringLiteral("certdir/root.pem"),
                                {m_certs.cert(QStringLiteral("root"))}));
    QString error;
    const auto room = server::SelfSignedCertificate::ensure(m_appData.path(), &error);
    QVERIFY2(room, qPrintable(error));
    m_room = *room;
}

void TstRoomClientTls::init()
{
    qunsetenv("SSL_CERT_FILE");
    qunsetenv("SSL_CERT_DIR");
}

void TstRoomClientTls::cleanup()
{
    qunsetenv("SSL_CERT_FILE");
    qunsetenv("SSL_CERT_DIR");
    m_server.reset();
}

void TstRoomClientTls::serve(const QString &certificate, const QString &key)
{
    m_server = std::make_unique<TlsTestServer>();
    QString error;
    QVERIFY2(m_server->start(certificate, key, &error), qPrintable(error));
}

QByteArray TstRoomClientTls::sha256Of(const QString &which)
{
    return which == QLatin1String("room") ? m_room.sha256 : m_certs.sha256(which);
}

void TstRoomClientTls::trusted_data()
{
    QTest::addColumn<QString>("served"); // "site" (signed by the test root) or "room"
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("trust"); // caFile, sslCertFile, sslCertDir, pin

    QTest::newRow("caFile") << "site"
                            << "localhost"
                            << "caFile";
    QTest::newRow("caFileByAddress") << "site"
                                     << "127.0.0.1"
                                     << "caFile";
    QTest::newRow("sslCertFile") << "site"
                                 << "localhost"
                                 << "sslCertFile";
    QTest::newRow("sslCertDir") << "site"
                                << "localhost"
                                << "sslCertDir";
    // The room hosted in the app: self-signed, for no host name; only the pin vouches for it.
    QTest::newRow("pinnedSelfSigned") << "room"
                                      << "127.0.0.1"
                                      << "pin";
    QTest::newRow("pinnedCaSigned") << "site"
                                    << "localhost"
                                    << "pin";
}

void TstRoomClientTls::trusted()
{
    QFETCH(QString, served);
    QFETCH(QString, address);
    QFETCH(QString, trust);
    if (served == QLatin1String("room"))
        serve(m_room.certificateFile, m_room.keyFile);
    else
        serve(m_certs.cert(served), m_certs.key(served));

    RoomClient::Options options;
    options.serverUrl = QUrl(m_server->httpsBase(address));
    if (trust == QLatin1String("caFile"))
        options.tls.caFile = m_certs.cert(QStringLiteral("root"));
    else if (trust == QLatin1String("sslCertFile"))
        qputenv("SSL_CERT_FILE", QFile::encodeName(m_certs.cert(QStringLiteral("root"))));
    else if (trust == QLatin1String("sslCertDir"))
        qputenv("SSL_CERT_DIR", QFile::encodeName(m_certs.path(QStringLiteral("certdir"))));
    else
        options.tls.pin = CertificatePin::fromSha256(sha256Of(served));

    RoomClient host(options);
    QSignalSpy failed(&host, &RoomClient::failed);
    host.createRoom(roomRequest(QStringLiteral("host-1")));
    QVERIFY2(waitForState(host, State::Joined),
             failed.isEmpty() ? "not joined" : qPrintable(failed.first().at(1).toString()));
    // The channel came over wss, through the same TLS front.
    QCOMPARE(host.connectionState(), State::Joined);
    RoomClient viewer(options);
    viewer.joinRoom(joinRequest(host.session().roomId, QStringLiteral("viewer-1")));
    QVERIFY(waitForState(viewer, State::Joined));
    const QString key = host.sendComment(QStringLiteral("over TLS"));
    QSignalSpy acknowledged(&host, &RoomClient::commentAcknowledged);
    QVERIFY(acknowledged.wait(kWaitMs));
    QCOMPARE(acknowledged.first().at(0).toString(), key);
}

void TstRoomClientTls::refused_data()
{
    QTest::addColumn<QString>("served");
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("trust"); // none, caFile of a file, pin of another certificate
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("message");

    const QString mismatch =
        QStringLiteral("the server's certificate does not match the invite's fingerprint");
    QTest::newRow("untrusted") << "site"
                               << "https"
                               << "none"
                               << "tls_failed"
                               << "";
    QTest::newRow("selfSignedUntrusted") << "room"
                                         << "https"
                                         << "none"
                                         << "tls_failed"
                                         << "";
    QTest::newRow("wrongPin") << "room"
                              << "https"
                              << "randomPin"
                              << "tls_refused" << mismatch;
    // A certificate the CAs would vouch for is still refused when it is not the pinned one.
    QTest::newRow("pinBeatsCa") << "site"
                                << "https"
                                << "roomPinAndCa"
                                << "tls_refused" << mismatch;
    QTest::newRow("pinnedOverHttp") << "room"
                                    << "http"
                                    << "roomPin"
                                    << "tls_refused"
                                    << "requires an encrypted connection";
    QTest::newRow("badCaFile") << "site"
                               << "https"
                               << "junkCaFile"
                               << "tls_refused"
                               << "holds no PEM certificate";
    QTest::newRow("missingCaFile") << "site"
                                   << "https"
                                   << "missingCaFile"
                                   << "tls_refused"
                                   << "cannot read the CA file";
    QTest::newRow("plainHttpToTlsPort") << "site"
                                        << "http"
                                        << "none"
                                        << "https_required"
                                        << "use https://";
}

void TstRoomClientTls::refused()
{
    QFETCH(QString, served);
    QFETCH(QString, scheme);
    QFETCH(QString, trust);
    QFETCH(QString, code);
    QFETCH(QString, message);
    if (served == QLatin1String("room"))
        serve(m_room.certificateFile, m_room.keyFile);
    else
        serve(m_certs.cert(served), m_certs.key(served));
    QVERIFY(m_certs.write(QStringLiteral("junk.pem"), "junk"));

    RoomClient::Options options;
    options.serverUrl = QUrl(QStringLiteral("%1://localhost:%2").arg(scheme).arg(m_server->port()));
    if (trust == QLatin1String("randomPin")) {
        QByteArray random(32, '\0');
        QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(random.data()), 8);
        options.tls.pin = CertificatePin::fromSha256(random);
    } else if (trust.startsWith(QLatin1String("roomPin"))) {
        options.tls.pin = CertificatePin::fromSha256(m_room.sha256);
        options.tls.caFile = m_certs.cert(QStringLiteral("root"));
    } else if (trust == QLatin1String("junkCaFile")) {
        options.tls.caFile = m_certs.path(QStringLiteral("junk.pem"));
    } else if (trust == QLatin1String("missingCaFile")) {
        options.tls.caFile = m_certs.path(QStringLiteral("nope.pem"));
    }
    RoomClient client(options);
    QSignalSpy failed(&client, &RoomClient::failed);
    QSignalSpy states(&client, &RoomClient::connectionStateChanged);
    client.createRoom(roomRequest(QStringLiteral("host-1")));
    QVERIFY(failed.wait(kWaitMs));
    QCOMPARE(failed.first().at(0).toString(), code);
    QVERIFY2(failed.first().at(1).toString().contains(message),
             qPrintable(failed.first().at(1).toString()));
    QVERIFY(!client.session().isValid());
}

void TstRoomClientTls::socketPin_data()
{
    QTest::addColumn<bool>("rightPin");
    QTest::newRow("right") << true;
    QTest::newRow("wrong") << false;
}

void TstRoomClientTls::socketPin()
{
    // The channel socket checks the pin on its own, for a member who reconnects to a server
    // whose certificate changed after the HTTP join.
    QFETCH(bool, rightPin);
    serve(m_room.certificateFile, m_room.keyFile);
    TlsPolicy policy;
    policy.pin = CertificatePin::fromSha256(rightPin ? m_room.sha256 : QByteArray(32, '\x01'));
    ChannelSocket socket;
    socket.setTls(ClientTls(policy));
    QSignalSpy opened(&socket, &ChannelSocket::opened);
    QSignalSpy lost(&socket, &ChannelSocket::connectionLost);
    socket.open(ChannelSocket::realtimeUrl(QUrl(m_server->httpsBase())));
    if (rightPin) {
        QVERIFY(opened.wait(kWaitMs));
        socket.close();
        return;
    }
    QVERIFY(lost.wait(kWaitMs));
    QVERIFY(opened.isEmpty());
    QCOMPARE(lost.first().at(0).toString(),
             QStringLiteral("the server's certificate does not match the invite's fingerprint"));
    socket.close();
}

QTEST_GUILESS_MAIN(TstRoomClientTls)
#include "tst_roomclient_tls.moc"
