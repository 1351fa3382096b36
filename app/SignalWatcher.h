#pragma once

#include <QObject>

class QSocketNotifier;

namespace watchium::app {

// Turns SIGINT and SIGTERM (and, when asked, SIGHUP) into Qt signals on the event loop (a
// signal handler may only write to a pipe; the loop reads it). POSIX signals and socketpair();
// a Windows port answers console events (SetConsoleCtrlHandler) here instead.
class SignalWatcher : public QObject
{
    Q_OBJECT

public:
    explicit SignalWatcher(QObject *parent = nullptr);
    ~SignalWatcher() override;

    // SIGHUP becomes reloadRequested() instead of ending the process.
    void watchReload();

Q_SIGNALS:
    void terminationRequested(int signal);
    void reloadRequested();

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace watchium::app
