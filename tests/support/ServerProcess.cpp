#include "ServerProcess.h"

#include <QDeadlineTimer>
#include <QRegularExpression>

#include <csignal>
#include <sys/resource.h>

namespace watchium::test {

namespace {
constexpr int kStartTimeoutMs = 15000;
constexpr int kStopTimeoutMs = 10000;
} // namespace

ServerProcess::ServerProcess(QString binary)
    : m_binary(std::move(binary))
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
}

ServerProcess::~ServerProcess()
{
    stop(SIGTERM);
}

bool ServerProcess::start(const QStringList &arguments)
{
    if (m_openFileLimit > 0) {
        m_process.setChildProcessModifier([limit = rlim_t(m_openFileLimit)] {
            const rlimit files {limit, limit};
            ::setrlimit(RLIMIT_NOFILE, &files);
        });
    }
    m_process.start(m_binary, QStringList {QStringLiteral("--server")} + arguments);
    QDeadlineTimer deadline(kStartTimeoutMs);
    while (!m_process.canReadLine() && !deadline.hasExpired())
        m_process.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    const auto match = QRegularExpression(QStringLiteral("^listening on (https?://[^:]+:(\\d+))"))
                           .match(QString::fromUtf8(m_process.readLine()));
    if (!match.hasMatch())
        return false;
    m_url = match.captured(1);
    m_port = quint16(match.captured(2).toUInt());
    return true;
}

void ServerProcess::stop(int signal)
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    ::kill(pid_t(m_process.processId()), signal);
    m_process.waitForFinished(kStopTimeoutMs);
}

} // namespace watchium::test
