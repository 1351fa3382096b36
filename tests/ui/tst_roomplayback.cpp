#include "client/RoomClient.h"
#include "MpvPlayer.h"
#include "PlayerStatusTracker.h"
#include "RoomPlayback.h"
#include "TestMediaFile.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace watchium;

namespace {

// A room client that never connects and a player with no window: all RoomPlayback needs.
struct Rig
{
    static RoomClient::Options roomOptions()
    {
        RoomClient::Options o;
        o.serverUrl = QUrl(QStringLiteral("http://127.0.0.1:9")); // never contacted
        return o;
    }
    static MpvPlayer::Options playerOptions()
    {
        MpvPlayer::Options o;
        o.headless = true;
        return o;
    }

    RoomClient room {roomOptions()};
    MpvPlayer player {playerOptions()};
    RoomPlayback playback {&room, &player};
};

} // namespace

// What a room's video may be. The URL comes from whatever server the room is on, so a hostile
// one must not make this computer's player read its files or run filter graphs; the user's own
// choice of source is theirs. Real libmpv (vo=null, ao=null).
class TestRoomPlayback : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roomSources_data();
    void roomSources();
    void ownFileIdentity();
};

void TestRoomPlayback::roomSources_data()
{
    QTest::addColumn<QString>("media");
    QTest::addColumn<bool>("fromRoom");
    QTest::addColumn<bool>("opened");
    QTest::addColumn<QString>("reason"); // in the refusal
    const QString testSource = QStringLiteral("av://lavfi:testsrc=size=64x48:rate=25:duration=5");
    const QString http = QStringLiteral("http");
    QTest::newRow("room: a local file")
        << QStringLiteral("file:///etc/hostname") << true << false << http;
    QTest::newRow("room: a bare path") << QStringLiteral("/etc/hostname") << true << false << http;
    QTest::newRow("room: a filter graph") << testSource << true << false << http;
    QTest::newRow("room: an edl") << QStringLiteral("edl://%2Fetc%2Fhostname") << true << false
                                  << http;
    // A room of own copies has no URL: each member opens their own file.
    QTest::newRow("room: own copies") << QString() << true << false << QStringLiteral("own copy");
    QTest::newRow("user: a filter graph") << testSource << false << true << QString();
}

void TestRoomPlayback::roomSources()
{
    QFETCH(QString, media);
    QFETCH(bool, fromRoom);
    QFETCH(bool, opened);
    QFETCH(QString, reason);
    Rig rig;
    RoomPlayback &playback = rig.playback;
    QSignalSpy loaded(&rig.player, &MpvPlayer::fileLoaded);
    playback.open(media, fromRoom ? RoomPlayback::Source::Room : RoomPlayback::Source::User);
    if (opened) {
        QVERIFY(loaded.wait(10'000));
        QTRY_COMPARE(playback.status()->status(), PlayerStatus::Ready);
        return;
    }
    // Refused before mpv saw it: an error at once, with the reason.
    QCOMPARE(playback.status()->status(), PlayerStatus::Error);
    QVERIFY2(playback.status()->error().contains(reason), qPrintable(playback.status()->error()));
    QCOMPARE(loaded.count(), 0);
}

// What presence says about a local file: its name, size and length, never where it is.
void TestRoomPlayback::ownFileIdentity()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("Ep 01.wav"));
    QVERIFY(test::writeWav(path, 3.0));
    Rig rig;
    RoomPlayback &playback = rig.playback;
    playback.open(QUrl::fromLocalFile(path).toString(), RoomPlayback::Source::User);
    QTRY_COMPARE(playback.mediaIdentity().duration, 3.0);
    const MediaIdentity m = playback.mediaIdentity();
    QCOMPARE(m.name, QStringLiteral("Ep 01.wav"));
    QCOMPARE(m.size, QFileInfo(path).size());
    const QByteArray json = QJsonDocument(m.toJson()).toJson();
    QVERIFY2(!json.contains(dir.path().toUtf8()), json.constData());
    // The room's own source has no file to describe, only a length.
    playback.open(QStringLiteral("https://127.0.0.1:9/ep.mp4"), RoomPlayback::Source::Room);
    QVERIFY(playback.mediaIdentity().name.isEmpty());
    QCOMPARE(playback.mediaIdentity().size, qint64(-1));
}

QTEST_GUILESS_MAIN(TestRoomPlayback)
#include "tst_roomplayback.moc"
