#include "MemberRoster.h"

#include <QSet>

#include <algorithm>

namespace watchium::app {

namespace {

QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

std::optional<double> number(const QJsonObject &o, const char *key)
{
    const QJsonValue value = o.value(QLatin1String(key));
    return value.isDouble() ? std::optional(value.toDouble()) : std::nullopt;
}

} // namespace

QList<MemberRoster::Entry> MemberRoster::build(const QList<QJsonObject> &directory,
                                               const QMap<QString, QJsonObject> &presence,
                                               const QString &hostUserId, const QString &selfUserId)
{
    QList<Entry> entries;
    QSet<QString> listed;
    // The server's row wins for name and avatar (members-update-status changes it, a presence
    // meta keeps what the client joined with); presence fills in who the list has not caught
    // up with yet, and viewers who never joined as members.
    auto add = [&](const QString &userId, const QJsonObject &row) {
        if (userId.isEmpty() || listed.contains(userId))
            return;
        listed.insert(userId);
        const auto live = presence.constFind(userId);
        const bool online = live != presence.constEnd();
        const QJsonObject meta = online ? *live : QJsonObject();
        Entry e;
        e.userId = userId;
        e.name = text(row, "username");
        if (e.name.isEmpty())
            e.name = text(meta, "username");
        e.avatarUrl = text(row, "avatar_url");
        if (e.avatarUrl.isEmpty())
            e.avatarUrl = text(meta, "avatar_url");
        e.isHost = userId == hostUserId;
        e.isSelf = userId == selfUserId;
        e.online = online;
        // The member's own measurement is the precise one; the server's estimate serves for
        // clients that do not send it.
        if (online) {
            e.syncErrorMs = number(meta, "sync_error_ms");
            if (!e.syncErrorMs)
                e.syncErrorMs = number(row, "sync_offset_ms");
            e.player = playerStatusFromName(text(meta, "player_state"));
            if (e.player == PlayerStatus::Error)
                e.playerError = text(meta, "player_error");
        }
        entries.append(e);
    };
    for (const QJsonObject &row : directory)
        add(text(row, "user_id"), row);
    for (auto it = presence.constBegin(); it != presence.constEnd(); ++it)
        add(it.key(), {});
    std::sort(entries.begin(), entries.end(), before);
    return entries;
}

bool MemberRoster::before(const Entry &a, const Entry &b)
{
    if (a.isHost != b.isHost)
        return a.isHost;
    if (a.online != b.online)
        return a.online;
    const int byName = a.name.compare(b.name, Qt::CaseInsensitive);
    return byName != 0 ? byName < 0 : a.userId < b.userId;
}

} // namespace watchium::app
