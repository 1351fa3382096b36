#include "protocol/Codec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonValue>

namespace watchium::protocol {

namespace {

constexpr quint8 kUserBroadcastPush = 3;
constexpr quint8 kUserBroadcast = 4;
constexpr quint8 kRawEncoding = 0;
constexpr quint8 kJsonEncoding = 1;

Codec::DecodeResult failure(const QString &error)
{
    return {std::nullopt, error};
}

// Refs are decimal strings in realtime-js, but a hostile or older client may
// send numbers; keep them as text so they are echoed verbatim.
std::optional<QString> refFromJson(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined())
        return QString();
    if (value.isString())
        return value.toString().isNull() ? QString(QLatin1String("")) : value.toString();
    if (value.isDouble())
        return QString::number(value.toInteger());
    return std::nullopt;
}

Codec::DecodeResult fromParts(const QJsonValue &joinRef, const QJsonValue &ref,
                              const QJsonValue &topic, const QJsonValue &event,
                              const QJsonValue &payload)
{
    const auto joinRefText = refFromJson(joinRef);
    const auto refText = refFromJson(ref);
    if (!joinRefText || !refText)
        return failure(QStringLiteral("ref and join_ref must be strings or null"));
    if (!topic.isString() || topic.toString().isEmpty())
        return failure(QStringLiteral("topic must be a non-empty string"));
    if (!event.isString() || event.toString().isEmpty())
        return failure(QStringLiteral("event must be a non-empty string"));
    if (!payload.isObject() && !payload.isNull() && !payload.isUndefined())
        return failure(QStringLiteral("payload must be an object"));
    Message message;
    message.joinRef = *joinRefText;
    message.ref = *refText;
    message.topic = topic.toString();
    message.event = event.toString();
    message.payload = payload.toObject();
    return {message, {}};
}

} // namespace

std::optional<Vsn> Codec::parseVsn(const QString &value)
{
    if (value.isEmpty() || value == QLatin1String("1.0.0"))
        return Vsn::V1;
    if (value == QLatin1String("2.0.0"))
        return Vsn::V2;
    return std::nullopt;
}

Codec::DecodeResult Codec::decodeText(const QByteArray &frame, Vsn vsn)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(frame, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return failure(QStringLiteral("invalid JSON: %1").arg(parseError.errorString()));

    if (vsn == Vsn::V1) {
        if (!doc.isObject())
            return failure(QStringLiteral("vsn 1.0.0 frames are JSON objects"));
        const QJsonObject o = doc.object();
        return fromParts(o.value(QLatin1String("join_ref")), o.value(QLatin1String("ref")),
                         o.value(QLatin1String("topic")), o.value(QLatin1String("event")),
                         o.value(QLatin1String("payload")));
    }
    if (!doc.isArray() || doc.array().size() != 5)
        return failure(QStringLiteral("vsn 2.0.0 frames are 5-element JSON arrays"));
    const QJsonArray a = doc.array();
    return fromParts(a.at(0), a.at(1), a.at(2), a.at(3), a.at(4));
}

Codec::DecodeResult Codec::decodeBinary(const QByteArray &frame)
{
    constexpr int headerSize = 7;
    if (frame.size() < headerSize)
        return failure(QStringLiteral("binary frame too short"));
    const auto *bytes = reinterpret_cast<const quint8 *>(frame.constData());
    if (bytes[0] != kUserBroadcastPush)
        return failure(QStringLiteral("unsupported binary frame kind %1").arg(bytes[0]));
    const int joinRefSize = bytes[1];
    const int refSize = bytes[2];
    const int topicSize = bytes[3];
    const int eventSize = bytes[4];
    const int metadataSize = bytes[5];
    const quint8 encoding = bytes[6];
    const qsizetype stringsEnd =
        headerSize + joinRefSize + refSize + topicSize + eventSize + metadataSize;
    if (frame.size() < stringsEnd)
        return failure(QStringLiteral("binary frame shorter than its header says"));
    if (encoding != kRawEncoding && encoding != kJsonEncoding)
        return failure(QStringLiteral("unknown payload encoding %1").arg(encoding));

    qsizetype offset = headerSize;
    // realtime-js writes these strings one UTF-16 unit per byte.
    auto take = [&](int size) {
        const QString s = QString::fromLatin1(frame.constData() + offset, size);
        offset += size;
        return s;
    };
    Message message;
    message.joinRef = take(joinRefSize);
    message.ref = take(refSize);
    message.topic = take(topicSize);
    const QString userEvent = take(eventSize);
    const QString metadata = take(metadataSize);
    message.event = QStringLiteral("broadcast");
    if (message.topic.isEmpty() || userEvent.isEmpty())
        return failure(QStringLiteral("binary broadcast needs a topic and an event"));

    QJsonObject broadcast {{QStringLiteral("type"), QStringLiteral("broadcast")},
                           {QStringLiteral("event"), userEvent}};
    if (!metadata.isEmpty()) {
        const QJsonDocument meta = QJsonDocument::fromJson(metadata.toUtf8());
        if (!meta.isObject())
            return failure(QStringLiteral("broadcast metadata must be a JSON object"));
        broadcast.insert(QStringLiteral("meta"), meta.object());
    }
    const QByteArray body = frame.mid(offset);
    if (encoding == kJsonEncoding) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
        if (parseError.error != QJsonParseError::NoError || !doc.isObject())
            return failure(QStringLiteral("broadcast payload must be a JSON object"));
        broadcast.insert(QStringLiteral("payload"), doc.object());
    } else {
        message.binaryPayload = body;
        message.hasBinaryPayload = true;
    }
    message.payload = broadcast;
    return {message, {}};
}

