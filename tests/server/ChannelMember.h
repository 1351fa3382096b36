#pragma once

#include "RoomFixture.h"
#include "TestServer.h"
#include "WsClient.h"

#include <QJsonObject>

#include <functional>
#include <optional>

namespace watchium::test {

// A member on a raw socket: what a Watchium client sends, frame by frame.
struct ChannelMember
{
    WsClient ws;
    RoomFixture room;
    qsizetype seen = 0; // received frames next() has looked past

    bool join(const TestServer &server, const QString &token)
    {
        return ws.open(server.wsUrl())
            && ws.join(room.topic(), RoomFixture::joinConfig(), token)
                   .value(QLatin1String("status"))
            == QLatin1String("ok");
    }
    // `state` empty: a client that reports no player status (supabase-js).
    bool report(const QString &state, double position, double duration = 0,
                const QString &error = {})
    {
        QJsonObject meta {{QStringLiteral("current_time"), position},
                          {QStringLiteral("is_playing"), false}};
        if (!state.isEmpty())
            meta.insert(QStringLiteral("player_state"), state);
        if (duration > 0)
            meta.insert(QStringLiteral("duration"), duration);
        if (!error.isEmpty())
            meta.insert(QStringLiteral("player_error"), error);
        return ok(ws.request(room.topic(), QStringLiteral("presence"),
                             {{QStringLiteral("type"), QStringLiteral("presence")},
                              {QStringLiteral("event"), QStringLiteral("track")},
                              {QStringLiteral("payload"), meta}}));
    }
    QJsonObject control(const QJsonObject &body)
    {
        return ws.request(room.topic(), QStringLiteral("sync_control"), body);
    }
    // The next broadcast `event` whose payload satisfies `test`, after the last one found.
    std::optional<QJsonObject> next(const QString &event, int timeoutMs,
                                    const std::function<bool(const QJsonObject &)> &test = {})
    {
        // waitFor looks at each received frame once, in order: counting the looks gives the
        // frame's index.
        qsizetype index = -1;
        const auto m = ws.waitFor(
            [&](const protocol::Message &m) {
                if (++index < seen || m.event != QLatin1String("broadcast")
                    || m.payload.value(QLatin1String("event")).toString() != event)
                    return false;
                return !test || test(m.payload.value(QLatin1String("payload")).toObject());
            },
            timeoutMs);
        if (!m)
            return std::nullopt;
        seen = index + 1;
        return m->payload.value(QLatin1String("payload")).toObject();
    }
    static bool ok(const QJsonObject &reply)
    {
        return reply.value(QLatin1String("status")) == QLatin1String("ok");
    }
};

} // namespace watchium::test
