#pragma once

#include "client/CertificatePin.h"

#include <QString>
#include <QUrl>

#include <optional>

namespace watchium {

// An invitation to a room: `watchium://HOST:PORT/ROOM_ID?key=KEY`. The key is only there for
// private rooms; `fp=` (base64url SHA-256) pins the server's certificate, for a room hosted in
// the app with its self-signed one, and implies `tls=1`. Pure: no I/O, so it is tested with
// data rows.
class InviteLink
{
public:
    QString host;
    quint16 port = 0;
    QString roomId;
    QString accessKey; // empty for public rooms
    bool secure = false; // `?tls=1`: the server speaks https
    CertificatePin pin; // `?fp=`: the only certificate the joining app accepts

    // Empty when `text` is not an invite link; surrounding blanks are ignored.
    static std::optional<InviteLink> parse(const QString &text);
    QString toString() const;
    // The server's http(s) base URL.
    QUrl serverUrl() const;
    // An invite for a room on `server` (an http or https URL).
    static InviteLink forRoom(const QUrl &server, const QString &roomId, const QString &key,
                              const CertificatePin &pin = {});

    bool operator==(const InviteLink &other) const = default;
};

} // namespace watchium
