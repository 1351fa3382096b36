#pragma once

#include <QObject>

class QSocketNotifier;

namespace watchium::app {

// Turns SIGINT and SIGTERM into a Qt signal on the event loop (a signal
// handler may only write to a pipe; the loop reads it).
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace watchium::app
