#include "realtime/SocketRequest.h"

#include "protocol/Codec.h"
#include "protocol/Paths.h"

#include <QUrl>
#include <QUrlQuery>

namespace watchium::server {

SocketRequest SocketRequest::check(const QByteArray &target, const QString &anonKey)
{
    const QUrl url(QStringLiteral("http://localhost") + QString::fromUtf8(target));
    const QUrlQuery query(url);
    SocketRequest request;
    QString path = url.path();
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    const auto vsn = protocol::Codec::parseVsn(query.queryItemValue(QStringLiteral("vsn")));
    if (path != protocol::paths::kRealtimeSocket)
        request.refusal = QStringLiteral("no WebSocket endpoint at %1").arg(url.path().left(64));
    else if (!vsn)
        request.refusal = QStringLiteral("unsupported serializer vsn; use 1.0.0 or 2.0.0");
    else if (!anonKey.isEmpty() && query.queryItemValue(QStringLiteral("apikey")) != anonKey)
        request.refusal = QStringLiteral("invalid apikey");
    else
        request.vsn = vsn;
    return request;
}

} // namespace watchium::server
