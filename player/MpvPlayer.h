#pragma once

#include "PlayerControl.h"
#include "PositionEstimator.h"

#include <QByteArray>
#include <QByteArrayList>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <atomic>
#include <utility>

struct mpv_handle;
struct mpv_event;
struct mpv_event_log_message;
struct mpv_event_property;

namespace watchium {

class MpvRenderer;

// The one owner of an mpv_handle, over the libmpv client API. Everything mpv reports leaves it as
// typed signals on the thread that created it; every call must come from that thread. Knows
// nothing of rooms: the sync logic drives it through PlayerControl.
class MpvPlayer : public QObject, public PlayerControl
{
    Q_OBJECT

public:
    struct Options
    {
        // vo=null and ao=null: no window, no sound device (tests, benchmarks, --headless).
        // Otherwise vo=libmpv, so a renderer can draw through mpv's render API.
        bool headless = false;
        // Level of mpv's own messages forwarded to the watchium.player logging category.
        QByteArray logLevel = "warn";
        // Extra mpv options as (name, value), applied after Watchium's defaults so they win.
        QList<std::pair<QByteArray, QByteArray>> mpvOptions;
    };

    // Failures to create or configure mpv are reported through error() once the event loop runs,
    // so a caller can connect first; the player then ignores every call. Create it after the
    // QCoreApplication: constructing that resets LC_NUMERIC from the environment, and mpv needs
    // "C" (see the constructor).
    explicit MpvPlayer(const Options &options, QObject *parent = nullptr);
    // A renderer using this player's handle should be destroyed first; one still alive gets
    // aboutToBeDestroyed() to free its render context, since mpv aborts the process when its
    // core goes while a render context exists.
    ~MpvPlayer() override;

    // A file path or any URL mpv understands. Keeps the pause state: pause() first to load
    // without starting.
    void open(const QString &urlOrPath);
    void play() override;
    void pause() override;
    void seek(double seconds) override;
    // Audio keeps its pitch (scaletempo), so small sync corrections are not heard.
    void setSpeed(double speed) override;

    double position() const override;
    bool isPlaying() const override;

    // mpv's last time-pos, as reported.
    double timePos() const { return m_estimator.timePos(); }
    bool hasTimePos() const { return m_estimator.hasTimePos(); }
    double speed() const { return m_speed; }
    // 0 until known.
    double duration() const { return m_duration; }
    bool isSeeking() const override { return m_seeking || m_seekInFlight; }
    bool isAtEnd() const override { return m_eofReached; }
    bool isBuffering() const { return m_buffering; }
    bool isEofReached() const { return m_eofReached; }
    bool isCoreIdle() const { return m_coreIdle; }
    // duration() is the media's length: a file or a download of known size. A live stream's or
    // a generated source's duration() is only what has arrived so far.
    bool isLengthKnown() const { return m_lengthKnown; }

Q_SIGNALS:
    void fileLoaded();
    void timePosChanged(double seconds);
    void pausedChanged(bool paused);
    void speedChanged(double speed);
    void durationChanged(double seconds);
    void bufferingChanged(bool buffering);
    void seekingChanged(bool seeking);
    void eofReachedChanged(bool eofReached);
    void coreIdleChanged(bool idle);
    // Playback resumed after a seek (or after a file was opened); seek() to here is the seek
    // latency.
    void playbackRestarted();
    // mpv's message for a source that cannot be played or a command it refused.
    void error(const QString &message);
    // The source could not be opened or played on: the player has nothing to show. Also
    // reported through error().
    void loadFailed(const QString &message);
    // Emitted first thing in the destructor, while mpv still runs. Connect directly: the player
    // is gone once the event loop could deliver a queued call.
    void aboutToBeDestroyed();

private:
    // The render-API class of the GUI layer creates its mpv_render_context on this handle.
    friend class MpvRenderer;
    mpv_handle *handle() const { return m_handle; }

    QString initialize(const Options &options);
    void failLater(const QString &message);

    static void wakeup(void *self);
    void drainEvents();
    void handleEvent(const mpv_event &event);
    void handlePropertyChange(quint64 id, const mpv_event_property &property);
    bool updateFlag(bool &member, bool value);
    void refreshTimePos();
    void forwardLog(const mpv_event_log_message &log);

    void command(const QByteArrayList &args);
    void setFlag(const char *name, bool value);
    void setDouble(const char *name, double value);
    quint64 track(const QString &request);
    void finishRequest(quint64 id, int status);

    mpv_handle *m_handle = nullptr;
    std::atomic_bool m_drainQueued = false;
    PositionEstimator m_estimator;
    QString m_source;
    QHash<quint64, QString> m_requests;
    quint64 m_nextRequest = 1;

    bool m_paused = false;
    double m_speed = 1.0;
    double m_duration = 0.0;
    bool m_buffering = false;
    bool m_seeking = false;
    // From seek() until mpv restarts playback: time-pos then names the seek's target, while
    // the picture still shows the frame before it.
    bool m_seekInFlight = false;
    bool m_eofReached = false;
    bool m_coreIdle = true;
    bool m_lengthKnown = false;
};

} // namespace watchium
