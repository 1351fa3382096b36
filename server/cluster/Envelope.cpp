#include "cluster/Envelope.h"

namespace watchium::server::envelope {

namespace {

const QLatin1String kKind("k");

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::RoomBroadcast:
        return QStringLiteral("b");
    case Kind::TableChange:
        return QStringLiteral("t");
    case Kind::RoomClosed:
        return QStringLiteral("x");
    case Kind::MemberRemoved:
        return QStringLiteral("rm");
    case Kind::MemberOnline:
        return QStringLiteral("o");
    case Kind::Message:
        return QStringLiteral("m");
    case Kind::Binary:
        return QStringLiteral("bin");
    case Kind::Presence:
        return QStringLiteral("p");
    case Kind::Hello:
        return QStringLiteral("hello");
    case Kind::Snapshot:
        return QStringLiteral("snap");
    }
    return {};
}

std::optional<Kind> kindFrom(const QString &name)
{
    for (Kind k : {Kind::RoomBroadcast, Kind::TableChange, Kind::RoomClosed, Kind::MemberRemoved,
                   Kind::MemberOnline, Kind::Message, Kind::Binary, Kind::Presence, Kind::Hello,
                   Kind::Snapshot}) {
        if (kindName(k) == name)
            return k;
    }
    return std::nullopt;
}

QJsonObject make(Kind kind, QJsonObject fields)
{
    fields.insert(kKind, kindName(kind));
    return fields;
}

QString changeName(RoomEvents::ChangeType type)
{
    switch (type) {
    case RoomEvents::ChangeType::Insert:
        return QStringLiteral("I");
    case RoomEvents::ChangeType::Update:
        return QStringLiteral("U");
    case RoomEvents::ChangeType::Delete:
        return QStringLiteral("D");
    }
    return {};
}

std::optional<RoomEvents::ChangeType> changeFrom(const QString &name)
{
    if (name == QLatin1String("I"))
        return RoomEvents::ChangeType::Insert;
    if (name == QLatin1String("U"))
        return RoomEvents::ChangeType::Update;
    if (name == QLatin1String("D"))
        return RoomEvents::ChangeType::Delete;
    return std::nullopt;
}

QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

} // namespace

QJsonObject roomBroadcast(const QString &roomId, const QString &event, const QJsonObject &payload)
{
    return make(Kind::RoomBroadcast,
                {{QStringLiteral("r"), roomId},
                 {QStringLiteral("e"), event},
                 {QStringLiteral("p"), payload}});
}

QJsonObject tableChange(const QString &table, RoomEvents::ChangeType type, const TableRow &row,
                        const TableRow &oldRow)
{
    // The columns describe whichever row the change carries; they are the same for both.
    const QJsonArray &columns = row.columns.isEmpty() ? oldRow.columns : row.columns;
    return make(Kind::TableChange,
                {{QStringLiteral("tb"), table},
                 {QStringLiteral("ty"), changeName(type)},
                 {QStringLiteral("row"), row.record},
                 {QStringLiteral("old"), oldRow.record},
                 {QStringLiteral("cols"), columns}});
}

QJsonObject roomClosed(const QString &roomId)
{
    return make(Kind::RoomClosed, {{QStringLiteral("r"), roomId}});
}

QJsonObject memberRemoved(const QString &roomId, const QString &userId)
{
    return make(Kind::MemberRemoved,
                {{QStringLiteral("r"), roomId}, {QStringLiteral("u"), userId}});
}

QJsonObject memberOnline(const QString &roomId, const QString &userId, bool online)
{
    return make(Kind::MemberOnline,
                {{QStringLiteral("r"), roomId},
                 {QStringLiteral("u"), userId},
                 {QStringLiteral("on"), online}});
}

QJsonObject message(const protocol::Message &message)
{
    return make(Kind::Message,
                {{QStringLiteral("tp"), message.topic},
                 {QStringLiteral("e"), message.event},
                 {QStringLiteral("p"), message.payload}});
}

QJsonObject binary(const QString &topic, const QString &event, const QByteArray &payload)
{
    return make(Kind::Binary,
                {{QStringLiteral("tp"), topic},
                 {QStringLiteral("e"), event},
                 {QStringLiteral("d"), QString::fromLatin1(payload.toBase64())}});
}

QJsonObject presenceDiff(const QString &topic, const QString &key, const QJsonObject &joined,
                         const QJsonObject &left)
{
    QJsonObject diff {{QStringLiteral("tp"), topic}, {QStringLiteral("key"), key}};
    if (!joined.isEmpty())
        diff.insert(QStringLiteral("j"), joined);
    if (!left.isEmpty())
        diff.insert(QStringLiteral("l"), left);
    return diff;
}

