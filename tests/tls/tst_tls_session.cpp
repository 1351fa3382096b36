// TlsSession with real OpenSSL on both sides: Qt's QSslSocket (the app's client) over a real
// socket to TlsProxy, where TlsSession sits as it does under the server's connections, in front of
// an echo server. The first-byte checks run on memory alone.
#include "TestCertificates.h"
#include "tls/TlsContext.h"
#include "tls/TlsCredentials.h"
#include "tls/TlsSession.h"
#include "TlsProxy.h"

#include <QCryptographicHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <memory>

using namespace watchium;
using server::TlsCredentials;
using server::TlsSession;

Q_DECLARE_METATYPE(TlsSession::Failure)

namespace {

constexpr int kWaitMs = 10'000;

// Echoes every byte back: the "application" behind the TLS front.
class EchoServer : public QTcpServer
{
public:
    EchoServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [s] { s->write(s->readAll()); });
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }
};

QByteArray digest(const QSslCertificate &cert)
{
    return cert.digest(QCryptographicHash::Sha256);
}

} // namespace

class TstTlsSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void firstBytes_data();
    void firstBytes();
    void plaintextRequestGetsHttpsRequired();
    void handshake_data();
    void handshake();
    void largeTransferBothWays();
    void closeNotify();
    void reloadKeepsEstablishedConnections();
    void oldProtocolRefused();

private:
    // Connects to the proxy trusting only the test root; null if the handshake failed.
    std::unique_ptr<QSslSocket> connectClient(QSsl::SslProtocol protocol = QSsl::SecureProtocols);
    QByteArray echo(QSslSocket *socket, const QByteArray &data);
    void useCertificate(const QString &name);

    test::TestCertificates m_certs;
    EchoServer m_echo;
    std::unique_ptr<TlsCredentials> m_credentials;
    std::unique_ptr<test::TlsProxy> m_proxy;
};

void TstTlsSession::initTestCase()
{
    qRegisterMetaType<TlsSession::Failure>();
    QVERIFY2(m_certs.makeCa(QStringLiteral("root")), qPrintable(m_certs.error()));
    QVERIFY2(m_certs.makeSigned(QStringLiteral("mid"), QStringLiteral("root"), true),
             qPrintable(m_certs.error()));
    for (const char *name : {"one", "two"}) {
        QVERIFY2(m_certs.makeSigned(QLatin1String(name), QStringLiteral("mid")),
                 qPrintable(m_certs.error()));
        // Served as a chain (leaf, intermediate); clients trust the root only.
        QVERIFY(m_certs.concatenate(
            QLatin1String(name) + QStringLiteral("-chain.pem"),
            {m_certs.cert(QLatin1String(name)), m_certs.cert(QStringLiteral("mid"))}));
    }
    useCertificate(QStringLiteral("one"));
    QString error;
    m_credentials = TlsCredentials::load(m_certs.path(QStringLiteral("live-cert.pem")),
                                         m_certs.path(QStringLiteral("live-key.pem")), &error);
    QVERIFY2(m_credentials, qPrintable(error));
    QVERIFY(m_echo.isListening());
    m_proxy = std::make_unique<test::TlsProxy>(m_credentials.get(), m_echo.serverPort());
    QVERIFY(m_proxy->listen());
}

void TstTlsSession::useCertificate(const QString &name)
{
    QVERIFY(m_certs.concatenate(QStringLiteral("live-cert.pem"),
                                {m_certs.path(name + QStringLiteral("-chain.pem"))}));
    QVERIFY(m_certs.concatenate(QStringLiteral("live-key.pem"), {m_certs.key(name)}));
}

std::unique_ptr<QSslSocket> TstTlsSession::connectClient(QSsl::SslProtocol protocol)
{
    auto socket = std::make_unique<QSslSocket>();
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates(QSslCertificate::fromPath(m_certs.cert(QStringLiteral("root"))));
    config.setProtocol(protocol);
    socket->setSslConfiguration(config);
    QSignalSpy encrypted(socket.get(), &QSslSocket::encrypted);
    socket->connectToHostEncrypted(QStringLiteral("localhost"), m_proxy->port());
    if (!encrypted.wait(kWaitMs)) {
        qWarning() << "handshake failed:" << socket->errorString() << socket->sslHandshakeErrors();
        return nullptr;
    }
    return socket;
}

