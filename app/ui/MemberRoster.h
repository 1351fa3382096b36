#pragma once

#include "domain/PlayerStatus.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>

#include <optional>

namespace watchium::app {

// Who the members panel lists, and in which order: the server's list of everyone who joined the
// room (members-get-list), merged with who is on its channel right now (presence). Pure.
class MemberRoster
{
public:
    struct Entry
    {
        QString userId;
        QString name; // may be empty: the panel says so
        QString avatarUrl;
        bool isHost = false;
        bool isSelf = false;
        bool online = false;
        std::optional<double> syncErrorMs; // online members that report one
        PlayerStatus player = PlayerStatus::Unknown; // online members that report it
        QString playerError; // why their video cannot play
    };

    // `directory`: members-get-list rows; `presence`: RoomClient::members(). The host comes
    // first, then the online members, then the offline ones, each by name: the order depends on
    // nothing that changes every presence update, so the list does not jump around.
    static QList<Entry> build(const QList<QJsonObject> &directory,
                              const QMap<QString, QJsonObject> &presence, const QString &hostUserId,
                              const QString &selfUserId);
    static bool before(const Entry &a, const Entry &b);
};

} // namespace watchium::app