QJsonObject presence(const QJsonArray &diffs)
{
    return make(Kind::Presence, {{QStringLiteral("d"), diffs}});
}

QJsonObject hello(bool again, const QString &to)
{
    QJsonObject fields;
    if (again)
        fields.insert(QStringLiteral("again"), true);
    if (!to.isEmpty())
        fields.insert(QStringLiteral("to"), to);
    return make(Kind::Hello, fields);
}

QJsonObject snapshot(const QString &to, const QJsonObject &presence, const QJsonObject &online)
{
    return make(Kind::Snapshot,
                {{QStringLiteral("to"), to},
                 {QStringLiteral("pr"), presence},
                 {QStringLiteral("on"), online}});
}

std::optional<Decoded> decode(const QJsonObject &o)
{
    const auto kind = kindFrom(text(o, "k"));
    Decoded d;
    d.node = text(o, "n");
    if (!kind || d.node.isEmpty())
        return std::nullopt;
    d.kind = *kind;
    d.roomId = text(o, "r");
    d.userId = text(o, "u");
    d.event = text(o, "e");
    const bool needsRoom = d.kind == Kind::RoomBroadcast || d.kind == Kind::RoomClosed
        || d.kind == Kind::MemberRemoved || d.kind == Kind::MemberOnline;
    if (needsRoom && d.roomId.isEmpty())
        return std::nullopt;
    switch (d.kind) {
    case Kind::RoomBroadcast:
        if (d.event.isEmpty() || !o.value(QLatin1String("p")).isObject())
            return std::nullopt;
        d.payload = o.value(QLatin1String("p")).toObject();
        break;
    case Kind::TableChange: {
        d.table = text(o, "tb");
        const auto type = changeFrom(text(o, "ty"));
        if (d.table.isEmpty() || !type)
            return std::nullopt;
        d.changeType = *type;
        const QJsonArray columns = o.value(QLatin1String("cols")).toArray();
        d.row = {o.value(QLatin1String("row")).toObject(), columns};
        d.oldRow = {o.value(QLatin1String("old")).toObject(), columns};
        const TableRow &carried = *type == RoomEvents::ChangeType::Delete ? d.oldRow : d.row;
        if (carried.record.isEmpty())
            return std::nullopt;
        break;
    }
    case Kind::MemberRemoved:
        if (d.userId.isEmpty())
            return std::nullopt;
        break;
    case Kind::MemberOnline:
        if (d.userId.isEmpty() || !o.value(QLatin1String("on")).isBool())
            return std::nullopt;
        d.online = o.value(QLatin1String("on")).toBool();
        break;
    case Kind::Message:
    case Kind::Binary:
        d.message.topic = text(o, "tp");
        d.message.event = d.event;
        if (!d.message.topic.startsWith(QLatin1String("realtime:")) || d.event.isEmpty())
            return std::nullopt;
        if (d.kind == Kind::Binary) {
            const auto bytes = QByteArray::fromBase64Encoding(
                text(o, "d").toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
            if (!bytes)
                return std::nullopt;
            d.message.binaryPayload = *bytes;
            d.message.hasBinaryPayload = true;
        } else {
            d.message.payload = o.value(QLatin1String("p")).toObject();
        }
        break;
    case Kind::Presence:
        for (const QJsonValue &value : o.value(QLatin1String("d")).toArray()) {
            const QJsonObject diff = value.toObject();
            PresenceDiff p {text(diff, "tp"), text(diff, "key"),
                            diff.value(QLatin1String("j")).toObject(),
                            diff.value(QLatin1String("l")).toObject()};
            if (p.topic.isEmpty() || p.key.isEmpty() || (p.joined.isEmpty() && p.left.isEmpty()))
                return std::nullopt;
            d.diffs.append(p);
        }
        if (d.diffs.isEmpty())
            return std::nullopt;
        break;
    case Kind::Snapshot:
        d.to = text(o, "to");
        d.presence = o.value(QLatin1String("pr")).toObject();
        d.onlineMembers = o.value(QLatin1String("on")).toObject();
        if (d.to.isEmpty())
            return std::nullopt;
        break;
    case Kind::Hello:
        d.online = o.value(QLatin1String("again")).toBool();
        d.to = o.value(QLatin1String("to")).toString();
        break;
    case Kind::RoomClosed:
        break;
    }
    return d;
}

} // namespace watchium::server::envelope
