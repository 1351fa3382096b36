#pragma once

#include "rooms/ServiceContext.h"

#include <QHash>
#include <QObject>

class QTimer;

namespace watchium::server {

// Who is host, and passing the role on: at once when the host leaves, after a
// grace period when the host's last socket closes, always to the
// longest-present member, connected members first.
class HostAuthority : public QObject
{
    Q_OBJECT

public:
    explicit HostAuthority(ServiceContext context, QObject *parent = nullptr);

    // Longest-present member other than the current host, online first.
    QString successor(const LiveRoom *room) const;
    // Makes `newHostId` host: store and events (new_host, UPDATEs). Nothing goes into the
    // episode's thread: clients show the handover as a notice in their own language, and the
    // thread outlives the room, where "Ben is now the host" means nothing.
    void transfer(LiveRoom *room, const QString &newHostId, const QString &reason);
    // The host's last socket closed: the grace period starts.
    void hostDisconnected(const QString &roomId);
    // The host is back, or the room is gone: no handover pending.
    void forget(const QString &roomId);

private:
    void graceExpired(const QString &roomId);

    ServiceContext m_ctx;
    QHash<QString, QTimer *> m_graceTimers;
};

} // namespace watchium::server
