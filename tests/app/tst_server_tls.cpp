// `watchium --server --tls-cert FILE --tls-key FILE` as an operator runs it: a pair that does
// not load stops the server at once with the file named, and SIGHUP reloads the pair (a bad new
// pair keeps the old one, and the server goes on).
#include "RoomClientTestKit.h"
#include "TestCertificates.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QProcess>
#include <QRegularExpression>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace watchium;

namespace {
constexpr int kWaitMs = 15'000;

// The SHA-256 of the certificate a new connection to `port` is shown, trusting `caFile`.
QByteArray certificateServed(quint16 port, const QString &caFile)
{
    QSslSocket socket;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setCaCertificates(QSslCertificate::fromPath(caFile));
    socket.setSslConfiguration(config);
    socket.connectToHostEncrypted(QStringLiteral("localhost"), port);
    if (!socket.waitForEncrypted(kWaitMs))
        return {};
    return socket.peerCertificate().digest(QCryptographicHash::Sha256);
}
} // namespace

class TstServerTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void badPairStopsStartup_data();
    void badPairStopsStartup();
    void sighupReloads();

private:
    QString readLine(QProcess &process, QProcess::ProcessChannel channel);

    test::TestCertificates m_certs;
    QTemporaryDir m_data;
};

void TstServerTls::initTestCase()
{
    QVERIFY2(m_certs.makeSelfSigned(QStringLiteral("one")), qPrintable(m_certs.error()));
    QVERIFY2(m_certs.makeSelfSigned(QStringLiteral("two")), qPrintable(m_certs.error()));
    QVERIFY2(m_certs.makeExpired(QStringLiteral("old")), qPrintable(m_certs.error()));
}

QString TstServerTls::readLine(QProcess &process, QProcess::ProcessChannel channel)
{
    process.setReadChannel(channel);
    QDeadlineTimer deadline(kWaitMs);
    while (!process.canReadLine() && !deadline.hasExpired() && process.state() == QProcess::Running)
        process.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    return QString::fromUtf8(process.readLine()).trimmed();
}

void TstServerTls::badPairStopsStartup_data()
{
    QTest::addColumn<QStringList>("tls");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("message");

    const QString cert = QStringLiteral("--tls-cert");
    const QString key = QStringLiteral("--tls-key");
    QTest::newRow("certOnly") << QStringList {cert, m_certs.cert(QStringLiteral("one"))} << 2
                              << "--tls-cert and --tls-key go together";
    QTest::newRow("keyOnly") << QStringList {key, m_certs.key(QStringLiteral("one"))} << 2
                             << "--tls-cert and --tls-key go together";
    QTest::newRow("missingCert") << QStringList {cert, m_certs.cert(QStringLiteral("nope")), key,
                                                 m_certs.key(QStringLiteral("one"))}
                                 << 1
                                 << "TLS certificate " + m_certs.cert(QStringLiteral("nope"))
            + ": no such file";
    QTest::newRow("mismatch") << QStringList {cert, m_certs.cert(QStringLiteral("one")), key,
                                              m_certs.key(QStringLiteral("two"))}
                              << 1
                              << "TLS key " + m_certs.key(QStringLiteral("two"))
            + " does not match";
    QTest::newRow("expired") << QStringList {cert, m_certs.cert(QStringLiteral("old")), key,
                                             m_certs.key(QStringLiteral("old"))}
                             << 1 << m_certs.cert(QStringLiteral("old")) + " expired on";
}

void TstServerTls::badPairStopsStartup()
{
    QFETCH(QStringList, tls);
    QFETCH(int, exitCode);
    QFETCH(QString, message);
    QProcess p;
    p.start(QStringLiteral(WATCHIUM_BINARY),
            QStringList {QStringLiteral("--server"), QStringLiteral("--port"), QStringLiteral("0"),
                         QStringLiteral("--data-dir"), m_data.path()}
                + tls);
    QVERIFY(p.waitForFinished(kWaitMs));
    QCOMPARE(p.exitCode(), exitCode);
    const QString err = QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(err.contains(message), qPrintable(err));
    QVERIFY(!p.readAllStandardOutput().contains("listening on"));
}

