#include "http/HttpRequestParser.h"

namespace watchium::server {

namespace {

// A chunk-size line carries at most a few extensions nobody uses; more is an attack.
constexpr qsizetype kMaxChunkLineBytes = 1024;

bool isTokenChar(char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (isDigit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

QByteArrayView trimmedOws(QByteArrayView s)
{
    while (!s.isEmpty() && (s.front() == ' ' || s.front() == '\t'))
        s = s.sliced(1);
    while (!s.isEmpty() && (s.back() == ' ' || s.back() == '\t'))
        s.chop(1);
    return s;
}

// A field value may hold visible bytes, obs-text and inner spaces and tabs, nothing else.
bool isFieldValue(QByteArrayView value)
{
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

// A request target is printable ASCII without spaces.
bool isTargetText(QByteArrayView target)
{
    for (const char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            return false;
    }
    return true;
}

} // namespace

HttpRequestParser::HttpRequestParser()
    : HttpRequestParser(Limits())
{
}

HttpRequestParser::HttpRequestParser(Limits limits)
    : m_limits(limits)
{
}

qsizetype HttpRequestParser::feed(QByteArrayView bytes)
{
    switch (m_state) {
    case State::Idle:
    case State::Head:
        return feedHead(bytes);
    case State::Body:
        return m_chunked ? feedChunked(bytes) : feedBody(bytes);
    case State::Complete:
    case State::Failed:
        return 0;
    }
    return 0;
}

HttpRequest HttpRequestParser::takeRequest()
{
    HttpRequest request = std::move(m_request);
    m_request = HttpRequest();
    m_state = State::Idle;
    m_hasHead = false;
    m_head = QByteArray();
    m_lineStart = 0;
    m_lines = 0;
    m_chunked = false;
    m_chunk = Chunk::Size;
    m_line = QByteArray();
    m_remaining = 0;
    m_trailerBytes = 0;
    return request;
}

void HttpRequestParser::fail(int status, const char *code, const QString &message)
{
    m_state = State::Failed;
    m_error = {status, QString::fromLatin1(code), message};
}

qsizetype HttpRequestParser::feedHead(QByteArrayView bytes)
{
    qsizetype used = 0;
    while (used < bytes.size() && (m_state == State::Idle || m_state == State::Head)) {
        m_state = State::Head;
        const QByteArrayView rest = bytes.sliced(used);
        const qsizetype newline = rest.indexOf('\n');
        const qsizetype take = newline < 0 ? rest.size() : newline + 1;
        if (m_head.size() + take > m_limits.maxHeadBytes) {
            // Without a line end yet, it is the request line (its target) that is too long.
            if (m_lines == 0)
                fail(414, "uri_too_long", QStringLiteral("the request line is too long"));
            else
                fail(431, "headers_too_large", QStringLiteral("the header section is too large"));
            return used + take;
        }
        m_head.append(rest.first(take));
        used += take;
        if (newline >= 0)
            endOfHeadLine();
    }
    return used;
}

void HttpRequestParser::endOfHeadLine()
{
    const QByteArrayView line = QByteArrayView(m_head).sliced(m_lineStart);
    if (line.size() < 2 || line[line.size() - 2] != '\r') {
        fail(400, "bad_request", QStringLiteral("lines must end in CRLF"));
        return;
    }
    if (line.size() == 2) {
        if (m_lineStart == 0) {
            // RFC 9112 2.2: empty lines before a request line are ignored (some clients send
            // one after a body).
            m_head.clear();
            return;
        }
        parseHead();
        return;
    }
    m_lineStart = m_head.size();
    if (++m_lines > m_limits.maxHeaders + 1)
        fail(431, "headers_too_large", QStringLiteral("too many header fields"));
}

void HttpRequestParser::parseHead()
{
    QByteArrayView rest(m_head);
    rest.chop(2); // the blank line's CRLF; every line now ends in CRLF
    bool first = true;
    while (!rest.isEmpty()) {
        const qsizetype end = rest.indexOf("\r\n");
        const QByteArrayView line = rest.first(end);
        rest = rest.sliced(end + 2);
        if (first ? !parseRequestLine(line) : !parseField(line))
            return;
        first = false;
    }
    m_hasHead = true;

    int hosts = 0;
    bool hasLength = false;
    bool hasCoding = false;
    QByteArray length;
    QByteArray codings;
    for (const auto &[name, value] : std::as_const(m_request.headers)) {
        if (name == "host") {
            ++hosts;
        } else if (name == "transfer-encoding") {
            hasCoding = true;
            codings += (codings.isEmpty() ? "" : ",") + value;
        } else if (name == "content-length") {
            for (const QByteArray &item : value.split(',')) {
                const QByteArray v = trimmedOws(item).toByteArray();
                if (v.isEmpty() || !std::all_of(v.begin(), v.end(), isDigit)) {
                    fail(400, "bad_request", QStringLiteral("bad Content-Length"));
                    return;
                }
                if (hasLength && v != length) {
                    fail(400, "bad_request", QStringLiteral("conflicting Content-Length"));
                    return;
                }
                hasLength = true;
                length = v;
            }
        }
    }
    if (hosts > 1 || (hosts == 0 && m_request.minorVersion == 1)) {
        fail(400, "bad_request", QStringLiteral("an HTTP/1.1 request needs one Host header"));
        return;
    }
    if (hasCoding) {
        if (hasLength) {
            fail(400, "bad_request",
                 QStringLiteral("Content-Length and Transfer-Encoding together"));
            return;
        }
        if (m_request.minorVersion == 0) {
            fail(400, "bad_request", QStringLiteral("Transfer-Encoding in HTTP/1.0"));
            return;
        }
        if (trimmedOws(codings).compare("chunked", Qt::CaseInsensitive) != 0) {
            fail(501, "not_implemented",
                 QStringLiteral("the only transfer coding served is chunked"));
            return;
        }
        m_chunked = true;
        m_state = State::Body;
        return;
    }
    // Leading zeros are allowed; 18 digits cannot overflow a qint64.
    qsizetype zeros = 0;
    while (zeros < length.size() - 1 && length[zeros] == '0')
        ++zeros;
    const QByteArrayView value = QByteArrayView(length).sliced(zeros);
    if (value.size() > 18 || value.toLongLong() > m_limits.maxBodyBytes) {
        fail(413, "payload_too_large",
             QStringLiteral("request bodies are limited to %1 KiB")
                 .arg(m_limits.maxBodyBytes / 1024));
        return;
    }
    m_remaining = value.isEmpty() ? 0 : value.toLongLong();
    m_state = m_remaining > 0 ? State::Body : State::Complete;
}

bool HttpRequestParser::parseRequestLine(QByteArrayView line)
{
    const qsizetype space1 = line.indexOf(' ');
    const qsizetype space2 = space1 < 0 ? -1 : line.indexOf(' ', space1 + 1);
    if (space2 < 0 || line.indexOf(' ', space2 + 1) >= 0) {
        fail(400, "bad_request", QStringLiteral("malformed request line"));
        return false;
    }
    const QByteArrayView method = line.first(space1);
    QByteArrayView target = line.sliced(space1 + 1, space2 - space1 - 1);
    const QByteArrayView version = line.sliced(space2 + 1);
    if (!isToken(method) || target.isEmpty() || !isTargetText(target)) {
        fail(400, "bad_request", QStringLiteral("malformed request line"));
        return false;
    }
    if (version.size() != 8 || !version.startsWith("HTTP/") || !isDigit(version[5])
        || version[6] != '.' || !isDigit(version[7])) {
        fail(400, "bad_request", QStringLiteral("malformed HTTP version"));
        return false;
    }
    if (version[5] != '1' || (version[7] != '0' && version[7] != '1')) {
        fail(505, "version_not_supported", QStringLiteral("only HTTP/1.0 and HTTP/1.1 are served"));
        return false;
    }
    // Absolute form (RFC 9112 3.2.2): the authority is ours by definition; keep path and query.
    for (const char *scheme : {"http://", "https://"}) {
        if (target.size() > qsizetype(qstrlen(scheme))
            && target.first(qstrlen(scheme)).compare(scheme, Qt::CaseInsensitive) == 0) {
            target = target.sliced(qstrlen(scheme));
            qsizetype start = 0;
            while (start < target.size() && target[start] != '/' && target[start] != '?')
                ++start;
            const QByteArrayView rest = target.sliced(start);
            m_request.target =
                (rest.startsWith('/') ? QByteArray() : QByteArray("/")) + rest.toByteArray();
            break;
        }
    }
    if (m_request.target.isEmpty()) {
        const bool asterisk = target == "*" && method == "OPTIONS";
        if (!target.startsWith('/') && !asterisk) {
            fail(400, "bad_request", QStringLiteral("malformed request target"));
            return false;
        }
        m_request.target = target.toByteArray();
    }
    m_request.method = method.toByteArray();
    m_request.minorVersion = version[7] - '0';
    return true;
}

bool HttpRequestParser::parseField(QByteArrayView line)
{
    if (line.front() == ' ' || line.front() == '\t') {
        fail(400, "bad_request", QStringLiteral("folded header lines are not allowed"));
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    const QByteArrayView value = colon < 0 ? QByteArrayView() : trimmedOws(line.sliced(colon + 1));
    if (colon < 0 || !isToken(line.first(colon)) || !isFieldValue(value)) {
        fail(400, "bad_request", QStringLiteral("malformed header field"));
        return false;
    }
    m_request.headers.append({line.first(colon).toByteArray().toLower(), value.toByteArray()});
    return true;
}

qsizetype HttpRequestParser::feedBody(QByteArrayView bytes)
{
    const qsizetype take = std::min(m_remaining, bytes.size());
    m_request.body.append(bytes.first(take));
    m_remaining -= take;
    if (m_remaining == 0)
        m_state = State::Complete;
    return take;
}

qsizetype HttpRequestParser::takeLine(QByteArrayView bytes, QByteArray &line, qsizetype limit,
                                      bool *ended)
{
    const qsizetype newline = bytes.indexOf('\n');
    const qsizetype take = newline < 0 ? bytes.size() : newline + 1;
    *ended = newline >= 0;
    if (line.size() + take > limit)
        return -take;
    line.append(bytes.first(take));
    return take;
}

qsizetype HttpRequestParser::feedChunked(QByteArrayView bytes)
{
    qsizetype used = 0;
    while (used < bytes.size() && m_state == State::Body) {
        const QByteArrayView rest = bytes.sliced(used);
        switch (m_chunk) {
        case Chunk::Size:
        case Chunk::Trailer: {
            const bool trailer = m_chunk == Chunk::Trailer;
            bool ended = false;
            const qsizetype limit =
                trailer ? m_limits.maxHeadBytes - m_trailerBytes : kMaxChunkLineBytes;
            const qsizetype took = takeLine(rest, m_line, limit, &ended);
            if (took < 0) {
                if (trailer)
                    fail(431, "headers_too_large", QStringLiteral("the trailer is too large"));
                else
                    fail(400, "bad_request", QStringLiteral("chunk size line too long"));
                return used - took;
            }
            used += took;
            if (!ended)
                break;
            if (m_line.size() < 2 || m_line[m_line.size() - 2] != '\r') {
                fail(400, "bad_request", QStringLiteral("lines must end in CRLF"));
                return used;
            }
            m_line.chop(2);
            if (!trailer) {
                chunkSizeLine(m_line);
            } else if (m_line.isEmpty()) {
                m_state = State::Complete;
            } else if (m_line.front() == ' ' || m_line.front() == '\t'
                       || !isToken(QByteArrayView(m_line).first(
                           std::max<qsizetype>(0, m_line.indexOf(':'))))) {
                fail(400, "bad_request", QStringLiteral("malformed trailer field"));
            } else {
                // Trailer fields are read for framing and dropped: nothing here uses them.
                m_trailerBytes += m_line.size() + 2;
            }
            m_line = QByteArray();
            break;
        }
        case Chunk::Data: {
            const qsizetype take = std::min(m_remaining, rest.size());
            m_request.body.append(rest.first(take));
            m_remaining -= take;
            used += take;
            if (m_remaining == 0) {
                m_chunk = Chunk::DataEnd;
                m_remaining = 2;
            }
            break;
        }
        case Chunk::DataEnd:
            if (rest.front() != "\r\n"[2 - m_remaining]) {
                fail(400, "bad_request", QStringLiteral("chunk data must end in CRLF"));
                return used + 1;
            }
            ++used;
            if (--m_remaining == 0)
                m_chunk = Chunk::Size;
            break;
        }
    }
    return used;
}

void HttpRequestParser::chunkSizeLine(QByteArrayView line)
{
    qsizetype digits = 0;
    qint64 size = 0;
    while (digits < line.size() && hexValue(line[digits]) >= 0) {
        // Saturates above the limit: any size past it is refused alike.
        size = std::min<qint64>(size * 16 + hexValue(line[digits]), qint64(1) << 40);
        ++digits;
    }
    QByteArrayView extension = trimmedOws(line.sliced(digits));
    if (digits == 0 || (!extension.isEmpty() && extension.front() != ';')
        || !isFieldValue(extension)) {
        fail(400, "bad_request", QStringLiteral("malformed chunk size"));
        return;
    }
    if (m_request.body.size() + size > m_limits.maxBodyBytes) {
        fail(413, "payload_too_large",
             QStringLiteral("request bodies are limited to %1 KiB")
                 .arg(m_limits.maxBodyBytes / 1024));
        return;
    }
    if (size == 0) {
        m_chunk = Chunk::Trailer;
        return;
    }
    m_remaining = size;
    m_chunk = Chunk::Data;
}

} // namespace watchium::server
