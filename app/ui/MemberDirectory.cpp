#include "MemberDirectory.h"

#include "client/RoomApi.h"
#include "client/RoomClient.h"

#include <QJsonArray>
#include <QLoggingCategory>
#include <QPointer>

#include <algorithm>

Q_LOGGING_CATEGORY(lcDirectory, "watchium.ui.members")

namespace watchium::app {

MemberDirectory::MemberDirectory(RoomClient *room, QObject *parent)
    : QObject(parent)
    , m_room(room)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &MemberDirectory::fetch);
    connect(m_room, &RoomClient::connectionStateChanged, this,
            [this](RoomClient::ConnectionState state) {
                if (state == RoomClient::ConnectionState::Joined)
                    refresh();
            });
    connect(m_room, &RoomClient::presenceChanged, this, &MemberDirectory::onPresenceChanged);
    connect(m_room, &RoomClient::memberJoined, this, &MemberDirectory::refresh);
    connect(m_room, &RoomClient::memberLeft, this, &MemberDirectory::refresh);
    if (m_room->connectionState() == RoomClient::ConnectionState::Joined)
        refresh();
}

void MemberDirectory::refresh()
{
    if (m_inFlight) {
        m_again = true;
        return;
    }
    if (m_timer.isActive())
        return;
    const qint64 wait =
        m_sinceFetch.isValid() ? qMax<qint64>(0, kMinIntervalMs - m_sinceFetch.elapsed()) : 0;
    m_timer.start(int(wait));
}

void MemberDirectory::onPresenceChanged()
{
    QMap<QString, QJsonObject> present = m_room->members();
    // Only arrivals and departures: a member's periodic track changes their meta, not the set.
    const bool sameKeys = present.size() == m_present.size()
        && std::equal(present.keyBegin(), present.keyEnd(), m_present.keyBegin());
    // Someone who went before a list had them would vanish until the next one: keep them, as
    // their presence last showed them, for a list fetched after they went to confirm (offline)
    // or drop (they left the room).
    bool kept = false;
    for (auto it = m_present.cbegin(); it != m_present.cend(); ++it) {
        if (present.contains(it.key()) || isListed(it.key()))
            continue;
        const QJsonObject row {
            {QStringLiteral("user_id"), it.key()},
            {QStringLiteral("username"), it->value(QLatin1String("username"))},
            {QStringLiteral("avatar_url"), it->value(QLatin1String("avatar_url"))}};
        m_departed.insert(it.key(), {row, m_fetches + 1});
        kept = true;
    }
    m_present = std::move(present);
    if (kept)
        Q_EMIT changed();
    if (!sameKeys)
        refresh();
}

QList<QJsonObject> MemberDirectory::members() const
{
    QList<QJsonObject> rows = m_members;
    for (const Departed &departed : m_departed)
        rows.append(departed.row);
    return rows;
}

bool MemberDirectory::isListed(const QString &userId) const
{
    return std::any_of(m_members.cbegin(), m_members.cend(), [&](const QJsonObject &row) {
        return row.value(QLatin1String("user_id")).toString() == userId;
    });
}

void MemberDirectory::fetch()
{
    const RoomSession session = m_room->session();
    if (!session.isValid())
        return;
    m_inFlight = true;
    m_again = false;
    m_sinceFetch.start();
    const int fetch = ++m_fetches;
    QPointer<MemberDirectory> self(this);
    m_room->api()->call(
        QStringLiteral("members-get-list"), {{QStringLiteral("room_id"), session.roomId}},
        session.memberToken, [self, fetch, roomId = session.roomId](const RoomApi::Result &result) {
            if (!self)
                return;
            self->m_inFlight = false;
            // Failures wait for the next arrival, departure or rejoin rather than retrying on
            // their own: the room view shows the connection's trouble already.
            if (!result.ok) {
                qCInfo(lcDirectory) << "room" << roomId << "members not listed:" << result.code;
            } else if (roomId == self->m_room->session().roomId) {
                self->m_members.clear();
                for (const QJsonValue &row : result.data.value(QLatin1String("members")).toArray())
                    self->m_members.append(row.toObject());
                self->m_hostUserId = result.data.value(QLatin1String("host_user_id")).toString();
                self->m_departed.removeIf(
                    [&](const auto &it) { return it.value().firstFetchAfter <= fetch; });
                Q_EMIT self->changed();
            }
            if (self->m_again)
                self->refresh();
        });
}

} // namespace watchium::app
