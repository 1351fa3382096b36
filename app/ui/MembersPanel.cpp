#include "MembersPanel.h"

#include "AvatarCache.h"
#include "AvatarPainter.h"
#include "client/RoomClient.h"
#include "MediaMismatches.h"
#include "MediaMismatchText.h"
#include "MemberDirectory.h"
#include "MemberRoster.h"
#include "SyncBadge.h"

#include <QEvent>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace watchium::app {

namespace {

constexpr int kIconSize = 32;

QColor colourFor(SyncBadge::Level level)
{
    switch (level) {
    case SyncBadge::Level::InSync:
        return QColor(0x2e, 0x7d, 0x32);
    case SyncBadge::Level::Drifting:
        return QColor(0xef, 0x6c, 0x00);
    case SyncBadge::Level::Loading:
    case SyncBadge::Level::Buffering:
        return QColor(0xef, 0x6c, 0x00);
    case SyncBadge::Level::OutOfSync:
    case SyncBadge::Level::CantPlay:
        break;
    }
    return QColor(0xc6, 0x28, 0x28);
}

// A star rather than a crown emoji: it is in every common font.
QString describe(const MemberRoster::Entry &e, const QString &name)
{
    if (!e.online)
        return e.isHost ? MembersPanel::tr("★ %1 · host · offline").arg(name)
                        : MembersPanel::tr("%1 · offline").arg(name);
    if (!e.syncErrorMs)
        return e.isHost ? MembersPanel::tr("★ %1 · host · online").arg(name)
                        : MembersPanel::tr("%1 · online").arg(name);
    const QString badge = SyncBadge::describe(*e.syncErrorMs, e.player);
    return e.isHost ? MembersPanel::tr("★ %1 · host · online\n%2").arg(name, badge)
                    : MembersPanel::tr("%1 · online\n%2").arg(name, badge);
}

} // namespace

MembersPanel::MembersPanel(RoomClient *room, AvatarCache *avatars, QWidget *parent)
    : QWidget(parent)
    , m_room(room)
    , m_avatars(avatars)
    , m_directory(new MemberDirectory(room, this))
    , m_list(new QListWidget(this))
{
    auto *title = new QLabel(this);
    m_title = title;
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_list->setSelectionMode(QAbstractItemView::NoSelection);
    m_list->setFocusPolicy(Qt::NoFocus);
    m_list->setSpacing(2);
    m_list->setIconSize(QSize(kIconSize, kIconSize));
    m_list->setMinimumHeight(110);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title);
    m_title->setText(tr("Members"));
    layout->addWidget(m_list);

    connect(m_room, &RoomClient::presenceChanged, this, &MembersPanel::refresh);
    connect(m_room, &RoomClient::hostChanged, this, &MembersPanel::refresh);
    connect(m_room, &RoomClient::connectionStateChanged, this, &MembersPanel::refresh);
    connect(m_directory, &MemberDirectory::changed, this, &MembersPanel::refresh);
    connect(m_avatars, &AvatarCache::loaded, this, &MembersPanel::refresh);
    refresh();
}

QPixmap MembersPanel::placeholderFor(const QString &userId, const QString &name)
{
    const QString key = userId + QLatin1Char('\n') + AvatarPainter::initialOf(name);
    auto found = m_placeholders.constFind(key);
    if (found == m_placeholders.constEnd())
        found = m_placeholders.insert(key,
                                      QPixmap::fromImage(AvatarPainter::placeholder(userId, name)));
    return *found;
}

void MembersPanel::setMediaMismatches(MediaMismatches *mismatches)
{
    m_mismatches = mismatches;
    connect(m_mismatches, &MediaMismatches::changed, this, &MembersPanel::refresh);
    refresh();
}

void MembersPanel::changeEvent(QEvent *event)
{
    // refresh() makes every member's text anew, in the new language.
    if (event->type() == QEvent::LanguageChange) {
        m_title->setText(tr("Members"));
        refresh();
    }
    QWidget::changeEvent(event);
}

void MembersPanel::refresh()
{
    const QString host =
        m_room->hostUserId().isEmpty() ? m_directory->hostUserId() : m_room->hostUserId();
    const QList<MemberRoster::Entry> entries =
        MemberRoster::build(m_directory->members(), m_room->members(), host, m_room->userId());
    // Items are updated in place, not rebuilt: presence redraws this every few seconds, and a
    // rebuilt list would lose its scroll position each time.
    while (m_list->count() > entries.size())
        delete m_list->takeItem(m_list->count() - 1);
    for (int i = 0; i < entries.size(); ++i) {
        const MemberRoster::Entry &e = entries.at(i);
        QListWidgetItem *item = i < m_list->count() ? m_list->item(i) : new QListWidgetItem(m_list);
        QString name = e.name.isEmpty() ? tr("(unnamed)") : e.name;
        if (e.isSelf)
            name = tr("%1 (you)").arg(name);
        const MediaMatch::Differences differs = m_mismatches && e.online
            ? m_mismatches->differences(e.userId)
            : MediaMatch::Differences();
        item->setText(differs ? tr("%1\n⚠ Different file").arg(describe(e, name))
                              : describe(e, name));
        item->setData(MediaMismatchRole, int(differs));
        item->setData(UserIdRole, e.userId);
        item->setData(IsHostRole, e.isHost);
        item->setData(IsOnlineRole, e.online);
        const QPixmap photo = e.avatarUrl.isEmpty() ? QPixmap() : m_avatars->avatar(e.avatarUrl);
        item->setData(HasPhotoRole, !photo.isNull());
        item->setIcon(photo.isNull() ? placeholderFor(e.userId, e.name) : photo);
        // Disabled: the list draws an offline member greyed, avatar included.
        item->setFlags(e.online ? Qt::ItemIsEnabled : Qt::NoItemFlags);
        if (e.syncErrorMs) {
            const SyncBadge::Level level = SyncBadge::levelFor(*e.syncErrorMs, e.player);
            item->setData(SyncLevelRole, int(level));
            item->setData(SyncErrorRole, *e.syncErrorMs);
            item->setForeground(colourFor(level));
        } else {
            item->setData(SyncLevelRole, QVariant());
            item->setData(SyncErrorRole, QVariant());
            item->setData(Qt::ForegroundRole, QVariant());
        }
        QStringList tips;
        if (e.isHost)
            tips.append(tr("Host: controls playback for everyone"));
        if (!e.online)
            tips.append(tr("Not connected now"));
        if (!e.playerError.isEmpty())
            tips.append(tr("Cannot play the video: %1").arg(e.playerError));
        if (differs)
            tips.append(MediaMismatchText::forMember(differs, m_mismatches->mediaOf(e.userId),
                                                     m_mismatches->reference()));
        item->setToolTip(tips.join(QLatin1Char('\n')));
    }
}

} // namespace watchium::app
