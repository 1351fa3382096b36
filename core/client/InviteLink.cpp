#include "client/InviteLink.h"

#include <QRegularExpression>
#include <QUrlQuery>

namespace watchium {

namespace {

const QString kScheme = QStringLiteral("watchium");

bool isRoomId(const QString &id)
{
    // Room ids are UUIDs on the server, but keep it loose: anything URL-safe and short.
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-]{1,64}$"));
    return pattern.match(id).hasMatch();
}

} // namespace

std::optional<InviteLink> InviteLink::parse(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.scheme().compare(kScheme, Qt::CaseInsensitive) != 0)
        return std::nullopt;
    if (url.host().isEmpty() || url.port() <= 0)
        return std::nullopt;
    // An IPv6 zone id (`[fe80::1%eth0]`) names an interface of the inviter's computer, which
    // means nothing on the invited one; and QUrl writes a non-ASCII one back as other text.
    if (url.host().contains(QLatin1Char('%')))
        return std::nullopt;
    QString path = url.path();
    if (path.startsWith(QLatin1Char('/')))
        path.remove(0, 1);
    if (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    if (!isRoomId(path))
        return std::nullopt;
    const QUrlQuery query(url);
    InviteLink link;
    link.host = url.host();
    link.port = quint16(url.port());
    link.roomId = path;
    link.accessKey = query.queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded);
    link.secure = query.queryItemValue(QStringLiteral("tls")) == QLatin1String("1");
    if (query.hasQueryItem(QStringLiteral("fp"))) {
        // A pin that does not read is refused whole: joining without it would trust another
        // certificate than the one the host meant.
        link.pin = CertificatePin::fromText(query.queryItemValue(QStringLiteral("fp")));
        if (link.pin.isNull())
            return std::nullopt;
        link.secure = true;
    }
    return link;
}

QString InviteLink::toString() const
{
    QUrl url;
    url.setScheme(kScheme);
    url.setHost(host);
    url.setPort(port);
    url.setPath(QLatin1Char('/') + roomId);
    QUrlQuery query;
    if (!accessKey.isEmpty())
        query.addQueryItem(QStringLiteral("key"),
                           QString::fromLatin1(QUrl::toPercentEncoding(accessKey)));
    if (secure || !pin.isNull())
        query.addQueryItem(QStringLiteral("tls"), QStringLiteral("1"));
    if (!pin.isNull())
        query.addQueryItem(QStringLiteral("fp"), pin.toText());
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded);
}

QUrl InviteLink::serverUrl() const
{
    QUrl url;
    url.setScheme(secure || !pin.isNull() ? QStringLiteral("https") : QStringLiteral("http"));
    url.setHost(host);
    url.setPort(port);
    return url;
}

InviteLink InviteLink::forRoom(const QUrl &server, const QString &roomId, const QString &key,
                               const CertificatePin &pin)
{
    InviteLink link;
    link.pin = pin;
    link.secure = server.scheme() == QLatin1String("https");
    link.host = server.host();
    link.port = quint16(server.port(link.secure ? 443 : 80));
    link.roomId = roomId;
    link.accessKey = key;
    return link;
}

} // namespace watchium