QByteArray TstTlsSession::echo(QSslSocket *socket, const QByteArray &data)
{
    // The proxy and the echo server run on this thread: wait with the event loop turning.
    socket->write(data);
    QByteArray received;
    [[maybe_unused]] const bool done = QTest::qWaitFor(
        [&] {
            received += socket->readAll();
            return received.size() >= data.size();
        },
        kWaitMs);
    return received;
}

void TstTlsSession::firstBytes_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<TlsSession::Failure>("failure");

    using F = TlsSession::Failure;
    QTest::newRow("get") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << false
                         << F::PlaintextHttp;
    QTest::newRow("post") << QByteArray("POST /functions/v1/rooms-join HTTP/1.1\r\n") << false
                          << F::PlaintextHttp;
    QTest::newRow("oneLetter") << QByteArray("G") << false << F::PlaintextHttp;
    QTest::newRow("nul") << QByteArray(2, '\0') << false << F::NotTls;
    QTest::newRow("lowercase") << QByteArray("get /") << false << F::NotTls;
    QTest::newRow("sslv2Hello") << QByteArray("\x80\x2e\x01\x03\x01", 5) << false << F::NotTls;
    QTest::newRow("alertRecord") << QByteArray("\x15\x03\x03\x00\x02\x02\x28", 7) << false
                                 << F::NotTls;
    QTest::newRow("garbageClientHello") << QByteArray("\x16\x03\x01\x00\x04"
                                                      "abcd",
                                                      9)
                                        << false << F::Handshake;
    // A record header alone: the rest of the ClientHello may still come.
    QTest::newRow("partialRecord") << QByteArray("\x16\x03\x01\x02\x00", 5) << true << F::None;
}

void TstTlsSession::firstBytes()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, accepted);
    QFETCH(TlsSession::Failure, failure);
    TlsSession session(*m_credentials->context());
    QCOMPARE(session.receive(bytes), accepted);
    QCOMPARE(session.failure(), failure);
    QCOMPARE(session.state(),
             accepted ? TlsSession::State::Handshaking : TlsSession::State::Failed);
    QVERIFY(session.takePlaintext().isEmpty());
    QCOMPARE(session.errorString().isEmpty(), accepted);
}

void TstTlsSession::plaintextRequestGetsHttpsRequired()
{
    QSignalSpy failed(m_proxy.get(), &test::TlsProxy::sessionFailed);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, m_proxy->port());
    socket.write("GET /rest/v1/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray answer;
    // The proxy closes the connection after its answer.
    QVERIFY(QTest::qWaitFor(
        [&] {
            answer += socket.readAll();
            return socket.state() == QAbstractSocket::UnconnectedState;
        },
        kWaitMs));
    answer += socket.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 400 Bad Request\r\n"), answer.constData());
    QVERIFY(answer.contains("\"code\":\"https_required\""));
    QVERIFY(answer.contains("use https://"));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kWaitMs);
    QCOMPARE(failed.at(0).at(0).value<TlsSession::Failure>(), TlsSession::Failure::PlaintextHttp);
}

void TstTlsSession::handshake_data()
{
    QTest::addColumn<QSsl::SslProtocol>("protocol");
    QTest::addColumn<QSsl::SslProtocol>("expected");
    QTest::newRow("tls12") << QSsl::TlsV1_2 << QSsl::TlsV1_2;
    QTest::newRow("tls13") << QSsl::TlsV1_3 << QSsl::TlsV1_3;
    QTest::newRow("best") << QSsl::SecureProtocols << QSsl::TlsV1_3;
}

