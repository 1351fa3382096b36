#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace watchium::server {

// One tracked presence's meta, kept both as an object (presence_state, the other nodes) and as
// the compact JSON the presence_diff frames splice in: a report's meta is encoded once, when it
// comes, not again for the diff it joins in and the diff it leaves in. Pure.
struct PresenceMeta
{
    QJsonObject object; // includes phx_ref while tracking
    QByteArray json;
    QString ref; // its phx_ref, which tells it from every other

    static PresenceMeta of(const QJsonObject &object);
    bool isEmpty() const { return object.isEmpty(); }
};

} // namespace watchium::server
