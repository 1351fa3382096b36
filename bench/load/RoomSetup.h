#pragma once

#include "Plan.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

namespace watchium::bench {

// Creates the rooms and joins their members over HTTP, as the app does
// before it opens a socket: rooms-create for each host, then rooms-join for
// everyone else, a bounded number of requests in flight.
class RoomSetup : public QObject
{
    Q_OBJECT

public:
    RoomSetup(QUrl base, int rooms, int membersPerRoom, QObject *parent = nullptr);

    void start();
    QList<Plan::Room> rooms() const { return m_rooms; }
    QList<Plan::Member> members() const { return m_members; }
    QString error() const { return m_error; }

Q_SIGNALS:
    void finished(bool ok);

private:
    void issueMore();
    void post(const QString &function, const QJsonObject &body,
              std::function<void(const QJsonObject &data)> onData);

    QNetworkAccessManager m_network;
    QUrl m_base;
    int m_roomCount;
    int m_membersPerRoom;
    int m_nextCreate = 0;
    int m_nextJoin = 0;
    int m_inFlight = 0;
    int m_created = 0;
    bool m_done = false;
    QString m_error;
    QList<Plan::Room> m_rooms;
    QList<Plan::Member> m_members;
};

} // namespace watchium::bench