void TstServerTls::sighupReloads()
{
    QVERIFY(m_certs.concatenate(QStringLiteral("live-cert.pem"),
                                {m_certs.cert(QStringLiteral("one"))}));
    QVERIFY(
        m_certs.concatenate(QStringLiteral("live-key.pem"), {m_certs.key(QStringLiteral("one"))}));
    QProcess p;
    p.start(QStringLiteral(WATCHIUM_BINARY),
            {QStringLiteral("--server"), QStringLiteral("--port"), QStringLiteral("0"),
             QStringLiteral("--data-dir"), m_data.path(), QStringLiteral("--tls-cert"),
             m_certs.path(QStringLiteral("live-cert.pem")), QStringLiteral("--tls-key"),
             m_certs.path(QStringLiteral("live-key.pem"))});
    QVERIFY(p.waitForStarted(kWaitMs));
    const QString listening = readLine(p, QProcess::StandardOutput);
    const auto match =
        QRegularExpression(QStringLiteral("^listening on https://127\\.0\\.0\\.1:(\\d+)$"))
            .match(listening);
    QVERIFY2(match.hasMatch(), qPrintable(listening));
    const quint16 port = quint16(match.captured(1).toUInt());
    const QString httpsBase = QStringLiteral("https://localhost:%1").arg(port);
    const QString one = QString::fromLatin1(m_certs.sha256(QStringLiteral("one")).toHex(':'));
    const QString two = QString::fromLatin1(m_certs.sha256(QStringLiteral("two")).toHex(':'));
    QString line = readLine(p, QProcess::StandardOutput);
    QVERIFY2(line.startsWith(QLatin1String("tls: certificate ")) && line.contains(one),
             qPrintable(line));

    // https and wss on the one port: a member joins a room, over a CA file.
    RoomClient::Options options = test::clientOptions(httpsBase);
    options.tls.caFile = m_certs.cert(QStringLiteral("one"));
    RoomClient member(options);
    member.createRoom(test::roomRequest(QStringLiteral("member-1")));
    QVERIFY(test::waitForState(member, RoomClient::ConnectionState::Joined));

    // Plain http on that port is answered with why, in plain http.
    QTcpSocket plain;
    plain.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(plain.waitForConnected(kWaitMs));
    plain.write("GET /functions/v1/rooms-list-public HTTP/1.1\r\nHost: x\r\n\r\n");
    QByteArray answer;
    while (plain.waitForReadyRead(kWaitMs))
        answer += plain.readAll();
    QVERIFY2(answer.startsWith("HTTP/1.1 400 ") && answer.contains("https_required"),
             answer.constData());

    QVERIFY(m_certs.concatenate(QStringLiteral("live-cert.pem"),
                                {m_certs.cert(QStringLiteral("two"))}));
    QVERIFY(
        m_certs.concatenate(QStringLiteral("live-key.pem"), {m_certs.key(QStringLiteral("two"))}));
    ::kill(pid_t(p.processId()), SIGHUP);
    line = readLine(p, QProcess::StandardOutput);
    QVERIFY2(line.startsWith(QLatin1String("tls: reloaded certificate")) && line.contains(two),
             qPrintable(line));
    // New connections get the new certificate; the member's connection, made before, goes on.
    QCOMPARE(certificateServed(port, m_certs.cert(QStringLiteral("two"))),
             m_certs.sha256(QStringLiteral("two")));
    QSignalSpy acknowledged(&member, &RoomClient::commentAcknowledged);
    member.sendComment(QStringLiteral("still connected"));
    QVERIFY(acknowledged.wait(kWaitMs));
    QCOMPARE(member.connectionState(), RoomClient::ConnectionState::Joined);

    // Half a renewal: the server says so and keeps serving the pair it has.
    QVERIFY(
        m_certs.concatenate(QStringLiteral("live-key.pem"), {m_certs.key(QStringLiteral("one"))}));
    ::kill(pid_t(p.processId()), SIGHUP);
    QString error;
    QDeadlineTimer deadline(kWaitMs);
    while (!error.contains(QLatin1String("TLS reload failed")) && !deadline.hasExpired())
        error = readLine(p, QProcess::StandardError);
    QVERIFY2(error.contains(QLatin1String("the previous certificate stays"))
                 && error.contains(QLatin1String("does not match")),
             qPrintable(error));
    QCOMPARE(p.state(), QProcess::Running);
    QCOMPARE(certificateServed(port, m_certs.cert(QStringLiteral("two"))),
             m_certs.sha256(QStringLiteral("two")));

    ::kill(pid_t(p.processId()), SIGTERM);
    QVERIFY(p.waitForFinished(kWaitMs));
    QCOMPARE(p.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TstServerTls)
#include "tst_server_tls.moc"
