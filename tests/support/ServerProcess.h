#pragma once

#include <QProcess>
#include <QStringList>

namespace watchium::test {

// `watchium --server` run as a user runs it: ready once it prints `listening on <url>`,
// stopped by a signal.
class ServerProcess
{
public:
    explicit ServerProcess(QString binary);
    ~ServerProcess();

    // RLIMIT_NOFILE (soft and hard) for the process started next.
    void setOpenFileLimit(int limit) { m_openFileLimit = limit; }
    // Starts with `--server` and `arguments`; false if it never said where it listens.
    bool start(const QStringList &arguments);
    // Sends `signal` and waits (bounded) for the process to end.
    void stop(int signal);

    QString url() const { return m_url; }
    quint16 port() const { return m_port; }
    qint64 processId() const { return m_process.processId(); }

private:
    QString m_binary;
    QProcess m_process;
    QString m_url;
    quint16 m_port = 0;
    int m_openFileLimit = 0;
};

} // namespace watchium::test
