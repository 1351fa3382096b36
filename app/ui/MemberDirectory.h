#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QTimer>

namespace watchium {
class RoomClient;
}

namespace watchium::app {

// Everyone who joined the room, online or not, with their avatar, as the server lists them
// (members-get-list). Fetched when the channel is joined and again when someone arrives or
// goes, at most once per interval: presence changes every 3 s for each member, while the list
// only changes when people come and go.
class MemberDirectory : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMinIntervalMs = 2000;

    // `room` must outlive this.
    explicit MemberDirectory(RoomClient *room, QObject *parent = nullptr);

    // The rows as the server sent them, oldest member first; then anyone who went from the
    // channel before a list had them (from their last presence, until the next list).
    QList<QJsonObject> members() const;
    QString hostUserId() const { return m_hostUserId; }

    // A fresh list: now if the last fetch is old enough, otherwise as soon as it is.
    void refresh();

Q_SIGNALS:
    void changed();

private:
    void fetch();
    void onPresenceChanged();
    bool isListed(const QString &userId) const;

    struct Departed
    {
        QJsonObject row;
        int firstFetchAfter; // the first fetch that started after they went: it decides
    };

    RoomClient *m_room;
    QList<QJsonObject> m_members;
    QString m_hostUserId;
    QMap<QString, QJsonObject> m_present; // the presence seen last, key → meta
    QMap<QString, Departed> m_departed;
    int m_fetches = 0;
    QTimer m_timer;
    QElapsedTimer m_sinceFetch;
    bool m_inFlight = false;
    bool m_again = false; // asked for while a fetch was out: its answer may predate the change
};

} // namespace watchium::app
