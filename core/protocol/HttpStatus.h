#pragma once

#include <QByteArray>

namespace watchium::protocol {

// The reason phrase of an HTTP status line, for every status the server and the WebSocket
// handshake answer with ("Status" for others: clients read only the code).
QByteArray reasonPhrase(int status);

} // namespace watchium::protocol
