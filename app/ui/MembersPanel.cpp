#include "MembersPanel.h"

#include "client/RoomClient.h"
#include "SyncBadge.h"

#include <QEvent>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace watchium::app {

namespace {

QColor colourFor(SyncBadge::Level level)
{
    switch (level) {
    case SyncBadge::Level::InSync:
        return QColor(0x2e, 0x7d, 0x32);
    case SyncBadge::Level::Drifting:
        return QColor(0xef, 0x6c, 0x00);
    case SyncBadge::Level::OutOfSync:
        break;
    }
    return QColor(0xc6, 0x28, 0x28);
}

} // namespace

MembersPanel::MembersPanel(RoomClient *room, QWidget *parent)
    : QWidget(parent)
    , m_room(room)
    , m_list(new QListWidget(this))
{
    auto *title = new QLabel(tr("Members"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setSpacing(2);
    m_list->setMinimumHeight(110);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    layout->addWidget(m_list);

    connect(m_room, &RoomClient::presenceChanged, this, &MembersPanel::refresh);
    connect(m_room, &RoomClient::hostChanged, this, &MembersPanel::refresh);
    connect(m_room, &RoomClient::connectionStateChanged, this, &MembersPanel::refresh);
    refresh();
}

void MembersPanel::changeEvent(QEvent *event)
{
    // refresh() makes every member's text anew, in the new language.
    if (event->type() == QEvent::LanguageChange)
        refresh();
    QWidget::changeEvent(event);
}

void MembersPanel::refresh()
{
    const QMap<QString, QJsonObject> members = m_room->members();
    const QString host = m_room->hostUserId();
    const QString self = m_room->userId();
    m_list->clear();
    // The host first, then by name, so the list does not jump around on every presence.
    QList<QString> order = members.keys();
    std::sort(order.begin(), order.end(), [&](const QString &a, const QString &b) {
        if ((a == host) != (b == host))
            return a == host;
        return members.value(a).value(QLatin1String("username")).toString().toLower()
            < members.value(b).value(QLatin1String("username")).toString().toLower();
    });
    for (const QString &userId : order) {
        const QJsonObject meta = members.value(userId);
        const bool isHost = userId == host;
        QString name = meta.value(QLatin1String("username")).toString();
        if (name.isEmpty())
            name = tr("(unnamed)");
        if (userId == self)
            name = tr("%1 (you)").arg(name);
        const double error = meta.value(QLatin1String("sync_error_ms")).toDouble();
        const SyncBadge::Level level = SyncBadge::levelFor(error);
        // A star rather than a crown emoji: it is in every common font.
        const QString text = isHost
            ? tr("★ %1 · host · online\n%2").arg(name, SyncBadge::describe(error))
            : tr("%1 · online\n%2").arg(name, SyncBadge::describe(error));
        auto *item = new QListWidgetItem(text, m_list);
        item->setData(UserIdRole, userId);
        item->setData(IsHostRole, isHost);
        item->setData(SyncLevelRole, int(level));
        item->setData(SyncErrorRole, error);
        item->setForeground(colourFor(level));
        item->setToolTip(isHost ? tr("Host: controls playback for everyone") : QString());
    }
}

} // namespace watchium::app
