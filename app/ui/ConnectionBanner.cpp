#include "ConnectionBanner.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

#include <algorithm>

namespace watchium::app {

ConnectionBanner::ConnectionBanner(RoomClient *room, QWidget *parent)
    : QWidget(parent)
    , m_room(room)
    , m_label(new QLabel(this))
    , m_leave(new QPushButton(this))
{
    // Socket errors are other programs' text: never markup.
    m_label->setTextFormat(Qt::PlainText);
    m_label->setObjectName(QStringLiteral("connectionBannerText"));
    m_leave->setObjectName(QStringLiteral("connectionBannerLeave"));
    m_leave->setFocusPolicy(Qt::NoFocus);
    // Noticeable without alarming: the room plays on meanwhile.
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::ToolTipBase);
    m_label->setForegroundRole(QPalette::ToolTipText);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 8, 4);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_leave);
    connect(m_leave, &QPushButton::clicked, this, &ConnectionBanner::leaveRequested);
    connect(m_room, &RoomClient::connectionStateChanged, this, &ConnectionBanner::refresh);
    connect(m_room, &RoomClient::reconnectScheduled, this, [this](qint64, const QString &reason) {
        m_lastError = reason;
        refresh();
    });
    refresh();
}

QString ConnectionBanner::describe(RoomClient::ConnectionState state, int attempt)
{
    switch (state) {
    case RoomClient::ConnectionState::Joined:
        return {};
    case RoomClient::ConnectionState::Reconnecting:
        return tr("Server unreachable, retrying (attempt %1)").arg(std::max(1, attempt));
    case RoomClient::ConnectionState::Connecting:
    case RoomClient::ConnectionState::Joining:
        // Attempt 0 is the first entry, which the start page already shows as busy.
        return attempt > 0 ? tr("Server reachable again, rejoining the room…") : QString();
    case RoomClient::ConnectionState::Disconnected:
        break;
    }
    return tr("Disconnected from the room");
}

QString ConnectionBanner::text() const
{
    return m_label->text();
}

void ConnectionBanner::refresh()
{
    m_leave->setText(tr("Leave"));
    m_leave->setToolTip(tr("Leave the room without waiting for the server"));
    if (m_room && m_room->connectionState() == RoomClient::ConnectionState::Joined)
        m_lastError.clear();
    const QString text =
        m_room ? describe(m_room->connectionState(), m_room->reconnectAttempt()) : QString();
    m_label->setText(text);
    m_label->setToolTip(m_lastError.isEmpty() ? QString() : tr("Last error: %1").arg(m_lastError));
    setVisible(!text.isEmpty());
}

void ConnectionBanner::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QWidget::changeEvent(event);
}

} // namespace watchium::app
