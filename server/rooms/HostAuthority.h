#pragma once

#include "rooms/ServiceContext.h"

#include <QHash>
#include <QObject>

class QTimer;

namespace watchium::server {

class CommentService;

// Who is host, and passing the role on: at once when the host leaves, after a
// grace period when the host's last socket closes, always to the
// longest-present member, connected members first.
class HostAuthority : public QObject
{
    Q_OBJECT

public:
    HostAuthority(ServiceContext context, CommentService *comments, QObject *parent = nullptr);

    // Longest-present member other than the current host, online first.
    QString successor(const LiveRoom *room) const;
    // Makes `newHostId` host: store, events (new_host, UPDATEs) and a
    // system message in the episode thread.
    void transfer(LiveRoom *room, const QString &newHostId, const QString &reason);
    // The host's last socket closed: the grace period starts.
    void hostDisconnected(const QString &roomId);
    // The host is back, or the room is gone: no handover pending.
    void forget(const QString &roomId);

private:
    void graceExpired(const QString &roomId);

    ServiceContext m_ctx;
    CommentService *m_comments;
    QHash<QString, QTimer *> m_graceTimers;
};

} // namespace watchium::server
