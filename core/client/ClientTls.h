#pragma once

#include "client/TlsPolicy.h"

#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QString>

#include <functional>

class QNetworkReply;
class QNetworkRequest;
class QProcessEnvironment;
class QUrl;
class QWebSocket;

namespace watchium {

// A TlsPolicy put to work on Qt's requests and sockets: the certificate authorities it adds
// (read once, here), and the pin check on every connection. Copyable: RoomApi and ChannelSocket
// each hold one.
class ClientTls
{
public:
    ClientTls() = default;
    // Reads the CA files now; error() says what could not be used.
    ClientTls(const TlsPolicy &policy, const QProcessEnvironment &environment);
    explicit ClientTls(const TlsPolicy &policy);

    const TlsPolicy &policy() const { return m_policy; }
    // Non-empty: the CA file given cannot be used; connections should not be tried.
    QString error() const { return m_error; }
    // Why `url` must not be used with this policy (a pinned connection over plain http), or empty.
    QString refusalFor(const QUrl &url) const;

    void apply(QNetworkRequest &request) const;
    // Checks the pin while the handshake is under way; a refused reply ends with
    // SslHandshakeFailedError and refusal(reply) says why.
    void guard(QNetworkReply *reply) const;
    static QString refusal(const QNetworkReply *reply);

    // The same for a WebSocket about to be opened: `refused` is told why before it fails.
    void prepare(QWebSocket *socket) const;
    void guard(QWebSocket *socket, std::function<void(const QString &why)> refused) const;
    // After the upgrade: a second look at the certificate before anything is sent on it.
    QString checkConnected(const QWebSocket *socket) const;

    // The CA certificates from `file` (PEM); empty with `error` set when none can be read.
    static QList<QSslCertificate> readCaFile(const QString &file, QString *error);

private:
    bool changesConfiguration() const;
    QSslConfiguration configuration(QSslConfiguration base) const;

    TlsPolicy m_policy;
    QList<QSslCertificate> m_extraCas;
    QString m_error;
};

} // namespace watchium
