#pragma once

#include <QString>
#include <QUrl>

#include <optional>

namespace watchium {

// An invitation to a room: `watchium://HOST:PORT/ROOM_ID?key=KEY`. The key is only there for
// private rooms. Pure: no I/O, so it is tested with data rows.
class InviteLink
{
public:
    QString host;
    quint16 port = 0;
    QString roomId;
    QString accessKey; // empty for public rooms
    bool secure = false; // `?tls=1`: the server speaks https

    // Empty when `text` is not an invite link; surrounding blanks are ignored.
    static std::optional<InviteLink> parse(const QString &text);
    QString toString() const;
    // The server's http(s) base URL.
    QUrl serverUrl() const;
    // An invite for a room on `server` (an http or https URL).
    static InviteLink forRoom(const QUrl &server, const QString &roomId, const QString &key);

    bool operator==(const InviteLink &other) const = default;
};

} // namespace watchium