void TstTlsSession::handshake()
{
    QFETCH(QSsl::SslProtocol, protocol);
    QFETCH(QSsl::SslProtocol, expected);
    const auto socket = connectClient(protocol);
    QVERIFY(socket);
    QCOMPARE(socket->sessionProtocol(), expected);
    // Leaf and intermediate, from the server's chain file: the client has only the root.
    QCOMPARE(socket->peerCertificateChain().size(), 2);
    QCOMPARE(digest(socket->peerCertificate()), m_certs.sha256(QStringLiteral("one")));
    QCOMPARE(echo(socket.get(), "hello over TLS"), QByteArray("hello over TLS"));
}

void TstTlsSession::largeTransferBothWays()
{
    const auto socket = connectClient();
    QVERIFY(socket);
    QByteArray data(3 * 1024 * 1024 + 17, Qt::Uninitialized);
    QRandomGenerator(7).fillRange(reinterpret_cast<quint32 *>(data.data()), data.size() / 4);
    const QByteArray back = echo(socket.get(), data);
    QCOMPARE(back.size(), data.size());
    QVERIFY(back == data);
}

void TstTlsSession::closeNotify()
{
    const auto socket = connectClient();
    QVERIFY(socket);
    QSignalSpy closed(m_proxy.get(), &test::TlsProxy::peerClosed);
    QCOMPARE(echo(socket.get(), "bye"), QByteArray("bye"));
    socket->disconnectFromHost(); // sends close_notify first
    QVERIFY(closed.wait(kWaitMs));
}

void TstTlsSession::reloadKeepsEstablishedConnections()
{
    const auto before = connectClient();
    QVERIFY(before);
    QCOMPARE(digest(before->peerCertificate()), m_certs.sha256(QStringLiteral("one")));

    useCertificate(QStringLiteral("two"));
    QString error;
    QVERIFY2(m_credentials->reload(&error), qPrintable(error));
    const auto after = connectClient();
    QVERIFY(after);
    QCOMPARE(digest(after->peerCertificate()), m_certs.sha256(QStringLiteral("two")));
    // The connection made before the reload goes on, on its own context.
    QCOMPARE(echo(before.get(), "still here"), QByteArray("still here"));

    // A bad pair on the next reload: the one in use stays.
    QVERIFY(m_certs.write(QStringLiteral("live-key.pem"), "-----BEGIN PRIVATE KEY-----\n"));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("previous one stays")));
    QVERIFY(!m_credentials->reload(&error));
    QVERIFY2(error.contains(QStringLiteral("live-key.pem")), qPrintable(error));
    const auto third = connectClient();
    QVERIFY(third);
    QCOMPARE(digest(third->peerCertificate()), m_certs.sha256(QStringLiteral("two")));
    useCertificate(QStringLiteral("one"));
    QVERIFY2(m_credentials->reload(&error), qPrintable(error));
}

void TstTlsSession::oldProtocolRefused()
{
    // OpenSSL's own client, allowed TLS 1.1 (security level 0): the server must refuse it.
    QSignalSpy failed(m_proxy.get(), &test::TlsProxy::sessionFailed);
    QProcess client;
    client.start(QStringLiteral("openssl"),
                 {QStringLiteral("s_client"), QStringLiteral("-connect"),
                  QStringLiteral("127.0.0.1:%1").arg(m_proxy->port()), QStringLiteral("-tls1_1"),
                  QStringLiteral("-cipher"), QStringLiteral("DEFAULT:@SECLEVEL=0")});
    client.closeWriteChannel();
    QVERIFY(client.waitForStarted(kWaitMs));
    QTRY_COMPARE_WITH_TIMEOUT(failed.size(), 1, kWaitMs);
    QCOMPARE(failed.at(0).at(0).value<TlsSession::Failure>(), TlsSession::Failure::Handshake);
    QVERIFY2(failed.at(0).at(1).toString().contains(QStringLiteral("protocol")),
             qPrintable(failed.at(0).at(1).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(client.state(), QProcess::NotRunning, kWaitMs);
    QVERIFY(client.exitCode() != 0);
}

QTEST_GUILESS_MAIN(TstTlsSession)
#include "tst_tls_session.moc"
