#pragma once

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

namespace watchium::bench {

// A `watchium --server` the generator starts for itself: free port, no rate
// limits, a throwaway data dir, ready when it prints `listening on <url>`.
class ServerProcess
{
public:
    ~ServerProcess();

    bool start(const QString &binary, const QStringList &extraArgs, QString *error);
    void stop();
    QUrl url() const { return m_url; }
    qint64 pid() const { return m_process.processId(); }

private:
    QProcess m_process;
    QTemporaryDir m_dataDir;
    QUrl m_url;
};

} // namespace watchium::bench
