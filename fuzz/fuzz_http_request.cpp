// The HTTP/1.1 request parser on what a client sends, pipelined requests included. Input: a
// count n and n chunk sizes, then the stream. Checked: every request within the limits (head,
// header count, body); the same requests and the same error whether the stream arrives at once
// or in the chunks; feed() always makes progress until it waits for the caller, and consumes
// nothing once a request is complete or the parser has failed; errors carry a status a server
// may answer with.
#include "FuzzSupport.h"

#include "http/HttpRequestParser.h"

#include <QList>

using watchium::fuzz::InputReader;
using watchium::server::HttpRequest;
using watchium::server::HttpRequestParser;
using State = HttpRequestParser::State;

namespace {

// Small limits, so that inputs libFuzzer can write reach them.
HttpRequestParser::Limits limits()
{
    HttpRequestParser::Limits l;
    l.maxHeadBytes = 1024;
    l.maxHeaders = 8;
    l.maxBodyBytes = 256;
    return l;
}

struct Outcome
{
    QList<HttpRequest> requests;
    State state = State::Idle;
    int errorStatus = 0;
    QString errorCode;
};

bool sameRequest(const HttpRequest &a, const HttpRequest &b)
{
    return a.method == b.method && a.target == b.target && a.minorVersion == b.minorVersion
        && a.headers == b.headers && a.body == b.body;
}

void checkRequest(const HttpRequest &r, QByteArrayView rawHead)
{
    const HttpRequestParser::Limits l = limits();
    FUZZ_CHECK(!r.method.isEmpty() && !r.target.isEmpty());
    FUZZ_CHECK(r.headers.size() <= l.maxHeaders);
    FUZZ_CHECK(r.body.size() <= l.maxBodyBytes);
    FUZZ_CHECK(rawHead.size() <= l.maxHeadBytes + 4);
    FUZZ_CHECK(r.minorVersion == 0 || r.minorVersion == 1);
    for (const auto &[name, value] : r.headers) {
        FUZZ_CHECK(!name.isEmpty() && name == name.toLower());
        FUZZ_CHECK(!value.contains('\r') && !value.contains('\n') && !value.contains('\0'));
    }
    // The parts of the target are the target.
    FUZZ_CHECK(r.path().size() + (r.query().isNull() ? 0 : r.query().size() + 1)
               == r.target.size());
}

Outcome run(QByteArrayView stream, QByteArrayView chunks)
{
    HttpRequestParser parser(limits());
    Outcome out;
    qsizetype at = 0;
    QByteArrayView pending; // bytes fed but not yet consumed
    qsizetype i = 0;
    for (;;) {
        if (parser.state() == State::Complete) {
            checkRequest(parser.request(), parser.rawHead());
            FUZZ_CHECK(parser.feed("GET / HTTP/1.1\r\n") == 0);
            out.requests.append(parser.takeRequest());
            FUZZ_CHECK(parser.state() == State::Idle);
            continue;
        }
        if (parser.state() == State::Failed) {
            FUZZ_CHECK(parser.feed("GET / HTTP/1.1\r\n") == 0);
            break;
        }
        if (pending.isEmpty()) {
            if (at == stream.size())
                break;
            qsizetype n = stream.size() - at;
            if (!chunks.isEmpty())
                n = qMin(n, qsizetype(quint8(chunks[i++ % chunks.size()])) + 1);
            pending = stream.sliced(at, n);
            at += n;
        }
        const State before = parser.state();
        const qsizetype used = parser.feed(pending);
        FUZZ_CHECK(used >= 0 && used <= pending.size());
        // No progress and no change of state would loop for ever on a live connection.
        FUZZ_CHECK(used > 0 || parser.state() != before);
        pending = pending.sliced(used);
    }
    out.state = parser.state();
    out.errorStatus = parser.error().status;
    out.errorCode = parser.error().code;
    if (out.state == State::Failed) {
        const int s = out.errorStatus;
        FUZZ_CHECK(s == 400 || s == 413 || s == 414 || s == 431 || s == 501 || s == 505);
        FUZZ_CHECK(!out.errorCode.isEmpty());
    }
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    InputReader input(data, size);
    const QByteArrayView chunks = input.bytes(input.byte());
    const QByteArrayView stream = input.rest();
    const Outcome whole = run(stream, {});
    const Outcome split = run(stream, chunks);
    FUZZ_CHECK(std::equal(whole.requests.begin(), whole.requests.end(), split.requests.begin(),
                          split.requests.end(), sameRequest));
    FUZZ_CHECK(whole.state == split.state);
    FUZZ_CHECK(whole.errorStatus == split.errorStatus);
    FUZZ_CHECK(whole.errorCode == split.errorCode);
    return 0;
}
