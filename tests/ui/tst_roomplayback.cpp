#include "client/RoomClient.h"
#include "MpvPlayer.h"
#include "PlayerStatusTracker.h"
#include "RoomPlayback.h"

#include <QSignalSpy>
#include <QTest>

using namespace watchium;

// What a room's video may be. The URL comes from whatever server the room is on, so a hostile
// one must not make this computer's player read its files or run filter graphs; the user's own
// choice of source is theirs. Real libmpv (vo=null, ao=null).
class TestRoomPlayback : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roomSources_data();
    void roomSources();
};

void TestRoomPlayback::roomSources_data()
{
    QTest::addColumn<QString>("media");
    QTest::addColumn<bool>("fromRoom");
    QTest::addColumn<bool>("opened");
    const QString testSource = QStringLiteral("av://lavfi:testsrc=size=64x48:rate=25:duration=5");
    QTest::newRow("room: a local file") << QStringLiteral("file:///etc/hostname") << true << false;
    QTest::newRow("room: a bare path") << QStringLiteral("/etc/hostname") << true << false;
    QTest::newRow("room: a filter graph") << testSource << true << false;
    QTest::newRow("room: an edl") << QStringLiteral("edl://%2Fetc%2Fhostname") << true << false;
    QTest::newRow("user: a filter graph") << testSource << false << true;
}

void TestRoomPlayback::roomSources()
{
    QFETCH(QString, media);
    QFETCH(bool, fromRoom);
    QFETCH(bool, opened);
    RoomClient::Options roomOptions;
    roomOptions.serverUrl = QUrl(QStringLiteral("http://127.0.0.1:9")); // never contacted
    RoomClient room(roomOptions);
    MpvPlayer::Options options;
    options.headless = true;
    MpvPlayer player(options);
    RoomPlayback playback(&room, &player);
    QSignalSpy loaded(&player, &MpvPlayer::fileLoaded);
    playback.open(media, fromRoom ? RoomPlayback::Source::Room : RoomPlayback::Source::User);
    if (opened) {
        QVERIFY(loaded.wait(10'000));
        QTRY_COMPARE(playback.status()->status(), PlayerStatus::Ready);
        return;
    }
    // Refused before mpv saw it: an error at once, with the reason.
    QCOMPARE(playback.status()->status(), PlayerStatus::Error);
    QVERIFY2(playback.status()->error().contains(QLatin1String("http")),
             qPrintable(playback.status()->error()));
    QCOMPARE(loaded.count(), 0);
}

QTEST_GUILESS_MAIN(TestRoomPlayback)
#include "tst_roomplayback.moc"
