// `watchium --headless` against an https/wss server (a real server behind server::TlsSession):
// trusted through --ca-file or a pinned --fingerprint, refused with a clear error otherwise.
#include "HeadlessProcess.h"
#include "TestCertificates.h"
#include "tls/SelfSignedCertificate.h"
#include "TlsTestServer.h"

#include <QTemporaryDir>
#include <QTest>

using namespace watchium;
using namespace watchium::test;

namespace {
constexpr int kWaitMs = 20'000;
const QString kMedia = QStringLiteral("av://lavfi:testsrc=size=160x120:rate=25:duration=600");
} // namespace

class TstHeadlessTls : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void connects_data();
    void connects();

private:
    TestCertificates m_certs;
    QTemporaryDir m_appData;
    std::optional<server::SelfSignedCertificate> m_room;
};

void TstHeadlessTls::initTestCase()
{
    QVERIFY2(m_certs.makeCa(QStringLiteral("root")), qPrintable(m_certs.error()));
    QVERIFY2(m_certs.makeSigned(QStringLiteral("site"), QStringLiteral("root")),
             qPrintable(m_certs.error()));
    QVERIFY(m_certs.write(QStringLiteral("junk.pem"), "junk"));
    QString error;
    m_room = server::SelfSignedCertificate::ensure(m_appData.path(), &error);
    QVERIFY2(m_room, qPrintable(error));
}

void TstHeadlessTls::connects_data()
{
    QTest::addColumn<bool>("selfSigned"); // the hosted room's certificate, else one of the CA's
    QTest::addColumn<QStringList>("trust");
    QTest::addColumn<QString>("error"); // empty: the client joins its room

    const QString caFile = QStringLiteral("--ca-file");
    const QString fp = QStringLiteral("--fingerprint");
    const QString pin = m_room ? QString::fromLatin1(m_room->sha256.toHex()) : QString();
    QTest::newRow("caFile") << false << QStringList {caFile, m_certs.cert(QStringLiteral("root"))}
                            << "";
    QTest::newRow("pinned") << true << QStringList {fp, pin} << "";
    QTest::newRow("noTrust") << false << QStringList() << "tls_failed";
    QTest::newRow("wrongPin") << true << QStringList {fp, QString(64, QLatin1Char('0'))}
                              << "the server's certificate does not match the invite's "
                                 "fingerprint";
    QTest::newRow("junkCaFile") << false
                                << QStringList {caFile, m_certs.path(QStringLiteral("junk.pem"))}
                                << "--ca-file: the CA file";
    QTest::newRow("badFingerprint") << true << QStringList {fp, QStringLiteral("abc")}
                                    << "--fingerprint needs a SHA-256 fingerprint";
}

void TstHeadlessTls::connects()
{
    QFETCH(bool, selfSigned);
    QFETCH(QStringList, trust);
    QFETCH(QString, error);

    TlsTestServer server;
    QString why;
    QVERIFY2(selfSigned ? server.start(m_room->certificateFile, m_room->keyFile, &why)
                        : server.start(m_certs.cert(QStringLiteral("site")),
                                       m_certs.key(QStringLiteral("site")), &why),
             qPrintable(why));

    HeadlessProcess host(QStringLiteral("host"), QStringLiteral(WATCHIUM_BINARY));
    // The room's certificate names no host: only the pin vouches for it.
    const QString url =
        server.httpsBase(selfSigned ? QStringLiteral("127.0.0.1") : QStringLiteral("localhost"));
    QVERIFY(host.start(
        QStringList {QStringLiteral("--server-url"), url, QStringLiteral("--create"),
                     QStringLiteral("--title"), QStringLiteral("TLS"), QStringLiteral("--anime-id"),
                     QStringLiteral("testsrc"), QStringLiteral("--anime-title"),
                     QStringLiteral("Test"), QStringLiteral("--video"),
                     QStringLiteral("https://example.com/testsrc.mp4"), QStringLiteral("--media"),
                     kMedia, QStringLiteral("--name"), QStringLiteral("Host")}
        + trust));
    if (error.isEmpty()) {
        // Joined: the HTTP call and the channel both went through TLS.
        QVERIFY(host.waitFor(
            [](const QJsonObject &l) {
                return l.value(QLatin1String("event")) == QLatin1String("state")
                    && l.value(QLatin1String("connection")) == QLatin1String("joined");
            },
            kWaitMs));
        host.send(QStringLiteral("quit"));
        QVERIFY(host.waitForExit(kWaitMs));
        return;
    }
    const auto fatal = host.waitFor(
        [](const QJsonObject &l) {
            return l.value(QLatin1String("event")) == QLatin1String("error")
                && l.value(QLatin1String("fatal")).toBool();
        },
        kWaitMs);
    QVERIFY(fatal);
    const QString message = fatal->value(QLatin1String("message")).toString();
    QVERIFY2(message.contains(error), qPrintable(message));
    QVERIFY(host.waitForExit(kWaitMs));
    QVERIFY(host.exitCode() != 0);
}

QTEST_GUILESS_MAIN(TstHeadlessTls)
#include "tst_headless_tls.moc"
