#include "StdinLines.h"

#include <QSocketNotifier>

#include <unistd.h>

namespace watchium::app {

namespace {
// A command line is short; a longer one is cut off rather than buffered forever.
constexpr qsizetype kMaxLine = 4096;
} // namespace

StdinLines::StdinLines(QObject *parent)
    : QObject(parent)
    , m_notifier(new QSocketNotifier(STDIN_FILENO, QSocketNotifier::Read, this))
{
    connect(m_notifier, &QSocketNotifier::activated, this, &StdinLines::readAvailable);
}

void StdinLines::readAvailable()
{
    char chunk[1024];
    const ssize_t n = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (n <= 0) {
        m_notifier->setEnabled(false);
        Q_EMIT closed();
        return;
    }
    m_buffer.append(chunk, n);
    qsizetype newline;
    while ((newline = m_buffer.indexOf('\n')) >= 0) {
        const QString text = QString::fromUtf8(m_buffer.left(newline)).trimmed();
        m_buffer.remove(0, newline + 1);
        if (!text.isEmpty())
            Q_EMIT line(text);
    }
    if (m_buffer.size() > kMaxLine)
        m_buffer.clear();
}

} // namespace watchium::app
