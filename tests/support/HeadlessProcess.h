#pragma once

#include <QJsonObject>
#include <QList>
#include <QProcess>

#include <functional>
#include <optional>

namespace watchium::test {

// One `watchium --headless` client run as a process: its JSON lines parsed
// as they arrive, commands written to its stdin. Shared by the tests and the
// sync benchmark.
class HeadlessProcess : public QObject
{
    Q_OBJECT

public:
    // `binary` is the watchium executable.
    HeadlessProcess(QString name, QString binary);
    ~HeadlessProcess() override;

    bool start(const QStringList &arguments);
    void send(const QString &command);
    void kill();
    bool waitForExit(int timeoutMs);
    int exitCode() const { return m_process.exitCode(); }
    // For signals the test sends itself (SIGSTOP to freeze the client, SIGCONT to thaw it).
    qint64 processId() const { return m_process.processId(); }

    using Predicate = std::function<bool(const QJsonObject &)>;
    // Waits (bounded) for a line matching `predicate`, received at or after
    // line index `from`.
    std::optional<QJsonObject> waitFor(const Predicate &predicate, int timeoutMs, int from = 0);
    int lineCount() const { return int(m_lines.size()); }
    QList<QJsonObject> lines(const QString &event) const;
    bool saveLines(const QString &path) const;
    QString name() const { return m_name; }

    // Precise position at wall time `wallMs`, interpolated between the two
    // samples around it; empty if there are none on both sides.
    std::optional<double> positionAt(double wallMs) const;
    std::optional<QJsonObject> lastSample() const;

Q_SIGNALS:
    void lineReceived();

private:
    void readLines();

    QString m_name;
    QString m_binary;
    QProcess m_process;
    QByteArray m_buffer;
    QList<QJsonObject> m_lines;
};

} // namespace watchium::test
