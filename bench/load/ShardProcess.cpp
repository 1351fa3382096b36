#include "ShardProcess.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <csignal>

#include <sys/prctl.h>

namespace watchium::bench {

ShardProcess::ShardProcess(int index, QObject *parent)
    : QObject(parent)
    , m_index(index)
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    m_process.setChildProcessModifier([] { prctl(PR_SET_PDEATHSIG, SIGKILL); });
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &ShardProcess::readLines);
    connect(&m_process, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        readLines();
        if (!m_gotResult)
            Q_EMIT failed(
                QStringLiteral("shard %1 ended without a result (exit %2%3)")
                    .arg(m_index)
                    .arg(code)
                    .arg(status == QProcess::CrashExit ? QStringLiteral(", crashed") : QString()));
    });
}

ShardProcess::~ShardProcess()
{
    m_process.disconnect(this);
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

void ShardProcess::start(const QString &planPath)
{
    m_process.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--worker"), planPath});
}

void ShardProcess::go(qint64 runStartUs, qint64 durationMs)
{
    const QJsonObject command {{QStringLiteral("go_us"), runStartUs},
                               {QStringLiteral("duration_ms"), durationMs}};
    m_process.write(QJsonDocument(command).toJson(QJsonDocument::Compact) + '\n');
}

void ShardProcess::readLines()
{
    m_buffer += m_process.readAllStandardOutput();
    qsizetype newline;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        const QJsonObject line = QJsonDocument::fromJson(m_buffer.left(newline)).object();
        m_buffer.remove(0, newline + 1);
        const QString type = line.value(QLatin1String("type")).toString();
        if (type == QLatin1String("ready")) {
            Q_EMIT ready(line);
        } else if (type == QLatin1String("result")) {
            m_gotResult = true;
            Q_EMIT result(line.value(QLatin1String("stats")).toObject());
        }
    }
}

} // namespace watchium::bench
