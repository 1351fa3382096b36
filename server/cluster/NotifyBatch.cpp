#include "cluster/NotifyBatch.h"

#include "protocol/Codec.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace watchium::server::notify_batch {

namespace {

// A sequence number never needs more digits than this.
constexpr int kSequenceDigits = 20;

QByteArray head(const QString &node, qint64 sequence)
{
    return "{\"n\":\"" + node.toUtf8() + "\",\"s\":" + QByteArray::number(sequence);
}

} // namespace

QList<QByteArray> pack(const QString &node, qint64 *sequence, const QList<QByteArray> &envelopes,
                       int maxBytes)
{
    // What a payload holds besides its envelopes, with the longest sequence number: a payload
    // then never outgrows its budget when the number gains a digit.
    const qsizetype frame =
        head(node, 0).size() - 1 + kSequenceDigits + qsizetype(sizeof(",\"e\":[]}")) - 1;
    QList<QByteArray> payloads;
    QByteArray open;
    qsizetype inOpen = 0; // envelopes and commas
    auto close = [&] {
        if (open.isEmpty())
            return;
        open += "]}";
        payloads.append(open);
        open.clear();
        inOpen = 0;
    };
    for (const QByteArray &envelope : envelopes) {
        if (!open.isEmpty() && frame + inOpen + 1 + envelope.size() <= maxBytes) {
            open += ',';
            open += envelope;
            inOpen += 1 + envelope.size();
            continue;
        }
        close();
        open = head(node, (*sequence)++) + ",\"e\":[" + envelope;
        inOpen = envelope.size();
        // Alone and still too large: a payload of its own, which the caller spills.
        if (frame + inOpen > maxBytes)
            close();
    }
    close();
    return payloads;
}

QByteArray spillReference(const QString &node, qint64 sequence, qint64 rowId, const QString &to)
{
    QByteArray reference = head(node, sequence) + ",\"spill\":" + QByteArray::number(rowId);
    if (!to.isEmpty())
        reference += ",\"to\":" + protocol::Codec::jsonString(to);
    return reference + '}';
}

std::optional<Payload> unpack(const QByteArray &text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text);
    if (!document.isObject())
        return std::nullopt;
    const QJsonObject o = document.object();
    const QJsonValue node = o.value(QLatin1String("n"));
    const QJsonValue sequence = o.value(QLatin1String("s"));
    if (!node.isString() || node.toString().isEmpty() || !sequence.isDouble())
        return std::nullopt;
    Payload payload;
    payload.node = node.toString();
    payload.sequence = sequence.toInteger();
    const QJsonValue spill = o.value(QLatin1String("spill"));
    if (spill.isDouble()) {
        payload.spillRow = spill.toInteger(-1);
        const QJsonValue to = o.value(QLatin1String("to"));
        if (payload.spillRow < 0 || !(to.isUndefined() || to.isString()))
            return std::nullopt;
        payload.to = to.toString();
        return payload;
    }
    const QJsonValue envelopes = o.value(QLatin1String("e"));
    if (!envelopes.isArray())
        return std::nullopt;
    for (const QJsonValue &e : envelopes.toArray()) {
        if (!e.isObject())
            return std::nullopt;
        QJsonObject envelope = e.toObject();
        envelope.insert(QStringLiteral("n"), payload.node);
        payload.envelopes.append(envelope);
    }
    return payload;
}

} // namespace watchium::server::notify_batch
