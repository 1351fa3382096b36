#include "ServerProcess.h"

#include <QDeadlineTimer>

#include <csignal>

#include <sys/prctl.h>

namespace watchium::bench {

ServerProcess::~ServerProcess()
{
    stop();
}

bool ServerProcess::start(const QString &binary, const QStringList &extraArgs, QString *error)
{
    if (!m_dataDir.isValid()) {
        *error = QStringLiteral("no temporary directory for the server's store");
        return false;
    }
    // The server's logs would only slow it down through a pipe nobody reads.
    m_process.setStandardErrorFile(QProcess::nullDevice());
    // If the generator is killed, its server must not linger holding a port.
    m_process.setChildProcessModifier([] { prctl(PR_SET_PDEATHSIG, SIGTERM); });
    m_process.start(binary,
                    QStringList {QStringLiteral("--server"), QStringLiteral("--port"),
                                 QStringLiteral("0"), QStringLiteral("--no-rate-limits"),
                                 QStringLiteral("--data-dir"), m_dataDir.path()}
                        + extraArgs);
    if (!m_process.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start %1: %2").arg(binary, m_process.errorString());
        return false;
    }
    QDeadlineTimer deadline(20000);
    while (!m_process.canReadLine() && !deadline.hasExpired()
           && m_process.state() == QProcess::Running)
        m_process.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())));
    const QString line = QString::fromUtf8(m_process.readLine()).trimmed();
    const QLatin1StringView ready {"listening on "};
    if (!line.startsWith(ready)) {
        *error = QStringLiteral("the server did not get ready (said: \"%1\")").arg(line);
        stop();
        return false;
    }
    m_url = QUrl(line.mid(ready.size()));
    return true;
}

void ServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(15000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

} // namespace watchium::bench
