#pragma once

#include "RunContext.h"

#include <QObject>
#include <QSocketNotifier>
#include <QTimer>

#include <memory>
#include <queue>
#include <vector>

namespace watchium::bench {

class LoadMember;

// One shard: connects its members (a bounded number of handshakes at a
// time), reports ready, waits for the parent's go, then drives the schedule
// (controls, presence, comments, heartbeats) for the window, and reports
// its stats as one JSON line on stdout. The same 2 ms timer that runs the
// schedule measures the shard's event-loop lag.
class LoadWorker : public QObject
{
    Q_OBJECT

public:
    explicit LoadWorker(Plan plan, QObject *parent = nullptr);
    ~LoadWorker() override;

    void start();

private:
    enum class Kind { Control, Presence, Comment, Heartbeat };
    struct Due
    {
        qint64 atUs;
        int member;
        Kind kind;
        bool operator>(const Due &other) const { return atUs > other.atUs; }
    };

    void connectMore();
    void onSettled(LoadMember *member, bool joined);
    void onTick();
    void onCommand();
    void go(qint64 runStartUs, qint64 durationMs);
    void scheduleWindow();
    void runDue(const Due &due);
    void finish();
    qint64 nextCommentGapUs();
    static void emitLine(const QJsonObject &json);

    Plan m_plan;
    RunContext m_ctx;
    std::vector<std::unique_ptr<LoadMember>> m_members;
    std::priority_queue<Due, std::vector<Due>, std::greater<>> m_schedule;
    size_t m_nextToOpen = 0;
    int m_inFlight = 0;
    int m_settled = 0;
    bool m_readySent = false;
    bool m_finished = false;
    QTimer m_tick;
    qint64 m_lastTickUs = 0;
    double m_cpuAtStartS = 0;
    QSocketNotifier m_stdin;
    QByteArray m_stdinBuffer;
};

} // namespace watchium::bench
