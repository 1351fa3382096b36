#pragma once

#include "protocol/Message.h"

#include <QByteArray>
#include <QString>

#include <optional>

namespace watchium::server {

// What a WebSocket upgrade's request target asks for: our endpoint, a serializer we speak, and
// the project's apikey when one is set. Pure, so every refusal is a data row in a test.
struct SocketRequest
{
    std::optional<protocol::Vsn> vsn; // set when admitted
    QString refusal; // empty when admitted; else what the close frame says

    bool admitted() const { return refusal.isEmpty(); }
    // `target` is the request line's path and query, as sent; `anonKey` empty: any key.
    static SocketRequest check(const QByteArray &target, const QString &anonKey);
};

} // namespace watchium::server
