// The desktop app joining an https/wss server (a real server behind server::TlsSession): by an
// invite whose fingerprint pins the room's self-signed certificate, or trusting a CA file chosen
// in the app; a wrong fingerprint or an untrusted certificate is refused with a clear error.
#include "EmbeddedServer.h"
#include "client/InviteLink.h"
#include "MainWindow.h"
#include "RoomClientTestKit.h"
#include "RoomView.h"
#include "StartPage.h"
#include "TestCertificates.h"
#include "tls/SelfSignedCertificate.h"
#include "TlsTestServer.h"
#include "Translations.h"

#include <QCheckBox>
#include <QDir>
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
    void hostedRoomIsEncryptedAndPinned();

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

void TstTlsJoin::hostedRoomIsEncryptedAndPinned()
{
    MainWindow::Options options;
    options.mediaOverride = QStringLiteral("av://lavfi:testsrc=size=320x240:rate=25");
    options.mpvOptions = {{"ao", "null"}};
    options.serverDataDir = m_appData.filePath(QStringLiteral("hosted"));
    MainWindow host(options);
    StartPage *page = host.startPage();
    page->nameEdit()->setText(QStringLiteral("Hana"));
    page->titleEdit()->setText(QStringLiteral("Encrypted"));
    page->videoUrlEdit()->setText(QStringLiteral("https://example.com/ep1.mp4"));
    page->encryptBox()->setChecked(true);
    page->createButton()->click();
    QTRY_VERIFY_WITH_TIMEOUT(host.roomView() != nullptr, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(host.roomClient()->connectionState(),
                              RoomClient::ConnectionState::Joined, kWaitMs);
    QCOMPARE(host.embeddedServer()->url().scheme(), QStringLiteral("https"));

    // The invite names this computer's address (any would do: the pin is what is checked).
    auto link = InviteLink::parse(host.roomView()->inviteEdit()->text());
    QTRY_VERIFY_WITH_TIMEOUT((link = InviteLink::parse(host.roomView()->inviteEdit()->text())),
                             kWaitMs);
    QVERIFY(link->secure);
    QString error;
    const auto certificate = server::SelfSignedCertificate::ensure(
        QDir(options.serverDataDir).filePath(QStringLiteral("tls")), &error);
    QVERIFY2(certificate, qPrintable(error));
    QCOMPARE(link->pin.sha256(), certificate->sha256);
    link->host = QStringLiteral("127.0.0.1");

    options.serverDataDir = m_appData.filePath(QStringLiteral("member"));
    // Another person: not this installation's user id, which the host has in the room.
    QSettings().remove(QStringLiteral("profile/user_id"));
    MainWindow member(options);
    member.startPage()->nameEdit()->setText(QStringLiteral("Kei"));
    member.joinInvite(link->toString());
    QTRY_VERIFY2_WITH_TIMEOUT(member.roomView() != nullptr,
                              qPrintable(member.startPage()->errorText()), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(member.roomClient()->connectionState(),
                              RoomClient::ConnectionState::Joined, kWaitMs);
    // The member's own invite passes the pin on.
    const auto passedOn = InviteLink::parse(member.roomView()->inviteEdit()->text());
    QVERIFY(passedOn);
    QCOMPARE(passedOn->pin, link->pin);
}

QTEST_MAIN(TstTlsJoin)
#include "tst_tlsjoin.moc"
