#pragma once

#include "http/HttpRequest.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace watchium::server {

// An incremental HTTP/1.1 request parser (RFC 9112) for a server that trusts nothing it reads.
// Pure: no I/O, no Qt Network, no event loop, so it can be fuzzed byte by byte.
//
// Use: feed(bytes) consumes a prefix of `bytes` and returns its length; feed again with the rest.
// It stops early, leaving bytes for the caller, at each point where the caller has work to do:
//   - the header section is complete: state() is Body (request() holds the head), or Complete
//     when the request has no body;
//   - the request is complete: state() is Complete; takeRequest() returns it and makes the
//     parser ready for the next (pipelined) request;
//   - an error: state() is Failed and stays so; error() holds the status to answer with, after
//     which the connection must close (the framing of what follows cannot be trusted).
// Feeding in Complete or Failed consumes nothing.
//
// Everything a request smuggler needs is refused: Content-Length together with
// Transfer-Encoding, differing Content-Length values, a coding other than a lone `chunked`,
// malformed chunk sizes, bare LF line ends, obs-fold, whitespace before a header's colon,
// control bytes in values, a missing or repeated Host in HTTP/1.1.
class HttpRequestParser
{
public:
    struct Limits
    {
        qsizetype maxHeadBytes = 16 * 1024; // request line + header fields (also trailers)
        int maxHeaders = 100;
        qsizetype maxBodyBytes = 64 * 1024; // after de-chunking
    };

    struct Error
    {
        int status = 0; // 400, 413, 414, 431, 501 or 505
        QString code; // bad_request, payload_too_large, uri_too_long, ...
        QString message;
    };

    enum class State {
        Idle, // nothing of the next request has arrived
        Head, // part of the request line or header section has arrived
        Body, // the head is complete; the body is arriving
        Complete, // a whole request waits in request()
        Failed, // see error()
    };

    HttpRequestParser();
    explicit HttpRequestParser(Limits limits);

    qsizetype feed(QByteArrayView bytes);

    State state() const { return m_state; }
    // The head from the end of the header section on (even in Failed, if the head was read:
    // hasHead()); the body too once Complete.
    const HttpRequest &request() const { return m_request; }
    bool hasHead() const { return m_hasHead; }
    // The current request's head as received, through its blank line (until takeRequest()).
    QByteArrayView rawHead() const { return m_head; }
    // Complete -> Idle: the request, and the parser is ready for the next one.
    HttpRequest takeRequest();
    const Error &error() const { return m_error; }

private:
    enum class Chunk { Size, Data, DataEnd, Trailer };

    qsizetype feedHead(QByteArrayView bytes);
    qsizetype feedBody(QByteArrayView bytes);
    qsizetype feedChunked(QByteArrayView bytes);
    // Takes bytes up to and including the next LF into `line`; false if none yet.
    qsizetype takeLine(QByteArrayView bytes, QByteArray &line, qsizetype limit, bool *ended);
    void endOfHeadLine();
    void parseHead();
    bool parseRequestLine(QByteArrayView line);
    bool parseField(QByteArrayView line);
    void startBody();
    void chunkSizeLine(QByteArrayView line);
    void fail(int status, const char *code, const QString &message);

    Limits m_limits;
    State m_state = State::Idle;
    HttpRequest m_request;
    bool m_hasHead = false;
    Error m_error;
    QByteArray m_head;
    qsizetype m_lineStart = 0;
    int m_lines = 0;
    bool m_chunked = false;
    Chunk m_chunk = Chunk::Size;
    QByteArray m_line; // a chunk-size or trailer line so far
    qsizetype m_remaining = 0; // body bytes (Content-Length) or chunk bytes still to come
    qsizetype m_trailerBytes = 0;
};

} // namespace watchium::server