QByteArray Codec::encodeText(const Message &message, Vsn vsn)
{
    return encodeText(message, QJsonDocument(message.payload).toJson(QJsonDocument::Compact), vsn);
}

QByteArray Codec::encodeText(const Message &message, QByteArrayView payloadJson, Vsn vsn)
{
    // Written out directly, for every frame: the envelope is four strings, and a frame that
    // carries an encoded payload (a presence diff, an answer) should not pay for a JSON
    // document of its own.
    auto ref = [](const QString &r) {
        return r.isNull() ? QByteArrayLiteral("null") : jsonString(r);
    };
    QByteArray frame;
    frame.reserve(payloadJson.size() + 2 * message.topic.size() + 64);
    if (vsn == Vsn::V1) {
        frame.append("{\"event\":").append(jsonString(message.event));
        frame.append(",\"payload\":").append(payloadJson);
        frame.append(",\"ref\":").append(ref(message.ref));
        frame.append(",\"topic\":").append(jsonString(message.topic));
        if (!message.joinRef.isNull())
            frame.append(",\"join_ref\":").append(jsonString(message.joinRef));
        frame.append('}');
        return frame;
    }
    frame.append('[').append(ref(message.joinRef));
    frame.append(',').append(ref(message.ref));
    frame.append(',').append(jsonString(message.topic));
    frame.append(',').append(jsonString(message.event));
    frame.append(',').append(payloadJson).append(']');
    return frame;
}

QByteArray Codec::jsonString(const QString &text)
{
    static const char hex[] = "0123456789abcdef";
    const auto escapeUnit = [](QByteArray &out, char16_t unit) {
        out.append("\\u")
            .append(hex[(unit >> 12) & 0xf])
            .append(hex[(unit >> 8) & 0xf])
            .append(hex[(unit >> 4) & 0xf])
            .append(hex[unit & 0xf]);
    };
    QByteArray out;
    out.reserve(text.size() + text.size() / 2 + 2);
    out.append('"');
    // constData(), not utf16(): that one copies a literal's text to terminate it.
    const char16_t *unit = reinterpret_cast<const char16_t *>(text.constData());
    const char16_t *const end = unit + text.size();
    for (; unit != end; ++unit) {
        const char16_t ch = *unit;
        if (ch < 0x80) {
            switch (ch) {
            case u'"':
                out.append("\\\"");
                break;
            case u'\\':
                out.append("\\\\");
                break;
            case u'\b':
                out.append("\\b");
                break;
            case u'\f':
                out.append("\\f");
                break;
            case u'\n':
                out.append("\\n");
                break;
            case u'\r':
                out.append("\\r");
                break;
            case u'\t':
                out.append("\\t");
                break;
            default:
                if (ch < 0x20)
                    escapeUnit(out, ch);
                else
                    out.append(char(ch));
            }
        } else if (QChar::isHighSurrogate(ch) && unit + 1 != end
                   && QChar::isLowSurrogate(unit[1])) {
            const char32_t code = QChar::surrogateToUcs4(ch, unit[1]);
            out.append(char(0xf0 | (code >> 18)))
                .append(char(0x80 | ((code >> 12) & 0x3f)))
                .append(char(0x80 | ((code >> 6) & 0x3f)))
                .append(char(0x80 | (code & 0x3f)));
            ++unit;
        } else if (QChar::isSurrogate(ch)) {
            // Not a character on its own: escaped as Qt's encoder does, so the text a parser
            // reads back is the text we were given, whichever of the two wrote it.
            escapeUnit(out, ch);
        } else {
            // UTF-8 passes as it is, as JSON allows.
            if (ch < 0x800)
                out.append(char(0xc0 | (ch >> 6))).append(char(0x80 | (ch & 0x3f)));
            else
                out.append(char(0xe0 | (ch >> 12)))
                    .append(char(0x80 | ((ch >> 6) & 0x3f)))
                    .append(char(0x80 | (ch & 0x3f)));
        }
    }
    out.append('"');
    return out;
}

QByteArray Codec::encodeUserBroadcast(const QString &topic, const QString &event,
                                      const QByteArray &payload, bool jsonEncoded)
{
    const QByteArray topicBytes = topic.toLatin1().left(255);
    const QByteArray eventBytes = event.toLatin1().left(255);
    QByteArray frame;
    frame.reserve(5 + topicBytes.size() + eventBytes.size() + payload.size());
    frame.append(char(kUserBroadcast));
    frame.append(char(topicBytes.size()));
    frame.append(char(eventBytes.size()));
    frame.append(char(0)); // no metadata
    frame.append(char(jsonEncoded ? kJsonEncoding : kRawEncoding));
    frame.append(topicBytes);
    frame.append(eventBytes);
    frame.append(payload);
    return frame;
}

} // namespace watchium::protocol
