#pragma once

#include "TestServer.h"
#include "tls/TlsCredentials.h"

namespace watchium::test {

// A real server on 127.0.0.1 (TestServer) serving https and wss with a given certificate: what
// a client test connects to.
class TlsTestServer
{
public:
    // False, with why in `error`, when the server or its certificate does not start.
    bool start(const QString &certificateFile, const QString &keyFile, QString *error);

    TestServer &server() { return m_server; }
    const server::TlsCredentials &credentials() const
    {
        return *m_server.server()->tlsCredentials();
    }
    quint16 port() const { return m_server.server()->port(); }
    // https://HOST:PORT; name the host the certificate is for, or one it is not.
    QString httpsBase(const QString &host = QStringLiteral("127.0.0.1")) const;

private:
    TestServer m_server;
};

} // namespace watchium::test
