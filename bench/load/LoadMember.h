#pragma once

#include "Plan.h"

#include <QJsonObject>
#include <QObject>

#include <functional>

namespace watchium::server {
class WsSocket;
}

namespace watchium::bench {

struct RunContext;
class TimestampedStream;

// One simulated room member on its own WebSocket: joins `room:<id>` with
// its member token as realtime-js would, sends what the worker schedules,
// and turns every frame it receives into counts and latency samples.
class LoadMember : public QObject
{
    Q_OBJECT

public:
    enum class State { Idle, Connecting, Joining, Joined, Failed, Closed };
    // Called once when the member has joined or has failed to.
    using Settled = std::function<void(LoadMember *, bool joined)>;

    LoadMember(int index, const Plan::Member &member, RunContext *context, Settled settled);

    int index() const { return m_index; }

    void open(const QUrl &url, qint64 nowUs);
    void close();
    State state() const { return m_state; }
    bool isHost() const { return m_member.host; }
    int node() const { return m_member.node; }
    qint64 openedAtUs() const { return m_openedAtUs; }
    // Gives up on a member that did not settle in time.
    void fail(const QString &why);

    void sendControl(qint64 nowUs);
    void sendPresence(qint64 nowUs);
    void sendComment(qint64 nowUs);
    void sendHeartbeat();

private:
    void onText(const QByteArray &text);
    void onUpgraded();
    void onJoinReply(const QByteArray &text);
    void onBroadcast(const QJsonObject &payload, qint64 nowUs);
    void onPresenceDiff(const QJsonObject &payload, qint64 nowUs);
    void onDisconnected();
    void push(const QString &topic, const QString &event, const QJsonObject &payload);
    void settle(bool joined);
    double expectedPosition(qint64 nowUs) const;

    int m_index;
    Plan::Member m_member;
    RunContext *m_ctx;
    server::WsSocket *m_socket = nullptr; // a child, from open() on
    TimestampedStream *m_stream = nullptr; // m_socket's, while it is open
    QString m_connectError; // when the connection could not even start
    Settled m_settled;
    QString m_topic;
    QString m_joinRef;
    State m_state = State::Idle;
    qint64 m_openedAtUs = 0;
    int m_nextRef = 1;
    int m_controls = 0;
    int m_comments = 0;
    // The room's playback as the last control announced it, so presence
    // reports a plausible position and the server sees the member in sync.
    double m_position = 0;
    qint64 m_stateAtMs = 0;
    bool m_playing = false;
};

} // namespace watchium::bench
