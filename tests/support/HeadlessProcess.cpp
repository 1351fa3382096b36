#include "HeadlessProcess.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>

namespace watchium::test {

HeadlessProcess::HeadlessProcess(QString name, QString binary)
    : m_name(std::move(name))
    , m_binary(std::move(binary))
{
    m_process.setProcessChannelMode(QProcess::SeparateChannels);
    // mpv and client logs go to the test's stderr, prefixed by who wrote them.
    connect(&m_process, &QProcess::readyReadStandardError, this, [this] {
        for (const QByteArray &line : m_process.readAllStandardError().split('\n')) {
            if (!line.isEmpty())
                qDebug("[%s] %s", qPrintable(m_name), line.constData());
        }
    });
    connect(&m_process, &QProcess::readyReadStandardOutput, this, &HeadlessProcess::readLines);
}

HeadlessProcess::~HeadlessProcess()
{
    kill();
}

bool HeadlessProcess::start(const QStringList &arguments)
{
    m_process.start(m_binary, QStringList {QStringLiteral("--headless")} + arguments);
    return m_process.waitForStarted(10000);
}

void HeadlessProcess::send(const QString &command)
{
    m_process.write(command.toUtf8() + '\n');
}

void HeadlessProcess::kill()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool HeadlessProcess::waitForExit(int timeoutMs)
{
    return m_process.state() == QProcess::NotRunning || m_process.waitForFinished(timeoutMs);
}

void HeadlessProcess::readLines()
{
    m_buffer.append(m_process.readAllStandardOutput());
    qsizetype newline;
    bool any = false;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        const QJsonObject line = QJsonDocument::fromJson(m_buffer.left(newline)).object();
        m_buffer.remove(0, newline + 1);
        if (line.isEmpty())
            continue;
        if (line.value(QLatin1String("event")) == QLatin1String("error"))
            qDebug("[%s] error line: %s", qPrintable(m_name),
                   QJsonDocument(line).toJson(QJsonDocument::Compact).constData());
        m_lines.append(line);
        any = true;
    }
    if (any)
        Q_EMIT lineReceived();
}

std::optional<QJsonObject> HeadlessProcess::waitFor(const Predicate &predicate, int timeoutMs,
                                                    int from)
{
    QDeadlineTimer deadline(timeoutMs);
    qsizetype checked = from;
    while (true) {
        for (; checked < m_lines.size(); ++checked) {
            if (predicate(m_lines.at(checked)))
                return m_lines.at(checked);
        }
        if (deadline.hasExpired() || m_process.state() == QProcess::NotRunning)
            return std::nullopt;
        QSignalSpy spy(this, &HeadlessProcess::lineReceived);
        spy.wait(int(std::max<qint64>(1, deadline.remainingTime())));
    }
}

QList<QJsonObject> HeadlessProcess::lines(const QString &event) const
{
    QList<QJsonObject> matching;
    for (const QJsonObject &line : m_lines) {
        if (line.value(QLatin1String("event")).toString() == event)
            matching.append(line);
    }
    return matching;
}

bool HeadlessProcess::saveLines(const QString &path) const
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    for (const QJsonObject &line : m_lines)
        file.write(QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n');
    return true;
}

std::optional<QJsonObject> HeadlessProcess::lastSample() const
{
    for (auto it = m_lines.crbegin(); it != m_lines.crend(); ++it) {
        if (it->value(QLatin1String("event")) == QLatin1String("sample"))
            return *it;
    }
    return std::nullopt;
}

std::optional<double> HeadlessProcess::positionAt(double wallMs) const
{
    const QJsonObject *before = nullptr;
    for (const QJsonObject &line : m_lines) {
        if (line.value(QLatin1String("event")) != QLatin1String("sample"))
            continue;
        const double t = line.value(QLatin1String("wall_ms")).toDouble();
        if (t <= wallMs) {
            before = &line;
            continue;
        }
        if (!before)
            return std::nullopt;
        const double t0 = before->value(QLatin1String("wall_ms")).toDouble();
        const double p0 = before->value(QLatin1String("position")).toDouble();
        const double p1 = line.value(QLatin1String("position")).toDouble();
        const double f = t > t0 ? (wallMs - t0) / (t - t0) : 0.0;
        return p0 + (p1 - p0) * f;
    }
    return std::nullopt;
}

} // namespace watchium::test
