// The desktop app joining an https/wss server (a real server behind server::TlsSession): by an
// invite whose fingerprint pins the room's self-signed certificate, or trusting a CA file chosen
// in the app; a wrong fingerprint or an untrusted certificate is refused with a clear error.
#include "InviteLink.h"
#include "MainWindow.h"
#include "RoomClientTestKit.h"
#include "RoomView.h"
#include "StartPage.h"
#include "TestCertificates.h"
#include "tls/SelfSignedCertificate.h"
#include "TlsTestServer.h"
#include "Translations.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace watchium;
using namespace watchium::app;
using namespace watchium::test;

class TstTlsJoin : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void join_data();
    void join();

private:
    Translations m_translations;
    TestCertificates m_certs;
    QTemporaryDir m_appData;
    std::optional<server::SelfSignedCertificate> m_room;
};

void TstTlsJoin::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
    m_translations.install(QStringLiteral("en"));
    QVERIFY2(m_certs.makeCa(QStringLiteral("root")), qPrintable(m_certs.error()));
    QVERIFY2(m_certs.makeSigned(QStringLiteral("site"), QStringLiteral("root")),
             qPrintable(m_certs.error()));
    QString error;
    m_room = server::SelfSignedCertificate::ensure(m_appData.path(), &error);
    QVERIFY2(m_room, qPrintable(error));
}

void TstTlsJoin::cleanupTestCase()
{
    QSettings().clear();
}

void TstTlsJoin::join_data()
{
    QTest::addColumn<bool>("hostedRoom"); // the room's self-signed certificate, else the CA's
    QTest::addColumn<QString>("pin"); // "right", "wrong" or none
    QTest::addColumn<bool>("trustCa"); // the CA file chosen in the app
    QTest::addColumn<QString>("error"); // empty: joins

    QTest::newRow("pinnedInvite") << true << "right" << false << "";
    QTest::newRow("wrongPin") << true << "wrong" << false
                              << "does not match the invite's fingerprint";
    // A CA the user trusts does not make a certificate other than the pinned one acceptable.
    QTest::newRow("wrongPinTrustedCa")
        << false << "wrong" << true << "does not match the invite's fingerprint";
    QTest::newRow("trustedCa") << false << "" << true << "";
    QTest::newRow("untrusted") << false << "" << false << "is not trusted";
    QTest::newRow("selfSignedWithoutPin") << true << "" << false << "is not trusted";
}

void TstTlsJoin::join()
{
    QFETCH(bool, hostedRoom);
    QFETCH(QString, pin);
    QFETCH(bool, trustCa);
    QFETCH(QString, error);

    TlsTestServer server;
    QString why;
    QVERIFY2(hostedRoom ? server.start(m_room->certificateFile, m_room->keyFile, &why)
                        : server.start(m_certs.cert(QStringLiteral("site")),
                                       m_certs.key(QStringLiteral("site")), &why),
             qPrintable(why));
    RoomClient::Options hostOptions = clientOptions(server.httpsBase());
    hostOptions.tls.pin = CertificatePin::fromSha256(server.credentials().context()->sha256());
    RoomClient host(hostOptions);
    host.createRoom(roomRequest(QStringLiteral("host-1")));
    QVERIFY(waitForState(host, RoomClient::ConnectionState::Joined));

    InviteLink link;
    link.host = hostedRoom ? QStringLiteral("127.0.0.1") : QStringLiteral("localhost");
    link.port = server.port();
    link.roomId = host.session().roomId;
    link.secure = true;
    if (!pin.isEmpty())
        link.pin = CertificatePin::fromSha256(pin == QLatin1String("right")
                                                  ? server.credentials().context()->sha256()
                                                  : QByteArray(32, 'x'));

    MainWindow::Options options;
    options.mediaOverride = QStringLiteral("av://lavfi:testsrc=size=320x240:rate=25");
    options.mpvOptions = {{"ao", "null"}};
    options.serverDataDir = m_appData.filePath(QStringLiteral("server"));
    MainWindow window(options);
    window.startPage()->nameEdit()->setText(QStringLiteral("Kei"));
    window.startPage()->caFileEdit()->setText(trustCa ? m_certs.cert(QStringLiteral("root"))
                                                      : QString());
    window.joinInvite(link.toString());
    if (error.isEmpty()) {
        QTRY_VERIFY_WITH_TIMEOUT(window.roomView() != nullptr, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(window.roomClient()->connectionState(),
                                  RoomClient::ConnectionState::Joined, kWaitMs);
        return;
    }
    QTRY_VERIFY_WITH_TIMEOUT(!window.startPage()->errorText().isEmpty(), kWaitMs);
    QVERIFY2(window.startPage()->errorText().contains(error),
             qPrintable(window.startPage()->errorText()));
    QVERIFY(window.roomView() == nullptr);
}

QTEST_MAIN(TstTlsJoin)
#include "tst_tlsjoin.moc"
