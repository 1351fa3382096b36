#include "MpvPlayer.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QMetaObject>

#include <mpv/client.h>

#include <clocale>
#include <cstdint>
#include <vector>

namespace watchium {

namespace {

Q_LOGGING_CATEGORY(lcPlayer, "watchium.player")

// The reply_userdata of each observed property.
enum Observed : quint64 {
    TimePos = 1,
    Pause,
    Speed,
    Duration,
    PausedForCache,
    Seeking,
    EofReached,
    CoreIdle,
};

struct Observation
{
    Observed id;
    const char *name;
    mpv_format format;
};

// mpv reports properties that changed together in the order they were observed (seen with 0.35):
// time-pos first, so the frame a pause or seek stopped on arrives before the state change.
constexpr Observation kObservations[] = {
    {TimePos, "time-pos", MPV_FORMAT_DOUBLE},
    {Pause, "pause", MPV_FORMAT_FLAG},
    {Speed, "speed", MPV_FORMAT_DOUBLE},
    {Duration, "duration", MPV_FORMAT_DOUBLE},
    {PausedForCache, "paused-for-cache", MPV_FORMAT_FLAG},
    {Seeking, "seeking", MPV_FORMAT_FLAG},
    {EofReached, "eof-reached", MPV_FORMAT_FLAG},
    {CoreIdle, "core-idle", MPV_FORMAT_FLAG},
};

QString mpvError(int status)
{
    return QString::fromUtf8(mpv_error_string(status));
}

PositionEstimator::Clock::time_point now()
{
    return PositionEstimator::Clock::now();
}

} // namespace

MpvPlayer::MpvPlayer(const Options &options, QObject *parent)
    : QObject(parent)
{
    // mpv parses and prints numbers ("1.5", "12.345") with the C library, so it refuses to start
    // (mpv_create returns null) under a locale with another decimal separator, and
    // QCoreApplication has just set the locale from the environment. Process-wide, but Qt formats
    // numbers through QLocale, not the C locale, so the rest of the app is unaffected.
    // A QCoreApplication constructed after this would undo it, behind mpv's back.
    if (!QCoreApplication::instance())
        qCCritical(lcPlayer) << "MpvPlayer created before the QCoreApplication";
    Q_ASSERT_X(QCoreApplication::instance(), "MpvPlayer", "create the QCoreApplication first");
    std::setlocale(LC_NUMERIC, "C");

    m_handle = mpv_create();
    if (!m_handle) {
        failLater(QStringLiteral("Cannot create mpv (out of memory or a non-C LC_NUMERIC)"));
        return;
    }
    mpv_set_wakeup_callback(m_handle, &MpvPlayer::wakeup, this);
    const QString failure = initialize(options);
    if (!failure.isEmpty()) {
        mpv_set_wakeup_callback(m_handle, nullptr, nullptr);
        mpv_terminate_destroy(m_handle);
        m_handle = nullptr;
        failLater(failure);
    }
}

MpvPlayer::~MpvPlayer()
{
    if (!m_handle)
        return;
    Q_EMIT aboutToBeDestroyed();
    // After this, mpv no longer calls back into a half-destroyed object; posted drains die with
    // it, since Qt discards events for deleted receivers.
    mpv_set_wakeup_callback(m_handle, nullptr, nullptr);
    mpv_terminate_destroy(m_handle);
}

QString MpvPlayer::initialize(const Options &options)
{
    QList<std::pair<QByteArray, QByteArray>> settings = {
        // Without a file mpv stays alive instead of shutting down.
        {"idle", "yes"},
        // At the end the file stays loaded and paused, so the room can still seek back into it.
        {"keep-open", "yes"},
        // Seeks land on the requested time, not on the keyframe before it.
        {"hr-seek", "yes"},
        {"audio-pitch-correction", "yes"},
        {"terminal", "no"},
        // The youtube-dl hook would run on every http URL and add seconds to every open.
        {"ytdl", "no"},
    };
    if (options.headless) {
        settings.emplaceBack("vo", "null");
        settings.emplaceBack("ao", "null");
    } else {
        // Video only through the render API (mpv_render_context) of a renderer sharing this
        // handle; until one exists, mpv plays the audio alone.
        settings.emplaceBack("vo", "libmpv");
    }
    // Last, so the caller's options win.
    settings += options.mpvOptions;
    for (const auto &[name, value] : std::as_const(settings)) {
        const int status = mpv_set_option_string(m_handle, name.constData(), value.constData());
        if (status < 0) {
            return QStringLiteral("Cannot set mpv option %1=%2: %3")
                .arg(QString::fromUtf8(name), QString::fromUtf8(value), mpvError(status));
        }
    }
    mpv_request_log_messages(m_handle, options.logLevel.constData());
    if (const int status = mpv_initialize(m_handle); status < 0)
        return QStringLiteral("Cannot initialize mpv: %1").arg(mpvError(status));
    for (const Observation &o : kObservations)
        mpv_observe_property(m_handle, o.id, o.name, o.format);
    return {};
}

void MpvPlayer::failLater(const QString &message)
{
    qCCritical(lcPlayer).noquote() << message;
    QMetaObject::invokeMethod(
        this, [this, message] { Q_EMIT error(message); }, Qt::QueuedConnection);
}

void MpvPlayer::wakeup(void *self)
{
    // Called on one of mpv's threads, which must not be blocked: only schedule a drain on the
    // Qt thread, and at most one at a time however often mpv calls.
    auto *player = static_cast<MpvPlayer *>(self);
    if (player->m_drainQueued.exchange(true))
        return;
    QMetaObject::invokeMethod(player, &MpvPlayer::drainEvents, Qt::QueuedConnection);
}

void MpvPlayer::drainEvents()
{
    // Cleared before draining: an event that arrives after the last poll below queues a new drain.
    m_drainQueued = false;
    while (m_handle) {
        const mpv_event *event = mpv_wait_event(m_handle, 0);
        if (event->event_id == MPV_EVENT_NONE)
            break;
        handleEvent(*event);
    }
}

void MpvPlayer::open(const QString &urlOrPath)
{
    m_source = urlOrPath;
    command({"loadfile", urlOrPath.toUtf8(), "replace"});
}

void MpvPlayer::play()
{
    setFlag("pause", false);
}

void MpvPlayer::pause()
{
    setFlag("pause", true);
}

void MpvPlayer::seek(double seconds)
{
    if (m_handle)
        m_seekInFlight = true;
    command({"seek", QByteArray::number(seconds, 'f', 6), "absolute+exact"});
}

void MpvPlayer::setSpeed(double speed)
{
    setDouble("speed", speed);
}

double MpvPlayer::position() const
{
    return m_estimator.position(now());
}

bool MpvPlayer::isPlaying() const
{
    return !m_paused;
}

void MpvPlayer::handleEvent(const mpv_event &event)
{
    switch (event.event_id) {
    case MPV_EVENT_PROPERTY_CHANGE:
        handlePropertyChange(event.reply_userdata,
                             *static_cast<const mpv_event_property *>(event.data));
        break;
    case MPV_EVENT_COMMAND_REPLY:
    case MPV_EVENT_SET_PROPERTY_REPLY:
        finishRequest(event.reply_userdata, event.error);
        break;
    case MPV_EVENT_FILE_LOADED:
        m_seekInFlight = false;
        qCDebug(lcPlayer).noquote() << "loaded" << m_source;
        Q_EMIT fileLoaded();
        break;
    case MPV_EVENT_END_FILE: {
        m_seekInFlight = false;
        const auto &end = *static_cast<const mpv_event_end_file *>(event.data);
        if (end.reason == MPV_END_FILE_REASON_ERROR) {
            const QString message =
                QStringLiteral("Cannot play %1: %2").arg(m_source, mpvError(end.error));
            qCWarning(lcPlayer).noquote() << message;
            Q_EMIT loadFailed(message);
            Q_EMIT error(message);
        }
        break;
    }
    case MPV_EVENT_PLAYBACK_RESTART:
        m_seekInFlight = false;
        refreshTimePos();
        Q_EMIT playbackRestarted();
        break;
    case MPV_EVENT_LOG_MESSAGE:
        forwardLog(*static_cast<const mpv_event_log_message *>(event.data));
        break;
    default:
        break;
    }
}

void MpvPlayer::handlePropertyChange(quint64 id, const mpv_event_property &property)
{
    // MPV_FORMAT_NONE: unavailable for now (no file, or not known yet).
    const bool known = property.format != MPV_FORMAT_NONE;
    const bool flag = known && property.format == MPV_FORMAT_FLAG
        && *static_cast<const int *>(property.data) != 0;
    const double number = known && property.format == MPV_FORMAT_DOUBLE
        ? *static_cast<const double *>(property.data)
        : 0.0;
    switch (id) {
    case TimePos:
        // During a seek mpv reports its target at once; what the viewer sees (and what the
        // room is told) is still the frame before it, until playback restarts.
        if (known && m_seekInFlight) {
            Q_EMIT timePosChanged(number);
        } else if (known) {
            m_estimator.setTimePos(number, now());
            Q_EMIT timePosChanged(number);
        } else {
            m_estimator.clearTimePos();
        }
        break;
    case Pause:
        if (updateFlag(m_paused, flag))
            Q_EMIT pausedChanged(flag);
        break;
    case Speed:
        if (known && number != m_speed) {
            m_speed = number;
            m_estimator.setSpeed(number, now());
            Q_EMIT speedChanged(number);
        }
        break;
    case Duration:
        if (number != m_duration) {
            // mpv gives a generated source or a live stream the length of what it has read so
            // far; only a source of known byte length has a length to believe. Checked before
            // the signal, so its receivers see both together.
            std::int64_t end = 0;
            m_lengthKnown = known
                && mpv_get_property(m_handle, "stream-end", MPV_FORMAT_INT64, &end) >= 0 && end > 0;
            m_duration = number;
            Q_EMIT durationChanged(number);
        }
        break;
    case PausedForCache:
        if (updateFlag(m_buffering, flag))
            Q_EMIT bufferingChanged(flag);
        break;
    case Seeking:
        if (updateFlag(m_seeking, flag))
            Q_EMIT seekingChanged(flag);
        break;
    case EofReached:
        if (updateFlag(m_eofReached, flag))
            Q_EMIT eofReachedChanged(flag);
        break;
    case CoreIdle:
        if (updateFlag(m_coreIdle, flag))
            Q_EMIT coreIdleChanged(flag);
        break;

    default:
        break;
    }
}

bool MpvPlayer::updateFlag(bool &member, bool value)
{
    if (member == value)
        return false;
    member = value;
    // Before the signal goes out, so its receivers already read the new position().
    m_estimator.setAdvancing(
        !m_paused && !m_seeking && !m_buffering && !m_eofReached && !m_coreIdle, now());
    return true;
}

void MpvPlayer::refreshTimePos()
{
    // The time-pos observed during a seek is mpv's target, and the landed frame's may only be
    // reported after this event; reading it now anchors the estimate where playback restarts.
    double seconds = 0.0;
    if (mpv_get_property(m_handle, "time-pos", MPV_FORMAT_DOUBLE, &seconds) >= 0)
        m_estimator.setTimePos(seconds, now());
}

void MpvPlayer::forwardLog(const mpv_event_log_message &log)
{
    const QString text =
        QStringLiteral("mpv/%1: %2")
            .arg(QString::fromUtf8(log.prefix), QString::fromUtf8(log.text).trimmed());
    if (log.log_level <= MPV_LOG_LEVEL_ERROR)
        qCCritical(lcPlayer).noquote() << text;
    else if (log.log_level <= MPV_LOG_LEVEL_WARN)
        qCWarning(lcPlayer).noquote() << text;
    else if (log.log_level <= MPV_LOG_LEVEL_INFO)
        qCInfo(lcPlayer).noquote() << text;
    else
        qCDebug(lcPlayer).noquote() << text;
}

void MpvPlayer::command(const QByteArrayList &args)
{
    if (!m_handle)
        return;
    std::vector<const char *> argv;
    for (const QByteArray &arg : args)
        argv.push_back(arg.constData());
    argv.push_back(nullptr);
    const quint64 id = track(QString::fromUtf8(args.join(' ')));
    if (const int status = mpv_command_async(m_handle, id, argv.data()); status < 0)
        finishRequest(id, status);
}

void MpvPlayer::setFlag(const char *name, bool value)
{
    if (!m_handle)
        return;
    int flag = value ? 1 : 0;
    const quint64 id = track(
        QStringLiteral("set %1 %2").arg(QLatin1String(name), QLatin1String(value ? "yes" : "no")));
    if (const int status = mpv_set_property_async(m_handle, id, name, MPV_FORMAT_FLAG, &flag);
        status < 0)
        finishRequest(id, status);
}

void MpvPlayer::setDouble(const char *name, double value)
{
    if (!m_handle)
        return;
    const quint64 id = track(QStringLiteral("set %1 %2").arg(QLatin1String(name)).arg(value));
    if (const int status = mpv_set_property_async(m_handle, id, name, MPV_FORMAT_DOUBLE, &value);
        status < 0)
        finishRequest(id, status);
}

quint64 MpvPlayer::track(const QString &request)
{
    const quint64 id = m_nextRequest++;
    m_requests.insert(id, request);
    return id;
}

void MpvPlayer::finishRequest(quint64 id, int status)
{
    const QString request = m_requests.take(id);
    if (status >= 0)
        return;
    const QString message = QStringLiteral("%1: %2").arg(request, mpvError(status));
    qCWarning(lcPlayer).noquote() << message;
    Q_EMIT error(message);
}

} // namespace watchium
