#pragma once

#include <QObject>

class QSocketNotifier;

namespace watchium::app {

// Reads commands from stdin a line at a time without blocking the event loop. POSIX: stdin is
// watched with a socket notifier, which a Windows console handle does not support (a Windows
// port reads it on a thread instead).
class StdinLines : public QObject
{
    Q_OBJECT

public:
    explicit StdinLines(QObject *parent = nullptr);

Q_SIGNALS:
    void line(const QString &text);
    void closed();

private:
    void readAvailable();

    QSocketNotifier *m_notifier;
    QByteArray m_buffer;
};

} // namespace watchium::app
