#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace watchium::server::notify_batch {

// The envelopes a node sends in one go travel as few NOTIFY payloads as fit: each payload is
// {"n": node, "s": sequence, "e": [envelope, ...]}, or {"n", "s", "spill": row id} naming a
// payload that went through a table row. Every payload has its own sequence number, so two equal
// batches in one transaction are not merged by PostgreSQL (it delivers identical payloads of one
// transaction once).

// Packs `envelopes` (each a compact JSON object) in order into payloads of at most `maxBytes`,
// numbered from `*sequence` on (which is advanced). An envelope that does not fit a payload of
// its own still gets one, larger than `maxBytes`: the caller sends that through a row.
QList<QByteArray> pack(const QString &node, qint64 *sequence, const QList<QByteArray> &envelopes,
                       int maxBytes);

// The payload that names spilled row `rowId`; `to`: the one node its envelopes are for, when
// they are all for one (the others then need not read the row).
QByteArray spillReference(const QString &node, qint64 sequence, qint64 rowId,
                          const QString &to = {});

struct Payload
{
    QString node;
    qint64 sequence = 0;
    qint64 spillRow = -1; // >= 0: the envelopes are in this row
    QString to; // with a spill row: the only node its envelopes are for (empty: any)
    QList<QJsonObject> envelopes; // each with "n" set to the sender
};

// Reads a payload back; nullopt for anything that is not one.
std::optional<Payload> unpack(const QByteArray &payload);

} // namespace watchium::server::notify_batch
