#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

using SSL = struct ssl_st;
using BIO = struct bio_st;

namespace watchium::server {

class TlsContext;

// The server side of one TLS connection, with no socket in it: the connection hands it the bytes
// it read (receive) and writes out what it gives back (takeCiphertext), before and after every
// call. Non-blocking by construction: OpenSSL only ever sees two memory buffers.
//
//   read from socket -> receive() -> takePlaintext() -> HTTP / WebSocket parser
//   HTTP / WebSocket writer -> send() -> takeCiphertext() -> write to socket
//
// Deadlines (a handshake that never completes) are the connection's: this class has no clock.
class TlsSession
{
public:
    enum class State {
        Handshaking,
        Open,
        Closed, // close_notify received (peerClosed) or sent (close)
        Failed, // see failure(); send takeCiphertext() (an alert, maybe), then close the socket
    };
    enum class Failure {
        None,
        // The first bytes were a plaintext HTTP request ("GET / HTTP/1.1"): answer it with
        // httpsRequiredResponse(), unencrypted, and close.
        PlaintextHttp,
        NotTls, // the first byte is neither a TLS handshake record nor HTTP
        Handshake, // no common protocol or cipher, a malformed ClientHello, ...
        Protocol, // a bad record after the handshake (tampering, a broken peer)
    };

    explicit TlsSession(const TlsContext &context);
    ~TlsSession();
    TlsSession(const TlsSession &) = delete;
    TlsSession &operator=(const TlsSession &) = delete;

    // Ciphertext read from the peer. False once the session has failed. The plaintext it carried
    // is never more than the ciphertext fed, so the caller's read size bounds it.
    bool receive(QByteArrayView ciphertext);
    QByteArray takePlaintext();

    // Plaintext for the peer; held until the handshake is done. False when the session can no
    // longer send (closed or failed).
    bool send(QByteArrayView plaintext);
    QByteArray takeCiphertext();
    bool hasCiphertext() const;

    // Sends close_notify (collect it with takeCiphertext()); the peer's answer is not awaited.
    void close();

    State state() const { return m_state; }
    bool isOpen() const { return m_state == State::Open; }
    bool peerClosed() const { return m_peerClosed; }
    Failure failure() const { return m_failure; }
    QString errorString() const { return m_error; }
    // The protocol agreed, "TLSv1.3" or "TLSv1.2"; empty before the handshake is done.
    QString protocol() const;
    // "http/1.1" when the client offered ALPN, else empty.
    QByteArray alpn() const;

    // What a plaintext HTTP request on the TLS port is answered with (then the connection closes).
    static QByteArray httpsRequiredResponse();

private:
    void handshake();
    void readRecords();
    void fail(Failure failure, const QString &error);

    SSL *m_ssl = nullptr;
    BIO *m_in = nullptr; // owned by m_ssl
    BIO *m_out = nullptr; // owned by m_ssl
    State m_state = State::Handshaking;
    Failure m_failure = Failure::None;
    QString m_error;
    QByteArray m_plaintext;
    QByteArray m_pendingSend;
    bool m_sawFirstByte = false;
    bool m_peerClosed = false;
};

} // namespace watchium::server
