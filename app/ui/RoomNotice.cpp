#include "RoomNotice.h"

#include "client/RoomClient.h"
#include "PlayerStatusTracker.h"

#include <QEvent>

#include <cmath>

namespace watchium::app {

RoomNotice::RoomNotice(RoomClient *room, PlayerStatusTracker *player, QWidget *parent)
    : QLabel(parent)
    , m_room(room)
    , m_player(player)
{
    setObjectName(QStringLiteral("roomNotice"));
    setTextFormat(Qt::PlainText);
    setWordWrap(true);
    setAlignment(Qt::AlignCenter);
    setContentsMargins(8, 4, 8, 4);
    m_tick.setInterval(250);
    connect(&m_tick, &QTimer::timeout, this, &RoomNotice::refresh);
    m_tick.start();
    connect(room, &RoomClient::roomStateChanged, this, &RoomNotice::refresh);
    connect(room, &RoomClient::presenceChanged, this, &RoomNotice::refresh);
    connect(player, &PlayerStatusTracker::statusChanged, this, &RoomNotice::refresh);
    refresh();
}

QString RoomNotice::describe(const RoomState &state, qint64 serverNowMs, const QStringList &names,
                             const QString &playerError)
{
    // This player's own failure comes first: it is the one thing the viewer can act on here.
    if (!playerError.isEmpty())
        return tr("Can't play this video: %1").arg(playerError);
    if (state.isWaiting()) {
        const qint64 leftS = std::max<qint64>(0, (state.waitDeadlineMs - serverNowMs + 999) / 1000);
        const QString who = names.isEmpty() ? tr("members") : names.join(QStringLiteral(", "));
        return tr("Waiting for %1… (at most %n s)", nullptr, int(leftS)).arg(who);
    }
    if (state.endedAt(serverNowMs))
        return tr("Episode finished");
    return {};
}

QStringList RoomNotice::waitingNames() const
{
    const QMap<QString, QJsonObject> members = m_room->members();
    QStringList names;
    for (const QString &id : m_room->roomState().waitingFor) {
        const QString name = members.value(id).value(QLatin1String("username")).toString().left(64);
        if (id == m_room->userId())
            names.append(tr("you"));
        else
            names.append(name.isEmpty() ? id.left(64) : name);
    }
    return names;
}

void RoomNotice::refresh()
{
    const QString message = m_room->hasRoomState()
        ? describe(m_room->roomState(), m_room->serverNowMs(), waitingNames(), m_player->error())
        : describe({}, 0, {}, m_player->error());
    if (message != text())
        setText(message);
    setVisible(!message.isEmpty());
}

void RoomNotice::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QLabel::changeEvent(event);
}

} // namespace watchium::app
