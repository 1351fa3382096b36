#pragma once

#include <QHash>
#include <QPixmap>
#include <QWidget>

class QLabel;
class QListWidget;
class QListWidgetItem;

namespace watchium {
class MediaMismatches;
class RoomClient;
} // namespace watchium

namespace watchium::app {

class AvatarCache;
class MemberDirectory;

// Who is in the room: avatar, name, host crown, online or offline, and for those online how
// well they follow the room (the sync_error_ms of their presence). Everyone who joined is listed
// (MemberDirectory), those not connected greyed after the others; redrawn live from presence.
class MembersPanel : public QWidget
{
    Q_OBJECT

public:
    enum Role {
        UserIdRole = Qt::UserRole,
        IsHostRole,
        SyncLevelRole, // unset for members without a badge (offline ones)
        SyncErrorRole,
        IsOnlineRole,
        HasPhotoRole, // the member's own picture, not the placeholder
        MediaMismatchRole, // MediaMatch::Differences from the host's file; 0: the same
    };

    // `room` and `avatars` must outlive this.
    MembersPanel(RoomClient *room, AvatarCache *avatars, QWidget *parent = nullptr);

    QListWidget *list() const { return m_list; }
    MemberDirectory *directory() const { return m_directory; }
    // Marks members whose file differs from the host's; must outlive this.
    void setMediaMismatches(MediaMismatches *mismatches);

protected:
    void changeEvent(QEvent *event) override;

private:
    void refresh();
    QPixmap placeholderFor(const QString &userId, const QString &name);

    QLabel *m_title = nullptr;
    RoomClient *m_room;
    AvatarCache *m_avatars;
    MemberDirectory *m_directory;
    QListWidget *m_list;
    QHash<QString, QPixmap> m_placeholders;
    MediaMismatches *m_mismatches = nullptr;
};

} // namespace watchium::app
