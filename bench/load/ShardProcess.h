#pragma once

#include <QJsonObject>
#include <QObject>
#include <QProcess>

namespace watchium::bench {

// One generator shard as a child process (this same executable with
// --worker PLAN). It speaks JSON lines: the child says ready and later its
// result; the parent says go.
class ShardProcess : public QObject
{
    Q_OBJECT

public:
    explicit ShardProcess(int index, QObject *parent = nullptr);
    ~ShardProcess() override;

    void start(const QString &planPath);
    void go(qint64 runStartUs, qint64 durationMs);
    qint64 pid() const { return m_process.processId(); }
    int index() const { return m_index; }

Q_SIGNALS:
    void ready(const QJsonObject &report);
    void result(const QJsonObject &stats);
    void failed(const QString &why);

private:
    void readLines();

    int m_index;
    QProcess m_process;
    QByteArray m_buffer;
    bool m_gotResult = false;
};

} // namespace watchium::bench
