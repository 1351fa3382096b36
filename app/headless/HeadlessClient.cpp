#include "HeadlessClient.h"

#include "client/RoomApi.h"
#include "client/RoomClient.h"
#include "HeadlessQueue.h"
#include "JsonLines.h"
#include "MediaMismatches.h"
#include "MediaProbe.h"
#include "MpvPlayer.h"
#include "PlaybackFollower.h"
#include "PlayerStatusTracker.h"
#include "RoomPlayback.h"

#include <QJsonArray>
#include <QMetaEnum>

namespace watchium::app {

namespace {

constexpr int kLeaveTimeoutMs = 3000;

QJsonArray differenceNames(MediaMatch::Differences d)
{
    QJsonArray names;
    if (d.testFlag(MediaMatch::Difference::Name))
        names.append(QStringLiteral("name"));
    if (d.testFlag(MediaMatch::Difference::Size))
        names.append(QStringLiteral("size"));
    if (d.testFlag(MediaMatch::Difference::Duration))
        names.append(QStringLiteral("duration"));
    return names;
}

QString stateName(RoomClient::ConnectionState state)
{
    return QString::fromLatin1(
               QMetaEnum::fromType<RoomClient::ConnectionState>().valueToKey(int(state)))
        .toLower();
}

} // namespace

HeadlessClient::HeadlessClient(HeadlessOptions options, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
{
    RoomClient::Options roomOptions;
    roomOptions.serverUrl = m_options.serverUrl;
    roomOptions.apiKey = m_options.anonKey;
    roomOptions.localClockOffsetMs = m_options.clockOffsetMs;
    roomOptions.tls.caFile = m_options.caFile;
    roomOptions.tls.pin = CertificatePin::fromText(m_options.fingerprint);
    m_room = new RoomClient(roomOptions, nullptr, this);

    m_player = new MpvPlayer(RoomPlayback::playerOptions(true), this);
    m_playback = new RoomPlayback(m_room, m_player, this);
    m_follower = m_playback->follower();
    m_mismatches = new MediaMismatches(m_room, this);
    connect(m_mismatches, &MediaMismatches::changed, this,
            [this](const QString &userId, MediaMatch::Differences d) {
                if (!d) {
                    printJsonLine({{QStringLiteral("event"), QStringLiteral("media_match")},
                                   {QStringLiteral("user_id"), userId}});
                    return;
                }
                printJsonLine({{QStringLiteral("event"), QStringLiteral("media_mismatch")},
                               {QStringLiteral("user_id"), userId},
                               {QStringLiteral("differences"), differenceNames(d)},
                               {QStringLiteral("media"), m_mismatches->mediaOf(userId).toJson()},
                               {QStringLiteral("host_media"), m_mismatches->reference().toJson()}});
            });
    m_queue = new HeadlessQueue(m_room, m_playback, this);
    connect(m_playback->status(), &PlayerStatusTracker::statusChanged, this,
            [this](PlayerStatus status) {
                QJsonObject line {{QStringLiteral("event"), QStringLiteral("player")},
                                  {QStringLiteral("state"), playerStatusName(status)},
                                  {QStringLiteral("position"), m_player->position()},
                                  {QStringLiteral("wall_ms"), wallClockMs()}};
                if (status == PlayerStatus::Error)
                    line.insert(QStringLiteral("message"), m_playback->status()->error());
                printJsonLine(line);
            });
    connect(m_playback, &RoomPlayback::videoChanged, this,
            [this] { printState(QStringLiteral("video_changed")); });

    connect(m_room, &RoomClient::entered, this, &HeadlessClient::entered);
    connect(m_room, &RoomClient::failed, this, [this](const QString &code, const QString &message) {
        fail(QStringLiteral("%1: %2").arg(code, message));
    });
    connect(m_room, &RoomClient::roomClosed, this,
            [this] { fail(QStringLiteral("the room was closed")); });
    connect(m_room, &RoomClient::connectionStateChanged, this,
            [this] { printState(QStringLiteral("connection")); });
    connect(m_room, &RoomClient::roomStateChanged, this,
            [this] { printState(QStringLiteral("room_state")); });
    connect(m_room, &RoomClient::hostChanged, this, [this] { printState(QStringLiteral("host")); });
    connect(m_room, &RoomClient::reconnectScheduled, this,
            [](qint64 delayMs, const QString &reason, int attempt) {
                printJsonLine({{QStringLiteral("event"), QStringLiteral("reconnecting")},
                               {QStringLiteral("attempt"), attempt},
                               {QStringLiteral("in_ms"), delayMs},
                               {QStringLiteral("reason"), reason}});
            });
    connect(m_room, &RoomClient::commentReceived, this, [](const QJsonObject &comment) {
        printJsonLine({{QStringLiteral("event"), QStringLiteral("comment")},
                       {QStringLiteral("comment"), comment}});
    });
    connect(m_room, &RoomClient::controlFailed, this,
            [](const QString &action, const QString &code, const QString &message) {
                printJsonLine({{QStringLiteral("event"), QStringLiteral("error")},
                               {QStringLiteral("fatal"), false},
                               {QStringLiteral("action"), action},
                               {QStringLiteral("code"), code},
                               {QStringLiteral("message"), message}});
            });
    connect(m_room, &RoomClient::commentAcknowledged, this,
            [](const QString &key, const QJsonObject &comment) {
                printJsonLine({{QStringLiteral("event"), QStringLiteral("comment_acknowledged")},
                               {QStringLiteral("idempotency_key"), key},
                               {QStringLiteral("comment"), comment}});
            });
    connect(m_room, &RoomClient::commentFailed, this,
            [](const QString &key, const QString &code, const QString &message) {
                printJsonLine({{QStringLiteral("event"), QStringLiteral("error")},
                               {QStringLiteral("fatal"), false},
                               {QStringLiteral("idempotency_key"), key},
                               {QStringLiteral("code"), code},
                               {QStringLiteral("message"), message}});
            });
    connect(m_player, &MpvPlayer::fileLoaded, this,
            [this] { printState(QStringLiteral("video_loaded")); });
    // A video that cannot play is the room's problem to solve (the others see "can't play" on
    // this member and the host can change the video), not a reason to leave.
    connect(m_player, &MpvPlayer::error, this, [](const QString &message) {
        printJsonLine({{QStringLiteral("event"), QStringLiteral("error")},
                       {QStringLiteral("fatal"), false},
                       {QStringLiteral("message"), message}});
    });
    m_sampleTimer.setInterval(m_options.sampleIntervalMs);
    m_sampleTimer.setTimerType(Qt::PreciseTimer);
    connect(&m_sampleTimer, &QTimer::timeout, this, &HeadlessClient::printSample);
}

HeadlessClient::~HeadlessClient()
{
    // The playback unhooks itself from the room client as it goes, so it goes first: children
    // are deleted in creation order, the room client's first (UBSan, tst_headless_sync).
    delete m_playback;
}

void HeadlessClient::start()
{
    if (m_options.create && m_options.videoUrl.isEmpty()) {
        // A room of own copies carries the host's file, length and all: read it first.
        auto *probe = new MediaProbe(this);
        connect(probe, &MediaProbe::finished, this,
                [this, probe](const MediaIdentity &media, const QString &error) {
                    probe->deleteLater();
                    if (!error.isEmpty())
                        return fail(QStringLiteral("--media: %1").arg(error));
                    create(media);
                });
        probe->probe(m_options.media);
    } else if (m_options.create) {
        create({});
    } else {
        JoinRoomRequest r;
        r.roomId = m_options.roomId;
        r.userId = m_options.userId;
        r.username = m_options.name;
        r.accessKey = m_options.accessKey;
        m_room->joinRoom(r);
    }
}

void HeadlessClient::create(const MediaIdentity &media)
{
    CreateRoomRequest r;
    r.title = m_options.title;
    r.animeId = m_options.animeId;
    r.animeTitle = m_options.animeTitle;
    r.episodeNumber = m_options.episode;
    r.videoUrl = m_options.videoUrl;
    r.media = media;
    r.userId = m_options.userId;
    r.username = m_options.name;
    r.isPublic = !m_options.isPrivate;
    m_room->createRoom(r);
}

void HeadlessClient::entered(const RoomSession &s)
{
    m_mismatches->setRoomMedia(MediaIdentity::fromRoomRow(s.room));
    printJsonLine({{QStringLiteral("event"), QStringLiteral("room")},
                   {QStringLiteral("room_id"), s.roomId},
                   {QStringLiteral("access_key"),
                    s.accessKey.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s.accessKey)},
                   {QStringLiteral("realtime_channel"), s.realtimeChannel},
                   {QStringLiteral("user_id"), s.userId},
                   {QStringLiteral("created"), m_options.create}});
    const QString media = m_options.media.isEmpty()
        ? s.room.value(QLatin1String("video_url")).toString()
        : m_options.media;
    m_playback->open(
        media, m_options.media.isEmpty() ? RoomPlayback::Source::Room : RoomPlayback::Source::User);
    m_sampleTimer.start();
}

void HeadlessClient::printState(const QString &reason)
{
    const RoomState state = m_room->roomState();
    printJsonLine(
        {{QStringLiteral("event"), QStringLiteral("state")},
         {QStringLiteral("reason"), reason},
         {QStringLiteral("wall_ms"), wallClockMs()},
         {QStringLiteral("connection"), stateName(m_room->connectionState())},
         {QStringLiteral("is_host"), m_room->isHost()},
         {QStringLiteral("host_user_id"), m_room->hostUserId()},
         {QStringLiteral("room"), m_room->hasRoomState() ? state.toJson() : QJsonObject()},
         {QStringLiteral("video_loaded"), m_follower->isActive()},
         {QStringLiteral("video_url"), m_room->videoUrl()},
         {QStringLiteral("group_wait"), m_room->groupWait()}});
}

void HeadlessClient::printSample()
{
    double errorMs = 0.0;
    if (m_room->hasRoomState()) {
        const double expected = m_room->roomState().expectedPosition(m_room->serverNowMs());
        errorMs = (m_player->position() - expected) * 1000.0;
    }
    printJsonLine(
        {{QStringLiteral("event"), QStringLiteral("sample")},
         {QStringLiteral("wall_ms"), wallClockMs()},
         {QStringLiteral("position"), m_player->position()},
         {QStringLiteral("playing"), m_player->isPlaying()},
         {QStringLiteral("rate"), m_follower->appliedRate()},
         {QStringLiteral("error_ms"), errorMs},
         {QStringLiteral("offset_ms"), m_room->clock().offsetMs()},
         {QStringLiteral("rtt_ms"), m_room->clock().rttMs()},
         {QStringLiteral("down_delay_ms"), m_room->clock().downDelayMs()},
         {QStringLiteral("clock_samples"), m_room->clock().sampleCount()},
         {QStringLiteral("seeks"), m_follower->seeksIssued()},
         {QStringLiteral("player_state"), playerStatusName(m_playback->status()->status())},
         {QStringLiteral("connection"), stateName(m_room->connectionState())}});
}

void HeadlessClient::command(const QString &line)
{
    const QString verb = line.section(QLatin1Char(' '), 0, 0).toLower();
    const QString argument = line.section(QLatin1Char(' '), 1).trimmed();
    bool ok = true;
    const double number = argument.toDouble(&ok);
    const auto bad = [&](const QString &why) {
        printJsonLine({{QStringLiteral("event"), QStringLiteral("error")},
                       {QStringLiteral("fatal"), false},
                       {QStringLiteral("command"), line.left(200)},
                       {QStringLiteral("message"), why}});
    };
    if (verb == QLatin1String("play")) {
        m_room->play(m_player->position());
    } else if (verb == QLatin1String("pause")) {
        m_room->pause(m_player->position());
    } else if (verb == QLatin1String("seek")) {
        if (!ok || number < 0)
            return bad(QStringLiteral("seek needs a position in seconds"));
        m_room->seek(number);
    } else if (verb == QLatin1String("speed")) {
        if (!ok || number <= 0)
            return bad(QStringLiteral("speed needs a rate such as 1.25"));
        m_room->setRate(number);
    } else if (verb == QLatin1String("comment")) {
        if (argument.isEmpty())
            return bad(QStringLiteral("comment needs text"));
        const QString key = m_room->sendComment(argument, m_player->position());
        printJsonLine({{QStringLiteral("event"), QStringLiteral("comment_queued")},
                       {QStringLiteral("idempotency_key"), key}});
    } else if (verb == QLatin1String("video")) {
        if (argument.isEmpty())
            return bad(QStringLiteral("video needs an http(s) URL"));
        m_room->changeVideo(argument);
    } else if (verb == QLatin1String("wait")) {
        if (argument != QLatin1String("on") && argument != QLatin1String("off"))
            return bad(QStringLiteral("wait needs on or off"));
        m_room->setGroupWait(argument == QLatin1String("on"));
    } else if (verb == QLatin1String("sync")) {
        m_follower->syncToLive();
    } else if (verb == QLatin1String("quit")) {
        quit();
    } else if (QString error; m_queue->command(verb, argument, &error)) {
        if (!error.isEmpty())
            bad(error);
    } else {
        bad(QStringLiteral("unknown command; use play, pause, seek S, speed R, comment TEXT, "
                           "video URL, wait on|off, sync, quit, ")
            + HeadlessQueue::usage());
    }
}

void HeadlessClient::quit()
{
    if (m_quitting)
        return;
    m_quitting = true;
    m_sampleTimer.stop();
    // Leaving can fail (the server is down); finish regardless.
    connect(m_room, &RoomClient::leaveFinished, this, [this] { Q_EMIT finished(0); });
    m_room->leaveRoomWithin(kLeaveTimeoutMs);
}

void HeadlessClient::fail(const QString &message)
{
    if (m_quitting)
        return;
    m_quitting = true;
    printJsonLine({{QStringLiteral("event"), QStringLiteral("error")},
                   {QStringLiteral("fatal"), true},
                   {QStringLiteral("message"), message}});
    Q_EMIT finished(1);
}

} // namespace watchium::app
