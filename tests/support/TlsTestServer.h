#pragma once

#include "TestServer.h"
#include "tls/TlsCredentials.h"
#include "TlsProxy.h"

#include <memory>

namespace watchium::test {

// A real server on 127.0.0.1 (TestServer) behind TLS with a given certificate (TlsProxy): what a
// client test connects to over https and wss.
class TlsTestServer
{
public:
    // False, with why in `error`, when the server or the certificate does not start.
    bool start(const QString &certificateFile, const QString &keyFile, QString *error);

    TestServer &plain() { return m_server; }
    const server::TlsCredentials &credentials() const { return *m_credentials; }
    quint16 port() const { return m_proxy->port(); }
    // https://HOST:PORT; name the host the certificate is for, or one it is not.
    QString httpsBase(const QString &host = QStringLiteral("127.0.0.1")) const;

private:
    TestServer m_server;
    std::unique_ptr<server::TlsCredentials> m_credentials;
    std::unique_ptr<TlsProxy> m_proxy;
};

} // namespace watchium::test
